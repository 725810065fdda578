//! Validated probability distributions of durations (handle times, patience).

use rand::Rng;
use rand_distr::{Distribution, Exp1, Gamma, LogNormal};

/// A distribution of non-negative durations in seconds, validated when built.
#[derive(Debug, Clone)]
pub enum Dist {
    /// Exponential with the given mean.
    Exponential {
        /// Mean in seconds.
        mean: f64,
    },
    /// Lognormal parameterised by its mean and coefficient of variation.
    LogNormal {
        /// Mean in seconds.
        mean: f64,
        /// Coefficient of variation (sd / mean).
        cv: f64,
        /// The underlying distribution of the log-normal.
        inner: LogNormal<f64>,
    },
    /// Gamma parameterised by its mean and coefficient of variation.
    Gamma {
        /// Mean in seconds.
        mean: f64,
        /// Coefficient of variation (sd / mean).
        cv: f64,
        /// The underlying gamma distribution.
        inner: Gamma<f64>,
    },
    /// Always the same value.
    Fixed {
        /// The value in seconds.
        value: f64,
    },
    /// Uniform choice among observed values (a bootstrap of measured durations).
    Empirical {
        /// The observed values in seconds (non-empty).
        values: Vec<f64>,
    },
}

/// Smallest coefficient of variation of a distribution (and of a forecast error
/// other than 0): below it the variation is numerical noise (and 1/cv² overflows
/// for subnormal ones); `dist = "fixed"` has none.
pub const MIN_CV: f64 = 1e-6;
/// Largest coefficient of variation of a distribution.
pub const MAX_CV: f64 = 100.0;

/// A number as shown in messages: plain, or in scientific notation when very large
/// or very small (so that 5e-324 does not print as 324 digits).
#[derive(Debug, Clone, Copy)]
pub struct Num(pub f64);

impl std::fmt::Display for Num {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let a = self.0.abs();
        if a.is_finite() && a != 0.0 && !(1e-4..1e12).contains(&a) {
            write!(f, "{:e}", self.0)
        } else {
            write!(f, "{}", self.0)
        }
    }
}

/// Why a distribution could not be built.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum DistError {
    /// The mean (or fixed value) is not a positive finite number.
    #[error("the mean must be a positive duration, got {} s", Num(*.0))]
    NonPositiveMean(f64),
    /// The coefficient of variation is outside [`MIN_CV`, `MAX_CV`].
    #[error("cv must be between {MIN_CV} and {MAX_CV}, got {}", Num(*.0))]
    BadCv(f64),
    /// An empirical distribution without values, or with a negative one.
    #[error("an empirical distribution needs at least one value, all non-negative")]
    BadEmpirical,
}

impl Dist {
    /// Exponential distribution with the given mean.
    pub fn exponential(mean: f64) -> Result<Self, DistError> {
        check_mean(mean)?;
        Ok(Dist::Exponential { mean })
    }

    /// Lognormal distribution with the given mean and coefficient of variation.
    pub fn lognormal(mean: f64, cv: f64) -> Result<Self, DistError> {
        check_mean(mean)?;
        check_cv(cv)?;
        let sigma2 = (1.0 + cv * cv).ln();
        let inner = LogNormal::new(mean.ln() - sigma2 / 2.0, sigma2.sqrt())
            .map_err(|_| DistError::BadCv(cv))?;
        Ok(Dist::LogNormal { mean, cv, inner })
    }

    /// Gamma distribution with the given mean and coefficient of variation.
    pub fn gamma(mean: f64, cv: f64) -> Result<Self, DistError> {
        check_mean(mean)?;
        check_cv(cv)?;
        let shape = 1.0 / (cv * cv);
        let inner = Gamma::new(shape, mean / shape).map_err(|_| DistError::BadCv(cv))?;
        Ok(Dist::Gamma { mean, cv, inner })
    }

    /// A constant duration.
    pub fn fixed(value: f64) -> Result<Self, DistError> {
        check_mean(value)?;
        Ok(Dist::Fixed { value })
    }

    /// Uniform choice among the given observed durations.
    pub fn empirical(values: Vec<f64>) -> Result<Self, DistError> {
        if values.is_empty() || values.iter().any(|v| !v.is_finite() || *v < 0.0) {
            return Err(DistError::BadEmpirical);
        }
        Ok(Dist::Empirical { values })
    }

    /// The mean of the distribution in seconds.
    pub fn mean(&self) -> f64 {
        match self {
            Dist::Exponential { mean }
            | Dist::LogNormal { mean, .. }
            | Dist::Gamma { mean, .. } => *mean,
            Dist::Fixed { value } => *value,
            Dist::Empirical { values } => values.iter().sum::<f64>() / values.len() as f64,
        }
    }

    /// Draws one duration in seconds.
    #[inline]
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match self {
            Dist::Exponential { mean } => {
                let e: f64 = Exp1.sample(rng);
                mean * e
            }
            Dist::LogNormal { inner, .. } => inner.sample(rng),
            Dist::Gamma { inner, .. } => inner.sample(rng),
            Dist::Fixed { value } => *value,
            Dist::Empirical { values } => {
                let u = (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64);
                values[((u * values.len() as f64) as usize).min(values.len() - 1)]
            }
        }
    }
}

fn check_mean(mean: f64) -> Result<(), DistError> {
    if mean.is_finite() && mean > 0.0 {
        Ok(())
    } else {
        Err(DistError::NonPositiveMean(mean))
    }
}

fn check_cv(cv: f64) -> Result<(), DistError> {
    if (MIN_CV..=MAX_CV).contains(&cv) {
        Ok(())
    } else {
        Err(DistError::BadCv(cv))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{Purpose, stream};

    fn moments(d: &Dist, n: usize) -> (f64, f64) {
        let mut rng = stream(1, 0, Purpose::Handle("test"));
        let xs: Vec<f64> = (0..n).map(|_| d.sample(&mut rng)).collect();
        let m = xs.iter().sum::<f64>() / n as f64;
        let v = xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1) as f64;
        (m, v.sqrt() / m)
    }

    #[test]
    fn mean_and_cv_match_parameters() {
        // 200k draws: standard error of the mean is cv/sqrt(n) ≈ 0.2 % of the mean.
        for (d, cv) in [
            (Dist::exponential(300.0).unwrap(), 1.0),
            (Dist::lognormal(300.0, 0.7).unwrap(), 0.7),
            (Dist::gamma(300.0, 0.5).unwrap(), 0.5),
        ] {
            let (m, c) = moments(&d, 200_000);
            assert!((m / 300.0 - 1.0).abs() < 0.01, "{d:?}: mean {m}");
            assert!((c / cv - 1.0).abs() < 0.03, "{d:?}: cv {c}");
        }
    }

    #[test]
    fn invalid_parameters_are_rejected() {
        assert!(Dist::exponential(0.0).is_err());
        assert!(Dist::lognormal(10.0, -1.0).is_err());
        assert!(Dist::gamma(f64::NAN, 1.0).is_err());
        assert!(Dist::empirical(vec![]).is_err());
        assert!(Dist::empirical(vec![1.0, -2.0]).is_err());
    }

    #[test]
    fn empirical_and_fixed() {
        let d = Dist::empirical(vec![10.0, 20.0]).unwrap();
        assert_eq!(d.mean(), 15.0);
        let mut rng = stream(1, 0, Purpose::Handle("x"));
        assert!((0..100).all(|_| [10.0, 20.0].contains(&d.sample(&mut rng))));
        assert_eq!(Dist::fixed(5.0).unwrap().sample(&mut rng), 5.0);
    }
}
