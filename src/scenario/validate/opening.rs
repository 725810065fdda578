//! Opening hours as written — "24/7", "business_hours" or day-and-time windows — and
//! their layout as steps over the simulated period; shared by team schedules and
//! channel hours.

use super::calendar::Calendar;
use crate::model::StaffStep;
use crate::scenario::defaults;
use crate::scenario::diagnostics::Ctx;
use crate::scenario::raw::RawHours;
use crate::scenario::units::{TimeOfDay, Weekdays};

/// On `days`, from `start` to `end` (the next day when `end` is not after `start`).
#[derive(Debug, Clone, Copy)]
pub(super) struct Window {
    pub(super) days: Weekdays,
    pub(super) start: TimeOfDay,
    pub(super) end: TimeOfDay,
}

impl Window {
    /// The window written as `{ days, start, end }`.
    pub(super) fn of(h: &RawHours) -> Self {
        Window {
            days: h.days.unwrap_or(defaults::DAYS),
            start: h.start,
            end: h.end,
        }
    }

    /// Checks the window at `path`; `key` (`schedule`, `hours`) names the key in the fix.
    pub(super) fn check(&self, cx: &mut Ctx, path: &[&str], key: &str) -> bool {
        if self.start == self.end {
            cx.err(
                path,
                "start and end are the same time",
                format!("for round-the-clock cover use {key} = \"24/7\""),
            );
            return false;
        }
        true
    }
}

/// Opening hours: always, or during windows.
pub(super) enum Opening {
    /// "24/7".
    Always,
    /// During any of the windows.
    Windows(Vec<Window>),
}

/// The opening hours named `name` at `path`: "24/7" or "business_hours" (Mon–Fri
/// 09:00–17:00). `what` names the setting in the message and `forms` lists what may
/// be written in the fix.
pub(super) fn named(
    cx: &mut Ctx,
    path: &[&str],
    name: &str,
    what: &str,
    forms: &str,
) -> Option<Opening> {
    match name {
        "24/7" => Some(Opening::Always),
        "business_hours" => Some(Opening::Windows(vec![Window {
            days: Weekdays::parse("mon-fri").expect("valid literal"),
            start: TimeOfDay(9 * 3600),
            end: TimeOfDay(17 * 3600),
        }])),
        _ => {
            cx.err(
                path,
                format!("unknown {what} \"{name}\""),
                format!("use {forms}"),
            );
            None
        }
    }
}

/// The level over `[0, end)` of windows each adding its count while open, as steps
/// starting at 0 (windows on the same days and times add up).
pub(super) fn lay_out(windows: &[(Window, u32)], cal: &Calendar, end: u64) -> Vec<StaffStep> {
    let mut deltas: Vec<(u64, i64)> = Vec::new();
    for (w, count) in windows {
        let len = if w.end.0 > w.start.0 {
            w.end.0 - w.start.0
        } else {
            w.end.0 + 86_400 - w.start.0
        };
        // Day -1 catches a window that opened before the scenario and runs past its start.
        let last_day = (cal.offset + end) / 86_400;
        for day in 0..=last_day + 1 {
            let d = day as i64 - 1;
            if !w.days.0[(cal.weekday as i64 + d).rem_euclid(7) as usize] {
                continue;
            }
            let open = d * 86_400 + i64::from(w.start.0) - cal.offset as i64;
            let close = open + i64::from(len);
            let (open, close) = (open.max(0), close.min(end as i64));
            if close > open {
                deltas.push((open as u64, i64::from(*count)));
                deltas.push((close as u64, -i64::from(*count)));
            }
        }
    }
    deltas.sort_by_key(|d| d.0);
    let mut level: i64 = 0;
    let mut steps = vec![StaffStep { at_s: 0, agents: 0 }];
    let mut i = 0;
    while i < deltas.len() {
        let at = deltas[i].0;
        while i < deltas.len() && deltas[i].0 == at {
            level += deltas[i].1;
            i += 1;
        }
        steps.push(StaffStep {
            at_s: at,
            agents: level as u32,
        });
    }
    merge_steps(steps)
}

/// Drops steps that do not change the level (keeping the latest at equal times).
pub(super) fn merge_steps(steps: impl IntoIterator<Item = StaffStep>) -> Vec<StaffStep> {
    let mut out: Vec<StaffStep> = Vec::new();
    for s in steps {
        if let Some(last) = out.last_mut()
            && last.at_s == s.at_s
        {
            last.agents = s.agents;
        } else {
            out.push(s);
        }
        if out.len() >= 2 && out[out.len() - 2].agents == out[out.len() - 1].agents {
            out.pop();
        }
    }
    out
}
