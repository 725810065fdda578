//! Distribution of KPIs across replications: mean, standard deviation, 95 %
//! confidence half-width (Student t), percentiles, extremes.

use indexmap::IndexMap;
use serde::Serialize;
use statrs::distribution::{ContinuousCDF, StudentsT};

use super::kpi::Kpis;
use crate::kpi::Kpi;

/// Statistics of one KPI across replications.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct KpiStats {
    /// Mean over replications.
    pub mean: f64,
    /// Sample standard deviation over replications.
    pub sd: f64,
    /// Half-width of the 95 % confidence interval of the mean (Student t).
    pub ci95: f64,
    /// 5th percentile across replications.
    pub p5: f64,
    /// Median across replications.
    pub p50: f64,
    /// 95th percentile across replications.
    pub p95: f64,
    /// Smallest value.
    pub min: f64,
    /// Largest value.
    pub max: f64,
    /// Replications with a value (a KPI without data in a replication is skipped).
    pub n: usize,
}

impl KpiStats {
    /// Statistics of `values`, ignoring NaN; `None` if no value is left.
    pub fn from_values(values: &[f64]) -> Option<Self> {
        let mut v: Vec<f64> = values.iter().copied().filter(|x| !x.is_nan()).collect();
        if v.is_empty() {
            return None;
        }
        v.sort_by(f64::total_cmp);
        let n = v.len();
        let mean = v.iter().sum::<f64>() / n as f64;
        let sd = if n > 1 {
            (v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64).sqrt()
        } else {
            0.0
        };
        Some(KpiStats {
            mean,
            sd,
            ci95: t_975(n) * sd / (n as f64).sqrt(),
            p5: quantile(&v, 0.05),
            p50: quantile(&v, 0.50),
            p95: quantile(&v, 0.95),
            min: v[0],
            max: v[n - 1],
            n,
        })
    }

    /// Whether `x` lies in the 95 % confidence interval widened by `factor`.
    pub fn ci_contains(&self, x: f64, factor: f64) -> bool {
        (x - self.mean).abs() <= self.ci95 * factor
    }
}

/// 97.5 % quantile of Student's t with n − 1 degrees of freedom (0 for n < 2).
pub fn t_975(n: usize) -> f64 {
    if n < 2 {
        return 0.0;
    }
    StudentsT::new(0.0, 1.0, (n - 1) as f64)
        .map(|t| t.inverse_cdf(0.975))
        .unwrap_or(1.96)
}

/// Linear-interpolation quantile of sorted values (R type 7).
pub(super) fn quantile(sorted: &[f64], q: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * q;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// Collects the KPI values of one scope (a channel, a team, overall) over replications.
#[derive(Debug, Clone, Default)]
pub struct KpiSeries {
    values: IndexMap<Kpi, Vec<f64>>,
}

impl KpiSeries {
    /// Appends one replication's KPIs.
    pub fn push(&mut self, kpis: &Kpis) {
        for &(kpi, v) in kpis {
            self.values.entry(kpi).or_default().push(v);
        }
    }

    /// The values of `kpi` in replication order.
    pub fn values(&self, kpi: Kpi) -> Option<&[f64]> {
        self.values.get(&kpi).map(Vec::as_slice)
    }

    /// The KPIs measured, in order.
    pub fn kpis(&self) -> impl Iterator<Item = Kpi> + '_ {
        self.values.keys().copied()
    }

    /// Mean of `kpi` over the replications with data.
    pub fn mean(&self, kpi: Kpi) -> Option<f64> {
        KpiStats::from_values(self.values(kpi)?).map(|s| s.mean)
    }

    /// Statistics of every KPI, in KPI order; KPIs without any data are left out.
    pub fn stats(&self) -> IndexMap<Kpi, KpiStats> {
        self.values
            .iter()
            .filter_map(|(k, v)| KpiStats::from_values(v).map(|s| (*k, s)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stats_of_known_sample() {
        let s = KpiStats::from_values(&[1.0, 2.0, 3.0, 4.0, f64::NAN]).unwrap();
        assert_eq!(s.n, 4);
        assert_eq!(s.mean, 2.5);
        assert!((s.sd - 1.290_994_448_7).abs() < 1e-9);
        // t(0.975, 3) = 3.182446305
        assert!((s.ci95 - 3.182_446_305 * s.sd / 2.0).abs() < 1e-6);
        assert_eq!(s.p50, 2.5);
        assert!((s.p5 - 1.15).abs() < 1e-12);
        assert_eq!((s.min, s.max), (1.0, 4.0));
        assert!(KpiStats::from_values(&[f64::NAN]).is_none());
    }
}
