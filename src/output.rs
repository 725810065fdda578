//! How a run's set of output files reaches disk, replacing the previous set whole.
//!
//! Guarantees (see docs/scenario.md, "Results"):
//! - A reader of the output directory sees the previous complete set or the new
//!   complete set, never a mix, and never a missing directory where the system can
//!   exchange two names. The new set is written into a staging directory
//!   `.NAME.staffmix-tmp-PID-RANDOM` created with `mkdir` beside the target (so it
//!   fails rather than reuse anything that exists, and the swap stays on one file
//!   system); its files are created with `create_new` (`O_CREAT|O_EXCL`, which never
//!   writes through a planted link). Durability is taken at the swap, not file by
//!   file: once every file is written, each is synced, then the staging directory
//!   (so the writes of all files are queued before the first wait for the disk).
//!   A single `syncfs` would wait for every dirty page of the file system, other
//!   programs' included. The swap exchanges the staging and
//!   the output directory in one step (`renameat2(RENAME_EXCHANGE)` on Linux,
//!   `renameatx_np(RENAME_SWAP)` on macOS), then deletes the old set, now under
//!   the staging name. Where the exchange is unsupported (another system, or a file
//!   system that answers `EINVAL`/`ENOSYS`) it falls back to two renames — the old
//!   directory aside to `.NAME.staffmix-old-PID-RANDOM`, the staging directory into
//!   place — so between them the directory is briefly absent (never mixed).
//! - Only staffmix's own files are ever deleted: a directory is replaced only if it
//!   is empty or holds `run.json` and nothing but file names staffmix writes (and
//!   the `.NAME.tmp-PID` temporaries of older versions). [`Target::prepare`]
//!   checks that before the simulation, against every name a run can write, so a
//!   wrong `--out` is refused at once; the swap checks again. Anything else is
//!   refused with an error and left untouched.
//! - An interrupt (SIGINT, SIGTERM, SIGHUP; the binary's `interrupt` module) calls
//!   [`abandon`], which removes this process's staging directories. The swap holds
//!   the lock `abandon` takes (module `live`), so an interrupt lands before a swap
//!   starts (the previous set stays) or after it ended (the new set stays), never
//!   between its renames.
//! - Leftovers of a run that was killed outright (staging and old directories of a
//!   process that no longer runs, as `/proc` tells on Linux) are removed by the next
//!   run; if it was killed between the two renames of the fallback, the next run
//!   first puts the old set back.
//! - Concurrent runs on one directory each stage their own set; the last swap wins
//!   whole.

mod leftovers;
mod live;
mod swap;

pub use live::abandon;

use std::ffi::OsString;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use leftovers::{is_owned, remove_all};

/// Longest output directory name, in bytes: the staging name beside it adds about
/// 45 bytes and file systems allow 255.
pub const MAX_NAME_BYTES: usize = 200;

/// Longest default directory name made from a scenario name, in bytes.
const DEFAULT_NAME_BYTES: usize = 100;

/// The marker file every run writes: a directory holding it is a staffmix output.
pub const MARKER: &str = "run.json";

/// Swaps tried before giving up when other runs keep replacing the directory.
const SWAP_ATTEMPTS: usize = 16;

/// Test-only hook (used by tests/interrupt.rs, harmless elsewhere): at each
/// [`Step`] of [`Target::write_set`], name the step on stderr and sleep this many
/// milliseconds, so a test can interrupt the run at a chosen step.
const STEP_DELAY_VAR: &str = "STAFFMIX_TEST_STEP_DELAY_MS";

/// An output operation that failed: what was being done, on which path, and why.
#[derive(Debug)]
pub struct Failure {
    /// What was being done.
    pub what: &'static str,
    /// The path.
    pub path: PathBuf,
    /// The cause.
    pub source: io::Error,
}

/// A [`Failure`] maker for `path`, for `map_err`.
fn fail(what: &'static str, path: &Path) -> impl FnOnce(io::Error) -> Failure {
    let path = path.to_path_buf();
    move |source| Failure { what, path, source }
}

/// A refusal with a message that says why and how to fix it.
fn refuse(path: &Path, why: String) -> Failure {
    Failure {
        what: "refusing to replace",
        path: path.to_path_buf(),
        source: io::Error::other(why),
    }
}

/// A directory-safe version of a scenario name, at most 100 bytes.
pub fn dir_name(name: &str) -> String {
    let mut s = String::new();
    for c in name.chars() {
        let c = if c.is_alphanumeric() || c == '-' || c == '_' {
            c
        } else {
            '_'
        };
        if s.len() + c.len_utf8() > DEFAULT_NAME_BYTES {
            break;
        }
        s.push(c);
    }
    if s.is_empty() { "scenario".into() } else { s }
}

/// Writes one file atomically: to a fresh, unpredictable name beside it, then
/// renamed over it.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    let name = path
        .file_name()
        .ok_or_else(|| fail("cannot write", path)(io::Error::other("no file name")))?;
    let parent = parent_of(path);
    let mut name = name.to_os_string();
    name.push(format!(
        ".staffmix-tmp-{}-{:016x}",
        std::process::id(),
        rand::random::<u64>()
    ));
    let tmp = parent.join(format!(".{}", name.to_string_lossy()));
    create_file(&tmp, bytes)
        .and_then(|f| f.sync_all().map_err(fail("cannot write", &tmp)))
        .inspect_err(|_| {
            let _ = fs::remove_file(&tmp);
        })?;
    fs::rename(&tmp, path).map_err(|e| {
        let _ = fs::remove_file(&tmp);
        fail("cannot write", path)(e)
    })
}

/// The parent directory of `path` (`.` for a bare name).
fn parent_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// What a file of a set holds, written out on demand, so that a file too big for
/// memory (`replications.csv`) can be streamed into place.
pub trait FileContent {
    /// Writes the content to `w`.
    fn write_to(&self, w: &mut dyn Write) -> io::Result<()>;
}

impl FileContent for [u8] {
    fn write_to(&self, w: &mut dyn Write) -> io::Result<()> {
        w.write_all(self)
    }
}

impl FileContent for Vec<u8> {
    fn write_to(&self, w: &mut dyn Write) -> io::Result<()> {
        w.write_all(self)
    }
}

impl FileContent for staffmix::report::Content<'_> {
    fn write_to(&self, w: &mut dyn Write) -> io::Result<()> {
        staffmix::report::Content::write_to(self, w)
    }
}

/// Creates `path` (failing if anything, even a link, is there) and writes
/// `content`; the caller syncs the file it returns.
fn create_file(path: &Path, content: &(impl FileContent + ?Sized)) -> Result<fs::File, Failure> {
    // Created under the lock: after an interrupt's clean-up, no name appears.
    let opened = {
        let _live = live::lock();
        fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
    };
    let mut f = opened.map_err(fail("cannot write", path))?;
    content
        .write_to(&mut f)
        .map_err(fail("cannot write", path))?;
    Ok(f)
}

/// Makes the staged set durable before it is swapped in: every file, then the
/// staging directory's entries.
fn sync_stage(stage: &Path, files: &[fs::File]) -> Result<(), Failure> {
    for f in files {
        f.sync_all().map_err(fail("cannot write", stage))?;
    }
    fs::File::open(stage)
        .and_then(|d| d.sync_all())
        .map_err(fail("cannot write", stage))
}

/// Where a fault can be injected (tests only pass anything but no-ops).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Before writing the file with this index into the staging directory.
    Write(usize),
    /// Before exchanging the staging and the output directory; an
    /// [`io::ErrorKind::Unsupported`] error there takes the two-rename fallback.
    Exchange,
    /// Before the staging directory is renamed into place (on the fallback, after
    /// the old set was moved aside).
    BetweenRenames,
}

/// [`STEP_DELAY_VAR`]'s line and sleep, at every step.
fn test_delay(step: Step) -> io::Result<()> {
    if let Some(ms) = std::env::var(STEP_DELAY_VAR)
        .ok()
        .and_then(|v| v.parse().ok())
    {
        eprintln!("{STEP_DELAY_VAR}: {step:?}");
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
    Ok(())
}

/// An output directory checked before the simulation: its parent exists, its name
/// fits, and it is absent or a staffmix output.
#[derive(Debug)]
pub struct Target {
    /// The directory.
    dir: PathBuf,
    /// Its parent (where staging directories go).
    parent: PathBuf,
    /// Its final name.
    name: OsString,
    /// Every name a run can write in it, [`MARKER`] included.
    owned: Vec<String>,
}

impl Target {
    /// Checks `dir` before simulating, so errors that can be known are known early:
    /// creates its parent, checks the name's length and that an existing `dir` is a
    /// staffmix output holding nothing but `owned` names (every file a run can
    /// write; [`MARKER`] is added), and cleans up leftovers of interrupted runs.
    pub fn prepare(dir: &Path, owned: &[String]) -> Result<Target, Failure> {
        let name = dir.file_name().ok_or_else(|| {
            refuse(
                dir,
                "the output directory needs a name of its own (not `.`, `..` or `/`)".into(),
            )
        })?;
        if name.len() > MAX_NAME_BYTES {
            return Err(refuse(
                dir,
                format!(
                    "its name is {} bytes long; at most {MAX_NAME_BYTES} fit (choose a shorter --out or scenario name)",
                    name.len()
                ),
            ));
        }
        let parent = parent_of(dir).to_path_buf();
        fs::create_dir_all(&parent).map_err(fail("cannot create output directory", &parent))?;
        let bare = dir.parent().is_none_or(|p| p.as_os_str().is_empty());
        let target = Target {
            dir: if bare { name.into() } else { parent.join(name) },
            parent,
            name: name.to_os_string(),
            owned: owned.iter().cloned().chain([MARKER.into()]).collect(),
        };
        target.recover_leftovers()?;
        target.check_replaceable(&[])?;
        Ok(target)
    }

    /// The output directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The names this target may delete: those given to [`Target::prepare`] and
    /// `extra`.
    fn owned<'a>(&'a self, extra: &[&'a str]) -> Vec<&'a str> {
        let mine = self.owned.iter().map(String::as_str);
        mine.chain(extra.iter().copied()).collect()
    }

    /// Writes `files` as the directory's complete new content. Files of an earlier
    /// run that this one does not write (such as charts) go with the old set if
    /// their names were given to [`Target::prepare`].
    pub fn write_set(&self, files: &[(String, impl FileContent)]) -> Result<(), Failure> {
        self.write_set_with(files, test_delay)
    }

    /// [`Target::write_set`] with `fault` called at each [`Step`] (an error there is
    /// handled as a real one would be).
    fn write_set_with(
        &self,
        files: &[(String, impl FileContent)],
        fault: impl Fn(Step) -> io::Result<()>,
    ) -> Result<(), Failure> {
        let owned: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        let stage = self.fresh_dir("tmp")?;
        let written: Result<Vec<fs::File>, Failure> = files
            .iter()
            .enumerate()
            .map(|(i, (name, content))| {
                let path = stage.join(name);
                fault(Step::Write(i)).map_err(fail("cannot write", &path))?;
                create_file(&path, content)
            })
            .collect();
        let swapped = written
            .and_then(|opened| sync_stage(&stage, &opened))
            .and_then(|()| self.swap_in(&stage, &owned, &fault));
        if swapped.is_err() {
            discard(&stage);
        }
        swapped
    }

    /// A new staging directory beside the target, `.NAME.staffmix-KIND-PID-RANDOM`,
    /// made with `mkdir` (which fails if the name exists) and registered for an
    /// interrupt to remove.
    fn fresh_dir(&self, kind: &str) -> Result<PathBuf, Failure> {
        let mut live = live::lock();
        loop {
            let path = self.unique(kind);
            match fs::create_dir(&path) {
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(fail("cannot create output directory", &path)(e)),
                Ok(()) => {
                    live.add(path.clone());
                    return Ok(path);
                }
            }
        }
    }

    /// An unpredictable name beside the target.
    fn unique(&self, kind: &str) -> PathBuf {
        self.parent.join(format!(
            "{}{kind}-{}-{:016x}",
            self.leftover_prefix(),
            std::process::id(),
            rand::random::<u64>()
        ))
    }

    /// The start of every staging and old directory's name.
    fn leftover_prefix(&self) -> String {
        format!(".{}.staffmix-", self.name.to_string_lossy())
    }

    /// Refuses a target that is not absent, empty or a staffmix output holding
    /// only names this target owns (with `extra`), or an older version's
    /// `.NAME.tmp-PID` temporary of one.
    fn check_replaceable(&self, extra: &[&str]) -> Result<(), Failure> {
        let dir = &self.dir;
        let meta = match fs::symlink_metadata(dir) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
            r => r.map_err(fail("cannot read", dir))?,
        };
        if meta.file_type().is_symlink() {
            return Err(refuse(
                dir,
                "it is a symbolic link; give the directory it points to as --out".into(),
            ));
        }
        if !meta.is_dir() {
            return Err(refuse(
                dir,
                "it is not a directory; choose another --out".into(),
            ));
        }
        let listing = match fs::read_dir(dir) {
            // Another run moved it aside since: nothing is left to check here.
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
            r => r.map_err(fail("cannot read", dir))?,
        };
        let mut entries = Vec::new();
        for entry in listing {
            let entry = entry.map_err(fail("cannot read", dir))?;
            let is_dir = entry
                .file_type()
                .map_err(fail("cannot read", dir))?
                .is_dir();
            entries.push((entry.file_name().to_string_lossy().into_owned(), is_dir));
        }
        if entries.is_empty() {
            return Ok(());
        }
        let not_ours = |why: &str| {
            refuse(
                dir,
                format!(
                    "it {why}, so it is not a staffmix output directory; choose another --out (staffmix replaces its output directory whole)"
                ),
            )
        };
        if !entries.iter().any(|(n, d)| n == MARKER && !d) {
            return Err(not_ours(&format!("holds no {MARKER}")));
        }
        let owned = self.owned(extra);
        if let Some((n, d)) = entries.iter().find(|(n, d)| *d || !is_owned(n, &owned)) {
            let kind = if *d { "directory" } else { "file" };
            return Err(not_ours(&format!(
                "holds the {kind} `{n}`, which staffmix does not write"
            )));
        }
        Ok(())
    }
}

/// Removes a staging directory that will not be swapped in, and forgets it.
fn discard(stage: &Path) {
    let mut live = live::lock();
    remove_all(stage);
    live.forget(stage);
}

#[cfg(test)]
/// The output set's atomicity, with injected faults.
mod tests {
    use super::leftovers::alive;
    use super::*;

    /// Files as the app passes them.
    fn set(names: &[&str], tag: &str) -> Vec<(String, Vec<u8>)> {
        names
            .iter()
            .map(|n| (n.to_string(), format!("{tag}:{n}").into_bytes()))
            .collect()
    }

    const FULL: &[&str] = &["summary.json", "plans.csv", "chart.svg", "run.json"];
    const NO_CHARTS: &[&str] = &["summary.json", "plans.csv", "run.json"];

    /// The directory's entries, sorted, with their contents.
    fn contents(dir: &Path) -> Vec<(String, String)> {
        let mut v: Vec<_> = fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                let text = fs::read_to_string(e.path()).unwrap_or_default();
                (e.file_name().to_string_lossy().into_owned(), text)
            })
            .collect();
        v.sort();
        v
    }

    /// The expected contents for `set(names, tag)`.
    fn expected(names: &[&str], tag: &str) -> Vec<(String, String)> {
        let mut v: Vec<_> = names
            .iter()
            .map(|n| (n.to_string(), format!("{tag}:{n}")))
            .collect();
        v.sort();
        v
    }

    /// Names in `parent` other than `keep`.
    fn others(parent: &Path, keep: &[&str]) -> Vec<String> {
        fs::read_dir(parent)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| !keep.contains(&n.as_str()))
            .collect()
    }

    /// Every name the test runs can write (with run.json).
    fn owned() -> Vec<String> {
        ["summary.json", "plans.csv", "chart.svg", "chart.png"]
            .map(String::from)
            .into()
    }

    /// [`Target::prepare`] with [`owned`].
    fn prepare(dir: &Path) -> Result<Target, Failure> {
        Target::prepare(dir, &owned())
    }

    /// A target `out` in a fresh directory, holding a first complete set "one".
    fn first_run() -> (tempfile::TempDir, Target) {
        let tmp = tempfile::tempdir().unwrap();
        let target = prepare(&tmp.path().join("out")).unwrap();
        target.write_set(&set(FULL, "one")).unwrap();
        (tmp, target)
    }

    #[test]
    fn a_second_run_replaces_the_first_whole() {
        let (tmp, target) = first_run();
        assert_eq!(contents(target.dir()), expected(FULL, "one"));
        let target = prepare(target.dir()).unwrap();
        target.write_set(&set(NO_CHARTS, "two")).unwrap();
        assert_eq!(
            contents(target.dir()),
            expected(NO_CHARTS, "two"),
            "no stale chart"
        );
        assert!(
            others(tmp.path(), &["out"]).is_empty(),
            "nothing left beside"
        );
    }

    /// A fault that fails ("disk full") at `step`, and forces the two-rename
    /// fallback when `fallback`.
    fn fault_at(step: Step, fallback: bool) -> impl Fn(Step) -> io::Result<()> {
        move |s| match s {
            s if s == step => Err(io::Error::other("disk full")),
            Step::Exchange if fallback => Err(io::ErrorKind::Unsupported.into()),
            _ => Ok(()),
        }
    }

    #[test]
    fn a_fault_anywhere_leaves_the_previous_set_and_nothing_beside() {
        let steps = [
            (Step::Write(0), false),
            (Step::Write(2), false),
            (Step::Exchange, false),
            (Step::Write(2), true),
            (Step::BetweenRenames, true),
        ];
        for (step, fallback) in steps {
            let (tmp, target) = first_run();
            let err = target
                .write_set_with(&set(NO_CHARTS, "two"), fault_at(step, fallback))
                .unwrap_err();
            let case = format!("{step:?}, fallback {fallback}");
            assert!(err.source.to_string().contains("disk full"), "{case}");
            assert_eq!(contents(target.dir()), expected(FULL, "one"), "{case}");
            assert!(others(tmp.path(), &["out"]).is_empty(), "{case}: leftovers");
        }
    }

    #[test]
    fn both_swaps_replace_the_set_whole_and_leave_nothing_beside() {
        for fallback in [false, true] {
            let (tmp, target) = first_run();
            let never = Step::Write(usize::MAX);
            target
                .write_set_with(&set(NO_CHARTS, "two"), fault_at(never, fallback))
                .unwrap();
            assert_eq!(contents(target.dir()), expected(NO_CHARTS, "two"));
            assert!(others(tmp.path(), &["out"]).is_empty(), "{fallback}");
        }
    }

    /// Whether a reader polling the directory while sets are swapped in (each
    /// swap slowed down by 20 ms just before it renames) ever finds it missing.
    fn reader_sees_a_gap(fallback: bool) -> bool {
        let (_tmp, target) = first_run();
        let done = std::sync::atomic::AtomicBool::new(false);
        let slow = |s| {
            if matches!(s, Step::Exchange | Step::BetweenRenames) {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            match s {
                Step::Exchange if fallback => Err(io::ErrorKind::Unsupported.into()),
                _ => Ok(()),
            }
        };
        std::thread::scope(|s| {
            let reader = s.spawn(|| {
                let mut gap = false;
                while !done.load(std::sync::atomic::Ordering::Relaxed) {
                    gap |= !target.dir().join(MARKER).exists();
                }
                gap
            });
            for _ in 0..10 {
                target.write_set_with(&set(FULL, "two"), slow).unwrap();
            }
            done.store(true, std::sync::atomic::Ordering::Relaxed);
            reader.join().unwrap()
        })
    }

    #[test]
    fn the_exchange_never_leaves_the_directory_missing() {
        assert!(!reader_sees_a_gap(false), "a reader found no set");
        // Power: the fallback's gap between its two renames is seen.
        assert!(reader_sees_a_gap(true), "the fallback's gap went unseen");
    }

    #[test]
    fn an_unwritable_staging_file_leaves_the_previous_set() {
        let (tmp, target) = first_run();
        // A name that cannot be created as a file inside the staging directory.
        let bad = set(&["summary.json", "no/such/dir.csv", "run.json"], "two");
        assert!(target.write_set(&bad).is_err());
        assert_eq!(contents(target.dir()), expected(FULL, "one"));
        assert!(others(tmp.path(), &["out"]).is_empty());
    }

    /// A process id that does not run.
    fn dead_pid() -> u32 {
        (u32::MAX / 2..).find(|p| !alive(*p)).unwrap()
    }

    /// A leftover directory name of a process that does not run.
    fn dead(target: &Target, kind: &str) -> PathBuf {
        let pid = dead_pid();
        target.parent.join(format!(
            "{}{kind}-{pid}-{:016x}",
            target.leftover_prefix(),
            7
        ))
    }

    #[test]
    fn a_run_killed_between_renames_is_recovered_by_the_next() {
        let (tmp, target) = first_run();
        // Killed after moving the old set aside, before renaming its staging dir in.
        let old = dead(&target, "old");
        fs::rename(target.dir(), &old).unwrap();
        let stage = dead(&target, "tmp");
        fs::create_dir(&stage).unwrap();
        fs::write(stage.join("summary.json"), "half").unwrap();
        let target = prepare(target.dir()).unwrap();
        assert_eq!(
            contents(target.dir()),
            expected(FULL, "one"),
            "old set back"
        );
        assert!(others(tmp.path(), &["out"]).is_empty(), "leftovers removed");
        // A dead run's old set that a user file slipped into keeps that file.
        let old = dead(&target, "old");
        fs::create_dir(&old).unwrap();
        fs::write(old.join("summary.json"), "old").unwrap();
        fs::write(old.join("notes.txt"), "mine").unwrap();
        prepare(target.dir()).unwrap();
        assert_eq!(contents(&old), [("notes.txt".into(), "mine".into())]);
    }

    #[test]
    fn leftovers_of_live_runs_and_foreign_names_are_kept() {
        let (tmp, target) = first_run();
        let live = target.unique("tmp");
        fs::create_dir(&live).unwrap();
        let foreign = tmp
            .path()
            .join(format!(".out.staffmix-old-{}-notrandom", dead_pid()));
        fs::create_dir(&foreign).unwrap();
        prepare(target.dir()).unwrap();
        assert!(live.exists() && foreign.exists());
    }

    /// A file outside the output directory that a planted link points to.
    fn victim(dir: &Path) -> PathBuf {
        let path = dir.join("victim.txt");
        fs::write(&path, "precious").unwrap();
        path
    }

    #[cfg(unix)]
    #[test]
    fn a_planted_link_at_an_old_temporary_name_is_not_followed() {
        let (tmp, target) = first_run();
        let victim = victim(tmp.path());
        let planted = target
            .dir()
            .join(format!(".summary.json.tmp-{}", std::process::id()));
        std::os::unix::fs::symlink(&victim, &planted).unwrap();
        let target = prepare(target.dir()).unwrap();
        target.write_set(&set(FULL, "two")).unwrap();
        assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
        assert_eq!(contents(target.dir()), expected(FULL, "two"), "link gone");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_planted_in_the_staging_directory_is_not_written_through() {
        let (tmp, target) = first_run();
        let victim = victim(tmp.path());
        let err = target
            .write_set_with(&set(FULL, "two"), |s| {
                if s == Step::Write(1) {
                    // An attacker who guessed the staging name plants a link in it.
                    let stage = fs::read_dir(tmp.path())
                        .unwrap()
                        .map(|e| e.unwrap().path())
                        .find(|p| p.to_string_lossy().contains("staffmix-tmp"))
                        .unwrap();
                    std::os::unix::fs::symlink(&victim, stage.join("plans.csv"))?;
                }
                Ok(())
            })
            .unwrap_err();
        assert_eq!(err.source.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
        assert_eq!(contents(target.dir()), expected(FULL, "one"));
    }

    #[test]
    fn directories_that_are_not_outputs_are_refused_and_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let home = tmp.path().join("home");
        fs::create_dir(&home).unwrap();
        fs::write(home.join("notes.txt"), "mine").unwrap();
        let err = prepare(&home).unwrap_err();
        assert!(
            err.source.to_string().contains("holds no run.json"),
            "{}",
            err.source
        );
        // A staffmix output the user added a file to: refused before simulating,
        // or at the swap if added after that check.
        let (_tmp, target) = first_run();
        fs::write(target.dir().join("notes.txt"), "mine").unwrap();
        let early = prepare(target.dir()).unwrap_err();
        let late = target.write_set(&set(FULL, "two")).unwrap_err();
        for err in [early, late] {
            let why = err.source.to_string();
            assert!(why.contains("holds the file `notes.txt`"), "{why}");
        }
        // Every name a run can write is accepted before simulating.
        fs::remove_file(target.dir().join("notes.txt")).unwrap();
        for name in owned() {
            fs::write(target.dir().join(name), "one").unwrap();
        }
        prepare(target.dir()).unwrap();
        fs::write(target.dir().join("notes.txt"), "mine").unwrap();
        assert_eq!(
            fs::read_to_string(target.dir().join("notes.txt")).unwrap(),
            "mine"
        );
        assert_eq!(
            fs::read_to_string(target.dir().join("run.json")).unwrap(),
            "one:run.json"
        );
        // A subdirectory is never ours.
        fs::remove_file(target.dir().join("notes.txt")).unwrap();
        fs::create_dir(target.dir().join("sub")).unwrap();
        assert!(prepare(target.dir()).is_err());
    }

    #[test]
    fn bad_paths_fail_before_simulating() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("file");
        fs::write(&file, "x").unwrap();
        assert!(prepare(&file).is_err(), "a file");
        assert!(prepare(&file.join("out")).is_err(), "parent is a file");
        let long = tmp.path().join("n".repeat(MAX_NAME_BYTES + 1));
        let err = prepare(&long).unwrap_err();
        assert!(
            err.source.to_string().contains("at most 200"),
            "{}",
            err.source
        );
        prepare(&tmp.path().join("n".repeat(MAX_NAME_BYTES))).unwrap();
        let link = tmp.path().join("link");
        std::os::unix::fs::symlink(tmp.path(), &link).unwrap();
        assert!(prepare(&link).is_err(), "a link");
        assert!(prepare(Path::new("/")).is_err());
        let nested = tmp.path().join("a/b/out");
        prepare(&nested).unwrap();
        assert!(nested.parent().unwrap().is_dir() && !nested.exists());
    }

    #[test]
    fn default_names_are_safe_and_bounded() {
        assert_eq!(dir_name("Black Friday/2026"), "Black_Friday_2026");
        assert_eq!(dir_name(""), "scenario");
        assert_eq!(dir_name(&"x".repeat(300)).len(), 100);
        // Multi-byte letters are cut at a character boundary.
        let n = dir_name(&"é".repeat(300));
        assert!(n.len() <= 100 && n.len() >= 99 && n.chars().all(|c| c == 'é'));
    }

    #[test]
    fn concurrent_runs_never_mix() {
        let (_tmp, target) = first_run();
        std::thread::scope(|s| {
            for tag in ["a", "b", "c", "d"] {
                let target = &target;
                s.spawn(move || {
                    for _ in 0..20 {
                        target.write_set(&set(FULL, tag)).unwrap();
                        target.write_set(&set(NO_CHARTS, tag)).unwrap();
                    }
                });
            }
        });
        let got = contents(target.dir());
        let tag = got[0].1.split(':').next().unwrap().to_string();
        assert!(
            got == expected(FULL, &tag) || got == expected(NO_CHARTS, &tag),
            "{got:?}"
        );
    }

    #[test]
    fn single_files_are_replaced_atomically() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("s.toml");
        write_file(&path, b"one").unwrap();
        write_file(&path, b"two").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "two");
        assert_eq!(others(tmp.path(), &["s.toml"]), Vec::<String>::new());
    }
}
