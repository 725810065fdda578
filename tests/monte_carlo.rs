//! The Monte Carlo layer: thread-count independence, common random numbers across
//! plans, and targets evaluated per replication.

use staffmix::runner::{PlanResult, RunConfig, run_study};
use staffmix::scenario::parse_study;
use staffmix::stats::KpiStats;

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

fn run_with_threads(threads: usize, reps: u32) -> Vec<PlanResult> {
    let study = parse_study("mc.toml", STUDY).unwrap_or_else(|e| panic!("{e}"));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    pool.install(|| {
        run_study(
            &study,
            RunConfig {
                seed: 77,
                replications: reps,
            },
            |_, _| {},
        )
    })
    .unwrap()
}

#[test]
fn results_are_bit_identical_with_1_2_and_8_threads() {
    let one = run_with_threads(1, 24);
    for threads in [2, 8] {
        let other = run_with_threads(threads, 24);
        for (a, b) in one.iter().zip(&other) {
            for kpi in a.overall.names() {
                let (x, y) = (
                    a.overall.values(kpi).unwrap(),
                    b.overall.values(kpi).unwrap(),
                );
                let same = x.iter().zip(y).all(|(x, y)| x.to_bits() == y.to_bits());
                assert!(
                    same,
                    "plan {} KPI {kpi} differs with {threads} threads",
                    a.name
                );
            }
            for (ha, hb) in a.waits_ms.iter().zip(&b.waits_ms) {
                assert!(ha == hb, "wait histograms differ");
            }
        }
    }
}

#[test]
fn common_random_numbers_make_paired_differences_far_tighter() {
    // "plus two" vs base on the same customers: the paired difference's variance must
    // be much smaller than that of the difference of two independent runs.
    let plans = run_with_threads(2, 40);
    let (base, plus) = (&plans[0], &plans[1]);
    for kpi in ["asa_s", "service_level", "abandon_rate"] {
        let (a, b) = (
            base.overall.values(kpi).unwrap(),
            plus.overall.values(kpi).unwrap(),
        );
        let paired: Vec<f64> = a.iter().zip(b).map(|(x, y)| y - x).collect();
        let var = |v: &[f64]| KpiStats::from_values(v).unwrap().sd.powi(2);
        let unpaired = var(a) + var(b);
        let ratio = var(&paired) / unpaired;
        eprintln!("{kpi}: paired variance = {ratio:.4} × unpaired");
        assert!(
            ratio < 0.2,
            "{kpi}: paired variance is {ratio:.3} of the unpaired one"
        );
        // Arrivals are common: every plan saw exactly the same offered contacts.
        assert_eq!(
            base.overall.values("offered"),
            plus.overall.values("offered")
        );
    }
}

#[test]
fn targets_met_is_the_share_of_replications_where_all_targets_hold() {
    let study = parse_study("mc.toml", STUDY).unwrap_or_else(|e| panic!("{e}"));
    let config = RunConfig {
        seed: 77,
        replications: 24,
    };
    let run = staffmix::analysis::analyse(&study, config, run_with_threads(2, 24));
    let plans = &run.plans;
    let names: Vec<&str> = plans.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        ["base", "plus two", "core.agents=30", "core.agents=38"]
    );
    for (p, t) in plans.iter().zip(&run.targets) {
        let wait = p.overall.values("wait_p50_s").unwrap();
        let abandon = p.overall.values("abandon_rate").unwrap();
        let sl = p.channels[0].values("service_level").unwrap();
        let expected = (0..24)
            .filter(|&r| wait[r] <= 20.0 && abandon[r] <= 0.05 && sl[r] >= 0.8)
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
