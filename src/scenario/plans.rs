//! Plans: variants of the base scenario written as `[[plans]]` with overrides.
//!
//! A plan's override tables are deep-merged into the base scenario's document
//! (tables merge key by key; values and lists replace) and the result is validated
//! exactly like a base scenario. A problem is located where its value was written:
//! in the plan when the plan wrote it, else in the base scenario; every message
//! names the plan.

use std::collections::HashMap;

use toml::{Table, Value};

use super::diagnostics::{defined, suggest};
use super::error::{Locator, ScenarioError};
use super::limits::{self, MAX_PLANS};
use super::overlay::{SHARED_KEYS, SHARED_WHY, from_overlay, merge};
use super::raw::RawScenario;
use super::{defaults, sweep, validate};
use crate::model::Plan;

/// Top-level keys that describe the study rather than the base scenario's model.
const STUDY_KEYS: [&str; 4] = ["plans", "sweep", "targets", "baseline"];

/// How plan `i` is named in messages, from the file.
fn who(loc: &Locator<'_>, i: usize) -> String {
    match loc.text_at(&["plans".into(), i.to_string(), "name".into()]) {
        Some(name) => format!("plan \"{name}\""),
        None => format!("plan {} (plans.{i})", i + 1),
    }
}

/// `plans.<i>.<path>`.
fn in_plan(i: usize, path: &[impl AsRef<str>]) -> Vec<String> {
    ["plans".to_string(), i.to_string()]
        .into_iter()
        .chain(path.iter().map(|s| s.as_ref().to_string()))
        .collect()
}

/// Rewords a serde error found inside `[[plans]]` while reading the file: names the
/// plan, and explains keys a plan may not hold.
pub(crate) fn explain(
    loc: &Locator<'_>,
    path: &[String],
    message: String,
    help: Option<String>,
) -> (String, Option<String>) {
    let Some(i) = path.get(1).and_then(|s| s.parse::<usize>().ok()) else {
        return (message, help);
    };
    let who = who(loc, i);
    if path.len() == 3 && message.starts_with("unknown field") {
        let key = path[2].as_str();
        if SHARED_KEYS.contains(&key) {
            return (
                format!("{who}: `{key}` cannot be set in a plan: {SHARED_WHY}"),
                Some(format!(
                    "remove `{key}` from the plan; to study another {key}, make a copy of the scenario file"
                )),
            );
        }
        if STUDY_KEYS.contains(&key) {
            return (
                format!("{who}: `{key}` belongs at the top level of the file, not in a plan"),
                Some(
                    "move it above the first table: top-level keys come before the first [table] or [[plans]]"
                        .into(),
                ),
            );
        }
        if !help.as_deref().is_some_and(|h| h.contains("did you mean")) {
            return (
                format!("{who}: {message}"),
                Some(
                    "a plan holds `name`, `description` and overrides of `channels`, `teams`, \
                     `routing`, `demand` or `surges` written as dotted keys, e.g. teams.vendor.agents = 60"
                        .into(),
                ),
            );
        }
    }
    (format!("{who}: {message}"), help)
}

/// Builds the plans of `[[plans]]` and `[sweep]` after the base plan in `plans`;
/// problems go to `errors`. Returns the names of all plans the file asks for
/// (including ones that failed to build), or `None` if the sweep could not be
/// expanded.
pub(crate) fn add_plans(
    loc: &Locator<'_>,
    text: &str,
    raw: &RawScenario,
    default_name: &str,
    plans: &mut Vec<Plan>,
    errors: &mut Vec<ScenarioError>,
) -> Option<Vec<String>> {
    // The file parsed already; a second parse gives the plain document to merge into.
    let Ok(mut base) = text.parse::<Table>() else {
        return None;
    };
    let tables: Vec<Table> = match base.remove("plans") {
        Some(Value::Array(a)) => a
            .into_iter()
            .filter_map(|v| match v {
                Value::Table(t) => Some(t),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    for key in STUDY_KEYS {
        base.remove(key);
    }
    if 1 + raw.plans.len() > MAX_PLANS {
        let (message, help) = limits::too_many(
            "plans (the base scenario and the [[plans]])",
            1 + raw.plans.len(),
            MAX_PLANS,
        );
        errors.push(loc.at_path(&["plans".to_string()], false, message, Some(help)));
        return None;
    }
    let mut names = vec![defaults::BASELINE.to_string()];
    let mut first_use: HashMap<&str, usize> = HashMap::new();
    for (i, (rp, over)) in raw.plans.iter().zip(&tables).enumerate() {
        let who = format!("plan \"{}\"", rp.name);
        let name_at = in_plan(i, &["name"]);
        let mut named = false;
        if rp.name.trim().is_empty() {
            errors.push(loc.at_path(
                &name_at,
                false,
                format!("plan {} (plans.{i}) has an empty name", i + 1),
                Some("name the plan, e.g. name = \"Vendor surge\"".into()),
            ));
        } else if rp.name.trim().eq_ignore_ascii_case(defaults::BASELINE) {
            errors.push(loc.at_path(
                &name_at,
                false,
                format!("{who}: \"base\" is the name of the base scenario"),
                Some(
                    "choose another name; the base scenario is a plan of its own, compared against by default"
                        .into(),
                ),
            ));
        } else if let Some(&j) = first_use.get(rp.name.as_str()) {
            errors.push(loc.at_path(
                &name_at,
                false,
                format!("{who}: two plans have this name (plans.{j} and plans.{i})"),
                Some("give each plan its own name".into()),
            ));
        } else {
            first_use.insert(&rp.name, i);
            names.push(rp.name.clone());
            named = true;
        }
        let mut over = over.clone();
        over.remove("name");
        over.remove("description");
        let before = errors.len();
        check_names(loc, &who, i, &over, &base, errors);
        if errors.len() > before {
            continue;
        }
        let mut merged = base.clone();
        merge(&mut merged, &over, &mut Vec::new());
        match validate::document(merged, default_name) {
            Ok(model) if named => plans.push(Plan {
                name: rp.name.clone(),
                description: rp.description.clone(),
                model,
                grid: Vec::new(),
            }),
            Ok(_) => {}
            Err(issues) => {
                for issue in issues {
                    let path = if from_overlay(&over, &base, &issue.path) {
                        in_plan(i, &issue.path)
                    } else {
                        issue.path
                    };
                    errors.push(loc.at_path(
                        &path,
                        issue.on_key,
                        format!("{who}: {}", issue.message),
                        issue.help,
                    ));
                }
            }
        }
    }
    let swept = sweep::expand(loc, raw, &base, default_name, &names, plans, errors)?;
    names.extend(swept);
    Some(names)
}

/// Names in plan `i`'s overrides that the base scenario lacks: a new channel (plans
/// may not add channels), or a new team without `kind` (most likely a misspelt one).
fn check_names(
    loc: &Locator<'_>,
    who: &str,
    i: usize,
    over: &Table,
    base: &Table,
    errors: &mut Vec<ScenarioError>,
) {
    let known = |key: &str| -> Vec<&str> {
        base.get(key)
            .and_then(Value::as_table)
            .map(|t| t.keys().map(String::as_str).collect())
            .unwrap_or_default()
    };
    if let Some(Value::Table(t)) = over.get("channels") {
        let channels = known("channels");
        for name in t.keys().filter(|n| !channels.contains(&n.as_str())) {
            errors.push(loc.at_path(
                &in_plan(i, &["channels", name]),
                true,
                format!(
                    "{who}: unknown channel \"{name}\"{}: a plan may change the base scenario's channels but not add new ones",
                    suggest(name, &channels)
                ),
                Some(format!(
                    "every plan faces the same channels so that results stay comparable; \
                     add the channel to the base scenario ({})",
                    defined("channel", &channels)
                )),
            ));
        }
    }
    if let Some(Value::Table(t)) = over.get("teams") {
        let teams = known("teams");
        for (name, team) in t {
            let new_team = team.as_table().is_some_and(|t| t.contains_key("kind"));
            if teams.contains(&name.as_str()) || new_team {
                continue;
            }
            errors.push(loc.at_path(
                &in_plan(i, &["teams", name]),
                true,
                format!("{who}: unknown team \"{name}\"{}", suggest(name, &teams)),
                Some(format!(
                    "to add a team in this plan give it kind, schedule, agents and skills, \
                     e.g. [plans.teams.temps] with kind = \"outsourced\"; {}",
                    defined("team", &teams)
                )),
            ));
        }
    }
}

/// Index of the plan `baseline` names (0, the base scenario, by default). `names` are
/// all plan names the file asks for, `None` if unknown because the sweep failed.
pub(crate) fn baseline(
    loc: &Locator<'_>,
    raw: &RawScenario,
    plans: &[Plan],
    names: Option<&[String]>,
    errors: &mut Vec<ScenarioError>,
) -> usize {
    let Some(name) = &raw.baseline else {
        return 0;
    };
    if let Some(i) = plans.iter().position(|p| &p.name == name) {
        return i;
    }
    // A plan that failed to build has its own errors already.
    let Some(names) = names else {
        return 0;
    };
    if names.contains(name) {
        return 0;
    }
    let known: Vec<&str> = names.iter().map(String::as_str).collect();
    let near = suggest(name, &known);
    let mut list = known
        .iter()
        .take(10)
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ");
    if known.len() > 10 {
        list.push_str(&format!(" and {} more", known.len() - 10));
    }
    errors.push(loc.at_path(
        &["baseline".to_string()],
        false,
        format!("baseline \"{name}\" names no plan{near}"),
        Some(format!(
            "name one of the plans: {list}; \"base\" is the base scenario (the default)"
        )),
    ));
    0
}
