//! Plan comparison: each plan's cost against its service level and its CSAT, with
//! 95 % confidence intervals both ways, the Pareto frontier (plans no other plan
//! beats on both) and the recommended plan ringed.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::context::Ctx;
use super::frame::{DrawResult, Figure, NOTE_H, TITLE_H};
use super::legend::{Legend, Mark};
use super::range::{MIN_SPAN_PCT, at_least, decimals, padded};
use super::style;
use crate::kpi::Kpi;
use crate::stats::KpiStats;

/// One scatter: cost against a quality KPI (a fraction, shown in %).
struct Panel {
    kpi: Kpi,
    caption: &'static str,
    axis: &'static str,
}

const PANELS: [Panel; 2] = [
    Panel {
        kpi: Kpi::ServiceLevel,
        caption: "Cost vs service level",
        axis: "Service level, all channels (% answered within threshold)",
    },
    Panel {
        kpi: Kpi::Csat,
        caption: "Cost vs customer satisfaction",
        axis: "CSAT (% of contacts satisfied)",
    },
];

/// File stem.
pub(super) const NAME: &str = "plan_comparison";

/// Height of the panels.
const PLOT_H: u32 = 640;

pub(super) struct Comparison<'c, 'r, 'a> {
    ctx: &'c Ctx<'r, 'a>,
    panels: Vec<&'static Panel>,
    legend: Legend,
}

/// The comparison of at least two plans with a cost and a service level or CSAT.
pub(super) fn build<'c, 'r, 'a>(ctx: &'c Ctx<'r, 'a>) -> Option<Comparison<'c, 'r, 'a>> {
    if ctx.n() < 2 {
        return None;
    }
    let panels: Vec<&Panel> = PANELS
        .iter()
        .filter(|p| points(ctx, p.kpi).len() >= 2)
        .collect();
    if panels.is_empty() {
        return None;
    }
    let mut legend = Legend::default();
    ctx.plan_legend(&mut legend, Mark::Dot);
    if ctx.shown.len() < ctx.n() {
        legend.add(Mark::Dot(style::MUTED), "other plans");
    }
    if ctx.run.decision.plan.is_some() {
        legend.add(Mark::Ring(style::INK), "recommended plan");
    }
    legend.add(
        Mark::Dashed(style::INK),
        "Pareto frontier (no plan is both cheaper and better)",
    );
    if panels.iter().any(|p| ctx.overall_target(p.kpi).is_some()) {
        legend.add(Mark::Dashed(style::TARGET), "target");
    }
    Some(Comparison {
        ctx,
        panels,
        legend,
    })
}

/// Plans with both a cost and `kpi`: (plan, cost, kpi).
fn points(ctx: &Ctx<'_, '_>, kpi: Kpi) -> Vec<(usize, KpiStats, KpiStats)> {
    (0..ctx.n())
        .filter_map(|i| Some((i, *ctx.stat(i, ctx.ranked.kpi)?, *ctx.stat(i, kpi)?)))
        .collect()
}

impl Figure for Comparison<'_, '_, '_> {
    const NAME: &'static str = NAME;

    fn title(&self) -> String {
        let what = self
            .panels
            .iter()
            .map(|p| p.kpi.title())
            .collect::<Vec<_>>()
            .join(" and ");
        if self.ctx.has_costs() {
            format!("What each plan costs and what it buys: {what}")
        } else {
            format!("Paid hours of each plan against its {what}")
        }
    }

    fn caption(&self) -> String {
        format!(
            "Each dot is a plan (whiskers: 95 % confidence intervals of the means), its cost {}; plans on the \
             dashed Pareto frontier are the only ones worth choosing, as every other plan is beaten on both cost \
             and quality.",
            self.ctx.cost_period()
        )
    }

    fn note(&self) -> Option<String> {
        Some(
            "Whiskers: 95 % confidence intervals of the mean over replications. Up and to the left is better."
                .into(),
        )
    }

    fn height(&self) -> u32 {
        TITLE_H + PLOT_H + self.legend.height() + NOTE_H + 8
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let (plots, legend) = area.split_vertically(PLOT_H);
        let cells = plots.split_evenly((1, self.panels.len()));
        for (cell, panel) in cells.iter().zip(&self.panels) {
            self.panel(cell, panel)?;
        }
        self.legend.draw(&legend)
    }
}

impl Comparison<'_, '_, '_> {
    fn panel<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        p: &Panel,
    ) -> DrawResult<DB> {
        let ctx = self.ctx;
        let mut pts = points(ctx, p.kpi);
        // Highlighted plans are drawn last, on top of the others.
        pts.sort_by_key(|(i, _, _)| ctx.shown.contains(i));
        let target = ctx.overall_target(p.kpi).map(|t| 100.0 * t);
        let fold =
            |f: fn(f64, f64) -> f64, init: f64, v: &dyn Fn(&(usize, KpiStats, KpiStats)) -> f64| {
                pts.iter().map(v).fold(init, f)
            };
        let (x0, x1) = padded(
            fold(f64::min, f64::INFINITY, &|(_, c, _)| c.mean - c.ci95),
            fold(f64::max, f64::NEG_INFINITY, &|(_, c, _)| c.mean + c.ci95),
            0.08,
        );
        let ylo = fold(f64::min, f64::INFINITY, &|(_, _, q)| {
            100.0 * (q.mean - q.ci95)
        });
        let yhi = fold(f64::max, f64::NEG_INFINITY, &|(_, _, q)| {
            100.0 * (q.mean + q.ci95)
        });
        let (ylo, yhi) = target.map_or((ylo, yhi), |t| (ylo.min(t), yhi.max(t)));
        let (y0, y1) = at_least(padded(ylo, yhi, 0.08), MIN_SPAN_PCT);
        let (y0, y1) = (y0.max(0.0), y1.min(100.0));
        let mut chart = style::panel(area, p.caption, 84).build_cartesian_2d(x0..x1, y0..y1)?;
        let yd = decimals(y1 - y0);
        style::mesh(&mut chart.configure_mesh())
            .x_desc(ctx.cost_title())
            .y_desc(p.axis)
            .x_label_formatter(&|v| style::compact(*v))
            .y_label_formatter(&|v| format!("{v:.yd$}"))
            .x_labels(8)
            .y_labels(8)
            .draw()?;
        if let Some(t) = target {
            chart.draw_series(DashedLineSeries::new(
                [(x0, t), (x1, t)],
                8,
                6,
                style::TARGET.stroke_width(2),
            ))?;
            chart.draw_series(std::iter::once(
                EmptyElement::at((x0, t))
                    + Text::new(
                        format!("target {t:.0} %"),
                        (6, -20),
                        style::text(14.0, style::TARGET),
                    ),
            ))?;
        }
        let frontier: Vec<(f64, f64)> = ctx
            .frontier(p.kpi)
            .into_iter()
            .filter_map(|i| {
                Some((
                    ctx.stat(i, ctx.ranked.kpi)?.mean,
                    100.0 * ctx.stat(i, p.kpi)?.mean,
                ))
            })
            .collect();
        chart.draw_series(DashedLineSeries::new(
            frontier,
            10,
            6,
            style::INK.stroke_width(2),
        ))?;
        for (i, c, q) in &pts {
            let (x, y) = (c.mean, 100.0 * q.mean);
            let colour = ctx.colour(*i);
            if ctx.shown.contains(i) {
                let line = colour.stroke_width(2);
                let (dy, dx) = (100.0 * q.ci95, c.ci95);
                chart.draw_series([
                    PathElement::new(vec![(x - dx, y), (x + dx, y)], line),
                    PathElement::new(vec![(x, y - dy), (x, y + dy)], line),
                ])?;
                chart.draw_series([
                    EmptyElement::at((x - dx, y)) + PathElement::new(vec![(0, -5), (0, 5)], line),
                    EmptyElement::at((x + dx, y)) + PathElement::new(vec![(0, -5), (0, 5)], line),
                    EmptyElement::at((x, y - dy)) + PathElement::new(vec![(-5, 0), (5, 0)], line),
                    EmptyElement::at((x, y + dy)) + PathElement::new(vec![(-5, 0), (5, 0)], line),
                ])?;
                chart.draw_series(std::iter::once(Circle::new((x, y), 7, colour.filled())))?;
            } else {
                chart.draw_series(std::iter::once(Circle::new((x, y), 4, colour.filled())))?;
            }
            if ctx.run.decision.plan == Some(*i) {
                chart.draw_series(std::iter::once(Circle::new(
                    (x, y),
                    13,
                    style::INK.stroke_width(3),
                )))?;
            }
        }
        Ok(())
    }
}
