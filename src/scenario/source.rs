//! Reading a scenario file: at most [`MAX_FILE_BYTES`] of it, as UTF-8, with a
//! located error for the first byte that is not.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use super::error::{Locator, ScenarioErrors};
use super::limits::MAX_FILE_BYTES;

/// Why a scenario file could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// The file could not be opened or read.
    Io(io::Error),
    /// The file is too large or not UTF-8: located errors.
    Invalid(ScenarioErrors),
}

/// Reads the scenario file at `path`, named `file` in messages. Reads at most one
/// byte past [`MAX_FILE_BYTES`], so an endless file (`/dev/zero`) is refused quickly.
pub fn read(path: &Path, file: &str) -> Result<String, ReadError> {
    let mut bytes = Vec::new();
    File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        let loc = Locator::new(file, "");
        return Err(ReadError::Invalid(ScenarioErrors(vec![loc.at_span(
            None,
            "",
            format!("the scenario file is larger than {MAX_FILE_BYTES} bytes, the most staffmix reads"),
            Some("a scenario is a few kilobytes of TOML; check that the path names a scenario file".into()),
        )])));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let valid = std::str::from_utf8(&e.as_bytes()[..at]).unwrap_or_default();
        let loc = Locator::new(file, valid);
        ReadError::Invalid(ScenarioErrors(vec![loc.at_span(
            Some(at..at),
            "",
            format!("the scenario file is not valid UTF-8: byte {at} (0x{:02x}) starts no character", e.as_bytes()[at]),
            Some("save the file as UTF-8 (most editors offer it under \"Save as\" or \"Encoding\")".into()),
        )]))
    })
}
