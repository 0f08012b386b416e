//! Importing the files staff really produce, and rejecting bad ones completely and helpfully.

use luban_registry::{Entity, Error, ImportOptions, Lang, ProblemKind, Severity, Source};

use crate::support::{
    bytes, count, data, fresh, import, import_file, known, rejected, MAJORS, WORKSHOPS,
    WORKSHOP_MAJORS,
};

fn lines_and_columns(problems: &[luban_registry::Problem]) -> Vec<(u64, Option<&str>)> {
    problems
        .iter()
        .map(|p| (p.line, p.column.as_deref()))
        .collect()
}

#[test]
fn gb18030_excel_file_with_chinese_headers_and_values_imports() {
    let mut f = fresh();
    let summary = import_file(
        &mut f.registry,
        Entity::Workshops,
        &data("excel/workshops-gb18030.csv"),
    )
    .unwrap();
    let detected = summary.detected.unwrap();
    assert_eq!(
        (detected.encoding, detected.delimiter, detected.bom),
        ("gb18030", ',', false)
    );
    assert_eq!(
        (summary.rows, summary.added),
        (3, 3),
        "the two trailing ,,,, rows are skipped"
    );
    let th = f.registry.workshop("TH-AYU").unwrap().workshop;
    assert_eq!(th.country, "TH");
    assert_eq!(th.name_zh.as_deref(), Some("泰国鲁班工坊"));
    assert_eq!(th.opened_on.unwrap().to_string(), "2016-03-08");
    assert_eq!(th.status, luban_registry::Status::Active);
    let dj = f.registry.workshop("DJ-DJI").unwrap().workshop;
    assert_eq!(
        dj.chinese_institutions,
        vec!["天津铁道职业技术学院", "天津市第一商业学校"]
    );
    assert_eq!(dj.notes.as_deref(), Some("非洲首个鲁班工坊，\r\n两个专业"));
    assert_eq!(
        f.registry.workshop("PK-LHR").unwrap().workshop.country,
        "PK",
        "ISO3 PAK resolves"
    );
}

#[test]
fn utf16_tab_separated_unicode_text_with_thousands_separators_imports() {
    let mut f = fresh();
    import_file(
        &mut f.registry,
        Entity::Workshops,
        &data("excel/workshops-gb18030.csv"),
    )
    .unwrap();
    let summary = import_file(
        &mut f.registry,
        Entity::Enrolments,
        &data("excel/enrolments-utf16.csv"),
    )
    .unwrap();
    let detected = summary.detected.unwrap();
    assert_eq!(
        (detected.encoding, detected.delimiter, detected.bom),
        ("UTF-16LE", '\t', true)
    );
    assert_eq!(summary.added, 3);
    let total: i64 = f
        .registry
        .connection_for_tests()
        .query_row("SELECT sum(students) FROM enrolment", [], |r| r.get(0))
        .unwrap();
    assert_eq!(total, 1200 + 15000 + 148);
}

#[test]
fn utf8_bom_semicolon_file_with_spaced_headers_and_non_breaking_spaces_imports() {
    let mut f = fresh();
    import_file(
        &mut f.registry,
        Entity::Workshops,
        &data("excel/workshops-gb18030.csv"),
    )
    .unwrap();
    let summary = import_file(
        &mut f.registry,
        Entity::Trainings,
        &data("excel/trainings-semicolon-bom.csv"),
    )
    .unwrap();
    let detected = summary.detected.unwrap();
    assert_eq!(
        (detected.encoding, detected.delimiter, detected.bom),
        ("UTF-8", ';', true)
    );
    let total: i64 = f
        .registry
        .connection_for_tests()
        .query_row("SELECT sum(trainees) FROM training", [], |r| r.get(0))
        .unwrap();
    assert_eq!(total, 2000 + 69 + 148);
}

#[test]
fn every_entity_imports_and_counts_added_rows() {
    let mut f = fresh();
    let categories = "code,name_en,name_zh\n46,Equipment Manufacturing,装备制造大类\n";
    let countries =
        "iso2,iso3,name_en,name_zh,region,groups\nXA,XAA,Atlantis,亚特兰蒂斯,Europe,Myth-1\n";
    assert_eq!(
        import(&mut f.registry, Entity::Countries, countries).added,
        1
    );
    assert_eq!(
        import(&mut f.registry, Entity::MajorCategories, categories).unchanged,
        1
    );
    assert_eq!(import(&mut f.registry, Entity::Majors, MAJORS).added, 3);
    assert_eq!(
        import(&mut f.registry, Entity::Workshops, WORKSHOPS).added,
        5
    );
    assert_eq!(
        import(&mut f.registry, Entity::WorkshopMajors, WORKSHOP_MAJORS).added,
        5
    );
    assert_eq!(
        import(
            &mut f.registry,
            Entity::Enrolments,
            crate::support::ENROLMENTS
        )
        .added,
        6
    );
    assert_eq!(
        import(
            &mut f.registry,
            Entity::Trainings,
            crate::support::TRAININGS
        )
        .added,
        4
    );
}

#[test]
fn reimporting_counts_updated_and_unchanged_rows() {
    let mut f = known();
    let changed = "workshop,year,kind,trainees\nTH-AYU,2021,skills,250\nPK-LHR,2022,skills,1000\nPK-LHR,2024,other,3\n";
    let s = import(&mut f.registry, Entity::Trainings, changed);
    assert_eq!((s.added, s.updated, s.unchanged), (1, 1, 1));
}

#[test]
fn rejected_file_leaves_registry_byte_for_byte_unchanged() {
    let f = known();
    let path = f.registry.path().to_path_buf();
    drop(f.registry);
    let before = std::fs::read(&path).unwrap();
    let mut registry = luban_registry::Registry::open(&path).unwrap();
    let bad = "workshop,year,kind,trainees\nTH-AYU,2021,skills,999\nNOPE,2021,skills,1\n";
    rejected(&mut registry, Entity::Trainings, bad);
    drop(registry);
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn every_problem_of_a_file_with_many_bad_rows_is_reported_with_line_and_column() {
    let mut f = known();
    let mut csv = String::from("workshop,year,kind,trainees\n");
    for i in 0..40 {
        csv.push_str(&format!("TH-AYU,{},skills,-{i}\n", 2000 + (i % 20)));
    }
    csv.push_str("TH-AYU,1999,lessons,ten\n");
    let problems = rejected(&mut f.registry, Entity::Trainings, &csv);
    // 40 negative counts, and the 20 rows repeating the key of a row 20 lines above.
    assert_eq!(problems.len(), 40 + 20 + 3);
    assert_eq!(
        (problems[0].line, problems[0].column.as_deref()),
        (2, Some("trainees"))
    );
    let repeats = problems
        .iter()
        .filter(|p| matches!(p.kind, ProblemKind::RepeatedKey { .. }))
        .count();
    assert_eq!(repeats, 20);
    assert_eq!(
        lines_and_columns(&problems[60..]),
        vec![
            (42, Some("year")),
            (42, Some("kind")),
            (42, Some("trainees"))
        ]
    );
    assert_eq!(count(&f.registry, "training"), 4, "nothing was written");
}

#[test]
fn problem_messages_say_file_line_column_and_how_to_fix() {
    let mut f = known();
    let problems = rejected(
        &mut f.registry,
        Entity::Trainings,
        "workshop,year,kind,trainees\nTH-AYU,2021,lessons,5\n",
    );
    assert_eq!(
        problems[0].to_string(),
        "trainings.csv:2: kind: \"lessons\" is not a kind of training; use one of skills (技能培训), teacher (师资培训), other (其他)"
    );
    assert_eq!(problems[0].value.as_deref(), Some("lessons"));
}

#[test]
fn a_record_spanning_several_lines_is_reported_where_it_starts() {
    let mut f = known();
    let csv =
        "code,name_en,country,host_institution,chinese_institution,opened_year,status,notes\n\
               AA-ONE,\"One\nworkshop\",TH,Host,Tianjin,2020,active,\"a\nb\nc\"\n\
               AA-TWO,Two,XX,Host,Tianjin,2020,active,\n";
    let problems = rejected(&mut f.registry, Entity::Workshops, csv);
    assert_eq!(lines_and_columns(&problems), vec![(6, Some("country"))]);
}

#[test]
fn a_key_repeated_in_one_file_is_an_error_on_the_later_line_naming_the_earlier() {
    let mut f = known();
    let csv = "workshop,year,major,level,students\nPK-LHR,2023,,secondary,1\nTH-AYU,2023,,associate,2\nPK-LHR,2023,,Secondary,3\n";
    let problems = rejected(&mut f.registry, Entity::Enrolments, csv);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].line, 4);
    assert!(
        problems[0].message(Lang::En).contains("line 2"),
        "{}",
        problems[0].message(Lang::En)
    );
}

#[test]
fn a_key_repeated_in_a_file_for_an_existing_record_is_also_caught() {
    let mut f = known();
    let csv = "workshop,year,major,level,students\nPK-LHR,2022,,secondary,60\nPK-LHR,2022,,secondary,70\n";
    let problems = rejected(&mut f.registry, Entity::Enrolments, csv);
    assert_eq!(lines_and_columns(&problems), vec![(3, Some("workshop"))]);
}

#[test]
fn a_repeated_workshop_code_differing_only_in_case_is_caught() {
    let mut f = fresh();
    let csv = "code,name_en,country,host_institution,chinese_institution,opened_year,status\nth-1,A,TH,H,C,2020,active\nTH-1,B,TH,H,C,2020,active\n";
    let problems = rejected(&mut f.registry, Entity::Workshops, csv);
    assert_eq!(lines_and_columns(&problems), vec![(3, Some("code"))]);
}

#[test]
fn an_unknown_column_is_an_error_naming_it() {
    let mut f = known();
    let problems = rejected(
        &mut f.registry,
        Entity::Trainings,
        "workshop,year,kind,trainees,budget\nTH-AYU,2021,skills,1,5\n",
    );
    assert_eq!(lines_and_columns(&problems), vec![(1, Some("budget"))]);
}

#[test]
fn a_missing_required_column_is_an_error_naming_it() {
    let mut f = known();
    let problems = rejected(
        &mut f.registry,
        Entity::Trainings,
        "workshop,year,trainees\nTH-AYU,2021,1\n",
    );
    assert_eq!(lines_and_columns(&problems), vec![(1, Some("kind"))]);
    assert!(problems[0].message(Lang::En).contains("培训类型"));
}

#[test]
fn headers_are_matched_in_any_case_order_and_language() {
    let mut f = known();
    let s = import(
        &mut f.registry,
        Entity::Trainings,
        " 培训人数 ,KIND, Workshop ,年份\n7,师资培训,TH-AYU,2024\n",
    );
    assert_eq!(s.added, 1);
}

#[test]
fn a_workshop_country_may_be_iso2_iso3_english_or_chinese() {
    let mut f = fresh();
    let csv = "code,name_en,country,host_institution,chinese_institution,opened_year,status\n\
               A1,A,th,H,C,2020,active\nA2,B,THA,H,C,2020,active\nA3,C,thailand,H,C,2020,active\nA4,D,泰国,H,C,2020,active\n";
    import(&mut f.registry, Entity::Workshops, csv);
    let countries: Vec<String> = f
        .registry
        .snapshot()
        .unwrap()
        .workshops
        .into_iter()
        .map(|w| w.country)
        .collect();
    assert_eq!(countries, vec!["TH"; 4]);
}

#[test]
fn an_opening_date_outside_the_opening_year_is_rejected() {
    let mut f = fresh();
    let csv = "code,name_en,country,host_institution,chinese_institution,opened_year,opened_on,status\nA1,A,TH,H,C,2020,2021-01-05,active\n";
    let problems = rejected(&mut f.registry, Entity::Workshops, csv);
    assert_eq!(lines_and_columns(&problems), vec![(2, Some("opened_on"))]);
}

#[test]
fn an_enrolment_major_must_be_one_of_the_workshops_majors() {
    let mut f = known();
    let problems = rejected(
        &mut f.registry,
        Entity::Enrolments,
        "workshop,year,major,level,students\nPK-LHR,2023,540101,secondary,5\n",
    );
    assert_eq!(lines_and_columns(&problems), vec![(2, Some("major"))]);
}

#[test]
fn figures_dated_before_a_workshop_opened_are_accepted_with_a_warning() {
    let mut f = known();
    let s = import(
        &mut f.registry,
        Entity::Trainings,
        "workshop,year,kind,trainees\nKZ-AST,2024,teacher,15\n",
    );
    assert_eq!(s.added, 1);
    assert_eq!(s.warnings.len(), 1);
    assert_eq!(
        (s.warnings[0].first.line, s.warnings[0].first.severity),
        (2, Severity::Warning)
    );
}

#[test]
fn the_same_warning_on_many_rows_is_one_warning_with_its_count_and_first_lines() {
    let mut f = known();
    let mut csv = String::from("workshop,year,kind,trainees\n");
    for year in 2000..2020 {
        csv.push_str(&format!("KZ-AST,{year},teacher,15\n"));
    }
    let s = import(&mut f.registry, Entity::Trainings, &csv);
    assert_eq!(s.added, 20);
    assert_eq!(s.warnings.len(), 1);
    let w = &s.warnings[0];
    assert_eq!((w.count, w.lines.as_slice()), (20, &[2, 3, 4, 5, 6][..]));
    assert!(
        w.display(Lang::En)
            .ends_with("(the same on 20 rows: lines 2, 3, 4, 5, 6, …)"),
        "{}",
        w.display(Lang::En)
    );
    assert!(
        w.display(Lang::Zh)
            .ends_with("（共 20 行相同：第 2、3、4、5、6 行等）"),
        "{}",
        w.display(Lang::Zh)
    );
}

#[test]
fn a_warning_on_one_row_reads_as_before() {
    let mut f = known();
    let s = import(
        &mut f.registry,
        Entity::Trainings,
        "workshop,year,kind,trainees\nKZ-AST,2024,teacher,15\n",
    );
    let w = &s.warnings[0];
    assert_eq!(w.display(Lang::En), w.first.display(Lang::En));
}

#[test]
fn importing_a_country_replaces_its_groups() {
    let mut f = fresh();
    import(&mut f.registry, Entity::Countries, "iso2,iso3,name_en,name_zh,region,groups\nTH,THA,Thailand,泰国,Asia,ASEAN;BRI;Partner-2025\n");
    let th = crate::support::country(&f.registry, "TH");
    assert_eq!(th.groups, vec!["ASEAN", "BRI", "Partner-2025"]);
}

#[test]
fn a_column_left_out_keeps_the_stored_values_of_existing_records() {
    let mut f = known();
    import(&mut f.registry, Entity::Workshops, "code,name_en,country,host_institution,chinese_institution,opened_year,status\nTH-AYU,Thailand Luban Workshop,TH,Ayutthaya Technical College,Tianjin Bohai Vocational Technical College,2016,closed\n");
    let th = f.registry.workshop("TH-AYU").unwrap().workshop;
    assert_eq!(th.status, luban_registry::Status::Closed);
    assert_eq!(th.city.as_deref(), Some("Ayutthaya"));
    assert_eq!(th.notes.as_deref(), Some("first abroad"));
}

#[test]
fn import_all_imports_a_folder_in_dependency_order() {
    let mut f = fresh();
    let dir = f.path("in");
    std::fs::create_dir(&dir).unwrap();
    // Written out of order on purpose: enrolments refer to workshops and majors.
    std::fs::write(dir.join("enrolments.csv"), crate::support::ENROLMENTS).unwrap();
    std::fs::write(dir.join("Workshops.CSV"), WORKSHOPS).unwrap();
    std::fs::write(dir.join("majors.csv"), MAJORS).unwrap();
    std::fs::write(dir.join("workshop_majors.csv"), WORKSHOP_MAJORS).unwrap();
    std::fs::write(dir.join("notes.txt"), "not a registry file").unwrap();
    let outcome = f
        .registry
        .import(Source::Folder(&dir), ImportOptions::default())
        .unwrap();
    let order: Vec<Entity> = outcome.files.iter().filter_map(|s| s.entity).collect();
    assert_eq!(
        order,
        vec![
            Entity::Majors,
            Entity::Workshops,
            Entity::WorkshopMajors,
            Entity::Enrolments
        ]
    );
    assert_eq!(count(&f.registry, "enrolment"), 6);
}

#[test]
fn a_bad_later_file_leaves_the_earlier_files_of_import_all_unwritten() {
    let mut f = fresh();
    let dir = f.path("in");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("majors.csv"), MAJORS).unwrap();
    std::fs::write(dir.join("workshops.csv"), WORKSHOPS).unwrap();
    std::fs::write(
        dir.join("trainings.csv"),
        "workshop,year,kind,trainees\nTH-AYU,2021,skills,lots\n",
    )
    .unwrap();
    match f
        .registry
        .import(Source::Folder(&dir), ImportOptions::default())
    {
        Err(Error::Rejected(problems)) => {
            assert_eq!(problems.len(), 1);
            assert_eq!(
                (problems[0].file.as_str(), problems[0].line),
                ("trainings.csv", 2)
            );
        }
        other => panic!("expected rejection, got {other:?}"),
    }
    assert_eq!(
        (count(&f.registry, "major"), count(&f.registry, "workshop")),
        (0, 0)
    );
}

#[test]
fn an_import_cancelled_through_progress_writes_nothing() {
    let mut f = known();
    let mut ws = String::from(
        "code,name_en,country,host_institution,chinese_institution,opened_year,status\n",
    );
    let mut en = String::from("workshop,year,level,students\n");
    for w in 0..3000 {
        ws.push_str(&format!("W{w},Workshop {w},TH,Host,Tianjin,2020,active\n"));
        for level in ["secondary", "associate", "bachelor", "other"] {
            en.push_str(&format!("W{w},2021,{level},1\n"));
        }
    }
    import(&mut f.registry, Entity::Workshops, &ws);
    let mut calls = 0;
    let mut cancel = |_rows: u64| {
        calls += 1;
        false
    };
    let result = f.registry.import(
        bytes(Entity::Enrolments, "enrolments.csv", &en),
        ImportOptions {
            dry_run: false,
            progress: Some(&mut cancel),
            ..ImportOptions::default()
        },
    );
    assert!(matches!(result, Err(Error::Cancelled)));
    assert_eq!(calls, 1);
    assert_eq!(count(&f.registry, "enrolment"), 6);
}

#[test]
fn a_workbook_picked_instead_of_a_csv_is_rejected_with_how_to_save_as_csv() {
    let mut f = fresh();
    let xlsx = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml";
    let source = Source::Bytes {
        entity: Entity::Workshops,
        name: "workshops.xlsx",
        bytes: xlsx,
    };
    match f.registry.import(source, ImportOptions::default()) {
        Err(Error::Rejected(problems)) => {
            assert_eq!(problems.len(), 1);
            assert!(
                problems[0].message(Lang::En).contains("Save As"),
                "{}",
                problems[0].message(Lang::En)
            );
        }
        other => panic!("expected rejection, got {other:?}"),
    }
}

#[test]
fn a_value_under_a_blank_header_is_an_error_not_dropped() {
    let mut f = known();
    let problems = rejected(
        &mut f.registry,
        Entity::Trainings,
        "workshop,year,kind,trainees,\nTH-AYU,2024,skills,5,\nTH-AYU,2025,skills,5,forgotten\n",
    );
    assert_eq!(lines_and_columns(&problems), vec![(3, None)]);
    assert!(
        problems[0].message(Lang::En).contains("cell 5"),
        "{}",
        problems[0].message(Lang::En)
    );
}

#[test]
fn every_problem_message_has_a_chinese_version_for_the_app() {
    let mut f = known();
    let csv = "code,name_en,country,host_institution,chinese_institution,opened_year,opened_on,status,budget\n\
               x,,Narnia,,,1999,2020/13/40,open,1\n";
    let problems = rejected(&mut f.registry, Entity::Workshops, csv);
    let no_cjk = |s: &str| !s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    assert!(
        problems.iter().all(|p| !no_cjk(&p.message(Lang::Zh))),
        "{problems:#?}"
    );
    let problems = rejected(
        &mut f.registry,
        Entity::Enrolments,
        "workshop,year,major,level,students\nNOPE,3000,zzz,phd,-1\n",
    );
    assert_eq!(problems.len(), 5);
    assert!(
        problems.iter().all(|p| !no_cjk(&p.message(Lang::Zh))),
        "{problems:#?}"
    );
}

#[test]
fn a_key_repeated_after_a_row_with_other_problems_is_reported_too() {
    let mut f = fresh();
    let csv = "code,name_en,country,host_institution,chinese_institution,opened_year,status\n\
               AA-1,A,Narnia,H,C,2020,active\n\
               BB-1,B,TH,H,C,2020,active\n\
               CC-1,C,TH,H,C,2020,active\n\
               DD-1,D,TH,H,C,2020,active\n\
               aa-1,A again,TH,H,C,2020,active\n";
    let problems = rejected(&mut f.registry, Entity::Workshops, csv);
    assert_eq!(
        lines_and_columns(&problems),
        vec![(2, Some("country")), (6, Some("code"))]
    );
    assert_eq!(problems[1].kind, ProblemKind::RepeatedKey { earlier: 2 });
}

#[test]
fn a_repeated_key_whose_rows_both_have_problems_is_reported_with_both() {
    let mut f = known();
    let csv = "workshop,year,kind,trainees\nTH-AYU,2021,skills,-1\nTH-AYU,2021,skills,ten\n";
    let problems = rejected(&mut f.registry, Entity::Trainings, csv);
    assert_eq!(
        lines_and_columns(&problems),
        vec![
            (2, Some("trainees")),
            (3, Some("workshop")),
            (3, Some("trainees"))
        ]
    );
}

#[test]
fn problems_name_fields_by_the_label_the_user_sees() {
    let mut f = fresh();
    let csv = "code,name_en,country,host_institution,chinese_institution,opened_year,status\nA1,A,TH,,C,2020,active\n";
    let problems = rejected(&mut f.registry, Entity::Workshops, csv);
    assert_eq!(
        problems[0].message(Lang::En),
        "Host institution (abroad) is required; fill it in"
    );
    assert_eq!(
        problems[0].message(Lang::Zh),
        "「外方合作院校」为必填项；请填写"
    );
}

#[test]
fn a_problem_keeps_at_most_200_characters_of_its_value() {
    let mut f = known();
    let long = "9".repeat(5_000);
    let problems = rejected(
        &mut f.registry,
        Entity::Trainings,
        &format!("workshop,year,kind,trainees\nTH-AYU,2021,teacher,x{long}\n"),
    );
    let value = problems[0].value.as_deref().unwrap();
    assert_eq!(value.chars().count(), 200);
    assert!(value.starts_with("x999") && value.ends_with('…'));
    assert!(problems[0].message(Lang::En).len() < 1_000);
}

#[test]
fn a_preview_hands_over_a_page_of_problems_and_says_how_many_there_are() {
    let mut f = known();
    let mut csv = String::from("workshop,year,kind,trainees\n");
    for year in 2000..2030 {
        csv.push_str(&format!("NO-SUCH,{year},teacher,1\n"));
    }
    let outcome = f
        .registry
        .import(
            bytes(Entity::Trainings, "t.csv", &csv),
            ImportOptions {
                dry_run: true,
                ..ImportOptions::default()
            },
        )
        .unwrap();
    let total = outcome.problems.len();
    assert!(total >= 30, "{total}");
    let page = outcome.clone().problems_page(10, 5);
    assert_eq!(page.problems_total, total);
    assert_eq!(page.problems, outcome.problems[10..15]);
    let past_the_end = outcome.problems_page(total + 3, 5);
    assert!(past_the_end.problems.is_empty());
}

#[test]
fn the_first_rows_are_shown_as_decoded_even_when_the_header_is_refused() {
    let mut f = known();
    let outcome = f
        .registry
        .import(
            bytes(
                Entity::Workshops,
                "w.csv",
                "code,name_en,country,host_institution,chinese_institution,opened_year,status,填表人\n\
                 XX-ONE,One,TH,Host,Inst,2020,active,王老师\n",
            ),
            ImportOptions {
                dry_run: true,
                ..ImportOptions::default()
            },
        )
        .unwrap();
    assert!(!outcome.problems.is_empty());
    let rows = &outcome.files[0].first_rows;
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1][0], "XX-ONE");
    assert_eq!(rows[1][7], "王老师");
}
