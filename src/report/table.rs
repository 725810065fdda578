//! The readable summary printed on stdout after a run.

use std::fmt::Write;

use super::prose::{reason, warnings};
use crate::analysis::{Analysis, DecisionCost};
use crate::kpi::{Format, Kpi};
use crate::model::{CostBreakdown, Model};
use crate::runner::PlanResult;
use crate::stats::{KpiSeries, KpiStats};
use crate::terminal::escaped;

/// What happened to the customers of each channel: satisfaction, resolution, churn
/// (also columns of plans.csv).
pub(super) const OUTCOME_COLS: [Kpi; 7] = [
    Kpi::Csat,
    Kpi::Fcr,
    Kpi::Escalations,
    Kpi::Repeats,
    Kpi::ResolutionTime,
    Kpi::Churned,
    Kpi::ChurnCost,
];

/// How each channel was served.
const CHANNEL_COLS: [Kpi; 8] = [
    Kpi::Offered,
    Kpi::Handled,
    Kpi::AbandonRate,
    Kpi::Asa,
    Kpi::WaitP50,
    Kpi::PWait,
    Kpi::ServiceLevel,
    Kpi::Backlog,
];

/// What each team did and cost in staff time.
const TEAM_COLS: [Kpi; 7] = [
    Kpi::PaidHours,
    Kpi::AgentsAvailable,
    Kpi::Occupancy,
    Kpi::Handled,
    Kpi::Aht,
    Kpi::Hires,
    Kpi::Leavers,
];

/// The row of every channel's contacts pooled together: its waits mix the
/// channels' time scales and describe no channel.
const POOLED_ROW: &str = "all channels pooled";

/// A fraction as the table shows it: "87.5%".
pub(super) fn pct(x: f64) -> String {
    Format::Percent.apply(x)
}

/// The column titles of `cols`.
pub(super) fn titles(cols: &[Kpi]) -> Vec<&'static str> {
    cols.iter().map(|k| k.title()).collect()
}

/// Renders "mean ± ci95" cells for each column of each row.
pub(super) fn cells(series: &KpiSeries, cols: &[Kpi]) -> Vec<String> {
    let stats = series.stats();
    cols.iter()
        .map(|c| match stats.get(c) {
            Some(KpiStats { mean, ci95, n, .. }) if *n > 1 => {
                format!("{} ±{}", c.show(*mean), c.show(*ci95))
            }
            Some(KpiStats { mean, .. }) => c.show(*mean),
            None => "–".into(),
        })
        .collect()
}

/// Rows of cells under titles, columns aligned. Row names and titles (which may
/// hold channel names) are user text: their control characters are escaped.
fn grid(out: &mut String, first: &str, titles: &[&str], rows: Vec<(String, Vec<String>)>) {
    let titles: Vec<String> = titles.iter().map(|t| escaped(t).into_owned()).collect();
    let rows: Vec<(String, Vec<String>)> = rows
        .into_iter()
        .map(|(name, cells)| (escaped(&name).into_owned(), cells))
        .collect();
    let mut widths: Vec<usize> = std::iter::once(first.len())
        .chain(titles.iter().map(|t| t.len()))
        .collect();
    for (name, cells) in &rows {
        widths[0] = widths[0].max(name.chars().count());
        for (w, c) in widths[1..].iter_mut().zip(cells) {
            *w = (*w).max(c.chars().count());
        }
    }
    let _ = write!(out, "{first:<w$}", w = widths[0]);
    for (t, w) in titles.iter().zip(&widths[1..]) {
        let _ = write!(out, "  {t:>w$}", w = *w);
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

/// The overall KPIs of the plan comparison. Waiting times are not among them:
/// pooled across channels they would average phone seconds with email hours, so
/// each channel's service is shown on its own ([`service_cells`]).
const PLAN_COLS: [Kpi; 5] = [
    Kpi::PaidHours,
    Kpi::Occupancy,
    Kpi::Backlog,
    Kpi::Csat,
    Kpi::Churned,
];

/// The title of each channel's service column: "phone SL/ab".
pub(super) fn service_titles(m: &Model) -> Vec<String> {
    m.channels
        .iter()
        .map(|c| format!("{} SL/ab", c.name))
        .collect()
}

/// Per channel, the mean service level and abandon rate of `plan`:
/// "82.1%/3.1%".
pub(super) fn service_cells(plan: &PlanResult) -> Vec<String> {
    let show = |s: &KpiSeries, kpi| s.mean(kpi).map_or("–".into(), pct);
    plan.channels
        .iter()
        .map(|s| {
            format!(
                "{}/{}",
                show(s, Kpi::ServiceLevel),
                show(s, Kpi::AbandonRate)
            )
        })
        .collect()
}

/// The legend of the service columns.
pub(super) const SERVICE_NOTE: &str =
    "SL/ab: each channel's service level / abandon rate, ratios pooled over replications";

/// `cols`, led by the total cost when the teams have costs.
fn with_cost(has_costs: bool, cols: &[Kpi]) -> Vec<Kpi> {
    let head = has_costs.then_some(Kpi::CostTotal);
    head.into_iter().chain(cols.iter().copied()).collect()
}

/// The columns of the plan comparison (and of the differences from the baseline),
/// with the warm-up's part of what plans are ranked by beside its statistics-window
/// part when the scenario has a warm-up.
pub(super) fn plan_columns(ranked: DecisionCost) -> Vec<Kpi> {
    let mut cols = with_cost(ranked.is_money(), &PLAN_COLS);
    if let Some(warmup) = ranked.warmup {
        let at = cols
            .iter()
            .position(|&k| k == ranked.window)
            .map_or(0, |p| p + 1);
        cols.insert(at, warmup);
    }
    cols
}

/// What the plan table's cost columns cover, when the scenario has a warm-up.
fn cost_columns_note(ranked: DecisionCost, window: &str) -> Option<String> {
    let warmup = ranked.warmup?;
    Some(format!(
        "\"{}\": over the statistics window, {window}; \"{}\": preparing the plan during the warm-up before it. \
         Plans are ranked by the two together ({}).",
        ranked.window.title(),
        warmup.title(),
        ranked.kpi
    ))
}

/// "+1.2% ±0.3%" cells of paired differences.
pub(super) fn diff_cells(diff: &indexmap::IndexMap<Kpi, KpiStats>, cols: &[Kpi]) -> Vec<String> {
    cols.iter()
        .map(|c| match diff.get(c) {
            Some(s) => {
                let sign = if s.mean >= 0.0 { "+" } else { "" };
                format!("{sign}{} ±{}", c.show(s.mean), c.show(s.ci95))
            }
            None => "–".into(),
        })
        .collect()
}

/// The cost of each team by component (components that are zero everywhere are
/// left out), with the plan's total.
fn cost_breakdown(out: &mut String, pm: &crate::model::Model, plan: &crate::runner::PlanResult) {
    let cols: Vec<Kpi> = CostBreakdown::component_kpis()
        .into_iter()
        .filter(|&k| {
            plan.overall
                .get(k)
                .is_some_and(|s| s.min != 0.0 || s.max != 0.0)
        })
        .collect();
    let mut rows: Vec<(String, Vec<String>)> = pm
        .teams
        .iter()
        .zip(&plan.teams)
        .map(|(t, s)| (t.name.clone(), cells(s, &cols)))
        .collect();
    rows.push(("all teams".into(), cells(&plan.overall, &cols)));
    let _ = writeln!(
        out,
        "\nCost by component, over the statistics window, {}",
        pm.window_words()
    );
    grid(out, "team", &titles(&cols), rows);
}

/// The table of a run: the plans side by side (with targets), their paired
/// differences from the baseline, the recommendation, then channels and teams of
/// the recommended (or baseline) plan. Each cell is the estimate over all replications ±
/// the 95 % confidence half-width.
pub fn render_table(run: &Analysis<'_>) -> String {
    let study = run.study;
    let m = study.base();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} — {} plan{} × {} replications, seed {}, horizon {:.1} days (statistics after a {:.1} h warm-up)",
        escaped(&study.name),
        run.plans.len(),
        if run.plans.len() == 1 { "" } else { "s" },
        run.config.replications,
        run.config.seed,
        m.horizon_s / 86_400.0,
        m.warmup_s / 3600.0
    );
    let _ = writeln!(
        out,
        "Each cell: estimate over all replications (ratios pooled: Σ numerator ÷ Σ denominator) ± 95 % confidence half-width."
    );
    let ranked = DecisionCost::of(study);
    let plan_cols = plan_columns(ranked);
    if run.plans.len() > 1 || study.targets.is_some() {
        out.push('\n');
        let mut cols = titles(&plan_cols);
        let rows = run
            .plans
            .iter()
            .zip(&run.targets)
            .map(|(p, t)| {
                let mut c = cells(&p.overall, &plan_cols);
                if let Some(t) = t {
                    c.push(pct(t.met));
                }
                (p.name.clone(), c)
            })
            .collect();
        if study.targets.is_some() {
            cols.push("targets met");
        }
        grid(&mut out, "plan", &cols, rows);
        if let Some(note) = cost_columns_note(ranked, &m.window_words()) {
            let _ = writeln!(out, "{note}");
        }
        let _ = writeln!(out, "\nService by channel ({SERVICE_NOTE}):");
        let titles = service_titles(m);
        let titles: Vec<&str> = titles.iter().map(String::as_str).collect();
        let rows = (run.plans.iter())
            .map(|p| (p.name.clone(), service_cells(p)))
            .collect();
        grid(&mut out, "plan", &titles, rows);
    }
    if run.plans.len() > 1 {
        let base = run.baseline();
        let _ = writeln!(
            out,
            "\nDifference from the baseline \"{}\" (paired: same customers in each replication):",
            escaped(&base.name)
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
        grid(&mut out, "plan", &titles(&plan_cols), rows);
    }
    if let Some(t) = &study.targets {
        let _ = writeln!(
            out,
            "\nTargets (all must hold together in at least {:.0} % of replications): {}",
            100.0 * t.confidence,
            escaped(
                &t.list
                    .iter()
                    .map(|t| t.label.as_str())
                    .collect::<Vec<_>>()
                    .join("; ")
            )
        );
    }
    let shown = run.decision.plan.unwrap_or(study.baseline);
    if run.plans.len() > 1 || study.targets.is_some() {
        let name = run.decision.plan.map_or("none".to_string(), |i| {
            format!("\"{}\"", escaped(&run.plans[i].name))
        });
        let _ = writeln!(out, "\nRecommendation: {name} — {}", escaped(&reason(run)));
    }
    let plan = &run.plans[shown];
    let pm = run.model(shown);
    let _ = writeln!(
        out,
        "\nPlan \"{}\" by channel and team",
        escaped(&plan.name)
    );
    let mut rows: Vec<(String, Vec<String>)> = pm
        .channels
        .iter()
        .zip(&plan.channels)
        .map(|(c, s)| (c.name.clone(), cells(s, &CHANNEL_COLS)))
        .collect();
    if pm.channels.len() > 1 {
        rows.push((POOLED_ROW.into(), cells(&plan.overall, &CHANNEL_COLS)));
    }
    grid(&mut out, "channel", &titles(&CHANNEL_COLS), rows);
    out.push('\n');
    let mut rows: Vec<(String, Vec<String>)> = pm
        .channels
        .iter()
        .zip(&plan.channels)
        .map(|(c, s)| (c.name.clone(), cells(s, &OUTCOME_COLS)))
        .collect();
    if pm.channels.len() > 1 {
        rows.push((POOLED_ROW.into(), cells(&plan.overall, &OUTCOME_COLS)));
    }
    grid(&mut out, "channel", &titles(&OUTCOME_COLS), rows);
    out.push('\n');
    let team_cols = with_cost(m.has_costs(), &TEAM_COLS);
    let rows = pm
        .teams
        .iter()
        .zip(&plan.teams)
        .map(|(t, s)| (t.name.clone(), cells(s, &team_cols)))
        .collect();
    grid(&mut out, "team", &titles(&team_cols), rows);
    if pm.has_costs() {
        cost_breakdown(&mut out, pm, plan);
    }
    for w in warnings(run) {
        let _ = writeln!(out, "\nwarning: {}", escaped(&w));
    }
    out
}
