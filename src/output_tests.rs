//! Tests of the output set's atomicity, with injected faults.

use super::*;

/// Files as the app passes them.
fn set(names: &[&str], tag: &str) -> Vec<(String, Vec<u8>)> {
    names
        .iter()
        .map(|n| (n.to_string(), format!("{tag}:{n}").into_bytes()))
        .collect()
}

const FULL: &[&str] = &["summary.json", "plans.csv", "chart.svg", "run.json"];
const NO_CHARTS: &[&str] = &["summary.json", "plans.csv", "run.json"];

/// The directory's entries, sorted, with their contents.
fn contents(dir: &Path) -> Vec<(String, String)> {
    let mut v: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let text = fs::read_to_string(e.path()).unwrap_or_default();
            (e.file_name().to_string_lossy().into_owned(), text)
        })
        .collect();
    v.sort();
    v
}

/// The expected contents for `set(names, tag)`.
fn expected(names: &[&str], tag: &str) -> Vec<(String, String)> {
    let mut v: Vec<_> = names
        .iter()
        .map(|n| (n.to_string(), format!("{tag}:{n}")))
        .collect();
    v.sort();
    v
}

/// Names in `parent` other than `keep`.
fn others(parent: &Path, keep: &[&str]) -> Vec<String> {
    fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !keep.contains(&n.as_str()))
        .collect()
}

fn owned() -> Vec<String> {
    vec!["chart.svg".into(), "chart.png".into()]
}

/// A target `out` in a fresh directory, holding a first complete set "one".
fn first_run() -> (tempfile::TempDir, Target) {
    let tmp = tempfile::tempdir().unwrap();
    let target = Target::prepare(&tmp.path().join("out")).unwrap();
    target.write_set(&set(FULL, "one"), &owned()).unwrap();
    (tmp, target)
}

#[test]
fn a_second_run_replaces_the_first_whole() {
    let (tmp, target) = first_run();
    assert_eq!(contents(target.dir()), expected(FULL, "one"));
    let target = Target::prepare(target.dir()).unwrap();
    target.write_set(&set(NO_CHARTS, "two"), &owned()).unwrap();
    assert_eq!(
        contents(target.dir()),
        expected(NO_CHARTS, "two"),
        "no stale chart"
    );
    assert!(
        others(tmp.path(), &["out"]).is_empty(),
        "nothing left beside"
    );
}

#[test]
fn a_fault_anywhere_leaves_the_previous_set_and_nothing_beside() {
    for step in [Step::Write(0), Step::Write(2), Step::BetweenRenames] {
        let (tmp, target) = first_run();
        let err = target
            .write_set_with(&set(NO_CHARTS, "two"), &owned(), |s| {
                if s == step {
                    Err(io::Error::other("disk full"))
                } else {
                    Ok(())
                }
            })
            .unwrap_err();
        assert!(err.source.to_string().contains("disk full"), "{step:?}");
        assert_eq!(contents(target.dir()), expected(FULL, "one"), "{step:?}");
        assert!(
            others(tmp.path(), &["out"]).is_empty(),
            "{step:?}: leftovers"
        );
    }
}

#[test]
fn an_unwritable_staging_file_leaves_the_previous_set() {
    let (tmp, target) = first_run();
    // A name that cannot be created as a file inside the staging directory.
    let bad = set(&["summary.json", "no/such/dir.csv", "run.json"], "two");
    assert!(target.write_set(&bad, &owned()).is_err());
    assert_eq!(contents(target.dir()), expected(FULL, "one"));
    assert!(others(tmp.path(), &["out"]).is_empty());
}

/// A leftover directory name of a process that does not run.
fn dead(target: &Target, kind: &str) -> PathBuf {
    let pid = (u32::MAX / 2..)
        .find(|p| !Path::new("/proc").join(p.to_string()).exists())
        .unwrap();
    target.parent.join(format!(
        "{}{kind}-{pid}-{:016x}",
        target.leftover_prefix(),
        7
    ))
}

#[test]
fn a_run_killed_between_renames_is_recovered_by_the_next() {
    let (tmp, target) = first_run();
    // Killed after moving the old set aside, before renaming its staging dir in.
    let old = dead(&target, "old");
    fs::rename(target.dir(), &old).unwrap();
    let stage = dead(&target, "tmp");
    fs::create_dir(&stage).unwrap();
    fs::write(stage.join("summary.json"), "half").unwrap();
    let target = Target::prepare(target.dir()).unwrap();
    assert_eq!(
        contents(target.dir()),
        expected(FULL, "one"),
        "old set back"
    );
    assert!(others(tmp.path(), &["out"]).is_empty(), "leftovers removed");
}

#[test]
fn leftovers_of_live_runs_and_foreign_names_are_kept() {
    let (tmp, target) = first_run();
    let live = target.unique("tmp");
    fs::create_dir(&live).unwrap();
    let foreign = tmp.path().join(".out.staffmix-old-1-notrandom");
    fs::create_dir(&foreign).unwrap();
    Target::prepare(target.dir()).unwrap();
    assert!(live.exists() && foreign.exists());
}

#[test]
fn a_planted_link_at_an_old_temporary_name_is_not_followed() {
    let (tmp, target) = first_run();
    let victim = tmp.path().join("victim.txt");
    fs::write(&victim, "precious").unwrap();
    let planted = target
        .dir()
        .join(format!(".summary.json.tmp-{}", std::process::id()));
    std::os::unix::fs::symlink(&victim, &planted).unwrap();
    let target = Target::prepare(target.dir()).unwrap();
    target.write_set(&set(FULL, "two"), &owned()).unwrap();
    assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
    assert_eq!(contents(target.dir()), expected(FULL, "two"), "link gone");
}

#[test]
fn a_link_planted_in_the_staging_directory_is_not_written_through() {
    let (tmp, target) = first_run();
    let victim = tmp.path().join("victim.txt");
    fs::write(&victim, "precious").unwrap();
    let err = target
        .write_set_with(&set(FULL, "two"), &owned(), |s| {
            if s == Step::Write(1) {
                // An attacker who guessed the staging name plants a link in it.
                let stage = fs::read_dir(tmp.path())
                    .unwrap()
                    .map(|e| e.unwrap().path())
                    .find(|p| p.to_string_lossy().contains("staffmix-tmp"))
                    .unwrap();
                std::os::unix::fs::symlink(&victim, stage.join("plans.csv"))?;
            }
            Ok(())
        })
        .unwrap_err();
    assert_eq!(err.source.kind(), io::ErrorKind::AlreadyExists);
    assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
    assert_eq!(contents(target.dir()), expected(FULL, "one"));
}

#[test]
fn directories_that_are_not_outputs_are_refused_and_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    fs::create_dir(&home).unwrap();
    fs::write(home.join("notes.txt"), "mine").unwrap();
    let err = Target::prepare(&home).unwrap_err();
    assert!(
        err.source.to_string().contains("holds no run.json"),
        "{}",
        err.source
    );
    // A staffmix output the user added a file to: refused at the swap.
    let (_tmp, target) = first_run();
    fs::write(target.dir().join("notes.txt"), "mine").unwrap();
    let err = target.write_set(&set(FULL, "two"), &owned()).unwrap_err();
    assert!(
        err.source.to_string().contains("`notes.txt`"),
        "{}",
        err.source
    );
    assert_eq!(
        fs::read_to_string(target.dir().join("notes.txt")).unwrap(),
        "mine"
    );
    assert_eq!(
        fs::read_to_string(target.dir().join("run.json")).unwrap(),
        "one:run.json"
    );
    // A subdirectory is never ours.
    fs::remove_file(target.dir().join("notes.txt")).unwrap();
    fs::create_dir(target.dir().join("sub")).unwrap();
    assert!(Target::prepare(target.dir()).is_err());
}

#[test]
fn bad_paths_fail_before_simulating() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("file");
    fs::write(&file, "x").unwrap();
    assert!(Target::prepare(&file).is_err(), "a file");
    assert!(
        Target::prepare(&file.join("out")).is_err(),
        "parent is a file"
    );
    let long = tmp.path().join("n".repeat(MAX_NAME_BYTES + 1));
    let err = Target::prepare(&long).unwrap_err();
    assert!(
        err.source.to_string().contains("at most 200"),
        "{}",
        err.source
    );
    Target::prepare(&tmp.path().join("n".repeat(MAX_NAME_BYTES))).unwrap();
    let link = tmp.path().join("link");
    std::os::unix::fs::symlink(tmp.path(), &link).unwrap();
    assert!(Target::prepare(&link).is_err(), "a link");
    assert!(Target::prepare(Path::new("/")).is_err());
    let nested = tmp.path().join("a/b/out");
    Target::prepare(&nested).unwrap();
    assert!(nested.parent().unwrap().is_dir() && !nested.exists());
}

#[test]
fn default_names_are_safe_and_bounded() {
    assert_eq!(dir_name("Black Friday/2026"), "Black_Friday_2026");
    assert_eq!(dir_name(""), "scenario");
    assert_eq!(dir_name(&"x".repeat(300)).len(), 100);
    // Multi-byte letters are cut at a character boundary.
    let n = dir_name(&"é".repeat(300));
    assert!(n.len() <= 100 && n.len() >= 99 && n.chars().all(|c| c == 'é'));
}

#[test]
fn concurrent_runs_never_mix() {
    let (_tmp, target) = first_run();
    std::thread::scope(|s| {
        for tag in ["a", "b", "c", "d"] {
            let target = &target;
            s.spawn(move || {
                for _ in 0..20 {
                    target.write_set(&set(FULL, tag), &owned()).unwrap();
                    target.write_set(&set(NO_CHARTS, tag), &owned()).unwrap();
                }
            });
        }
    });
    let got = contents(target.dir());
    let tag = got[0].1.split(':').next().unwrap().to_string();
    assert!(
        got == expected(FULL, &tag) || got == expected(NO_CHARTS, &tag),
        "{got:?}"
    );
}

#[test]
fn single_files_are_replaced_atomically() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("s.toml");
    write_file(&path, b"one").unwrap();
    write_file(&path, b"two").unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), "two");
    assert_eq!(others(tmp.path(), &["s.toml"]), Vec::<String>::new());
}
