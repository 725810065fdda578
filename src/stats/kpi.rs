//! KPIs of one replication, derived from its tallies, with the SPEC names.
//!
//! Ratios are taken within the replication (e.g. `asa_s` = total wait of handled
//! contacts ÷ handled); their distribution across replications is
//! [`super::summary`]'s business. A KPI with no data (ASA of a channel nobody was
//! answered on) is `NaN` and is left out of the cross-replication statistics.

use super::{ChannelTally, ReplicationResult, TeamTally};

/// Named KPI values in a fixed order.
pub type Kpis = Vec<(&'static str, f64)>;

/// Quantiles of the wait of handled contacts that are reported, with their names.
const WAIT_QUANTILES: [(&str, f64); 5] = [
    ("wait_p50_s", 0.50),
    ("wait_p80_s", 0.80),
    ("wait_p90_s", 0.90),
    ("wait_p95_s", 0.95),
    ("wait_p99_s", 0.99),
];

/// `num ÷ den`, or NaN ("no data") when the denominator is not positive.
pub(crate) fn ratio(num: f64, den: f64) -> f64 {
    if den > 0.0 { num / den } else { f64::NAN }
}

/// Contact KPIs shared by channels and the overall view.
fn contact_kpis(t: &ChannelTally, r: &ReplicationResult) -> Kpis {
    let offered = t.offered as f64;
    // Abandoned and backlog contacts count as dissatisfied.
    let dissatisfied = offered - t.satisfied;
    let churned = dissatisfied * r.churn.if_dissatisfied;
    let mut k = vec![
        ("offered", offered),
        ("handled", t.handled as f64),
        ("abandoned", t.abandoned as f64),
        ("backlog", t.backlog as f64),
        ("abandon_rate", ratio(t.abandoned as f64, offered)),
        ("asa_s", ratio(t.wait_handled_s, t.handled as f64)),
        ("mean_wait_s", ratio(t.wait_all_s, offered)),
        ("p_wait", ratio(t.waited as f64, offered)),
        ("service_level", ratio(t.within_sl as f64, offered)),
        ("csat", ratio(t.satisfied, offered)),
        ("fcr", ratio(t.resolved, t.handled as f64)),
        ("escalations", t.escalations as f64),
        ("repeats", t.repeats as f64),
        (
            "resolution_time_s",
            ratio(t.resolution_s, t.resolved_issues),
        ),
        ("resolved", t.resolved_issues),
        ("dissatisfied", dissatisfied),
        ("churned", churned),
        ("churn_cost", churned * r.churn.customer_value),
    ];
    for (name, q) in WAIT_QUANTILES {
        let v = if t.waits_ms.is_empty() {
            f64::NAN
        } else {
            t.waits_ms
                .median_equivalent(t.waits_ms.value_at_quantile(q)) as f64
                / 1000.0
        };
        k.push((name, v));
    }
    k.push(("aht_s", ratio(t.handle_s, t.handled as f64)));
    k.push(("queue_mean", ratio(t.queue_s, r.window_s)));
    k
}

/// KPIs of channel `c`.
pub fn channel_kpis(r: &ReplicationResult, c: usize) -> Kpis {
    contact_kpis(&r.channels[c], r)
}

/// KPIs of team `k`.
pub fn team_kpis(r: &ReplicationResult, k: usize) -> Kpis {
    team_like(&r.teams[k], r)
}

fn team_like(t: &TeamTally, r: &ReplicationResult) -> Kpis {
    let mut k = vec![
        ("handled", t.handled as f64),
        ("aht_s", ratio(t.handle_s, t.handled as f64)),
        ("occupancy", ratio(t.busy_agent_s, t.present_agent_s)),
        ("agents_available", ratio(t.available_agent_s, r.window_s)),
        ("paid_hours", t.paid_agent_s / 3600.0),
        ("csat", ratio(t.satisfied, t.handled as f64)),
        ("fcr", ratio(t.resolved, t.handled as f64)),
        ("escalations", t.escalations as f64),
        ("hires", t.hires as f64),
        ("leavers", t.leavers as f64),
    ];
    if r.has_costs {
        let c = &t.cost;
        k.push(("cost_total", c.total()));
        k.extend(c.components());
        k.push(("cost_per_contact", ratio(c.total(), t.handled_all as f64)));
    }
    k
}

/// KPIs over all channels and teams. Service level counts each contact against its
/// own channel's threshold.
pub fn overall_kpis(r: &ReplicationResult) -> Kpis {
    let mut all = ChannelTally::new();
    for t in &r.channels {
        all.merge(t);
    }
    let mut k = contact_kpis(&all, r);
    let mut team = TeamTally::default();
    for t in &r.teams {
        team.merge(t);
    }
    let tk = team_like(&team, r);
    k.extend(tk.into_iter().filter(|(n, _)| {
        matches!(
            *n,
            "occupancy" | "agents_available" | "paid_hours" | "hires" | "leavers"
        ) || n.starts_with("cost_")
    }));
    if r.has_costs {
        k.push((
            "cost_per_resolved",
            ratio(team.cost.total(), all.resolved_issues),
        ));
        let churn_cost = k
            .iter()
            .find(|(n, _)| *n == "churn_cost")
            .map_or(0.0, |(_, v)| *v);
        k.push(("cost_with_churn", team.cost.total() + churn_cost));
    }
    k
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::IntervalTally;

    #[test]
    fn wait_percentiles_are_within_one_percent() {
        let mut t = ChannelTally::new();
        // 1..=1000 s, plus 1000 zero waits: the median is 0, p80 = 600 s, p90 = 800 s.
        for s in 1..=1000 {
            t.record_wait(f64::from(s));
            t.record_wait(0.0);
        }
        t.flush_waits();
        t.offered = 2000;
        t.handled = 2000;
        let r = ReplicationResult {
            channels: vec![t],
            teams: Vec::new(),
            intervals: IntervalTally::new(0, 1, 0),
            window_s: 1.0,
            unstable_at_s: None,
            has_costs: false,
            churn: crate::model::Churn {
                if_dissatisfied: 0.52,
                customer_value: 0.0,
            },
        };
        let k: std::collections::HashMap<_, _> = channel_kpis(&r, 0).into_iter().collect();
        assert_eq!(k["wait_p50_s"], 0.0);
        for (name, exact) in [
            ("wait_p80_s", 600.0),
            ("wait_p90_s", 800.0),
            ("wait_p99_s", 980.0),
        ] {
            assert!(
                (k[name] / exact - 1.0).abs() < 0.01,
                "{name} = {}, exact {exact}",
                k[name]
            );
        }
    }
}
