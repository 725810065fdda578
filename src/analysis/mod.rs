//! The analysis stage: target checks, paired differences, recommendation, warnings.
//!
//! It sits between the runner and the exporters and returns one value. Everything
//! a report states about a run is decided here, as structured data; the exporters
//! (`report`) only turn it into words, tables and charts.

mod paired;
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
use crate::runner::{PlanResult, RunConfig};
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
pub fn analyse(study: &Study, config: RunConfig, plans: Vec<PlanResult>) -> Analysis<'_> {
    let targets: Vec<Option<PlanTargets>> = plans
        .iter()
        .map(|p| {
            (study.targets.as_ref())
                .and_then(|t| PlanTargets::new(t, p, config.replications as usize))
        })
        .collect();
    let decision = recommend::recommend(study, &plans, &targets);
    let base = &plans[study.baseline].overall;
    let vs_baseline = plans
        .iter()
        .enumerate()
        .map(|(i, p)| (i != study.baseline).then(|| paired::paired(&p.overall, base)))
        .collect();
    let warnings = warnings::warnings(study, config, &plans);
    Analysis {
        study,
        config,
        plans,
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
