//! CSAT and churn follow the documented formula on constructed waits.

use staffmix::engine::{Observer, SimTime, simulate};
use staffmix::model::Satisfaction;

use crate::common::model;

#[test]
fn wait_factor_matches_the_documented_curve() {
    let s = Satisfaction {
        half_life_s: 60.0,
        floor: 0.2,
        baseline: 1.0,
        unresolved: 0.5,
    };
    assert_eq!(s.wait_factor(0.0, 20.0), 1.0);
    assert_eq!(s.wait_factor(20.0, 20.0), 1.0);
    // One half-life late: halfway from 1 to the floor.
    assert!((s.wait_factor(80.0, 20.0) - 0.6).abs() < 1e-12);
    // Two half-lives: a quarter of the distance left.
    assert!((s.wait_factor(140.0, 20.0) - (0.2 + 0.8 * 0.25)).abs() < 1e-12);
    assert!((s.wait_factor(1e9, 20.0) - 0.2).abs() < 1e-12);
}

/// Records every handled contact's wait.
#[derive(Default)]
struct Waits(Vec<f64>);

impl Observer for Waits {
    fn service_start(
        &mut self,
        _: SimTime,
        _: u32,
        _: usize,
        _: usize,
        _: u32,
        wait_s: f64,
        _: f64,
    ) {
        self.0.push(wait_s);
    }
}

#[test]
fn csat_is_the_expected_value_of_the_formula_over_handled_contacts() {
    // One busy agent so many contacts wait past the 30 s threshold, customers with
    // patience (abandoned ones are dissatisfied), no warm-up.
    let text = r#"
horizon = "1d"
drain = "0s"
[demand]
churn_if_dissatisfied = 0.4
customer_value = 250
[channels.c]
volume_per_hour = 11
handle_time = { mean = "5m" }
patience = { mean = "10m" }
service_level = { within = "30s" }
satisfaction = { half_life = "2m", floor = 0.1, baseline = 0.95, unresolved = 0.3 }
[teams.t]
kind = "in_house"
agents = 1
schedule = "24/7"
skills = { c = 1.0 }
quality = 0.9
resolution = 0.7
"#;
    let m = model(text);
    let mut w = Waits::default();
    let r = simulate(&m, 5, 0, &mut w).unwrap();
    let s = m.channels[0].satisfaction;
    let expected: f64 =
        w.0.iter()
            .map(|&x| 0.95 * 0.9 * s.wait_factor(x, 30.0) * (0.7 + 0.3 * 0.3))
            .sum();
    let t = &r.channels[0];
    assert_eq!(t.handled as usize, w.0.len());
    assert!(
        t.abandoned > 0 && w.0.iter().any(|&x| x > 30.0),
        "the case must exercise the curve"
    );
    assert!((t.satisfied - expected).abs() < 1e-9 * expected);
    let k: std::collections::HashMap<_, _> = staffmix::stats::kpi::channel_kpis(&r, 0)
        .into_iter()
        .map(|(k, v)| (k.name(), v.value()))
        .collect();
    let offered = t.offered as f64;
    assert!((k["csat"] - expected / offered).abs() < 1e-12);
    assert!((k["fcr"] - 0.7).abs() < 1e-12);
    let dissatisfied = offered - expected;
    assert!((k["churned"] - 0.4 * dissatisfied).abs() < 1e-9);
    assert!((k["churn_cost"] - 250.0 * 0.4 * dissatisfied).abs() < 1e-6);
}

#[test]
fn overload_lowers_satisfaction_only_when_agents_are_overworked() {
    let base = r#"
horizon = "2d"
[channels.c]
volume_per_hour = VOLUME
handle_time = { mean = "5m" }
service_level = { within = "1h" }
[teams.t]
kind = "in_house"
agents = 10
schedule = "24/7"
skills = { c = 1.0 }
overload = { threshold = 0.8, factor = 0.5, window = "30m" }
"#;
    let csat = |volume: &str| {
        let m = model(&base.replace("VOLUME", volume));
        let r = simulate(&m, 1, 0, &mut ()).unwrap();
        r.channels[0].satisfied / r.channels[0].handled as f64
    };
    // At 30 % load agents are never overworked and waits stay under the threshold.
    assert_eq!(csat("36"), 1.0);
    // At 95 % load the recent occupancy is above 0.8 most of the time.
    let busy = csat("114");
    assert!(
        (0.5 - 1e-12..0.75).contains(&busy),
        "csat at 95 % load: {busy}"
    );
}

/// Churn KPIs of channel 0 of one replication of `text`, by name, with its tally.
fn churn_of(text: &str, rep: u64) -> (staffmix::stats::ChannelTally, f64, f64) {
    let m = model(text);
    let r = simulate(&m, 3, rep, &mut ()).unwrap();
    let k = staffmix::stats::kpi::channel_kpis(&r, 0);
    let get = |kpi| staffmix::stats::kpi::value(&k, kpi).unwrap();
    (
        r.channels[0].clone(),
        get(staffmix::kpi::Kpi::Dissatisfied),
        get(staffmix::kpi::Kpi::Churned),
    )
}

#[test]
fn a_customer_whose_issue_keeps_coming_back_churns_once() {
    // Every episode is unresolved and dissatisfies (unresolved factor 0), and every
    // unresolved contact comes back until the horizon: each customer churns with
    // probability exactly 0.4, however many contacts the issue made.
    let text = r#"
horizon = "1d"
[demand]
churn_if_dissatisfied = 0.4
[channels.c]
volume_per_hour = 30
handle_time = { mean = "4m" }
repeat = { probability = 1.0, delay = { mean = "1h" } }
satisfaction = { unresolved = 0.0 }
[teams.t]
kind = "in_house"
agents = 10
schedule = "24/7"
skills = { c = 1.0 }
resolution = 0.0
"#;
    for rep in 0..5 {
        let (t, dissatisfied, churned) = churn_of(text, rep);
        let issues = (t.offered - t.repeats) as f64;
        assert_eq!(dissatisfied, issues, "rep {rep}");
        assert!((churned - 0.4 * issues).abs() < 1e-9, "rep {rep}");
        // Power: issues come back many times, so churn per contact is far off.
        assert!(
            t.repeats as f64 > issues,
            "rep {rep}: {} repeats",
            t.repeats
        );
        assert!(0.4 * t.offered as f64 > 2.0 * churned);
    }
}

#[test]
fn an_issue_of_two_episodes_churns_with_one_minus_the_product_of_satisfactions() {
    // Contacts arrive in the first hour only and are answered at once by team "a"
    // (on duty 00:00–01:30), unresolved; each comes back exactly 2 h after its
    // service, is answered at once by team "b" (02:00–06:00), unresolved again, and
    // its next repeat would fall after the 4 h horizon. So every issue has exactly
    // two judged episodes, s1 = 0.9 × 0.8 and s2 = 0.7 × 0.8, and its customer
    // churns with probability 0.5 × (1 − s1·s2).
    let text = r#"
horizon = "4h"
[demand]
churn_if_dissatisfied = 0.5
[[surges]]
from = 2026-01-05T01:00:00
to = 2026-01-05T04:00:00
multiplier = 0
[channels.c]
volume_per_hour = 40
handle_time = { dist = "fixed", mean = "1m" }
repeat = { probability = 1.0, delay = { dist = "fixed", mean = "2h" } }
satisfaction = { unresolved = 0.8 }
[teams.a]
kind = "in_house"
agents = 30
schedule = { start = "00:00", end = "01:30" }
skills = { c = 1.0 }
quality = 0.9
resolution = 0.0
[teams.b]
kind = "in_house"
agents = 30
schedule = { start = "02:00", end = "06:00" }
skills = { c = 1.0 }
quality = 0.7
resolution = 0.0
"#;
    let (s1, s2) = (0.9 * 0.8, 0.7 * 0.8);
    for rep in 0..5 {
        let (t, dissatisfied, churned) = churn_of(text, rep);
        let issues = t.repeats as f64;
        assert!(issues > 10.0, "rep {rep}");
        assert_eq!(
            t.offered,
            2 * t.repeats,
            "rep {rep}: two episodes per issue"
        );
        assert_eq!(t.wait_all_s, 0.0, "rep {rep}: nobody waits");
        assert!((dissatisfied - issues * (1.0 - s1 * s2)).abs() < 1e-9);
        assert!((churned - 0.5 * issues * (1.0 - s1 * s2)).abs() < 1e-9);
        // Power: per contact it would be 0.5 × issues × (2 − s1 − s2).
        let per_contact = 0.5 * (t.offered as f64 - t.satisfied);
        assert!((per_contact - 0.5 * issues * (2.0 - s1 - s2)).abs() < 1e-9);
        assert!(per_contact > 1.2 * churned);
    }
}
