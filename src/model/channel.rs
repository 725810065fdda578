//! A contact channel: its demand, handle time, patience, routing and satisfaction.

use super::dist::Dist;
use super::hours::Hours;

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
    /// Opening hours; `None`: always open.
    pub hours: Option<Hours>,
}

impl Channel {
    /// The arrival-rate pieces as (rate per second, from, to) within `[0, horizon)`.
    fn pieces(&self, horizon_s: f64) -> impl Iterator<Item = (f64, f64, f64)> + '_ {
        let ends = (self.rate.iter().skip(1))
            .map(|p| p.start_s)
            .chain([horizon_s]);
        (self.rate.iter().zip(ends))
            .map(move |(p, end)| (p.per_s, p.start_s, end.min(horizon_s)))
            .filter(|(_, a, b)| b > a)
    }

    /// Mean arrival rate per second over `[0, horizon)` (before forecast error, whose
    /// day factors have mean 1).
    pub fn mean_rate(&self, horizon_s: f64) -> f64 {
        let total: f64 = self.pieces(horizon_s).map(|(r, a, b)| r * (b - a)).sum();
        total / horizon_s
    }

    /// The expected share of the arrivals over `[0, horizon)` that come while the
    /// channel is closed (before forecast error); 0 without opening hours.
    pub fn closed_share(&self, horizon_s: f64) -> f64 {
        let Some(hours) = &self.hours else {
            return 0.0;
        };
        let (mut total, mut open) = (0.0, 0.0);
        // Both lists are sorted: walk the open periods along the pieces.
        let mut first = 0;
        for (rate, a, b) in self.pieces(horizon_s) {
            total += rate * (b - a);
            while hours.open.get(first).is_some_and(|o| o.to_s <= a) {
                first += 1;
            }
            for o in hours.open[first..].iter().take_while(|o| o.from_s < b) {
                open += rate * (o.to_s.min(b) - o.from_s.max(a)).max(0.0);
            }
        }
        if total > 0.0 { 1.0 - open / total } else { 0.0 }
    }
}

/// A channel's satisfaction curve (see docs/model.md).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Satisfaction {
    /// Extra wait beyond the service-level threshold that halves the distance of the
    /// wait factor to `floor`, seconds.
    pub half_life_s: f64,
    /// Wait factor of an endless wait.
    pub floor: f64,
    /// Satisfaction of a prompt, resolved contact by a team of quality 1: the
    /// channel's own level (1 unless a channel `kind` or the scenario sets it).
    pub baseline: f64,
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
    /// Index of the team in [`Model::teams`](super::Model::teams).
    pub team: usize,
    /// The contact becomes eligible for this team after waiting this long (overflow).
    pub after_s: f64,
}

/// Unresolved contacts that come back.
#[derive(Debug, Clone)]
pub struct Repeat {
    /// Probability that an unresolved contact comes back.
    pub probability: f64,
    /// Time from the end of the unresolved contact to the repeat contact.
    pub delay: Dist,
}
