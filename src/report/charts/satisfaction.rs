//! CSAT and churn per plan: expected customer satisfaction (with the CSAT target)
//! beside the customers each plan is expected to lose, both with 95 % intervals.

use plotters::coord::Shift;
use plotters::coord::ranged1d::ValueFormatter;
use plotters::prelude::*;

use super::context::{Ctx, PlanRows};
use super::frame::{DrawResult, Figure, NOTE_H, TITLE_H};
use super::legend::{Legend, Mark};
use super::range::{MIN_SPAN_PCT, at_least, decimals, padded};
use super::style;
use crate::kpi::Kpi;

/// File stem.
pub(super) const NAME: &str = "csat_churn";

/// Height of one plan's row.
const ROW_H: u32 = 48;

/// A panel: one KPI per plan.
#[derive(Clone, Copy)]
struct Panel {
    kpi: Kpi,
    caption: &'static str,
    /// The panel's subject in the chart title.
    title: &'static str,
    axis: &'static str,
    /// Shown in % (a fraction) or as a count.
    percent: bool,
}

const PANELS: [Panel; 2] = [
    Panel {
        kpi: Kpi::Csat,
        caption: "Customer satisfaction",
        title: "customer satisfaction",
        axis: "CSAT (% of contacts satisfied)",
        percent: true,
    },
    Panel {
        kpi: Kpi::Churned,
        caption: "Customers lost",
        title: "customers lost",
        axis: "Churned customers over the statistics window (expected)",
        percent: false,
    },
];

pub(super) struct Satisfaction<'c, 'r, 'a> {
    ctx: &'c Ctx<'r, 'a>,
    rows: PlanRows,
    panels: Vec<Panel>,
    legend: Legend,
}

/// The chart, when some shown plan has CSAT or churned customers.
pub(super) fn build<'c, 'r, 'a>(ctx: &'c Ctx<'r, 'a>) -> Option<Satisfaction<'c, 'r, 'a>> {
    let panels: Vec<Panel> = PANELS
        .iter()
        .copied()
        .filter(|p| {
            ctx.shown
                .iter()
                .any(|&i| ctx.stat(i, p.kpi).is_some_and(|s| s.mean > 0.0))
        })
        .collect();
    if panels.is_empty() {
        return None;
    }
    let mut legend = Legend::default();
    if panels.iter().any(|p| ctx.overall_target(p.kpi).is_some()) {
        legend.add(Mark::Dashed(style::TARGET), "target");
    }
    Some(Satisfaction {
        ctx,
        rows: PlanRows::new(ctx),
        panels,
        legend,
    })
}

impl Figure for Satisfaction<'_, '_, '_> {
    const NAME: &'static str = NAME;

    fn title(&self) -> String {
        let what: Vec<&str> = self.panels.iter().map(|p| p.title).collect();
        let what = what.join(" and ");
        let mut c = what.chars();
        let first = c.next().map(|f| f.to_uppercase().collect::<String>());
        format!("{}{}, by plan", first.unwrap_or_default(), c.as_str())
    }

    fn caption(&self) -> String {
        format!(
            "Expected share of satisfied contacts and expected churned customers per plan over the statistics \
             window, {}, each with its 95 % confidence interval; abandoned contacts count as dissatisfied.",
            self.ctx.run.study.base().window_words()
        )
    }

    fn note(&self) -> Option<String> {
        self.ctx.shown_note().or_else(|| {
            Some("Whiskers: 95 % confidence intervals of the mean over replications.".into())
        })
    }

    fn height(&self) -> u32 {
        let extra = TITLE_H + 150 + self.legend.height() + NOTE_H;
        self.rows.height(ROW_H, extra)
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let (_, h) = area.dim_in_pixel();
        let (plots, legend) = area.split_vertically(h - self.legend.height());
        // The first panel carries the plan names.
        let names = self.rows.label_width();
        let (w, _) = plots.dim_in_pixel();
        let first = names + (w - names) / self.panels.len() as u32;
        let cells = if self.panels.len() == 2 {
            let (a, b) = plots.split_horizontally(first);
            vec![a, b]
        } else {
            vec![plots]
        };
        for (k, (cell, panel)) in cells.iter().zip(&self.panels).enumerate() {
            self.panel(cell, panel, k == 0)?;
        }
        self.legend.draw(&legend)
    }
}

impl Satisfaction<'_, '_, '_> {
    fn panel<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        p: &Panel,
        with_names: bool,
    ) -> DrawResult<DB> {
        let ctx = self.ctx;
        let scale = if p.percent { 100.0 } else { 1.0 };
        let pts: Vec<(usize, f64, f64)> = self
            .rows
            .plans
            .iter()
            .enumerate()
            .filter_map(|(k, &i)| {
                let s = ctx.stat(i, p.kpi)?;
                Some((k, scale * s.mean, scale * s.ci95))
            })
            .collect();
        let target = ctx.overall_target(p.kpi).map(|t| scale * t);
        let hi = pts
            .iter()
            .map(|(_, m, c)| m + c)
            .fold(f64::NEG_INFINITY, f64::max);
        let hi = target.map_or(hi, |t| hi.max(t));
        let (x0, x1) = if p.percent {
            let lo = pts
                .iter()
                .map(|(_, m, c)| m - c)
                .fold(f64::INFINITY, f64::min);
            let lo = target.map_or(lo, |t| lo.min(t));
            let (a, b) = at_least(padded(lo, hi, 0.1), MIN_SPAN_PCT);
            (a.max(0.0), b.min(100.0))
        } else {
            (0.0, hi.max(1.0) * 1.1)
        };
        let names = if with_names {
            self.rows.label_width()
        } else {
            8
        };
        let mut chart =
            style::panel(area, p.caption, names).build_cartesian_2d(x0..x1, self.rows.axis())?;
        let xd = decimals(x1 - x0);
        style::mesh(&mut chart.configure_mesh())
            .disable_y_mesh()
            .x_desc(p.axis)
            .x_label_formatter(&|v| {
                if p.percent {
                    format!("{v:.xd$}")
                } else {
                    style::compact(*v)
                }
            })
            .y_label_formatter(&|v| {
                if with_names {
                    self.rows.axis().format_ext(v)
                } else {
                    String::new()
                }
            })
            .x_labels(7)
            .draw()?;
        for &(k, m, ci) in &pts {
            let y = self.rows.y(k);
            let colour = ctx.colour(self.rows.plans[k]);
            if p.percent {
                chart.draw_series(std::iter::once(Circle::new((m, y), 8, colour.filled())))?;
            } else {
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(0.0, y - 0.3), (m, y + 0.3)],
                    colour.filled(),
                )))?;
            }
            if ci > 0.0 {
                let line = style::INK.stroke_width(2);
                chart.draw_series([
                    PathElement::new(vec![(m - ci, y), (m + ci, y)], line),
                    PathElement::new(vec![(m - ci, y - 0.15), (m - ci, y + 0.15)], line),
                    PathElement::new(vec![(m + ci, y - 0.15), (m + ci, y + 0.15)], line),
                ])?;
            }
        }
        if let Some(t) = target {
            let (y0, y1) = (-0.5, self.rows.plans.len() as f64 - 0.5);
            chart.draw_series(DashedLineSeries::new(
                [(t, y0), (t, y1)],
                8,
                6,
                style::TARGET.stroke_width(2),
            ))?;
        }
        Ok(())
    }
}
