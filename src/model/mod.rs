//! The validated, immutable domain model the engine runs on.
//!
//! Built only by [`crate::scenario`] from a scenario file, so every value here has
//! been range-checked and every cross-reference resolved to an index: the engine
//! never sees names, strings or invalid states.

pub mod cost;
mod dist;
mod study;

pub use cost::{CostBreakdown, PaidTime, Pay, Supervisors, VendorManagement, Wage};
pub use dist::{Dist, DistError};
pub use study::{Bound, Plan, Scope, Study, Target, Targets};

use jiff::civil::DateTime;

/// Seconds in a day.
pub const DAY_S: f64 = 86_400.0;

/// Seconds in an average year (365.25 days), for annual rates.
pub const YEAR_S: f64 = 365.25 * DAY_S;

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

    /// The local date and time `secs` seconds after the start, e.g. "2026-11-26 08:00".
    pub fn date_at(&self, secs: f64) -> String {
        self.start
            .checked_add(jiff::SignedDuration::from_secs_f64(secs))
            .map_or_else(
                |_| format!("{secs} s"),
                |d| d.strftime("%Y-%m-%d %H:%M").to_string(),
            )
    }

    /// Headcount increases that hiring cannot deliver as planned: sooner than the
    /// team's hiring lag after the start, or in a period shorter than its training
    /// (the added agents would never take a contact).
    pub fn staffing_warnings(&self) -> Vec<StaffingWarning> {
        let mut out = Vec::new();
        for team in &self.teams {
            let wf = &team.workforce;
            for (at, added) in team.increases() {
                let at_s = at as f64;
                if at_s < wf.hiring_lag_s {
                    out.push(StaffingWarning::SoonerThanHiringLag {
                        team: team.name.clone(),
                        added,
                        at_s,
                        hiring_lag_s: wf.hiring_lag_s,
                    });
                }
                // The seats last until the headcount falls below their level again.
                let level = team
                    .headcount
                    .iter()
                    .find(|s| s.at_s == at)
                    .map_or(0, |s| s.agents);
                let until = team
                    .headcount
                    .iter()
                    .find(|s| s.at_s > at && s.agents < level)
                    .map_or(self.horizon_s, |s| s.at_s as f64)
                    .min(self.horizon_s);
                if wf.training_s > 0.0 && at_s + wf.training_s >= until {
                    out.push(StaffingWarning::TrainingOutlastsSeats {
                        team: team.name.clone(),
                        added,
                        at_s,
                        training_s: wf.training_s,
                        until_s: until,
                    });
                }
            }
        }
        out
    }
}

/// A headcount increase that hiring cannot deliver as planned (times in seconds
/// from the scenario start).
#[derive(Debug, Clone, PartialEq)]
pub enum StaffingWarning {
    /// The agents join sooner after the start than the team's hiring lag allows.
    SoonerThanHiringLag {
        /// Team name.
        team: String,
        /// Agents added.
        added: u32,
        /// When they join.
        at_s: f64,
        /// The team's hiring lag.
        hiring_lag_s: f64,
    },
    /// The added seats end before the new agents finish training: they never take
    /// a contact.
    TrainingOutlastsSeats {
        /// Team name.
        team: String,
        /// Agents added.
        added: u32,
        /// When they join.
        at_s: f64,
        /// The team's training time.
        training_s: f64,
        /// When the seats end (the headcount falls again, or the horizon).
        until_s: f64,
    },
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
    /// Unresolved contacts of teams without escalation that come back, if any.
    pub repeat: Option<Repeat>,
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
    /// Seats (employed or contracted agent positions) as a step function of time.
    /// Seat `j` exists while `j < headcount`; a seat that appears after the start is
    /// filled by a new hire.
    pub headcount: Vec<StaffStep>,
    /// Seats on duty (scheduled, before shrinkage) as a step function of time: seats
    /// `0 .. scheduled` work, if their agent is there and trained. Never above
    /// `headcount`.
    pub scheduled: Vec<StaffStep>,
    /// Fraction of paid time unavailable (breaks, meetings, absence).
    pub shrinkage: f64,
    /// How the team is paid.
    pub pay: Pay,
    /// Cost of each agent who joins after the start: the recruiting cost of an
    /// in-house hire, or a vendor's onboarding fee.
    pub hire_cost: f64,
    /// In-house time spent managing the vendor, if any.
    pub vendor_management: Option<VendorManagement>,
    /// Probability that a prompt, resolved contact leaves the customer satisfied.
    pub quality: f64,
    /// First-contact resolution probability per channel (index as
    /// [`Model::channels`]; 1 for channels the team does not serve).
    pub resolution: Vec<f64>,
    /// The overload effect on satisfaction, if configured.
    pub overload: Option<Overload>,
    /// Turnover, hiring and learning (neutral by default).
    pub workforce: Workforce,
    /// Where contacts this team does not resolve go, if anywhere.
    pub escalation: Option<Escalation>,
}

impl Team {
    /// The largest number of seats at any time.
    pub fn max_seats(&self) -> u32 {
        self.headcount.iter().map(|s| s.agents).max().unwrap_or(0)
    }

    /// Agents available (on duty after shrinkage) when `seats` trained agents are
    /// scheduled: shrinkage removes a fixed share of them, rounded to whole agents.
    pub fn available(&self, seats: u32) -> u32 {
        (f64::from(seats) * (1.0 - self.shrinkage)).round() as u32
    }

    /// The largest number of agents available at once when every seat is filled.
    pub fn max_agents(&self) -> u32 {
        self.available(self.scheduled.iter().map(|s| s.agents).max().unwrap_or(0))
    }

    /// Headcount increases after the start, as (time, added seats): the agents a plan
    /// hires or a vendor adds.
    pub fn increases(&self) -> impl Iterator<Item = (u64, u32)> + '_ {
        self.headcount
            .windows(2)
            .filter(|w| w[1].agents > w[0].agents)
            .map(|w| (w[1].at_s, w[1].agents - w[0].agents))
    }
}

/// A team's workforce dynamics: attrition, hiring and learning. The default is
/// neutral — nobody leaves, new seats are filled at once by fully proficient agents.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Workforce {
    /// Leavers per agent per second (an agent's tenure is exponential with this rate).
    pub attrition_per_s: f64,
    /// Time from a leaver's departure to the replacement's first day, seconds.
    pub hiring_lag_s: f64,
    /// Paid training of a new hire before taking contacts, seconds.
    pub training_s: f64,
    /// Length of the learning curve after training, seconds.
    pub ramp_s: f64,
    /// Proficiency multiplier of a new hire on the first day after training; it rises
    /// linearly to 1 over `ramp_s`.
    pub new_hire_proficiency: f64,
    /// Quality multiplier of a new hire after training, rising linearly to 1 over
    /// `ramp_s`.
    pub new_hire_quality: f64,
    /// Share of the agents at the start who have just finished training.
    pub new_hire_share: f64,
}

impl Default for Workforce {
    fn default() -> Self {
        Workforce {
            attrition_per_s: 0.0,
            hiring_lag_s: 0.0,
            training_s: 0.0,
            ramp_s: 0.0,
            new_hire_proficiency: 1.0,
            new_hire_quality: 1.0,
            new_hire_share: 0.0,
        }
    }
}

impl Workforce {
    /// Proficiency and quality multipliers of an agent `tenure_s` seconds after
    /// training (the linear learning curve).
    #[inline]
    pub fn ramp(&self, tenure_s: f64) -> (f64, f64) {
        if tenure_s >= self.ramp_s {
            return (1.0, 1.0);
        }
        let x = (tenure_s / self.ramp_s).max(0.0);
        (
            self.new_hire_proficiency + (1.0 - self.new_hire_proficiency) * x,
            self.new_hire_quality + (1.0 - self.new_hire_quality) * x,
        )
    }
}

/// Tier-2 handling of the contacts a team does not resolve.
#[derive(Debug, Clone)]
pub struct Escalation {
    /// Index of the team the contacts go to.
    pub team: usize,
    /// Priority of escalated contacts in that team (compared with channel priorities).
    pub priority: i32,
    /// Handle time of an escalated contact at proficiency 1; `None`: a fresh draw from
    /// the contact's channel.
    pub handle_time: Option<Dist>,
}

/// Unresolved contacts that come back.
#[derive(Debug, Clone)]
pub struct Repeat {
    /// Probability that an unresolved contact comes back.
    pub probability: f64,
    /// Time from the end of the unresolved contact to the repeat contact.
    pub delay: Dist,
}

/// From `at_s` on, the team has `agents` agents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StaffStep {
    /// Time of the change in whole seconds from the scenario start.
    pub at_s: u64,
    /// Number of agents from then on.
    pub agents: u32,
}
