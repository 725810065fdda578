//! Streaming quantile estimate in constant memory: the P² algorithm of Jain and
//! Chlamtac (1985), "The P² algorithm for dynamic calculation of quantiles and
//! histograms without storing observations", CACM 28(10).
//!
//! Used for the across-replication bands of per-interval KPIs, where keeping every
//! replication's value for every interval would make memory grow with the number
//! of replications. Five markers track the minimum, the target quantile, the
//! maximum and two midpoints; their heights are adjusted by a piecewise-parabolic
//! prediction. Deterministic for a given order of observations; exact for up to
//! five observations.

use super::quantiles::type7;

/// A running estimate of one quantile.
#[derive(Debug, Clone, PartialEq)]
pub struct P2 {
    q: f64,
    /// Marker heights.
    h: [f64; 5],
    /// Actual marker positions (1-based).
    n: [f64; 5],
    count: u64,
}

impl P2 {
    /// An estimator of quantile `q` (0 < q < 1).
    pub fn new(q: f64) -> Self {
        P2 {
            q,
            h: [0.0; 5],
            n: [1.0, 2.0, 3.0, 4.0, 5.0],
            count: 0,
        }
    }

    /// Number of observations so far (NaN observations are ignored).
    pub fn count(&self) -> u64 {
        self.count
    }

    /// Desired marker positions after `count` observations.
    fn desired(&self) -> [f64; 5] {
        let m = (self.count - 1) as f64;
        let q = self.q;
        [
            1.0,
            1.0 + m * q / 2.0,
            1.0 + m * q,
            1.0 + m * (1.0 + q) / 2.0,
            1.0 + m,
        ]
    }

    /// Adds one observation.
    pub fn add(&mut self, x: f64) {
        if x.is_nan() {
            return;
        }
        if self.count < 5 {
            self.h[self.count as usize] = x;
            self.count += 1;
            if self.count == 5 {
                self.h.sort_by(f64::total_cmp);
            }
            return;
        }
        self.count += 1;
        // Cell k such that h[k] <= x < h[k+1], extending the extremes.
        let k = if x < self.h[0] {
            self.h[0] = x;
            0
        } else if x >= self.h[4] {
            self.h[4] = x;
            3
        } else {
            (0..4).find(|&i| x < self.h[i + 1]).unwrap_or(3)
        };
        for i in k + 1..5 {
            self.n[i] += 1.0;
        }
        let desired = self.desired();
        for (i, want) in desired.iter().enumerate().take(4).skip(1) {
            let d = want - self.n[i];
            if (d >= 1.0 && self.n[i + 1] - self.n[i] > 1.0)
                || (d <= -1.0 && self.n[i - 1] - self.n[i] < -1.0)
            {
                let s = d.signum();
                let p = self.parabolic(i, s);
                self.h[i] = if self.h[i - 1] < p && p < self.h[i + 1] {
                    p
                } else {
                    self.linear(i, s)
                };
                self.n[i] += s;
            }
        }
    }

    fn parabolic(&self, i: usize, s: f64) -> f64 {
        let (n, h) = (&self.n, &self.h);
        h[i] + s / (n[i + 1] - n[i - 1])
            * ((n[i] - n[i - 1] + s) * (h[i + 1] - h[i]) / (n[i + 1] - n[i])
                + (n[i + 1] - n[i] - s) * (h[i] - h[i - 1]) / (n[i] - n[i - 1]))
    }

    fn linear(&self, i: usize, s: f64) -> f64 {
        let j = if s > 0.0 { i + 1 } else { i - 1 };
        self.h[i] + s * (self.h[j] - self.h[i]) / (self.n[j] - self.n[i])
    }

    /// The current estimate; NaN before any observation.
    ///
    /// With at most five observations it is the exact sample quantile by linear
    /// interpolation between order statistics, Hyndman and Fan's definition 7 (R's
    /// default, numpy's `linear`): for sorted values `x[0] ≤ … ≤ x[n−1]` and
    /// `h = (n − 1)·q`, `x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋ + 1] − x[⌊h⌋])` — the
    /// definition of the across-replication percentiles too. From the sixth observation on it
    /// is P²'s middle marker, which moves at most one position per observation
    /// towards the target quantile.
    pub fn value(&self) -> f64 {
        match self.count {
            0 => f64::NAN,
            c if c <= 5 => {
                let mut v = self.h[..c as usize].to_vec();
                v.sort_by(f64::total_cmp);
                type7(v.len(), self.q, |k| v[k])
            }
            _ => self.h[2],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{Purpose, stream};
    use rand::Rng;

    #[test]
    fn estimates_quantiles_of_a_large_sample() {
        // Uniform(0,1): p10 = 0.1, p90 = 0.9; P² is accurate to well under 1 % here.
        let mut rng = stream(1, 0, Purpose::Handle("p2"));
        let (mut p10, mut p90) = (P2::new(0.1), P2::new(0.9));
        for _ in 0..20_000 {
            let u = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
            p10.add(u);
            p90.add(u);
        }
        assert!((p10.value() - 0.1).abs() < 0.01, "{}", p10.value());
        assert!((p90.value() - 0.9).abs() < 0.01, "{}", p90.value());
        assert_eq!(p10.count(), 20_000);
    }

    #[test]
    fn is_exact_for_few_observations_and_ignores_nan() {
        let mut p = P2::new(0.5);
        assert!(p.value().is_nan());
        for x in [3.0, f64::NAN, 1.0, 2.0] {
            p.add(x);
        }
        assert_eq!(p.value(), 2.0);
        assert_eq!(p.count(), 3);
    }

    /// The estimates of p10, p50 and p90 after each of the observations
    /// 40, 10, 30, 50, 20, 60 (in that order).
    fn first_six() -> Vec<[f64; 3]> {
        let mut p = [P2::new(0.1), P2::new(0.5), P2::new(0.9)];
        [40.0, 10.0, 30.0, 50.0, 20.0, 60.0]
            .into_iter()
            .map(|x| {
                p.iter_mut().for_each(|p| p.add(x));
                p.each_ref().map(P2::value)
            })
            .collect()
    }

    #[test]
    fn up_to_five_observations_give_the_exact_sample_quantile() {
        // By hand, position h = (n − 1)·q in the sorted sample, interpolated.
        let expected = [
            // n = 1: {40}
            [40.0, 40.0, 40.0],
            // n = 2: {10, 40}; h = 0.1, 0.5, 0.9
            [13.0, 25.0, 37.0],
            // n = 3: {10, 30, 40}; h = 0.2, 1, 1.8
            [14.0, 30.0, 38.0],
            // n = 4: {10, 30, 40, 50}; h = 0.3, 1.5, 2.7
            [16.0, 35.0, 47.0],
            // n = 5: {10, 20, 30, 40, 50}; h = 0.4, 2, 3.6 (before the fix, every
            // quantile was the median, 30)
            [14.0, 30.0, 46.0],
        ];
        let got = first_six();
        for (n, want) in expected.iter().enumerate() {
            for (g, w) in got[n].iter().zip(want) {
                assert!(
                    (g - w).abs() < 1e-9,
                    "n = {}: {:?} ≠ {want:?}",
                    n + 1,
                    got[n]
                );
            }
        }
    }

    #[test]
    fn the_sixth_observation_starts_the_p2_markers() {
        // Markers at heights 10..50, positions 1..5; 60 extends the maximum (cell
        // 3) and moves the last position to 6. Desired positions of the middle
        // markers are then 1 + 5q/2, 1 + 5q, 1 + 5(1 + q)/2. A marker moves when it
        // is a whole step from its desired position and the neighbour it moves
        // towards is not adjacent: for p10 (1.25, 1.5, 3.75) and p50 (2.25, 3.5,
        // 4.75) none does, so both read the middle marker, 30. For p90 (3.25, 5.5,
        // 5.75) only the fourth marker moves: parabolically to
        // 40 + (2·20/2 + 1·10/1)/3 = 50. The middle
        // marker moves one position per observation, so p90 reads 30 until it
        // catches up — P²'s start-up lag, which the exact estimates above avoid
        // for the smallest counts.
        assert_eq!(first_six()[5], [30.0, 30.0, 30.0]);
    }
}
