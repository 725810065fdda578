//! Exporters: turn an analysed run into bytes (summary.json, plans.csv,
//! replications.csv, intervals.csv, intervals_detail.csv, the charts, report.html,
//! the terminal table). Nothing here decides anything: the analysis has; nothing
//! here writes to the filesystem: the app writes the bytes (`replications.csv`
//! streams its rows back from the run's spill file as it is written).

mod chart_files;
pub mod charts;
mod csv_out;
mod export;
mod html;
mod json;
mod prose;
mod table;

pub use export::{Content, ExportError, Exporter};
pub use json::{RunMeta, Summary};
pub use prose::{reason, warning, warnings};
pub use table::render_table;

use std::rc::Rc;

use crate::analysis::Analysis;

/// The exporters of `staffmix run`, in the order their files are written: the
/// summary and the CSVs, each chart as SVG and PNG (unless `with_charts` is
/// false) and `report.html` (with the charts inline when drawn). The charts are
/// drawn once, for the first run rendered: use these exporters for one run.
pub fn exporters(with_charts: bool) -> Vec<Box<dyn Exporter>> {
    let charts = with_charts.then(|| Rc::new(chart_files::Drawn::default()));
    let mut list: Vec<Box<dyn Exporter>> = vec![
        Box::new(json::SummaryJson),
        Box::new(csv_out::PlansCsv),
        Box::new(csv_out::ReplicationsCsv),
        Box::new(csv_out::IntervalsCsv),
        Box::new(csv_out::IntervalsDetailCsv),
    ];
    if let Some(c) = &charts {
        list.push(Box::new(chart_files::ChartFiles(Rc::clone(c))));
    }
    list.push(Box::new(html::Report(charts)));
    list
}

/// Every output file of a run but `run.json`, as (file name, content), in the
/// order of [`exporters`].
pub fn render_files<'a>(
    run: &'a Analysis<'_>,
    with_charts: bool,
) -> Result<Vec<(String, Content<'a>)>, ExportError> {
    let mut files = Vec::new();
    for exporter in exporters(with_charts) {
        files.extend(exporter.render(run)?);
    }
    Ok(files)
}

/// Every file name the exporters of `staffmix run` can write (charts included),
/// known before simulating: a directory holding anything else (but `run.json`)
/// is not a staffmix output.
pub fn file_names() -> Vec<String> {
    exporters(true)
        .iter()
        .flat_map(|e| e.file_names())
        .collect()
}

/// Names of every chart file a run can write (drawn or not).
pub fn chart_file_names() -> impl Iterator<Item = String> {
    charts::NAMES
        .iter()
        .flat_map(|n| [format!("{n}.svg"), format!("{n}.png")])
}
