//! The readable summary printed on stdout after a run.

use std::fmt::Write;

use super::prose::{reason, warnings};
use crate::analysis::Analysis;
use crate::stats::{KpiSeries, KpiStats};

/// How a KPI is shown: its column title and its formatting.
#[derive(Clone, Copy)]
pub(super) struct Col {
    /// KPI name.
    pub(super) kpi: &'static str,
    /// Column title.
    pub(super) title: &'static str,
    fmt: fn(f64) -> String,
}

fn count(x: f64) -> String {
    if x.abs() >= 100.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}
pub(super) fn pct(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}
fn secs(x: f64) -> String {
    format!("{x:.1}")
}
/// A duration in the largest fitting unit: "42s", "3.5m", "2.1h", "1.5d".
fn span(x: f64) -> String {
    match x.abs() {
        a if a >= 86_400.0 => format!("{:.1}d", x / 86_400.0),
        a if a >= 3600.0 => format!("{:.1}h", x / 3600.0),
        a if a >= 60.0 => format!("{:.1}m", x / 60.0),
        _ => format!("{x:.0}s"),
    }
}

impl Col {
    const fn new(kpi: &'static str, title: &'static str, fmt: fn(f64) -> String) -> Self {
        Col { kpi, title, fmt }
    }
}

// Columns shown in more than one table.
const HANDLED: Col = Col::new("handled", "handled", count);
const ABANDONED: Col = Col::new("abandon_rate", "abandoned", pct);
const ASA: Col = Col::new("asa_s", "ASA s", secs);
const MEDIAN_WAIT: Col = Col::new("wait_p50_s", "median wait s", secs);
const SERVICE_LEVEL: Col = Col::new("service_level", "service level", pct);
const BACKLOG: Col = Col::new("backlog", "backlog", count);
const PAID_HOURS: Col = Col::new("paid_hours", "paid agent-h", count);
const OCCUPANCY: Col = Col::new("occupancy", "occupancy", pct);
const CSAT: Col = Col::new("csat", "CSAT", pct);
const CHURNED: Col = Col::new("churned", "churned", count);

/// What happened to the customers of each channel: satisfaction, resolution, churn.
const OUTCOME_COLS: [Col; 7] = [
    CSAT,
    Col::new("fcr", "FCR", pct),
    Col::new("escalations", "escalated", count),
    Col::new("repeats", "repeats", count),
    Col::new("resolution_time_s", "resolution time", span),
    CHURNED,
    Col::new("churn_cost", "churn cost", count),
];

const CHANNEL_COLS: [Col; 8] = [
    Col::new("offered", "offered", count),
    HANDLED,
    ABANDONED,
    ASA,
    MEDIAN_WAIT,
    Col::new("p_wait", "waited", pct),
    SERVICE_LEVEL,
    BACKLOG,
];

const TEAM_COLS: [Col; 7] = [
    PAID_HOURS,
    Col::new("agents_available", "agents avail.", count),
    OCCUPANCY,
    HANDLED,
    Col::new("aht_s", "AHT s", secs),
    Col::new("hires", "hires", count),
    Col::new("leavers", "leavers", count),
];

/// Renders "mean ± ci95" cells for each column of each row.
pub(super) fn cells(series: &KpiSeries, cols: &[Col]) -> Vec<String> {
    let stats = series.stats();
    cols.iter()
        .map(|c| match stats.get(c.kpi) {
            Some(KpiStats { mean, ci95, n, .. }) if *n > 1 => {
                format!("{} ±{}", (c.fmt)(*mean), (c.fmt)(*ci95))
            }
            Some(KpiStats { mean, .. }) => (c.fmt)(*mean),
            None => "–".into(),
        })
        .collect()
}

fn grid(out: &mut String, first: &str, cols: &[Col], rows: Vec<(String, Vec<String>)>) {
    let mut widths: Vec<usize> = std::iter::once(first.len())
        .chain(cols.iter().map(|c| c.title.len()))
        .collect();
    for (name, cells) in &rows {
        widths[0] = widths[0].max(name.chars().count());
        for (w, c) in widths[1..].iter_mut().zip(cells) {
            *w = (*w).max(c.chars().count());
        }
    }
    let _ = write!(out, "{first:<w$}", w = widths[0]);
    for (c, w) in cols.iter().zip(&widths[1..]) {
        let _ = write!(out, "  {:>w$}", c.title, w = *w);
    }
    out.push('\n');
    for (name, cells) in rows {
        let _ = write!(out, "{name:<w$}", w = widths[0]);
        for (c, w) in cells.iter().zip(&widths[1..]) {
            let _ = write!(out, "  {c:>w$}", w = *w);
        }
        out.push('\n');
    }
}

const PLAN_COLS: [Col; 9] = [
    PAID_HOURS,
    SERVICE_LEVEL,
    ASA,
    MEDIAN_WAIT,
    ABANDONED,
    OCCUPANCY,
    BACKLOG,
    CSAT,
    CHURNED,
];

/// `cols`, led by a cost column when the teams have costs.
fn with_cost(has_costs: bool, cols: &[Col]) -> Vec<Col> {
    let cost = Col::new("cost_total", "cost", count);
    let head = has_costs.then_some(cost);
    head.into_iter().chain(cols.iter().copied()).collect()
}

/// The columns of the plan comparison (and of the differences from the baseline).
pub(super) fn plan_columns(has_costs: bool) -> Vec<Col> {
    with_cost(has_costs, &PLAN_COLS)
}

/// "+1.2% ±0.3%" cells of paired differences.
pub(super) fn diff_cells(
    diff: &indexmap::IndexMap<&'static str, KpiStats>,
    cols: &[Col],
) -> Vec<String> {
    cols.iter()
        .map(|c| match diff.get(c.kpi) {
            Some(s) => {
                let sign = if s.mean >= 0.0 { "+" } else { "" };
                format!("{sign}{} ±{}", (c.fmt)(s.mean), (c.fmt)(s.ci95))
            }
            None => "–".into(),
        })
        .collect()
}

/// The cost of each team by component (components that are zero everywhere are
/// left out), with the plan's total.
fn cost_breakdown(out: &mut String, pm: &crate::model::Model, plan: &crate::runner::PlanResult) {
    let names = crate::model::CostBreakdown::default()
        .components()
        .map(|(n, _)| n);
    let cols: Vec<Col> = names
        .into_iter()
        .filter(|n| {
            plan.overall
                .values(n)
                .is_some_and(|v| v.iter().any(|x| *x != 0.0))
        })
        .map(|kpi| Col::new(kpi, kpi.trim_start_matches("cost_"), count))
        .collect();
    let mut rows: Vec<(String, Vec<String>)> = pm
        .teams
        .iter()
        .zip(&plan.teams)
        .map(|(t, s)| (t.name.clone(), cells(s, &cols)))
        .collect();
    rows.push(("all teams".into(), cells(&plan.overall, &cols)));
    out.push_str("\nCost by component\n");
    grid(out, "team", &cols, rows);
}

/// The table of a run: the plans side by side (with targets), their paired
/// differences from the baseline, the recommendation, then channels and teams of
/// the recommended (or baseline) plan. Each cell is the mean across replications ±
/// the 95 % confidence half-width.
pub fn render_table(run: &Analysis<'_>) -> String {
    let study = run.study;
    let m = study.base();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} — {} plan{} × {} replications, seed {}, horizon {:.1} days (statistics after a {:.1} h warm-up)",
        study.name,
        run.plans.len(),
        if run.plans.len() == 1 { "" } else { "s" },
        run.config.replications,
        run.config.seed,
        m.horizon_s / 86_400.0,
        m.warmup_s / 3600.0
    );
    let _ = writeln!(
        out,
        "Each cell: mean across replications ± 95 % confidence half-width."
    );
    let plan_cols = plan_columns(m.has_costs());
    if run.plans.len() > 1 || study.targets.is_some() {
        out.push('\n');
        let mut cols = plan_cols.clone();
        let rows = run
            .plans
            .iter()
            .zip(&run.targets)
            .map(|(p, t)| {
                let mut c = cells(&p.overall, &cols);
                if let Some(t) = t {
                    c.push(pct(t.met));
                }
                (p.name.clone(), c)
            })
            .collect();
        if study.targets.is_some() {
            cols.push(Col::new("", "targets met", pct));
        }
        grid(&mut out, "plan", &cols, rows);
    }
    if run.plans.len() > 1 {
        let base = run.baseline();
        let _ = writeln!(
            out,
            "\nDifference from the baseline \"{}\" (paired: same customers in each replication):",
            base.name
        );
        let rows = run
            .plans
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                let diff = run.vs_baseline[i].as_ref()?;
                Some((p.name.clone(), diff_cells(diff, &plan_cols)))
            })
            .collect();
        grid(&mut out, "plan", &plan_cols, rows);
    }
    if let Some(t) = &study.targets {
        let _ = writeln!(
            out,
            "\nTargets (all must hold together in at least {:.0} % of replications): {}",
            100.0 * t.confidence,
            t.list
                .iter()
                .map(|t| t.label.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        );
    }
    let shown = run.decision.plan.unwrap_or(study.baseline);
    if run.plans.len() > 1 || study.targets.is_some() {
        let name = run
            .decision
            .plan
            .map_or("none".to_string(), |i| format!("\"{}\"", run.plans[i].name));
        let _ = writeln!(out, "\nRecommendation: {name} — {}", reason(run));
    }
    let plan = &run.plans[shown];
    let pm = run.model(shown);
    let _ = writeln!(out, "\nPlan \"{}\" by channel and team", plan.name);
    let mut rows: Vec<(String, Vec<String>)> = pm
        .channels
        .iter()
        .zip(&plan.channels)
        .map(|(c, s)| (c.name.clone(), cells(s, &CHANNEL_COLS)))
        .collect();
    if pm.channels.len() > 1 {
        rows.push(("all channels".into(), cells(&plan.overall, &CHANNEL_COLS)));
    }
    grid(&mut out, "channel", &CHANNEL_COLS, rows);
    out.push('\n');
    let mut rows: Vec<(String, Vec<String>)> = pm
        .channels
        .iter()
        .zip(&plan.channels)
        .map(|(c, s)| (c.name.clone(), cells(s, &OUTCOME_COLS)))
        .collect();
    if pm.channels.len() > 1 {
        rows.push(("all channels".into(), cells(&plan.overall, &OUTCOME_COLS)));
    }
    grid(&mut out, "channel", &OUTCOME_COLS, rows);
    out.push('\n');
    let team_cols = with_cost(m.has_costs(), &TEAM_COLS);
    let rows = pm
        .teams
        .iter()
        .zip(&plan.teams)
        .map(|(t, s)| (t.name.clone(), cells(s, &team_cols)))
        .collect();
    grid(&mut out, "team", &team_cols, rows);
    if pm.has_costs() {
        cost_breakdown(&mut out, pm, plan);
    }
    for w in warnings(run) {
        let _ = writeln!(out, "\nwarning: {w}");
    }
    out
}
