//! The CSV exports: `plans.csv` (one row per plan), `replications.csv` (one row per
//! plan × replication), `intervals.csv` (per plan × interval: the estimate with its
//! confidence interval, and the p10/p90 spread across replications, of the overall
//! interval KPIs) and `intervals_detail.csv` (per plan × interval × channel or
//! team: the same estimates, pooled over replications). Cells of user text are
//! neutralised against spreadsheet formulas.

use indexmap::{IndexMap, IndexSet};

use super::export::{Content, ExportError, Exporter, SingleFile};
use super::table::OUTCOME_COLS;
use crate::analysis::Analysis;
use crate::kpi::Kpi;
use crate::model::CostBreakdown;
use crate::stats::{INTERVAL_KPIS, KpiStats};

/// The overall KPIs shown per plan in plans.csv, with their paired differences
/// (cost columns stay empty when the teams have no costs).
fn plan_kpis() -> Vec<Kpi> {
    [
        Kpi::CostTotal,
        Kpi::CostWarmup,
        Kpi::CostWithWarmup,
        Kpi::CostPerContact,
        Kpi::CostPerResolved,
    ]
    .into_iter()
    .chain(CostBreakdown::component_kpis())
    .chain([
        Kpi::PaidHours,
        Kpi::PaidHoursWarmup,
        Kpi::PaidHoursWithWarmup,
        Kpi::Hires,
        Kpi::Leavers,
        Kpi::Offered,
        Kpi::Handled,
        Kpi::AbandonRate,
        Kpi::ServiceLevel,
        Kpi::Occupancy,
    ])
    .chain(OUTCOME_COLS)
    .chain([Kpi::CostWithChurn])
    .collect()
}

/// The waiting-time KPIs plans.csv gives per channel (`<channel>.<kpi>_mean`):
/// pooled over channels, waits of seconds (chat) and hours (email) would mix.
const CHANNEL_KPIS: [Kpi; 4] = [Kpi::ServiceLevel, Kpi::AbandonRate, Kpi::Asa, Kpi::WaitP50];

/// A number as CSV text: shortest exact form, empty for "no data".
fn num(x: f64) -> String {
    if x.is_nan() {
        String::new()
    } else {
        x.to_string()
    }
}

/// A cell of user text (a plan, channel or team name, a sweep key, or a header
/// made from one) neutralised against spreadsheet formula injection as OWASP
/// advises: text starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets
/// a leading `'`, so a spreadsheet shows it as text instead of evaluating it.
/// Numbers never pass through here: `-5` stays a number.
fn text(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

fn finish(w: csv::Writer<Vec<u8>>) -> Result<Vec<u8>, ExportError> {
    w.into_inner()
        .map_err(|e| ExportError::Csv(e.into_error().into()))
}

pub(super) struct PlansCsv;

impl SingleFile for PlansCsv {
    fn file_name(&self) -> &'static str {
        "plans.csv"
    }

    fn render(&self, run: &Analysis<'_>) -> Result<Vec<u8>, ExportError> {
        let grid: IndexSet<&str> = run
            .study
            .plans
            .iter()
            .flat_map(|p| p.grid.iter().map(|(k, _)| k.as_str()))
            .collect();
        let kpis = plan_kpis();
        let mut w = csv::Writer::from_writer(Vec::new());
        let mut header: Vec<String> = vec!["plan".into()];
        header.extend(grid.iter().map(|k| text(k)));
        header.extend(["targets_met".into(), "recommended".into()]);
        for &k in &kpis {
            header.extend([format!("{k}_mean"), format!("{k}_ci95")]);
        }
        let channels = &run.model(0).channels;
        for c in channels {
            for k in CHANNEL_KPIS {
                header.extend([
                    text(&format!("{}.{k}_mean", c.name)),
                    text(&format!("{}.{k}_ci95", c.name)),
                ]);
            }
        }
        for &k in &kpis {
            header.extend([format!("{k}_vs_baseline"), format!("{k}_vs_baseline_ci95")]);
        }
        w.write_record(&header)?;
        for (i, p) in run.plans.iter().enumerate() {
            let plan = &run.study.plans[i];
            let mut row = vec![text(&p.name)];
            row.extend(grid.iter().map(|k| {
                plan.grid
                    .iter()
                    .find(|(g, _)| g == k)
                    .map_or(String::new(), |(_, v)| num(*v))
            }));
            row.push(
                run.targets[i]
                    .as_ref()
                    .map_or(String::new(), |t| num(t.met)),
            );
            row.push((run.decision.plan == Some(i)).to_string());
            // Each KPI's mean and CI half-width, empty where it is not measured.
            let mut cells = |stats: Option<&IndexMap<Kpi, KpiStats>>, list: &[Kpi]| {
                for k in list {
                    let s = stats.and_then(|m| m.get(k));
                    row.extend([
                        s.map_or(String::new(), |s| num(s.mean)),
                        s.map_or(String::new(), |s| num(s.ci95)),
                    ]);
                }
            };
            cells(Some(&p.overall.stats()), &kpis);
            for c in &p.channels {
                cells(Some(&c.stats()), &CHANNEL_KPIS);
            }
            cells(run.vs_baseline[i].as_ref(), &kpis);
            w.write_record(&row)?;
        }
        finish(w)
    }
}

pub(super) struct ReplicationsCsv;

/// Each plan's columns in the order of its rows (see [`crate::rows`]): its overall
/// KPIs, then each channel's and each team's, as (scope name, KPI), "" for overall.
fn row_columns(run: &Analysis<'_>) -> Vec<Vec<(String, Kpi)>> {
    run.plans
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let m = run.model(i);
            let ch = m.channels.iter().map(|c| c.name.as_str()).zip(&p.channels);
            let scopes = ch.chain(m.teams.iter().map(|t| t.name.as_str()).zip(&p.teams));
            std::iter::once(("", &p.overall))
                .chain(scopes)
                .flat_map(|(name, s)| s.kpis().map(move |k| (name.to_string(), k)))
                .collect()
        })
        .collect()
}

/// The file name of [`ReplicationsCsv`].
const REPLICATIONS_CSV: &str = "replications.csv";

impl Exporter for ReplicationsCsv {
    fn render<'a>(&self, run: &'a Analysis<'_>) -> Result<Vec<(String, Content<'a>)>, ExportError> {
        let stream = move |out: &mut dyn std::io::Write| -> Result<(), ExportError> {
            let columns = row_columns(run);
            // Plans may add teams, so columns are the union over plans, in order of
            // appearance: overall KPIs first, then the scoped ones.
            let (overall, scoped): (Vec<_>, Vec<_>) = columns
                .iter()
                .flatten()
                .cloned()
                .collect::<IndexSet<(String, Kpi)>>()
                .into_iter()
                .partition(|(s, _)| s.is_empty());
            let mut w = csv::Writer::from_writer(out);
            let mut header = vec![
                "plan".to_string(),
                "replication".into(),
                "targets_met".into(),
            ];
            header.extend(overall.iter().map(|(_, k)| k.to_string()));
            header.extend(scoped.iter().map(|(s, k)| text(&format!("{s}.{k}"))));
            w.write_record(&header)?;
            for (i, p) in run.plans.iter().enumerate() {
                // Where each column's value sits in this plan's rows, if it has it.
                let at: Vec<Option<usize>> = (overall.iter().chain(&scoped))
                    .map(|c| columns[i].iter().position(|x| x == c))
                    .collect();
                let name = text(&p.name);
                let mut r = 0_u64;
                run.rows.for_each(i, |row| -> Result<(), ExportError> {
                    let mut cells = vec![name.clone(), r.to_string()];
                    cells.push(
                        row.targets_met
                            .map_or(String::new(), |m| u8::from(m).to_string()),
                    );
                    cells.extend(
                        at.iter()
                            .map(|k| k.map_or(String::new(), |k| num(row.value(k)))),
                    );
                    w.write_record(&cells)?;
                    r += 1;
                    Ok(())
                })?;
            }
            w.flush()?;
            Ok(())
        };
        Ok(vec![(
            REPLICATIONS_CSV.to_string(),
            Content::Stream(Box::new(stream)),
        )])
    }

    fn file_names(&self) -> Vec<String> {
        vec![REPLICATIONS_CSV.to_string()]
    }
}

/// Local date-time at which interval `i` of a run starts.
fn interval_start(run: &Analysis<'_>, i: usize) -> String {
    let m = run.study.base();
    m.start
        .checked_add(jiff::SignedDuration::from_secs_f64(i as f64 * m.interval_s))
        .map(|d| d.to_string())
        .unwrap_or_default()
}

pub(super) struct IntervalsCsv;

impl SingleFile for IntervalsCsv {
    fn file_name(&self) -> &'static str {
        "intervals.csv"
    }

    fn render(&self, run: &Analysis<'_>) -> Result<Vec<u8>, ExportError> {
        let mut w = csv::Writer::from_writer(Vec::new());
        let mut header = vec!["plan".to_string(), "interval".into(), "start".into()];
        for k in INTERVAL_KPIS {
            header.extend([
                format!("{k}_mean"),
                format!("{k}_ci95"),
                format!("{k}_p10"),
                format!("{k}_p90"),
            ]);
        }
        w.write_record(&header)?;
        for p in &run.plans {
            for (i, bands) in p.intervals.bands.iter().enumerate() {
                let mut row = vec![text(&p.name), i.to_string(), interval_start(run, i)];
                for b in bands {
                    row.extend([num(b.mean()), num(b.ci95()), num(b.p10()), num(b.p90())]);
                }
                w.write_record(&row)?;
            }
        }
        finish(w)
    }
}

pub(super) struct IntervalsDetailCsv;

/// The KPIs of intervals_detail.csv: contact KPIs (per channel), then staffing
/// KPIs (per team).
const DETAIL_KPIS: [Kpi; 8] = [
    Kpi::Offered,
    Kpi::Handled,
    Kpi::Abandoned,
    Kpi::ServiceLevel,
    Kpi::Asa,
    Kpi::QueueMean,
    Kpi::AgentsAvailable,
    Kpi::Occupancy,
];

fn ratio(num_: f64, den: f64) -> String {
    num(crate::stats::Measure::ratio(num_, den).value())
}

impl SingleFile for IntervalsDetailCsv {
    fn file_name(&self) -> &'static str {
        "intervals_detail.csv"
    }

    fn render(&self, run: &Analysis<'_>) -> Result<Vec<u8>, ExportError> {
        let mut w = csv::Writer::from_writer(Vec::new());
        let head = ["plan", "interval", "start", "scope", "name"];
        w.write_record(head.into_iter().chain(DETAIL_KPIS.map(Kpi::name)))?;
        for (pi, plan) in run.plans.iter().enumerate() {
            let m = run.model(pi);
            let stats = &plan.intervals;
            let reps = stats.replications as f64;
            let t = &stats.detail;
            for (i, len) in stats.lengths.iter().enumerate() {
                let start = interval_start(run, i);
                let head = |scope: &str, name: &str| {
                    vec![
                        text(&plan.name),
                        i.to_string(),
                        start.clone(),
                        scope.into(),
                        text(name),
                    ]
                };
                for (c, ch) in m.channels.iter().enumerate() {
                    let x = t.channel(i, c);
                    let offered = x.offered as f64;
                    let mut row = head("channel", &ch.name);
                    row.extend([
                        ratio(offered, reps),
                        ratio(x.handled as f64, reps),
                        ratio(x.abandoned as f64, reps),
                        ratio(x.within_sl as f64, offered),
                        ratio(x.wait_handled_s, x.handled as f64),
                        ratio(x.queue_s, reps * len),
                        String::new(),
                        String::new(),
                    ]);
                    w.write_record(&row)?;
                }
                for (k, team) in m.teams.iter().enumerate() {
                    let x = t.team(i, k);
                    let mut row = head("team", &team.name);
                    row.extend(std::iter::repeat_n(String::new(), 6));
                    row.extend([
                        ratio(x.available_agent_s, reps * len),
                        ratio(x.busy_agent_s, x.present_agent_s),
                    ]);
                    w.write_record(&row)?;
                }
            }
        }
        finish(w)
    }
}
