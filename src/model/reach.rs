//! Targets no staffing can reach: a CSAT above the teams' ceiling, or an abandon
//! rate or service level that contacts lost while a channel is closed rule out.
//!
//! Adding agents shortens waits; it cannot make teams more satisfying than they are
//! when nobody waits ([`csat_ceiling`]), and it cannot answer a contact lost because
//! it arrived while its channel was closed (`when_closed = "lost"`): those count as
//! offered and abandoned, outside the service level.

use super::ceiling::{closed, scope_csat_ceiling};
use super::centre::Model;
use super::study::{Bound, Scope, Study};
use crate::kpi::Kpi;

#[cfg(doc)]
use super::ceiling::csat_ceiling;

/// What puts a target out of reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// A CSAT target above the teams' CSAT ceiling (quality and resolution).
    CsatCeiling,
    /// An abandon-rate or service-level target that the contacts lost while the
    /// channel is closed rule out (opening hours).
    LostWhileClosed,
}

/// A target no plan can meet by adding agents.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Unreachable {
    /// Index of the target in the study's list.
    pub target: usize,
    /// The best any plan can reach: the highest CSAT ceiling or service level, or
    /// the lowest abandon rate.
    pub limit: f64,
    /// Why.
    pub limit_kind: Limit,
}

/// The expected share of the offered contacts of `scope` lost because they arrive
/// while their channel is closed. A contact moved to another channel while its own
/// is closed is offered once, on the channel that takes it.
pub fn lost_share(model: &Model, scope: Scope) -> f64 {
    let rate = |c: usize| model.channels[c].mean_rate(model.horizon_s);
    let all = 0..model.channels.len();
    let (lost, offered) = match scope {
        Scope::Overall | Scope::Pooled => (
            all.clone()
                .map(|c| rate(c) * closed(model, c).0)
                .sum::<f64>(),
            all.map(rate).sum::<f64>(),
        ),
        Scope::Channel(c) => {
            let (lost, moved) = closed(model, c);
            let moved_away = moved.map_or(0.0, |(_, share)| share);
            let moved_in: f64 = all
                .filter_map(|from| match closed(model, from).1 {
                    Some((to, share)) if to == c => Some(rate(from) * share),
                    _ => None,
                })
                .sum();
            (rate(c) * lost, rate(c) * (1.0 - moved_away) + moved_in)
        }
    };
    if offered > 0.0 { lost / offered } else { 0.0 }
}

/// The best plan `model` can reach on target KPI `kpi` over `scope` whatever its
/// staffing, where that is limited and `kpi` is one of the limited KPIs.
fn limit(model: &Model, kpi: Kpi, scope: Scope) -> Option<(f64, Limit)> {
    match kpi {
        Kpi::Csat => Some((scope_csat_ceiling(model, scope), Limit::CsatCeiling)),
        Kpi::AbandonRate => Some((lost_share(model, scope), Limit::LostWhileClosed)),
        Kpi::ServiceLevel => Some((1.0 - lost_share(model, scope), Limit::LostWhileClosed)),
        _ => None,
    }
}

/// The first target of `study` that no plan can meet by adding agents, with the
/// best limit among the plans.
pub fn unreachable(study: &Study) -> Option<Unreachable> {
    let targets = study.targets.as_ref()?;
    targets.list.iter().enumerate().find_map(|(i, t)| {
        let limits: Vec<(f64, Limit)> = (study.plans.iter())
            .filter_map(|p| limit(&p.model, t.kpi, t.scope))
            .collect();
        let &(_, limit_kind) = limits.first()?;
        let values = limits.iter().map(|(x, _)| *x);
        let (limit, out_of_reach) = match t.bound {
            Bound::AtLeast(b) => {
                let best = values.fold(f64::NEG_INFINITY, f64::max);
                (best, b > best)
            }
            Bound::AtMost(b) => {
                let best = values.fold(f64::INFINITY, f64::min);
                (best, b < best)
            }
        };
        out_of_reach.then_some(Unreachable {
            target: i,
            limit,
            limit_kind,
        })
    })
}
