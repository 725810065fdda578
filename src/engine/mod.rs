//! One replication of the discrete-event simulation, single-threaded and free of I/O.
//!
//! The state is a handful of flat arrays indexed by integer ids: contacts live in a
//! slab with a free list, channel queues hold `(contact, generation)` ids, and each
//! team keeps its agents with free capacity in buckets by free capacity, each a FIFO
//! by the time the agent entered it — so "the least-loaded, longest-idle agent" is a
//! pop from the front of a deque, not a scan. Stale queue and bucket entries (a
//! contact that abandoned, an agent whose load changed) are skipped when reached.
//! Nothing is allocated per contact once the slab has grown to the peak population.
//!
//! Agents sit in seats (module `staff`): attrition, hiring, training and the learning
//! curve change who is there and how fast they work. Contacts a team does not
//! resolve either go to its tier-2 team's escalation lane or come back later as
//! repeat contacts.

mod level;
mod observer;
mod queue;
mod staff;

pub use observer::Observer;
pub use queue::{PastEvent, SimTime};

use std::collections::VecDeque;

use rand::RngExt;
use rand_distr::{Distribution, Exp1, Gamma};

use crate::model::{Model, StaffStep};
use crate::rng::{Purpose, SimRng, stream, stream_key, sub_stream};
use crate::stats::{ChannelTally, IntervalTally, ReplicationResult, TeamTally};
use level::{Clock, Level};
use queue::{Ev, EventQueue};
use staff::Seat;

/// "No lane": a contact waits in its channel's queue, or is not escalated.
const NO_LANE: u16 = u16::MAX;

/// The sub-stream index of a contact's next episode (a repeat or an escalation):
/// episodes of the same contact differ in the high bits.
const EPISODE: u64 = 1 << 40;

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
    /// Unresolved; comes back as a repeat contact.
    Away,
}

#[derive(Debug, Clone, Copy)]
struct Contact {
    /// Start of the current wait: arrival, repeat, or escalation.
    arrival: f64,
    /// Arrival of the customer's first contact about this issue.
    origin: f64,
    base_handle: f64,
    /// Time spent waiting in earlier tiers of this contact.
    waited: f64,
    /// Resolution of the current episode: a probability (expected value), or 0/1
    /// when the outcome steers the flow (escalation, repeats).
    resolved: f64,
    /// Sub-stream index of the current episode.
    stream: u64,
    generation: u32,
    channel: u16,
    /// Escalation lane the contact waits in (`NO_LANE`: its channel's queue).
    lane: u16,
    /// Lane the contact goes to when its service ends (`NO_LANE`: none).
    next_lane: u16,
    state: State,
    /// This episode arrived inside the statistics window.
    counted: bool,
    /// The first contact of the issue arrived inside the statistics window.
    origin_counted: bool,
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
    /// On the learning curve: look up the seat's ramp at each service start.
    ramping: bool,
}

/// A channel the team serves, with what the routing and capacity rules need.
#[derive(Debug, Clone, Copy)]
struct Serve {
    channel: u16,
    /// Escalation lane served (`NO_LANE`: the channel's own queue).
    lane: u16,
    after: f64,
    priority: i32,
    need: u16,
}

/// Escalated contacts of one channel from one team, waiting for its tier-2 team.
struct Lane {
    channel: u16,
    /// The escalating team (whose escalation settings apply).
    from: u16,
    /// The tier-2 team.
    to: u16,
    queue: VecDeque<QEntry>,
}

struct ChannelRt {
    arrivals: SimRng,
    /// Keys of the per-contact handle-time, patience, outcome and repeat sub-streams.
    handle_key: u64,
    patience_key: u64,
    outcome_key: u64,
    repeat_key: u64,
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
    /// Seats, one per agent slot, in the order of `agents`.
    seats: Vec<Seat>,
    /// Key of the per-seat tenure sub-streams.
    workforce_key: u64,
    /// Roster steps: (time, headcount, scheduled seats).
    roster: Vec<(u64, u32, u32)>,
    step: usize,
    /// Current headcount and scheduled seats.
    employed: u32,
    scheduled: u32,
    /// Scheduled seats held by an agent, and by a trained agent, as steps (for pay).
    held_steps: Vec<StaffStep>,
    trained_steps: Vec<StaffStep>,
    /// Per channel, the escalation lane of this team's unresolved contacts.
    escalate_lane: Vec<u16>,
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
    lanes: Vec<Lane>,
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
                    outcome_key: stream_key(seed, rep, Purpose::Outcome(&c.name)),
                    repeat_key: stream_key(seed, rep, Purpose::Repeat(&c.name)),
                    arrived: 0,
                    day_factor,
                    piece: 0,
                    queue: VecDeque::new(),
                    waiting: 0,
                    level: Level::default(),
                }
            })
            .collect();

        // Escalation lanes: one per (escalating team, channel it serves).
        let mut lanes = Vec::new();
        for (ti, team) in model.teams.iter().enumerate() {
            if let Some(e) = &team.escalation {
                for (ci, skill) in team.skills.iter().enumerate() {
                    if skill.is_some() {
                        lanes.push(Lane {
                            channel: ci as u16,
                            from: ti as u16,
                            to: e.team as u16,
                            queue: VecDeque::new(),
                        });
                    }
                }
            }
        }
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
                        lane: NO_LANE,
                        after: r.after_s,
                        priority: c.priority,
                        need: need[ci],
                    })
                })
                .collect();
            for (l, lane) in lanes.iter().enumerate() {
                if usize::from(lane.to) == ti {
                    let from = &model.teams[usize::from(lane.from)];
                    serve.push(Serve {
                        channel: lane.channel,
                        lane: l as u16,
                        after: 0.0,
                        priority: from.escalation.as_ref().map_or(0, |e| e.priority),
                        need: need[usize::from(lane.channel)],
                    });
                }
            }
            // Stable: equal priorities keep channel order, lanes after channels.
            serve.sort_by_key(|s| std::cmp::Reverse(s.priority));
            let min_need = serve.iter().map(|s| s.need).min().unwrap_or(u16::MAX);
            let escalate_lane = (0..model.channels.len())
                .map(|ci| {
                    lanes
                        .iter()
                        .position(|l| usize::from(l.from) == ti && usize::from(l.channel) == ci)
                        .map_or(NO_LANE, |l| l as u16)
                })
                .collect();
            let first = agents.len() as u32;
            let seats = team.max_seats();
            for _ in 0..seats {
                agents.push(Agent {
                    team: ti as u16,
                    free: units,
                    load: 0,
                    stamp: 0,
                    duty: Duty::Off,
                    ramping: false,
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
                seats: vec![Seat::default(); seats as usize],
                workforce_key: stream_key(seed, rep, Purpose::Workforce(&team.name)),
                roster: staff::roster(team),
                step: 0,
                employed: 0,
                scheduled: 0,
                held_steps: Vec::new(),
                trained_steps: Vec::new(),
                escalate_lane,
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
            teams: model.teams.iter().map(|_| TeamTally::default()).collect(),
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
            lanes,
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
                Ev::Seat {
                    agent,
                    generation,
                    what,
                } => self.seat_event(t, agent, generation, what)?,
                Ev::Repeat {
                    contact,
                    generation,
                } => self.repeat(t, contact, generation)?,
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
        for ((team, tr), tally) in m.teams.iter().zip(&self.teams).zip(&mut self.out.teams) {
            // What the plan pays for: seats held in-house (training included), the
            // hours a vendor bills (trained agents only).
            let paid_steps = match team.kind {
                crate::model::TeamKind::InHouse => &tr.held_steps,
                crate::model::TeamKind::Outsourced => &tr.trained_steps,
            };
            tally.paid_agent_s = crate::model::cost::paid_agent_s(paid_steps, m.horizon_s);
            let paid = crate::model::PaidTime {
                held: &tr.held_steps,
                trained: &tr.trained_steps,
                hires: tally.hires,
                handled: tally.handled_all,
            };
            tally.cost = crate::model::cost::team_cost(team, paid, m.horizon_s, m.start_offset_s());
        }
        for tally in &mut self.out.channels {
            tally.flush_waits();
        }
        for c in &self.contacts {
            if c.state == State::Waiting && c.counted {
                let tally = &mut self.out.channels[usize::from(c.channel)];
                if c.lane != NO_LANE {
                    tally.escalation_backlog += 1;
                    continue;
                }
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
        let ch = &mut self.channels[c];
        let n = ch.arrived;
        ch.arrived += 1;
        let counted = t >= self.clock.warmup;
        let id = self.new_contact(Contact {
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
        });
        self.offer(t, id)
    }

    /// An unresolved contact comes back: a new episode of the same issue.
    fn repeat(&mut self, t: f64, id: u32, generation: u32) -> Result<(), PastEvent> {
        let contact = &mut self.contacts[id as usize];
        if contact.generation != generation || contact.state != State::Away {
            return Ok(());
        }
        contact.arrival = t;
        contact.waited = 0.0;
        contact.stream += EPISODE;
        // A new wait: events and queue entries of the earlier one become stale.
        contact.generation = contact.generation.wrapping_add(1);
        contact.state = State::Waiting;
        contact.counted = t >= self.clock.warmup;
        if contact.counted {
            self.out.channels[usize::from(contact.channel)].repeats += 1;
        }
        self.offer(t, id)
    }

    /// A contact (first or repeat) is offered on its channel: draws its handle time
    /// and patience, counts it, and routes it to an agent or the queue.
    fn offer(&mut self, t: f64, id: u32) -> Result<(), PastEvent> {
        let contact = self.contacts[id as usize];
        let c = usize::from(contact.channel);
        let model = self.model;
        let channel = &model.channels[c];
        let ch = &self.channels[c];
        self.contacts[id as usize].base_handle = channel
            .handle_time
            .sample(&mut sub_stream(ch.handle_key, contact.stream));
        let patience = channel
            .patience
            .as_ref()
            .map(|p| p.sample(&mut sub_stream(ch.patience_key, contact.stream)));
        // Interval counts cover warm-up too (they are a timeline); the window totals
        // count only contacts arriving after it.
        let i = self.clock.interval_of(t);
        self.out.intervals.channel[i * self.out.intervals.n_channels + c].offered += 1;
        if contact.counted {
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
        let generation = contact.generation;
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

    /// A contact its team did not resolve goes to the tier-2 team of `lane`, with a
    /// fresh handle time.
    fn escalate(&mut self, t: f64, id: u32, lane: u16) -> Result<(), PastEvent> {
        let l = &self.lanes[usize::from(lane)];
        let (c, to, from) = (
            usize::from(l.channel),
            usize::from(l.to),
            usize::from(l.from),
        );
        // Counted when it reaches tier 2 (not when its tier-1 service starts), so
        // every escalation is handled by tier 2 or waits for it at the end.
        if self.contacts[id as usize].counted {
            self.out.channels[c].escalations += 1;
            self.out.teams[from].escalations += 1;
        }
        let model = self.model;
        let contact = &mut self.contacts[id as usize];
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
        let generation = contact.generation;
        if let Some(a) = self.take_agent(to, c) {
            self.start_service(t, id, a)?;
            self.park(a);
        } else {
            self.lanes[usize::from(lane)].queue.push_back(QEntry {
                contact: id,
                generation,
                enqueued: t,
            });
            self.waiting_total += 1;
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
        let team_m = &self.model.teams[team];
        let tr = &mut self.teams[team];
        let need = tr.need[c];
        let agent = &mut self.agents[a as usize];
        agent.free -= need;
        agent.load += 1;
        agent.stamp = agent.stamp.wrapping_add(1);
        // A new agent on the learning curve is slower and less satisfying.
        let (proficiency, quality) = if agent.ramping {
            let tenure = t - tr.seats[(a - tr.agents.start) as usize].ramp_from;
            agent.ramping = tenure < team_m.workforce.ramp_s;
            team_m.workforce.ramp(tenure)
        } else {
            (1.0, 1.0)
        };
        let channel = &self.model.channels[c];
        let stretch = 1.0 + channel.slowdown * f64::from(agent.load - 1);
        let handle = contact.base_handle * tr.inv_prof[c] * stretch / proficiency;
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
        self.events.schedule(
            t + handle,
            Ev::Departure {
                agent: a,
                contact: id,
            },
        )?;

        // Resolution: an expected value, unless the outcome decides where the contact
        // goes next (escalation or a repeat), which needs a draw.
        let r = team_m.resolution[c];
        let escalates = tr.escalate_lane[c] != NO_LANE;
        let resolved = if r < 1.0 && (escalates || channel.repeat.is_some()) {
            let u: f64 = sub_stream(self.channels[c].outcome_key, contact.stream).random();
            if u < r { 1.0 } else { 0.0 }
        } else {
            r
        };
        let next_lane = if resolved == 0.0 && escalates {
            tr.escalate_lane[c]
        } else {
            NO_LANE
        };
        let wait = t - contact.arrival;
        let ct = &mut self.contacts[id as usize];
        ct.state = State::InService;
        ct.resolved = resolved;
        ct.next_lane = next_lane;
        ct.waited += wait;
        let total_wait = ct.waited;

        let first_answer = contact.lane == NO_LANE;
        if first_answer {
            let sl = wait <= channel.sl_within_s;
            let i = self.clock.interval_of(contact.arrival);
            let ic = &mut self.out.intervals.channel[i * self.out.intervals.n_channels + c];
            ic.handled += 1;
            ic.within_sl += u64::from(sl);
            ic.wait_handled_s += wait;
            if contact.counted {
                let tally = &mut self.out.channels[c];
                tally.resolved += resolved;
                tally.handled += 1;
                tally.wait_handled_s += wait;
                tally.wait_all_s += wait;
                tally.handle_s += handle;
                tally.waited += u64::from(wait > 0.0);
                tally.within_sl += u64::from(sl);
                tally.record_wait(wait);
            }
        }
        self.out.teams[team].handled_all += 1;
        if contact.counted {
            let tally = &mut self.out.channels[c];
            tally.escalated_handled += u64::from(!first_answer);
            let tt = &mut self.out.teams[team];
            tt.handled += 1;
            tt.handle_s += handle;
            tt.resolved += resolved;
            // The customer judges the contact when it leaves the last tier: expected
            // values, not coin flips — P(satisfied) = quality × ramp × wait factor ×
            // (resolved or the unresolved factor) × overload factor.
            if next_lane == NO_LANE {
                let s = &channel.satisfaction;
                let satisfied = team_m.quality
                    * quality
                    * s.wait_factor(total_wait, channel.sl_within_s)
                    * (resolved + (1.0 - resolved) * s.unresolved)
                    * overworked;
                self.out.channels[c].satisfied += satisfied;
                self.out.teams[team].satisfied += satisfied;
            }
        }
        self.obs
            .service_start(SimTime(t), id, c, team, a, wait, handle);
        Ok(())
    }

    fn departure(&mut self, t: f64, a: u32, id: u32) -> Result<(), PastEvent> {
        let contact = self.contacts[id as usize];
        let c = usize::from(contact.channel);
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
    fn after_service(&mut self, t: f64, id: u32) -> Result<(), PastEvent> {
        let contact = self.contacts[id as usize];
        if contact.next_lane != NO_LANE {
            return self.escalate(t, id, contact.next_lane);
        }
        let c = usize::from(contact.channel);
        if contact.resolved > 0.0 {
            if contact.origin_counted {
                let tally = &mut self.out.channels[c];
                tally.resolved_issues += contact.resolved;
                tally.resolution_s += contact.resolved * (t - contact.origin);
            }
        } else if let Some(rep) = &self.model.channels[c].repeat {
            let mut rng = sub_stream(self.channels[c].repeat_key, contact.stream);
            let comes_back = rng.random::<f64>() < rep.probability;
            let at = t + rep.delay.sample(&mut rng);
            // Arrivals stop at the horizon; so do repeats.
            if comes_back && at < self.model.horizon_s {
                let ct = &mut self.contacts[id as usize];
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
        self.release_contact(id);
        Ok(())
    }

    /// An agent with new spare capacity takes waiting contacts it may serve: highest
    /// priority first, then the longest-waiting; then it parks.
    fn seek_work(&mut self, t: f64, a: u32) -> Result<(), PastEvent> {
        while let Some((id, lane)) = self.pick_contact(t, a) {
            if lane == NO_LANE {
                let c = usize::from(self.contacts[id as usize].channel);
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
    fn pick_contact(&mut self, t: f64, a: u32) -> Option<(u32, u16)> {
        let agent = self.agents[a as usize];
        let tr = &self.teams[usize::from(agent.team)];
        if agent.free < tr.min_need {
            return None;
        }
        let mut best: Option<(i32, f64, usize, u16)> = None;
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
