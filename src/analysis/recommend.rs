//! The recommendation: the cheapest plan meeting every target, or why none does.
//!
//! The cheapest plan meets the targets with the required confidence; when none
//! does, the closest plan and the binding targets are named. Either way as a
//! structured [`Reason`] the report puts into words.

use super::targets::PlanTargets;
use crate::kpi::Kpi;
use crate::model::{Limit, Study, Unreachable};
use crate::runner::PlanResult;

/// The recommendation: which plan, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// Index of the recommended plan, if one qualifies.
    pub plan: Option<usize>,
    /// Why.
    pub reason: Reason,
}

/// Why a plan is recommended, or none is.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// One plan and no targets: there is nothing to choose between or judge by.
    SinglePlanNoTargets,
    /// Several plans but no targets to judge them by.
    NoTargets,
    /// The recommended plan is the cheapest qualifying one.
    Cheapest {
        /// The targets' required confidence.
        confidence: f64,
        /// Share of the plan's replications meeting every target.
        met: f64,
        /// 95 % Wilson interval of `met`.
        met_ci95: (f64, f64),
        /// The plan's mean cost (of the study's cost KPI).
        cost: f64,
        /// The interval's low end is below the confidence: more replications are
        /// needed to be sure the plan qualifies.
        unsure: bool,
        /// The plan's target held least often (the one that binds), with that
        /// share of replications.
        binding: TargetShare,
        /// The next cheapest qualifying plan, if any.
        next: Option<NextPlan>,
    },
    /// No plan meets the targets with the required confidence.
    NoneQualifies {
        /// The targets' required confidence.
        confidence: f64,
        /// The plan meeting all targets most often.
        closest: usize,
        /// Share of its replications meeting every target.
        met: f64,
        /// Its weakest target, with the share of replications it held in.
        weakest: TargetShare,
        /// The target failed most often across all plans, with the average share
        /// of replications it failed in.
        most_failed: TargetShare,
        /// Targets of the closest plan that were not met in some replications
        /// because contacts were offered but none answered, with the share of
        /// its replications that happened in.
        unanswered: Vec<TargetShare>,
    },
    /// No plan meets the targets, and one target cannot be met by adding agents: a
    /// CSAT above what the teams can give with no waiting, or an abandon rate or
    /// service level that contacts lost while a channel is closed rule out.
    Unreachable {
        /// The targets' required confidence.
        confidence: f64,
        /// The target, the best any plan can reach on it, and why.
        unreachable: Unreachable,
        /// The plan meeting all targets most often.
        closest: usize,
        /// Share of the closest plan's replications in which the target held.
        held: f64,
    },
}

impl Reason {
    /// A stable machine-readable name of the kind of reason (for summary.json).
    pub fn code(&self) -> &'static str {
        match self {
            Reason::SinglePlanNoTargets => "single_plan_no_targets",
            Reason::NoTargets => "no_targets",
            Reason::Cheapest { .. } => "cheapest",
            Reason::NoneQualifies { .. } => "none_qualifies",
            Reason::Unreachable { unreachable, .. } => match unreachable.limit_kind {
                Limit::CsatCeiling => "csat_above_ceiling",
                Limit::LostWhileClosed => "lost_while_closed",
            },
        }
    }

    /// The plan the reason is about (the recommended or else the closest one) and
    /// its binding target: the one it held least often. `None` without targets.
    pub fn binding(&self, plan: Option<usize>) -> Option<(usize, TargetShare)> {
        match self {
            Reason::SinglePlanNoTargets | Reason::NoTargets => None,
            Reason::Cheapest { binding, .. } => plan.map(|i| (i, *binding)),
            Reason::NoneQualifies {
                closest, weakest, ..
            } => Some((*closest, *weakest)),
            Reason::Unreachable {
                closest,
                unreachable,
                held,
                ..
            } => Some((
                *closest,
                TargetShare {
                    target: unreachable.target,
                    share: *held,
                },
            )),
        }
    }

    /// Whether the replications run are enough to be sure of the decision: the
    /// low end of the recommended plan's `targets_met` interval reaches the
    /// confidence (`false` when no plan qualifies, `None` without targets).
    pub fn confident(&self) -> Option<bool> {
        match self {
            Reason::SinglePlanNoTargets | Reason::NoTargets => None,
            Reason::Cheapest { unsure, .. } => Some(!unsure),
            Reason::NoneQualifies { .. } | Reason::Unreachable { .. } => Some(false),
        }
    }
}

/// The next cheapest qualifying plan after the recommended one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NextPlan {
    /// Its index.
    pub plan: usize,
    /// How much more it costs than the recommended plan.
    pub extra_cost: f64,
}

/// A target (index in the study's list) and a share of replications.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TargetShare {
    /// Index of the target.
    pub target: usize,
    /// The share.
    pub share: f64,
}

/// What plans are ranked by ("cheapest"): money when the teams have costs,
/// otherwise paid agent-hours; over the statistics window plus what preparing the
/// plan cost during the warm-up, so no plan gets its preparation free.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecisionCost {
    /// The KPI plans are ranked by.
    pub kpi: Kpi,
    /// Its part over the statistics window.
    pub window: Kpi,
    /// Its part during the warm-up, when the scenario has one.
    pub warmup: Option<Kpi>,
}

impl DecisionCost {
    /// What `study`'s plans are ranked by: `cost_with_warmup` (`cost_total` without
    /// a warm-up) when the teams have costs, otherwise `paid_hours_with_warmup`
    /// (`paid_hours`).
    pub fn of(study: &Study) -> DecisionCost {
        let base = study.base();
        let (window, warmup, with_warmup) = if base.has_costs() {
            (Kpi::CostTotal, Kpi::CostWarmup, Kpi::CostWithWarmup)
        } else {
            (
                Kpi::PaidHours,
                Kpi::PaidHoursWarmup,
                Kpi::PaidHoursWithWarmup,
            )
        };
        if base.warmup_s > 0.0 {
            DecisionCost {
                kpi: with_warmup,
                window,
                warmup: Some(warmup),
            }
        } else {
            DecisionCost {
                kpi: window,
                window,
                warmup: None,
            }
        }
    }

    /// Whether it counts money (else paid agent-hours).
    pub fn is_money(self) -> bool {
        self.window == Kpi::CostTotal
    }

    /// What the ranking counts, in words: "total cost", or "cost over the
    /// statistics window plus warm-up preparation".
    pub fn label(self) -> &'static str {
        match (self.is_money(), self.warmup.is_some()) {
            (true, false) => "total cost",
            (false, false) => "paid agent-hours",
            (true, true) => "cost over the statistics window plus warm-up preparation",
            (false, true) => "paid agent-hours over the statistics window plus warm-up",
        }
    }
}

/// The KPI plans are ranked by ("cheapest"): see [`DecisionCost`].
pub fn cost_kpi(study: &Study) -> Kpi {
    DecisionCost::of(study).kpi
}

fn cost(p: &PlanResult, kpi: Kpi) -> f64 {
    p.overall.mean(kpi).unwrap_or(f64::INFINITY)
}

/// Chooses the cheapest plan whose probability of meeting all targets reaches the
/// targets' confidence. Ties go to the plan meeting the targets more often, then to
/// the earlier plan. `targets` is each plan's [`PlanTargets`].
pub(super) fn recommend(
    study: &Study,
    plans: &[PlanResult],
    targets: &[Option<PlanTargets>],
) -> Decision {
    let Some(list) = &study.targets else {
        let reason = if plans.len() == 1 {
            Reason::SinglePlanNoTargets
        } else {
            Reason::NoTargets
        };
        return Decision { plan: None, reason };
    };
    let confidence = list.confidence;
    let kpi = cost_kpi(study);
    let cost = |i: usize| cost(&plans[i], kpi);
    let met = |i: usize| targets[i].as_ref().map_or(0.0, |t| t.met);
    let rate = |i: usize, k: usize| targets[i].as_ref().map_or(0.0, |t| t.rates[k].held);
    let n_targets = list.list.len();
    // The target plan `i` held least often; ties go to the earlier target.
    let weakest = |i: usize| {
        (0..n_targets)
            .map(|k| TargetShare {
                target: k,
                share: rate(i, k),
            })
            .min_by(|a, b| a.share.total_cmp(&b.share))
            .unwrap_or(TargetShare {
                target: 0,
                share: 1.0,
            })
    };
    let qualifying: Vec<usize> = (0..plans.len()).filter(|&i| met(i) >= confidence).collect();
    let best = qualifying.iter().copied().min_by(|&a, &b| {
        cost(a)
            .total_cmp(&cost(b))
            .then(met(b).total_cmp(&met(a)))
            .then(a.cmp(&b))
    });
    if let Some(i) = best {
        let met_ci95 = targets[i].as_ref().map_or((0.0, 1.0), |t| t.met_ci95);
        let next = qualifying
            .iter()
            .copied()
            .filter(|&j| j != i)
            .min_by(|&a, &b| cost(a).total_cmp(&cost(b)))
            .map(|j| NextPlan {
                plan: j,
                extra_cost: cost(j) - cost(i),
            });
        return Decision {
            plan: Some(i),
            reason: Reason::Cheapest {
                confidence,
                met: met(i),
                met_ci95,
                cost: cost(i),
                unsure: met_ci95.0 < confidence,
                binding: weakest(i),
                next,
            },
        };
    }
    // None qualifies: name the closest plan, and why no plan can qualify — a CSAT
    // target above every plan's ceiling, or else the target that fails most.
    let closest = (0..plans.len())
        .max_by(|&a, &b| met(a).total_cmp(&met(b)).then(b.cmp(&a)))
        .unwrap_or(0);
    if let Some(unreachable) = crate::model::unreachable(study) {
        return Decision {
            plan: None,
            reason: Reason::Unreachable {
                confidence,
                unreachable,
                closest,
                held: rate(closest, unreachable.target),
            },
        };
    }
    let weakest = weakest(closest);
    let most_failed = (0..n_targets)
        .map(|k| TargetShare {
            target: k,
            share: (0..plans.len()).map(|i| 1.0 - rate(i, k)).sum::<f64>() / plans.len() as f64,
        })
        // Ties go to the earlier target, as for the weakest one.
        .max_by(|a, b| a.share.total_cmp(&b.share).then(b.target.cmp(&a.target)))
        .unwrap_or(TargetShare {
            target: 0,
            share: 0.0,
        });
    let unanswered = targets[closest].as_ref().map_or_else(Vec::new, |t| {
        (t.rates.iter().enumerate())
            .filter(|(_, r)| r.unanswered > 0.0)
            .map(|(k, r)| TargetShare {
                target: k,
                share: r.unanswered,
            })
            .collect()
    });
    Decision {
        plan: None,
        reason: Reason::NoneQualifies {
            confidence,
            closest,
            met: met(closest),
            weakest,
            most_failed,
            unanswered,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testing::{ALL, Hits, SL_FAILS, WAIT_FAILS, analysed, case};

    #[test]
    fn picks_the_cheapest_plan_meeting_the_confidence() {
        let c = case(
            &[
                ("lean", 100.0, &[ALL, ALL, WAIT_FAILS, ALL]), // 75 %: not enough
                ("mid", 120.0, &[ALL, ALL, ALL, ALL]),         // 100 %
                ("rich", 150.0, &[ALL, ALL, ALL, ALL]),        // 100 %, dearer
            ],
            Some(0.9),
        );
        let d = analysed(&c).decision;
        assert_eq!(d.plan, Some(1));
        let Reason::Cheapest {
            met, cost, next, ..
        } = d.reason
        else {
            panic!("{:?}", d.reason)
        };
        assert_eq!((met, cost), (1.0, 120.0));
        assert_eq!(
            next,
            Some(NextPlan {
                plan: 2,
                extra_cost: 30.0
            })
        );
    }

    #[test]
    fn says_when_the_replications_cannot_yet_confirm_the_confidence() {
        let hits: Vec<_> = (0..100)
            .map(|i| if i < 90 { ALL } else { SL_FAILS })
            .collect();
        let sure = |hits: &[_], confidence| {
            let d = analysed(&case(&[("a", 1.0, hits)], Some(confidence))).decision;
            match d.reason {
                Reason::Cheapest { unsure, .. } => !unsure,
                r => panic!("{r:?}"),
            }
        };
        // 90 of 100 (interval 83–94 %) is surely above 80 %.
        assert!(sure(&hits, 0.8));
        // Four successes out of four are 100 % but could well be below 90 %.
        assert!(!sure(&[ALL, ALL, ALL, ALL], 0.9));
    }

    #[test]
    fn equal_cost_goes_to_the_plan_meeting_targets_more_often() {
        let c = case(
            &[
                ("a", 100.0, &[ALL, ALL, ALL, SL_FAILS]),
                ("b", 100.0, &[ALL, ALL, ALL, ALL]),
            ],
            Some(0.75),
        );
        assert_eq!(analysed(&c).decision.plan, Some(1));
    }

    #[test]
    fn says_when_no_plan_qualifies_and_which_target_fails_most() {
        let c = case(
            &[
                ("a", 100.0, &[SL_FAILS, SL_FAILS, ALL, WAIT_FAILS]),
                ("b", 200.0, &[ALL, SL_FAILS, ALL, ALL]),
            ],
            Some(0.9),
        );
        let d = analysed(&c).decision;
        assert_eq!(
            d,
            Decision {
                plan: None,
                reason: Reason::NoneQualifies {
                    confidence: 0.9,
                    closest: 1,
                    met: 0.75,
                    weakest: TargetShare {
                        target: 1,
                        share: 0.75
                    },
                    most_failed: TargetShare {
                        target: 1,
                        share: 0.375
                    },
                    unanswered: Vec::new(),
                },
            }
        );
    }

    #[test]
    fn tied_targets_name_the_earlier_one_as_weakest_and_most_failed() {
        // Both targets fail in the same two replications of the only plan.
        const BOTH_FAIL: Hits = [false, false];
        let c = case(&[("a", 1.0, &[BOTH_FAIL, BOTH_FAIL, ALL, ALL])], Some(0.9));
        let Reason::NoneQualifies {
            weakest,
            most_failed,
            ..
        } = analysed(&c).decision.reason
        else {
            panic!("a plan qualified")
        };
        assert_eq!((weakest.target, most_failed.target), (0, 0));
    }

    #[test]
    fn no_targets_means_no_recommendation() {
        let d = analysed(&case(&[("a", 1.0, &[ALL]), ("b", 2.0, &[ALL])], None)).decision;
        assert_eq!(d.plan, None);
        assert_eq!(d.reason, Reason::NoTargets);
        let d = analysed(&case(&[("a", 1.0, &[ALL])], None)).decision;
        assert_eq!(d.reason, Reason::SinglePlanNoTargets);
    }
}
