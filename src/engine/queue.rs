//! The future-event list: a 4-ary heap ordered by (time, sequence number).
//!
//! The sequence number makes simultaneous events fire in the order they were
//! scheduled (FIFO ties), so a replication is a pure function of its seed.
//! Events are never removed; a stale event is recognised and dropped when popped
//! (lazy cancellation), which keeps every operation O(log n).
//!
//! The heap has four children per node: half the depth of a binary heap, so a pop
//! moves half as many entries and takes half as many hard-to-predict branches, and
//! the four children of a node lie side by side in two cache lines. Keys are
//! unique, so the order of pops is that of any other priority queue.

use super::time::SimTime;

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
    /// A team's roster (headcount or schedule) changes to its next step.
    Staff { team: u16 },
    /// Something happens to the agent in a seat (stale if `generation` is old).
    Seat {
        agent: u32,
        generation: u32,
        what: SeatEvent,
    },
    /// An unresolved contact comes back.
    Repeat { contact: u32, generation: u32 },
    /// The channel of a contact held while it was closed opens.
    Open { contact: u32, generation: u32 },
}

/// What happens to the agent in a seat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SeatEvent {
    /// The agent leaves (attrition).
    Leave,
    /// A replacement joins after the hiring lag.
    Join,
    /// A new agent finishes training.
    Ready,
}

/// A heap entry. The key packs (time, sequence) into one integer — the bits of a
/// non-negative `f64` order like the number — so the heap compares integers.
#[derive(Debug, Clone, Copy)]
pub(super) struct Entry {
    key: u128,
    ev: Ev,
}

/// Children per node of the heap.
const ARITY: usize = 4;

/// A min-heap of entries by key, `ARITY` children per node.
#[derive(Debug, Default)]
struct Heap {
    entries: Vec<Entry>,
}

impl Heap {
    /// The smallest key (`u128::MAX` when empty).
    #[inline]
    fn min_key(&self) -> u128 {
        self.entries.first().map_or(u128::MAX, |e| e.key)
    }

    /// Adds `entry`, moving its ancestors with larger keys down one level.
    #[inline]
    fn push(&mut self, entry: Entry) {
        let mut hole = self.entries.len();
        self.entries.push(entry);
        while hole > 0 {
            let parent = (hole - 1) / ARITY;
            if self.entries[parent].key <= entry.key {
                break;
            }
            self.entries[hole] = self.entries[parent];
            hole = parent;
        }
        self.entries[hole] = entry;
    }

    /// Removes the entry with the smallest key: the last entry fills the root's
    /// place and sinks below every smaller child.
    #[inline]
    fn pop(&mut self) -> Option<Entry> {
        let last = self.entries.pop()?;
        let Some(&top) = self.entries.first() else {
            return Some(last);
        };
        let n = self.entries.len();
        let mut hole = 0;
        loop {
            let first = ARITY * hole + 1;
            if first >= n {
                break;
            }
            let children = &self.entries[first..(first + ARITY).min(n)];
            let best = if let [a, b, c, d] = children {
                // A full node: a tournament, whose selects compile without branches.
                let ab = usize::from(b.key < a.key);
                let cd = 2 + usize::from(d.key < c.key);
                if children[cd].key < children[ab].key {
                    cd
                } else {
                    ab
                }
            } else {
                let mut best = 0;
                for (i, child) in children.iter().enumerate().skip(1) {
                    if child.key < children[best].key {
                        best = i;
                    }
                }
                best
            };
            if last.key < children[best].key {
                break;
            }
            self.entries[hole] = children[best];
            hole = first + best;
        }
        self.entries[hole] = last;
        Some(top)
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
///
/// Each channel's next arrival — one pending event per channel, half of all events —
/// is kept in a small array beside the heap instead of in it, which halves the heap
/// traffic; both share the sequence counter, so the order is exactly that of a
/// single heap.
#[derive(Debug, Default)]
pub(crate) struct EventQueue {
    heap: Heap,
    /// Key of the pending arrival of each channel (`u128::MAX`: none).
    arrivals: Vec<u128>,
    seq: u64,
    now: f64,
}

impl EventQueue {
    pub(crate) fn new(channels: usize) -> Self {
        EventQueue {
            heap: Heap {
                entries: Vec::with_capacity(1024),
            },
            arrivals: vec![u128::MAX; channels],
            seq: 0,
            now: 0.0,
        }
    }

    /// The key of an event at `time`, which must not lie in the past.
    #[inline]
    fn key(&mut self, time: SimTime) -> Result<u128, PastEvent> {
        let time = time.0;
        if time < self.now || time.is_nan() {
            return Err(PastEvent {
                at: time,
                now: self.now,
            });
        }
        self.seq += 1;
        // `+ 0.0` turns −0.0 into +0.0 so the bit pattern orders like the number.
        Ok((u128::from((time + 0.0).to_bits()) << 64) | u128::from(self.seq))
    }

    /// Schedules `ev` at `time`, which must not lie in the past.
    #[inline]
    pub(crate) fn schedule(&mut self, time: SimTime, ev: Ev) -> Result<(), PastEvent> {
        let key = self.key(time)?;
        self.heap.push(Entry { key, ev });
        Ok(())
    }

    /// Schedules the next arrival of `channel` (it must have none pending).
    #[inline]
    pub(crate) fn schedule_arrival(
        &mut self,
        time: SimTime,
        channel: u16,
    ) -> Result<(), PastEvent> {
        let key = self.key(time)?;
        debug_assert_eq!(self.arrivals[usize::from(channel)], u128::MAX);
        self.arrivals[usize::from(channel)] = key;
        Ok(())
    }

    /// The earliest pending arrival: (key, channel).
    #[inline]
    fn next_arrival(&self) -> (u128, usize) {
        let mut best = (u128::MAX, 0);
        for (c, &k) in self.arrivals.iter().enumerate() {
            if k < best.0 {
                best = (k, c);
            }
        }
        best
    }

    /// Removes and returns the earliest event, advancing the clock to its time.
    #[inline]
    pub(crate) fn pop(&mut self) -> Option<(SimTime, Ev)> {
        let (arrival, c) = self.next_arrival();
        let heap = self.heap.min_key();
        let (key, ev) = if arrival < heap {
            self.arrivals[c] = u128::MAX;
            (arrival, Ev::Arrival { channel: c as u16 })
        } else {
            let e = self.heap.pop()?;
            (e.key, e.ev)
        };
        self.now = f64::from_bits((key >> 64) as u64);
        Some((SimTime(self.now), ev))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pops_in_time_then_fifo_order() {
        let mut q = EventQueue::new(2);
        q.schedule(SimTime(5.0), Ev::Staff { team: 0 }).unwrap();
        q.schedule(SimTime(1.0), Ev::Staff { team: 1 }).unwrap();
        q.schedule(SimTime(5.0), Ev::Staff { team: 2 }).unwrap();
        q.schedule(SimTime(1.0), Ev::Staff { team: 3 }).unwrap();
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
    fn heap_pops_keys_in_order_through_interleaved_pushes() {
        // Pseudo-random keys, pushed and popped in bursts, against a sorted list.
        let mut heap = Heap::default();
        let mut reference: Vec<u128> = Vec::new();
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        for step in 0..5_000u64 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let key = (u128::from(x % 1000) << 64) | u128::from(step);
            heap.push(Entry {
                key,
                ev: Ev::Staff { team: 0 },
            });
            reference.push(key);
            if x.is_multiple_of(3) {
                for _ in 0..(x % 5) {
                    reference.sort_unstable_by(|a, b| b.cmp(a));
                    assert_eq!(heap.pop().map(|e| e.key), reference.pop());
                }
            }
        }
        reference.sort_unstable_by(|a, b| b.cmp(a));
        while let Some(key) = reference.pop() {
            assert_eq!(heap.pop().map(|e| e.key), Some(key));
        }
        assert!(heap.pop().is_none());
    }

    #[test]
    fn scheduling_into_the_past_is_an_error() {
        let mut q = EventQueue::new(2);
        q.schedule(SimTime(3.0), Ev::Staff { team: 0 }).unwrap();
        q.pop();
        let err = q.schedule(SimTime(2.0), Ev::Staff { team: 0 }).unwrap_err();
        assert_eq!(err, PastEvent { at: 2.0, now: 3.0 });
        assert!(
            q.schedule(SimTime(f64::NAN), Ev::Staff { team: 0 })
                .is_err()
        );
        assert!(q.schedule(SimTime(3.0), Ev::Staff { team: 0 }).is_ok());
    }

    #[test]
    fn arrivals_interleave_with_heap_events_in_schedule_order() {
        let mut q = EventQueue::new(2);
        q.schedule(SimTime(2.0), Ev::Staff { team: 0 }).unwrap();
        q.schedule_arrival(SimTime(2.0), 1).unwrap();
        q.schedule_arrival(SimTime(1.0), 0).unwrap();
        q.schedule(SimTime(2.0), Ev::Staff { team: 1 }).unwrap();
        let order: Vec<Ev> = std::iter::from_fn(|| q.pop()).map(|(_, e)| e).collect();
        assert_eq!(
            order,
            [
                Ev::Arrival { channel: 0 },
                Ev::Staff { team: 0 },
                Ev::Arrival { channel: 1 },
                Ev::Staff { team: 1 }
            ]
        );
        assert!(q.pop().is_none());
    }
}
