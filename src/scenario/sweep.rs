//! Sweeps: a grid over numeric fields of the base scenario, expanded into plans.
//!
//! `[sweep]` maps quoted dotted paths (`"teams.core.agents"`) to a list of values or
//! a `{ from, to, step }` range. The grid is the cartesian product in key order
//! (the first key varies slowest); each point is the base scenario with those values,
//! validated like any plan and named compactly (`core.agents=20 vendor.agents=10`).

use std::collections::HashSet;

use toml::{Table, Value};

use super::diagnostics::{closest, suggest};
use super::error::{Locator, ScenarioError};
use super::limits::MAX_PLANS;
use super::overlay::{SHARED_KEYS, SHARED_WHY, resolve, set};
use super::raw::{RawScenario, RawSweepAxis};
use super::validate;
use crate::model::Plan;

/// Most problems of sweep plans reported one by one.
const MAX_SHOWN: usize = 10;

/// Tables whose numbers a sweep may vary.
const ROOTS: [&str; 4] = ["channels", "teams", "demand", "surges"];

/// One swept field.
struct Axis<'a> {
    /// The key as written, e.g. `teams.core.agents`.
    key: &'a str,
    /// Its segments.
    path: Vec<String>,
    /// The values, in order.
    values: Vec<f64>,
    /// Whether the values were written as a list (errors then point at the value).
    list: bool,
    /// Whether the base scenario writes the field as a whole number.
    integer: bool,
    /// The key in plan names (without a leading `teams.`, `channels.`, `demand.`).
    short: String,
}

/// `sweep."KEY"`, as a key is shown in messages.
fn shown(key: &str) -> String {
    format!("sweep.\"{key}\"")
}

/// Adds the plans of `raw.sweep` to `plans`; `taken` are the names already in use.
/// Returns the names of the plans the sweep asks for (including ones that failed to
/// build), or `None` if the sweep itself is invalid.
pub(crate) fn expand(
    loc: &Locator<'_>,
    raw: &RawScenario,
    base: &Table,
    default_name: &str,
    taken: &[String],
    plans: &mut Vec<Plan>,
    errors: &mut Vec<ScenarioError>,
) -> Option<Vec<String>> {
    if raw.sweep.is_empty() {
        return Some(Vec::new());
    }
    let before = errors.len();
    let axes: Vec<Axis<'_>> = raw
        .sweep
        .iter()
        .filter_map(|(key, spec)| axis(loc, base, key, spec, errors))
        .collect();
    if errors.len() > before {
        return None;
    }
    let total = axes.iter().fold(1.0_f64, |n, a| n * a.values.len() as f64);
    // The base scenario and the `[[plans]]` count against the same ceiling.
    let others = 1 + raw.plans.len();
    if total + others as f64 > MAX_PLANS as f64 {
        let sizes = axes
            .iter()
            .map(|a| a.values.len().to_string())
            .collect::<Vec<_>>()
            .join(" × ");
        errors.push(loc.at_path(
            &["sweep".to_string()],
            false,
            format!(
                "the sweep grid has {total} combinations ({sizes}), more than the {MAX_PLANS} plans a study may have (with the base scenario and the [[plans]]: {others} more)"
            ),
            Some(
                "use fewer values or larger steps, or split the study over several files: \
                 every plan is simulated in every replication"
                    .into(),
            ),
        ));
        return None;
    }
    let mut names = Vec::new();
    let mut seen: HashSet<(usize, usize, String)> = HashSet::new();
    let mut hidden = 0usize;
    let mut index = vec![0usize; axes.len()];
    loop {
        let point: Vec<f64> = axes.iter().zip(&index).map(|(a, &k)| a.values[k]).collect();
        let name = axes
            .iter()
            .zip(&point)
            .map(|(a, v)| format!("{}={v}", a.short))
            .collect::<Vec<_>>()
            .join(" ");
        if taken.contains(&name) {
            errors.push(loc.at_path(
                &["sweep".to_string()],
                false,
                format!("sweep plan \"{name}\" has the name of a plan in [[plans]]"),
                Some("rename that plan".into()),
            ));
        }
        let mut doc = base.clone();
        for (a, &v) in axes.iter().zip(&point) {
            let value = if a.integer && v.fract() == 0.0 && v.abs() < 9e15 {
                Value::Integer(v as i64)
            } else {
                Value::Float(v)
            };
            set(&mut doc, &a.path, value);
        }
        match validate::document(doc, default_name) {
            Ok(model) => plans.push(Plan {
                name: name.clone(),
                description: None,
                model,
                grid: axes
                    .iter()
                    .zip(&point)
                    .map(|(a, &v)| (a.key.to_string(), v))
                    .collect(),
            }),
            Err(issues) => {
                for issue in issues {
                    // Blame the axis whose field the problem is in, at the value.
                    let axis = axes
                        .iter()
                        .zip(&index)
                        .filter(|(a, _)| issue.path.starts_with(&a.path))
                        .max_by_key(|(a, _)| a.path.len());
                    let e = match axis {
                        Some((a, &k)) => {
                            let mut at = vec!["sweep".to_string(), a.key.to_string()];
                            if a.list {
                                at.push(k.to_string());
                            }
                            loc.at_path_keyed(
                                &at,
                                false,
                                &shown(a.key),
                                format!("sweep plan \"{name}\": {}", issue.message),
                                issue.help,
                            )
                        }
                        None => loc.at_path(
                            &["sweep".to_string()],
                            false,
                            format!(
                                "sweep plan \"{name}\": {}: {}",
                                issue.path.join("."),
                                issue.message
                            ),
                            issue.help,
                        ),
                    };
                    if seen.insert((e.line, e.column, issue.message)) {
                        if seen.len() <= MAX_SHOWN {
                            errors.push(e);
                        } else {
                            hidden += 1;
                        }
                    }
                }
            }
        }
        names.push(name);
        // Next point: the last axis varies fastest.
        let mut d = axes.len();
        loop {
            if d == 0 {
                if hidden > 0 {
                    errors.push(loc.at_path(
                        &["sweep".to_string()],
                        false,
                        format!(
                            "{hidden} more problems in sweep plans (only the first {MAX_SHOWN} are shown)"
                        ),
                        Some("fix the values above; the others are likely the same mistake".into()),
                    ));
                }
                return Some(names);
            }
            d -= 1;
            index[d] += 1;
            if index[d] < axes[d].values.len() {
                break;
            }
            index[d] = 0;
        }
    }
}

/// Checks one sweep key and its values against the base scenario.
fn axis<'a>(
    loc: &Locator<'_>,
    base: &Table,
    key: &'a str,
    spec: &RawSweepAxis,
    errors: &mut Vec<ScenarioError>,
) -> Option<Axis<'a>> {
    let at = |tail: &[&str]| -> Vec<String> {
        ["sweep", key]
            .iter()
            .chain(tail)
            .map(|s| s.to_string())
            .collect()
    };
    let mut fail = |tail: &[&str], on_key: bool, message: String, help: String| {
        errors.push(loc.at_path_keyed(&at(tail), on_key, &shown(key), message, Some(help)));
        None
    };
    let path: Vec<String> = key.split('.').map(str::to_string).collect();
    if path.iter().any(|s| s.trim().is_empty() || s.trim() != s) {
        return fail(
            &[],
            true,
            format!("\"{key}\" is not a dotted key path"),
            "write the path of a number in the base scenario, e.g. \"teams.core.agents\"".into(),
        );
    }
    let root = path[0].as_str();
    if SHARED_KEYS.contains(&root) {
        return fail(
            &[],
            true,
            format!("`{root}` cannot be swept: {SHARED_WHY}"),
            "sweep numbers of channels, teams, demand or surges, e.g. \"teams.core.agents\"".into(),
        );
    }
    if !ROOTS.contains(&root) {
        let near = suggest(root, &ROOTS);
        return fail(
            &[],
            true,
            format!(
                "a sweep varies numbers of channels, teams, demand or surges, not `{root}`{near}"
            ),
            "e.g. \"teams.core.agents\" = [20, 25, 30]".into(),
        );
    }
    let value = match resolve(base, &path) {
        Ok(v) => v,
        Err((depth, known)) => {
            let seg = &path[depth];
            let parent = path[..depth].join(".");
            let known: Vec<&str> = known.iter().map(String::as_str).collect();
            let near = closest(seg, &known).map(|k| {
                let mut p = path.clone();
                p[depth] = k.to_string();
                format!(" (did you mean \"{}\"?)", p.join("."))
            });
            let last = depth + 1 == path.len() && depth >= 2;
            let message = if last {
                format!(
                    "\"{key}\" is not in the base scenario: {parent} does not set `{seg}`{}",
                    near.clone().unwrap_or_default()
                )
            } else {
                format!(
                    "\"{key}\" is not in the base scenario: there is no \"{seg}\" in {parent}{}",
                    near.clone().unwrap_or_default()
                )
            };
            let help = if last && near.is_none() {
                format!(
                    "a sweep varies numbers written in the base scenario: write `{seg}` in [{parent}] first (a default is not swept), or correct the path"
                )
            } else if known.is_empty() {
                "sweep keys are dotted paths to numbers in the base scenario, e.g. \"teams.core.agents\"".into()
            } else {
                format!(
                    "sweep keys are dotted paths to numbers in the base scenario; {parent} has: {}",
                    known.join(", ")
                )
            };
            return fail(&[], true, message, help);
        }
    };
    let integer = match value {
        Value::Integer(_) => true,
        Value::Float(_) => false,
        Value::String(s) => {
            return fail(
                &[],
                true,
                format!("\"{key}\" holds text (\"{s}\"), not a number"),
                "only numbers can be swept (agents, volumes, shares, proficiencies, shrinkage, \
                 multipliers, …); compare durations and names with [[plans]]"
                    .into(),
            );
        }
        Value::Table(t) => {
            let example = t
                .iter()
                .find(|(_, v)| v.is_integer() || v.is_float())
                .map(|(k, _)| format!("name one of its numbers, e.g. \"{key}.{k}\""))
                .unwrap_or_else(|| "name a number inside it".into());
            return fail(
                &[],
                true,
                format!("\"{key}\" is a table, not a number"),
                example,
            );
        }
        Value::Array(_) => {
            return fail(
                &[],
                true,
                format!("\"{key}\" is a list, not a number"),
                format!(
                    "name a number of one entry by its position, e.g. \"{key}.0\" or \"{key}.0.agents\""
                ),
            );
        }
        Value::Boolean(_) | Value::Datetime(_) => {
            return fail(
                &[],
                true,
                format!("\"{key}\" is not a number"),
                "only numbers can be swept, e.g. \"teams.core.agents\"".into(),
            );
        }
    };
    let (values, list) = match spec {
        RawSweepAxis::Values(values) => {
            if values.is_empty() {
                return fail(
                    &[],
                    false,
                    "the list of values is empty".into(),
                    "give at least one value, e.g. [20, 25, 30]".into(),
                );
            }
            for (j, v) in values.iter().enumerate() {
                let j_text = j.to_string();
                if !v.is_finite() {
                    return fail(
                        &[&j_text],
                        false,
                        format!("sweep values must be finite numbers, got {v}"),
                        "e.g. [20, 25, 30]".into(),
                    );
                }
                if values[..j].contains(v) {
                    return fail(
                        &[&j_text],
                        false,
                        format!("the value {v} appears twice"),
                        "list each value once".into(),
                    );
                }
            }
            (values.clone(), true)
        }
        RawSweepAxis::Range(r) => {
            for (k, v) in [("from", r.from), ("to", r.to), ("step", r.step)] {
                if !v.is_finite() {
                    return fail(
                        &[k],
                        false,
                        format!("`{k}` must be a finite number, got {v}"),
                        "e.g. { from = 10, to = 40, step = 10 }".into(),
                    );
                }
            }
            if r.step <= 0.0 {
                return fail(
                    &["step"],
                    false,
                    format!("step must be greater than 0, got {}", r.step),
                    "e.g. { from = 10, to = 40, step = 10 }; to go down, swap from and to".into(),
                );
            }
            if r.to < r.from {
                return fail(
                    &["to"],
                    false,
                    format!("`to` ({}) is below `from` ({})", r.to, r.from),
                    "write the smaller value as `from`".into(),
                );
            }
            // Steps that land on `to` up to rounding (0.1 + 0.1 + 0.1 vs 0.3) count.
            let steps = (r.to - r.from) / r.step;
            let count = (steps + 1e-9 * steps.max(1.0)).floor() + 1.0;
            if count > MAX_PLANS as f64 {
                return fail(
                    &[],
                    false,
                    format!(
                        "from {} to {} every {} gives {count} values, more than the {MAX_PLANS} plans a sweep may generate",
                        r.from, r.to, r.step
                    ),
                    "use a larger step".into(),
                );
            }
            let values = (0..count as usize)
                .map(|k| snap(r.from + k as f64 * r.step, r.step))
                .collect();
            (values, false)
        }
    };
    let short = if ["teams", "channels", "demand"].contains(&root) && path.len() > 1 {
        path[1..].join(".")
    } else {
        key.to_string()
    };
    Some(Axis {
        key,
        path,
        values,
        list,
        integer,
        short,
    })
}

/// `v` without the rounding noise of adding float steps (0.30000000000000004 → 0.3).
fn snap(v: f64, step: f64) -> f64 {
    if v.abs() < step * 1e-9 {
        return 0.0;
    }
    format!("{v:.12e}").parse().unwrap_or(v)
}
