//! The command line as a user runs it: `run`, `validate`, `init`, `schema`, `erlang`.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn staffmix() -> Command {
    Command::cargo_bin("staffmix").expect("binary built")
}

const QUICKSTART: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/quickstart.toml");

fn run_quickstart(out: &Path, threads: &str) -> String {
    let o = staffmix()
        .args([
            "run",
            QUICKSTART,
            "--reps",
            "6",
            "--seed",
            "9",
            "--threads",
            threads,
            "--out",
        ])
        .arg(out)
        .assert()
        .success();
    String::from_utf8(o.get_output().stdout.clone()).unwrap()
}

#[test]
fn run_writes_the_contract_summary_and_a_table() {
    let dir = tempfile::tempdir().unwrap();
    let stdout = run_quickstart(dir.path(), "2");
    for word in [
        "phone",
        "chat",
        "email",
        "core",
        "vendor",
        "service level",
        "occupancy",
    ] {
        assert!(stdout.contains(word), "table lacks {word}:\n{stdout}");
    }
    let s: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("summary.json")).unwrap()).unwrap();
    assert_eq!(s["schema_version"], 1);
    assert_eq!(s["scenario"]["name"], "Quickstart support desk");
    assert_eq!(s["scenario"]["seed"], 9);
    assert_eq!(s["scenario"]["replications"], 6);
    let plan = &s["plans"][0];
    assert_eq!(plan["name"], "base");
    for kpi in [
        "offered",
        "handled",
        "abandoned",
        "abandon_rate",
        "asa_s",
        "mean_wait_s",
        "p_wait",
        "service_level",
    ] {
        let stats = &plan["channels"]["phone"][kpi];
        for field in ["mean", "sd", "ci95", "p5", "p50", "p95"] {
            assert!(
                stats[field].is_number(),
                "channels.phone.{kpi}.{field} missing: {stats}"
            );
        }
        assert!(plan["metrics"][kpi]["mean"].is_number(), "metrics.{kpi}");
    }
    assert!(plan["teams"]["core"]["occupancy"]["mean"].as_f64().unwrap() > 0.0);
    assert!(plan["metrics"]["occupancy"]["mean"].is_number());
    assert!(
        s["recommendation"]["plan"].is_null(),
        "no targets, no recommendation"
    );
    assert!(s["recommendation"]["reason"].is_string());
    let csv = std::fs::read_to_string(dir.path().join("intervals.csv")).unwrap();
    assert!(
        csv.starts_with("plan,interval,start,offered_mean,offered_ci95,offered_p10,offered_p90")
    );
    assert_eq!(csv.lines().count(), 1 + 7 * 48, "7 days × 48 intervals");
    let detail = std::fs::read_to_string(dir.path().join("intervals_detail.csv")).unwrap();
    assert_eq!(
        detail.lines().count(),
        1 + 7 * 48 * 5,
        "7 days × 48 intervals × (3 channels + 2 teams)"
    );
    for file in ["plans.csv", "replications.csv"] {
        let text = std::fs::read_to_string(dir.path().join(file)).unwrap();
        assert!(text.starts_with("plan,"), "{file}");
    }
    let reps = std::fs::read_to_string(dir.path().join("replications.csv")).unwrap();
    assert_eq!(
        reps.lines().count(),
        1 + 6,
        "one row per replication of the single plan"
    );
    let meta: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("run.json")).unwrap()).unwrap();
    assert_eq!(meta["threads"], 2);
}

/// The output directory of a `run` of `scenario` with `threads` threads: every
/// file's name and bytes, sorted by name.
fn outputs(scenario: &Path, threads: &str) -> Vec<(String, Vec<u8>)> {
    let out = tempfile::tempdir().unwrap();
    staffmix()
        .args(["run", "--quiet", "--threads", threads, "--out"])
        .arg(out.path())
        .arg(scenario)
        .assert()
        .success();
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// The one test of thread-count independence: every output file of a study with
/// plans, a sweep, targets, costs and every chart (per-replication values in
/// replications.csv at full precision, target hits, wait histograms in the
/// percentiles and charts, report.html) is byte-identical with 1, 2 and 8 threads.
#[test]
fn results_are_bit_identical_with_1_2_and_8_threads() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("study.toml");
    std::fs::write(&scenario, crate::report::STUDY).unwrap();
    let one = outputs(&scenario, "1");
    let names: Vec<&str> = one.iter().map(|(n, _)| n.as_str()).collect();
    for expected in [
        "summary.json",
        "plans.csv",
        "replications.csv",
        "intervals.csv",
        "intervals_detail.csv",
        "report.html",
        "run.json",
        "wait_distribution.png",
    ] {
        assert!(
            names.contains(&expected),
            "{expected} not written: {names:?}"
        );
    }
    for threads in ["2", "8"] {
        let other = outputs(&scenario, threads);
        let other_names: Vec<&str> = other.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, other_names, "files written with {threads} threads");
        for ((name, a), (_, b)) in one.iter().zip(&other) {
            // run.json records the thread count itself.
            if name != "run.json" {
                assert!(a == b, "{name} differs between 1 and {threads} threads");
            }
        }
    }
}

#[test]
fn validate_accepts_the_example() {
    staffmix()
        .args(["validate", QUICKSTART])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("valid").and(predicate::str::contains("3 channels, 2 teams")),
        );
}

#[test]
fn init_writes_a_valid_commented_starter_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("my.toml");
    staffmix().arg("init").arg(&file).assert().success();
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.lines().filter(|l| l.contains('#')).count() > 10,
        "the starter is commented"
    );
    staffmix().arg("validate").arg(&file).assert().success();
    staffmix()
        .arg("init")
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--force"));
    staffmix()
        .arg("init")
        .arg(&file)
        .arg("--force")
        .assert()
        .success();
}

#[test]
fn schema_is_json_with_every_section() {
    let o = staffmix().arg("schema").assert().success();
    let v: Value = serde_json::from_slice(&o.get_output().stdout).unwrap();
    let props = v["properties"].as_object().unwrap();
    for key in [
        "horizon",
        "warmup",
        "seed",
        "replications",
        "channels",
        "teams",
        "surges",
        "routing",
        "demand",
    ] {
        assert!(props.contains_key(key), "schema lacks {key}");
    }
    assert_eq!(
        v["additionalProperties"], false,
        "unknown keys are rejected"
    );
}

#[test]
fn erlang_command_wires_the_calculator() {
    // The textbook queue (100 calls per half hour, AHT 180 s; its values are pinned
    // by the erlang unit tests): options reach the calculator and results the output.
    staffmix()
        .args(["erlang", "--volume", "200", "--aht", "3m", "--agents", "14"])
        .assert()
        .success()
        .stdout(predicate::str::contains("88.8"));
    let o = staffmix()
        .args([
            "erlang", "--volume", "200", "--aht", "180s", "--target", "0.8", "--json",
        ])
        .assert()
        .success();
    let v: Value = serde_json::from_slice(&o.get_output().stdout).unwrap();
    assert_eq!(v["agents"], 14, "13 agents give 79.6 %, 14 give 88.8 %");
    let o = staffmix()
        .args([
            "erlang",
            "--volume",
            "200",
            "--aht",
            "3m",
            "--agents",
            "9",
            "--patience",
            "1m",
            "--json",
        ])
        .assert()
        .success();
    let v: Value = serde_json::from_slice(&o.get_output().stdout).unwrap();
    assert_eq!(v["model"], "Erlang A (M/M/n+M)");
    assert!(v["metrics"]["abandon_rate"].as_f64().unwrap() > 0.05);
}

#[test]
fn erlang_rejects_an_unstable_queue_with_a_fix() {
    staffmix()
        .args(["erlang", "--volume", "200", "--aht", "3m", "--agents", "10"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("unstable")
                .and(predicate::str::contains("patience").or(predicate::str::contains("servers"))),
        );
}

#[test]
fn validate_warns_once_per_staffing_problem_naming_its_plans() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hiring.toml");
    // Two extra agents for one day, a day after the start: too soon for a 10-day
    // hiring lag, and too short for 2 days of training. Every plan shares both.
    std::fs::write(
        &path,
        r#"name = "Hiring"
start = 2026-03-02T00:00:00
horizon = "3d"
[channels.phone]
volume_per_hour = 10
handle_time = { mean = "5m" }
[teams.core]
kind = "in_house"
schedule = "24/7"
skills = { phone = 1.0 }
agents = [ { from = 2026-03-03, to = 2026-03-04, agents = 5 }, { agents = 3 } ]
hiring_lag = "10d"
training = "2d"
shrinkage = 0.0
[sweep]
"teams.core.shrinkage" = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5]
"#,
    )
    .unwrap();
    let plans = "plans \"base\", \"core.shrinkage=0\", \"core.shrinkage=0.1\" and 4 more plans";
    staffmix()
        .arg("validate")
        .arg(&path)
        .assert()
        .success()
        .stdout(
            predicate::str::contains(format!(
                "\n  warning: {plans}: team \"core\" adds 2 agents on 2026-03-03 00:00, sooner than its hiring lag of \
                 10 days allows from the start: hired from today they could join on 2026-03-12 00:00 at the earliest \
                 — start the period later, or lower hiring_lag if they are recruited already\n"
            ))
            .and(predicate::str::contains(format!(
                "\n  warning: {plans}: team \"core\" adds 2 agents on 2026-03-03 00:00 who train for 2 days, until \
                 2026-03-05 00:00, but the period ends on 2026-03-04 00:00: they never take a contact — start the \
                 period earlier (new agents join on its first day and train first), or shorten training\n"
            )))
            .and(predicate::str::contains("warning").count(2)),
        );
}

#[test]
fn output_directories_that_cannot_work_fail_before_simulating() {
    let dir = tempfile::tempdir().unwrap();
    let long = dir.path().join("n".repeat(300));
    // 10^5 replications would take minutes: the refusal must come first.
    let refused = |out: &Path, why: &str| {
        staffmix()
            .args(["run", QUICKSTART, "--reps", "100000", "--out"])
            .arg(out)
            .timeout(std::time::Duration::from_secs(30))
            .assert()
            .code(1)
            .stderr(predicate::str::contains(why));
    };
    refused(&long, "at most 200");
    // A directory that is not a staffmix output is never replaced.
    let home = dir.path().join("home");
    std::fs::create_dir(&home).unwrap();
    std::fs::write(home.join("notes.txt"), "mine").unwrap();
    refused(&home, "not a staffmix output directory");
    assert_eq!(
        std::fs::read_to_string(home.join("notes.txt")).unwrap(),
        "mine"
    );
    // Nor is a staffmix output holding a file staffmix does not write: refused
    // before the simulation too, not after it.
    std::fs::write(home.join("run.json"), "{}").unwrap();
    std::fs::write(home.join("summary.json"), "{}").unwrap();
    refused(
        &home,
        "holds the file `notes.txt`, which staffmix does not write",
    );
    assert!(home.join("summary.json").exists());
}

#[test]
fn a_long_scenario_name_gets_a_bounded_default_directory() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(QUICKSTART).unwrap();
    let name = "x".repeat(300);
    let text = text.replacen("Quickstart support desk", &name, 1);
    std::fs::write(dir.path().join("long.toml"), text).unwrap();
    staffmix()
        .current_dir(dir.path())
        .args(["run", "long.toml", "--reps", "2", "--no-charts", "--quiet"])
        .assert()
        .success();
    assert!(
        dir.path()
            .join("results")
            .join("x".repeat(100))
            .join("run.json")
            .exists()
    );
}
