//! One replication of the discrete-event simulation, single-threaded and free of I/O.
//!
//! The modules, by job:
//!
//! - `tables`: the runtime tables (contacts, agents, seats, channels, teams,
//!   escalation lanes) built from the model;
//! - `sim`: the event loop — the replication's state, dispatch in time order, the stop;
//! - `contact`: a contact's life — arrival, service, departure, abandonment,
//!   escalation, repeats — with its random draws;
//! - `routing`: the routing policy, in one place — who takes a contact, when
//!   overflow routes open, what a freed agent takes;
//! - `staff`: seats and duty — rosters, attrition, hiring, training, shrinkage;
//! - `meter`: measurement, the only code that writes the tallies (with `level` for
//!   the time integrals);
//! - `queue`: the future-event list; `time`: [`SimTime`]; `observer`: per-event hooks;
//! - `footprint`: the bytes a replication's live state takes, for the memory estimate;
//! - `check` (debug builds only): invariants checked after every event;
//! - `bench_support` (hidden, not a stable API): the event queue lent to the benches.

#[doc(hidden)]
pub mod bench_support;
#[cfg(debug_assertions)]
mod check;
mod contact;
mod footprint;
mod level;
mod meter;
mod observer;
mod queue;
mod routing;
mod sim;
mod staff;
mod tables;
mod time;

pub use footprint::{Footprint, footprint};
pub use observer::Observer;
pub use queue::PastEvent;
pub use sim::{MAX_WAITING, simulate};
pub use time::SimTime;
