//! The exporter interface: what turns an analysed run into output files.

use super::charts::ChartError;
use crate::analysis::Analysis;

/// Output files of a run.
pub trait Exporter {
    /// The files of `run`, as (file name, bytes), in the order they are written.
    fn render(&self, run: &Analysis<'_>) -> Result<Vec<(String, Vec<u8>)>, ExportError>;
    /// Every file name this exporter can write, known before any run, so the app
    /// can tell a staffmix output directory from another before simulating.
    fn file_names(&self) -> Vec<String>;
}

/// An exporter of one file with a fixed name.
pub(super) trait SingleFile {
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

    fn file_names(&self) -> Vec<String> {
        vec![self.file_name().to_string()]
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
    Chart(#[from] ChartError),
    /// The HTML report could not be rendered.
    #[error("could not render report.html: {0}")]
    Html(String),
}
