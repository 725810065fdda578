//! Engine throughput in contacts per second of wall time.
//!
//! * `mm50/*`: ONE replication (single thread) of about 200,000 contacts:
//!   - `erlang_c`: the headline, M/M/50 at 90 % load (AHT 300 s, 540 contacts/h);
//!   - `erlang_a`: the same with exponential patience (mean 600 s), so queued
//!     contacts also schedule an abandonment event;
//!   - `chat_k3`: 50 agents each holding up to 3 chats (150 slots) at 90 % slot
//!     occupancy, i.e. 1,620 contacts/h over a third of the horizon.
//! * `mix/three_channels_two_teams`: ONE replication of about 200,000 contacts of
//!   phone (with patience, priority), chat (concurrency 2) and email (no patience)
//!   served by two teams with different skills that overflow to each other;
//! * `queue/hold/N`: the engine's event queue alone under a hold model — N pending
//!   events; an iteration pops the earliest and schedules one an exponential time
//!   after it (throughput: holds, i.e. one pop and one schedule each);
//! * `runner/*`: 32 replications of a smaller M/M/50 (20,000 contacts each) through
//!   [`staffmix::runner::run`], in parallel on every core rayon finds.
//!
//! Criterion reports `thrpt` in elements/s: elements are expected contacts
//! (arrival rate × horizon). Run with `cargo bench --bench engine -- mm50`;
//! see `benches/README.md` for measured numbers and the SimPy comparison.

use std::hint::black_box;
use std::time::Duration;

use criterion::measurement::WallTime;
use criterion::{
    BenchmarkGroup, BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group,
    criterion_main,
};
use rand::SeedableRng;
use rand_distr::{Distribution, Exp1};
use rand_xoshiro::Xoshiro256PlusPlus;
use staffmix::engine::bench_support::HoldQueue;
use staffmix::engine::simulate;
use staffmix::runner::{self, RunConfig};

mod common;
use common::{Queue, check_offered};

/// Contacts per replication in the single-replication benches.
const CONTACTS: f64 = 200_000.0;
/// Contacts per replication in the many-replication bench.
const SMALL_CONTACTS: f64 = 20_000.0;
/// Replications in the many-replication bench.
const REPLICATIONS: u32 = 32;

/// A group whose `samples` samples each run the same number of iterations (flat
/// sampling), after a 1 s warm-up, over about `measure_s` seconds.
fn flat_group<'a>(
    c: &'a mut Criterion,
    name: &str,
    samples: usize,
    measure_s: u64,
) -> BenchmarkGroup<'a, WallTime> {
    let mut group = c.benchmark_group(name);
    group
        .sample_size(samples)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(measure_s))
        .sampling_mode(SamplingMode::Flat);
    group
}

fn single_replication(c: &mut Criterion) {
    let cases = [
        (
            "erlang_c",
            Queue {
                concurrency: 1,
                patience_s: None,
                contacts: CONTACTS,
            },
        ),
        (
            "erlang_a",
            Queue {
                concurrency: 1,
                patience_s: Some(600.0),
                contacts: CONTACTS,
            },
        ),
        (
            "chat_k3",
            Queue {
                concurrency: 3,
                patience_s: None,
                contacts: CONTACTS,
            },
        ),
    ];
    let mut group = flat_group(c, "mm50", 10, 4);
    for (name, q) in &cases {
        let model = q.model();
        group.throughput(Throughput::Elements(q.expected_contacts()));
        let mut rep = 0u64;
        group.bench_function(*name, |b| {
            b.iter(|| {
                // A new replication index each time: different draws, same work.
                rep += 1;
                black_box(simulate(black_box(&model), 2026, rep, &mut ()).expect("replication"))
            })
        });
    }
    group.finish();
}

/// The channels of the mix bench: name, contacts per hour.
const MIX_VOLUMES: [(&str, f64); 3] = [("phone", 270.0), ("chat", 180.0), ("email", 90.0)];

/// One replication of three channels and two teams: phone with patience and the
/// highest priority, chat two at a time, email without patience; `core` and `vendor`
/// have different skills and overflow to each other after a wait. About 89 % load.
fn three_channels_two_teams(c: &mut Criterion) {
    let rate_per_s: f64 = MIX_VOLUMES.iter().map(|(_, v)| v / 3600.0).sum();
    let horizon_s = (CONTACTS / rate_per_s).round();
    let [(_, phone), (_, chat), (_, email)] = MIX_VOLUMES;
    let text = format!(
        r#"
horizon = "{horizon_s}s"
warmup = "0s"
drain = "0s"
[channels.phone]
volume_per_hour = {phone}
handle_time = {{ dist = "exponential", mean = "300s" }}
patience = {{ dist = "exponential", mean = "600s" }}
priority = 2
[channels.chat]
volume_per_hour = {chat}
handle_time = {{ dist = "exponential", mean = "300s" }}
concurrency = 2
priority = 1
[channels.email]
volume_per_hour = {email}
handle_time = {{ dist = "exponential", mean = "300s" }}
service_level = {{ within = "1h", target = 0.9 }}
[teams.core]
kind = "in_house"
agents = 30
schedule = "24/7"
skills = {{ phone = 1.0, chat = 1.0, email = 0.9 }}
[teams.vendor]
kind = "outsourced"
agents = 12
schedule = "24/7"
skills = {{ phone = 0.8, chat = 1.0, email = 1.0 }}
[routing]
phone = ["core", {{ team = "vendor", after = "20s" }}]
chat = ["vendor", {{ team = "core", after = "30s" }}]
email = ["vendor", {{ team = "core", after = "30m" }}]
"#
    );
    let study =
        staffmix::scenario::parse_study("bench.toml", &text).unwrap_or_else(|e| panic!("{e}"));
    let model = study.base();
    eprintln!(
        "model: phone {phone}/h (patience), chat {chat}/h (2 at a time), email {email}/h; \
         core 30 agents, vendor 12, overflow both ways; horizon {horizon_s} s"
    );
    let expected = MIX_VOLUMES.map(|(_, v)| (v / 3600.0 * horizon_s).round() as u64);
    check_offered(model, &expected);
    let mut group = flat_group(c, "mix", 10, 4);
    group.throughput(Throughput::Elements(expected.iter().sum()));
    let mut rep = 0u64;
    group.bench_function("three_channels_two_teams", |b| {
        b.iter(|| {
            rep += 1;
            black_box(simulate(black_box(model), 2026, rep, &mut ()).expect("replication"))
        })
    });
    group.finish();
}

/// Exponential increments the hold bench cycles through (a power of two).
const HOLD_DRAWS: usize = 4096;

/// The engine's event queue alone, under the classic hold model: a steady
/// population of `n` pending events; each iteration pops the earliest and schedules
/// a new one at its time plus an exponential draw (mean 300 s, fixed seed, drawn
/// beforehand so the timing is the queue's).
fn event_queue(c: &mut Criterion) {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(2026);
    let draws: Vec<f64> = (0..HOLD_DRAWS)
        .map(|_| {
            let e: f64 = Exp1.sample(&mut rng);
            300.0 * e
        })
        .collect();
    let draws = draws.as_slice();
    let mut group = flat_group(c, "queue", 100, 4);
    group.throughput(Throughput::Elements(1));
    for n in [64u32, 1024, 65_536] {
        let mut queue = HoldQueue::default();
        for tag in 0..n {
            queue
                .schedule(draws[tag as usize % HOLD_DRAWS], tag)
                .expect("a future time");
        }
        let mut i = 0usize;
        let mut hold = move || {
            let (now, tag) = queue.pop().expect("n events pending");
            i = (i + 1) % HOLD_DRAWS;
            queue.schedule(now + draws[i], tag).expect("a future time");
            tag
        };
        // Reach the steady distribution of pending times before measuring.
        for _ in 0..4 * n {
            hold();
        }
        group.bench_function(BenchmarkId::new("hold", n), |b| {
            b.iter(|| black_box(hold()))
        });
    }
    group.finish();
}

fn many_replications(c: &mut Criterion) {
    let q = Queue {
        concurrency: 1,
        patience_s: None,
        contacts: SMALL_CONTACTS,
    };
    let model = q.model();
    let mut group = flat_group(c, "runner", 10, 5);
    group.throughput(Throughput::Elements(
        q.expected_contacts() * u64::from(REPLICATIONS),
    ));
    group.bench_function(format!("x{REPLICATIONS}_small"), |b| {
        b.iter(|| {
            let config = RunConfig {
                seed: 2026,
                replications: REPLICATIONS,
            };
            black_box(runner::run(black_box(&model), "base", config, |_| {}).expect("run"))
        })
    });
    group.finish();
}

/// A study of four plans (base, one plan, a two-point sweep) of the quickstart
/// scenario: the whole Monte Carlo path — parallel (plan, replication) pairs,
/// ordered folding, targets, interval bands — as `staffmix run` drives it.
fn multi_plan_study(c: &mut Criterion) {
    let text = format!(
        "{}\n[[plans]]\nname = \"more vendor\"\nteams.vendor.agents = 14\n\
         [sweep]\n\"teams.core.agents\" = [30, 38]\n\
         [targets]\nmedian_wait = \"30s\"\nabandon_rate = 0.06\n",
        include_str!("../scenarios/quickstart.toml")
    );
    let study =
        staffmix::scenario::parse_study("bench.toml", &text).unwrap_or_else(|e| panic!("{e}"));
    let config = RunConfig {
        seed: 2026,
        replications: 16,
    };
    let pairs = study.plans.len() as u64 * u64::from(config.replications);
    let mut group = flat_group(c, "study", 10, 5);
    group.throughput(Throughput::Elements(pairs));
    group.bench_function(
        format!(
            "quickstart_{}plans_x{}",
            study.plans.len(),
            config.replications
        ),
        |b| {
            b.iter(|| {
                black_box(runner::run_study(black_box(&study), config, |_, _| {}).expect("run"))
            })
        },
    );
    group.finish();
}

criterion_group!(
    name = benches;
    // No HTML plots: criterion draws them with system fonts, which a build
    // machine may lack (it then panics after measuring); the numbers are printed.
    config = Criterion::default().without_plots();
    targets = single_replication,
    three_channels_two_teams,
    event_queue,
    many_replications,
    multi_plan_study
);
criterion_main!(benches);
