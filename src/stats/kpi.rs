//! KPIs of one replication, derived from its tallies, keyed by the catalogue's
//! [`Kpi`].
//!
//! A ratio KPI (those the catalogue aggregates as [`Aggregate::Ratio`]) is measured
//! as its numerator and denominator (e.g. `asa_s` = total wait of handled contacts ÷
//! handled), so that across replications it is estimated by pooling them
//! ([`super::ratio`]); any other KPI is a plain value. A KPI with no data (ASA of a
//! channel nobody was answered on) has no value in that replication. Each scope's
//! KPIs are listed in the order the outputs show them.
//!
//! [`Aggregate::Ratio`]: crate::kpi::Aggregate::Ratio

use super::ratio::Measure;
use super::tally::{ChannelTally, ReplicationResult, TeamTally};
use crate::kpi::Kpi;

/// KPI measures in a fixed order.
pub type Kpis = Vec<(Kpi, Measure)>;

/// The value of `kpi` in `kpis`, if measured (NaN: no data).
pub fn value(kpis: &Kpis, kpi: Kpi) -> Option<f64> {
    kpis.iter().find(|(k, _)| *k == kpi).map(|(_, m)| m.value())
}

/// Quantiles of the wait of handled contacts that are reported, with their KPIs.
const WAIT_QUANTILES: [(Kpi, f64); 5] = [
    (Kpi::WaitP50, 0.50),
    (Kpi::WaitP80, 0.80),
    (Kpi::WaitP90, 0.90),
    (Kpi::WaitP95, 0.95),
    (Kpi::WaitP99, 0.99),
];

/// The ratio KPI `num ÷ den` (no value when the denominator is not positive).
fn ratio(num: f64, den: f64) -> Measure {
    Measure::ratio(num, den)
}

/// A time average over the statistics window: a plain value, as the window is the
/// same in every replication.
fn per_window(integral: f64, r: &ReplicationResult) -> Measure {
    Measure::ratio(integral, r.window_s).value().into()
}

/// Contact KPIs shared by channels and the overall view.
fn contact_kpis(t: &ChannelTally, r: &ReplicationResult) -> Kpis {
    let offered = t.offered as f64;
    // Per customer: an issue churns its customer at most once, however often it
    // comes back.
    let churned = t.dissatisfied * r.churn.if_dissatisfied;
    let mut k = vec![
        (Kpi::Offered, offered.into()),
        (Kpi::Handled, (t.handled as f64).into()),
        (Kpi::Abandoned, (t.abandoned as f64).into()),
        (Kpi::Backlog, (t.backlog as f64).into()),
        (Kpi::AbandonRate, ratio(t.abandoned as f64, offered)),
        (Kpi::Asa, ratio(t.wait_handled_s, t.handled as f64)),
        (Kpi::MeanWait, ratio(t.wait_all_s, offered)),
        (Kpi::PWait, ratio(t.waited as f64, offered)),
        (Kpi::ServiceLevel, ratio(t.within_sl as f64, offered)),
        (Kpi::Csat, ratio(t.satisfied, offered)),
        (Kpi::Fcr, ratio(t.resolved, t.handled as f64)),
        (Kpi::Escalations, (t.escalations as f64).into()),
        (Kpi::Repeats, (t.repeats as f64).into()),
        (Kpi::ClosedLost, (t.closed_lost as f64).into()),
        (Kpi::ClosedWaited, (t.closed_waited as f64).into()),
        (Kpi::Redirected, (t.redirected as f64).into()),
        (
            Kpi::ResolutionTime,
            ratio(t.resolution_s, t.resolved_issues),
        ),
        (Kpi::Resolved, t.resolved_issues.into()),
        (Kpi::Dissatisfied, t.dissatisfied.into()),
        (Kpi::Churned, churned.into()),
        (Kpi::ChurnCost, (churned * r.churn.customer_value).into()),
    ];
    for (kpi, q) in WAIT_QUANTILES {
        let v = if t.waits_ms.is_empty() {
            f64::NAN
        } else {
            t.waits_ms
                .median_equivalent(t.waits_ms.value_at_quantile(q)) as f64
                / 1000.0
        };
        k.push((kpi, v.into()));
    }
    k.push((Kpi::Aht, ratio(t.handle_s, t.handled as f64)));
    k.push((Kpi::QueueMean, per_window(t.queue_s, r)));
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
        (Kpi::Handled, (t.handled as f64).into()),
        (Kpi::Aht, ratio(t.handle_s, t.handled as f64)),
        (Kpi::Occupancy, ratio(t.busy_agent_s, t.present_agent_s)),
        (Kpi::AgentsAvailable, per_window(t.available_agent_s, r)),
        (Kpi::PaidHours, (t.spend.paid_agent_s / 3600.0).into()),
        (
            Kpi::PaidHoursWarmup,
            (t.warmup.paid_agent_s / 3600.0).into(),
        ),
        (
            Kpi::PaidHoursWithWarmup,
            ((t.spend.paid_agent_s + t.warmup.paid_agent_s) / 3600.0).into(),
        ),
        (Kpi::Csat, ratio(t.satisfied, t.handled as f64)),
        (Kpi::Fcr, ratio(t.resolved, t.handled as f64)),
        (Kpi::Escalations, (t.escalations as f64).into()),
        (Kpi::Hires, (t.spend.hires as f64).into()),
        (Kpi::Leavers, (t.spend.leavers as f64).into()),
    ];
    if r.has_costs {
        let (c, warmup) = (t.spend.cost.total(), t.warmup.cost.total());
        k.push((Kpi::CostTotal, c.into()));
        k.extend(t.spend.cost.components().map(|(kpi, x)| (kpi, x.into())));
        k.push((Kpi::CostWarmup, warmup.into()));
        k.push((Kpi::CostWithWarmup, (c + warmup).into()));
        k.push((Kpi::CostPerContact, ratio(c, t.spend.served as f64)));
    }
    k
}

/// KPIs over all channels and teams: the contact KPIs of the pooled channels, then
/// the staffing KPIs of the pooled teams (those measured per team but not per
/// channel), then the overall-only ones. Service level counts each contact against
/// its own channel's threshold.
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
    k.extend(tk.into_iter().filter(|(kpi, _)| !kpi.scopes().channel));
    if r.has_costs {
        k.push((
            Kpi::CostPerResolved,
            ratio(team.spend.cost.total(), all.resolved_issues),
        ));
        let churn_cost = value(&k, Kpi::ChurnCost).unwrap_or(0.0);
        k.push((
            Kpi::CostWithChurn,
            (team.spend.cost.total() + churn_cost).into(),
        ));
    }
    k
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kpi::{Aggregate, Scopes};
    use crate::stats::IntervalTally;

    /// Two channels served by an in-house team and a vendor, both priced, with
    /// churn, so every KPI of the catalogue is measured.
    const PRICED: &str = r#"
horizon = "2d"
warmup = "2h"
[demand]
customer_value = 120
[channels.phone]
volume_per_hour = 40
handle_time = { mean = "5m" }
patience = { mean = "3m" }
[channels.chat]
volume_per_hour = 25
handle_time = { mean = "8m" }
concurrency = 2
[teams.core]
kind = "in_house"
agents = 3
schedule = "24/7"
skills = { phone = 1.0, chat = 1.0 }
wage = 26.0
overhead = 0.43
night_premium = 0.15
supervisors = { span = 2, wage = 38.0 }
[teams.vendor]
kind = "outsourced"
agents = 2
schedule = "24/7"
skills = { phone = 0.9, chat = 1.0 }
price = { per_hour = 14 }
"#;

    fn priced() -> ReplicationResult {
        let model = crate::scenario::parse("priced.toml", PRICED).unwrap_or_else(|e| panic!("{e}"));
        crate::engine::simulate(&model, 7, 0, &mut ()).expect("simulates")
    }

    /// The KPIs of `kpis`, in order.
    fn measured(kpis: &Kpis) -> Vec<Kpi> {
        kpis.iter().map(|(k, _)| *k).collect()
    }

    /// The catalogue's KPIs whose scopes pass `scope`, sorted.
    fn catalogued(scope: fn(Scopes) -> bool) -> Vec<Kpi> {
        sorted(
            Kpi::ALL
                .iter()
                .copied()
                .filter(|k| scope(k.scopes()))
                .collect(),
        )
    }

    /// `k` by name.
    fn sorted(mut k: Vec<Kpi>) -> Vec<Kpi> {
        k.sort_by_key(|k| k.name());
        k
    }

    #[test]
    fn each_scope_measures_exactly_the_kpis_the_catalogue_gives_it() {
        let r = priced();
        let channel = measured(&channel_kpis(&r, 0));
        assert_eq!(sorted(channel), catalogued(|s| s.channel));
        let team = measured(&team_kpis(&r, 0));
        assert_eq!(sorted(team), catalogued(|s| s.team));
        let overall = measured(&overall_kpis(&r));
        assert_eq!(sorted(overall.clone()), catalogued(|s| s.overall));
        let mut unique = overall.clone();
        unique.dedup();
        assert_eq!(unique, overall, "a KPI is measured twice");
    }

    #[test]
    fn the_catalogues_ratio_kpis_are_measured_as_ratios_and_only_they() {
        // Across replications a ratio pools its numerators and denominators, any
        // other KPI averages its values: one definition, the catalogue's.
        let r = priced();
        let scopes = (0..r.channels.len())
            .map(|c| channel_kpis(&r, c))
            .chain((0..r.teams.len()).map(|k| team_kpis(&r, k)))
            .chain([overall_kpis(&r)]);
        for kpis in scopes {
            for (kpi, m) in kpis {
                let is_ratio = kpi.aggregate() == Aggregate::Ratio;
                // Every denominator here is a count or a time well above 1.
                assert_eq!(m.den > 1.0, is_ratio, "{kpi}: {m:?}");
                assert!(is_ratio || m.den == 1.0, "{kpi}: {m:?}");
            }
        }
    }

    /// `x` equals `y` up to rounding.
    fn close(x: f64, y: f64) -> bool {
        (x - y).abs() <= 1e-9 * (1.0 + x.abs().max(y.abs()))
    }

    #[test]
    fn overall_values_aggregate_the_parts_as_the_catalogue_says() {
        let r = priced();
        let overall = overall_kpis(&r);
        let channels: Vec<Kpis> = (0..r.channels.len()).map(|c| channel_kpis(&r, c)).collect();
        let teams: Vec<Kpis> = (0..r.teams.len()).map(|k| team_kpis(&r, k)).collect();
        let mut checked = 0;
        for &(kpi, m) in &overall {
            let total = m.value();
            // Contact KPIs pool the channels; staffing KPIs pool the teams.
            let parts = match kpi.scopes() {
                Scopes { channel: true, .. } => &channels,
                Scopes { team: true, .. } => &teams,
                _ => continue,
            };
            let values: Vec<f64> = parts
                .iter()
                .filter_map(|p| value(p, kpi))
                .filter(|v| !v.is_nan())
                .collect();
            assert_eq!(values.len(), parts.len(), "{kpi} has no value in some part");
            let (lo, hi) = values
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
                    (lo.min(v), hi.max(v))
                });
            let ok = match kpi.aggregate() {
                Aggregate::Sum => close(total, values.iter().sum()),
                // A pooled ratio or quantile lies between the parts'.
                Aggregate::Ratio | Aggregate::Quantile => {
                    (lo <= total || close(lo, total)) && (total <= hi || close(total, hi))
                }
            };
            assert!(
                ok,
                "{kpi} = {total} overall, parts {values:?} ({:?})",
                kpi.aggregate()
            );
            checked += 1;
        }
        assert!(checked >= 35, "only {checked} KPIs checked");
    }

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
        let k = channel_kpis(&r, 0);
        assert_eq!(value(&k, Kpi::WaitP50), Some(0.0));
        for (kpi, exact) in [
            (Kpi::WaitP80, 600.0),
            (Kpi::WaitP90, 800.0),
            (Kpi::WaitP99, 980.0),
        ] {
            let v = value(&k, kpi).unwrap();
            assert!((v / exact - 1.0).abs() < 0.01, "{kpi} = {v}, exact {exact}");
        }
    }
}
