//! Exporters: turn a finished run into bytes (summary.json, plans.csv,
//! replications.csv, intervals.csv, intervals_detail.csv, the charts, report.html,
//! the terminal table). Nothing here touches the filesystem; the app writes the bytes.

pub mod charts;
mod csv_out;
mod html;
mod json;
mod table;

pub use json::{RunMeta, Summary};
pub use table::render_table;

use indexmap::IndexMap;

use crate::decision::{Decision, paired, recommend};
use crate::kpi::Kpi;
use crate::model::{Model, Study};
use crate::runner::{PlanResult, RunConfig};
use crate::stats::KpiStats;

/// Everything the exporters need about a finished run.
#[derive(Debug)]
pub struct Run<'a> {
    /// The study that was simulated.
    pub study: &'a Study,
    /// Seed and replication count actually used.
    pub config: RunConfig,
    /// Results per plan, in the study's plan order.
    pub plans: Vec<PlanResult>,
    /// The recommendation.
    pub decision: Decision,
    /// Per plan, the paired differences (plan − baseline) of its overall KPIs;
    /// `None` for the baseline itself. Computed once for every exporter.
    pub vs_baseline: Vec<Option<IndexMap<Kpi, KpiStats>>>,
}

impl<'a> Run<'a> {
    /// Bundles the results of `study` with its recommendation.
    pub fn new(study: &'a Study, config: RunConfig, plans: Vec<PlanResult>) -> Self {
        let decision = recommend(study, &plans);
        let base = &plans[study.baseline].overall;
        let vs_baseline = plans
            .iter()
            .enumerate()
            .map(|(i, p)| (i != study.baseline).then(|| paired(&p.overall, base)))
            .collect();
        Run {
            study,
            config,
            plans,
            decision,
            vs_baseline,
        }
    }

    /// The model of plan `i`.
    pub fn model(&self, i: usize) -> &Model {
        &self.study.plans[i].model
    }

    /// The baseline plan's results.
    pub fn baseline(&self) -> &PlanResult {
        &self.plans[self.study.baseline]
    }
}

/// An output file produced from a run.
pub trait Exporter {
    /// File name inside the output directory.
    fn file_name(&self) -> &'static str;
    /// The file's bytes.
    fn render(&self, run: &Run<'_>) -> Result<Vec<u8>, ExportError>;
}

/// An exporter failed to serialise its output.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    /// JSON serialisation failed.
    #[error("could not serialise JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// CSV serialisation failed.
    #[error("could not write CSV: {0}")]
    Csv(#[from] csv::Error),
    /// A chart could not be drawn.
    #[error(transparent)]
    Chart(#[from] charts::ChartError),
    /// The HTML report could not be rendered.
    #[error("could not render report.html: {0}")]
    Html(String),
}

/// The exporters of `staffmix run`, in the order their files are written.
pub fn exporters() -> Vec<Box<dyn Exporter>> {
    vec![
        Box::new(json::SummaryJson),
        Box::new(csv_out::PlansCsv),
        Box::new(csv_out::ReplicationsCsv),
        Box::new(csv_out::IntervalsCsv),
        Box::new(csv_out::IntervalsDetailCsv),
    ]
}

/// Every output file of a run but `run.json`, as (file name, bytes), in the order
/// they are written: the exporters' files, each chart as SVG and PNG (unless
/// `with_charts` is false) and `report.html` (with the charts inline when drawn).
pub fn render_files(
    run: &Run<'_>,
    with_charts: bool,
) -> Result<Vec<(String, Vec<u8>)>, ExportError> {
    let mut files = Vec::new();
    for exporter in exporters() {
        files.push((exporter.file_name().to_string(), exporter.render(run)?));
    }
    let charts = if with_charts {
        charts::render(run)?
    } else {
        Vec::new()
    };
    let report = html::render(run, &charts)?;
    for c in charts {
        files.push((format!("{}.svg", c.name), c.svg.into_bytes()));
        files.push((format!("{}.png", c.name), c.png));
    }
    files.push((html::FILE_NAME.to_string(), report));
    Ok(files)
}

/// Names of every chart file a run can write, so the app can remove those an
/// earlier run left in the output directory that this run did not draw.
pub fn chart_file_names() -> impl Iterator<Item = String> {
    charts::NAMES
        .iter()
        .flat_map(|n| [format!("{n}.svg"), format!("{n}.png")])
}

/// Headcount increases of the study's plans that hiring cannot deliver, each said
/// once with the plans it concerns.
pub fn staffing_warnings(study: &Study) -> Vec<String> {
    let mut out = Vec::new();
    // The same warning usually holds for many plans.
    let mut staffing: IndexMap<String, Vec<&str>> = IndexMap::new();
    for plan in &study.plans {
        for w in plan.model.staffing_warnings() {
            staffing.entry(w).or_default().push(&plan.name);
        }
    }
    for (w, plans) in staffing {
        let names = if plans.len() > 4 {
            format!(
                "\"{}\" and {} more plans",
                plans[..3].join("\", \""),
                plans.len() - 3
            )
        } else {
            format!("\"{}\"", plans.join("\", \""))
        };
        let s = if plans.len() == 1 { "" } else { "s" };
        out.push(format!("plan{s} {names}: {w}"));
    }
    out
}

/// Warnings a planner must see about a run (overload, backlog, hiring that cannot
/// deliver a plan's headcount).
pub fn warnings(run: &Run<'_>) -> Vec<String> {
    let mut out = staffing_warnings(run.study);
    for (i, plan) in run.plans.iter().enumerate() {
        if !plan.unstable.is_empty() {
            out.push(format!(
                "plan \"{}\": {} of {} replications stopped early because more than {} contacts were waiting \
                 (first at {:.1} h): the staffing cannot keep up with demand — add agents, or give customers patience",
                plan.name,
                plan.unstable.len(),
                run.config.replications,
                crate::engine::MAX_WAITING,
                plan.unstable[0].1 / 3600.0
            ));
        }
        for (c, ch) in run.model(i).channels.iter().enumerate() {
            let offered = plan.channels[c]
                .values(Kpi::Offered)
                .map_or(0.0, |v| v.iter().sum());
            let backlog = plan.channels[c]
                .values(Kpi::Backlog)
                .map_or(0.0, |v| v.iter().sum());
            if offered > 0.0 && backlog / offered > 0.01 {
                out.push(format!(
                    "plan \"{}\", channel {}: {:.1} % of contacts were still waiting at the end of the drain period \
                     (backlog): the channel is under-staffed, or the drain is too short",
                    plan.name,
                    ch.name,
                    100.0 * backlog / offered
                ));
            }
        }
    }
    out
}
