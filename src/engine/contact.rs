//! A contact's life: arrival, repeat, closed hours, service, departure,
//! abandonment, escalation.
//!
//! Routing decides who serves a contact and where it waits (`routing`); what each
//! step adds to the KPIs is the meter's business (`meter`). Contacts a team does not
//! resolve either go to its tier-2 team's escalation lane or come back later as
//! repeat contacts.

use rand::RngExt;
use rand_distr::{Distribution, Exp1};

use super::meter::{Answer, Gauge};
use super::observer::Observer;
use super::queue::{Ev, PastEvent};
use super::sim::Sim;
use super::tables::{Contact, Duty, NO_LANE, State};
use super::time::SimTime;
use crate::model::{Hours, WhenClosed};
use crate::rng::sub_stream;

/// The sub-stream index of a contact's next episode (a repeat or an escalation):
/// episodes of the same contact differ in the high bits.
const EPISODE: u64 = 1 << 40;

/// A contact moved from closed channel `c` adds `(c + 1) × REDIRECT` to its
/// sub-stream index, so its draws on the target channel differ from those of the
/// target's own contacts with the same index (and from other channels' redirects).
const REDIRECT: u64 = 1 << 52;

impl<O: Observer> Sim<'_, O> {
    /// Next arrival of channel `c` after `from`, by inverting the integrated rate
    /// piece by piece (exact for a piecewise-constant rate; no time step).
    pub(super) fn next_arrival(&mut self, c: usize, from: SimTime) -> Option<SimTime> {
        let pieces = &self.model.channels[c].rate;
        let ch = &mut self.channels[c];
        let mut mass: f64 = Exp1.sample(&mut ch.arrivals);
        let mut t = from.0;
        let mut i = ch.piece;
        loop {
            let piece = pieces.get(i)?;
            let end = pieces
                .get(i + 1)
                .map_or(self.model.horizon_s, |p| p.start_s);
            let rate = piece.per_s * ch.day_factor[piece.day as usize];
            if rate > 0.0 {
                let dt = mass / rate;
                if t + dt < end {
                    ch.piece = i;
                    return Some(SimTime(t + dt));
                }
                mass -= rate * (end - t);
            }
            t = end;
            i += 1;
        }
    }

    /// A new contact arrives on channel `c`; the channel's next arrival is scheduled.
    pub(super) fn arrival(&mut self, t: SimTime, c: usize) -> Result<(), PastEvent> {
        if let Some(next) = self.next_arrival(c, t) {
            self.events.schedule_arrival(next, c as u16)?;
        }
        let ch = &mut self.channels[c];
        let n = ch.arrived;
        ch.arrived += 1;
        let counted = self.meter.in_window(t);
        let id = self.contacts.insert(Contact {
            arrival: t,
            origin: t,
            base_handle: 0.0,
            waited: 0.0,
            resolved: 1.0,
            stream: n,
            generation: 0,
            channel: c as u16,
            lane: NO_LANE,
            next_lane: NO_LANE,
            state: State::Waiting,
            counted,
            origin_counted: counted,
            happy: 1.0,
        });
        self.offer(t, id, false)
    }

    /// An unresolved contact comes back: a new episode of the same issue.
    pub(super) fn repeat(&mut self, t: SimTime, id: u32, generation: u32) -> Result<(), PastEvent> {
        let counted = self.meter.in_window(t);
        let contact = &mut self.contacts[id];
        if contact.generation != generation || contact.state != State::Away {
            return Ok(());
        }
        contact.arrival = t;
        contact.waited = 0.0;
        contact.stream += EPISODE;
        // A new wait: events and queue entries of the earlier one become stale.
        contact.generation = contact.generation.wrapping_add(1);
        contact.state = State::Waiting;
        contact.counted = counted;
        self.offer(t, id, true)
    }

    /// A contact (first or, with `repeat`, a repeat) arrives at `t` on its channel:
    /// it is offered there, unless the channel is closed.
    fn offer(&mut self, t: SimTime, id: u32, repeat: bool) -> Result<(), PastEvent> {
        let model = self.model;
        let c = usize::from(self.contacts[id].channel);
        if let Some(hours) = &model.channels[c].hours
            && !hours.is_open(t.0)
        {
            return self.closed(t, id, c, hours, repeat);
        }
        self.meter.offered(t, &self.contacts[id], repeat);
        self.obs.arrival(t, id, c);
        self.present(t, id)
    }

    /// Contact `id` arrives at `t` on channel `c` while it is closed: the customer
    /// gives up, waits for the opening, or moves to another channel.
    fn closed(
        &mut self,
        t: SimTime,
        id: u32,
        c: usize,
        hours: &Hours,
        repeat: bool,
    ) -> Result<(), PastEvent> {
        self.obs.closed(t, id, c);
        let contact = self.contacts[id];
        match hours.when_closed {
            WhenClosed::Lost => {
                self.meter.offered(t, &contact, repeat);
                self.meter.closed_lost(&contact);
                self.obs.arrival(t, id, c);
                self.obs.abandon(t, id, c, 0.0);
                self.contacts.release(id);
                Ok(())
            }
            WhenClosed::Wait => {
                self.meter.offered(t, &contact, repeat);
                self.meter.held(&contact);
                self.obs.arrival(t, id, c);
                self.contacts[id].state = State::Held;
                self.held_total += 1;
                // Never opening again: the contact is backlog at the end.
                match hours.next_opening(t.0) {
                    Some(at) => self.events.schedule(
                        SimTime(at),
                        Ev::Open {
                            contact: id,
                            generation: contact.generation,
                        },
                    ),
                    None => Ok(()),
                }
            }
            WhenClosed::Redirect(to) => {
                self.meter.redirected(&contact);
                let ct = &mut self.contacts[id];
                ct.channel = to as u16;
                ct.stream += (c as u64 + 1) * REDIRECT;
                // Validation rules out a circle of channels all closed at once.
                self.offer(t, id, repeat)
            }
        }
    }

    /// The channel of contact `id`, held since it arrived while the channel was
    /// closed, opens at `t`: the contact is presented to agents, its wait running
    /// since its arrival.
    pub(super) fn opens(&mut self, t: SimTime, id: u32, generation: u32) -> Result<(), PastEvent> {
        let contact = &mut self.contacts[id];
        if contact.generation != generation || contact.state != State::Held {
            return Ok(());
        }
        contact.state = State::Waiting;
        self.held_total -= 1;
        self.present(t, id)
    }

    /// Contact `id`, offered on its channel, is presented to agents at `t`: draws its
    /// handle time and patience, and goes to an agent or the queue.
    fn present(&mut self, t: SimTime, id: u32) -> Result<(), PastEvent> {
        let contact = &mut self.contacts[id];
        let (c, stream, generation) = (
            usize::from(contact.channel),
            contact.stream,
            contact.generation,
        );
        let channel = &self.model.channels[c];
        let ch = &self.channels[c];
        contact.base_handle = channel
            .handle_time
            .sample(&mut sub_stream(ch.handle_key, stream));
        let patience = channel
            .patience
            .as_ref()
            .map(|p| p.sample(&mut sub_stream(ch.patience_key, stream)));
        if self.assign_arrival(t, id, c)? {
            return Ok(());
        }
        // Nobody free: queue, and arm the patience clock and the overflow steps.
        self.enqueue(t, c, id, generation);
        if let Some(p) = patience {
            self.events.schedule(
                t + p,
                Ev::Abandon {
                    contact: id,
                    generation,
                },
            )?;
        }
        self.arm_overflow(t, c, id, generation)
    }

    /// Agent `a` starts serving contact `id`: the handle time (proficiency,
    /// learning curve, concurrency slowdown) and the outcome are decided here.
    pub(super) fn start_service(&mut self, t: SimTime, id: u32, a: u32) -> Result<(), PastEvent> {
        let contact = &self.contacts[id];
        let (c, base_handle, arrival, stream) = (
            usize::from(contact.channel),
            contact.base_handle,
            contact.arrival,
            contact.stream,
        );
        let team = usize::from(self.agents[a as usize].team);
        let team_m = &self.model.teams[team];
        let tr = &mut self.teams[team];
        let need = tr.need[c];
        let agent = &mut self.agents[a as usize];
        agent.free -= need;
        agent.load += 1;
        agent.stamp = agent.stamp.wrapping_add(1);
        // A new agent on the learning curve is slower and less satisfying.
        let (proficiency, ramp_quality) = if agent.ramping {
            let tenure = t - tr.seats[(a - tr.agents.start) as usize].ramp_from;
            agent.ramping = tenure < team_m.workforce.ramp_s;
            team_m.workforce.ramp(tenure)
        } else {
            (1.0, 1.0)
        };
        let channel = &self.model.channels[c];
        let stretch = 1.0 + channel.slowdown * f64::from(agent.load - 1);
        let handle = base_handle * tr.inv_prof[c] * stretch / proficiency;
        tr.touch_recent(t, team_m.overload.as_ref());
        let overworked = team_m
            .overload
            .filter(|o| tr.recent.0 > o.threshold)
            .map_or(1.0, |o| o.factor);
        tr.busy_units += u32::from(need);
        let busy = f64::from(tr.busy_units) / f64::from(tr.units);
        self.meter.set_level(t, Gauge::Busy(team), busy);
        self.events.schedule(
            t + handle,
            Ev::Departure {
                agent: a,
                contact: id,
            },
        )?;

        // Resolution: an expected value, unless the outcome decides where the contact
        // goes next (escalation or a repeat), which needs a draw.
        let tr = &self.teams[team];
        let r = team_m.resolution[c];
        let escalates = tr.escalate_lane[c] != NO_LANE;
        let resolved = if r < 1.0 && (escalates || channel.repeat.is_some()) {
            let u: f64 = sub_stream(self.channels[c].outcome_key, stream).random();
            if u < r { 1.0 } else { 0.0 }
        } else {
            r
        };
        let next_lane = if resolved == 0.0 && escalates {
            tr.escalate_lane[c]
        } else {
            NO_LANE
        };
        let wait = t - arrival;
        let total_wait = self.contacts[id].waited + wait;
        let satisfied = self.meter.answered(&Answer {
            at: t,
            contact: &self.contacts[id],
            team,
            wait,
            total_wait,
            handle,
            resolved,
            last_tier: next_lane == NO_LANE,
            ramp_quality,
            overworked,
        });
        let ct = &mut self.contacts[id];
        ct.state = State::InService;
        ct.resolved = resolved;
        ct.next_lane = next_lane;
        ct.waited = total_wait;
        ct.happy *= satisfied;
        self.obs.service_start(t, id, c, team, a, wait, handle);
        Ok(())
    }

    /// Agent `a` finishes contact `id`, which moves on; the agent takes more work,
    /// or leaves if its shift is over.
    pub(super) fn departure(&mut self, t: SimTime, a: u32, id: u32) -> Result<(), PastEvent> {
        let c = usize::from(self.contacts[id].channel);
        let team = usize::from(self.agents[a as usize].team);
        let tr = &mut self.teams[team];
        let need = tr.need[c];
        tr.touch_recent(t, self.model.teams[team].overload.as_ref());
        tr.busy_units -= u32::from(need);
        let busy = f64::from(tr.busy_units) / f64::from(tr.units);
        self.meter.set_level(t, Gauge::Busy(team), busy);
        let agent = &mut self.agents[a as usize];
        agent.free += need;
        agent.load -= 1;
        agent.stamp = agent.stamp.wrapping_add(1);
        self.obs.departure(t, id, c, team, a);
        self.after_service(t, id)?;
        let agent = &mut self.agents[a as usize];
        if agent.duty == Duty::Leaving {
            if agent.load == 0 {
                self.off_duty(t, a);
            }
            return Ok(());
        }
        self.seek_work(t, a)
    }

    /// Where a contact goes when its service ends: to tier 2, back later as a
    /// repeat, or out of the system (resolved or not).
    fn after_service(&mut self, t: SimTime, id: u32) -> Result<(), PastEvent> {
        let contact = &self.contacts[id];
        if contact.next_lane != NO_LANE {
            return self.escalate(t, id, contact.next_lane);
        }
        let c = usize::from(contact.channel);
        if contact.resolved > 0.0 {
            self.meter.issue_closed(t, contact);
        } else if let Some(rep) = &self.model.channels[c].repeat {
            let mut rng = sub_stream(self.channels[c].repeat_key, contact.stream);
            let comes_back = rng.random::<f64>() < rep.probability;
            let at = t + rep.delay.sample(&mut rng);
            // Arrivals stop at the horizon; so do repeats.
            if comes_back && at.0 < self.model.horizon_s {
                let ct = &mut self.contacts[id];
                ct.state = State::Away;
                ct.lane = NO_LANE;
                let generation = ct.generation;
                return self.events.schedule(
                    at,
                    Ev::Repeat {
                        contact: id,
                        generation,
                    },
                );
            }
        }
        self.meter.issue_ended(&self.contacts[id]);
        self.contacts.release(id);
        Ok(())
    }

    /// A waiting contact runs out of patience (unless this event is stale).
    pub(super) fn abandon(&mut self, t: SimTime, id: u32, generation: u32) {
        let contact = &self.contacts[id];
        if contact.generation != generation || contact.state != State::Waiting {
            return;
        }
        let (c, wait) = (usize::from(contact.channel), t - contact.arrival);
        self.set_waiting(t, c, -1);
        self.meter.abandoned(&self.contacts[id], wait);
        self.obs.abandon(t, id, c, wait);
        self.contacts.release(id);
    }

    /// A contact its team did not resolve goes to the tier-2 team of `lane`, with a
    /// fresh handle time.
    fn escalate(&mut self, t: SimTime, id: u32, lane: u16) -> Result<(), PastEvent> {
        let l = &self.lanes[usize::from(lane)];
        let (c, from) = (usize::from(l.channel), usize::from(l.from));
        self.meter.escalated(&self.contacts[id], from);
        let model = self.model;
        let contact = &mut self.contacts[id];
        contact.arrival = t;
        contact.stream += EPISODE;
        contact.lane = lane;
        contact.next_lane = NO_LANE;
        // A new wait: the patience and overflow events of the contact's wait in its
        // channel's queue must not act on it in the tier-2 lane.
        contact.generation = contact.generation.wrapping_add(1);
        contact.state = State::Waiting;
        let dist = model.teams[from]
            .escalation
            .as_ref()
            .and_then(|e| e.handle_time.as_ref())
            .unwrap_or(&model.channels[c].handle_time);
        contact.base_handle =
            dist.sample(&mut sub_stream(self.channels[c].handle_key, contact.stream));
        self.assign_escalated(t, id, lane)
    }
}
