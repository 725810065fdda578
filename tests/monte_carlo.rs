//! The Monte Carlo layer: common random numbers across plans, and targets
//! evaluated per replication. (Thread-count independence: `cli`.)

use rayon::prelude::*;
use staffmix::engine::simulate;
use staffmix::kpi::Kpi;
use staffmix::model::Study;
use staffmix::rows;
use staffmix::runner::{RunConfig, StudyResult, run_study};
use staffmix::scenario::parse_study;
use staffmix::stats::kpi::{Kpis, channel_kpis, overall_kpis, value};
use staffmix::stats::{KpiStats, quantiles};

/// An M/M/c+M queue with three plans and a sweep: enough variety for the runner.
const STUDY: &str = r#"
horizon = "2d"
warmup = "2h"
replications = 24
[demand]
forecast_error = 0.15
intraday = "office"
[channels.phone]
volume_per_hour = 400
handle_time = { dist = "lognormal", mean = "5m", cv = 0.8 }
patience = { mean = "3m" }
service_level = { within = "20s", target = 0.8 }
[teams.core]
kind = "in_house"
agents = 34
schedule = "24/7"
skills = { phone = 1.0 }
[[plans]]
name = "plus two"
teams.core.agents = 36
[sweep]
"teams.core.agents" = [30, 38]
[targets]
median_wait = "20s"
abandon_rate = 0.05
confidence = 0.8
"#;

fn study() -> Study {
    parse_study("mc.toml", STUDY).unwrap_or_else(|e| panic!("{e}"))
}

fn run(reps: u32) -> StudyResult {
    run_study(
        &study(),
        RunConfig {
            seed: 77,
            replications: reps,
        },
        |_, _| {},
    )
    .unwrap()
}

#[test]
fn common_random_numbers_make_paired_differences_far_tighter() {
    // "plus two" vs base on the same customers: the paired difference's variance must
    // be much smaller than that of the difference of two independent runs.
    let study = study();
    let config = RunConfig {
        seed: 77,
        replications: 40,
    };
    let run = staffmix::analysis::analyse(&study, config, run(40));
    let (base, plus) = (&run.plans[0].overall, &run.plans[1].overall);
    let paired = run.vs_baseline[1].as_ref().expect("paired differences");
    for kpi in [Kpi::Asa, Kpi::ServiceLevel, Kpi::AbandonRate] {
        let var = |s: KpiStats| s.sd.powi(2);
        let unpaired = var(base.get(kpi).unwrap()) + var(plus.get(kpi).unwrap());
        let ratio = var(paired[&kpi]) / unpaired;
        eprintln!("{kpi}: paired variance = {ratio:.4} × unpaired");
        assert!(
            ratio < 0.2,
            "{kpi}: paired variance is {ratio:.3} of the unpaired one"
        );
        // The difference is that of the estimates, with a far tighter interval.
        let d = paired[&kpi];
        let (b, p) = (base.get(kpi).unwrap(), plus.get(kpi).unwrap());
        assert!((d.mean - (p.mean - b.mean)).abs() < 1e-12);
        assert!(d.ci95 < 0.5 * (b.ci95.powi(2) + p.ci95.powi(2)).sqrt());
    }
    // Arrivals are common: every plan saw exactly the same offered contacts.
    let offered = paired[&Kpi::Offered];
    assert_eq!((offered.min, offered.max, offered.mean), (0.0, 0.0, 0.0));
}

#[test]
fn targets_met_is_the_share_of_replications_where_all_targets_hold() {
    let study = study();
    let config = RunConfig {
        seed: 77,
        replications: 24,
    };
    let run = staffmix::analysis::analyse(&study, config, run(24));
    let plans = &run.plans;
    let names: Vec<&str> = plans.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        ["base", "plus two", "core.agents=30", "core.agents=38"]
    );
    for ((p, t), plan) in plans.iter().zip(&run.targets).zip(&study.plans) {
        // Replication by replication, from the simulation itself.
        let expected = (0..24)
            .into_par_iter()
            .filter(|&r| {
                let rep = simulate(&plan.model, 77, r, &mut ()).expect("replication");
                let (overall, phone) = (overall_kpis(&rep), channel_kpis(&rep, 0));
                let at = |k: &Kpis, kpi| value(k, kpi).unwrap();
                at(&overall, Kpi::WaitP50) <= 20.0
                    && at(&overall, Kpi::AbandonRate) <= 0.05
                    && at(&phone, Kpi::ServiceLevel) >= 0.8
            })
            .count();
        assert_eq!(
            t.as_ref().map(|t| t.met),
            Some(expected as f64 / 24.0),
            "plan {}",
            p.name
        );
    }
    // More agents never meet the targets less often here (the staffing is monotone).
    let met = |i: usize| run.targets[i].as_ref().unwrap().met;
    assert!(met(2) <= met(0) && met(0) <= met(1) && met(1) <= met(3));
}

/// A tiny two-plan study with a target: every accumulator the runner keeps.
const TINY: &str = r#"
horizon = "1h"
warmup = "0s"
drain = "0s"
[channels.phone]
volume_per_hour = 6
handle_time = { mean = "5m" }
patience = { mean = "3m" }
[teams.core]
kind = "in_house"
agents = 1
schedule = "24/7"
skills = { phone = 1.0 }
[[plans]]
name = "two"
teams.core.agents = 2
[targets]
abandon_rate = 0.1
confidence = 0.8
"#;

/// What a run of TINY with `reps` replications holds in memory once finished,
/// and the most it can hold whatever the number of replications: per KPI series
/// (of a plan's scopes, and of its differences from the baseline) a full
/// percentile sketch and some bookkeeping, plus the row buffers.
fn retained(reps: u32) -> (usize, usize) {
    let study = parse_study("tiny.toml", TINY).unwrap_or_else(|e| panic!("{e}"));
    let config = RunConfig {
        seed: 3,
        replications: reps,
    };
    let run = run_study(&study, config, |_, _| {}).unwrap();
    let plans: usize = run.plans.iter().map(|p| p.heap_bytes()).sum();
    let series: usize = (run.plans.iter())
        .map(|p| {
            let scopes = p.channels.iter().chain(&p.teams).chain([&p.overall]);
            let paired = p
                .vs_baseline
                .as_ref()
                .map_or(0, |_| p.overall.kpis().count());
            scopes.map(|s| s.kpis().count()).sum::<usize>() + paired
        })
        .sum();
    let sketch = 2 * quantiles::MAX_BUCKETS * size_of::<(i32, u64)>();
    let cap = series * (sketch + 1024) + 2 * rows::BUFFER_BYTES;
    (plans + run.rows.heap_bytes(), cap)
}

#[test]
fn memory_does_not_grow_with_replications() {
    // Past the exact percentiles (1000 values), the sketches fill in slowly towards
    // their cap: ten times the replications keep far from ten times the bytes, and
    // never more than the cap. Keeping every replication's value (8 bytes per KPI
    // series) would cost more than the cap at 10^5 replications.
    let ((small, cap), (large, _)) = (retained(10_000), retained(100_000));
    eprintln!("retained: {small} bytes for 10^4 replications, {large} for 10^5 (cap {cap})");
    assert!(
        (large as f64) < 2.0 * small as f64,
        "{small} → {large} bytes"
    );
    assert!(large <= cap, "{large} bytes, above the cap of {cap}");
    let series = (cap - 2 * rows::BUFFER_BYTES) / (2 * quantiles::MAX_BUCKETS * 16 + 1024);
    assert!(100_000 * 8 * series > cap, "the cap does not show anything");
}
