//! Rosters: a team's `schedule` or `shifts` and its headcount (constant or by
//! calendar period), laid out as steps of scheduled agents and seats over time.

use super::calendar::Calendar;
use super::opening::{self, Opening, Window, merge_steps};
use crate::model::StaffStep;
use crate::scenario::defaults;
use crate::scenario::diagnostics::Ctx;
use crate::scenario::limits::{self, MAX_AGENTS};
use crate::scenario::raw::{RawAgents, RawSchedule, RawTeam};

/// Scheduled (pre-shrinkage) agents and the headcount (seats) as steps over
/// `[0, end)`. With `schedule`, the headcount is the team's `agents` (constant or
/// by period); with shifts it is the largest number of agents on duty at once.
pub(super) fn schedule(
    cx: &mut Ctx,
    name: &str,
    t: &RawTeam,
    cal: &Calendar,
    end: u64,
) -> Option<(Vec<StaffStep>, Vec<StaffStep>)> {
    let path = |k: &'static str| ["teams", name, k];
    // With a schedule: the team's headcount over time, to multiply its opening hours by.
    let mut head: Option<Vec<StaffStep>> = None;
    let blocks: Vec<(Window, u32)> = match (&t.schedule, &t.shifts) {
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
                RawSchedule::Named(n) => opening::named(
                    cx,
                    &path("schedule"),
                    n,
                    "schedule",
                    "\"24/7\", \"business_hours\" or { days = \"mon-fri\", start = \"08:00\", end = \"20:00\" }",
                )?,
                RawSchedule::Hours(h) => {
                    let w = Window::of(h);
                    if !w.check(cx, &path("schedule"), "schedule") {
                        return None;
                    }
                    Opening::Windows(vec![w])
                }
            };
            let Opening::Windows(open) = open else {
                return heads.map(|h| (h.clone(), h));
            };
            head = Some(heads?);
            open.into_iter().map(|w| (w, 1)).collect()
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
            let mut blocks = Vec::with_capacity(shifts.len());
            for (i, s) in shifts.iter().enumerate() {
                let w = Window {
                    days: s.days.unwrap_or(defaults::DAYS),
                    start: s.start,
                    end: s.end,
                };
                let idx = i.to_string();
                if !w.check(cx, &["teams", name, "shifts", &idx], "schedule") {
                    return None;
                }
                if !headcount_ok(cx, &["teams", name, "shifts", &idx, "agents"], s.agents) {
                    return None;
                }
                blocks.push((w, s.agents));
            }
            blocks
        }
    };
    let steps = opening::lay_out(&blocks, cal, end);
    if head.is_none() {
        let peak = steps.iter().map(|s| s.agents).max().unwrap_or(0);
        if peak > MAX_AGENTS {
            let (message, help) = limits::too_many("agents on duty at once", peak, MAX_AGENTS);
            cx.err(&path("shifts"), message, help);
            return None;
        }
    }
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
            if !headcount_ok(cx, &["teams", name, "agents"], *n) {
                return None;
            }
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
        headcount_ok(cx, &["teams", name, "agents", &idx, "agents"], p.agents);
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
    let default = outside.map_or(defaults::AGENTS_OUTSIDE_PERIODS, |(_, n)| n);
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

/// Whether the headcount `n` at `path` is within [`MAX_AGENTS`]; reports it if not.
fn headcount_ok(cx: &mut Ctx, path: &[&str], n: u32) -> bool {
    if n > MAX_AGENTS {
        let (message, help) = limits::too_many("agents", n, MAX_AGENTS);
        cx.err(path, message, help);
    }
    n <= MAX_AGENTS
}
