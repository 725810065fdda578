//! What one replication measures: counters, time integrals and wait histograms.
//!
//! Tallies hold sums, never per-contact records, so memory does not grow with the
//! number of contacts. KPIs (rates, means, percentiles) are derived from them in
//! [`super::kpi`].

use hdrhistogram::Histogram;

/// Largest wait the histograms resolve (400 days, in milliseconds); longer waits
/// are recorded as this value.
const MAX_WAIT_MS: u64 = 400 * 86_400_000;

/// Everything one replication measured.
#[derive(Debug, Clone)]
pub struct ReplicationResult {
    /// Per channel, in model order.
    pub channels: Vec<ChannelTally>,
    /// Per team, in model order.
    pub teams: Vec<TeamTally>,
    /// Per reporting interval.
    pub intervals: IntervalTally,
    /// Length of the statistics window `[warmup, horizon)` in seconds.
    pub window_s: f64,
    /// Set when the replication stopped early because the queue grew without bound.
    pub unstable_at_s: Option<f64>,
    /// Whether the teams have costs (then cost KPIs are reported).
    pub has_costs: bool,
    /// What dissatisfied customers cost.
    pub churn: crate::model::Churn,
}

/// Counters of one channel over the statistics window (by arrival time).
#[derive(Debug, Clone)]
pub struct ChannelTally {
    /// Contacts that arrived.
    pub offered: u64,
    /// Contacts whose service started (answered).
    pub handled: u64,
    /// Contacts that gave up waiting.
    pub abandoned: u64,
    /// Contacts still waiting when the drain period ended.
    pub backlog: u64,
    /// Contacts that waited a positive time (handled, abandoned or still waiting).
    pub waited: u64,
    /// Handled contacts that waited no longer than the service-level threshold.
    pub within_sl: u64,
    /// Sum of waits of handled contacts, seconds.
    pub wait_handled_s: f64,
    /// Sum of time in queue of all contacts, seconds: abandoned ones until they left,
    /// backlog until the end of the drain period.
    pub wait_all_s: f64,
    /// Sum of handle times of handled contacts, seconds.
    pub handle_s: f64,
    /// Expected number of satisfied customers among the handled contacts.
    pub satisfied: f64,
    /// Expected number of handled contacts resolved at first contact.
    pub resolved: f64,
    /// Expected number of customers dissatisfied at some episode of their issue,
    /// by the issue's first arrival in the window (abandoned and still-waiting
    /// episodes are dissatisfied).
    pub dissatisfied: f64,
    /// Contacts escalated to a tier-2 team.
    pub escalations: u64,
    /// Escalated contacts whose tier-2 service started.
    pub escalated_handled: u64,
    /// Escalated contacts still waiting for tier 2 when the drain period ended.
    pub escalation_backlog: u64,
    /// Repeat contacts (unresolved contacts that came back), included in `offered`.
    pub repeats: u64,
    /// Contacts that arrived while the channel was closed and were lost, included
    /// in `offered` and `abandoned`.
    pub closed_lost: u64,
    /// Contacts that arrived while the channel was closed and waited for its
    /// opening, included in `offered`.
    pub closed_waited: u64,
    /// Contacts that arrived while the channel was closed and moved to another
    /// channel (offered there, not here).
    pub redirected: u64,
    /// Expected number of issues finally resolved (by first arrival in the window).
    pub resolved_issues: f64,
    /// Sum of their resolution times, first arrival to the end of the resolving
    /// service, seconds (weighted like `resolved_issues`).
    pub resolution_s: f64,
    /// Time integral of the number of waiting contacts over the window (contact·s).
    pub queue_s: f64,
    /// Zero waits not yet in `waits_ms` (see [`ChannelTally::record_wait`]).
    zero_waits: u64,
    /// Waits of handled contacts in milliseconds, to 2 significant digits (1 %):
    /// ample for percentiles, and small enough (≈ 30 kB) to merge per replication.
    pub waits_ms: Histogram<u64>,
}

impl ChannelTally {
    /// An empty tally.
    pub fn new() -> Self {
        ChannelTally {
            offered: 0,
            handled: 0,
            abandoned: 0,
            backlog: 0,
            waited: 0,
            within_sl: 0,
            wait_handled_s: 0.0,
            wait_all_s: 0.0,
            handle_s: 0.0,
            satisfied: 0.0,
            resolved: 0.0,
            dissatisfied: 0.0,
            escalations: 0,
            escalated_handled: 0,
            escalation_backlog: 0,
            repeats: 0,
            closed_lost: 0,
            closed_waited: 0,
            redirected: 0,
            resolved_issues: 0.0,
            resolution_s: 0.0,
            queue_s: 0.0,
            zero_waits: 0,
            waits_ms: Histogram::new_with_bounds(1, MAX_WAIT_MS, 2)
                .expect("constant histogram bounds are valid"),
        }
    }

    /// Records a handled contact's wait. Waits of zero — most contacts in a well
    /// staffed queue — are only counted here and enter the histogram in one step in
    /// [`ChannelTally::flush_waits`].
    #[inline]
    pub fn record_wait(&mut self, wait_s: f64) {
        if wait_s == 0.0 {
            self.zero_waits += 1;
            return;
        }
        let ms = (wait_s * 1000.0).round() as u64;
        self.waits_ms.saturating_record(ms.min(MAX_WAIT_MS));
    }

    /// Adds another tally's counts (e.g. to total the channels of a replication).
    ///
    /// Every field is named (no `..`), so a new field that is not merged here does
    /// not compile.
    pub fn merge(&mut self, other: &ChannelTally) {
        let ChannelTally {
            offered,
            handled,
            abandoned,
            backlog,
            waited,
            within_sl,
            wait_handled_s,
            wait_all_s,
            handle_s,
            satisfied,
            resolved,
            dissatisfied,
            escalations,
            escalated_handled,
            escalation_backlog,
            repeats,
            closed_lost,
            closed_waited,
            redirected,
            resolved_issues,
            resolution_s,
            queue_s,
            zero_waits,
            waits_ms,
        } = other;
        self.offered += offered;
        self.handled += handled;
        self.abandoned += abandoned;
        self.backlog += backlog;
        self.waited += waited;
        self.within_sl += within_sl;
        self.wait_handled_s += wait_handled_s;
        self.wait_all_s += wait_all_s;
        self.handle_s += handle_s;
        self.satisfied += satisfied;
        self.resolved += resolved;
        self.dissatisfied += dissatisfied;
        self.escalations += escalations;
        self.escalated_handled += escalated_handled;
        self.escalation_backlog += escalation_backlog;
        self.repeats += repeats;
        self.closed_lost += closed_lost;
        self.closed_waited += closed_waited;
        self.redirected += redirected;
        self.resolved_issues += resolved_issues;
        self.resolution_s += resolution_s;
        self.queue_s += queue_s;
        self.zero_waits += zero_waits;
        self.waits_ms
            .add(waits_ms)
            .expect("histograms share bounds");
    }

    /// Moves the counted zero waits into the histogram; call once recording is done.
    pub fn flush_waits(&mut self) {
        self.waits_ms.saturating_record_n(0, self.zero_waits);
        self.zero_waits = 0;
    }
}

impl Default for ChannelTally {
    fn default() -> Self {
        Self::new()
    }
}

/// Counters and time integrals of one team over the statistics window.
#[derive(Debug, Clone, Default)]
pub struct TeamTally {
    /// Contacts whose service this team started (escalated ones included).
    pub handled: u64,
    /// Of those, escalated to the team's tier 2.
    pub escalations: u64,
    /// Sum of their handle times, seconds.
    pub handle_s: f64,
    /// Expected number of satisfied customers among them.
    pub satisfied: f64,
    /// Expected number of them resolved at first contact.
    pub resolved: f64,
    /// Integral of busy capacity (in agents: a chat agent with 1 of 3 chats is ⅓ busy).
    pub busy_agent_s: f64,
    /// Integral of agents present (on duty, or finishing contacts after their shift).
    pub present_agent_s: f64,
    /// Integral of agents on duty and available (after shrinkage).
    pub available_agent_s: f64,
    /// Staffing and cost over the statistics window `[warmup, horizon)`.
    pub spend: Spend,
    /// Staffing and cost of the warm-up `[0, warmup)`: what preparing the plan
    /// cost before the statistics window.
    pub warmup: Spend,
}

/// A team's staffing and cost over one period: the warm-up or the statistics
/// window. The two periods add up to `[0, horizon)`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Spend {
    /// Agents who joined during the period (replacements and added seats; not the
    /// agents present at the start).
    pub hires: u64,
    /// Agents who left (attrition) during the period.
    pub leavers: u64,
    /// Paid agent time in the period, before shrinkage: scheduled seats held by an
    /// agent in-house (training included), the hours of trained agents a vendor
    /// bills. agent·s.
    pub paid_agent_s: f64,
    /// Contacts whose service this team started during the period (the
    /// statistics window's run on into the drain): what a per-ticket vendor bills.
    pub served: u64,
    /// The team's cost in the period.
    pub cost: crate::model::CostBreakdown,
}

impl std::ops::AddAssign for Spend {
    /// Adds every field; the destructuring names each one, so a field added but
    /// not summed here fails to compile.
    fn add_assign(&mut self, o: Spend) {
        let Spend {
            hires,
            leavers,
            paid_agent_s,
            served,
            cost,
        } = o;
        self.hires += hires;
        self.leavers += leavers;
        self.paid_agent_s += paid_agent_s;
        self.served += served;
        self.cost += cost;
    }
}

impl TeamTally {
    /// Adds another team's tally (e.g. to total the teams of a replication).
    ///
    /// Every field is named (no `..`), so a new field that is not merged here does
    /// not compile.
    pub fn merge(&mut self, other: &TeamTally) {
        let TeamTally {
            handled,
            escalations,
            handle_s,
            satisfied,
            resolved,
            busy_agent_s,
            present_agent_s,
            available_agent_s,
            spend,
            warmup,
        } = other;
        self.handled += handled;
        self.escalations += escalations;
        self.handle_s += handle_s;
        self.satisfied += satisfied;
        self.resolved += resolved;
        self.busy_agent_s += busy_agent_s;
        self.present_agent_s += present_agent_s;
        self.available_agent_s += available_agent_s;
        self.spend += *spend;
        self.warmup += *warmup;
    }
}

/// Per-interval sums; interval `i` covers `[i·interval, (i+1)·interval)`.
///
/// Contact counts are by arrival interval and include the warm-up (the intervals
/// are a timeline); levels are time integrals.
#[derive(Debug, Clone)]
pub struct IntervalTally {
    /// Number of channels (row stride of the channel arrays).
    pub n_channels: usize,
    /// Number of teams (row stride of the team arrays).
    pub n_teams: usize,
    /// `[interval][channel]` counters.
    pub channel: Vec<IntervalChannel>,
    /// `[interval][team]` integrals.
    pub team: Vec<IntervalTeam>,
}

/// Counters of one channel in one interval.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct IntervalChannel {
    /// Arrivals.
    pub offered: u64,
    /// Of those, handled.
    pub handled: u64,
    /// Of those, abandoned.
    pub abandoned: u64,
    /// Of those, handled within the service-level threshold.
    pub within_sl: u64,
    /// Sum of waits of the handled ones, seconds.
    pub wait_handled_s: f64,
    /// Integral of the queue length over the interval (contact·s).
    pub queue_s: f64,
}

/// Integrals of one team in one interval.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct IntervalTeam {
    /// Busy capacity, agent·s.
    pub busy_agent_s: f64,
    /// Agents present, agent·s.
    pub present_agent_s: f64,
    /// Agents available, agent·s.
    pub available_agent_s: f64,
}

impl IntervalChannel {
    /// Adds another interval's counters; every field is named, so a new field that is
    /// not merged here does not compile.
    fn merge(&mut self, other: &IntervalChannel) {
        let IntervalChannel {
            offered,
            handled,
            abandoned,
            within_sl,
            wait_handled_s,
            queue_s,
        } = other;
        self.offered += offered;
        self.handled += handled;
        self.abandoned += abandoned;
        self.within_sl += within_sl;
        self.wait_handled_s += wait_handled_s;
        self.queue_s += queue_s;
    }
}

impl IntervalTeam {
    /// Adds another interval's integrals; every field is named, so a new field that
    /// is not merged here does not compile.
    fn merge(&mut self, other: &IntervalTeam) {
        let IntervalTeam {
            busy_agent_s,
            present_agent_s,
            available_agent_s,
        } = other;
        self.busy_agent_s += busy_agent_s;
        self.present_agent_s += present_agent_s;
        self.available_agent_s += available_agent_s;
    }
}

impl IntervalTally {
    /// Zeroed tallies for `intervals` intervals.
    pub fn new(intervals: usize, n_channels: usize, n_teams: usize) -> Self {
        IntervalTally {
            n_channels,
            n_teams,
            channel: vec![IntervalChannel::default(); intervals * n_channels],
            team: vec![IntervalTeam::default(); intervals * n_teams],
        }
    }

    /// Number of intervals.
    pub fn len(&self) -> usize {
        self.channel.len().checked_div(self.n_channels).unwrap_or(0)
    }

    /// Whether there are no intervals.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Counters of `channel` in interval `i`.
    pub fn channel(&self, i: usize, channel: usize) -> &IntervalChannel {
        &self.channel[i * self.n_channels + channel]
    }

    /// Adds another replication's interval tallies (same shape) to these.
    pub fn add(&mut self, other: &IntervalTally) {
        let IntervalTally {
            n_channels,
            n_teams,
            channel,
            team,
        } = other;
        debug_assert_eq!((self.n_channels, self.n_teams), (*n_channels, *n_teams));
        for (a, b) in self.channel.iter_mut().zip(channel) {
            a.merge(b);
        }
        for (a, b) in self.team.iter_mut().zip(team) {
            a.merge(b);
        }
    }

    /// Integrals of `team` in interval `i`.
    pub fn team(&self, i: usize, team: usize) -> &IntervalTeam {
        &self.team[i * self.n_teams + team]
    }
}
