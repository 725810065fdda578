//! Raw scenario → validated [`Model`]: runs the checks of each section in order and
//! assembles the model.
//!
//! Every problem is reported with its key path, what was expected and a fix; the
//! loader turns paths into file positions. Validation goes on after a problem where
//! it can, so a planner sees all of them at once.

mod calendar;
mod channels;
mod demand;
mod hours;
mod kinds;
mod opening;
mod rosters;
mod routing;
mod teams;
mod workforce;

use toml::{Table, Value};

use super::diagnostics::{Ctx, Issue};
use super::raw::{RawScenario, RawTeam};
use super::serde_errors::{path_segments, serde_issue};
use super::{defaults, limits};
use crate::model::Model;
use calendar::Calendar;

/// Deserializes and validates a scenario document (a plan's or a sweep point's,
/// merged into the base scenario).
pub(crate) fn document(doc: Table, default_name: &str) -> Result<Model, Vec<Issue>> {
    let raw: RawScenario = serde_path_to_error::deserialize(Value::Table(doc)).map_err(|e| {
        let path = path_segments(e.path());
        vec![serde_issue(path, e.into_inner().message())]
    })?;
    validate(&raw, default_name)
}

/// Validates `raw`; `default_name` names a scenario without `name`.
pub(crate) fn validate(raw: &RawScenario, default_name: &str) -> Result<Model, Vec<Issue>> {
    let mut cx = Ctx::default();
    let start = raw.start.map_or(defaults::START, |w| w.0);
    let cal = Calendar::new(start);
    let times = calendar::times(&mut cx, raw);

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
    let (layout_horizon, layout_drain) = times.layout();
    let channel_names: Vec<&str> = raw.channels.keys().map(String::as_str).collect();
    let team_names: Vec<&str> = raw.teams.keys().map(String::as_str).collect();

    let demand = raw.demand.clone().unwrap_or_default();
    let customer_rate = demand::customer_rate(&mut cx, raw, &demand);
    demand::check_share_sum(&mut cx, raw);
    let surges = demand::surges(&mut cx, raw, &cal, times.horizon, &channel_names);

    let arrivals = channels::Arrivals {
        demand: &demand,
        customer_rate,
        cal: &cal,
        horizon: layout_horizon,
        surges: &surges,
    };
    for (key, n, max) in [
        ("channels", raw.channels.len(), limits::MAX_CHANNELS),
        ("teams", raw.teams.len(), limits::MAX_TEAMS),
    ] {
        if n > max {
            cx.err(
                &[key],
                format!("{n} {key}, above the limit of {max}"),
                format!(
                    "staffmix accepts at most {max} {key}; merge {key} that are handled alike, or split the study (see \"Limits\" in docs/scenario.md)"
                ),
            );
        }
    }
    cx.checkpoint()?;
    let mut channels = Vec::with_capacity(raw.channels.len());
    for (name, ch) in &raw.channels {
        if let Some(c) = channels::channel(&mut cx, name, ch, &arrivals) {
            channels.push(c);
        }
    }

    let end = (layout_horizon + layout_drain).ceil() as u64;
    let mut teams = Vec::with_capacity(raw.teams.len());
    for (name, t) in &raw.teams {
        if let Some(team) = teams::team(&mut cx, name, t, &channel_names, &cal, end) {
            teams.push(team);
        }
    }
    teams::check_costs_comparable(&mut cx, &teams);
    cx.checkpoint()?;
    hours::hours(&mut cx, raw, &mut channels, &cal, end);
    cx.checkpoint()?;

    let raw_teams: Vec<(&str, &RawTeam)> = raw.teams.iter().map(|(n, t)| (n.as_str(), t)).collect();
    let max_priority = channels.iter().map(|c| c.priority).max().unwrap_or(0);
    routing::escalations(
        &mut cx,
        &raw_teams,
        &mut teams,
        &channel_names,
        max_priority,
    );
    cx.checkpoint()?;
    routing::routing(
        &mut cx,
        raw,
        &mut channels,
        &teams,
        &channel_names,
        &team_names,
    );
    cx.checkpoint()?;
    let churn = demand::churn(&mut cx, &demand);
    cx.checkpoint()?;
    Ok(Model {
        name: raw.name.clone().unwrap_or_else(|| default_name.to_string()),
        start,
        horizon_s: times.horizon,
        warmup_s: times.warmup,
        drain_s: times.drain,
        interval_s: times.interval,
        seed: raw.seed.unwrap_or(defaults::SEED),
        replications: times.replications,
        channels,
        teams,
        churn,
    })
}
