//! The runtime tables of a replication (contacts, agents, seats, teams) and their building.
//!
//! The state is a handful of flat arrays indexed by integer ids: contacts live in a
//! slab with a free list, channel queues hold `(contact, generation)` ids, and each
//! team keeps its agents with free capacity in buckets by free capacity, each a FIFO
//! by the time the agent entered it — so "the least-loaded, longest-idle agent" is a
//! pop from the front of a deque, not a scan. Stale queue and bucket entries (a
//! contact that abandoned, an agent whose load changed) are skipped when reached.
//! Nothing is allocated per contact once the slab has grown to the peak population.

use std::collections::VecDeque;
use std::ops::{Index, IndexMut};

use rand_distr::{Distribution, Gamma};

use super::time::SimTime;
use crate::model::{Model, Overload, StaffStep, Team};
use crate::rng::{Purpose, SimRng, stream, stream_key};

/// "No lane": a contact waits in its channel's queue, or is not escalated.
pub(super) const NO_LANE: u16 = u16::MAX;

/// Where a contact is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum State {
    /// The slab slot is unused.
    Free,
    Waiting,
    InService,
    /// Unresolved; comes back as a repeat contact.
    Away,
    /// Arrived while its channel was closed; offered at the next opening.
    Held,
}

/// A customer's contact, from its first arrival to its last service.
#[derive(Debug, Clone, Copy)]
pub(super) struct Contact {
    /// Start of the current wait: arrival, repeat, or escalation.
    pub arrival: SimTime,
    /// Arrival of the customer's first contact about this issue.
    pub origin: SimTime,
    pub base_handle: f64,
    /// Time spent waiting in earlier tiers of this contact.
    pub waited: f64,
    /// Resolution of the current episode: a probability (expected value), or 0/1
    /// when the outcome steers the flow (escalation, repeats).
    pub resolved: f64,
    /// Sub-stream index of the current episode.
    pub stream: u64,
    pub generation: u32,
    pub channel: u16,
    /// Escalation lane the contact waits in (`NO_LANE`: its channel's queue).
    pub lane: u16,
    /// Lane the contact goes to when its service ends (`NO_LANE`: none).
    pub next_lane: u16,
    pub state: State,
    /// This episode arrived inside the statistics window.
    pub counted: bool,
    /// The first contact of the issue arrived inside the statistics window.
    pub origin_counted: bool,
    /// Probability that the customer was satisfied at every judged episode of the
    /// issue so far (1 before the first): the churn when it ends.
    pub happy: f64,
}

/// The contacts in the system, in slots reused through a free list; indexed by id.
#[derive(Debug, Default)]
pub(super) struct Slab {
    slots: Vec<Contact>,
    free: Vec<u32>,
    /// Contacts released so far (they left the system), for the conservation check.
    #[cfg(debug_assertions)]
    pub released: u64,
}

impl Slab {
    /// An empty slab with room for `capacity` contacts.
    pub fn with_capacity(capacity: usize) -> Self {
        Slab {
            slots: Vec::with_capacity(capacity),
            ..Slab::default()
        }
    }

    /// Stores a new contact; a reused slot keeps its generation, so events and
    /// queue entries of its previous contact stay stale.
    pub fn insert(&mut self, contact: Contact) -> u32 {
        match self.free.pop() {
            Some(id) => {
                let generation = self.slots[id as usize].generation;
                self.slots[id as usize] = Contact {
                    generation,
                    ..contact
                };
                id
            }
            None => {
                self.slots.push(contact);
                (self.slots.len() - 1) as u32
            }
        }
    }

    /// The contact leaves the system; its slot is free for reuse.
    pub fn release(&mut self, id: u32) {
        let c = &mut self.slots[id as usize];
        c.state = State::Free;
        c.generation = c.generation.wrapping_add(1);
        self.free.push(id);
        #[cfg(debug_assertions)]
        {
            self.released += 1;
        }
    }

    /// Every slot, free ones included, in id order.
    pub fn iter(&self) -> std::slice::Iter<'_, Contact> {
        self.slots.iter()
    }

    /// Number of free slots.
    #[cfg(debug_assertions)]
    pub fn free_slots(&self) -> usize {
        self.free.len()
    }
}

impl Index<u32> for Slab {
    type Output = Contact;
    #[inline]
    fn index(&self, id: u32) -> &Contact {
        &self.slots[id as usize]
    }
}

impl IndexMut<u32> for Slab {
    #[inline]
    fn index_mut(&mut self, id: u32) -> &mut Contact {
        &mut self.slots[id as usize]
    }
}

/// A waiting contact's entry in a queue (stale once the contact's generation moved on).
#[derive(Debug, Clone, Copy)]
pub(super) struct QEntry {
    pub contact: u32,
    pub generation: u32,
    pub enqueued: SimTime,
}

/// Whether an agent works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Duty {
    Off,
    On,
    /// Shift over: finishes the contacts in hand, takes no new ones.
    Leaving,
}

/// An agent slot (one per seat).
#[derive(Debug, Clone, Copy)]
pub(super) struct Agent {
    pub team: u16,
    /// Free capacity units.
    pub free: u16,
    /// Contacts in hand.
    pub load: u16,
    /// Incremented whenever `free` or duty changes: bucket entries with an older
    /// stamp are stale.
    pub stamp: u32,
    pub duty: Duty,
    /// On the learning curve: look up the seat's ramp at each service start.
    pub ramping: bool,
}

/// Who is in a seat.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) enum SeatState {
    /// Nobody (before hiring, or after a leaver).
    #[default]
    Empty,
    /// A new hire in paid training.
    Training,
    /// A trained agent.
    Ready,
}

/// One seat of a team.
#[derive(Debug, Clone, Copy)]
pub(super) struct Seat {
    pub state: SeatState,
    /// Incremented whenever the occupant changes: events with an older one are stale.
    pub generation: u32,
    /// Agents who have held the seat so far (indexes their tenure sub-streams).
    pub occupants: u32,
    /// When the agent finished training (start of the learning curve).
    pub ramp_from: SimTime,
    /// When the agent last went off duty (the longest-off agent comes on first).
    pub off_since: SimTime,
}

impl Default for Seat {
    fn default() -> Self {
        Seat {
            state: SeatState::Empty,
            generation: 0,
            occupants: 0,
            ramp_from: SimTime(f64::NEG_INFINITY),
            off_since: SimTime::ZERO,
        }
    }
}

/// A queue the team serves, with what the routing and capacity rules need.
#[derive(Debug, Clone, Copy)]
pub(super) struct Serve {
    pub channel: u16,
    /// Escalation lane served (`NO_LANE`: the channel's own queue).
    pub lane: u16,
    /// Seconds a contact waits before this team may take it (overflow).
    pub after: f64,
    pub priority: i32,
    /// Capacity units a contact of the channel uses.
    pub need: u16,
}

/// Escalated contacts of one channel from one team, waiting for its tier-2 team.
pub(super) struct Lane {
    pub channel: u16,
    /// The escalating team (whose escalation settings apply).
    pub from: u16,
    /// The tier-2 team.
    pub to: u16,
    pub queue: VecDeque<QEntry>,
}

/// A channel's arrival process, random-stream keys and queue.
pub(super) struct ChannelRt {
    pub arrivals: SimRng,
    /// Keys of the per-contact handle-time, patience, outcome and repeat sub-streams.
    pub handle_key: u64,
    pub patience_key: u64,
    pub outcome_key: u64,
    pub repeat_key: u64,
    /// Contacts arrived so far (the index of the next contact's sub-streams).
    pub arrived: u64,
    /// The forecast error's factor on each day's volume.
    pub day_factor: Vec<f64>,
    /// The rate piece the last arrival fell in.
    pub piece: usize,
    pub queue: VecDeque<QEntry>,
    /// Contacts waiting in `queue` (which also holds stale entries).
    pub waiting: u32,
}

/// A team's capacity rules, agents, seats, roster and live counts.
pub(super) struct TeamRt {
    /// Capacity units of one agent: a contact of channel `c` uses `need[c]` of them.
    pub units: u16,
    pub need: Vec<u16>,
    pub inv_prof: Vec<f64>,
    pub min_need: u16,
    /// The queues it serves, highest priority first.
    pub serve: Vec<Serve>,
    /// `buckets[u]`: agents with exactly `u` free units, FIFO by entry time.
    pub buckets: Vec<VecDeque<(u32, u32)>>,
    pub agents: std::ops::Range<u32>,
    /// Seats, one per agent slot, in the order of `agents`.
    pub seats: Vec<Seat>,
    /// Key of the per-seat tenure sub-streams.
    pub workforce_key: u64,
    /// Roster steps: (time, headcount, scheduled seats).
    pub roster: Vec<(u64, u32, u32)>,
    pub step: usize,
    /// Current headcount and scheduled seats.
    pub employed: u32,
    pub scheduled: u32,
    /// Scheduled seats held by an agent, and by a trained agent, as steps (for pay).
    pub held_steps: Vec<StaffStep>,
    pub trained_steps: Vec<StaffStep>,
    /// Per channel, the escalation lane of this team's unresolved contacts.
    pub escalate_lane: Vec<u16>,
    /// Agents on duty (available after shrinkage).
    pub on_duty: u32,
    /// Agents on duty or finishing contacts after their shift.
    pub present: u32,
    /// Capacity units in use.
    pub busy_units: u32,
    /// Exponentially weighted recent occupancy (only kept for teams with an
    /// overload effect): value and time of its last update.
    pub recent: (f64, f64),
}

impl TeamRt {
    /// Brings the recent occupancy up to `t`, before busy or present agents change.
    #[inline]
    pub fn touch_recent(&mut self, t: SimTime, overload: Option<&Overload>) {
        let Some(o) = overload else { return };
        let (ema, last) = self.recent;
        let now = if self.present > 0 {
            f64::from(self.busy_units) / f64::from(self.units) / f64::from(self.present)
        } else {
            0.0
        };
        let alpha = 1.0 - (-(t.0 - last) / o.window_s).exp();
        self.recent = (ema + alpha * (now - ema), t.0);
    }
}

/// Everything a replication starts from, built from the model.
pub(super) struct Tables {
    pub channels: Vec<ChannelRt>,
    pub teams: Vec<TeamRt>,
    pub lanes: Vec<Lane>,
    pub agents: Vec<Agent>,
}

/// Builds the tables of replication `rep` of `model` under master seed `seed`.
pub(super) fn build(model: &Model, seed: u64, rep: u64) -> Tables {
    let channels = model
        .channels
        .iter()
        .map(|c| {
            let days = c.rate.last().map_or(0, |p| p.day as usize + 1);
            // Gamma with mean 1 and CV `forecast_error`; a CV so small that its shape
            // 1/CV² overflows (5e-324 squares to 0) is the limit of no error at all.
            let shape = 1.0 / (c.forecast_error * c.forecast_error);
            let day_factor = match Gamma::new(shape, 1.0 / shape) {
                Ok(gamma) if shape.is_finite() => {
                    let mut rng = stream(seed, rep, Purpose::Forecast(&c.name));
                    (0..days).map(|_| gamma.sample(&mut rng)).collect()
                }
                _ => vec![1.0; days],
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
            }
        })
        .collect();
    let lanes = lanes(model);
    let mut agents = Vec::new();
    let teams = model
        .teams
        .iter()
        .enumerate()
        .map(|(ti, team)| team_rt(model, ti, team, &lanes, &mut agents, seed, rep))
        .collect();
    Tables {
        channels,
        teams,
        lanes,
        agents,
    }
}

/// Escalation lanes: one per (escalating team, channel it serves).
fn lanes(model: &Model) -> Vec<Lane> {
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
    lanes
}

/// Team `ti`'s table; appends its agent slots to `agents`.
fn team_rt(
    model: &Model,
    ti: usize,
    team: &Team,
    lanes: &[Lane],
    agents: &mut Vec<Agent>,
    seed: u64,
    rep: u64,
) -> TeamRt {
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
    TeamRt {
        units,
        need,
        inv_prof,
        min_need,
        serve,
        buckets: vec![VecDeque::new(); usize::from(units) + 1],
        agents: first..agents.len() as u32,
        seats: vec![Seat::default(); seats as usize],
        workforce_key: stream_key(seed, rep, Purpose::Workforce(&team.name)),
        roster: roster(team),
        step: 0,
        employed: 0,
        scheduled: 0,
        held_steps: Vec::new(),
        trained_steps: Vec::new(),
        escalate_lane,
        on_duty: 0,
        present: 0,
        busy_units: 0,
        recent: (0.0, 0.0),
    }
}

/// A team's roster steps: (time, headcount, scheduled seats) at every change of
/// either.
fn roster(team: &Team) -> Vec<(u64, u32, u32)> {
    let level = |steps: &[StaffStep], t: u64| {
        let i = steps.partition_point(|s| s.at_s <= t);
        if i == 0 { 0 } else { steps[i - 1].agents }
    };
    let mut times: Vec<u64> = team
        .headcount
        .iter()
        .chain(&team.scheduled)
        .map(|s| s.at_s)
        .chain([0])
        .collect();
    times.sort_unstable();
    times.dedup();
    times
        .into_iter()
        .map(|t| {
            let head = level(&team.headcount, t);
            (t, head, level(&team.scheduled, t).min(head))
        })
        .collect()
}

fn gcd(a: u32, b: u32) -> u32 {
    if b == 0 { a } else { gcd(b, a % b) }
}

fn lcm(a: u32, b: u32) -> u32 {
    a / gcd(a, b) * b
}
