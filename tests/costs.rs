//! Costs of fixed schedules equal the hand computation, and plans are ranked by them.

use staffmix::engine::simulate;
use staffmix::kpi::Kpi;

use crate::common::model;

/// Starts on Wednesday 10:00 so the night window is offset from simulated time 0.
const PRICED: &str = r#"
horizon = "2d"
start = 2026-03-04T10:00:00
[channels.c]
volume_per_hour = 30
handle_time = { mean = "4m" }
[teams.core]
kind = "in_house"
shifts = [ { days = "all", start = "06:00", end = "14:00", agents = 9 },
           { days = "all", start = "14:00", end = "23:00", agents = 5 } ]
skills = { c = 1.0 }
shrinkage = 0.3
wage = 20.0
overhead = 0.5
night_premium = 0.2
night = { start = "21:00", end = "07:00" }
supervisors = { span = 4, wage = 30.0 }
[teams.hourly]
kind = "outsourced"
agents = 2
schedule = "24/7"
skills = { c = 1.0 }
price = { per_hour = 12.5 }
[teams.tickets]
kind = "outsourced"
agents = 1
schedule = "24/7"
skills = { c = 1.0 }
price = { per_ticket = 2.0, monthly_minimum = 1000 }
"#;

#[test]
fn fixed_schedule_costs_equal_the_hand_computation() {
    let m = model(PRICED);
    let r = simulate(&m, 1, 0, &mut ()).unwrap();
    // Simulated 48 h from Wed 10:00 to Fri 10:00. Shift 06–14 (9 agents) covers
    // 10–14 Wed, 06–14 Thu, 06–10 Fri = 4 + 8 + 4 = 16 h; shift 14–23 (5 agents)
    // covers Wed and Thu = 18 h. Paid: 9·16 + 5·18 = 234 agent-h (shrinkage is paid).
    let core = &r.teams[0].spend.cost;
    assert_eq!(core.wages, 20.0 * 234.0);
    // Night 21:00–07:00: early shift 06–07 on Thu and Fri (9 agents × 2 h), late shift
    // 21–23 on Wed and Thu (5 agents × 4 h): 18 + 20 = 38 agent-h at +20 %.
    assert_eq!(core.night_premium, 20.0 * 0.2 * 38.0);
    // Leads: ceil(9/4) = 3 for 16 h, ceil(5/4) = 2 for 18 h = 84 lead-h.
    assert_eq!(core.supervision, 30.0 * 84.0);
    assert_eq!(core.overhead, 0.5 * (20.0 * 234.0 + 30.0 * 84.0));
    assert_eq!(core.vendor, 0.0);
    // Hourly vendor: 2 agents × 48 h.
    assert_eq!(r.teams[1].spend.cost.vendor, 12.5 * 96.0);
    // Per-ticket vendor: the larger of 2 per handled ticket and the prorated minimum.
    let handled = r.teams[2].spend.served as f64;
    let minimum = 1000.0 * 2.0 / (365.25 / 12.0);
    assert_eq!(r.teams[2].spend.cost.vendor, (2.0 * handled).max(minimum));
    assert!(handled > 0.0);
}

#[test]
fn cost_kpis_add_up_and_rank_plans() {
    let text = format!(
        "{PRICED}\n[[plans]]\nname = \"bigger vendor\"\nteams.hourly.agents = 4\n[targets]\nabandon_rate = 0.5\nconfidence = 0.5\n"
    );
    let study = staffmix::scenario::parse_study("t.toml", &text).unwrap();
    let result = staffmix::runner::run_study(
        &study,
        staffmix::runner::RunConfig {
            seed: 3,
            replications: 4,
        },
        |_, _| {},
    )
    .unwrap();
    let plans = &result.plans;
    let base = plans[0].overall.stats();
    let parts: f64 = [
        Kpi::CostWages,
        Kpi::CostOverhead,
        Kpi::CostNightPremium,
        Kpi::CostSupervision,
        Kpi::CostVendor,
    ]
    .iter()
    .map(|k| base[k].mean)
    .sum();
    assert!((base[&Kpi::CostTotal].mean - parts).abs() < 1e-6 * parts);
    let team_sum: f64 = plans[0]
        .teams
        .iter()
        .map(|t| t.mean(Kpi::CostTotal).unwrap())
        .sum();
    assert!((base[&Kpi::CostTotal].mean - team_sum).abs() < 1e-6 * team_sum);
    // Both plans meet the loose target; the cheaper (base) is recommended on cost.
    let config = staffmix::runner::RunConfig {
        seed: 3,
        replications: 4,
    };
    let run = staffmix::analysis::analyse(&study, config, result);
    let reason = staffmix::report::reason(&run);
    assert_eq!(run.decision.plan, Some(0), "{reason}");
    assert!(reason.contains("total cost"), "{reason}");
    assert_eq!(staffmix::analysis::cost_kpi(&study), Kpi::CostTotal);
}

/// A team of 4 at wage 20 around the clock, nothing else priced, over 3 days with
/// a warm-up of `warmup`.
fn constant_team(warmup: &str) -> String {
    format!(
        r#"
horizon = "3d"
warmup = "{warmup}"
[channels.c]
volume_per_hour = 10
handle_time = {{ mean = "4m" }}
[teams.core]
kind = "in_house"
agents = 4
schedule = "24/7"
skills = {{ c = 1.0 }}
wage = 20.0
"#
    )
}

/// The overall KPI `name` of one replication of `text`.
fn overall(text: &str, name: &str) -> f64 {
    let r = simulate(&model(text), 5, 0, &mut ()).unwrap();
    let kpis = staffmix::stats::kpi::overall_kpis(&r);
    kpis.iter()
        .find(|(k, _)| k.name() == name)
        .unwrap_or_else(|| panic!("{name} is not measured"))
        .1
        .value()
}

#[test]
fn cost_total_covers_the_statistics_window_and_cost_warmup_the_warm_up() {
    // 4 agents × 20 an hour: 80 an hour, every hour of the horizon.
    let none = constant_team("0h");
    assert_eq!(overall(&none, "cost_total"), 80.0 * 72.0);
    assert_eq!(overall(&none, "cost_warmup"), 0.0);
    assert_eq!(overall(&none, "cost_with_warmup"), 80.0 * 72.0);
    assert_eq!(overall(&none, "paid_hours"), 4.0 * 72.0);
    let warm = constant_team("30h");
    assert_eq!(overall(&warm, "cost_total"), 80.0 * 42.0);
    assert_eq!(overall(&warm, "cost_warmup"), 80.0 * 30.0);
    assert_eq!(overall(&warm, "cost_with_warmup"), 80.0 * 72.0);
    assert_eq!(overall(&warm, "paid_hours"), 4.0 * 42.0);
    assert_eq!(overall(&warm, "paid_hours_warmup"), 4.0 * 30.0);
    assert_eq!(overall(&warm, "paid_hours_with_warmup"), 4.0 * 72.0);
    // Churn and staffing cost over the same window.
    let churn = overall(&warm, "churn_cost");
    assert_eq!(overall(&warm, "cost_with_churn"), 80.0 * 42.0 + churn);
}

/// Every kind of cost, with attrition (random hires and leavers), training, a
/// per-ticket vendor without a minimum and a headcount change inside the warm-up.
fn every_cost(warmup: &str) -> String {
    format!(
        r#"
horizon = "6d"
warmup = "{warmup}"
start = 2026-03-04T10:00:00
[channels.c]
volume_per_hour = 40
handle_time = {{ mean = "4m" }}
[teams.core]
kind = "in_house"
agents = [ {{ from = 2026-03-05, to = 2026-03-06, agents = 6 }}, {{ agents = 4 }} ]
schedule = "24/7"
skills = {{ c = 1.0 }}
attrition = 20
hiring_lag = "6h"
training = "10h"
hiring_cost = 900
wage = 20.0
overhead = 0.4
night_premium = 0.2
supervisors = {{ span = 4, wage = 30.0 }}
[teams.hourly]
kind = "outsourced"
agents = [ {{ from = 2026-03-05, to = 2026-03-06, agents = 3 }}, {{ agents = 1 }} ]
schedule = "24/7"
skills = {{ c = 1.0 }}
training = "10h"
price = {{ per_hour = 12.5 }}
onboarding_fee = 300
vendor_management = {{ hours_per_week = 14, wage = 50 }}
[teams.tickets]
kind = "outsourced"
agents = 1
schedule = "24/7"
skills = {{ c = 1.0 }}
price = {{ per_ticket = 2.0 }}
"#
    )
}

#[test]
fn window_and_warm_up_costs_add_up_to_the_cost_of_the_whole_horizon() {
    // The warm-up changes what is measured, never what happens: so the two periods
    // of a run with a warm-up add up, component by component, to the one period of
    // the same run without.
    let close = |x: f64, y: f64| (x - y).abs() <= 1e-9 * (1.0 + x.abs().max(y.abs()));
    for rep in 0..3 {
        let whole = simulate(&model(&every_cost("0h")), 9, rep, &mut ()).unwrap();
        let split = simulate(&model(&every_cost("2d")), 9, rep, &mut ()).unwrap();
        let mut hires = 0;
        for (w, s) in whole.teams.iter().zip(&split.teams) {
            assert_eq!(w.warmup.cost.total(), 0.0);
            let mut sum = s.warmup;
            sum += s.spend;
            assert_eq!(sum.hires, w.spend.hires, "rep {rep}");
            assert_eq!(sum.leavers, w.spend.leavers, "rep {rep}");
            assert_eq!(sum.served, w.spend.served, "rep {rep}");
            assert!(close(sum.paid_agent_s, w.spend.paid_agent_s), "rep {rep}");
            for ((kpi, a), (_, b)) in sum.cost.components().iter().zip(w.spend.cost.components()) {
                assert!(close(*a, b), "rep {rep}: {kpi} {a} ≠ {b}");
            }
            hires += s.warmup.hires;
            // Both periods cost something: each is a real part of the whole.
            assert!(s.warmup.cost.total() > 0.0 && s.spend.cost.total() > 0.0);
        }
        // The headcount rise of the warm-up is hired (and paid) there.
        assert!(hires >= 2, "rep {rep}: {hires} hires in the warm-up");
    }
}

#[test]
fn a_hire_during_the_warm_up_is_warm_up_cost() {
    // Two seats added a day into a 2-day warm-up, dropped again at its end: their
    // hiring, training and paid time are all preparation.
    let text = r#"
horizon = "3d"
warmup = "2d"
start = 2026-03-02T00:00:00
[channels.c]
volume_per_hour = 10
handle_time = { mean = "4m" }
[teams.core]
kind = "in_house"
agents = [ { from = 2026-03-03, to = 2026-03-04, agents = 5 }, { agents = 3 } ]
schedule = "24/7"
skills = { c = 1.0 }
training = "12h"
hiring_cost = 1000
wage = 20.0
"#;
    let r = simulate(&model(text), 1, 0, &mut ()).unwrap();
    let core = &r.teams[0];
    assert_eq!((core.warmup.hires, core.spend.hires), (2, 0));
    let (prep, window) = (&core.warmup.cost, &core.spend.cost);
    assert_eq!(prep.hiring, 2000.0);
    // Seats held: 3 × 48 h + 2 × 24 h, of which 2 × 12 h in training.
    assert_eq!(prep.training, 20.0 * 24.0);
    assert_eq!(prep.wages, 20.0 * (144.0 + 48.0 - 24.0));
    assert_eq!((window.hiring, window.training), (0.0, 0.0));
    assert_eq!(window.wages, 20.0 * 3.0 * 24.0);
}

#[test]
fn a_monthly_minimum_is_prorated_over_each_period() {
    // A per-ticket vendor with few tickets: each period pays its share of the
    // monthly minimum, 4 days of warm-up and 3 days of statistics window.
    let text = r#"
horizon = "7d"
warmup = "4d"
[channels.c]
volume_per_hour = 1
handle_time = { mean = "4m" }
[teams.tickets]
kind = "outsourced"
agents = 1
schedule = "24/7"
skills = { c = 1.0 }
price = { per_ticket = 2.0, monthly_minimum = 10000 }
"#;
    let r = simulate(&model(text), 1, 0, &mut ()).unwrap();
    let t = &r.teams[0];
    let month_days = 365.25 / 12.0;
    let close = |x: f64, y: f64| (x - y).abs() <= 1e-9 * y;
    assert!(close(t.warmup.cost.vendor, 10_000.0 * 4.0 / month_days));
    assert!(close(t.spend.cost.vendor, 10_000.0 * 3.0 / month_days));
    assert!(t.warmup.served > 0 && t.spend.served > 0);
    assert!(2.0 * (t.spend.served as f64) < t.spend.cost.vendor);
}

#[test]
fn plans_are_ranked_counting_warm_up_preparation() {
    // "lean window" staffs 7 agents through the day-long warm-up and 3 after it;
    // "steady" 4 throughout. Over the statistics window "lean window" is cheaper
    // (3 < 4 agents), but counting its preparation it costs 7 + 3 = 10 agent-days
    // against 8: "steady" is recommended.
    let text = r#"
horizon = "2d"
warmup = "1d"
start = 2026-03-02T00:00:00
[channels.c]
volume_per_hour = 6
handle_time = { mean = "4m" }
[teams.core]
kind = "in_house"
agents = 4
schedule = "24/7"
skills = { c = 1.0 }
wage = 20.0
[[plans]]
name = "lean window"
teams.core.agents = [ { from = 2026-03-02, to = 2026-03-03, agents = 7 }, { agents = 3 } ]
[targets]
abandon_rate = 0.5
confidence = 0.5
"#;
    let study = staffmix::scenario::parse_study("t.toml", text).unwrap();
    let config = staffmix::runner::RunConfig {
        seed: 3,
        replications: 4,
    };
    let run = staffmix::runner::run_study(&study, config, |_, _| {}).unwrap();
    let mean = |p: usize, k: Kpi| run.plans[p].overall.mean(k).unwrap();
    assert!(mean(1, Kpi::CostTotal) < mean(0, Kpi::CostTotal));
    assert_eq!(mean(0, Kpi::CostWithWarmup), 20.0 * 4.0 * 48.0);
    assert_eq!(mean(1, Kpi::CostWithWarmup), 20.0 * (7.0 + 3.0) * 24.0);
    assert_eq!(staffmix::analysis::cost_kpi(&study), Kpi::CostWithWarmup);
    let run = staffmix::analysis::analyse(&study, config, run);
    let reason = staffmix::report::reason(&run);
    assert_eq!(run.decision.plan, Some(0), "{reason}");
    assert!(
        reason.contains("cheapest plan counting warm-up preparation"),
        "{reason}"
    );
    assert!(
        reason.contains("cost over the statistics window plus warm-up preparation"),
        "{reason}"
    );
}
