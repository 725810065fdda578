//! Simulated time: the `SimTime` that crosses every module boundary of the engine.

use std::cmp::Ordering;
use std::ops::{Add, Sub};

/// A point in simulated time: seconds since the scenario start.
///
/// Engine modules pass times to each other as `SimTime`; bare `f64` seconds are
/// durations, or times inside one module's arithmetic. `time + duration` is a time,
/// `time − time` a duration, both computed exactly as on the bare numbers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SimTime(pub f64);

/// Compares as the numbers do; the operators are spelled out so that each compiles
/// to one floating-point comparison, as on bare `f64`, in every build profile.
impl PartialOrd for SimTime {
    #[inline]
    fn partial_cmp(&self, other: &SimTime) -> Option<Ordering> {
        self.0.partial_cmp(&other.0)
    }
    #[inline]
    fn lt(&self, other: &SimTime) -> bool {
        self.0 < other.0
    }
    #[inline]
    fn le(&self, other: &SimTime) -> bool {
        self.0 <= other.0
    }
    #[inline]
    fn gt(&self, other: &SimTime) -> bool {
        self.0 > other.0
    }
    #[inline]
    fn ge(&self, other: &SimTime) -> bool {
        self.0 >= other.0
    }
}

impl SimTime {
    /// The scenario start.
    pub const ZERO: SimTime = SimTime(0.0);

    /// Rounded up to a whole second (workforce events happen on whole seconds).
    pub(crate) fn ceil(self) -> SimTime {
        SimTime(self.0.ceil())
    }
}

impl Add<f64> for SimTime {
    type Output = SimTime;

    /// The time `dt` seconds later.
    #[inline]
    fn add(self, dt: f64) -> SimTime {
        SimTime(self.0 + dt)
    }
}

impl Sub for SimTime {
    type Output = f64;

    /// Seconds from `earlier` to `self`.
    #[inline]
    fn sub(self, earlier: SimTime) -> f64 {
        self.0 - earlier.0
    }
}
