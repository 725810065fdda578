//! This process's staging directories while they exist, and the lock that keeps an
//! interrupt from removing them in the middle of a swap.
//!
//! Every step that makes a name beside or inside the output directory (creating a
//! staging directory, creating a file in it) and the whole swap hold [`lock`]. An
//! interrupt handler calls [`abandon`], which takes the lock and never gives it
//! back: it runs either before a swap starts or after it ended, never between its
//! renames, and once it has removed the staging directories no new name appears.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// What this process has on disk beside its output directories now.
#[derive(Debug)]
pub(super) struct Live {
    /// Staging directories not yet swapped in or removed.
    staging: Vec<PathBuf>,
    /// Whether a new set was swapped in.
    replaced: bool,
}

/// The one registry of the process.
static LIVE: Mutex<Live> = Mutex::new(Live {
    staging: Vec::new(),
    replaced: false,
});

/// Takes the registry's lock (a panic elsewhere while holding it leaves the list
/// usable: each change to it is one push, retain or store).
pub(super) fn lock() -> MutexGuard<'static, Live> {
    LIVE.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Live {
    /// Records a staging directory just made.
    pub(super) fn add(&mut self, dir: PathBuf) {
        self.staging.push(dir);
    }

    /// Forgets a staging directory that was swapped in or removed.
    pub(super) fn forget(&mut self, dir: &Path) {
        self.staging.retain(|d| d != dir);
    }

    /// Records that a new set is in place.
    pub(super) fn set_replaced(&mut self) {
        self.replaced = true;
    }

    /// Removes every staging directory; whether a new set was swapped in.
    fn clean_up(&mut self) -> bool {
        for dir in self.staging.drain(..) {
            super::leftovers::remove_all(&dir);
        }
        self.replaced
    }
}

/// For an interrupt: removes this process's staging directories and blocks every
/// later output step of the process for good (the caller exits). Returns whether a
/// new set had already been swapped in (then it is complete and stays).
pub fn abandon() -> bool {
    let mut live = lock();
    let replaced = live.clean_up();
    // Never unlocked: no file may be created after the clean-up.
    std::mem::forget(live);
    replaced
}

#[cfg(test)]
/// The clean-up an interrupt does (not [`abandon`] itself, which never unlocks).
mod tests {
    use super::*;

    #[test]
    fn a_clean_up_removes_registered_staging_directories_only() {
        let tmp = tempfile::tempdir().unwrap();
        let (stage, other) = (tmp.path().join("stage"), tmp.path().join("other"));
        for dir in [&stage, &other] {
            std::fs::create_dir(dir).unwrap();
            std::fs::write(dir.join("summary.json"), "x").unwrap();
        }
        let mut live = Live {
            staging: Vec::new(),
            replaced: false,
        };
        live.add(stage.clone());
        assert!(!live.clean_up(), "nothing swapped in");
        assert!(!stage.exists() && other.exists());
        live.add(other.clone());
        live.forget(&other);
        live.set_replaced();
        assert!(live.clean_up(), "swapped in");
        assert!(other.exists(), "forgotten directories stay");
    }
}
