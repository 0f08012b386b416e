//! A registry that cannot be written is opened for reading: every reading operation and a dry
//! run work, and every write is refused naming the file, which is left byte-identical.

use std::collections::HashMap;
use std::path::PathBuf;

use luban_registry::report::Selection;
use luban_registry::sample::IfNotEmpty;
use luban_registry::{CheckDepth, Entity, ExportOptions, ImportOptions, Registry, Target};

use crate::support::{bytes, known};

const ONE_MORE: &str =
    "code,name_en,country,host_institution,chinese_institution,opened_year,status\n\
EG-CAI,Egypt Luban Workshop,EG,Ain Shams University,Tianjin Light Industry,2020,active\n";

/// A closed registry with figures, opened again read-only; with its file's bytes.
fn read_only() -> (tempfile::TempDir, Registry, Vec<u8>) {
    let f = known();
    let path = f.registry.path().to_path_buf();
    drop(f.registry);
    let bytes = std::fs::read(&path).expect("registry");
    let registry = Registry::open_read_only(&path).expect("opens read-only");
    (f.dir, registry, bytes)
}

#[test]
fn reading_operations_work_on_a_read_only_registry() {
    let (_dir, registry, before) = read_only();
    assert!(registry.is_read_only());
    assert_eq!(registry.check(CheckDepth::Full).expect("check"), vec![]);
    assert_eq!(
        registry
            .headline(&Selection::default())
            .expect("report")
            .workshops,
        5
    );
    let mut out = Vec::new();
    registry
        .export(
            Target::Stream(Entity::Workshops, &mut out),
            ExportOptions::default(),
            None,
        )
        .expect("export");
    assert!(String::from_utf8_lossy(&out).contains("TH-AYU"));
    registry.backups().expect("backups listed");
    assert_eq!(std::fs::read(registry.path()).expect("registry"), before);
}

#[test]
fn a_dry_run_works_on_a_read_only_registry() {
    let (_dir, mut registry, before) = read_only();
    let options = ImportOptions {
        dry_run: true,
        ..ImportOptions::default()
    };
    let outcome = registry
        .import(bytes(Entity::Workshops, "workshops.csv", ONE_MORE), options)
        .expect("dry run");
    assert_eq!(outcome.files[0].added, 1);
    assert_eq!(std::fs::read(registry.path()).expect("registry"), before);
}

#[test]
fn every_write_to_a_read_only_registry_is_refused_naming_it() {
    let (dir, mut registry, before) = read_only();
    let key = HashMap::from([("code".to_string(), "TH-AYU".to_string())]);
    let backup: PathBuf = dir.path().join("backups").join("none.sqlite3");
    let refusals = [
        registry
            .import(
                bytes(Entity::Workshops, "workshops.csv", ONE_MORE),
                ImportOptions::default(),
            )
            .err(),
        registry
            .save(Entity::Workshops, None, &HashMap::new())
            .err(),
        registry.delete(Entity::Workshops, &key, true).err(),
        registry.load_sample(IfNotEmpty::Replace, true).err(),
        registry.restore(&backup, true).err(),
    ];
    for refusal in refusals {
        match refusal {
            Some(luban_registry::Error::ReadOnly { path }) => assert_eq!(path, registry.path()),
            other => panic!("expected read-only, got {other:?}"),
        }
    }
    assert_eq!(std::fs::read(registry.path()).expect("registry"), before);
}

#[test]
fn a_registry_file_that_cannot_be_written_opens_read_only() {
    let f = known();
    let path = f.registry.path().to_path_buf();
    drop(f.registry);
    let mut permissions = std::fs::metadata(&path).expect("file").permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(&path, permissions.clone()).expect("made read-only");
    if std::fs::OpenOptions::new().append(true).open(&path).is_ok() {
        // The administrator (root) writes through permissions: nothing to observe here.
        eprintln!("skipped: this user can write a read-only file");
        return;
    }
    let registry = Registry::open(&path).expect("opens");
    assert!(registry.is_read_only());
    #[allow(clippy::permissions_set_readonly_false)]
    permissions.set_readonly(false);
    std::fs::set_permissions(&path, permissions).expect("writable again");
}

#[test]
fn an_undo_dry_run_works_on_a_read_only_registry_and_says_how_many_records() {
    let mut f = crate::support::known();
    crate::support::import(
        &mut f.registry,
        luban_registry::Entity::Workshops,
        "code,name_en,country,host_institution,chinese_institution,opened_year,status\n\
EG-CAI,Egypt Luban Workshop,EG,Ain Shams University,Tianjin Light Industry,2020,active\n",
    );
    let path = f.registry.path().to_path_buf();
    let mut registry = luban_registry::Registry::open_read_only(&path).expect("opens");
    let undo = registry.undo(None, true).expect("dry run");
    assert_eq!(undo.records, 1);
    assert!(undo.dry_run);
}
