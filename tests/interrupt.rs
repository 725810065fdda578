//! The output directory under interrupts (SIGINT, SIGTERM, SIGHUP at many moments,
//! during the simulation and during writing) and under concurrent runs, with the
//! real binary: it always holds one complete set and nothing is left beside it.

use std::io::{BufRead, BufReader, Read};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::Duration;

use rustix::process::{Pid, Signal, kill_process};

const QUICKSTART: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/quickstart.toml");

/// The binary's test-only hook: milliseconds slept at each step of writing the
/// set (before each file, before the swap), widening the windows to hit.
const STEP_DELAY_VAR: &str = "STAFFMIX_TEST_STEP_DELAY_MS";

/// `staffmix run` of the quickstart with `seed` into `out`, each writing step
/// slowed by `delay_ms`.
fn run(out: &Path, seed: u64, delay_ms: u64) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("staffmix"));
    cmd.args([
        "run",
        QUICKSTART,
        "--quiet",
        "--reps",
        "8",
        "--threads",
        "1",
    ])
    .args(["--seed", &seed.to_string(), "--out"])
    .arg(out)
    .env(STEP_DELAY_VAR, delay_ms.to_string())
    .stdout(Stdio::null())
    .stderr(Stdio::piped());
    cmd
}

/// Every file of `dir`, sorted by name, with its bytes (but `run.json`'s, which
/// holds the wall time).
fn set(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| {
            let path = e.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let bytes = if name == "run.json" {
                Vec::new()
            } else {
                std::fs::read(&path).unwrap()
            };
            (name, bytes)
        })
        .collect();
    files.sort();
    files
}

/// The complete set a run with `seed` writes.
fn reference(seed: u64) -> Vec<(String, Vec<u8>)> {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    assert!(run(&out, seed, 0).status().unwrap().success());
    set(&out)
}

/// Names beside `out` in its parent, but `out` itself.
fn beside(out: &Path) -> Vec<String> {
    std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "out")
        .collect()
}

/// Sends `sig` to `child`.
fn signal(child: &Child, sig: Signal) {
    kill_process(Pid::from_child(child), sig).unwrap();
}

/// When to interrupt a run.
#[derive(Debug, Clone, Copy)]
enum Moment {
    /// This long after the start (during the simulation).
    After(Duration),
    /// While the run sleeps at the step the hook names with this line's end:
    /// `Write(3)` (writing the staging directory), `Exchange` (in the swap).
    At(&'static str),
}

/// Runs the quickstart with seed 2 into `out`, sends `sig` at `moment`, and
/// returns the exit status and standard error.
fn interrupted(out: &Path, sig: Signal, moment: Moment) -> (ExitStatus, String) {
    let mut child = run(out, 2, 30).spawn().unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut text = String::new();
    match moment {
        Moment::After(at) => {
            std::thread::sleep(at);
            signal(&child, sig);
        }
        Moment::At(step) => loop {
            let mut line = String::new();
            if stderr.read_line(&mut line).unwrap() == 0 {
                break; // Finished without reaching the step: the caller sees it.
            }
            text.push_str(&line);
            if line.trim_end().ends_with(&format!(": {step}")) {
                signal(&child, sig);
                break;
            }
        },
    }
    stderr.read_to_string(&mut text).unwrap();
    (child.wait().unwrap(), text)
}

#[test]
fn interrupts_at_any_moment_leave_one_whole_set_and_nothing_beside() {
    let (previous, new) = (reference(1), reference(2));
    assert_ne!(previous, new);
    let files = new.len();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    assert!(run(&out, 1, 0).status().unwrap().success());
    // During the simulation (about 0.4 s here; the first may come before the
    // handler is installed), at every file written into the staging directory,
    // and inside the swap.
    let mut moments: Vec<Moment> = [0, 50, 100, 200, 300]
        .map(|ms| Moment::After(Duration::from_millis(ms)))
        .into();
    let writes: Vec<&'static str> = (0..files).map(|i| &*format!("Write({i})").leak()).collect();
    moments.extend(writes.into_iter().map(Moment::At));
    moments.push(Moment::At("Exchange"));
    for (i, &moment) in moments.iter().enumerate() {
        let sig = [Signal::INT, Signal::TERM, Signal::HUP][i % 3];
        let (status, stderr) = interrupted(&out, sig, moment);
        let got = set(&out);
        let case = format!("{sig:?} at {moment:?}: {status:?}, {stderr}");
        match moment {
            // Killed before the handler was installed: nothing was written yet.
            Moment::After(_) if status.signal().is_some() => assert!(got == previous, "{case}"),
            // In the swap: the handler waits for it to end, the new set stays
            // (and the run may even finish before the handler exits).
            Moment::At("Exchange") => {
                let said = stderr.contains("interrupted: the new results in");
                let code = status.code();
                assert!(code == Some(0) || (code == Some(130) && said), "{case}");
                assert!(got == new, "{case}");
            }
            _ => {
                assert_eq!(status.code(), Some(130), "{case}");
                let line = "the previous results in";
                assert!(
                    stderr.contains(line) && stderr.contains("unchanged"),
                    "{case}"
                );
                assert!(got == previous, "{case}");
            }
        }
        assert_eq!(beside(&out), Vec::<String>::new(), "{case}: leftovers");
        if got == new {
            assert!(run(&out, 1, 0).status().unwrap().success());
        }
    }
}

#[test]
fn concurrent_runs_on_one_directory_leave_one_whole_set() {
    let sets = [reference(3), reference(4)];
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    for round in 0..4 {
        // Slowed steps make the two swaps overlap in time.
        let children = [3, 4].map(|seed| run(&out, seed, 15 * (round + 1)).spawn().unwrap());
        for child in children {
            let o = child.wait_with_output().unwrap();
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        }
        let got = set(&out);
        assert!(sets.contains(&got), "round {round}: a mixed set");
        assert_eq!(
            beside(&out),
            Vec::<String>::new(),
            "round {round}: leftovers"
        );
    }
}
