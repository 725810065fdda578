//! Hidden directories beside an output directory: telling this module's names
//! from others, removing those of runs that no longer run, and deleting files
//! without ever following a link or entering a subdirectory.

use std::fs;
use std::path::Path;

use super::{Failure, Target, fail};

impl Target {
    /// Removes staging and old directories of runs that no longer run; if the
    /// target is missing (a run was killed between the two renames of the fallback
    /// swap), the newest old set is put back first. Only names staffmix writes are
    /// deleted in them: a directory still holding anything else is left.
    pub(super) fn recover_leftovers(&self) -> Result<(), Failure> {
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
        let owned = self.owned(&[]);
        for (_, _, path) in dead {
            remove_owned(&path, &owned);
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
pub(super) fn alive(pid: u32) -> bool {
    pid == std::process::id()
        || !Path::new("/proc/self").exists()
        || Path::new("/proc").join(pid.to_string()).exists()
}

/// Whether `name` is one of `owned` or an older version's `.NAME.tmp-PID`
/// temporary of one.
pub(super) fn is_owned(name: &str, owned: &[&str]) -> bool {
    let legacy = name
        .strip_prefix('.')
        .and_then(|n| n.rsplit_once(".tmp-"))
        .is_some_and(|(base, pid)| {
            owned.contains(&base) && !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit())
        });
    legacy || owned.contains(&name)
}

/// Removes a staging directory of this process: every file in it (it holds
/// nothing but what this process created), then the directory.
pub(super) fn remove_all(dir: &Path) {
    remove_files(dir, |_| true);
}

/// Deletes the entries of `dir` named in `owned` (or their legacy temporaries)
/// that are not directories, then `dir` if that emptied it. Best effort.
pub(super) fn remove_owned(dir: &Path, owned: &[&str]) {
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
