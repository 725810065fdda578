//! Measurement: the only code that writes tallies (counts, integrals, CSAT, costs).
//!
//! The rest of the engine tells the meter what happened (a contact was offered, an
//! agent answered it, a level changed); the meter decides what that adds to which
//! tally: whether it falls in the statistics window, which reporting interval it
//! belongs to, what it is worth.

use super::level::{Clock, Level};
use super::tables::{Contact, NO_LANE, State, TeamRt};
use super::time::SimTime;
use crate::model::{Model, PaidTime, TeamKind, cost};
use crate::stats::{ChannelTally, IntervalTally, ReplicationResult, Spend, TeamTally};

/// A level whose time integral is measured: per channel or per team.
#[derive(Debug, Clone, Copy)]
pub(super) enum Gauge {
    /// Contacts waiting in a channel's queue.
    Queue(usize),
    /// A team's busy capacity, in agents.
    Busy(usize),
    /// A team's agents present (on duty or finishing after their shift).
    Present(usize),
    /// A team's agents on duty.
    Available(usize),
}

impl Gauge {
    /// This gauge's per-interval integral in interval `i`.
    #[inline(always)]
    fn bin(self, iv: &mut IntervalTally, i: usize) -> &mut f64 {
        match self {
            Gauge::Queue(c) => &mut iv.channel[i * iv.n_channels + c].queue_s,
            Gauge::Busy(k) => &mut iv.team[i * iv.n_teams + k].busy_agent_s,
            Gauge::Present(k) => &mut iv.team[i * iv.n_teams + k].present_agent_s,
            Gauge::Available(k) => &mut iv.team[i * iv.n_teams + k].available_agent_s,
        }
    }
}

/// A service start, as measurement sees it.
pub(super) struct Answer<'c> {
    /// When the service starts.
    pub at: SimTime,
    /// The contact as it waited (before the service changed it).
    pub contact: &'c Contact,
    pub team: usize,
    /// This wait, and the waits of all tiers so far (this one included), seconds.
    pub wait: f64,
    pub total_wait: f64,
    pub handle: f64,
    /// Resolution of this service (probability or outcome).
    pub resolved: f64,
    /// The contact leaves the last tier when this service ends (no escalation).
    pub last_tier: bool,
    /// The learning curve's quality factor of the agent.
    pub ramp_quality: f64,
    /// The overload factor on satisfaction (1 unless the team is overworked).
    pub overworked: f64,
}

/// The tallies of one replication being filled, and the levels being integrated.
pub(super) struct Meter<'m> {
    model: &'m Model,
    clock: Clock,
    /// Per channel.
    queue: Vec<Level>,
    /// Per team.
    busy: Vec<Level>,
    present: Vec<Level>,
    available: Vec<Level>,
    out: ReplicationResult,
}

impl<'m> Meter<'m> {
    /// Empty tallies for `model`.
    pub fn new(model: &'m Model) -> Self {
        let clock = Clock::new(
            model.warmup_s,
            model.horizon_s,
            model.interval_s,
            model.intervals(),
        );
        let (nc, nt) = (model.channels.len(), model.teams.len());
        Meter {
            model,
            clock,
            queue: vec![Level::default(); nc],
            busy: vec![Level::default(); nt],
            present: vec![Level::default(); nt],
            available: vec![Level::default(); nt],
            out: ReplicationResult {
                channels: (0..nc).map(|_| ChannelTally::new()).collect(),
                teams: (0..nt).map(|_| TeamTally::default()).collect(),
                intervals: IntervalTally::new(clock.intervals, nc, nt),
                window_s: model.window_s(),
                unstable_at_s: None,
                has_costs: model.has_costs(),
                churn: model.churn,
            },
        }
    }

    /// Whether a contact arriving at `t` is counted (arrives after the warm-up).
    #[inline]
    pub fn in_window(&self, t: SimTime) -> bool {
        t.0 >= self.clock.warmup
    }

    /// The spending of `team` in the period holding `t`: the warm-up before the
    /// statistics window, the window from then on.
    #[inline]
    fn spend(&mut self, t: SimTime, team: usize) -> &mut Spend {
        let in_window = self.in_window(t);
        let tally = &mut self.out.teams[team];
        if in_window {
            &mut tally.spend
        } else {
            &mut tally.warmup
        }
    }

    /// Integrates `gauge` up to `t`, then sets it to `value`.
    // Always inlined, like `integrate` and `Gauge::bin`: each call site names its
    // gauge, so the matches fold away and the hot path stays as fast as a
    // hand-written integral per level.
    #[inline(always)]
    pub fn set_level(&mut self, t: SimTime, gauge: Gauge, value: f64) {
        self.integrate(t, gauge).value = value;
    }

    /// Integrates `gauge`'s current value up to `t` into its window total and its
    /// interval bins: the one place a level becomes a KPI.
    #[inline(always)]
    fn integrate(&mut self, t: SimTime, gauge: Gauge) -> &mut Level {
        let out = &mut self.out;
        let (level, total) = match gauge {
            Gauge::Queue(c) => (&mut self.queue[c], &mut out.channels[c].queue_s),
            Gauge::Busy(k) => (&mut self.busy[k], &mut out.teams[k].busy_agent_s),
            Gauge::Present(k) => (&mut self.present[k], &mut out.teams[k].present_agent_s),
            Gauge::Available(k) => (&mut self.available[k], &mut out.teams[k].available_agent_s),
        };
        for (i, v) in level.advance(t.0, &mut self.clock, total) {
            *gauge.bin(&mut out.intervals, i) += v;
        }
        level
    }

    /// A contact (first or, with `repeat`, an unresolved contact that came back) is
    /// offered at `t` on its channel, which counts it as a repeat too: a repeat
    /// moved from a closed channel is a repeat of the channel that takes it.
    /// Interval counts cover the warm-up too (they are a timeline); the window
    /// totals count only contacts arriving after it.
    #[inline]
    pub fn offered(&mut self, t: SimTime, contact: &Contact, repeat: bool) {
        let c = usize::from(contact.channel);
        let i = self.clock.interval_of(t.0);
        self.out.intervals.channel[i * self.out.intervals.n_channels + c].offered += 1;
        if contact.counted {
            self.out.channels[c].offered += 1;
            self.out.channels[c].repeats += u64::from(repeat);
        }
    }

    /// A contact arrived while its channel was closed and the customer gave up: it
    /// is offered (see [`Meter::offered`]) and abandoned without waiting, and, like
    /// any abandoned episode, ends its issue dissatisfied.
    pub fn closed_lost(&mut self, contact: &Contact) {
        self.abandoned(contact, 0.0);
        if contact.counted {
            self.out.channels[usize::from(contact.channel)].closed_lost += 1;
        }
    }

    /// A contact arrived while its channel was closed and waits for the opening (it
    /// is offered at its arrival).
    pub fn held(&mut self, contact: &Contact) {
        if contact.counted {
            self.out.channels[usize::from(contact.channel)].closed_waited += 1;
        }
    }

    /// A contact arrived while its channel was closed and moves to another channel,
    /// where it is offered.
    pub fn redirected(&mut self, contact: &Contact) {
        if contact.counted {
            self.out.channels[usize::from(contact.channel)].redirected += 1;
        }
    }

    /// An agent of `a.team` started serving a contact. Returns the probability that
    /// the customer is satisfied with this episode (1 when the episode is not judged:
    /// the contact is escalated when its service ends).
    #[inline]
    pub fn answered(&mut self, a: &Answer) -> f64 {
        let contact = a.contact;
        let c = usize::from(contact.channel);
        let channel = &self.model.channels[c];
        let first_answer = contact.lane == NO_LANE;
        if first_answer {
            // Answered by the deadline `arrival + within`, a time computed exactly as
            // the engine computes every scheduled time (an overflow after `within`
            // fires at that very value). Comparing the wait `t − arrival` instead
            // would put a contact answered at the deadline one ulp outside.
            let sl = a.at <= contact.arrival + channel.sl_within_s;
            let i = self.clock.interval_of(contact.arrival.0);
            let ic = &mut self.out.intervals.channel[i * self.out.intervals.n_channels + c];
            ic.handled += 1;
            ic.within_sl += u64::from(sl);
            ic.wait_handled_s += a.wait;
            if contact.counted {
                let tally = &mut self.out.channels[c];
                tally.resolved += a.resolved;
                tally.handled += 1;
                tally.wait_handled_s += a.wait;
                tally.wait_all_s += a.wait;
                tally.handle_s += a.handle;
                tally.waited += u64::from(a.wait > 0.0);
                tally.within_sl += u64::from(sl);
                tally.record_wait(a.wait);
            }
        }
        self.spend(a.at, a.team).served += 1;
        // The customer judges the contact when it leaves the last tier: expected
        // values, not coin flips — P(satisfied) = channel baseline × quality × ramp ×
        // wait factor × (resolved or the unresolved factor) × overload factor.
        // Only what is counted needs it: this episode's CSAT, or its issue's churn.
        let satisfied = if a.last_tier && (contact.counted || contact.origin_counted) {
            let s = &channel.satisfaction;
            s.baseline
                * self.model.teams[a.team].quality
                * a.ramp_quality
                * s.wait_factor(a.total_wait, channel.sl_within_s)
                * (a.resolved + (1.0 - a.resolved) * s.unresolved)
                * a.overworked
        } else {
            1.0
        };
        if contact.counted {
            self.out.channels[c].escalated_handled += u64::from(!first_answer);
            let tt = &mut self.out.teams[a.team];
            tt.handled += 1;
            tt.handle_s += a.handle;
            tt.resolved += a.resolved;
            if a.last_tier {
                self.out.channels[c].satisfied += satisfied;
                self.out.teams[a.team].satisfied += satisfied;
            }
        }
        satisfied
    }

    /// A waiting contact gave up after waiting `wait` seconds: an abandoned episode
    /// is dissatisfied, and ends its issue.
    pub fn abandoned(&mut self, contact: &Contact, wait: f64) {
        let c = usize::from(contact.channel);
        let i = self.clock.interval_of(contact.arrival.0);
        self.out.intervals.channel[i * self.out.intervals.n_channels + c].abandoned += 1;
        if contact.counted {
            let tally = &mut self.out.channels[c];
            tally.abandoned += 1;
            tally.wait_all_s += wait;
            tally.waited += u64::from(wait > 0.0);
        }
        self.issue_unsatisfied(contact);
    }

    /// The issue of `contact` ends with an episode that left the customer
    /// dissatisfied (abandoned, or still waiting at the end).
    fn issue_unsatisfied(&mut self, contact: &Contact) {
        self.issue_ended(&Contact {
            happy: 0.0,
            ..*contact
        });
    }

    /// A contact reached the tier-2 lane of team `from`. Counted there (not when its
    /// tier-1 service starts), so every escalation is handled by tier 2 or waits for
    /// it at the end.
    pub fn escalated(&mut self, contact: &Contact, from: usize) {
        if contact.counted {
            self.out.channels[usize::from(contact.channel)].escalations += 1;
            self.out.teams[from].escalations += 1;
        }
    }

    /// A contact's last service ended at `t`, resolving its issue with the
    /// probability (or outcome) `contact.resolved`.
    pub fn issue_closed(&mut self, t: SimTime, contact: &Contact) {
        if contact.origin_counted {
            let tally = &mut self.out.channels[usize::from(contact.channel)];
            tally.resolved_issues += contact.resolved;
            tally.resolution_s += contact.resolved * (t - contact.origin);
        }
    }

    /// A customer's issue ended (resolved, unresolved and not coming back, or
    /// abandoned): the customer was dissatisfied at some episode with probability
    /// `1 − contact.happy`. Counted, like resolved issues, by the issue's first
    /// arrival.
    pub fn issue_ended(&mut self, contact: &Contact) {
        if contact.origin_counted {
            self.out.channels[usize::from(contact.channel)].dissatisfied += 1.0 - contact.happy;
        }
    }

    /// An agent joined `team` after the start (counted in the period of `t`, until
    /// the horizon).
    pub fn hired(&mut self, t: SimTime, team: usize) {
        if t.0 < self.model.horizon_s {
            self.spend(t, team).hires += 1;
        }
    }

    /// An agent of `team` left (attrition; counted in the period of `t`, until the
    /// horizon).
    pub fn left(&mut self, t: SimTime, team: usize) {
        if t.0 < self.model.horizon_s {
            self.spend(t, team).leavers += 1;
        }
    }

    /// The replication stops early at `t`: the queue grew without bound.
    pub fn stopped_early(&mut self, t: SimTime) {
        self.out.unstable_at_s = Some(t.0);
    }

    /// Integrates every level up to `t` so the window totals are complete.
    pub fn close(&mut self, t: SimTime) {
        for c in 0..self.queue.len() {
            self.integrate(t, Gauge::Queue(c));
        }
        for k in 0..self.busy.len() {
            self.integrate(t, Gauge::Busy(k));
            self.integrate(t, Gauge::Present(k));
            self.integrate(t, Gauge::Available(k));
        }
    }

    /// The finished tallies: pay and costs of the teams in each period (warm-up,
    /// statistics window), and the contacts still waiting at `end` as backlog; those
    /// have waited (so far) `end − arrival`, which enters the waiting KPIs as a
    /// censored wait.
    pub fn finish<'c>(
        mut self,
        end: SimTime,
        teams: &[TeamRt],
        contacts: impl Iterator<Item = &'c Contact>,
    ) -> ReplicationResult {
        let m = self.model;
        for ((team, tr), tally) in m.teams.iter().zip(teams).zip(&mut self.out.teams) {
            // What the plan pays for: seats held in-house (training included), the
            // hours a vendor bills (trained agents only).
            let paid_steps = match team.kind {
                TeamKind::InHouse => &tr.held_steps,
                TeamKind::Outsourced => &tr.trained_steps,
            };
            let periods = [
                (&mut tally.warmup, 0.0..m.warmup_s),
                (&mut tally.spend, m.warmup_s..m.horizon_s),
            ];
            for (spend, period) in periods {
                spend.paid_agent_s = cost::paid_agent_s(paid_steps, period.clone());
                let paid = PaidTime {
                    held: &tr.held_steps,
                    trained: &tr.trained_steps,
                    hires: spend.hires,
                    handled: spend.served,
                };
                spend.cost = cost::team_cost(team, paid, period, m.start_offset_s());
            }
        }
        for tally in &mut self.out.channels {
            tally.flush_waits();
        }
        for c in contacts {
            // Issues still open end here: a contact still waiting (held for an
            // opening included) is dissatisfied (like the backlog in CSAT), one served
            // or away is judged on the episodes so far.
            match c.state {
                State::Free => {}
                State::Waiting | State::Held => self.issue_unsatisfied(c),
                State::InService | State::Away => self.issue_ended(c),
            }
            // Held contacts wait too, for an opening after the end.
            if matches!(c.state, State::Waiting | State::Held) && c.counted {
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
}
