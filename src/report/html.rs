//! `report.html`: one self-contained page a planner can hand on — the
//! recommendation and the plan comparison first, then the charts (inline SVG) with
//! a sentence each, the assumptions and the run metadata. No network, no scripts,
//! no external styles.
//!
//! The page is a minijinja template with HTML auto-escaping, so every string from
//! the scenario (plan, channel and team names, descriptions, the recommendation's
//! reason) is escaped by construction; only the chart SVGs, which plotters escapes
//! itself, are inserted as they are.

use std::rc::Rc;

use serde::Serialize;

use super::chart_files::Drawn;
use super::charts::Chart;
use super::export::{ExportError, SingleFile};
use super::prose::{reason, warnings};
use super::table::{
    SERVICE_NOTE, cells, diff_cells, pct, plan_columns, service_cells, service_titles, titles,
};
use crate::analysis::Analysis;
use crate::model::{Channel, Model, Pay, Team, TeamKind, WhenClosed};

/// File name of the report in the output directory.
const FILE_NAME: &str = "report.html";

/// The page template (auto-escaped as HTML: the name ends in `.html`).
const TEMPLATE: &str = include_str!("report.html.j2");

/// Most plans whose overrides are listed one by one among the assumptions.
const MAX_LISTED_PLANS: usize = 50;

/// `report.html`, with the charts inline when they are drawn (not with
/// `--no-charts`).
pub(super) struct Report(pub(super) Option<Rc<Drawn>>);

impl SingleFile for Report {
    fn file_name(&self) -> &'static str {
        FILE_NAME
    }

    fn render(&self, run: &Analysis<'_>) -> Result<Vec<u8>, ExportError> {
        let charts = match &self.0 {
            Some(drawn) => drawn.get(run)?,
            None => &[],
        };
        render(run, charts)
    }
}

/// Renders the report of `run` with `charts` inline.
fn render(run: &Analysis<'_>, charts: &[Chart]) -> Result<Vec<u8>, ExportError> {
    let mut env = minijinja::Environment::new();
    env.add_template(FILE_NAME, TEMPLATE)
        .map_err(|e| ExportError::Html(e.to_string()))?;
    let page = page(run, charts);
    env.get_template(FILE_NAME)
        .and_then(|t| t.render(minijinja::value::Serde(&page)))
        .map(String::into_bytes)
        .map_err(|e| ExportError::Html(e.to_string()))
}

/// Everything the template shows.
#[derive(Serialize)]
struct Page<'a> {
    name: &'a str,
    version: &'static str,
    seed: u64,
    replications: u32,
    recommended: Option<&'a str>,
    reason: String,
    service_note: &'static str,
    targets: Option<TargetsView>,
    plans: Table,
    vs_baseline: Option<Table>,
    baseline: &'a str,
    charts: Vec<ChartView<'a>>,
    assumptions: Assumptions,
    plan_list: Vec<PlanView<'a>>,
    unlisted_plans: usize,
    warnings: Vec<String>,
}

/// The study's targets in words.
#[derive(Serialize)]
struct TargetsView {
    confidence: String,
    list: Vec<String>,
}

/// A table: column titles and rows of cells.
#[derive(Serialize)]
struct Table {
    head: Vec<String>,
    rows: Vec<Row>,
}

/// One plan's row.
#[derive(Serialize)]
struct Row {
    name: String,
    cells: Vec<String>,
    recommended: bool,
    baseline: bool,
}

/// A chart as shown in the page.
#[derive(Serialize)]
struct ChartView<'a> {
    title: &'a str,
    caption: &'a str,
    svg: &'a str,
}

/// Key parameters of the base scenario.
#[derive(Serialize)]
struct Assumptions {
    period: Vec<(String, String)>,
    channels: Vec<Vec<String>>,
    teams: Vec<Vec<String>>,
}

/// A plan and what it changes.
#[derive(Serialize)]
struct PlanView<'a> {
    name: &'a str,
    description: Option<&'a str>,
    grid: String,
}

fn page<'a>(run: &'a Analysis<'a>, charts: &'a [Chart]) -> Page<'a> {
    let study = run.study;
    let m = study.base();
    let cols = plan_columns(crate::analysis::DecisionCost::of(study));
    let row = |i: usize, cells: Vec<String>| Row {
        name: run.plans[i].name.clone(),
        cells,
        recommended: run.decision.plan == Some(i),
        baseline: i == study.baseline,
    };
    let mut head: Vec<String> = titles(&cols).into_iter().map(String::from).collect();
    head.extend(service_titles(m));
    if study.targets.is_some() {
        head.push("targets met (95 % interval)".into());
    }
    let plans = Table {
        head,
        rows: run
            .plans
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let mut c = cells(&p.overall, &cols);
                c.extend(service_cells(p));
                if let Some(t) = &run.targets[i] {
                    let (lo, hi) = t.met_ci95;
                    c.push(format!(
                        "{} ({:.0}–{:.0} %)",
                        pct(t.met),
                        100.0 * lo,
                        100.0 * hi
                    ));
                }
                row(i, c)
            })
            .collect(),
    };
    let vs_baseline = (run.plans.len() > 1).then(|| Table {
        head: titles(&cols).into_iter().map(String::from).collect(),
        rows: run
            .vs_baseline
            .iter()
            .enumerate()
            .filter_map(|(i, d)| Some(row(i, diff_cells(d.as_ref()?, &cols))))
            .collect(),
    });
    let listed = if study.plans.len() <= MAX_LISTED_PLANS {
        study.plans.len()
    } else {
        0
    };
    Page {
        name: &study.name,
        version: env!("CARGO_PKG_VERSION"),
        seed: run.config.seed,
        replications: run.config.replications,
        recommended: run.decision.plan.map(|i| run.plans[i].name.as_str()),
        reason: reason(run),
        service_note: SERVICE_NOTE,
        targets: study.targets.as_ref().map(|t| TargetsView {
            confidence: format!("{:.0} %", 100.0 * t.confidence),
            list: t.list.iter().map(|t| t.label.clone()).collect(),
        }),
        plans,
        vs_baseline,
        baseline: &run.baseline().name,
        charts: charts
            .iter()
            .map(|c| ChartView {
                title: &c.title,
                caption: &c.caption,
                svg: &c.svg,
            })
            .collect(),
        assumptions: assumptions(m),
        plan_list: study.plans[..listed]
            .iter()
            .map(|p| PlanView {
                name: &p.name,
                description: p.description.as_deref(),
                grid: p
                    .grid
                    .iter()
                    .map(|(k, v)| format!("{k} = {v}"))
                    .collect::<Vec<_>>()
                    .join(", "),
            })
            .collect(),
        unlisted_plans: study.plans.len() - listed,
        warnings: warnings(run),
    }
}

/// Hours, minutes or seconds, whichever reads best.
fn span(s: f64) -> String {
    match s {
        s if s >= 2.0 * 86_400.0 => format!("{:.1} days", s / 86_400.0),
        s if s >= 2.0 * 3600.0 => format!("{:.1} h", s / 3600.0),
        s if s >= 120.0 => format!("{:.1} min", s / 60.0),
        s => format!("{s:.0} s"),
    }
}

fn assumptions(m: &Model) -> Assumptions {
    let period = vec![
        (
            "Start".into(),
            m.start.strftime("%a %-d %b %Y %H:%M").to_string(),
        ),
        ("Horizon (arrivals)".into(), span(m.horizon_s)),
        ("Warm-up (not in statistics)".into(), span(m.warmup_s)),
        ("Drain after the horizon".into(), span(m.drain_s)),
        ("Reporting interval".into(), span(m.interval_s)),
        (
            "Churn if dissatisfied".into(),
            format!("{:.0} %", 100.0 * m.churn.if_dissatisfied),
        ),
        (
            "Value of a customer".into(),
            format!("{:.2}", m.churn.customer_value),
        ),
    ];
    let channels = m
        .channels
        .iter()
        .map(|c| {
            vec![
                c.name.clone(),
                format!("{:.0}", c.mean_rate(m.horizon_s) * 86_400.0),
                span(c.handle_time.mean()),
                c.patience
                    .as_ref()
                    .map_or("never abandon".into(), |p| span(p.mean())),
                c.concurrency.to_string(),
                match c.sl_target {
                    Some(t) => format!("{:.0} % within {}", 100.0 * t, span(c.sl_within_s)),
                    None => format!("within {} (no target)", span(c.sl_within_s)),
                },
                opening(m, c),
            ]
        })
        .collect();
    let teams = m.teams.iter().map(|t| team_row(m, t)).collect();
    Assumptions {
        period,
        channels,
        teams,
    }
}

/// When channel `c` is open, as a share of the horizon, and what becomes of the
/// contacts that arrive while it is closed.
fn opening(m: &Model, c: &Channel) -> String {
    let Some(hours) = &c.hours else {
        return "around the clock".into();
    };
    let open: f64 = (hours.open.iter())
        .map(|p| (p.to_s.min(m.horizon_s) - p.from_s).max(0.0))
        .sum();
    let closed = match hours.when_closed {
        WhenClosed::Lost => "lost".to_string(),
        WhenClosed::Wait => "wait for the opening".to_string(),
        WhenClosed::Redirect(to) => format!("move to {}", m.channels[to].name),
    };
    format!(
        "{:.0} % of the horizon; arrivals while closed: {closed}",
        100.0 * open / m.horizon_s
    )
}

fn team_row(m: &Model, t: &Team) -> Vec<String> {
    let scheduled = || t.scheduled.iter().map(|s| s.agents);
    let (lo, hi) = (
        scheduled().min().unwrap_or(0),
        scheduled().max().unwrap_or(0),
    );
    let skills = m
        .channels
        .iter()
        .zip(&t.skills)
        .filter_map(|(c, s)| s.map(|p| format!("{} {p}", c.name)))
        .collect::<Vec<_>>()
        .join(", ");
    let pay = match &t.pay {
        Pay::Unpriced => "–".to_string(),
        Pay::Wage(w) => format!(
            "wage {:.2}/h + {:.0} % overhead{}",
            w.wage,
            100.0 * w.overhead,
            if w.night_premium > 0.0 {
                format!(", night +{:.0} %", 100.0 * w.night_premium)
            } else {
                String::new()
            }
        ),
        Pay::PerHour { rate } => format!("{rate:.2} per agent-hour"),
        Pay::PerTicket {
            price,
            monthly_minimum,
        } => format!("{price:.2} per ticket, minimum {monthly_minimum:.0}/month"),
    };
    vec![
        t.name.clone(),
        match t.kind {
            TeamKind::InHouse => "in-house",
            TeamKind::Outsourced => "outsourced",
        }
        .into(),
        if lo == hi {
            hi.to_string()
        } else {
            format!("{lo}–{hi}")
        },
        format!("{:.0} %", 100.0 * t.shrinkage),
        skills,
        format!("{:.0} %", 100.0 * t.quality),
        resolution(t),
        workforce(&t.workforce),
        pay,
    ]
}

/// First-contact resolution over the channels the team serves: one value or a range.
fn resolution(t: &Team) -> String {
    let served = || {
        t.resolution
            .iter()
            .zip(&t.skills)
            .filter(|(_, s)| s.is_some())
            .map(|(r, _)| 100.0 * r)
    };
    let lo = served().fold(f64::INFINITY, f64::min);
    let hi = served().fold(f64::NEG_INFINITY, f64::max);
    if lo >= hi {
        format!("{hi:.0} %")
    } else {
        format!("{lo:.0}–{hi:.0} %")
    }
}

/// Attrition, hiring lag, training and ramp in one line ("none" when neutral).
fn workforce(w: &crate::model::Workforce) -> String {
    let mut parts = Vec::new();
    if w.attrition_per_s > 0.0 {
        parts.push(format!(
            "{:.0} %/yr leave",
            100.0 * w.attrition_per_s * crate::model::YEAR_S
        ));
    }
    for (what, secs) in [
        ("hiring", w.hiring_lag_s),
        ("training", w.training_s),
        ("ramp", w.ramp_s),
    ] {
        if secs > 0.0 {
            parts.push(format!("{what} {}", span(secs)));
        }
    }
    if parts.is_empty() {
        "none".into()
    } else {
        parts.join(", ")
    }
}
