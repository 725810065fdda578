//! The speed limit: staffmix's engine against a minimal hand-written event loop on
//! the same model, interleaved in one process, with the ratio of their throughputs.
//!
//! `cargo bench --bench limit` runs both models — M/M/50 at 90 % load (AHT 300 s,
//! 1,000,000 contacts per replication) and the same with exponential patience (mean
//! 600 s, M/M/50+M) — for `ROUNDS` rounds. Each round runs one replication of each
//! program, alternating which goes first, so background load drifting on a shared
//! machine hits both alike; the reported ratio is the median of the per-round
//! ratios. `cargo bench --bench limit -- mm50m` runs one model, `--rounds N` sets the
//! rounds. The harness is a plain `main` (`harness = false`), not criterion:
//! criterion times each function in its own window and prints no ratios.
//!
//! The minimal loop is what a programmer writes in an afternoon and nothing else: a
//! binary heap of (time, event) with arrivals in it, customers in a slab with a free
//! list, one FIFO of waiting customers, abandonments cancelled lazily (a generation
//! check when they pop), one Xoshiro256++ stream, and the number served, abandoned
//! and their waits. staffmix does the same queue with every feature of the general
//! engine present (intervals, CSAT, costs, per-contact streams, routing).

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};
use std::time::Instant;

use rand::SeedableRng;
use rand_distr::{Distribution, Exp1};
use rand_xoshiro::Xoshiro256PlusPlus;
use staffmix::engine::simulate;

mod common;
use common::{AGENTS, AHT_S, Queue};

/// Contacts per replication (expected arrivals).
const CONTACTS: f64 = 1_000_000.0;
/// Rounds (one replication of each program per round) unless `--rounds` says.
const ROUNDS: usize = 7;

/// What happens at an event of the minimal loop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Arrival,
    Departure,
    Abandon { id: u32, generation: u32 },
}

/// A customer waiting or about to wait.
#[derive(Debug, Clone, Copy)]
struct Customer {
    arrival: f64,
    generation: u32,
    waiting: bool,
}

/// What one replication of the minimal loop counted.
#[derive(Debug, Default)]
struct Tally {
    served: u64,
    abandoned: u64,
    wait_s: f64,
}

/// One replication of M/M/`servers`(+M) up to `horizon`, written from scratch.
fn minimal(q: &Queue, seed: u64) -> Tally {
    let (servers, rate, horizon) = (AGENTS, q.rate_per_s(), q.horizon_s());
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut exp = |mean: f64| -> f64 {
        let e: f64 = Exp1.sample(&mut rng);
        mean * e
    };
    // Non-negative f64 bits order like the numbers.
    let mut heap: BinaryHeap<Reverse<(u64, Kind)>> = BinaryHeap::new();
    let mut slab: Vec<Customer> = Vec::new();
    let mut free: Vec<u32> = Vec::new();
    let mut line: VecDeque<u32> = VecDeque::new();
    let (mut busy, mut tally) = (0u32, Tally::default());
    heap.push(Reverse((exp(1.0 / rate).to_bits(), Kind::Arrival)));
    while let Some(Reverse((bits, kind))) = heap.pop() {
        let t = f64::from_bits(bits);
        if t > horizon {
            break;
        }
        match kind {
            Kind::Arrival => {
                let next = t + exp(1.0 / rate);
                if next < horizon {
                    heap.push(Reverse((next.to_bits(), Kind::Arrival)));
                }
                if busy < servers {
                    busy += 1;
                    tally.served += 1;
                    heap.push(Reverse(((t + exp(AHT_S)).to_bits(), Kind::Departure)));
                    continue;
                }
                let id = match free.pop() {
                    Some(id) => id,
                    None => {
                        slab.push(Customer {
                            arrival: 0.0,
                            generation: 0,
                            waiting: false,
                        });
                        (slab.len() - 1) as u32
                    }
                };
                let c = &mut slab[id as usize];
                c.arrival = t;
                c.waiting = true;
                line.push_back(id);
                if let Some(p) = q.patience_s {
                    let generation = c.generation;
                    heap.push(Reverse((
                        (t + exp(p)).to_bits(),
                        Kind::Abandon { id, generation },
                    )));
                }
            }
            Kind::Departure => {
                busy -= 1;
                while let Some(id) = line.pop_front() {
                    let c = &mut slab[id as usize];
                    if !c.waiting {
                        continue;
                    }
                    c.waiting = false;
                    c.generation += 1;
                    free.push(id);
                    busy += 1;
                    tally.served += 1;
                    tally.wait_s += t - c.arrival;
                    heap.push(Reverse(((t + exp(AHT_S)).to_bits(), Kind::Departure)));
                    break;
                }
            }
            Kind::Abandon { id, generation } => {
                let c = &mut slab[id as usize];
                if c.waiting && c.generation == generation {
                    c.waiting = false;
                    c.generation += 1;
                    // Its queue entry is dropped when it reaches the front.
                    free.push(id);
                    tally.abandoned += 1;
                }
            }
        }
    }
    tally
}

/// The median of `xs` (sorted in place).
fn median(xs: &mut [f64]) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

/// Runs `rounds` interleaved rounds of both programs on `q`; prints throughputs and
/// the ratio.
fn compare(name: &str, q: &Queue, rounds: usize) {
    let model = q.model();
    let contacts = q.expected_contacts() as f64;
    let (mut ours, mut floor, mut ratio) = (Vec::new(), Vec::new(), Vec::new());
    let (mut wait_ours, mut wait_floor) = (0.0, 0.0);
    for round in 0..rounds as u64 {
        let mut time_floor = || {
            let start = Instant::now();
            let t = std::hint::black_box(minimal(q, round));
            wait_floor += t.wait_s / (t.served as f64) / rounds as f64;
            contacts / start.elapsed().as_secs_f64()
        };
        let mut time_ours = || {
            let start = Instant::now();
            let r =
                std::hint::black_box(simulate(&model, 2026, round, &mut ()).expect("replication"));
            let ch = &r.channels[0];
            wait_ours += ch.wait_handled_s / ch.handled as f64 / rounds as f64;
            contacts / start.elapsed().as_secs_f64()
        };
        let (a, b) = if round % 2 == 0 {
            let a = time_floor();
            (a, time_ours())
        } else {
            let b = time_ours();
            (time_floor(), b)
        };
        floor.push(a);
        ours.push(b);
        ratio.push(b / a);
    }
    let (lo, hi) = ratio
        .iter()
        .fold((f64::MAX, 0.0f64), |(l, h), &r| (l.min(r), h.max(r)));
    println!(
        "{name}: minimal loop {:.2} M customers/s (mean wait {wait_floor:.2} s), \
         staffmix {:.2} M customers/s (mean wait {wait_ours:.2} s); \
         ratio staffmix/minimal {:.3} (median of {rounds} rounds, {lo:.3}–{hi:.3})",
        median(&mut floor) / 1e6,
        median(&mut ours) / 1e6,
        median(&mut ratio),
    );
}

fn main() {
    let mut rounds = ROUNDS;
    let mut only: Option<String> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            // `cargo bench` passes `--bench` to every bench binary.
            "--bench" => {}
            "--rounds" => {
                rounds = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .filter(|&n| n > 0)
                    .expect("--rounds takes a positive whole number");
            }
            name => only = Some(name.to_owned()),
        }
    }
    let cases = [("mm50", None), ("mm50m", Some(600.0))];
    for (name, patience_s) in cases {
        if only.as_deref().is_some_and(|o| o != name) {
            continue;
        }
        let q = Queue {
            concurrency: 1,
            patience_s,
            contacts: CONTACTS,
        };
        compare(name, &q, rounds);
    }
}
