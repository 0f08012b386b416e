//! The registry file is guarded: an empty, cut-short or damaged file is refused and left as it
//! was, starting over keeps the old file aside, and implausible counts are refused.

use std::path::Path;

use luban_registry::{CountFault, Entity, Error, ProblemKind, Registry};

use crate::support::{known, rejected};

/// A registry with figures, closed, so its file stands alone (the checkpoint at close empties
/// the `-wal`).
fn closed_registry() -> (tempfile::TempDir, std::path::PathBuf) {
    let f = known();
    let path = f.registry.path().to_path_buf();
    drop(f.registry);
    (f.dir, path)
}

/// Overwrites the last two pages of the file: rows are damaged, the schema stays readable.
fn damage(path: &Path) {
    let mut data = std::fs::read(path).expect("read");
    let from = data.len() / 4096 * 4096 - 2 * 4096;
    for (i, byte) in data.iter_mut().enumerate().skip(from) {
        *byte = (i % 251) as u8;
    }
    std::fs::write(path, data).expect("written");
}

#[test]
fn an_empty_registry_file_is_refused_and_left_empty() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("registry.sqlite3");
    std::fs::write(&path, b"").expect("empty file");
    let error = Registry::open(&path).err().expect("refused");
    assert_eq!(error.kind(), "truncated");
    assert_eq!(std::fs::read(&path).expect("file").len(), 0);
}

#[test]
fn a_cut_short_registry_file_is_refused_and_left_as_it_was() {
    let (_dir, path) = closed_registry();
    let mut data = std::fs::read(&path).expect("read");
    data.truncate(data.len() / 2 / 4096 * 4096);
    std::fs::write(&path, &data).expect("cut short");
    match Registry::open(&path) {
        Err(Error::Truncated {
            bytes, expected, ..
        }) => {
            assert_eq!(bytes, data.len() as u64);
            assert!(expected.is_some_and(|e| e > bytes));
        }
        other => panic!("expected truncated, got {:?}", other.err()),
    }
    assert_eq!(std::fs::read(&path).expect("file"), data);
}

#[test]
fn the_refusal_of_an_empty_file_names_the_newest_backup() {
    let f = known();
    let path = f.registry.path().to_path_buf();
    let taken = f
        .registry
        .backup(luban_registry::backup::Reason::Manual)
        .expect("backup");
    drop(f.registry);
    std::fs::write(&path, b"").expect("emptied");
    match Registry::open(&path) {
        Err(Error::Truncated { newest_backup, .. }) => {
            assert_eq!(newest_backup, Some(taken.path))
        }
        other => panic!("expected truncated, got {:?}", other.err()),
    }
}

#[test]
fn starting_anew_keeps_an_empty_file_aside_and_opens_a_new_registry() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("registry.sqlite3");
    std::fs::write(&path, b"").expect("empty file");
    let (registry, aside) = Registry::open_anew(&path).expect("new registry");
    let aside = aside.expect("the old file was moved");
    assert_eq!(std::fs::read(&aside).expect("kept").len(), 0);
    assert!(registry.is_empty().expect("workshops counted"));
}

#[test]
fn starting_anew_leaves_a_sound_registry_as_it_is() {
    let (_dir, path) = closed_registry();
    let (registry, aside) = Registry::open_anew(&path).expect("opens");
    assert_eq!(aside, None);
    assert!(!registry.is_empty().expect("workshops counted"));
}

#[test]
fn a_damaged_registry_fails_the_soundness_check_naming_the_newest_backup() {
    let f = known();
    let path = f.registry.path().to_path_buf();
    let taken = f
        .registry
        .backup(luban_registry::backup::Reason::Manual)
        .expect("backup");
    drop(f.registry);
    damage(&path);
    // Damage that reaches the schema is found on opening; other damage by the soundness check.
    match Registry::open(&path).and_then(|registry| registry.ensure_sound()) {
        Err(Error::Damaged { newest_backup, .. }) => assert_eq!(newest_backup, Some(taken.path)),
        other => panic!("expected damaged, got {other:?}"),
    }
}

#[test]
fn a_page_the_quick_check_cannot_read_is_a_finding_not_a_failure_of_the_check() {
    // SQLite lists some problems, then gives up on a page it cannot read at all ("database disk
    // image is malformed"): the file is damaged, and saying so is what lets a restore be offered.
    let f = known();
    let path = f.registry.path().to_path_buf();
    drop(f.registry);
    let mut data = std::fs::read(&path).expect("read");
    let from = data.len() / 4096 * 4096 - 2 * 4096;
    for (i, byte) in data.iter_mut().enumerate().skip(from) {
        *byte = (i % 251) as u8;
    }
    std::fs::write(&path, data).expect("written");
    let registry = Registry::open(&path).expect("the schema still reads");
    let findings = registry
        .check(luban_registry::CheckDepth::Quick)
        .expect("the check runs to its end");
    assert!(
        findings
            .iter()
            .any(|f| matches!(f, luban_registry::Finding::Damaged { .. })),
        "{findings:?}"
    );
}

#[test]
fn a_sound_registry_passes_the_soundness_check() {
    let f = known();
    f.registry.ensure_sound().expect("sound");
}

#[test]
fn a_damaged_registry_can_be_restored_from_a_backup_keeping_its_bytes() {
    let f = known();
    let path = f.registry.path().to_path_buf();
    let before = crate::support::dump(&f.registry);
    let taken = f
        .registry
        .backup(luban_registry::backup::Reason::Manual)
        .expect("backup");
    drop(f.registry);
    damage(&path);
    let damaged = std::fs::read(&path).expect("read");
    let (registry, kept) = Registry::restore_file(&path, &taken.path, true).expect("restored");
    assert_eq!(kept.reason, luban_registry::backup::Reason::Damaged);
    assert_eq!(std::fs::read(&kept.path).expect("kept"), damaged);
    assert_eq!(crate::support::dump(&registry), before);
    registry.ensure_sound().expect("sound again");
}

#[test]
fn a_count_above_ten_million_in_one_row_is_refused() {
    let mut f = known();
    let problems = rejected(
        &mut f.registry,
        Entity::Trainings,
        "workshop,year,kind,trainees\nTH-AYU,2022,skills,10000001\n",
    );
    assert_eq!(
        problems[0].kind,
        ProblemKind::NotACount(CountFault::AboveLimit { max: 10_000_000 })
    );
}

#[test]
fn the_largest_integer_is_refused_as_a_count() {
    let mut f = known();
    let problems = rejected(
        &mut f.registry,
        Entity::Trainings,
        "workshop,year,kind,trainees\nTH-AYU,2022,skills,9223372036854775807\n",
    );
    assert_eq!(
        problems[0].kind,
        ProblemKind::NotACount(CountFault::AboveLimit { max: 10_000_000 })
    );
}

#[test]
fn a_count_of_ten_million_is_accepted() {
    let mut f = known();
    crate::support::import(
        &mut f.registry,
        Entity::Trainings,
        "workshop,year,kind,trainees\nTH-AYU,2022,skills,\"10,000,000\"\n",
    );
}
