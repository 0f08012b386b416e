//! Columns the header rule does not know: mapped to one of the kind's columns or left out, as the
//! user says (`--map`, `--ignore`), and refused otherwise.

use luban_registry::table::header::ColumnChoices;
use luban_registry::{Entity, Error, ImportOptions, Lang};

use crate::support::{bytes, fresh};

const WITH_EXTRA_COLUMNS: &str =
    "code,name_en,country,外方单位名称,chinese_institution,opened_year,status,填表人\n\
TH-AYU,Thailand Luban Workshop,TH,Ayutthaya Technical College,Tianjin Bohai,2016,active,王老师\n";

fn options(map: &[(&str, &str)], ignore: &[&str]) -> ImportOptions<'static> {
    ImportOptions {
        columns: ColumnChoices {
            map: map
                .iter()
                .map(|(h, c)| (h.to_string(), c.to_string()))
                .collect(),
            ignore: ignore.iter().map(|h| h.to_string()).collect(),
        },
        ..ImportOptions::default()
    }
}

fn codes(problems: &[luban_registry::Problem]) -> Vec<(&str, Option<&str>)> {
    problems
        .iter()
        .map(|p| (p.kind.code(), p.value.as_deref()))
        .collect()
}

#[test]
fn unknown_columns_neither_mapped_nor_left_out_are_refused_saying_how_to_map_or_leave_them_out() {
    let mut f = fresh();
    let source = bytes(Entity::Workshops, "w.csv", WITH_EXTRA_COLUMNS);
    let Err(Error::Rejected(problems)) = f.registry.import(source, ImportOptions::default()) else {
        panic!("expected rejection")
    };
    assert_eq!(
        codes(&problems)[..2],
        [
            ("unknown_column", Some("外方单位名称")),
            ("unknown_column", Some("填表人"))
        ]
    );
    assert!(problems[0]
        .message(Lang::En)
        .contains("--map \"外方单位名称=COLUMN\""));
    assert!(problems[1]
        .message(Lang::Zh)
        .contains("--ignore \"填表人\""));
}

#[test]
fn a_mapped_column_is_read_as_the_column_named_and_an_ignored_one_left_out_each_with_a_note() {
    let mut f = fresh();
    let source = bytes(Entity::Workshops, "w.csv", WITH_EXTRA_COLUMNS);
    let outcome = f
        .registry
        .import(
            source,
            options(&[("外方单位名称", "host_institution")], &["填表人"]),
        )
        .unwrap();
    let th = f.registry.workshop("TH-AYU").unwrap().workshop;
    assert_eq!(th.host_institution, "Ayutthaya Technical College");
    let notes: Vec<String> = (outcome.files[0].warnings.iter())
        .map(|w| w.first.message(Lang::En))
        .collect();
    assert_eq!(
        notes,
        [
            "column \"外方单位名称\" was read as host_institution (Host institution (abroad)), as asked",
            "column \"填表人\" was left out, as asked"
        ]
    );
}

#[test]
fn a_map_to_a_column_the_kind_does_not_have_is_refused_naming_it() {
    let mut f = fresh();
    let source = bytes(Entity::Workshops, "w.csv", WITH_EXTRA_COLUMNS);
    let Err(Error::Rejected(problems)) = f
        .registry
        .import(source, options(&[("外方单位名称", "partner")], &["填表人"]))
    else {
        panic!("expected rejection")
    };
    assert_eq!(
        codes(&problems)[0],
        ("unknown_map_target", Some("外方单位名称"))
    );
    assert!(problems[0].message(Lang::En).contains("\"partner\""));
}

#[test]
fn headers_are_matched_for_a_choice_as_the_header_rule_matches_them() {
    let mut f = fresh();
    let source = bytes(Entity::Workshops, "w.csv", WITH_EXTRA_COLUMNS);
    f.registry
        .import(
            source,
            options(&[(" 外方单位名称\n", "HOST_INSTITUTION")], &["填 表 人"]),
        )
        .unwrap();
    assert_eq!(crate::support::count(&f.registry, "workshop"), 1);
}

#[test]
fn a_mapped_header_under_title_rows_is_still_found() {
    let mut f = fresh();
    let csv = format!("鲁班工坊建设情况统计表,,,,,,,\n{WITH_EXTRA_COLUMNS}");
    let source = bytes(Entity::Workshops, "w.csv", &csv);
    let outcome = f
        .registry
        .import(
            source,
            options(&[("外方单位名称", "host_institution")], &["填表人"]),
        )
        .unwrap();
    assert_eq!(outcome.files[0].added, 1);
}
