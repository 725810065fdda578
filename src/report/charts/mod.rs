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
mod costs;
mod heatmap;
mod legend;
mod raster;
mod satisfaction;
mod style;
mod ticks;
mod timeline;
mod waits;

use indexmap::IndexMap;
use plotters::coord::Shift;
use plotters::prelude::*;

use crate::analysis::{Analysis, cost_kpi};
use crate::kpi::Kpi;
use crate::stats::KpiStats;

/// One rendered chart.
#[derive(Debug, Clone)]
pub struct Chart {
    /// File stem: the chart is written as `NAME.svg` and `NAME.png`.
    pub name: &'static str,
    /// Title drawn on the chart.
    pub title: String,
    /// One sentence saying what the chart shows (for the report).
    pub caption: String,
    /// SVG document.
    pub svg: String,
    /// PNG image.
    pub png: Vec<u8>,
}

/// A chart could not be rendered.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ChartError {
    /// The embedded font is invalid (a build problem).
    #[error("the embedded chart font (assets/DejaVuSans.ttf) could not be loaded")]
    Font,
    /// Drawing failed.
    #[error("could not draw chart {chart}: {message}")]
    Draw {
        /// Chart name.
        chart: &'static str,
        /// What went wrong.
        message: String,
    },
    /// PNG encoding failed.
    #[error("could not encode {chart}.png: {message}")]
    Png {
        /// Chart name.
        chart: &'static str,
        /// What went wrong.
        message: String,
    },
}

/// The file stem of every chart, in reading order.
pub const NAMES: [&str; 6] = [
    comparison::NAME,
    heatmap::NAME,
    costs::NAME,
    satisfaction::NAME,
    waits::NAME,
    timeline::NAME,
];

/// Most plans drawn in the per-plan charts (one colour each).
const MAX_SHOWN: usize = style::PLAN_COLOURS.len();

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

/// Result of drawing on a backend.
type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// A chart before rendering: drawn once on the SVG and once on the bitmap backend.
trait Figure {
    /// File stem.
    const NAME: &'static str;
    /// Title drawn at the top.
    fn title(&self) -> String;
    /// One sentence for the report.
    fn caption(&self) -> String;
    /// A note drawn at the bottom (e.g. which plans are shown).
    fn note(&self) -> Option<String> {
        None
    }
    /// Height in pixels (the width is [`style::WIDTH`]).
    fn height(&self) -> u32;
    /// Draws the body (everything but title and note).
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB>;
}

/// Height of the title band.
const TITLE_H: u32 = 56;
/// Height of the note band.
const NOTE_H: u32 = 30;
/// Width of the body inside [`frame`]'s margins.
const BODY_W: u32 = style::WIDTH - 36;

/// Title, body and note of `f` on `root`.
fn frame<DB: DrawingBackend, F: Figure>(root: &DrawingArea<DB, Shift>, f: &F) -> DrawResult<DB> {
    root.fill(&WHITE)?;
    let (_, h) = root.dim_in_pixel();
    let (head, body) = root.split_vertically(TITLE_H);
    head.draw_text(&f.title(), &style::title(), (24, 18))?;
    let body = match f.note() {
        Some(note) => {
            let (body, foot) = body.split_vertically(h - TITLE_H - NOTE_H);
            foot.draw_text(&note, &style::note(), (24, 6))?;
            body
        }
        None => body,
    };
    f.draw(&body.margin(0, 8, 12, 24))
}

/// Renders `figure` (if any) to SVG and PNG and appends it to `out`.
fn push<F: Figure>(out: &mut Vec<Chart>, figure: Option<F>) -> Result<(), ChartError> {
    let Some(f) = figure else {
        return Ok(());
    };
    let size = (style::WIDTH, f.height());
    let draw_err = |e: &dyn std::fmt::Display| ChartError::Draw {
        chart: F::NAME,
        message: e.to_string(),
    };
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        frame(&root, &f).map_err(|e| draw_err(&e))?;
        root.present().map_err(|e| draw_err(&e))?;
    }
    let mut rgb = vec![0u8; size.0 as usize * size.1 as usize * 3];
    {
        let root = raster::Raster::new(&mut rgb, size)
            .ok_or(ChartError::Font)?
            .into_drawing_area();
        frame(&root, &f).map_err(|e| draw_err(&e))?;
        root.present().map_err(|e| draw_err(&e))?;
    }
    out.push(Chart {
        name: F::NAME,
        title: f.title(),
        caption: f.caption(),
        svg,
        png: encode_png(&rgb, size).map_err(|e| ChartError::Png {
            chart: F::NAME,
            message: e.to_string(),
        })?,
    });
    Ok(())
}

/// An RGB buffer as PNG bytes.
fn encode_png(rgb: &[u8], (w, h): (u32, u32)) -> Result<Vec<u8>, png::EncodingError> {
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, w, h);
    enc.set_color(png::ColorType::Rgb);
    enc.set_depth(png::BitDepth::Eight);
    let mut writer = enc.write_header()?;
    writer.write_image_data(rgb)?;
    writer.finish()?;
    Ok(out)
}

/// What every chart needs about the run, computed once.
struct Ctx<'r, 'a> {
    run: &'r Analysis<'a>,
    /// Overall KPI statistics per plan.
    stats: Vec<IndexMap<Kpi, KpiStats>>,
    /// The KPI plans are ranked by.
    cost_kpi: Kpi,
    /// Plans drawn in the per-plan charts, in plan order.
    shown: Vec<usize>,
}

impl<'r, 'a> Ctx<'r, 'a> {
    fn new(run: &'r Analysis<'a>) -> Self {
        let stats = run.plans.iter().map(|p| p.overall.stats()).collect();
        let mut ctx = Ctx {
            run,
            stats,
            cost_kpi: cost_kpi(run.study),
            shown: Vec::new(),
        };
        ctx.shown = ctx.select_shown();
        ctx
    }

    /// Number of plans.
    fn n(&self) -> usize {
        self.run.plans.len()
    }

    /// Statistics of an overall KPI of plan `i`.
    fn stat(&self, i: usize, kpi: Kpi) -> Option<&KpiStats> {
        self.stats[i].get(&kpi)
    }

    /// Whether the plans are ranked by money (else by paid hours).
    fn has_costs(&self) -> bool {
        self.cost_kpi != Kpi::PaidHours
    }

    /// Axis title of the ranking KPI, with its unit.
    fn cost_title(&self) -> &'static str {
        if self.has_costs() {
            "Staffing cost over the horizon (scenario currency)"
        } else {
            "Paid agent-hours over the horizon (h)"
        }
    }

    /// The plans on the Pareto frontier of cost (lower is better) against
    /// `quality` (higher is better), by increasing cost.
    fn frontier(&self, quality: Kpi) -> Vec<usize> {
        let mut pts: Vec<(usize, f64, f64)> = (0..self.n())
            .filter_map(|i| {
                Some((
                    i,
                    self.stat(i, self.cost_kpi)?.mean,
                    self.stat(i, quality)?.mean,
                ))
            })
            .collect();
        pts.sort_by(|a, b| a.1.total_cmp(&b.1).then(b.2.total_cmp(&a.2)));
        let mut best = f64::NEG_INFINITY;
        pts.into_iter()
            .filter(|&(_, _, q)| {
                let keep = q > best;
                best = best.max(q);
                keep
            })
            .map(|(i, _, _)| i)
            .collect()
    }

    /// All plans when they fit the palette; otherwise the recommendation, the
    /// baseline and plans spread along the cost–service frontier.
    fn select_shown(&self) -> Vec<usize> {
        if self.n() <= MAX_SHOWN {
            return (0..self.n()).collect();
        }
        let mut shown: Vec<usize> = self.run.decision.plan.into_iter().collect();
        if !shown.contains(&self.run.study.baseline) {
            shown.push(self.run.study.baseline);
        }
        let frontier: Vec<usize> = self
            .frontier(Kpi::ServiceLevel)
            .into_iter()
            .filter(|i| !shown.contains(i))
            .collect();
        let room = MAX_SHOWN - shown.len();
        if frontier.len() <= room {
            shown.extend(frontier);
        } else if room > 0 {
            // Evenly spread along the frontier, both ends included.
            let last = frontier.len() - 1;
            let mut picks: Vec<usize> = (0..room)
                .map(|k| frontier[(k * last).div_ceil((room - 1).max(1))])
                .collect();
            picks.dedup();
            shown.extend(picks);
        }
        shown.sort_unstable();
        shown.dedup();
        shown
    }

    /// The note of a per-plan chart when not every plan is drawn.
    fn shown_note(&self) -> Option<String> {
        (self.shown.len() < self.n()).then(|| {
            format!(
                "Showing {} of {} plans: the baseline, the recommendation and plans on the cost–service-level \
                 frontier. Every plan is in plans.csv.",
                self.shown.len(),
                self.n()
            )
        })
    }

    /// Colour of plan `i`: its palette colour when shown, grey otherwise.
    fn colour(&self, i: usize) -> RGBColor {
        self.shown
            .iter()
            .position(|&s| s == i)
            .map_or(style::MUTED, |k| {
                style::PLAN_COLOURS[k % style::PLAN_COLOURS.len()]
            })
    }

    /// Label of plan `i` in legends and on axes.
    fn label(&self, i: usize) -> String {
        let name = style::shorten(&self.run.plans[i].name, 36);
        if self.run.decision.plan == Some(i) {
            format!("{name} (recommended)")
        } else if i == self.run.study.baseline && self.n() > 1 {
            format!("{name} (baseline)")
        } else {
            name
        }
    }

    /// Legend entries of the shown plans.
    fn plan_legend(&self, legend: &mut legend::Legend, mark: fn(RGBColor) -> legend::Mark) {
        for &i in &self.shown {
            legend.add(mark(self.colour(i)), self.label(i));
        }
    }

    /// Value of an overall target on `kpi`, if the study sets one.
    fn overall_target(&self, kpi: Kpi) -> Option<f64> {
        use crate::model::{Bound, Scope};
        let targets = self.run.study.targets.as_ref()?;
        targets
            .list
            .iter()
            .find(|t| t.scope == Scope::Overall && t.kpi == kpi)
            .map(|t| match t.bound {
                Bound::AtLeast(v) | Bound::AtMost(v) => v,
            })
    }
}

/// The shown plans as the rows of a horizontal chart, first plan at the top.
struct PlanRows {
    plans: Vec<usize>,
    labels: Vec<String>,
}

impl PlanRows {
    fn new(ctx: &Ctx<'_, '_>) -> Self {
        PlanRows {
            plans: ctx.shown.clone(),
            labels: ctx.shown.iter().map(|&i| ctx.label(i)).collect(),
        }
    }

    /// The y coordinate of row `k` (0 at the top).
    fn y(&self, k: usize) -> f64 {
        (self.plans.len() - 1 - k) as f64
    }

    /// The y axis: one tick per row, labelled with the plan.
    fn axis(&self) -> ticks::Ticked {
        let n = self.plans.len() as f64;
        let ticks = (0..self.plans.len())
            .map(|k| (self.y(k), self.labels[k].clone()))
            .collect();
        ticks::Ticked::new(-0.5..n - 0.5, ticks)
    }

    /// Width of the label area.
    fn label_width(&self) -> u32 {
        let style = style::tick();
        self.labels
            .iter()
            .map(|l| style::text_width(l, &style))
            .max()
            .unwrap_or(0)
            + 24
    }

    /// Height of a chart with these rows.
    fn height(&self, per_row: u32, extra: u32) -> u32 {
        extra + per_row * self.plans.len() as u32
    }
}

/// Padded `(low, high)` of values, never empty.
fn padded(lo: f64, hi: f64, pad: f64) -> (f64, f64) {
    let span = hi - lo;
    if span.abs() < 1e-12 {
        let d = (lo.abs() * 0.05).max(1.0);
        (lo - d, hi + d)
    } else {
        (lo - span * pad, hi + span * pad)
    }
}

/// Narrowest span of a percentage axis, in points: a tighter zoom would make
/// differences of a fraction of a point look dramatic.
const MIN_SPAN_PCT: f64 = 10.0;

/// `(low, high)` widened about its middle to span at least `span`.
fn at_least((lo, hi): (f64, f64), span: f64) -> (f64, f64) {
    if hi - lo >= span {
        (lo, hi)
    } else {
        let mid = (lo + hi) / 2.0;
        (mid - span / 2.0, mid + span / 2.0)
    }
}

/// Decimals needed to tell ticks apart over a span.
fn decimals(span: f64) -> usize {
    match span {
        s if s < 1.0 => 2,
        s if s < 10.0 => 1,
        _ => 0,
    }
}
