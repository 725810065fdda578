//! The scenario library in `scenarios/`: every file validates, runs (with a few
//! replications) and says where its numbers come from; and each one still tells
//! the story it was written for (erlang_check's, agreement with Erlang C, in
//! `erlang_exactness`).

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn library() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("scenarios/ exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

/// Runs `file` through the CLI with `reps` replications; returns summary.json.
fn run(file: &Path, reps: &str) -> Value {
    let out = tempfile::tempdir().unwrap();
    Command::cargo_bin("staffmix")
        .expect("binary built")
        .args(["run", "--quiet", "--reps", reps, "--out"])
        .arg(out.path())
        .arg(file)
        .assert()
        .success();
    let text = std::fs::read_to_string(out.path().join("summary.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn the_library_holds_the_documented_scenarios() {
    let names: Vec<String> = library()
        .iter()
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    for expected in [
        "black_friday",
        "erlang_check",
        "in_house_vs_outsourced",
        "mix_sweep",
        "quickstart",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "scenarios/{expected}.toml is missing (found {names:?})"
        );
    }
}

#[test]
fn every_scenario_validates_runs_and_cites_its_sources() {
    for file in library() {
        let text = std::fs::read_to_string(&file).unwrap();
        // A commented file: a header saying what it answers and how to run it.
        assert!(
            text.starts_with('#') && text.contains("staffmix run scenarios/"),
            "{} should open with a comment that says how to run it",
            file.display()
        );
        Command::cargo_bin("staffmix")
            .unwrap()
            .args(["validate"])
            .arg(&file)
            .assert()
            .success();
        let summary = run(&file, "2");
        let plans = summary["plans"].as_array().unwrap();
        assert!(!plans.is_empty(), "{}: no plans", file.display());
        for p in plans {
            let offered = p["metrics"]["offered"]["mean"].as_f64().unwrap();
            assert!(offered > 0.0, "{}: nobody called", file.display());
        }
    }
}
