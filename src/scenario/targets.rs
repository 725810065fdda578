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

/// Adds an upper bound on a wait KPI, if one is given.
fn wait(
    list: &mut Vec<Target>,
    kpi: Kpi,
    what: &str,
    bound: Option<Duration>,
    scope: Scope,
    prefix: &str,
) {
    if let Some(d) = bound {
        list.push(Target {
            scope,
            kpi,
            bound: Bound::AtMost(d.secs()),
            label: format!("{prefix}{what} ≤ {d}"),
        });
    }
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
    if let Some(c) = raw.csat
        && cx.range(
            &["targets", "csat"],
            c,
            Bounds::above(0.0, 1.0),
            "csat",
            "a share of satisfied customers: write 0.85 for 85 %",
        )
    {
        list.push(Target {
            scope: Scope::Overall,
            kpi: Kpi::Csat,
            bound: Bound::AtLeast(c),
            label: format!("CSAT ≥ {}", pct(c)),
        });
    }
    wait(
        &mut list,
        Kpi::WaitP50,
        "median wait",
        raw.median_wait,
        Scope::Overall,
        "",
    );
    wait(&mut list, Kpi::Asa, "ASA", raw.asa, Scope::Overall, "");
    if let Some(a) = raw.abandon_rate
        && cx.range(
            &["targets", "abandon_rate"],
            a,
            Bounds::within(0.0, 1.0),
            "abandon_rate",
            "a share of offered contacts: write 0.05 for 5 %",
        )
    {
        list.push(Target {
            scope: Scope::Overall,
            kpi: Kpi::AbandonRate,
            bound: Bound::AtMost(a),
            label: format!("abandon rate ≤ {}", pct(a)),
        });
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
        list.push(Target {
            scope: Scope::Overall,
            kpi: Kpi::Occupancy,
            bound: Bound::AtMost(o),
            label: format!("occupancy ≤ {}", pct(o)),
        });
    }

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
        let Some(own) = own else { continue };
        let prefix = format!("{name} ");
        wait(
            &mut list,
            Kpi::WaitP50,
            "median wait",
            own.median_wait,
            scope,
            &prefix,
        );
        wait(&mut list, Kpi::Asa, "ASA", own.asa, scope, &prefix);
        if let Some(a) = own.abandon_rate
            && cx.range(
                &["targets", "channels", name, "abandon_rate"],
                a,
                Bounds::within(0.0, 1.0),
                "abandon_rate",
                "a share of offered contacts: write 0.05 for 5 %",
            )
        {
            list.push(Target {
                scope,
                kpi: Kpi::AbandonRate,
                bound: Bound::AtMost(a),
                label: format!("{name} abandon rate ≤ {}", pct(a)),
            });
        }
    }
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
