//! Routing, the one place a routing policy lives: who takes a contact, what a freed agent takes.
//!
//! The policy: an arriving contact goes to the first team in its channel's routing
//! order that may take it at once (no `after` delay) and has an agent with room;
//! within a team, to the least-loaded, longest-idle agent. Otherwise it waits, and
//! each later team in the order may take it from `after` seconds on. An agent with
//! room takes the waiting contact of highest priority, then the one waiting longest,
//! among the queues its team serves and the contacts eligible for it.

use super::meter::Gauge;
use super::observer::Observer;
use super::queue::{Ev, PastEvent};
use super::sim::Sim;
use super::tables::{Duty, NO_LANE, QEntry, State};
use super::time::SimTime;

impl<O: Observer> Sim<'_, O> {
    /// Serves contact `id`, just offered on channel `c`, at once if a team without an
    /// overflow delay has an agent with room; returns whether it did.
    pub(super) fn assign_arrival(
        &mut self,
        t: SimTime,
        id: u32,
        c: usize,
    ) -> Result<bool, PastEvent> {
        let model = self.model;
        for route in &model.channels[c].routing {
            if route.after_s > 0.0 {
                continue;
            }
            if let Some(agent) = self.take_agent(route.team, c) {
                self.start_service(t, id, agent)?;
                self.park(agent);
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Puts contact `id` (of `generation`) at the back of channel `c`'s queue.
    pub(super) fn enqueue(&mut self, t: SimTime, c: usize, id: u32, generation: u32) {
        self.channels[c].queue.push_back(QEntry {
            contact: id,
            generation,
            enqueued: t,
        });
        self.set_waiting(t, c, 1);
    }

    /// Schedules the moments contact `id` (of `generation`), queued on channel `c`,
    /// becomes eligible for the teams with an overflow delay.
    pub(super) fn arm_overflow(
        &mut self,
        t: SimTime,
        c: usize,
        id: u32,
        generation: u32,
    ) -> Result<(), PastEvent> {
        let model = self.model;
        for (ri, route) in model.channels[c].routing.iter().enumerate() {
            if route.after_s > 0.0 {
                let ev = Ev::Overflow {
                    contact: id,
                    generation,
                    route: ri as u16,
                };
                self.events.schedule(t + route.after_s, ev)?;
            }
        }
        Ok(())
    }

    /// Routing step `route` opens for a waiting contact (unless this event is stale).
    pub(super) fn overflow(
        &mut self,
        t: SimTime,
        id: u32,
        generation: u32,
        route: u16,
    ) -> Result<(), PastEvent> {
        let contact = &self.contacts[id];
        if contact.generation != generation || contact.state != State::Waiting {
            return Ok(());
        }
        let c = usize::from(contact.channel);
        let team = self.model.channels[c].routing[usize::from(route)].team;
        // An agent of this team with spare capacity has no other eligible work (it
        // would have taken it), so this contact goes to it directly.
        if let Some(a) = self.take_agent(team, c) {
            self.set_waiting(t, c, -1);
            self.start_service(t, id, a)?;
            self.park(a);
        }
        Ok(())
    }

    /// An escalated contact goes to an agent of the lane's tier-2 team with room, or
    /// waits in the lane.
    pub(super) fn assign_escalated(
        &mut self,
        t: SimTime,
        id: u32,
        lane: u16,
    ) -> Result<(), PastEvent> {
        let l = &self.lanes[usize::from(lane)];
        let (c, to) = (usize::from(l.channel), usize::from(l.to));
        if let Some(a) = self.take_agent(to, c) {
            self.start_service(t, id, a)?;
            self.park(a);
        } else {
            let generation = self.contacts[id].generation;
            self.lanes[usize::from(lane)].queue.push_back(QEntry {
                contact: id,
                generation,
                enqueued: t,
            });
            self.waiting_total += 1;
        }
        Ok(())
    }

    /// An agent with new spare capacity takes waiting contacts it may serve: highest
    /// priority first, then the longest-waiting; then it parks.
    pub(super) fn seek_work(&mut self, t: SimTime, a: u32) -> Result<(), PastEvent> {
        while let Some((id, lane)) = self.pick_contact(t, a) {
            if lane == NO_LANE {
                let c = usize::from(self.contacts[id].channel);
                self.set_waiting(t, c, -1);
            } else {
                self.waiting_total -= 1;
            }
            self.start_service(t, id, a)?;
        }
        self.park(a);
        Ok(())
    }

    /// Removes and returns the best eligible waiting contact for agent `a`, with the
    /// lane it waited in.
    fn pick_contact(&mut self, t: SimTime, a: u32) -> Option<(u32, u16)> {
        let agent = self.agents[a as usize];
        let tr = &self.teams[usize::from(agent.team)];
        if agent.free < tr.min_need {
            return None;
        }
        let mut best: Option<(i32, SimTime, usize, u16)> = None;
        for s in &tr.serve {
            if s.need > agent.free {
                continue;
            }
            if let Some((p, _, _, _)) = best
                && s.priority < p
            {
                break;
            }
            let c = usize::from(s.channel);
            let q = if s.lane == NO_LANE {
                &mut self.channels[c].queue
            } else {
                &mut self.lanes[usize::from(s.lane)].queue
            };
            while let Some(head) = q.front() {
                let ct = &self.contacts[head.contact];
                if ct.generation == head.generation && ct.state == State::Waiting {
                    break;
                }
                q.pop_front();
            }
            let Some(head) = q.front() else { continue };
            // Same expression as the overflow event's time, so the comparison is exact.
            if t < head.enqueued + s.after {
                continue;
            }
            if best.is_none_or(|(_, at, _, _)| head.enqueued < at) {
                best = Some((s.priority, head.enqueued, c, s.lane));
            }
        }
        let (_, _, c, lane) = best?;
        let q = if lane == NO_LANE {
            &mut self.channels[c].queue
        } else {
            &mut self.lanes[usize::from(lane)].queue
        };
        q.pop_front().map(|e| (e.contact, lane))
    }

    /// Pops the least-loaded, longest-idle agent of `team` with room for a contact
    /// of channel `c`.
    fn take_agent(&mut self, team: usize, c: usize) -> Option<u32> {
        let tr = &mut self.teams[team];
        let need = tr.need[c];
        for u in (usize::from(need)..=usize::from(tr.units)).rev() {
            while let Some((a, stamp)) = tr.buckets[u].pop_front() {
                if self.agents[a as usize].stamp == stamp {
                    return Some(a);
                }
            }
        }
        None
    }

    /// Puts an on-duty agent with spare capacity back at the end of its bucket.
    fn park(&mut self, a: u32) {
        let agent = &mut self.agents[a as usize];
        let tr = &mut self.teams[usize::from(agent.team)];
        if agent.duty != Duty::On || agent.free < tr.min_need {
            return;
        }
        agent.stamp = agent.stamp.wrapping_add(1);
        let bucket = &mut tr.buckets[usize::from(agent.free)];
        bucket.push_back((a, agent.stamp));
        // Stale entries are normally dropped when reached; compact a bucket that is
        // rarely popped so it cannot grow without bound.
        let size = (tr.agents.end - tr.agents.start) as usize;
        if bucket.len() > 2 * size + 16 {
            let agents = &self.agents;
            bucket.retain(|&(a, s)| agents[a as usize].stamp == s);
        }
    }

    /// Changes the live queue length of channel `c` by `delta`.
    pub(super) fn set_waiting(&mut self, t: SimTime, c: usize, delta: i32) {
        let ch = &mut self.channels[c];
        ch.waiting = ch.waiting.wrapping_add_signed(delta);
        self.meter
            .set_level(t, Gauge::Queue(c), f64::from(ch.waiting));
        self.waiting_total = self.waiting_total.wrapping_add_signed(delta as isize);
    }
}
