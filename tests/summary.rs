//! summary.json, the output contract, pinned whole by a snapshot of a tiny study.

use assert_cmd::Command;
use serde_json::Value;

/// Two channels (one with patience), an in-house team with wages and a vendor
/// paid per ticket, a plan and targets; eight hours, three
/// replications, a fixed seed.
const TINY: &str = r#"name = "Tiny summary"
start = 2026-03-02T08:00:00
horizon = "8h"
warmup = "30m"
interval = "1h"
replications = 3
seed = 5

[channels.phone]
volume_per_hour = 40
handle_time = { dist = "exponential", mean = "4m" }
patience = { dist = "exponential", mean = "2m" }
service_level = { within = "20s", target = 0.8 }

[channels.email]
volume_per_hour = 12
handle_time = { dist = "lognormal", mean = "6m", cv = 0.7 }
service_level = { within = "1h", target = 0.9 }

[teams.core]
kind = "in_house"
agents = 3
schedule = "24/7"
skills = { phone = 1.0, email = 1.0 }
wage = 24.0
overhead = 0.3

[teams.vendor]
kind = "outsourced"
agents = 2
schedule = "24/7"
skills = { phone = 0.8, email = 1.0 }
price = { per_ticket = 3.5 }

[[plans]]
name = "bigger vendor"
teams.vendor.agents = 4

[targets]
abandon_rate = 0.1
service_level = true
confidence = 0.5
"#;

/// Every figure of summary.json for a fixed seed: a change to any KPI's name,
/// value, statistic or order, to the recommendation or to the layout shows up
/// here. A deliberate change is accepted with `cargo insta review` (or by
/// re-running with `INSTA_UPDATE=always`) and explained in its commit.
#[test]
fn summary_json_is_stable_for_a_fixed_seed() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("tiny.toml");
    std::fs::write(&scenario, TINY).unwrap();
    let out = dir.path().join("out");
    Command::cargo_bin("staffmix")
        .expect("binary built")
        .args(["run", "--quiet", "--out"])
        .arg(&out)
        .arg(&scenario)
        .assert()
        .success();
    let text = std::fs::read_to_string(out.join("summary.json")).unwrap();
    let summary: Value = serde_json::from_str(&text).unwrap();
    let plans: Vec<&str> = summary["plans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(plans, ["base", "bigger vendor"]);
    insta::assert_snapshot!(text);
}
