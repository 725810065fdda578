//! serde's errors about a scenario document as [`Issue`]s in a planner's words:
//! TOML types instead of Rust types, and a fix for each.

use super::diagnostics::{Issue, closest};
use super::error::split_help;

/// The key path of a serde error.
pub(crate) fn path_segments(path: &serde_path_to_error::Path) -> Vec<String> {
    path.iter()
        .filter_map(|seg| match seg {
            serde_path_to_error::Segment::Seq { index } => Some(index.to_string()),
            serde_path_to_error::Segment::Map { key } => Some(key.clone()),
            serde_path_to_error::Segment::Enum { variant } => Some(variant.clone()),
            serde_path_to_error::Segment::Unknown => None,
        })
        .collect()
}

/// A serde error at `path` with serde's `text`, in a planner's words, with a fix.
pub(crate) fn serde_issue(mut path: Vec<String>, text: &str) -> Issue {
    let (mut message, mut help) = split_help(text);
    let mut on_key = false;
    if let Some(at) = path.iter().position(|k| k == DATETIME_KEY) {
        // toml hands a date-time to serde as a table with this one key.
        path.truncate(at);
        message = "a date or time is not valid here".into();
        help = Some("quote the value if it is text; see docs/scenario.md for the key".into());
    } else if let Some(field) = missing_field(&message).map(str::to_string) {
        help = Some(add_key_help(&path, &field));
        message = format!("missing required key `{field}`");
        path.push(field);
    } else {
        on_key = message.starts_with("unknown field");
        message = plain_types(&message);
        help = help.or_else(|| Some(help_for(&message)));
    }
    Issue {
        path,
        on_key,
        message,
        help,
    }
}

/// The key under which toml passes a date-time value to serde.
const DATETIME_KEY: &str = "$__toml_private_datetime";

/// The field named by serde's "missing field `x`" message.
fn missing_field(message: &str) -> Option<&str> {
    message.strip_prefix("missing field `")?.strip_suffix('`')
}

/// How to add a missing required key to the table at `table`, with an example.
fn add_key_help(table: &[String], field: &str) -> String {
    let example = match field {
        "horizon" => "horizon = \"7d\"",
        "handle_time" => "handle_time = { dist = \"lognormal\", mean = \"6m\", cv = 0.8 }",
        "kind" => "kind = \"in_house\" (or \"outsourced\")",
        "skills" => "skills = { phone = 1.0 }",
        "within" => "within = \"20s\"",
        "from" => "from = 2026-11-27",
        "to" => "to = 2026-11-28",
        "multiplier" => "multiplier = 2.0",
        "start" => "start = \"08:00\"",
        "end" => "end = \"17:00\"",
        "agents" => "agents = 10",
        "team" => "team = \"vendor\"",
        "name" if table.first().is_some_and(|k| k == "plans") => "name = \"Vendor surge\"",
        _ => "",
    };
    let place = if table.is_empty() {
        "at the top of the file, before the first [table]".to_string()
    } else {
        format!("to {}", table.join("."))
    };
    if example.is_empty() {
        format!("add `{field}` {place}; see docs/scenario.md for its meaning and unit")
    } else {
        format!("add e.g. {example} {place}")
    }
}

/// The fix for serde's "unknown field `x`, expected one of `a`, `b`": the closest
/// known key, if one is near.
fn unknown_key_help(message: &str) -> String {
    // Backquoted names: the unknown key first, then the known ones.
    let names: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    let all_keys = "`staffmix schema` and docs/scenario.md list every key";
    let near = names
        .split_first()
        .and_then(|(key, known)| closest(key, known));
    match near {
        Some(near) => format!("did you mean `{near}`? ({all_keys})"),
        None => format!("remove the key or correct its spelling ({all_keys})"),
    }
}

/// serde's messages name Rust types; planners write TOML.
fn plain_types(message: &str) -> String {
    const TYPES: [(&str, &str); 11] = [
        ("expected u32", "expected a whole number, 0 or more"),
        ("expected u64", "expected a whole number, 0 or more"),
        ("expected i32", "expected a whole number"),
        ("expected f64", "expected a number"),
        ("expected a map", "expected a table"),
        ("expected a sequence", "expected a list [ … ]"),
        ("expected a string", "expected text in quotes"),
        ("invalid type: map", "invalid type: table"),
        ("invalid type: sequence", "invalid type: list"),
        ("invalid type: string", "invalid type: text"),
        // toml's words for an enum value of the wrong type.
        (
            "wanted string or table",
            "expected one of the allowed names in quotes",
        ),
    ];
    let mut out = message.to_string();
    for (from, to) in TYPES {
        out = out.replace(from, to);
    }
    match out.find("expected struct ") {
        Some(i) => format!("{}expected a table", &out[..i]),
        None => out,
    }
}

/// A fix for serde's own messages (after [`plain_types`]).
fn help_for(message: &str) -> String {
    if message.starts_with("unknown field") {
        return unknown_key_help(message);
    }
    let expected = message.rsplit_once("expected ").map_or("", |(_, e)| e);
    let help = if message.starts_with("unknown variant") {
        "use one of the listed values, in quotes"
    } else if expected.starts_with("a whole number") {
        "write a whole number without quotes or decimal point, e.g. 10"
    } else if expected.starts_with("a number") {
        "write a number without quotes, e.g. 0.8"
    } else if expected.starts_with("a table") {
        "write a table: a [section] with keys below it, or inline { key = value, … }"
    } else if expected.starts_with("a list of numbers such as") {
        "write e.g. \"teams.core.agents\" = [20, 25, 30] or \"teams.core.agents\" = { from = 20, to = 40, step = 5 }"
    } else if expected.starts_with("a list") {
        "write a list in brackets, e.g. [\"core\", \"vendor\"]"
    } else if expected.starts_with("one of the allowed names") {
        "see docs/scenario.md for the names, e.g. kind = \"in_house\" or dist = \"lognormal\""
    } else if expected.starts_with("text") {
        "put the text in double quotes, e.g. name = \"Support desk\""
    } else if expected.starts_with("a profile name") {
        "write e.g. intraday = \"office\" or a list of 24 hourly weights"
    } else if expected.starts_with("\"24/7\"") {
        "write e.g. schedule = \"24/7\""
    } else if expected.starts_with("a team name") {
        "write the team's name in quotes, e.g. \"core\""
    } else if message.contains("overflowed") {
        "the number is too large for a scenario: check for a typo"
    } else {
        "check the value's type and format in docs/scenario.md"
    };
    help.into()
}
