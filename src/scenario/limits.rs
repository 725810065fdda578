//! The ceiling of every count and size staffmix accepts, named once: validation and
//! the command line check against these, and docs/scenario.md lists them.

use crate::model::{DAY_S, YEAR_S};

/// Largest scenario file read, in bytes (checked before parsing).
pub const MAX_FILE_BYTES: u64 = 10_000_000;
/// Deepest nesting of TOML tables and arrays in a scenario file.
pub const MAX_NESTING: usize = 64;
/// Longest duration written anywhere: 100 years.
pub const MAX_DURATION_S: f64 = 100.0 * YEAR_S;
/// Longest horizon or drain: 10 years (3650 days).
pub const MAX_PERIOD_S: f64 = 10.0 * 365.0 * DAY_S;
/// Most agents in one headcount: a team's `agents`, a period's, a shift's, and so
/// a plan's or a sweep point's override of them.
pub const MAX_AGENTS: u32 = 100_000;
/// Most plans of a study: the base scenario, `[[plans]]` and the points of `[sweep]`.
pub const MAX_PLANS: usize = 1000;
/// Most report intervals per plan: (horizon + drain) ÷ interval.
pub const MAX_INTERVALS: f64 = 1_000_000.0;
/// Most `[[surges]]`.
pub const MAX_SURGES: usize = 100_000;
/// Most replications (`replications` and `--reps`).
pub const MAX_REPLICATIONS: u32 = 10_000_000;
/// Most worker threads (`--threads`); more than the machine's cores are capped to
/// them with a note.
pub const MAX_THREADS: usize = 1024;
/// Most agents (`--agents`, and the search of `staffmix erlang`) and contacts per
/// agent (`--concurrency`) in `staffmix erlang`, together: agents × concurrency.
pub const MAX_ERLANG_SERVERS: u32 = 100_000;

/// The located complaint when the whole number `n` at a key exceeds `max`:
/// (message, help).
pub(crate) fn too_many(
    what: &str,
    n: impl std::fmt::Display,
    max: impl std::fmt::Display,
) -> (String, String) {
    (
        format!("{what} is {n}, above the limit of {max}"),
        format!(
            "staffmix accepts at most {max} {what}; split the study or lower the value (see \"Limits\" in docs/scenario.md)"
        ),
    )
}
