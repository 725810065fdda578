//! Debug-build invariants: no agent idle beside work it may take; contacts conserved;
//! closed channels offer nothing to agents.
//!
//! Compiled only with debug assertions, so `cargo test` runs it in every replication
//! and release builds carry nothing. The checks read the ground truth — every agent,
//! every contact slot, every queue entry — not the engine's shortcuts (the agent
//! buckets, the running counters), which they verify.
//!
//! After every event: the running counts (contacts arrived, in the system and gone;
//! contacts waiting) agree with the contact slab, and no on-duty agent has room for a
//! waiting contact it may take — a pass over the agents and the head of each queue
//! they serve. The exhaustive check of every contact slot and queue entry would make
//! a replication with a long queue quadratic, so it runs after every n-th event, n
//! being the number of slots and entries divided by [`VISITS_PER_EVENT`] (after every
//! event while they are that few). A broken contact record usually outlives many
//! events — a lost contact stays lost — so the sampled check still sees it.

use super::observer::Observer;
use super::queue::Ev;
use super::sim::Sim;
use super::tables::{Contact, Duty, NO_LANE, QEntry, State};
use super::time::SimTime;
use crate::model::WhenClosed;

/// The contact slots and queue entries the exhaustive check may visit per event, on
/// average.
const VISITS_PER_EVENT: usize = 4;

impl<O: Observer> Sim<'_, O> {
    /// Checks the state after event `ev` at `t` — the running counts and the agents
    /// always, every contact record when its turn has come — and panics, naming the event and the
    /// broken invariant, if one does not hold.
    pub(super) fn assert_invariants(&mut self, t: SimTime, ev: Ev) {
        let checked = if self.full_check_in == 0 {
            let queued: usize = self.channels.iter().map(|c| c.queue.len()).sum::<usize>()
                + self.lanes.iter().map(|l| l.queue.len()).sum::<usize>();
            let size = self.contacts.iter().len() + queued;
            self.full_check_in = size / VISITS_PER_EVENT;
            self.check(t)
        } else {
            self.full_check_in -= 1;
            self.check_counts().and_then(|()| self.check_agents(t))
        };
        if let Err(broken) = checked {
            panic!(
                "engine invariant broken after {ev:?} at t = {} s: {broken}",
                t.0
            );
        }
    }

    /// Checks every invariant of the state after the events up to `t`; the error
    /// says which one is broken and where.
    pub(super) fn check(&self, t: SimTime) -> Result<(), String> {
        self.check_counts()?;
        self.check_agents(t)?;
        self.check_contacts(t)
    }

    /// The running counts agree: every contact that arrived is still in the system
    /// or gone, and the waiting count is the sum of the queues' counts (escalation
    /// lanes hold no stale entries: a contact leaves one only when an agent takes it).
    fn check_counts(&self) -> Result<(), String> {
        let arrived: u64 = self.channels.iter().map(|ch| ch.arrived).sum();
        let live = (self.contacts.iter().len() - self.contacts.free_slots()) as u64;
        let gone = self.contacts.released;
        if arrived != live + gone {
            return Err(format!(
                "contacts are not conserved: {arrived} arrived, but {live} are in the system \
                 and {gone} are gone"
            ));
        }
        let lanes: usize = self.lanes.iter().map(|l| l.queue.len()).sum();
        let queued = self
            .channels
            .iter()
            .map(|c| c.waiting as usize)
            .sum::<usize>()
            + lanes;
        if queued != self.waiting_total {
            return Err(format!(
                "{queued} contacts wait in channel queues and escalation lanes, but the running \
                 count is {}",
                self.waiting_total
            ));
        }
        Ok(())
    }

    /// Every team's counts of agents on duty, present and busy units match its
    /// agents, and no agent on duty has room for a contact that waits and may go to
    /// it.
    ///
    /// Eligibility respects routing: a queue the team serves, a contact needing no
    /// more units than the agent has free, and an overflow delay that has passed.
    /// Shifts and shrinkage act through duty: only agents on duty count. A contact
    /// whose delay ends exactly at `t` is not yet eligible, as its overflow event may
    /// still be pending at `t`. Priorities only choose among eligible contacts, so
    /// any eligible contact breaks the invariant.
    fn check_agents(&self, t: SimTime) -> Result<(), String> {
        for (k, tr) in self.teams.iter().enumerate() {
            let name = &self.model.teams[k].name;
            let (mut on, mut present, mut busy) = (0, 0, 0);
            let mut roomiest: Option<(u16, u32)> = None;
            for a in tr.agents.clone() {
                let agent = &self.agents[a as usize];
                busy += u32::from(tr.units - agent.free);
                match agent.duty {
                    Duty::On => {
                        on += 1;
                        present += 1;
                        if roomiest.is_none_or(|(free, _)| agent.free > free) {
                            roomiest = Some((agent.free, a));
                        }
                    }
                    Duty::Leaving if agent.load == 0 => {
                        return Err(format!(
                            "team {name}: agent {a} stays after its shift with no contact"
                        ));
                    }
                    Duty::Leaving => present += 1,
                    Duty::Off if agent.load > 0 => {
                        return Err(format!(
                            "team {name}: agent {a} is off duty with {} contacts in hand",
                            agent.load
                        ));
                    }
                    Duty::Off => {}
                }
            }
            if (on, present, busy) != (tr.on_duty, tr.present, tr.busy_units) {
                return Err(format!(
                    "team {name}: its agents are {on} on duty, {present} present, {busy} units busy, \
                     but the team counts {}, {}, {}",
                    tr.on_duty, tr.present, tr.busy_units
                ));
            }
            let Some((free, a)) = roomiest else { continue };
            for s in tr.serve.iter().filter(|s| s.need <= free) {
                let (queue, place) = if s.lane == NO_LANE {
                    let c = usize::from(s.channel);
                    let queue = &self.channels[c].queue;
                    (queue, format!("channel {}", self.model.channels[c].name))
                } else {
                    let lane = &self.lanes[usize::from(s.lane)];
                    let from = &self.model.teams[usize::from(lane.from)].name;
                    (&lane.queue, format!("the escalation lane from team {from}"))
                };
                // Queues are in arrival order: the first live entry waited longest.
                let Some(head) = queue.iter().find(|e| self.live(e)) else {
                    continue;
                };
                if s.after == 0.0 || head.enqueued + s.after < t {
                    return Err(format!(
                        "team {name}: agent {a} is on duty with {free} free units while contact {} \
                         has waited in {place} since {} s and may go to it (needs {} units, \
                         overflow delay {} s)",
                        head.contact, head.enqueued.0, s.need, s.after
                    ));
                }
            }
        }
        Ok(())
    }

    /// Contacts are conserved: every contact that arrived is waiting, in service,
    /// away (to come back as a repeat), held for its channel's opening or gone; each
    /// waiting contact sits in exactly one queue entry, each one in service in an
    /// agent's hands; the running counts of waiting contacts agree; and closed
    /// channels keep their hours (see [`Sim::check_hours`]).
    fn check_contacts(&self, t: SimTime) -> Result<(), String> {
        let (mut waiting, mut in_service, mut away, mut held, mut free) =
            (0u64, 0u64, 0u64, 0u64, 0usize);
        for c in self.contacts.iter() {
            match c.state {
                State::Waiting => waiting += 1,
                State::InService => in_service += 1,
                State::Away => away += 1,
                State::Held => held += 1,
                State::Free => free += 1,
            }
            self.check_hours(t, c)?;
        }
        let arrived: u64 = self.channels.iter().map(|ch| ch.arrived).sum();
        let gone = self.contacts.released;
        if arrived != waiting + in_service + away + held + gone {
            return Err(format!(
                "contacts are not conserved: {arrived} arrived, but {waiting} wait, \
                 {in_service} are in service, {away} are away to repeat, {held} are held for \
                 an opening and {gone} are gone"
            ));
        }
        if free != self.contacts.free_slots() {
            return Err(format!(
                "{free} contact slots are free, but the free list holds {}",
                self.contacts.free_slots()
            ));
        }
        let held: u64 = self.agents.iter().map(|a| u64::from(a.load)).sum();
        if held != in_service {
            return Err(format!(
                "{in_service} contacts are in service, but agents hold {held}"
            ));
        }
        let mut queued = 0;
        for (c, ch) in self.channels.iter().enumerate() {
            let live = ch.queue.iter().filter(|e| self.live(e)).count();
            if live != ch.waiting as usize {
                return Err(format!(
                    "channel {}: {live} contacts wait in its queue, but it counts {}",
                    self.model.channels[c].name, ch.waiting
                ));
            }
            queued += live;
        }
        for lane in &self.lanes {
            queued += lane.queue.iter().filter(|e| self.live(e)).count();
        }
        if queued as u64 != waiting || self.waiting_total as u64 != waiting {
            return Err(format!(
                "{waiting} contacts wait, but the queues hold {queued} and the running count \
                 is {}",
                self.waiting_total
            ));
        }
        Ok(())
    }

    /// A closed channel offers nothing to agents: a contact in its channel's queue
    /// arrived while the channel was open, unless it waited for the opening; and a
    /// held contact is not held past the opening.
    fn check_hours(&self, t: SimTime, c: &Contact) -> Result<(), String> {
        let channel = &self.model.channels[usize::from(c.channel)];
        let Some(hours) = &channel.hours else {
            return Ok(());
        };
        let closed_at_arrival = !hours.is_open(c.arrival.0);
        match c.state {
            State::Waiting
                if c.lane == NO_LANE
                    && closed_at_arrival
                    && hours.when_closed != WhenClosed::Wait =>
            {
                Err(format!(
                    "a contact that arrived at {} s while channel {} was closed waits in its \
                     queue, though closed-hours contacts are {:?}",
                    c.arrival.0, channel.name, hours.when_closed
                ))
            }
            State::Held if hours.next_opening(c.arrival.0).is_some_and(|o| o < t.0) => {
                Err(format!(
                    "a contact that arrived at {} s while channel {} was closed is still held \
                     at {} s, after the opening",
                    c.arrival.0, channel.name, t.0
                ))
            }
            _ => Ok(()),
        }
    }

    /// Whether a queue entry stands for a contact still waiting in that wait.
    fn live(&self, e: &QEntry) -> bool {
        let c = &self.contacts[e.contact];
        c.generation == e.generation && c.state == State::Waiting
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Model;

    /// Team "a" takes phone contacts at once, team "b" after 60 s.
    const SCENARIO: &str = r#"
horizon = "1d"
[channels.phone]
volume_per_hour = 30
handle_time = { mean = "4m" }
patience = { mean = "5m" }
[teams.a]
kind = "in_house"
agents = 1
schedule = "24/7"
skills = { phone = 1.0 }
[teams.b]
kind = "in_house"
agents = 1
schedule = "24/7"
skills = { phone = 1.0 }
[routing]
phone = ["a", { team = "b", after = "60s" }]
"#;

    /// Runs `f` on a replication of the scenario just started: agents on duty,
    /// first arrivals scheduled, nothing served yet.
    fn started(f: impl FnOnce(&mut Sim<'_, ()>)) {
        started_with(SCENARIO, f);
    }

    /// Like [`started`], for the scenario `text`.
    fn started_with(text: &str, f: impl FnOnce(&mut Sim<'_, ()>)) {
        let m: Model = crate::scenario::parse("check.toml", text).unwrap_or_else(|e| panic!("{e}"));
        let mut obs = ();
        let mut sim = Sim::new(&m, 7, 0, &mut obs);
        sim.start().unwrap();
        f(&mut sim);
    }

    /// A phone contact arriving at `t`, as the arrival handler would create it.
    fn contact(t: SimTime) -> Contact {
        Contact {
            arrival: t,
            origin: t,
            base_handle: 60.0,
            waited: 0.0,
            resolved: 1.0,
            stream: 0,
            generation: 0,
            channel: 0,
            lane: NO_LANE,
            next_lane: NO_LANE,
            state: State::Waiting,
            counted: true,
            origin_counted: true,
            happy: 1.0,
        }
    }

    /// Puts a new contact in the phone queue at `t` without routing it.
    fn queue_unrouted(sim: &mut Sim<'_, ()>, t: SimTime) {
        sim.channels[0].arrived += 1;
        let id = sim.contacts.insert(contact(t));
        sim.enqueue(t, 0, id, 0);
    }

    #[test]
    fn the_engine_keeps_the_invariants_event_by_event() {
        started(|sim| {
            sim.check(SimTime::ZERO).unwrap();
            let mut events = 0;
            while let Some((t, ev)) = sim.events.pop() {
                sim.dispatch(t, ev).unwrap();
                sim.check(t)
                    .unwrap_or_else(|e| panic!("after {ev:?} at {t:?}: {e}"));
                events += 1;
            }
            assert!(events > 1000, "only {events} events");
        });
    }

    #[test]
    fn an_idle_agent_beside_a_waiting_contact_is_caught() {
        started(|sim| {
            queue_unrouted(sim, SimTime(10.0));
            // Team "a" takes phone contacts at once: its idle agent breaks the rule now.
            let err = sim.check(SimTime(10.0)).unwrap_err();
            assert!(err.starts_with("team a: agent 0 is on duty"), "{err}");
        });
    }

    #[test]
    fn an_overflow_team_is_only_held_to_contacts_past_the_delay() {
        started(|sim| {
            // Team "a"'s agent is busy; team "b"'s may only take the contact after 60 s.
            let busy = sim.contacts.insert(contact(SimTime::ZERO));
            sim.channels[0].arrived += 1;
            sim.start_service(SimTime::ZERO, busy, 0).unwrap();
            queue_unrouted(sim, SimTime(10.0));
            sim.check(SimTime(70.0)).unwrap();
            let err = sim.check(SimTime(70.5)).unwrap_err();
            assert!(err.starts_with("team b: agent 1 is on duty"), "{err}");
        });
    }

    #[test]
    fn a_contact_offered_while_its_channel_is_closed_is_caught() {
        // Phone opens at 08:00 and loses the contacts that arrive before.
        let text = SCENARIO.replace(
            "patience = { mean = \"5m\" }",
            "patience = { mean = \"5m\" }\nhours = { start = \"08:00\", end = \"20:00\" }\n\
             when_closed = \"lost\"",
        );
        started_with(&text, |sim| {
            queue_unrouted(sim, SimTime(10.0));
            // (The idle agents beside it are another broken invariant.)
            let err = sim.check_contacts(SimTime(10.0)).unwrap_err();
            assert!(
                err.starts_with("a contact that arrived at 10 s while channel phone was closed"),
                "{err}"
            );
        });
    }

    #[test]
    fn a_lost_contact_is_caught() {
        started(|sim| {
            // An arrival counted with no contact to show for it.
            sim.channels[0].arrived += 1;
            let err = sim.check(SimTime(1.0)).unwrap_err();
            assert!(
                err.starts_with("contacts are not conserved: 1 arrived"),
                "{err}"
            );
        });
    }

    #[test]
    fn a_miscounted_queue_is_caught() {
        started(|sim| {
            sim.channels[0].waiting += 1;
            sim.waiting_total += 1;
            let err = sim.check(SimTime(1.0)).unwrap_err();
            assert!(err.starts_with("channel phone: 0 contacts wait"), "{err}");
        });
    }

    #[test]
    #[should_panic(
        expected = "engine invariant broken after Arrival { channel: 0 } at t = 5 s: team a"
    )]
    fn a_broken_invariant_panics_naming_the_event() {
        started(|sim| {
            queue_unrouted(sim, SimTime(5.0));
            sim.assert_invariants(SimTime(5.0), Ev::Arrival { channel: 0 });
        });
    }
}
