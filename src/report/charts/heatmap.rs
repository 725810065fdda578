//! Sweep heat map: over a two-dimensional `[sweep]` grid, the probability that a
//! plan meets all targets and its cost, cell by cell, with the recommended mix
//! outlined. Bright is good in both panels.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::context::Ctx;
use super::frame::{DrawResult, Figure, NOTE_H, TITLE_H};
use super::{style, ticks};

/// File stem.
pub(super) const NAME: &str = "sweep_heatmap";

/// Grids with at most this many cells have their values written in.
const MAX_LABELLED: usize = 200;
/// Height of the panels.
const PLOT_H: u32 = 620;
/// Width of a colour bar with its labels.
const BAR_W: u32 = 96;

/// One panel: a value per cell, coloured over `lo..hi`.
struct Panel {
    caption: &'static str,
    /// Per cell of [`Heatmap::cells`].
    values: Vec<f64>,
    lo: f64,
    hi: f64,
    /// Whether high values are good (else low are: cost).
    high_is_good: bool,
    percent: bool,
}

pub(super) struct Heatmap<'c, 'r, 'a> {
    ctx: &'c Ctx<'r, 'a>,
    keys: [String; 2],
    axes: [Vec<f64>; 2],
    /// (plan, x index, y index).
    cells: Vec<(usize, usize, usize)>,
    panels: Vec<Panel>,
}

/// The heat map, when the study sweeps exactly two fields over at least 2 × 2 values.
pub(super) fn build<'c, 'r, 'a>(ctx: &'c Ctx<'r, 'a>) -> Option<Heatmap<'c, 'r, 'a>> {
    let plans = &ctx.run.study.plans;
    let swept: Vec<usize> = (0..plans.len())
        .filter(|&i| plans[i].grid.len() == 2)
        .collect();
    let first = &plans[*swept.first()?].grid;
    let keys = [first[0].0.clone(), first[1].0.clone()];
    if swept
        .iter()
        .any(|&i| plans[i].grid[0].0 != keys[0] || plans[i].grid[1].0 != keys[1])
    {
        return None;
    }
    let axis = |k: usize| {
        let mut v: Vec<f64> = swept.iter().map(|&i| plans[i].grid[k].1).collect();
        v.sort_by(f64::total_cmp);
        v.dedup();
        v
    };
    let axes = [axis(0), axis(1)];
    if axes[0].len() < 2 || axes[1].len() < 2 {
        return None;
    }
    let pos = |k: usize, v: f64| axes[k].iter().position(|&a| a == v).unwrap_or(0);
    let cells: Vec<(usize, usize, usize)> = swept
        .iter()
        .map(|&i| (i, pos(0, plans[i].grid[0].1), pos(1, plans[i].grid[1].1)))
        .collect();
    let mut panels = Vec::new();
    if ctx.run.study.targets.is_some() {
        panels.push(Panel {
            caption: "Probability of meeting all targets",
            values: cells
                .iter()
                .map(|&(i, _, _)| ctx.run.targets[i].as_ref().map_or(f64::NAN, |t| t.met))
                .collect(),
            lo: 0.0,
            hi: 1.0,
            high_is_good: true,
            percent: true,
        });
    }
    let costs: Vec<f64> = cells
        .iter()
        .map(|&(i, _, _)| ctx.stat(i, ctx.ranked.kpi).map_or(f64::NAN, |s| s.mean))
        .collect();
    let finite = costs.iter().copied().filter(|v| v.is_finite());
    let (lo, hi) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    });
    if lo.is_finite() {
        panels.push(Panel {
            caption: ctx.cost_title(),
            values: costs,
            lo,
            hi: if hi > lo { hi } else { lo + 1.0 },
            high_is_good: false,
            percent: false,
        });
    }
    Some(Heatmap {
        ctx,
        keys,
        axes,
        cells,
        panels,
    })
}

/// Viridis (perceptually uniform, colour-blind safe) at `t` in 0..1.
fn viridis(t: f64) -> RGBColor {
    const STOPS: [(u8, u8, u8); 9] = [
        (0x44, 0x01, 0x54),
        (0x48, 0x28, 0x78),
        (0x3E, 0x4A, 0x89),
        (0x31, 0x68, 0x8E),
        (0x26, 0x82, 0x8E),
        (0x1F, 0x9E, 0x89),
        (0x35, 0xB7, 0x79),
        (0x6D, 0xCD, 0x59),
        (0xFD, 0xE7, 0x25),
    ];
    let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
    let x = t * (STOPS.len() - 1) as f64;
    let k = (x.floor() as usize).min(STOPS.len() - 2);
    let f = x - k as f64;
    let mix = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * f).round() as u8;
    let (a, b) = (STOPS[k], STOPS[k + 1]);
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

impl Panel {
    /// Colour of `v`: bright when good.
    fn colour(&self, v: f64) -> RGBColor {
        if v.is_nan() {
            return style::GRID_LIGHT;
        }
        let t = (v - self.lo) / (self.hi - self.lo);
        viridis(if self.high_is_good { t } else { 1.0 - t })
    }

    fn text(&self, v: f64) -> String {
        match v {
            v if v.is_nan() => "–".into(),
            v if self.percent => format!("{:.0}%", 100.0 * v),
            v => style::compact(v),
        }
    }
}

/// Tick labels of a sweep axis: its values.
fn axis(values: &[f64]) -> ticks::Ticked {
    let ticks = values
        .iter()
        .enumerate()
        .map(|(k, v)| (k as f64, style::compact(*v)))
        .collect();
    ticks::Ticked::new(-0.5..values.len() as f64 - 0.5, ticks)
}

impl Figure for Heatmap<'_, '_, '_> {
    const NAME: &'static str = NAME;

    fn title(&self) -> String {
        format!("Sweep of {} × {}", self.keys[0], self.keys[1])
    }

    fn caption(&self) -> String {
        format!(
            "Each cell is one staffing mix of the sweep: on the left the share of replications in which it met all \
             targets together, on the right what it costs {}; the recommended mix is outlined.",
            self.ctx.cost_period()
        )
    }

    fn note(&self) -> Option<String> {
        self.ctx.run.study.targets.as_ref().map(|t| {
            format!(
                "A mix qualifies when it meets all targets in at least {:.0} % of replications; the cheapest \
                 qualifying mix is recommended.",
                100.0 * t.confidence
            )
        })
    }

    fn height(&self) -> u32 {
        TITLE_H + PLOT_H + NOTE_H + 8
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let cells = area.split_evenly((1, self.panels.len()));
        for (cell, panel) in cells.iter().zip(&self.panels) {
            let (w, _) = cell.dim_in_pixel();
            let (plot, bar) = cell.split_horizontally(w - BAR_W);
            self.panel(&plot, panel)?;
            colour_bar(&bar, panel)?;
        }
        Ok(())
    }
}

impl Heatmap<'_, '_, '_> {
    fn panel<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        p: &Panel,
    ) -> DrawResult<DB> {
        let mut chart = style::panel(area, p.caption, 84)
            .build_cartesian_2d(axis(&self.axes[0]), axis(&self.axes[1]))?;
        style::mesh(&mut chart.configure_mesh())
            .disable_mesh()
            .x_desc(self.keys[0].as_str())
            .y_desc(self.keys[1].as_str())
            .draw()?;
        let labelled = self.cells.len() <= MAX_LABELLED;
        for (&(i, x, y), &v) in self.cells.iter().zip(&p.values) {
            let (x, y) = (x as f64, y as f64);
            let fill = p.colour(v);
            chart.draw_series(std::iter::once(Rectangle::new(
                [(x - 0.5, y - 0.5), (x + 0.5, y + 0.5)],
                fill.filled(),
            )))?;
            if self.ctx.run.decision.plan == Some(i) {
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(x - 0.46, y - 0.46), (x + 0.46, y + 0.46)],
                    style::TARGET.stroke_width(4),
                )))?;
            }
            if labelled {
                chart.draw_series(std::iter::once(Text::new(
                    p.text(v),
                    (x, y),
                    style::text(13.0, style::on(fill)).pos(style::centred()),
                )))?;
            }
        }
        Ok(())
    }
}

/// A vertical colour scale with its ends labelled.
fn colour_bar<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, p: &Panel) -> DrawResult<DB> {
    const STEPS: i32 = 60;
    let (top, bottom, x) = (80, PLOT_H as i32 - 100, 10);
    let h = bottom - top;
    for k in 0..STEPS {
        let v = p.hi - (p.hi - p.lo) * f64::from(k) / f64::from(STEPS - 1);
        let y0 = top + h * k / STEPS;
        let y1 = top + h * (k + 1) / STEPS;
        area.draw(&Rectangle::new(
            [(x, y0), (x + 20, y1)],
            p.colour(v).filled(),
        ))?;
    }
    let label = style::tick().pos(style::left_middle());
    area.draw_text(&p.text(p.hi), &label, (x + 26, top))?;
    area.draw_text(&p.text(p.lo), &label, (x + 26, bottom))?;
    Ok(())
}
