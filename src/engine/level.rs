//! Time integrals of piecewise-constant levels, split across reporting intervals.
//!
//! Used by the meter for the queue lengths and the busy, present and available agents.

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
    /// the statistics window), then remembers `t`; returns the same integral clipped
    /// to the horizon, split by reporting interval.
    #[inline(always)]
    pub(crate) fn advance(&mut self, t: f64, clock: &Clock, total: &mut f64) -> Split {
        let from = self.last;
        self.last = t;
        if self.value == 0.0 || t <= from {
            return Split::Done;
        }
        let lo = from.max(clock.warmup);
        let hi = t.min(clock.horizon);
        if hi > lo {
            *total += self.value * (hi - lo);
        }
        let end = t.min(clock.horizon);
        if end <= from {
            return Split::Done;
        }
        let (first, last) = (clock.interval_of(from), clock.interval_of(end));
        if first == last {
            return Split::One(first, self.value * (end - from));
        }
        Split::Many {
            value: self.value,
            i: first,
            last,
            a: from,
            end,
            interval: clock.interval,
        }
    }
}

/// An integral split by reporting interval: `(interval, value × time in it)` for
/// each interval it covers.
pub(crate) enum Split {
    /// Nothing (left).
    Done,
    /// All in one interval, the common case.
    One(usize, f64),
    /// Across intervals, from interval `i` (starting at `a`) to `last` (ending at
    /// `end`).
    Many {
        value: f64,
        i: usize,
        last: usize,
        a: f64,
        end: f64,
        interval: f64,
    },
}

impl Iterator for Split {
    type Item = (usize, f64);

    #[inline(always)]
    fn next(&mut self) -> Option<(usize, f64)> {
        match self {
            Split::Done => None,
            &mut Split::One(i, v) => {
                *self = Split::Done;
                Some((i, v))
            }
            Split::Many {
                value,
                i,
                last,
                a,
                end,
                interval,
            } => {
                while *i <= *last {
                    let k = *i;
                    *i += 1;
                    let b = (((k + 1) as f64) * *interval).min(*end);
                    let from = *a;
                    *a = b;
                    if b > from {
                        return Some((k, *value * (b - from)));
                    }
                }
                *self = Split::Done;
                None
            }
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
        assert_eq!(l.advance(5.0, &clock, &mut total).count(), 0);
        l.value = 2.0;
        // From 5 to 120 at level 2; window [10, 100) → 180; bins up to 100.
        for (i, v) in l.advance(120.0, &clock, &mut total) {
            bins[i] += v;
        }
        assert_eq!(total, 180.0);
        assert_eq!(bins, [50.0, 60.0, 60.0, 20.0]);
        // After the horizon: nothing more.
        assert_eq!(l.advance(130.0, &clock, &mut total).count(), 0);
        assert_eq!(total, 180.0);
        // Within one interval: one piece.
        let mut l = Level::default();
        assert_eq!(l.advance(35.0, &clock, &mut total).count(), 0);
        l.value = 1.0;
        let pieces: Vec<_> = l.advance(50.0, &clock, &mut total).collect();
        assert_eq!(pieces, [(1, 15.0)]);
    }
}
