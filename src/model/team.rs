//! A team of agents: kind, skills, staffing steps, pay, workforce and escalation.

use super::dist::Dist;
use super::pay::{Pay, VendorManagement};

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
    /// Proficiency per channel (index as [`Model::channels`](super::Model::channels)); `None` = not skilled.
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
    /// [`Model::channels`](super::Model::channels); 1 for channels the team does not serve).
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

/// From `at_s` on, the team has `agents` agents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StaffStep {
    /// Time of the change in whole seconds from the scenario start.
    pub at_s: u64,
    /// Number of agents from then on.
    pub agents: u32,
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
