//! What an interrupt (Ctrl-C's SIGINT, SIGTERM, SIGHUP) does during `staffmix
//! run`: remove this run's temporary directories, say what the output directory
//! holds, and exit with status 130.

use std::io::IsTerminal;
use std::path::Path;

use crate::output;
use staffmix::terminal::escaped;

/// Exit status after an interrupt (128 + SIGINT's number, as shells report it;
/// the same for SIGTERM and SIGHUP, which the handler cannot tell apart).
const EXIT_STATUS: i32 = 130;

/// Installs the handler for a run writing into `dir`. It runs on its own thread:
/// [`output::abandon`] waits for a swap in progress to end, so `dir` then holds the
/// previous set or the new one whole, and nothing of this run is left beside it.
pub fn clean_up_on_interrupt(dir: &Path) -> Result<(), ctrlc::Error> {
    let dir = dir.display().to_string();
    ctrlc::set_handler(move || {
        let line = if output::abandon() {
            format!("interrupted: the new results in {dir} are complete")
        } else {
            format!("interrupted: the previous results in {dir} are unchanged")
        };
        // Over the progress bar's line, if any.
        let clear = if std::io::stderr().is_terminal() {
            "\r\x1b[2K"
        } else {
            ""
        };
        eprintln!("{clear}{}", escaped(&line));
        std::process::exit(EXIT_STATUS);
    })
}
