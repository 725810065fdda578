//! CSAT and churn follow the documented formula on constructed waits.

use staffmix::engine::{Observer, SimTime, simulate};
use staffmix::model::Satisfaction;

use crate::common::model;

#[test]
fn wait_factor_matches_the_documented_curve() {
    let s = Satisfaction {
        half_life_s: 60.0,
        floor: 0.2,
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
satisfaction = { half_life = "2m", floor = 0.1, unresolved = 0.3 }
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
            .map(|&x| 0.9 * s.wait_factor(x, 30.0) * (0.7 + 0.3 * 0.3))
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
