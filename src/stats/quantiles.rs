//! Percentiles across replications in bounded memory: exact while few values have
//! been seen, then a logarithmic-bucket sketch (DDSketch, Masson, Rim and Lee 2019)
//! whose size does not grow with the number of values.
//!
//! Up to [`EXACT`] values are kept and a percentile is the linear interpolation of
//! the sorted values (R type 7). Beyond that, every value `x ≠ 0` is counted in the
//! bucket `i = ⌈ln |x| ÷ ln γ⌉` of its sign, `γ = (1 + α) ÷ (1 − α)` with relative
//! accuracy `α =` [`ALPHA`]: the bucket's representative `2γⁱ ÷ (γ + 1)` lies within
//! `α·|x|` of every value in it; zeros are counted exactly. A percentile is then the
//! same type-7 interpolation between the representatives of the two order
//! statistics around its rank, so it lies within `α` (relative) of the exact
//! percentile, or within `α` of the larger neighbour's magnitude when the two
//! neighbours have opposite signs.
//!
//! Each sign keeps at most [`MAX_BUCKETS`] buckets: magnitudes more than a factor
//! `γ^MAX_BUCKETS ≈ 1.3·10⁷` below the largest of their sign are merged into the
//! lowest bucket kept (only a percentile falling among them loses accuracy). The
//! merge is a clamp at a level set by the largest magnitude, so the sketch's state
//! depends only on the multiset of values added, not on their order: sketches of
//! parts of a run merge into exactly the sketch of the whole.

/// Values kept exactly; from one more on, the sketch takes over.
pub const EXACT: usize = 1000;

/// Relative accuracy of the sketch's percentiles.
pub const ALPHA: f64 = 1e-3;

/// Most buckets the sketch keeps per sign (positive and negative values).
pub const MAX_BUCKETS: usize = 8192;

/// Buckets a sketch is assumed to hold for the memory estimate: values of one sign
/// spanning three decades (`ln 1000 ÷ ln γ`), a wide spread for one KPI across
/// replications. A wider spread holds more, up to `2 ×` [`MAX_BUCKETS`].
pub const TYPICAL_BUCKETS: u64 = 3_500;

/// Bytes a [`Quantiles`] is estimated to hold on the heap after `n` values: every
/// value while exact (vectors grow by doubling), then [`TYPICAL_BUCKETS`] buckets.
pub fn estimated_heap_bytes(n: u64) -> u64 {
    let exact = n.min(EXACT as u64).next_power_of_two() * size_of::<f64>() as u64;
    if n <= EXACT as u64 {
        exact
    } else {
        TYPICAL_BUCKETS * size_of::<(i32, u64)>() as u64
    }
}

/// `ln γ`, the width of a bucket in log space.
fn ln_gamma() -> f64 {
    ((1.0 + ALPHA) / (1.0 - ALPHA)).ln()
}

/// Linear-interpolation quantile `q` (R type 7) of `n > 0` ordered values, the
/// `k`-th of which (from 0) is `at(k)`.
pub(super) fn type7(n: usize, q: f64, at: impl Fn(usize) -> f64) -> f64 {
    let h = (n - 1) as f64 * q;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(n - 1);
    let (a, b) = (at(lo), at(hi));
    a + (h - lo as f64) * (b - a)
}

/// The values seen so far, or their sketch.
#[derive(Debug, Clone, PartialEq)]
pub enum Quantiles {
    /// Every value, in the order added.
    Exact(Vec<f64>),
    /// Counts per bucket.
    Sketch(Sketch),
}

impl Default for Quantiles {
    fn default() -> Self {
        Quantiles::Exact(Vec::new())
    }
}

impl Quantiles {
    /// Adds a value (NaN is ignored).
    pub fn add(&mut self, x: f64) {
        if x.is_nan() {
            return;
        }
        match self {
            Quantiles::Exact(v) if v.len() < EXACT => v.push(x),
            Quantiles::Exact(v) => {
                let mut s = Sketch::default();
                v.iter().for_each(|&y| s.add(y));
                s.add(x);
                *self = Quantiles::Sketch(s);
            }
            Quantiles::Sketch(s) => s.add(x),
        }
    }

    /// Adds every value of `other`, as if they had been added to `self`.
    pub fn merge(&mut self, other: &Quantiles) {
        match other {
            Quantiles::Exact(v) => v.iter().for_each(|&x| self.add(x)),
            Quantiles::Sketch(o) => {
                let mut s = match std::mem::take(self) {
                    Quantiles::Exact(v) => {
                        let mut s = Sketch::default();
                        v.iter().for_each(|&y| s.add(y));
                        s
                    }
                    Quantiles::Sketch(s) => s,
                };
                s.merge(o);
                *self = Quantiles::Sketch(s);
            }
        }
    }

    /// Quantiles `qs` (each in [0, 1]) of the values, in the order asked; `None`
    /// when no value was added.
    pub fn quantiles<const N: usize>(&self, qs: [f64; N]) -> Option<[f64; N]> {
        match self {
            Quantiles::Exact(v) if v.is_empty() => None,
            Quantiles::Exact(v) => {
                let mut sorted = v.clone();
                sorted.sort_by(f64::total_cmp);
                Some(qs.map(|q| type7(sorted.len(), q, |k| sorted[k])))
            }
            Quantiles::Sketch(s) => Some(qs.map(|q| s.quantile(q))),
        }
    }

    /// Bytes held on the heap.
    pub fn heap_bytes(&self) -> usize {
        match self {
            Quantiles::Exact(v) => v.capacity() * size_of::<f64>(),
            Quantiles::Sketch(s) => s.heap_bytes(),
        }
    }
}

/// Counts of values per logarithmic bucket (see the module documentation), with
/// the exact extremes.
#[derive(Debug, Clone, PartialEq)]
pub struct Sketch {
    /// Values equal to 0.
    zeros: u64,
    /// Positive values by bucket of their magnitude.
    pos: Buckets,
    /// Negative values by bucket of their magnitude.
    neg: Buckets,
    /// Smallest and largest value.
    min: f64,
    max: f64,
}

impl Default for Sketch {
    fn default() -> Self {
        Sketch {
            zeros: 0,
            pos: Buckets::default(),
            neg: Buckets::default(),
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
        }
    }
}

impl Sketch {
    /// Adds a value (NaN is ignored).
    pub fn add(&mut self, x: f64) {
        if !x.is_nan() {
            (self.min, self.max) = (self.min.min(x), self.max.max(x));
        }
        if x > 0.0 {
            self.pos.add(bucket(x), 1);
        } else if x < 0.0 {
            self.neg.add(bucket(-x), 1);
        } else if x == 0.0 {
            self.zeros += 1;
        }
    }

    /// Adds every value counted in `other`.
    pub fn merge(&mut self, other: &Sketch) {
        (self.min, self.max) = (self.min.min(other.min), self.max.max(other.max));
        self.zeros += other.zeros;
        for &(i, c) in &other.pos.counts {
            self.pos.add(i, c);
        }
        for &(i, c) in &other.neg.counts {
            self.neg.add(i, c);
        }
    }

    /// Values counted.
    pub fn count(&self) -> u64 {
        self.zeros + self.pos.total() + self.neg.total()
    }

    /// The type-7 quantile `q` of the bucket representatives, the extremes being
    /// exact (NaN when empty).
    pub fn quantile(&self, q: f64) -> f64 {
        let n = self.count();
        if n == 0 {
            return f64::NAN;
        }
        type7(n as usize, q, |k| match k as u64 {
            0 => self.min,
            k if k == n - 1 => self.max,
            k => self.at_rank(k).clamp(self.min, self.max),
        })
    }

    /// The representative of the `k`-th smallest value (from 0): negatives from the
    /// largest magnitude down, zeros, positives from the smallest magnitude up.
    fn at_rank(&self, mut k: u64) -> f64 {
        for &(i, c) in self.neg.counts.iter().rev() {
            if k < c {
                return -representative(i);
            }
            k -= c;
        }
        if k < self.zeros {
            return 0.0;
        }
        k -= self.zeros;
        for &(i, c) in &self.pos.counts {
            if k < c {
                return representative(i);
            }
            k -= c;
        }
        f64::NAN
    }

    /// Bytes held on the heap.
    pub fn heap_bytes(&self) -> usize {
        self.pos.heap_bytes() + self.neg.heap_bytes()
    }
}

/// The bucket of a magnitude `x > 0`.
fn bucket(x: f64) -> i32 {
    // `as` saturates: an infinite magnitude lands in the last bucket.
    (x.ln() / ln_gamma()).ceil() as i32
}

/// The value reported for bucket `i`: within `α` (relative) of all it holds.
fn representative(i: i32) -> f64 {
    let g = ln_gamma().exp();
    ((f64::from(i) * ln_gamma()).exp() * 2.0 / (g + 1.0)).min(f64::MAX)
}

/// Counts of one sign's magnitudes, by bucket index, sorted by index, spanning at
/// most [`MAX_BUCKETS`] indices.
#[derive(Debug, Clone, Default, PartialEq)]
struct Buckets {
    counts: Vec<(i32, u64)>,
}

impl Buckets {
    fn add(&mut self, i: i32, c: u64) {
        let floor = self
            .counts
            .last()
            .map_or(i, |&(top, _)| top.max(i))
            .saturating_sub(MAX_BUCKETS as i32 - 1);
        match self.counts.binary_search_by_key(&i.max(floor), |&(j, _)| j) {
            Ok(k) => self.counts[k].1 += c,
            Err(k) => self.counts.insert(k, (i.max(floor), c)),
        }
        // A new largest magnitude raises the floor: merge what fell below it into
        // the lowest bucket kept.
        let below = self.counts.partition_point(|&(j, _)| j < floor);
        if below > 0 {
            let merged: u64 = self.counts.drain(..below).map(|(_, c)| c).sum();
            match self.counts.first_mut() {
                Some((j, c)) if *j == floor => *c += merged,
                _ => self.counts.insert(0, (floor, merged)),
            }
        }
    }

    fn total(&self) -> u64 {
        self.counts.iter().map(|&(_, c)| c).sum()
    }

    fn heap_bytes(&self) -> usize {
        self.counts.capacity() * size_of::<(i32, u64)>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::seq::SliceRandom;
    use rand::{RngExt, SeedableRng};
    use rand_xoshiro::Xoshiro256PlusPlus;

    const QS: [f64; 5] = [0.0, 0.05, 0.5, 0.95, 1.0];

    fn exact(values: &[f64]) -> [f64; 5] {
        let mut v = values.to_vec();
        v.sort_by(f64::total_cmp);
        QS.map(|q| type7(v.len(), q, |k| v[k]))
    }

    fn store(values: &[f64]) -> Quantiles {
        let mut s = Quantiles::default();
        values.iter().for_each(|&x| s.add(x));
        s
    }

    /// Lognormal-ish values of both signs with zeros, over many orders of magnitude.
    fn sample(n: usize, seed: u64) -> Vec<f64> {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
        (0..n)
            .map(|_| {
                let u: f64 = rng.random();
                let m = (rng.random::<f64>() * 12.0 - 4.0).exp();
                if u < 0.1 {
                    0.0
                } else if u < 0.4 {
                    -m
                } else {
                    m
                }
            })
            .collect()
    }

    #[test]
    fn up_to_the_exact_limit_percentiles_are_exact() {
        let v = sample(EXACT, 1);
        let s = store(&v);
        assert!(matches!(s, Quantiles::Exact(_)));
        assert_eq!(s.quantiles(QS), Some(exact(&v)));
        assert_eq!(store(&[]).quantiles(QS), None);
        assert_eq!(store(&[f64::NAN]).quantiles(QS), None);
    }

    #[test]
    fn beyond_it_percentiles_are_within_the_relative_accuracy() {
        for seed in 0..5 {
            let v = sample(20_000, seed);
            let s = store(&v);
            assert!(matches!(s, Quantiles::Sketch(_)));
            let (got, want) = (s.quantiles(QS).unwrap(), exact(&v));
            for (g, w) in got.iter().zip(want) {
                assert!((g - w).abs() <= ALPHA * w.abs() * 1.000_001, "{g} vs {w}");
            }
        }
    }

    #[test]
    fn the_accuracy_bound_is_tight() {
        // The sketch does approximate: its worst error over many percentiles is
        // within the bound, but not far below it, so a bound ten times tighter fails.
        let v = sample(20_000, 9);
        let s = store(&v);
        let mut sorted = v.clone();
        sorted.sort_by(f64::total_cmp);
        let worst = (1..100)
            .map(|p| {
                let q = f64::from(p) / 100.0;
                let (g, w) = (
                    s.quantiles([q]).unwrap()[0],
                    type7(v.len(), q, |k| sorted[k]),
                );
                (g - w).abs() / w.abs().max(f64::MIN_POSITIVE)
            })
            .fold(0.0, f64::max);
        assert!(
            worst <= ALPHA * 1.000_001 && worst > ALPHA / 10.0,
            "{worst}"
        );
    }

    #[test]
    fn the_sketch_depends_only_on_the_multiset_and_merges_exactly() {
        let v = sample(5_000, 3);
        let whole = store(&v);
        let mut shuffled = v.clone();
        shuffled.shuffle(&mut Xoshiro256PlusPlus::seed_from_u64(4));
        assert_eq!(store(&shuffled), whole);
        for split in [1, 700, 2_500, 4_999] {
            let mut a = store(&v[..split]);
            a.merge(&store(&v[split..]));
            assert_eq!(a, whole, "split at {split}");
        }
    }

    #[test]
    fn magnitudes_far_below_the_largest_are_merged_so_memory_is_bounded() {
        // Every bucket of 30 orders of magnitude: far more than the sketch keeps.
        let v: Vec<f64> = (0..200_000).map(|k| 1e-15 * 1.0004_f64.powi(k)).collect();
        let s = store(&v);
        let Quantiles::Sketch(sk) = &s else {
            panic!("not a sketch")
        };
        assert_eq!(sk.pos.counts.len(), MAX_BUCKETS);
        assert!(s.heap_bytes() <= 2 * MAX_BUCKETS * size_of::<(i32, u64)>());
        assert_eq!(sk.count(), v.len() as u64);
        // The top percentiles keep their accuracy; the order does not matter.
        let p95 = exact(&v)[3];
        let got = s.quantiles(QS).unwrap()[3];
        assert!(
            (got - p95).abs() <= ALPHA * p95 * 1.000_001,
            "{got} vs {p95}"
        );
        let mut rev = v.clone();
        rev.reverse();
        assert_eq!(store(&rev), s);
    }
}
