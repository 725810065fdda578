//! The simulator reproduces Erlang C (M/M/c) and Erlang A (M/M/c+M) within
//! statistical error: every analytic KPI lies inside the simulated 95 % confidence
//! interval of the mean over independent replications, widened as every
//! statistical check of the suite is (`common::ci_miss`, which states the
//! false-alarm rate), the allowance for the remaining initial-transient and
//! finite-horizon bias.

use staffmix::engine::simulate;
use staffmix::erlang::{QueueMetrics, QueueParams, evaluate};
use staffmix::kpi::Kpi;
use staffmix::runner::PlanResult;
use staffmix::stats::{INTERVAL_KPIS, KpiStats};

use crate::common::{CI_WIDEN, Queue, ci_miss, run};

fn check(name: &str, q: Queue, reps: u32) {
    let servers = q.agents * q.concurrency;
    let params = QueueParams {
        servers,
        arrival_rate: q.per_hour / 3600.0,
        service_rate: 1.0 / q.aht_s,
        abandon_rate: q.patience_s.map_or(0.0, |p| 1.0 / p),
    };
    let exact = evaluate(&params, q.within_s).expect("analytic model");
    let (_, r) = run(&q.toml(), 2026, reps);
    check_results(name, &exact, &r);
}

/// Every analytic KPI of `exact` inside the simulated CI of the single channel and
/// team of `r`, and CIs narrow enough to tell a wrong model apart.
fn check_results(name: &str, exact: &QueueMetrics, r: &PlanResult) {
    let ch = r.channels[0].stats();
    let team = r.teams[0].stats();
    let cases: [(&str, f64, &KpiStats); 6] = [
        ("p_wait", exact.p_wait, &ch[&Kpi::PWait]),
        ("asa_s", exact.asa_s, &ch[&Kpi::Asa]),
        ("mean_wait_s", exact.mean_wait_s, &ch[&Kpi::MeanWait]),
        (
            "service_level",
            exact.service_level,
            &ch[&Kpi::ServiceLevel],
        ),
        ("abandon_rate", exact.abandon_rate, &ch[&Kpi::AbandonRate]),
        ("occupancy", exact.occupancy, &team[&Kpi::Occupancy]),
    ];
    let mut failures = Vec::new();
    for (kpi, analytic, sim) in cases {
        let what = format!("{name}: {kpi}");
        eprintln!(
            "{what} analytic {analytic:.5}, simulated {:.5} ± {:.5} (n = {})",
            sim.mean, sim.ci95, sim.n
        );
        failures.extend(ci_miss(&what, sim, analytic));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The check must have power: a CI too wide to tell a wrong model apart is a failure.
    for kpi in [Kpi::PWait, Kpi::ServiceLevel] {
        assert!(
            ch[&kpi].ci95 < 0.02,
            "{name}: {kpi} CI ±{} is too wide to be a test",
            ch[&kpi].ci95
        );
    }
}

fn mmc(agents: u32, load: f64, aht_s: f64, horizon_h: f64, warmup_h: f64) -> Queue {
    Queue {
        agents,
        per_hour: load * f64::from(agents) * 3600.0 / aht_s,
        aht_s,
        patience_s: None,
        concurrency: 1,
        within_s: 20.0,
        horizon_h,
        warmup_h,
    }
}

#[test]
fn erlang_c_single_agent_half_load() {
    check("M/M/1 ρ=0.5", mmc(1, 0.5, 300.0, 200.0, 10.0), 40);
}

#[test]
fn erlang_c_single_agent_heavy_load() {
    check(
        "M/M/1 ρ=0.8",
        Queue {
            within_s: 300.0,
            ..mmc(1, 0.8, 120.0, 300.0, 20.0)
        },
        40,
    );
}

#[test]
fn erlang_c_five_agents() {
    check("M/M/5 ρ=0.7", mmc(5, 0.7, 240.0, 100.0, 5.0), 40);
}

#[test]
fn erlang_c_ten_erlangs_on_fourteen_is_the_shipped_erlang_check() {
    // scenarios/erlang_check.toml as shipped (40 replications of 30 days, seed 1):
    // 120 calls an hour, 5-minute handle times, 14 agents.
    let text = include_str!("../scenarios/erlang_check.toml");
    let (m, r) = run(text, 1, 40);
    assert_eq!(m.horizon_s, 30.0 * 86_400.0, "the file as shipped");
    let params = QueueParams {
        servers: 14,
        arrival_rate: 120.0 / 3600.0,
        service_rate: 1.0 / 300.0,
        abandon_rate: 0.0,
    };
    let exact = evaluate(&params, 20.0).expect("stable");
    // The file's header quotes these analytic values.
    for (quoted, value) in [
        ("86.7 %", 100.0 * exact.service_level),
        ("0.1741", exact.p_wait),
        ("13.1 s", exact.asa_s),
        ("71.4 %", 100.0 * exact.occupancy),
    ] {
        let digits = quoted.split(' ').next().unwrap();
        let decimals = digits.split('.').nth(1).map_or(0, str::len);
        assert_eq!(
            format!("{value:.decimals$}"),
            digits,
            "header quotes {quoted}"
        );
        assert!(text.contains(quoted), "header lacks {quoted}");
    }
    check_results("erlang_check.toml (M/M/14 a=10)", &exact, &r);
}

#[test]
fn erlang_c_fifty_agents_ninety_percent() {
    check("M/M/50 ρ=0.9", mmc(50, 0.9, 300.0, 120.0, 4.0), 40);
}

#[test]
fn erlang_c_hundred_agents_ninety_five_percent() {
    check("M/M/100 ρ=0.95", mmc(100, 0.95, 300.0, 150.0, 6.0), 40);
}

#[test]
fn erlang_c_five_hundred_agents_ninety_eight_percent() {
    check(
        "M/M/500 ρ=0.98",
        Queue {
            within_s: 10.0,
            ..mmc(500, 0.98, 300.0, 96.0, 3.0)
        },
        40,
    );
}

#[test]
fn erlang_a_overload_with_abandonment() {
    let q = Queue {
        patience_s: Some(120.0),
        ..mmc(20, 1.2, 240.0, 72.0, 2.0)
    };
    check("M/M/20+M ρ=1.2", q, 40);
}

#[test]
fn erlang_a_fifty_agents_near_critical() {
    let q = Queue {
        patience_s: Some(180.0),
        ..mmc(50, 0.95, 300.0, 48.0, 3.0)
    };
    check("M/M/50+M ρ=0.95", q, 40);
}

#[test]
fn erlang_a_three_agents_heavy_overload() {
    let q = Queue {
        patience_s: Some(60.0),
        ..mmc(3, 1.5, 180.0, 150.0, 2.0)
    };
    check("M/M/3+M ρ=1.5", q, 40);
}

#[test]
fn erlang_a_two_hundred_agents_patient_customers() {
    let q = Queue {
        patience_s: Some(600.0),
        ..mmc(200, 0.97, 360.0, 60.0, 4.0)
    };
    check("M/M/200+M ρ=0.97", q, 40);
}

#[test]
fn chat_concurrency_is_erlang_c_with_c_times_k_servers() {
    // 10 agents × 3 chats = 30 servers.
    let q = Queue {
        concurrency: 3,
        per_hour: 0.9 * 30.0 * 3600.0 / 600.0,
        ..mmc(10, 0.0, 600.0, 240.0, 4.0)
    };
    check(
        "chat 10×3 ρ=0.9",
        Queue {
            within_s: 30.0,
            ..q
        },
        40,
    );
}

#[test]
fn chat_concurrency_with_abandonment_is_erlang_a() {
    // 25 agents × 2 chats = 50 servers at load 1.0.
    let q = Queue {
        concurrency: 2,
        per_hour: 50.0 * 3600.0 / 480.0,
        patience_s: Some(120.0),
        ..mmc(25, 0.0, 480.0, 60.0, 3.0)
    };
    check(
        "chat 25×2+M ρ=1.0",
        Queue {
            within_s: 30.0,
            ..q
        },
        40,
    );
}

/// Issue 10: the per-interval service level of `intervals.csv` is the pooled ratio
/// over replications (all answered in time ÷ all offered in the interval), which
/// estimates the stationary Erlang C value. The mean of each replication's own
/// ratio, skipping replications without contacts — the estimator `intervals.csv`
/// used before — is biased on hourly intervals that see few contacts: an hour with
/// few arrivals has little queueing and counts as much as a busy one.
#[test]
fn interval_service_level_is_the_pooled_ratio_and_matches_erlang_c() {
    let q = Queue {
        agents: 2,
        per_hour: 7.2,
        aht_s: 600.0,
        patience_s: None,
        concurrency: 1,
        within_s: 60.0,
        horizon_h: 14.0,
        warmup_h: 0.0,
    };
    let text = q.toml().replacen("drain", "interval = \"1h\"\ndrain", 1);
    let params = QueueParams {
        servers: 2,
        arrival_rate: q.per_hour / 3600.0,
        service_rate: 1.0 / q.aht_s,
        abandon_rate: 0.0,
    };
    let exact = evaluate(&params, q.within_s)
        .expect("analytic model")
        .service_level;
    let reps = 2000;
    let (m, r) = run(&text, 2026, reps);
    let sl = INTERVAL_KPIS
        .iter()
        .position(|&k| k == Kpi::ServiceLevel)
        .unwrap();
    // Hours 4, 7, 10 and 13: past the initial transient (ρ = 0.6, 10-minute
    // handle times), far enough apart to be nearly independent.
    let hours = [4, 7, 10, 13];
    let mut own = vec![Vec::new(); hours.len()];
    for rep in 0..u64::from(reps) {
        let t = simulate(&m, 2026, rep, &mut ()).unwrap().intervals;
        for (v, &i) in own.iter_mut().zip(&hours) {
            let c = t.channel(i, 0);
            v.push(c.within_sl as f64 / c.offered as f64);
        }
    }
    for (v, &i) in own.iter().zip(&hours) {
        let band = &r.intervals.bands[i][sl];
        let (mean, ci95) = (band.mean(), band.ci95());
        let inside = |x: f64| (x - mean).abs() <= CI_WIDEN * ci95;
        assert!(
            inside(exact),
            "hour {i}: Erlang C {exact:.4} outside the {CI_WIDEN}× widened CI of \
             {mean:.4} ± {ci95:.4}"
        );
        // NaN (no contacts in the hour) is skipped, as the old estimator did.
        let old = KpiStats::from_values(v).unwrap().mean;
        assert!(
            !inside(old),
            "hour {i}: the CI {mean:.4} ± {ci95:.4} cannot tell Erlang C {exact:.4} \
             from the mean of the replications' own ratios {old:.4}: no power"
        );
    }
}
