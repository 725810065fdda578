//! The future-event list: a binary heap ordered by (time, sequence number).
//!
//! The sequence number makes simultaneous events fire in the order they were
//! scheduled (FIFO ties), so a replication is a pure function of its seed.
//! Events are never removed; a stale event is recognised and dropped when popped
//! (lazy cancellation), which keeps every operation O(log n).

use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// A point in simulated time: seconds since the scenario start.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct SimTime(pub f64);

/// What happens at an event. Small and `Copy`, so the heap moves 32-byte records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ev {
    /// The next contact of a channel arrives.
    Arrival { channel: u16 },
    /// An agent finishes a contact.
    Departure { agent: u32, contact: u32 },
    /// A waiting contact runs out of patience (stale if it was served meanwhile).
    Abandon { contact: u32, generation: u32 },
    /// A waiting contact becomes eligible for routing step `route` (overflow).
    Overflow {
        contact: u32,
        generation: u32,
        route: u16,
    },
    /// A team's staffing changes to its next step.
    Staff { team: u16 },
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    time: f64,
    seq: u64,
    ev: Ev,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Entry {}
impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Entry {
    // Reversed: `BinaryHeap` is a max-heap and we want the earliest event first.
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .time
            .total_cmp(&self.time)
            .then_with(|| other.seq.cmp(&self.seq))
    }
}

/// Scheduling an event before the current time is a bug in the caller.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
#[error("cannot schedule an event at {at} s: the clock is already at {now} s")]
pub struct PastEvent {
    /// Requested time.
    pub at: f64,
    /// Current time.
    pub now: f64,
}

/// Min-queue of events keyed by (time, insertion order).
#[derive(Debug, Default)]
pub(crate) struct EventQueue {
    heap: BinaryHeap<Entry>,
    seq: u64,
    now: f64,
}

impl EventQueue {
    pub(crate) fn with_capacity(n: usize) -> Self {
        EventQueue {
            heap: BinaryHeap::with_capacity(n),
            seq: 0,
            now: 0.0,
        }
    }

    /// Schedules `ev` at `time`, which must not lie in the past.
    #[inline]
    pub(crate) fn schedule(&mut self, time: f64, ev: Ev) -> Result<(), PastEvent> {
        if time < self.now || time.is_nan() {
            return Err(PastEvent {
                at: time,
                now: self.now,
            });
        }
        self.seq += 1;
        self.heap.push(Entry {
            time,
            seq: self.seq,
            ev,
        });
        Ok(())
    }

    /// Removes and returns the earliest event, advancing the clock to its time.
    #[inline]
    pub(crate) fn pop(&mut self) -> Option<(f64, Ev)> {
        let e = self.heap.pop()?;
        self.now = e.time;
        Some((e.time, e.ev))
    }

    /// Time of the earliest pending event.
    pub(crate) fn peek_time(&self) -> Option<f64> {
        self.heap.peek().map(|e| e.time)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pops_in_time_then_fifo_order() {
        let mut q = EventQueue::with_capacity(4);
        q.schedule(5.0, Ev::Staff { team: 0 }).unwrap();
        q.schedule(1.0, Ev::Staff { team: 1 }).unwrap();
        q.schedule(5.0, Ev::Staff { team: 2 }).unwrap();
        q.schedule(1.0, Ev::Staff { team: 3 }).unwrap();
        let order: Vec<_> = std::iter::from_fn(|| q.pop()).collect();
        let teams: Vec<u16> = order
            .iter()
            .map(|(_, e)| match e {
                Ev::Staff { team } => *team,
                _ => unreachable!(),
            })
            .collect();
        assert_eq!(teams, [1, 3, 0, 2]);
    }

    #[test]
    fn scheduling_into_the_past_is_an_error() {
        let mut q = EventQueue::with_capacity(2);
        q.schedule(3.0, Ev::Staff { team: 0 }).unwrap();
        q.pop();
        let err = q.schedule(2.0, Ev::Staff { team: 0 }).unwrap_err();
        assert_eq!(err, PastEvent { at: 2.0, now: 3.0 });
        assert!(q.schedule(f64::NAN, Ev::Staff { team: 0 }).is_err());
        assert!(q.schedule(3.0, Ev::Staff { team: 0 }).is_ok());
    }
}
