//! docs/scenario.md cannot fall behind the code: every key of the scenario JSON
//! Schema, every enumerated value and every KPI name the engine reports must
//! appear in it as a code span, and its complete TOML examples must validate.

use std::collections::{BTreeSet, HashSet};

use serde_json::Value;
use staffmix::stats::kpi::{channel_kpis, overall_kpis, team_kpis};

const DOC_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/scenario.md");

fn doc() -> String {
    std::fs::read_to_string(DOC_PATH).unwrap_or_else(|e| panic!("cannot read {DOC_PATH}: {e}"))
}

/// Whether `name` appears as a code span: `` `name` `` or `` `"name"` ``.
fn has_code_span(doc: &str, name: &str) -> bool {
    doc.contains(&format!("`{name}`")) || doc.contains(&format!("`\"{name}\"`"))
}

/// Every property name and enumerated `const` value reachable from the schema
/// root, following `$ref`s into `$defs`.
#[derive(Default)]
struct Walk {
    properties: BTreeSet<String>,
    constants: BTreeSet<String>,
    visited_defs: HashSet<String>,
}

impl Walk {
    fn visit(&mut self, root: &Value, node: &Value) {
        match node {
            Value::Object(map) => {
                if let Some(Value::String(r)) = map.get("$ref") {
                    let name = r
                        .strip_prefix("#/$defs/")
                        .unwrap_or_else(|| panic!("unexpected $ref {r}"));
                    if self.visited_defs.insert(name.to_string()) {
                        let def = root
                            .pointer(&format!("/$defs/{name}"))
                            .unwrap_or_else(|| panic!("dangling $ref {r}"));
                        self.visit(root, def);
                    }
                }
                if let Some(Value::String(c)) = map.get("const") {
                    self.constants.insert(c.clone());
                }
                for (key, value) in map {
                    match key.as_str() {
                        // Definitions are reached through `$ref`s only.
                        "$defs" => {}
                        "properties" => {
                            let props = value.as_object().expect("properties is an object");
                            for (name, schema) in props {
                                self.properties.insert(name.clone());
                                self.visit(root, schema);
                            }
                        }
                        _ => self.visit(root, value),
                    }
                }
            }
            Value::Array(items) => {
                for item in items {
                    self.visit(root, item);
                }
            }
            _ => {}
        }
    }
}

#[test]
fn every_scenario_key_is_documented() {
    let schema = staffmix::scenario::json_schema();
    let root = schema.as_value();
    let mut walk = Walk::default();
    walk.visit(root, root);

    // The walk must reach the nested tables, or the check below proves nothing.
    for expected in [
        "horizon",
        "volume_per_hour",
        "cv",
        "within",
        "multiplier",
        "shrinkage",
        "agents",
        "after",
    ] {
        assert!(
            walk.properties.contains(expected),
            "schema walk missed `{expected}`: found {:?}",
            walk.properties
        );
    }
    for expected in ["lognormal", "in_house"] {
        assert!(
            walk.constants.contains(expected),
            "schema walk missed the value \"{expected}\": found {:?}",
            walk.constants
        );
    }

    let doc = doc();
    let missing: Vec<&String> = walk
        .properties
        .iter()
        .chain(&walk.constants)
        .filter(|name| !has_code_span(&doc, name))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/scenario.md does not document these scenario keys or values (write them as `code`): {missing:?}"
    );
}

const SMALL: &str = r#"
horizon = "1d"
warmup = "1h"
[channels.phone]
volume_per_hour = 30
handle_time = { dist = "lognormal", mean = "4m", cv = 0.8 }
patience = { mean = "2m" }
[channels.chat]
volume_per_hour = 20
handle_time = { mean = "8m" }
concurrency = 2
[teams.core]
kind = "in_house"
agents = 4
schedule = "24/7"
skills = { phone = 1.0, chat = 1.0 }
"#;

#[test]
fn every_kpi_is_documented() {
    let model = staffmix::scenario::parse("docs.toml", SMALL).unwrap_or_else(|e| panic!("{e}"));
    let result = staffmix::engine::simulate(&model, 1, 0, &mut ()).expect("simulation runs");

    let mut names: BTreeSet<&str> = BTreeSet::new();
    for c in 0..model.channels.len() {
        names.extend(channel_kpis(&result, c).iter().map(|(n, _)| *n));
    }
    for k in 0..model.teams.len() {
        names.extend(team_kpis(&result, k).iter().map(|(n, _)| *n));
    }
    names.extend(overall_kpis(&result).iter().map(|(n, _)| *n));
    assert!(names.contains("service_level") && names.contains("occupancy"));

    let doc = doc();
    let missing: Vec<&&str> = names.iter().filter(|n| !has_code_span(&doc, n)).collect();
    assert!(
        missing.is_empty(),
        "docs/scenario.md does not define these KPIs (write them as `code`): {missing:?}"
    );
}

/// The ```toml blocks of the document: (line of the fence, text).
fn toml_blocks(doc: &str) -> Vec<(usize, String)> {
    let mut blocks = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (i, line) in doc.lines().enumerate() {
        let fence = line.trim_start().starts_with("```");
        match &mut current {
            None if fence && line.trim() == "```toml" => current = Some((i + 1, String::new())),
            Some(_) if fence => blocks.push(current.take().expect("inside a block")),
            Some((_, text)) => {
                text.push_str(line);
                text.push('\n');
            }
            None => {}
        }
    }
    assert!(current.is_none(), "unterminated ```toml block");
    blocks
}

#[test]
fn toml_examples_are_valid() {
    let doc = doc();
    let blocks = toml_blocks(&doc);
    assert!(!blocks.is_empty(), "no ```toml examples found");
    let mut complete = 0;
    for (line, text) in &blocks {
        // Every example, even a fragment, is valid TOML syntax.
        if let Err(e) = text.parse::<toml::Table>() {
            panic!("docs/scenario.md:{line}: example is not valid TOML: {e}\n{text}");
        }
        // A complete scenario (it sets the required `horizon`) must also validate.
        if text.lines().any(|l| l.trim_start().starts_with("horizon")) {
            complete += 1;
            if let Err(e) = staffmix::scenario::parse("docs/scenario.md", text) {
                panic!("docs/scenario.md:{line}: complete example does not validate:\n{e}");
            }
        }
    }
    assert!(
        complete >= 1,
        "no complete scenario example in docs/scenario.md"
    );
}
