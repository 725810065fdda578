//! The memory estimate and its limit: the estimate bounds the measured peak, runs
//! above the limit are refused before simulating, `--max-memory` raises it, and a
//! run whose threads would not fit runs on fewer.

use std::path::Path;
use std::process::Command as Std;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use predicates::prelude::*;
use staffmix::memory;

fn staffmix() -> Command {
    Command::cargo_bin("staffmix").expect("binary built")
}

/// One phone queue served 24/7: `horizon`, `interval`, contacts per hour, agents,
/// and the `patience` line (empty: callers never hang up), then `extra` lines.
fn scenario(
    horizon: &str,
    interval: &str,
    volume: u32,
    agents: u32,
    patience: &str,
    extra: &str,
) -> String {
    format!(
        r#"name = "memory"
start = 2026-03-02T00:00:00
horizon = "{horizon}"
interval = "{interval}"
replications = 2
seed = 7
[channels.phone]
volume_per_hour = {volume}
handle_time = {{ dist = "exponential", mean = "5m" }}
{patience}
[teams.core]
kind = "in_house"
schedule = "24/7"
agents = {agents}
skills = {{ phone = 1.0 }}
[routing]
phone = ["core"]
{extra}
"#
    )
}

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// The estimate of running `text` with `reps` replications on `threads` threads.
fn estimate(text: &str, reps: u32, threads: usize) -> memory::Estimate {
    let study =
        staffmix::scenario::parse_study("test.toml", text).unwrap_or_else(|e| panic!("{e}"));
    memory::estimate(&study, reps, threads)
}

/// Peak resident memory of a finished child, in bytes (Linux: `wait4`'s
/// `ru_maxrss`, in KiB).
#[cfg(target_os = "linux")]
fn peak_rss(mut cmd: Std) -> u64 {
    let child = cmd
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("staffmix starts");
    let mut status = 0;
    // SAFETY: `usage` is a plain C struct that wait4 fills; the pid is our own child,
    // waited for exactly once (the `Child` is forgotten so it does not wait again).
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = child.id() as libc::pid_t;
    std::mem::forget(child);
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(r, pid, "wait4 failed");
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "staffmix failed: {status}"
    );
    usage.ru_maxrss as u64 * 1024
}

/// Small shapes, each dominated by a different term: everything small, many
/// intervals, and a queue that grows to the overload guard.
#[cfg(target_os = "linux")]
#[test]
fn the_estimate_bounds_the_measured_peak_within_a_factor_of_four() {
    let dir = tempfile::tempdir().unwrap();
    let shapes = [
        (
            "small",
            scenario("2d", "30m", 120, 12, r#"patience = { mean = "3m" }"#, ""),
            20,
            2,
        ),
        ("intervals", scenario("14d", "1m", 2, 2, "", ""), 3, 2),
        // 100,000 calls an hour for 10 agents: the queue reaches the guard
        // (1,000,000 waiting) after about ten hours.
        ("overload", scenario("1d", "30m", 100_000, 10, "", ""), 1, 1),
    ];
    for (name, text, reps, threads) in shapes {
        let path = write(dir.path(), &format!("{name}.toml"), &text);
        let mut cmd = Std::new(env!("CARGO_BIN_EXE_staffmix"));
        cmd.arg("run")
            .arg(&path)
            .args([
                "--reps",
                &reps.to_string(),
                "--threads",
                &threads.to_string(),
            ])
            .args(["--max-memory", "64GiB", "--quiet", "--out"])
            .arg(dir.path().join(name));
        let measured = peak_rss(cmd);
        let e = estimate(&text, reps, threads).total();
        eprintln!(
            "{name}: measured {}, estimated {}",
            memory::show(measured),
            memory::show(e)
        );
        assert!(
            measured <= e,
            "{name}: the peak {} is above the estimate {}",
            memory::show(measured),
            memory::show(e)
        );
        assert!(
            e <= 4 * measured,
            "{name}: the estimate {} is more than 4 × the peak {}",
            memory::show(e),
            memory::show(measured)
        );
    }
}

#[test]
fn a_thousand_plans_of_many_intervals_are_refused_before_simulating() {
    let dir = tempfile::tempdir().unwrap();
    let sweep = "[sweep]\n\"teams.core.agents\" = { from = 1, to = 999, step = 1 }";
    let text = scenario("365d", "5m", 120, 12, "", sweep);
    let path = write(dir.path(), "huge.toml", &text);
    let out = dir.path().join("out");
    let started = Instant::now();
    staffmix()
        .arg("run")
        .arg(&path)
        .arg("--out")
        .arg(&out)
        .timeout(Duration::from_secs(60))
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("of memory, above the limit of")
                .and(predicate::str::contains(
                    "of interval statistics (1,000 plans × 105,120 intervals × (1 channel + 1 team))",
                ))
                .and(predicate::str::contains("a coarser `interval`"))
                .and(predicate::str::contains("--max-memory")),
        );
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "took {:?}",
        started.elapsed()
    );
    assert!(!out.exists(), "a refused run prepared its output directory");
    // validate says so too, without failing.
    staffmix()
        .arg("validate")
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::contains("above the default memory limit"));
}

/// `staffmix run PATH` with 2 replications on `threads` threads, `--max-memory
/// limit` and `--out out`.
fn run_with(path: &Path, threads: &str, limit: &str, out: &Path) -> assert_cmd::assert::Assert {
    staffmix()
        .arg("run")
        .arg(path)
        .args([
            "--reps",
            "2",
            "--threads",
            threads,
            "--max-memory",
            limit,
            "--out",
        ])
        .arg(out)
        .timeout(Duration::from_secs(60))
        .assert()
}

#[test]
fn max_memory_lowers_and_raises_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let text = scenario("1d", "30m", 120, 12, "", "");
    let path = write(dir.path(), "small.toml", &text);
    let out = dir.path().join("out");
    let e = estimate(&text, 2, 1).total();
    run_with(&path, "1", &format!("{}B", e - 1), &out)
        .code(2)
        .stderr(predicate::str::contains(format!(
            "needs about {}",
            memory::show(e)
        )));
    assert!(!out.exists(), "a refused run prepared its output directory");
    run_with(&path, "1", &format!("{e}B"), &out).success();
}

#[test]
fn threads_that_do_not_fit_are_reduced_with_a_note() {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if cores < 2 {
        eprintln!("skipped: one core, so one thread whatever the limit");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // 120,000 calls a day: a thread's worst case (all of them waiting at once)
    // outweighs the output files.
    let text = scenario("1d", "30m", 5000, 430, "", "");
    let path = write(dir.path(), "busy.toml", &text);
    let e = estimate(&text, 2, 2);
    // Room for one thread's live state, not two.
    let limit = e.total_on(1) + e.per_thread() / 2;
    assert!(e.total_on(2) > limit, "the shape does not test the threads");
    run_with(&path, "2", &format!("{limit}B"), &dir.path().join("out"))
        .success()
        .stderr(predicate::str::contains(
            "note: running on 1 thread instead of 2",
        ))
        .stdout(predicate::str::contains("on 1 threads"));
}

#[test]
fn bad_max_memory_values_are_usage_errors() {
    let quickstart = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/quickstart.toml");
    for (bad, says) in [
        ("8", "has no unit"),
        ("8G", "is not a unit of size"),
        ("lots", "is not a size"),
        ("0GB", "less than one byte"),
        ("99999999TiB", "too large"),
    ] {
        staffmix()
            .args(["run", quickstart, "--max-memory", bad])
            .assert()
            .code(2)
            .stderr(
                predicate::str::contains("--max-memory")
                    .and(predicate::str::contains(says))
                    .and(predicate::str::contains("8GiB").or(predicate::str::contains("TiB"))),
            );
    }
}
