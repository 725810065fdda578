//! Per-interval statistics across replications: the estimate of each overall
//! interval KPI (the ratio estimator, with its confidence interval) and the p10–p90
//! spread of the replications' own values (streamed with P², so memory does not
//! grow with the number of replications), plus summed per-channel and per-team
//! tallies.

use super::p2::P2;
use super::ratio::{Measure, RatioMoments};
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

/// One interval KPI across replications: its estimate, and the spread of the
/// replications' values.
#[derive(Debug, Clone)]
pub struct Band {
    estimate: RatioMoments,
    p10: P2,
    p90: P2,
}

impl Band {
    fn new() -> Self {
        Band {
            estimate: RatioMoments::default(),
            p10: P2::new(0.1),
            p90: P2::new(0.9),
        }
    }

    fn add(&mut self, m: Measure) {
        self.estimate.add(m);
        let x = m.value();
        if !x.is_nan() {
            self.p10.add(x);
            self.p90.add(x);
        }
    }

    /// The estimate over all replications: Σ numerator ÷ Σ denominator (for
    /// service level, all answered in time ÷ all offered in the interval); NaN
    /// if no replication has a denominator.
    pub fn mean(&self) -> f64 {
        self.estimate.estimate()
    }

    /// Half-width of the 95 % confidence interval of [`Self::mean`].
    pub fn ci95(&self) -> f64 {
        self.estimate.ci95()
    }

    /// 10th percentile of the replications' values, among those with a value
    /// (P² estimate): one replication in ten sees less in this interval.
    pub fn p10(&self) -> f64 {
        self.p10.value()
    }

    /// 90th percentile of the replications' values (P² estimate).
    pub fn p90(&self) -> f64 {
        self.p90.value()
    }

    /// The estimate over several intervals' bands pooled: Σ numerators ÷ Σ
    /// denominators over the intervals and replications.
    pub fn pooled<'b>(bands: impl IntoIterator<Item = &'b Band>) -> f64 {
        let (num, den) = bands.into_iter().fold((0.0, 0.0), |(x, y), b| {
            let (bx, by) = b.estimate.sums();
            (x + bx, y + by)
        });
        Measure::ratio(num, den).value()
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
            for (band, m) in bands.iter_mut().zip(overall(t, i, self.lengths[i])) {
                band.add(m);
            }
        }
        self.detail.add(t);
        self.replications += 1;
    }
}

/// The [`INTERVAL_KPIS`] of interval `i` of one replication, over all channels and
/// teams: ratios for the ratio KPIs, plain values for counts and time averages.
fn overall(t: &IntervalTally, i: usize, len: f64) -> [Measure; INTERVAL_KPIS.len()] {
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
        offered.into(),
        handled.into(),
        Measure::ratio(within, offered),
        Measure::ratio(wait, handled),
        (avail / len).into(),
        Measure::ratio(busy, present),
        (queue / len).into(),
    ]
}
