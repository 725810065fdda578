//! Scenario files: TOML text → raw serde types → validated [`Model`], with every
//! problem located (file, line, column, key) and explained.

mod coverage;
pub mod defaults;
mod diagnostics;
mod error;
pub mod limits;
mod overlay;
mod plans;
pub mod raw;
mod serde_errors;
mod source;
mod sweep;
mod targets;
pub mod units;
mod validate;

pub use coverage::warnings;
pub use error::{ScenarioError, ScenarioErrors, Severity};
pub use source::{ReadError, read};

use crate::model::{Model, Plan, Study};
use error::Locator;
use raw::RawScenario;
use serde_errors::{path_segments, serde_issue};

/// Parses and validates scenario `text` into the study it describes: the base
/// scenario as plan "base", its variants (`[[plans]]`, then the plans of `[sweep]`),
/// the baseline and the targets. `file` names the text in error messages and
/// provides the default scenario name.
pub fn parse_study(file: &str, text: &str) -> Result<Study, ScenarioErrors> {
    let loc = Locator::new(file, text);
    let raw = parse_raw(&loc, text)?;
    let default_name = std::path::Path::new(file)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("scenario");
    let base = validate::validate(&raw, default_name).map_err(|issues| {
        ScenarioErrors(
            issues
                .into_iter()
                .map(|i| loc.at_path(&i.path, i.on_key, i.message, i.help))
                .collect(),
        )
    })?;
    let mut errors = Vec::new();
    let mut plans = vec![Plan {
        name: defaults::BASELINE.into(),
        description: raw.description.clone(),
        model: base,
        grid: Vec::new(),
    }];
    let names = if raw.plans.is_empty() && raw.sweep.is_empty() {
        Some(vec![defaults::BASELINE.to_string()])
    } else {
        plans::add_plans(&loc, text, &raw, default_name, &mut plans, &mut errors)
    };
    let baseline = plans::baseline(&loc, &raw, &plans, names.as_deref(), &mut errors);
    let targets = raw
        .targets
        .as_ref()
        .and_then(|t| match targets::targets(t, &plans[0].model) {
            Ok(t) => Some(t),
            Err(issues) => {
                errors.extend(
                    issues
                        .into_iter()
                        .map(|i| loc.at_path(&i.path, i.on_key, i.message, i.help)),
                );
                None
            }
        });
    if !errors.is_empty() {
        return Err(ScenarioErrors(errors));
    }
    let base = &plans[0].model;
    Ok(Study {
        name: base.name.clone(),
        seed: base.seed,
        replications: base.replications,
        plans,
        baseline,
        targets,
    })
}

/// Parses and validates scenario `text` (plans, sweep and targets included) and
/// returns the model of its base scenario, for callers that simulate one
/// configuration.
pub fn parse(file: &str, text: &str) -> Result<Model, ScenarioErrors> {
    parse_study(file, text).map(|mut s| s.plans.swap_remove(0).model)
}

fn parse_raw(loc: &Locator<'_>, text: &str) -> Result<RawScenario, ScenarioErrors> {
    let doc = toml::de::DeTable::parse(text).map_err(|e| {
        let message = e.message().trim();
        let help = if message.contains("duplicate key") {
            "a key may appear only once in a table: remove or rename one of them"
        } else if message.contains("recursion depth") {
            "arrays and inline tables may nest at most 80 levels deep (scenario keys need 3 at most): remove the extra brackets"
        } else {
            "check the line for a missing quote, bracket, comma or `=`"
        };
        ScenarioErrors(vec![loc.at_span(
            e.span(),
            "",
            format!("invalid TOML: {message}"),
            Some(help.into()),
        )])
    })?;
    if doc.get_ref().is_empty() {
        return Err(ScenarioErrors(vec![loc.at_span(
            Some(0..0),
            "",
            "the scenario file is empty".into(),
            Some(
                "a scenario needs at least `horizon`, one [channels.NAME] and one [teams.NAME]; \
                 `staffmix init` writes a commented example"
                    .into(),
            ),
        )]));
    }
    serde_path_to_error::deserialize(toml::Deserializer::from(doc)).map_err(|e| {
        let path = path_segments(e.path());
        let inner = e.into_inner();
        let mut issue = serde_issue(path, inner.message());
        if issue.path.first().is_some_and(|k| k == "plans") {
            (issue.message, issue.help) =
                plans::explain(loc, &issue.path, issue.message, issue.help);
        }
        ScenarioErrors(vec![loc.at_span(
            inner.span(),
            &issue.path.join("."),
            issue.message,
            issue.help,
        )])
    })
}

/// The JSON Schema of scenario files, generated from the raw types.
pub fn json_schema() -> schemars::Schema {
    schemars::schema_for!(RawScenario)
}
