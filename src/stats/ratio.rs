//! The ratio estimator, the one way a KPI is estimated across replications:
//! Σ numerator ÷ Σ denominator, with its delta-method confidence interval.
//!
//! A ratio KPI (service level = answered in time ÷ offered, ASA = wait ÷ answered)
//! estimates a long-run ratio. The mean of the replications' own ratios does not:
//! it weights a replication (or a reporting interval) with 3 contacts like one with
//! 300 and is biased wherever the denominator is small, more so when replications
//! without contacts are skipped. Pooling the numerators and the denominators is
//! consistent (Cochran 1977, ch. 6). A KPI that is not a ratio (a count, a quantile,
//! a time average) has denominator 1, and the estimator is the plain mean.
//!
//! The variance comes from the linearisation of `R = x̄ ÷ ȳ`: with `n` replications,
//! `Var(R) ≈ Σ (x_r − R·y_r)² ÷ ((n − 1) · n · ȳ²)`. Equivalently, the estimator is
//! the mean of the pseudo-values `z_r = x_r ÷ ȳ − R·(y_r − ȳ) ÷ ȳ` and its interval
//! is the Student t interval of their mean; for denominator 1, `z_r = x_r`.

use statrs::distribution::{ContinuousCDF, StudentsT};

/// One replication's value of a KPI as a ratio `num ÷ den`; `den` is 1 for a KPI
/// that is not a ratio, and 0 (with `num` 0) for a value that does not exist.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measure {
    /// Numerator (e.g. contacts answered within the threshold).
    pub num: f64,
    /// Denominator (e.g. contacts offered).
    pub den: f64,
}

impl Measure {
    /// The ratio `num ÷ den`.
    pub const fn ratio(num: f64, den: f64) -> Self {
        Measure { num, den }
    }

    /// The value of a KPI that is not a ratio; NaN means "no value".
    pub fn plain(x: f64) -> Self {
        if x.is_nan() {
            Measure { num: 0.0, den: 0.0 }
        } else {
            Measure { num: x, den: 1.0 }
        }
    }

    /// The value in this replication, NaN ("no data") when the denominator is not
    /// positive.
    pub fn value(self) -> f64 {
        if self.den > 0.0 {
            self.num / self.den
        } else {
            f64::NAN
        }
    }
}

impl From<f64> for Measure {
    fn from(x: f64) -> Self {
        Measure::plain(x)
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

/// The pseudo-values of the ratio estimator over `measures` (one per replication):
/// their mean is Σ num ÷ Σ den, and the Student t interval of that mean is the
/// delta-method interval. `None` when no denominator is positive.
pub fn pseudo_values(measures: &[Measure]) -> Option<Vec<f64>> {
    let (num, den) = measures
        .iter()
        .fold((0.0, 0.0), |(x, y), m| (x + m.num, y + m.den));
    if den.is_nan() || den <= 0.0 {
        return None;
    }
    let r = num / den;
    let mean_den = den / measures.len() as f64;
    Some(
        measures
            .iter()
            .map(|m| m.num / mean_den - r * (m.den - mean_den) / mean_den)
            .collect(),
    )
}

/// The ratio estimator over a stream of replications, in constant memory: sums for
/// the estimate and co-moments (Welford's update) for its variance.
#[derive(Debug, Clone, Default)]
pub struct RatioMoments {
    n: u64,
    sum_num: f64,
    sum_den: f64,
    mean_num: f64,
    mean_den: f64,
    /// Σ (x − x̄)², Σ (x − x̄)(y − ȳ), Σ (y − ȳ)², over the replications so far.
    c_nn: f64,
    c_nd: f64,
    c_dd: f64,
}

impl RatioMoments {
    /// Adds one replication.
    pub fn add(&mut self, m: Measure) {
        self.n += 1;
        self.sum_num += m.num;
        self.sum_den += m.den;
        let n = self.n as f64;
        let dx = m.num - self.mean_num;
        let dy = m.den - self.mean_den;
        self.mean_num += dx / n;
        self.mean_den += dy / n;
        self.c_nn += dx * (m.num - self.mean_num);
        self.c_nd += dx * (m.den - self.mean_den);
        self.c_dd += dy * (m.den - self.mean_den);
    }

    /// Σ num ÷ Σ den (NaN when no denominator is positive).
    pub fn estimate(&self) -> f64 {
        Measure::ratio(self.sum_num, self.sum_den).value()
    }

    /// Σ num and Σ den so far.
    pub fn sums(&self) -> (f64, f64) {
        (self.sum_num, self.sum_den)
    }

    /// Half-width of the 95 % confidence interval of [`Self::estimate`] (delta
    /// method, Student t with n − 1 degrees of freedom; 0 for one replication).
    pub fn ci95(&self) -> f64 {
        let r = self.estimate();
        if self.n < 2 || r.is_nan() {
            return if r.is_nan() { f64::NAN } else { 0.0 };
        }
        let n = self.n as f64;
        // Σ (x − R·y)², since Σ (x − R·y) = 0; rounding can take it a hair below 0.
        let ss = (self.c_nn - 2.0 * r * self.c_nd + r * r * self.c_dd).max(0.0);
        t_975(self.n as usize) * (ss / (n - 1.0) / n).sqrt() / (self.sum_den / n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pseudo_values_average_to_the_pooled_ratio() {
        let m = [
            Measure::ratio(3.0, 4.0),
            Measure::ratio(0.0, 0.0),
            Measure::ratio(50.0, 100.0),
        ];
        let z = pseudo_values(&m).unwrap();
        let mean = z.iter().sum::<f64>() / 3.0;
        assert!((mean - 53.0 / 104.0).abs() < 1e-12, "{mean}");
        let xs = [3.5, 1.25, 7.0];
        assert_eq!(pseudo_values(&xs.map(Measure::plain)).unwrap(), xs);
    }

    #[test]
    fn without_any_denominator_there_is_no_estimate() {
        assert!(pseudo_values(&[Measure::plain(f64::NAN)]).is_none());
        let mut m = RatioMoments::default();
        m.add(Measure::ratio(0.0, 0.0));
        assert!(m.estimate().is_nan() && m.ci95().is_nan());
        // An empty replication adds no residual: x − R·y = 0.
        m.add(Measure::ratio(1.0, 2.0));
        assert_eq!((m.estimate(), m.ci95()), (0.5, 0.0));
    }
}
