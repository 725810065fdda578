//! Putting a staged set in place of the current one: one exchange where the
//! system can, two renames where it cannot, retried while concurrent runs race.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::leftovers::remove_owned;
use super::{Failure, SWAP_ATTEMPTS, Step, Target, fail, live, refuse};

/// How one swap attempt ended.
enum Swapped {
    /// The new set is in place; the old one, if any, is at this path.
    Done(Option<PathBuf>),
    /// Another run changed the directory first: try again.
    Retry,
}

impl Target {
    /// Puts `stage` in place of the current set (if any) and deletes the old set,
    /// holding the interrupt lock throughout. Retries when another run swaps at the
    /// same moment.
    pub(super) fn swap_in(
        &self,
        stage: &Path,
        owned: &[&str],
        fault: &impl Fn(Step) -> io::Result<()>,
    ) -> Result<(), Failure> {
        let mut live = live::lock();
        let owned = self.owned(owned);
        for _ in 0..SWAP_ATTEMPTS {
            let swapped = match fs::symlink_metadata(&self.dir) {
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    self.rename_in(stage, None, &owned, fault)?
                }
                Err(e) => return Err(fail("cannot read", &self.dir)(e)),
                Ok(_) => {
                    self.check_replaceable(&owned)?;
                    self.exchange_in(stage, &owned, fault)?
                }
            };
            let Swapped::Done(old) = swapped else {
                continue;
            };
            // Best effort: what is left is removed by the next run.
            if let Some(old) = old {
                remove_owned(&old, &owned);
            }
            if let Ok(d) = fs::File::open(&self.parent) {
                let _ = d.sync_all();
            }
            live.forget(stage);
            live.set_replaced();
            return Ok(());
        }
        Err(refuse(
            &self.dir,
            "other runs kept replacing it at the same time; run again".into(),
        ))
    }

    /// Exchanges `stage` with the existing directory or, where that is
    /// unsupported, moves the directory aside and renames `stage` in.
    fn exchange_in(
        &self,
        stage: &Path,
        owned: &[&str],
        fault: &impl Fn(Step) -> io::Result<()>,
    ) -> Result<Swapped, Failure> {
        match fault(Step::Exchange).and_then(|()| exchange(stage, &self.dir)) {
            // The old set now has the staging directory's name.
            Ok(()) => Ok(Swapped::Done(Some(stage.to_path_buf()))),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Swapped::Retry),
            Err(e) if e.kind() == io::ErrorKind::Unsupported => {
                let aside = self.unique("old");
                match fs::rename(&self.dir, &aside) {
                    Ok(()) => self.rename_in(stage, Some(aside), owned, fault),
                    Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Swapped::Retry),
                    Err(e) => Err(fail("cannot replace", &self.dir)(e)),
                }
            }
            Err(e) => Err(fail("cannot replace", &self.dir)(e)),
        }
    }

    /// Renames `stage` into the (absent) directory's place; `aside` is where the
    /// old set was moved, put back if the rename fails.
    fn rename_in(
        &self,
        stage: &Path,
        aside: Option<PathBuf>,
        owned: &[&str],
        fault: &impl Fn(Step) -> io::Result<()>,
    ) -> Result<Swapped, Failure> {
        let renamed = fault(Step::BetweenRenames).and_then(|()| fs::rename(stage, &self.dir));
        match (renamed, aside) {
            (Ok(()), aside) => Ok(Swapped::Done(aside)),
            // Another run put its set in place between our renames: it wins
            // unless we retry and replace it whole.
            (Err(_), aside) if self.dir.exists() => {
                if let Some(old) = aside {
                    remove_owned(&old, owned);
                }
                Ok(Swapped::Retry)
            }
            (Err(e), aside) => {
                if let Some(old) = aside {
                    let _ = fs::rename(&old, &self.dir);
                }
                Err(fail("cannot replace", &self.dir)(e))
            }
        }
    }
}

/// Exchanges two existing paths in one step, where the system can.
#[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(|e| {
        // Old kernels and some file systems (NFS, older FUSE) cannot exchange.
        let unsupported = [Errno::INVAL, Errno::NOSYS, Errno::NOTSUP].contains(&e);
        if unsupported {
            io::Error::new(io::ErrorKind::Unsupported, e)
        } else {
            e.into()
        }
    })
}

/// Exchanging two paths in one step is not available here: the swap falls back to
/// two renames.
#[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}
