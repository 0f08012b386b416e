//! What the app's screens ask of the core: searchable lists, one workshop with its figures,
//! deletions that say what goes with them, edits of single rows, import previews, cancellable exports.

use std::collections::HashMap;

use luban_registry::{
    CheckDepth, Entity, Error, ExportOptions, Impact, ImportOptions, ImportOutcome, Registry,
    Source, Status, Target, WorkshopListRow, WorkshopQuery,
};

/// What importing `source` would do, without writing.
fn preview(
    r: &mut Registry,
    source: Source,
    progress: &mut dyn FnMut(u64) -> bool,
) -> luban_registry::Result<ImportOutcome> {
    r.import(
        source,
        ImportOptions {
            dry_run: true,
            progress: Some(progress),
            ..ImportOptions::default()
        },
    )
}

fn file(path: &std::path::Path, entity: Entity) -> Source<'_> {
    Source::File {
        path,
        entity: Some(entity),
    }
}

fn registry() -> (tempfile::TempDir, Registry) {
    let dir = tempfile::tempdir().expect("temp dir");
    let registry = Registry::open(&dir.path().join("registry.sqlite3")).expect("open");
    (dir, registry)
}

fn map(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// A registry with two workshops, a major taught at one, and figures.
fn sample() -> (tempfile::TempDir, Registry) {
    let (dir, mut r) = registry();
    let files: [(Entity, &str); 5] = [
        (Entity::Majors, "code,name_en,name_zh,category\n460301,Mechatronics,机电一体化技术,46\n510201,Computer Applications,计算机应用技术,51\n"),
        (Entity::Workshops, "code,name_en,name_zh,country,city,host_institution,chinese_institution,opened_year,status\n\
            TH-AYU,Thailand Luban Workshop,泰国鲁班工坊,TH,Ayutthaya,Ayutthaya Technical College,Tianjin Bohai Vocational Technical College,2016,active\n\
            PK-PUN,Pakistan Luban Workshop,巴基斯坦鲁班工坊,PK,Lahore,Punjab Tianjin University of Technology,Tianjin Light Industry Vocational Technical College,2018,planned\n"),
        (Entity::WorkshopMajors, "workshop,major\nTH-AYU,460301\n"),
        (Entity::Enrolments, "workshop,year,major,level,students\nTH-AYU,2019,460301,associate,40\nTH-AYU,2020,,bachelor,12\n"),
        (Entity::Trainings, "workshop,year,kind,trainees\nTH-AYU,2019,skills,300\n"),
    ];
    for (entity, csv) in files {
        r.import(
            Source::Bytes {
                entity,
                name: "t.csv",
                bytes: csv.as_bytes(),
            },
            ImportOptions::default(),
        )
        .expect("sample imports");
    }
    (dir, r)
}

fn codes(rows: &[WorkshopListRow]) -> Vec<&str> {
    rows.iter().map(|r| r.workshop.code.as_str()).collect()
}

fn search(r: &Registry, text: &str) -> Vec<String> {
    let q = WorkshopQuery {
        search: text.into(),
        ..WorkshopQuery::default()
    };
    r.workshops(&q)
        .expect("list")
        .into_iter()
        .map(|w| w.workshop.code)
        .collect()
}

#[test]
fn workshop_search_matches_names_in_both_languages_country_city_and_institutions() {
    let (_d, r) = sample();
    assert_eq!(search(&r, ""), ["PK-PUN", "TH-AYU"]);
    assert_eq!(search(&r, "泰国"), ["TH-AYU"]);
    assert_eq!(search(&r, "thailand"), ["TH-AYU"]);
    assert_eq!(search(&r, "巴基斯坦"), ["PK-PUN"]);
    assert_eq!(search(&r, "lahore"), ["PK-PUN"]);
    assert_eq!(search(&r, "bohai college"), ["TH-AYU"]);
    assert_eq!(search(&r, "tianjin light"), ["PK-PUN"]);
    assert_eq!(search(&r, "100%"), Vec::<String>::new());
    assert_eq!(search(&r, "_"), Vec::<String>::new());
}

#[test]
fn workshop_list_filters_by_status_country_and_group_and_carries_totals() {
    let (_d, r) = sample();
    let q = |status, country: Option<&str>, group: Option<&str>| WorkshopQuery {
        status,
        country: country.map(str::to_string),
        group: group.map(str::to_string),
        ..WorkshopQuery::default()
    };
    let active = r
        .workshops(&q(Some(Status::Active), None, None))
        .expect("list");
    assert_eq!(codes(&active), ["TH-AYU"]);
    assert_eq!(
        (active[0].majors, active[0].students, active[0].trainees),
        (1, 52, 300)
    );
    assert_eq!(
        codes(&r.workshops(&q(None, Some("pk"), None)).expect("list")),
        ["PK-PUN"]
    );
    assert_eq!(
        codes(&r.workshops(&q(None, None, Some("sco"))).expect("list")),
        ["PK-PUN"]
    );
    assert_eq!(
        codes(&r.workshops(&q(None, None, Some("ASEAN"))).expect("list")),
        ["TH-AYU"]
    );
}

#[test]
fn a_workshop_comes_with_its_majors_figures_and_totals() {
    let (_d, r) = sample();
    let w = r.workshop("th-ayu").expect("found");
    assert_eq!(w.country.name_zh, "泰国");
    assert_eq!(w.majors.len(), 1);
    assert_eq!(w.majors[0].category_zh, "装备制造大类");
    assert_eq!(w.enrolments.len(), 2);
    assert_eq!((w.students, w.trainees), (52, 300));
    assert!(matches!(r.workshop("XX-NONE"), Err(Error::NotFound { .. })));
}

#[test]
fn deleting_a_workshop_says_and_takes_what_goes_with_it() {
    let (_d, mut r) = sample();
    let key = map(&[("code", "TH-AYU")]);
    let expected = Impact {
        majors: 1,
        enrolments: 2,
        trainings: 1,
        agreements: 0,
        contacts: 0,
        documents: 0,
    };
    assert_eq!(
        r.deletion_impact(Entity::Workshops, &key).expect("impact"),
        expected
    );
    assert_eq!(
        r.delete(Entity::Workshops, &key, true).expect("deleted"),
        expected
    );
    assert_eq!(search(&r, ""), ["PK-PUN"]);
    let left: i64 = r
        .connection_for_tests()
        .query_row(
            "SELECT (SELECT count(*) FROM enrolment) + (SELECT count(*) FROM training)",
            [],
            |row| row.get(0),
        )
        .expect("count");
    assert_eq!(left, 0);
    assert!(matches!(
        r.delete(Entity::Workshops, &key, true),
        Err(Error::NotFound { .. })
    ));
}

#[test]
fn a_deletion_without_confirmation_is_refused_and_changes_nothing() {
    let (_d, mut r) = sample();
    let before = r.snapshot().expect("snapshot");
    let batches = r.history().expect("history").len();
    let backups = r.backups().expect("backups").len();
    let key = map(&[("code", "TH-AYU")]);
    let err = r
        .delete(Entity::Workshops, &key, false)
        .expect_err("not confirmed");
    assert!(matches!(err, Error::NotConfirmed), "{err:?}");
    assert!(err
        .message(luban_registry::Lang::Zh)
        .contains("需要明确确认"));
    assert_eq!(r.snapshot().expect("snapshot"), before);
    assert_eq!(r.history().expect("history").len(), batches);
    assert_eq!(r.backups().expect("backups").len(), backups);
}

#[test]
fn replacing_with_the_sample_without_confirmation_is_refused_and_changes_nothing() {
    use luban_registry::sample::IfNotEmpty;
    let (_d, mut r) = sample();
    let before = r.snapshot().expect("snapshot");
    let backups = r.backups().expect("backups").len();
    let err = r
        .load_sample(IfNotEmpty::Replace, false)
        .expect_err("not confirmed");
    assert!(matches!(err, Error::NotConfirmed), "{err:?}");
    assert_eq!(r.snapshot().expect("snapshot"), before);
    assert_eq!(r.backups().expect("backups").len(), backups);
}

#[test]
fn a_country_or_major_still_in_use_is_not_deleted() {
    let (_d, mut r) = sample();
    let err = r
        .delete(Entity::Countries, &map(&[("iso2", "TH")]), true)
        .expect_err("in use");
    assert_eq!(err.kind(), "in_use");
    assert_eq!(
        err.to_string(),
        "country TH is still used by 1 workshop; change or delete those first"
    );
    let err = r
        .delete(Entity::Majors, &map(&[("code", "460301")]), true)
        .expect_err("in use");
    assert_eq!(err.kind(), "in_use");
    let err = r
        .delete(
            Entity::WorkshopMajors,
            &map(&[("workshop", "TH-AYU"), ("major", "460301")]),
            true,
        )
        .expect_err("in use");
    assert!(err.to_string().contains("1 enrolment row"), "{err}");
    let err = r
        .delete(Entity::MajorCategories, &map(&[("code", "46")]), true)
        .expect_err("in use");
    assert!(err.to_string().contains("1 major"), "{err}");
    // Unused ones go.
    r.delete(Entity::Majors, &map(&[("code", "510201")]), true)
        .expect("unused major");
    r.delete(Entity::Countries, &map(&[("iso2", "AQ")]), true)
        .expect("unused country");
    assert_eq!(r.countries("Antarctica").expect("list").len(), 0);
}

#[test]
fn single_enrolment_and_training_rows_are_deleted_by_key() {
    let (_d, mut r) = sample();
    r.delete(
        Entity::Enrolments,
        &map(&[
            ("workshop", "TH-AYU"),
            ("year", "2020"),
            ("major", ""),
            ("level", "bachelor"),
        ]),
        true,
    )
    .expect("deleted");
    r.delete(
        Entity::Trainings,
        &map(&[("workshop", "TH-AYU"), ("year", "2019"), ("kind", "skills")]),
        true,
    )
    .expect("deleted");
    let w = r.workshop("TH-AYU").expect("found");
    assert_eq!(
        (w.enrolments.len(), w.trainings.len(), w.students),
        (1, 0, 40)
    );
    let again = r.delete(
        Entity::Trainings,
        &map(&[("workshop", "TH-AYU"), ("year", "2019"), ("kind", "skills")]),
        true,
    );
    assert!(matches!(again, Err(Error::NotFound { .. })));
}

#[test]
fn a_figure_row_is_edited_in_place_and_cannot_overwrite_another() {
    let (_d, mut r) = sample();
    let original = map(&[
        ("workshop", "TH-AYU"),
        ("year", "2020"),
        ("major", ""),
        ("level", "bachelor"),
    ]);
    let edited = map(&[
        ("workshop", "TH-AYU"),
        ("year", "2021"),
        ("major", ""),
        ("level", "bachelor"),
        ("students", "15"),
    ]);
    r.save(Entity::Enrolments, Some(&original), &edited)
        .expect("saved");
    let w = r.workshop("TH-AYU").expect("found");
    assert_eq!(
        w.enrolments
            .iter()
            .map(|e| (e.year, e.students))
            .collect::<Vec<_>>(),
        [(2019, 40), (2021, 15)]
    );
    // Moving it onto the 2019 row is refused, and nothing changes.
    let clash = map(&[
        ("workshop", "TH-AYU"),
        ("year", "2019"),
        ("major", "460301"),
        ("level", "associate"),
        ("students", "1"),
    ]);
    let err = r
        .save(Entity::Enrolments, Some(&edited), &clash)
        .expect_err("clash");
    assert!(
        matches!(&err, Error::Invalid(f) if f[0].field == "year"),
        "{err:?}"
    );
    assert_eq!(r.workshop("TH-AYU").expect("found").students, 55);
    // Adding a row that exists is refused too; a bad value is reported by field.
    let err = r
        .save(
            Entity::Trainings,
            None,
            &map(&[
                ("workshop", "TH-AYU"),
                ("year", "2019"),
                ("kind", "skills"),
                ("trainees", "5"),
            ]),
        )
        .expect_err("exists");
    assert_eq!(err.kind(), "invalid");
    let err = r
        .save(
            Entity::Trainings,
            None,
            &map(&[
                ("workshop", "TH-AYU"),
                ("year", "2019"),
                ("kind", "skills"),
                ("trainees", "-5"),
            ]),
        )
        .expect_err("bad");
    assert!(
        matches!(&err, Error::Invalid(f) if f[0].field == "trainees"),
        "{err:?}"
    );
    r.save(
        Entity::WorkshopMajors,
        None,
        &map(&[("workshop", "TH-AYU"), ("major", "510201")]),
    )
    .expect("linked");
    assert_eq!(r.workshop("TH-AYU").expect("found").majors.len(), 2);
}

#[test]
fn a_workshop_saved_through_save_row_is_renamed_by_its_original_code() {
    let (_d, mut r) = sample();
    let mut fields: HashMap<String, String> = map(&[
        ("code", "TH-AYUTTHAYA"),
        ("name_en", "Thailand Luban Workshop"),
        ("country", "TH"),
        ("host_institution", "Ayutthaya Technical College"),
        (
            "chinese_institution",
            "Tianjin Bohai Vocational Technical College",
        ),
        ("opened_year", "2016"),
        ("status", "active"),
    ]);
    r.save(
        Entity::Workshops,
        Some(&map(&[("code", "TH-AYU")])),
        &fields,
    )
    .expect("renamed");
    assert_eq!(search(&r, "thailand"), ["TH-AYUTTHAYA"]);
    assert_eq!(r.workshop("TH-AYUTTHAYA").expect("found").students, 52);
    fields.insert("opened_year".into(), "1999".into());
    let err = r
        .save(
            Entity::Workshops,
            Some(&map(&[("code", "TH-AYUTTHAYA")])),
            &fields,
        )
        .expect_err("bad year");
    assert!(
        matches!(&err, Error::Invalid(f) if f[0].field == "opened_year"),
        "{err:?}"
    );
}

#[test]
fn an_import_preview_counts_and_lists_every_problem_and_writes_nothing() {
    let (dir, mut r) = sample();
    let path = dir.path().join("workshops.csv");
    std::fs::write(&path, "code,name_en,country,host_institution,chinese_institution,opened_year,status\n\
        TH-AYU,Thailand Luban Workshop,TH,Ayutthaya Technical College,Tianjin Bohai Vocational Technical College,2016,active\n\
        EG-CAI,Egypt Luban Workshop,埃及,Cairo College,Tianjin Vocational Institute,2020,active\n").expect("write");
    let mut calls = 0;
    let good = preview(&mut r, file(&path, Entity::Workshops), &mut |_| {
        calls += 1;
        true
    })
    .expect("preview");
    assert!(good.problems.is_empty(), "{:?}", good.problems);
    let f = &good.files[0];
    assert_eq!((f.added, f.updated, f.unchanged), (1, 0, 1));
    assert_eq!(f.detected.map(|d| d.delimiter), Some(','));
    assert_eq!(search(&r, "egypt"), Vec::<String>::new());

    std::fs::write(
        &path,
        "code,name_en,country,host_institution,chinese_institution,opened_year,status\n\
        bad code,,Atlantis,x,y,1999,open\nEG-CAI,Egypt,EG,x,y,2020,closed\n",
    )
    .expect("write");
    let bad = preview(&mut r, file(&path, Entity::Workshops), &mut |_| true).expect("preview");
    let places: Vec<(u64, Option<&str>)> = bad
        .problems
        .iter()
        .map(|p| (p.line, p.column.as_deref()))
        .collect();
    assert_eq!(
        places,
        [
            (2, Some("code")),
            (2, Some("name_en")),
            (2, Some("country")),
            (2, Some("opened_year")),
            (2, Some("status"))
        ]
    );
    assert_eq!(bad.files[0].added, 1);
    assert_eq!(search(&r, "egypt"), Vec::<String>::new());
}

#[test]
fn a_folder_preview_reads_files_in_dependency_order() {
    let (dir, mut r) = registry();
    let folder = dir.path().join("in");
    std::fs::create_dir(&folder).expect("mkdir");
    std::fs::write(
        folder.join("workshop_majors.csv"),
        "workshop,major\nTH-AYU,460301\n",
    )
    .expect("write");
    std::fs::write(
        folder.join("majors.csv"),
        "code,name_en,category\n460301,Mechatronics,46\n",
    )
    .expect("write");
    std::fs::write(folder.join("workshops.csv"), "code,name_en,country,host_institution,chinese_institution,opened_year,status\nTH-AYU,T,TH,A,B,2016,active\n").expect("write");
    let p = preview(&mut r, Source::Folder(&folder), &mut |_| true).expect("preview");
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    let entities: Vec<_> = p.files.iter().map(|f| f.entity).collect();
    assert_eq!(
        entities,
        [
            Some(Entity::Majors),
            Some(Entity::Workshops),
            Some(Entity::WorkshopMajors)
        ]
    );
    assert!(r.is_empty().expect("count"));
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).expect("mkdir");
    assert_eq!(
        preview(&mut r, Source::Folder(&empty), &mut |_| true)
            .expect("preview")
            .problems
            .len(),
        1
    );
}

#[test]
fn a_cancelled_preview_or_export_stops_and_leaves_nothing() {
    let (dir, mut r) = registry();
    let mut csv = String::from(
        "code,name_en,country,host_institution,chinese_institution,opened_year,status\n",
    );
    for i in 0..10_001 {
        csv.push_str(&format!(
            "W{i:05},Workshop {i},TH,Host,Tianjin College,2016,active\n"
        ));
    }
    let path = dir.path().join("workshops.csv");
    std::fs::write(&path, &csv).expect("write");
    let cancelled = preview(&mut r, file(&path, Entity::Workshops), &mut |_| false);
    assert!(matches!(cancelled, Err(Error::Cancelled)));
    r.import(file(&path, Entity::Workshops), ImportOptions::default())
        .expect("import");
    let out = dir.path().join("out.csv");
    let cancelled = r.export(
        Target::File(Entity::Workshops, &out),
        ExportOptions::default(),
        Some(&mut |_| false),
    );
    assert!(matches!(cancelled, Err(Error::Cancelled)), "{cancelled:?}");
    assert!(!out.exists());
    let mut reports = Vec::new();
    let n = r
        .export(
            Target::File(Entity::Workshops, &out),
            ExportOptions::default(),
            Some(&mut |b| {
                reports.push(b);
                true
            }),
        )
        .expect("export");
    assert_eq!(n, vec![(Entity::Workshops, 10_001)]);
    assert!(!reports.is_empty());
}

#[test]
fn countries_majors_and_categories_are_searchable_lists_with_counts() {
    let (_d, r) = sample();
    let th = r.countries("泰国").expect("list");
    assert_eq!(
        (th.len(), th[0].country.iso2.as_str(), th[0].workshops),
        (1, "TH", 1)
    );
    assert!(r.countries("asean").expect("list").len() >= 10);
    let m = r.majors("计算机").expect("list");
    assert_eq!((m.len(), m[0].workshops), (1, 0));
    assert_eq!(r.majors("装备制造").expect("list").len(), 1);
    let k = r.categories().expect("list");
    assert_eq!(k.len(), 19);
    assert_eq!(k.iter().find(|c| c.code == 46).map(|c| c.majors), Some(1));
    assert!(r.groups().expect("groups").contains(&"SCO".to_string()));
    assert!(r.check(CheckDepth::Quick).expect("check").is_empty());
}
