//! The event loop: a replication's state, the dispatch of events in time order, and the stop.

use super::meter::Meter;
use super::observer::Observer;
use super::queue::{Ev, EventQueue, PastEvent};
use super::tables::{self, Agent, ChannelRt, Lane, Slab, TeamRt};
use super::time::SimTime;
use crate::model::Model;
use crate::stats::ReplicationResult;

/// A replication stops early (with a warning in the results) once this many
/// contacts are waiting: the scenario is overloaded and the queue grows without bound.
///
/// A million waiting contacts is days of work for any centre staffmix accepts
/// short of the very largest, so a queue that long is not a steady state; each
/// holds about 120 bytes (up to 288 with growth slack, see `footprint`), so a
/// replication in flight holds at most about 275 MiB of them, and the memory check
/// counts that once per simulating thread.
pub const MAX_WAITING: usize = 1_000_000;

/// Runs replication `replication` of `model` with master seed `seed`.
///
/// The result depends only on `(model, seed, replication)`: every random stream
/// is derived from them, never from the thread or the wall clock.
pub fn simulate<O: Observer>(
    model: &Model,
    seed: u64,
    replication: u64,
    observer: &mut O,
) -> Result<ReplicationResult, PastEvent> {
    let mut sim = Sim::new(model, seed, replication, observer);
    let end = sim.run()?;
    Ok(sim.finish(end))
}

/// The state of one replication. Its methods live with their job: the contact's
/// life in `contact`, routing decisions in `routing`, seats and duty in `staff`,
/// the invariant checks in `check`; what they measure goes through `meter`.
pub(super) struct Sim<'m, O> {
    pub model: &'m Model,
    pub obs: &'m mut O,
    pub events: EventQueue,
    pub contacts: Slab,
    pub agents: Vec<Agent>,
    pub channels: Vec<ChannelRt>,
    pub teams: Vec<TeamRt>,
    pub lanes: Vec<Lane>,
    /// Contacts waiting, in channel queues and escalation lanes.
    pub waiting_total: usize,
    /// Contacts held for the opening of their channel (they count towards
    /// [`MAX_WAITING`] too: they wait, and take memory, like queued ones).
    pub held_total: usize,
    pub meter: Meter<'m>,
    /// Events until the next full invariant check (see `check`).
    #[cfg(debug_assertions)]
    pub full_check_in: usize,
}

impl<'m, O: Observer> Sim<'m, O> {
    /// The state at time 0 of replication `rep`: nobody on duty, nothing scheduled.
    pub fn new(model: &'m Model, seed: u64, rep: u64, obs: &'m mut O) -> Self {
        let tables = tables::build(model, seed, rep);
        Sim {
            model,
            obs,
            events: EventQueue::new(model.channels.len()),
            contacts: Slab::with_capacity(1024),
            agents: tables.agents,
            channels: tables.channels,
            teams: tables.teams,
            lanes: tables.lanes,
            waiting_total: 0,
            held_total: 0,
            meter: Meter::new(model),
            #[cfg(debug_assertions)]
            full_check_in: 0,
        }
    }

    /// Puts the first roster step of every team on duty and schedules each
    /// channel's first arrival.
    pub fn start(&mut self) -> Result<(), PastEvent> {
        for t in 0..self.teams.len() {
            self.staff_change(SimTime::ZERO, t)?;
        }
        for c in 0..self.channels.len() {
            if let Some(at) = self.next_arrival(c, SimTime::ZERO) {
                self.events.schedule_arrival(at, c as u16)?;
            }
        }
        Ok(())
    }

    /// Processes events until the end of the drain period (or until the queue
    /// overflows); returns the time the replication stopped.
    fn run(&mut self) -> Result<SimTime, PastEvent> {
        self.start()?;
        let end = SimTime(self.model.horizon_s + self.model.drain_s);
        let mut stop = end;
        while let Some((t, ev)) = self.events.pop() {
            if t > end {
                break;
            }
            self.dispatch(t, ev)?;
            #[cfg(debug_assertions)]
            self.assert_invariants(t, ev);
            if self.waiting_total + self.held_total > MAX_WAITING {
                self.meter.stopped_early(t);
                stop = t;
                break;
            }
        }
        self.meter.close(stop);
        Ok(stop)
    }

    /// Hands event `ev` at time `t` to its handler.
    #[inline]
    pub(super) fn dispatch(&mut self, t: SimTime, ev: Ev) -> Result<(), PastEvent> {
        match ev {
            Ev::Arrival { channel } => self.arrival(t, usize::from(channel)),
            Ev::Departure { agent, contact } => self.departure(t, agent, contact),
            Ev::Abandon {
                contact,
                generation,
            } => {
                self.abandon(t, contact, generation);
                Ok(())
            }
            Ev::Overflow {
                contact,
                generation,
                route,
            } => self.overflow(t, contact, generation, route),
            Ev::Staff { team } => self.staff_change(t, usize::from(team)),
            Ev::Seat {
                agent,
                generation,
                what,
            } => self.seat_event(t, agent, generation, what),
            Ev::Repeat {
                contact,
                generation,
            } => self.repeat(t, contact, generation),
            Ev::Open {
                contact,
                generation,
            } => self.opens(t, contact, generation),
        }
    }

    /// The replication's results, the run having stopped at `end`.
    fn finish(self, end: SimTime) -> ReplicationResult {
        self.meter.finish(end, &self.teams, self.contacts.iter())
    }
}
