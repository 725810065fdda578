//! Hooks through which a replication reports individual events.
//!
//! The engine never prints or stores per-contact records; tests and tracing tools
//! implement [`Observer`] to see each event. Every method has an empty default and
//! the engine is generic over the observer, so the no-op observer `()` costs nothing.

use super::time::SimTime;

/// Receives every event of a replication as it happens.
#[allow(unused_variables)]
pub trait Observer {
    /// A contact of `channel` arrived (or, moved from a closed channel, is offered on
    /// `channel`).
    fn arrival(&mut self, t: SimTime, contact: u32, channel: usize) {}
    /// A contact arrived on `channel` while it was closed (before its `when_closed`
    /// applies: it is lost, held for the opening, or moved to another channel).
    fn closed(&mut self, t: SimTime, contact: u32, channel: usize) {}
    /// Agent `agent` of `team` started serving a contact after it waited `wait_s`;
    /// the service will take `handle_s`.
    #[allow(clippy::too_many_arguments)]
    fn service_start(
        &mut self,
        t: SimTime,
        contact: u32,
        channel: usize,
        team: usize,
        agent: u32,
        wait_s: f64,
        handle_s: f64,
    ) {
    }
    /// A waiting contact gave up after waiting `wait_s`.
    fn abandon(&mut self, t: SimTime, contact: u32, channel: usize, wait_s: f64) {}
    /// Agent `agent` of `team` finished a contact.
    fn departure(&mut self, t: SimTime, contact: u32, channel: usize, team: usize, agent: u32) {}
    /// `team` now has `on_duty` agents on duty.
    fn staffing(&mut self, t: SimTime, team: usize, on_duty: u32) {}
}

impl Observer for () {}
