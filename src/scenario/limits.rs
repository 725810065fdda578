//! The ceiling of every count and size staffmix accepts, named once: validation and
//! the command line check against these, and docs/scenario.md lists them.

use crate::model::{DAY_S, YEAR_S};

/// Largest scenario file read, in bytes (checked before parsing).
pub const MAX_FILE_BYTES: u64 = 10_000_000;
/// Deepest nesting of arrays and inline tables in a scenario file: the TOML
/// parser's own limit, reported at the first bracket past it.
pub const MAX_NESTING: usize = 80;
/// Longest duration written anywhere in a scenario: 100 years (36,525 days).
/// Longer ones are typing slips that would only produce nonsense (a handle time of
/// centuries) or overflow the calendar.
pub const MAX_DURATION_S: f64 = 100.0 * YEAR_S;
/// Longest horizon or drain: 10 years (3650 days).
pub const MAX_PERIOD_S: f64 = 10.0 * 365.0 * DAY_S;
/// Most agents in one headcount: a team's `agents`, a period's, a shift's, and so
/// a plan's or a sweep point's override of them.
pub const MAX_AGENTS: u32 = 100_000;
/// Most plans of a study: the base scenario, `[[plans]]` and the points of `[sweep]`.
pub const MAX_PLANS: usize = 1000;
/// Most report intervals per plan: (horizon + drain) ÷ interval. Each interval
/// holds about 1.8 kB of statistics per plan (seven KPI bands with their P²
/// quantile markers) plus 48 bytes per channel and 24 per team in every
/// replication in flight, so the ceiling bounds a plan at about 0.4 GB; it keeps
/// 10 years at the default 30 minutes (175,248 intervals with a day of drain).
pub const MAX_INTERVALS: f64 = 200_000.0;
/// Smallest and largest positive weight of a `weekly` or `intraday` profile (0
/// closes a slot): weights are relative, and outside this range their mean
/// underflows or overflows.
pub const WEIGHTS: (f64, f64) = (1e-6, 1e6);
/// Most `[[surges]]`.
pub const MAX_SURGES: usize = 100_000;
/// Most channels: the engine's per-(team, channel) tables, escalation lanes among
/// them, grow with teams × channels and are indexed by 16-bit numbers.
pub const MAX_CHANNELS: usize = 64;
/// Most teams (see [`MAX_CHANNELS`]).
pub const MAX_TEAMS: usize = 128;
/// Most replications (`replications` and `--reps`).
pub const MAX_REPLICATIONS: u32 = 10_000_000;
/// Most contacts one agent handles at once: a channel's `concurrency` and
/// `staffmix erlang --concurrency`.
pub const MAX_CONCURRENCY: u32 = 12;
/// Most worker threads (`--threads`), whatever the machine; fewer where it has
/// fewer cores (see [`threads`]).
pub const MAX_THREADS: usize = 256;

/// The worker threads to run on: `requested` (all `cores` when `None`), capped at
/// the cores and [`MAX_THREADS`], with a note to show when it was capped. Results do
/// not depend on the thread count. Fails for 0.
pub fn threads(requested: Option<usize>, cores: usize) -> Result<(usize, Option<String>), String> {
    let most = cores.clamp(1, MAX_THREADS);
    match requested {
        Some(0) => Err("--threads must be at least 1".into()),
        Some(n) if n > most => Ok((
            most,
            Some(format!(
                "note: --threads {n} is more than the {most} this machine can use (its cores, at most {MAX_THREADS}); running on {most}"
            )),
        )),
        Some(n) => Ok((n, None)),
        None => Ok((most, None)),
    }
}

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
