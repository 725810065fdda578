//! The memory a run needs, estimated before it starts from the model's dimensions
//! and the sizes of the real types, and the limit it is checked against.
//!
//! The estimate is a sum of named terms in three phases: what stays from start to
//! end (the models, each plan's accumulated results), what the simulation holds
//! besides (replication results waiting to be folded, and each thread's live
//! state), and what writing the outputs holds besides (the files, built in memory).
//! The peak is the resident part plus the larger of the other two. Every term is an
//! upper-ish bound — `Vec`s grown by doubling count twice — checked against the
//! measured peak in `tests/memory.rs`.

pub mod disk;
mod size;

pub use size::{grouped, parse_size, show};

use std::mem::size_of;

use hdrhistogram::Histogram;

use crate::engine::{MAX_WAITING, footprint};
use crate::kpi::Kpi;
use crate::model::{Model, OpenPeriod, RatePiece, StaffStep, Study, WhenClosed};
use crate::rows::BUFFER_BYTES;
use crate::runner::BATCH;
use crate::stats::summary::estimated_kpi_bytes;
use crate::stats::{Band, ChannelTally, INTERVAL_KPIS, IntervalChannel, IntervalTeam, Measure};

/// The default memory limit: the smaller of 4 GiB and half the machine's physical
/// memory (`physical`, when known). 4 GiB runs every shipped scenario many times
/// over and fits the smallest machines staffmix targets; half the physical memory
/// leaves the rest to the system and other programs, so a run is refused rather
/// than pushing the machine into swap or the out-of-memory killer.
pub fn default_limit(physical: Option<u64>) -> u64 {
    const FOUR_GIB: u64 = 4 << 30;
    physical.map_or(FOUR_GIB, |p| FOUR_GIB.min(p / 2))
}

/// (plan, replication) results the runner holds at once besides those being
/// simulated: it simulates a batch while folding the previous one.
const RESULTS_IN_FLIGHT: u64 = 2 * BATCH as u64;

/// The program itself: code, libraries, allocator and thread stacks in use.
const PROGRAM: u64 = 8 << 20;

/// The charts: one raster image (1400 pixels wide, RGBA) and its SVG at a time.
const CHARTS: u64 = 8 << 20;

/// Bytes of one number in a CSV or JSON file: a shortest round-trip `f64` has at
/// most 24 characters, plus its separator (JSON adds a key of about as much).
pub(crate) const CELL: u64 = 25;

/// When a term is held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// From before the simulation to the end.
    Resident,
    /// While simulating, once for the run.
    Simulating,
    /// While simulating, once per thread.
    PerThread,
    /// While writing the outputs.
    Writing,
}

/// One named part of the estimate.
#[derive(Debug, Clone)]
pub struct Term {
    /// When it is held.
    pub phase: Phase,
    /// What it is, e.g. "interval statistics".
    pub what: &'static str,
    /// How it is made up, e.g. "1000 plans × 200,000 intervals × 8 scopes".
    pub detail: String,
    /// Bytes (for a [`Phase::PerThread`] term, per thread).
    pub bytes: u64,
}

/// The estimated peak memory of a run.
#[derive(Debug, Clone)]
pub struct Estimate {
    /// The terms, in a fixed order.
    pub terms: Vec<Term>,
    /// Threads simulating at once.
    pub threads: usize,
}

impl Estimate {
    /// Bytes of the terms of `phase` (per-thread terms for one thread).
    fn sum(&self, phase: Phase) -> u64 {
        self.terms
            .iter()
            .filter(|t| t.phase == phase)
            .fold(0, |a, t| a.saturating_add(t.bytes))
    }

    /// Bytes one simulating thread adds.
    pub fn per_thread(&self) -> u64 {
        self.sum(Phase::PerThread)
    }

    /// The estimated peak on `threads` threads: the resident terms plus the larger
    /// of simulating and writing.
    pub fn total_on(&self, threads: usize) -> u64 {
        let simulating = product(&[threads as u64, self.per_thread()])
            .saturating_add(self.sum(Phase::Simulating));
        (self.sum(Phase::Resident)).saturating_add(simulating.max(self.sum(Phase::Writing)))
    }

    /// The estimated peak on [`Self::threads`].
    pub fn total(&self) -> u64 {
        self.total_on(self.threads)
    }

    /// The largest terms, largest first, as "bytes of what (detail)" lines, with
    /// per-thread terms counted for every thread.
    pub fn largest(&self, n: usize) -> Vec<String> {
        let mut terms: Vec<(u64, &Term)> = self
            .terms
            .iter()
            .map(|t| match t.phase {
                Phase::PerThread => (product(&[t.bytes, self.threads as u64]), t),
                _ => (t.bytes, t),
            })
            .collect();
        terms.sort_by_key(|&(b, _)| std::cmp::Reverse(b));
        terms
            .into_iter()
            .take(n)
            .map(|(b, t)| match t.phase {
                Phase::PerThread if self.threads == 1 => {
                    format!("{} of {} on one thread ({})", show(b), t.what, t.detail)
                }
                Phase::PerThread => format!(
                    "{} of {} on {} threads ({} each: {})",
                    show(b),
                    t.what,
                    self.threads,
                    show(t.bytes),
                    t.detail
                ),
                _ => format!("{} of {} ({})", show(b), t.what, t.detail),
            })
            .collect()
    }
}

/// Estimates the peak memory of running `replications` replications of every plan
/// of `study` on `threads` threads.
pub fn estimate(study: &Study, replications: u32, threads: usize) -> Estimate {
    let base = study.base();
    let plans = study.plans.len() as u64;
    let reps = u64::from(replications);
    let (nc, nt) = (base.channels.len() as u64, base.teams.len() as u64);
    let scopes = 1 + nc + nt;
    let values = kpi_values(study);
    let intervals: u64 = study.plans.iter().map(|p| p.model.intervals() as u64).sum();
    let most = study
        .plans
        .iter()
        .map(|p| p.model.intervals())
        .max()
        .unwrap_or(0) as u64;
    let hist = histogram_bytes();
    let tally = nc * bytes::<IntervalChannel>() + nt * bytes::<IntervalTeam>();
    let band = INTERVAL_KPIS.len() as u64 * bytes::<Band>() + bytes::<f64>();
    let pairs = product(&[plans, reps]);
    let in_flight = RESULTS_IN_FLIGHT.min(pairs);
    let (seats, contacts, per_contact, per_seat, fixed) = live(study);
    let name = study.plans.iter().map(|p| p.name.len()).max().unwrap_or(0) as u64;
    let row = name + 40 + 4 * INTERVAL_KPIS.len() as u64 * CELL;
    let detail_row = name + 80 + 8 * CELL;
    let terms = vec![
        Term {
            phase: Phase::Resident,
            what: "program",
            detail: "code, libraries and allocator".into(),
            bytes: PROGRAM,
        },
        Term {
            phase: Phase::Resident,
            what: "scenario models",
            detail: "rate pieces, opening hours and rosters of every plan".into(),
            bytes: study.plans.iter().map(|p| model_bytes(&p.model)).sum(),
        },
        Term {
            phase: Phase::Resident,
            what: "interval statistics",
            detail: format!(
                "{} × {} intervals × ({} + {})",
                count(plans, "plan"),
                grouped(most),
                count(nc, "channel"),
                count(nt, "team")
            ),
            bytes: product(&[intervals, band + tally]),
        },
        Term {
            phase: Phase::Resident,
            what: "wait histograms",
            detail: format!(
                "{} × {} × {}",
                count(plans, "plan"),
                count(nc, "channel"),
                show(hist)
            ),
            bytes: product(&[plans, nc, hist]),
        },
        Term {
            phase: Phase::Resident,
            what: "KPI statistics",
            detail: format!(
                "{} × {values} KPIs of {scopes} scopes, and their differences from the baseline",
                count(plans, "plan"),
            ),
            bytes: product(&[2, plans, values, estimated_kpi_bytes(reps)]),
        },
        Term {
            phase: Phase::Simulating,
            what: "replication results in flight",
            detail: format!(
                "{in_flight} replications × ({} intervals × ({} + {}) + {})",
                grouped(most),
                count(nc, "channel"),
                count(nt, "team"),
                count(nc, "wait histogram")
            ),
            bytes: product(&[
                in_flight,
                most * tally + nc * hist + values * bytes::<(Kpi, Measure)>(),
            ]),
        },
        Term {
            phase: Phase::PerThread,
            what: "seats and tables",
            detail: format!("{} seats × {per_seat} B", grouped(seats)),
            bytes: product(&[seats, per_seat]).saturating_add(fixed),
        },
        Term {
            phase: Phase::PerThread,
            what: "contacts in the system",
            detail: format!(
                "up to {} contacts × {per_contact} B; a replication stops at {} waiting",
                grouped(contacts),
                grouped(MAX_WAITING as u64)
            ),
            bytes: product(&[contacts, per_contact]),
        },
        Term {
            phase: Phase::Writing,
            what: "interval CSV files",
            detail: format!(
                "{} × {} intervals × {} rows",
                count(plans, "plan"),
                grouped(most),
                1 + nc + nt
            ),
            bytes: product(&[2, intervals, row + (nc + nt) * detail_row]),
        },
        Term {
            phase: Phase::Simulating,
            what: "replications.csv rows",
            detail: "buffered before they spill to a temporary file".into(),
            bytes: (BUFFER_BYTES as u64).max(product(&[plans, values, 8])),
        },
        Term {
            phase: Phase::Writing,
            what: "summary, report and charts",
            detail: format!(
                "{} × {scopes} scopes, and the chart images",
                count(plans, "plan")
            ),
            bytes: product(&[4 * 12 * CELL, plans, values]).saturating_add(CHARTS),
        },
    ];
    Estimate { terms, threads }
}

/// Why a run does not fit: the message of the refusal.
pub type Refusal = String;

/// The threads to run on so that `estimate` fits in `limit` bytes: its own thread
/// count, or fewer with a note to show; a refusal when one thread does not fit.
pub fn fit(estimate: &Estimate, limit: u64) -> Result<(usize, Option<String>), Refusal> {
    if estimate.total() <= limit {
        return Ok((estimate.threads, None));
    }
    let fitting = (1..estimate.threads)
        .rev()
        .find(|&t| estimate.total_on(t) <= limit);
    match fitting {
        Some(t) => Ok((
            t,
            Some(format!(
                "note: running on {} instead of {}: each simulating thread may hold {} (an overloaded replication holds up to {} waiting contacts), and only {t} fit in the memory limit of {} (raise it with --max-memory)",
                count(t as u64, "thread"),
                estimate.threads,
                show(estimate.per_thread()),
                grouped(MAX_WAITING as u64),
                show(limit)
            )),
        )),
        None => {
            let one = Estimate {
                threads: 1,
                ..estimate.clone()
            };
            Err(refusal(&one, limit))
        }
    }
}

/// The refusal of a run estimated at `estimate`, above `limit`.
fn refusal(estimate: &Estimate, limit: u64) -> Refusal {
    let terms: String = estimate
        .largest(3)
        .iter()
        .map(|t| format!("\n  - {t}"))
        .collect();
    format!(
        "this run needs about {} of memory, above the limit of {}; the largest parts:{terms}\n  = help: run fewer plans, a coarser `interval`, a shorter `horizon`, fewer replications (`--reps`) or fewer threads (`--threads`); or raise the limit with --max-memory (e.g. --max-memory {}) if the machine has the memory (see \"Limits\" in docs/scenario.md)",
        show(estimate.total()),
        show(limit),
        suggest(estimate.total())
    )
}

/// A `--max-memory` value a little above `bytes`, in whole GiB.
fn suggest(bytes: u64) -> String {
    format!("{}GiB", bytes.div_ceil(1 << 30) + 1)
}

/// The product of byte counts and counts, saturating: a scenario at every
/// ceiling at once must give a huge estimate, not an overflow.
pub(crate) fn product(factors: &[u64]) -> u64 {
    factors.iter().fold(1, |a, &b| a.saturating_mul(b))
}

/// The most KPIs measured per replication of a plan of `study`: those reported
/// overall, per channel and per team (see [`Kpi::def`]'s scopes; plans may add
/// teams).
pub(crate) fn kpi_values(study: &Study) -> u64 {
    let per = |f: fn(&crate::kpi::Scopes) -> bool| {
        Kpi::ALL.iter().filter(|k| f(&k.def().scopes)).count() as u64
    };
    let of = |m: &Model| {
        per(|s| s.overall)
            + m.channels.len() as u64 * per(|s| s.channel)
            + m.teams.len() as u64 * per(|s| s.team)
    };
    study.plans.iter().map(|p| of(&p.model)).max().unwrap_or(0)
}

/// "1 channel", "3 channels".
pub(crate) fn count(n: u64, what: &str) -> String {
    match n {
        1 => format!("1 {what}"),
        _ => format!("{} {what}s", grouped(n)),
    }
}

/// `size_of::<T>()` as a byte count.
fn bytes<T>() -> u64 {
    size_of::<T>() as u64
}

/// Bytes of one wait histogram (its counts array and header).
fn histogram_bytes() -> u64 {
    let h: Histogram<u64> = ChannelTally::new().waits_ms;
    h.distinct_values() as u64 * bytes::<u64>() + bytes::<Histogram<u64>>()
}

/// Bytes a plan's model holds beyond its fixed fields: the vectors that grow with
/// the horizon (rate pieces, opening hours, staffing steps).
fn model_bytes(model: &Model) -> u64 {
    let channels: u64 = model
        .channels
        .iter()
        .map(|c| {
            let open = c.hours.as_ref().map_or(0, |h| h.open.len()) as u64;
            c.rate.len() as u64 * bytes::<RatePiece>() + open * bytes::<OpenPeriod>() + 1024
        })
        .sum();
    let teams: u64 = model
        .teams
        .iter()
        .map(|t| (t.headcount.len() + t.scheduled.len()) as u64 * bytes::<StaffStep>() + 1024)
        .sum();
    2 * (channels + teams)
}

/// Per replication of the study's largest plan: (seats, contacts in the system at
/// most, bytes per contact, bytes per seat, fixed bytes).
fn live(study: &Study) -> (u64, u64, u64, u64, u64) {
    study
        .plans
        .iter()
        .map(|p| {
            let m = &p.model;
            let f = footprint(m);
            let seats: u64 = m.teams.iter().map(|t| u64::from(t.max_seats())).sum();
            (
                seats,
                contacts(m, seats),
                f.per_contact,
                f.per_seat,
                f.fixed,
            )
        })
        .max_by_key(|&(s, c, pc, ps, fx)| {
            product(&[s, ps])
                .saturating_add(product(&[c, pc]))
                .saturating_add(fx)
        })
        .unwrap_or_default()
}

/// The most contacts a replication of `model` holds at once: those waiting up to
/// the overload guard, those in service and those held while their channel is
/// closed — and never more than arrive. Arrival counts are bounded generously: six
/// forecast-error standard deviations and six Poisson ones above the mean.
fn contacts(model: &Model, seats: u64) -> u64 {
    let horizon = model.horizon_s;
    let bound = |mean: f64, cv: f64| mean * (1.0 + 6.0 * cv) + 6.0 * mean.sqrt() + 10.0;
    let mut arrivals = 0.0;
    let mut held = 0.0;
    let mut concurrency = 1;
    for c in &model.channels {
        arrivals += bound(c.mean_rate(horizon) * horizon, c.forecast_error);
        concurrency = concurrency.max(u64::from(c.concurrency));
        if let Some(h) = c
            .hours
            .as_ref()
            .filter(|h| h.when_closed == WhenClosed::Wait)
        {
            let peak = c.rate.iter().map(|r| r.per_s).fold(0.0, f64::max);
            let mut gap: f64 = 0.0;
            let mut last = 0.0;
            for p in &h.open {
                gap = gap.max(p.from_s - last);
                last = p.to_s;
            }
            gap = gap.max(horizon - last);
            held += bound(peak * gap, c.forecast_error);
        }
    }
    let guarded = MAX_WAITING as f64 + seats as f64 * concurrency as f64 + held;
    arrivals.min(guarded).ceil() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(phase: Phase, what: &'static str, bytes: u64) -> Term {
        Term {
            phase,
            what,
            detail: "d".into(),
            bytes,
        }
    }

    /// Resident 100 MiB, 10 MiB more while simulating and 50 MiB per thread, 30 MiB
    /// more while writing, on 4 threads.
    fn sample() -> Estimate {
        const M: u64 = 1 << 20;
        Estimate {
            terms: vec![
                term(Phase::Resident, "resident", 100 * M),
                term(Phase::Simulating, "results", 10 * M),
                term(Phase::PerThread, "contacts", 50 * M),
                term(Phase::Writing, "files", 30 * M),
            ],
            threads: 4,
        }
    }

    #[test]
    fn the_peak_is_the_resident_part_and_the_larger_phase() {
        let e = sample();
        assert_eq!(e.total(), 310 << 20);
        assert_eq!(e.total_on(1), 160 << 20);
        let writing_heavy = Estimate {
            threads: 0,
            ..sample()
        };
        assert_eq!(writing_heavy.total(), 130 << 20);
        assert!(e.largest(1)[0].starts_with("200 MiB of contacts on 4 threads (50.0 MiB each"));
    }

    #[test]
    fn fewer_threads_run_when_all_do_not_fit_and_one_thread_must() {
        let e = sample();
        assert_eq!(fit(&e, 310 << 20), Ok((4, None)));
        let (threads, note) = fit(&e, 250 << 20).unwrap();
        assert_eq!(threads, 2);
        assert!(
            note.unwrap()
                .starts_with("note: running on 2 threads instead of 4")
        );
        let (threads, note) = fit(&e, 160 << 20).unwrap();
        assert_eq!(threads, 1);
        assert!(
            note.unwrap()
                .starts_with("note: running on 1 thread instead of 4")
        );
        let refused = fit(&e, (160 << 20) - 1).unwrap_err();
        assert!(
            refused
                .starts_with("this run needs about 160 MiB of memory, above the limit of 160 MiB"),
            "{refused}"
        );
        assert!(
            refused.contains(
                "\n  - 100 MiB of resident (d)\n  - 50.0 MiB of contacts on one thread (d)"
            ),
            "{refused}"
        );
        assert!(refused.contains("--max-memory 2GiB"), "{refused}");
    }

    #[test]
    fn the_default_limit_is_4_gib_or_half_the_memory() {
        assert_eq!(default_limit(None), 4 << 30);
        assert_eq!(default_limit(Some(64 << 30)), 4 << 30);
        assert_eq!(default_limit(Some(4 << 30)), 2 << 30);
    }
}
