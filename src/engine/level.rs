//! Time integrals of piecewise-constant levels, split across reporting intervals.
//!
//! Used by the meter for the queue lengths and the busy, present and available agents.

/// The reporting grid and statistics window of a replication.
///
/// Simulated time only moves forward, so the interval of the latest time asked
/// about is kept with the exact range of times that map to it (the cursor): the
/// interval of a time is then two comparisons, not a multiplication and a
/// saturating float-to-integer conversion, and is the same number.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Clock {
    pub warmup: f64,
    pub horizon: f64,
    pub interval: f64,
    inv_interval: f64,
    pub intervals: usize,
    /// The interval `i` last moved to and the times `[lo, hi)` that map to it.
    cursor: (usize, f64, f64),
}

impl Clock {
    pub(crate) fn new(warmup: f64, horizon: f64, interval: f64, intervals: usize) -> Self {
        let mut clock = Clock {
            warmup,
            horizon,
            interval,
            inv_interval: 1.0 / interval,
            intervals,
            cursor: (0, f64::NEG_INFINITY, f64::NEG_INFINITY),
        };
        clock.cursor = (0, f64::NEG_INFINITY, clock.start(1));
        clock
    }

    /// Index of the reporting interval containing `t` (clamped to the last one).
    #[inline]
    pub(crate) fn interval_of(&mut self, t: f64) -> usize {
        let (i, lo, hi) = self.cursor;
        if lo <= t && t < hi {
            return i;
        }
        let i = self.index(t);
        if t >= hi {
            self.cursor = (i, self.start(i), self.start(i + 1));
        }
        i
    }

    /// Index of the reporting interval containing `t`, computed.
    #[inline]
    fn index(&self, t: f64) -> usize {
        ((t * self.inv_interval) as usize).min(self.intervals.saturating_sub(1))
    }

    /// The earliest time that [`Clock::index`] puts in interval `i` or later
    /// (`−∞` for the first interval, `+∞` past the last): the multiple of the
    /// interval, moved to where the rounded product crosses `i`.
    fn start(&self, i: usize) -> f64 {
        if i == 0 {
            return f64::NEG_INFINITY;
        }
        if i >= self.intervals {
            return f64::INFINITY;
        }
        let mut t = i as f64 * self.interval;
        while self.index(t) >= i {
            t = t.next_down();
        }
        while self.index(t) < i {
            t = t.next_up();
        }
        t
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
    pub(crate) fn advance(&mut self, t: f64, clock: &mut Clock, total: &mut f64) -> Split {
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
        let mut clock = Clock::new(10.0, 100.0, 30.0, 4);
        let mut total = 0.0;
        let mut bins = [0.0; 4];
        let mut l = Level::default();
        assert_eq!(l.advance(5.0, &mut clock, &mut total).count(), 0);
        l.value = 2.0;
        // From 5 to 120 at level 2; window [10, 100) → 180; bins up to 100.
        for (i, v) in l.advance(120.0, &mut clock, &mut total) {
            bins[i] += v;
        }
        assert_eq!(total, 180.0);
        assert_eq!(bins, [50.0, 60.0, 60.0, 20.0]);
        // After the horizon: nothing more.
        assert_eq!(l.advance(130.0, &mut clock, &mut total).count(), 0);
        assert_eq!(total, 180.0);
        // Within one interval: one piece.
        let mut l = Level::default();
        assert_eq!(l.advance(35.0, &mut clock, &mut total).count(), 0);
        l.value = 1.0;
        let pieces: Vec<_> = l.advance(50.0, &mut clock, &mut total).collect();
        assert_eq!(pieces, [(1, 15.0)]);
    }

    #[test]
    fn the_cursor_gives_the_computed_interval() {
        // Intervals whose multiples are not exact in binary, forward in time with
        // repeats and looks back, around every boundary and past the end.
        for interval in [0.1, 0.3, 7.0 / 3.0, 1800.0, 900.0] {
            let intervals = 50;
            let mut clock = Clock::new(0.0, interval * 50.0, interval, intervals);
            let reference = clock;
            let mut times = vec![0.0, -1.0];
            for k in 0..=intervals + 2 {
                let b = k as f64 * interval;
                let mut t = b;
                for _ in 0..3 {
                    t = t.next_down();
                }
                for _ in 0..7 {
                    times.push(t);
                    times.push(b * 0.5);
                    t = t.next_up();
                }
                times.push(b + 0.5 * interval);
            }
            for &t in &times {
                assert_eq!(clock.interval_of(t), reference.index(t), "{interval} {t}");
            }
        }
    }
}
