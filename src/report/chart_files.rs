//! The charts as an exporter: drawn once, written as SVG and PNG.
//!
//! The drawn charts are shared with `report.html`, which shows them inline.

use std::cell::OnceCell;
use std::rc::Rc;

use super::charts::{self, Chart};
use super::export::{Content, ExportError, Exporter};
use crate::analysis::Analysis;

/// The charts of a run, drawn on first use.
#[derive(Debug, Default)]
pub(super) struct Drawn(OnceCell<Vec<Chart>>);

impl Drawn {
    /// The charts of `run`, drawing them if this is the first call.
    pub(super) fn get(&self, run: &Analysis<'_>) -> Result<&[Chart], ExportError> {
        if let Some(c) = self.0.get() {
            return Ok(c);
        }
        let drawn = charts::render(run)?;
        Ok(self.0.get_or_init(|| drawn))
    }
}

/// Writes each chart as `NAME.svg` and `NAME.png`.
pub(super) struct ChartFiles(pub(super) Rc<Drawn>);

impl Exporter for ChartFiles {
    fn render<'a>(&self, run: &'a Analysis<'_>) -> Result<Vec<(String, Content<'a>)>, ExportError> {
        Ok(self
            .0
            .get(run)?
            .iter()
            .flat_map(|c| {
                [
                    (
                        format!("{}.svg", c.name),
                        Content::Bytes(c.svg.clone().into_bytes()),
                    ),
                    (format!("{}.png", c.name), Content::Bytes(c.png.clone())),
                ]
            })
            .collect())
    }

    fn file_names(&self) -> Vec<String> {
        super::chart_file_names().collect()
    }
}
