//! Statistics of KPIs across replications: the estimate (the ratio estimator of
//! [`super::ratio`]) with its 95 % confidence half-width, and the spread of the
//! replications' own values (standard deviation, percentiles, extremes).

use indexmap::IndexMap;
use serde::Serialize;

use super::ratio::{Measure, pseudo_values, t_975};
use crate::kpi::Kpi;

/// Statistics of one KPI across replications.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct KpiStats {
    /// The estimate: Σ numerator ÷ Σ denominator over replications (for a KPI that
    /// is not a ratio, the mean over the replications with a value).
    pub mean: f64,
    /// Sample standard deviation of the replications' values.
    pub sd: f64,
    /// Half-width of the 95 % confidence interval of `mean` (delta method,
    /// Student t; for a KPI that is not a ratio, the usual t interval).
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

    /// Statistics of a KPI measured as `measures` (one per replication): the ratio
    /// estimate and its interval, with the spread of the replications' values.
    /// `None` if no replication has a value.
    pub fn from_measures(measures: &[Measure]) -> Option<Self> {
        let values: Vec<f64> = measures.iter().map(|m| m.value()).collect();
        let estimate = Self::from_values(&pseudo_values(measures)?)?;
        Self::from_values(&values).map(|spread| spread.estimated_by(&estimate))
    }

    /// These statistics of the replications' values, with the estimate and its
    /// interval taken from `estimate` (statistics of pseudo-values over every
    /// replication). When every replication has the same value, that value is the
    /// estimate, exactly, with no interval: pooling would only add rounding noise.
    pub fn estimated_by(self, estimate: &KpiStats) -> Self {
        if self.sd == 0.0 && self.n == estimate.n {
            return self;
        }
        KpiStats {
            mean: estimate.mean,
            ci95: estimate.ci95,
            ..self
        }
    }

    /// Whether `x` lies in the 95 % confidence interval widened by `factor`.
    pub fn ci_contains(&self, x: f64, factor: f64) -> bool {
        (x - self.mean).abs() <= self.ci95 * factor
    }
}

/// Linear-interpolation quantile of sorted values (R type 7).
pub(super) fn quantile(sorted: &[f64], q: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * q;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// Collects the KPI measures of one scope (a channel, a team, overall) over
/// replications.
#[derive(Debug, Clone, Default)]
pub struct KpiSeries {
    /// Per KPI, each replication's measure and its value.
    series: IndexMap<Kpi, (Vec<Measure>, Vec<f64>)>,
}

impl KpiSeries {
    /// Appends one replication's KPIs (measures, or plain values).
    pub fn push<M: Into<Measure> + Copy>(&mut self, kpis: &[(Kpi, M)]) {
        for &(kpi, m) in kpis {
            let m = m.into();
            let (measures, values) = self.series.entry(kpi).or_default();
            measures.push(m);
            values.push(m.value());
        }
    }

    /// The values of `kpi` in replication order (NaN: no data in that replication).
    pub fn values(&self, kpi: Kpi) -> Option<&[f64]> {
        self.series.get(&kpi).map(|(_, v)| v.as_slice())
    }

    /// The measures of `kpi` in replication order.
    pub fn measures(&self, kpi: Kpi) -> Option<&[Measure]> {
        self.series.get(&kpi).map(|(m, _)| m.as_slice())
    }

    /// The KPIs measured, in order.
    pub fn kpis(&self) -> impl Iterator<Item = Kpi> + '_ {
        self.series.keys().copied()
    }

    /// The estimate of `kpi` across replications (see [`KpiStats::mean`]).
    pub fn mean(&self, kpi: Kpi) -> Option<f64> {
        KpiStats::from_measures(self.measures(kpi)?).map(|s| s.mean)
    }

    /// Statistics of every KPI, in KPI order; KPIs without any data are left out.
    pub fn stats(&self) -> IndexMap<Kpi, KpiStats> {
        self.series
            .iter()
            .filter_map(|(k, (m, _))| KpiStats::from_measures(m).map(|s| (*k, s)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::ratio::RatioMoments;

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

    /// Replications of a ratio with very unequal denominators, one of them empty.
    const MEASURES: [Measure; 6] = [
        Measure::ratio(3.0, 4.0),
        Measure::ratio(0.0, 0.0),
        Measure::ratio(1.0, 1.0),
        Measure::ratio(50.0, 100.0),
        Measure::ratio(9.0, 10.0),
        Measure::ratio(40.0, 70.0),
    ];

    #[test]
    fn a_ratio_is_estimated_by_pooling_and_spread_by_its_values() {
        let s = KpiStats::from_measures(&MEASURES).unwrap();
        let pooled = 103.0 / 185.0;
        assert!((s.mean - pooled).abs() < 1e-12, "{} vs {pooled}", s.mean);
        // The mean of the replications' own ratios (0.743) is another number.
        let own = KpiStats::from_values(&MEASURES.map(Measure::value)).unwrap();
        assert!((own.mean - pooled).abs() > 0.1);
        // The spread is that of the values; the empty replication has none.
        assert_eq!((s.n, s.sd, s.min, s.max), (5, own.sd, 0.5, 1.0));
        // The interval is the streaming one, and the delta method by hand:
        // Σ (x − R·y)² ÷ ((n − 1)·n·ȳ²), t(0.975, 5) = 2.570582.
        let mut m = RatioMoments::default();
        MEASURES.into_iter().for_each(|x| m.add(x));
        assert!(
            (m.ci95() - s.ci95).abs() < 1e-12,
            "{} vs {}",
            m.ci95(),
            s.ci95
        );
        let ss: f64 = MEASURES
            .iter()
            .map(|m| (m.num - pooled * m.den).powi(2))
            .sum();
        let by_hand = 2.570_582 * (ss / 5.0 / 6.0).sqrt() / (185.0 / 6.0);
        assert!((s.ci95 - by_hand).abs() < 1e-6, "{} vs {by_hand}", s.ci95);
    }

    #[test]
    fn a_plain_kpi_keeps_the_plain_mean_and_t_interval_bit_for_bit() {
        let xs = [3.5, 1.25, 7.0, 2.0, f64::NAN];
        let plain = KpiStats::from_values(&xs).unwrap();
        let s = KpiStats::from_measures(&xs.map(Measure::plain)).unwrap();
        assert!((s.mean - plain.mean).abs() < 1e-15);
        // The empty replication counts in the delta method's n, not in the t's.
        let four: Vec<Measure> = xs[..4].iter().map(|&x| Measure::plain(x)).collect();
        let four = KpiStats::from_measures(&four).unwrap();
        assert_eq!(four, plain);
        let mut m = RatioMoments::default();
        xs[..4].iter().for_each(|&x| m.add(Measure::plain(x)));
        assert_eq!(m.estimate(), plain.mean);
        assert!((m.ci95() - plain.ci95).abs() < 1e-12);
    }
}
