//! The exporter interface: what turns an analysed run into output files.

use std::io;

use super::charts::ChartError;
use crate::analysis::Analysis;

/// Writes a file's bytes to the writer given.
pub type WriteFn<'a> = Box<dyn Fn(&mut dyn io::Write) -> Result<(), ExportError> + 'a>;

/// The content of one output file: its bytes, or a writer of them for a file too
/// big to hold in memory (`replications.csv`, read back from disk as it is
/// written out).
pub enum Content<'a> {
    /// The file's bytes.
    Bytes(Vec<u8>),
    /// Writes the file's bytes to the writer given.
    Stream(WriteFn<'a>),
}

impl Content<'_> {
    /// Writes the content to `w`.
    pub fn write_to(&self, w: &mut dyn io::Write) -> io::Result<()> {
        match self {
            Content::Bytes(b) => w.write_all(b),
            Content::Stream(f) => f(w).map_err(|e| match e {
                ExportError::Io(e) => e,
                e => io::Error::other(e),
            }),
        }
    }

    /// The content as bytes in memory (for a small file, or a test).
    pub fn to_bytes(&self) -> Result<Vec<u8>, ExportError> {
        match self {
            Content::Bytes(b) => Ok(b.clone()),
            Content::Stream(f) => {
                let mut v = Vec::new();
                f(&mut v)?;
                Ok(v)
            }
        }
    }
}

impl std::fmt::Debug for Content<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Content::Bytes(b) => write!(f, "Bytes({} bytes)", b.len()),
            Content::Stream(_) => f.write_str("Stream"),
        }
    }
}

/// Output files of a run.
pub trait Exporter {
    /// The files of `run`, as (file name, content), in the order they are written.
    fn render<'a>(&self, run: &'a Analysis<'_>) -> Result<Vec<(String, Content<'a>)>, ExportError>;
    /// Every file name this exporter can write, known before any run, so the app
    /// can tell a staffmix output directory from another before simulating.
    fn file_names(&self) -> Vec<String>;
}

/// An exporter of one file with a fixed name, held in memory.
pub(super) trait SingleFile {
    /// File name inside the output directory.
    fn file_name(&self) -> &'static str;
    /// The file's bytes.
    fn render(&self, run: &Analysis<'_>) -> Result<Vec<u8>, ExportError>;
}

impl<T: SingleFile> Exporter for T {
    fn render<'a>(&self, run: &'a Analysis<'_>) -> Result<Vec<(String, Content<'a>)>, ExportError> {
        let bytes = SingleFile::render(self, run)?;
        Ok(vec![(self.file_name().to_string(), Content::Bytes(bytes))])
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
    /// Reading data back from disk or writing the output failed.
    #[error(transparent)]
    Io(#[from] io::Error),
    /// A chart could not be drawn.
    #[error(transparent)]
    Chart(#[from] ChartError),
    /// The HTML report could not be rendered.
    #[error("could not render report.html: {0}")]
    Html(String),
}
