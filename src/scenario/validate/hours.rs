//! `[channels.NAME]` `hours` and `when_closed`: when each channel is open, and what
//! becomes of a contact that arrives while it is closed.

use super::calendar::Calendar;
use super::opening::{self, Opening, Window};
use crate::model::{Channel, Hours, OpenPeriod, WhenClosed};
use crate::scenario::diagnostics::{Ctx, defined, suggest};
use crate::scenario::raw::{RawOpenHours, RawScenario};

/// What a channel's `hours` may be, for the fix of a mistake.
const FORMS: &str = "\"24/7\", \"business_hours\", { days = \"mon-fri\", start = \"07:00\", \
                     end = \"23:00\" } or a list of such tables";

/// Sets the opening hours of `channels` (in the order of `raw.channels`) laid out
/// over `[0, end)`; then rejects redirects that could send a contact round in a
/// circle. A channel open all the time gets no [`Hours`].
pub(super) fn hours(
    cx: &mut Ctx,
    raw: &RawScenario,
    channels: &mut [Channel],
    cal: &Calendar,
    end: u64,
) {
    let names: Vec<&str> = raw.channels.keys().map(String::as_str).collect();
    for ((name, ch), channel) in raw.channels.iter().zip(channels.iter_mut()) {
        let at = |k: &'static str| ["channels", name.as_str(), k];
        let Some(windows) = windows(cx, name, ch.hours.as_ref()) else {
            continue;
        };
        let open = open_periods(&windows, cal, end);
        if open.len() == 1 && open[0].from_s == 0.0 && open[0].to_s >= end as f64 {
            continue;
        }
        let when_closed = match ch.when_closed.as_deref() {
            None => {
                cx.err(
                    &at("hours"),
                    format!("channel \"{name}\" has opening hours but no `when_closed`"),
                    "say what becomes of contacts that arrive while it is closed: when_closed = \
                     \"lost\" (the customer gives up), \"wait\" (offered at the next opening) or \
                     the name of a channel they move to, e.g. \"email\"",
                );
                continue;
            }
            Some("lost") => WhenClosed::Lost,
            Some("wait") => WhenClosed::Wait,
            Some(other) if other == name => {
                cx.err(
                    &at("when_closed"),
                    format!(
                        "channel \"{name}\" cannot move its contacts to itself while it is closed"
                    ),
                    "use \"lost\", \"wait\" or the name of another channel",
                );
                continue;
            }
            Some(other) => match names.iter().position(|n| *n == other) {
                Some(c) => WhenClosed::Redirect(c),
                None => {
                    cx.err(
                        &at("when_closed"),
                        format!(
                            "unknown channel \"{other}\"{}: when_closed is \"lost\", \"wait\" or a channel",
                            suggest(other, &names)
                        ),
                        defined("channel", &names),
                    );
                    continue;
                }
            },
        };
        channel.hours = Some(Hours { open, when_closed });
    }
    circles(cx, channels, cal, end);
}

/// The windows of `hours` as written for channel `name`; `None` for a channel that is
/// always open or after a problem.
fn windows(cx: &mut Ctx, name: &str, hours: Option<&RawOpenHours>) -> Option<Vec<Window>> {
    let path = ["channels", name, "hours"];
    let list: Vec<(Window, String)> = match hours? {
        RawOpenHours::Named(n) => {
            return match opening::named(cx, &path, n, "opening hours", FORMS)? {
                Opening::Always => None,
                Opening::Windows(w) => Some(w),
            };
        }
        RawOpenHours::Window(h) => vec![(Window::of(h), String::new())],
        RawOpenHours::Windows(list) if list.is_empty() => {
            cx.err(
                &path,
                "the list of opening hours is empty",
                format!("use {FORMS}; a channel that never closes needs no hours"),
            );
            return None;
        }
        RawOpenHours::Windows(list) => list
            .iter()
            .enumerate()
            .map(|(i, h)| (Window::of(h), i.to_string()))
            .collect(),
    };
    let mut ok = true;
    for (w, idx) in &list {
        let at: Vec<&str> = path
            .iter()
            .copied()
            .chain([idx.as_str()])
            .filter(|s| !s.is_empty())
            .collect();
        ok &= w.check(cx, &at, "hours");
    }
    ok.then(|| list.into_iter().map(|(w, _)| w).collect())
}

/// The periods during which any of `windows` is open, over `[0, end)`.
fn open_periods(windows: &[Window], cal: &Calendar, end: u64) -> Vec<OpenPeriod> {
    let counted: Vec<(Window, u32)> = windows.iter().map(|w| (*w, 1)).collect();
    let steps = opening::lay_out(&counted, cal, end);
    let mut out: Vec<OpenPeriod> = Vec::new();
    for s in steps {
        let t = s.at_s as f64;
        match out.last_mut() {
            Some(p) if p.to_s.is_infinite() && s.agents == 0 => p.to_s = t,
            Some(p) if p.to_s.is_finite() && s.agents > 0 => out.push(OpenPeriod {
                from_s: t,
                to_s: f64::INFINITY,
            }),
            None if s.agents > 0 => out.push(OpenPeriod {
                from_s: t,
                to_s: f64::INFINITY,
            }),
            _ => {}
        }
    }
    if let Some(p) = out.last_mut()
        && p.to_s.is_infinite()
    {
        p.to_s = end as f64;
    }
    out
}

/// Rejects channels that move their contacts round in a circle (phone → email →
/// phone) at a time when every channel of the circle is closed: such a contact would
/// never be offered anywhere.
fn circles(cx: &mut Ctx, channels: &[Channel], cal: &Calendar, end: u64) {
    let next = |c: usize| match channels[c].hours.as_ref()?.when_closed {
        WhenClosed::Redirect(d) => Some(d),
        _ => None,
    };
    let mut reported = vec![false; channels.len()];
    for start in 0..channels.len() {
        // Follow the redirects from `start`; a circle comes back to a channel seen.
        let mut path = vec![start];
        let mut c = start;
        while let Some(d) = next(c) {
            if let Some(i) = path.iter().position(|&p| p == d) {
                let circle = &path[i..];
                if circle.iter().all(|&k| !reported[k]) {
                    for &k in circle {
                        reported[k] = true;
                    }
                    if let Some(t) = first_all_closed(channels, circle, end) {
                        report_circle(cx, channels, circle, cal, t);
                    }
                }
                break;
            }
            path.push(d);
            c = d;
        }
    }
}

/// The first time in `[0, end)` when every channel of `circle` is closed.
fn first_all_closed(channels: &[Channel], circle: &[usize], end: u64) -> Option<f64> {
    let mut open: Vec<OpenPeriod> = circle
        .iter()
        .filter_map(|&c| channels[c].hours.as_ref())
        .flat_map(|h| h.open.iter().copied())
        .collect();
    open.sort_by(|a, b| a.from_s.total_cmp(&b.from_s));
    let mut covered = 0.0;
    for p in open {
        if p.from_s > covered {
            return Some(covered);
        }
        covered = f64::max(covered, p.to_s);
    }
    (covered < end as f64).then_some(covered)
}

/// Reports the circle of redirects `circle`, all closed at `t`, at the `when_closed`
/// of its first channel.
fn report_circle(cx: &mut Ctx, channels: &[Channel], circle: &[usize], cal: &Calendar, t: f64) {
    let names: Vec<&str> = circle
        .iter()
        .chain(&circle[..1])
        .map(|&c| channels[c].name.as_str())
        .collect();
    let when = jiff::SignedDuration::try_from_secs_f64(t)
        .ok()
        .and_then(|d| cal.start.checked_add(d).ok())
        .map_or_else(
            || format!("{t} s"),
            |d| d.strftime("%a %Y-%m-%d %H:%M").to_string(),
        );
    cx.err(
        &["channels", names[0], "when_closed"],
        format!(
            "channels {} move closed-hours contacts round in a circle, and all of them are \
             closed at {when}: a contact arriving then would never be offered",
            names.join(" → ")
        ),
        "let one of them \"wait\" for its opening or count its contacts as \"lost\", or open \
         one of them at those times",
    );
}
