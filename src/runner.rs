//! Monte Carlo: runs the replications of a model in parallel and reduces their
//! results in replication order, so the outcome is identical whatever the thread
//! count.
//!
//! Replications are processed in fixed-size batches: each batch runs in parallel
//! and is folded into the accumulators in index order before the next starts, so
//! memory holds one batch of per-replication results, never all of them.

use rayon::prelude::*;

use crate::engine::{PastEvent, simulate};
use crate::model::Model;
use crate::stats::kpi::{Kpis, channel_kpis, overall_kpis, team_kpis};
use crate::stats::{IntervalTally, KpiSeries, ReplicationResult};

/// Replications run in parallel before their results are folded in.
const BATCH: usize = 64;

/// What to run.
#[derive(Debug, Clone, Copy)]
pub struct RunConfig {
    /// Master seed.
    pub seed: u64,
    /// Number of replications.
    pub replications: u32,
}

/// KPI series of one plan over all replications.
#[derive(Debug, Clone)]
pub struct PlanResult {
    /// Plan name.
    pub name: String,
    /// Over all channels and teams.
    pub overall: KpiSeries,
    /// Per channel, in model order.
    pub channels: Vec<KpiSeries>,
    /// Per team, in model order.
    pub teams: Vec<KpiSeries>,
    /// Sum of the per-interval tallies over replications (divide by
    /// `replications` for means).
    pub intervals: IntervalTally,
    /// Replications that stopped early because the queue grew without bound, with
    /// the simulated time they stopped at.
    pub unstable: Vec<(u64, f64)>,
}

/// The scalar KPIs and interval tallies of one replication (its histograms are
/// reduced to percentiles and dropped).
struct Compact {
    overall: Kpis,
    channels: Vec<Kpis>,
    teams: Vec<Kpis>,
    intervals: IntervalTally,
    unstable_at_s: Option<f64>,
}

impl Compact {
    fn new(r: ReplicationResult) -> Self {
        Compact {
            overall: overall_kpis(&r),
            channels: (0..r.channels.len()).map(|c| channel_kpis(&r, c)).collect(),
            teams: (0..r.teams.len()).map(|k| team_kpis(&r, k)).collect(),
            unstable_at_s: r.unstable_at_s,
            intervals: r.intervals,
        }
    }
}

/// Runs `config.replications` replications of `model`, calling `progress` with the
/// number of replications finished after each batch.
pub fn run(
    model: &Model,
    name: &str,
    config: RunConfig,
    mut progress: impl FnMut(u64),
) -> Result<PlanResult, PastEvent> {
    let mut out = PlanResult {
        name: name.to_string(),
        overall: KpiSeries::default(),
        channels: vec![KpiSeries::default(); model.channels.len()],
        teams: vec![KpiSeries::default(); model.teams.len()],
        intervals: IntervalTally::new(model.intervals(), model.channels.len(), model.teams.len()),
        unstable: Vec::new(),
    };
    let reps = u64::from(config.replications);
    let mut done = 0;
    while done < reps {
        let batch: Vec<u64> = (done..reps.min(done + BATCH as u64)).collect();
        let results: Vec<Result<Compact, PastEvent>> = batch
            .par_iter()
            .map(|&rep| simulate(model, config.seed, rep, &mut ()).map(Compact::new))
            .collect();
        for (rep, r) in batch.iter().zip(results) {
            let r = r?;
            out.overall.push(&r.overall);
            for (s, k) in out.channels.iter_mut().zip(&r.channels) {
                s.push(k);
            }
            for (s, k) in out.teams.iter_mut().zip(&r.teams) {
                s.push(k);
            }
            out.intervals.add(&r.intervals);
            if let Some(t) = r.unstable_at_s {
                out.unstable.push((*rep, t));
            }
        }
        done += batch.len() as u64;
        progress(done);
    }
    Ok(out)
}
