//! The validated, immutable domain model the engine runs on.
//!
//! Built only by [`crate::scenario`] from a scenario file, so every value here has
//! been range-checked and every cross-reference resolved to an index: the engine
//! never sees names, strings or invalid states.

mod ceiling;
mod centre;
mod channel;
pub mod cost;
mod dist;
mod hours;
mod pay;
mod reach;
mod study;
mod team;
mod time;

pub use ceiling::{channel_csat_ceiling, csat_ceiling, scope_csat_ceiling};
pub use centre::{Churn, Model, StaffingWarning};
pub use channel::{Channel, RatePiece, Repeat, Route, Satisfaction};
pub use cost::{CostBreakdown, PaidTime};
pub use dist::{Dist, DistError, MAX_CV, MIN_CV, Num};
pub use hours::{Hours, OpenPeriod, WhenClosed};
pub use pay::{Pay, Supervisors, VendorManagement, Wage};
pub use reach::{Limit, Unreachable, lost_share, unreachable};
pub use study::{Bound, Plan, Scope, Study, Target, Targets};
pub use team::{Escalation, Overload, StaffStep, Team, TeamKind, Workforce};
pub use time::{DAY_S, YEAR_S};
