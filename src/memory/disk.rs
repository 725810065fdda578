//! The disk a run needs for its per-replication rows — the temporary file they
//! spill to while the run lasts and `replications.csv` — estimated before it
//! simulates and checked against the free space where they go.

use std::path::Path;

use super::{CELL, count, grouped, kpi_values, product, show};
use crate::model::Study;

/// Bytes of disk the rows of `replications` replications of every plan of `study`
/// take: each plan-replication as a binary record in the spill file (8 bytes a
/// value) and as a CSV row of at most 25 bytes a value (an upper bound).
pub fn estimate(study: &Study, replications: u32) -> u64 {
    let values = kpi_values(study);
    let name = study.plans.iter().map(|p| p.name.len()).max().unwrap_or(0) as u64;
    let record = product(&[values, 8]).saturating_add(1);
    let row = product(&[values, CELL]).saturating_add(name + 40);
    product(&[
        study.plans.len() as u64,
        u64::from(replications),
        record.saturating_add(row),
    ])
}

/// Checks that `need` bytes (from [`estimate`]) fit in the space `free` left on
/// the disk of `dir`: the refusal says how much is needed and how to fix it.
pub fn check(
    need: u64,
    free: u64,
    dir: &Path,
    study: &Study,
    replications: u32,
) -> Result<(), String> {
    if need <= free {
        return Ok(());
    }
    Err(format!(
        "this run needs about {} of disk beside {} for the rows of {} × {} replications \
         (replications.csv and a temporary copy while it runs), and {} is free\n  \
         = help: run fewer replications (--reps) or plans, or give --out a directory on a disk with more space",
        show(need),
        dir.display(),
        count(study.plans.len() as u64, "plan"),
        grouped(u64::from(replications)),
        show(free)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rows_grow_with_plans_and_replications_and_are_refused_past_the_free_space() {
        let study =
            crate::scenario::parse_study("t.toml", include_str!("../../scenarios/quickstart.toml"))
                .unwrap();
        let one = estimate(&study, 1);
        assert!(one > 0);
        assert_eq!(estimate(&study, 1000), 1000 * one);
        assert!(check(one, one, Path::new("out"), &study, 1).is_ok());
        let err = check(one + 1, one, Path::new("out"), &study, 1).unwrap_err();
        assert!(
            err.contains("of disk beside out") && err.contains("--reps"),
            "{err}"
        );
        assert_eq!(
            estimate(&study, u32::MAX),
            one.saturating_mul(u64::from(u32::MAX))
        );
    }
}
