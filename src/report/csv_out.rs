//! `intervals.csv`: per plan, reporting interval and channel or team, the mean
//! across replications of the interval KPIs.

use super::{ExportError, Exporter, Run};

pub(super) struct IntervalsCsv;

fn ratio(num: f64, den: f64) -> String {
    if den > 0.0 {
        format!("{:.6}", num / den)
    } else {
        String::new()
    }
}

impl Exporter for IntervalsCsv {
    fn file_name(&self) -> &'static str {
        "intervals.csv"
    }

    fn render(&self, run: &Run<'_>) -> Result<Vec<u8>, ExportError> {
        let m = run.model;
        let reps = f64::from(run.config.replications);
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record([
            "plan",
            "interval",
            "start",
            "scope",
            "name",
            "offered",
            "handled",
            "abandoned",
            "service_level",
            "asa_s",
            "queue_mean",
            "agents_available",
            "occupancy",
        ])?;
        for plan in &run.plans {
            let t = &plan.intervals;
            for i in 0..t.len() {
                let from = i as f64 * m.interval_s;
                let len = (m.horizon_s - from).min(m.interval_s);
                let start = m
                    .start
                    .checked_add(jiff::SignedDuration::from_secs_f64(from))
                    .map(|d| d.to_string())
                    .unwrap_or_default();
                let head = |scope: &str, name: &str| {
                    [
                        plan.name.clone(),
                        i.to_string(),
                        start.clone(),
                        scope.into(),
                        name.into(),
                    ]
                };
                for (c, ch) in m.channels.iter().enumerate() {
                    let x = t.channel(i, c);
                    let offered = x.offered as f64;
                    let mut row = head("channel", &ch.name).to_vec();
                    row.extend([
                        format!("{:.4}", offered / reps),
                        format!("{:.4}", x.handled as f64 / reps),
                        format!("{:.4}", x.abandoned as f64 / reps),
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
                    let mut row = head("team", &team.name).to_vec();
                    row.extend(std::iter::repeat_n(String::new(), 6));
                    row.extend([
                        ratio(x.available_agent_s, reps * len),
                        ratio(x.busy_agent_s, x.present_agent_s),
                    ]);
                    w.write_record(&row)?;
                }
            }
        }
        w.into_inner()
            .map_err(|e| ExportError::Csv(e.into_error().into()))
    }
}
