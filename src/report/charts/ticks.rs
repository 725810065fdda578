//! Tick positions and labels planners read: calendar dates and hours on time axes,
//! round durations on logarithmic wait axes.

use std::ops::Range;

use jiff::SignedDuration;
use jiff::civil::DateTime;
use plotters::coord::ranged1d::{KeyPointHint, NoDefaultFormatting, Ranged, ValueFormatter};

use super::style;

/// A numeric axis with hand-picked ticks, each with its label (dates, durations,
/// plan names), where plotters would pick round numbers.
#[derive(Debug, Clone)]
pub(super) struct Ticked {
    range: Range<f64>,
    ticks: Vec<(f64, String)>,
}

impl Ticked {
    /// An axis over `range` with labelled `ticks`.
    pub(super) fn new(range: Range<f64>, ticks: Vec<(f64, String)>) -> Self {
        Ticked { range, ticks }
    }
}

impl Ranged for Ticked {
    type FormatOption = NoDefaultFormatting;
    type ValueType = f64;

    fn map(&self, v: &f64, limit: (i32, i32)) -> i32 {
        let span = self.range.end - self.range.start;
        if span <= 0.0 {
            return (limit.0 + limit.1) / 2;
        }
        let share = (v - self.range.start) / span;
        limit.0 + (f64::from(limit.1 - limit.0) * share + 1e-3).floor() as i32
    }

    fn key_points<H: KeyPointHint>(&self, hint: H) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.iter().map(|(x, _)| *x).collect()
        }
    }

    fn range(&self) -> Range<f64> {
        self.range.clone()
    }
}

impl ValueFormatter<f64> for Ticked {
    fn format_ext(&self, value: &f64) -> String {
        self.ticks
            .iter()
            .find(|(x, _)| (x - value).abs() < 1e-9)
            .map_or_else(String::new, |(_, label)| label.clone())
    }
}

/// Most labelled ticks on a time axis.
const MAX_TIME_TICKS: f64 = 15.0;

/// Ticks of a time axis in hours from `start` over `[0, span_h]`: hours within a
/// short span, midnights over a few weeks, Mondays beyond. Each tick comes with
/// its label.
pub(super) fn calendar(start: DateTime, span_h: f64) -> Vec<(f64, String)> {
    let at = |h: f64| {
        start
            .checked_add(SignedDuration::from_secs((h * 3600.0).round() as i64))
            .unwrap_or(start)
    };
    let start_h = f64::from(start.hour()) + f64::from(start.minute()) / 60.0;
    // Hours from start to the first midnight at or after it.
    let first_midnight = (24.0 - start_h).rem_euclid(24.0);
    let (first, step_h) = if span_h <= 3.0 * 24.0 {
        let step = [1.0, 2.0, 3.0, 6.0, 12.0]
            .into_iter()
            .find(|s| span_h / s <= MAX_TIME_TICKS)
            .unwrap_or(12.0);
        ((step - start_h.rem_euclid(step)).rem_euclid(step), step)
    } else {
        let days = [1.0, 2.0, 7.0, 14.0, 28.0, 56.0, 91.0]
            .into_iter()
            .find(|d| span_h / 24.0 / d <= MAX_TIME_TICKS)
            .unwrap_or(91.0);
        let first = if days >= 7.0 {
            // Weekly ticks fall on Mondays.
            let wd = at(first_midnight).weekday();
            let to_monday = (7 - wd.to_monday_zero_offset()) % 7;
            first_midnight + 24.0 * f64::from(to_monday)
        } else {
            first_midnight
        };
        (first, 24.0 * days)
    };
    let daily = step_h == 24.0;
    let mut ticks = Vec::new();
    let mut h = first;
    while h <= span_h + 1e-9 {
        let t = at(h);
        let label = if step_h < 24.0 && (t.hour(), t.minute()) != (0, 0) {
            t.strftime("%H:%M").to_string()
        } else if daily || step_h < 24.0 {
            t.strftime("%a %-d %b").to_string()
        } else {
            t.strftime("%-d %b").to_string()
        };
        ticks.push((h, label));
        h += step_h;
    }
    ticks
}

/// Round durations for a logarithmic wait axis, in seconds.
const ROUND_DURATIONS: [f64; 22] = [
    1.0,
    2.0,
    5.0,
    10.0,
    20.0,
    30.0,
    60.0,
    120.0,
    300.0,
    600.0,
    900.0,
    1800.0,
    3600.0,
    7200.0,
    14_400.0,
    28_800.0,
    43_200.0,
    86_400.0,
    172_800.0,
    345_600.0,
    604_800.0,
    1_209_600.0,
];

/// Ticks of a log10-seconds axis from 1 s to `max_s`: round durations at least
/// ~1/8 of the axis apart, with their labels.
pub(super) fn log_durations(max_s: f64) -> Vec<(f64, String)> {
    let span = max_s.max(10.0).log10();
    let mut out: Vec<(f64, String)> = Vec::new();
    for s in ROUND_DURATIONS.into_iter().filter(|&s| s <= max_s * 1.0001) {
        let x = s.log10();
        if out.last().is_none_or(|(last, _)| x - last >= span / 8.0) {
            out.push((x, style::duration(s)));
        }
    }
    out
}

/// The smallest round duration at least `s` (the end of a wait axis).
pub(super) fn round_up_duration(s: f64) -> f64 {
    ROUND_DURATIONS
        .into_iter()
        .find(|&d| d >= s)
        .unwrap_or(ROUND_DURATIONS[ROUND_DURATIONS.len() - 1])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(t: &[(f64, String)]) -> Vec<&str> {
        t.iter().map(|(_, l)| l.as_str()).collect()
    }

    #[test]
    fn a_fortnight_is_labelled_by_day() {
        let start: DateTime = "2026-11-23T00:00".parse().unwrap();
        let t = calendar(start, 14.0 * 24.0);
        assert_eq!(t.len(), 15);
        assert_eq!(t[0], (0.0, "Mon 23 Nov".to_string()));
        assert_eq!(t[4].1, "Fri 27 Nov");
    }

    #[test]
    fn a_day_is_labelled_by_hour_from_an_odd_start() {
        let start: DateTime = "2026-03-02T07:30".parse().unwrap();
        let t = calendar(start, 24.0);
        assert_eq!(t[0].0, 0.5);
        assert_eq!(labels(&t)[..3], ["08:00", "10:00", "12:00"]);
        assert!(labels(&t).contains(&"Tue 3 Mar"));
    }

    #[test]
    fn a_quarter_is_labelled_by_monday() {
        let start: DateTime = "2026-01-01T00:00".parse().unwrap(); // a Thursday
        let t = calendar(start, 90.0 * 24.0);
        assert_eq!(t[0], (4.0 * 24.0, "5 Jan".to_string()));
        assert!(t.len() <= 15);
    }

    #[test]
    fn log_ticks_are_round_and_spread() {
        let t = log_durations(3600.0);
        assert_eq!(labels(&t).first(), Some(&"1 s"));
        assert_eq!(labels(&t).last(), Some(&"1 h"));
        assert!(t.len() <= 9);
        assert_eq!(round_up_duration(700.0), 900.0);
    }
}
