//! The change history's batches: one per committed write, in the same transaction, none for a
//! write that did not happen.

use std::collections::HashMap;

use luban_registry::backup::Reason;
use luban_registry::{Entity, ImportOptions, Registry};

use crate::support::{bytes, fresh, import, known};

const ONE_MORE: &str =
    "code,name_en,country,host_institution,chinese_institution,opened_year,status\n\
EG-CAI,Egypt Luban Workshop,EG,Ain Shams University,Tianjin Light Industry,2020,active\n";

#[test]
fn an_import_is_one_batch_naming_its_file_with_what_it_added_and_updated() {
    let mut f = known();
    import(
        &mut f.registry,
        Entity::Workshops,
        &format!("{ONE_MORE}PK-LHR,Pakistan Luban Workshop (renamed),PK,Punjab TEVTA,Tianjin Modern Vocational Technology College,2018,active\n"),
    );
    let batch = f.registry.history().expect("history").remove(0);
    assert_eq!(batch.source, "import workshops.csv");
    assert_eq!((batch.added, batch.updated, batch.deleted), (1, 1, 0));
    chrono::DateTime::parse_from_rfc3339(&batch.at).expect("at is RFC 3339");
}

#[test]
fn an_import_returns_the_batch_it_was_recorded_as_and_a_dry_run_none() {
    let mut f = known();
    let dry = f
        .registry
        .import(
            bytes(Entity::Workshops, "workshops.csv", ONE_MORE),
            ImportOptions {
                dry_run: true,
                ..ImportOptions::default()
            },
        )
        .expect("dry run");
    assert_eq!(dry.batch, None);
    let done = f
        .registry
        .import(
            bytes(Entity::Workshops, "workshops.csv", ONE_MORE),
            ImportOptions::default(),
        )
        .expect("imported");
    let newest = f.registry.history().expect("history").remove(0);
    assert_eq!(done.batch, Some(newest.id));
    f.registry
        .undo(done.batch, false)
        .expect("undone by that batch");
    let again = f
        .registry
        .import(
            bytes(Entity::Workshops, "workshops.csv", ONE_MORE),
            ImportOptions::default(),
        )
        .expect("imported again");
    assert!(again.batch > done.batch);
}

#[test]
fn batches_are_listed_newest_first() {
    let f = known();
    let ids: Vec<i64> = f
        .registry
        .history()
        .expect("history")
        .iter()
        .map(|b| b.id)
        .collect();
    let mut sorted = ids.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(ids, sorted);
    // known() imports five files.
    assert_eq!(ids.len(), 5);
}

#[test]
fn a_dry_run_or_an_import_that_changes_nothing_is_no_batch() {
    let mut f = known();
    let before = f.registry.history().expect("history").len();
    let options = ImportOptions {
        dry_run: true,
        ..ImportOptions::default()
    };
    f.registry
        .import(bytes(Entity::Workshops, "workshops.csv", ONE_MORE), options)
        .expect("dry run");
    import(
        &mut f.registry,
        Entity::Workshops,
        crate::support::WORKSHOPS,
    );
    assert_eq!(f.registry.history().expect("history").len(), before);
}

#[test]
fn a_deletion_is_one_batch_naming_the_record_and_counting_what_went_with_it() {
    let mut f = known();
    let key = HashMap::from([("code".to_string(), "TH-AYU".to_string())]);
    let impact = f
        .registry
        .delete(Entity::Workshops, &key, true)
        .expect("deleted");
    let batch = f.registry.history().expect("history").remove(0);
    assert_eq!(batch.source, "delete workshops TH-AYU");
    assert_eq!(batch.deleted, 1 + impact.enrolments + impact.trainings);
}

#[test]
fn a_form_save_is_one_batch() {
    let mut f = known();
    let fields: HashMap<String, String> = [
        ("code", "EG-CAI"),
        ("name_en", "Egypt Luban Workshop"),
        ("country", "EG"),
        ("host_institution", "Ain Shams University"),
        ("chinese_institution", "Tianjin Light Industry"),
        ("opened_year", "2020"),
        ("status", "active"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    f.registry
        .save(Entity::Workshops, None, &fields)
        .expect("saved");
    let batch = f.registry.history().expect("history").remove(0);
    assert_eq!(batch.source, "save workshops");
    assert_eq!(batch.added, 1);
}

#[test]
fn a_refused_save_is_no_batch() {
    let mut f = known();
    let before = f.registry.history().expect("history").len();
    let _ = f.registry.save(Entity::Workshops, None, &HashMap::new());
    assert_eq!(f.registry.history().expect("history").len(), before);
}

#[test]
fn a_restore_is_a_batch_of_the_restored_registry() {
    let mut f = known();
    let taken = f.registry.backup(Reason::Manual).expect("backup");
    import(&mut f.registry, Entity::Workshops, ONE_MORE);
    f.registry.restore(&taken.path, true).expect("restored");
    let history = f.registry.history().expect("history");
    assert!(history[0].source.starts_with("restore "));
    // The import made after the backup is not in the restored registry's history.
    assert_eq!(history.len(), 5 + 1);
}

#[test]
fn opening_a_registry_of_an_older_schema_backs_it_up_before_migrating() {
    let f = fresh();
    let path = f.registry.path().to_path_buf();
    let conn = f.registry.connection_for_tests();
    conn.execute_batch(
        "DROP TABLE custom_value; DROP TABLE custom_field; DROP TABLE history_record; DROP TABLE history_batch; DROP TABLE setting; DROP TABLE document; DROP TABLE contact; DROP TABLE agreement; PRAGMA user_version = 1;",
    )
        .expect("made a version-1 file");
    drop(f.registry);
    let registry = Registry::open(&path).expect("migrates");
    let taken = registry.backups().expect("list").remove(0);
    assert_eq!(taken.reason, Reason::Migration);
    let old = rusqlite::Connection::open(&taken.path).expect("backup opens");
    let version: i64 = old
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .expect("version");
    assert_eq!(version, 1);
    assert_eq!(registry.history().expect("history table made"), vec![]);
}

/// Every file `export-all` writes, as bytes, by name.
fn exported(registry: &Registry, dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    registry
        .export(
            luban_registry::Target::Folder(dir),
            luban_registry::ExportOptions::default(),
            None,
        )
        .expect("export-all");
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("folder")
        .map(|e| {
            let e = e.expect("entry");
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).expect("file"),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn undoing_the_last_import_gives_back_the_identical_registry() {
    let mut f = known();
    let before = exported(&f.registry, &f.path("before"));
    import(
        &mut f.registry,
        Entity::Workshops,
        &format!("{ONE_MORE}PK-LHR,巴基斯坦工坊（改）,PK,Punjab TEVTA,Tianjin Modern Vocational Technology College,2018,active\n"),
    );
    let undo = f.registry.undo(None, false).expect("undone");
    assert_eq!(undo.batch.source, "import workshops.csv");
    assert_eq!(exported(&f.registry, &f.path("after")), before);
}

#[test]
fn an_undo_is_a_batch_that_can_itself_be_undone() {
    let mut f = known();
    import(&mut f.registry, Entity::Workshops, ONE_MORE);
    let imported = crate::support::dump(&f.registry);
    f.registry.undo(None, false).expect("undone");
    assert!(f.registry.history().expect("history")[0]
        .source
        .starts_with("undo "));
    f.registry.undo(None, false).expect("undo undone");
    assert_eq!(crate::support::dump(&f.registry), imported);
}

#[test]
fn undo_refuses_a_batch_whose_records_a_later_one_changed_and_names_it() {
    let mut f = known();
    import(&mut f.registry, Entity::Workshops, ONE_MORE);
    let first = f.registry.history().expect("history")[0].id;
    let key = HashMap::from([("code".to_string(), "EG-CAI".to_string())]);
    f.registry
        .delete(Entity::Workshops, &key, true)
        .expect("deleted");
    let current = crate::support::dump(&f.registry);
    match f.registry.undo(Some(first), false) {
        Err(luban_registry::Error::UndoBlocked {
            batch,
            later_source,
            ..
        }) => {
            assert_eq!(batch, first);
            assert_eq!(later_source, "delete workshops EG-CAI");
        }
        other => panic!("expected blocked, got {other:?}"),
    }
    assert_eq!(crate::support::dump(&f.registry), current);
}

#[test]
fn an_undo_dry_run_names_the_batch_and_changes_nothing() {
    let mut f = known();
    import(&mut f.registry, Entity::Workshops, ONE_MORE);
    let current = crate::support::dump(&f.registry);
    let undo = f.registry.undo(None, true).expect("dry run");
    assert!(undo.dry_run);
    assert_eq!(undo.batch.added, 1);
    assert_eq!(crate::support::dump(&f.registry), current);
}

// ---- per-record history ------------------------------------------------------------------------

fn workshop_form(code: &str, name_en: &str) -> HashMap<String, String> {
    [
        ("code", code),
        ("name_en", name_en),
        ("country", "EG"),
        ("host_institution", "Ain Shams University"),
        ("chinese_institution", "Tianjin Light Industry"),
        ("opened_year", "2020"),
        ("status", "active"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

fn code(code: &str) -> HashMap<String, String> {
    HashMap::from([("code".to_string(), code.to_string())])
}

#[test]
fn an_import_records_each_updated_field_with_its_old_and_new_value_and_each_added_record_whole() {
    let mut f = known();
    import(
        &mut f.registry,
        Entity::Workshops,
        &format!("{ONE_MORE}PK-LHR,Pakistan Luban Workshop (renamed),PK,Punjab TEVTA,Tianjin Modern Vocational Technology College,2018,active\n"),
    );
    let records = f.registry.history_records(None, None).expect("records");
    let newest = records[0].batch;
    let batch: Vec<_> = records.iter().filter(|r| r.batch == newest).collect();
    assert_eq!(batch.len(), 2, "{batch:#?}");
    let update = batch
        .iter()
        .find(|r| r.key.as_deref() == Some("PK-LHR"))
        .expect("the update");
    assert_eq!(update.op, luban_registry::history::Op::Update);
    assert_eq!(update.source, "import workshops.csv");
    assert_eq!(
        serde_json::Value::Object(update.changes.clone()),
        serde_json::json!({"name_en": ["Pakistan Luban Workshop", "Pakistan Luban Workshop (renamed)"]})
    );
    let add = batch
        .iter()
        .find(|r| r.key.as_deref() == Some("EG-CAI"))
        .expect("the add");
    assert_eq!(add.op, luban_registry::history::Op::Add);
    assert_eq!(add.changes["host_institution"], "Ain Shams University");
    assert_eq!(add.changes.len(), Entity::Workshops.columns().len());
}

#[test]
fn an_import_into_an_empty_table_records_one_change_standing_for_every_record_it_added() {
    let mut f = fresh();
    import(
        &mut f.registry,
        Entity::Workshops,
        crate::support::WORKSHOPS,
    );
    let records = f
        .registry
        .history_records(Some(Entity::Workshops), None)
        .expect("records");
    assert_eq!(records.len(), 1, "{records:#?}");
    assert_eq!(records[0].key, None);
    assert_eq!(records[0].op, luban_registry::history::Op::Add);
    assert_eq!(records[0].changes["records"], 5);
}

#[test]
fn a_form_rename_is_one_update_with_the_old_and_new_code_among_its_changes() {
    let mut f = known();
    f.registry
        .save(
            Entity::Workshops,
            None,
            &workshop_form("EG-CAI", "Egypt Luban Workshop"),
        )
        .expect("saved");
    f.registry
        .save(
            Entity::Workshops,
            Some(&code("EG-CAI")),
            &workshop_form("EG-ASU", "Egypt Luban Workshop"),
        )
        .expect("renamed");
    let records = f.registry.history_records(None, None).expect("records");
    let newest = records[0].batch;
    let batch: Vec<_> = records.iter().filter(|r| r.batch == newest).collect();
    assert_eq!(batch.len(), 1, "{batch:#?}");
    assert_eq!(batch[0].op, luban_registry::history::Op::Update);
    assert_eq!(batch[0].key.as_deref(), Some("EG-ASU"));
    assert_eq!(
        serde_json::Value::Object(batch[0].changes.clone()),
        serde_json::json!({"code": ["EG-CAI", "EG-ASU"]})
    );
}

#[test]
fn deleting_a_workshop_records_it_and_every_figure_and_link_that_went_with_it() {
    let mut f = known();
    let impact = f
        .registry
        .delete(Entity::Workshops, &code("TH-AYU"), true)
        .expect("deleted");
    let records = f.registry.history_records(None, None).expect("records");
    let newest = records[0].batch;
    let batch: Vec<_> = records.iter().filter(|r| r.batch == newest).collect();
    assert!(batch
        .iter()
        .all(|r| r.op == luban_registry::history::Op::Delete));
    let of = |kind: &str| batch.iter().filter(|r| r.kind == kind).count() as u64;
    assert_eq!(of("workshops"), 1);
    assert_eq!(of("workshop_majors"), impact.majors);
    assert_eq!(of("enrolments"), impact.enrolments);
    assert_eq!(of("trainings"), impact.trainings);
    let workshop = batch.iter().find(|r| r.kind == "workshops").expect("it");
    assert_eq!(workshop.changes["notes"], "first abroad");
}

#[test]
fn the_history_of_a_key_lists_the_records_with_that_key_field_newest_first() {
    let mut f = known();
    f.registry
        .save(
            Entity::Workshops,
            None,
            &workshop_form("EG-CAI", "Egypt Luban Workshop"),
        )
        .expect("saved");
    f.registry
        .save(
            Entity::Workshops,
            Some(&code("EG-CAI")),
            &workshop_form("EG-CAI", "Egypt Luban Workshop (Cairo)"),
        )
        .expect("edited");
    f.registry
        .delete(Entity::Workshops, &code("TH-AYU"), true)
        .expect("deleted");
    let records = f
        .registry
        .history_records(None, Some("eg-cai"))
        .expect("records");
    let ops: Vec<_> = records.iter().map(|r| r.op).collect();
    use luban_registry::history::Op;
    assert_eq!(ops, vec![Op::Update, Op::Add]);
    let figures = f
        .registry
        .history_records(Some(Entity::Enrolments), Some("TH-AYU"))
        .expect("records");
    assert!(!figures.is_empty());
    assert!(figures
        .iter()
        .all(|r| r.kind == "enrolments" && r.op == Op::Delete));
}

#[test]
fn a_form_save_that_changes_one_field_records_only_that_field() {
    let mut f = known();
    f.registry
        .save(
            Entity::Workshops,
            None,
            &workshop_form("EG-CAI", "Egypt Luban Workshop"),
        )
        .expect("saved");
    f.registry
        .save(
            Entity::Workshops,
            Some(&code("EG-CAI")),
            &workshop_form("EG-CAI", "Egypt Luban Workshop (Cairo)"),
        )
        .expect("edited");
    let newest = f
        .registry
        .history_records(None, None)
        .expect("records")
        .remove(0);
    assert_eq!(newest.source, "save workshops");
    assert_eq!(
        serde_json::Value::Object(newest.changes),
        serde_json::json!({"name_en": ["Egypt Luban Workshop", "Egypt Luban Workshop (Cairo)"]})
    );
}

// ---- undo by records ---------------------------------------------------------------------------

#[test]
fn undoing_a_form_edit_that_renamed_a_workshop_gives_back_the_identical_registry() {
    let mut f = known();
    let before = exported(&f.registry, &f.path("before"));
    let mut fields = workshop_form("TH-BKK", "Thailand Luban Workshop (Bangkok)");
    fields.insert("country".to_string(), "TH".to_string());
    fields.insert("opened_year".to_string(), "2016".to_string());
    f.registry
        .save(Entity::Workshops, Some(&code("TH-AYU")), &fields)
        .expect("renamed");
    let undo = f.registry.undo(None, false).expect("undone");
    assert_eq!(undo.batch.source, "save workshops");
    assert_eq!(undo.restored, None);
    assert_eq!(exported(&f.registry, &f.path("after")), before);
}

#[test]
fn undoing_the_deletion_of_a_workshop_with_figures_gives_back_the_identical_registry() {
    let mut f = known();
    let before = exported(&f.registry, &f.path("before"));
    f.registry
        .delete(Entity::Workshops, &code("TH-AYU"), true)
        .expect("deleted");
    f.registry.undo(None, false).expect("undone");
    assert_eq!(exported(&f.registry, &f.path("after")), before);
}

#[test]
fn undoing_an_import_into_an_empty_table_removes_every_record_it_added() {
    let mut f = fresh();
    let before = exported(&f.registry, &f.path("before"));
    import(
        &mut f.registry,
        Entity::Workshops,
        crate::support::WORKSHOPS,
    );
    f.registry.undo(None, false).expect("undone");
    assert_eq!(exported(&f.registry, &f.path("after")), before);
}

#[test]
fn an_earlier_batch_is_undone_while_later_batches_changed_other_records() {
    let mut f = known();
    import(&mut f.registry, Entity::Workshops, ONE_MORE);
    let imported = f.registry.history().expect("history")[0].id;
    let before_delete = exported(&f.registry, &f.path("before"));
    f.registry
        .delete(Entity::Workshops, &code("GB-CRA"), true)
        .expect("deleted");
    let deletion = f.registry.history().expect("history")[0].id;
    f.registry.undo(Some(imported), false).expect("undone");
    f.registry.undo(Some(deletion), false).expect("undone");
    let mut after = exported(&f.registry, &f.path("after"));
    let mut expected = before_delete;
    // Only EG-CAI, which the import added, is gone.
    for (_, bytes) in after.iter_mut().chain(expected.iter_mut()) {
        let text = String::from_utf8_lossy(bytes).into_owned();
        *bytes = text
            .lines()
            .filter(|l| !l.starts_with("EG-CAI"))
            .collect::<Vec<_>>()
            .join("\n")
            .into_bytes();
    }
    assert_eq!(after, expected);
    assert!(f.registry.workshop("EG-CAI").is_err());
}

#[test]
fn undo_refuses_to_remove_a_record_that_a_later_batch_hung_records_on() {
    let mut f = known();
    import(&mut f.registry, Entity::Workshops, ONE_MORE);
    let imported = f.registry.history().expect("history")[0].id;
    import(
        &mut f.registry,
        Entity::Trainings,
        "workshop,year,kind,trainees\nEG-CAI,2023,skills,40\n",
    );
    let current = crate::support::dump(&f.registry);
    let error = f.registry.undo(Some(imported), false).expect_err("refused");
    assert_eq!(error.kind(), "undo_blocked");
    assert_eq!(crate::support::dump(&f.registry), current);
}

#[test]
fn undoing_an_undo_by_records_gives_back_the_undone_batch() {
    let mut f = known();
    f.registry
        .delete(Entity::Workshops, &code("TH-AYU"), true)
        .expect("deleted");
    let deleted = exported(&f.registry, &f.path("deleted"));
    f.registry.undo(None, false).expect("undone");
    assert!(f.registry.history().expect("history")[0]
        .source
        .starts_with("undo "));
    f.registry.undo(None, false).expect("undo undone");
    assert_eq!(exported(&f.registry, &f.path("again")), deleted);
}

#[test]
fn an_undo_by_records_takes_a_backup_first() {
    let mut f = known();
    f.registry
        .save(
            Entity::Workshops,
            None,
            &workshop_form("EG-CAI", "Egypt Luban Workshop"),
        )
        .expect("saved");
    f.registry.undo(None, false).expect("undone");
    assert_eq!(f.registry.backups().expect("list")[0].reason, Reason::Undo);
    assert!(f.registry.history().expect("history")[0].backup.is_some());
}

#[test]
fn an_import_dry_run_lists_each_record_it_would_update_with_the_fields_that_change() {
    let mut f = known();
    let options = ImportOptions {
        dry_run: true,
        ..ImportOptions::default()
    };
    let outcome = f
        .registry
        .import(
            bytes(
                Entity::Workshops,
                "workshops.csv",
                &format!(
                    "{ONE_MORE}PK-LHR,Pakistan Luban Workshop,PK,Punjab TEVTA,????,2018,active\n"
                ),
            ),
            options,
        )
        .expect("dry run");
    assert_eq!(outcome.updates.len(), 1, "{:#?}", outcome.updates);
    assert_eq!(outcome.updates[0].key, "PK-LHR");
    assert_eq!(
        serde_json::Value::Object(outcome.updates[0].changes.clone()),
        serde_json::json!({"chinese_institution": ["Tianjin Modern Vocational Technology College", "????"]})
    );
    assert_eq!(
        f.registry
            .history_records(Some(Entity::Workshops), Some("EG-CAI"))
            .expect("records"),
        vec![]
    );
}

#[test]
fn a_form_saved_without_a_change_is_no_batch() {
    let mut f = known();
    f.registry
        .save(
            Entity::Workshops,
            None,
            &workshop_form("EG-CAI", "Egypt Luban Workshop"),
        )
        .expect("saved");
    let before = f.registry.history().expect("history").len();
    f.registry
        .save(
            Entity::Workshops,
            Some(&code("EG-CAI")),
            &workshop_form("EG-CAI", "Egypt Luban Workshop"),
        )
        .expect("saved again");
    assert_eq!(f.registry.history().expect("history").len(), before);
}

/// By hand, for docs/performance.md: one form save and one deletion beside many figure rows
/// (`cargo test --release -p luban-registry --test registry -- --ignored --nocapture figure_rows`).
#[test]
#[ignore]
fn measure_a_form_save_and_a_deletion_beside_many_figure_rows() {
    let workshops: usize = std::env::var("LUBAN_MEASURE_WORKSHOPS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1000);
    let mut f = fresh();
    let mut csv = String::from(
        "code,name_en,country,host_institution,chinese_institution,opened_year,status\n",
    );
    for w in 0..workshops {
        csv.push_str(&format!(
            "W-{w:05},Workshop {w},TH,Host {w},Tianjin {w},2000,active\n"
        ));
    }
    import(&mut f.registry, Entity::Workshops, &csv);
    let mut csv = String::from("workshop,year,major,level,students\n");
    for w in 0..workshops {
        for year in 2000..2025 {
            for level in ["secondary", "associate", "bachelor", "other"] {
                csv.push_str(&format!("W-{w:05},{year},,{level},10\n"));
            }
        }
    }
    import(&mut f.registry, Entity::Enrolments, &csv);
    let rows = workshops * 25 * 4;
    let cells = |students: &str| -> HashMap<String, String> {
        [
            ("workshop", "W-00007"),
            ("year", "2010"),
            ("major", ""),
            ("level", "bachelor"),
            ("students", students),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    };
    let started = std::time::Instant::now();
    f.registry
        .save(Entity::Enrolments, Some(&cells("10")), &cells("11"))
        .expect("saved");
    let save = started.elapsed();
    let key: HashMap<String, String> = [("code".to_string(), "W-00009".to_string())].into();
    let started = std::time::Instant::now();
    f.registry
        .delete(Entity::Workshops, &key, true)
        .expect("deleted");
    let delete = started.elapsed();
    let records = f.registry.history_records(None, None).expect("records");
    assert_eq!(
        records
            .iter()
            .filter(|r| r.batch == records[0].batch)
            .count(),
        101
    );
    println!("{rows} enrolment rows: one form save {save:?}, deleting a workshop with 100 rows {delete:?}");
}
