//! The whole validated support centre ([`Model`]): calendar, channels, teams, churn.

use jiff::civil::DateTime;

use super::channel::Channel;
use super::pay::Pay;
use super::team::Team;
use super::time::DAY_S;

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

    /// The statistics window `[warmup, horizon)` in words, as chart labels name it:
    /// "20 Nov – 4 Dec (14 days)" (times of day shown unless at midnight).
    pub fn window_words(&self) -> String {
        let at = |secs: f64| {
            let d = self
                .start
                .checked_add(jiff::SignedDuration::from_secs_f64(secs))
                .ok()?;
            let midnight = d.time() == jiff::civil::Time::midnight();
            Some(
                d.strftime(if midnight { "%-d %b" } else { "%-d %b %H:%M" })
                    .to_string(),
            )
        };
        let days = self.window_s() / DAY_S;
        let length = if days < 1.0 {
            format!("{:.0} h", self.window_s() / 3600.0)
        } else if days == 1.0 {
            "1 day".to_string()
        } else if days.fract() == 0.0 {
            format!("{days:.0} days")
        } else {
            format!("{days:.1} days")
        };
        match (at(self.warmup_s), at(self.horizon_s)) {
            (Some(from), Some(to)) => format!("{from} – {to} ({length})"),
            _ => length,
        }
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

/// What dissatisfied customers cost.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Churn {
    /// Probability that a dissatisfied customer leaves.
    pub if_dissatisfied: f64,
    /// Value of a customer.
    pub customer_value: f64,
}
