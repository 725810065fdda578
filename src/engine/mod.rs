//! One replication of the discrete-event simulation, single-threaded and free of I/O.
//!
//! The state is a handful of flat arrays indexed by integer ids: contacts live in a
//! slab with a free list, channel queues hold `(contact, generation)` ids, and each
//! team keeps its agents with free capacity in buckets by free capacity, each a FIFO
//! by the time the agent entered it — so "the least-loaded, longest-idle agent" is a
//! pop from the front of a deque, not a scan. Stale queue and bucket entries (a
//! contact that abandoned, an agent whose load changed) are skipped when reached.
//! Nothing is allocated per contact once the slab has grown to the peak population.

mod level;
mod observer;
mod queue;

pub use observer::Observer;
pub use queue::{PastEvent, SimTime};

use std::collections::VecDeque;

use rand_distr::{Distribution, Exp1, Gamma};

use crate::model::Model;
use crate::rng::{Purpose, SimRng, stream, stream_key, sub_stream};
use crate::stats::{ChannelTally, IntervalTally, ReplicationResult, TeamTally};
use level::{Clock, Level};
use queue::{Ev, EventQueue};

/// A replication stops early (with a warning in the results) once this many
/// contacts are waiting: the scenario is overloaded and the queue grows without bound.
pub const MAX_WAITING: usize = 2_000_000;

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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Free,
    Waiting,
    InService,
}

#[derive(Debug, Clone, Copy)]
struct Contact {
    arrival: f64,
    base_handle: f64,
    generation: u32,
    channel: u16,
    state: State,
    /// Arrived inside the statistics window.
    counted: bool,
}

#[derive(Debug, Clone, Copy)]
struct QEntry {
    contact: u32,
    generation: u32,
    enqueued: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Duty {
    Off,
    On,
    /// Shift over: finishes the contacts in hand, takes no new ones.
    Leaving,
}

#[derive(Debug, Clone, Copy)]
struct Agent {
    team: u16,
    free: u16,
    load: u16,
    /// Incremented whenever `free` or duty changes: bucket entries with an older
    /// stamp are stale.
    stamp: u32,
    duty: Duty,
}

/// A channel the team serves, with what the routing and capacity rules need.
#[derive(Debug, Clone, Copy)]
struct Serve {
    channel: u16,
    after: f64,
    priority: i32,
    need: u16,
}

struct ChannelRt {
    arrivals: SimRng,
    /// Keys of the per-contact handle-time and patience sub-streams.
    handle_key: u64,
    patience_key: u64,
    /// Contacts arrived so far (the index of the next contact's sub-streams).
    arrived: u64,
    day_factor: Vec<f64>,
    piece: usize,
    queue: VecDeque<QEntry>,
    waiting: u32,
    level: Level,
}

struct TeamRt {
    /// Capacity units of one agent: a contact of channel `c` uses `need[c]` of them.
    units: u16,
    need: Vec<u16>,
    inv_prof: Vec<f64>,
    min_need: u16,
    serve: Vec<Serve>,
    /// `buckets[u]`: agents with exactly `u` free units, FIFO by entry time.
    buckets: Vec<VecDeque<(u32, u32)>>,
    agents: std::ops::Range<u32>,
    step: usize,
    on_duty: u32,
    present: u32,
    busy_units: u32,
    busy: Level,
    present_level: Level,
    available: Level,
    /// Exponentially weighted recent occupancy (only kept for teams with an
    /// overload effect): value and time of its last update.
    recent: (f64, f64),
}

impl TeamRt {
    /// Brings the recent occupancy up to `t`, before busy or present agents change.
    #[inline]
    fn touch_recent(&mut self, t: f64, overload: Option<&crate::model::Overload>) {
        let Some(o) = overload else { return };
        let (ema, last) = self.recent;
        let now = if self.present_level.value > 0.0 {
            self.busy.value / self.present_level.value
        } else {
            0.0
        };
        let alpha = 1.0 - (-(t - last) / o.window_s).exp();
        self.recent = (ema + alpha * (now - ema), t);
    }
}

struct Sim<'m, O> {
    model: &'m Model,
    obs: &'m mut O,
    clock: Clock,
    events: EventQueue,
    contacts: Vec<Contact>,
    free_contacts: Vec<u32>,
    agents: Vec<Agent>,
    channels: Vec<ChannelRt>,
    teams: Vec<TeamRt>,
    waiting_total: usize,
    out: ReplicationResult,
}

impl<'m, O: Observer> Sim<'m, O> {
    fn new(model: &'m Model, seed: u64, rep: u64, obs: &'m mut O) -> Self {
        let clock = Clock::new(
            model.warmup_s,
            model.horizon_s,
            model.interval_s,
            model.intervals(),
        );
        let channels = model
            .channels
            .iter()
            .map(|c| {
                let days = c.rate.last().map_or(0, |p| p.day as usize + 1);
                let day_factor = if c.forecast_error > 0.0 {
                    let shape = 1.0 / (c.forecast_error * c.forecast_error);
                    let gamma = Gamma::new(shape, 1.0 / shape).expect("validated forecast error");
                    let mut rng = stream(seed, rep, Purpose::Forecast(&c.name));
                    (0..days).map(|_| gamma.sample(&mut rng)).collect()
                } else {
                    vec![1.0; days]
                };
                ChannelRt {
                    arrivals: stream(seed, rep, Purpose::Arrivals(&c.name)),
                    handle_key: stream_key(seed, rep, Purpose::Handle(&c.name)),
                    patience_key: stream_key(seed, rep, Purpose::Patience(&c.name)),
                    arrived: 0,
                    day_factor,
                    piece: 0,
                    queue: VecDeque::new(),
                    waiting: 0,
                    level: Level::default(),
                }
            })
            .collect();

        let mut agents = Vec::new();
        let mut teams = Vec::with_capacity(model.teams.len());
        for (ti, team) in model.teams.iter().enumerate() {
            // One agent's capacity in units: the lcm of the concurrencies it serves,
            // so a contact of channel c uses units / concurrency(c) of them.
            let units = team
                .skills
                .iter()
                .zip(&model.channels)
                .filter(|(s, _)| s.is_some())
                .fold(1u32, |acc, (_, c)| lcm(acc, c.concurrency)) as u16;
            let need: Vec<u16> = model
                .channels
                .iter()
                .map(|c| (u32::from(units) / c.concurrency) as u16)
                .collect();
            let inv_prof = team
                .skills
                .iter()
                .map(|s| s.map_or(0.0, |p| 1.0 / p))
                .collect();
            let mut serve: Vec<Serve> = model
                .channels
                .iter()
                .enumerate()
                .filter_map(|(ci, c)| {
                    let r = c.routing.iter().find(|r| r.team == ti)?;
                    Some(Serve {
                        channel: ci as u16,
                        after: r.after_s,
                        priority: c.priority,
                        need: need[ci],
                    })
                })
                .collect();
            serve.sort_by_key(|s| std::cmp::Reverse(s.priority));
            let min_need = serve.iter().map(|s| s.need).min().unwrap_or(u16::MAX);
            let first = agents.len() as u32;
            for _ in 0..team.max_agents() {
                agents.push(Agent {
                    team: ti as u16,
                    free: units,
                    load: 0,
                    stamp: 0,
                    duty: Duty::Off,
                });
            }
            teams.push(TeamRt {
                units,
                need,
                inv_prof,
                min_need,
                serve,
                buckets: vec![VecDeque::new(); usize::from(units) + 1],
                agents: first..agents.len() as u32,
                step: 0,
                on_duty: 0,
                present: 0,
                busy_units: 0,
                busy: Level::default(),
                present_level: Level::default(),
                available: Level::default(),
                recent: (0.0, 0.0),
            });
        }

        let out = ReplicationResult {
            channels: model.channels.iter().map(|_| ChannelTally::new()).collect(),
            teams: model
                .teams
                .iter()
                .map(|t| TeamTally {
                    paid_agent_s: crate::model::cost::paid_agent_s(&t.scheduled, model.horizon_s),
                    ..TeamTally::default()
                })
                .collect(),
            intervals: IntervalTally::new(clock.intervals, model.channels.len(), model.teams.len()),
            window_s: model.window_s(),
            unstable_at_s: None,
            has_costs: model.has_costs(),
            churn: model.churn,
        };
        Sim {
            model,
            obs,
            clock,
            events: EventQueue::new(model.channels.len()),
            contacts: Vec::with_capacity(1024),
            free_contacts: Vec::new(),
            agents,
            channels,
            teams,
            waiting_total: 0,
            out,
        }
    }

    /// Processes events until the end of the drain period (or until the queue
    /// overflows); returns the time the replication stopped.
    fn run(&mut self) -> Result<f64, PastEvent> {
        for t in 0..self.teams.len() {
            self.staff_change(0.0, t)?;
        }
        for c in 0..self.channels.len() {
            if let Some(at) = self.next_arrival(c, 0.0) {
                self.events.schedule_arrival(at, c as u16)?;
            }
        }
        let end = self.model.horizon_s + self.model.drain_s;
        while let Some((t, ev)) = self.events.pop() {
            if t > end {
                break;
            }
            match ev {
                Ev::Arrival { channel } => self.arrival(t, usize::from(channel))?,
                Ev::Departure { agent, contact } => self.departure(t, agent, contact)?,
                Ev::Abandon {
                    contact,
                    generation,
                } => self.abandon(t, contact, generation),
                Ev::Overflow {
                    contact,
                    generation,
                    route,
                } => self.overflow(t, contact, generation, route)?,
                Ev::Staff { team } => self.staff_change(t, usize::from(team))?,
            }
            if self.waiting_total > MAX_WAITING {
                self.out.unstable_at_s = Some(t);
                break;
            }
        }
        let stop = self.out.unstable_at_s.unwrap_or(end);
        self.close_levels(stop);
        Ok(stop)
    }

    /// Counts the contacts still waiting at `end` as backlog; they have waited (so
    /// far) `end − arrival`, which enters the waiting KPIs as a censored wait.
    fn finish(mut self, end: f64) -> ReplicationResult {
        let m = self.model;
        for (team, tally) in m.teams.iter().zip(&mut self.out.teams) {
            tally.cost = crate::model::cost::team_cost(
                &team.pay,
                &team.scheduled,
                m.horizon_s,
                m.start_offset_s(),
                tally.handled_all,
            );
        }
        for tally in &mut self.out.channels {
            tally.flush_waits();
        }
        for c in &self.contacts {
            if c.state == State::Waiting && c.counted {
                let tally = &mut self.out.channels[usize::from(c.channel)];
                tally.backlog += 1;
                tally.waited += u64::from(end > c.arrival);
                tally.wait_all_s += end - c.arrival;
            }
        }
        self.out
    }

    /// Next arrival after `from` by inverting the integrated rate piece by piece
    /// (exact for a piecewise-constant rate; no time step).
    fn next_arrival(&mut self, c: usize, from: f64) -> Option<f64> {
        let pieces = &self.model.channels[c].rate;
        let ch = &mut self.channels[c];
        let mut mass: f64 = Exp1.sample(&mut ch.arrivals);
        let mut t = from;
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
                    return Some(t + dt);
                }
                mass -= rate * (end - t);
            }
            t = end;
            i += 1;
        }
    }

    fn arrival(&mut self, t: f64, c: usize) -> Result<(), PastEvent> {
        if let Some(next) = self.next_arrival(c, t) {
            self.events.schedule_arrival(next, c as u16)?;
        }
        let model = self.model;
        let channel = &model.channels[c];
        let ch = &mut self.channels[c];
        let n = ch.arrived;
        ch.arrived += 1;
        let base_handle = channel
            .handle_time
            .sample(&mut sub_stream(ch.handle_key, n));
        let patience = channel
            .patience
            .as_ref()
            .map(|p| p.sample(&mut sub_stream(ch.patience_key, n)));
        let counted = t >= self.clock.warmup;
        let id = self.new_contact(Contact {
            arrival: t,
            base_handle,
            generation: 0,
            channel: c as u16,
            state: State::Waiting,
            counted,
        });
        // Interval counts cover warm-up too (they are a timeline); the window totals
        // count only contacts arriving after it.
        let i = self.clock.interval_of(t);
        self.out.intervals.channel[i * self.out.intervals.n_channels + c].offered += 1;
        if counted {
            self.out.channels[c].offered += 1;
        }
        self.obs.arrival(SimTime(t), id, c);

        for route in &channel.routing {
            if route.after_s > 0.0 {
                continue;
            }
            if let Some(agent) = self.take_agent(route.team, c) {
                self.start_service(t, id, agent)?;
                self.park(agent);
                return Ok(());
            }
        }
        // Nobody free: queue, and arm the patience clock and the overflow steps.
        let generation = self.contacts[id as usize].generation;
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
        for (ri, route) in channel.routing.iter().enumerate() {
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

    fn new_contact(&mut self, contact: Contact) -> u32 {
        match self.free_contacts.pop() {
            Some(id) => {
                let generation = self.contacts[id as usize].generation;
                self.contacts[id as usize] = Contact {
                    generation,
                    ..contact
                };
                id
            }
            None => {
                self.contacts.push(contact);
                (self.contacts.len() - 1) as u32
            }
        }
    }

    fn release_contact(&mut self, id: u32) {
        let c = &mut self.contacts[id as usize];
        c.state = State::Free;
        c.generation = c.generation.wrapping_add(1);
        self.free_contacts.push(id);
    }

    fn enqueue(&mut self, t: f64, c: usize, id: u32, generation: u32) {
        self.channels[c].queue.push_back(QEntry {
            contact: id,
            generation,
            enqueued: t,
        });
        self.set_waiting(t, c, 1);
    }

    /// Changes the live queue length of channel `c` by `delta`, integrating first.
    fn set_waiting(&mut self, t: f64, c: usize, delta: i32) {
        let ch = &mut self.channels[c];
        ch.waiting = ch.waiting.wrapping_add_signed(delta);
        let n = self.out.intervals.n_channels;
        let bins = &mut self.out.intervals.channel;
        ch.level.set(
            t,
            f64::from(ch.waiting),
            &self.clock,
            &mut self.out.channels[c].queue_s,
            |i, v| bins[i * n + c].queue_s += v,
        );
        self.waiting_total = self.waiting_total.wrapping_add_signed(delta as isize);
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

    fn start_service(&mut self, t: f64, id: u32, a: u32) -> Result<(), PastEvent> {
        let contact = self.contacts[id as usize];
        let c = usize::from(contact.channel);
        let team = usize::from(self.agents[a as usize].team);
        let tr = &mut self.teams[team];
        let need = tr.need[c];
        let agent = &mut self.agents[a as usize];
        agent.free -= need;
        agent.load += 1;
        agent.stamp = agent.stamp.wrapping_add(1);
        let channel = &self.model.channels[c];
        let stretch = 1.0 + channel.slowdown * f64::from(agent.load - 1);
        let handle = contact.base_handle * tr.inv_prof[c] * stretch;
        let team_m = &self.model.teams[team];
        tr.touch_recent(t, team_m.overload.as_ref());
        let overworked = team_m
            .overload
            .filter(|o| tr.recent.0 > o.threshold)
            .map_or(1.0, |o| o.factor);
        tr.busy_units += u32::from(need);
        let busy = f64::from(tr.busy_units) / f64::from(tr.units);
        let n_teams = self.out.intervals.n_teams;
        let bins = &mut self.out.intervals.team;
        tr.busy.set(
            t,
            busy,
            &self.clock,
            &mut self.out.teams[team].busy_agent_s,
            |i, v| bins[i * n_teams + team].busy_agent_s += v,
        );
        self.contacts[id as usize].state = State::InService;
        self.events.schedule(
            t + handle,
            Ev::Departure {
                agent: a,
                contact: id,
            },
        )?;

        let wait = t - contact.arrival;
        let sl = wait <= channel.sl_within_s;
        let i = self.clock.interval_of(contact.arrival);
        let ic = &mut self.out.intervals.channel[i * self.out.intervals.n_channels + c];
        ic.handled += 1;
        ic.within_sl += u64::from(sl);
        ic.wait_handled_s += wait;
        self.out.teams[team].handled_all += 1;
        if contact.counted {
            // Expected values, not coin flips: P(satisfied) = quality × wait factor ×
            // (resolved or the unresolved factor) × overload factor.
            let s = &channel.satisfaction;
            let r = team_m.resolution;
            let satisfied = team_m.quality
                * s.wait_factor(wait, channel.sl_within_s)
                * (r + (1.0 - r) * s.unresolved)
                * overworked;
            let tally = &mut self.out.channels[c];
            tally.satisfied += satisfied;
            tally.resolved += r;
            tally.handled += 1;
            tally.wait_handled_s += wait;
            tally.wait_all_s += wait;
            tally.handle_s += handle;
            tally.waited += u64::from(wait > 0.0);
            tally.within_sl += u64::from(sl);
            tally.record_wait(wait);
            let tt = &mut self.out.teams[team];
            tt.handled += 1;
            tt.handle_s += handle;
            tt.satisfied += satisfied;
            tt.resolved += r;
        }
        self.obs
            .service_start(SimTime(t), id, c, team, a, wait, handle);
        Ok(())
    }

    fn departure(&mut self, t: f64, a: u32, id: u32) -> Result<(), PastEvent> {
        let c = usize::from(self.contacts[id as usize].channel);
        self.release_contact(id);
        let team = usize::from(self.agents[a as usize].team);
        let tr = &mut self.teams[team];
        let need = tr.need[c];
        tr.touch_recent(t, self.model.teams[team].overload.as_ref());
        tr.busy_units -= u32::from(need);
        let busy = f64::from(tr.busy_units) / f64::from(tr.units);
        let n_teams = self.out.intervals.n_teams;
        let bins = &mut self.out.intervals.team;
        tr.busy.set(
            t,
            busy,
            &self.clock,
            &mut self.out.teams[team].busy_agent_s,
            |i, v| bins[i * n_teams + team].busy_agent_s += v,
        );
        let agent = &mut self.agents[a as usize];
        agent.free += need;
        agent.load -= 1;
        agent.stamp = agent.stamp.wrapping_add(1);
        self.obs.departure(SimTime(t), id, c, team, a);
        if agent.duty == Duty::Leaving {
            if agent.load == 0 {
                agent.duty = Duty::Off;
                self.set_present(t, team, -1);
            }
            return Ok(());
        }
        self.seek_work(t, a)
    }

    /// An agent with new spare capacity takes waiting contacts it may serve: highest
    /// channel priority first, then the longest-waiting; then it parks.
    fn seek_work(&mut self, t: f64, a: u32) -> Result<(), PastEvent> {
        while let Some(id) = self.pick_contact(t, a) {
            let c = usize::from(self.contacts[id as usize].channel);
            self.set_waiting(t, c, -1);
            self.start_service(t, id, a)?;
        }
        self.park(a);
        Ok(())
    }

    /// Removes and returns the best eligible waiting contact for agent `a`.
    fn pick_contact(&mut self, t: f64, a: u32) -> Option<u32> {
        let agent = self.agents[a as usize];
        let tr = &self.teams[usize::from(agent.team)];
        if agent.free < tr.min_need {
            return None;
        }
        let mut best: Option<(i32, f64, usize)> = None;
        for s in &tr.serve {
            if s.need > agent.free {
                continue;
            }
            if let Some((p, _, _)) = best
                && s.priority < p
            {
                break;
            }
            let c = usize::from(s.channel);
            let q = &mut self.channels[c].queue;
            while let Some(head) = q.front() {
                let ct = &self.contacts[head.contact as usize];
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
            if best.is_none_or(|(_, at, _)| head.enqueued < at) {
                best = Some((s.priority, head.enqueued, c));
            }
        }
        let (_, _, c) = best?;
        self.channels[c].queue.pop_front().map(|e| e.contact)
    }

    fn abandon(&mut self, t: f64, id: u32, generation: u32) {
        let contact = self.contacts[id as usize];
        if contact.generation != generation || contact.state != State::Waiting {
            return;
        }
        let c = usize::from(contact.channel);
        self.set_waiting(t, c, -1);
        let wait = t - contact.arrival;
        let i = self.clock.interval_of(contact.arrival);
        self.out.intervals.channel[i * self.out.intervals.n_channels + c].abandoned += 1;
        if contact.counted {
            let tally = &mut self.out.channels[c];
            tally.abandoned += 1;
            tally.wait_all_s += wait;
            tally.waited += u64::from(wait > 0.0);
        }
        self.obs.abandon(SimTime(t), id, c, wait);
        self.release_contact(id);
    }

    fn overflow(&mut self, t: f64, id: u32, generation: u32, route: u16) -> Result<(), PastEvent> {
        let contact = self.contacts[id as usize];
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

    /// Moves a team to its staffing step valid at `t` and schedules the next step.
    fn staff_change(&mut self, t: f64, team: usize) -> Result<(), PastEvent> {
        let steps = &self.model.teams[team].staffing;
        let step = self.teams[team].step;
        let Some(target) = steps.get(step).map(|s| s.agents) else {
            return Ok(());
        };
        if let Some(next) = steps.get(step + 1) {
            self.events
                .schedule(next.at_s as f64, Ev::Staff { team: team as u16 })?;
        }
        self.teams[team].step += 1;
        let range = self.teams[team].agents.clone();
        let on = self.teams[team].on_duty;
        if target > on {
            let mut add = target - on;
            // Agents finishing after their shift stay on first, then fresh ones start.
            for duty in [Duty::Leaving, Duty::Off] {
                for a in range.clone() {
                    if add == 0 {
                        break;
                    }
                    if self.agents[a as usize].duty != duty {
                        continue;
                    }
                    self.agents[a as usize].duty = Duty::On;
                    add -= 1;
                    if duty == Duty::Off {
                        self.set_present(t, team, 1);
                    }
                    self.set_on_duty(t, team, 1);
                    self.seek_work(t, a)?;
                }
            }
        } else if target < on {
            // Send home the least-loaded agents; busy ones finish their contacts.
            let mut on_duty: Vec<u32> = range
                .filter(|&a| self.agents[a as usize].duty == Duty::On)
                .collect();
            on_duty.sort_by_key(|&a| self.agents[a as usize].load);
            for &a in &on_duty[..(on - target) as usize] {
                let agent = &mut self.agents[a as usize];
                agent.stamp = agent.stamp.wrapping_add(1);
                if agent.load == 0 {
                    agent.duty = Duty::Off;
                    self.set_present(t, team, -1);
                } else {
                    agent.duty = Duty::Leaving;
                }
                self.set_on_duty(t, team, -1);
            }
        }
        self.obs
            .staffing(SimTime(t), team, self.teams[team].on_duty);
        Ok(())
    }

    fn set_present(&mut self, t: f64, team: usize, delta: i32) {
        let tr = &mut self.teams[team];
        tr.touch_recent(t, self.model.teams[team].overload.as_ref());
        tr.present = tr.present.wrapping_add_signed(delta);
        let n = self.out.intervals.n_teams;
        let bins = &mut self.out.intervals.team;
        tr.present_level.set(
            t,
            f64::from(tr.present),
            &self.clock,
            &mut self.out.teams[team].present_agent_s,
            |i, v| bins[i * n + team].present_agent_s += v,
        );
    }

    fn set_on_duty(&mut self, t: f64, team: usize, delta: i32) {
        let tr = &mut self.teams[team];
        tr.on_duty = tr.on_duty.wrapping_add_signed(delta);
        let n = self.out.intervals.n_teams;
        let bins = &mut self.out.intervals.team;
        tr.available.set(
            t,
            f64::from(tr.on_duty),
            &self.clock,
            &mut self.out.teams[team].available_agent_s,
            |i, v| bins[i * n + team].available_agent_s += v,
        );
    }

    /// Integrates every level up to `t` so the window totals are complete.
    fn close_levels(&mut self, t: f64) {
        let (nc, nt) = (self.out.intervals.n_channels, self.out.intervals.n_teams);
        for (c, ch) in self.channels.iter_mut().enumerate() {
            let bins = &mut self.out.intervals.channel;
            ch.level
                .advance(t, &self.clock, &mut self.out.channels[c].queue_s, |i, v| {
                    bins[i * nc + c].queue_s += v
                });
        }
        for (k, tr) in self.teams.iter_mut().enumerate() {
            let tally = &mut self.out.teams[k];
            let bins = &mut self.out.intervals.team;
            tr.busy
                .advance(t, &self.clock, &mut tally.busy_agent_s, |i, v| {
                    bins[i * nt + k].busy_agent_s += v
                });
            tr.present_level
                .advance(t, &self.clock, &mut tally.present_agent_s, |i, v| {
                    bins[i * nt + k].present_agent_s += v
                });
            tr.available
                .advance(t, &self.clock, &mut tally.available_agent_s, |i, v| {
                    bins[i * nt + k].available_agent_s += v
                });
        }
    }
}

fn gcd(a: u32, b: u32) -> u32 {
    if b == 0 { a } else { gcd(b, a % b) }
}

fn lcm(a: u32, b: u32) -> u32 {
    a / gcd(a, b) * b
}
