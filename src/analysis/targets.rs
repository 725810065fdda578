//! How often each target held for a plan, `targets_met` with its Wilson interval,
//! from the checks counted replication by replication ([`TargetCounts`]).

use crate::model::Targets;
pub use crate::stats::checks::Check;
use crate::stats::checks::TargetCounts;

/// How often one target held for a plan, and why it failed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TargetRate {
    /// Share of replications in which it held (vacuous ones included).
    pub held: f64,
    /// 95 % Wilson score interval of the probability that it holds.
    pub held_ci95: (f64, f64),
    /// Share of replications in which it held vacuously (nothing offered).
    pub vacuous: f64,
    /// Share of replications in which it was not met because no contact was answered.
    pub unanswered: f64,
}

impl TargetRate {
    /// The target's standing for the plan, given the study's `confidence`:
    /// [`Check::Vacuous`] when it held vacuously in every replication, else
    /// [`Check::Held`] when it held (on its own) in at least `confidence` of them,
    /// else [`Check::Unanswered`] when most of its failures were for want of an
    /// answer, else [`Check::Missed`].
    pub fn status(&self, confidence: f64) -> Check {
        let missed = 1.0 - self.held - self.unanswered;
        if self.vacuous == 1.0 {
            Check::Vacuous
        } else if self.held >= confidence {
            Check::Held
        } else if self.unanswered >= missed {
            Check::Unanswered
        } else {
            Check::Missed
        }
    }
}

/// How one plan fared against the study's targets.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanTargets {
    /// Share of replications in which every target held.
    pub met: f64,
    /// 95 % Wilson score interval of the probability that all targets hold, from
    /// the replications run: how sure `met` is.
    pub met_ci95: (f64, f64),
    /// Per target, in the study's order.
    pub rates: Vec<TargetRate>,
}

impl PlanTargets {
    /// The shares of `counts`, the checks of `targets` in a plan's replications
    /// (`None` without replications or targets).
    pub fn new(targets: &Targets, counts: &TargetCounts) -> Option<Self> {
        if counts.replications == 0 || targets.list.is_empty() {
            return None;
        }
        let n = counts.replications as f64;
        let share = |c: u64| c as f64 / n;
        let met = share(counts.all_held);
        let rates = (0..targets.list.len())
            .map(|k| {
                let count = |check| counts.count(k, check);
                let held = share(count(Check::Held) + count(Check::Vacuous));
                TargetRate {
                    held,
                    held_ci95: wilson95(held, n),
                    vacuous: share(count(Check::Vacuous)),
                    unanswered: share(count(Check::Unanswered)),
                }
            })
            .collect();
        Some(PlanTargets {
            met_ci95: wilson95(met, n),
            met,
            rates,
        })
    }
}

/// 95 % Wilson score interval of a proportion `p` observed in `n` trials.
fn wilson95(p: f64, n: f64) -> (f64, f64) {
    let z = 1.959_963_984_540_054_f64;
    let centre = (p + z * z / (2.0 * n)) / (1.0 + z * z / n);
    let half = z / (1.0 + z * z / n) * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt();
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kpi::Kpi;
    use crate::model::{Bound, Scope, Target};
    use crate::stats::kpi::Kpis;

    /// One channel's replications with these (offered, handled, ASA) values.
    fn reps(values: &[(f64, f64, f64)]) -> Vec<Kpis> {
        values
            .iter()
            .map(|&(offered, handled, asa)| {
                vec![
                    (Kpi::Offered, offered.into()),
                    (Kpi::Handled, handled.into()),
                    (Kpi::Asa, asa.into()),
                ]
            })
            .collect()
    }

    fn asa_target(scope: Scope) -> Targets {
        Targets {
            confidence: 0.9,
            list: vec![Target {
                scope,
                kpi: Kpi::Asa,
                bound: Bound::AtMost(60.0),
                label: "phone ASA ≤ 1m".into(),
            }],
        }
    }

    #[test]
    fn an_undefined_kpi_is_vacuous_without_offers_and_missed_without_answers() {
        let channel = reps(&[
            (10.0, 10.0, 30.0),    // held
            (10.0, 10.0, 90.0),    // missed
            (0.0, 0.0, f64::NAN),  // nothing offered: vacuous
            (10.0, 0.0, f64::NAN), // offered, none answered: not met
        ]);
        let t = asa_target(Scope::Channel(0));
        let checks: Vec<Check> = (channel.iter())
            .map(|c| Check::of(&t.list[0], &Vec::new(), std::slice::from_ref(c)))
            .collect();
        assert_eq!(
            checks,
            [
                Check::Held,
                Check::Missed,
                Check::Vacuous,
                Check::Unanswered
            ]
        );
        let mut counts = TargetCounts::new(&t);
        let all: Vec<bool> = (channel.iter())
            .map(|c| counts.add(&t, &Vec::new(), std::slice::from_ref(c)))
            .collect();
        assert_eq!(all, [true, false, true, false]);
        let pt = PlanTargets::new(&t, &counts).unwrap();
        assert_eq!(pt.met, 0.5);
        assert_eq!(
            pt.rates,
            [TargetRate {
                held: 0.5,
                held_ci95: wilson95(0.5, 4.0),
                vacuous: 0.25,
                unanswered: 0.25
            }]
        );
        // Held in half, one of the two failures unanswered: mostly unanswered.
        assert_eq!(pt.rates[0].status(0.9), Check::Unanswered);
        assert_eq!(pt.rates[0].status(0.5), Check::Held);
    }

    #[test]
    fn a_plans_standing_on_a_target_names_its_main_failure() {
        let rate = |held, vacuous, unanswered| TargetRate {
            held,
            held_ci95: (0.0, 1.0),
            vacuous,
            unanswered,
        };
        assert_eq!(rate(1.0, 1.0, 0.0).status(0.9), Check::Vacuous);
        assert_eq!(rate(0.95, 0.5, 0.0).status(0.9), Check::Held);
        assert_eq!(rate(0.85, 0.0, 0.0).status(0.9), Check::Missed);
        assert_eq!(rate(0.5, 0.0, 0.1).status(0.9), Check::Missed);
        assert_eq!(rate(0.5, 0.0, 0.4).status(0.9), Check::Unanswered);
    }

    #[test]
    fn only_a_kpi_of_answered_contacts_fails_for_want_of_answers() {
        // Offered, none answered, no agent at work: occupancy has no value, but not
        // because nobody was answered — its target holds, as documented.
        let channel: Kpis = vec![
            (Kpi::Offered, 10.0.into()),
            (Kpi::Handled, 0.0.into()),
            (Kpi::Occupancy, f64::NAN.into()),
            (Kpi::Asa, f64::NAN.into()),
        ];
        let target = Target {
            scope: Scope::Channel(0),
            kpi: Kpi::Occupancy,
            bound: Bound::AtMost(0.85),
            label: "occupancy ≤ 85 %".into(),
        };
        let channels = std::slice::from_ref(&channel);
        assert_eq!(Check::of(&target, &Vec::new(), channels), Check::Vacuous);
        // In the same replication an ASA target is not met.
        let asa = asa_target(Scope::Channel(0));
        assert_eq!(
            Check::of(&asa.list[0], &Vec::new(), channels),
            Check::Unanswered
        );
    }

    #[test]
    fn a_kpi_missing_from_the_scope_is_vacuous() {
        // The overall KPIs are empty: no offered count, no value.
        let channel = reps(&[(10.0, 0.0, f64::NAN)]);
        let t = asa_target(Scope::Overall);
        assert_eq!(Check::of(&t.list[0], &Vec::new(), &channel), Check::Vacuous);
    }
    #[test]
    fn targets_met_carries_its_wilson_interval() {
        // Wilson score interval of 90 successes in 100 at 95 %.
        let (lo, hi) = wilson95(0.9, 100.0);
        assert!(
            (lo - 0.825_65).abs() < 1e-4 && (hi - 0.944_79).abs() < 1e-4,
            "({lo}, {hi})"
        );
        assert_eq!(wilson95(1.0, 4.0).1, 1.0);
        assert!(
            wilson95(1.0, 4.0).0 < 0.9,
            "4 of 4 could well be below 90 %"
        );
    }
}
