//! Paired differences (plan − baseline) of KPIs, replication by replication.

use indexmap::IndexMap;

use crate::kpi::Kpi;
use crate::stats::{KpiSeries, KpiStats};

/// Statistics of the paired difference (plan − baseline) of every KPI of `series`
/// present in both, replication by replication. Common random numbers make these
/// far tighter than the difference of two independent means.
pub(super) fn paired(plan: &KpiSeries, baseline: &KpiSeries) -> IndexMap<Kpi, KpiStats> {
    plan.kpis()
        .filter_map(|kpi| {
            let (a, b) = (plan.values(kpi)?, baseline.values(kpi)?);
            let d: Vec<f64> = a.iter().zip(b).map(|(x, y)| x - y).collect();
            KpiStats::from_values(&d).map(|s| (kpi, s))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
