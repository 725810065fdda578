//! `[teams.NAME]`: a team's kind, skills, shrinkage, quality and overload, and how
//! it is paid; assembles the team from its roster, workforce and tier keys.

use super::calendar::Calendar;
use super::{rosters, routing, workforce};
use crate::model::{Overload, Pay, Supervisors, Team, TeamKind, Wage};
use crate::scenario::defaults;
use crate::scenario::diagnostics::{Bounds, Ctx, defined, suggest};
use crate::scenario::raw::RawTeam;

/// Team `name` as written in `t`, validated against the `channels`; its roster is
/// laid out over `[0, end)` (`None` after a problem).
pub(super) fn team(
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
    let shrinkage = t.shrinkage.unwrap_or(defaults::SHRINKAGE);
    if !(0.0..1.0).contains(&shrinkage) {
        cx.err(
            &["teams", name, "shrinkage"],
            format!("shrinkage must be at least 0 and below 1, got {shrinkage}"),
            "typical contact-centre shrinkage is 0.30–0.35",
        );
    }
    let roster = rosters::schedule(cx, name, t, cal, end);
    let pay = pay(cx, name, t, kind);
    let (hire_cost, vendor_management) =
        workforce::hire_costs(cx, name, t, kind, pay != Pay::Unpriced);
    let workforce = workforce::workforce(cx, name, t);
    let p = |k: &'static str| ["teams", name, k];
    let quality = cx.number(
        &p("quality"),
        t.quality,
        defaults::QUALITY,
        Bounds::within(0.0, 1.0),
        "the share of prompt, resolved contacts that leave the customer satisfied, e.g. 0.9",
    );
    let resolution = routing::resolution(cx, name, t.resolution.as_ref(), &skills, channels);
    let overload = t.overload.as_ref().map(|o| {
        let q = |k: &'static str| ["teams", name, "overload", k];
        let threshold = cx.number(
            &q("threshold"),
            o.threshold,
            defaults::OVERLOAD_THRESHOLD,
            Bounds::within(0.0, 1.0),
            "an occupancy, e.g. 0.9",
        );
        let factor = cx.number(
            &q("factor"),
            o.factor,
            defaults::OVERLOAD_FACTOR,
            Bounds::within(0.0, 1.0),
            "a satisfaction multiplier, e.g. 0.9",
        );
        let window = o.window.unwrap_or(defaults::OVERLOAD_WINDOW).secs();
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
                    let minimum = price.monthly_minimum.unwrap_or(defaults::MONTHLY_MINIMUM);
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
                defaults::OVERHEAD,
                Bounds::within(0.0, 10.0),
                "a fraction of wages, e.g. 0.43 for +43 %",
            );
            let night_premium = cx.number(
                &p("night_premium"),
                t.night_premium,
                defaults::NIGHT_PREMIUM,
                Bounds::within(0.0, 10.0),
                "a fraction of the wage, e.g. 0.15 for +15 %",
            );
            let night = t
                .night
                .as_ref()
                .map_or((defaults::NIGHT.0.0, defaults::NIGHT.1.0), |n| {
                    (n.start.0, n.end.0)
                });
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

/// Plans are ranked by cost: a team without one would look free, so either every
/// team has a cost or none has.
pub(super) fn check_costs_comparable(cx: &mut Ctx, teams: &[Team]) {
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
}
