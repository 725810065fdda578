//! Scalar value types of scenario files: durations, calendar dates, times of day
//! and sets of weekdays, each parsed from the planner-friendly text form.

use std::borrow::Cow;
use std::fmt;

use jiff::civil::{Date, DateTime};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserialize, Deserializer};

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
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} s", self.0)
    }
}

impl<'de> Deserialize<'de> for Duration {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = Duration;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a duration string such as \"30s\", \"5m\", \"4h\", \"2d\" or \"2w\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Duration, E> {
                Duration::parse(v).map_err(E::custom)
            }
        }
        d.deserialize_any(V)
    }
}

impl JsonSchema for Duration {
    fn schema_name() -> Cow<'static, str> {
        "Duration".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": "^\\s*([0-9][0-9_]*(\\.[0-9]+)?\\s*(s|m|min|h|d|w)\\s*)+$",
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
            de::Error::custom(
                "expected a TOML date such as 2026-11-27 or date-time such as 2026-11-27T08:00:00 (no quotes)",
            )
        })?;
        if dt.offset.is_some() {
            return Err(de::Error::custom(
                "use a local date-time without offset (e.g. 2026-11-27T08:00:00): times are local to the support centre",
            ));
        }
        let Some(date) = dt.date else {
            return Err(de::Error::custom(
                "a time of day alone is not a date: write e.g. 2026-11-27T08:00:00",
            ));
        };
        let day = Date::new(date.year as i16, date.month as i8, date.day as i8)
            .map_err(de::Error::custom)?;
        let (h, m, s) = dt
            .time
            .map_or((0, 0, 0), |t| (t.hour, t.minute, t.second.unwrap_or(0)));
        let dt = day.at(h as i8, m as i8, s as i8, 0);
        Ok(When(dt))
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
        let (h, m) = text.split_once(':').ok_or_else(bad)?;
        let (h, m): (u32, u32) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
        if m >= 60 || h > 24 || (h == 24 && m > 0) || text.len() != 5 {
            return Err(bad());
        }
        Ok(TimeOfDay(h * 3600 + m * 60))
    }
}

impl<'de> Deserialize<'de> for TimeOfDay {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        TimeOfDay::parse(&s).map_err(de::Error::custom)
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

impl<'de> Deserialize<'de> for Weekdays {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Weekdays::parse(&s).map_err(de::Error::custom)
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
        for bad in ["", "5", "5 minutes", "m5", "-5m", "5y", "1h30"] {
            assert!(Duration::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn times_and_days() {
        assert_eq!(TimeOfDay::parse("08:30").unwrap().0, 30_600);
        assert_eq!(TimeOfDay::parse("24:00").unwrap().0, 86_400);
        for bad in ["25:00", "8:30", "08:60", "24:01", "noon"] {
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
    }
}
