//! Defaults cannot drift apart: every `default` of the scenario JSON Schema (which
//! comes from `staffmix::scenario::defaults`) must be the one docs/scenario.md
//! states for that key, and the one the key's own description names.

use serde_json::Value;
use staffmix::scenario::defaults;

const DOC_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/scenario.md");

/// The `##` sections of docs/scenario.md whose tables document the keys of each
/// schema definition.
const SECTIONS: [(&str, &[&str]); 12] = [
    ("RawScenario", &["Top-level keys"]),
    ("RawDemand", &["Demand"]),
    ("RawChannel", &["Channels"]),
    ("RawDist", &["Channels"]),
    ("RawSatisfaction", &["Satisfaction and churn"]),
    ("RawOverload", &["Satisfaction and churn"]),
    ("RawTeam", &["Teams", "Costs"]),
    ("RawHours", &["Teams"]),
    ("RawShift", &["Teams"]),
    ("RawPrice", &["Costs"]),
    ("RawDelayedRoute", &["Routing"]),
    ("RawTargets", &["Targets"]),
];

/// A key with a default in the schema.
#[derive(Debug)]
struct SchemaDefault {
    def: String,
    key: String,
    default: Value,
    description: String,
}

/// Every property with a `default`, from the root and every definition.
fn schema_defaults() -> Vec<SchemaDefault> {
    let schema = staffmix::scenario::json_schema();
    let root = schema.as_value();
    let mut defs: Vec<(String, &Value)> = vec![("RawScenario".into(), root)];
    if let Some(Value::Object(map)) = root.get("$defs") {
        defs.extend(map.iter().map(|(name, def)| (name.clone(), def)));
    }
    let mut out = Vec::new();
    for (def, schema) in defs {
        let Some(Value::Object(props)) = schema.get("properties") else {
            continue;
        };
        for (key, prop) in props {
            if let Some(default) = prop.get("default") {
                out.push(SchemaDefault {
                    def: def.clone(),
                    key: key.clone(),
                    default: default.clone(),
                    description: prop
                        .get("description")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_string(),
                });
            }
        }
    }
    out
}

/// A row of a documentation table with a "Default" column.
#[derive(Debug)]
struct DocRow {
    section: String,
    key: String,
    default: String,
}

/// The rows of every table of docs/scenario.md that has a "Default" column, with
/// the `##` section each lies in.
fn doc_rows() -> Vec<DocRow> {
    let doc =
        std::fs::read_to_string(DOC_PATH).unwrap_or_else(|e| panic!("cannot read {DOC_PATH}: {e}"));
    let mut rows = Vec::new();
    let mut section = String::new();
    let mut default_col: Option<usize> = None;
    for line in doc.lines() {
        let line = line.trim();
        if let Some(h) = line.strip_prefix("## ") {
            section = h.trim().to_string();
        }
        if !line.starts_with('|') {
            default_col = None;
            continue;
        }
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        if cells.first() == Some(&"Key") || cells.first() == Some(&"Key (on a channel)") {
            default_col = cells.iter().position(|c| *c == "Default");
            continue;
        }
        let (Some(col), Some(key)) = (default_col, cells.first()) else {
            continue;
        };
        if let (Some(key), Some(default)) = (
            key.strip_prefix('`').and_then(|k| k.strip_suffix('`')),
            cells.get(col),
        ) {
            rows.push(DocRow {
                section: section.clone(),
                key: key.to_string(),
                default: default.to_string(),
            });
        }
    }
    rows
}

/// A scalar default as the docs write it (numbers as Rust prints them: 0, 0.52).
fn scalar(v: &Value) -> String {
    match v {
        Value::Number(n) => n.as_f64().expect("finite number").to_string(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Whether a table cell states `default`: a scalar as a code span (`` `0.9` ``,
/// `` `"1d"` ``), a table as its `key = "value"` pairs.
fn states(cell: &str, default: &Value) -> bool {
    match default {
        Value::Object(map) => map
            .iter()
            .all(|(k, v)| cell.contains(&format!("{k} = {v}"))),
        Value::String(s) => {
            cell.contains(&format!("`\"{s}\"`")) || cell.contains(&format!("`{s}`"))
        }
        v => cell.contains(&format!("`{}`", scalar(v))),
    }
}

/// The scalar values of a default, as its description names them.
fn leaves(default: &Value) -> Vec<String> {
    match default {
        Value::Object(map) => map.values().flat_map(leaves).collect(),
        v => vec![scalar(v)],
    }
}

#[test]
fn schema_states_the_defaults_of_validation() {
    let found = schema_defaults();
    let get = |def: &str, key: &str| {
        found
            .iter()
            .find(|d| d.def == def && d.key == key)
            .unwrap_or_else(|| panic!("the schema has no default for {def}.{key}: {found:?}"))
            .default
            .clone()
    };
    assert_eq!(get("RawScenario", "drain"), Value::from("1d"));
    assert_eq!(
        get("RawScenario", "replications"),
        Value::from(defaults::REPLICATIONS)
    );
    assert_eq!(
        get("RawTargets", "confidence"),
        Value::from(defaults::CONFIDENCE)
    );
    assert_eq!(get("RawDist", "dist"), Value::from("exponential"));
    assert_eq!(get("RawHours", "days"), Value::from("all"));
    assert_eq!(
        get("RawTeam", "night"),
        serde_json::json!({ "start": "22:00", "end": "06:00" })
    );
    assert!(
        found.len() >= 40,
        "only {} defaults in the schema",
        found.len()
    );
}

#[test]
fn docs_state_every_default() {
    let rows = doc_rows();
    assert!(rows.len() > 100, "the docs' tables were not read: {rows:?}");
    let mut wrong = Vec::new();
    for d in schema_defaults() {
        let sections = SECTIONS
            .iter()
            .find(|(def, _)| *def == d.def)
            .unwrap_or_else(|| panic!("no docs section known for {}", d.def))
            .1;
        let candidates: Vec<&DocRow> = rows
            .iter()
            .filter(|r| r.key == d.key && sections.contains(&r.section.as_str()))
            .collect();
        if !candidates.iter().any(|r| states(&r.default, &d.default)) {
            wrong.push(format!(
                "{}.{}: default {} but docs say {:?}",
                d.def,
                d.key,
                d.default,
                candidates.iter().map(|r| &r.default).collect::<Vec<_>>()
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "docs/scenario.md disagrees with the defaults:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn descriptions_state_their_defaults() {
    let mut wrong = Vec::new();
    for d in schema_defaults() {
        let Some((_, said)) = d.description.split_once("Default") else {
            continue;
        };
        for leaf in leaves(&d.default) {
            if !said.contains(&leaf) {
                wrong.push(format!(
                    "{}.{}: default {leaf}, description says {said:?}",
                    d.def, d.key
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "doc comments in raw.rs disagree with the defaults:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn docs_state_the_derived_defaults() {
    let rows = doc_rows();
    let cell = |section: &str, key: &str| {
        rows.iter()
            .find(|r| r.section == section && r.key == key)
            .unwrap_or_else(|| panic!("no row for `{key}` in section {section}"))
            .default
            .as_str()
    };
    let half_life = format!(
        "{} × `service_level.within`, at least `\"{}\"`",
        defaults::HALF_LIFE_FACTOR,
        defaults::HALF_LIFE_MIN
    );
    assert!(
        cell("Satisfaction and churn", "half_life").contains(&half_life),
        "half_life: expected {half_life}"
    );
    let within = format!(
        "`\"{}\"` if `service_level` is omitted",
        defaults::SERVICE_LEVEL_WITHIN
    );
    assert!(
        cell("Channels", "within").contains(&within),
        "service_level.within: expected {within}"
    );
}
