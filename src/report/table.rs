//! The readable summary printed on stdout after a run.

use std::fmt::Write;

use super::Run;
use crate::stats::{KpiSeries, KpiStats};

/// How a KPI is shown: its column title and its formatting.
struct Col {
    kpi: &'static str,
    title: &'static str,
    fmt: fn(f64) -> String,
}

fn count(x: f64) -> String {
    if x >= 100.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}
fn pct(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}
fn secs(x: f64) -> String {
    format!("{x:.1}")
}

const CHANNEL_COLS: [Col; 8] = [
    Col {
        kpi: "offered",
        title: "offered",
        fmt: count,
    },
    Col {
        kpi: "handled",
        title: "handled",
        fmt: count,
    },
    Col {
        kpi: "abandon_rate",
        title: "abandoned",
        fmt: pct,
    },
    Col {
        kpi: "asa_s",
        title: "ASA s",
        fmt: secs,
    },
    Col {
        kpi: "wait_p50_s",
        title: "median wait s",
        fmt: secs,
    },
    Col {
        kpi: "p_wait",
        title: "waited",
        fmt: pct,
    },
    Col {
        kpi: "service_level",
        title: "service level",
        fmt: pct,
    },
    Col {
        kpi: "backlog",
        title: "backlog",
        fmt: count,
    },
];

const TEAM_COLS: [Col; 4] = [
    Col {
        kpi: "agents_available",
        title: "agents avail.",
        fmt: count,
    },
    Col {
        kpi: "occupancy",
        title: "occupancy",
        fmt: pct,
    },
    Col {
        kpi: "handled",
        title: "handled",
        fmt: count,
    },
    Col {
        kpi: "aht_s",
        title: "AHT s",
        fmt: secs,
    },
];

/// Renders "mean ± ci95" cells for each column of each row.
fn cells(series: &KpiSeries, cols: &[Col]) -> Vec<String> {
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

/// The table of a run: per plan, channels (and all channels together) and teams,
/// each cell the mean across replications ± the 95 % confidence half-width.
pub fn render_table(run: &Run<'_>) -> String {
    let m = run.model;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} — {} replications, seed {}, horizon {:.1} days (statistics after a {:.1} h warm-up)",
        m.name,
        run.config.replications,
        run.config.seed,
        m.horizon_s / 86_400.0,
        m.warmup_s / 3600.0
    );
    let _ = writeln!(
        out,
        "Each cell: mean across replications ± 95 % confidence half-width."
    );
    for plan in &run.plans {
        let _ = writeln!(out, "\nPlan \"{}\"", plan.name);
        let mut rows: Vec<(String, Vec<String>)> = m
            .channels
            .iter()
            .zip(&plan.channels)
            .map(|(c, s)| (c.name.clone(), cells(s, &CHANNEL_COLS)))
            .collect();
        if m.channels.len() > 1 {
            rows.push(("all channels".into(), cells(&plan.overall, &CHANNEL_COLS)));
        }
        grid(&mut out, "channel", &CHANNEL_COLS, rows);
        out.push('\n');
        let rows = m
            .teams
            .iter()
            .zip(&plan.teams)
            .map(|(t, s)| (t.name.clone(), cells(s, &TEAM_COLS)))
            .collect();
        grid(&mut out, "team", &TEAM_COLS, rows);
    }
    for w in super::warnings(run) {
        let _ = writeln!(out, "\nwarning: {w}");
    }
    out
}
