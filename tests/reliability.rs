//! The binary under attack: each class of hostile input (huge counts, endless and
//! oversized files, fine intervals over long horizons, thousands of plans or
//! surges, deep nesting, broken encodings, absurd flags) run under a wall-clock
//! and a memory limit enforced here: [`guarded`] kills the process past either
//! and the test fails. The messages themselves are checked in `bad_input`.

use std::ffi::OsStr;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use staffmix::scenario::limits;
use tempfile::TempDir;

use crate::bad_input::{BASE, edit};

/// The limits one run of the binary must stay within.
#[derive(Debug, Clone, Copy)]
struct Bound {
    /// Wall-clock time.
    wall: Duration,
    /// Peak resident memory, in MiB (enforced where /proc exists, i.e. Linux).
    rss_mib: u64,
}

/// An answer that needs no work: a refusal or a small validation.
const QUICK: Bound = Bound {
    wall: Duration::from_secs(20),
    rss_mib: 128,
};

/// How a guarded run ended.
#[derive(Debug, PartialEq)]
enum End {
    /// It exited with this code (`None`: killed by a signal).
    Exited(Option<i32>),
    /// It ran past the wall-clock limit and was killed.
    OutOfTime,
    /// Its resident memory passed the limit and it was killed.
    OutOfMemory,
}

/// What a guarded run did.
#[derive(Debug)]
struct Outcome {
    /// The command line, for messages.
    command: String,
    end: End,
    stderr: String,
    /// Peak resident memory seen, in KiB (0 without /proc).
    peak_kib: u64,
    /// Most threads seen at once (0 without /proc).
    peak_threads: u64,
}

/// Runs `staffmix ARGS` within `bound`: the process is killed as soon as it runs
/// too long or its peak resident memory (VmHWM) passes the limit.
fn guarded<S: AsRef<OsStr>>(args: &[S], bound: Bound) -> Outcome {
    let mut child = Command::new(env!("CARGO_BIN_EXE_staffmix"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start staffmix");
    let mut pipe = child.stderr.take().expect("stderr");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = pipe.read_to_string(&mut text);
        text
    });
    let started = Instant::now();
    let (mut peak_kib, mut peak_threads) = (0, 0);
    let end = loop {
        if let Some((kib, threads)) = sample(&child) {
            peak_kib = peak_kib.max(kib);
            peak_threads = peak_threads.max(threads);
        }
        if let Some(status) = child.try_wait().expect("wait") {
            break End::Exited(status.code());
        }
        if peak_kib > bound.rss_mib * 1024 {
            break End::OutOfMemory;
        }
        if started.elapsed() > bound.wall {
            break End::OutOfTime;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    if !matches!(end, End::Exited(_)) {
        let _ = child.kill();
        let _ = child.wait();
    }
    let shown: Vec<_> = args.iter().map(|a| a.as_ref().to_string_lossy()).collect();
    Outcome {
        command: format!("staffmix {}", shown.join(" ")),
        end,
        stderr: reader.join().expect("stderr reader"),
        peak_kib,
        peak_threads,
    }
}

/// The peak resident memory (KiB) and threads of a running child, from
/// /proc/PID/status; `None` where there is no /proc or the child has exited.
fn sample(child: &Child) -> Option<(u64, u64)> {
    let status = std::fs::read_to_string(format!("/proc/{}/status", child.id())).ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next()?.parse().ok())
    };
    Some((field("VmHWM:")?, field("Threads:")?))
}

impl Outcome {
    /// Asserts that the run exited with `code`, without a panic; returns its stderr.
    fn exited(self, code: i32) -> String {
        assert_eq!(
            self.end,
            End::Exited(Some(code)),
            "{} (peak {} KiB):\n{}",
            self.command,
            self.peak_kib,
            self.stderr
        );
        assert!(!self.stderr.contains("panicked"), "{}", self.stderr);
        self.stderr
    }
}

/// Asserts that `staffmix ARGS` exits with `code` within `bound`; returns stderr.
fn answers<S: AsRef<OsStr>>(args: &[S], code: i32, bound: Bound) -> String {
    guarded(args, bound).exited(code)
}

/// A scenario file in a fresh directory, and an output directory beside it.
struct Case {
    /// Holds the directory until the case is dropped.
    _dir: TempDir,
    file: PathBuf,
    out: PathBuf,
}

impl Case {
    fn new(bytes: impl AsRef<[u8]>) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("attack.toml");
        std::fs::write(&file, bytes).expect("write scenario");
        let out = dir.path().join("out");
        Case {
            _dir: dir,
            file,
            out,
        }
    }

    /// `staffmix validate FILE` within `bound`.
    fn validate(&self, bound: Bound) -> Outcome {
        guarded(&[OsStr::new("validate"), self.file.as_os_str()], bound)
    }

    /// `staffmix run FILE FLAGS --out OUT` within `bound`.
    fn run(&self, flags: &[&str], bound: Bound) -> Outcome {
        let mut args = vec![OsStr::new("run"), self.file.as_os_str()];
        args.extend(flags.iter().map(OsStr::new));
        args.extend([OsStr::new("--out"), self.out.as_os_str()]);
        guarded(&args, bound)
    }

    /// `validate` and `run` both refuse the file (exit 2) within `bound`, and
    /// `run` creates no output; returns what `validate` said.
    fn refused(&self, bound: Bound) -> String {
        let said = self.validate(bound).exited(2);
        self.run(&[], bound).exited(2);
        assert!(!self.out.exists(), "run left {}", self.out.display());
        said
    }
}

#[test]
fn huge_counts_in_every_position_are_refused_at_once() {
    let shifts =
        |n: &str| format!("shifts = [{{ start = \"00:00\", end = \"24:00\", agents = {n} }}]");
    let periods = |n: &str| {
        format!(
            "agents = [{{ from = 2026-01-05, to = 2026-01-06, agents = {n} }}, {{ agents = 5 }}]"
        )
    };
    for n in [
        "2147483647",
        "4294967295",
        "4294967296",
        "9223372036854775807",
    ] {
        let texts = [
            edit("agents = 5", &format!("agents = {n}")),
            edit("agents = 5\nschedule = \"24/7\"", &shifts(n)),
            edit("agents = 5", &periods(n)),
            edit("replications = 2", &format!("replications = {n}")),
            format!("{BASE}\n[[plans]]\nname = \"p\"\nteams.core.agents = {n}\n"),
            format!("{BASE}\n[sweep]\n\"teams.core.agents\" = [5, {n}]\n"),
            format!(
                "{BASE}\n[sweep]\n\"teams.core.agents\" = {{ from = 1, to = {n}, step = 1 }}\n"
            ),
            format!(
                "{BASE}\n[sweep]\n\"teams.core.shrinkage\" = {{ from = 0, to = 0.5, step = 1e-{} }}\n",
                n.len()
            ),
        ];
        for text in texts {
            Case::new(text).refused(QUICK);
        }
    }
}

#[test]
fn absurd_flags_are_refused_or_capped() {
    let case = Case::new(BASE);
    for reps in ["1000000000", "4294967296", "0"] {
        case.run(&["--reps", reps], QUICK).exited(2);
    }
    // More threads than cores: capped, with a note, and no more threads started.
    let o = case.run(
        &["--threads", "99999999999"],
        Bound {
            wall: Duration::from_secs(60),
            rss_mib: 256,
        },
    );
    let threads = o.peak_threads;
    let said = o.exited(0);
    assert!(said.contains("note: --threads 99999999999"), "{said}");
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let most = cores.min(limits::MAX_THREADS) as u64 + 4;
    assert!(threads <= most, "{threads} threads on {cores} cores");
}

#[test]
fn the_erlang_calculator_answers_huge_queues_at_once() {
    for extra in [
        &["--agents", "4294967295"][..],
        &["--concurrency", "4294967295"],
        &["--agents", "4294967295", "--concurrency", "4294967295"],
        &["--agents", "100000", "--concurrency", "12"],
        &["--volume", "1e308"],
        &["--aht", "99999999999999999999d"],
    ] {
        let mut args = vec!["erlang", "--volume", "100", "--aht", "5m"];
        args.extend(extra);
        answers(&args, 2, QUICK);
    }
}

/// `n` one-day surges in the first week of 2026.
fn surges(n: usize) -> String {
    let one = "\n[[surges]]\nfrom = 2026-01-05\nto = 2026-01-06\nmultiplier = 1.5\n";
    format!("{BASE}{}", one.repeat(n))
}

#[test]
fn surges_plans_and_intervals_at_their_ceilings_answer_quickly() {
    let generous = Bound {
        wall: Duration::from_secs(60),
        rss_mib: 512,
    };
    Case::new(surges(limits::MAX_SURGES))
        .validate(generous)
        .exited(0);
    Case::new(surges(limits::MAX_SURGES + 1)).refused(generous);
    let plans: String = (0..10_000)
        .map(|i| {
            format!(
                "\n[[plans]]\nname = \"p{i}\"\nteams.core.agents = {}\n",
                i % 50
            )
        })
        .collect();
    Case::new(format!("{BASE}{plans}")).refused(generous);
    // One-second intervals over 11 days, and over the default 2 days + 1 day.
    Case::new(format!("interval = \"1s\"\n{}", edit("\"2d\"", "\"11d\""))).refused(QUICK);
    Case::new(format!("interval = \"1s\"\n{BASE}")).refused(QUICK);
}

#[test]
fn oversized_endless_and_broken_files_are_refused_without_reading_them_whole() {
    // 50 MB of weekly weights: refused after the first 10 MB are read.
    let mut big = String::from("[demand]\nweekly = [");
    big.push_str(&"1, ".repeat(50_000_000 / 3));
    let said = Case::new(big).refused(QUICK);
    assert!(said.contains("larger than"), "{said}");
    if Path::new("/dev/zero").exists() {
        answers(&["run", "/dev/zero"], 2, QUICK);
        answers(&["validate", "/dev/zero"], 2, QUICK);
    }
    // Nesting far past the parser's limit, and bytes that are not UTF-8.
    let deep = format!("x = {}{}\n{BASE}", "[".repeat(100_000), "]".repeat(100_000));
    let said = Case::new(deep).refused(QUICK);
    assert!(said.contains("attack.toml:1:"), "{said}");
    let mut latin1 = BASE.as_bytes().to_vec();
    latin1.extend(b"# caf\xe9 \xff\xfe\n");
    let said = Case::new(latin1).refused(QUICK);
    assert!(said.contains("attack.toml:13:6"), "{said}");
}

#[test]
fn the_largest_accepted_files_parse_within_a_bounded_memory() {
    // Just under the file ceiling: ~3.3 million weights or ~1 million unknown keys.
    // Parsing costs up to ~85 times the file size; it must not grow past that.
    let room = limits::MAX_FILE_BYTES as usize - BASE.len() - 100;
    let weights = format!("weekly = [{}1]\n", "1, ".repeat(room / 3 - 10));
    let keys: String = (0..)
        .map(|i| format!("k{i} = 1\n"))
        .scan(0, |size, line| {
            *size += line.len();
            (*size < room).then_some(line)
        })
        .collect();
    let bound = Bound {
        wall: Duration::from_secs(60),
        rss_mib: 1024,
    };
    let base_demand = BASE.replace("[channels.chat]", "[demand]\nWEIGHTS\n[channels.chat]");
    for text in [
        base_demand.replace("WEIGHTS", &weights),
        format!("{keys}{BASE}"),
    ] {
        Case::new(text).validate(bound).exited(2);
    }
}

#[test]
fn memory_is_flat_in_replications() {
    // 1000 and 5000 replications of a small scenario: the peak resident memory
    // differs by less than 4 MiB (it grew by about 2.6 kB per replication).
    let case = Case::new(BASE);
    let peak = |reps: &str| {
        let o = case.run(
            &["--reps", reps, "--threads", "2", "--no-charts"],
            Bound {
                wall: Duration::from_secs(120),
                rss_mib: 1024,
            },
        );
        let peak = o.peak_kib;
        o.exited(0);
        peak
    };
    let (few, many) = (peak("1000"), peak("5000"));
    assert!(
        many < few + 4 * 1024,
        "{few} KiB for 1000 replications, {many} KiB for 5000"
    );
}

#[test]
fn a_study_too_large_for_memory_is_refused_before_simulating() {
    // 1000 plans of 10 years at 30 minutes: about 175,000 intervals × 1.8 kB each.
    let text = edit("\"2d\"", "\"3650d\"")
        + "\n[sweep]\n\"teams.core.agents\" = { from = 1, to = 999, step = 1 }\n";
    // `validate` warns (it cannot know the run's --max-memory); `run` refuses
    // before simulating and creates nothing.
    let case = Case::new(text);
    case.validate(QUICK).exited(0);
    let said = case.run(&[], QUICK).exited(2);
    assert!(said.contains("--max-memory"), "{said}");
    assert!(!case.out.exists(), "run left {}", case.out.display());
}

#[test]
fn overload_holds_bounded_memory_whatever_the_threads() {
    // ρ = 5: 3000 contacts an hour on 50 agents at 5 minutes each, nobody
    // abandons: 2400 more wait every hour, in each replication in flight. The
    // estimate allows about 285 MiB for one thread and 275 MiB for each further
    // one, so under a 400 MiB limit the run goes on one thread, says so, and
    // stays under the limit.
    let text = edit("volume_per_hour = 60", "volume_per_hour = 3000")
        .replace("agents = 5", "agents = 50")
        .replace("\"2d\"", "\"14d\"");
    let said = Case::new(text)
        .run(
            &[
                "--reps",
                "4",
                "--threads",
                "2",
                "--max-memory",
                "400MiB",
                "--no-charts",
            ],
            Bound {
                wall: Duration::from_secs(300),
                rss_mib: 400,
            },
        )
        .exited(0);
    assert!(said.contains("1 thread"), "{said}");
}
