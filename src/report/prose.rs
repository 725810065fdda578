//! The sentences of a report: the recommendation's reason and the warnings.
//!
//! They are put into words from the analysis's structured values.

use crate::analysis::{Analysis, DecisionCost, Reason, TargetShare, Warning};
use crate::kpi::Kpi;
use crate::model::{DAY_S, Limit, Scope, StaffingWarning, Study, Unreachable};

/// The reason of the run's recommendation, in words a planner can quote.
pub fn reason(run: &Analysis<'_>) -> String {
    let study = run.study;
    let name = |i: usize| &run.plans[i].name;
    let label = |t: &TargetShare| {
        study
            .targets
            .as_ref()
            .map_or("", |l| l.list[t.target].label.as_str())
    };
    let plan = run.decision.plan;
    match &run.decision.reason {
        Reason::SinglePlanNoTargets => "only one plan was simulated and no targets are set: add [[plans]] and [targets] to compare staffing mixes".into(),
        Reason::NoTargets => "no [targets] are set, so no plan can be recommended: add targets (e.g. median_wait, abandon_rate) and a confidence".into(),
        Reason::Cheapest {
            confidence,
            met,
            met_ci95: (lo, hi),
            cost,
            next,
            ..
        } => {
            let ranked = DecisionCost::of(study);
            let counting = if ranked.warmup.is_some() {
                " counting warm-up preparation"
            } else {
                ""
            };
            let mut reason = format!(
                "\"{}\" is the cheapest plan{counting} meeting all targets with at least {:.0} % confidence: they held \
                 together in {:.1} % of replications (95 % interval {:.0}–{:.0} %), at {cost:.0} {}",
                plan.map_or("", |i| name(i)),
                100.0 * confidence,
                100.0 * met,
                100.0 * lo,
                100.0 * hi,
                ranked.label(),
            );
            if let Some(caveat) = caveat(run) {
                reason.push_str("; ");
                reason.push_str(&caveat);
            }
            if let Some(next) = next {
                reason.push_str(&format!(
                    "; the next cheapest qualifying plan, \"{}\", needs {:.0} more",
                    name(next.plan),
                    next.extra_cost
                ));
            }
            reason
        }
        Reason::NoneQualifies {
            confidence,
            closest,
            met,
            weakest,
            most_failed,
            unanswered,
        } => {
            let mut reason = format!(
                "no plan meets all targets with {:.0} % confidence. The closest, \"{}\", meets them together in {:.1} % of \
                 replications; its weakest target is \"{}\" (held in {:.1} %). Across all plans the target failed most \
                 often is \"{}\" (failed in {:.1} % of replications on average): add capacity where it binds, or revisit it",
                100.0 * confidence,
                name(*closest),
                100.0 * met,
                label(weakest),
                100.0 * weakest.share,
                label(most_failed),
                100.0 * most_failed.share
            );
            if !unanswered.is_empty() {
                let failures: Vec<String> = unanswered
                    .iter()
                    .map(|t| {
                        format!(
                            "\"{}\": no contact was answered in {:.1} % of replications",
                            label(t),
                            100.0 * t.share
                        )
                    })
                    .collect();
                reason.push_str(&format!(
                    ". In \"{}\", {}",
                    name(*closest),
                    failures.join("; ")
                ));
            }
            if let Some(caveat) = caveat(run) {
                reason.push_str("; ");
                reason.push_str(&caveat);
            }
            reason
        }
        Reason::Unreachable {
            confidence,
            unreachable,
            ..
        } => format!(
            "no plan meets all targets with {:.0} % confidence: {}",
            100.0 * confidence,
            out_of_reach(study, unreachable)
        ),
    }
}

/// How sure the decision is, in words: `None` when the replications settle it.
/// A recommended plan whose `targets_met` interval reaches below the confidence
/// may not qualify after all; when no plan qualifies, a closest plan whose
/// interval reaches up to the confidence might.
pub fn caveat(run: &Analysis<'_>) -> Option<String> {
    let n = run.config.replications;
    match run.decision.reason {
        Reason::Cheapest {
            confidence,
            unsure: true,
            ..
        } => Some(format!(
            "not yet sure: with {n} replications the 95 % interval of targets met reaches below the {:.0} % \
             confidence; run more replications to confirm",
            100.0 * confidence
        )),
        // A CSAT target above the ceiling cannot be met however many replications.
        Reason::NoneQualifies {
            confidence,
            closest,
            ..
        } => {
            let hi = run.targets[closest].as_ref()?.met_ci95.1;
            (hi >= confidence).then(|| {
                format!(
                    "not yet sure: with {n} replications the 95 % interval of targets met of \"{}\" reaches the \
                     {:.0} % confidence; run more replications to see whether it qualifies",
                    run.plans[closest].name,
                    100.0 * confidence
                )
            })
        }
        _ => None,
    }
}

/// Why a target cannot be met by adding agents, in words.
fn out_of_reach(study: &Study, u: &Unreachable) -> String {
    let Some(target) = study.targets.as_ref().map(|l| &l.list[u.target]) else {
        return String::new();
    };
    let label = &target.label;
    match u.limit_kind {
        Limit::CsatCeiling => format!(
            "\"{label}\" cannot be reached by adding agents: even with no waiting the teams' quality and \
             first-contact resolution cap CSAT at {:.1} %; raise quality or first-contact resolution, or lower the target",
            100.0 * u.limit
        ),
        Limit::LostWhileClosed => {
            let which = match target.scope {
                Scope::Channel(c) => format!("{}'s", study.base().channels[c].name),
                Scope::Overall | Scope::Pooled => "the".into(),
            };
            let best = match target.kpi {
                Kpi::AbandonRate => format!("at least {:.1} % abandoned", 100.0 * u.limit),
                _ => format!("at most {:.1} % answered in time", 100.0 * u.limit),
            };
            format!(
                "\"{label}\" cannot be met by adding agents: {which} contacts that arrive while the channel is \
                 closed are lost (when_closed = \"lost\"), which leaves {best} whatever the staffing; open the \
                 channel longer, let closed-hours contacts wait for the opening or move to another channel, or \
                 lower the target"
            )
        }
    }
}

/// The run's warnings, in words.
pub fn warnings(run: &Analysis<'_>) -> Vec<String> {
    run.warnings.iter().map(|w| warning(run.study, w)).collect()
}

/// One warning about (a run of) `study`, in words.
pub fn warning(study: &Study, w: &Warning) -> String {
    let name = |i: usize| &study.plans[i].name;
    match w {
        Warning::Staffing { plans, warning } => {
            let names: Vec<&str> = plans.iter().map(|&i| name(i).as_str()).collect();
            let listed = if names.len() > 4 {
                format!(
                    "\"{}\" and {} more plans",
                    names[..3].join("\", \""),
                    names.len() - 3
                )
            } else {
                format!("\"{}\"", names.join("\", \""))
            };
            let s = if names.len() == 1 { "" } else { "s" };
            format!("plan{s} {listed}: {}", staffing(study, warning))
        }
        Warning::Unstable {
            plan,
            stopped,
            replications,
            max_waiting,
            first_at_s,
        } => format!(
            "plan \"{}\": {stopped} of {replications} replications stopped early because more than {max_waiting} contacts were waiting \
             (first at {:.1} h): the staffing cannot keep up with demand — add agents, or give customers patience",
            name(*plan),
            first_at_s / 3600.0
        ),
        Warning::Backlog {
            plan,
            channel,
            offered,
            backlog,
        } => format!(
            "plan \"{}\", channel {}: {:.1} % of contacts were still waiting at the end of the drain period \
             (backlog): the channel is under-staffed, or the drain is too short",
            name(*plan),
            study.plans[*plan].model.channels[*channel].name,
            100.0 * backlog / offered
        ),
        Warning::Unreachable(u) => out_of_reach(study, u),
    }
}

/// A headcount increase hiring cannot deliver, in words (plans share the start
/// date, so the base scenario dates every plan's warning).
fn staffing(study: &Study, w: &StaffingWarning) -> String {
    let m = study.base();
    let days = |s: f64| s / DAY_S;
    match w {
        StaffingWarning::SoonerThanHiringLag {
            team,
            added,
            at_s,
            hiring_lag_s,
        } => format!(
            "team \"{team}\" adds {added} agents on {}, sooner than its hiring lag of {:.0} days allows from the start: \
             hired from today they could join on {} at the earliest — start the period later, or lower hiring_lag if they are recruited already",
            m.date_at(*at_s),
            days(*hiring_lag_s),
            m.date_at(*hiring_lag_s),
        ),
        StaffingWarning::TrainingOutlastsSeats {
            team,
            added,
            at_s,
            training_s,
            until_s,
        } => format!(
            "team \"{team}\" adds {added} agents on {} who train for {:.0} days, until {}, but the period ends on {}: they never take a contact — \
             start the period earlier (new agents join on its first day and train first), or shorten training",
            m.date_at(*at_s),
            days(*training_s),
            m.date_at(at_s + training_s),
            m.date_at(*until_s),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testing::{ALL, SL_FAILS, WAIT_FAILS, analysed, case};

    #[test]
    fn the_recommendation_names_the_runner_up_and_the_interval() {
        let hits: Vec<_> = (0..100)
            .map(|i| if i < 90 { ALL } else { SL_FAILS })
            .collect();
        let mut rich = hits.clone();
        rich[95] = ALL;
        let c = case(&[("a", 1.0, &hits), ("b", 3.0, &rich)], Some(0.8));
        assert_eq!(
            reason(&analysed(&c)),
            "\"a\" is the cheapest plan meeting all targets with at least 80 % confidence: they held together in \
             90.0 % of replications (95 % interval 83–94 %), at 1 paid agent-hours; the next cheapest qualifying \
             plan, \"b\", needs 2 more"
        );
        let c = case(&[("a", 1.0, &[ALL, ALL, ALL, ALL])], Some(0.9));
        assert!(
            reason(&analysed(&c)).ends_with(
                "; not yet sure: with 4 replications the 95 % interval of targets met reaches below the 90 % \
                 confidence; run more replications to confirm"
            )
        );
    }

    #[test]
    fn no_qualifying_plan_is_explained_by_its_binding_targets() {
        let c = case(
            &[
                ("a", 100.0, &[SL_FAILS, SL_FAILS, ALL, WAIT_FAILS]),
                ("b", 200.0, &[ALL, SL_FAILS, ALL, ALL]),
            ],
            Some(0.9),
        );
        assert_eq!(
            reason(&analysed(&c)),
            "no plan meets all targets with 90 % confidence. The closest, \"b\", meets them together in 75.0 % of \
             replications; its weakest target is \"phone service level ≥ 80 %\" (held in 75.0 %). Across all plans \
             the target failed most often is \"phone service level ≥ 80 %\" (failed in 37.5 % of replications on \
             average): add capacity where it binds, or revisit it; not yet sure: with 4 replications the 95 % \
             interval of targets met of \"b\" reaches the 90 % confidence; run more replications to see whether it \
             qualifies"
        );
        // With enough replications the closest plan's interval stays below the
        // confidence: no caveat.
        let hits: Vec<_> = (0..100)
            .map(|i| if i < 75 { ALL } else { SL_FAILS })
            .collect();
        let c = case(&[("a", 1.0, &hits)], Some(0.9));
        let run = analysed(&c);
        assert!(caveat(&run).is_none());
        assert!(reason(&run).ends_with("revisit it"), "{}", reason(&run));
    }

    #[test]
    fn a_target_failed_for_want_of_answers_says_so() {
        let c = case(&[("a", 1.0, &[ALL, ALL])], Some(0.9));
        let mut run = analysed(&c);
        let half = |target| TargetShare { target, share: 0.5 };
        run.decision.reason = Reason::NoneQualifies {
            confidence: 0.9,
            closest: 0,
            met: 0.5,
            weakest: half(0),
            most_failed: half(0),
            unanswered: vec![half(0)],
        };
        let r = reason(&run);
        assert!(
            r.contains(
                "revisit it. In \"a\", \"median wait ≤ 2m\": no contact was answered in 50.0 % of replications"
            ),
            "{r}"
        );
    }

    #[test]
    fn staffing_warnings_name_the_plans_they_concern() {
        let one: &[_] = &[ALL];
        let c = case(&[("a", 1.0, one); 6], None);
        let w = Warning::Staffing {
            plans: (0..6).collect(),
            warning: StaffingWarning::TrainingOutlastsSeats {
                team: "core".into(),
                added: 2,
                at_s: 0.0,
                training_s: 2.0 * DAY_S,
                until_s: DAY_S,
            },
        };
        assert!(
            warning(&c.0, &w).starts_with(
                "plans \"a\", \"a\", \"a\" and 3 more plans: team \"core\" adds 2 agents on 2026-"
            ),
            "{}",
            warning(&c.0, &w)
        );
    }
}
