//! Fuzzing the scenario parser and validator: scenarios edited at random along the
//! grammar of their real keys (hostile values, names, unknown keys, growth, nesting)
//! and damaged byte by byte. Every case must answer `Ok` or located errors within
//! [`CASE_LIMIT`], never panic or hang; valid small ones are also simulated once.
//!
//! `cargo test fuzz` runs [`DEFAULT_CASES`] cases per property (seconds), the same
//! ones every time; for a longer run of new cases, e.g.
//! `STAFFMIX_FUZZ_SEED=random STAFFMIX_FUZZ_CASES=100000 cargo test --test main fuzz_`
//! (see docs/testing.md).

use std::collections::BTreeSet;
use std::sync::{LazyLock, mpsc};
use std::time::Duration;

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::RngSeed;
use staffmix::runner::{self, RunConfig};
use staffmix::scenario::{self, units};
use toml::{Table, Value};

use crate::bad_input::BASE;

/// Cases per property when `STAFFMIX_FUZZ_CASES` is not set.
const DEFAULT_CASES: u32 = 1000;

/// The longest one case may take before it counts as a hang.
const CASE_LIMIT: Duration = Duration::from_secs(20);

/// Most contacts a fuzzed valid scenario may expect to be simulated (once).
const SIMULATED_CONTACTS: f64 = 50_000.0;

/// The seed of the cases when `STAFFMIX_FUZZ_SEED` is not set: CI runs the same
/// cases every time.
const DEFAULT_SEED: u64 = 11;

/// The proptest settings: `STAFFMIX_FUZZ_CASES` cases (default [`DEFAULT_CASES`])
/// drawn from `STAFFMIX_FUZZ_SEED` (a number, or `random`; default
/// [`DEFAULT_SEED`]), nothing persisted (a failure prints its case).
fn config() -> ProptestConfig {
    let cases = std::env::var("STAFFMIX_FUZZ_CASES").map_or(DEFAULT_CASES, |n| {
        n.parse().expect("STAFFMIX_FUZZ_CASES: a number of cases")
    });
    let rng_seed = match std::env::var("STAFFMIX_FUZZ_SEED").as_deref() {
        Err(_) => RngSeed::Fixed(DEFAULT_SEED),
        Ok("random") => RngSeed::Random,
        Ok(n) => RngSeed::Fixed(
            n.parse()
                .expect("STAFFMIX_FUZZ_SEED: a number or \"random\""),
        ),
    };
    ProptestConfig {
        cases,
        rng_seed,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// The shipped scenarios, [`STUDY`] and the small [`BASE`]: valid files the fuzzer starts from.
const SEEDS: &[&str] = &[
    include_str!("../scenarios/quickstart.toml"),
    include_str!("../scenarios/black_friday.toml"),
    include_str!("../scenarios/erlang_check.toml"),
    include_str!("../scenarios/in_house_vs_outsourced.toml"),
    include_str!("../scenarios/mix_sweep.toml"),
    STUDY,
    BASE,
];

/// A study: plans with overrides and periods, a sweep, a baseline and targets.
const STUDY: &str = r#"start = 2026-11-23T00:00:00
horizon = "7d"
replications = 2
baseline = "Vendor surge"

[channels.chat]
volume_per_hour = 60
handle_time = { mean = "5m" }
service_level = { within = "30s", target = 0.8 }

[[surges]]
from = 2026-11-27
to = 2026-11-28
multiplier = 2.0

[teams.core]
kind = "in_house"
agents = [{ from = 2026-11-26, to = 2026-11-29, agents = 8 }, { agents = 5 }]
schedule = { days = "mon-fri", start = "08:00", end = "20:00" }
skills = { chat = 1.0 }

[teams.vendor]
kind = "outsourced"
agents = 4
schedule = "24/7"
shrinkage = 0.3
skills = { chat = 0.8 }

[[plans]]
name = "Vendor surge"
teams.vendor.agents = [ { from = 2026-11-26, to = 2026-12-01, agents = 9 } ]
routing.chat = ["core", { team = "vendor", after = "20s" }]

[[plans]]
name = "Temps"
surges = []
[plans.teams.temps]
kind = "in_house"
agents = 3
schedule = "24/7"
skills = { chat = 0.7 }

[sweep]
"teams.vendor.agents" = [2, 4]
"teams.vendor.shrinkage" = { from = 0.1, to = 0.3, step = 0.1 }

[targets]
median_wait = "2m"
abandon_rate = 0.05
[targets.channels.chat]
asa = "30s"
"#;

#[test]
fn the_seeds_are_valid() {
    for text in SEEDS {
        scenario::parse_study("seed.toml", text).unwrap_or_else(|e| panic!("{e}"));
    }
    let study = scenario::parse_study("study.toml", STUDY).expect("valid");
    assert_eq!(study.plans.len(), 1 + 2 + 6);
}

// ---------------------------------------------------------------------------
// The harness.

/// Parses and validates `text` (and simulates it once when it is valid and small)
/// on a thread of its own: fails with the text when that panics, takes longer than
/// [`CASE_LIMIT`], or reports an error outside the text or without a fix.
fn survives(text: String) {
    let (tx, rx) = mpsc::channel();
    let input = text.clone();
    let worker = std::thread::spawn(move || {
        examine(&input);
        let _ = tx.send(());
    });
    match rx.recv_timeout(CASE_LIMIT) {
        Ok(()) => {}
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            let why = worker.join().err().map(|p| panic_text(&*p));
            panic!("panicked ({why:?}) on:\n{text}")
        }
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("no answer within {CASE_LIMIT:?} on:\n{text}")
        }
    }
}

/// The message of a panic payload.
fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

/// What [`survives`] runs: parse, validate, warn, and simulate a small valid study.
fn examine(text: &str) {
    match scenario::parse_study("fuzz.toml", text) {
        Err(errors) => check_errors(text, &errors),
        Ok(study) => {
            for w in scenario::warnings("fuzz.toml", text, &study) {
                assert!(!w.to_string().is_empty());
            }
            let m = &study.plans[0].model;
            if expected_contacts(m) <= SIMULATED_CONTACTS && m.intervals() <= 10_000 {
                let config = RunConfig {
                    seed: 1,
                    replications: 1,
                };
                // A run may stop at an event past the calendar; it must not panic.
                let _ = runner::run(m, "base", config, |_| {});
            }
        }
    }
}

/// Contacts the base scenario expects over its horizon (an upper bound: the
/// busiest rate all along).
fn expected_contacts(m: &staffmix::model::Model) -> f64 {
    m.channels
        .iter()
        .map(|c| c.rate.iter().map(|p| p.per_s).fold(0.0, f64::max))
        .sum::<f64>()
        * m.horizon_s
}

/// Every located error lies inside the text, and rendering it works.
fn check_errors(text: &str, errors: &scenario::ScenarioErrors) {
    let lines = text.split('\n').count();
    for e in &errors.0 {
        assert!(
            (1..=lines).contains(&e.line),
            "line {} of {lines}: {e}",
            e.line
        );
        assert!(!e.message.is_empty(), "{e}");
        assert!(e.help.is_some(), "no help: {e}");
    }
    assert!(!errors.to_string().is_empty());
}

// ---------------------------------------------------------------------------
// Edits along the grammar: the seeds read as TOML, changed at a key, written back.

/// Integers at and past every boundary a count or number could have.
const INTEGERS: &[i64] = &[
    0,
    -1,
    1,
    2,
    12,
    13,
    100_000,
    100_001,
    2_147_483_647,
    4_294_967_295,
    4_294_967_296,
    i64::MAX,
    i64::MIN,
];

/// Floats at and past every boundary, and the non-finite ones.
const FLOATS: &[f64] = &[
    0.0,
    -0.0,
    -1.0,
    0.5,
    1.0,
    1.000_001,
    1e-6,
    9.9e-7,
    5e-324,
    1e-300,
    1e300,
    1e308,
    f64::MAX,
    f64::INFINITY,
    f64::NEG_INFINITY,
    f64::NAN,
];

/// Text values: durations, times, weekdays, names and words the keys take.
const TEXTS: &[&str] = &[
    "",
    " ",
    "0s",
    "1s",
    "0.000001s",
    "30m",
    "5w",
    "100000d",
    "1000000000d",
    "3650d",
    "3651d",
    "36500d",
    "99999999999999999999999999999d",
    "1e308s",
    "NaN",
    "nan s",
    "inf",
    "-5m",
    "00:00",
    "24:00",
    "23:59",
    "mon-sun",
    "sun-mon",
    "all",
    "24/7",
    "office",
    "fixed",
    "gamma",
    "lognormal",
    "empirical",
    "exponential",
    "in_house",
    "outsourced",
    "base",
    "core",
    "chat",
    "phone",
    "=cmd|' /C calc'!A0",
    "\u{1b}[31mred\u{1b}]0;title\u{7}",
    "\u{202e}evil\u{2066}\u{feff}\u{200b}",
    "\u{0}\r\n\t",
    "שלום עולם",
    "../../etc/passwd",
];

/// Dates and date-times at the ends of the calendar.
const DATES: &[&str] = &[
    "9999-12-31",
    "9999-12-31T23:59:59",
    "9999-12-30T00:00:00",
    "0001-01-01",
    "1970-01-01T00:00:00",
    "2026-02-28T23:59:59",
    "2024-02-29",
    "2026-01-05T08:00:00",
    "08:00:00",
    "2026-01-05T00:00:00Z",
];

/// A hostile integer.
fn integer() -> impl Strategy<Value = i64> {
    prop_oneof![prop::sample::select(INTEGERS), any::<i64>(), 0..200i64]
}

/// A hostile float.
fn float() -> impl Strategy<Value = f64> {
    prop_oneof![prop::sample::select(FLOATS), any::<f64>(), 0.0..2.0f64]
}

/// A hostile text: a listed word, a duration, any text or a very long name.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(TEXTS).prop_map(str::to_string),
        "[0-9]{1,12}(\\.[0-9]{1,3})?(s|m|min|h|d|w)",
        any::<String>(),
        (1..20_000usize).prop_map(|n| "x".repeat(n)),
    ]
}

/// A hostile date or date-time.
fn date() -> impl Strategy<Value = toml::value::Datetime> {
    prop::sample::select(DATES).prop_map(|s| s.parse().expect("TOML date"))
}

/// A hostile value of any TOML type.
fn hostile() -> impl Strategy<Value = Value> {
    prop_oneof![
        integer().prop_map(Value::Integer),
        float().prop_map(Value::Float),
        text().prop_map(Value::String),
        date().prop_map(Value::Datetime),
        any::<bool>().prop_map(Value::Boolean),
        Just(Value::Array(Vec::new())),
        Just(Value::Table(Table::new())),
    ]
}

/// A replacement for a value: hostile of the value's own type (so the file still
/// gets past the types into validation), or of any type.
#[derive(Debug, Clone)]
struct Replacement {
    integer: i64,
    float: f64,
    text: String,
    date: toml::value::Datetime,
    any: Option<Value>,
}

impl Replacement {
    /// What replaces `old`.
    fn of(&self, old: &Value) -> Value {
        match (&self.any, old) {
            (Some(v), _) => v.clone(),
            (None, Value::Integer(_)) => Value::Integer(self.integer),
            (None, Value::Float(_)) => Value::Float(self.float),
            (None, Value::String(_)) => Value::String(self.text.clone()),
            (None, Value::Datetime(_)) => Value::Datetime(self.date),
            (None, other) => other.clone(),
        }
    }
}

fn replacement() -> impl Strategy<Value = Replacement> {
    (
        integer(),
        float(),
        text(),
        date(),
        prop::option::weighted(0.2, hostile()),
    )
        .prop_map(|(integer, float, text, date, any)| Replacement {
            integer,
            float,
            text,
            date,
            any,
        })
}

/// A key, real (of some table of the format) or not.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(keys()),
        prop::sample::select(TEXTS).prop_map(str::to_string),
        "[a-z_]{1,12}",
        any::<String>(),
    ]
}

/// Every key of the format, from its JSON Schema, to add where it may not belong.
fn keys() -> Vec<String> {
    static KEYS: LazyLock<Vec<String>> = LazyLock::new(|| {
        let schema = serde_json::to_value(scenario::json_schema()).expect("schema is JSON");
        let mut keys = BTreeSet::new();
        let mut stack = vec![&schema];
        while let Some(node) = stack.pop() {
            match node {
                serde_json::Value::Object(map) => {
                    if let Some(serde_json::Value::Object(props)) = map.get("properties") {
                        keys.extend(props.keys().cloned());
                    }
                    stack.extend(map.values());
                }
                serde_json::Value::Array(items) => stack.extend(items),
                _ => {}
            }
        }
        keys.into_iter().collect()
    });
    KEYS.clone()
}

/// One step along the path to a value in a TOML document.
#[derive(Debug, Clone)]
enum Step {
    Key(String),
    At(usize),
}

/// One edit of a scenario at a node chosen by an [`Index`] over all its nodes.
#[derive(Debug, Clone)]
enum Edit {
    /// Replaces the value.
    Set(Index, Replacement),
    /// Renames the key that holds the value.
    Rename(Index, String),
    /// Adds a key to the table (or an element to the array).
    Add(Index, String, Value),
    /// Removes the value.
    Remove(Index),
    /// Repeats an array's first element (or the value in an array) this often.
    Grow(Index, usize),
    /// Wraps the value in this many arrays.
    Nest(Index, usize),
    /// Copies the value over another node.
    Copy(Index, Index),
}

fn edit_strategy() -> impl Strategy<Value = Edit> {
    let at = any::<Index>;
    prop_oneof![
        8 => (at(), replacement()).prop_map(|(i, r)| Edit::Set(i, r)),
        1 => (at(), key()).prop_map(|(i, k)| Edit::Rename(i, k)),
        2 => (at(), key(), hostile()).prop_map(|(i, k, v)| Edit::Add(i, k, v)),
        1 => at().prop_map(Edit::Remove),
        1 => (at(), prop_oneof![1..20usize, 100..1000usize]).prop_map(|(i, n)| Edit::Grow(i, n)),
        1 => (at(), 1..100usize).prop_map(|(i, n)| Edit::Nest(i, n)),
        1 => (at(), at()).prop_map(|(i, j)| Edit::Copy(i, j)),
    ]
}

/// The paths of every node below `value`, depth first.
fn paths(value: &Value, prefix: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    out.push(prefix.clone());
    match value {
        Value::Table(t) => {
            for (k, v) in t {
                prefix.push(Step::Key(k.clone()));
                paths(v, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                prefix.push(Step::At(i));
                paths(v, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

/// The node at `path`.
fn node<'a>(root: &'a mut Value, path: &[Step]) -> &'a mut Value {
    path.iter().fold(root, |v, step| match (v, step) {
        (Value::Table(t), Step::Key(k)) => t.get_mut(k).expect("path"),
        (Value::Array(a), Step::At(i)) => &mut a[*i],
        _ => unreachable!("paths follow the document"),
    })
}

/// Applies `edit` to `doc`.
fn apply_edit(doc: &mut Value, edit: &Edit) {
    let mut all = Vec::new();
    paths(doc, &mut Vec::new(), &mut all);
    let pick = |i: &Index| all[i.index(all.len())].clone();
    match edit {
        Edit::Set(i, r) => {
            let v = node(doc, &pick(i));
            *v = r.of(v);
        }
        Edit::Rename(i, k) => {
            let path = pick(i);
            if let Some((Step::Key(old), parent)) = path.split_last()
                && let Value::Table(t) = node(doc, parent)
                && let Some(v) = t.remove(old)
            {
                t.insert(k.clone(), v);
            }
        }
        Edit::Add(i, k, v) => match node(doc, &pick(i)) {
            Value::Table(t) => {
                t.insert(k.clone(), v.clone());
            }
            Value::Array(a) => a.push(v.clone()),
            _ => {}
        },
        Edit::Remove(i) => {
            let path = pick(i);
            match path.split_last() {
                Some((Step::Key(k), parent)) => {
                    if let Value::Table(t) = node(doc, parent) {
                        t.remove(k);
                    }
                }
                Some((Step::At(n), parent)) => {
                    if let Value::Array(a) = node(doc, parent) {
                        a.remove(*n);
                    }
                }
                None => {}
            }
        }
        Edit::Grow(i, n) => {
            if let Value::Array(a) = node(doc, &pick(i))
                && let Some(first) = a.first().cloned()
            {
                a.extend(std::iter::repeat_n(first, *n));
            }
        }
        Edit::Nest(i, n) => {
            let v = node(doc, &pick(i));
            for _ in 0..*n {
                *v = Value::Array(vec![std::mem::replace(v, Value::Boolean(false))]);
            }
        }
        Edit::Copy(from, to) => {
            let (from, to) = (pick(from), pick(to));
            if !to.is_empty() {
                let v = node(doc, &from).clone();
                *node(doc, &to) = v;
            }
        }
    }
}

/// A seed with `edits` applied, written back as TOML (`None` where the edits leave
/// something TOML cannot write, such as a non-table document).
fn edited(seed: &str, edits: &[Edit]) -> Option<String> {
    let mut doc = Value::Table(seed.parse::<Table>().expect("seed is TOML"));
    for e in edits {
        apply_edit(&mut doc, e);
    }
    toml::to_string(&doc).ok()
}

// ---------------------------------------------------------------------------
// Damage to the bytes: deleted, inserted, replaced, duplicated and truncated text.

/// Text the fuzzer inserts: TOML punctuation and values of the wrong kind.
const TOKENS: &[&str] = &[
    "=",
    "[",
    "]",
    "[[",
    "]]",
    "{",
    "}",
    ",",
    ".",
    "\"",
    "'",
    "#",
    "\n",
    "-1",
    "0",
    "-0.0",
    "1e400",
    "5e-324",
    "nan",
    "inf",
    "true",
    "\"5x\"",
    "\"\"",
    "[]",
    "{}",
    "\"0s\"",
    "\"99999999999d\"",
    "\"24:00\"",
    "\"25:00\"",
    "2026-02-30",
    "2026-01-05T23:59:60",
    "9999-12-31",
    "08:00:00",
    "Z",
    "+01:00",
    "é",
    "\u{0}",
    "\u{202e}",
    "\"mon-sun\"",
    "\"empirical\"",
    "\"lognormal\"",
    "2147483647",
    "4294967296",
];

/// One random change to a scenario text.
#[derive(Debug, Clone)]
enum Damage {
    Delete(Index, usize),
    Insert(Index, String),
    /// Inserts raw bytes (possibly not UTF-8).
    Bytes(Index, Vec<u8>),
    /// Replaces what follows `= ` on a line.
    ReplaceValue(Index, String),
    DuplicateLine(Index),
    Truncate(Index),
    /// Flips one bit.
    Flip(Index, u8),
}

fn damage_strategy() -> impl Strategy<Value = Damage> {
    let token = || prop::sample::select(TOKENS).prop_map(str::to_string);
    let at = any::<Index>;
    prop_oneof![
        (at(), 1..40usize).prop_map(|(at, n)| Damage::Delete(at, n)),
        (at(), token()).prop_map(|(at, t)| Damage::Insert(at, t)),
        (at(), "[ -~]{1,6}").prop_map(|(at, t)| Damage::Insert(at, t)),
        (at(), prop::collection::vec(any::<u8>(), 1..4)).prop_map(|(at, b)| Damage::Bytes(at, b)),
        (at(), token()).prop_map(|(at, t)| Damage::ReplaceValue(at, t)),
        at().prop_map(Damage::DuplicateLine),
        at().prop_map(Damage::Truncate),
        (at(), 0..8u8).prop_map(|(at, bit)| Damage::Flip(at, bit)),
    ]
}

/// Applies `damage` to the bytes of a text (edits may split UTF-8 sequences).
fn apply(mut bytes: Vec<u8>, damage: &Damage) -> Vec<u8> {
    let at = |i: &Index, len: usize| if len == 0 { 0 } else { i.index(len + 1) };
    let lines = |b: &[u8]| -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut start = 0;
        for (i, c) in b.iter().enumerate() {
            if *c == b'\n' {
                out.push((start, i + 1));
                start = i + 1;
            }
        }
        out.push((start, b.len()));
        out
    };
    match damage {
        Damage::Delete(i, n) => {
            let start = at(i, bytes.len()).min(bytes.len());
            let end = (start + n).min(bytes.len());
            bytes.drain(start..end);
        }
        Damage::Insert(i, text) => {
            let pos = at(i, bytes.len());
            bytes.splice(pos..pos, text.bytes());
        }
        Damage::Bytes(i, raw) => {
            let pos = at(i, bytes.len());
            bytes.splice(pos..pos, raw.iter().copied());
        }
        Damage::ReplaceValue(i, text) => {
            let with_value: Vec<(usize, usize)> = lines(&bytes)
                .into_iter()
                .filter(|(s, e)| bytes[*s..*e].windows(2).any(|w| w == b"= "))
                .collect();
            if !with_value.is_empty() {
                let (s, e) = with_value[i.index(with_value.len())];
                let eq = s + bytes[s..e].windows(2).position(|w| w == b"= ").unwrap_or(0) + 2;
                let end = if bytes[e - 1] == b'\n' { e - 1 } else { e };
                bytes.splice(eq..end, text.bytes());
            }
        }
        Damage::DuplicateLine(i) => {
            let all = lines(&bytes);
            let (s, e) = all[i.index(all.len())];
            let line = bytes[s..e].to_vec();
            bytes.splice(e..e, line);
        }
        Damage::Truncate(i) => bytes.truncate(at(i, bytes.len())),
        Damage::Flip(i, bit) => {
            if !bytes.is_empty() {
                let n = i.index(bytes.len());
                bytes[n] ^= 1 << bit;
            }
        }
    }
    bytes
}

/// Damaged bytes as the reader hands them on: text up to the first byte that is
/// not UTF-8 would be refused there, so the parser sees the lossy text.
fn as_text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn fuzz_edited_scenarios(
        seed in prop::sample::select(SEEDS),
        edits in prop::collection::vec(edit_strategy(), 1..4),
    ) {
        if let Some(text) = edited(seed, &edits) {
            survives(text);
        }
    }

    #[test]
    fn fuzz_damaged_scenarios(
        seed in prop::sample::select(SEEDS),
        damages in prop::collection::vec(damage_strategy(), 1..6),
    ) {
        let bytes = damages.iter().fold(seed.as_bytes().to_vec(), apply);
        survives(as_text(&bytes));
    }

    #[test]
    fn fuzz_durations(text in any::<String>(), grammar in "[0-9._smhdwin -]{0,12}") {
        for t in [&text, &grammar] {
            if let Ok(d) = units::Duration::parse(t) {
                prop_assert!(d.secs().is_finite() && d.secs() >= 0.0, "{t:?} gave {}", d.secs());
                prop_assert_eq!(units::Duration::parse(&d.to_string()).map(|p| p.secs()), Ok(d.secs()));
            }
        }
    }

    #[test]
    fn fuzz_times_and_weekdays(text in any::<String>(), grammar in "[0-9:a-z,-]{0,8}") {
        for t in [&text, &grammar] {
            let _ = units::TimeOfDay::parse(t);
            let _ = units::Weekdays::parse(t);
        }
    }
}

#[test]
fn the_fuzzer_knows_the_keys_of_the_format() {
    let keys = keys();
    for key in ["horizon", "agents", "when_closed", "multiplier", "asa"] {
        assert!(keys.iter().any(|k| k == key), "{key} missing from {keys:?}");
    }
}
