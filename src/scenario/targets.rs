//! `[targets]`: the KPI bounds every plan is judged by, and the confidence with
//! which the recommended plan must meet them all together.

use super::defaults;
use super::diagnostics::{Bounds, Ctx, Issue, defined, suggest};
use super::raw::RawTargets;
use super::units::Duration;
use crate::kpi::Kpi;
use crate::model::{Bound, Model, Scope, Target, Targets};

/// A fraction as a percentage for labels: 0.8 → "80 %", 0.875 → "87.5 %".
fn pct(x: f64) -> String {
    format!("{} %", (x * 1e4).round() / 100.0)
}

/// The waiting-time bounds of one scope, each with the key path it was read from
/// (for errors).
struct Waits<'a> {
    median_wait: Option<Duration>,
    asa: Option<Duration>,
    abandon_rate: Option<(f64, Vec<&'a str>)>,
}

impl<'a> Waits<'a> {
    /// The bounds of a table at `path` (`[targets]`, `[targets.pooled]`, …).
    fn read(
        path: &[&'a str],
        median_wait: Option<Duration>,
        asa: Option<Duration>,
        abandon_rate: Option<f64>,
    ) -> Self {
        let at = || path.iter().copied().chain(["abandon_rate"]).collect();
        Waits {
            median_wait,
            asa,
            abandon_rate: abandon_rate.map(|a| (a, at())),
        }
    }

    /// These bounds, each replaced by `over`'s where `over` sets one.
    fn overridden_by(self, over: Waits<'a>) -> Self {
        Waits {
            median_wait: over.median_wait.or(self.median_wait),
            asa: over.asa.or(self.asa),
            abandon_rate: over.abandon_rate.or(self.abandon_rate),
        }
    }

    /// Adds a target of `scope` for each bound, labelled "{prefix}median wait ≤ 2m"
    /// and the like.
    fn add(self, cx: &mut Ctx, list: &mut Vec<Target>, scope: Scope, prefix: &str) {
        let mut push = |kpi, bound, what: String| {
            list.push(Target {
                scope,
                kpi,
                bound,
                label: format!("{prefix}{what}"),
            })
        };
        if let Some(d) = self.median_wait {
            push(
                Kpi::WaitP50,
                Bound::AtMost(d.secs()),
                format!("median wait ≤ {d}"),
            );
        }
        if let Some(d) = self.asa {
            push(Kpi::Asa, Bound::AtMost(d.secs()), format!("ASA ≤ {d}"));
        }
        if let Some((a, path)) = self.abandon_rate
            && share_ok(cx, &path, a)
        {
            push(
                Kpi::AbandonRate,
                Bound::AtMost(a),
                format!("abandon rate ≤ {}", pct(a)),
            );
        }
    }
}

/// Checks an `abandon_rate` bound at `path`.
fn share_ok(cx: &mut Ctx, path: &[&str], a: f64) -> bool {
    cx.range(
        path,
        a,
        Bounds::within(0.0, 1.0),
        "abandon_rate",
        "a share of offered contacts: write 0.05 for 5 %",
    )
}

/// Validates `[targets]` against the base scenario's channels.
pub(crate) fn targets(raw: &RawTargets, model: &Model) -> Result<Targets, Vec<Issue>> {
    let mut cx = Ctx::default();
    let mut list = Vec::new();
    let confidence = raw.confidence.unwrap_or(defaults::CONFIDENCE);
    if !(confidence.is_finite() && confidence > 0.0 && confidence < 1.0) {
        cx.err(
            &["targets", "confidence"],
            format!("confidence must be greater than 0 and less than 1, got {confidence}"),
            "it is the probability that a plan meets all targets together, e.g. confidence = 0.9 for 90 %",
        );
    }
    overall(&mut cx, &mut list, raw);
    if let Some(p) = &raw.pooled {
        let pooled = Waits::read(&["targets", "pooled"], p.median_wait, p.asa, p.abandon_rate);
        pooled.add(&mut cx, &mut list, Scope::Pooled, "all channels pooled: ");
    }
    per_channel(&mut cx, &mut list, raw, model);
    if cx.issues.is_empty() && list.is_empty() {
        cx.err(
            &["targets"],
            "[targets] sets no target",
            "add e.g. median_wait = \"2m\" or abandon_rate = 0.05, or give a channel \
             service_level = { within = \"20s\", target = 0.8 }",
        );
    }
    if cx.issues.is_empty() {
        Ok(Targets { confidence, list })
    } else {
        Err(cx.into_issues())
    }
}

/// The targets on the whole centre: CSAT and occupancy.
fn overall(cx: &mut Ctx, list: &mut Vec<Target>, raw: &RawTargets) {
    let mut push = |kpi, bound, label| {
        list.push(Target {
            scope: Scope::Overall,
            kpi,
            bound,
            label,
        })
    };
    if let Some(c) = raw.csat
        && cx.range(
            &["targets", "csat"],
            c,
            Bounds::above(0.0, 1.0),
            "csat",
            "a share of satisfied customers: write 0.85 for 85 %",
        )
    {
        push(Kpi::Csat, Bound::AtLeast(c), format!("CSAT ≥ {}", pct(c)));
    }
    if let Some(o) = raw.occupancy
        && cx.range(
            &["targets", "occupancy"],
            o,
            Bounds::above(0.0, 1.0),
            "occupancy",
            "a share of the agents' time: write 0.85 for 85 %",
        )
    {
        push(
            Kpi::Occupancy,
            Bound::AtMost(o),
            format!("occupancy ≤ {}", pct(o)),
        );
    }
}

/// The targets of each channel: its service level, and the waiting-time bounds of
/// `[targets]` as overridden by `[targets.channels.NAME]`.
fn per_channel(cx: &mut Ctx, list: &mut Vec<Target>, raw: &RawTargets, model: &Model) {
    let names: Vec<&str> = model.channels.iter().map(|c| c.name.as_str()).collect();
    for name in raw.channels.keys() {
        if !names.contains(&name.as_str()) {
            cx.err_key(
                &["targets", "channels", name],
                format!("unknown channel \"{name}\"{}", suggest(name, &names)),
                defined("channel", &names),
            );
        }
    }
    // Checked even where every channel overrides it (the issue is reported once).
    if let Some(a) = raw.abandon_rate {
        share_ok(cx, &["targets", "abandon_rate"], a);
    }
    let own_sl = raw.service_level.unwrap_or(defaults::TARGETS_SERVICE_LEVEL);
    for (ci, ch) in model.channels.iter().enumerate() {
        let name = ch.name.as_str();
        let scope = Scope::Channel(ci);
        let own = raw.channels.get(name);
        let sl = match own.and_then(|t| t.service_level) {
            Some(s) => cx
                .range(
                    &["targets", "channels", name, "service_level"],
                    s,
                    Bounds::above(0.0, 1.0),
                    "service_level",
                    "a share of offered contacts: write 0.8 for 80 %",
                )
                .then_some(s),
            None if own_sl => ch.sl_target,
            None => None,
        };
        if let Some(s) = sl {
            list.push(Target {
                scope,
                kpi: Kpi::ServiceLevel,
                bound: Bound::AtLeast(s),
                label: format!(
                    "{name} service level ≥ {} within {}",
                    pct(s),
                    Duration(ch.sl_within_s)
                ),
            });
        }
        let every = Waits::read(&["targets"], raw.median_wait, raw.asa, raw.abandon_rate);
        let waits = match own {
            Some(o) => every.overridden_by(Waits::read(
                &["targets", "channels", name],
                o.median_wait,
                o.asa,
                o.abandon_rate,
            )),
            None => every,
        };
        waits.add(cx, list, scope, &format!("{name} "));
    }
}
