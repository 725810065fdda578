//! `[routing]` and tiers: which teams serve each channel and after what wait,
//! first-contact resolution, and escalation from one team to another.

use super::channels::dist;
use crate::model::{Channel, Escalation, Route, Team};
use crate::scenario::defaults;
use crate::scenario::diagnostics::{Bounds, Ctx, defined, suggest};
use crate::scenario::raw::{RawResolution, RawRoute, RawScenario, RawTeam};

/// Sets each channel's routing list: `[routing]`, or every team skilled in it.
pub(super) fn routing(
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
                .map(|(team, _)| Route {
                    team,
                    after_s: defaults::ROUTE_AFTER.secs(),
                })
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

/// The routing list of `channel` (index `ci`) as written in `steps`.
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
            RawRoute::Team(t) => (t, defaults::ROUTE_AFTER.secs()),
            RawRoute::Delayed(d) => (&d.team, d.after.unwrap_or(defaults::ROUTE_AFTER).secs()),
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

/// First-contact resolution per channel (1 where the team does not serve).
pub(super) fn resolution(
    cx: &mut Ctx,
    name: &str,
    raw: Option<&RawResolution>,
    skills: &[Option<f64>],
    channels: &[&str],
) -> Vec<f64> {
    let help = "first-contact resolution, e.g. 0.7 (67–72 % is typical, 80 % world class)";
    match raw {
        None => vec![defaults::RESOLUTION; channels.len()],
        Some(RawResolution::All(r)) => {
            let r = cx.value(
                &["teams", name, "resolution"],
                *r,
                Bounds::within(0.0, 1.0),
                help,
            );
            skills
                .iter()
                .map(|s| if s.is_some() { r } else { 1.0 })
                .collect()
        }
        Some(RawResolution::PerChannel(map)) => {
            let mut out = vec![defaults::RESOLUTION; channels.len()];
            for (ch, &r) in map {
                match channels.iter().position(|c| c == ch) {
                    Some(i) if skills[i].is_some() => {
                        out[i] = cx.value(
                            &["teams", name, "resolution", ch],
                            r,
                            Bounds::within(0.0, 1.0),
                            help,
                        );
                    }
                    Some(_) => cx.err_key(
                        &["teams", name, "resolution", ch],
                        format!("team \"{name}\" does not serve channel \"{ch}\""),
                        "list only channels in the team's `skills`",
                    ),
                    None => cx.err_key(
                        &["teams", name, "resolution", ch],
                        format!("unknown channel \"{ch}\"{}", suggest(ch, channels)),
                        defined("channel", channels),
                    ),
                }
            }
            let missing: Vec<&str> = channels
                .iter()
                .zip(skills)
                .filter(|(c, s)| s.is_some() && !map.contains_key(**c))
                .map(|(c, _)| *c)
                .collect();
            if !missing.is_empty() {
                cx.err(
                    &["teams", name, "resolution"],
                    format!(
                        "the resolution table of team \"{name}\" leaves out {}",
                        missing.join(", ")
                    ),
                    "give a resolution for every channel the team serves, or one number for all",
                );
            }
            out
        }
    }
}

/// Links each team's `escalate_to` to the team it names, once all teams are built.
pub(super) fn escalations(
    cx: &mut Ctx,
    raw: &[(&str, &RawTeam)],
    teams: &mut [Team],
    channels: &[&str],
    max_priority: i32,
) {
    let names: Vec<&str> = raw.iter().map(|(n, _)| *n).collect();
    for (i, (name, t)) in raw.iter().enumerate() {
        let path = ["teams", name, "escalate_to"];
        let Some(target) = &t.escalate_to else {
            for (k, given) in [
                ("escalation_priority", t.escalation_priority.is_some()),
                ("escalation_handle_time", t.escalation_handle_time.is_some()),
            ] {
                if given {
                    cx.err_key(
                        &["teams", name, k],
                        format!("`{k}` needs `escalate_to`"),
                        "add escalate_to = \"TEAM\", or remove it",
                    );
                }
            }
            continue;
        };
        let Some(j) = names.iter().position(|n| n == target) else {
            cx.err(
                &path,
                format!("unknown team \"{target}\"{}", suggest(target, &names)),
                defined("team", &names),
            );
            continue;
        };
        if j == i {
            cx.err(
                &path,
                format!("team \"{name}\" escalates to itself"),
                "escalate to another team (tier 2), or remove `escalate_to`",
            );
            continue;
        }
        let unserved: Vec<&str> = channels
            .iter()
            .enumerate()
            .filter(|&(c, _)| teams[i].skills[c].is_some() && teams[j].skills[c].is_none())
            .map(|(_, n)| *n)
            .collect();
        if !unserved.is_empty() {
            cx.err(
                &path,
                format!(
                    "team \"{target}\" cannot take escalated {} contacts: it has no such skill",
                    unserved.join(", ")
                ),
                format!("add the channels to teams.{target}.skills, or escalate to a team that serves them"),
            );
            continue;
        }
        let handle_time = t
            .escalation_handle_time
            .as_ref()
            .and_then(|d| dist(cx, &["teams", name, "escalation_handle_time"], d));
        teams[i].escalation = Some(Escalation {
            team: j,
            priority: t
                .escalation_priority
                .unwrap_or(max_priority.saturating_add(1)),
            handle_time,
        });
    }
    // Escalations must end: follow each chain and reject a cycle.
    for start in 0..teams.len() {
        let mut at = start;
        let mut chain = vec![teams[start].name.as_str()];
        for _ in 0..teams.len() {
            match &teams[at].escalation {
                Some(e) => at = e.team,
                None => break,
            }
            chain.push(&teams[at].name);
            if at == start {
                cx.err(
                    &["teams", &teams[start].name, "escalate_to"],
                    format!(
                        "escalations starting at team \"{}\" go round in a circle: {}",
                        teams[start].name,
                        chain.join(" → ")
                    ),
                    "break the circle: the last tier must not escalate",
                );
                return;
            }
        }
    }
}
