//! report.html: the recommendation first, every plan in the comparison table,
//! user strings escaped, charts inline (or not, with `--no-charts`). (The same
//! bytes whatever the thread count: `cli`.)

use std::path::Path;

use assert_cmd::Command;
use staffmix::analysis::analyse;
use staffmix::model::Study;
use staffmix::report;
use staffmix::runner::{self, RunConfig, StudyResult};

/// Two channels, an in-house core and a vendor with costs, a plan with a hostile
/// name and description, a 2 × 2 sweep and a target: every chart has data. One
/// simulated day keeps it fast.
pub const STUDY: &str = r#"name = "Report <test> & co"
start = 2026-03-02T00:00:00
horizon = "1d"
warmup = "1h"
replications = 4
seed = 11

[channels.phone]
volume_per_hour = 30
handle_time = { dist = "exponential", mean = "5m" }
patience = { dist = "exponential", mean = "3m" }
service_level = { within = "20s", target = 0.8 }

[channels.email]
volume_per_hour = 10
handle_time = { dist = "exponential", mean = "8m" }
service_level = { within = "4h", target = 0.9 }

[teams.core]
kind = "in_house"
agents = 3
schedule = "24/7"
skills = { phone = 1.0, email = 1.0 }
wage = 25.0
overhead = 0.4

[teams.vendor]
kind = "outsourced"
agents = 2
schedule = "24/7"
skills = { phone = 0.9, email = 0.9 }
price = { per_hour = 15.0 }

[[plans]]
name = "<script>alert(1)</script>"
description = "a <b>bold</b> & risky plan"
teams.vendor.agents = 4

[sweep]
"teams.core.agents" = [2, 4]
"teams.vendor.agents" = [1, 3]

[targets]
abandon_rate = 0.1
confidence = 0.5
"#;

/// The study of a scenario text and its results with `reps` replications.
pub fn simulate(text: &str, reps: u32) -> (Study, StudyResult, RunConfig) {
    let study =
        staffmix::scenario::parse_study("report.toml", text).unwrap_or_else(|e| panic!("{e}"));
    let config = RunConfig {
        seed: study.seed,
        replications: reps,
    };
    let plans = runner::run_study(&study, config, |_, _| {}).expect("run");
    (study, plans, config)
}

/// The output files of a simulated study, as (name, bytes).
pub fn rendered(
    (study, run, config): (Study, StudyResult, RunConfig),
    with_charts: bool,
) -> Vec<(String, Vec<u8>)> {
    let run = analyse(&study, config, run);
    let files = report::render_files(&run, with_charts).expect("render");
    (files.into_iter())
        .map(|(n, c)| (n, c.to_bytes().expect("render")))
        .collect()
}

/// The output files of [`STUDY`], charts included or not.
fn files(with_charts: bool) -> Vec<(String, Vec<u8>)> {
    rendered(simulate(STUDY, 4), with_charts)
}

fn html(files: &[(String, Vec<u8>)]) -> String {
    let (_, bytes) = files
        .iter()
        .find(|(n, _)| n == "report.html")
        .expect("report.html written");
    String::from_utf8(bytes.clone()).expect("UTF-8")
}

/// The `<table class="plans">` element of a report.
fn plan_table(html: &str) -> &str {
    let start = html.find("<table class=\"plans\">").expect("plan table");
    let end = start + html[start..].find("</table>").expect("table end") + "</table>".len();
    &html[start..end]
}

#[test]
fn report_opens_with_the_recommendation_and_lists_every_plan() {
    let files = files(true);
    let html = html(&files);
    let recommendation = html
        .find("<h2>Recommendation</h2>")
        .expect("recommendation");
    let table = html.find("<table class=\"plans\">").expect("plan table");
    let charts = html.find("<h2>Charts</h2>").expect("charts");
    let assumptions = html.find("<h2>Assumptions</h2>").expect("assumptions");
    assert!(recommendation < table && table < charts && charts < assumptions);
    for plan in [
        "base",
        "&lt;script&gt;alert(1)&lt;&#x2f;script&gt;",
        "core.agents=2 vendor.agents=1",
        "core.agents=4 vendor.agents=3",
    ] {
        assert!(
            plan_table(&html).contains(&format!("<td>{plan}")),
            "{plan} missing"
        );
    }
    assert!(html.contains("Recommended plan: ") || html.contains("No plan recommended"));
    // Charts inline, one figure each, no external resources.
    let charts = files.iter().filter(|(n, _)| n.ends_with(".svg")).count();
    assert_eq!(html.matches("<svg").count(), charts);
    assert_eq!(charts, 6, "every chart has data in this study");
    for external in ["<script", "<link", "src=", "@import", "url("] {
        assert!(!html.contains(external), "report refers to {external}");
    }
    for fact in [
        "seed",
        "11",
        "replications per plan",
        "phone",
        "email",
        "core",
        "vendor",
        "15.00 per agent-hour",
    ] {
        assert!(html.contains(fact), "{fact} missing");
    }
}

#[test]
fn the_assumptions_say_when_each_channel_is_open() {
    // Phone open 08:00–20:00 of the one simulated day, its night calls moved to email.
    let text = STUDY.replace(
        "service_level = { within = \"20s\", target = 0.8 }\n",
        "service_level = { within = \"20s\", target = 0.8 }\n\
         hours = { start = \"08:00\", end = \"20:00\" }\nwhen_closed = \"email\"\n",
    );
    assert_ne!(text, STUDY);
    let files = rendered(simulate(&text, 2), false);
    let html = html(&files);
    assert!(html.contains("<th>open</th>"), "{html}");
    assert!(
        html.contains("<td>50 % of the horizon; arrivals while closed: move to email</td>"),
        "{html}"
    );
    assert!(html.contains("<td>around the clock</td>"), "{html}");
}

#[test]
fn every_user_string_is_escaped() {
    let html = html(&files(true));
    assert!(!html.contains("<script>"), "a plan name became markup");
    assert!(!html.contains("<b>bold</b>"), "a description became markup");
    assert!(
        html.contains("&lt;script&gt;alert(1)"),
        "the name is shown as text"
    );
    assert!(html.contains("a &lt;b&gt;bold&lt;&#x2f;b&gt; &amp; risky plan"));
    assert!(html.contains("<h1>Report &lt;test&gt; &amp; co</h1>"));
}

#[test]
fn without_charts_the_report_says_so() {
    let files = files(false);
    assert!(
        files
            .iter()
            .all(|(n, _)| !n.ends_with(".svg") && !n.ends_with(".png"))
    );
    let html = html(&files);
    assert!(!html.contains("<svg"));
    assert!(html.contains("--no-charts"));
    assert!(html.contains("<table class=\"plans\">"));
}

#[test]
fn plan_table_is_stable_for_a_fixed_seed() {
    let html = html(&files(false));
    insta::assert_snapshot!(plan_table(&html));
}

fn staffmix() -> Command {
    Command::cargo_bin("staffmix").expect("binary built")
}

fn run(scenario: &Path, out: &Path, extra: &[&str]) {
    staffmix()
        .args(["run", "--quiet", "--out"])
        .arg(out)
        .args(extra)
        .arg(scenario)
        .assert()
        .success();
}

#[test]
fn run_writes_charts_and_report_and_no_charts_removes_them() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("study.toml");
    std::fs::write(&scenario, STUDY).unwrap();
    let one = dir.path().join("one");
    run(&scenario, &one, &[]);
    for name in report::chart_file_names().chain(["report.html".to_string()]) {
        let a = std::fs::read(one.join(&name)).unwrap_or_else(|_| panic!("{name} written"));
        assert!(!a.is_empty(), "{name} is empty");
    }
    // A batch run without charts leaves no chart of the earlier run behind.
    run(&scenario, &one, &["--no-charts"]);
    for name in report::chart_file_names() {
        assert!(!one.join(&name).exists(), "stale {name} left");
    }
    assert!(one.join("report.html").exists());
    // Every file a run writes is one the app knows before simulating (so a
    // rerun on the directory is not refused).
    run(&scenario, &one, &[]);
    let known = report::file_names();
    for e in std::fs::read_dir(&one).unwrap() {
        let name = e.unwrap().file_name().into_string().unwrap();
        assert!(known.contains(&name) || name == "run.json", "{name}");
    }
    let leftovers: Vec<_> = std::fs::read_dir(&one)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.contains(".tmp-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
