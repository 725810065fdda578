//! Time integrals of piecewise-constant levels (queue length, busy agents, …),
//! split exactly across reporting intervals and clipped to the statistics window.

/// The reporting grid and statistics window of a replication.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Clock {
    pub warmup: f64,
    pub horizon: f64,
    pub interval: f64,
    inv_interval: f64,
    pub intervals: usize,
}

impl Clock {
    pub(crate) fn new(warmup: f64, horizon: f64, interval: f64, intervals: usize) -> Self {
        Clock {
            warmup,
            horizon,
            interval,
            inv_interval: 1.0 / interval,
            intervals,
        }
    }

    /// Index of the reporting interval containing `t` (clamped to the last one).
    #[inline]
    pub(crate) fn interval_of(&self, t: f64) -> usize {
        ((t * self.inv_interval) as usize).min(self.intervals.saturating_sub(1))
    }
}

/// A level that changes at event times; integrates itself when it changes.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Level {
    pub value: f64,
    last: f64,
}

impl Level {
    /// Integrates the current value over `[last change, t)` into `total` (clipped to
    /// the statistics window) and into the per-interval `bin` (clipped to the
    /// horizon), then remembers `t`.
    #[inline]
    pub(crate) fn advance(
        &mut self,
        t: f64,
        clock: &Clock,
        total: &mut f64,
        mut bin: impl FnMut(usize, f64),
    ) {
        let from = self.last;
        self.last = t;
        if self.value == 0.0 || t <= from {
            return;
        }
        let lo = from.max(clock.warmup);
        let hi = t.min(clock.horizon);
        if hi > lo {
            *total += self.value * (hi - lo);
        }
        let end = t.min(clock.horizon);
        if end <= from {
            return;
        }
        let first = clock.interval_of(from);
        let last = clock.interval_of(end);
        if first == last {
            bin(first, self.value * (end - from));
            return;
        }
        let mut a = from;
        for i in first..=last {
            let b = (((i + 1) as f64) * clock.interval).min(end);
            if b > a {
                bin(i, self.value * (b - a));
            }
            a = b;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_across_intervals_and_clips_window() {
        let clock = Clock::new(10.0, 100.0, 30.0, 4);
        let mut total = 0.0;
        let mut bins = [0.0; 4];
        let mut l = Level::default();
        l.advance(5.0, &clock, &mut total, |i, v| bins[i] += v);
        l.value = 2.0;
        // From 5 to 120 at level 2; window [10, 100) → 180; bins up to 100.
        l.advance(120.0, &clock, &mut total, |i, v| bins[i] += v);
        assert_eq!(total, 180.0);
        assert_eq!(bins, [50.0, 60.0, 60.0, 20.0]);
    }
}
