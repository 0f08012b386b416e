//! Exporting CSV that Excel opens correctly and that imports back unchanged.

use luban_registry::{Entity, ExportOptions, Target};

use crate::support::{fresh, import, known};

fn export(registry: &luban_registry::Registry, entity: Entity, options: ExportOptions) -> Vec<u8> {
    let mut out = Vec::new();
    registry
        .export(Target::Stream(entity, &mut out), options, None)
        .unwrap();
    out
}

#[test]
fn export_starts_with_a_utf8_bom_and_english_headers() {
    let f = known();
    let bytes = export(&f.registry, Entity::Trainings, ExportOptions::default());
    assert!(bytes.starts_with(b"\xEF\xBB\xBFworkshop,year,kind,trainees\r\n"));
}

#[test]
fn export_can_leave_out_the_bom_and_write_chinese_headers() {
    let f = known();
    let bytes = export(
        &f.registry,
        Entity::Trainings,
        ExportOptions {
            bom: false,
            chinese_headers: true,
        },
    );
    assert!(String::from_utf8(bytes)
        .unwrap()
        .starts_with("工坊,年份,培训类型,培训人数\r\n"));
}

#[test]
fn export_writes_rows_in_key_order_with_stored_forms() {
    let f = known();
    let text = String::from_utf8(export(
        &f.registry,
        Entity::Enrolments,
        ExportOptions {
            bom: false,
            chinese_headers: false,
        },
    ))
    .unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines,
        vec![
            "workshop,year,major,level,students",
            "DJ-DJI,2022,540101,secondary,148",
            "GB-CRA,2019,,other,75",
            "PK-LHR,2022,,secondary,50",
            "TH-AYU,2020,460301,associate,100",
            "TH-AYU,2021,460301,associate,120",
            "TH-AYU,2021,510201,bachelor,30",
        ]
    );
}

#[test]
fn workshops_export_countries_as_iso2_and_institutions_joined_by_semicolons() {
    let f = known();
    let text = String::from_utf8(export(
        &f.registry,
        Entity::Workshops,
        ExportOptions::default(),
    ))
    .unwrap();
    assert!(text.contains("DJ-DJI,Djibouti Luban Workshop,吉布提鲁班工坊,DJ,Djibouti,Djibouti Industrial and Commercial School,Tianjin Railway Technical and Vocational College;Tianjin First Commercial School,2019,2019-03-28,active,\r\n"), "{text}");
}

#[test]
fn cells_that_excel_would_run_as_formulas_are_guarded_and_unguarded_on_import() {
    let mut f = fresh();
    let csv =
        "code,name_en,country,host_institution,chinese_institution,opened_year,status,notes\n\
               F1,=HYPERLINK(\"x\"),TH,+Host,@Tianjin,2020,active,-5 students\n\
               F2,'=already quoted,TH,\"\tTabbed\",Tianjin,2020,active,''twice\n";
    import(&mut f.registry, Entity::Workshops, csv);
    let stored: Vec<(String, String, String)> = f
        .registry
        .connection_for_tests()
        .prepare("SELECT name_en, host_institution, ifnull(notes, '') FROM workshop ORDER BY code")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        stored[0],
        (
            "=HYPERLINK(\"x\")".into(),
            "+Host".into(),
            "-5 students".into()
        )
    );
    assert_eq!(
        stored[1],
        ("=already quoted".into(), "\tTabbed".into(), "'twice".into())
    );
    let text = String::from_utf8(export(
        &f.registry,
        Entity::Workshops,
        ExportOptions {
            bom: false,
            chinese_headers: false,
        },
    ))
    .unwrap();
    assert!(
        text.contains(
            "F1,\"'=HYPERLINK(\"\"x\"\")\",,TH,,'+Host,'@Tianjin,2020,,active,'-5 students\r\n"
        ),
        "{text}"
    );
    // A stored value starting with ' and then a letter needs no guard.
    assert!(
        text.contains("F2,'=already quoted,,TH,,'\tTabbed,Tianjin,2020,,active,'twice\r\n"),
        "{text}"
    );
}

#[test]
fn export_to_a_file_replaces_it_only_when_complete() {
    let f = known();
    let path = f.path("out.csv");
    std::fs::write(&path, "old").unwrap();
    let written = f
        .registry
        .export(
            Target::File(Entity::Majors, &path),
            ExportOptions::default(),
            None,
        )
        .unwrap();
    assert_eq!(written, vec![(Entity::Majors, 3)]);
    assert!(std::fs::read_to_string(&path).unwrap().contains("460301"));
    let strays: Vec<String> = std::fs::read_dir(f.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        // The backups folder beside the registry is the importer's, not a stray.
        .filter(|n| n != "out.csv" && n != "backups" && !n.starts_with("registry.sqlite3"))
        .collect();
    assert!(strays.is_empty(), "no temporary file left: {strays:?}");
}

#[test]
fn export_all_writes_every_file_into_a_new_folder() {
    let f = known();
    let dir = f.path("new/folder");
    let written = f
        .registry
        .export(Target::Folder(&dir), ExportOptions::default(), None)
        .unwrap();
    assert_eq!(written.len(), Entity::ALL.len());
    for entity in Entity::ALL {
        assert!(dir.join(entity.file_name()).exists(), "{entity}");
    }
}

/// Every entry of `dir` with its bytes (folders as empty), by name.
fn folder_contents(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("folder")
        .map(|e| {
            let e = e.expect("entry");
            let bytes = std::fs::read(e.path()).unwrap_or_default();
            (e.file_name().to_string_lossy().into_owned(), bytes)
        })
        .collect();
    files.sort();
    files
}

#[test]
fn a_failed_export_all_leaves_the_old_files_untouched_removes_its_temporaries_and_names_the_file() {
    let mut f = known();
    let dir = f.path("out");
    f.registry
        .export(Target::Folder(&dir), ExportOptions::default(), None)
        .expect("first export");
    // The last file's place is taken by a folder, so the export fails after writing the others.
    let blocked = dir.join(Entity::Trainings.file_name());
    std::fs::remove_file(&blocked).expect("removed");
    std::fs::create_dir(&blocked).expect("folder in the way");
    std::fs::write(blocked.join("keep"), b"x").expect("kept");
    let before = folder_contents(&dir);
    import(
        &mut f.registry,
        Entity::Workshops,
        "code,name_en,country,host_institution,chinese_institution,opened_year,status\n\
EG-CAI,Egypt Luban Workshop,EG,Ain Shams University,Tianjin Light Industry,2020,active\n",
    );
    let error = f
        .registry
        .export(Target::Folder(&dir), ExportOptions::default(), None)
        .expect_err("refused");
    assert!(
        error
            .message(luban_registry::Lang::En)
            .contains(&blocked.display().to_string()),
        "{}",
        error.message(luban_registry::Lang::En)
    );
    assert_eq!(folder_contents(&dir), before);
}

#[test]
fn a_cancelled_export_all_leaves_the_folder_as_it_was() {
    let f = known();
    let dir = f.path("out");
    f.registry
        .export(Target::Folder(&dir), ExportOptions::default(), None)
        .expect("first export");
    std::fs::write(dir.join(Entity::Workshops.file_name()), b"old").expect("old file");
    let before = folder_contents(&dir);
    // Progress is asked before the first byte and then every megabyte: cancel at once.
    let mut cancel_later = |_| false;
    let result = f.registry.export(
        Target::Folder(&dir),
        ExportOptions::default(),
        Some(&mut cancel_later),
    );
    assert!(result.is_err());
    assert_eq!(folder_contents(&dir), before);
}
