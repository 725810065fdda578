//! What one replication's live state occupies, from the sizes of its tables: the
//! engine's side of the memory estimate (`staffmix::memory`).

use std::mem::size_of;

use super::level::Level;
use super::queue::Entry;
use super::tables::{Agent, ChannelRt, Contact, Lane, QEntry, Seat, Serve, TeamRt};
use crate::model::{Model, StaffStep};

/// Bytes of one replication's live state (its tallies apart): per contact in the
/// system, per seat, and the rest. Upper-ish bounds: every table is a `Vec`,
/// `VecDeque` or heap grown by doubling, so it may hold up to twice what it uses,
/// and lazily cancelled events and queue entries stay until reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Footprint {
    /// One contact in the system (waiting, in service, away or held): its slab
    /// slot, its queue entry and its pending events — its patience and one per
    /// overflow route of its channel — with growth slack, plus a stale queue entry
    /// and a stale event left by an earlier contact.
    pub per_contact: u64,
    /// One seat: its agent slot, seat record, two bucket entries and two pending
    /// seat events.
    pub per_seat: u64,
    /// Per-channel, per-team and per-lane tables: the forecast-error day factors,
    /// the rosters and the recorded staffing steps (one per roster step and per
    /// expected leave, join and end of training).
    pub fixed: u64,
}

/// Growth slack: a table grown by doubling holds up to twice its length.
const SLACK: u64 = 2;

/// `size_of::<T>()` as a byte count.
fn bytes<T>() -> u64 {
    size_of::<T>() as u64
}

/// The footprint of a replication of `model`.
pub fn footprint(model: &Model) -> Footprint {
    let routes = model
        .channels
        .iter()
        .map(|c| c.routing.iter().filter(|r| r.after_s > 0.0).count())
        .max()
        .unwrap_or(0) as u64;
    let per_contact = SLACK
        * (bytes::<Contact>() + bytes::<QEntry>() + (1 + routes) * bytes::<Entry>())
        + bytes::<QEntry>()
        + bytes::<Entry>();
    let per_seat = SLACK
        * (bytes::<Agent>() + bytes::<Seat>() + 2 * bytes::<(u32, u32)>() + 2 * bytes::<Entry>());
    let nc = model.channels.len() as u64;
    let days = (model.horizon_s / crate::model::DAY_S).ceil() as u64 + 1;
    let channels = nc * (bytes::<ChannelRt>() + bytes::<Level>() + SLACK * days * bytes::<f64>());
    let teams: u64 = model
        .teams
        .iter()
        .map(|t| {
            let roster = (t.headcount.len() + t.scheduled.len()) as u64;
            let changes =
                3.0 * f64::from(t.max_seats()) * t.workforce.attrition_per_s * model.horizon_s;
            let steps = 2 * SLACK * (roster + changes.ceil() as u64) * bytes::<StaffStep>();
            bytes::<TeamRt>()
                + 3 * bytes::<Level>()
                + nc * (bytes::<u16>() + bytes::<f64>() + bytes::<Serve>() + bytes::<u16>())
                + roster * bytes::<(u64, u32, u32)>()
                + steps
        })
        .sum();
    let lanes = nc * model.teams.len() as u64 * bytes::<Lane>();
    Footprint {
        per_contact,
        per_seat,
        fixed: channels + teams + lanes,
    }
}
