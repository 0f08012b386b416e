//! Workbooks and office-style tables: real `.xlsx`, `.xls` and `.ods` files made by
//! `tests/data/workbooks/make_workbooks.py`, and CSV laid out the same way.

use luban_registry::{Entity, Error, ImportOptions, Lang, Problem, Severity, Source};

use crate::support::{data, dump, fresh};

fn workbook(name: &str) -> std::path::PathBuf {
    data(&format!("workbooks/{name}"))
}

fn codes(problems: &[Problem]) -> Vec<&'static str> {
    problems.iter().map(|p| p.kind.code()).collect()
}

/// Imports every sheet of an office workbook and returns the warnings of every sheet.
fn import_whole(path: &std::path::Path) -> (crate::support::Fixture, Vec<Problem>) {
    let mut f = fresh();
    let source = Source::Workbook {
        path,
        entity: None,
        sheet: None,
    };
    let outcome = f
        .registry
        .import(source, ImportOptions::default())
        .unwrap_or_else(|e| panic!("{}: {e}: {e:?}", path.display()));
    let warnings = (outcome.files.into_iter())
        .flat_map(|s| s.warnings)
        .map(|w| w.first)
        .collect();
    (f, warnings)
}

#[test]
fn an_office_workbook_with_title_rows_serial_numbers_and_totals_imports_every_sheet_in_one_step() {
    let (f, warnings) = import_whole(&workbook("鲁班工坊登记表.xlsx"));
    let s = dump(&f.registry);
    let workshops: Vec<&str> = s.workshops.iter().map(|w| w.code.as_str()).collect();
    assert_eq!(workshops, ["DJ-DJI", "TH-AYU"]);
    assert_eq!(s.enrolments.len(), 2, "the 小计 row is not a record");
    let notes: Vec<String> = warnings.iter().map(|w| w.display(Lang::En)).collect();
    assert_eq!(
        notes,
        [
            "鲁班工坊登记表.xlsx [说明]: warning: sheet \"说明\" was left out: its name is no kind of record (国家 (countries), 专业大类 (major_categories), 专业 (majors), 工坊 (workshops), 工坊专业 (workshop_majors), 招生 (enrolments), 培训 (trainings), 协议 (agreements), 联系人 (contacts)); rename it to import it",
            "鲁班工坊登记表.xlsx [工坊] row 3: warning: header on row 3; rows 1–2 left out as a title",
            "鲁班工坊登记表.xlsx [工坊] row 3, column A (序号): warning: column \"序号\" is a running number and was left out",
            "鲁班工坊登记表.xlsx [工坊] row 6: warning: this row is a total (合计) and was left out; the registry adds up figures itself",
            "鲁班工坊登记表.xlsx [招生] row 2: warning: header on row 2; row 1 left out as a title",
            "鲁班工坊登记表.xlsx [招生] row 2, column A (序号): warning: column \"序号\" is a running number and was left out",
            "鲁班工坊登记表.xlsx [招生] row 5: warning: this row is a total (小计) and was left out; the registry adds up figures itself",
        ]
    );
    assert!(warnings.iter().all(|w| w.severity == Severity::Warning));
}

#[test]
fn workbook_dates_are_dates_and_whole_number_floats_are_integers() {
    let (f, _) = import_whole(&workbook("鲁班工坊登记表.xlsx"));
    let s = dump(&f.registry);
    let th = s
        .workshops
        .iter()
        .find(|w| w.code == "TH-AYU")
        .expect("TH-AYU");
    assert_eq!(
        th.opened_on.map(|d| d.to_string()).as_deref(),
        Some("2016-03-08")
    );
    let dj = s
        .workshops
        .iter()
        .find(|w| w.code == "DJ-DJI")
        .expect("DJ-DJI");
    assert_eq!(dj.opened_year, 2019, "typed as 2019.0");
    assert_eq!(s.enrolments[1].students, 1500, "typed as 1500.0");
}

#[test]
fn a_cell_covered_by_a_merged_region_reads_as_the_regions_value() {
    let (f, _) = import_whole(&workbook("鲁班工坊登记表.xlsx"));
    let s = dump(&f.registry);
    let years: Vec<(String, i32)> = s
        .enrolments
        .iter()
        .map(|e| (e.workshop.clone(), e.year))
        .collect();
    assert_eq!(years, [("TH-AYU".into(), 2022), ("TH-AYU".into(), 2023)]);
}

#[test]
fn the_xls_copy_made_by_libreoffice_imports_the_same_records() {
    let (xlsx, _) = import_whole(&workbook("鲁班工坊登记表.xlsx"));
    let (xls, _) = import_whole(&workbook("鲁班工坊登记表.xls"));
    assert_eq!(dump(&xls.registry), dump(&xlsx.registry));
}

#[test]
fn the_ods_copy_made_by_libreoffice_imports_the_same_workshops() {
    let (xlsx, _) = import_whole(&workbook("鲁班工坊登记表.xlsx"));
    let mut ods = fresh();
    let path = workbook("鲁班工坊登记表.ods");
    let source = Source::Workbook {
        path: &path,
        entity: Some(Entity::Workshops),
        sheet: None,
    };
    ods.registry
        .import(source, ImportOptions::default())
        .expect("imports");
    assert_eq!(
        dump(&ods.registry).workshops,
        dump(&xlsx.registry).workshops
    );
}

#[test]
fn in_an_ods_file_a_cell_covered_by_a_merged_region_is_reported_blank_not_guessed() {
    // calamine's .ods reader does not report merged regions (see crate::workbook).
    let mut f = fresh();
    let path = workbook("鲁班工坊登记表.ods");
    let Err(Error::Rejected(problems)) = f.registry.import(
        Source::Workbook {
            path: &path,
            entity: None,
            sheet: None,
        },
        ImportOptions::default(),
    ) else {
        panic!("refused");
    };
    let at: Vec<_> = problems
        .iter()
        .map(|p| {
            (
                p.sheet.as_deref(),
                p.line,
                p.column_letter.as_deref(),
                p.kind.code(),
            )
        })
        .collect();
    assert_eq!(at, [(Some("招生"), 4, Some("B"), "required")]);
}

#[test]
fn problems_in_a_workbook_name_the_sheet_the_row_and_the_column_letter_in_both_languages() {
    let mut f = fresh();
    let path = workbook("bad-rows.xlsx");
    let source = Source::File {
        path: &path,
        entity: Some(Entity::Workshops),
    };
    let Err(Error::Rejected(problems)) = f.registry.import(source, ImportOptions::default()) else {
        panic!("bad-rows.xlsx is rejected");
    };
    let en: Vec<String> = problems.iter().map(|p| p.display(Lang::En)).collect();
    assert_eq!(
        en,
        [
            "bad-rows.xlsx [工坊] row 4, column E (Country): \"Atlantis\" is not a country in the registry; use an ISO code (TH or THA) or the English or Chinese name as in countries.csv",
            "bad-rows.xlsx [工坊] row 5, column I (Year opened): the cell holds the spreadsheet error #N/A instead of a value; fix the formula or type the value",
        ]
    );
    assert_eq!(
        problems[0].display(Lang::Zh),
        "bad-rows.xlsx [工坊] 第 4 行，E 列（国家）：“Atlantis”不是登记册中的国家；请使用 ISO 代码（TH 或 THA），或 countries.csv 中的英文或中文名称"
    );
    assert_eq!(dump(&f.registry).workshops.len(), 0, "nothing written");
}

#[test]
fn importing_one_kind_from_a_workbook_takes_its_only_sheet() {
    let mut f = fresh();
    let path = workbook("one-sheet.xlsx");
    let source = Source::File {
        path: &path,
        entity: Some(Entity::Workshops),
    };
    let outcome = f
        .registry
        .import(source, ImportOptions::default())
        .expect("imports");
    assert_eq!(outcome.files[0].sheet.as_deref(), Some("Sheet1"));
    assert_eq!(outcome.files[0].added, 1);
}

#[test]
fn importing_one_kind_from_a_workbook_takes_the_sheet_named_for_it() {
    let mut f = fresh();
    let path = workbook("鲁班工坊登记表.xlsx");
    let source = Source::Workbook {
        path: &path,
        entity: Some(Entity::Workshops),
        sheet: None,
    };
    let outcome = f
        .registry
        .import(source, ImportOptions::default())
        .expect("imports");
    assert_eq!(outcome.files[0].sheet.as_deref(), Some("工坊"));
    assert_eq!(outcome.files[0].added, 2);
}

#[test]
fn a_sheet_the_workbook_does_not_have_is_refused_naming_the_sheets_it_has() {
    let mut f = fresh();
    let path = workbook("鲁班工坊登记表.xlsx");
    let source = Source::Workbook {
        path: &path,
        entity: Some(Entity::Workshops),
        sheet: Some("Workshops"),
    };
    let Err(Error::Rejected(problems)) = f.registry.import(source, ImportOptions::default()) else {
        panic!("refused");
    };
    assert_eq!(
        problems[0].display(Lang::En),
        "鲁班工坊登记表.xlsx:0: the workbook has no sheet \"Workshops\"; its sheets are \"工坊\", \"招生\", \"说明\""
    );
}

#[test]
fn a_workbook_of_several_sheets_none_named_for_the_kind_asks_which_sheet() {
    let mut f = fresh();
    let path = workbook("鲁班工坊登记表.xlsx");
    let source = Source::Workbook {
        path: &path,
        entity: Some(Entity::Trainings),
        sheet: None,
    };
    let Err(Error::Rejected(problems)) = f.registry.import(source, ImportOptions::default()) else {
        panic!("refused");
    };
    assert_eq!(codes(&problems), ["which_sheet"]);
}

#[test]
fn a_file_that_is_no_workbook_but_starts_like_one_is_refused_as_unreadable() {
    let mut f = fresh();
    let path = f.path("broken.xlsx");
    std::fs::write(&path, b"PK\x03\x04 not really a zip").expect("write");
    let source = Source::File {
        path: &path,
        entity: Some(Entity::Workshops),
    };
    let Err(Error::Rejected(problems)) = f.registry.import(source, ImportOptions::default()) else {
        panic!("refused");
    };
    assert_eq!(codes(&problems), ["unreadable_workbook"]);
}

#[test]
fn a_csv_header_under_title_rows_with_a_serial_number_column_and_a_totals_row_imports() {
    let mut f = fresh();
    let csv = "鲁班工坊建设情况统计表,,,,,,,,\r\n\
               填报单位：国际交流处,,,,,,,,\r\n\
               序号,编号,英文名称（English）,国家,外方合作院校,中方院校,建成\n年份,状态\r\n\
               1,TH-AYU,Thailand Luban Workshop,泰国,Ayutthaya Technical College,天津市渤海职业技术学院,2016,运营中\r\n\
               合  计,,,,,,,\r\n";
    // The 建成\n年份 header is one quoted cell in real files; build it so.
    let csv = csv.replace("建成\n年份", "\"建成\n年份\"");
    let source = Source::Bytes {
        entity: Entity::Workshops,
        name: "工坊.csv",
        bytes: csv.as_bytes(),
    };
    let outcome = f
        .registry
        .import(source, ImportOptions::default())
        .expect("imports");
    assert_eq!(outcome.files[0].added, 1);
    let notes: Vec<&str> = outcome.files[0]
        .warnings
        .iter()
        .map(|w| w.first.kind.code())
        .collect();
    assert_eq!(
        notes,
        ["title_rows_skipped", "running_number_column", "total_row"]
    );
}

#[test]
fn csv_problems_below_title_rows_keep_their_physical_line() {
    let mut f = fresh();
    let csv =
        "统计表\n\ncode,name_en,country,host_institution,chinese_institution,opened_year,status\n\
               TH-AYU,Thailand,Atlantis,H,C,2016,active\n";
    let source = Source::Bytes {
        entity: Entity::Workshops,
        name: "workshops.csv",
        bytes: csv.as_bytes(),
    };
    let Err(Error::Rejected(problems)) = f.registry.import(source, ImportOptions::default()) else {
        panic!("refused");
    };
    assert_eq!(
        (problems[0].line, problems[0].column.as_deref()),
        (4, Some("country"))
    );
}

#[test]
fn csv_and_sheet_names_in_chinese_name_their_kind() {
    for (name, entity) in [
        ("工坊.csv", Entity::Workshops),
        ("招生.csv", Entity::Enrolments),
        ("学历教育", Entity::Enrolments),
        ("培训.xlsx", Entity::Trainings),
        ("专业大类", Entity::MajorCategories),
        ("工坊专业", Entity::WorkshopMajors),
        ("国家", Entity::Countries),
        ("专业", Entity::Majors),
        ("工坊信息表", Entity::Workshops),
    ] {
        assert_eq!(Entity::from_name(name), Some(entity), "{name}");
    }
}

#[test]
fn a_folder_import_takes_csv_files_named_in_chinese() {
    let mut f = fresh();
    let dir = f.path("from-the-office");
    std::fs::create_dir(&dir).expect("folder");
    std::fs::write(
        dir.join("工坊.csv"),
        "code,name_en,country,host_institution,chinese_institution,opened_year,status\n\
         TH-AYU,Thailand Luban Workshop,TH,H,C,2016,active\n",
    )
    .expect("write");
    std::fs::write(
        dir.join("招生.csv"),
        "workshop,year,level,students\nTH-AYU,2022,associate,30\n",
    )
    .expect("write");
    let outcome = f
        .registry
        .import(Source::Folder(&dir), ImportOptions::default())
        .expect("imports");
    let kinds: Vec<_> = outcome.files.iter().map(|s| s.entity).collect();
    assert_eq!(kinds, [Some(Entity::Workshops), Some(Entity::Enrolments)]);
}

fn one_problem(entity: Entity, csv: &str) -> Problem {
    let mut f = crate::support::known();
    let mut problems = crate::support::rejected(&mut f.registry, entity, csv);
    assert_eq!(problems.len(), 1, "{problems:?}");
    problems.remove(0)
}

#[test]
fn a_count_with_one_point_and_three_digits_is_refused_naming_both_readings() {
    let p = one_problem(
        Entity::Trainings,
        "workshop,year,kind,trainees\nTH-AYU,2022,skills,15.000\n",
    );
    assert_eq!(
        p.message(Lang::En),
        "\"15.000\" could be 15 (a decimal point) or 15000 (a thousands separator); write the number without the point, e.g. 15000"
    );
    assert!(p
        .message(Lang::Zh)
        .contains("可能是 15（小数点），也可能是 15000（千位分隔符）"));
}

#[test]
fn counts_with_a_unit_or_in_wan_and_synonyms_of_levels_import() {
    let mut f = crate::support::known();
    crate::support::import(
        &mut f.registry,
        Entity::Enrolments,
        "workshop,year,level,students\nTH-AYU,2023,高职,300人\nPK-LHR,2023,中专,1.5万\n",
    );
    let s = dump(&f.registry);
    let got: Vec<(String, i64)> = s
        .enrolments
        .iter()
        .filter(|e| e.year == 2023)
        .map(|e| (e.level.to_string(), e.students))
        .collect();
    assert_eq!(
        got,
        [("secondary".into(), 15000), ("associate".into(), 300)],
        "PK-LHR, TH-AYU"
    );
}

#[test]
fn a_date_written_day_and_month_in_an_unsaid_order_is_refused_naming_both_readings() {
    let p = one_problem(
        Entity::Workshops,
        "code,name_en,country,host_institution,chinese_institution,opened_year,opened_on,status\n\
         TH-AYU,Thailand,TH,H,C,2016,3/8/2016,在运营\n",
    );
    assert_eq!(
        p.message(Lang::En),
        "\"3/8/2016\" does not say which is the day and which the month: 2016-08-03 if day first, or 2016-03-08 if month first; write the year first, e.g. 2016-08-03, or say which comes first when importing (luban import --date-order dmy or mdy)"
    );
}

#[test]
fn a_date_written_with_a_midnight_time_is_the_date() {
    let mut f = crate::support::known();
    crate::support::import(
        &mut f.registry,
        Entity::Workshops,
        "code,name_en,country,host_institution,chinese_institution,opened_year,opened_on,status\n\
         TH-AYU,Thailand,TH,H,C,2016,2016-03-08 00:00:00,已建成\n",
    );
    let th = crate::support::dump(&f.registry)
        .workshops
        .into_iter()
        .find(|w| w.code == "TH-AYU")
        .expect("TH-AYU");
    assert_eq!(
        th.opened_on.map(|d| d.to_string()).as_deref(),
        Some("2016-03-08")
    );
}

/// An agreement's code, end date, the code it renews, notice days and automatic renewal.
type AgreementCells<'a> = (&'a str, Option<String>, Option<&'a str>, i64, bool);

#[test]
fn agreements_and_contacts_sheets_named_in_chinese_import_in_dependency_order_in_one_step() {
    // The sheets are 联系人, 合作协议, 工坊, in that order: contacts and agreements need the
    // workshop, and the second agreement renews the first.
    let (f, warnings) = import_whole(&workbook("合作协议登记表.xlsx"));
    assert!(
        warnings
            .iter()
            .all(|w| w.sheet.as_deref() != Some("联系人")),
        "{warnings:?}"
    );
    let snapshot = dump(&f.registry);
    assert_eq!(snapshot.workshops.len(), 1);
    assert_eq!(snapshot.workshops[0].code, "TH-AYU");
    let agreements: Vec<AgreementCells> = snapshot
        .agreements
        .iter()
        .map(|a| {
            (
                a.code.as_str(),
                a.ends_on.map(|d| d.to_string()),
                a.renews.as_deref(),
                a.notice_days,
                a.auto_renew,
            )
        })
        .collect();
    assert_eq!(
        agreements,
        vec![
            ("TH-AYU-MOU", Some("2021-03-07".into()), None, 180, false),
            ("TH-AYU-MOU2", None, Some("TH-AYU-MOU"), 90, true),
        ]
    );
    let mut contacts: Vec<(&str, &str)> = snapshot
        .contacts
        .iter()
        .map(|c| (c.name.as_str(), c.side.as_str()))
        .collect();
    contacts.sort();
    assert_eq!(
        contacts,
        vec![("Somchai P.", "partner"), ("王老师", "chinese")]
    );
}

#[test]
fn a_bad_contact_in_a_workbook_of_english_sheet_names_leaves_every_sheet_unimported() {
    let mut f = fresh();
    let path = workbook("partnerships-bad-email.xlsx");
    let source = Source::Workbook {
        path: &path,
        entity: None,
        sheet: None,
    };
    let Err(Error::Rejected(problems)) = f.registry.import(source, ImportOptions::default()) else {
        panic!("partnerships-bad-email.xlsx is rejected");
    };
    let en: Vec<String> = problems.iter().map(|p| p.display(Lang::En)).collect();
    assert!(
        en.iter()
            .any(|p| p.contains("[contacts] row 2") && p.contains("is not an e-mail address")),
        "{en:?}"
    );
    let snapshot = dump(&f.registry);
    assert!(
        snapshot.workshops.is_empty(),
        "one transaction: no workshop"
    );
    assert!(
        snapshot.agreements.is_empty(),
        "one transaction: no agreement"
    );
}
