//! Typed warnings about a run: undeliverable hiring, unreachable targets, overload, backlog.
//!
//! Hiring that cannot deliver a plan's headcount, a target no staffing can reach,
//! replications stopped by an overload, and backlog left at the end.

use crate::kpi::Kpi;
use crate::model::{StaffingWarning, Study, Unreachable};
use crate::runner::{MAX_WAITING, PlanResult, RunConfig};

/// Share of a channel's offered contacts still waiting at the end above which the
/// backlog is worth a warning.
const BACKLOG_SHARE: f64 = 0.01;

/// A problem the planner must know about.
#[derive(Debug, Clone, PartialEq)]
pub enum Warning {
    /// Hiring cannot deliver a headcount increase, in these plans (indices).
    Staffing {
        /// The plans the warning holds for, in plan order.
        plans: Vec<usize>,
        /// What cannot be delivered.
        warning: StaffingWarning,
    },
    /// Replications of a plan stopped early because the queue grew without bound.
    Unstable {
        /// The plan.
        plan: usize,
        /// How many replications stopped.
        stopped: u64,
        /// Replications run.
        replications: u32,
        /// The number of waiting contacts that stops a replication.
        max_waiting: usize,
        /// Simulated time at which the first of them stopped, seconds.
        first_at_s: f64,
    },
    /// Many of a channel's contacts were still waiting at the end of the drain.
    Backlog {
        /// The plan.
        plan: usize,
        /// The channel (index into the plan's model).
        channel: usize,
        /// Contacts offered, over all replications.
        offered: f64,
        /// Contacts still waiting at the end, over all replications.
        backlog: f64,
    },
    /// A target no plan can meet by adding agents (a CSAT above the teams'
    /// ceiling, or contacts lost while a channel is closed).
    Unreachable(Unreachable),
}

/// The staffing warnings of the study's plans, each once with the plans it
/// concerns (the same warning usually holds for many plans).
pub fn staffing_warnings(study: &Study) -> Vec<Warning> {
    let mut out: Vec<Warning> = Vec::new();
    for (i, plan) in study.plans.iter().enumerate() {
        for w in plan.model.staffing_warnings() {
            let seen = out.iter_mut().find_map(|o| match o {
                Warning::Staffing { plans, warning } if *warning == w => Some(plans),
                _ => None,
            });
            match seen {
                Some(plans) => plans.push(i),
                None => out.push(Warning::Staffing {
                    plans: vec![i],
                    warning: w,
                }),
            }
        }
    }
    out
}

/// The warning that a target cannot be met by adding agents, if one cannot.
pub fn ceiling_warning(study: &Study) -> Option<Warning> {
    crate::model::unreachable(study).map(Warning::Unreachable)
}

/// Every warning about a run: staffing first, then an unreachable target, then
/// per plan overload and backlog.
pub(super) fn warnings(study: &Study, config: RunConfig, plans: &[PlanResult]) -> Vec<Warning> {
    let mut out = staffing_warnings(study);
    out.extend(ceiling_warning(study));
    for (i, plan) in plans.iter().enumerate() {
        if let Some((_, first_at_s)) = plan.unstable.first {
            out.push(Warning::Unstable {
                plan: i,
                stopped: plan.unstable.count,
                replications: config.replications,
                max_waiting: MAX_WAITING,
                first_at_s,
            });
        }
        for (c, series) in plan.channels.iter().enumerate() {
            let (offered, backlog) = (series.total(Kpi::Offered), series.total(Kpi::Backlog));
            if offered > 0.0 && backlog / offered > BACKLOG_SHARE {
                out.push(Warning::Backlog {
                    plan: i,
                    channel: c,
                    offered,
                    backlog,
                });
            }
        }
    }
    out
}
