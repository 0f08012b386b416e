//! The registry file: creation with reference data, migrations, refusing files it must not touch,
//! and sharing the file with a second process.

use std::time::Duration;

use luban_registry::{store, Entity, Error, ImportOptions, Registry};

use crate::support::{count, fresh, import, known};

#[test]
fn new_registry_starts_with_every_iso_country_and_the_19_major_categories() {
    let f = fresh();
    assert_eq!(count(&f.registry, "country"), 249);
    assert_eq!(count(&f.registry, "major_category"), 19);
    let china = crate::support::country(&f.registry, "CN");
    assert_eq!(
        (china.name_en.as_str(), china.name_zh.as_str()),
        ("China", "中国")
    );
    assert_eq!(china.groups, vec!["BRICS", "SCO"]);
}

#[test]
fn reference_groups_have_the_2025_membership_counts() {
    let f = fresh();
    let members = |tag: &str| -> i64 {
        f.registry
            .connection_for_tests()
            .query_row(
                "SELECT count(*) FROM country_group WHERE tag = ?1",
                [tag],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!(
        (
            members("SCO"),
            members("BRICS"),
            members("ASEAN"),
            members("AU")
        ),
        (27, 10, 11, 55)
    );
}

#[test]
fn registry_file_is_created_in_a_missing_folder() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deep").join("er").join("registry.sqlite3");
    Registry::open(&path).unwrap();
    assert!(path.exists());
}

#[test]
fn reopening_a_registry_keeps_its_records() {
    let f = known();
    let path = f.registry.path().to_path_buf();
    drop(f.registry);
    let again = Registry::open(&path).unwrap();
    assert_eq!(count(&again, "workshop"), 5);
}

#[test]
fn newer_version_file_is_refused_and_left_byte_for_byte_unchanged() {
    let f = fresh();
    let path = f.registry.path().to_path_buf();
    f.registry
        .connection_for_tests()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    drop(f.registry);
    let before = std::fs::read(&path).unwrap();
    match Registry::open(&path) {
        Err(Error::NewerSchema {
            found: 99,
            supported,
            ..
        }) => assert_eq!(supported, store::SCHEMA_VERSION),
        other => panic!("expected NewerSchema, got {:?}", other.err()),
    }
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert!(
        !path.with_extension("sqlite3-wal").exists(),
        "no WAL file was created"
    );
}

#[test]
fn sqlite_database_of_another_program_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    let other = rusqlite::Connection::open(&path).unwrap();
    other
        .execute_batch("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('mine');")
        .unwrap();
    drop(other);
    let before = std::fs::read(&path).unwrap();
    assert!(matches!(
        Registry::open(&path),
        Err(Error::NotARegistry { .. })
    ));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn file_that_is_not_sqlite_is_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workshops.xlsx");
    std::fs::write(&path, b"PK\x03\x04 this is a spreadsheet, not a database ........................................................................................").unwrap();
    match Registry::open(&path) {
        Err(e @ Error::NotARegistry { .. }) => {
            assert!(e.to_string().contains("not a SQLite database"), "{e}")
        }
        other => panic!("expected NotARegistry, got {:?}", other.err()),
    }
}

#[test]
fn a_second_process_waits_for_a_writer_instead_of_failing() {
    let mut f = fresh();
    let path = f.registry.path().to_path_buf();
    let holder = std::thread::spawn(move || {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "BEGIN IMMEDIATE; UPDATE country SET name_en = name_en WHERE iso2 = 'TH';",
        )
        .unwrap();
        std::thread::sleep(Duration::from_millis(500));
        conn.execute_batch("COMMIT").unwrap();
    });
    std::thread::sleep(Duration::from_millis(100));
    import(&mut f.registry, Entity::Majors, crate::support::MAJORS);
    holder.join().unwrap();
    assert_eq!(count(&f.registry, "major"), 3);
}

#[test]
fn database_enforces_a_blank_major_as_one_key_value() {
    let f = known();
    let conn = f.registry.connection_for_tests();
    let dup = conn.execute(
        "INSERT INTO enrolment (workshop_id, year, major_id, level, students) SELECT workshop_id, year, major_id, level, 1 FROM enrolment WHERE major_id IS NULL LIMIT 1",
        [],
    );
    assert!(
        dup.is_err(),
        "a second blank-major row for the same key is refused by the database itself"
    );
}

#[test]
fn check_finds_a_healthy_registry_healthy() {
    let f = known();
    assert_eq!(
        f.registry.check(luban_registry::CheckDepth::Full).unwrap(),
        Vec::new()
    );
}

#[test]
fn dry_run_on_a_fresh_registry_writes_nothing() {
    let mut f = fresh();
    f.registry
        .import(
            crate::support::bytes(Entity::Majors, "majors.csv", crate::support::MAJORS),
            ImportOptions {
                dry_run: true,
                progress: None,
                ..ImportOptions::default()
            },
        )
        .unwrap();
    assert_eq!(count(&f.registry, "major"), 0);
}
