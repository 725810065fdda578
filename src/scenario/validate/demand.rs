//! `[demand]` and `[[surges]]`: the customer base, channel shares, weekly and
//! intraday profiles, surges, churn, and each channel's arrival rate over time.

use super::calendar::Calendar;
use crate::model::cost::MONTH_S;
use crate::model::{Churn, DAY_S, Num, RatePiece};
use crate::scenario::defaults;
use crate::scenario::diagnostics::{Bounds, Ctx, defined, suggest};
use crate::scenario::limits;
use crate::scenario::raw::{RawDemand, RawProfile, RawScenario};

/// A positive contact volume small enough to simulate (a million per hour is more
/// than any contact centre handles; beyond it a replication never ends).
pub(super) const VOLUME_PER_HOUR: Bounds = Bounds::above(0.0, 1e6);

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

/// Contacts per second from the customer base, if `demand` defines one.
pub(super) fn customer_rate(cx: &mut Ctx, raw: &RawScenario, demand: &RawDemand) -> Option<f64> {
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
            if ok && per_hour > VOLUME_PER_HOUR.hi {
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

/// Checks that the channel shares of the customer demand sum to 1.
pub(super) fn check_share_sum(cx: &mut Ctx, raw: &RawScenario) {
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

/// A validated surge, in seconds from the start.
pub(super) struct Surge {
    from: f64,
    to: f64,
    multiplier: f64,
    /// The channels it affects (`None`: all).
    channels: Option<Vec<String>>,
}

/// The surges of `[[surges]]` that are valid and fall in the horizon.
pub(super) fn surges(
    cx: &mut Ctx,
    raw: &RawScenario,
    cal: &Calendar,
    horizon: f64,
    channels: &[&str],
) -> Vec<Surge> {
    let mut out = Vec::new();
    if raw.surges.len() > limits::MAX_SURGES {
        let (message, help) = limits::too_many("[[surges]]", raw.surges.len(), limits::MAX_SURGES);
        cx.err(&["surges"], message, help);
        return out;
    }
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

/// Relative weights normalised to mean 1; `what` names them in messages.
fn weights(cx: &mut Ctx, path: &[&str], w: &[f64], what: &str) -> Option<Vec<f64>> {
    let (lo, hi) = limits::WEIGHTS;
    if let Some(x) = w.iter().find(|x| **x > hi || (**x > 0.0 && **x < lo)) {
        cx.err(
            path,
            format!(
                "{what} weights must be 0 or between {lo} and {hi}, got {}",
                Num(*x)
            ),
            "weights are relative: 1.0 is an average slot, 2.0 twice as busy, 0 closed",
        );
        return None;
    }
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

/// The intraday weights of a profile, one per equal slot of the day.
pub(super) fn profile(cx: &mut Ctx, path: &[&str], p: &RawProfile) -> Option<Vec<f64>> {
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

/// The seven weekly weights, Monday first.
pub(super) fn weekly(cx: &mut Ctx, path: &[&str], w: &[f64]) -> Option<Vec<f64>> {
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

/// The arrival rate of channel `name` over `[0, horizon)`: `base` contacts per second
/// shaped by its weekly and intraday weights and the surges that affect it.
pub(super) fn channel_rate(
    name: &str,
    base: f64,
    weekly: &[f64],
    intraday: &[f64],
    surges: &[Surge],
    cal: &Calendar,
    horizon: f64,
) -> Vec<RatePiece> {
    let mine: Vec<&Surge> = surges
        .iter()
        .filter(|s| {
            s.channels
                .as_ref()
                .is_none_or(|c| c.iter().any(|c| c == name))
        })
        .collect();
    rate_pieces(base, weekly, intraday, &mine, cal, horizon)
}

/// Exact piecewise-constant rate over `[0, horizon)`: breakpoints at every intraday
/// slot, day and surge boundary. Surge boundaries are visited in time order, so the
/// work grows with pieces plus surges (times a logarithm), not their product.
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
    // (time, surge, multiplier from then on): a surge starts, then ends at `to > from`.
    let mut events: Vec<(f64, usize, f64)> = surges
        .iter()
        .enumerate()
        .flat_map(|(i, s)| [(s.from, i, s.multiplier), (s.to, i, 1.0)])
        .collect();
    events.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut active = Product::new(surges.len());
    let mut next_event = 0;
    let mut pieces: Vec<RatePiece> = Vec::new();
    let mut t = 0.0;
    while t < horizon {
        while let Some(&(_, i, m)) = events.get(next_event).filter(|e| e.0 <= t) {
            active.set(i, m);
            next_event += 1;
        }
        let abs = off + t;
        let day = (abs / DAY_S).floor();
        let in_day = abs - day * DAY_S;
        let slot_i = ((in_day / slot) as usize).min(intraday.len() - 1);
        let mut next = day * DAY_S + (slot_i + 1) as f64 * slot - off;
        if let Some(e) = events.get(next_event) {
            next = next.min(e.0);
        }
        let per_s = base * weekly[cal.weekday_of(day as u64)] * intraday[slot_i] * active.total();
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

/// The product of the multipliers of the surges in effect (1 for the others), kept
/// in a binary tree so that changing one costs a logarithm of their number.
struct Product(Vec<f64>);

impl Product {
    /// `n` surges, none in effect.
    fn new(n: usize) -> Self {
        Product(vec![1.0; 2 * n.next_power_of_two()])
    }

    /// Sets the multiplier of surge `i` (1 when it is not in effect).
    fn set(&mut self, i: usize, m: f64) {
        let mut p = self.0.len() / 2 + i;
        self.0[p] = m;
        while p > 1 {
            p /= 2;
            self.0[p] = self.0[2 * p] * self.0[2 * p + 1];
        }
    }

    /// The product of all multipliers.
    fn total(&self) -> f64 {
        self.0[1]
    }
}

/// What dissatisfied customers cost: the churn probability and a customer's value.
pub(super) fn churn(cx: &mut Ctx, demand: &RawDemand) -> Churn {
    let churn = Churn {
        if_dissatisfied: demand
            .churn_if_dissatisfied
            .unwrap_or(defaults::CHURN_IF_DISSATISFIED),
        customer_value: demand.customer_value.unwrap_or(defaults::CUSTOMER_VALUE),
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
    churn
}
