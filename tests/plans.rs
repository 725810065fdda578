//! Plans, sweeps, baseline and targets of a scenario file: what `parse_study` makes
//! of `[[plans]]` overrides, `[sweep]` grids, time-varying headcount, `baseline` and
//! `[targets]`.

use staffmix::model::{Bound, Model, Scope, StaffStep, Study, Team};
use staffmix::scenario;

/// Two channels, an in-house core and a vendor with shrinkage; starts on Monday
/// 23 November 2026 (Black Friday is day 4).
const BASE: &str = r#"name = "BF"
start = 2026-11-23T00:00:00
horizon = "14d"
warmup = "1d"
replications = 7
seed = 2026

[channels.chat]
volume_per_hour = 100
handle_time = { mean = "5m" }
service_level = { within = "30s", target = 0.8 }

[channels.email]
volume_per_hour = 30
handle_time = { mean = "8m" }

[[surges]]
name = "Black Friday"
from = 2026-11-27
to = 2026-11-28
multiplier = 2.0

[teams.core]
kind = "in_house"
agents = 25
schedule = "24/7"
skills = { chat = 1.0, email = 1.0 }

[teams.vendor]
kind = "outsourced"
agents = 30
schedule = "24/7"
shrinkage = 0.3
skills = { chat = 0.85, email = 0.9 }
"#;

const DAY: u64 = 86_400;

fn study(text: &str) -> Study {
    scenario::parse_study("plans.toml", text).unwrap_or_else(|e| panic!("{e}"))
}

/// [`BASE`] followed by `lines`.
fn with(lines: &str) -> Study {
    study(&format!("{BASE}{lines}"))
}

fn team<'m>(model: &'m Model, name: &str) -> &'m Team {
    model
        .teams
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no team {name}"))
}

/// Agents available after shrinkage over time, when every seat is filled.
fn available(t: &staffmix::model::Team) -> Vec<StaffStep> {
    t.scheduled
        .iter()
        .map(|s| StaffStep {
            at_s: s.at_s,
            agents: t.available(s.agents),
        })
        .collect()
}

fn steps(list: &[(u64, u32)]) -> Vec<StaffStep> {
    list.iter()
        .map(|&(at_s, agents)| StaffStep { at_s, agents })
        .collect()
}

fn names(study: &Study) -> Vec<&str> {
    study.plans.iter().map(|p| p.name.as_str()).collect()
}

#[test]
fn without_plans_the_study_is_the_base_scenario() {
    let s = study(BASE);
    assert_eq!(names(&s), ["base"]);
    assert_eq!(s.baseline, 0);
    assert!(s.targets.is_none());
    assert_eq!((s.name.as_str(), s.seed, s.replications), ("BF", 2026, 7));
}

#[test]
fn sweep_expands_the_grid_in_key_order() {
    let s = with(
        r#"
[sweep]
"teams.core.agents" = [20, 25, 30]
"teams.vendor.agents" = { from = 10, to = 40, step = 10 }
"#,
    );
    assert_eq!(s.plans.len(), 1 + 3 * 4);
    let expected: Vec<String> = [20, 25, 30]
        .iter()
        .flat_map(|c| [10, 20, 30, 40].map(move |v| format!("core.agents={c} vendor.agents={v}")))
        .collect();
    assert_eq!(
        names(&s)[1..],
        expected.iter().map(String::as_str).collect::<Vec<_>>()[..]
    );
    let p = &s.plans[6];
    assert_eq!(p.name, "core.agents=25 vendor.agents=20");
    assert_eq!(
        p.grid,
        [
            ("teams.core.agents".to_string(), 25.0),
            ("teams.vendor.agents".to_string(), 20.0)
        ]
    );
    assert_eq!(p.description, None);
    assert_eq!(team(&p.model, "core").scheduled, steps(&[(0, 25)]));
    assert_eq!(team(&p.model, "vendor").scheduled, steps(&[(0, 20)]));
    // Shrinkage 0.3 still applies to the swept headcount.
    assert_eq!(available(team(&p.model, "vendor")), steps(&[(0, 14)]));
    assert!(s.plans[0].grid.is_empty());
}

#[test]
fn sweep_ranges_with_float_steps_include_the_end() {
    let s = with(
        r#"
[sweep]
"teams.vendor.shrinkage" = { from = 0.1, to = 0.3, step = 0.1 }
"#,
    );
    assert_eq!(
        names(&s),
        [
            "base",
            "vendor.shrinkage=0.1",
            "vendor.shrinkage=0.2",
            "vendor.shrinkage=0.3"
        ]
    );
    let values: Vec<f64> = s.plans[1..].iter().map(|p| p.grid[0].1).collect();
    assert_eq!(values, [0.1, 0.2, 0.3]);
    assert_eq!(team(&s.plans[3].model, "vendor").shrinkage, 0.3);
    assert_eq!(
        available(team(&s.plans[3].model, "vendor")),
        steps(&[(0, 21)])
    );

    // A range whose end is not on a step stops before it; floats of a float field.
    let s = with(
        r#"
[sweep]
"channels.chat.volume_per_hour" = { from = 100, to = 135, step = 10 }
"surges.0.multiplier" = [1.5, 2.5]
"#,
    );
    assert_eq!(
        names(&s)[1..3],
        [
            "chat.volume_per_hour=100 surges.0.multiplier=1.5",
            "chat.volume_per_hour=100 surges.0.multiplier=2.5"
        ]
    );
    assert_eq!(s.plans.len(), 1 + 4 * 2);
    let last = &s.plans[8];
    assert_eq!(
        last.grid[0],
        ("channels.chat.volume_per_hour".into(), 130.0)
    );
    // The swept surge multiplier shows in the rate on Black Friday (day 4).
    let chat = &last.model.channels[0];
    let friday = chat
        .rate
        .iter()
        .find(|p| p.day == 4)
        .expect("a piece on day 4");
    assert!(
        (friday.per_s * 3600.0 - 130.0 * 2.5).abs() < 1e-9,
        "{friday:?}"
    );
}

#[test]
fn explicit_plans_come_before_sweep_plans() {
    let s = with(
        r#"
[[plans]]
name = "More core"
teams.core.agents = 30

[sweep]
"teams.core.agents" = [20, 21]
"#,
    );
    assert_eq!(
        names(&s),
        ["base", "More core", "core.agents=20", "core.agents=21"]
    );
}

#[test]
fn plan_overrides_agents() {
    let s = with(
        r#"
[[plans]]
name = "Vendor 60"
description = "Buy 30 more vendor agents for the whole fortnight"
teams.vendor.agents = 60
"#,
    );
    assert_eq!(names(&s), ["base", "Vendor 60"]);
    let plan = &s.plans[1];
    assert_eq!(
        plan.description.as_deref(),
        Some("Buy 30 more vendor agents for the whole fortnight")
    );
    let vendor = team(&plan.model, "vendor");
    assert_eq!(vendor.scheduled, steps(&[(0, 60)]));
    assert_eq!(available(vendor), steps(&[(0, 42)]));
    assert_eq!(vendor.shrinkage, 0.3);
    // The base is untouched.
    assert_eq!(team(s.base(), "vendor").scheduled, steps(&[(0, 30)]));
    assert_eq!(team(&plan.model, "core").scheduled, steps(&[(0, 25)]));
}

#[test]
fn plans_share_time_and_seed_with_the_base() {
    let s = with(
        r#"
[[plans]]
name = "A"
channels.chat.handle_time.mean = "6m"
demand.forecast_error = 0.2

[sweep]
"teams.core.agents" = [20, 30]
"#,
    );
    let base = s.base();
    for p in &s.plans {
        let m = &p.model;
        assert_eq!(m.start, base.start, "{}", p.name);
        assert_eq!(m.horizon_s, 14.0 * 86_400.0, "{}", p.name);
        assert_eq!(m.warmup_s, base.warmup_s, "{}", p.name);
        assert_eq!(m.drain_s, base.drain_s, "{}", p.name);
        assert_eq!(m.interval_s, base.interval_s, "{}", p.name);
        assert_eq!(m.seed, 2026, "{}", p.name);
        assert_eq!(m.replications, 7, "{}", p.name);
        assert_eq!(m.name, "BF", "{}", p.name);
        let channels: Vec<&str> = m.channels.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(channels, ["chat", "email"], "{}", p.name);
    }
    let a = &s.plans[1].model;
    assert_eq!(a.channels[0].forecast_error, 0.2);
    assert!((a.channels[0].handle_time.mean() - 360.0).abs() < 1e-9);
    assert!((base.channels[0].handle_time.mean() - 300.0).abs() < 1e-9);
}

#[test]
fn a_plan_can_add_a_team_and_change_routing() {
    let s = with(
        r#"
[[plans]]
name = "Temps"
routing.chat = ["core", { team = "temps", after = "30s" }, "vendor"]

[plans.teams.temps]
kind = "in_house"
agents = 8
schedule = { days = "mon-fri", start = "09:00", end = "17:00" }
skills = { chat = 0.7 }
"#,
    );
    let m = &s.plans[1].model;
    let teams: Vec<&str> = m.teams.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(teams, ["core", "vendor", "temps"]);
    let temps = team(m, "temps");
    // Monday 23 November 09:00–17:00.
    assert_eq!(
        temps.scheduled[..3],
        steps(&[(0, 0), (9 * 3600, 8), (17 * 3600, 0)])[..]
    );
    assert_eq!(temps.skills, [Some(0.7), None]);
    let chat: Vec<(usize, f64)> = m.channels[0]
        .routing
        .iter()
        .map(|r| (r.team, r.after_s))
        .collect();
    assert_eq!(chat, [(0, 0.0), (2, 30.0), (1, 0.0)]);
    // Email keeps its default routing: every skilled team.
    assert_eq!(m.channels[1].routing.len(), 2);
    assert_eq!(s.base().teams.len(), 2);
}

/// Seconds from the start (2026-11-23) to midnight of November `day`.
fn nov(day: u64) -> u64 {
    (day - 23) * DAY
}

#[test]
fn agents_periods_with_a_default() {
    let text = BASE.replace(
        "agents = 30\nschedule = \"24/7\"",
        "agents = [\n  { from = 2026-11-26, to = 2026-12-01, agents = 60 },\n  { agents = 30 },\n]\nschedule = \"24/7\"",
    );
    let s = study(&text);
    let vendor = team(s.base(), "vendor");
    assert_eq!(
        vendor.scheduled,
        steps(&[(0, 30), (nov(26), 60), (nov(31), 30)])
    );
    // Shrinkage 0.3: 21 and 42 available.
    assert_eq!(
        available(vendor),
        steps(&[(0, 21), (nov(26), 42), (nov(31), 21)])
    );
}

#[test]
fn agents_periods_without_a_default_mean_nobody_outside() {
    let text = BASE.replace(
        "agents = 30\nschedule = \"24/7\"",
        "agents = [\n  { from = 2026-11-27T08:00:00, to = 2026-11-28, agents = 10 },\n  { from = 2026-11-30, to = 2026-12-02, agents = 20 },\n]\nschedule = \"24/7\"",
    );
    let s = study(&text);
    let vendor = team(s.base(), "vendor");
    assert_eq!(
        vendor.scheduled,
        steps(&[
            (0, 0),
            (nov(27) + 8 * 3600, 10),
            (nov(28), 0),
            (nov(30), 20),
            (nov(32), 0)
        ])
    );
    assert_eq!(
        available(vendor),
        steps(&[
            (0, 0),
            (nov(27) + 8 * 3600, 7),
            (nov(28), 0),
            (nov(30), 14),
            (nov(32), 0)
        ])
    );
}

#[test]
fn agents_periods_multiply_opening_hours() {
    // Open 08:00–20:00 every day; 10 agents, 40 on Black Friday and the weekend.
    let text = BASE.replace(
        "agents = 30\nschedule = \"24/7\"\nshrinkage = 0.3",
        "agents = [{ agents = 10 }, { from = 2026-11-27, to = 2026-11-30, agents = 40 }]\nschedule = { start = \"08:00\", end = \"20:00\" }\nshrinkage = 0",
    );
    let s = study(&text);
    let vendor = team(s.base(), "vendor");
    let at = |t: u64| {
        let i = vendor.scheduled.partition_point(|s| s.at_s <= t);
        vendor.scheduled[i - 1].agents
    };
    let h = 3600;
    assert_eq!(at(0), 0);
    assert_eq!(at(8 * h), 10);
    assert_eq!(at(20 * h), 0);
    assert_eq!(at(nov(26) + 19 * h), 10);
    assert_eq!(at(nov(27) + 7 * h), 0);
    assert_eq!(at(nov(27) + 8 * h), 40);
    assert_eq!(at(nov(29) + 12 * h), 40);
    assert_eq!(at(nov(29) + 21 * h), 0);
    assert_eq!(at(nov(30) + 8 * h), 10);
    assert_eq!(available(vendor), vendor.scheduled);
}

#[test]
fn plan_periods_keep_the_base_headcount_outside_them() {
    // The SPEC's "Vendor surge": 30 outside the periods, 60 inside.
    let s = with(
        r#"
[[plans]]
name = "Vendor surge"
teams.vendor.agents = [ { from = 2026-11-26, to = 2026-12-01, agents = 60 } ]

[[plans]]
name = "Vendor swap"
teams.vendor.agents = [ { from = 2026-11-26, to = 2026-12-01, agents = 60 }, { agents = 10 } ]
"#,
    );
    let surge = team(&s.plans[1].model, "vendor");
    assert_eq!(
        surge.scheduled,
        steps(&[(0, 30), (nov(26), 60), (nov(31), 30)])
    );
    assert_eq!(
        available(surge),
        steps(&[(0, 21), (nov(26), 42), (nov(31), 21)])
    );
    let swap = team(&s.plans[2].model, "vendor");
    assert_eq!(
        swap.scheduled,
        steps(&[(0, 10), (nov(26), 60), (nov(31), 10)])
    );
}

#[test]
fn plan_surges_replace_the_base_surges() {
    let s = with(
        r#"
[[plans]]
name = "No surge"
surges = []

[[plans]]
name = "Cyber Monday"
[[plans.surges]]
from = 2026-11-30
to = 2026-12-01
multiplier = 3.0
channels = ["chat"]
"#,
    );
    let rate_on = |m: &Model, ch: usize, day: u32| {
        m.channels[ch]
            .rate
            .iter()
            .find(|p| p.day == day)
            .map(|p| p.per_s * 3600.0)
            .expect("a piece on that day")
    };
    let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
    let base = s.base();
    assert!(close(rate_on(base, 0, 4), 200.0));
    let none = &s.plans[1].model;
    assert!(close(rate_on(none, 0, 4), 100.0));
    assert!(
        none.channels[0]
            .rate
            .iter()
            .all(|p| close(p.per_s * 3600.0, 100.0))
    );
    let cyber = &s.plans[2].model;
    assert!(close(rate_on(cyber, 0, 4), 100.0));
    assert!(close(rate_on(cyber, 0, 7), 300.0));
    assert!(close(rate_on(cyber, 1, 7), 30.0));
}

#[test]
fn baseline_names_a_plan() {
    let plans = r#"
[[plans]]
name = "Vendor 60"
teams.vendor.agents = 60

[sweep]
"teams.core.agents" = [20, 30]
"#;
    assert_eq!(with(plans).baseline, 0);
    let s = study(&format!("baseline = \"Vendor 60\"\n{BASE}{plans}"));
    assert_eq!(s.baseline, 1);
    assert_eq!(s.plans[s.baseline].name, "Vendor 60");
    let s = study(&format!("baseline = \"core.agents=30\"\n{BASE}{plans}"));
    assert_eq!(s.baseline, 3);
    let s = study(&format!("baseline = \"base\"\n{BASE}{plans}"));
    assert_eq!(s.baseline, 0);
}

/// Waiting-time targets in `[targets]` bind each channel on its own; a channel's
/// own table overrides them; `[targets.pooled]` alone pools the channels.
#[test]
fn targets_become_bounds_on_kpis() {
    let s = with(
        r#"
[targets]
median_wait = "2m"
asa = "45s"
abandon_rate = 0.05
occupancy = 0.85

[targets.pooled]
median_wait = "5m"

[targets.channels.email]
service_level = 0.9
median_wait = "1h"

[targets.channels.chat]
abandon_rate = 0.1
asa = "20s"
"#,
    );
    let t = s.targets.expect("targets");
    assert_eq!(t.confidence, 0.9);
    let got: Vec<(Scope, &str, Bound, &str)> = t
        .list
        .iter()
        .map(|t| (t.scope, t.kpi.name(), t.bound, t.label.as_str()))
        .collect();
    use Bound::{AtLeast, AtMost};
    use Scope::{Channel, Overall, Pooled};
    assert_eq!(
        got,
        [
            (Overall, "occupancy", AtMost(0.85), "occupancy ≤ 85 %"),
            (
                Pooled,
                "wait_p50_s",
                AtMost(300.0),
                "all channels pooled: median wait ≤ 5m"
            ),
            // chat's own service-level target applies by default.
            (
                Channel(0),
                "service_level",
                AtLeast(0.8),
                "chat service level ≥ 80 % within 30s"
            ),
            (
                Channel(0),
                "wait_p50_s",
                AtMost(120.0),
                "chat median wait ≤ 2m"
            ),
            // chat's own table wins over [targets].
            (Channel(0), "asa_s", AtMost(20.0), "chat ASA ≤ 20s"),
            (
                Channel(0),
                "abandon_rate",
                AtMost(0.1),
                "chat abandon rate ≤ 10 %"
            ),
            // email has no service-level target of its own; its default within is 20 s.
            (
                Channel(1),
                "service_level",
                AtLeast(0.9),
                "email service level ≥ 90 % within 20s"
            ),
            (
                Channel(1),
                "wait_p50_s",
                AtMost(3600.0),
                "email median wait ≤ 1h"
            ),
            (Channel(1), "asa_s", AtMost(45.0), "email ASA ≤ 45s"),
            (
                Channel(1),
                "abandon_rate",
                AtMost(0.05),
                "email abandon rate ≤ 5 %"
            ),
        ]
    );
}

#[test]
fn targets_confidence_and_service_level_switch() {
    // Only the channels' own service-level targets.
    let s = with("\n[targets]\nconfidence = 0.95\n");
    let t = s.targets.expect("targets");
    assert_eq!(t.confidence, 0.95);
    assert_eq!(t.list.len(), 1);
    assert_eq!(t.list[0].scope, Scope::Channel(0));
    assert_eq!(t.list[0].bound, Bound::AtLeast(0.8));

    // `service_level = false` drops them; a channel's explicit target stays.
    let s = with(
        "\n[targets]\nservice_level = false\nmedian_wait = \"30s\"\n[targets.channels.chat]\nservice_level = 0.875\n",
    );
    let t = s.targets.expect("targets");
    let labels: Vec<&str> = t.list.iter().map(|t| t.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "chat service level ≥ 87.5 % within 30s",
            "chat median wait ≤ 30s",
            "email median wait ≤ 30s"
        ]
    );
    let s = with("\n[targets]\nservice_level = false\nmedian_wait = \"30s\"\n");
    assert_eq!(s.targets.expect("targets").list.len(), 2, "one per channel");
}

#[test]
fn the_base_model_of_a_study_file() {
    // `parse` returns the base scenario's model of a file with plans.
    let text = format!("{BASE}\n[[plans]]\nname = \"Vendor 60\"\nteams.vendor.agents = 60\n");
    let m = scenario::parse("plans.toml", &text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(team(&m, "vendor").scheduled, steps(&[(0, 30)]));
}

#[test]
fn plans_switch_between_alternative_keys() {
    let chat = BASE.replace(
        "handle_time = { mean = \"5m\" }",
        "handle_time = { dist = \"lognormal\", mean = \"5m\", cv = 0.8 }",
    );
    let s = study(&format!(
        "{chat}{}",
        r#"
[[plans]]
name = "Shifts"
teams.core.shifts = [{ start = "08:00", end = "16:00", agents = 12 }]
channels.chat.volume_per_day = 4800
channels.chat.handle_time.dist = "fixed"

[[plans]]
name = "Empirical"
channels.chat.handle_time = { dist = "empirical", values = ["4m", "6m"] }
"#
    ));
    let m = &s.plans[1].model;
    // `shifts` replaces the base's schedule and agents.
    assert_eq!(
        team(m, "core").scheduled[..3],
        steps(&[(0, 0), (8 * 3600, 12), (16 * 3600, 0)])[..]
    );
    // `volume_per_day` replaces `volume_per_hour`; `dist` drops the lognormal's cv.
    assert!((m.channels[0].rate[0].per_s * 86_400.0 - 4800.0).abs() < 1e-6);
    assert!((m.channels[0].handle_time.mean() - 300.0).abs() < 1e-9);
    let e = &s.plans[2].model;
    assert!((e.channels[0].handle_time.mean() - 300.0).abs() < 1e-9);
}
