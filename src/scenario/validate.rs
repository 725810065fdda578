//! Raw scenario → validated [`Model`]: ranges, cross-references, calendars.
//!
//! Every problem is reported with its key path, what was expected and a fix; the
//! loader turns paths into file positions. Validation goes on after a problem where
//! it can, so a planner sees all of them at once.

use jiff::civil::DateTime;

use super::raw::{
    DistKind, RawAgents, RawChannel, RawDist, RawProfile, RawRoute, RawSatisfaction, RawScenario,
    RawSchedule, RawTeam,
};
use super::units::{Duration, TimeOfDay, Weekdays, When};
use super::workforce;
use crate::model::{
    Channel, Churn, DAY_S, Dist, Model, Overload, Pay, RatePiece, Repeat, Route, Satisfaction,
    StaffStep, Supervisors, Team, TeamKind, Wage,
};

/// A validation problem before it is located in the file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Issue {
    pub path: Vec<String>,
    /// Point at the key itself rather than its value (unknown names).
    pub on_key: bool,
    pub message: String,
    pub help: Option<String>,
}

/// Longest horizon or drain: 10 years (3650 days).
const MAX_PERIOD_S: f64 = 10.0 * 365.0 * DAY_S;

/// Average month length in seconds (365.25 / 12 days), for monthly contact rates.
const MONTH_S: f64 = 365.25 / 12.0 * DAY_S;

/// Default start: Monday 5 January 2026, 00:00.
fn default_start() -> DateTime {
    jiff::civil::date(2026, 1, 5).at(0, 0, 0, 0)
}

/// Hourly weights of the built-in intraday shapes. Illustrative shapes (see
/// docs/scenario.md): "office" peaks mid-morning and mid-afternoon on business
/// hours; "extended" covers 08–22; "evening" is consumer e-commerce with its peak
/// after work.
const SHAPES: [(&str, [f64; 24]); 4] = [
    ("flat", [1.0; 24]),
    (
        "office",
        [
            0.1, 0.1, 0.1, 0.1, 0.1, 0.2, 0.4, 0.9, 1.6, 2.2, 2.4, 2.3, 1.9, 2.1, 2.3, 2.2, 1.9,
            1.4, 0.8, 0.5, 0.4, 0.3, 0.2, 0.1,
        ],
    ),
    (
        "extended",
        [
            0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.4, 0.8, 1.3, 1.6, 1.7, 1.7, 1.6, 1.6, 1.6, 1.5, 1.5,
            1.4, 1.4, 1.3, 1.2, 1.0, 0.7, 0.4,
        ],
    ),
    (
        "evening",
        [
            0.4, 0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.4, 0.7, 0.9, 1.0, 1.1, 1.2, 1.2, 1.2, 1.2, 1.2,
            1.3, 1.5, 1.8, 2.0, 1.9, 1.5, 0.9,
        ],
    ),
];

pub(crate) struct Ctx {
    pub(crate) issues: Vec<Issue>,
}

impl Ctx {
    /// The issues found, each once: settings shared by all channels (`demand.weekly`
    /// and the like) are checked once per channel.
    pub(crate) fn into_issues(self) -> Vec<Issue> {
        let mut out: Vec<Issue> = Vec::with_capacity(self.issues.len());
        for issue in self.issues {
            if !out.contains(&issue) {
                out.push(issue);
            }
        }
        out
    }

    pub(crate) fn err(
        &mut self,
        path: &[&str],
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.push(path, false, message, help);
    }

    pub(crate) fn err_key(
        &mut self,
        path: &[&str],
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.push(path, true, message, help);
    }

    fn push(
        &mut self,
        path: &[&str],
        on_key: bool,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let help = help.into();
        self.issues.push(Issue {
            path: path.iter().map(|s| s.to_string()).collect(),
            on_key,
            message: message.into(),
            help: (!help.is_empty()).then_some(help),
        });
    }

    /// Checks that `v` is finite and within `bounds`; `help` says how to fix it.
    pub(crate) fn range(
        &mut self,
        path: &[&str],
        v: f64,
        bounds: Bounds,
        what: &str,
        help: &str,
    ) -> bool {
        let Bounds { lo, open_lo, hi } = bounds;
        let ok = v.is_finite() && (if open_lo { v > lo } else { v >= lo }) && v <= hi;
        if !ok {
            let bound = if open_lo {
                format!("greater than {lo}")
            } else {
                format!("at least {lo}")
            };
            let upper = if hi.is_finite() {
                format!(" and at most {hi}")
            } else {
                String::new()
            };
            self.err(
                path,
                format!("{what} must be {bound}{upper}, got {v}"),
                help,
            );
        }
        ok
    }

    /// An optional number with its default, checked with [`Ctx::range`]; the key
    /// name (last path segment) names it in the message.
    pub(crate) fn number(
        &mut self,
        path: &[&str],
        v: Option<f64>,
        default: f64,
        bounds: Bounds,
        help: &str,
    ) -> f64 {
        let v = v.unwrap_or(default);
        let what = path.last().copied().unwrap_or("value");
        self.range(path, v, bounds, what, help);
        v
    }

    /// Checks that the length of time `secs` at `path` is within `bounds` (in
    /// seconds); the message names the key and shows lengths as durations.
    fn period(&mut self, path: &[&str], secs: f64, bounds: Bounds, help: &str) -> bool {
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
        self.err(
            path,
            format!("{name} must be {problem}, got {}", Duration(secs)),
            help,
        );
        false
    }
}

/// The allowed range of a number: above (or from) `lo`, up to `hi`.
#[derive(Clone, Copy)]
pub(crate) struct Bounds {
    lo: f64,
    open_lo: bool,
    hi: f64,
}

impl Bounds {
    /// Greater than `lo` and at most `hi`.
    pub(crate) const fn above(lo: f64, hi: f64) -> Self {
        Bounds {
            lo,
            open_lo: true,
            hi,
        }
    }

    /// At least `lo` and at most `hi`.
    pub(crate) const fn within(lo: f64, hi: f64) -> Self {
        Bounds {
            lo,
            open_lo: false,
            hi,
        }
    }

    /// Any finite number greater than 0.
    const POSITIVE: Bounds = Bounds::above(0.0, f64::INFINITY);

    /// A positive contact volume small enough to simulate (a million per hour is
    /// more than any contact centre handles; beyond it a replication never ends).
    const VOLUME_PER_HOUR: Bounds = Bounds::above(0.0, 1e6);
}

/// "channels defined: a, b" for a help text, or how to define the first one.
pub(crate) fn defined(what: &str, names: &[&str]) -> String {
    if names.is_empty() {
        format!("no {what}s are defined yet: add a [{what}s.NAME] table")
    } else {
        format!("{what}s defined: {}", names.join(", "))
    }
}

/// Calendar of the scenario: maps simulated seconds to days and weekdays.
#[derive(Clone, Copy)]
struct Calendar {
    start: DateTime,
    /// Seconds from the start date's midnight to the start.
    offset: u64,
    /// Weekday of the start date, 0 = Monday.
    weekday: usize,
}

impl Calendar {
    fn new(start: DateTime) -> Self {
        let t = start.time();
        Calendar {
            start,
            offset: t.hour() as u64 * 3600 + t.minute() as u64 * 60 + t.second() as u64,
            weekday: start.date().weekday().to_monday_zero_offset() as usize,
        }
    }

    /// Seconds from the start to `when` (negative if before).
    fn seconds_to(&self, when: When) -> f64 {
        when.0.duration_since(self.start).as_secs_f64()
    }

    /// Weekday (0 = Monday) of calendar day `day` counted from the start date.
    fn weekday_of(&self, day: u64) -> usize {
        (self.weekday + day as usize) % 7
    }
}

pub(crate) fn validate(raw: &RawScenario, default_name: &str) -> Result<Model, Vec<Issue>> {
    let mut cx = Ctx { issues: Vec::new() };
    let start = raw.start.map_or_else(default_start, |w| w.0);
    let cal = Calendar::new(start);

    let horizon = raw.horizon.secs();
    // Calendars are expanded over the horizon and drain: only for sane lengths.
    let mut period_ok = cx.period(
        &["horizon"],
        horizon,
        Bounds::above(0.0, MAX_PERIOD_S),
        "use a duration from a few hours to 10 years, e.g. horizon = \"14d\"",
    );
    let warmup = raw.warmup.map_or(0.0, |d| d.secs());
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
    let drain = raw.drain.map_or(DAY_S, |d| d.secs());
    period_ok &= cx.period(
        &["drain"],
        drain,
        Bounds::within(0.0, MAX_PERIOD_S),
        "use at most 10 years, e.g. drain = \"1d\"; \"0s\" stops the simulation at the horizon",
    );
    let interval = raw.interval.map_or(1800.0, |d| d.secs());
    if cx.period(
        &["interval"],
        interval,
        Bounds::POSITIVE,
        "use e.g. interval = \"30m\"",
    ) && horizon / interval > 1_000_000.0
    {
        cx.err(
            &["interval"],
            "the horizon spans more than a million reporting intervals",
            "use a longer interval such as \"30m\" or \"1h\"",
        );
    }
    let replications = raw.replications.unwrap_or(100);
    if replications == 0 {
        cx.err(
            &["replications"],
            "replications must be at least 1",
            "use e.g. replications = 100",
        );
    }

    if raw.channels.is_empty() {
        cx.err(
            &["channels"],
            "the scenario has no channels",
            "add a channel, e.g. [channels.phone] with volume_per_hour and handle_time",
        );
    }
    if raw.teams.is_empty() {
        cx.err(
            &["teams"],
            "the scenario has no teams",
            "add a team, e.g. [teams.core] with kind, agents, schedule and skills",
        );
    }
    // Volumes and shifts are laid out over horizon and drain. With either out of
    // range the scenario is rejected anyway: lay them out over a day to check the rest.
    let (layout_horizon, layout_drain) = if period_ok {
        (horizon, drain)
    } else {
        (DAY_S, 0.0)
    };
    let channel_names: Vec<&str> = raw.channels.keys().map(String::as_str).collect();
    let team_names: Vec<&str> = raw.teams.keys().map(String::as_str).collect();

    let demand = raw.demand.clone().unwrap_or_default();
    let customer_rate = customer_rate(&mut cx, raw, &demand);
    check_share_sum(&mut cx, raw);
    let surges = surges(&mut cx, raw, &cal, horizon, &channel_names);

    let mut channels = Vec::with_capacity(raw.channels.len());
    for (name, ch) in &raw.channels {
        if let Some(c) = channel(
            &mut cx,
            name,
            ch,
            &demand,
            customer_rate,
            &cal,
            layout_horizon,
            &surges,
        ) {
            channels.push(c);
        }
    }

    let end = (layout_horizon + layout_drain).ceil() as u64;
    let mut teams = Vec::with_capacity(raw.teams.len());
    for (name, t) in &raw.teams {
        if let Some(team) = team(&mut cx, name, t, &channel_names, &cal, end) {
            teams.push(team);
        }
    }
    // Plans are ranked by cost: a team without one would look free.
    if let Some(priced) = teams.iter().find(|t| t.pay != Pay::Unpriced)
        && let Some(free) = teams.iter().find(|t| t.pay == Pay::Unpriced)
    {
        let key = if free.kind == TeamKind::InHouse {
            "wage"
        } else {
            "price"
        };
        cx.err(
            &["teams", &free.name],
            format!(
                "team \"{}\" has no cost while team \"{}\" has one: costs are compared across teams, so give every team a cost or none",
                free.name, priced.name
            ),
            format!("add `{key}` to team \"{}\"", free.name),
        );
    }

    if !cx.issues.is_empty() {
        return Err(cx.into_issues());
    }
    let raw_teams: Vec<(&str, &RawTeam)> = raw.teams.iter().map(|(n, t)| (n.as_str(), t)).collect();
    let max_priority = channels.iter().map(|c| c.priority).max().unwrap_or(0);
    workforce::escalations(
        &mut cx,
        &raw_teams,
        &mut teams,
        &channel_names,
        max_priority,
    );
    if !cx.issues.is_empty() {
        return Err(cx.into_issues());
    }
    routing(
        &mut cx,
        raw,
        &mut channels,
        &teams,
        &channel_names,
        &team_names,
    );
    if !cx.issues.is_empty() {
        return Err(cx.into_issues());
    }
    let churn = Churn {
        if_dissatisfied: demand.churn_if_dissatisfied.unwrap_or(0.52),
        customer_value: demand.customer_value.unwrap_or(0.0),
    };
    cx.range(
        &["demand", "churn_if_dissatisfied"],
        churn.if_dissatisfied,
        Bounds::within(0.0, 1.0),
        "churn_if_dissatisfied",
        "a probability, e.g. 0.52",
    );
    cx.range(
        &["demand", "customer_value"],
        churn.customer_value,
        Bounds::within(0.0, 1e9),
        "customer_value",
        "e.g. the margin a customer brings over their lifetime",
    );
    if !cx.issues.is_empty() {
        return Err(cx.into_issues());
    }
    Ok(Model {
        name: raw.name.clone().unwrap_or_else(|| default_name.to_string()),
        start,
        horizon_s: horizon,
        warmup_s: warmup,
        drain_s: drain,
        interval_s: interval,
        seed: raw.seed.unwrap_or(1),
        replications,
        channels,
        teams,
        churn,
    })
}

/// Contacts per second from the customer base, if `demand` defines one.
fn customer_rate(cx: &mut Ctx, raw: &RawScenario, demand: &super::raw::RawDemand) -> Option<f64> {
    let uses_share = raw.channels.values().any(|c| c.share.is_some());
    match (demand.customers, demand.contacts_per_customer_month) {
        (Some(n), Some(r)) => {
            let ok = cx.range(
                &["demand", "customers"],
                n,
                Bounds::POSITIVE,
                "customers",
                "e.g. customers = 250000",
            ) & cx.range(
                &["demand", "contacts_per_customer_month"],
                r,
                Bounds::POSITIVE,
                "contacts per customer per month",
                "e.g. contacts_per_customer_month = 0.05 (one contact per customer in 20 months)",
            );
            let per_hour = n * r / MONTH_S * 3600.0;
            if ok && per_hour > Bounds::VOLUME_PER_HOUR.hi {
                cx.err(
                    &["demand", "customers"],
                    format!("customers × contacts_per_customer_month gives {per_hour:.0} contacts per hour, more than a million"),
                    "check the units: contacts_per_customer_month is per customer and month (e.g. 0.05)",
                );
                return None;
            }
            ok.then_some(n * r / MONTH_S)
        }
        (None, None) if !uses_share => None,
        _ => {
            if uses_share {
                cx.err(
                    &["demand"],
                    "channels use `share`, but demand.customers and demand.contacts_per_customer_month are not both set",
                    "set [demand] customers = … and contacts_per_customer_month = …, or give channels volume_per_hour instead of share",
                );
            } else {
                cx.err(
                    &["demand"],
                    "demand.customers and demand.contacts_per_customer_month only have an effect together, with channel shares",
                    "set both and give channels a `share`, or remove them",
                );
            }
            None
        }
    }
}

fn check_share_sum(cx: &mut Ctx, raw: &RawScenario) {
    let shares: Vec<(&String, f64)> = raw
        .channels
        .iter()
        .filter_map(|(n, c)| c.share.map(|s| (n, s)))
        .collect();
    if shares.is_empty() {
        return;
    }
    let sum: f64 = shares.iter().map(|(_, s)| s).sum();
    if (sum - 1.0).abs() > 1e-6 {
        let list = shares
            .iter()
            .map(|(n, s)| format!("{n} {s}"))
            .collect::<Vec<_>>()
            .join(", ");
        cx.err(
            &["channels", shares[0].0, "share"],
            format!("channel shares must sum to 1, they sum to {sum:.4} ({list})"),
            "shares split the customer demand across channels: adjust them so they add up to 1",
        );
    }
}

struct Surge {
    from: f64,
    to: f64,
    multiplier: f64,
    channels: Option<Vec<String>>,
}

fn surges(
    cx: &mut Ctx,
    raw: &RawScenario,
    cal: &Calendar,
    horizon: f64,
    channels: &[&str],
) -> Vec<Surge> {
    let mut out = Vec::new();
    for (i, s) in raw.surges.iter().enumerate() {
        let idx = i.to_string();
        let (from, to) = (cal.seconds_to(s.from), cal.seconds_to(s.to));
        let mut ok = cx.range(
            &["surges", &idx, "multiplier"],
            s.multiplier,
            Bounds::within(0.0, 1000.0),
            "multiplier",
            "e.g. multiplier = 2.4 for 140 % more contacts, 0.5 for half",
        );
        if to <= from {
            cx.err(&["surges", &idx, "to"], format!("surge ends ({}) before it starts ({})", s.to.0, s.from.0), "`to` must be after `from` (it is exclusive: to = the day after the last surge day)");
            ok = false;
        } else if to <= 0.0 || from >= horizon {
            let end = jiff::SignedDuration::try_from_secs_f64(horizon)
                .ok()
                .and_then(|h| cal.start.checked_add(h).ok())
                .unwrap_or(cal.start);
            cx.err(
                &["surges", &idx, "from"],
                format!(
                    "surge {} – {} lies outside the simulated period {} – {}",
                    s.from.0, s.to.0, cal.start, end
                ),
                "move the surge into the horizon, or change `start`/`horizon`",
            );
            ok = false;
        }
        if let Some(list) = &s.channels {
            for (j, c) in list.iter().enumerate() {
                if !channels.contains(&c.as_str()) {
                    cx.err(
                        &["surges", &idx, "channels", &j.to_string()],
                        format!("unknown channel \"{c}\"{}", suggest(c, channels)),
                        defined("channel", channels),
                    );
                    ok = false;
                }
            }
        }
        if ok {
            out.push(Surge {
                from,
                to,
                multiplier: s.multiplier,
                channels: s.channels.clone(),
            });
        }
    }
    out
}

fn weights(cx: &mut Ctx, path: &[&str], w: &[f64], what: &str) -> Option<Vec<f64>> {
    if w.iter().any(|x| !x.is_finite() || *x < 0.0) || w.iter().sum::<f64>() <= 0.0 {
        cx.err(
            path,
            format!("{what} weights must be non-negative numbers, not all zero"),
            "weights are relative: 1.0 is an average slot, 2.0 twice as busy, 0 closed",
        );
        return None;
    }
    let mean = w.iter().sum::<f64>() / w.len() as f64;
    Some(w.iter().map(|x| x / mean).collect())
}

fn profile(cx: &mut Ctx, path: &[&str], p: &RawProfile) -> Option<Vec<f64>> {
    match p {
        RawProfile::Named(name) => match SHAPES.iter().find(|(n, _)| n == name) {
            Some((_, w)) => weights(cx, path, w, "intraday"),
            None => {
                let names: Vec<&str> = SHAPES.iter().map(|(n, _)| *n).collect();
                cx.err(
                    path,
                    format!("unknown intraday profile \"{name}\""),
                    format!(
                        "built-in profiles: {}; or give a list of weights",
                        names.join(", ")
                    ),
                );
                None
            }
        },
        RawProfile::Weights(w) => {
            // At most 5-minute slots: finer profiles multiply the rate pieces of a
            // long horizon without adding information a forecast has.
            if w.is_empty() || 86_400 % w.len() != 0 || w.len() > 288 {
                cx.err(
                    path,
                    format!(
                        "{} intraday weights do not split the day into equal whole-second slots",
                        w.len()
                    ),
                    "give 24 hourly or 48 half-hourly weights (any count up to 288 that divides 86 400)",
                );
                return None;
            }
            weights(cx, path, w, "intraday")
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn channel(
    cx: &mut Ctx,
    name: &str,
    ch: &RawChannel,
    demand: &super::raw::RawDemand,
    customer_rate: Option<f64>,
    cal: &Calendar,
    horizon: f64,
    surges: &[Surge],
) -> Option<Channel> {
    let before = cx.issues.len();
    let p = |k: &'static str| ["channels", name, k];
    let given = [
        ch.volume_per_hour.is_some(),
        ch.volume_per_day.is_some(),
        ch.share.is_some(),
    ]
    .iter()
    .filter(|b| **b)
    .count();
    let mut base = 0.0;
    if given != 1 {
        cx.err(
            &["channels", name],
            format!("channel \"{name}\" needs exactly one of volume_per_hour, volume_per_day or share ({given} given)"),
            if given == 0 {
                "add e.g. volume_per_hour = 120"
            } else {
                "keep one of them and remove the others"
            },
        );
    } else if let Some(v) = ch.volume_per_hour {
        if cx.range(
            &p("volume_per_hour"),
            v,
            Bounds::VOLUME_PER_HOUR,
            "volume_per_hour",
            "give the mean contacts per hour, e.g. volume_per_hour = 120; remove a channel nobody uses",
        ) {
            base = v / 3600.0;
        }
    } else if let Some(v) = ch.volume_per_day {
        if cx.range(
            &p("volume_per_day"),
            v,
            Bounds::above(0.0, 24e6),
            "volume_per_day",
            "give the mean contacts per day, e.g. volume_per_day = 900; remove a channel nobody uses",
        ) {
            base = v / DAY_S;
        }
    } else if let Some(s) = ch.share
        && cx.range(
            &p("share"),
            s,
            Bounds::above(0.0, 1.0),
            "share",
            "a share is a fraction of the customer demand, e.g. share = 0.45 for 45 %",
        )
    {
        base = s * customer_rate.unwrap_or(0.0);
    }

    let handle_time = dist(cx, &p("handle_time"), &ch.handle_time);
    let patience = ch
        .patience
        .as_ref()
        .and_then(|d| dist(cx, &p("patience"), d));
    let concurrency = ch.concurrency.unwrap_or(1);
    if !(1..=12).contains(&concurrency) {
        cx.err(
            &p("concurrency"),
            format!("concurrency must be between 1 and 12 contacts per agent, got {concurrency}"),
            "use 1 for phone, 2–4 for chat",
        );
    }
    let slowdown = cx.number(
        &p("slowdown"),
        ch.slowdown,
        0.0,
        Bounds::within(0.0, 10.0),
        "e.g. slowdown = 0.15: each extra concurrent contact makes handling 15 % slower",
    );
    let (within, target) = match &ch.service_level {
        Some(sl) => {
            cx.period(
                &["channels", name, "service_level", "within"],
                sl.within.secs(),
                Bounds::within(0.0, f64::INFINITY),
                "e.g. within = \"20s\"",
            );
            if let Some(t) = sl.target {
                cx.range(
                    &["channels", name, "service_level", "target"],
                    t,
                    Bounds::above(0.0, 1.0),
                    "service_level.target",
                    "the target is a share: write 0.8 for 80 %",
                );
            }
            (sl.within.secs(), sl.target)
        }
        None => (20.0, None),
    };
    let forecast_error = ch.forecast_error.or(demand.forecast_error).unwrap_or(0.0);
    let fe_path: Vec<&str> = if ch.forecast_error.is_some() {
        p("forecast_error").to_vec()
    } else {
        vec!["demand", "forecast_error"]
    };
    cx.range(
        &fe_path,
        forecast_error,
        Bounds::within(0.0, 2.0),
        "forecast_error (a coefficient of variation)",
        "e.g. forecast_error = 0.1 for day-to-day volumes within about ±10 %",
    );

    let weekly = match (&ch.weekly, &demand.weekly) {
        (Some(w), _) => weekly(cx, &p("weekly"), w),
        (None, Some(w)) => weekly(cx, &["demand", "weekly"], w),
        (None, None) => Some(vec![1.0; 7]),
    };
    let intraday = match (&ch.intraday, &demand.intraday) {
        (Some(pr), _) => profile(cx, &p("intraday"), pr),
        (None, Some(pr)) => profile(cx, &["demand", "intraday"], pr),
        (None, None) => Some(vec![1.0]),
    };
    let satisfaction = satisfaction(cx, name, ch.satisfaction.as_ref(), within);
    let repeat = ch.repeat.as_ref().and_then(|r| {
        let probability = cx.number(
            &["channels", name, "repeat", "probability"],
            Some(r.probability),
            0.0,
            Bounds::within(0.0, 1.0),
            "the share of unresolved contacts that come back, e.g. 0.6",
        );
        let delay = dist(cx, &["channels", name, "repeat", "delay"], &r.delay)?;
        Some(Repeat { probability, delay })
    });
    if cx.issues.len() > before {
        return None;
    }
    let my_surges: Vec<&Surge> = surges
        .iter()
        .filter(|s| {
            s.channels
                .as_ref()
                .is_none_or(|c| c.iter().any(|c| c == name))
        })
        .collect();
    let rate = rate_pieces(base, &weekly?, &intraday?, &my_surges, cal, horizon);
    Some(Channel {
        name: name.to_string(),
        rate,
        forecast_error,
        handle_time: handle_time?,
        patience,
        concurrency,
        slowdown,
        priority: ch.priority.unwrap_or(0),
        sl_within_s: within,
        sl_target: target,
        routing: Vec::new(),
        satisfaction,
        repeat,
    })
}

/// A channel's satisfaction curve; the default half-life is 5 × the service-level
/// threshold (at least a minute), so "slightly late" costs little and hours late
/// costs most of the satisfaction.
fn satisfaction(
    cx: &mut Ctx,
    name: &str,
    raw: Option<&RawSatisfaction>,
    within: f64,
) -> Satisfaction {
    let p = |k: &'static str| ["channels", name, "satisfaction", k];
    let half_life = raw
        .and_then(|r| r.half_life)
        .map_or((5.0 * within).max(60.0), |d| d.secs());
    if half_life <= 0.0 {
        cx.err(
            &p("half_life"),
            "half_life must be a positive duration",
            "e.g. half_life = \"2m\"",
        );
    }
    let floor = raw.and_then(|r| r.floor).unwrap_or(0.0);
    cx.range(
        &p("floor"),
        floor,
        Bounds::within(0.0, 1.0),
        "floor",
        "the satisfaction factor of an endless wait, e.g. 0.2",
    );
    let unresolved = raw.and_then(|r| r.unresolved).unwrap_or(0.5);
    cx.range(
        &p("unresolved"),
        unresolved,
        Bounds::within(0.0, 1.0),
        "unresolved",
        "e.g. 0.5: an unresolved contact halves satisfaction",
    );
    Satisfaction {
        half_life_s: half_life.max(1e-9),
        floor,
        unresolved,
    }
}

fn weekly(cx: &mut Ctx, path: &[&str], w: &[f64]) -> Option<Vec<f64>> {
    if w.len() != 7 {
        cx.err(
            path,
            format!("weekly needs 7 weights (Monday to Sunday), got {}", w.len()),
            "e.g. weekly = [1.2, 1.1, 1.0, 1.0, 1.0, 0.7, 0.6]",
        );
        return None;
    }
    weights(cx, path, w, "weekly")
}

pub(crate) fn dist(cx: &mut Ctx, path: &[&str], d: &RawDist) -> Option<Dist> {
    let kind = d.dist.unwrap_or(DistKind::Exponential);
    let mean = d.mean.map(|m| m.secs());
    let needs_cv = matches!(kind, DistKind::Lognormal | DistKind::Gamma);
    let sub = |k: &'static str| path.iter().copied().chain([k]).collect::<Vec<_>>();
    if kind == DistKind::Empirical {
        if d.mean.is_some() || d.cv.is_some() {
            cx.err(
                path,
                "an empirical distribution takes `values` only",
                "remove mean/cv, or choose another dist",
            );
        }
        let Some(values) = &d.values else {
            cx.err(
                path,
                "an empirical distribution needs `values`",
                "e.g. values = [\"2m\", \"3m\", \"7m\"]",
            );
            return None;
        };
        return Dist::empirical(values.iter().map(|v| v.secs()).collect())
            .map_err(|e| {
                cx.err(
                    &sub("values"),
                    e.to_string(),
                    "list measured durations, e.g. values = [\"2m\", \"3m\", \"7m\"]",
                );
            })
            .ok();
    }
    if d.values.is_some() {
        cx.err(
            &sub("values"),
            "`values` is only used with dist = \"empirical\"",
            "remove it, or set dist = \"empirical\"",
        );
    }
    let Some(mean) = mean else {
        cx.err(
            path,
            "missing `mean`",
            "e.g. { dist = \"exponential\", mean = \"5m\" }",
        );
        return None;
    };
    if mean <= 0.0 {
        cx.err(
            &sub("mean"),
            format!(
                "the mean must be a positive duration, got {}",
                Duration(mean)
            ),
            "e.g. mean = \"5m\"",
        );
        return None;
    }
    let built = match (kind, d.cv) {
        (DistKind::Exponential, None) => Dist::exponential(mean),
        (DistKind::Fixed, None) => Dist::fixed(mean),
        (DistKind::Lognormal, Some(cv)) => Dist::lognormal(mean, cv),
        (DistKind::Gamma, Some(cv)) => Dist::gamma(mean, cv),
        (_, None) if needs_cv => {
            cx.err(
                path,
                "lognormal and gamma distributions need `cv` (standard deviation ÷ mean)",
                "e.g. cv = 0.8; call-centre handle times typically have cv 0.6–1.2",
            );
            return None;
        }
        (_, Some(_)) => {
            cx.err(
                &sub("cv"),
                "`cv` is only used with lognormal and gamma distributions",
                "remove cv, or set dist = \"lognormal\"",
            );
            return None;
        }
        _ => unreachable!("all kinds covered above"),
    };
    built
        .map_err(|e| {
            cx.err(
                &sub("cv"),
                e.to_string(),
                "e.g. cv = 0.8; call-centre handle times typically have cv 0.6–1.2",
            );
        })
        .ok()
}

/// Exact piecewise-constant rate over `[0, horizon)`: breakpoints at every intraday
/// slot, day and surge boundary.
fn rate_pieces(
    base: f64,
    weekly: &[f64],
    intraday: &[f64],
    surges: &[&Surge],
    cal: &Calendar,
    horizon: f64,
) -> Vec<RatePiece> {
    let slot = DAY_S / intraday.len() as f64;
    let off = cal.offset as f64;
    let mut pieces: Vec<RatePiece> = Vec::new();
    let mut t = 0.0;
    while t < horizon {
        let abs = off + t;
        let day = (abs / DAY_S).floor();
        let in_day = abs - day * DAY_S;
        let slot_i = ((in_day / slot) as usize).min(intraday.len() - 1);
        let mut next = day * DAY_S + (slot_i + 1) as f64 * slot - off;
        let mut mult = 1.0;
        for s in surges {
            if s.from <= t && t < s.to {
                mult *= s.multiplier;
                next = next.min(s.to);
            } else if s.from > t {
                next = next.min(s.from);
            }
        }
        let per_s = base * weekly[cal.weekday_of(day as u64)] * intraday[slot_i] * mult;
        let piece = RatePiece {
            start_s: t,
            per_s,
            day: day as u32,
        };
        match pieces.last() {
            Some(last) if last.per_s == per_s && last.day == piece.day => {}
            _ => pieces.push(piece),
        }
        t = next.min(horizon);
    }
    pieces
}

fn team(
    cx: &mut Ctx,
    name: &str,
    t: &RawTeam,
    channels: &[&str],
    cal: &Calendar,
    end: u64,
) -> Option<Team> {
    let before = cx.issues.len();
    let (t, kind) = workforce::with_preset(cx, name, t);
    let t = &t;
    let kind = kind?;
    let mut skills = vec![None; channels.len()];
    if t.skills.is_empty() {
        cx.err(
            &["teams", name, "skills"],
            format!("team \"{name}\" has no skills"),
            "list the channels it serves, e.g. skills = { phone = 1.0 }",
        );
    }
    for (ch, &p) in &t.skills {
        match channels.iter().position(|c| c == ch) {
            Some(i) => {
                if cx.range(
                    &["teams", name, "skills", ch],
                    p,
                    Bounds::above(0.0, 10.0),
                    "proficiency",
                    "1.0 is standard speed, 0.8 is 20 % slower; remove the channel if the team does not serve it",
                ) {
                    skills[i] = Some(p);
                }
            }
            None => cx.err_key(
                &["teams", name, "skills", ch],
                format!("unknown channel \"{ch}\"{}", suggest(ch, channels)),
                defined("channel", channels),
            ),
        }
    }
    let shrinkage = t.shrinkage.unwrap_or(0.0);
    if !(0.0..1.0).contains(&shrinkage) {
        cx.err(
            &["teams", name, "shrinkage"],
            format!("shrinkage must be at least 0 and below 1, got {shrinkage}"),
            "typical contact-centre shrinkage is 0.30–0.35",
        );
    }
    let roster = schedule(cx, name, t, cal, end);
    let pay = pay(cx, name, t, kind);
    let (hire_cost, vendor_management) =
        workforce::hire_costs(cx, name, t, kind, pay != Pay::Unpriced);
    let workforce = workforce::workforce(cx, name, t);
    let p = |k: &'static str| ["teams", name, k];
    let quality = cx.number(
        &p("quality"),
        t.quality,
        1.0,
        Bounds::within(0.0, 1.0),
        "the share of prompt, resolved contacts that leave the customer satisfied, e.g. 0.9",
    );
    let resolution = workforce::resolution(cx, name, t.resolution.as_ref(), &skills, channels);
    let overload = t.overload.as_ref().map(|o| {
        let q = |k: &'static str| ["teams", name, "overload", k];
        let threshold = cx.number(
            &q("threshold"),
            o.threshold,
            0.9,
            Bounds::within(0.0, 1.0),
            "an occupancy, e.g. 0.9",
        );
        let factor = cx.number(
            &q("factor"),
            o.factor,
            0.9,
            Bounds::within(0.0, 1.0),
            "a satisfaction multiplier, e.g. 0.9",
        );
        let window = o.window.map_or(3600.0, |d| d.secs());
        if window <= 0.0 {
            cx.err(
                &q("window"),
                "window must be a positive duration",
                "e.g. window = \"1h\"",
            );
        }
        Overload {
            threshold,
            factor,
            window_s: window.max(1.0),
        }
    });
    if cx.issues.len() > before {
        return None;
    }
    let (scheduled, headcount) = roster?;
    Some(Team {
        name: name.to_string(),
        kind,
        skills,
        headcount,
        scheduled,
        shrinkage,
        pay,
        hire_cost,
        vendor_management,
        quality,
        resolution,
        overload,
        workforce,
        escalation: None,
    })
}

/// How a team is paid, from its cost keys (checked against its kind).
fn pay(cx: &mut Ctx, name: &str, t: &RawTeam, kind: TeamKind) -> Pay {
    let p = |k: &'static str| ["teams", name, k];
    let in_house_keys = [
        ("wage", t.wage.is_some()),
        ("overhead", t.overhead.is_some()),
        ("night_premium", t.night_premium.is_some()),
        ("night", t.night.is_some()),
        ("supervisors", t.supervisors.is_some()),
    ];
    match kind {
        TeamKind::Outsourced => {
            if let Some((k, _)) = in_house_keys.iter().find(|(_, given)| *given) {
                cx.err_key(
                    &p(k),
                    format!("`{k}` applies to in-house teams; team \"{name}\" is outsourced"),
                    "a vendor is paid through `price = { per_hour = … }` or `price = { per_ticket = …, monthly_minimum = … }`",
                );
            }
            let Some(price) = &t.price else {
                return Pay::Unpriced;
            };
            let path = |k: &'static str| ["teams", name, "price", k];
            match (price.per_hour, price.per_ticket) {
                (Some(rate), None) => {
                    if price.monthly_minimum.is_some() {
                        cx.err_key(
                            &path("monthly_minimum"),
                            "`monthly_minimum` goes with `per_ticket`",
                            "remove it, or bill per ticket",
                        );
                    }
                    cx.range(
                        &path("per_hour"),
                        rate,
                        Bounds::within(0.0, 10_000.0),
                        "per_hour",
                        "e.g. per_hour = 14.0",
                    );
                    Pay::PerHour { rate }
                }
                (None, Some(price_)) => {
                    let minimum = price.monthly_minimum.unwrap_or(0.0);
                    cx.range(
                        &path("per_ticket"),
                        price_,
                        Bounds::within(0.0, 10_000.0),
                        "per_ticket",
                        "e.g. per_ticket = 3.5",
                    );
                    cx.range(
                        &path("monthly_minimum"),
                        minimum,
                        Bounds::within(0.0, 1e9),
                        "monthly_minimum",
                        "e.g. monthly_minimum = 20000",
                    );
                    Pay::PerTicket {
                        price: price_,
                        monthly_minimum: minimum,
                    }
                }
                _ => {
                    cx.err(
                        &p("price"),
                        "a price needs exactly one of `per_hour` or `per_ticket`",
                        "e.g. price = { per_hour = 14.0 } or price = { per_ticket = 3.5, monthly_minimum = 20000 }",
                    );
                    Pay::Unpriced
                }
            }
        }
        TeamKind::InHouse => {
            if t.price.is_some() {
                cx.err_key(
                    &p("price"),
                    format!("`price` applies to outsourced teams; team \"{name}\" is in-house"),
                    "pay an in-house team with `wage` (and `overhead`)",
                );
            }
            let Some(wage) = t.wage else {
                if let Some((k, _)) = in_house_keys.iter().find(|(_, given)| *given) {
                    cx.err_key(
                        &p(k),
                        format!("`{k}` needs the team's `wage`"),
                        "add wage = … (per hour)",
                    );
                }
                return Pay::Unpriced;
            };
            cx.range(
                &p("wage"),
                wage,
                Bounds::within(0.0, 10_000.0),
                "wage",
                "an hourly wage, e.g. wage = 26.0",
            );
            let overhead = cx.number(
                &p("overhead"),
                t.overhead,
                0.0,
                Bounds::within(0.0, 10.0),
                "a fraction of wages, e.g. 0.43 for +43 %",
            );
            let night_premium = cx.number(
                &p("night_premium"),
                t.night_premium,
                0.0,
                Bounds::within(0.0, 10.0),
                "a fraction of the wage, e.g. 0.15 for +15 %",
            );
            let night = t
                .night
                .as_ref()
                .map_or((22 * 3600, 6 * 3600), |n| (n.start.0, n.end.0));
            if night.0 == night.1 {
                cx.err(
                    &p("night"),
                    "the night window starts and ends at the same time",
                    "e.g. night = { start = \"22:00\", end = \"06:00\" }",
                );
            }
            let supervisors = t.supervisors.as_ref().map(|s| {
                if s.span == 0 {
                    cx.err(
                        &["teams", name, "supervisors", "span"],
                        "span must be at least 1 agent per lead",
                        "one lead per 8–15 agents is usual",
                    );
                }
                cx.range(
                    &["teams", name, "supervisors", "wage"],
                    s.wage,
                    Bounds::within(0.0, 10_000.0),
                    "supervisors.wage",
                    "a lead's hourly wage",
                );
                Supervisors {
                    span: s.span.max(1),
                    wage: s.wage,
                }
            });
            Pay::Wage(Wage {
                wage,
                overhead,
                night_premium,
                night,
                supervisors,
            })
        }
    }
}

/// Closest name within edit distance 2, as " (did you mean \"x\"?)".
pub(crate) fn suggest(name: &str, known: &[&str]) -> String {
    closest(name, known)
        .map(|k| format!(" (did you mean \"{k}\"?)"))
        .unwrap_or_default()
}

/// The name in `known` closest to `name`, if within edit distance 2.
pub(crate) fn closest<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (edit_distance(name, k), *k))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// Scheduled (pre-shrinkage) agents and the headcount (seats) as steps over
/// `[0, end)`. With `schedule`, the headcount is the team's `agents` (constant or
/// by period); with shifts it is the largest number of agents on duty at once.
fn schedule(
    cx: &mut Ctx,
    name: &str,
    t: &RawTeam,
    cal: &Calendar,
    end: u64,
) -> Option<(Vec<StaffStep>, Vec<StaffStep>)> {
    let path = |k: &'static str| ["teams", name, k];
    // With a schedule: the team's headcount over time, to multiply its opening hours by.
    let mut head: Option<Vec<StaffStep>> = None;
    let blocks: Vec<(Weekdays, TimeOfDay, TimeOfDay, u32)> = match (&t.schedule, &t.shifts) {
        (None, None) => {
            cx.err(&["teams", name], format!("team \"{name}\" has no schedule"), "add schedule = \"24/7\" (or \"business_hours\", or { days = \"mon-fri\", start = \"08:00\", end = \"20:00\" }) with agents = N, or a list of shifts");
            return None;
        }
        (Some(_), Some(_)) => {
            cx.err(
                &path("shifts"),
                "give either `schedule` (with `agents`) or `shifts`, not both",
                "remove one of them",
            );
            return None;
        }
        (Some(s), None) => {
            let Some(agents) = &t.agents else {
                cx.err(
                    &["teams", name],
                    format!("team \"{name}\" has a schedule but no `agents`"),
                    "add agents = N (agents on duty while the schedule is open)",
                );
                return None;
            };
            let heads = headcount(cx, name, agents, cal, end);
            // The schedule's opening hours (1 = open); the headcount multiplies them.
            let open = match s {
                RawSchedule::Named(n) if n == "24/7" => return heads.map(|h| (h.clone(), h)),
                RawSchedule::Named(n) if n == "business_hours" => {
                    vec![(
                        Weekdays::parse("mon-fri").expect("valid literal"),
                        TimeOfDay(9 * 3600),
                        TimeOfDay(17 * 3600),
                        1,
                    )]
                }
                RawSchedule::Named(n) => {
                    cx.err(&path("schedule"), format!("unknown schedule \"{n}\""), "use \"24/7\", \"business_hours\" or { days = \"mon-fri\", start = \"08:00\", end = \"20:00\" }");
                    return None;
                }
                RawSchedule::Hours(h) => {
                    vec![(h.days.unwrap_or(Weekdays::ALL), h.start, h.end, 1)]
                }
            };
            head = Some(heads?);
            open
        }
        (None, Some(shifts)) => {
            match &t.agents {
                Some(RawAgents::Fixed(_)) => {
                    cx.err(
                        &path("agents"),
                        "with `shifts`, agents are given per shift",
                        "remove the team-level `agents`",
                    );
                    return None;
                }
                Some(RawAgents::Periods(_)) => {
                    cx.err(
                        &path("agents"),
                        "headcount periods need a `schedule`: with `shifts`, agents are given per shift",
                        "use schedule = \"24/7\" (or business hours) with the periods, or change the agents of the shifts instead",
                    );
                    return None;
                }
                None => {}
            }
            if shifts.is_empty() {
                cx.err(
                    &path("shifts"),
                    "the shift list is empty",
                    "add at least one shift { days, start, end, agents }",
                );
                return None;
            }
            shifts
                .iter()
                .map(|s| (s.days.unwrap_or(Weekdays::ALL), s.start, s.end, s.agents))
                .collect()
        }
    };
    let mut deltas: Vec<(u64, i64)> = Vec::new();
    for (i, (days, start, stop, agents)) in blocks.iter().enumerate() {
        if start == stop {
            let at = if t.shifts.is_some() {
                vec![
                    "teams".to_string(),
                    name.to_string(),
                    "shifts".to_string(),
                    i.to_string(),
                ]
            } else {
                vec![
                    "teams".to_string(),
                    name.to_string(),
                    "schedule".to_string(),
                ]
            };
            let at: Vec<&str> = at.iter().map(String::as_str).collect();
            cx.err(
                &at,
                "start and end are the same time",
                "for round-the-clock cover use schedule = \"24/7\"",
            );
            return None;
        }
        let len = if stop.0 > start.0 {
            stop.0 - start.0
        } else {
            stop.0 + 86_400 - start.0
        };
        // Day -1 catches a shift that started before the scenario and runs past its start.
        let last_day = (cal.offset + end) / 86_400;
        for day in 0..=last_day + 1 {
            let d = day as i64 - 1;
            if !days.0[(cal.weekday as i64 + d).rem_euclid(7) as usize] {
                continue;
            }
            let open = d * 86_400 + i64::from(start.0) - cal.offset as i64;
            let close = open + i64::from(len);
            let (open, close) = (open.max(0), close.min(end as i64));
            if close > open {
                deltas.push((open as u64, i64::from(*agents)));
                deltas.push((close as u64, -i64::from(*agents)));
            }
        }
    }
    deltas.sort_by_key(|d| d.0);
    let mut level: i64 = 0;
    let mut steps = vec![StaffStep { at_s: 0, agents: 0 }];
    let mut i = 0;
    while i < deltas.len() {
        let at = deltas[i].0;
        while i < deltas.len() && deltas[i].0 == at {
            level += deltas[i].1;
            i += 1;
        }
        steps.push(StaffStep {
            at_s: at,
            agents: level as u32,
        });
    }
    let steps = merge_steps(steps);
    Some(match head {
        Some(head) => (product(&steps, &head), head),
        None => {
            let peak = steps.iter().map(|s| s.agents).max().unwrap_or(0);
            (
                steps,
                vec![StaffStep {
                    at_s: 0,
                    agents: peak,
                }],
            )
        }
    })
}

/// The product of two step functions that both start at 0.
fn product(a: &[StaffStep], b: &[StaffStep]) -> Vec<StaffStep> {
    let level = |steps: &[StaffStep], t: u64| {
        let i = steps.partition_point(|s| s.at_s <= t);
        if i == 0 { 0 } else { steps[i - 1].agents }
    };
    let mut times: Vec<u64> = a.iter().chain(b).map(|s| s.at_s).collect();
    times.sort_unstable();
    times.dedup();
    merge_steps(times.into_iter().map(|t| StaffStep {
        at_s: t,
        agents: level(a, t).saturating_mul(level(b, t)),
    }))
}

/// A team's headcount over `[0, end)` as steps: constant, or from its periods.
fn headcount(
    cx: &mut Ctx,
    name: &str,
    agents: &RawAgents,
    cal: &Calendar,
    end: u64,
) -> Option<Vec<StaffStep>> {
    let list = match agents {
        RawAgents::Fixed(n) => {
            return Some(vec![StaffStep {
                at_s: 0,
                agents: *n,
            }]);
        }
        RawAgents::Periods(list) => list,
    };
    let before = cx.issues.len();
    if list.is_empty() {
        cx.err(
            &["teams", name, "agents"],
            "the list of headcount periods is empty",
            "write agents = N for a constant headcount, or list periods such as \
             [{ from = 2026-11-26, to = 2026-12-01, agents = 60 }, { agents = 30 }]",
        );
        return None;
    }
    let sim_end = jiff::SignedDuration::try_from_secs_f64(end as f64)
        .ok()
        .and_then(|d| cal.start.checked_add(d).ok())
        .unwrap_or(cal.start);
    let mut outside: Option<(usize, u32)> = None;
    // (from, to, agents, index in the list), in seconds from the start.
    let mut periods: Vec<(f64, f64, u32, usize)> = Vec::new();
    for (i, p) in list.iter().enumerate() {
        let idx = i.to_string();
        let at = |k: &'static str| ["teams", name, "agents", &idx, k].map(str::to_string);
        match (p.from, p.to) {
            (None, None) => match outside {
                Some((first, _)) => cx.err(
                    &["teams", name, "agents", &idx],
                    format!(
                        "two entries without `from` and `to` (entries {first} and {i}): only one may give the headcount outside the periods"
                    ),
                    "remove one of them, or give it `from` and `to`",
                ),
                None => outside = Some((i, p.agents)),
            },
            (Some(from), Some(to)) => {
                let (f, t) = (cal.seconds_to(from), cal.seconds_to(to));
                if t <= f {
                    let path = at("to");
                    let path: Vec<&str> = path.iter().map(String::as_str).collect();
                    cx.err(
                        &path,
                        format!("period ends ({}) before it starts ({})", to.0, from.0),
                        "`to` must be after `from` (it is exclusive: to = the day after the last day of the period)",
                    );
                } else if t <= 0.0 || f >= end as f64 {
                    let path = at("from");
                    let path: Vec<&str> = path.iter().map(String::as_str).collect();
                    cx.err(
                        &path,
                        format!(
                            "headcount period {} – {} lies outside the simulated period {} – {} (horizon and drain)",
                            from.0, to.0, cal.start, sim_end
                        ),
                        "move the period into the simulated period, or remove it",
                    );
                } else {
                    periods.push((f, t, p.agents, i));
                }
            }
            (Some(_), None) | (None, Some(_)) => cx.err(
                &["teams", name, "agents", &idx],
                "a headcount period needs both `from` and `to` (an entry with neither gives the headcount outside the periods)",
                "e.g. { from = 2026-11-26, to = 2026-12-01, agents = 60 }",
            ),
        }
    }
    periods.sort_by(|a, b| a.0.total_cmp(&b.0));
    for w in periods.windows(2) {
        let ((_, prev_to, _, j), (from, _, _, i)) = (w[0], w[1]);
        if from < prev_to {
            let idx = i.to_string();
            cx.err(
                &["teams", name, "agents", &idx, "from"],
                format!(
                    "headcount periods {j} and {i} overlap: the team would have two headcounts at once"
                ),
                "periods include `from` and exclude `to`: start a period where the previous one ends, e.g. to = 2026-11-28 and from = 2026-11-28",
            );
        }
    }
    if cx.issues.len() > before {
        return None;
    }
    let default = outside.map_or(0, |(_, n)| n);
    let mut steps = vec![StaffStep {
        at_s: 0,
        agents: default,
    }];
    for (from, to, agents, _) in periods {
        // Whole seconds: dates and `start` have a resolution of one second.
        steps.push(StaffStep {
            at_s: from.max(0.0) as u64,
            agents,
        });
        if to < end as f64 {
            steps.push(StaffStep {
                at_s: to as u64,
                agents: default,
            });
        }
    }
    Some(merge_steps(steps))
}

/// Drops steps that do not change the level (keeping the latest at equal times).
fn merge_steps(steps: impl IntoIterator<Item = StaffStep>) -> Vec<StaffStep> {
    let mut out: Vec<StaffStep> = Vec::new();
    for s in steps {
        if let Some(last) = out.last_mut()
            && last.at_s == s.at_s
        {
            last.agents = s.agents;
        } else {
            out.push(s);
        }
        if out.len() >= 2 && out[out.len() - 2].agents == out[out.len() - 1].agents {
            out.pop();
        }
    }
    out
}

fn routing(
    cx: &mut Ctx,
    raw: &RawScenario,
    channels: &mut [Channel],
    teams: &[Team],
    channel_names: &[&str],
    team_names: &[&str],
) {
    for (ch, _) in &raw.routing {
        if !channel_names.contains(&ch.as_str()) {
            cx.err_key(
                &["routing", ch],
                format!("unknown channel \"{ch}\"{}", suggest(ch, channel_names)),
                defined("channel", channel_names),
            );
        }
    }
    for (ci, channel) in channels.iter_mut().enumerate() {
        let name = channel.name.clone();
        channel.routing = match raw.routing.get(&name) {
            None => teams
                .iter()
                .enumerate()
                .filter(|(_, t)| t.skills[ci].is_some())
                .map(|(team, _)| Route { team, after_s: 0.0 })
                .collect(),
            Some(steps) => route_list(cx, &name, ci, steps, teams, team_names),
        };
        match raw.routing.get(&name) {
            Some(steps) if steps.is_empty() => cx.err(
                &["routing", &name],
                format!("the routing of channel \"{name}\" lists no team"),
                format!(
                    "list the teams that serve {name}, or remove the line to route to every team skilled in it"
                ),
            ),
            None if channel.routing.is_empty() => cx.err(
                &["channels", &name],
                format!("no team serves channel \"{name}\""),
                format!("add {name} to a team's skills, e.g. skills = {{ {name} = 1.0 }}"),
            ),
            _ => {}
        }
    }
}

fn route_list(
    cx: &mut Ctx,
    channel: &str,
    ci: usize,
    steps: &[RawRoute],
    teams: &[Team],
    team_names: &[&str],
) -> Vec<Route> {
    let mut out: Vec<Route> = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        let idx = i.to_string();
        let (team, after) = match step {
            RawRoute::Team(t) => (t, 0.0),
            RawRoute::Delayed(d) => (&d.team, d.after.map_or(0.0, |a| a.secs())),
        };
        let Some(ti) = team_names.iter().position(|t| t == team) else {
            cx.err(
                &["routing", channel, &idx],
                format!("unknown team \"{team}\"{}", suggest(team, team_names)),
                defined("team", team_names),
            );
            continue;
        };
        if teams[ti].skills[ci].is_none() {
            cx.err(&["routing", channel, &idx], format!("team \"{team}\" is routed {channel} contacts but has no {channel} skill"), format!("add {channel} = 1.0 to teams.{team}.skills, or remove it from this routing list"));
            continue;
        }
        if out.iter().any(|r| r.team == ti) {
            cx.err(&["routing", channel, &idx], format!("team \"{team}\" appears twice in the {channel} routing: a contact would cycle back to a team it already queues for"), "list each team once; use `after` for the delay");
            continue;
        }
        if !(after.is_finite() && after >= 0.0) {
            cx.err(
                &["routing", channel, &idx],
                "`after` must be a non-negative duration",
                "e.g. { team = \"vendor\", after = \"30s\" }",
            );
            continue;
        }
        out.push(Route {
            team: ti,
            after_s: after,
        });
    }
    out
}
