//! Backups: taken before every write that can change many records, listed newest first, pruned
//! by retention, and restored from, refusing files that must not replace the registry.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use luban_registry::backup::{self, Reason};
use luban_registry::sample::IfNotEmpty;
use luban_registry::{Entity, Error, ImportOptions, Registry};

use crate::support::{bytes, dump, fresh, import, known, Fixture};

const ONE_MORE: &str =
    "code,name_en,country,host_institution,chinese_institution,opened_year,status\n\
EG-CAI,Egypt Luban Workshop,EG,Ain Shams University,Tianjin Light Industry,2020,active\n";

/// The records of the registry file at `path`, opened on its own.
fn dump_of(path: &Path) -> luban_registry::Snapshot {
    dump(&Registry::open(path).expect("backup opens as a registry"))
}

/// The registry's file and its `-wal`, as bytes, to show nothing was written.
fn file_bytes(path: &Path) -> (Vec<u8>, Option<Vec<u8>>) {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    (
        std::fs::read(path).expect("registry readable"),
        std::fs::read(PathBuf::from(wal)).ok(),
    )
}

fn newest(registry: &Registry) -> luban_registry::Backup {
    registry
        .backups()
        .expect("backups list")
        .into_iter()
        .next()
        .expect("a backup")
}

#[test]
fn an_import_that_writes_is_preceded_by_a_backup_of_the_registry_as_it_was() {
    let mut f = known();
    let before = dump(&f.registry);
    let backups = f.registry.backups().expect("list").len();
    import(&mut f.registry, Entity::Workshops, ONE_MORE);
    assert_eq!(f.registry.backups().expect("list").len(), backups + 1);
    let taken = newest(&f.registry);
    assert_eq!(taken.reason, Reason::Import);
    assert_eq!(dump_of(&taken.path), before);
}

#[test]
fn a_dry_run_takes_no_backup() {
    let mut f = known();
    let backups = f.registry.backups().expect("list").len();
    let options = ImportOptions {
        dry_run: true,
        ..ImportOptions::default()
    };
    f.registry
        .import(bytes(Entity::Workshops, "workshops.csv", ONE_MORE), options)
        .expect("dry run");
    assert_eq!(f.registry.backups().expect("list").len(), backups);
}

#[test]
fn an_import_that_changes_nothing_takes_no_backup() {
    let mut f = known();
    let backups = f.registry.backups().expect("list").len();
    import(
        &mut f.registry,
        Entity::Workshops,
        crate::support::WORKSHOPS,
    );
    assert_eq!(f.registry.backups().expect("list").len(), backups);
}

#[test]
fn replacing_the_registry_with_the_sample_is_preceded_by_a_backup_of_it() {
    let mut f = known();
    let before = dump(&f.registry);
    f.registry
        .load_sample(IfNotEmpty::Replace, true)
        .expect("sample loads");
    let taken = newest(&f.registry);
    assert_eq!(taken.reason, Reason::Sample);
    assert_eq!(dump_of(&taken.path), before);
}

#[test]
fn deleting_a_workshop_with_figures_is_preceded_by_a_backup_holding_them() {
    let mut f = known();
    let before = dump(&f.registry);
    let key = HashMap::from([("code".to_string(), "TH-AYU".to_string())]);
    f.registry
        .delete(Entity::Workshops, &key, true)
        .expect("workshop deleted");
    let taken = newest(&f.registry);
    assert_eq!(taken.reason, Reason::Delete);
    assert_eq!(dump_of(&taken.path), before);
}

#[test]
fn deleting_a_workshop_without_figures_takes_no_backup() {
    let mut f = known();
    let backups = f.registry.backups().expect("list").len();
    let key = HashMap::from([("code".to_string(), "KZ-AST".to_string())]);
    f.registry
        .delete(Entity::Workshops, &key, true)
        .expect("workshop deleted");
    assert_eq!(f.registry.backups().expect("list").len(), backups);
}

#[test]
fn a_manual_backup_is_listed_first_with_its_time_reason_and_size() {
    let f = known();
    let taken = f.registry.backup(Reason::Manual).expect("backup taken");
    assert_eq!(newest(&f.registry), taken);
    assert!(taken.manual);
    assert_eq!(
        taken.bytes,
        std::fs::metadata(&taken.path).expect("file").len()
    );
    assert_eq!(taken.path.parent(), Some(f.path(backup::FOLDER).as_path()));
    chrono::DateTime::parse_from_rfc3339(&taken.created).expect("created is RFC 3339");
}

#[test]
fn backups_of_another_registry_in_the_same_folder_are_not_listed() {
    let f = known();
    let other = Registry::open(&f.path("other.sqlite3")).expect("second registry");
    other.backup(Reason::Manual).expect("backup of the other");
    assert!(f.registry.backups().expect("list").iter().all(|b| b
        .path
        .file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with("registry."))));
    assert_eq!(other.backups().expect("list").len(), 1);
}

/// Puts a copy of `backup` in the folder under an automatic name dated `at` (RFC 3339).
fn plant(f: &Fixture, backup: &Path, at: &str, reason: &str) -> PathBuf {
    let at = chrono::DateTime::parse_from_rfc3339(at).expect("time");
    let name = format!(
        "registry.{}.{reason}.sqlite3",
        at.with_timezone(&chrono::Utc).format("%Y%m%dT%H%M%S%3fZ")
    );
    let path = f.path(backup::FOLDER).join(name);
    std::fs::copy(backup, &path).expect("planted");
    path
}

#[test]
fn retention_keeps_the_last_20_automatic_backups_the_newest_of_each_of_12_months_and_every_manual_one(
) {
    let f = fresh();
    let seed = f.registry.backup(Reason::Import).expect("seed backup");
    // 25 recent ones (today, a second apart), so the 5 oldest fall out of the last 20 …
    let now = chrono::Utc::now();
    let recent: Vec<PathBuf> = (1..=25)
        .map(|s| {
            let at = (now - chrono::Duration::seconds(100 - s)).to_rfc3339();
            plant(&f, &seed.path, &at, "import")
        })
        .collect();
    // … two in a month within the last twelve (only the newer stays), one 14 months ago (goes),
    // and a manual one from long ago (stays).
    let month_ago = now - chrono::Duration::days(40);
    let older_in_month = plant(&f, &seed.path, &month_ago.to_rfc3339(), "delete");
    let newer_in_month = plant(
        &f,
        &seed.path,
        &(month_ago + chrono::Duration::hours(1)).to_rfc3339(),
        "import",
    );
    let too_old = plant(
        &f,
        &seed.path,
        &(now - chrono::Duration::days(430)).to_rfc3339(),
        "import",
    );
    let manual = plant(&f, &seed.path, "2020-01-01T00:00:00Z", "manual");
    std::fs::remove_file(&seed.path).expect("seed removed");

    f.registry.backup(Reason::Import).expect("one more");

    let kept: Vec<PathBuf> = f
        .registry
        .backups()
        .expect("list")
        .into_iter()
        .map(|b| b.path)
        .collect();
    // The new one and 19 of the recent ones make 20.
    assert!(recent[6..].iter().all(|p| kept.contains(p)));
    // The 6 oldest of today's are beyond the last 20 and not the newest of their month.
    assert!(recent[..6].iter().all(|p| !kept.contains(p)));
    assert!(kept.contains(&newer_in_month));
    assert!(!kept.contains(&older_in_month));
    assert!(!kept.contains(&too_old));
    assert!(kept.contains(&manual));
    assert_eq!(kept.len(), 20 + 1 + 1);
}

#[test]
fn restoring_a_backup_gives_back_the_registry_it_holds() {
    let mut f = known();
    let before = dump(&f.registry);
    let taken = f.registry.backup(Reason::Manual).expect("backup");
    import(&mut f.registry, Entity::Workshops, ONE_MORE);
    assert_ne!(dump(&f.registry), before);
    f.registry.restore(&taken.path, true).expect("restored");
    assert_eq!(dump(&f.registry), before);
}

#[test]
fn restoring_backs_up_the_state_it_replaces() {
    let mut f = known();
    let taken = f.registry.backup(Reason::Manual).expect("backup");
    import(&mut f.registry, Entity::Workshops, ONE_MORE);
    let replaced = dump(&f.registry);
    let before_restore = f.registry.restore(&taken.path, true).expect("restored");
    assert_eq!(before_restore.reason, Reason::Restore);
    assert_eq!(dump_of(&before_restore.path), replaced);
}

#[test]
fn a_restore_without_confirmation_is_refused_and_changes_nothing() {
    let mut f = known();
    let taken = f.registry.backup(Reason::Manual).expect("backup");
    import(&mut f.registry, Entity::Workshops, ONE_MORE);
    let current = dump(&f.registry);
    let error = f.registry.restore(&taken.path, false).expect_err("refused");
    assert_eq!(error.kind(), "not_confirmed");
    assert_eq!(dump(&f.registry), current);
}

/// Offers `offered` for restore; expects refusal and a byte-identical registry.
fn refused_untouched(f: &mut Fixture, offered: &Path) -> Error {
    let path = f.registry.path().to_path_buf();
    let files = file_bytes(&path);
    let backups = f.registry.backups().expect("list").len();
    let error = f.registry.restore(offered, true).expect_err("refused");
    assert_eq!(error.kind(), "restore_refused", "{error}");
    assert_eq!(file_bytes(&path), files);
    assert_eq!(f.registry.backups().expect("list").len(), backups);
    error
}

#[test]
fn a_file_that_is_not_a_registry_is_refused_for_restore() {
    let mut f = known();
    let offered = f.path("notes.sqlite3");
    std::fs::write(&offered, "these are not the droids you are looking for").expect("written");
    refused_untouched(&mut f, &offered);
}

#[test]
fn an_empty_file_is_refused_for_restore() {
    let mut f = known();
    let offered = f.path("empty.sqlite3");
    std::fs::write(&offered, b"").expect("written");
    refused_untouched(&mut f, &offered);
}

#[test]
fn a_registry_from_a_newer_version_is_refused_for_restore() {
    let mut f = known();
    let offered = f.path("newer.sqlite3");
    f.registry.backup_to(&offered).expect("copy");
    let conn = rusqlite::Connection::open(&offered).expect("opens");
    conn.pragma_update(
        None,
        "user_version",
        luban_registry::store::SCHEMA_VERSION + 1,
    )
    .expect("version set");
    drop(conn);
    match refused_untouched(&mut f, &offered) {
        Error::RestoreRefused { cause, .. } => assert_eq!(cause.kind(), "newer_schema"),
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn a_damaged_registry_is_refused_for_restore() {
    let mut f = known();
    let offered = f.path("damaged.sqlite3");
    f.registry.backup_to(&offered).expect("copy");
    // Scribble over the last pages (table rows; the schema stays readable, so only SQLite's
    // integrity check can tell).
    let mut data = std::fs::read(&offered).expect("read");
    let from = data.len() / 4096 * 4096 - 2 * 4096;
    for (i, byte) in data.iter_mut().enumerate().skip(from) {
        *byte = (i % 251) as u8;
    }
    std::fs::write(&offered, data).expect("written");
    refused_untouched(&mut f, &offered);
}

#[test]
fn a_copy_saved_to_a_chosen_file_opens_as_the_same_registry() {
    let f = known();
    let out = f.path("copy.sqlite3");
    f.registry.backup_to(&out).expect("copy");
    assert_eq!(dump_of(&out), dump(&f.registry));
}

#[test]
fn restoring_from_the_oldest_automatic_backup_works_though_retention_then_prunes_it() {
    let mut f = known();
    let oldest = f.registry.backup(Reason::Import).expect("oldest");
    let held = dump_of(&oldest.path);
    // With the import's own, `oldest` is the 20th newest: the last one retention keeps.
    for _ in 0..backup::KEEP_LAST - 2 {
        f.registry.backup(Reason::Import).expect("another");
    }
    import(&mut f.registry, Entity::Workshops, ONE_MORE);
    assert!(oldest.path.exists());
    f.registry.restore(&oldest.path, true).expect("restored");
    assert_eq!(dump(&f.registry), held);
    // The restore's own backup pushed it out, once it was no longer open.
    assert!(!oldest.path.exists());
}

#[test]
fn the_newest_good_backup_passes_over_a_damaged_one() {
    let f = known();
    let good = f.registry.backup(Reason::Manual).expect("backup");
    std::thread::sleep(std::time::Duration::from_millis(20));
    let bad = f.registry.backup(Reason::Manual).expect("backup");
    let mut data = std::fs::read(&bad.path).expect("read");
    let from = data.len() / 4096 * 4096 - 2 * 4096;
    for (i, byte) in data.iter_mut().enumerate().skip(from) {
        *byte = (i % 251) as u8;
    }
    std::fs::write(&bad.path, data).expect("damaged");
    assert_eq!(newest(&f.registry).path, bad.path);
    let found = Registry::newest_good_backup(f.registry.path())
        .expect("listed")
        .expect("one is good");
    assert_eq!(found.path, good.path);
}
