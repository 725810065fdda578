//! Channel opening hours: a contact that arrives while its channel is closed is never
//! answered by an agent; "lost" ones count as offered and abandoned, "wait" ones wait
//! (from their arrival) at least until the opening, and redirected ones are offered
//! on the target channel with its handle time. Expectations come from the arrival
//! rate integrated over the closed hours (Poisson thinning), checked against the
//! confidence interval of the replications; each check also shows that a model
//! ignoring the hours would fail it.

use staffmix::engine::{Observer, SimTime, simulate};
use staffmix::kpi::Kpi;
use staffmix::model::Model;
use staffmix::stats::KpiStats;

use crate::common::{PerRep, assert_ci_excludes, assert_in_ci, run_per_rep};

/// Phone open 08:00–20:00 every day (an "office" profile, so arrivals are not
/// flat), email always open; agents are ample, so nobody waits while open.
fn scenario(when_closed: &str) -> String {
    format!(
        r#"
horizon = "10d"
drain = "1d"
[demand]
intraday = "office"
[channels.phone]
volume_per_hour = 12
handle_time = {{ mean = "4m" }}
hours = {{ days = "all", start = "08:00", end = "20:00" }}
when_closed = "{when_closed}"
[channels.email]
volume_per_hour = 6
handle_time = {{ dist = "gamma", mean = "12m", cv = 0.5 }}
[teams.core]
kind = "in_house"
agents = 400
schedule = "24/7"
skills = {{ phone = 1.0, email = 1.0 }}
"#
    )
}

/// Expected arrivals of channel `c` over `[0, horizon)`, and over the part of it
/// when the channel is closed: the integrated rate (forecast error has mean 1).
fn expected_arrivals(m: &Model, c: usize) -> (f64, f64) {
    let ch = &m.channels[c];
    let hours = ch.hours.as_ref().expect("the channel has hours");
    let (mut all, mut closed) = (0.0, 0.0);
    for (i, p) in ch.rate.iter().enumerate() {
        let end = ch.rate.get(i + 1).map_or(m.horizon_s, |n| n.start_s);
        all += p.per_s * (end - p.start_s);
        let open: f64 = hours
            .open
            .iter()
            .map(|o| (o.to_s.min(end) - o.from_s.max(p.start_s)).max(0.0))
            .sum();
        closed += p.per_s * (end - p.start_s - open);
    }
    (all, closed)
}

/// Σ over closed arrivals of the time to the next opening, in expectation:
/// ∫ rate(t) · (next opening − t) dt over the closed part of `[0, horizon)`.
fn expected_closed_wait(m: &Model, c: usize) -> f64 {
    let ch = &m.channels[c];
    let hours = ch.hours.as_ref().expect("the channel has hours");
    // Integrate numerically on a 10 s grid: rates and hours change on whole minutes.
    let dt = 10.0;
    let mut sum = 0.0;
    let mut piece = 0;
    let mut t = dt / 2.0;
    while t < m.horizon_s {
        while ch.rate.get(piece + 1).is_some_and(|p| p.start_s <= t) {
            piece += 1;
        }
        if !hours.is_open(t) {
            let open = hours.next_opening(t).expect("the channel opens again");
            sum += ch.rate[piece].per_s * (open - t) * dt;
        }
        t += dt;
    }
    sum
}

fn stats(values: &[f64]) -> KpiStats {
    KpiStats::from_values(values).expect("replications")
}

/// Checks the closed-hours count `kpi` of `series` against its `expected` value,
/// and that a model ignoring the hours (a count of 0) would fail the check.
fn closed_count(series: &PerRep, kpi: Kpi, expected: f64) {
    let s = stats(&series.values(kpi).unwrap());
    assert_in_ci(kpi.name(), &s, expected);
    assert_ci_excludes(&format!("{kpi} if hours were ignored"), &s, 0.0);
}

/// Per-contact record of what the engine did with closed-hours arrivals.
#[derive(Default)]
struct Watch {
    /// Arrival time of each contact id since it last arrived, and whether its
    /// channel was closed then.
    arrived: std::collections::HashMap<u32, (f64, bool)>,
    /// Services of contacts that arrived while their channel was closed, with the
    /// arrival and service start times.
    closed_served: Vec<(f64, f64)>,
    closed: u64,
}

impl Observer for Watch {
    fn closed(&mut self, t: SimTime, contact: u32, _: usize) {
        self.closed += 1;
        self.arrived.insert(contact, (t.0, true));
    }
    fn arrival(&mut self, t: SimTime, contact: u32, _: usize) {
        self.arrived
            .entry(contact)
            .and_modify(|a| {
                if a.0 != t.0 {
                    *a = (t.0, false);
                }
            })
            .or_insert((t.0, false));
    }
    fn service_start(
        &mut self,
        t: SimTime,
        contact: u32,
        _: usize,
        _: usize,
        _: u32,
        _: f64,
        _: f64,
    ) {
        if let Some(&(at, true)) = self.arrived.get(&contact) {
            self.closed_served.push((at, t.0));
        }
    }
    fn departure(&mut self, _: SimTime, contact: u32, _: usize, _: usize, _: u32) {
        self.arrived.remove(&contact);
    }
    fn abandon(&mut self, _: SimTime, contact: u32, _: usize, _: f64) {
        self.arrived.remove(&contact);
    }
}

#[test]
fn lost_closed_hours_contacts_are_never_answered_and_count_as_abandoned() {
    let text = scenario("lost");
    let (m, r) = run_per_rep(&text, 11, 40);
    let (all, closed) = expected_arrivals(&m, 0);
    let phone = &r[0];
    closed_count(phone, Kpi::ClosedLost, closed);
    // Every contact is offered; the lost ones are abandoned and dissatisfied.
    assert_in_ci(
        "phone offered",
        &stats(&phone.values(Kpi::Offered).unwrap()),
        all,
    );
    let abandon = stats(&phone.values(Kpi::AbandonRate).unwrap());
    assert_in_ci("phone abandon rate", &abandon, closed / all);
    assert_ci_excludes("phone abandon rate if hours were ignored", &abandon, 0.0);
    let csat = stats(&phone.values(Kpi::Csat).unwrap());
    assert_in_ci("phone CSAT", &csat, 1.0 - closed / all);
    // Per replication: lost contacts are exactly the abandoned ones (nobody else
    // waits), and none is answered.
    let abandoned = phone.values(Kpi::Abandoned).unwrap();
    assert_eq!(phone.values(Kpi::ClosedLost).unwrap(), abandoned);
    // Everyone answered is answered at once and satisfied, so exactly the lost
    // customers are dissatisfied, and each churns with the default probability 0.52.
    let churned = phone.values(Kpi::Churned).unwrap();
    for (lost, churned) in abandoned.iter().zip(&churned) {
        assert!(
            (churned - 0.52 * lost).abs() < 1e-9,
            "{churned} churned of {lost} lost"
        );
    }
    assert!(churned.iter().sum::<f64>() > 0.0, "lost customers churn");
    for rep in 0..5 {
        let mut w = Watch::default();
        let res = simulate(&m, 11, rep, &mut w).expect("replication");
        assert!(w.closed_served.is_empty(), "{:?}", &w.closed_served[..1]);
        assert_eq!(res.channels[0].closed_lost, w.closed, "replication {rep}");
        assert!(w.closed > 0);
    }
}

#[test]
fn waiting_contacts_are_answered_at_the_opening_with_their_wait_from_arrival() {
    let (m, r) = run_per_rep(&scenario("wait"), 12, 40);
    let hours = m.channels[0].hours.clone().expect("hours");
    let (all, closed) = expected_arrivals(&m, 0);
    let phone = &r[0];
    closed_count(phone, Kpi::ClosedWaited, closed);
    // Ample agents answer everyone at once while open, and the held contacts at the
    // opening: the ASA is the mean time from a closed-hours arrival to the opening.
    let asa = stats(&phone.values(Kpi::Asa).unwrap());
    let expected = expected_closed_wait(&m, 0) / all;
    assert_in_ci("phone ASA", &asa, expected);
    assert_ci_excludes("phone ASA if the wait ran from the opening", &asa, 0.0);
    assert_eq!(phone.mean(Kpi::AbandonRate), Some(0.0));
    for rep in 0..5 {
        let mut w = Watch::default();
        simulate(&m, 12, rep, &mut w).expect("replication");
        assert!(w.closed_served.len() as u64 == w.closed && w.closed > 0);
        for &(at, served) in &w.closed_served {
            let open = hours.next_opening(at).expect("opens");
            assert!(
                served >= open && hours.is_open(served),
                "arrived at {at} s, served at {served} s before the opening at {open} s"
            );
        }
    }
}

#[test]
fn redirected_contacts_move_to_the_target_channel_with_its_handle_time() {
    let (m, r) = run_per_rep(&scenario("email"), 13, 40);
    let (all, closed) = expected_arrivals(&m, 0);
    let email_own = m.channels[1].mean_rate(m.horizon_s) * m.horizon_s;
    let (phone, email) = (&r[0], &r[1]);
    closed_count(phone, Kpi::Redirected, closed);
    // Offered once, on the channel that serves them.
    assert_in_ci(
        "phone offered",
        &stats(&phone.values(Kpi::Offered).unwrap()),
        all - closed,
    );
    assert_in_ci(
        "email offered",
        &stats(&email.values(Kpi::Offered).unwrap()),
        email_own + closed,
    );
    // Redirected contacts draw email's handle time (12 min), not phone's (4 min).
    let aht = stats(&email.values(Kpi::Aht).unwrap());
    assert_in_ci("email AHT", &aht, 720.0);
    let mixed = (email_own * 720.0 + closed * 240.0) / (email_own + closed);
    assert_ci_excludes("email AHT with phone handle times", &aht, mixed);
    assert_eq!(phone.mean(Kpi::AbandonRate), Some(0.0));
    assert_eq!(email.mean(Kpi::AbandonRate), Some(0.0));
}

#[test]
fn the_closed_hours_rule_does_not_change_any_contact_s_arrival() {
    // Common random numbers: the same replication has the same phone arrivals
    // whatever becomes of the closed-hours ones.
    let arrivals = |rule: &str| {
        let (_, r) = run_per_rep(&scenario(rule), 14, 8);
        let ch = &r[0];
        let sum = |k| ch.values(k).unwrap().to_vec();
        let (offered, redirected) = (sum(Kpi::Offered), sum(Kpi::Redirected));
        offered
            .iter()
            .zip(&redirected)
            .map(|(o, r)| o + r)
            .collect::<Vec<f64>>()
    };
    let lost = arrivals("lost");
    assert_eq!(lost, arrivals("wait"));
    assert_eq!(lost, arrivals("email"));
}

/// `staffmix validate` on `text` (as `name.toml`): its standard output.
fn validate(name: &str, text: &str) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(format!("{name}.toml"));
    std::fs::write(&path, text).expect("write scenario");
    let out = assert_cmd::Command::cargo_bin("staffmix")
        .expect("binary")
        .arg("validate")
        .arg(&path)
        .assert()
        .success();
    String::from_utf8_lossy(&out.get_output().stdout).replace(&*path.to_string_lossy(), "F")
}

/// Phone open 07:00–23:00 (Mon–Sun), served by a team on `schedule`; a plan
/// `late` moves the team to 06:00–23:00.
fn coverage(schedule: &str) -> String {
    format!(
        r#"horizon = "14d"
[channels.phone]
volume_per_hour = 30
handle_time = {{ mean = "4m" }}
hours = {{ days = "mon-sun", start = "07:00", end = "23:00" }}
when_closed = "lost"
[teams.core]
kind = "in_house"
agents = 8
schedule = {schedule}
skills = {{ phone = 1.0 }}
[[plans]]
name = "late"
teams.core.schedule = {{ start = "06:00", end = "23:00" }}
"#
    )
}

#[test]
fn validate_warns_where_a_channel_is_open_with_no_team_on_duty() {
    let out = validate("gap", &coverage(r#"{ start = "08:00", end = "22:00" }"#));
    assert!(
        out.contains(
            "warning: channels.phone.hours: phone is open 07:00–08:00 and 22:00–23:00 on \
             mon–sun while no team serves it"
        ),
        "{out}"
    );
    // Located at the key, with the fix; the plan that covers the hours is named.
    assert!(out.contains("--> F:5:9\n"), "{out}");
    assert!(out.contains("(in plans base)"), "{out}");
    assert!(
        out.contains("= help: open phone only while a team serves it, extend the schedule of a team that serves it (core)"),
        "{out}"
    );
    // Covered all the time: no warning.
    let out = validate(
        "covered",
        &coverage(r#"{ start = "07:00", end = "23:00" }"#),
    );
    assert!(!out.contains("warning"), "{out}");
    // Weekends only: the gap is named on those days.
    let out = validate(
        "weekdays",
        &coverage(r#"{ days = "mon-fri", start = "07:00", end = "23:00" }"#),
    );
    assert!(
        out.contains("phone is open 07:00–23:00 on sat,sun while no team serves it"),
        "{out}"
    );
}

#[test]
fn an_always_open_channel_with_nobody_on_duty_at_night_is_warned_by_validate_and_run() {
    // The issue's Black Friday trap: phone open around the clock (no `hours`) but
    // served only by a 07:00–23:00 team, so every night-time caller waits or hangs up.
    let text = coverage(r#"{ start = "07:00", end = "23:00" }"#)
        .replace("hours = { days = \"mon-sun\", start = \"07:00\", end = \"23:00\" }\n", "")
        .replace("when_closed = \"lost\"\n", "")
        .replace("[[plans]]\nname = \"late\"\nteams.core.schedule = { start = \"06:00\", end = \"23:00\" }\n", "");
    let out = validate("always", &text);
    assert!(
        out.contains(
            "warning: channels.phone: phone is open 00:00–07:00 and 23:00–24:00 on mon–sun \
             while no team serves it"
        ),
        "{out}"
    );
    assert!(out.contains("= help: give phone opening hours"), "{out}");
    // `run` says so too, on stderr, before simulating.
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("always.toml");
    std::fs::write(&path, &text).expect("write scenario");
    let run = assert_cmd::Command::cargo_bin("staffmix")
        .expect("binary")
        .args(["run", "--reps", "2", "--no-charts", "--out"])
        .arg(dir.path().join("out"))
        .arg(&path)
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&run.get_output().stderr);
    assert!(
        stderr.contains("phone is open 00:00–07:00 and 23:00–24:00"),
        "{stderr}"
    );
    // A team on duty around the clock covers it: no warning.
    let covered = text.replace(
        r#"schedule = { start = "07:00", end = "23:00" }"#,
        r#"schedule = "24/7""#,
    );
    assert!(!validate("covered", &covered).contains("warning"));
}

#[test]
fn a_repeat_moved_from_a_closed_channel_is_a_repeat_of_the_channel_that_takes_it() {
    // Phone opens 08:00–19:00 and moves closed-hours contacts to email. Every phone
    // contact is answered at once, unresolved, and comes back exactly 12 h 1 min
    // after it arrived: always while phone is closed, so every repeat is offered on
    // email (which has no repeats of its own). Arrivals stop after two days, so
    // every repeat falls inside the horizon.
    let text = r#"
start = 2026-01-05T00:00:00
horizon = "3d"
[[surges]]
from = 2026-01-07T00:00:00
to = 2026-01-08T00:00:00
multiplier = 0
[channels.phone]
volume_per_hour = 20
handle_time = { dist = "fixed", mean = "1m" }
hours = { start = "08:00", end = "19:00" }
when_closed = "email"
repeat = { probability = 1.0, delay = { dist = "fixed", mean = "12h" } }
[channels.email]
volume_per_hour = 2
handle_time = { dist = "fixed", mean = "1m" }
[teams.core]
kind = "in_house"
agents = 200
schedule = "24/7"
skills = { phone = 1.0, email = 1.0 }
resolution = 0.0
"#;
    let m = staffmix::scenario::parse("repeats.toml", text).unwrap_or_else(|e| panic!("{e}"));
    for rep in 0..3 {
        let r = simulate(&m, 5, rep, &mut ()).expect("replication");
        let (phone, email) = (&r.channels[0], &r.channels[1]);
        assert!(
            phone.handled > 100,
            "rep {rep}: {} phone contacts",
            phone.handled
        );
        assert_eq!(phone.handled, phone.offered, "rep {rep}: nobody waits");
        // Repeats are part of the offered contacts of the channel that takes them.
        assert_eq!(phone.repeats, 0, "rep {rep}");
        assert_eq!(email.repeats, phone.handled, "rep {rep}");
        // Each repeat was moved from phone: counted there as redirected.
        assert!(phone.redirected >= email.repeats, "rep {rep}");
    }
}

#[test]
fn a_target_that_closed_hours_losses_rule_out_is_named_instead_of_add_capacity() {
    // Phone is open 07:00–23:00 and loses what arrives at night: a third of a flat
    // day's calls, offered and abandoned whatever the staffing.
    let text = |when: &str, bound: f64| {
        coverage(r#""24/7""#).replace("when_closed = \"lost\"", &format!("when_closed = {when}"))
            + &format!("[targets]\nabandon_rate = {bound}\nservice_level = false\n")
    };
    let study = staffmix::scenario::parse_study("t.toml", &text("\"lost\"", 0.2)).unwrap();
    let share = staffmix::model::lost_share(study.base(), staffmix::model::Scope::Channel(0));
    assert!((share - 1.0 / 3.0).abs() < 1e-9, "{share}");
    let u = staffmix::model::unreachable(&study).expect("unreachable");
    assert_eq!(u.limit_kind, staffmix::model::Limit::LostWhileClosed);
    assert!((u.limit - 1.0 / 3.0).abs() < 1e-9, "{u:?}");

    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("lost.toml");
    std::fs::write(&path, text("\"lost\"", 0.2)).expect("write scenario");
    let out = dir.path().join("out");
    let run = assert_cmd::Command::cargo_bin("staffmix")
        .expect("binary")
        .args(["run", "--reps", "4", "--no-charts", "--out"])
        .arg(&out)
        .arg(&path)
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&run.get_output().stdout);
    assert!(
        stdout.contains("cannot be met by adding agents: phone's contacts that arrive while the channel is closed are lost"),
        "{stdout}"
    );
    assert!(!stdout.contains("add capacity"), "{stdout}");
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["recommendation"]["code"], "lost_while_closed");
    assert_eq!(
        summary["recommendation"]["binding_target"]["label"],
        "phone abandon rate ≤ 20 %"
    );
    // Power: a bound above the lost share, or contacts that wait for the opening,
    // can be met by staffing.
    for ok in [text("\"lost\"", 0.4), text("\"wait\"", 0.2)] {
        let study = staffmix::scenario::parse_study("t.toml", &ok).unwrap();
        assert_eq!(staffmix::model::unreachable(&study), None);
    }
}
