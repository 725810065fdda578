//! The default of every optional scenario key, named once: validation fills omitted
//! keys from these, `staffmix schema` states them, and a test holds
//! docs/scenario.md to them.

use jiff::civil::DateTime;

use super::units::{DistKind, Duration, TimeOfDay, Weekdays};
use crate::model::DAY_S;

// Top level and simulated time.

/// `start`: Monday 5 January 2026, 00:00.
pub const START: DateTime = jiff::civil::date(2026, 1, 5).at(0, 0, 0, 0);
/// `warmup`: none.
pub const WARMUP: Duration = Duration(0.0);
/// `drain`: one day.
pub const DRAIN: Duration = Duration(DAY_S);
/// `interval`: half an hour.
pub const INTERVAL: Duration = Duration(1800.0);
/// `seed`.
pub const SEED: u64 = 1;
/// `replications`.
pub const REPLICATIONS: u32 = 100;
/// `baseline`: the base scenario, which is the plan of this name.
pub const BASELINE: &str = "base";

// [demand]

/// `forecast_error` (of `[demand]`, and of a channel that sets none there either).
pub const FORECAST_ERROR: f64 = 0.0;
/// `weekly`: flat, every weekday alike.
pub const WEEKLY: [f64; 7] = [1.0; 7];
/// `intraday`: the name of the built-in flat shape.
pub const INTRADAY: &str = "flat";
/// `churn_if_dissatisfied`: of the 25 unhappy customers a day at CSAT 75 % and 100
/// tickets, about 13 leave.
pub const CHURN_IF_DISSATISFIED: f64 = 0.52;
/// `customer_value`.
pub const CUSTOMER_VALUE: f64 = 0.0;

// [channels.NAME]

/// `concurrency`: one contact per agent at a time.
pub const CONCURRENCY: u32 = 1;
/// `slowdown`.
pub const SLOWDOWN: f64 = 0.0;
/// `priority`.
pub const PRIORITY: i32 = 0;
/// `service_level.within` of a channel without `service_level`.
pub const SERVICE_LEVEL_WITHIN: Duration = Duration(20.0);
/// `dist` of a distribution.
pub const DIST: DistKind = DistKind::Exponential;
/// `satisfaction.half_life`: this many times the service-level threshold ...
pub const HALF_LIFE_FACTOR: f64 = 5.0;
/// ... but at least this long.
pub const HALF_LIFE_MIN: Duration = Duration(60.0);
/// `satisfaction.floor`.
pub const SATISFACTION_FLOOR: f64 = 0.0;
/// `satisfaction.baseline`: the channel does not lower satisfaction by itself.
pub const SATISFACTION_BASELINE: f64 = 1.0;
/// `satisfaction.unresolved`: an unresolved contact halves satisfaction.
pub const SATISFACTION_UNRESOLVED: f64 = 0.5;
/// `hours`: always open.
pub const HOURS: &str = "24/7";

// [teams.NAME]

/// `shrinkage`.
pub const SHRINKAGE: f64 = 0.0;
/// `quality`: satisfaction then measures waiting and resolution only.
pub const QUALITY: f64 = 1.0;
/// `resolution`: every contact resolved at first contact.
pub const RESOLUTION: f64 = 1.0;
/// `attrition`.
pub const ATTRITION: f64 = 0.0;
/// `hiring_lag`.
pub const HIRING_LAG: Duration = Duration(0.0);
/// `training`.
pub const TRAINING: Duration = Duration(0.0);
/// `ramp`.
pub const RAMP: Duration = Duration(0.0);
/// `new_hire_proficiency`.
pub const NEW_HIRE_PROFICIENCY: f64 = 1.0;
/// `new_hire_quality`.
pub const NEW_HIRE_QUALITY: f64 = 1.0;
/// `new_hire_share`.
pub const NEW_HIRE_SHARE: f64 = 0.0;
/// `hiring_cost` (in-house) and `onboarding_fee` (outsourced).
pub const HIRE_COST: f64 = 0.0;
/// `overhead`.
pub const OVERHEAD: f64 = 0.0;
/// `night_premium`.
pub const NIGHT_PREMIUM: f64 = 0.0;
/// `night`: 22:00 to 06:00.
pub const NIGHT: (TimeOfDay, TimeOfDay) = (TimeOfDay(22 * 3600), TimeOfDay(6 * 3600));
/// `price.monthly_minimum`.
pub const MONTHLY_MINIMUM: f64 = 0.0;
/// `overload.threshold`.
pub const OVERLOAD_THRESHOLD: f64 = 0.9;
/// `overload.factor`.
pub const OVERLOAD_FACTOR: f64 = 0.9;
/// `overload.window`.
pub const OVERLOAD_WINDOW: Duration = Duration(3600.0);
/// `days` of opening hours and shifts: every day.
pub const DAYS: Weekdays = Weekdays::ALL;
/// The headcount outside all headcount periods when no entry gives it.
pub const AGENTS_OUTSIDE_PERIODS: u32 = 0;

// [routing] and [targets]

/// `after` of a routing step: eligible at once.
pub const ROUTE_AFTER: Duration = Duration(0.0);
/// `targets.confidence`.
pub const CONFIDENCE: f64 = 0.9;
/// `targets.service_level`: channels' own service-level targets count.
pub const TARGETS_SERVICE_LEVEL: bool = true;
