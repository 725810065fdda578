//! How a run's set of output files reaches disk, replacing the previous set whole.
//!
//! Guarantees (see docs/scenario.md, "Results"):
//! - A reader of the output directory sees the previous complete set or the new
//!   complete set, never a mix. The new set is written into a staging directory
//!   `.NAME.staffmix-tmp-PID-RANDOM` created with `mkdir` beside the target (so it
//!   fails rather than reuse anything that exists, and the rename stays on one file
//!   system); its files are created with `create_new` (`O_CREAT|O_EXCL`, which never
//!   writes through a planted link) and synced. The swap is two renames — the old
//!   directory aside to `.NAME.staffmix-old-PID-RANDOM`, the staging directory into
//!   place — so between them the directory is briefly absent (never mixed); then the
//!   old set is deleted.
//! - Only staffmix's own files are ever deleted: a directory is replaced only if it
//!   is empty or holds `run.json` and nothing but file names staffmix writes (and
//!   the `.NAME.tmp-PID` temporaries of older versions); anything else is refused
//!   with an error and left untouched.
//! - Leftovers of a run that was killed (staging and old directories of a process
//!   that no longer runs, as `/proc` tells on Linux) are removed by the next run;
//!   if it was killed between the two renames, the next run first puts the old set
//!   back. No signal handler is installed: Ctrl-C relies on this clean-up.
//! - Concurrent runs on one directory each stage their own set; the last swap wins
//!   whole.

use std::ffi::OsString;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Longest output directory name, in bytes: the staging name beside it adds about
/// 45 bytes and file systems allow 255.
pub const MAX_NAME_BYTES: usize = 200;

/// Longest default directory name made from a scenario name, in bytes.
const DEFAULT_NAME_BYTES: usize = 100;

/// The marker file every run writes: a directory holding it is a staffmix output.
const MARKER: &str = "run.json";

/// Swaps tried before giving up when other runs keep replacing the directory.
const SWAP_ATTEMPTS: usize = 16;

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
    create_file(&tmp, bytes).inspect_err(|_| {
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

/// Creates `path` (failing if anything, even a link, is there), writes `content`
/// and syncs it.
fn create_file(path: &Path, content: &(impl FileContent + ?Sized)) -> Result<(), Failure> {
    let mut f = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(fail("cannot write", path))?;
    content
        .write_to(&mut f)
        .and_then(|_| f.sync_all())
        .map_err(fail("cannot write", path))
}

/// Where a fault can be injected (tests only pass anything but no-ops).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Before writing the file with this index into the staging directory.
    Write(usize),
    /// After the old set was moved aside, before the new one is renamed in.
    BetweenRenames,
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
}

impl Target {
    /// Checks `dir` before simulating, so errors that can be known are known early:
    /// creates its parent, checks the name's length and that an existing `dir` is a
    /// staffmix output, and cleans up leftovers of interrupted runs.
    pub fn prepare(dir: &Path) -> Result<Target, Failure> {
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
        };
        target.recover_leftovers()?;
        target.check_replaceable(None)?;
        Ok(target)
    }

    /// The output directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes `files` as the directory's complete new content. `owned` are the
    /// other names a run can write (files of an earlier run that this one does not
    /// write, such as charts): with `files`, they may be deleted.
    pub fn write_set(
        &self,
        files: &[(String, impl FileContent)],
        owned: &[String],
    ) -> Result<(), Failure> {
        self.write_set_with(files, owned, |_| Ok(()))
    }

    /// [`Target::write_set`] with `fault` called at each [`Step`] (an error there is
    /// handled as a real one would be).
    fn write_set_with(
        &self,
        files: &[(String, impl FileContent)],
        owned: &[String],
        fault: impl Fn(Step) -> io::Result<()>,
    ) -> Result<(), Failure> {
        let owned: Vec<&str> = files
            .iter()
            .map(|(n, _)| n.as_str())
            .chain(owned.iter().map(String::as_str))
            .collect();
        let stage = self.fresh_dir("tmp")?;
        let written = files
            .iter()
            .enumerate()
            .try_for_each(|(i, (name, content))| {
                let path = stage.join(name);
                fault(Step::Write(i)).map_err(fail("cannot write", &path))?;
                create_file(&path, content)
            });
        let swapped = written.and_then(|()| self.swap_in(&stage, &owned, &fault));
        if swapped.is_err() {
            remove_owned(&stage, &owned);
        }
        swapped
    }

    /// A new directory beside the target, `.NAME.staffmix-KIND-PID-RANDOM`, made
    /// with `mkdir` (which fails if the name exists).
    fn fresh_dir(&self, kind: &str) -> Result<PathBuf, Failure> {
        loop {
            let path = self.unique(kind);
            match fs::create_dir(&path) {
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(fail("cannot create output directory", &path)(e)),
                Ok(()) => return Ok(path),
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

    /// Moves the current set (if any) aside and `stage` into place, then deletes the
    /// old set. Retries when another run swaps at the same moment.
    fn swap_in(
        &self,
        stage: &Path,
        owned: &[&str],
        fault: &impl Fn(Step) -> io::Result<()>,
    ) -> Result<(), Failure> {
        for _ in 0..SWAP_ATTEMPTS {
            let aside = match fs::symlink_metadata(&self.dir) {
                Err(e) if e.kind() == io::ErrorKind::NotFound => None,
                Err(e) => return Err(fail("cannot read", &self.dir)(e)),
                Ok(_) => {
                    self.check_replaceable(Some(owned))?;
                    let aside = self.unique("old");
                    match fs::rename(&self.dir, &aside) {
                        Ok(()) => Some(aside),
                        Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                        Err(e) => return Err(fail("cannot replace", &self.dir)(e)),
                    }
                }
            };
            let renamed = fault(Step::BetweenRenames).and_then(|()| fs::rename(stage, &self.dir));
            match (renamed, aside) {
                (Ok(()), aside) => {
                    // Best effort: what is left is removed by the next run.
                    if let Some(old) = aside {
                        remove_owned(&old, owned);
                    }
                    if let Ok(d) = fs::File::open(&self.parent) {
                        let _ = d.sync_all();
                    }
                    return Ok(());
                }
                // Another run put its set in place between our renames: it wins
                // unless we retry and replace it whole.
                (Err(_), Some(old)) if self.dir.exists() => remove_owned(&old, owned),
                (Err(_), None) if self.dir.exists() => {}
                (Err(e), aside) => {
                    if let Some(old) = aside {
                        let _ = fs::rename(&old, &self.dir);
                    }
                    return Err(fail("cannot replace", &self.dir)(e));
                }
            }
        }
        Err(refuse(
            &self.dir,
            "other runs kept replacing it at the same time; run again".into(),
        ))
    }

    /// Refuses a target that is not absent, empty or a staffmix output. With
    /// `owned`, every entry must also be one of those names (or an older version's
    /// `.NAME.tmp-PID` temporary of one).
    fn check_replaceable(&self, owned: Option<&[&str]>) -> Result<(), Failure> {
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
        if let Some((n, d)) = entries
            .iter()
            .find(|(n, d)| *d || owned.is_some_and(|o| !is_owned(n, o)))
        {
            let kind = if *d { "directory" } else { "file" };
            return Err(not_ours(&format!(
                "holds the {kind} `{n}`, which staffmix does not write"
            )));
        }
        Ok(())
    }

    /// Removes staging and old directories of runs that no longer run; if the
    /// target is missing (a run was killed between its renames), the newest old set
    /// is put back first.
    fn recover_leftovers(&self) -> Result<(), Failure> {
        let prefix = self.leftover_prefix();
        let mut dead = Vec::new();
        for entry in fs::read_dir(&self.parent).map_err(fail("cannot read", &self.parent))? {
            let Ok(entry) = entry else { continue };
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(rest) = name.strip_prefix(&prefix) else {
                continue;
            };
            let Some((kind, pid)) = parse_leftover(rest) else {
                continue;
            };
            if !alive(pid) {
                let modified = entry.metadata().and_then(|m| m.modified()).ok();
                dead.push((kind == "old", modified, entry.path()));
            }
        }
        let newest_old = dead.iter().filter(|d| d.0).max_by_key(|d| d.1);
        if let Some((_, _, newest)) = newest_old.filter(|_| !self.dir.exists()) {
            let _ = fs::rename(newest, &self.dir);
        }
        for (_, _, path) in dead {
            remove_leftover(&path);
        }
        Ok(())
    }
}

/// `KIND-PID-RANDOM` → (KIND, PID), for the kinds this module makes.
fn parse_leftover(rest: &str) -> Option<(&str, u32)> {
    let (kind, rest) = rest.split_once('-')?;
    let (pid, random) = rest.split_once('-')?;
    let ok = matches!(kind, "tmp" | "old")
        && random.len() == 16
        && random.bytes().all(|b| b.is_ascii_hexdigit());
    ok.then_some((kind, pid.parse().ok()?))
}

/// Whether process `pid` runs (assumed yes where `/proc` cannot tell).
fn alive(pid: u32) -> bool {
    pid == std::process::id()
        || !Path::new("/proc/self").exists()
        || Path::new("/proc").join(pid.to_string()).exists()
}

/// Whether `name` is one of `owned` or an older version's `.NAME.tmp-PID`
/// temporary of one.
fn is_owned(name: &str, owned: &[&str]) -> bool {
    let legacy = name
        .strip_prefix('.')
        .and_then(|n| n.rsplit_once(".tmp-"))
        .is_some_and(|(base, pid)| {
            owned.contains(&base) && !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit())
        });
    legacy || owned.contains(&name)
}

/// Removes a leftover directory's files (never following links, never entering
/// subdirectories), then the directory if that emptied it. Its name, with a random
/// part, is one only this module makes.
fn remove_leftover(dir: &Path) {
    remove_files(dir, |_| true);
}

/// Deletes the entries of `dir` named in `owned` (or their legacy temporaries)
/// that are not directories, then `dir` if that emptied it. Best effort.
fn remove_owned(dir: &Path, owned: &[&str]) {
    remove_files(dir, |name| is_owned(name, owned));
}

/// Deletes the entries of `dir` that are not directories and whose names pass
/// `keep_out`, then `dir` if that emptied it. Best effort: unlinking never follows
/// a link, and what is left is retried by the next run.
fn remove_files(dir: &Path, keep_out: impl Fn(&str) -> bool) {
    if let Ok(entries) = fs::read_dir(dir) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if e.file_type().is_ok_and(|t| !t.is_dir()) && keep_out(&name) {
                let _ = fs::remove_file(e.path());
            }
        }
    }
    let _ = fs::remove_dir(dir);
}

#[cfg(test)]
/// The output set's atomicity, with injected faults.
mod tests {
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

    fn owned() -> Vec<String> {
        vec!["chart.svg".into(), "chart.png".into()]
    }

    /// A target `out` in a fresh directory, holding a first complete set "one".
    fn first_run() -> (tempfile::TempDir, Target) {
        let tmp = tempfile::tempdir().unwrap();
        let target = Target::prepare(&tmp.path().join("out")).unwrap();
        target.write_set(&set(FULL, "one"), &owned()).unwrap();
        (tmp, target)
    }

    #[test]
    fn a_second_run_replaces_the_first_whole() {
        let (tmp, target) = first_run();
        assert_eq!(contents(target.dir()), expected(FULL, "one"));
        let target = Target::prepare(target.dir()).unwrap();
        target.write_set(&set(NO_CHARTS, "two"), &owned()).unwrap();
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

    #[test]
    fn a_fault_anywhere_leaves_the_previous_set_and_nothing_beside() {
        for step in [Step::Write(0), Step::Write(2), Step::BetweenRenames] {
            let (tmp, target) = first_run();
            let err = target
                .write_set_with(&set(NO_CHARTS, "two"), &owned(), |s| {
                    if s == step {
                        Err(io::Error::other("disk full"))
                    } else {
                        Ok(())
                    }
                })
                .unwrap_err();
            assert!(err.source.to_string().contains("disk full"), "{step:?}");
            assert_eq!(contents(target.dir()), expected(FULL, "one"), "{step:?}");
            assert!(
                others(tmp.path(), &["out"]).is_empty(),
                "{step:?}: leftovers"
            );
        }
    }

    #[test]
    fn an_unwritable_staging_file_leaves_the_previous_set() {
        let (tmp, target) = first_run();
        // A name that cannot be created as a file inside the staging directory.
        let bad = set(&["summary.json", "no/such/dir.csv", "run.json"], "two");
        assert!(target.write_set(&bad, &owned()).is_err());
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
        let target = Target::prepare(target.dir()).unwrap();
        assert_eq!(
            contents(target.dir()),
            expected(FULL, "one"),
            "old set back"
        );
        assert!(others(tmp.path(), &["out"]).is_empty(), "leftovers removed");
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
        Target::prepare(target.dir()).unwrap();
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
        let target = Target::prepare(target.dir()).unwrap();
        target.write_set(&set(FULL, "two"), &owned()).unwrap();
        assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
        assert_eq!(contents(target.dir()), expected(FULL, "two"), "link gone");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_planted_in_the_staging_directory_is_not_written_through() {
        let (tmp, target) = first_run();
        let victim = victim(tmp.path());
        let err = target
            .write_set_with(&set(FULL, "two"), &owned(), |s| {
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
        let err = Target::prepare(&home).unwrap_err();
        assert!(
            err.source.to_string().contains("holds no run.json"),
            "{}",
            err.source
        );
        // A staffmix output the user added a file to: refused at the swap.
        let (_tmp, target) = first_run();
        fs::write(target.dir().join("notes.txt"), "mine").unwrap();
        let err = target.write_set(&set(FULL, "two"), &owned()).unwrap_err();
        assert!(
            err.source.to_string().contains("`notes.txt`"),
            "{}",
            err.source
        );
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
        assert!(Target::prepare(target.dir()).is_err());
    }

    #[test]
    fn bad_paths_fail_before_simulating() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("file");
        fs::write(&file, "x").unwrap();
        assert!(Target::prepare(&file).is_err(), "a file");
        assert!(
            Target::prepare(&file.join("out")).is_err(),
            "parent is a file"
        );
        let long = tmp.path().join("n".repeat(MAX_NAME_BYTES + 1));
        let err = Target::prepare(&long).unwrap_err();
        assert!(
            err.source.to_string().contains("at most 200"),
            "{}",
            err.source
        );
        Target::prepare(&tmp.path().join("n".repeat(MAX_NAME_BYTES))).unwrap();
        let link = tmp.path().join("link");
        std::os::unix::fs::symlink(tmp.path(), &link).unwrap();
        assert!(Target::prepare(&link).is_err(), "a link");
        assert!(Target::prepare(Path::new("/")).is_err());
        let nested = tmp.path().join("a/b/out");
        Target::prepare(&nested).unwrap();
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
                        target.write_set(&set(FULL, tag), &owned()).unwrap();
                        target.write_set(&set(NO_CHARTS, tag), &owned()).unwrap();
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
