//! Exporters: turn an analysed run into bytes (summary.json, plans.csv,
//! replications.csv, intervals.csv, intervals_detail.csv, the charts, report.html,
//! the terminal table). Nothing here decides anything: the analysis has; nothing
//! here touches the filesystem: the app writes the bytes.

mod chart_files;
pub mod charts;
mod csv_out;
mod html;
mod json;
mod prose;
mod table;

pub use json::{RunMeta, Summary};
pub use prose::{reason, warning, warnings};
pub use table::render_table;

use std::rc::Rc;

use crate::analysis::Analysis;

/// Output files of a run.
pub trait Exporter {
    /// The files of `run`, as (file name, bytes), in the order they are written.
    fn render(&self, run: &Analysis<'_>) -> Result<Vec<(String, Vec<u8>)>, ExportError>;
}

/// An exporter of one file with a fixed name.
trait SingleFile {
    /// File name inside the output directory.
    fn file_name(&self) -> &'static str;
    /// The file's bytes.
    fn render(&self, run: &Analysis<'_>) -> Result<Vec<u8>, ExportError>;
}

impl<T: SingleFile> Exporter for T {
    fn render(&self, run: &Analysis<'_>) -> Result<Vec<(String, Vec<u8>)>, ExportError> {
        let bytes = SingleFile::render(self, run)?;
        Ok(vec![(self.file_name().to_string(), bytes)])
    }
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

/// Every output file of a run but `run.json`, as (file name, bytes), in the order
/// of [`exporters`].
pub fn render_files(
    run: &Analysis<'_>,
    with_charts: bool,
) -> Result<Vec<(String, Vec<u8>)>, ExportError> {
    let mut files = Vec::new();
    for exporter in exporters(with_charts) {
        files.extend(exporter.render(run)?);
    }
    Ok(files)
}

/// Names of every chart file a run can write, so the app can remove those an
/// earlier run left in the output directory that this run did not draw.
pub fn chart_file_names() -> impl Iterator<Item = String> {
    charts::NAMES
        .iter()
        .flat_map(|n| [format!("{n}.svg"), format!("{n}.png")])
}
