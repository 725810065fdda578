//! summary.json, the output contract, pinned whole by a snapshot of a tiny study.

use std::path::Path;

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

/// Runs [`TINY`] in `dir` with extra `args`; returns summary.json as text and
/// parsed.
fn run_tiny(dir: &Path, args: &[&str]) -> (String, Value) {
    let scenario = dir.join("tiny.toml");
    std::fs::write(&scenario, TINY).unwrap();
    let out = dir.join("out");
    Command::cargo_bin("staffmix")
        .expect("binary built")
        .args(["run", "--quiet", "--out"])
        .arg(&out)
        .args(args)
        .arg(&scenario)
        .assert()
        .success();
    let text = std::fs::read_to_string(out.join("summary.json")).unwrap();
    let summary = serde_json::from_str(&text).unwrap();
    (text, summary)
}

/// Every figure of summary.json for a fixed seed: a change to any KPI's name,
/// value, statistic or order, to the recommendation or to the layout shows up
/// here. A deliberate change is accepted with `cargo insta review` (or by
/// re-running with `INSTA_UPDATE=always`) and explained in its commit.
#[test]
fn summary_json_is_stable_for_a_fixed_seed() {
    let dir = tempfile::tempdir().unwrap();
    let (text, summary) = run_tiny(dir.path(), &[]);
    let plans: Vec<&str> = summary["plans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(plans, ["base", "bigger vendor"]);
    insta::assert_snapshot!(text);
}

/// The decision as data: the recommendation's code, confidence, caveat, binding
/// target and cost agree with each plan's per-target results, which agree with
/// the targets they describe.
#[test]
fn the_decision_reads_back_as_data() {
    for (reps, sure) in [("3", false), ("30", true)] {
        let dir = tempfile::tempdir().unwrap();
        let (_, s) = run_tiny(dir.path(), &["--reps", reps]);
        let confidence = s["targets"]["confidence"].as_f64().unwrap();
        let rec = &s["recommendation"];
        assert_eq!(rec["code"], "cheapest", "{rec}");
        assert_eq!(rec["ranked_by"], s["cost_kpi"]);
        let plan = (s["plans"].as_array().unwrap().iter())
            .find(|p| p["name"] == rec["plan"])
            .expect("the recommended plan is listed");
        assert_eq!(plan["targets_met"], 1.0, "premise: it meets every target");
        let kpi = rec["ranked_by"].as_str().unwrap();
        assert_eq!(rec["cost"], plan["metrics"][kpi]["mean"]);
        let low = plan["targets_met_ci95"][0].as_f64().unwrap();
        assert_eq!(rec["confident"], low >= confidence);
        assert_eq!(rec["confident"], sure, "{reps} replications: {rec}");
        assert_eq!(rec["caveat"].is_null(), sure, "{rec}");

        let targets = plan["targets"].as_array().unwrap();
        let labels: Vec<&Value> = targets.iter().map(|t| &t["label"]).collect();
        let listed: Vec<&Value> = s["targets"]["list"].as_array().unwrap().iter().collect();
        assert_eq!(labels, listed);
        for t in targets {
            let rate = t["hit_rate"].as_f64().unwrap();
            let (lo, hi) = (
                t["hit_rate_ci95"][0].as_f64().unwrap(),
                t["hit_rate_ci95"][1].as_f64().unwrap(),
            );
            assert!(lo <= rate && rate <= hi, "{t}");
            let held = if rate >= confidence { "held" } else { "missed" };
            assert_eq!(t["status"], held, "{t}");
            assert_eq!(t["scope"], "channel", "{t}");
            assert!(t["channel"].is_string(), "{t}");
            let side = match t["kpi"].as_str().unwrap() {
                "service_level" => "at_least",
                "abandon_rate" => "at_most",
                k => panic!("TINY sets no target on {k}"),
            };
            assert!(t["bound"][side].is_f64(), "{t}");
            assert_eq!(t["unanswered"], 0.0);
        }
        let weakest = targets
            .iter()
            .min_by(|a, b| {
                a["hit_rate"]
                    .as_f64()
                    .unwrap()
                    .total_cmp(&b["hit_rate"].as_f64().unwrap())
            })
            .unwrap();
        let binding = &rec["binding_target"];
        assert_eq!(binding["plan"], rec["plan"]);
        for key in ["label", "kpi", "channel", "hit_rate"] {
            assert_eq!(binding[key], weakest[key], "{key}: {binding}");
        }
    }
}
