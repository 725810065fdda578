//! `[channels.NAME]`: volume, handle time and patience distributions, concurrency,
//! service level, satisfaction and repeat contacts of each channel.

use super::calendar::{Calendar, period};
use super::demand::{self, Surge, VOLUME_PER_HOUR};
use super::kinds;
use crate::model::{Channel, DAY_S, Dist, MIN_CV, Num, Repeat, Satisfaction};
use crate::scenario::diagnostics::{Bounds, Ctx};
use crate::scenario::raw::{RawChannel, RawDemand, RawDist, RawProfile};
use crate::scenario::units::DistKind;
use crate::scenario::units::Duration;
use crate::scenario::{defaults, limits};

/// What a channel's arrival rate is built from besides its own keys.
pub(super) struct Arrivals<'a> {
    /// The shared `[demand]`.
    pub(super) demand: &'a RawDemand,
    /// Contacts per second of the whole customer base, if `[demand]` gives one.
    pub(super) customer_rate: Option<f64>,
    /// The scenario's calendar.
    pub(super) cal: &'a Calendar,
    /// Seconds to lay the rate out over.
    pub(super) horizon: f64,
    /// The valid surges.
    pub(super) surges: &'a [Surge],
}

/// Channel `name` as written in `ch`, validated (`None` after a problem).
pub(super) fn channel(
    cx: &mut Ctx,
    name: &str,
    ch: &RawChannel,
    arrivals: &Arrivals<'_>,
) -> Option<Channel> {
    let demand = arrivals.demand;
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
            VOLUME_PER_HOUR,
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
        base = s * arrivals.customer_rate.unwrap_or(0.0);
    }

    let handle_time = dist(cx, &p("handle_time"), &ch.handle_time);
    let patience = ch
        .patience
        .as_ref()
        .and_then(|d| dist(cx, &p("patience"), d));
    let concurrency = ch.concurrency.unwrap_or(defaults::CONCURRENCY);
    if !(1..=limits::MAX_CONCURRENCY).contains(&concurrency) {
        cx.err(
            &p("concurrency"),
            format!(
                "concurrency must be between 1 and {} contacts per agent, got {concurrency}",
                limits::MAX_CONCURRENCY
            ),
            "use 1 for phone, 2–4 for chat",
        );
    }
    let slowdown = cx.number(
        &p("slowdown"),
        ch.slowdown,
        defaults::SLOWDOWN,
        Bounds::within(0.0, 10.0),
        "e.g. slowdown = 0.15: each extra concurrent contact makes handling 15 % slower",
    );
    let (within, target) = match &ch.service_level {
        Some(sl) => {
            period(
                cx,
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
        None => (defaults::SERVICE_LEVEL_WITHIN.secs(), None),
    };
    let forecast_error = ch
        .forecast_error
        .or(demand.forecast_error)
        .unwrap_or(defaults::FORECAST_ERROR);
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
    if forecast_error > 0.0 && forecast_error < MIN_CV {
        cx.err(
            &fe_path,
            format!(
                "forecast_error must be 0 or at least {MIN_CV}, got {}",
                Num(forecast_error)
            ),
            "write forecast_error = 0 for volumes known exactly, or a CV such as 0.1",
        );
    }

    let weekly = match (&ch.weekly, &demand.weekly) {
        (Some(w), _) => demand::weekly(cx, &p("weekly"), w),
        (None, Some(w)) => demand::weekly(cx, &["demand", "weekly"], w),
        (None, None) => Some(defaults::WEEKLY.to_vec()),
    };
    let intraday = match (&ch.intraday, &demand.intraday) {
        (Some(pr), _) => demand::profile(cx, &p("intraday"), pr),
        (None, Some(pr)) => demand::profile(cx, &["demand", "intraday"], pr),
        (None, None) => demand::profile(
            cx,
            &["demand", "intraday"],
            &RawProfile::Named(defaults::INTRADAY.into()),
        ),
    };
    let satisfaction = satisfaction(cx, name, ch, within);
    let repeat = ch.repeat.as_ref().and_then(|r| {
        let probability = cx.value(
            &["channels", name, "repeat", "probability"],
            r.probability,
            Bounds::within(0.0, 1.0),
            "the share of unresolved contacts that come back, e.g. 0.6",
        );
        let delay = dist(cx, &["channels", name, "repeat", "delay"], &r.delay)?;
        Some(Repeat { probability, delay })
    });
    if cx.issues.len() > before {
        return None;
    }
    let rate = demand::channel_rate(
        name,
        base,
        &weekly?,
        &intraday?,
        arrivals.surges,
        arrivals.cal,
        arrivals.horizon,
    );
    Some(Channel {
        name: name.to_string(),
        rate,
        forecast_error,
        handle_time: handle_time?,
        patience,
        concurrency,
        slowdown,
        priority: ch.priority.unwrap_or(defaults::PRIORITY),
        sl_within_s: within,
        sl_target: target,
        routing: Vec::new(),
        satisfaction,
        repeat,
        // Set with the other channels known (a redirect names one).
        hours: None,
    })
}

/// A channel's satisfaction curve. Keys the channel leaves out come from its `kind`
/// if it has one, else from the neutral defaults: baseline 1, and a half-life of 5 ×
/// the service-level threshold (at least a minute), so "slightly late" costs little
/// and hours late costs most of the satisfaction.
fn satisfaction(cx: &mut Ctx, name: &str, ch: &RawChannel, within: f64) -> Satisfaction {
    let p = |k: &'static str| ["channels", name, "satisfaction", k];
    let raw = ch.satisfaction.as_ref();
    let kind = ch.kind.map(kinds::kind_values);
    let half_life = raw.and_then(|r| r.half_life).map_or_else(
        || {
            kind.as_ref().map_or(
                (defaults::HALF_LIFE_FACTOR * within).max(defaults::HALF_LIFE_MIN.secs()),
                |k| k.half_life_s,
            )
        },
        |d| d.secs(),
    );
    if half_life <= 0.0 {
        cx.err(
            &p("half_life"),
            "half_life must be a positive duration",
            "e.g. half_life = \"2m\"",
        );
    }
    let floor = cx.number(
        &p("floor"),
        raw.and_then(|r| r.floor),
        defaults::SATISFACTION_FLOOR,
        Bounds::within(0.0, 1.0),
        "the satisfaction factor of an endless wait, e.g. 0.2",
    );
    let baseline = cx.number(
        &p("baseline"),
        raw.and_then(|r| r.baseline),
        kind.as_ref()
            .map_or(defaults::SATISFACTION_BASELINE, |k| k.baseline),
        Bounds::within(0.0, 1.0),
        "the satisfaction of a prompt, resolved contact by a team of quality 1, e.g. 0.9",
    );
    let unresolved = cx.number(
        &p("unresolved"),
        raw.and_then(|r| r.unresolved),
        kind.as_ref()
            .map_or(defaults::SATISFACTION_UNRESOLVED, |k| k.unresolved),
        Bounds::within(0.0, 1.0),
        "e.g. 0.5: an unresolved contact halves satisfaction",
    );
    Satisfaction {
        half_life_s: half_life.max(1e-9),
        floor,
        baseline,
        unresolved,
    }
}

/// A duration distribution as written in `d` at `path`, validated.
pub(super) fn dist(cx: &mut Ctx, path: &[&str], d: &RawDist) -> Option<Dist> {
    let kind = d.dist.unwrap_or(defaults::DIST);
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
