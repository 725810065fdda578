//! Hybrid tiers with derivable expectations: escalation and repeat contacts
//! conserve contacts in every replication; the share escalated and the number of
//! repeats match the resolution probabilities; resolution time and CSAT of a
//! tiered flow without waiting equal their hand computation.
//!
//! The rates are checked with a martingale argument rather than a closed-form
//! queue: a contact's resolution draw (and its repeat draw) comes from its own
//! sub-stream and is independent of everything that decided *whether and when* it
//! was served. So, summed over the services a test observes, (indicator of the
//! outcome − its probability) has mean 0 and variance Σ q(1 − q), whatever the
//! queue did; the pooled sum over replications is compared with ±3.5 standard
//! deviations (a correct engine fails such a check with probability 5·10⁻⁴).

use std::collections::HashMap;

use staffmix::engine::{Observer, SimTime, simulate};
use staffmix::stats::KpiStats;
use staffmix::stats::kpi::channel_kpis;

use crate::common::{assert_ci_excludes, assert_in_ci, model};

/// How many standard deviations a pooled martingale sum may stray from 0.
const Z: f64 = 3.5;

/// What happened to each contact since it last arrived (first contact or repeat):
/// its services in order, by team. Contact ids are reused once a contact leaves,
/// so the history restarts at each arrival.
#[derive(Default)]
struct Episodes {
    /// Per contact id: the teams that started serving it since its last arrival.
    served_by: HashMap<u32, Vec<usize>>,
    /// First answers per (team, channel).
    first_answers: HashMap<(usize, usize), u64>,
    /// Services of contacts that were already served once since they arrived
    /// (escalations), per team.
    second_services: HashMap<usize, u64>,
    /// Abandonments of contacts that had already been served (must never happen:
    /// an escalated contact does not abandon).
    abandoned_after_service: u64,
    /// Every departure (end of a service) as (time, team, channel).
    departures: Vec<(f64, usize, usize)>,
    /// How long each abandoning contact had waited since it last arrived.
    abandon_waits: Vec<f64>,
}

impl Observer for Episodes {
    fn arrival(&mut self, _: SimTime, contact: u32, _: usize) {
        self.served_by.insert(contact, Vec::new());
    }

    fn service_start(
        &mut self,
        _: SimTime,
        contact: u32,
        channel: usize,
        team: usize,
        _: u32,
        _: f64,
        _: f64,
    ) {
        let history = self.served_by.entry(contact).or_default();
        if history.is_empty() {
            *self.first_answers.entry((team, channel)).or_default() += 1;
        } else {
            *self.second_services.entry(team).or_default() += 1;
        }
        history.push(team);
    }

    fn abandon(&mut self, _: SimTime, contact: u32, _: usize, wait_s: f64) {
        self.abandon_waits.push(wait_s);
        if self.served_by.get(&contact).is_some_and(|h| !h.is_empty()) {
            self.abandoned_after_service += 1;
        }
    }

    fn departure(&mut self, t: SimTime, _: u32, channel: usize, team: usize, _: u32) {
        self.departures.push((t.0, team, channel));
    }
}

/// Tier 1 (`front`) escalates what it does not resolve to `expert`; `backup` takes
/// phone contacts that waited a minute, `expert` email contacts that waited ten
/// minutes. Phone customers abandon, email customers do not. Both queues are busy,
/// so contacts wait, overflow and abandon, and escalated contacts wait in the
/// expert's lane — the cases where an escalated contact could be mistaken for a
/// waiting first contact. No drain: the replication stops at the horizon with
/// contacts waiting in both queues and in service in both tiers.
const TIERED: &str = r#"
horizon = "2d"
drain = "0s"
[channels.phone]
volume_per_hour = 40
handle_time = { mean = "3m" }
patience = { mean = "5m" }
[channels.email]
volume_per_hour = 10
handle_time = { dist = "gamma", mean = "6m", cv = 0.5 }
[teams.front]
kind = "in_house"
agents = 2
schedule = "24/7"
skills = { phone = 1.0, email = 1.0 }
resolution = { phone = 0.7, email = 0.5 }
escalate_to = "expert"
escalation_handle_time = { mean = "4m" }
[teams.backup]
kind = "outsourced"
agents = 3
schedule = "24/7"
skills = { phone = 1.0 }
[teams.expert]
kind = "in_house"
agents = 1
schedule = "24/7"
skills = { phone = 1.0, email = 1.25 }
resolution = 0.9
[routing]
phone = ["front", { team = "backup", after = "1m" }]
email = ["front", { team = "expert", after = "10m" }]
"#;

#[test]
fn escalation_conserves_contacts_and_escalates_the_unresolved_share() {
    let m = model(TIERED);
    let (front, backup, expert) = (0, 1, 2);
    let resolution = [0.7, 0.5];
    // Per channel: escalations and services front completed, pooled over
    // replications; and front's services still in hand at the end.
    let mut escalated = [0u64; 2];
    let mut completed = [0u64; 2];
    let mut in_flight = 0;
    let (mut abandoned, mut expert_first_answers) = (0, 0);
    let (mut backlog, mut escalation_backlog) = (0, 0);
    for rep in 0..40 {
        let mut ep = Episodes::default();
        let r = simulate(&m, 21, rep, &mut ep).unwrap();
        for (c, t) in r.channels.iter().enumerate() {
            assert_eq!(
                t.offered,
                t.handled + t.abandoned + t.backlog,
                "rep {rep} channel {c}: offered = handled + abandoned + backlog"
            );
            assert_eq!(
                t.escalations,
                t.escalated_handled + t.escalation_backlog,
                "rep {rep} channel {c}: escalations = escalated_handled + escalation_backlog"
            );
            assert_eq!(t.repeats, 0);
            escalated[c] += t.escalations;
            let done = ep
                .departures
                .iter()
                .filter(|&&(_, k, ch)| k == front && ch == c)
                .count() as u64;
            completed[c] += done;
            in_flight += ep.first_answers.get(&(front, c)).copied().unwrap_or(0) - done;
        }
        assert_eq!(
            ep.abandoned_after_service, 0,
            "rep {rep}: an escalated contact abandoned (only first contacts abandon)"
        );
        // Only the expert serves a contact for the second time: escalated contacts
        // go to its lane, never to an overflow team.
        let second: u64 = ep.second_services.values().sum();
        assert_eq!(
            ep.second_services.get(&expert).copied().unwrap_or(0),
            second,
            "rep {rep}: escalated contacts served by {:?}",
            ep.second_services
        );
        let esc: u64 = r.channels.iter().map(|t| t.escalations).sum();
        let esc_handled: u64 = r.channels.iter().map(|t| t.escalated_handled).sum();
        assert_eq!(second, esc_handled, "rep {rep}: escalated services");
        // Teams: only front escalates; the expert's handled are its first answers
        // plus the escalated contacts it took; the teams together handled every
        // first answer and every escalated service.
        assert_eq!(r.teams[front].escalations, esc);
        assert_eq!(r.teams[backup].escalations + r.teams[expert].escalations, 0);
        let expert_first: u64 = (0..2)
            .map(|c| ep.first_answers.get(&(expert, c)).copied().unwrap_or(0))
            .sum();
        assert_eq!(r.teams[expert].handled, expert_first + esc_handled);
        expert_first_answers += expert_first;
        let handled: u64 = r.channels.iter().map(|t| t.handled).sum();
        let by_team: u64 = r.teams.iter().map(|t| t.handled).sum();
        assert_eq!(by_team, handled + esc_handled);
        abandoned += r.channels.iter().map(|t| t.abandoned).sum::<u64>();
        backlog += r.channels.iter().map(|t| t.backlog).sum::<u64>();
        escalation_backlog += r.channels.iter().map(|t| t.escalation_backlog).sum::<u64>();
    }
    // The case exercises what could break the counts.
    assert!(abandoned > 100, "abandonment");
    assert!(expert_first_answers > 10, "first answers by tier 2");
    assert!(backlog > 0, "first contacts waiting at the end");
    assert!(
        escalation_backlog > 0,
        "escalated contacts waiting at the end"
    );
    assert!(in_flight > 0, "tier-1 services in hand at the end");
    for c in 0..2 {
        // Each service front completes escalates with probability 1 − resolution,
        // drawn independently of how the queue got there. (A contact still in
        // front's hands at the end has not been escalated yet.)
        let q = 1.0 - resolution[c];
        let n = completed[c] as f64;
        let z = (escalated[c] as f64 - n * q) / (n * q * (1.0 - q)).sqrt();
        assert!(
            n > 1000.0 && z.abs() < Z,
            "channel {c}: {} escalations of {n} completed tier-1 services, expected share {q} (z = {z:.2})",
            escalated[c]
        );
    }
}

#[test]
fn repeats_conserve_contacts_and_come_back_at_the_derived_rate() {
    // Unresolved contacts (resolution 0.6) come back with probability 0.5 after
    // exactly 1 minute, unless that lies past the horizon. So among the services
    // that end at t with t + 1 min < horizon, each makes a repeat with probability
    // q = 0.5 × (1 − 0.6), independently of the queue: E[repeats] = q × D.
    // Customers give up after exactly 10 minutes of waiting — a repeat contact too,
    // counted from its own arrival.
    let text = r#"
horizon = "2d"
[channels.c]
volume_per_hour = 50
handle_time = { mean = "4m" }
patience = { dist = "fixed", mean = "10m" }
repeat = { probability = 0.5, delay = { dist = "fixed", mean = "1m" } }
[teams.t]
kind = "in_house"
agents = 4
schedule = "24/7"
skills = { c = 1.0 }
resolution = 0.6
"#;
    let m = model(text);
    let q = 0.5 * (1.0 - 0.6);
    let delay = 60.0;
    let (mut repeats, mut eligible) = (0u64, 0u64);
    let mut first_contacts = Vec::new();
    for rep in 0..40 {
        let mut ep = Episodes::default();
        let r = simulate(&m, 8, rep, &mut ep).unwrap();
        let t = &r.channels[0];
        assert_eq!(
            t.offered,
            t.handled + t.abandoned + t.backlog,
            "rep {rep}: repeats included, offered = handled + abandoned + backlog"
        );
        assert_eq!(
            t.escalations + t.escalated_handled + t.escalation_backlog,
            0
        );
        assert!(t.repeats > 0 && t.abandoned > 0, "rep {rep}");
        assert_eq!(ep.abandoned_after_service, 0, "rep {rep}");
        for &w in &ep.abandon_waits {
            assert!(
                (w - 600.0).abs() < 1e-9,
                "rep {rep}: a contact abandoned after {w} s, its patience is 600 s"
            );
        }
        repeats += t.repeats;
        eligible += ep
            .departures
            .iter()
            .filter(|&&(at, _, _)| at + delay < m.horizon_s)
            .count() as u64;
        first_contacts.push((t.offered - t.repeats) as f64);
    }
    let d = eligible as f64;
    let z = (repeats as f64 - q * d) / (d * q * (1.0 - q)).sqrt();
    assert!(
        z.abs() < Z,
        "{repeats} repeats after {d} eligible services, expected {} (z = {z:.2})",
        q * d
    );
    // First contacts are the Poisson arrivals alone: mean 50/h × 48 h.
    let s = KpiStats::from_values(&first_contacts).unwrap();
    assert_in_ci("first contacts", &s, 2400.0);
    // Power: an arrival rate 2 % off (or repeats counted as first contacts) fails.
    assert_ci_excludes("first contacts", &s, 2400.0 * 1.02);
}

#[test]
fn resolution_time_and_csat_of_a_tiered_flow_are_exact() {
    // Fixed handle times and ample agents: nobody waits. Front (quality 0.9)
    // resolves with probability 0.6 in 4 min; the rest go to the expert, whose
    // proficiency 0.5 makes the fixed 10 min escalation take 20 min, and who resolves
    // with probability 0.8 (an expected value: nothing follows the expert).
    let text = r#"
horizon = "3d"
drain = "1d"
[channels.c]
volume_per_hour = 30
handle_time = { dist = "fixed", mean = "4m" }
satisfaction = { unresolved = 0.25 }
[teams.front]
kind = "in_house"
agents = 20
schedule = "24/7"
skills = { c = 1.0 }
quality = 0.9
resolution = 0.6
escalate_to = "expert"
escalation_handle_time = { dist = "fixed", mean = "10m" }
[teams.expert]
kind = "in_house"
agents = 20
schedule = "24/7"
skills = { c = 0.5 }
quality = 0.7
resolution = 0.8
[routing]
c = ["front"]
"#;
    let m = model(text);
    let (h1, h2) = (240.0, 1200.0);
    for rep in 0..3 {
        let r = simulate(&m, 4, rep, &mut ()).unwrap();
        let t = &r.channels[0];
        assert_eq!(t.wait_all_s, 0.0, "nobody waits");
        assert_eq!(
            t.escalations, t.escalated_handled,
            "all escalations handled"
        );
        let (n, e) = (t.handled as f64, t.escalations as f64);
        assert!(e > 100.0 && n - e > 100.0);
        let rel = |a: f64, b: f64| (a - b).abs() <= 1e-9 * b;
        // Resolved issues: those front resolved, and 0.8 of each escalated one.
        let resolved = (n - e) + 0.8 * e;
        assert!(rel(t.resolved_issues, resolved), "rep {rep}");
        // Front resolved in h1; the expert resolved in h1 + h2 after first contact.
        let resolution_s = (n - e) * h1 + 0.8 * e * (h1 + h2);
        assert!(rel(t.resolution_s, resolution_s), "rep {rep}");
        let k: HashMap<_, _> = channel_kpis(&r, 0)
            .into_iter()
            .map(|(k, v)| (k.name(), v.value()))
            .collect();
        assert!(rel(k["resolution_time_s"], resolution_s / resolved));
        // FCR counts first contacts only: the 0/1 outcomes at front.
        assert!(rel(k["fcr"], (n - e) / n));
        // The customer judges the last tier: front's quality for contacts it
        // resolved, the expert's (with the unresolved factor) for escalated ones.
        let satisfied = (n - e) * 0.9 + e * 0.7 * (0.8 + 0.2 * 0.25);
        assert!(rel(t.satisfied, satisfied), "rep {rep}");
        assert_eq!(r.teams[1].handled as f64, e);
        assert!(rel(r.teams[1].handle_s, e * h2));
    }
}

#[test]
fn resolution_time_without_tiers_is_the_handle_time() {
    // Resolution 1, fixed handle time, no waiting: every issue is resolved exactly
    // one handle time after it arrived.
    let text = r#"
horizon = "2d"
[channels.c]
volume_per_hour = 60
handle_time = { dist = "fixed", mean = "7m" }
[teams.t]
kind = "in_house"
agents = 30
schedule = "24/7"
skills = { c = 1.0 }
"#;
    let m = model(text);
    let r = simulate(&m, 2, 0, &mut ()).unwrap();
    let t = &r.channels[0];
    assert_eq!(t.wait_all_s, 0.0);
    assert_eq!(t.resolved_issues, t.handled as f64);
    let k: HashMap<_, _> = channel_kpis(&r, 0)
        .into_iter()
        .map(|(k, v)| (k.name(), v.value()))
        .collect();
    assert!((k["resolution_time_s"] - 420.0).abs() < 1e-9 * 420.0);
}
