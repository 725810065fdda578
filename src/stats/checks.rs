//! Target checks replication by replication, counted as the replications are
//! folded in: how often each target held, held vacuously, was missed or went
//! unanswered, and how often all held together.

use serde::Serialize;

use super::kpi::{Kpis, value};
use crate::kpi::Kpi;
use crate::model::{Scope, Target, Targets};

/// How one target fared in one replication (or, in a plan's replications taken
/// together, its standing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    /// The KPI respected the bound.
    Held,
    /// The KPI has no value because nothing was offered in the target's scope (or,
    /// for occupancy, no agent worked): there was nothing to fall short on, so the
    /// target holds.
    Vacuous,
    /// The KPI broke the bound.
    Missed,
    /// Contacts were offered in the target's scope but none was answered, so a KPI
    /// measured over answered contacts (ASA, a wait percentile) has no value: the
    /// target is not met.
    Unanswered,
}

impl Check {
    /// Whether the target counts as met.
    pub fn holds(self) -> bool {
        matches!(self, Check::Held | Check::Vacuous)
    }

    /// Checks `target` in a replication whose overall KPIs are `overall` and whose
    /// channels' are `channels` (in model order).
    pub fn of(target: &Target, overall: &Kpis, channels: &[Kpis]) -> Self {
        let kpis = match target.scope {
            Scope::Overall | Scope::Pooled => Some(overall),
            Scope::Channel(c) => channels.get(c),
        };
        let at = |kpi: Kpi| kpis.and_then(|k| value(k, kpi)).unwrap_or(f64::NAN);
        let value = at(target.kpi);
        if target.bound.holds(value) {
            Check::Held
        } else if !value.is_nan() {
            Check::Missed
        } else if target.kpi.over_answered() && at(Kpi::Offered) > 0.0 && at(Kpi::Handled) == 0.0 {
            Check::Unanswered
        } else {
            Check::Vacuous
        }
    }
}

/// Counts of the checks of a study's targets over a plan's replications.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetCounts {
    /// Replications checked.
    pub replications: u64,
    /// Replications in which every target held.
    pub all_held: u64,
    /// Per target (in the study's order), replications per [`Check`], in the
    /// enum's order.
    per_target: Vec<[u64; 4]>,
}

impl TargetCounts {
    /// No replication checked yet against `targets`.
    pub fn new(targets: &Targets) -> Self {
        TargetCounts {
            replications: 0,
            all_held: 0,
            per_target: vec![[0; 4]; targets.list.len()],
        }
    }

    /// Checks `targets` in one replication (see [`Check::of`]); returns whether all
    /// held.
    pub fn add(&mut self, targets: &Targets, overall: &Kpis, channels: &[Kpis]) -> bool {
        let mut all = true;
        for (t, counts) in targets.list.iter().zip(&mut self.per_target) {
            let check = Check::of(t, overall, channels);
            counts[check as usize] += 1;
            all &= check.holds();
        }
        self.replications += 1;
        self.all_held += u64::from(all);
        all
    }

    /// Replications in which target `k` fared as `check`.
    pub fn count(&self, k: usize, check: Check) -> u64 {
        self.per_target[k][check as usize]
    }
}
