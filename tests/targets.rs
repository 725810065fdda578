//! Targets through the command line: waiting-time targets bind each channel on its
//! own (pooled only where asked for); targets on KPIs without a value are vacuous
//! when nothing was offered, not met (and said so) when contacts were offered but
//! none answered.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

/// Chat is offered but its only team has no agents; targets on chat's ASA and
/// median wait.
const UNANSWERED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/.ci/fixtures/unanswered.toml");

/// Runs `staffmix run` on `scenario` with 4 replications into `out`; returns
/// stdout and summary.json.
fn run(scenario: &Path, out: &Path) -> (String, Value) {
    let o = Command::cargo_bin("staffmix")
        .expect("binary built")
        .args([
            "run",
            "--reps",
            "4",
            "--threads",
            "2",
            "--no-charts",
            "--out",
        ])
        .arg(out)
        .arg(scenario)
        .assert()
        .success();
    let stdout = String::from_utf8(o.get_output().stdout.clone()).unwrap();
    let summary = serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap());
    (stdout, summary.unwrap())
}

/// The per-target result of `plan` for the target labelled `label`.
fn target<'a>(plan: &'a Value, label: &str) -> &'a Value {
    plan["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["label"] == label)
        .unwrap_or_else(|| panic!("no target {label}: {plan}"))
}

#[test]
fn a_channel_nobody_answers_fails_its_wait_targets_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let (stdout, s) = run(Path::new(UNANSWERED), dir.path());
    for plan in s["plans"].as_array().unwrap() {
        assert_eq!(plan["channels"]["chat"]["handled"]["max"], 0.0, "premise");
        assert!(plan["channels"]["chat"]["offered"]["min"].as_f64().unwrap() > 0.0);
        assert_eq!(plan["targets_met"], 0.0, "{}", plan["name"]);
        for label in ["chat ASA ≤ 1m", "chat median wait ≤ 1m"] {
            let t = target(plan, label);
            assert_eq!(
                (&t["hit_rate"], &t["unanswered"]),
                (&0.0.into(), &1.0.into())
            );
            assert_eq!(t["status"], "unanswered");
        }
        let abandon = target(plan, "phone abandon rate ≤ 50 %");
        assert_eq!(
            (&abandon["hit_rate"], &abandon["unanswered"]),
            (&1.0.into(), &0.0.into())
        );
        assert_eq!(abandon["status"], "held");
        // Nobody answers chat: every chat contact abandons.
        let abandon = target(plan, "chat abandon rate ≤ 50 %");
        assert_eq!(
            (&abandon["hit_rate"], &abandon["status"]),
            (&0.0.into(), &"missed".into())
        );
    }
    let rec = &s["recommendation"];
    assert!(rec["plan"].is_null(), "{rec}");
    let reason = rec["reason"].as_str().unwrap();
    assert!(
        reason.contains(
            "\"chat median wait ≤ 1m\": no contact was answered in 100.0 % of replications; \
             \"chat ASA ≤ 1m\": no contact was answered in 100.0 % of replications"
        ),
        "{reason}"
    );
    assert!(
        stdout.contains("Recommendation: none — no plan meets all targets"),
        "{stdout}"
    );
    assert!(stdout.contains(reason), "the table shows the same reason");
    let plans = std::fs::read_to_string(dir.path().join("plans.csv")).unwrap();
    for row in plans.lines().skip(1) {
        // plan, targets_met, recommended, …
        assert!(row.contains(",0,false,"), "{row}");
    }
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert!(html.contains("No plan recommended"));
    assert!(html.contains("no contact was answered"));
}

#[test]
fn a_target_on_a_channel_offered_nothing_is_vacuous() {
    let dir = tempfile::tempdir().unwrap();
    // Email's volume is so low that no replication of this seed gets one.
    let scenario = dir.path().join("quiet.toml");
    std::fs::write(
        &scenario,
        r#"name = "Quiet email"
horizon = "1d"
seed = 5
[channels.phone]
volume_per_hour = 20
handle_time = { mean = "5m" }
[channels.email]
volume_per_hour = 0.0001
handle_time = { mean = "5m" }
[teams.core]
kind = "in_house"
agents = 4
schedule = "24/7"
skills = { phone = 1.0, email = 1.0 }
[targets]
confidence = 0.9
[targets.channels.email]
asa = "1m"
median_wait = "1m"
abandon_rate = 0.05
"#,
    )
    .unwrap();
    let (_, s) = run(&scenario, &dir.path().join("out"));
    let plan = &s["plans"][0];
    assert_eq!(plan["channels"]["email"]["offered"]["max"], 0.0, "premise");
    assert_eq!(plan["targets_met"], 1.0);
    for t in plan["targets"].as_array().unwrap() {
        assert_eq!(t["hit_rate"], 1.0, "{t}");
        assert_eq!(t["unanswered"], 0.0, "{t}");
        let email = t["channel"] == "email";
        let status = if email { "vacuous" } else { "held" };
        assert_eq!(t["status"], status, "{t}");
    }
    assert_eq!(s["recommendation"]["plan"], "base");
}

/// The situation of issue 10 (`mix_sweep.toml`, core 20 / vendor 0): one channel
/// waits hours while most contacts, on the other, are answered at once — the
/// pooled median wait is 0. `median_wait` in `[targets]` binds each channel and
/// catches it; only `[targets.pooled]` asks for the pooled median.
#[test]
fn a_channel_that_waits_hours_fails_its_median_wait_though_the_pooled_median_is_zero() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("hours.toml");
    std::fs::write(
        &scenario,
        r#"name = "One channel waits hours"
horizon = "1d"
seed = 11
[channels.phone]
volume_per_hour = 60
handle_time = { mean = "5m" }
[channels.email]
volume_per_hour = 10
handle_time = { mean = "10m" }
[teams.phones]
kind = "in_house"
agents = 20
schedule = "24/7"
skills = { phone = 1.0 }
[teams.mail]
kind = "in_house"
agents = 1
schedule = "24/7"
skills = { email = 1.0 }
[targets]
median_wait = "2m"
[targets.pooled]
median_wait = "2m"
"#,
    )
    .unwrap();
    let (stdout, s) = run(&scenario, &dir.path().join("out"));
    let plan = &s["plans"][0];
    // Premise: email waits hours, the pooled median is 0.
    assert!(
        plan["channels"]["email"]["wait_p50_s"]["min"]
            .as_f64()
            .unwrap()
            > 3600.0
    );
    assert_eq!(plan["metrics"]["wait_p50_s"]["max"], 0.0);

    let pooled = target(plan, "all channels pooled: median wait ≤ 2m");
    assert_eq!(
        (&pooled["scope"], &pooled["channel"]),
        (&"pooled".into(), &Value::Null)
    );
    assert_eq!(
        (&pooled["hit_rate"], &pooled["status"]),
        (&1.0.into(), &"held".into())
    );
    let email = target(plan, "email median wait ≤ 2m");
    assert_eq!(
        (&email["scope"], &email["channel"]),
        (&"channel".into(), &"email".into())
    );
    assert_eq!(email["bound"], serde_json::json!({ "at_most": 120.0 }));
    assert_eq!(
        (&email["hit_rate"], &email["status"]),
        (&0.0.into(), &"missed".into())
    );
    assert_eq!(target(plan, "phone median wait ≤ 2m")["hit_rate"], 1.0);
    assert_eq!(plan["targets_met"], 0.0);

    let rec = &s["recommendation"];
    assert!(rec["plan"].is_null(), "{rec}");
    assert_eq!(rec["code"], "none_qualifies");
    assert_eq!(rec["confident"], false);
    let binding = &rec["binding_target"];
    assert_eq!(binding["label"], "email median wait ≤ 2m", "{rec}");
    assert_eq!(
        (&binding["channel"], &binding["hit_rate"]),
        (&"email".into(), &0.0.into())
    );
    assert!(stdout.contains("email median wait ≤ 2m"), "{stdout}");

    // plans.csv gives waits per channel, not a pooled median that describes none.
    let plans = std::fs::read_to_string(dir.path().join("out").join("plans.csv")).unwrap();
    let mut rows = plans.lines().map(|l| l.split(',').collect::<Vec<_>>());
    let header = rows.next().unwrap();
    let row = rows.next().unwrap();
    let col = |name: &str| header.iter().position(|h| *h == name);
    assert_eq!(col("wait_p50_s_mean"), None, "{header:?}");
    assert_eq!(col("asa_s_mean"), None, "{header:?}");
    let email: f64 = row[col("email.wait_p50_s_mean").unwrap()].parse().unwrap();
    assert!(email > 3600.0, "{email}");
    for c in [
        "phone.service_level_mean",
        "email.abandon_rate_ci95",
        "phone.asa_s_mean",
    ] {
        assert!(col(c).is_some(), "{c} in {header:?}");
    }
}
