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
            members("SCO-partner"),
            members("BRICS"),
            members("ASEAN"),
            members("AU")
        ),
        (10, 17, 10, 11, 55)
    );
}

#[test]
fn a_new_registry_tags_sco_partners_apart_from_member_states() {
    let f = fresh();
    let groups = |iso2: &str| crate::support::country(&f.registry, iso2).groups;
    assert_eq!(groups("KZ"), vec!["SCO"]);
    assert_eq!(groups("KH"), vec!["ASEAN", "SCO-partner"]);
    assert_eq!(groups("EG"), vec!["AU", "BRICS", "SCO-partner"]);
}

#[test]
fn opening_a_version_1_registry_moves_the_sco_partners_to_their_own_tag() {
    let f = fresh();
    let path = f.registry.path().to_path_buf();
    // Put the file back as version 1 shipped it: partners tagged SCO, no settings table.
    f.registry
        .connection_for_tests()
        .execute_batch(
            "UPDATE country_group SET tag = 'SCO' WHERE tag = 'SCO-partner'; DROP TABLE custom_value; DROP TABLE custom_field; DROP TABLE setting; DROP TABLE history_record; DROP TABLE history_batch; DROP TABLE document; DROP TABLE contact; DROP TABLE agreement; PRAGMA user_version = 1;",
        )
        .unwrap();
    drop(f.registry);
    let again = Registry::open(&path).unwrap();
    let tagged = |tag: &str| -> i64 {
        again
            .connection_for_tests()
            .query_row(
                "SELECT count(*) FROM country_group WHERE tag = ?1",
                [tag],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!((tagged("SCO"), tagged("SCO-partner")), (10, 17));
    assert_eq!(
        crate::support::country(&again, "KH").groups,
        vec!["ASEAN", "SCO-partner"]
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

#[test]
fn a_new_registry_names_regions_of_china_and_palestine_as_the_foreign_ministry_does() {
    let f = fresh();
    let names = |iso2: &str| {
        let c = crate::support::country(&f.registry, iso2);
        (c.name_en, c.name_zh)
    };
    assert_eq!(names("TW"), ("Taiwan, China".into(), "中国台湾".into()));
    assert_eq!(
        names("HK"),
        ("Hong Kong SAR, China".into(), "中国香港".into())
    );
    assert_eq!(names("MO"), ("Macao SAR, China".into(), "中国澳门".into()));
    assert_eq!(names("PS"), ("Palestine".into(), "巴勒斯坦".into()));
}

#[test]
fn opening_a_version_2_registry_renames_the_shipped_names_and_keeps_edited_ones() {
    let f = fresh();
    let path = f.registry.path().to_path_buf();
    // As version 1 shipped them, except Hong Kong's English name, which the user edited.
    f.registry
        .connection_for_tests()
        .execute_batch(
            "UPDATE country SET name_en = 'Taiwan', name_zh = '台湾' WHERE iso2 = 'TW'; \
             UPDATE country SET name_en = 'Palestinian Territories', name_zh = '巴勒斯坦领土' WHERE iso2 = 'PS'; \
             UPDATE country SET name_en = 'Hong Kong (edited)', name_zh = '中国香港特别行政区' WHERE iso2 = 'HK'; \
             DROP TABLE custom_value; DROP TABLE custom_field; DROP TABLE setting; DROP TABLE history_record; DROP TABLE history_batch; DROP TABLE document; DROP TABLE contact; DROP TABLE agreement; PRAGMA user_version = 2;",
        )
        .unwrap();
    drop(f.registry);
    let again = Registry::open(&path).unwrap();
    let names = |iso2: &str| {
        let c = crate::support::country(&again, iso2);
        (c.name_en, c.name_zh)
    };
    assert_eq!(names("TW"), ("Taiwan, China".into(), "中国台湾".into()));
    assert_eq!(names("PS"), ("Palestine".into(), "巴勒斯坦".into()));
    assert_eq!(
        names("HK"),
        ("Hong Kong (edited)".into(), "中国香港".into())
    );
}

#[test]
fn the_institution_setting_is_kept_in_the_registry_file() {
    let mut f = fresh();
    f.registry
        .set_setting("institution_en", "  Tianjin X Vocational College  ")
        .unwrap();
    let path = f.registry.path().to_path_buf();
    drop(f.registry);
    let again = Registry::open(&path).unwrap();
    let settings = again.settings().unwrap();
    assert_eq!(
        settings.institution_en.as_deref(),
        Some("Tianjin X Vocational College")
    );
    assert_eq!(settings.institution_zh, None);
}

#[test]
fn an_empty_value_clears_a_setting_and_an_unknown_key_is_refused() {
    let mut f = fresh();
    f.registry.set_setting("institution_zh", "某学院").unwrap();
    f.registry.set_setting("institution_zh", " ").unwrap();
    assert_eq!(f.registry.settings().unwrap().institution_zh, None);
    assert!(matches!(
        f.registry.set_setting("colour", "red"),
        Err(Error::UnknownSetting(k)) if k == "colour"
    ));
}

#[test]
fn saving_settings_sets_every_setting_and_clears_those_left_empty() {
    let mut f = fresh();
    f.registry
        .set_setting("institution_en", "Old name")
        .unwrap();
    let new = luban_registry::Settings {
        institution_zh: Some(" 天津某学院 ".into()),
        institution_en: None,
    };
    f.registry.save_settings(&new).unwrap();
    let saved = f.registry.settings().unwrap();
    assert_eq!(saved.institution_zh.as_deref(), Some("天津某学院"));
    assert_eq!(saved.institution_en, None);
}
