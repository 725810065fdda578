//! Statistics of KPIs across replications, streamed in constant memory: the
//! estimate (the ratio estimator of [`super::ratio`], or a paired difference of
//! two) with its 95 % confidence half-width, and the spread of the replications'
//! own values (standard deviation, percentiles, extremes).
//!
//! Replications are added one at a time in replication order and nothing is kept
//! per replication but the values behind the percentiles, which
//! [`super::quantiles`] bounds.

use indexmap::IndexMap;
use serde::Serialize;

use super::quantiles::Quantiles;
use super::ratio::{Measure, PairedMoments, RatioMoments};
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
    /// Statistics of plain `values` (one per replication), ignoring NaN; `None` if
    /// no value is left.
    pub fn from_values(values: &[f64]) -> Option<Self> {
        let mut acc = Acc::<RatioMoments>::default();
        (values.iter().filter(|x| !x.is_nan())).for_each(|&x| acc.add(Measure::plain(x)));
        acc.stats()
    }

    /// Whether `x` lies in the 95 % confidence interval widened by `factor`.
    pub fn ci_contains(&self, x: f64, factor: f64) -> bool {
        (x - self.mean).abs() <= self.ci95 * factor
    }
}

/// The spread of a KPI's values across replications, NaN ("no data") skipped:
/// count, mean and sum of squared deviations (Welford's update), extremes and
/// percentiles.
#[derive(Debug, Clone, Default, PartialEq)]
struct Spread {
    n: u64,
    mean: f64,
    m2: f64,
    min: f64,
    max: f64,
    quantiles: Quantiles,
}

impl Spread {
    fn add(&mut self, x: f64) {
        if x.is_nan() {
            return;
        }
        self.n += 1;
        if self.n == 1 {
            (self.min, self.max) = (x, x);
        } else {
            (self.min, self.max) = (self.min.min(x), self.max.max(x));
        }
        let d = x - self.mean;
        self.mean += d / self.n as f64;
        self.m2 += d * (x - self.mean);
        self.quantiles.add(x);
    }

    /// Sample standard deviation (0 for one value).
    fn sd(&self) -> f64 {
        if self.n > 1 {
            (self.m2.max(0.0) / (self.n - 1) as f64).sqrt()
        } else {
            0.0
        }
    }
}

/// An estimator of a KPI over replications added one by one.
trait Estimator: Default {
    /// The estimate (NaN when there is none).
    fn estimate(&self) -> f64;
    /// Half-width of its 95 % confidence interval.
    fn ci95(&self) -> f64;
    /// Replications added, with a value or not.
    fn n(&self) -> u64;
}

impl Estimator for RatioMoments {
    fn estimate(&self) -> f64 {
        RatioMoments::estimate(self)
    }
    fn ci95(&self) -> f64 {
        RatioMoments::ci95(self)
    }
    fn n(&self) -> u64 {
        RatioMoments::n(self)
    }
}

impl Estimator for PairedMoments {
    fn estimate(&self) -> f64 {
        PairedMoments::estimate(self)
    }
    fn ci95(&self) -> f64 {
        PairedMoments::ci95(self)
    }
    fn n(&self) -> u64 {
        PairedMoments::n(self)
    }
}

/// One KPI across replications: its estimator and the spread of its values.
#[derive(Debug, Clone, Default, PartialEq)]
struct Acc<E> {
    estimate: E,
    values: Spread,
}

impl<E: Estimator> Acc<E> {
    /// The estimate and whether it is the values' own mean: when every
    /// replication has the same value, that value is the estimate, exactly, with
    /// no interval (pooling would only add rounding noise). `None` without any
    /// value or estimate.
    fn settled(&self) -> Option<(f64, bool)> {
        let e = self.estimate.estimate();
        if self.values.n == 0 || e.is_nan() {
            None
        } else if self.values.sd() == 0.0 && self.values.n == self.estimate.n() {
            Some((self.values.mean, true))
        } else {
            Some((e, false))
        }
    }

    fn stats(&self) -> Option<KpiStats> {
        let (mean, own) = self.settled()?;
        let v = &self.values;
        let [p5, p50, p95] = v.quantiles.quantiles([0.05, 0.5, 0.95])?;
        Some(KpiStats {
            mean,
            sd: v.sd(),
            ci95: if own { 0.0 } else { self.estimate.ci95() },
            p5,
            p50,
            p95,
            min: v.min,
            max: v.max,
            n: v.n as usize,
        })
    }

    fn heap_bytes(&self) -> usize {
        self.values.quantiles.heap_bytes()
    }
}

impl Acc<RatioMoments> {
    fn add(&mut self, m: Measure) {
        self.estimate.add(m);
        self.values.add(m.value());
    }
}

/// KPIs by name, each with its accumulator, in the order first measured.
#[derive(Debug, Clone, PartialEq)]
struct Series<E> {
    series: IndexMap<Kpi, Acc<E>>,
}

impl<E> Default for Series<E> {
    fn default() -> Self {
        Series {
            series: IndexMap::new(),
        }
    }
}

impl<E: Estimator> Series<E> {
    fn kpis(&self) -> impl Iterator<Item = Kpi> + '_ {
        self.series.keys().copied()
    }

    fn stats(&self) -> IndexMap<Kpi, KpiStats> {
        self.series
            .iter()
            .filter_map(|(k, a)| a.stats().map(|s| (*k, s)))
            .collect()
    }

    fn heap_bytes(&self) -> usize {
        let entry = size_of::<(Kpi, Acc<E>)>() + size_of::<usize>();
        self.series.capacity() * entry + self.series.values().map(Acc::heap_bytes).sum::<usize>()
    }
}

/// Bytes one KPI's accumulator of a [`KpiSeries`] or [`PairedSeries`] is estimated
/// to hold after `replications` values (for the memory estimate of a run).
pub fn estimated_kpi_bytes(replications: u64) -> u64 {
    let entry = size_of::<(Kpi, Acc<RatioMoments>)>().max(size_of::<(Kpi, Acc<PairedMoments>)>())
        + size_of::<usize>();
    entry as u64 + super::quantiles::estimated_heap_bytes(replications)
}

/// The KPIs of one scope (a channel, a team, overall) across replications.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KpiSeries(Series<RatioMoments>);

impl KpiSeries {
    /// Adds one replication's KPIs (measures, or plain values).
    pub fn push<M: Into<Measure> + Copy>(&mut self, kpis: &[(Kpi, M)]) {
        for &(kpi, m) in kpis {
            self.0.series.entry(kpi).or_default().add(m.into());
        }
    }

    /// The KPIs measured, in order.
    pub fn kpis(&self) -> impl Iterator<Item = Kpi> + '_ {
        self.0.kpis()
    }

    /// The estimate of `kpi` across replications (see [`KpiStats::mean`]).
    pub fn mean(&self, kpi: Kpi) -> Option<f64> {
        self.0.series.get(&kpi)?.settled().map(|(m, _)| m)
    }

    /// Statistics of `kpi`; `None` if it has no data.
    pub fn get(&self, kpi: Kpi) -> Option<KpiStats> {
        self.0.series.get(&kpi)?.stats()
    }

    /// Σ of `kpi`'s numerators over replications (for a plain KPI, of its values);
    /// 0 if it is not measured.
    pub fn total(&self, kpi: Kpi) -> f64 {
        self.0.series.get(&kpi).map_or(0.0, |a| a.estimate.sums().0)
    }

    /// Statistics of every KPI, in KPI order; KPIs without any data are left out.
    pub fn stats(&self) -> IndexMap<Kpi, KpiStats> {
        self.0.stats()
    }

    /// Bytes held on the heap: bounded whatever the number of replications.
    pub fn heap_bytes(&self) -> usize {
        self.0.heap_bytes()
    }
}

/// Paired differences (plan − baseline) of a scope's KPIs, replication by
/// replication. The estimate is the difference of the two estimates (for a ratio
/// KPI, of the pooled ratios) and its interval comes from the replication by
/// replication differences of their pseudo-values; the spread (sd, percentiles) is
/// that of the differences of the replications' values. Common random numbers make
/// these far tighter than the difference of two independent estimates.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PairedSeries(Series<PairedMoments>);

impl PairedSeries {
    /// Adds one replication of the plan's and the baseline's KPIs; KPIs the
    /// baseline does not measure are left out.
    pub fn push(&mut self, plan: &[(Kpi, Measure)], base: &[(Kpi, Measure)]) {
        for &(kpi, a) in plan {
            if let Some(&(_, b)) = base.iter().find(|(k, _)| *k == kpi) {
                let acc = self.0.series.entry(kpi).or_default();
                acc.estimate.add(a, b);
                acc.values.add(a.value() - b.value());
            }
        }
    }

    /// Statistics of the difference of every KPI, in KPI order; KPIs without any
    /// data are left out.
    pub fn stats(&self) -> IndexMap<Kpi, KpiStats> {
        self.0.stats()
    }

    /// Bytes held on the heap: bounded whatever the number of replications.
    pub fn heap_bytes(&self) -> usize {
        self.0.heap_bytes()
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

    /// Replications of a ratio with very unequal denominators, one of them empty.
    const MEASURES: [Measure; 6] = [
        Measure::ratio(3.0, 4.0),
        Measure::ratio(0.0, 0.0),
        Measure::ratio(1.0, 1.0),
        Measure::ratio(50.0, 100.0),
        Measure::ratio(9.0, 10.0),
        Measure::ratio(40.0, 70.0),
    ];

    fn series(kpi: Kpi, measures: &[Measure]) -> KpiSeries {
        let mut s = KpiSeries::default();
        measures.iter().for_each(|&m| s.push(&[(kpi, m)]));
        s
    }

    #[test]
    fn a_ratio_is_estimated_by_pooling_and_spread_by_its_values() {
        let s = series(Kpi::ServiceLevel, &MEASURES)
            .get(Kpi::ServiceLevel)
            .unwrap();
        let pooled = 103.0 / 185.0;
        assert!((s.mean - pooled).abs() < 1e-12, "{} vs {pooled}", s.mean);
        // The mean of the replications' own ratios (0.743) is another number.
        let own = KpiStats::from_values(&MEASURES.map(Measure::value)).unwrap();
        assert!((own.mean - pooled).abs() > 0.1);
        // The spread is that of the values; the empty replication has none.
        assert_eq!((s.n, s.sd, s.min, s.max), (5, own.sd, 0.5, 1.0));
        // The delta method by hand: Σ (x − R·y)² ÷ ((n − 1)·n·ȳ²), t(0.975, 5) = 2.570582.
        let ss: f64 = MEASURES
            .iter()
            .map(|m| (m.num - pooled * m.den).powi(2))
            .sum();
        let by_hand = 2.570_582 * (ss / 5.0 / 6.0).sqrt() / (185.0 / 6.0);
        assert!((s.ci95 - by_hand).abs() < 1e-6, "{} vs {by_hand}", s.ci95);
    }

    #[test]
    fn a_plain_kpi_keeps_the_plain_mean_and_t_interval() {
        let xs = [3.5, 1.25, 7.0, 2.0, f64::NAN];
        let plain = KpiStats::from_values(&xs).unwrap();
        assert_eq!(plain.mean, 13.75 / 4.0);
        // t(0.975, 3) = 3.182446305
        assert!((plain.ci95 - 3.182_446_305 * plain.sd / 2.0).abs() < 1e-6);
        // The empty replication counts in the delta method's n, not in the t's.
        let s = series(Kpi::Offered, &xs.map(Measure::plain));
        let s = s.get(Kpi::Offered).unwrap();
        assert!((s.mean - plain.mean).abs() < 1e-15);
        assert_eq!(s.n, 4);
        assert!(s.ci95 < plain.ci95);
    }

    #[test]
    fn equal_values_are_their_own_estimate() {
        let s = KpiStats::from_values(&[0.1; 3]).unwrap();
        assert_eq!((s.mean, s.sd, s.ci95, s.p50), (0.1, 0.0, 0.0, 0.1));
    }

    #[test]
    fn paired_differences_are_per_replication() {
        let mut d = PairedSeries::default();
        for (x, y) in [(10.0, 7.0), (20.0, 17.0), (30.0, 27.0)] {
            d.push(
                &[(Kpi::Offered, Measure::plain(x))],
                &[(Kpi::Offered, Measure::plain(y))],
            );
        }
        let d = d.stats()[&Kpi::Offered];
        assert_eq!(d.mean, 3.0);
        assert_eq!(d.sd, 0.0, "a constant shift has no paired variance");
    }

    #[test]
    fn a_ratio_differs_by_its_pooled_estimates() {
        let mut d = PairedSeries::default();
        for (x, y) in [((9.0, 10.0), (8.0, 10.0)), ((1.0, 100.0), (0.0, 100.0))] {
            d.push(
                &[(Kpi::ServiceLevel, Measure::ratio(x.0, x.1))],
                &[(Kpi::ServiceLevel, Measure::ratio(y.0, y.1))],
            );
        }
        let d = d.stats()[&Kpi::ServiceLevel];
        // 10/110 − 8/110, not the mean of the replications' differences (0.055).
        assert!((d.mean - 2.0 / 110.0).abs() < 1e-15, "{}", d.mean);
        assert!((d.p50 - 0.055).abs() < 1e-15);
    }
}
