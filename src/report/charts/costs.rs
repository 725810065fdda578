//! Cost breakdown: one horizontal bar per plan, stacked by cost component (wages,
//! overhead, vendor invoices, …) over the statistics window, with the total's 95 %
//! interval and, when customers have a value, the cost of the customers churned in
//! the same window beyond it; beneath it, what preparing the plan cost during the
//! warm-up.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::context::{Ctx, PlanRows};
use super::frame::{DrawResult, Figure, NOTE_H, TITLE_H};
use super::legend::{Legend, Mark};
use super::style;
use crate::kpi::Kpi;
use crate::model::CostBreakdown;

/// File stem.
pub(super) const NAME: &str = "cost_breakdown";

/// Legend labels of the known components, in colour order; others are named after
/// their column title.
const LABELS: [(Kpi, &str); 9] = [
    (Kpi::CostWages, "agent wages"),
    (Kpi::CostOverhead, "overhead (benefits, taxes, office)"),
    (Kpi::CostNightPremium, "night premium"),
    (Kpi::CostSupervision, "team leads"),
    (Kpi::CostVendor, "vendor invoices"),
    (Kpi::CostTraining, "paid training"),
    (Kpi::CostHiring, "hiring"),
    (Kpi::CostOnboarding, "vendor onboarding"),
    (
        Kpi::CostVendorManagement,
        "vendor management (in-house time)",
    ),
];

/// Whether `kpi` is a component of `cost_total`: the model's list of components is
/// the one source, so a new component is stacked without changes here.
fn is_component(kpi: Kpi) -> bool {
    CostBreakdown::component_kpis().contains(&kpi)
}

/// The legend label of component `kpi`.
fn label(kpi: Kpi) -> String {
    LABELS
        .iter()
        .find(|(k, _)| *k == kpi)
        .map_or_else(|| kpi.title().replace('_', " "), |(_, l)| l.to_string())
}

/// Colour of churn cost: not a staffing cost, so apart from the components.
const CHURN: RGBColor = RGBColor(0xC8, 0xC8, 0xC8);

/// Colour of the warm-up preparation cost: dark (Paul Tol's indigo), apart from
/// the light components of the window's cost.
const WARMUP: RGBColor = RGBColor(0x33, 0x22, 0x88);

/// Height of one bar's row.
const ROW_H: u32 = 58;

pub(super) struct Costs<'c, 'r, 'a> {
    ctx: &'c Ctx<'r, 'a>,
    rows: PlanRows,
    /// Components with a cost in some shown plan, in KPI order.
    parts: Vec<Kpi>,
    /// Whether churned customers have a cost.
    churn: bool,
    /// Whether preparing a plan cost something during the warm-up.
    warmup: bool,
    legend: Legend,
}

/// The breakdown, when the teams have costs.
pub(super) fn build<'c, 'r, 'a>(ctx: &'c Ctx<'r, 'a>) -> Option<Costs<'c, 'r, 'a>> {
    if !ctx.has_costs() {
        return None;
    }
    let mut parts: Vec<Kpi> = Vec::new();
    for &i in &ctx.shown {
        for (&kpi, s) in &ctx.stats[i] {
            if is_component(kpi) && s.mean > 0.0 && !parts.contains(&kpi) {
                parts.push(kpi);
            }
        }
    }
    if parts.is_empty() {
        return None;
    }
    let churn = ctx
        .shown
        .iter()
        .any(|&i| ctx.stat(i, Kpi::ChurnCost).is_some_and(|s| s.mean > 0.0));
    let warmup = ctx
        .shown
        .iter()
        .any(|&i| ctx.stat(i, Kpi::CostWarmup).is_some_and(|s| s.mean > 0.0));
    let mut legend = Legend::default();
    for &p in &parts {
        legend.add(Mark::Square(part_colour(p)), label(p));
    }
    if churn {
        legend.add(
            Mark::Square(CHURN),
            "churned customers (not in staffing cost)",
        );
    }
    if warmup {
        legend.add(
            Mark::Square(WARMUP),
            "warm-up preparation (before the statistics window)",
        );
    }
    Some(Costs {
        ctx,
        rows: PlanRows::new(ctx),
        parts,
        churn,
        warmup,
        legend,
    })
}

/// Colour of component `kpi`: fixed for the known ones, so a component keeps its
/// colour from run to run.
fn part_colour(kpi: Kpi) -> RGBColor {
    let k = LABELS
        .iter()
        .position(|(k, _)| *k == kpi)
        .unwrap_or(LABELS.len());
    style::PART_COLOURS[k % style::PART_COLOURS.len()]
}

impl Figure for Costs<'_, '_, '_> {
    const NAME: &'static str = NAME;

    fn title(&self) -> String {
        "Where the money goes: cost of each plan by component".into()
    }

    fn caption(&self) -> String {
        let mut caption = format!(
            "Each bar is a plan's mean staffing cost over the statistics window, {}, split into its components; \
             the whisker is the 95 % confidence interval of that cost.",
            self.ctx.run.study.base().window_words()
        );
        if self.churn {
            caption.push_str(
                " Grey: the value of the customers expected to churn in the same window.",
            );
        }
        if self.warmup {
            caption.push_str(
                " The thin dark bar beneath is what preparing the plan cost during the warm-up before the window \
                 (hiring, training, onboarding and paid time); plans are ranked by the window's cost plus it.",
            );
        }
        caption
    }

    fn note(&self) -> Option<String> {
        self.ctx.shown_note()
    }

    fn height(&self) -> u32 {
        let extra = TITLE_H + 140 + self.legend.height() + NOTE_H;
        self.rows.height(ROW_H, extra)
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let ctx = self.ctx;
        let (_, h) = area.dim_in_pixel();
        let (plot, legend) = area.split_vertically(h - self.legend.height());
        let mean = |i: usize, kpi: Kpi| ctx.stat(i, kpi).map_or(0.0, |s| s.mean);
        let ends: Vec<f64> = self
            .rows
            .plans
            .iter()
            .map(|&i| {
                let total = ctx.stat(i, Kpi::CostTotal).map_or(0.0, |s| s.mean + s.ci95);
                total
                    + if self.churn {
                        mean(i, Kpi::ChurnCost)
                    } else {
                        0.0
                    }
            })
            .collect();
        let warmup: Vec<f64> = (self.rows.plans.iter())
            .map(|&i| mean(i, Kpi::CostWarmup))
            .collect();
        let x1 = ends.iter().chain(&warmup).copied().fold(0.0, f64::max) * 1.18;
        let mut chart = style::panel(&plot, "", self.rows.label_width())
            .build_cartesian_2d(0.0..x1.max(1.0), self.rows.axis())?;
        style::mesh(&mut chart.configure_mesh())
            .disable_y_mesh()
            .x_desc(if self.warmup {
                "Cost over the statistics window; beneath: warm-up preparation (scenario currency)"
            } else {
                "Cost over the statistics window (scenario currency)"
            })
            .x_label_formatter(&|v| style::compact(*v))
            .x_labels(10)
            .draw()?;
        for (k, &i) in self.rows.plans.iter().enumerate() {
            let y = self.rows.y(k);
            // With a warm-up the window's bar moves up to make room for the thin
            // warm-up bar beneath it.
            let (lo, hi) = if self.warmup {
                (y - 0.08, y + 0.34)
            } else {
                (y - 0.32, y + 0.32)
            };
            let mid = (lo + hi) / 2.0;
            let mut x = 0.0;
            for &part in &self.parts {
                let v = mean(i, part);
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(x, lo), (x + v, hi)],
                    part_colour(part).filled(),
                )))?;
                x += v;
            }
            let total = ctx.stat(i, Kpi::CostTotal);
            let staffing = total.map_or(x, |s| s.mean);
            let churn = if self.churn {
                mean(i, Kpi::ChurnCost)
            } else {
                0.0
            };
            if churn > 0.0 {
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(staffing, lo), (staffing + churn, hi)],
                    CHURN.filled(),
                )))?;
            }
            if let Some(s) = total.filter(|s| s.ci95 > 1e-6 * s.mean.abs()) {
                let line = style::INK.stroke_width(2);
                chart.draw_series([
                    PathElement::new(vec![(s.mean - s.ci95, mid), (s.mean + s.ci95, mid)], line),
                    PathElement::new(vec![(s.mean - s.ci95, lo), (s.mean - s.ci95, hi)], line),
                    PathElement::new(vec![(s.mean + s.ci95, lo), (s.mean + s.ci95, hi)], line),
                ])?;
            }
            let text = if churn > 0.0 {
                format!(
                    "{} + {} churn",
                    style::compact(staffing),
                    style::compact(churn)
                )
            } else {
                style::compact(staffing)
            };
            chart.draw_series(std::iter::once(
                EmptyElement::at((ends[k], mid))
                    + Text::new(text, (8, 0), style::tick().pos(style::left_middle())),
            ))?;
            if self.warmup {
                let (w_lo, w_hi) = (y - 0.34, y - 0.16);
                chart.draw_series([Rectangle::new(
                    [(0.0, w_lo), (warmup[k], w_hi)],
                    WARMUP.filled(),
                )])?;
                chart.draw_series(std::iter::once(
                    EmptyElement::at((warmup[k], (w_lo + w_hi) / 2.0))
                        + Text::new(
                            format!("warm-up {}", style::compact(warmup[k])),
                            (8, 0),
                            style::tick().pos(style::left_middle()),
                        ),
                ))?;
            }
        }
        self.legend.draw(&legend)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_are_the_cost_kpis_that_add_up_to_the_total() {
        for k in [
            Kpi::CostWages,
            Kpi::CostVendor,
            Kpi::CostTraining,
            Kpi::CostHiring,
        ] {
            assert!(is_component(k), "{k}");
        }
        for k in [
            Kpi::CostTotal,
            Kpi::CostWithChurn,
            Kpi::CostPerContact,
            Kpi::CostPerResolved,
            Kpi::ChurnCost,
            Kpi::PaidHours,
        ] {
            assert!(!is_component(k), "{k}");
        }
        assert_eq!(label(Kpi::CostWages), "agent wages");
        // A component without a label of its own is named after its column title.
        assert_eq!(label(Kpi::CostTotal), "cost");
        assert_eq!(
            Kpi::CostVendorManagement.title().replace('_', " "),
            "vendor management"
        );
    }
}
