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

/// Co-moments of `D` quantities over a stream of replications, in constant memory:
/// their sums and, by Welford's update, Σ (a − ā)(b − b̄) for every pair.
#[derive(Debug, Clone, PartialEq)]
pub struct CoMoments<const D: usize> {
    n: u64,
    sum: [f64; D],
    mean: [f64; D],
    /// Σ (a_i − ā_i)(a_j − ā_j) over the replications so far, for i ≤ j.
    c: [[f64; D]; D],
}

impl<const D: usize> Default for CoMoments<D> {
    fn default() -> Self {
        CoMoments {
            n: 0,
            sum: [0.0; D],
            mean: [0.0; D],
            c: [[0.0; D]; D],
        }
    }
}

impl<const D: usize> CoMoments<D> {
    /// Adds one replication's quantities.
    pub fn add(&mut self, a: [f64; D]) {
        self.n += 1;
        let n = self.n as f64;
        let mut d = [0.0; D];
        for i in 0..D {
            self.sum[i] += a[i];
            d[i] = a[i] - self.mean[i];
            self.mean[i] += d[i] / n;
        }
        // The residuals from the updated means.
        let e: [f64; D] = std::array::from_fn(|j| a[j] - self.mean[j]);
        for (i, row) in self.c.iter_mut().enumerate() {
            for j in i..D {
                row[j] += d[i] * e[j];
            }
        }
    }

    /// Replications added.
    pub fn n(&self) -> u64 {
        self.n
    }

    /// Σ of quantity `i`.
    pub fn sum(&self, i: usize) -> f64 {
        self.sum[i]
    }

    /// Σ (Σ_i w_i·(a_i − ā_i))² over the replications: the sum of squares of the
    /// centred linear combination `w` of the quantities.
    pub fn centred_ss(&self, w: [f64; D]) -> f64 {
        let mut ss = 0.0;
        for i in 0..D {
            ss += w[i] * w[i] * self.c[i][i];
            for j in i + 1..D {
                ss += 2.0 * w[i] * w[j] * self.c[i][j];
            }
        }
        ss
    }
}

/// The ratio estimator over a stream of replications, in constant memory: sums for
/// the estimate and co-moments of numerator and denominator for its variance.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RatioMoments {
    m: CoMoments<2>,
}

impl RatioMoments {
    /// Adds one replication.
    pub fn add(&mut self, m: Measure) {
        self.m.add([m.num, m.den]);
    }

    /// Σ num ÷ Σ den (NaN when no denominator is positive).
    pub fn estimate(&self) -> f64 {
        Measure::ratio(self.m.sum(0), self.m.sum(1)).value()
    }

    /// Σ num and Σ den so far.
    pub fn sums(&self) -> (f64, f64) {
        (self.m.sum(0), self.m.sum(1))
    }

    /// Replications added.
    pub fn n(&self) -> u64 {
        self.m.n()
    }

    /// The mean denominator ȳ, which scales each replication's centred
    /// pseudo-value `z_r − R = ((x_r − x̄) − R·(y_r − ȳ)) ÷ ȳ`.
    fn mean_den(&self) -> f64 {
        self.m.sum(1) / self.m.n() as f64
    }

    /// Half-width of the 95 % confidence interval of [`Self::estimate`] (delta
    /// method, Student t with n − 1 degrees of freedom; 0 for one replication).
    pub fn ci95(&self) -> f64 {
        let r = self.estimate();
        if self.m.n() < 2 || r.is_nan() {
            return if r.is_nan() { f64::NAN } else { 0.0 };
        }
        // Σ (x − R·y)², since Σ (x − R·y) = 0; rounding can take it a hair below 0.
        t_interval(self.m.n(), self.m.centred_ss([1.0, -r])) / self.mean_den()
    }
}

/// Half-width of the 95 % Student t interval of a mean of `n` values whose centred
/// sum of squares is `ss`.
fn t_interval(n: u64, ss: f64) -> f64 {
    let n_f = n as f64;
    t_975(n as usize) * (ss.max(0.0) / (n_f - 1.0) / n_f).sqrt()
}

/// The paired difference (plan − baseline) of a ratio estimator over a stream of
/// replications, both measured in each: the difference of the two estimates, with
/// the interval of the replication-by-replication differences of their
/// pseudo-values, from co-moments of the numerators and denominators.
///
/// The co-moments are those of the differences (plan − baseline) of numerator and
/// denominator and of the baseline's own: under common random numbers the plans'
/// values move together, and the variance of a difference taken replication by
/// replication is exact where one recovered from the plans' separate variances
/// would be lost to cancellation (for a KPI that is not a ratio, the interval is
/// exactly the t interval of the differences).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PairedMoments {
    plan: RatioMoments,
    base: RatioMoments,
    /// (num difference, den difference, baseline num, baseline den).
    m: CoMoments<4>,
}

impl PairedMoments {
    /// Adds one replication of the plan and of the baseline.
    pub fn add(&mut self, plan: Measure, base: Measure) {
        self.plan.add(plan);
        self.base.add(base);
        self.m
            .add([plan.num - base.num, plan.den - base.den, base.num, base.den]);
    }

    /// Replications added.
    pub fn n(&self) -> u64 {
        self.m.n()
    }

    /// The plan's estimate minus the baseline's (NaN when either has none).
    pub fn estimate(&self) -> f64 {
        self.plan.estimate() - self.base.estimate()
    }

    /// Half-width of the 95 % confidence interval of [`Self::estimate`]: the
    /// Student t interval of the mean of the differences of the pseudo-values.
    pub fn ci95(&self) -> f64 {
        let d = self.estimate();
        if self.m.n() < 2 || d.is_nan() {
            return if d.is_nan() { f64::NAN } else { 0.0 };
        }
        // Centred pseudo-value difference: (xa − Ra·ya) ÷ ȳa − (xb − Rb·yb) ÷ ȳb,
        // with xa = Δx + xb and ya = Δy + yb.
        let (ra, ya) = (self.plan.estimate(), self.plan.mean_den());
        let (rb, yb) = (self.base.estimate(), self.base.mean_den());
        let w = [1.0 / ya, -ra / ya, 1.0 / ya - 1.0 / yb, rb / yb - ra / ya];
        t_interval(self.m.n(), self.m.centred_ss(w))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng};
    use rand_xoshiro::Xoshiro256PlusPlus;

    /// The two-pass definition: each replication's pseudo-value
    /// `x_r ÷ ȳ − R·(y_r − ȳ) ÷ ȳ`, from the final pooled ratio `R`.
    fn pseudo_values(measures: &[Measure]) -> Vec<f64> {
        let (num, den) = measures
            .iter()
            .fold((0.0, 0.0), |(x, y), m| (x + m.num, y + m.den));
        let (r, mean_den) = (num / den, den / measures.len() as f64);
        measures
            .iter()
            .map(|m| m.num / mean_den - r * (m.den - mean_den) / mean_den)
            .collect()
    }

    /// Mean and 95 % t half-width of `z`, two-pass.
    fn t_mean(z: &[f64]) -> (f64, f64) {
        let n = z.len() as f64;
        let mean = z.iter().sum::<f64>() / n;
        let ss: f64 = z.iter().map(|x| (x - mean).powi(2)).sum();
        (mean, t_975(z.len()) * (ss / (n - 1.0) / n).sqrt())
    }

    /// Replications of a ratio with correlated numerator and denominator, some
    /// without a denominator.
    fn measures(rng: &mut Xoshiro256PlusPlus, n: usize, shift: f64) -> Vec<Measure> {
        (0..n)
            .map(|_| {
                let den = if rng.random::<f64>() < 0.05 {
                    0.0
                } else {
                    (rng.random::<f64>() * 200.0).floor()
                };
                let num = den * (0.6 + shift + 0.2 * rng.random::<f64>());
                Measure::ratio(num, den)
            })
            .collect()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12 * a.abs().max(b.abs())
    }

    #[test]
    fn streaming_intervals_equal_the_two_pass_pseudo_value_formula() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(5);
        for n in [2, 3, 10, 1000] {
            let a = measures(&mut rng, n, 0.0);
            // The same customers under a plan doing a little better.
            let b: Vec<Measure> = a
                .iter()
                .map(|m| Measure::ratio(m.num * (1.05 + 0.1 * rng.random::<f64>()), m.den))
                .collect();
            let (mut ma, mut paired) = (RatioMoments::default(), PairedMoments::default());
            for (x, y) in a.iter().zip(&b) {
                ma.add(*x);
                paired.add(*y, *x);
            }
            let (mean, ci) = t_mean(&pseudo_values(&a));
            assert!(
                close(ma.estimate(), mean) && close(ma.ci95(), ci),
                "n = {n}"
            );
            let dz: Vec<f64> = (pseudo_values(&b).iter().zip(pseudo_values(&a)))
                .map(|(x, y)| x - y)
                .collect();
            let (mean, ci) = t_mean(&dz);
            assert!(close(paired.estimate(), mean), "n = {n}");
            assert!(
                close(paired.ci95(), ci),
                "n = {n}: {} vs {ci}",
                paired.ci95()
            );
            // Pairing matters: the unpaired interval is another number.
            assert!(n < 10 || !close(paired.ci95(), (ma.ci95().powi(2) * 2.0).sqrt()));
        }
    }

    #[test]
    fn pseudo_values_average_to_the_pooled_ratio() {
        let m = [
            Measure::ratio(3.0, 4.0),
            Measure::ratio(0.0, 0.0),
            Measure::ratio(50.0, 100.0),
        ];
        let z = pseudo_values(&m);
        let mean = z.iter().sum::<f64>() / 3.0;
        assert!((mean - 53.0 / 104.0).abs() < 1e-12, "{mean}");
        let xs = [3.5, 1.25, 7.0];
        assert_eq!(pseudo_values(&xs.map(Measure::plain)), xs);
    }

    #[test]
    fn without_any_denominator_there_is_no_estimate() {
        let mut m = RatioMoments::default();
        m.add(Measure::ratio(0.0, 0.0));
        assert!(m.estimate().is_nan() && m.ci95().is_nan());
        // An empty replication adds no residual: x − R·y = 0.
        m.add(Measure::ratio(1.0, 2.0));
        assert_eq!((m.estimate(), m.ci95()), (0.5, 0.0));
    }
}
