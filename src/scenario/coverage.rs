//! Coverage warnings: a channel open while no team that serves it is on duty,
//! located at the channel's `hours`, or no agent able to serve at all, with how to
//! fix it.

use super::error::{Locator, ScenarioError, Severity};
use super::units::TimeOfDay;
use crate::model::{DAY_S, Model, Plan, Study};

/// Windows listed in one warning; more are counted.
const MAX_WINDOWS: usize = 4;

/// Day names, Monday first, as a scenario writes them.
const DAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// A time-of-day window in which a channel is open and unserved on some weekdays.
#[derive(Debug, Clone, PartialEq)]
struct Gap {
    /// Seconds after midnight.
    from: u32,
    /// Seconds after midnight, up to 86 400.
    to: u32,
    /// The weekdays it happens on, Monday first.
    weekdays: [bool; 7],
}

/// Warnings about every channel of `study` (any plan) that is open while no team
/// that serves it is on duty, located in scenario `text` (named `file`) at the
/// channel's `hours`. A warning that holds only for some plans names them.
pub fn warnings(file: &str, text: &str, study: &Study) -> Vec<ScenarioError> {
    let loc = Locator::new(file, text);
    let (idle, plans): (Vec<_>, Vec<_>) = study.plans.iter().partition(|p| nobody_serves(&p.model));
    let mut out: Vec<ScenarioError> = nobody_warning(&loc, &idle, study.plans.len())
        .into_iter()
        .collect();
    // (channel, message, help, plans).
    let mut found: Vec<(String, String, String, Vec<&str>)> = Vec::new();
    for plan in plans {
        for (c, channel) in plan.model.channels.iter().enumerate() {
            let Some((message, help)) = warning(&plan.model, c) else {
                continue;
            };
            match found
                .iter_mut()
                .find(|(ch, m, _, _)| *ch == channel.name && *m == message)
            {
                Some((_, _, _, plans)) => plans.push(&plan.name),
                None => found.push((channel.name.clone(), message, help, vec![&plan.name])),
            }
        }
    }
    out.extend(found.into_iter().map(|(channel, message, help, plans)| {
        let message = if plans.len() < study.plans.len() {
            format!("{message} (in plans {})", plans.join(", "))
        } else {
            message
        };
        let has_hours = study
            .plans
            .iter()
            .any(|p| (p.model.channels.iter()).any(|c| c.name == channel && c.hours.is_some()));
        let mut path = vec!["channels".to_string(), channel];
        if has_hours {
            path.push("hours".to_string());
        }
        let mut w = loc.at_path(&path, false, message, Some(help));
        w.severity = Severity::Warning;
        w
    }));
    out
}

/// Whether no agent of `m` can ever serve a contact: every team that serves a
/// channel has no agent available at any time (0 agents, or shrinkage rounding
/// them away).
fn nobody_serves(m: &Model) -> bool {
    (m.channels.iter()).all(|c| (c.routing.iter()).all(|r| m.teams[r.team].max_agents() == 0))
}

/// The warning that in plans `idle` (of `total`) no agent can ever serve, located
/// at `[teams]`.
fn nobody_warning(loc: &Locator<'_>, idle: &[&Plan], total: usize) -> Option<ScenarioError> {
    if idle.is_empty() {
        return None;
    }
    let scope = if idle.len() < total {
        let names: Vec<&str> = idle.iter().map(|p| p.name.as_str()).collect();
        format!(" (in plans {})", names.join(", "))
    } else {
        String::new()
    };
    let mut w = loc.at_path(
        &["teams".to_string()],
        false,
        format!(
            "no agent can ever serve a contact{scope}: every team that serves a channel has 0 agents available at all times (after shrinkage), so every contact waits until it abandons or the run ends"
        ),
        Some("give at least one team that serves a channel agents = N with N ≥ 1 after shrinkage".into()),
    );
    w.severity = Severity::Warning;
    Some(w)
}

/// The warning about channel `c` of `m`, if it is open at times no team serves it:
/// what is wrong and how to fix it.
fn warning(m: &Model, c: usize) -> Option<(String, String)> {
    let gaps = gaps(m, c);
    if gaps.is_empty() {
        return None;
    }
    let channel = &m.channels[c];
    // Windows on the same weekdays read together: "07:00–08:00 and 22:00–23:00 on mon–sun".
    let mut by_days: Vec<([bool; 7], Vec<String>)> = Vec::new();
    for g in gaps.iter().take(MAX_WINDOWS) {
        let window = format!("{}–{}", TimeOfDay(g.from), TimeOfDay(g.to));
        match by_days.iter_mut().find(|(d, _)| *d == g.weekdays) {
            Some((_, list)) => list.push(window),
            None => by_days.push((g.weekdays, vec![window])),
        }
    }
    let mut windows: Vec<String> = by_days
        .iter()
        .map(|(days, list)| format!("{} on {}", list.join(" and "), weekdays(days)))
        .collect();
    if gaps.len() > MAX_WINDOWS {
        windows.push(format!("{} more windows", gaps.len() - MAX_WINDOWS));
    }
    let teams: Vec<&str> = channel
        .routing
        .iter()
        .map(|r| m.teams[r.team].name.as_str())
        .collect();
    Some((
        format!(
            "{} is open {} while no team serves it: its contacts then wait for a team to come on duty, or abandon",
            channel.name,
            windows.join("; ")
        ),
        format!(
            "{} only while a team serves it, extend the schedule of a team that serves it ({}), \
             or route it to a team on duty then",
            if channel.hours.is_some() {
                format!("open {}", channel.name)
            } else {
                format!(
                    "give {} opening hours (`hours` and `when_closed`, docs/scenario.md) to open it",
                    channel.name
                )
            },
            teams.join(", ")
        ),
    ))
}

/// The windows of the day in which channel `c` is open (always, without `hours`)
/// during the horizon while no
/// team in its routing has an agent available, each with the weekdays it happens
/// on, in order of first occurrence.
fn gaps(m: &Model, c: usize) -> Vec<Gap> {
    let channel = &m.channels[c];
    // When the channel is open: its hours, or the whole horizon.
    let open: Vec<(f64, f64)> = match &channel.hours {
        Some(hours) => hours.open.iter().map(|p| (p.from_s, p.to_s)).collect(),
        None => vec![(0.0, m.horizon_s)],
    };
    // When some team of the routing has an agent available, sorted by start.
    let mut served: Vec<(f64, f64)> = Vec::new();
    for route in &channel.routing {
        let team = &m.teams[route.team];
        for (i, s) in team.scheduled.iter().enumerate() {
            if team.available(s.agents) > 0 {
                let to = team
                    .scheduled
                    .get(i + 1)
                    .map_or(f64::INFINITY, |n| n.at_s as f64);
                served.push((s.at_s as f64, to));
            }
        }
    }
    served.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out: Vec<Gap> = Vec::new();
    let offset = m.start_offset_s();
    let weekday = m.start.date().weekday().to_monday_zero_offset() as usize;
    let mut add = |from: f64, to: f64| {
        // Split at midnights, as times of day of calendar days.
        let (mut a, b) = (from + offset, to + offset);
        while a < b {
            let day = (a / DAY_S).floor();
            let end = b.min((day + 1.0) * DAY_S);
            let (tod_a, tod_b) = ((a - day * DAY_S) as u32, (end - day * DAY_S) as u32);
            let wd = (weekday + day as usize) % 7;
            match out.iter_mut().find(|g| (g.from, g.to) == (tod_a, tod_b)) {
                Some(g) => g.weekdays[wd] = true,
                None => {
                    let mut weekdays = [false; 7];
                    weekdays[wd] = true;
                    out.push(Gap {
                        from: tod_a,
                        to: tod_b,
                        weekdays,
                    });
                }
            }
            a = end;
        }
    };
    for (from, to) in open {
        let (mut from, to) = (from, to.min(m.horizon_s));
        for &(a, b) in &served {
            if from >= to || a >= to {
                break;
            }
            if b <= from {
                continue;
            }
            if a > from {
                add(from, a);
            }
            from = from.max(b);
        }
        if from < to {
            add(from, to);
        }
    }
    out
}

/// Weekdays as ranges, Monday first: "mon–sun", "mon–fri", "sat,sun", "mon,wed–fri".
fn weekdays(days: &[bool; 7]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < 7 {
        if !days[i] {
            i += 1;
            continue;
        }
        let start = i;
        while i + 1 < 7 && days[i + 1] {
            i += 1;
        }
        parts.push(match i - start {
            0 => DAY_NAMES[start].to_string(),
            1 => format!("{},{}", DAY_NAMES[start], DAY_NAMES[i]),
            _ => format!("{}–{}", DAY_NAMES[start], DAY_NAMES[i]),
        });
        i += 1;
    }
    parts.join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekdays_read_as_ranges() {
        assert_eq!(weekdays(&[true; 7]), "mon–sun");
        assert_eq!(
            weekdays(&[true, true, true, true, true, false, false]),
            "mon–fri"
        );
        assert_eq!(
            weekdays(&[false, false, false, false, false, true, true]),
            "sat,sun"
        );
        assert_eq!(
            weekdays(&[true, false, true, true, true, false, false]),
            "mon,wed–fri"
        );
    }
}
