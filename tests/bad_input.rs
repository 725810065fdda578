//! Invalid scenario files: every mistake is reported as `file:line:column`, with
//! the key path, what was expected and a fix, and exit code 2 — never a panic, never
//! an output directory. Random damage is the business of `fuzz`.

use std::ffi::OsStr;
use std::path::PathBuf;

use assert_cmd::Command;
use predicates::prelude::*;
use staffmix::scenario;
use tempfile::TempDir;

/// A small valid scenario; each case below breaks one thing in it.
pub(crate) const BASE: &str = r#"horizon = "2d"
replications = 2

[channels.chat]
volume_per_hour = 60
handle_time = { mean = "5m" }

[teams.core]
kind = "in_house"
agents = 5
schedule = "24/7"
skills = { chat = 1.0 }
"#;

/// [`BASE`] with the one occurrence of `from` replaced by `to`.
pub(crate) fn edit(from: &str, to: &str) -> String {
    assert_eq!(
        BASE.matches(from).count(),
        1,
        "{from:?} must occur once in BASE"
    );
    BASE.replace(from, to)
}

/// [`BASE`] followed by `lines` (which land in the last table unless they open one).
fn append(lines: &str) -> String {
    format!("{BASE}{lines}")
}

/// `lines` followed by [`BASE`]: top-level keys must come before the first table.
fn prepend(lines: &str) -> String {
    format!("{lines}{BASE}")
}

/// A second channel, `mail`, for cases that need two.
const MAIL: &str = "[channels.mail]\nvolume_per_day = 100\nhandle_time = { mean = \"8m\" }\n";

/// 1-based line and column (in characters) of byte offset `at` in `text`.
fn line_col(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

/// An invalid scenario and what its error must say.
struct Bad {
    text: String,
    /// Expected (line, column).
    pos: (usize, usize),
    /// Expected key path, shown as `error: KEY: …`.
    key: Option<&'static str>,
    /// Fragments the message must contain.
    says: Vec<&'static str>,
}

/// Starts a case: `text` is the whole scenario file.
fn bad(text: impl Into<String>) -> Bad {
    Bad {
        text: text.into(),
        pos: (1, 1),
        key: None,
        says: Vec::new(),
    }
}

impl Bad {
    /// The error points at the first occurrence of `needle` in the text.
    fn at(self, needle: &str) -> Self {
        let at = self.text.find(needle).expect("needle in text");
        self.at_offset(at)
    }

    /// The error points at the last occurrence of `needle` in the text.
    fn at_last(self, needle: &str) -> Self {
        let at = self.text.rfind(needle).expect("needle in text");
        self.at_offset(at)
    }

    /// The error points just after the first occurrence of `needle` (at the value
    /// of `key = `).
    fn after(self, needle: &str) -> Self {
        let at = self.text.find(needle).expect("needle in text") + needle.len();
        self.at_offset(at)
    }

    fn at_offset(mut self, at: usize) -> Self {
        self.pos = line_col(&self.text, at);
        self
    }

    /// The error names this key path.
    fn key(mut self, key: &'static str) -> Self {
        self.key = Some(key);
        self
    }

    /// The message contains `fragment`.
    fn says(mut self, fragment: &'static str) -> Self {
        self.says.push(fragment);
        self
    }

    /// Writes the file as `<name>.toml` in a fresh directory.
    fn write(&self, name: &str) -> (TempDir, PathBuf) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(format!("{name}.toml"));
        std::fs::write(&path, &self.text).expect("write scenario");
        (dir, path)
    }

    /// Runs `staffmix validate` on the file as `<name>.toml` and checks the error;
    /// returns stderr.
    fn check(self, name: &str) -> String {
        let (_dir, path) = self.write(name);
        let stderr = self.cli(name, &["validate".as_ref(), path.as_os_str()]);
        // The library's first error is the one checked: same place, same key.
        let err = scenario::parse(&format!("{name}.toml"), &self.text).expect_err("invalid");
        let first = &err.0[0];
        assert_eq!((first.line, first.column), self.pos, "{err}");
        assert_eq!(first.key, self.key.unwrap_or_default(), "{err}");
        stderr
    }

    /// Like [`Bad::check`], and `staffmix run FILE --out DIR` fails the same way
    /// without creating DIR.
    fn check_run(self, name: &str) {
        let (dir, path) = self.write(name);
        let out = dir.path().join("results");
        let args = [
            "run".as_ref(),
            path.as_os_str(),
            "--out".as_ref(),
            out.as_os_str(),
        ];
        let run = self.cli(name, &args);
        assert!(!out.exists(), "run created {}", out.display());
        assert_eq!(run, self.check(name));
    }

    /// Runs the binary with `args` and checks exit code 2 and the error text.
    fn cli(&self, name: &str, args: &[&OsStr]) -> String {
        let (line, col) = self.pos;
        let mut assert = Command::cargo_bin("staffmix")
            .expect("binary")
            .args(args)
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(format!(
                "{name}.toml:{line}:{col}\n"
            )))
            .stderr(predicate::str::contains("\n  = help: "))
            .stderr(predicate::str::contains("panicked").not());
        if let Some(key) = self.key {
            assert = assert.stderr(predicate::str::contains(format!("error: {key}: ")));
        }
        for fragment in &self.says {
            assert = assert.stderr(predicate::str::contains(*fragment));
        }
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
        // The path differs between runs (each writes its own temp dir).
        stderr.replace(
            &args[1].to_string_lossy().into_owned(),
            &format!("{name}.toml"),
        )
    }
}

// ---------------------------------------------------------------------------
// One test per kind of mistake.

#[test]
fn toml_syntax_error() {
    // The unterminated string ends at the end of line 1.
    bad(edit("horizon = \"2d\"", "horizon = \"2d"))
        .at("\nreplications")
        .says("invalid TOML")
        .check_run("syntax");
}

#[test]
fn duplicate_key() {
    bad(prepend("horizon = \"3d\"\n"))
        .at_last("horizon")
        .says("duplicate key")
        .says("only once")
        .check("duplicate");
}

#[test]
fn empty_file() {
    bad("")
        .says("the scenario file is empty")
        .says("staffmix init")
        .check("empty");
}

#[test]
fn comments_only_file() {
    bad("# nothing yet\n\n").says("empty").check("comments");
}

#[test]
fn unknown_top_level_key() {
    bad(prepend("colour = \"blue\"\n"))
        .at("colour")
        .key("colour")
        .says("unknown field `colour`, expected one of `name`")
        .check_run("top_level");
}

#[test]
fn unknown_key_in_channel() {
    bad(edit("volume_per_hour", "volume_per_hr"))
        .at("volume_per_hr")
        .key("channels.chat.volume_per_hr")
        .says("help: did you mean `volume_per_hour`?")
        .check("channel_key");
}

#[test]
fn misspelled_channel_in_team_skills() {
    bad(edit("{ chat = 1.0 }", "{ chatt = 1.0 }"))
        .at("chatt")
        .key("teams.core.skills.chatt")
        .says("unknown channel \"chatt\" (did you mean \"chat\"?)")
        .says("channels defined: chat")
        .check("skills_typo");
}

#[test]
fn misspelled_channel_as_routing_key() {
    bad(append("\n[routing]\nchta = [\"core\"]\n"))
        .at("chta")
        .key("routing.chta")
        .says("did you mean \"chat\"?")
        .check("routing_key");
}

#[test]
fn misspelled_team_in_routing_list() {
    bad(append("\n[routing]\nchat = [\"cor\"]\n"))
        .at("\"cor\"")
        .key("routing.chat.0")
        .says("unknown team \"cor\" (did you mean \"core\"?)")
        .says("teams defined: core")
        .check("routing_team");
}

#[test]
fn negative_volume() {
    bad(edit("= 60", "= -5"))
        .at("-5")
        .key("channels.chat.volume_per_hour")
        .says("must be greater than 0 and at most 1000000, got -5")
        .check_run("negative_volume");
}

#[test]
fn zero_volume() {
    bad(edit("volume_per_hour = 60", "volume_per_day = 0"))
        .after("volume_per_day = ")
        .key("channels.chat.volume_per_day")
        .says("greater than 0")
        .check("zero_volume");
}

#[test]
fn two_volumes() {
    bad(edit(
        "volume_per_hour = 60",
        "volume_per_hour = 60\nvolume_per_day = 1440",
    ))
    .at("[channels.chat]")
    .key("channels.chat")
    .says("exactly one of volume_per_hour, volume_per_day or share (2 given)")
    .says("remove the others")
    .check("two_volumes");
}

#[test]
fn zero_handle_time_mean() {
    bad(edit("\"5m\"", "\"0s\""))
        .at("\"0s\"")
        .key("channels.chat.handle_time.mean")
        .says("positive duration, got 0s")
        .check("zero_mean");
}

#[test]
fn missing_handle_time() {
    bad(edit("handle_time = { mean = \"5m\" }\n", ""))
        .at("[channels.chat]")
        .key("channels.chat.handle_time")
        .says("missing required key `handle_time`")
        .says("handle_time = { dist")
        .check("no_handle_time");
}

#[test]
fn lognormal_without_cv() {
    bad(edit("{ mean", "{ dist = \"lognormal\", mean"))
        .at("{ dist")
        .key("channels.chat.handle_time")
        .says("need `cv`")
        .says("cv = 0.8")
        .check("lognormal");
}

#[test]
fn unknown_distribution() {
    bad(edit("{ mean", "{ dist = \"normal\", mean"))
        .at("\"normal\"")
        .key("channels.chat.handle_time.dist")
        .says("unknown variant `normal`, expected one of `exponential`")
        .check("unknown_dist");
}

#[test]
fn channel_shares_do_not_sum_to_one() {
    let text = BASE
        .replace("volume_per_hour = 60", "share = 0.5")
        .replace("chat = 1.0", "chat = 1.0, mail = 1.0")
        + "\n[demand]\ncustomers = 10000\ncontacts_per_customer_month = 0.5\n"
        + &MAIL.replace("volume_per_day = 100", "share = 0.3");
    bad(text)
        .after("share = ")
        .key("channels.chat.share")
        .says("shares must sum to 1, they sum to 0.8000 (chat 0.5, mail 0.3)")
        .check("shares");
}

#[test]
fn duration_with_words() {
    bad(edit("\"5m\"", "\"5 minutes\""))
        .at("\"5 minutes\"")
        .key("channels.chat.handle_time.mean")
        .says("expected a duration")
        .says("got \"5 minutes\"")
        .check("duration_words");
}

#[test]
fn duration_as_bare_number() {
    bad(edit("\"5m\"", "5"))
        .after("mean = ")
        .key("channels.chat.handle_time.mean")
        .says("invalid type: number 5, expected a duration")
        .says("needs a unit and quotes")
        .check("duration_number");
}

#[test]
fn surge_outside_horizon() {
    bad(append(
        "\n[[surges]]\nfrom = 2027-01-01\nto = 2027-01-02\nmultiplier = 2.0\n",
    ))
    .at("2027-01-01")
    .key("surges.0.from")
    .says("outside the simulated period 2026-01-05T00:00:00 – 2026-01-07T00:00:00")
    .check("surge_outside");
}

#[test]
fn surge_ends_before_it_starts() {
    bad(append(
        "\n[[surges]]\nfrom = 2026-01-06\nto = 2026-01-05\nmultiplier = 2.0\n",
    ))
    .at("2026-01-05")
    .key("surges.0.to")
    .says("ends (2026-01-05T00:00:00) before it starts (2026-01-06T00:00:00)")
    .check("surge_backwards");
}

#[test]
fn surge_date_in_quotes() {
    bad(append(
        "\n[[surges]]\nfrom = \"2026-01-06\"\nto = 2026-01-07\nmultiplier = 2.0\n",
    ))
    .at("\"2026-01-06\"")
    .key("surges.0.from")
    .says("expected a TOML date")
    .says("without quotes")
    .check("surge_quoted");
}

#[test]
fn surge_for_unknown_channel() {
    bad(append(
        "\n[[surges]]\nfrom = 2026-01-06\nto = 2026-01-07\nmultiplier = 2.0\nchannels = [\"chats\"]\n",
    ))
    .at("\"chats\"")
    .key("surges.0.channels.0")
    .says("unknown channel \"chats\" (did you mean \"chat\"?)")
    .check("surge_channel");
}

#[test]
fn team_without_schedule() {
    bad(edit("schedule = \"24/7\"\n", ""))
        .at("[teams.core]")
        .key("teams.core")
        .says("team \"core\" has no schedule")
        .check("no_schedule");
}

#[test]
fn team_with_schedule_and_shifts() {
    bad(append(
        "shifts = [{ start = \"08:00\", end = \"16:00\", agents = 3 }]\n",
    ))
    .after("shifts = ")
    .key("teams.core.shifts")
    .says("either `schedule`")
    .check("schedule_and_shifts");
}

#[test]
fn unknown_schedule_name() {
    bad(edit("\"24/7\"", "\"24x7\""))
        .at("\"24x7\"")
        .key("teams.core.schedule")
        .says("unknown schedule \"24x7\"")
        .check("schedule_name");
}

#[test]
fn misspelled_weekday_in_schedule_table() {
    let hours = "{ days = \"mon-fry\", start = \"08:00\", end = \"17:00\" }";
    bad(edit("\"24/7\"", hours))
        .at("\"mon-fry\"")
        .key("teams.core.schedule.days")
        .says("unknown weekday \"fry\"")
        .check("weekday");
}

// Channel opening hours (`hours`, `when_closed`).

/// [`BASE`]'s chat channel with `lines` added to its table.
fn chat_with(lines: &str) -> String {
    edit(
        "handle_time = { mean = \"5m\" }\n",
        &format!("handle_time = {{ mean = \"5m\" }}\n{lines}"),
    )
}

/// Chat open 08:00–20:00.
const CHAT_HOURS: &str = "hours = { start = \"08:00\", end = \"20:00\" }\n";

#[test]
fn channel_hours_without_when_closed() {
    bad(chat_with(CHAT_HOURS))
        .after("hours = ")
        .key("channels.chat.hours")
        .says("has opening hours but no `when_closed`")
        .says("when_closed = \"lost\"")
        .check("hours_no_rule");
}

#[test]
fn channel_hours_redirect_to_an_unknown_channel() {
    let text = format!(
        "{}{MAIL}",
        chat_with(&format!("{CHAT_HOURS}when_closed = \"mial\"\n"))
    );
    bad(text)
        .after("when_closed = ")
        .key("channels.chat.when_closed")
        .says("unknown channel \"mial\" (did you mean \"mail\"?)")
        .says("channels defined: chat, mail")
        .check("hours_unknown");
}

#[test]
fn channel_hours_redirect_to_itself() {
    bad(chat_with(&format!("{CHAT_HOURS}when_closed = \"chat\"\n")))
        .after("when_closed = ")
        .key("channels.chat.when_closed")
        .says("cannot move its contacts to itself")
        .check("hours_itself");
}

#[test]
fn channel_hours_redirect_in_a_circle_while_all_are_closed() {
    // Chat closes at 20:00 and sends its contacts to mail, which closes at 22:00 and
    // sends them back: from 22:00 both are closed.
    let mail = MAIL.to_string()
        + "hours = { start = \"09:00\", end = \"22:00\" }\nwhen_closed = \"chat\"\n";
    let text = format!(
        "{}{mail}",
        chat_with(&format!("{CHAT_HOURS}when_closed = \"mail\"\n"))
    );
    bad(text)
        .after("when_closed = ")
        .key("channels.chat.when_closed")
        .says("channels chat → mail → chat move closed-hours contacts round in a circle")
        .says("closed at Mon 2026-01-05 00:00")
        .check("hours_circle");
}

#[test]
fn channel_hours_redirect_in_a_circle_that_is_always_covered_is_valid() {
    // Mail is open whenever chat is closed: the circle never turns.
    let mail = MAIL.to_string()
        + "hours = [{ start = \"19:00\", end = \"09:00\" }]\nwhen_closed = \"chat\"\n";
    let text = format!(
        "{}{mail}",
        chat_with(&format!("{CHAT_HOURS}when_closed = \"mail\"\n"))
    );
    let text = text.replace(
        "skills = { chat = 1.0 }",
        "skills = { chat = 1.0, mail = 1.0 }",
    );
    scenario::parse("ok.toml", &text).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn channel_hours_unknown_name() {
    bad(chat_with("hours = \"nights\"\nwhen_closed = \"lost\"\n"))
        .at("\"nights\"")
        .key("channels.chat.hours")
        .says("unknown opening hours \"nights\"")
        .says("or a list of such tables")
        .check("hours_name");
}

#[test]
fn channel_hours_window_opening_and_closing_at_once() {
    let hours = "hours = [{ start = \"08:00\", end = \"20:00\" }, { days = \"sat\", start = \"10:00\", end = \"10:00\" }]\nwhen_closed = \"wait\"\n";
    bad(chat_with(hours))
        .at("{ days = \"sat\"")
        .key("channels.chat.hours.1")
        .says("start and end are the same time")
        .says("use hours = \"24/7\"")
        .check("hours_same");
}

#[test]
fn channel_hours_misspelled_weekday_in_a_list() {
    let hours = "hours = [{ days = \"mon-fry\", start = \"08:00\", end = \"20:00\" }]\nwhen_closed = \"wait\"\n";
    bad(chat_with(hours))
        .at("\"mon-fry\"")
        .key("channels.chat.hours.0.days")
        .says("unknown weekday \"fry\"")
        .check("hours_weekday");
}

#[test]
fn channel_hours_empty_list() {
    bad(chat_with("hours = []\nwhen_closed = \"lost\"\n"))
        .after("hours = ")
        .key("channels.chat.hours")
        .says("the list of opening hours is empty")
        .check("hours_empty");
}

#[test]
fn channel_hours_of_wrong_type() {
    bad(chat_with("hours = 8\nwhen_closed = \"lost\"\n"))
        .after("hours = ")
        .key("channels.chat.hours")
        .says("expected \"24/7\", \"business_hours\", a table")
        .check("hours_type");
}

#[test]
fn schedule_of_wrong_type() {
    bad(edit("\"24/7\"", "24"))
        .after("schedule = ")
        .key("teams.core.schedule")
        .says("expected \"24/7\", \"business_hours\" or a table")
        .check("schedule_type");
}

#[test]
fn shift_start_out_of_range() {
    let shifts = "shifts = [{ start = \"25:00\", end = \"16:00\", agents = 3 }]\n";
    bad(edit("agents = 5\nschedule = \"24/7\"\n", shifts))
        .at("\"25:00\"")
        .key("teams.core.shifts.0.start")
        .says("expected a time of day \"HH:MM\"")
        .says("got \"25:00\"")
        .check("shift_start");
}

#[test]
fn routing_lists_a_team_twice() {
    bad(append(
        "\n[routing]\nchat = [\"core\", { team = \"core\", after = \"30s\" }]\n",
    ))
    .at("{ team")
    .key("routing.chat.1")
    .says("appears twice")
    .check("routing_cycle");
}

#[test]
fn routing_to_a_team_without_the_skill() {
    let mailroom = "[teams.mailroom]\nkind = \"outsourced\"\nagents = 2\nschedule = \"24/7\"\n\
                    skills = { mail = 1.0 }\n\n[routing]\nchat = [\"core\", \"mailroom\"]\n";
    bad(append(&format!("{MAIL}{mailroom}")))
        .at_last("\"mailroom\"")
        .key("routing.chat.1")
        .says("team \"mailroom\" is routed chat contacts but has no chat skill")
        .says("add chat = 1.0 to teams.mailroom.skills")
        .check("routing_skill");
}

#[test]
fn routing_delay_with_bad_duration() {
    bad(append(
        "\n[routing]\nchat = [{ team = \"core\", after = \"30 s\" }]\n",
    ))
    .at("\"30 s\"")
    .key("routing.chat.0.after")
    .says("expected a duration")
    .check("routing_after");
}

#[test]
fn routing_step_with_unknown_key() {
    bad(append(
        "\n[routing]\nchat = [{ team = \"core\", delay = \"30s\" }]\n",
    ))
    .at("delay")
    .key("routing.chat.0.delay")
    .says("unknown field `delay`, expected `team` or `after`")
    .check("routing_step_key");
}

#[test]
fn routing_list_is_empty() {
    bad(append("\n[routing]\nchat = []\n"))
        .at("[]")
        .key("routing.chat")
        .says("lists no team")
        .check("routing_empty");
}

#[test]
fn no_channels() {
    let text = BASE.replace(
        "[channels.chat]\nvolume_per_hour = 60\nhandle_time = { mean = \"5m\" }\n",
        "",
    );
    bad(text)
        .key("channels")
        .says("the scenario has no channels")
        .check("no_channels");
}

#[test]
fn no_teams() {
    let text = &BASE[..BASE.find("[teams.core]").expect("team")];
    bad(text)
        .key("teams")
        .says("the scenario has no teams")
        .check("no_teams");
}

#[test]
fn channel_no_team_serves() {
    bad(append(MAIL))
        .at("[channels.mail]")
        .key("channels.mail")
        .says("no team serves channel \"mail\"")
        .says("skills = { mail = 1.0 }")
        .check("unserved");
}

#[test]
fn service_level_target_above_one() {
    let sl = "handle_time = { mean = \"5m\" }\nservice_level = { within = \"20s\", target = 80 }";
    bad(edit("handle_time = { mean = \"5m\" }", sl))
        .after("target = ")
        .key("channels.chat.service_level.target")
        .says("at most 1, got 80")
        .says("0.8 for 80 %")
        .check("sl_target");
}

#[test]
fn zero_concurrency() {
    bad(edit(
        "volume_per_hour = 60",
        "volume_per_hour = 60\nconcurrency = 0",
    ))
    .after("concurrency = ")
    .key("channels.chat.concurrency")
    .says("between 1 and 12")
    .check("concurrency");
}

#[test]
fn warmup_not_shorter_than_horizon() {
    bad(prepend("warmup = \"3d\"\n"))
        .after("warmup = ")
        .key("warmup")
        .says("warmup (3d) must be shorter than the horizon (2d)")
        .check("warmup");
}

#[test]
fn weekly_with_six_weights() {
    bad(append("\n[demand]\nweekly = [1, 1, 1, 1, 1, 1]\n"))
        .after("weekly = ")
        .key("demand.weekly")
        .says("7 weights (Monday to Sunday), got 6")
        .check("weekly");
}

#[test]
fn unknown_intraday_profile() {
    bad(append("\n[demand]\nintraday = \"ofice\"\n"))
        .after("intraday = ")
        .key("demand.intraday")
        .says("unknown intraday profile \"ofice\"")
        .says("office")
        .check("intraday_name");
}

#[test]
fn intraday_weight_that_is_not_a_number() {
    bad(append("\n[demand]\nintraday = [1.0, \"x\"]\n"))
        .at("\"x\"")
        .key("demand.intraday.1")
        .says("expected a number")
        .check("intraday_weight");
}

#[test]
fn shrinkage_of_one() {
    bad(append("shrinkage = 1.0\n"))
        .after("shrinkage = ")
        .key("teams.core.shrinkage")
        .says("below 1, got 1")
        .check("shrinkage");
}

#[test]
fn zero_proficiency() {
    bad(edit("chat = 1.0", "chat = 0"))
        .after("{ chat = ")
        .key("teams.core.skills.chat")
        .says("proficiency must be greater than 0")
        .check("proficiency");
}

#[test]
fn wrong_team_kind() {
    bad(edit("\"in_house\"", "\"inhouse\""))
        .at("\"inhouse\"")
        .key("teams.core.kind")
        .says("unknown variant `inhouse`, expected `in_house` or `outsourced`")
        .check("kind");
}

#[test]
fn zero_replications() {
    bad(edit("replications = 2", "replications = 0"))
        .after("replications = ")
        .key("replications")
        .says("at least 1")
        .check_run("zero_reps");
}

#[test]
fn negative_replications() {
    bad(edit("replications = 2", "replications = -1"))
        .after("replications = ")
        .key("replications")
        .says("expected a whole number, 0 or more")
        .check("negative_reps");
}

#[test]
fn start_with_utc_offset() {
    bad(prepend("start = 2026-01-05T08:00:00+01:00\n"))
        .after("start = ")
        .key("start")
        .says("offset")
        .says("2026-11-27T08:00:00")
        .check("start_offset");
}

#[test]
fn start_with_leap_second() {
    bad(prepend("start = 2026-01-05T23:59:60\n"))
        .after("start = ")
        .key("start")
        .says("leap seconds")
        .check("leap_second");
}

#[test]
fn start_as_time_of_day() {
    bad(prepend("start = 08:00:00\n"))
        .after("start = ")
        .key("start")
        .says("time of day alone")
        .check("start_time");
}

#[test]
fn huge_drain() {
    bad(prepend("drain = \"3651d\"\n"))
        .after("drain = ")
        .key("drain")
        .says("drain must be at most 3650d, got 3651d")
        .check("drain");
    // Only the drain is wrong: its 1.7 million intervals of 30 minutes are not
    // counted against the interval ceiling.
    let err = scenario::parse("t.toml", &prepend("drain = \"36000d\"\n")).expect_err("long");
    assert_eq!(err.0.len(), 1, "{err}");
}

#[test]
fn durations_longer_than_100_years() {
    // Anywhere a duration is written: no overflow, no 300-digit number.
    let says = "a duration of 1000000000 days is longer than 100 years (36525d)";
    bad(edit("\"2d\"", "\"1000000000d\""))
        .after("horizon = ")
        .key("horizon")
        .says(says)
        .check_run("horizon_huge");
    bad(prepend("warmup = \"1000000000d\"\n"))
        .after("warmup = ")
        .key("warmup")
        .says(says)
        .check("warmup_huge");
    let digits = format!("{}d", "9".repeat(300));
    bad(edit("\"5m\"", &format!("\"{digits}\"")))
        .after("mean = ")
        .key("channels.chat.handle_time.mean")
        .says("days is longer than 100 years")
        .check("mean_huge");
    // 100 years is accepted where a key allows it.
    let text = edit(
        "handle_time = { mean = \"5m\" }",
        "handle_time = { mean = \"5m\" }\npatience = { mean = \"36525d\" }",
    );
    scenario::parse("t.toml", &text).expect("100 years of patience");
}

#[test]
fn zero_horizon() {
    bad(edit("\"2d\"", "\"0s\""))
        .after("horizon = ")
        .key("horizon")
        .says("horizon must be longer than 0s, got 0s")
        .check("zero_horizon");
}

#[test]
fn missing_horizon() {
    bad(edit("horizon = \"2d\"\n", ""))
        .key("horizon")
        .says("missing required key `horizon`")
        .says("horizon = \"7d\" at the top of the file")
        .check("no_horizon");
}

#[test]
fn date_where_a_table_belongs() {
    bad(prepend("demand = 2026-01-05\n"))
        .after("demand = ")
        .key("demand")
        .says("date")
        .check("date_table");
}

#[test]
fn missing_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("nowhere.toml");
    Command::cargo_bin("staffmix")
        .expect("binary")
        .arg("validate")
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read scenario file"))
        .stderr(predicate::str::contains("nowhere.toml"))
        .stderr(predicate::str::contains("panicked").not());
}

// ---------------------------------------------------------------------------
// Plans, sweeps, time-varying headcount, baseline and targets.

/// A plan named "P" with `overrides`, after [`BASE`].
fn plan(overrides: &str) -> String {
    append(&format!("\n[[plans]]\nname = \"P\"\n{overrides}"))
}

#[test]
fn unknown_field_in_a_plan_override() {
    bad(plan("teams.core.agentz = 3\n"))
        .at("agentz")
        .key("plans.0.teams.core.agentz")
        .says("plan \"P\": unknown field `agentz`")
        .says("did you mean `agents`?")
        .check_run("plan_field");
}

#[test]
fn invalid_value_in_a_plan_override() {
    bad(plan("teams.core.shrinkage = 1.5\n"))
        .at("1.5")
        .key("plans.0.teams.core.shrinkage")
        .says("plan \"P\": shrinkage must be at least 0 and below 1, got 1.5")
        .check("plan_value");
}

#[test]
fn plan_overrides_the_horizon() {
    bad(plan("horizon = \"3d\"\n"))
        .at_last("horizon")
        .key("plans.0.horizon")
        .says("plan \"P\": `horizon` cannot be set in a plan")
        .says("common random numbers")
        .check("plan_horizon");
}

#[test]
fn duplicate_plan_name() {
    let text = format!(
        "{}[[plans]]\nname = \"P\"\nteams.core.agents = 7\n",
        plan("teams.core.agents = 6\n")
    );
    bad(text)
        .at_last("\"P\"")
        .key("plans.1.name")
        .says("two plans have this name (plans.0 and plans.1)")
        .check("plan_twice");
}

#[test]
fn plan_named_base() {
    bad(append(
        "\n[[plans]]\nname = \"base\"\nteams.core.agents = 6\n",
    ))
    .at("\"base\"")
    .key("plans.0.name")
    .says("\"base\" is the name of the base scenario")
    .check("plan_base");
}

#[test]
fn plan_without_a_name() {
    bad(append("\n[[plans]]\nteams.core.agents = 6\n"))
        .at("[[plans]]")
        .key("plans.0.name")
        .says("missing required key `name`")
        .check("plan_no_name");
}

#[test]
fn plan_routes_to_an_unknown_team() {
    bad(plan("routing.chat = [\"cor\"]\n"))
        .at("\"cor\"")
        .key("plans.0.routing.chat.0")
        .says("plan \"P\": unknown team \"cor\" (did you mean \"core\"?)")
        .check("plan_routing");
}

#[test]
fn plan_overrides_an_unknown_team() {
    bad(plan("teams.cor.agents = 6\n"))
        .at("cor.agents")
        .key("plans.0.teams.cor")
        .says("plan \"P\": unknown team \"cor\" (did you mean \"core\"?)")
        .check("plan_team");
}

#[test]
fn plan_adds_a_channel() {
    bad(plan("channels.chta.concurrency = 2\n"))
        .at("chta")
        .key("plans.0.channels.chta")
        .says("unknown channel \"chta\" (did you mean \"chat\"?)")
        .says("not add new ones")
        .check("plan_channel");
}

#[test]
fn sweep_over_a_path_that_does_not_exist() {
    bad(append("\n[sweep]\n\"teams.cor.agents\" = [4, 6]\n"))
        .at("\"teams.cor.agents\"")
        .key("sweep.\"teams.cor.agents\"")
        .says("there is no \"cor\" in teams (did you mean \"teams.core.agents\"?)")
        .check("sweep_path");
}

#[test]
fn sweep_over_a_field_the_base_does_not_set() {
    bad(append("\n[sweep]\n\"teams.core.shrinkage\" = [0.1, 0.2]\n"))
        .at("\"teams.core.shrinkage\"")
        .key("sweep.\"teams.core.shrinkage\"")
        .says("teams.core does not set `shrinkage`")
        .says("write `shrinkage` in [teams.core] first")
        .check("sweep_unset");
}

#[test]
fn sweep_over_a_text_field() {
    bad(append("\n[sweep]\n\"teams.core.kind\" = [1, 2]\n"))
        .at("\"teams.core.kind\"")
        .key("sweep.\"teams.core.kind\"")
        .says("holds text (\"in_house\"), not a number")
        .check("sweep_text");
}

#[test]
fn sweep_over_the_seed() {
    bad(append("\n[sweep]\n\"seed\" = [1, 2]\n"))
        .at("\"seed\"")
        .key("sweep.\"seed\"")
        .says("`seed` cannot be swept")
        .check("sweep_seed");
}

#[test]
fn sweep_step_not_positive() {
    bad(append(
        "\n[sweep]\n\"teams.core.agents\" = { from = 2, to = 8, step = 0 }\n",
    ))
    .after("step = ")
    .key("sweep.\"teams.core.agents\"")
    .says("step must be greater than 0, got 0")
    .check("sweep_step");
}

#[test]
fn sweep_grid_too_large() {
    let sweep = "\n[sweep]\n\"teams.core.agents\" = { from = 1, to = 50, step = 1 }\n\
                 \"channels.chat.volume_per_hour\" = { from = 10, to = 500, step = 10 }\n";
    bad(append(sweep))
        .at("[sweep]")
        .key("sweep")
        .says("the sweep grid has 2500 combinations (50 × 50), more than the 1000 plans")
        .check_run("sweep_large");
}

#[test]
fn sweep_value_that_fails_validation() {
    bad(append("\n[sweep]\n\"teams.core.agents\" = [4, -1, 6]\n"))
        .at("-1")
        .key("sweep.\"teams.core.agents\"")
        .says("sweep plan \"core.agents=-1\"")
        .says("expected a whole number, 0 or more")
        .check("sweep_invalid");
}

#[test]
fn overlapping_agent_periods() {
    let periods = "agents = [\n  { from = 2026-01-05, to = 2026-01-06T12:00:00, agents = 4 },\n  \
                   { from = 2026-01-06, to = 2026-01-07, agents = 6 },\n]";
    bad(edit("agents = 5", periods))
        .after("{ from = 2026-01-05, to = 2026-01-06T12:00:00, agents = 4 },\n  { from = ")
        .key("teams.core.agents.1.from")
        .says("headcount periods 0 and 1 overlap")
        .check("periods_overlap");
}

#[test]
fn agent_period_outside_the_simulated_period() {
    let periods = "agents = [{ from = 2026-02-01, to = 2026-02-02, agents = 4 }]";
    bad(edit("agents = 5", periods))
        .after("{ from = ")
        .key("teams.core.agents.0.from")
        .says("lies outside the simulated period")
        .check("periods_outside");
}

#[test]
fn agent_periods_on_a_shifts_team() {
    let shifts = "shifts = [{ start = \"08:00\", end = \"16:00\", agents = 5 }]\n\
                  agents = [{ from = 2026-01-05, to = 2026-01-06, agents = 8 }]";
    bad(edit("agents = 5\nschedule = \"24/7\"", shifts))
        .after("\nagents = ")
        .key("teams.core.agents")
        .says("headcount periods need a `schedule`")
        .check("periods_shifts");
}

#[test]
fn plan_agent_periods_on_a_shifts_team() {
    let shifts = "shifts = [{ start = \"08:00\", end = \"16:00\", agents = 5 }]";
    let text = edit("agents = 5\nschedule = \"24/7\"", shifts)
        + "\n[[plans]]\nname = \"P\"\nteams.core.agents = [{ from = 2026-01-05, to = 2026-01-06, agents = 8 }]\n";
    bad(text)
        .after("teams.core.agents = ")
        .key("plans.0.teams.core.agents")
        .says("plan \"P\": headcount periods need a `schedule`")
        .check("plan_periods_shifts");
}

#[test]
fn baseline_names_no_plan() {
    let text = prepend("baseline = \"Vendr\"\n")
        + "\n[[plans]]\nname = \"Vendor\"\nteams.core.agents = 6\n";
    bad(text)
        .after("baseline = ")
        .key("baseline")
        .says("baseline \"Vendr\" names no plan (did you mean \"Vendor\"?)")
        .check("baseline");
}

#[test]
fn targets_with_csat_as_a_percentage() {
    bad(append("\n[targets]\nmedian_wait = \"2m\"\ncsat = 85\n"))
        .after("csat = ")
        .key("targets.csat")
        .says("csat must be greater than 0 and at most 1, got 85")
        .check("targets_csat");
}

#[test]
fn quality_above_one() {
    bad(append("quality = 1.2\n"))
        .after("quality = ")
        .key("teams.core.quality")
        .says("quality must be")
        .check("quality");
}

#[test]
fn unknown_key_in_satisfaction() {
    bad(edit(
        "handle_time = { mean = \"5m\" }",
        "handle_time = { mean = \"5m\" }\nsatisfaction = { halflife = \"2m\" }",
    ))
    .at("halflife")
    .key("channels.chat.satisfaction.halflife")
    .says("unknown field `halflife`")
    .check("satisfaction_key");
}

#[test]
fn targets_confidence_above_one() {
    bad(append(
        "\n[targets]\nmedian_wait = \"2m\"\nconfidence = 1.5\n",
    ))
    .after("confidence = ")
    .key("targets.confidence")
    .says("confidence must be greater than 0 and less than 1, got 1.5")
    .check("targets_confidence");
}

#[test]
fn targets_for_an_unknown_channel() {
    bad(append("\n[targets.channels.chta]\nmedian_wait = \"2m\"\n"))
        .at("chta")
        .key("targets.channels.chta")
        .says("unknown channel \"chta\" (did you mean \"chat\"?)")
        .check("targets_channel");
}

#[test]
fn unknown_key_in_pooled_targets() {
    bad(append("\n[targets.pooled]\nservice_level = 0.8\n"))
        .at("service_level = 0.8")
        .key("targets.pooled.service_level")
        .says("unknown field `service_level`, expected one of `median_wait`, `asa`, `abandon_rate`")
        .check("targets_pooled_key");
}

#[test]
fn pooled_abandon_rate_as_a_percentage() {
    bad(append("\n[targets.pooled]\nabandon_rate = 5\n"))
        .after("abandon_rate = ")
        .key("targets.pooled.abandon_rate")
        .says("abandon_rate must be at least 0 and at most 1, got 5")
        .check("targets_pooled_abandon");
}

#[test]
fn a_channel_override_of_abandon_rate_as_a_percentage() {
    bad(append(
        "\n[targets]\nabandon_rate = 0.05\n[targets.channels.chat]\nabandon_rate = 5\n",
    ))
    .after("chat]\nabandon_rate = ")
    .key("targets.channels.chat.abandon_rate")
    .says("abandon_rate must be at least 0 and at most 1, got 5")
    .check("targets_channel_abandon");
}

#[test]
fn an_abandon_rate_every_channel_overrides_is_still_checked() {
    bad(append(
        "\n[targets]\nabandon_rate = 5\n[targets.channels.chat]\nabandon_rate = 0.1\n",
    ))
    .after("abandon_rate = ")
    .key("targets.abandon_rate")
    .says("abandon_rate must be at least 0 and at most 1, got 5")
    .check("targets_abandon_overridden");
}

#[test]
fn a_per_channel_abandon_rate_as_a_percentage_is_reported_once() {
    let two = edit(
        "skills = { chat = 1.0 }",
        "skills = { chat = 1.0, mail = 1.0 }",
    );
    let stderr = bad(format!("{two}{MAIL}\n[targets]\nabandon_rate = 5\n"))
        .after("abandon_rate = ")
        .key("targets.abandon_rate")
        .says("abandon_rate must be at least 0 and at most 1, got 5")
        .check("targets_abandon_once");
    assert_eq!(
        stderr.matches("abandon_rate must be").count(),
        1,
        "{stderr}"
    );
}

#[test]
fn targets_that_set_nothing() {
    bad(append("\n[targets]\nconfidence = 0.8\n"))
        .at("[targets]")
        .key("targets")
        .says("[targets] sets no target")
        .check("targets_empty");
}

/// A second team, `vendor`, for the cost cases.
const VENDOR: &str = "[teams.vendor]\nkind = \"outsourced\"\nagents = 2\nschedule = \"24/7\"\nskills = { chat = 1.0 }\n";

#[test]
fn price_on_an_in_house_team() {
    bad(append("price = { per_hour = 14.0 }\n"))
        .at("price")
        .key("teams.core.price")
        .says("applies to outsourced teams")
        .check("price_in_house");
}

#[test]
fn wage_on_an_outsourced_team() {
    bad(append(&format!(
        "wage = 20.0\n{VENDOR}wage = 12.0\nprice = {{ per_hour = 14.0 }}\n"
    )))
    .at("wage = 12.0")
    .key("teams.vendor.wage")
    .says("applies to in-house teams")
    .check("wage_outsourced");
}

#[test]
fn some_teams_priced_and_others_not() {
    bad(append(&format!("wage = 20.0\n{VENDOR}")))
        .at("[teams.vendor]")
        .key("teams.vendor")
        .says("has no cost while team \"core\" has one")
        .check("mixed_costs");
}

#[test]
fn price_with_both_forms() {
    bad(append(&format!(
        "wage = 20.0\n{VENDOR}price = {{ per_hour = 14.0, per_ticket = 3.0 }}\n"
    )))
    .at("{ per_hour = 14.0, per_ticket = 3.0 }")
    .key("teams.vendor.price")
    .says("exactly one of `per_hour` or `per_ticket`")
    .check("price_both");
}

#[test]
fn negative_wage() {
    bad(append("wage = -3\n"))
        .at("-3")
        .key("teams.core.wage")
        .says("wage must be")
        .check("negative_wage");
}

// ---------------------------------------------------------------------------
// Workforce, presets and tiers.

#[test]
fn preset_of_another_kind() {
    bad(edit(
        "kind = \"in_house\"",
        "preset = \"offshore_bpo\"\nkind = \"in_house\"",
    ))
    .after("kind = ")
    .key("teams.core.kind")
    .says("preset \"offshore_bpo\" describes a team of kind \"outsourced\", but the team's kind is \"in_house\"")
    .says("remove `kind` (the preset implies it)")
    .check("preset_kind");
}

#[test]
fn unknown_preset() {
    bad(edit("kind = \"in_house\"", "preset = \"offshore\""))
        .after("preset = ")
        .key("teams.core.preset")
        .says("unknown variant `offshore`")
        .says("`offshore_bpo`")
        .check("preset_name");
}

#[test]
fn team_without_kind_or_preset() {
    bad(edit("kind = \"in_house\"\n", ""))
        .at("[teams.core]")
        .key("teams.core")
        .says("team \"core\" has no `kind`")
        .says("preset = \"offshore_bpo\"")
        .check("no_kind");
}

#[test]
fn escalation_to_an_unknown_team() {
    bad(append("escalate_to = \"cor\"\n"))
        .after("escalate_to = ")
        .key("teams.core.escalate_to")
        .says("unknown team \"cor\" (did you mean \"core\"?)")
        .says("teams defined: core")
        .check("escalate_unknown");
}

#[test]
fn escalation_to_itself() {
    bad(append("escalate_to = \"core\"\n"))
        .after("escalate_to = ")
        .key("teams.core.escalate_to")
        .says("team \"core\" escalates to itself")
        .says("escalate to another team (tier 2)")
        .check("escalate_self");
}

#[test]
fn escalation_circle() {
    bad(append(&format!(
        "escalate_to = \"vendor\"\n{VENDOR}escalate_to = \"core\"\n"
    )))
    .after("escalate_to = ")
    .key("teams.core.escalate_to")
    .says("go round in a circle: core → vendor → core")
    .says("the last tier must not escalate")
    .check("escalate_circle");
}

#[test]
fn tier_2_team_without_the_skill() {
    let text = format!(
        "{}escalate_to = \"vendor\"\n{VENDOR}{MAIL}",
        edit("{ chat = 1.0 }", "{ chat = 1.0, mail = 1.0 }")
    );
    bad(text)
        .after("escalate_to = ")
        .key("teams.core.escalate_to")
        .says("team \"vendor\" cannot take escalated mail contacts: it has no such skill")
        .says("add the channels to teams.vendor.skills")
        .check("escalate_skill");
}

#[test]
fn resolution_for_a_channel_the_team_does_not_serve() {
    let vendor = VENDOR.replace("{ chat = 1.0 }", "{ chat = 1.0, mail = 1.0 }");
    bad(append(&format!(
        "resolution = {{ chat = 0.8, mail = 0.7 }}\n{vendor}{MAIL}"
    )))
    .at("mail = 0.7")
    .key("teams.core.resolution.mail")
    .says("team \"core\" does not serve channel \"mail\"")
    .says("list only channels in the team's `skills`")
    .check("resolution_unserved");
}

#[test]
fn resolution_table_that_leaves_out_a_channel() {
    let text = format!(
        "{}resolution = {{ chat = 0.8 }}\n{MAIL}",
        edit("{ chat = 1.0 }", "{ chat = 1.0, mail = 1.0 }")
    );
    bad(text)
        .after("resolution = ")
        .key("teams.core.resolution")
        .says("the resolution table of team \"core\" leaves out mail")
        .says("or one number for all")
        .check("resolution_missing");
}

#[test]
fn resolution_above_one() {
    bad(append("resolution = 75\n"))
        .after("resolution = ")
        .key("teams.core.resolution")
        .says("at most 1, got 75")
        .check("resolution_range");
}

#[test]
fn hiring_cost_on_an_outsourced_team() {
    bad(append(&format!(
        "wage = 20.0\n{VENDOR}price = {{ per_hour = 14.0 }}\nhiring_cost = 500\n"
    )))
    .at("hiring_cost")
    .key("teams.vendor.hiring_cost")
    .says("`hiring_cost` does not apply to a team of kind \"outsourced\"")
    .says("use `onboarding_fee`")
    .check("hiring_cost_vendor");
}

#[test]
fn onboarding_fee_on_an_in_house_team() {
    bad(append("wage = 20.0\nonboarding_fee = 300\n"))
        .at("onboarding_fee")
        .key("teams.core.onboarding_fee")
        .says("`onboarding_fee` does not apply to a team of kind \"in_house\"")
        .says("use `hiring_cost`")
        .check("onboarding_in_house");
}

#[test]
fn vendor_management_on_an_in_house_team() {
    bad(append(
        "wage = 20.0\nvendor_management = { hours_per_week = 10, wage = 40 }\n",
    ))
    .at("vendor_management")
    .key("teams.core.vendor_management")
    .says("`vendor_management` applies to outsourced teams")
    .check("vendor_management_in_house");
}

#[test]
fn hiring_cost_without_pay() {
    bad(append("hiring_cost = 4700\n"))
        .at("hiring_cost")
        .key("teams.core.hiring_cost")
        .says("team \"core\" has `hiring_cost` but no pay")
        .says("add wage = … (per hour), or remove `hiring_cost`")
        .check("hiring_cost_unpaid");
}

#[test]
fn escalation_priority_without_escalation() {
    bad(append("escalation_priority = 5\n"))
        .at("escalation_priority")
        .key("teams.core.escalation_priority")
        .says("`escalation_priority` needs `escalate_to`")
        .check("escalation_priority");
}

#[test]
fn escalations_above_the_highest_priority_there_is() {
    // Found by the fuzzer: "one above the highest channel priority" overflowed.
    let text = edit(
        "handle_time = { mean = \"5m\" }",
        "handle_time = { mean = \"5m\" }\npriority = 2147483647",
    ) + &format!("escalate_to = \"vendor\"\n{VENDOR}");
    let m = scenario::parse("t.toml", &text).unwrap_or_else(|e| panic!("{e}"));
    let escalation = m.teams[0].escalation.as_ref().expect("escalates");
    assert_eq!(escalation.priority, i32::MAX);
}

#[test]
fn attrition_out_of_range() {
    bad(append("attrition = 35\n"))
        .after("attrition = ")
        .key("teams.core.attrition")
        .says("attrition must be at least 0 and at most 20, got 35")
        .says("0.35 for 35 %")
        .check("attrition");
}

#[test]
fn training_longer_than_five_years() {
    bad(append("training = \"300w\"\n"))
        .after("training = ")
        .key("teams.core.training")
        .says("training must be between 0s and 5 years")
        .check("training");
}

#[test]
fn zero_new_hire_proficiency() {
    bad(append("new_hire_proficiency = 0\n"))
        .after("new_hire_proficiency = ")
        .key("teams.core.new_hire_proficiency")
        .says("new_hire_proficiency must be greater than 0 and at most 1, got 0")
        .check("new_hire_proficiency");
}

#[test]
fn repeat_probability_above_one() {
    bad(edit(
        "handle_time = { mean = \"5m\" }",
        "handle_time = { mean = \"5m\" }\nrepeat = { probability = 1.5, delay = { mean = \"1d\" } }",
    ))
    .after("probability = ")
    .key("channels.chat.repeat.probability")
    .says("probability must be at least 0 and at most 1, got 1.5")
    .check("repeat_probability");
}

// ---------------------------------------------------------------------------
// Ceilings (scenario::limits) and number traps: each refused with a located error,
// quickly, before anything is simulated.

use staffmix::scenario::limits;
use std::time::{Duration, Instant};

/// The longest any CLI call below may take: a ceiling is checked before work.
const QUICK: Duration = Duration::from_secs(60);

/// `staffmix ARGS`, killed after [`QUICK`].
fn staffmix(args: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("staffmix")
        .expect("binary")
        .args(args)
        .timeout(QUICK)
        .assert()
}

#[test]
fn subnormal_forecast_error() {
    bad(append("\n[demand]\nforecast_error = 5e-324\n"))
        .after("forecast_error = ")
        .key("demand.forecast_error")
        .says("forecast_error must be 0 or at least 0.000001, got 5e-324")
        .check_run("forecast_tiny");
}

#[test]
fn subnormal_forecast_error_in_the_engine_is_no_error() {
    // Past validation (a model built in code), a CV whose 1/cv² overflows is the
    // limit of no forecast error: the run matches forecast_error = 0 exactly.
    let mut m = scenario::parse("t.toml", BASE).expect("valid");
    let cfg = staffmix::runner::RunConfig {
        seed: 3,
        replications: 2,
    };
    let exact = staffmix::runner::run(&m, "base", cfg, |_| {}).expect("run");
    m.channels[0].forecast_error = 5e-324;
    let tiny = staffmix::runner::run(&m, "base", cfg, |_| {}).expect("run");
    assert_eq!(format!("{exact:?}"), format!("{tiny:?}"));
}

#[test]
fn tiny_and_huge_cv() {
    bad(edit(
        "{ mean = \"5m\" }",
        "{ dist = \"gamma\", mean = \"5m\", cv = 1e-300 }",
    ))
    .after("cv = ")
    .key("channels.chat.handle_time.cv")
    .says("cv must be between 0.000001 and 100, got 1e-300")
    .check("cv_tiny");
    bad(edit(
        "{ mean = \"5m\" }",
        "{ dist = \"lognormal\", mean = \"5m\", cv = 1e300 }",
    ))
    .after("cv = ")
    .key("channels.chat.handle_time.cv")
    .says("got 1e300")
    .check("cv_huge");
}

#[test]
fn headcount_ceiling() {
    bad(edit("agents = 5", "agents = 2147483647"))
        .after("agents = ")
        .key("teams.core.agents")
        .says("agents is 2147483647, above the limit of 100000")
        .check_run("agents_huge");
    let periods =
        "agents = [{ from = 2026-01-05, to = 2026-01-06, agents = 100001 }, { agents = 5 }]";
    bad(edit("agents = 5", periods))
        .at("100001")
        .key("teams.core.agents.0.agents")
        .says("above the limit of 100000")
        .check("agents_period");
    let shift = "shifts = [{ start = \"00:00\", end = \"12:00\", agents = 4000000000 }]";
    bad(edit("agents = 5\nschedule = \"24/7\"", shift))
        .at("4000000000")
        .key("teams.core.shifts.0.agents")
        .says("above the limit of 100000")
        .check("agents_shift");
    // Overlapping shifts add up.
    let shifts = "shifts = [{ start = \"00:00\", end = \"12:00\", agents = 60000 }, \
                  { start = \"06:00\", end = \"18:00\", agents = 60000 }]";
    bad(edit("agents = 5\nschedule = \"24/7\"", shifts))
        .after("shifts = ")
        .key("teams.core.shifts")
        .says("agents on duty at once is 120000")
        .check("agents_overlap");
}

#[test]
fn headcount_ceiling_in_plans_and_sweeps() {
    let err = scenario::parse_study(
        "t.toml",
        &append("\n[[plans]]\nname = \"huge\"\nteams.core.agents = 2147483647\n"),
    )
    .expect_err("over the ceiling");
    assert!(
        err.to_string().contains("above the limit of 100000"),
        "{err}"
    );
    let err = scenario::parse_study(
        "t.toml",
        &append("\n[sweep]\n\"teams.core.agents\" = [5, 2147483647]\n"),
    )
    .expect_err("over the ceiling");
    assert!(
        err.to_string().contains("above the limit of 100000"),
        "{err}"
    );
}

#[test]
fn plan_count_ceiling() {
    let plans: String = (0..limits::MAX_PLANS)
        .map(|i| format!("\n[[plans]]\nname = \"p{i}\"\n"))
        .collect();
    let started = Instant::now();
    bad(append(&plans))
        .at("[[plans]]")
        .key("plans")
        .says("plans (the base scenario and the [[plans]]) is 1001, above the limit of 1000")
        .check("plans_many");
    assert!(started.elapsed() < QUICK);
    // A sweep counts the base scenario and the [[plans]] too: 999 + 1 + 1 > 1000.
    let sweep = "\n[[plans]]\nname = \"p\"\n\n[sweep]\n\"teams.core.agents\" = { from = 1, to = 999, step = 1 }\n";
    bad(append(sweep))
        .at("[sweep]")
        .key("sweep")
        .says("more than the 1000 plans a study may have (with the base scenario and the [[plans]]: 2 more)")
        .check("sweep_plus_plans");
}

#[test]
fn interval_count_ceiling() {
    // 11 days at one second, and the day of drain: 1,036,800 intervals.
    bad(prepend("interval = \"1s\"\n").replace("\"2d\"", "\"11d\""))
        .after("interval = ")
        .key("interval")
        .says("horizon and drain span 1036800 reporting intervals, above the limit of 200000")
        .check_run("intervals");
}

#[test]
fn replication_ceiling() {
    bad(edit("replications = 2", "replications = 20000000"))
        .after("replications = ")
        .key("replications")
        .says("replications is 20000000, above the limit of 10000000")
        .check("reps_huge");
    let b = bad(BASE);
    let (_dir, path) = b.write("reps_flag");
    let path = path.to_str().expect("utf-8 path");
    staffmix(&[
        "run",
        path,
        "--reps",
        "1000000000",
        "--out",
        "/nonexistent/x",
    ])
    .code(2)
    .stderr(predicate::str::contains(
        "--reps must be between 1 and 10000000, got 1000000000",
    ));
}

/// `n` one-day surges, `overlap` of them at once on the same days.
fn surges(n: usize, overlap: usize) -> String {
    (0..n)
        .map(|i| {
            let day = 5 + (i / overlap) % 2;
            format!(
                "\n[[surges]]\nfrom = 2026-01-{day:02}\nto = 2026-01-{:02}\nmultiplier = 1.0\n",
                day + 1
            )
        })
        .collect()
}

#[test]
fn surge_count_ceiling_and_linear_validation() {
    // At the ceiling, validation is near-linear: 100,000 surges (half of them in
    // effect at once) take seconds, not the minutes a quadratic check took.
    let text = append(&surges(limits::MAX_SURGES, limits::MAX_SURGES / 2));
    let started = Instant::now();
    scenario::parse_study("t.toml", &text).expect("valid at the ceiling");
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
    bad(append(&surges(limits::MAX_SURGES + 1, 1)))
        .at("[[surges]]")
        .key("surges")
        .says("[[surges]] is 100001, above the limit of 100000")
        .check("surges_many");
}

#[test]
fn overlapping_surges_multiply() {
    // Two overlapping surges on day 2: ×2 and ×3 make ×6 there, ×2 and ×3 around it.
    let text = append(
        "\n[[surges]]\nfrom = 2026-01-05T12:00:00\nto = 2026-01-06T12:00:00\nmultiplier = 2.0\n\
         \n[[surges]]\nfrom = 2026-01-06T00:00:00\nto = 2026-01-07T00:00:00\nmultiplier = 3.0\n",
    );
    let m = scenario::parse("t.toml", &text).expect("valid");
    let rate = |t: f64| {
        let i = m.channels[0].rate.partition_point(|p| p.start_s <= t);
        m.channels[0].rate[i - 1].per_s * 3600.0
    };
    let per_h: Vec<f64> = [6.0, 18.0, 30.0, 42.0]
        .iter()
        .map(|h| rate(h * 3600.0))
        .collect();
    assert_eq!(per_h, [60.0, 120.0, 360.0, 180.0]);
}

#[test]
fn calendar_past_year_9999() {
    bad(prepend("start = 9999-12-30T00:00:00\n"))
        .after("start = ")
        .key("start")
        .says("runs past 9999-12-31")
        .check_run("year_10000");
}

#[test]
fn invalid_utf8_is_located() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("latin1.toml");
    let mut bytes = BASE.as_bytes().to_vec();
    // "# café" in Latin-1 on a line of its own after line 2: é is 0xe9.
    let at = BASE.find("\n\n").expect("blank line") + 1;
    bytes.splice(at..at, b"# caf\xe9\n".iter().copied());
    std::fs::write(&path, bytes).expect("write");
    let path = path.to_str().expect("utf-8 path");
    staffmix(&["validate", path])
        .code(2)
        .stderr(predicate::str::contains("latin1.toml:3:6\n"))
        .stderr(predicate::str::contains("not valid UTF-8: byte"))
        .stderr(predicate::str::contains("= help: save the file as UTF-8"));
}

#[test]
fn oversized_and_endless_files_are_refused_quickly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("big.toml");
    let mut text = BASE.to_string();
    text.push_str(&"#".repeat(limits::MAX_FILE_BYTES as usize));
    std::fs::write(&path, text).expect("write");
    let said = format!("larger than {} bytes", limits::MAX_FILE_BYTES);
    staffmix(&["validate", path.to_str().expect("utf-8 path")])
        .code(2)
        .stderr(predicate::str::contains(said.clone()));
    if std::path::Path::new("/dev/zero").exists() {
        staffmix(&["run", "/dev/zero"])
            .code(2)
            .stderr(predicate::str::contains(said));
    }
}

#[test]
fn nesting_past_the_parser_limit_is_located() {
    let depth = |n: usize| format!("x = {}{}\n{BASE}", "[".repeat(n), "]".repeat(n));
    let ok = scenario::parse("t.toml", &depth(limits::MAX_NESTING)).expect_err("unknown key x");
    assert!(!ok.to_string().contains("recurs"), "{ok}");
    bad(depth(limits::MAX_NESTING + 1))
        .at_offset(4 + limits::MAX_NESTING)
        .says("nest at most 80 levels deep")
        .check("deep");
}

#[test]
fn threads_are_capped_with_a_note() {
    let b = bad(BASE);
    let (dir, path) = b.write("threads");
    let out = dir.path().join("out");
    let (path, out) = (path.to_str().expect("path"), out.to_str().expect("path"));
    staffmix(&["run", path, "--threads", "99999999999", "--out", out])
        .success()
        .stderr(predicate::str::contains(
            "note: --threads 99999999999 is more than",
        ));
    staffmix(&["run", path, "--threads", "0", "--out", out])
        .code(2)
        .stderr(predicate::str::contains("--threads must be at least 1"));
}

#[test]
fn thread_cap_follows_cores_and_the_maximum() {
    assert_eq!(limits::threads(None, 8), Ok((8, None)));
    assert_eq!(limits::threads(Some(3), 8), Ok((3, None)));
    assert_eq!(limits::threads(Some(9), 8).map(|t| t.0), Ok(8));
    assert_eq!(
        limits::threads(None, 100_000).map(|t| t.0),
        Ok(limits::MAX_THREADS)
    );
    assert!(limits::threads(Some(0), 8).is_err());
}

#[test]
fn erlang_server_ceiling() {
    for args in [
        ["--agents", "4294967295", "--concurrency", "1"],
        ["--agents", "50000", "--concurrency", "3"],
    ] {
        let mut all = vec!["erlang", "--volume", "100", "--aht", "5m"];
        all.extend(args);
        staffmix(&all)
            .code(2)
            .stderr(predicate::str::contains("more than the 100000"));
    }
    // Concurrency has the ceiling of a channel's, searching or not.
    for agents in [&["--agents", "1"][..], &[]] {
        let mut all = vec!["erlang", "--volume", "100", "--aht", "5m"];
        all.extend(agents);
        all.extend(["--concurrency", "4294967295"]);
        staffmix(&all).code(2).stderr(predicate::str::contains(
            "--concurrency must be between 1 and 12 contacts per agent, got 4294967295",
        ));
    }
}

#[test]
fn nobody_can_serve_is_a_warning() {
    let b = bad(edit("agents = 5", "agents = 0"));
    let (dir, path) = b.write("idle");
    let out = dir.path().join("out");
    let (path, out) = (path.to_str().expect("path"), out.to_str().expect("path"));
    let said = "no agent can ever serve a contact";
    staffmix(&["validate", path])
        .success()
        .stdout(predicate::str::contains(said));
    staffmix(&["run", path, "--out", out])
        .success()
        .stderr(predicate::str::contains(said));
    // Shrinkage that rounds the only agent away is the same.
    let text = edit("agents = 5", "agents = 1\nshrinkage = 0.6");
    let study = scenario::parse_study("t.toml", &text).expect("valid");
    let warned = scenario::warnings("t.toml", &text, &study);
    assert!(warned[0].to_string().contains(said), "{}", warned[0]);
    let study = scenario::parse_study("t.toml", BASE).expect("valid");
    assert!(scenario::warnings("t.toml", BASE, &study).is_empty());
}

#[test]
fn profile_weights_out_of_range() {
    bad(append(
        "\n[demand]\nweekly = [1.7e308, 1.7e308, 1, 1, 1, 1, 1]\n",
    ))
    .after("weekly = ")
    .key("demand.weekly")
    .says("weekly weights must be 0 or between 0.000001 and 1000000, got 1.7e308")
    .check("weekly_huge");
    bad(append("\n[demand]\nintraday = [5e-324, 0, 1]\n"))
        .after("intraday = ")
        .key("demand.intraday")
        .says("intraday weights must be 0 or between 0.000001 and 1000000, got 5e-324")
        .check("intraday_tiny");
}

#[test]
fn too_many_channels() {
    // The engine's per-(team, channel) tables grow with teams × channels.
    let extra: String = (0..64)
        .map(|i| {
            format!("\n[channels.c{i}]\nvolume_per_hour = 1\nhandle_time = {{ mean = \"5m\" }}\n")
        })
        .collect();
    bad(append(&extra))
        .at("channels.chat]")
        .key("channels")
        .says("65 channels, above the limit of 64")
        .check_run("too_many_channels");
}
