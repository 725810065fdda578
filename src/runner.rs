//! Monte Carlo: runs every (plan, replication) pair of a study in parallel and
//! reduces the results in (replication, plan) order, so the outcome is identical
//! whatever the thread count.
//!
//! Pairs are processed in fixed-size batches: each batch runs in parallel and is
//! folded into the per-plan accumulators in index order before the next starts, so
//! memory holds one batch of per-replication results, never all of them. Nothing
//! grows with the number of replications: KPIs are streamed into their statistics
//! (with percentiles in a bounded store), paired differences from the baseline and
//! target checks are computed replication by replication as they are folded, and
//! each plan-replication's row of `replications.csv` goes to a file ([`Rows`]).
//!
//! Replication `r` of every plan uses the same random streams (common random
//! numbers): arrivals and contact attributes depend on the channel, seed and
//! replication only, so plans are compared on the same customers.

use std::fs::File;

use hdrhistogram::Histogram;
use rayon::prelude::*;

use crate::engine::{PastEvent, simulate};
use crate::model::{Model, Study};
use crate::rows::Rows;
use crate::stats::checks::TargetCounts;
use crate::stats::kpi::{Kpis, channel_kpis, overall_kpis, team_kpis};
use crate::stats::{IntervalStats, IntervalTally, KpiSeries, PairedSeries, ReplicationResult};

/// Contacts waiting at once that stop a replication early (see
/// [`PlanResult::unstable`]).
pub use crate::engine::MAX_WAITING;

/// (plan, replication) pairs simulated in parallel before their results are folded
/// in; the runner holds two batches of results at once (one simulated while the
/// previous one is folded).
pub const BATCH: usize = 64;

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
    /// Paired differences (this plan − the baseline) of the overall KPIs; `None`
    /// for the baseline itself (and a single model's run).
    pub vs_baseline: Option<PairedSeries>,
    /// Checks of the study's targets; `None` when it sets none.
    pub targets: Option<TargetCounts>,
    /// Replications that stopped early because the queue grew without bound.
    pub unstable: Unstable,
}

/// Replications of a plan that stopped early because the queue grew without bound.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Unstable {
    /// How many stopped.
    pub count: u64,
    /// The first of them (in replication order) and the simulated time it stopped
    /// at, seconds.
    pub first: Option<(u64, f64)>,
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
            vs_baseline: None,
            targets: None,
            unstable: Unstable::default(),
        }
    }

    /// Bytes this plan's results hold on the heap, but for the wait histograms and
    /// interval statistics (whose size is set by the model, not the number of
    /// replications): bounded whatever the number of replications.
    pub fn heap_bytes(&self) -> usize {
        let scopes = self.channels.iter().chain(&self.teams);
        self.overall.heap_bytes()
            + scopes.map(KpiSeries::heap_bytes).sum::<usize>()
            + self
                .vs_baseline
                .as_ref()
                .map_or(0, PairedSeries::heap_bytes)
    }
}

/// Everything measured for a study.
#[derive(Debug)]
pub struct StudyResult {
    /// Per plan, in the study's order.
    pub plans: Vec<PlanResult>,
    /// Each plan-replication's KPIs and target check, on disk.
    pub rows: Rows,
}

/// Why a run failed.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// A replication could not be simulated.
    #[error(transparent)]
    Simulation(#[from] PastEvent),
    /// The per-replication rows could not be written to or read from their file.
    #[error("cannot write the per-replication rows to a temporary file: {0}")]
    Spill(#[from] std::io::Error),
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
/// after each batch. The per-replication rows go to an unnamed file in the system's
/// temporary directory (see [`run_study_spilling`]).
pub fn run_study(
    study: &Study,
    config: RunConfig,
    progress: impl FnMut(u64, u64),
) -> Result<StudyResult, RunError> {
    run_study_spilling(study, config, tempfile::tempfile()?, progress)
}

/// [`run_study`] with the per-replication rows spilled to `spill`, an empty file
/// open for reading and writing (an unnamed one vanishes with the process, however
/// it ends).
pub fn run_study_spilling(
    study: &Study,
    config: RunConfig,
    spill: File,
    progress: impl FnMut(u64, u64),
) -> Result<StudyResult, RunError> {
    let mut rows = Rows::new(spill, study.plans.len());
    let plans = run_plans(study, config, Some(&mut rows), progress)?;
    rows.finish()?;
    Ok(StudyResult { plans, rows })
}

/// Runs every plan of `study`, folding replication `r` of every plan (in plan
/// order) before `r + 1`, with each plan-replication's row to `rows` if given.
fn run_plans(
    study: &Study,
    config: RunConfig,
    mut rows: Option<&mut Rows>,
    mut progress: impl FnMut(u64, u64),
) -> Result<Vec<PlanResult>, RunError> {
    let mut out: Vec<PlanResult> = study
        .plans
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut r = PlanResult::new(&p.model, &p.name);
            r.vs_baseline = (i != study.baseline).then(PairedSeries::default);
            r.targets = study.targets.as_ref().map(TargetCounts::new);
            r
        })
        .collect();
    let n_plans = study.plans.len() as u64;
    let total = u64::from(config.replications) * n_plans;
    // Per plan, its KPIs in the replication being folded (overall first, then its
    // channels' and teams'): its row, kept until every plan of the replication is
    // in, as the paired differences need the baseline's.
    let mut current: Vec<Kpis> = vec![Vec::new(); study.plans.len()];
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
            || -> Result<(), RunError> {
                for (k, r) in pending.drain(..) {
                    let (rep, plan) = (k / n_plans, (k % n_plans) as usize);
                    let met = fold(study, &mut out[plan], r?, rep, &mut current[plan]);
                    if let Some(rows) = rows.as_deref_mut() {
                        rows.push(plan, met, current[plan].iter().map(|(_, m)| m.value()));
                    }
                    if plan + 1 == study.plans.len() {
                        end_replication(study, &mut out, &current);
                        if let Some(rows) = rows.as_deref_mut() {
                            rows.end_replication()?;
                        }
                    }
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

/// Folds replication `rep` into its plan's results, leaving all its KPIs in `row`
/// (overall, then each channel's and each team's, in the order the series hold
/// them); returns whether all the study's targets held (`None` without targets).
/// The destructuring names every field, so a field added to [`Compact`] but not
/// folded fails to compile.
fn fold(study: &Study, acc: &mut PlanResult, r: Compact, rep: u64, row: &mut Kpis) -> Option<bool> {
    let Compact {
        overall: kpis,
        channels,
        teams,
        waits_ms,
        intervals,
        unstable_at_s,
    } = r;
    acc.overall.push(&kpis);
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
        acc.unstable.count += 1;
        acc.unstable.first.get_or_insert((rep, t));
    }
    let met = (study.targets.as_ref())
        .zip(acc.targets.as_mut())
        .map(|(t, counts)| counts.add(t, &kpis, &channels));
    row.clear();
    row.extend(
        kpis.into_iter()
            .chain(channels.into_iter().flatten())
            .chain(teams.into_iter().flatten()),
    );
    met
}

/// Once every plan of a replication is folded: the paired differences from the
/// baseline.
fn end_replication(study: &Study, out: &mut [PlanResult], current: &[Kpis]) {
    // Each list starts with the overall KPIs.
    let b = study.baseline;
    let base = &current[b][..out[b].overall.kpis().count()];
    for (plan, kpis) in out.iter_mut().zip(current) {
        let n = plan.overall.kpis().count();
        if let Some(d) = plan.vs_baseline.as_mut() {
            d.push(&kpis[..n], base);
        }
    }
}

/// Runs the replications of a single model (a study of its base plan alone).
pub fn run(
    model: &Model,
    name: &str,
    config: RunConfig,
    mut progress: impl FnMut(u64),
) -> Result<PlanResult, RunError> {
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
    let mut plans = run_plans(&study, config, None, |done, _| progress(done))?;
    Ok(plans.swap_remove(0))
}
