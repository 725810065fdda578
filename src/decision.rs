//! The decision: paired differences of each plan against the baseline, and the
//! recommended plan — the cheapest one that meets every target with the required
//! confidence — or a plain statement that none does and which target fails most.

use indexmap::IndexMap;

use crate::kpi::Kpi;
use crate::model::Study;
use crate::runner::PlanResult;
use crate::stats::{KpiSeries, KpiStats};

/// The KPI plans are ranked by ("cheapest"): `cost_total` when the teams have
/// costs, otherwise paid agent-hours.
pub fn cost_kpi(study: &Study) -> Kpi {
    if study.base().has_costs() {
        Kpi::CostTotal
    } else {
        Kpi::PaidHours
    }
}

/// Statistics of the paired difference (plan − baseline) of every KPI of `series`
/// present in both, replication by replication. Common random numbers make these
/// far tighter than the difference of two independent means.
pub fn paired(plan: &KpiSeries, baseline: &KpiSeries) -> IndexMap<Kpi, KpiStats> {
    plan.kpis()
        .filter_map(|kpi| {
            let (a, b) = (plan.values(kpi)?, baseline.values(kpi)?);
            let d: Vec<f64> = a.iter().zip(b).map(|(x, y)| x - y).collect();
            KpiStats::from_values(&d).map(|s| (kpi, s))
        })
        .collect()
}

/// The recommendation: which plan, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// Index of the recommended plan, if one qualifies.
    pub plan: Option<usize>,
    /// The reason, in words a planner can quote.
    pub reason: String,
}

fn cost(p: &PlanResult, kpi: Kpi) -> f64 {
    p.overall.mean(kpi).unwrap_or(f64::INFINITY)
}

/// Chooses the cheapest plan whose probability of meeting all targets reaches the
/// targets' confidence. Ties go to the plan meeting the targets more often, then to
/// the earlier plan.
pub fn recommend(study: &Study, plans: &[PlanResult]) -> Decision {
    let Some(targets) = &study.targets else {
        let reason = if plans.len() == 1 {
            "only one plan was simulated and no targets are set: add [[plans]] and [targets] to compare staffing mixes"
        } else {
            "no [targets] are set, so no plan can be recommended: add targets (e.g. median_wait, abandon_rate) and a confidence"
        };
        return Decision {
            plan: None,
            reason: reason.into(),
        };
    };
    let conf = targets.confidence;
    let kpi = cost_kpi(study);
    let unit = if kpi == Kpi::PaidHours {
        "paid agent-hours"
    } else {
        "total cost"
    };
    let cost = |p: &PlanResult| cost(p, kpi);
    let met = |p: &PlanResult| p.targets_met().unwrap_or(0.0);
    let qualifying: Vec<usize> = (0..plans.len())
        .filter(|&i| met(&plans[i]) >= conf)
        .collect();
    let best = qualifying.iter().copied().min_by(|&a, &b| {
        cost(&plans[a])
            .total_cmp(&cost(&plans[b]))
            .then(met(&plans[b]).total_cmp(&met(&plans[a])))
            .then(a.cmp(&b))
    });
    if let Some(i) = best {
        let p = &plans[i];
        let (lo, hi) = p.targets_met_ci95().unwrap_or((0.0, 1.0));
        let mut reason = format!(
            "\"{}\" is the cheapest plan meeting all targets with at least {:.0} % confidence: they held together in \
             {:.1} % of replications (95 % interval {:.0}–{:.0} %), at {:.0} {unit}",
            p.name,
            100.0 * conf,
            100.0 * met(p),
            100.0 * lo,
            100.0 * hi,
            cost(p)
        );
        if lo < conf {
            reason.push_str(&format!(
                "; with {} replications that is not yet sure to be above {:.0} %: run more replications to confirm",
                p.target_hits.len(),
                100.0 * conf
            ));
        }
        if let Some(&next) = qualifying
            .iter()
            .filter(|&&j| j != i)
            .min_by(|&&a, &&b| cost(&plans[a]).total_cmp(&cost(&plans[b])))
        {
            reason.push_str(&format!(
                "; the next cheapest qualifying plan, \"{}\", needs {:.0} more",
                plans[next].name,
                cost(&plans[next]) - cost(p)
            ));
        }
        return Decision {
            plan: Some(i),
            reason,
        };
    }
    // None qualifies: name the closest plan and the target that fails most.
    let closest = (0..plans.len())
        .max_by(|&a, &b| met(&plans[a]).total_cmp(&met(&plans[b])).then(b.cmp(&a)))
        .unwrap_or(0);
    let p = &plans[closest];
    let (worst, rate) = (0..targets.list.len())
        .map(|k| (k, p.target_rate(k)))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .unwrap_or((0, 1.0));
    let (most_failed, avg) = (0..targets.list.len())
        .map(|k| {
            (
                k,
                plans.iter().map(|p| 1.0 - p.target_rate(k)).sum::<f64>() / plans.len() as f64,
            )
        })
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .unwrap_or((0, 0.0));
    Decision {
        plan: None,
        reason: format!(
            "no plan meets all targets with {:.0} % confidence. The closest, \"{}\", meets them together in {:.1} % of \
             replications; its weakest target is \"{}\" (held in {:.1} %). Across all plans the target failed most \
             often is \"{}\" (failed in {:.1} % of replications on average): add capacity where it binds, or revisit it",
            100.0 * conf,
            p.name,
            100.0 * met(p),
            targets.list[worst].label,
            100.0 * rate,
            targets.list[most_failed].label,
            100.0 * avg
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Bound, Plan, Scope, Target, Targets};
    use crate::scenario::parse;

    const SMALL: &str = r#"
horizon = "1d"
[channels.phone]
volume_per_hour = 10
handle_time = { mean = "5m" }
[teams.core]
kind = "in_house"
agents = 3
schedule = "24/7"
skills = { phone = 1.0 }
"#;

    /// A study of plans with the given costs and, per replication, whether each of
    /// two targets held.
    fn case(
        plans: &[(&str, f64, &[[bool; 2]])],
        confidence: Option<f64>,
    ) -> (Study, Vec<PlanResult>) {
        let model = parse("t.toml", SMALL).unwrap();
        let targets = confidence.map(|confidence| Targets {
            confidence,
            list: ["median wait ≤ 2m", "phone service level ≥ 80 %"]
                .iter()
                .map(|l| Target {
                    scope: Scope::Overall,
                    kpi: Kpi::Asa,
                    bound: Bound::AtMost(1.0),
                    label: l.to_string(),
                })
                .collect(),
        });
        let study = Study {
            name: "t".into(),
            seed: 1,
            replications: 4,
            plans: plans
                .iter()
                .map(|(n, _, _)| Plan {
                    name: n.to_string(),
                    description: None,
                    model: model.clone(),
                    grid: Vec::new(),
                })
                .collect(),
            baseline: 0,
            targets,
        };
        let results = plans
            .iter()
            .map(|(name, cost, hits)| {
                let mut r = PlanResult::new(&model, name);
                for h in *hits {
                    r.overall.push(&vec![(Kpi::PaidHours, *cost)]);
                    if confidence.is_some() {
                        r.target_hits.push(h.to_vec());
                    }
                }
                r
            })
            .collect();
        (study, results)
    }

    const ALL: [bool; 2] = [true, true];
    const WAIT_FAILS: [bool; 2] = [false, true];
    const SL_FAILS: [bool; 2] = [true, false];

    #[test]
    fn picks_the_cheapest_plan_meeting_the_confidence() {
        let (s, r) = case(
            &[
                ("lean", 100.0, &[ALL, ALL, WAIT_FAILS, ALL]), // 75 %: not enough
                ("mid", 120.0, &[ALL, ALL, ALL, ALL]),         // 100 %
                ("rich", 150.0, &[ALL, ALL, ALL, ALL]),        // 100 %, dearer
            ],
            Some(0.9),
        );
        let d = recommend(&s, &r);
        assert_eq!(d.plan, Some(1));
        assert!(
            d.reason.contains("\"mid\"") && d.reason.contains("\"rich\""),
            "{}",
            d.reason
        );
    }

    #[test]
    fn targets_met_carries_its_wilson_interval() {
        let hits: Vec<[bool; 2]> = (0..100)
            .map(|i| if i < 90 { ALL } else { SL_FAILS })
            .collect();
        let (s, r) = case(&[("a", 1.0, &hits)], Some(0.8));
        let (lo, hi) = r[0].targets_met_ci95().unwrap();
        // Wilson score interval of 90 successes in 100 at 95 %.
        assert!(
            (lo - 0.825_65).abs() < 1e-4 && (hi - 0.944_79).abs() < 1e-4,
            "({lo}, {hi})"
        );
        let d = recommend(&s, &r);
        assert!(d.reason.contains("(95 % interval 83–94 %)"), "{}", d.reason);
        assert!(!d.reason.contains("not yet sure"), "{}", d.reason);
        // Four successes out of four are 100 % but could well be below 90 %.
        let (s, r) = case(&[("a", 1.0, &[ALL, ALL, ALL, ALL])], Some(0.9));
        assert!(recommend(&s, &r).reason.contains("run more replications"));
    }

    #[test]
    fn equal_cost_goes_to_the_plan_meeting_targets_more_often() {
        let (s, r) = case(
            &[
                ("a", 100.0, &[ALL, ALL, ALL, SL_FAILS]),
                ("b", 100.0, &[ALL, ALL, ALL, ALL]),
            ],
            Some(0.75),
        );
        assert_eq!(recommend(&s, &r).plan, Some(1));
    }

    #[test]
    fn says_when_no_plan_qualifies_and_which_target_fails_most() {
        let (s, r) = case(
            &[
                ("a", 100.0, &[SL_FAILS, SL_FAILS, ALL, WAIT_FAILS]),
                ("b", 200.0, &[ALL, SL_FAILS, ALL, ALL]),
            ],
            Some(0.9),
        );
        let d = recommend(&s, &r);
        assert_eq!(d.plan, None);
        assert!(
            d.reason
                .contains("no plan meets all targets with 90 % confidence"),
            "{}",
            d.reason
        );
        assert!(
            d.reason
                .contains("The closest, \"b\", meets them together in 75.0 %"),
            "{}",
            d.reason
        );
        assert!(
            d.reason
                .contains("failed most often is \"phone service level ≥ 80 %\""),
            "{}",
            d.reason
        );
    }

    #[test]
    fn no_targets_means_no_recommendation() {
        let (s, r) = case(&[("a", 1.0, &[ALL]), ("b", 2.0, &[ALL])], None);
        let d = recommend(&s, &r);
        assert_eq!(d.plan, None);
        assert!(d.reason.contains("no [targets]"));
    }

    #[test]
    fn paired_differences_are_per_replication() {
        let mut a = KpiSeries::default();
        let mut b = KpiSeries::default();
        for (x, y) in [(10.0, 7.0), (20.0, 17.0), (30.0, 27.0)] {
            a.push(&vec![(Kpi::Offered, x)]);
            b.push(&vec![(Kpi::Offered, y)]);
        }
        let d = paired(&a, &b);
        assert_eq!(d[&Kpi::Offered].mean, 3.0);
        assert_eq!(
            d[&Kpi::Offered].sd,
            0.0,
            "a constant shift has no paired variance"
        );
    }
}
