//! What every chart needs about the run ([`Ctx`]), and the shown plans as chart rows.

use indexmap::IndexMap;
use plotters::prelude::*;

use super::{legend, style, ticks};
use crate::analysis::{Analysis, DecisionCost};
use crate::kpi::Kpi;
use crate::stats::KpiStats;

/// Most plans drawn in the per-plan charts (one colour each).
const MAX_SHOWN: usize = style::PLAN_COLOURS.len();

/// What every chart needs about the run, computed once.
pub(super) struct Ctx<'r, 'a> {
    pub(super) run: &'r Analysis<'a>,
    /// Overall KPI statistics per plan.
    pub(super) stats: Vec<IndexMap<Kpi, KpiStats>>,
    /// What plans are ranked by.
    pub(super) ranked: DecisionCost,
    /// Plans drawn in the per-plan charts, in plan order.
    pub(super) shown: Vec<usize>,
}

impl<'r, 'a> Ctx<'r, 'a> {
    pub(super) fn new(run: &'r Analysis<'a>) -> Self {
        let stats = run.plans.iter().map(|p| p.overall.stats()).collect();
        let mut ctx = Ctx {
            run,
            stats,
            ranked: DecisionCost::of(run.study),
            shown: Vec::new(),
        };
        ctx.shown = ctx.select_shown();
        ctx
    }

    /// Number of plans.
    pub(super) fn n(&self) -> usize {
        self.run.plans.len()
    }

    /// Statistics of an overall KPI of plan `i`.
    pub(super) fn stat(&self, i: usize, kpi: Kpi) -> Option<&KpiStats> {
        self.stats[i].get(&kpi)
    }

    /// Whether the plans are ranked by money (else by paid hours).
    pub(super) fn has_costs(&self) -> bool {
        self.ranked.is_money()
    }

    /// Axis title of the ranking KPI, with its unit and period.
    pub(super) fn cost_title(&self) -> &'static str {
        match (self.has_costs(), self.ranked.warmup.is_some()) {
            (true, false) => "Staffing cost over the statistics window (scenario currency)",
            (true, true) => {
                "Staffing cost: statistics window + warm-up preparation (scenario currency)"
            }
            (false, false) => "Paid agent-hours over the statistics window (h)",
            (false, true) => "Paid agent-hours: statistics window + warm-up (h)",
        }
    }

    /// The period the ranking KPI covers, for captions: "over the statistics
    /// window, 20 Nov – 4 Dec (14 days), plus what preparing the plan cost during
    /// the warm-up before it".
    pub(super) fn cost_period(&self) -> String {
        let window = format!(
            "over the statistics window, {}",
            self.run.study.base().window_words()
        );
        if self.ranked.warmup.is_some() {
            format!("{window}, plus what preparing the plan cost during the warm-up before it")
        } else {
            window
        }
    }

    /// The plans on the Pareto frontier of cost (lower is better) against
    /// `quality` (higher is better), by increasing cost.
    pub(super) fn frontier(&self, quality: Kpi) -> Vec<usize> {
        let mut pts: Vec<(usize, f64, f64)> = (0..self.n())
            .filter_map(|i| {
                Some((
                    i,
                    self.stat(i, self.ranked.kpi)?.mean,
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
    pub(super) fn shown_note(&self) -> Option<String> {
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
    pub(super) fn colour(&self, i: usize) -> RGBColor {
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
    pub(super) fn plan_legend(
        &self,
        legend: &mut legend::Legend,
        mark: fn(RGBColor) -> legend::Mark,
    ) {
        for &i in &self.shown {
            legend.add(mark(self.colour(i)), self.label(i));
        }
    }

    /// Value of an overall target on `kpi`, if the study sets one.
    pub(super) fn overall_target(&self, kpi: Kpi) -> Option<f64> {
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
pub(super) struct PlanRows {
    pub(super) plans: Vec<usize>,
    labels: Vec<String>,
}

impl PlanRows {
    pub(super) fn new(ctx: &Ctx<'_, '_>) -> Self {
        PlanRows {
            plans: ctx.shown.clone(),
            labels: ctx.shown.iter().map(|&i| ctx.label(i)).collect(),
        }
    }

    /// The y coordinate of row `k` (0 at the top).
    pub(super) fn y(&self, k: usize) -> f64 {
        (self.plans.len() - 1 - k) as f64
    }

    /// The y axis: one tick per row, labelled with the plan.
    pub(super) fn axis(&self) -> ticks::Ticked {
        let n = self.plans.len() as f64;
        let ticks = (0..self.plans.len())
            .map(|k| (self.y(k), self.labels[k].clone()))
            .collect();
        ticks::Ticked::new(-0.5..n - 0.5, ticks)
    }

    /// Width of the label area.
    pub(super) fn label_width(&self) -> u32 {
        let style = style::tick();
        self.labels
            .iter()
            .map(|l| style::text_width(l, &style))
            .max()
            .unwrap_or(0)
            + 24
    }

    /// Height of a chart with these rows.
    pub(super) fn height(&self, per_row: u32, extra: u32) -> u32 {
        extra + per_row * self.plans.len() as u32
    }
}
