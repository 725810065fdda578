//! The Monte Carlo layer: common random numbers across plans, and targets
//! evaluated per replication. (Thread-count independence: `cli`.)

use staffmix::kpi::Kpi;
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

fn run(reps: u32) -> Vec<PlanResult> {
    let study = parse_study("mc.toml", STUDY).unwrap_or_else(|e| panic!("{e}"));
    run_study(
        &study,
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
    let plans = run(40);
    let (base, plus) = (&plans[0], &plans[1]);
    for kpi in [Kpi::Asa, Kpi::ServiceLevel, Kpi::AbandonRate] {
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
            base.overall.values(Kpi::Offered),
            plus.overall.values(Kpi::Offered)
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
    let run = staffmix::analysis::analyse(&study, config, run(24));
    let plans = &run.plans;
    let names: Vec<&str> = plans.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        ["base", "plus two", "core.agents=30", "core.agents=38"]
    );
    for (p, t) in plans.iter().zip(&run.targets) {
        let wait = p.overall.values(Kpi::WaitP50).unwrap();
        let abandon = p.overall.values(Kpi::AbandonRate).unwrap();
        let sl = p.channels[0].values(Kpi::ServiceLevel).unwrap();
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
