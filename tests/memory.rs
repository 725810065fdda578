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

/// The environment variable that turns [`measure_peak_rss`] on: staffmix's
/// arguments, one per line.
const PEAK_ARGS: &str = "STAFFMIX_TEST_PEAK_ARGS";

/// Peak resident memory, in bytes, of `staffmix ARGS`. A child's `ru_maxrss`
/// starts from the resident size of the process it was forked from, here a test
/// binary running many tests, so the run is started from a fresh process — this
/// test binary again, running only [`measure_peak_rss`] — whose children's peak is
/// staffmix's own.
#[cfg(target_os = "linux")]
fn peak_rss(args: &[&std::ffi::OsStr]) -> u64 {
    let lines: Vec<&str> = args.iter().map(|a| a.to_str().unwrap()).collect();
    let out = Std::new(std::env::current_exe().unwrap())
        .args([
            "memory::measure_peak_rss",
            "--exact",
            "--ignored",
            "--nocapture",
        ])
        .args(["--test-threads", "1"])
        .env(PEAK_ARGS, lines.join("\n"))
        .output()
        .expect("the test binary starts");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let kib: u64 = stdout
        .lines()
        .find_map(|l| Some(l.split_once("peak_rss_kib=")?.1))
        .unwrap_or_else(|| {
            panic!(
                "no peak measured:\n{stdout}\n{}",
                String::from_utf8_lossy(&out.stderr)
            )
        })
        .parse()
        .unwrap();
    kib * 1024
}

/// Run by [`peak_rss`] in a fresh process: runs staffmix with the arguments in
/// [`PEAK_ARGS`] and prints its peak resident memory (`RUSAGE_CHILDREN`, KiB).
#[cfg(target_os = "linux")]
#[test]
#[ignore = "a helper of the memory tests, run in a process of its own"]
fn measure_peak_rss() {
    let Ok(args) = std::env::var(PEAK_ARGS) else {
        return;
    };
    let status = Std::new(env!("CARGO_BIN_EXE_staffmix"))
        .args(args.lines())
        .stdout(std::process::Stdio::null())
        .status()
        .expect("staffmix starts");
    assert!(status.success(), "staffmix failed: {status}");
    // SAFETY: getrusage fills the plain C struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    assert_eq!(
        unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) },
        0
    );
    println!("peak_rss_kib={}", usage.ru_maxrss);
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
        let (reps_s, threads_s, out) =
            (reps.to_string(), threads.to_string(), dir.path().join(name));
        let measured = peak_rss(&[
            "run".as_ref(),
            path.as_os_str(),
            "--reps".as_ref(),
            reps_s.as_ref(),
            "--threads".as_ref(),
            threads_s.as_ref(),
            "--max-memory".as_ref(),
            "64GiB".as_ref(),
            "--quiet".as_ref(),
            "--out".as_ref(),
            out.as_os_str(),
        ]);
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
