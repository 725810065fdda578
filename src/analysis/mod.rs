//! The analysis stage: target checks, paired differences, recommendation, warnings.
//!
//! It sits between the runner and the exporters and returns one value. Everything
//! a report states about a run is decided here, as structured data; the exporters
//! (`report`) only turn it into words, tables and charts.

mod recommend;
mod targets;
#[cfg(test)]
pub(crate) mod testing;
mod warnings;

pub use recommend::{Decision, DecisionCost, NextPlan, Reason, TargetShare, cost_kpi};
pub use targets::{Check, PlanTargets, TargetRate};
pub use warnings::{Warning, ceiling_warning, staffing_warnings};

use indexmap::IndexMap;

use crate::kpi::Kpi;
use crate::model::{Model, Study};
use crate::rows::Rows;
use crate::runner::{PlanResult, RunConfig, StudyResult};
use crate::stats::KpiStats;

/// Everything the exporters need about a finished run.
#[derive(Debug)]
pub struct Analysis<'a> {
    /// The study that was simulated.
    pub study: &'a Study,
    /// Seed and replication count actually used.
    pub config: RunConfig,
    /// Results per plan, in the study's plan order.
    pub plans: Vec<PlanResult>,
    /// Each plan-replication's KPIs and target check (behind `replications.csv`).
    pub rows: Rows,
    /// Per plan, how it fared against the study's targets (`None` for every plan
    /// when the study sets no targets).
    pub targets: Vec<Option<PlanTargets>>,
    /// Per plan, the paired differences (plan − baseline) of its overall KPIs;
    /// `None` for the baseline itself.
    pub vs_baseline: Vec<Option<IndexMap<Kpi, KpiStats>>>,
    /// The recommendation.
    pub decision: Decision,
    /// Problems the planner must know about.
    pub warnings: Vec<Warning>,
}

/// Analyses the results of `study` run with `config`: the one step between the
/// runner and the exporters.
pub fn analyse(study: &Study, config: RunConfig, run: StudyResult) -> Analysis<'_> {
    let StudyResult { plans, rows } = run;
    let targets: Vec<Option<PlanTargets>> = plans
        .iter()
        .map(|p| (study.targets.as_ref()).zip(p.targets.as_ref()))
        .map(|t| t.and_then(|(t, counts)| PlanTargets::new(t, counts)))
        .collect();
    let decision = recommend::recommend(study, &plans, &targets);
    let vs_baseline = plans
        .iter()
        .map(|p| p.vs_baseline.as_ref().map(|d| d.stats()))
        .collect();
    let warnings = warnings::warnings(study, config, &plans);
    Analysis {
        study,
        config,
        plans,
        rows,
        targets,
        vs_baseline,
        decision,
        warnings,
    }
}

impl Analysis<'_> {
    /// The model of plan `i`.
    pub fn model(&self, i: usize) -> &Model {
        &self.study.plans[i].model
    }

    /// The baseline plan's results.
    pub fn baseline(&self) -> &PlanResult {
        &self.plans[self.study.baseline]
    }
}
