//! Overlays of the base scenario's TOML document, shared by plans and sweeps:
//! which keys they may not touch, and how they merge, set and resolve dotted keys.

use toml::{Table, Value};

/// Top-level keys every plan shares with the base scenario.
pub(crate) const SHARED_KEYS: [&str; 7] = [
    "start",
    "horizon",
    "warmup",
    "drain",
    "interval",
    "seed",
    "replications",
];

/// Why plans cannot change the keys in [`SHARED_KEYS`].
pub(crate) const SHARED_WHY: &str = "all plans share the base scenario's start, horizon, warmup, \
     drain, interval, seed and replications, so they face the same contacts (common random \
     numbers) and their results stay comparable";

/// Whether the value at `path` of a merged document was written by the overlay
/// `over` (a plan's overrides) rather than taken from the base scenario `base`.
pub(crate) fn from_overlay(over: &Table, base: &Table, path: &[String]) -> bool {
    let (mut over, mut base) = (over, Some(base));
    for seg in path {
        let Some(o) = over.get(seg) else {
            return false;
        };
        match (o, base.and_then(|b| b.get(seg))) {
            (Value::Table(o), Some(Value::Table(b))) => {
                over = o;
                base = Some(b);
            }
            // A value, a list or a table the base scenario lacks: the plan's own.
            _ => return true,
        }
    }
    false
}

/// Deep-merges `over` into `base`: tables merge key by key, values and lists replace.
/// A team's integer `agents` replaced by periods without a default entry becomes
/// that default (the headcount outside the periods). `path` is where `base` lies.
pub(crate) fn merge(base: &mut Table, over: &Table, path: &mut Vec<String>) {
    drop_excluded(base, over, path);
    for (key, value) in over {
        if let (Some(Value::Table(b)), Value::Table(o)) = (base.get_mut(key), value) {
            path.push(key.clone());
            merge(b, o, path);
            path.pop();
            continue;
        }
        let mut value = value.clone();
        if path.len() == 2
            && path[0] == "teams"
            && key == "agents"
            && let (Some(Value::Integer(n)), Value::Array(list)) = (base.get(key), &mut value)
            && !list.iter().any(is_default_entry)
        {
            let mut default = Table::new();
            default.insert("agents".into(), Value::Integer(*n));
            list.push(Value::Table(default));
        }
        base.insert(key.clone(), value);
    }
}

/// Removes the keys of `base` (at `path`) that the keys `over` sets exclude, so a
/// plan can switch between alternatives: a team's `shifts` replaces `schedule` and
/// `agents` (and `schedule` replaces `shifts`); one channel volume key replaces the
/// others; a distribution's `dist` replaces `cv` and `values` (and `mean` for
/// "empirical"); a vendor price per hour replaces one per ticket and vice versa.
fn drop_excluded(base: &mut Table, over: &Table, path: &[String]) {
    let sets = |k: &str| over.contains_key(k);
    let mut drop = |keys: &[&str]| {
        for k in keys {
            if !sets(k) {
                base.remove(*k);
            }
        }
    };
    match path {
        [root, _] if root == "teams" => {
            if sets("shifts") {
                drop(&["schedule", "agents"]);
            }
            if sets("schedule") {
                drop(&["shifts"]);
            }
        }
        [root, _] if root == "channels" => {
            const VOLUMES: [&str; 3] = ["volume_per_hour", "volume_per_day", "share"];
            if VOLUMES.iter().any(|k| sets(k)) {
                drop(&VOLUMES);
            }
        }
        [root, _, price] if root == "teams" && price == "price" => {
            if sets("per_hour") {
                drop(&["per_ticket", "monthly_minimum"]);
            }
            if sets("per_ticket") {
                drop(&["per_hour"]);
            }
        }
        [root, _, dist] if root == "channels" && (dist == "handle_time" || dist == "patience") => {
            if let Some(kind) = over.get("dist") {
                drop(&["cv", "values"]);
                if kind.as_str() == Some("empirical") {
                    drop(&["mean"]);
                }
            }
        }
        _ => {}
    }
}

/// Whether an entry of an `agents` list is the headcount outside the periods.
fn is_default_entry(v: &Value) -> bool {
    matches!(v, Value::Table(t) if !t.contains_key("from") && !t.contains_key("to"))
}

/// The value at `path` of `base`, or the depth at which the path leaves the
/// document and the keys known there.
pub(crate) fn resolve<'v>(
    base: &'v Table,
    path: &[String],
) -> Result<&'v Value, (usize, Vec<String>)> {
    let mut cur: Option<&Value> = None;
    for (depth, seg) in path.iter().enumerate() {
        let next = match cur {
            None => base.get(seg).ok_or_else(|| base.keys().cloned().collect()),
            Some(Value::Table(t)) => t.get(seg).ok_or_else(|| t.keys().cloned().collect()),
            Some(Value::Array(a)) => seg
                .parse::<usize>()
                .ok()
                .and_then(|i| a.get(i))
                .ok_or_else(|| (0..a.len()).map(|i| i.to_string()).collect()),
            Some(_) => Err(Vec::new()),
        };
        match next {
            Ok(v) => cur = Some(v),
            Err(known) => return Err((depth, known)),
        }
    }
    cur.ok_or((0, Vec::new()))
}

/// Sets the value at `path` of `doc` (which exists: checked by [`resolve`]).
pub(crate) fn set(doc: &mut Table, path: &[String], value: Value) {
    let mut cur = doc.get_mut(&path[0]);
    for seg in &path[1..] {
        cur = cur.and_then(|v| match v {
            Value::Table(t) => t.get_mut(seg),
            Value::Array(a) => seg.parse::<usize>().ok().and_then(|i| a.get_mut(i)),
            _ => None,
        });
    }
    if let Some(slot) = cur {
        *slot = value;
    }
}
