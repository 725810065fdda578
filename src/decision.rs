//! The decision: paired differences of each plan against the baseline, and the
//! recommended plan — the cheapest one that meets every target with the required
//! confidence — or a plain statement that none does and which target fails most.

use indexmap::IndexMap;

use crate::model::Study;
use crate::runner::PlanResult;
use crate::stats::{KpiSeries, KpiStats};

/// The KPI plans are ranked by ("cheapest"). Paid agent-hours until the cost model
/// is configured per team.
pub const COST_KPI: &str = "paid_hours";

/// Statistics of the paired difference (plan − baseline) of every KPI of `series`
/// present in both, replication by replication. Common random numbers make these
/// far tighter than the difference of two independent means.
pub fn paired(plan: &KpiSeries, baseline: &KpiSeries) -> IndexMap<&'static str, KpiStats> {
    plan.names()
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

fn cost(p: &PlanResult) -> f64 {
    p.overall.mean(COST_KPI).unwrap_or(f64::INFINITY)
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
        let mut reason = format!(
            "\"{}\" is the cheapest plan meeting all targets with at least {:.0} % confidence: they held together in \
             {:.1} % of replications, at {:.0} paid agent-hours",
            p.name,
            100.0 * conf,
            100.0 * met(p),
            cost(p)
        );
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
