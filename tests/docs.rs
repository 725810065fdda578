//! docs/scenario.md cannot fall behind the code: every key of the scenario JSON
//! Schema and every enumerated value must appear in it as a code span, every KPI of
//! the catalogue (cost components included) must be defined in its KPI tables with
//! its unit and nothing else may be, and its complete TOML examples must validate.

use std::collections::{BTreeSet, HashSet};

use serde_json::Value;
use staffmix::kpi::Kpi;

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

/// The KPI rows of the tables under "### KPI definitions": for each row, the names
/// in its first cell (`` `a`, `b` ``) and its unit, with the row's line number.
fn documented_kpis(doc: &str) -> Vec<(usize, Vec<String>, String)> {
    let mut rows = Vec::new();
    let mut inside = false;
    for (i, line) in doc.lines().enumerate() {
        if line.starts_with('#') {
            inside = line.trim() == "### KPI definitions";
            continue;
        }
        let Some(row) = line.strip_prefix("| `").filter(|_| inside) else {
            continue;
        };
        let cells: Vec<&str> = row.split(" | ").collect();
        let names = cells[0]
            .split(", ")
            .map(|n| n.trim_matches('`').to_string())
            .collect();
        rows.push((i + 1, names, cells[1].trim().to_string()));
    }
    rows
}

#[test]
fn every_kpi_of_the_catalogue_is_documented_with_its_unit() {
    let doc = doc();
    let rows = documented_kpis(&doc);
    // The parse must find both tables, cost components included, or the checks
    // below prove nothing.
    assert!(rows.len() > 30, "found only {} KPI rows", rows.len());
    assert!(
        rows.iter()
            .any(|(_, names, _)| names.iter().any(|n| n == "cost_vendor_management")),
        "the cost components' row was not parsed"
    );

    let mut missing = Vec::new();
    let mut wrong_unit = Vec::new();
    for kpi in Kpi::ALL {
        let mut units = rows
            .iter()
            .filter(|(_, names, _)| names.iter().any(|n| n == kpi.name()))
            .map(|(line, _, unit)| (line, unit))
            .peekable();
        if units.peek().is_none() {
            missing.push(kpi.name());
        }
        for (line, unit) in units {
            if unit != kpi.unit().name() {
                wrong_unit.push(format!(
                    "docs/scenario.md:{line}: {kpi} in {unit}, the catalogue says {}",
                    kpi.unit().name()
                ));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "docs/scenario.md does not define these KPIs under \"KPI definitions\": {missing:?}"
    );
    assert!(wrong_unit.is_empty(), "{}", wrong_unit.join("\n"));

    let unknown: Vec<String> = rows
        .iter()
        .flat_map(|(line, names, _)| names.iter().map(move |n| (line, n)))
        .filter(|(_, n)| !Kpi::ALL.iter().any(|k| k.name() == n.as_str()))
        .map(|(line, n)| format!("docs/scenario.md:{line}: {n}"))
        .collect();
    assert!(
        unknown.is_empty(),
        "documented KPIs the catalogue (src/kpi.rs) does not know: {unknown:?}"
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

/// `n` with a space between thousands from 10 000 up, as docs/scenario.md writes
/// numbers.
fn spaced(n: u64) -> String {
    let digits = n.to_string();
    if n < 10_000 {
        return digits;
    }
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

#[test]
fn the_limits_section_states_every_ceiling() {
    use staffmix::scenario::limits;
    let doc = doc();
    let start = doc.find("\n## Limits\n").expect("a Limits section");
    let end = start + doc[start + 1..].find("\n## ").expect("a next section");
    let section = &doc[start..end];
    for (name, value) in [
        ("MAX_FILE_BYTES", limits::MAX_FILE_BYTES),
        ("MAX_NESTING", limits::MAX_NESTING as u64),
        ("MAX_AGENTS", u64::from(limits::MAX_AGENTS)),
        ("MAX_PLANS", limits::MAX_PLANS as u64),
        ("MAX_INTERVALS", limits::MAX_INTERVALS as u64),
        ("MAX_SURGES", limits::MAX_SURGES as u64),
        ("WEIGHTS", limits::WEIGHTS.1 as u64),
        ("MAX_REPLICATIONS", u64::from(limits::MAX_REPLICATIONS)),
        ("MAX_THREADS", limits::MAX_THREADS as u64),
        ("engine::MAX_WAITING", staffmix::engine::MAX_WAITING as u64),
        (
            "erlang::MAX_SERVERS",
            u64::from(staffmix::erlang::MAX_SERVERS),
        ),
    ] {
        assert!(
            section.contains(&spaced(value)),
            "the Limits section of docs/scenario.md does not state {name} = {}",
            spaced(value)
        );
    }
}
