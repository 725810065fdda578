//! Scenario files: TOML text → raw serde types → validated [`Model`], with every
//! problem located (file, line, column, key) and explained.

mod error;
pub mod raw;
pub mod units;
mod validate;

pub use error::{ScenarioError, ScenarioErrors};

use crate::model::Model;
use error::Locator;
use raw::RawScenario;

/// Parses and validates scenario `text`; `file` names it in error messages and
/// provides the default scenario name.
pub fn parse(file: &str, text: &str) -> Result<Model, ScenarioErrors> {
    let loc = Locator::new(file, text);
    let raw = parse_raw(&loc, text)?;
    let default_name = std::path::Path::new(file)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("scenario");
    validate::validate(&raw, default_name).map_err(|issues| {
        ScenarioErrors(
            issues
                .into_iter()
                .map(|i| loc.at_path(&i.path, i.on_key, i.message, i.help))
                .collect(),
        )
    })
}

fn parse_raw(loc: &Locator<'_>, text: &str) -> Result<RawScenario, ScenarioErrors> {
    let de = toml::Deserializer::parse(text).map_err(|e| {
        ScenarioErrors(vec![loc.at_span(
            e.span(),
            "",
            format!("invalid TOML: {}", e.message().trim()),
            Some("check the line for a missing quote, bracket, comma or `=`".into()),
        )])
    })?;
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path: Vec<String> = e
            .path()
            .iter()
            .filter_map(|seg| match seg {
                serde_path_to_error::Segment::Seq { index } => Some(index.to_string()),
                serde_path_to_error::Segment::Map { key } => Some(key.clone()),
                serde_path_to_error::Segment::Enum { variant } => Some(variant.clone()),
                serde_path_to_error::Segment::Unknown => None,
            })
            .collect();
        let inner = e.into_inner();
        let message = inner.message().trim().to_string();
        let help = help_for(&message);
        ScenarioErrors(vec![loc.at_span(
            inner.span(),
            &path.join("."),
            message,
            help,
        )])
    })
}

/// A fix suggestion for the common serde messages.
fn help_for(message: &str) -> Option<String> {
    if message.starts_with("unknown field") {
        Some("remove the key or correct its spelling (see `staffmix schema` or docs/scenario.md for every key)".into())
    } else if message.starts_with("missing field") {
        Some("add the key; see docs/scenario.md for its meaning and unit".into())
    } else if message.starts_with("unknown variant") {
        Some("use one of the listed values".into())
    } else if message.starts_with("invalid type") {
        Some("check the value's type: durations are quoted strings (\"5m\"), dates unquoted (2026-11-27)".into())
    } else {
        None
    }
}

/// The JSON Schema of scenario files, generated from the raw types.
pub fn json_schema() -> schemars::Schema {
    schemars::schema_for!(RawScenario)
}
