//! Wait-time distribution: per channel, the share of answered contacts that waited
//! longer than each duration (a survival curve on a logarithmic time axis), one
//! line per plan, with the channel's service-level threshold marked.

use hdrhistogram::Histogram;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::context::Ctx;
use super::frame::{DrawResult, Figure, NOTE_H, TITLE_H};
use super::legend::{Legend, Mark};
use super::{style, ticks};

/// File stem.
pub(super) const NAME: &str = "wait_distribution";

/// Panels per row.
const COLUMNS: usize = 3;
/// Height of a row of panels.
const ROW_H: u32 = 440;
/// Points per curve.
const POINTS: usize = 160;
/// Curves below this share at 1 s everywhere show no waiting worth a panel.
const NEGLIGIBLE: f64 = 0.001;

/// One channel's curves.
struct Panel {
    channel: String,
    within_s: f64,
    /// Axis end in log10 seconds.
    max_log: f64,
    /// Per shown plan: (plan, points (log10 s, % waiting longer)).
    curves: Vec<(usize, Vec<(f64, f64)>)>,
}

pub(super) struct Waits<'c, 'r, 'a> {
    ctx: &'c Ctx<'r, 'a>,
    panels: Vec<Panel>,
    legend: Legend,
}

/// Share of the recorded waits longer than `ms`.
fn longer_than(h: &Histogram<u64>, ms: u64) -> f64 {
    1.0 - h.count_between(0, ms) as f64 / h.len() as f64
}

/// The chart, when some channel's customers wait at all.
pub(super) fn build<'c, 'r, 'a>(ctx: &'c Ctx<'r, 'a>) -> Option<Waits<'c, 'r, 'a>> {
    let base = ctx.run.study.base();
    let mut panels = Vec::new();
    for (c, channel) in base.channels.iter().enumerate() {
        let hists: Vec<(usize, &Histogram<u64>)> = ctx
            .shown
            .iter()
            .filter_map(|&i| Some((i, ctx.run.plans[i].waits_ms.get(c)?)))
            .filter(|(_, h)| !h.is_empty())
            .collect();
        if hists.iter().all(|(_, h)| longer_than(h, 1000) < NEGLIGIBLE) {
            continue;
        }
        let p995 = hists
            .iter()
            .map(|(_, h)| h.value_at_quantile(0.995) as f64 / 1000.0)
            .fold(0.0, f64::max);
        let max_s = ticks::round_up_duration(p995.max(2.0 * channel.sl_within_s).max(10.0));
        let max_log = max_s.log10();
        let curves = hists
            .iter()
            .map(|&(i, h)| {
                let pts = (0..=POINTS)
                    .map(|k| {
                        let x = max_log * k as f64 / POINTS as f64;
                        let ms = (10f64.powf(x) * 1000.0).round() as u64;
                        (x, 100.0 * longer_than(h, ms))
                    })
                    .collect();
                (i, pts)
            })
            .collect();
        panels.push(Panel {
            channel: channel.name.clone(),
            within_s: channel.sl_within_s,
            max_log,
            curves,
        });
    }
    if panels.is_empty() {
        return None;
    }
    let mut legend = Legend::default();
    ctx.plan_legend(&mut legend, Mark::Line);
    legend.add(Mark::Dashed(style::TARGET), "service-level threshold");
    Some(Waits {
        ctx,
        panels,
        legend,
    })
}

impl Panel {
    /// Top of the y axis: the highest curve with some room, in steps of 10 %.
    fn y_max(&self) -> f64 {
        let top = self
            .curves
            .iter()
            .flat_map(|(_, pts)| pts.iter().map(|(_, y)| *y))
            .fold(0.0, f64::max);
        ((top * 1.15 / 10.0).ceil() * 10.0).clamp(10.0, 100.0)
    }
}

impl Figure for Waits<'_, '_, '_> {
    const NAME: &'static str = NAME;

    fn title(&self) -> String {
        "How long answered customers waited, by channel".into()
    }

    fn caption(&self) -> String {
        "For each wait on the horizontal (logarithmic) axis, the share of answered contacts that waited longer, \
         pooled over all replications: the lower the curve, the shorter the waits."
            .into()
    }

    fn note(&self) -> Option<String> {
        self.ctx.shown_note()
    }

    fn height(&self) -> u32 {
        let rows = self.panels.len().div_ceil(COLUMNS) as u32;
        TITLE_H + rows * ROW_H + self.legend.height() + NOTE_H + 8
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let rows = self.panels.len().div_ceil(COLUMNS);
        let cols = self.panels.len().min(COLUMNS);
        let (plots, legend) = area.split_vertically(rows as u32 * ROW_H);
        for (cell, panel) in plots.split_evenly((rows, cols)).iter().zip(&self.panels) {
            self.panel(cell, panel)?;
        }
        self.legend.draw(&legend)
    }
}

impl Waits<'_, '_, '_> {
    fn panel<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        p: &Panel,
    ) -> DrawResult<DB> {
        let mut chart = style::panel(area, &p.channel, 72).build_cartesian_2d(
            ticks::Ticked::new(0.0..p.max_log, ticks::log_durations(10f64.powf(p.max_log))),
            0.0..p.y_max(),
        )?;
        style::mesh(&mut chart.configure_mesh())
            .x_desc("Wait before an agent answered (log scale)")
            .y_desc("Waited longer (% of answered)")
            .y_label_formatter(&|v| format!("{v:.0}"))
            .y_labels(6)
            .draw()?;
        let within = p.within_s.max(1.0).log10();
        if within <= p.max_log {
            chart.draw_series(DashedLineSeries::new(
                [(within, 0.0), (within, p.y_max())],
                8,
                6,
                style::TARGET.stroke_width(2),
            ))?;
        }
        for (i, pts) in &p.curves {
            let colour = self.ctx.colour(*i);
            chart.draw_series(LineSeries::new(pts.iter().copied(), colour.stroke_width(3)))?;
        }
        Ok(())
    }
}
