//! Charts of a run, each rendered as SVG and PNG with plotters: plan comparison,
//! sweep heat map, cost breakdown, CSAT and churn, wait distribution and the
//! interval timeline. Nothing here touches the filesystem: charts are returned as
//! bytes, like every other export.
//!
//! Every chart reads KPIs from the catalogue and is skipped when it has nothing to show (one
//! plan only, no costs, no two-dimensional sweep), never drawn empty. Plans keep
//! one colour across all charts. A sweep may have up to 1000 plans: the comparison
//! scatter and the heat map show them all, the per-plan charts a handful — the
//! baseline, the recommendation and plans on the cost–service frontier — and say so.

mod comparison;
mod context;
mod costs;
mod error;
mod frame;
mod heatmap;
mod legend;
mod range;
mod raster;
mod satisfaction;
mod style;
mod ticks;
mod timeline;
mod waits;

pub use error::ChartError;
pub use frame::Chart;

use crate::analysis::Analysis;
use context::Ctx;
use frame::push;

/// The file stem of every chart, in reading order.
pub const NAMES: [&str; 6] = [
    comparison::NAME,
    heatmap::NAME,
    costs::NAME,
    satisfaction::NAME,
    waits::NAME,
    timeline::NAME,
];

/// Renders every chart that has data for `run`, in reading order.
pub fn render(run: &Analysis<'_>) -> Result<Vec<Chart>, ChartError> {
    style::ensure_font()?;
    let ctx = Ctx::new(run);
    let mut out = Vec::new();
    push(&mut out, comparison::build(&ctx))?;
    push(&mut out, heatmap::build(&ctx))?;
    push(&mut out, costs::build(&ctx))?;
    push(&mut out, satisfaction::build(&ctx))?;
    push(&mut out, waits::build(&ctx))?;
    push(&mut out, timeline::build(&ctx))?;
    Ok(out)
}
