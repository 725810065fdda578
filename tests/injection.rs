//! Outputs safe from the names in them: CSV cells of user text neutralised against
//! spreadsheet formulas (numbers untouched), control and bidi characters escaped on the
//! terminal and in errors, markup escaped in the SVG charts.

use assert_cmd::Command;
use staffmix::analysis::analyse;
use staffmix::report;
use staffmix::terminal::hidden;

use crate::report::{STUDY, rendered, simulate};

/// [`STUDY`] with a plan named like a formula, a channel named `+cmd` and a plan
/// named "-5 agents" (text, though it starts like a number).
fn hostile_study() -> String {
    let text = STUDY.replace("phone", "\"+cmd\"").replace(
        "name = \"<script>alert(1)</script>\"",
        "name = \"=HYPERLINK(\\\"x\\\")\"",
    ) + "\n[[plans]]\nname = \"-5 agents\"\nteams.core.agents = 1\n";
    assert_ne!(text, STUDY);
    text
}

/// The cells of a CSV file of a run, header first.
fn csv_rows(files: &[(String, Vec<u8>)], name: &str) -> Vec<Vec<String>> {
    let (_, bytes) = files.iter().find(|(n, _)| n == name).expect(name);
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes.as_slice())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn csv_cells_of_user_text_cannot_be_formulas() {
    let files = rendered(simulate(&hostile_study(), 2), false);
    for name in [
        "plans.csv",
        "replications.csv",
        "intervals.csv",
        "intervals_detail.csv",
    ] {
        let rows = csv_rows(&files, name);
        let cells: Vec<&str> = rows.iter().flatten().map(String::as_str).collect();
        assert!(cells.contains(&"'=HYPERLINK(\"x\")"), "{name}: plan name");
        assert!(cells.contains(&"'-5 agents"), "{name}: plan name");
        // ("-" starts negative numbers too: see below.)
        let formula = cells
            .iter()
            .find(|c| c.starts_with(['=', '+', '@', '\t', '\r']));
        assert_eq!(formula, None, "{name}");
        // Numbers stay numbers, negative ones included (differences from the
        // baseline, nothing else is negative there).
        for c in &cells {
            if let Some(quoted) = c.strip_prefix('\'') {
                assert!(quoted.parse::<f64>().is_err(), "{name}: number {c} quoted");
            }
        }
    }
    let header = &csv_rows(&files, "plans.csv")[0];
    assert!(header.contains(&"'+cmd.service_level_mean".to_string()));
    assert!(header.contains(&"email.service_level_mean".to_string()));
    let negative = csv_rows(&files, "plans.csv")
        .iter()
        .flatten()
        .any(|c| c.parse::<f64>().is_ok_and(|x| x < 0.0));
    assert!(negative, "plans.csv has negative numbers, left as numbers");
    let header = &csv_rows(&files, "replications.csv")[0];
    assert!(header.contains(&"'+cmd.offered".to_string()), "{header:?}");
    let detail = csv_rows(&files, "intervals_detail.csv");
    assert!(detail.iter().any(|r| r[3] == "channel" && r[4] == "'+cmd"));
    assert!(detail.iter().any(|r| r[3] == "channel" && r[4] == "email"));
}

#[test]
fn svg_charts_show_markup_in_names_as_text() {
    let text = STUDY.replace(
        "name = \"<script>alert(1)</script>\"",
        "name = \"a \\\"b\\\" <c> & d\"",
    );
    let (study, plans, config) = simulate(&text, 2);
    let charts = report::charts::render(&analyse(&study, config, plans)).expect("charts");
    let svg = &charts[0].svg;
    assert!(
        !svg.contains("<c>") && !svg.contains("& d"),
        "markup in the SVG"
    );
    assert!(
        svg.contains("&lt;c&gt; &amp; d"),
        "the name is shown as text"
    );
    assert!(
        !svg.contains("\"b\""),
        "a quote in a name could end an attribute"
    );
}

/// A scenario whose name and one plan's name carry an escape sequence (TOML
/// escapes allow it), written to a temporary directory.
fn coloured_scenario(dir: &std::path::Path) -> std::path::PathBuf {
    let text = STUDY
        .replace(
            "name = \"Report <test> & co\"",
            "name = \"Report \\u001b[31mred\"",
        )
        .replace(
            "name = \"<script>alert(1)</script>\"",
            "name = \"plan \\u001b]0;title\\u0007 \\u009b2J \\u202elive\\u2066\"",
        )
        .replace("[channels.email]", "[channels.\"e\\u001b[1mmail\"]")
        .replace("email = ", "\"e\\u001b[1mmail\" = ");
    let path = dir.join("coloured.toml");
    std::fs::write(&path, text).unwrap();
    path
}

fn staffmix() -> Command {
    Command::cargo_bin("staffmix").expect("binary built")
}

fn no_controls(what: &str, bytes: &[u8]) -> String {
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    let raw = text.chars().find(|c| hidden(*c) && *c != '\n');
    assert_eq!(raw, None, "{what} has a raw control character:\n{text}");
    text
}

#[test]
fn names_reach_the_terminal_with_their_controls_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = coloured_scenario(dir.path());
    let o = staffmix().arg("validate").arg(&scenario).assert().success();
    let out = no_controls("validate", &o.get_output().stdout);
    assert!(out.contains("scenario \"Report \\u{1b}[31mred\""), "{out}");
    assert!(out.contains("e\\u{1b}[1mmail: "), "{out}");
    let o = staffmix()
        .args(["run", "--reps", "2", "--no-charts", "--out"])
        .arg(dir.path().join("out"))
        .arg(&scenario)
        .assert()
        .success();
    let out = no_controls("run", &o.get_output().stdout);
    no_controls("run's stderr", &o.get_output().stderr);
    assert!(out.contains("Report \\u{1b}[31mred —"), "{out}");
    assert!(
        out.contains("plan \\u{1b}]0;title\\u{7} \\u{9b}2J \\u{202e}live\\u{2066}"),
        "{out}"
    );
    assert!(out.contains("e\\u{1b}[1mmail"), "{out}");
    // The files keep the names as given.
    let plans = std::fs::read_to_string(dir.path().join("out/plans.csv")).unwrap();
    assert!(plans.contains("plan \u{1b}]0;title\u{7} \u{9b}2J"));
}

/// The error `staffmix validate` prints for an invalid scenario, checked free of
/// raw control characters.
fn rejected(scenario: &std::path::Path) -> String {
    let o = staffmix().arg("validate").arg(scenario).assert().code(2);
    no_controls("the error", &o.get_output().stderr)
}

#[test]
fn errors_show_control_characters_escaped_under_their_carets() {
    let dir = tempfile::tempdir().unwrap();
    // A raw ESC is not allowed in a TOML string: the excerpt shows the line with it.
    let path = dir.path().join("raw.toml");
    std::fs::write(&path, "name = \"a\u{1b}[31mb\"\nhorizon = \"1d\"\n").unwrap();
    let err = rejected(&path);
    let line = err.lines().find(|l| l.starts_with("1 | ")).expect(&err);
    assert_eq!(line, "1 | name = \"a\\u{1b}[31mb\"");
    let carets = err
        .lines()
        .skip_while(|l| !l.starts_with("1 | "))
        .nth(1)
        .unwrap();
    let at = carets.find('^').unwrap();
    assert_eq!(
        (&line[at..at + 6], &carets[at..]),
        ("\\u{1b}", "^^^^^^"),
        "carets under the escape:\n{err}"
    );
    // An unknown channel named with an escape: the message and key escape it too.
    let coloured = coloured_scenario(dir.path());
    let text = std::fs::read_to_string(&coloured).unwrap().replace(
        "skills = { phone",
        "skills = { \"x\\u001b[2Jy\" = 1.0, phone",
    );
    std::fs::write(&coloured, text).unwrap();
    let err = rejected(&coloured);
    assert!(
        err.contains("teams.core.skills.x\\u{1b}[2Jy: unknown channel \"x\\u{1b}[2Jy\""),
        "{err}"
    );
}

#[test]
fn an_output_path_with_escape_sequences_is_shown_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("s.toml");
    std::fs::write(&file, crate::bad_input::BASE).unwrap();
    let out = dir.path().join("red\u{1b}[31m");
    let done = Command::cargo_bin("staffmix")
        .unwrap()
        .arg("run")
        .arg(&file)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&done.get_output().stdout).into_owned();
    assert!(stdout.contains("red\\u{1b}[31m"), "{stdout}");
    assert!(!stdout.contains('\u{1b}'), "{stdout}");
}
