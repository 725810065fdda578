//! The validated, immutable domain model the engine runs on.
//!
//! Built only by [`crate::scenario`] from a scenario file, so every value here has
//! been range-checked and every cross-reference resolved to an index: the engine
//! never sees names, strings or invalid states.

pub mod cost;
mod dist;
mod study;

pub use cost::{CostBreakdown, Pay, Supervisors, Wage};
pub use dist::{Dist, DistError};
pub use study::{Bound, Plan, Scope, Study, Target, Targets};

use jiff::civil::DateTime;

/// Seconds in a day.
pub const DAY_S: f64 = 86_400.0;

/// A fully validated scenario.
#[derive(Debug, Clone)]
pub struct Model {
    /// Scenario name shown in reports.
    pub name: String,
    /// Calendar time of simulated second 0 (local time of the support centre).
    pub start: DateTime,
    /// Arrivals stop at this time (seconds from start).
    pub horizon_s: f64,
    /// Contacts arriving before this time are excluded from statistics.
    pub warmup_s: f64,
    /// Time after the horizon during which contacts in the system are finished.
    pub drain_s: f64,
    /// Length of a reporting interval in seconds.
    pub interval_s: f64,
    /// Default master seed.
    pub seed: u64,
    /// Default number of replications.
    pub replications: u32,
    /// Channels in declaration order.
    pub channels: Vec<Channel>,
    /// Teams in declaration order.
    pub teams: Vec<Team>,
    /// What dissatisfied customers cost.
    pub churn: Churn,
}

impl Model {
    /// Number of reporting intervals covering `[0, horizon)`.
    pub fn intervals(&self) -> usize {
        (self.horizon_s / self.interval_s).ceil() as usize
    }

    /// Seconds from the midnight before the start to the start (time of day of
    /// simulated second 0).
    pub fn start_offset_s(&self) -> f64 {
        let t = self.start.time();
        f64::from(t.hour()) * 3600.0 + f64::from(t.minute()) * 60.0 + f64::from(t.second())
    }

    /// Whether the teams have costs (then all of them do).
    pub fn has_costs(&self) -> bool {
        self.teams.iter().any(|t| t.pay != Pay::Unpriced)
    }

    /// Length of the statistics window `[warmup, horizon)` in seconds.
    pub fn window_s(&self) -> f64 {
        self.horizon_s - self.warmup_s
    }
}

/// One contact channel (phone, chat, email, social, …).
#[derive(Debug, Clone)]
pub struct Channel {
    /// Channel name as written in the scenario.
    pub name: String,
    /// Piecewise-constant expected arrival rate over `[0, horizon)`, before the
    /// per-day forecast-error factor.
    pub rate: Vec<RatePiece>,
    /// Coefficient of variation of the per-day gamma "busyness" factor (0 = none).
    pub forecast_error: f64,
    /// Handle-time distribution of a proficiency-1 agent handling one contact.
    pub handle_time: Dist,
    /// Patience distribution; `None` means customers never abandon.
    pub patience: Option<Dist>,
    /// How many contacts of this channel one agent holds at once.
    pub concurrency: u32,
    /// Relative handle-time stretch per additional concurrent contact.
    pub slowdown: f64,
    /// Higher is served first when an agent chooses among waiting contacts.
    pub priority: i32,
    /// Service-level threshold in seconds: handled within this wait counts as "in SL".
    pub sl_within_s: f64,
    /// Service-level target (fraction of offered), if one is set.
    pub sl_target: Option<f64>,
    /// Teams allowed to serve this channel, in order of preference.
    pub routing: Vec<Route>,
    /// How waiting and unresolved contacts lower satisfaction.
    pub satisfaction: Satisfaction,
}

/// A channel's satisfaction curve (see docs/model.md).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Satisfaction {
    /// Extra wait beyond the service-level threshold that halves the distance of the
    /// wait factor to `floor`, seconds.
    pub half_life_s: f64,
    /// Wait factor of an endless wait.
    pub floor: f64,
    /// Factor of an unresolved contact.
    pub unresolved: f64,
}

impl Satisfaction {
    /// The wait factor of a contact answered after `wait_s` on a channel whose
    /// service-level threshold is `within_s`: 1 up to the threshold, then decaying
    /// towards `floor` with half-life `half_life_s`.
    #[inline]
    pub fn wait_factor(&self, wait_s: f64, within_s: f64) -> f64 {
        if wait_s <= within_s {
            return 1.0;
        }
        self.floor + (1.0 - self.floor) * (-(wait_s - within_s) / self.half_life_s).exp2()
    }
}

/// What dissatisfied customers cost.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Churn {
    /// Probability that a dissatisfied customer leaves.
    pub if_dissatisfied: f64,
    /// Value of a customer.
    pub customer_value: f64,
}

/// Overworked agents lower satisfaction.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Overload {
    /// Recent occupancy above which the effect applies.
    pub threshold: f64,
    /// Satisfaction multiplier while it applies.
    pub factor: f64,
    /// Time constant of the exponentially weighted occupancy, seconds.
    pub window_s: f64,
}

impl Channel {
    /// Mean arrival rate per second over `[0, horizon)` (before forecast error, whose
    /// day factors have mean 1).
    pub fn mean_rate(&self, horizon_s: f64) -> f64 {
        let ends = self
            .rate
            .iter()
            .skip(1)
            .map(|p| p.start_s)
            .chain([horizon_s]);
        let total: f64 = self
            .rate
            .iter()
            .zip(ends)
            .map(|(p, end)| p.per_s * (end - p.start_s))
            .sum();
        total / horizon_s
    }
}

/// A piece of a piecewise-constant arrival rate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RatePiece {
    /// Start of the piece in seconds from the scenario start.
    pub start_s: f64,
    /// Expected arrivals per second during the piece.
    pub per_s: f64,
    /// Index of the calendar day the piece lies in (for the forecast-error factor).
    pub day: u32,
}

/// One step of a routing list.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Route {
    /// Index of the team in [`Model::teams`].
    pub team: usize,
    /// The contact becomes eligible for this team after waiting this long (overflow).
    pub after_s: f64,
}

/// Whether a team is employed or bought from a vendor.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum TeamKind {
    /// Employed agents.
    InHouse,
    /// Agents bought from a vendor (agency, contractors, pay-per-ticket service).
    Outsourced,
}

/// A team of agents sharing skills, schedule and conditions.
#[derive(Debug, Clone)]
pub struct Team {
    /// Team name as written in the scenario.
    pub name: String,
    /// In-house or outsourced.
    pub kind: TeamKind,
    /// Proficiency per channel (index as [`Model::channels`]); `None` = not skilled.
    pub skills: Vec<Option<f64>>,
    /// Agents available (on duty, after shrinkage) as a step function of time.
    pub staffing: Vec<StaffStep>,
    /// Scheduled (paid) agents on duty, before shrinkage, as a step function of time.
    pub scheduled: Vec<StaffStep>,
    /// Fraction of paid time unavailable (breaks, meetings, absence).
    pub shrinkage: f64,
    /// How the team is paid.
    pub pay: Pay,
    /// Probability that a prompt, resolved contact leaves the customer satisfied.
    pub quality: f64,
    /// First-contact resolution probability.
    pub resolution: f64,
    /// The overload effect on satisfaction, if configured.
    pub overload: Option<Overload>,
}

impl Team {
    /// The largest number of agents available at any time.
    pub fn max_agents(&self) -> u32 {
        self.staffing.iter().map(|s| s.agents).max().unwrap_or(0)
    }
}

/// From `at_s` on, the team has `agents` agents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StaffStep {
    /// Time of the change in whole seconds from the scenario start.
    pub at_s: u64,
    /// Number of agents from then on.
    pub agents: u32,
}
