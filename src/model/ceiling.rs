//! The CSAT no staffing can exceed: the best routed team's satisfaction at zero wait.
//!
//! Waiting only lowers satisfaction, so with no wait, tenured agents and no
//! overload a channel's CSAT is at most the best team it is routed to (through its
//! tier 2 if it escalates) can give: baseline × quality × (r + (1 − r) × unresolved).
//! A CSAT target above that ceiling cannot be met by adding agents.

use super::centre::Model;
use super::hours::WhenClosed;
use super::study::Scope;

/// The expected satisfaction of a contact of channel `c` answered at once by team
/// `k` (following its escalations), and the probability that it leaves the last
/// tier unresolved.
fn served_by(model: &Model, c: usize, k: usize, depth: usize) -> (f64, f64) {
    let team = &model.teams[k];
    let s = &model.channels[c].satisfaction;
    let r = team.resolution[c];
    let resolved = s.baseline * team.quality;
    match &team.escalation {
        // Escalation chains have no circles; the depth guard only bounds the walk.
        Some(e) if depth < model.teams.len() => {
            let (sat2, open2) = served_by(model, c, e.team, depth + 1);
            (r * resolved + (1.0 - r) * sat2, (1.0 - r) * open2)
        }
        _ => (resolved * (r + (1.0 - r) * s.unresolved), 1.0 - r),
    }
}

/// The best routed team's (satisfaction, unresolved) pair on channel `c`, or
/// `None` when no team serves it.
fn best(model: &Model, c: usize) -> Option<(f64, f64)> {
    model.channels[c]
        .routing
        .iter()
        .map(|route| served_by(model, c, route.team, 0))
        .max_by(|a, b| a.0.total_cmp(&b.0))
}

/// The shares of channel `c`'s arrivals lost, and moved to another channel (with
/// its index), because they come while the channel is closed.
pub(super) fn closed(model: &Model, c: usize) -> (f64, Option<(usize, f64)>) {
    let ch = &model.channels[c];
    let share = ch.closed_share(model.horizon_s);
    match ch.hours.as_ref().map(|h| h.when_closed) {
        Some(WhenClosed::Lost) => (share, None),
        Some(WhenClosed::Redirect(to)) => (0.0, Some((to, share))),
        Some(WhenClosed::Wait) | None => (0.0, None),
    }
}

/// The CSAT ceiling of channel `c`: 0 when no team serves it. Contacts lost while
/// the channel is closed are offered and dissatisfied, so they lower it.
pub fn channel_csat_ceiling(model: &Model, c: usize) -> f64 {
    let (lost, _) = closed(model, c);
    best(model, c).map_or(0.0, |(s, _)| s * (1.0 - lost))
}

/// The CSAT ceiling of all channels together: the channels' ceilings weighted by
/// their expected contacts — first contacts, plus the repeats the best team's
/// unresolved contacts make (a geometric series).
pub fn csat_ceiling(model: &Model) -> f64 {
    let (mut satisfied, mut offered) = (0.0, 0.0);
    for (c, ch) in model.channels.iter().enumerate() {
        let first = ch.mean_rate(model.horizon_s);
        let (ceiling, open) = best(model, c).unwrap_or((0.0, 1.0));
        let back = ch.repeat.as_ref().map_or(0.0, |r| r.probability * open);
        let contacts = first / (1.0 - back).max(f64::EPSILON);
        // Lost while closed: offered here, never satisfied. Moved while closed:
        // satisfied at most as the other channel's teams can (its own hours
        // ignored, which keeps this an upper bound).
        let (lost, moved) = closed(model, c);
        let (to, share) = moved.unwrap_or((c, 0.0));
        satisfied += ceiling * contacts * (1.0 - lost - share)
            + best(model, to).map_or(0.0, |(s, _)| s) * contacts * share;
        offered += contacts;
    }
    if offered > 0.0 {
        satisfied / offered
    } else {
        0.0
    }
}

/// The CSAT ceiling of a target's scope.
pub fn scope_csat_ceiling(model: &Model, scope: Scope) -> f64 {
    match scope {
        Scope::Overall | Scope::Pooled => csat_ceiling(model),
        Scope::Channel(c) => channel_csat_ceiling(model, c),
    }
}
