//! Signed documents: copies in the document store beside the registry, named by content, listed
//! per agreement, detached, deleted with their agreement, and carried by export-all/import-all.

use std::collections::HashMap;

use luban_registry::{
    DocumentFault, Entity, Error, ExportOptions, ImportOptions, Registry, Source, Target,
};

use crate::support::{dump, partnership, Fixture};

fn file(f: &Fixture, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let dir = f.path("incoming");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn stored_files(r: &Registry) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(r.document_store())
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().to_string())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn fault(result: luban_registry::Result<impl std::fmt::Debug>) -> DocumentFault {
    match result {
        Err(Error::Document { fault, .. }) => fault,
        other => panic!("expected a refused document, got {other:?}"),
    }
}

#[test]
fn an_attached_document_is_stored_once_under_its_hash_and_listed_with_name_size_and_time() {
    let mut f = partnership();
    let pdf = file(&f, "MOU signed.pdf", b"%PDF-1.7 signed");
    let d = f.registry.attach("th-ayu-mou", &pdf).expect("attached");
    assert_eq!(
        (d.agreement.as_str(), d.name.as_str(), d.size),
        ("TH-AYU-MOU", "MOU signed.pdf", 15)
    );
    assert_eq!(stored_files(&f.registry), std::slice::from_ref(&d.sha256));
    let stored = std::fs::read(f.registry.document_store().join(&d.sha256)).unwrap();
    assert_eq!(stored, b"%PDF-1.7 signed");
    assert_eq!(f.registry.documents(Some("TH-AYU-MOU")).unwrap(), [d]);
}

#[test]
fn the_same_file_on_two_agreements_is_stored_once_and_removed_with_its_last_document() {
    let mut f = partnership();
    let pdf = file(&f, "scan.pdf", b"%PDF same bytes");
    f.registry.attach("TH-AYU-MOU", &pdf).unwrap();
    f.registry.attach("TH-AYU-2020", &pdf).unwrap();
    assert_eq!(stored_files(&f.registry).len(), 1);
    f.registry.detach("TH-AYU-MOU", "scan.pdf").unwrap();
    assert_eq!(
        stored_files(&f.registry).len(),
        1,
        "the other agreement still has it"
    );
    f.registry.detach("TH-AYU-2020", "scan.pdf").unwrap();
    assert!(stored_files(&f.registry).is_empty());
}

#[test]
fn only_pdf_image_and_word_files_under_a_new_name_are_attached() {
    let mut f = partnership();
    let exe = file(&f, "setup.exe", b"MZ");
    assert_eq!(
        fault(f.registry.attach("TH-AYU-MOU", &exe)),
        DocumentFault::NotAcceptedType
    );
    let docx = file(&f, "Agreement.DOCX", b"PK");
    f.registry.attach("TH-AYU-MOU", &docx).unwrap();
    assert_eq!(
        fault(f.registry.attach("TH-AYU-MOU", &docx)),
        DocumentFault::NameTaken
    );
    assert_eq!(
        fault(f.registry.detach("TH-AYU-MOU", "other.pdf")),
        DocumentFault::NotAttached
    );
    assert!(matches!(
        f.registry.attach("NO-SUCH", &docx),
        Err(Error::NotFound {
            entity: Entity::Agreements,
            ..
        })
    ));
    assert_eq!(
        f.registry.documents(None).unwrap().len(),
        1,
        "nothing else was written"
    );
}

#[test]
fn deleting_a_workshop_takes_its_agreements_documents_and_says_how_many() {
    let mut f = partnership();
    let pdf = file(&f, "mou.pdf", b"%PDF");
    f.registry.attach("TH-AYU-MOU", &pdf).unwrap();
    let key: HashMap<String, String> = [("code".to_string(), "TH-AYU".to_string())].into();
    let impact = f.registry.delete(Entity::Workshops, &key, true).unwrap();
    assert_eq!(impact.documents, 1);
    assert!(f.registry.documents(None).unwrap().is_empty());
    assert!(
        stored_files(&f.registry).is_empty(),
        "no stored copy is left behind"
    );
}

#[test]
fn export_all_writes_documents_by_agreement_and_import_all_gives_them_back_identical() {
    let mut f = partnership();
    let pdf = file(&f, "MOU 2015.pdf", b"%PDF-1.4 the MOU");
    f.registry.attach("TH-AYU-MOU", &pdf).unwrap();
    let png = file(&f, "签字页.png", b"\x89PNG page");
    f.registry.attach("TH-AYU-MOU", &png).unwrap();
    let out = f.path("out");
    f.registry
        .export(Target::Folder(&out), ExportOptions::default(), None)
        .unwrap();
    let exported = std::fs::read(out.join("documents/TH-AYU-MOU/签字页.png")).unwrap();
    assert_eq!(exported, b"\x89PNG page");
    let copy_dir = tempfile::tempdir().unwrap();
    let mut copy = Registry::open(&copy_dir.path().join("copy.sqlite3")).unwrap();
    copy.import(Source::Folder(&out), ImportOptions::default())
        .unwrap();
    assert_eq!(
        dump(&copy),
        dump(&f.registry),
        "names, sizes, hashes and times agree"
    );
    assert_eq!(stored_files(&copy).len(), 2);
}

#[test]
fn a_document_opens_from_a_copy_under_its_own_name_so_the_viewer_knows_its_kind() {
    let mut f = partnership();
    let pdf = file(&f, "MOU signed.pdf", b"%PDF view me");
    f.registry.attach("TH-AYU-MOU", &pdf).unwrap();
    let copy = f
        .registry
        .document_for_viewing("TH-AYU-MOU", "MOU signed.pdf")
        .unwrap();
    assert_eq!(copy.file_name().unwrap(), "MOU signed.pdf");
    assert_eq!(std::fs::read(&copy).unwrap(), b"%PDF view me");
    assert_eq!(
        fault(f.registry.document_for_viewing("TH-AYU-MOU", "other.pdf")),
        DocumentFault::NotAttached
    );
}

#[test]
fn import_all_lists_every_document_it_cannot_attach_and_writes_nothing() {
    let f = partnership();
    let out = f.path("out");
    f.registry
        .export(Target::Folder(&out), ExportOptions::default(), None)
        .unwrap();
    std::fs::create_dir_all(out.join("documents/NO-SUCH")).unwrap();
    std::fs::write(out.join("documents/NO-SUCH/a.pdf"), b"%PDF").unwrap();
    std::fs::create_dir_all(out.join("documents/TH-AYU-MOU")).unwrap();
    std::fs::write(out.join("documents/TH-AYU-MOU/run.exe"), b"MZ").unwrap();
    let copy_dir = tempfile::tempdir().unwrap();
    let mut copy = Registry::open(&copy_dir.path().join("copy.sqlite3")).unwrap();
    let problems = match copy.import(Source::Folder(&out), ImportOptions::default()) {
        Err(Error::Rejected(problems)) => problems,
        other => panic!("expected a rejection, got {other:?}"),
    };
    let found: Vec<(&str, &str)> = problems
        .iter()
        .map(|p| (p.file.as_str(), p.kind.code()))
        .collect();
    assert_eq!(
        found,
        [
            ("documents/NO-SUCH/a.pdf", "document"),
            ("documents/TH-AYU-MOU/run.exe", "document")
        ]
    );
    assert!(problems[0]
        .message(luban_registry::Lang::En)
        .contains("rename the folder"));
    assert!(dump(&copy).agreements.is_empty(), "all or nothing");
}

#[test]
fn check_reports_a_document_whose_stored_copy_was_removed_outside_the_app() {
    let mut f = partnership();
    let pdf = file(&f, "mou.pdf", b"%PDF");
    let d = f.registry.attach("TH-AYU-MOU", &pdf).unwrap();
    assert!(f
        .registry
        .check(luban_registry::CheckDepth::Full)
        .unwrap()
        .is_empty());
    std::fs::remove_file(f.registry.document_store().join(&d.sha256)).unwrap();
    let findings = f.registry.check(luban_registry::CheckDepth::Full).unwrap();
    assert_eq!(
        findings,
        [luban_registry::Finding::DocumentMissing {
            agreement: "TH-AYU-MOU".into(),
            name: "mou.pdf".into()
        }]
    );
}

fn backed_up_documents(r: &Registry) -> Vec<String> {
    let store = luban_registry::document::backup_store_of(r.path());
    let mut names: Vec<String> = std::fs::read_dir(store)
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().to_string())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn a_backup_copies_each_document_into_the_backups_store_once() {
    use luban_registry::backup::Reason;
    let mut f = partnership();
    let mou = f
        .registry
        .attach("TH-AYU-MOU", &file(&f, "mou.pdf", b"%PDF mou"))
        .unwrap();
    f.registry.backup(Reason::Manual).unwrap();
    assert_eq!(
        backed_up_documents(&f.registry),
        std::slice::from_ref(&mou.sha256)
    );
    let copy = luban_registry::document::backup_store_of(f.registry.path()).join(&mou.sha256);
    let copied_at = std::fs::metadata(&copy).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let renewal = f
        .registry
        .attach("TH-AYU-2020", &file(&f, "renewal.pdf", b"%PDF renewal"))
        .unwrap();
    f.registry.backup(Reason::Manual).unwrap();
    let mut both = vec![mou.sha256.clone(), renewal.sha256];
    both.sort();
    assert_eq!(backed_up_documents(&f.registry), both);
    // The unchanged document was not copied again.
    assert_eq!(
        std::fs::metadata(&copy).unwrap().modified().unwrap(),
        copied_at
    );
}

#[test]
fn restoring_a_backup_brings_back_the_documents_it_names() {
    use luban_registry::backup::Reason;
    let mut f = partnership();
    let mou = f
        .registry
        .attach("TH-AYU-MOU", &file(&f, "mou.pdf", b"%PDF mou"))
        .unwrap();
    let taken = f.registry.backup(Reason::Manual).unwrap();
    let key: HashMap<String, String> = [("code".to_string(), "TH-AYU".to_string())].into();
    f.registry.delete(Entity::Workshops, &key, true).unwrap();
    assert!(
        stored_files(&f.registry).is_empty(),
        "its copy went with it"
    );
    f.registry.restore(&taken.path, true).unwrap();
    assert_eq!(
        f.registry.documents(Some("TH-AYU-MOU")).unwrap(),
        std::slice::from_ref(&mou)
    );
    let viewed = f
        .registry
        .document_for_viewing("TH-AYU-MOU", "mou.pdf")
        .unwrap();
    assert_eq!(std::fs::read(viewed).unwrap(), b"%PDF mou");
}

#[test]
fn a_detach_is_a_batch_of_the_history_and_is_undone_with_its_document() {
    let mut f = partnership();
    let mou = f
        .registry
        .attach("TH-AYU-MOU", &file(&f, "mou.pdf", b"%PDF mou"))
        .unwrap();
    f.registry.detach("TH-AYU-MOU", "mou.pdf").unwrap();
    let batch = f.registry.history().unwrap().remove(0);
    assert!(
        batch
            .source
            .starts_with("detach TH-AYU-MOU mou.pdf (sha256 "),
        "{}",
        batch.source
    );
    assert!(batch.source.contains(&mou.sha256[..12]));
    assert_eq!(batch.deleted, 1);
    assert!(stored_files(&f.registry).is_empty());
    f.registry.undo(None, false).unwrap();
    assert_eq!(f.registry.documents(Some("TH-AYU-MOU")).unwrap(), [mou]);
    assert_eq!(stored_files(&f.registry).len(), 1);
}
