//! Studies with made-up results, for the unit tests of the analysis and the report.

use super::{Analysis, analyse};
use crate::kpi::Kpi;
use crate::model::{Bound, Model, Plan, Scope, Study, Target, Targets};
use crate::rows::Rows;
use crate::runner::{PlanResult, RunConfig, StudyResult};
use crate::stats::Measure;
use crate::stats::checks::TargetCounts;
use crate::stats::kpi::Kpis;

const SMALL: &str = r#"
horizon = "1d"
[channels.phone]
volume_per_hour = 10
handle_time = { mean = "5m" }
[teams.core]
kind = "in_house"
agents = 3
schedule = "24/7"
skills = { phone = 1.0 }
"#;

/// A one-channel, one-team model.
pub(crate) fn model() -> Model {
    crate::scenario::parse("t.toml", SMALL).unwrap()
}

/// Per replication, whether each of the two targets of [`case`] held.
pub(crate) type Hits = [bool; 2];

/// Both targets held.
pub(crate) const ALL: Hits = [true, true];
/// The median-wait target failed.
pub(crate) const WAIT_FAILS: Hits = [false, true];
/// The service-level target failed.
pub(crate) const SL_FAILS: Hits = [true, false];

/// A study of plans with the given paid hours and, per
/// replication, whether each of two targets ("median wait ≤ 2m" and "phone
/// service level ≥ 80 %") held; without `confidence` the study has no targets.
pub(crate) fn case(
    plans: &[(&str, f64, &[Hits])],
    confidence: Option<f64>,
) -> (Study, Vec<PlanResult>) {
    let model = model();
    let target = |kpi, bound, label: &str| Target {
        scope: Scope::Overall,
        kpi,
        bound,
        label: label.into(),
    };
    let targets = confidence.map(|confidence| Targets {
        confidence,
        list: vec![
            target(Kpi::WaitP50, Bound::AtMost(120.0), "median wait ≤ 2m"),
            target(
                Kpi::ServiceLevel,
                Bound::AtLeast(0.8),
                "phone service level ≥ 80 %",
            ),
        ],
    });
    let study = Study {
        name: "t".into(),
        seed: 1,
        replications: plans[0].2.len() as u32,
        plans: plans
            .iter()
            .map(|(n, _, _)| Plan {
                name: n.to_string(),
                description: None,
                model: model.clone(),
                grid: Vec::new(),
            })
            .collect(),
        baseline: 0,
        targets,
    };
    let results = plans
        .iter()
        .map(|(name, paid_hours, hits)| {
            let mut r = PlanResult::new(&model, name);
            r.targets = study.targets.as_ref().map(TargetCounts::new);
            for [wait, sl] in hits.iter() {
                let kpis: Kpis = [
                    (Kpi::Offered, 10.0),
                    (Kpi::Handled, 10.0),
                    (Kpi::PaidHours, *paid_hours),
                    (Kpi::WaitP50, if *wait { 60.0 } else { 180.0 }),
                    (Kpi::ServiceLevel, if *sl { 0.9 } else { 0.5 }),
                ]
                .map(|(k, x)| (k, Measure::plain(x)))
                .to_vec();
                r.overall.push(&kpis);
                if let Some((t, counts)) = study.targets.as_ref().zip(r.targets.as_mut()) {
                    counts.add(t, &kpis, &[]);
                }
            }
            r
        })
        .collect();
    (study, results)
}

/// The analysis of a [`case`], run with the study's own settings.
pub(crate) fn analysed((study, results): &(Study, Vec<PlanResult>)) -> Analysis<'_> {
    let config = RunConfig {
        seed: study.seed,
        replications: study.replications,
    };
    let rows = Rows::new(tempfile::tempfile().expect("temp file"), results.len());
    let run = StudyResult {
        plans: results.clone(),
        rows,
    };
    analyse(study, config, run)
}
