//! Simulated time: `start`, `horizon`, `warmup`, `drain`, `interval` and
//! `replications`, and the calendar that maps simulated seconds to days and weekdays.

use jiff::civil::DateTime;

use crate::model::DAY_S;
use crate::scenario::defaults;
use crate::scenario::diagnostics::{Bounds, Ctx};
use crate::scenario::limits::{self, MAX_PERIOD_S};
use crate::scenario::raw::RawScenario;
use crate::scenario::units::{Duration, When};

/// Calendar of the scenario: maps simulated seconds to days and weekdays.
#[derive(Clone, Copy)]
pub(super) struct Calendar {
    pub(super) start: DateTime,
    /// Seconds from the start date's midnight to the start.
    pub(super) offset: u64,
    /// Weekday of the start date, 0 = Monday.
    pub(super) weekday: usize,
}

impl Calendar {
    /// The calendar of a scenario starting at `start`.
    pub(super) fn new(start: DateTime) -> Self {
        let t = start.time();
        Calendar {
            start,
            offset: t.hour() as u64 * 3600 + t.minute() as u64 * 60 + t.second() as u64,
            weekday: start.date().weekday().to_monday_zero_offset() as usize,
        }
    }

    /// Seconds from the start to `when` (negative if before).
    pub(super) fn seconds_to(&self, when: When) -> f64 {
        when.0.duration_since(self.start).as_secs_f64()
    }

    /// Weekday (0 = Monday) of calendar day `day` counted from the start date.
    pub(super) fn weekday_of(&self, day: u64) -> usize {
        (self.weekday + day as usize) % 7
    }
}

/// The simulated period and its statistics settings, in seconds.
pub(super) struct Times {
    /// Seconds during which contacts arrive.
    pub(super) horizon: f64,
    /// Seconds at the start left out of the statistics.
    pub(super) warmup: f64,
    /// Seconds after the horizon to finish the contacts in the system.
    pub(super) drain: f64,
    /// Seconds per reporting interval.
    pub(super) interval: f64,
    /// Monte Carlo replications.
    pub(super) replications: u32,
    /// Whether horizon and drain are in range, so calendars can be laid out over them.
    pub(super) period_ok: bool,
}

impl Times {
    /// The horizon and drain to lay volumes and shifts out over. With either out of
    /// range the scenario is rejected anyway: lay them out over a day to check the rest.
    pub(super) fn layout(&self) -> (f64, f64) {
        if self.period_ok {
            (self.horizon, self.drain)
        } else {
            (DAY_S, 0.0)
        }
    }
}

/// Checks the top-level time keys and `replications`.
pub(super) fn times(cx: &mut Ctx, raw: &RawScenario) -> Times {
    let horizon = raw.horizon.secs();
    // Calendars are expanded over the horizon and drain: only for sane lengths.
    let mut period_ok = period(
        cx,
        &["horizon"],
        horizon,
        Bounds::above(0.0, MAX_PERIOD_S),
        "use a duration from a few hours to 10 years, e.g. horizon = \"14d\"",
    );
    let warmup = raw.warmup.unwrap_or(defaults::WARMUP).secs();
    if period_ok && warmup >= horizon {
        cx.err(
            &["warmup"],
            format!(
                "warmup ({}) must be shorter than the horizon ({})",
                Duration(warmup),
                Duration(horizon)
            ),
            "shorten warmup or lengthen horizon",
        );
    }
    let drain = raw.drain.unwrap_or(defaults::DRAIN).secs();
    period_ok &= period(
        cx,
        &["drain"],
        drain,
        Bounds::within(0.0, MAX_PERIOD_S),
        "use at most 10 years, e.g. drain = \"1d\"; \"0s\" stops the simulation at the horizon",
    );
    let interval = raw.interval.unwrap_or(defaults::INTERVAL).secs();
    // Intervals are counted over a period in range: one out of range has its error.
    if period(
        cx,
        &["interval"],
        interval,
        Bounds::POSITIVE,
        "use e.g. interval = \"30m\"",
    ) && period_ok
        && (horizon + drain) / interval > limits::MAX_INTERVALS
    {
        cx.err(
            &["interval"],
            format!(
                "horizon and drain span {:.0} reporting intervals, above the limit of {:.0}",
                ((horizon + drain) / interval).min(f64::MAX),
                limits::MAX_INTERVALS
            ),
            "use a longer interval such as \"30m\" or \"1h\" (see \"Limits\" in docs/scenario.md)",
        );
    }
    if period_ok {
        past_calendar_end(cx, raw, horizon + drain);
    }
    let replications = raw.replications.unwrap_or(defaults::REPLICATIONS);
    if replications == 0 {
        cx.err(
            &["replications"],
            "replications must be at least 1",
            "use e.g. replications = 100",
        );
    } else if replications > limits::MAX_REPLICATIONS {
        let (message, help) =
            limits::too_many("replications", replications, limits::MAX_REPLICATIONS);
        cx.err(&["replications"], message, help);
    }
    Times {
        horizon,
        warmup,
        drain,
        interval,
        replications,
        period_ok,
    }
}

/// Reports a simulated period (`start` plus `secs` of horizon and drain) that runs
/// past the last date the calendar knows, 9999-12-31.
fn past_calendar_end(cx: &mut Ctx, raw: &RawScenario, secs: f64) {
    let start = raw.start.map_or(defaults::START, |w| w.0);
    let fits = jiff::SignedDuration::try_from_secs_f64(secs)
        .ok()
        .and_then(|d| start.checked_add(d).ok())
        .is_some();
    if !fits {
        let key = if raw.start.is_some() {
            "start"
        } else {
            "horizon"
        };
        cx.err(
            &[key],
            format!(
                "the simulated period (start {start} plus horizon and drain, {}) runs past 9999-12-31, the last date staffmix can name",
                Duration(secs)
            ),
            "move `start` earlier or shorten `horizon` and `drain`",
        );
    }
}

/// Checks that the length of time `secs` at `path` is within `bounds` (in seconds);
/// the message names the key and shows lengths as durations.
pub(super) fn period(cx: &mut Ctx, path: &[&str], secs: f64, bounds: Bounds, help: &str) -> bool {
    let Bounds { lo, open_lo, hi } = bounds;
    let problem = if secs.is_nan() || secs > hi {
        format!("at most {}", Duration(hi))
    } else if open_lo && secs <= lo {
        format!("longer than {}", Duration(lo))
    } else if secs < lo {
        format!("at least {}", Duration(lo))
    } else {
        return true;
    };
    let name = path.last().copied().unwrap_or_default();
    cx.err(
        path,
        format!("{name} must be {problem}, got {}", Duration(secs)),
        help,
    );
    false
}
