//! The event queue opened to the criterion benches: NOT a stable API.
//!
//! `benches/engine.rs` times the engine's future-event list on its own (a hold
//! model). The queue and its event type stay private to the engine; this wrapper
//! lends the benches only scheduling and popping, with a `u32` tag standing for the
//! event, and may change or go away with any release.

use super::queue::{Ev, EventQueue, PastEvent};
use super::time::SimTime;

/// The engine's event queue for one channel, whose events are departures tagged by
/// a `u32` (the contact). Its channel's arrival slot stays empty, but every pop
/// looks at it, as in a one-channel replication.
#[derive(Debug)]
pub struct HoldQueue(EventQueue);

impl Default for HoldQueue {
    fn default() -> Self {
        HoldQueue(EventQueue::new(1))
    }
}

impl HoldQueue {
    /// Schedules the event tagged `tag` at `time` seconds, which must not lie
    /// before the last popped event's time.
    #[inline]
    pub fn schedule(&mut self, time: f64, tag: u32) -> Result<(), PastEvent> {
        self.0.schedule(
            SimTime(time),
            Ev::Departure {
                agent: 0,
                contact: tag,
            },
        )
    }

    /// Removes the earliest event: its time in seconds and its tag.
    #[inline]
    pub fn pop(&mut self) -> Option<(f64, u32)> {
        match self.0.pop()? {
            (time, Ev::Departure { contact, .. }) => Some((time.0, contact)),
            (_, ev) => unreachable!("only departures are scheduled, popped {ev:?}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pops_tags_in_time_then_schedule_order() {
        let mut q = HoldQueue::default();
        for (time, tag) in [(3.0, 0), (1.0, 1), (3.0, 2), (2.0, 3)] {
            q.schedule(time, tag).unwrap();
        }
        let popped: Vec<_> = std::iter::from_fn(|| q.pop()).collect();
        assert_eq!(popped, [(1.0, 1), (2.0, 3), (3.0, 0), (3.0, 2)]);
        assert!(q.schedule(2.5, 4).is_err());
    }
}
