//! Scalar value types of scenario files: durations, calendar dates, times of day,
//! sets of weekdays and distribution families, each read from its text form.

use std::borrow::Cow;
use std::fmt;

use jiff::civil::{Date, DateTime, Time};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};

use super::error::with_help;
use super::limits::MAX_DURATION_S;
use crate::model::{DAY_S, Num};

/// Visitor for a value written as TOML text and read with `parse`: a parse error
/// gets `help` as its fix, a bare number `number_help`; `expecting` names the value.
struct TextValue<T> {
    expecting: &'static str,
    help: &'static str,
    number_help: &'static str,
    parse: fn(&str) -> Result<T, String>,
}

impl<T> TextValue<T> {
    fn number<E: de::Error>(&self, v: impl fmt::Display) -> Result<T, E> {
        Err(E::custom(with_help(
            format!("invalid type: number {v}, expected {}", self.expecting),
            self.number_help,
        )))
    }
}

impl<T> de::Visitor<'_> for TextValue<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        (self.parse)(v).map_err(|m| E::custom(with_help(m, self.help)))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        self.number(v)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        self.number(v)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
        self.number(v)
    }
}

/// A duration written as text: `"30s"`, `"5m"`, `"4h"`, `"2d"`, `"2w"` or a sum
/// such as `"1h30m"`. Held in seconds.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Duration(pub f64);

impl Duration {
    /// Seconds.
    pub fn secs(self) -> f64 {
        self.0
    }

    /// Parses the text form.
    pub fn parse(text: &str) -> Result<Self, String> {
        let bad = || {
            format!(
                "expected a duration such as \"30s\", \"5m\", \"4h\", \"2d\" or \"2w\" \
                 (units s, m, h, d, w; parts may be combined as \"1h30m\"), got \"{text}\""
            )
        };
        let mut rest = text.trim();
        if rest.is_empty() {
            return Err(bad());
        }
        let mut total = 0.0;
        while !rest.is_empty() {
            let num_len = rest
                .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '_'))
                .ok_or_else(bad)?;
            let number: f64 = rest[..num_len]
                .replace('_', "")
                .parse()
                .map_err(|_| bad())?;
            rest = &rest[num_len..];
            let unit_len = rest
                .find(|c: char| !c.is_ascii_alphabetic())
                .unwrap_or(rest.len());
            let scale = match &rest[..unit_len] {
                "s" => 1.0,
                "m" | "min" => 60.0,
                "h" => 3600.0,
                "d" => 86_400.0,
                "w" => 604_800.0,
                _ => return Err(bad()),
            };
            total += number * scale;
            rest = rest[unit_len..].trim_start();
        }
        if total.is_finite() {
            Ok(Duration(total))
        } else {
            Err(bad())
        }
    }
}

impl fmt::Display for Duration {
    /// The text form, largest units first ("2d", "1h30m", "0.5s"); it parses back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0;
        if !(s.is_finite() && s > 0.0 && s.fract() == 0.0 && s < 1e15) {
            return write!(f, "{s}s");
        }
        let mut rest = s as u64;
        for (unit, size) in [("d", 86_400), ("h", 3600), ("m", 60), ("s", 1)] {
            if rest >= size {
                write!(f, "{}{unit}", rest / size)?;
                rest %= size;
            }
        }
        Ok(())
    }
}

impl<'de> Deserialize<'de> for Duration {
    /// The text form, at most [`MAX_DURATION_S`] long.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let duration = d.deserialize_any(TextValue {
            expecting: "a duration such as \"30s\", \"5m\", \"4h\", \"2d\" or \"2w\"",
            help: "write a number directly followed by a unit (s, m, h, d, w) in quotes, \
                       e.g. \"90s\", \"5m\" or \"1h30m\"",
            number_help: "a duration needs a unit and quotes: write e.g. \"300s\" or \"5m\"",
            parse: Duration::parse,
        })?;
        if duration.0 > MAX_DURATION_S {
            return Err(de::Error::custom(with_help(
                format!(
                    "a duration of {} days is longer than 100 years ({}), the longest staffmix accepts",
                    Num((duration.0 / DAY_S).round()),
                    Duration(MAX_DURATION_S)
                ),
                "check the number and the unit (s, m, h, d, w); horizon and drain may be at most 10 years (see \"Limits\" in docs/scenario.md)",
            )));
        }
        Ok(duration)
    }
}

impl JsonSchema for Duration {
    fn schema_name() -> Cow<'static, str> {
        "Duration".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": "^\\s*([0-9][0-9_]*(\\.[0-9]+)?(s|m|min|h|d|w)\\s*)+$",
            "description": "A duration: a number and a unit (s, m, h, d, w), e.g. \"30s\", \"5m\", \"1h30m\", \"2w\"."
        })
    }
}

/// A calendar point written as a TOML local date (`2026-11-27`, meaning its
/// midnight) or local date-time (`2026-11-27T08:00:00`). Times are local to the
/// support centre, so offsets are rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct When(pub DateTime);

impl<'de> Deserialize<'de> for When {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let dt = toml::value::Datetime::deserialize(d).map_err(|_| {
            de::Error::custom(with_help(
                "expected a TOML date such as 2026-11-27 or date-time such as 2026-11-27T08:00:00",
                "write the date without quotes, e.g. 2026-11-27 or 2026-11-27T08:00:00",
            ))
        })?;
        if dt.offset.is_some() {
            return Err(de::Error::custom(with_help(
                "expected a local date-time, got one with a UTC offset: times are local to the support centre",
                "remove the offset (`Z`, `+01:00`), e.g. 2026-11-27T08:00:00",
            )));
        }
        let Some(date) = dt.date else {
            return Err(de::Error::custom(with_help(
                "expected a date or date-time, got a time of day alone",
                "add the date, e.g. 2026-11-27T08:00:00",
            )));
        };
        let day = i16::try_from(date.year)
            .ok()
            .and_then(|y| Date::new(y, date.month as i8, date.day as i8).ok())
            .ok_or_else(|| {
                de::Error::custom(with_help(
                    format!("invalid date {date}"),
                    "use a calendar date, e.g. 2026-11-27",
                ))
            })?;
        let (h, m, s) = dt
            .time
            .map_or((0, 0, 0), |t| (t.hour, t.minute, t.second.unwrap_or(0)));
        let time = Time::new(h as i8, m as i8, s as i8, 0).map_err(|_| {
            de::Error::custom(with_help(
                format!(
                    "invalid time of day {h:02}:{m:02}:{s:02} (leap seconds are not supported)"
                ),
                "use seconds 00 to 59",
            ))
        })?;
        Ok(When(day.to_datetime(time)))
    }
}

impl JsonSchema for When {
    fn schema_name() -> Cow<'static, str> {
        "LocalDateOrDateTime".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "anyOf": [{ "format": "date" }, { "format": "partial-date-time" }],
            "description": "A TOML local date (2026-11-27, meaning midnight) or local date-time (2026-11-27T08:00:00), unquoted."
        })
    }
}

/// A time of day `"HH:MM"` (`"24:00"` allowed as an end), held in seconds after midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct TimeOfDay(pub u32);

impl TimeOfDay {
    /// Parses `"HH:MM"`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let bad = || {
            format!(
                "expected a time of day \"HH:MM\" between \"00:00\" and \"24:00\", got \"{text}\""
            )
        };
        let two_digits = |s: &str| {
            (s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse::<u32>().ok())
                .flatten()
        };
        let (h, m) = text.split_once(':').ok_or_else(bad)?;
        let (h, m) = (
            two_digits(h).ok_or_else(bad)?,
            two_digits(m).ok_or_else(bad)?,
        );
        if m >= 60 || h > 24 || (h == 24 && m > 0) {
            return Err(bad());
        }
        Ok(TimeOfDay(h * 3600 + m * 60))
    }
}

impl fmt::Display for TimeOfDay {
    /// The text form `"HH:MM"`; it parses back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 3600, self.0 % 3600 / 60)
    }
}

impl<'de> Deserialize<'de> for TimeOfDay {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TextValue {
            expecting: "a time of day \"HH:MM\"",
            help: "write two-digit hours and minutes in quotes, e.g. \"08:00\" or \"17:30\" \
                       (\"24:00\" is the end of the day)",
            number_help: "write the time in quotes with minutes, e.g. \"08:00\"",
            parse: TimeOfDay::parse,
        })
    }
}

impl JsonSchema for TimeOfDay {
    fn schema_name() -> Cow<'static, str> {
        "TimeOfDay".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$",
            "description": "A time of day \"HH:MM\"; \"24:00\" is the end of the day."
        })
    }
}

/// A set of weekdays: `"mon-fri"`, `"sat,sun"`, `"mon,wed-fri"`, `"all"`.
/// Index 0 is Monday.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Weekdays(pub [bool; 7]);

const DAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

impl Weekdays {
    /// Every day of the week.
    pub const ALL: Weekdays = Weekdays([true; 7]);

    /// Parses the text form.
    pub fn parse(text: &str) -> Result<Self, String> {
        let bad = |part: &str| {
            format!(
                "unknown weekday \"{part}\" in \"{text}\": use mon, tue, wed, thu, fri, sat, sun, \
                 ranges such as \"mon-fri\", lists such as \"sat,sun\", or \"all\""
            )
        };
        let lower = text.trim().to_ascii_lowercase();
        if lower == "all" || lower == "daily" {
            return Ok(Weekdays::ALL);
        }
        let day = |s: &str| {
            DAY_NAMES
                .iter()
                .position(|d| *d == s.trim())
                .ok_or_else(|| bad(s))
        };
        let mut days = [false; 7];
        for part in lower.split(',') {
            match part.split_once('-') {
                Some((a, b)) => {
                    let (a, b) = (day(a)?, day(b)?);
                    let mut i = a;
                    loop {
                        days[i] = true;
                        if i == b {
                            break;
                        }
                        i = (i + 1) % 7;
                    }
                }
                None => days[day(part)?] = true,
            }
        }
        Ok(Weekdays(days))
    }
}

impl fmt::Display for Weekdays {
    /// The text form: `"all"`, or the day names joined by commas (`"mon,tue"`); it
    /// parses back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if *self == Weekdays::ALL {
            return f.write_str("all");
        }
        let names: Vec<&str> = DAY_NAMES
            .iter()
            .zip(self.0)
            .filter_map(|(name, on)| on.then_some(*name))
            .collect();
        f.write_str(&names.join(","))
    }
}

impl<'de> Deserialize<'de> for Weekdays {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TextValue {
            expecting: "weekdays such as \"mon-fri\"",
            help: "write e.g. days = \"mon-fri\", \"sat,sun\" or \"all\"",
            number_help: "name the days in quotes, e.g. \"mon-fri\"",
            parse: Weekdays::parse,
        })
    }
}

impl JsonSchema for Weekdays {
    fn schema_name() -> Cow<'static, str> {
        "Weekdays".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "description": "Weekdays: \"mon-fri\", \"sat,sun\", \"mon,wed-fri\" or \"all\"."
        })
    }
}

/// Which family a duration distribution belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DistKind {
    /// Exponential with `mean` (memoryless; the textbook assumption).
    Exponential,
    /// Lognormal with `mean` and `cv` (what call-centre data show; Brown et al. 2005).
    Lognormal,
    /// Gamma with `mean` and `cv`.
    Gamma,
    /// Always `mean`.
    Fixed,
    /// Uniform choice among measured `values`.
    Empirical,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(Duration::parse("30s").unwrap().0, 30.0);
        assert_eq!(Duration::parse("5m").unwrap().0, 300.0);
        assert_eq!(Duration::parse("4h").unwrap().0, 14_400.0);
        assert_eq!(Duration::parse("2w").unwrap().0, 1_209_600.0);
        assert_eq!(Duration::parse("1h30m").unwrap().0, 5400.0);
        assert_eq!(Duration::parse("1.5h").unwrap().0, 5400.0);
        assert_eq!(Duration::parse("0s").unwrap().0, 0.0);
        for (secs, text) in [
            (0.0, "0s"),
            (172_800.0, "2d"),
            (5400.0, "1h30m"),
            (0.5, "0.5s"),
        ] {
            assert_eq!(Duration(secs).to_string(), text);
            assert_eq!(Duration::parse(text).unwrap().0, secs);
        }
        for bad in ["", "5", "5 minutes", "m5", "-5m", "5y", "1h30"] {
            assert!(Duration::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn times_and_days() {
        assert_eq!(TimeOfDay::parse("08:30").unwrap().0, 30_600);
        assert_eq!(TimeOfDay::parse("24:00").unwrap().0, 86_400);
        for bad in [
            "25:00", "8:30", "08:60", "24:01", "noon", "+1:00", "0:000", "08:5",
        ] {
            assert!(TimeOfDay::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            Weekdays::parse("mon-fri").unwrap().0,
            [true, true, true, true, true, false, false]
        );
        assert_eq!(
            Weekdays::parse("sat,sun").unwrap().0,
            [false, false, false, false, false, true, true]
        );
        assert_eq!(
            Weekdays::parse("fri-mon").unwrap().0,
            [true, false, false, false, true, true, true]
        );
        assert!(Weekdays::parse("mon-fry").is_err());
        for text in ["all", "mon,tue,wed,thu,fri", "sat,sun"] {
            assert_eq!(Weekdays::parse(text).unwrap().to_string(), text);
        }
        for text in ["00:00", "06:00", "17:30", "24:00"] {
            assert_eq!(TimeOfDay::parse(text).unwrap().to_string(), text);
        }
    }
}
