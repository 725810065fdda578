//! Per-interval statistics across replications: means and a p10–p90 band of the
//! overall interval KPIs (streamed with P², so memory does not grow with the number
//! of replications), plus summed per-channel and per-team tallies for means.

use super::kpi::ratio;
use super::p2::P2;
use super::tally::IntervalTally;
use crate::kpi::Kpi;

/// The overall KPIs reported per interval, in column order.
pub const INTERVAL_KPIS: [Kpi; 7] = [
    Kpi::Offered,
    Kpi::Handled,
    Kpi::ServiceLevel,
    Kpi::Asa,
    Kpi::AgentsAvailable,
    Kpi::Occupancy,
    Kpi::QueueMean,
];

/// Mean and p10/p90 of one KPI across replications.
#[derive(Debug, Clone)]
pub struct Band {
    sum: f64,
    n: u64,
    p10: P2,
    p90: P2,
}

impl Band {
    fn new() -> Self {
        Band {
            sum: 0.0,
            n: 0,
            p10: P2::new(0.1),
            p90: P2::new(0.9),
        }
    }

    fn add(&mut self, x: f64) {
        if x.is_nan() {
            return;
        }
        self.sum += x;
        self.n += 1;
        self.p10.add(x);
        self.p90.add(x);
    }

    /// Mean over the replications where the KPI had data (NaN if none).
    pub fn mean(&self) -> f64 {
        if self.n == 0 {
            f64::NAN
        } else {
            self.sum / self.n as f64
        }
    }

    /// 10th percentile across replications (P² estimate).
    pub fn p10(&self) -> f64 {
        self.p10.value()
    }

    /// 90th percentile across replications (P² estimate).
    pub fn p90(&self) -> f64 {
        self.p90.value()
    }
}

/// Interval statistics of one plan.
#[derive(Debug, Clone)]
pub struct IntervalStats {
    /// Length of each interval in seconds (the last may be shorter).
    pub lengths: Vec<f64>,
    /// `bands[i][k]`: KPI `INTERVAL_KPIS[k]` of interval `i`.
    pub bands: Vec<[Band; INTERVAL_KPIS.len()]>,
    /// Per-channel and per-team tallies summed over replications.
    pub detail: IntervalTally,
    /// Replications added.
    pub replications: u64,
}

impl IntervalStats {
    /// Empty statistics for intervals of the given lengths.
    pub fn new(lengths: Vec<f64>, n_channels: usize, n_teams: usize) -> Self {
        IntervalStats {
            bands: lengths
                .iter()
                .map(|_| std::array::from_fn(|_| Band::new()))
                .collect(),
            detail: IntervalTally::new(lengths.len(), n_channels, n_teams),
            lengths,
            replications: 0,
        }
    }

    /// Adds one replication's interval tallies.
    pub fn add(&mut self, t: &IntervalTally) {
        for (i, bands) in self.bands.iter_mut().enumerate() {
            for (band, x) in bands.iter_mut().zip(overall(t, i, self.lengths[i])) {
                band.add(x);
            }
        }
        self.detail.add(t);
        self.replications += 1;
    }
}

/// The [`INTERVAL_KPIS`] of interval `i` of one replication, over all channels and teams.
fn overall(t: &IntervalTally, i: usize, len: f64) -> [f64; INTERVAL_KPIS.len()] {
    let (mut offered, mut handled, mut within, mut wait, mut queue) = (0.0, 0.0, 0.0, 0.0, 0.0);
    for c in 0..t.n_channels {
        let x = t.channel(i, c);
        offered += x.offered as f64;
        handled += x.handled as f64;
        within += x.within_sl as f64;
        wait += x.wait_handled_s;
        queue += x.queue_s;
    }
    let (mut avail, mut busy, mut present) = (0.0, 0.0, 0.0);
    for k in 0..t.n_teams {
        let x = t.team(i, k);
        avail += x.available_agent_s;
        busy += x.busy_agent_s;
        present += x.present_agent_s;
    }
    [
        offered,
        handled,
        ratio(within, offered),
        ratio(wait, handled),
        avail / len,
        ratio(busy, present),
        queue / len,
    ]
}
