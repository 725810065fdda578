//! `summary.json` (the contract shape of SPEC §4) and `run.json` (run metadata
//! that legitimately differs between runs, kept out of summary.json so the summary
//! is byte-identical for the same scenario and seed).

use indexmap::IndexMap;
use serde::Serialize;

use super::{ExportError, Exporter, Run, warnings};
use crate::stats::{KpiSeries, KpiStats};

/// Version of the summary.json layout.
pub const SCHEMA_VERSION: u32 = 1;

type KpiMap = IndexMap<&'static str, KpiStats>;

/// The summary of a run.
#[derive(Debug, Serialize)]
pub struct Summary {
    /// Layout version.
    pub schema_version: u32,
    /// The scenario and run settings.
    pub scenario: ScenarioInfo,
    /// Per plan, the distribution of every KPI across replications.
    pub plans: Vec<PlanSummary>,
    /// The plan to choose and why.
    pub recommendation: Recommendation,
    /// Problems the planner must know about.
    pub warnings: Vec<String>,
}

/// Scenario identification in the summary.
#[derive(Debug, Serialize)]
pub struct ScenarioInfo {
    /// Scenario name.
    pub name: String,
    /// Master seed.
    pub seed: u64,
    /// Replications per plan.
    pub replications: u32,
    /// Local start date-time.
    pub start: String,
    /// Horizon in seconds.
    pub horizon_s: f64,
    /// Warm-up in seconds.
    pub warmup_s: f64,
    /// Reporting interval in seconds.
    pub interval_s: f64,
}

/// One plan in the summary.
#[derive(Debug, Serialize)]
pub struct PlanSummary {
    /// Plan name.
    pub name: String,
    /// Overall KPIs.
    pub metrics: KpiMap,
    /// KPIs per channel.
    pub channels: IndexMap<String, KpiMap>,
    /// KPIs per team.
    pub teams: IndexMap<String, KpiMap>,
    /// Probability across replications that all targets hold (`null` without targets).
    pub targets_met: Option<f64>,
}

/// The recommended plan.
#[derive(Debug, Serialize)]
pub struct Recommendation {
    /// Plan name.
    pub plan: String,
    /// Why this plan.
    pub reason: String,
}

impl Summary {
    /// Builds the summary of a run.
    pub fn new(run: &Run<'_>) -> Self {
        let m = run.model;
        let named = |names: Vec<&String>, series: &[KpiSeries]| -> IndexMap<String, KpiMap> {
            names
                .into_iter()
                .cloned()
                .zip(series.iter().map(KpiSeries::stats))
                .collect()
        };
        let plans = run
            .plans
            .iter()
            .map(|p| PlanSummary {
                name: p.name.clone(),
                metrics: p.overall.stats(),
                channels: named(m.channels.iter().map(|c| &c.name).collect(), &p.channels),
                teams: named(m.teams.iter().map(|t| &t.name).collect(), &p.teams),
                targets_met: None,
            })
            .collect();
        Summary {
            schema_version: SCHEMA_VERSION,
            scenario: ScenarioInfo {
                name: m.name.clone(),
                seed: run.config.seed,
                replications: run.config.replications,
                start: m.start.to_string(),
                horizon_s: m.horizon_s,
                warmup_s: m.warmup_s,
                interval_s: m.interval_s,
            },
            plans,
            recommendation: Recommendation {
                plan: run.plans[0].name.clone(),
                reason: "only one plan was simulated and no targets are set: add [[plans]] and [targets] to compare \
                         staffing mixes"
                    .into(),
            },
            warnings: warnings(run),
        }
    }
}

pub(super) struct SummaryJson;

impl Exporter for SummaryJson {
    fn file_name(&self) -> &'static str {
        "summary.json"
    }

    fn render(&self, run: &Run<'_>) -> Result<Vec<u8>, ExportError> {
        let mut bytes = serde_json::to_vec_pretty(&Summary::new(run))?;
        bytes.push(b'\n');
        Ok(bytes)
    }
}

/// Facts about one execution that are not results: they go to `run.json`.
#[derive(Debug, Serialize)]
pub struct RunMeta {
    /// staffmix version.
    pub staffmix_version: &'static str,
    /// Random generator behind every stream.
    pub generator: &'static str,
    /// Worker threads used.
    pub threads: usize,
    /// Wall-clock seconds of the simulation.
    pub wall_s: f64,
    /// Replications per second of wall time.
    pub replications_per_s: f64,
}

impl RunMeta {
    /// The JSON bytes of `run.json`.
    pub fn to_bytes(&self) -> Result<Vec<u8>, ExportError> {
        let mut bytes = serde_json::to_vec_pretty(self)?;
        bytes.push(b'\n');
        Ok(bytes)
    }
}
