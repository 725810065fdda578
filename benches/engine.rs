//! Engine throughput in contacts per second of wall time.
//!
//! * `mm50/*`: ONE replication (single thread) of about 200,000 contacts:
//!   - `erlang_c`: the headline, M/M/50 at 90 % load (AHT 300 s, 540 contacts/h);
//!   - `erlang_a`: the same with exponential patience (mean 600 s), so queued
//!     contacts also schedule an abandonment event;
//!   - `chat_k3`: 50 agents each holding up to 3 chats (150 slots) at 90 % slot
//!     occupancy, i.e. 1,620 contacts/h over a third of the horizon.
//! * `runner/*`: 32 replications of a smaller M/M/50 (20,000 contacts each) through
//!   [`staffmix::runner::run`], in parallel on every core rayon finds.
//!
//! Criterion reports `thrpt` in elements/s: elements are expected contacts
//! (arrival rate × horizon). Run with `cargo bench --bench engine -- mm50`;
//! see `benches/README.md` for measured numbers and the SimPy comparison.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use staffmix::engine::simulate;
use staffmix::runner::{self, RunConfig};

mod common;
use common::Queue;

/// Contacts per replication in the single-replication benches.
const CONTACTS: f64 = 200_000.0;
/// Contacts per replication in the many-replication bench.
const SMALL_CONTACTS: f64 = 20_000.0;
/// Replications in the many-replication bench.
const REPLICATIONS: u32 = 32;

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
    let mut group = c.benchmark_group("mm50");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
        .sampling_mode(SamplingMode::Flat);
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

fn many_replications(c: &mut Criterion) {
    let q = Queue {
        concurrency: 1,
        patience_s: None,
        contacts: SMALL_CONTACTS,
    };
    let model = q.model();
    let mut group = c.benchmark_group("runner");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
        .sampling_mode(SamplingMode::Flat)
        .throughput(Throughput::Elements(
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
    let mut group = c.benchmark_group("study");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
        .sampling_mode(SamplingMode::Flat)
        .throughput(Throughput::Elements(pairs));
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
    benches,
    single_replication,
    many_replications,
    multi_plan_study
);
criterion_main!(benches);
