//! Monte Carlo: runs every (plan, replication) pair of a study in parallel and
//! reduces the results in (replication, plan) order, so the outcome is identical
//! whatever the thread count.
//!
//! Pairs are processed in fixed-size batches: each batch runs in parallel and is
//! folded into the per-plan accumulators in index order before the next starts, so
//! memory holds one batch of per-replication results, never all of them. What is
//! kept per replication is only scalar KPIs (for percentiles and paired
//! differences); distributions (wait histograms, interval bands) are merged.
//!
//! Replication `r` of every plan uses the same random streams (common random
//! numbers): arrivals and contact attributes depend on the channel, seed and
//! replication only, so plans are compared on the same customers.

use hdrhistogram::Histogram;
use rayon::prelude::*;

use crate::engine::{PastEvent, simulate};
use crate::model::{Model, Study};
use crate::stats::kpi::{Kpis, channel_kpis, overall_kpis, team_kpis};
use crate::stats::{IntervalStats, IntervalTally, KpiSeries, ReplicationResult};

/// Contacts waiting at once that stop a replication early (see
/// [`PlanResult::unstable`]).
pub use crate::engine::MAX_WAITING;

/// (plan, replication) pairs simulated in parallel before their results are folded in.
const BATCH: usize = 64;

/// What to run.
#[derive(Debug, Clone, Copy)]
pub struct RunConfig {
    /// Master seed.
    pub seed: u64,
    /// Number of replications per plan.
    pub replications: u32,
}

/// Everything measured for one plan over all replications.
#[derive(Debug, Clone)]
pub struct PlanResult {
    /// Plan name.
    pub name: String,
    /// Over all channels and teams, one value per replication and KPI.
    pub overall: KpiSeries,
    /// Per channel, in model order.
    pub channels: Vec<KpiSeries>,
    /// Per team, in model order.
    pub teams: Vec<KpiSeries>,
    /// Waits of handled contacts per channel, merged over replications (ms).
    pub waits_ms: Vec<Histogram<u64>>,
    /// Per-interval statistics.
    pub intervals: IntervalStats,
    /// Replications that stopped early because the queue grew without bound, with
    /// the simulated time they stopped at.
    pub unstable: Vec<(u64, f64)>,
}

impl PlanResult {
    /// Empty results for a plan of `model` named `name`.
    pub(crate) fn new(model: &Model, name: &str) -> Self {
        let lengths = (0..model.intervals())
            .map(|i| (model.horizon_s - i as f64 * model.interval_s).min(model.interval_s))
            .collect();
        PlanResult {
            name: name.to_string(),
            overall: KpiSeries::default(),
            channels: vec![KpiSeries::default(); model.channels.len()],
            teams: vec![KpiSeries::default(); model.teams.len()],
            waits_ms: Vec::new(),
            intervals: IntervalStats::new(lengths, model.channels.len(), model.teams.len()),
            unstable: Vec::new(),
        }
    }
}

/// The scalar KPIs and mergeable distributions of one replication (its other
/// per-contact detail is already reduced to these).
struct Compact {
    overall: Kpis,
    channels: Vec<Kpis>,
    teams: Vec<Kpis>,
    waits_ms: Vec<Histogram<u64>>,
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
            waits_ms: r.channels.into_iter().map(|c| c.waits_ms).collect(),
            intervals: r.intervals,
        }
    }
}

/// Runs `config.replications` replications of every plan of `study`, calling
/// `progress(done, total)` with the number of (plan, replication) pairs finished
/// after each batch.
pub fn run_study(
    study: &Study,
    config: RunConfig,
    mut progress: impl FnMut(u64, u64),
) -> Result<Vec<PlanResult>, PastEvent> {
    let mut out: Vec<PlanResult> = study
        .plans
        .iter()
        .map(|p| PlanResult::new(&p.model, &p.name))
        .collect();
    let n_plans = study.plans.len() as u64;
    let total = u64::from(config.replications) * n_plans;
    // Pipeline: while the pool simulates batch n + 1, this thread folds batch n, so
    // the (sequential, ordered) reduction does not leave the cores idle.
    let mut start = 0;
    let mut pending: Vec<(u64, Result<Compact, PastEvent>)> = Vec::new();
    loop {
        // Pair index k = replication · plans + plan: replication-major, so every
        // batch advances all plans together.
        let batch: Vec<u64> = (start..total.min(start + BATCH as u64)).collect();
        start += batch.len() as u64;
        let folded = pending.len() as u64;
        let (fold_result, results) = rayon::join(
            || -> Result<(), PastEvent> {
                for (k, r) in pending.drain(..) {
                    let (rep, plan) = (k / n_plans, (k % n_plans) as usize);
                    fold(&mut out[plan], r?, rep);
                }
                Ok(())
            },
            || -> Vec<Result<Compact, PastEvent>> {
                batch
                    .par_iter()
                    .map(|&k| {
                        let (rep, plan) = (k / n_plans, (k % n_plans) as usize);
                        simulate(&study.plans[plan].model, config.seed, rep, &mut ())
                            .map(Compact::new)
                    })
                    .collect()
            },
        );
        fold_result?;
        if folded > 0 {
            progress(start - batch.len() as u64, total);
        }
        if batch.is_empty() {
            return Ok(out);
        }
        pending = batch.into_iter().zip(results).collect();
    }
}

/// Folds replication `rep` into its plan's results. The destructuring names every
/// field, so a field added to [`Compact`] but not folded fails to compile.
fn fold(acc: &mut PlanResult, r: Compact, rep: u64) {
    let Compact {
        overall,
        channels,
        teams,
        waits_ms,
        intervals,
        unstable_at_s,
    } = r;
    acc.overall.push(&overall);
    for (s, k) in acc.channels.iter_mut().zip(&channels) {
        s.push(k);
    }
    for (s, k) in acc.teams.iter_mut().zip(&teams) {
        s.push(k);
    }
    if acc.waits_ms.is_empty() {
        acc.waits_ms = waits_ms;
    } else {
        for (a, b) in acc.waits_ms.iter_mut().zip(&waits_ms) {
            a.add(b).expect("histograms share bounds");
        }
    }
    acc.intervals.add(&intervals);
    if let Some(t) = unstable_at_s {
        acc.unstable.push((rep, t));
    }
}

/// Runs the replications of a single model (a study of its base plan alone).
pub fn run(
    model: &Model,
    name: &str,
    config: RunConfig,
    mut progress: impl FnMut(u64),
) -> Result<PlanResult, PastEvent> {
    let study = Study {
        name: model.name.clone(),
        seed: config.seed,
        replications: config.replications,
        plans: vec![crate::model::Plan {
            name: name.to_string(),
            description: None,
            model: model.clone(),
            grid: Vec::new(),
        }],
        baseline: 0,
        targets: None,
    };
    let mut plans = run_study(&study, config, |done, _| progress(done))?;
    Ok(plans.swap_remove(0))
}
