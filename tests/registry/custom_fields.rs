//! Fields of the office's own (合作企业, 经费, 签约日期): defined by the user, checked by type,
//! one more column in `workshops.csv`, carried by the history, undo and the round trip.

use std::collections::HashMap;

use luban_registry::{
    Entity, Error, ExportOptions, FieldType, ImportOptions, Lang, NewField, Registry, Source,
    Target,
};

use crate::support::{bytes, dump, fresh, import, known, rejected};

fn field(name: &str, field_type: &str, label_zh: Option<&str>) -> NewField {
    NewField {
        name: name.to_string(),
        field_type: field_type.to_string(),
        label_zh: label_zh.map(str::to_string),
        in_list: false,
    }
}

/// `known()` with the fields an office keeps: partner company (text), funding (number), signing
/// date (date), teachers sent (yes-no).
fn with_fields(registry: &mut Registry) {
    for f in [
        field("partner_company", "text", Some("合作企业")),
        field("funding", "number", Some("经费")),
        field("signed", "date", Some("签约日期")),
        field("teachers_sent", "yes-no", None),
    ] {
        registry
            .add_field(Entity::Workshops, &f)
            .unwrap_or_else(|e| panic!("{} is added: {e}", f.name));
    }
}

fn save(registry: &mut Registry, values: &[(&str, &str)]) -> luban_registry::Result<()> {
    let mut fields: HashMap<String, String> = [
        ("code", "TH-AYU"),
        ("name_en", "Thailand Luban Workshop"),
        ("name_zh", "泰国鲁班工坊"),
        ("country", "TH"),
        ("city", "Ayutthaya"),
        ("host_institution", "Ayutthaya Technical College"),
        (
            "chinese_institution",
            "Tianjin Bohai Vocational Technical College",
        ),
        ("opened_year", "2016"),
        ("opened_on", "2016-03-08"),
        ("status", "active"),
        ("notes", "first abroad"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for (k, v) in values {
        fields.insert(k.to_string(), v.to_string());
    }
    let original = HashMap::from([("code".to_string(), "TH-AYU".to_string())]);
    registry.save(Entity::Workshops, Some(&original), &fields)
}

fn value_of(registry: &Registry, code: &str, name: &str) -> String {
    registry
        .workshop(code)
        .expect("workshop")
        .fields
        .into_iter()
        .find(|v| v.name == name)
        .map(|v| v.value)
        .unwrap_or_else(|| panic!("{name} is listed"))
}

fn export_workshops(registry: &Registry, chinese: bool) -> String {
    let mut out = Vec::new();
    registry
        .export(
            Target::Stream(Entity::Workshops, &mut out),
            ExportOptions {
                bom: false,
                chinese_headers: chinese,
            },
            None,
        )
        .expect("export");
    String::from_utf8(out).expect("UTF-8")
}

const WITH_OWN: &str = "code,name_en,country,host_institution,chinese_institution,opened_year,status,合作企业,funding,签约日期,teachers_sent\n\
TH-AYU,Thailand Luban Workshop,TH,Ayutthaya Technical College,Tianjin Bohai Vocational Technical College,2016,active,CP Group,\"12,500.50\",2016/3/8,是\n";

#[test]
fn an_added_field_is_listed_with_its_type_label_and_order() {
    let mut f = known();
    with_fields(&mut f.registry);
    let fields = f.registry.fields().expect("fields");
    let names: Vec<&str> = fields.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(
        names,
        ["partner_company", "funding", "signed", "teachers_sent"]
    );
    assert_eq!(fields[1].field_type, FieldType::Number);
    assert_eq!(fields[1].label_zh.as_deref(), Some("经费"));
    assert_eq!(fields[3].field_type, FieldType::YesNo);
    assert_eq!(fields[0].values, 0);
}

#[test]
fn a_field_name_read_as_a_workshop_column_is_refused_naming_the_column() {
    let mut f = known();
    for (name, column) in [
        ("国家", "country"),
        ("Opened Year", "opened_year"),
        ("外方院校", "host_institution"),
        ("Host institution (abroad)", "host_institution"),
    ] {
        match f
            .registry
            .add_field(Entity::Workshops, &field(name, "text", None))
        {
            Err(Error::Invalid(errors)) => {
                assert_eq!(errors[0].field, "field_name", "{name}");
                assert_eq!(
                    errors[0].kind,
                    luban_registry::ProblemKind::FieldNameIsColumn { column },
                    "{name}"
                );
                assert!(errors[0].message(Lang::Zh).contains("登记册自有的列"));
            }
            other => panic!("{name}: expected a refusal, got {other:?}"),
        }
    }
    assert!(f.registry.fields().expect("fields").is_empty());
}

#[test]
fn a_second_field_with_the_same_name_or_label_by_key_is_refused() {
    let mut f = known();
    with_fields(&mut f.registry);
    for (name, label) in [
        ("Funding", None),
        ("budget", Some("经费")),
        (" 经费 ", None),
    ] {
        match f
            .registry
            .add_field(Entity::Workshops, &field(name, "number", label))
        {
            Err(Error::Invalid(errors)) => assert_eq!(
                errors[0].kind,
                luban_registry::ProblemKind::FieldNameTaken,
                "{name}"
            ),
            other => panic!("{name}: expected a refusal, got {other:?}"),
        }
    }
}

#[test]
fn a_field_of_another_kind_or_of_no_type_is_refused() {
    let mut f = known();
    assert!(matches!(
        f.registry
            .add_field(Entity::Majors, &field("hours", "number", None)),
        Err(Error::Invalid(_))
    ));
    match f
        .registry
        .add_field(Entity::Workshops, &field("hours", "integer", None))
    {
        Err(Error::Invalid(errors)) => {
            assert_eq!(errors[0].field, "field_type");
            assert!(errors[0].message(Lang::En).contains("yes-no"));
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn a_workshops_csv_column_under_a_field_name_or_chinese_label_is_imported_by_type() {
    let mut f = known();
    with_fields(&mut f.registry);
    let options = ImportOptions {
        date_order: Some(luban_registry::model::fields::DateOrder::Dmy),
        ..ImportOptions::default()
    };
    let csv = WITH_OWN.replace("2016/3/8", "8/3/2016");
    f.registry
        .import(bytes(Entity::Workshops, "workshops.csv", &csv), options)
        .expect("imported");
    assert_eq!(
        value_of(&f.registry, "TH-AYU", "partner_company"),
        "CP Group"
    );
    assert_eq!(value_of(&f.registry, "TH-AYU", "funding"), "12500.5");
    assert_eq!(value_of(&f.registry, "TH-AYU", "signed"), "2016-03-08");
    assert_eq!(value_of(&f.registry, "TH-AYU", "teachers_sent"), "yes");
    assert_eq!(value_of(&f.registry, "PK-LHR", "funding"), "");
}

#[test]
fn an_ambiguous_number_is_refused_naming_file_line_and_the_column_as_written() {
    let mut f = known();
    with_fields(&mut f.registry);
    let before = dump(&f.registry);
    let csv = WITH_OWN
        .replace("funding", "经费")
        .replace("\"12,500.50\"", "15.000");
    let problems = rejected(&mut f.registry, Entity::Workshops, &csv);
    assert_eq!(problems.len(), 1, "{problems:?}");
    let p = &problems[0];
    assert_eq!((p.file.as_str(), p.line), ("workshops.csv", 2));
    assert_eq!(p.column.as_deref(), Some("经费"));
    assert!(
        p.message(Lang::En).contains("15000"),
        "{}",
        p.message(Lang::En)
    );
    assert!(p.message(Lang::Zh).contains("千位分隔符"));
    assert!(p.to_string().starts_with("workshops.csv:2: 经费"), "{p}");
    assert_eq!(dump(&f.registry), before);
}

#[test]
fn a_bad_date_and_a_bad_yes_no_are_each_reported() {
    let mut f = known();
    with_fields(&mut f.registry);
    let csv = WITH_OWN
        .replace("2016/3/8", "3/8/2016")
        .replace(",是\n", ",maybe\n");
    let problems = rejected(&mut f.registry, Entity::Workshops, &csv);
    let columns: Vec<&str> = problems
        .iter()
        .filter_map(|p| p.column.as_deref())
        .collect();
    assert_eq!(columns, ["签约日期", "teachers_sent"], "{problems:?}");
}

#[test]
fn an_unknown_column_is_still_refused_when_no_field_has_that_name() {
    let mut f = known();
    with_fields(&mut f.registry);
    let csv = WITH_OWN.replace("合作企业", "合作单位");
    let problems = rejected(&mut f.registry, Entity::Workshops, &csv);
    assert_eq!(problems[0].kind.code(), "unknown_column");
    assert_eq!(problems[0].column.as_deref(), Some("合作单位"));
}

#[test]
fn a_file_without_a_field_column_keeps_the_stored_values() {
    let mut f = known();
    with_fields(&mut f.registry);
    import(&mut f.registry, Entity::Workshops, WITH_OWN);
    import(
        &mut f.registry,
        Entity::Workshops,
        crate::support::WORKSHOPS,
    );
    assert_eq!(value_of(&f.registry, "TH-AYU", "funding"), "12500.5");
}

#[test]
fn export_writes_the_fields_after_ours_under_name_or_chinese_label() {
    let mut f = known();
    with_fields(&mut f.registry);
    import(&mut f.registry, Entity::Workshops, WITH_OWN);
    let english = export_workshops(&f.registry, false);
    let mut lines = english.lines();
    assert!(lines
        .next()
        .expect("header")
        .ends_with(",status,notes,partner_company,funding,signed,teachers_sent"));
    assert!(english.contains(",first abroad,CP Group,12500.5,2016-03-08,yes\r\n"));
    let chinese = export_workshops(&f.registry, true);
    assert!(chinese
        .lines()
        .next()
        .expect("header")
        .ends_with(",状态,备注,合作企业,经费,签约日期,teachers_sent"));
}

#[test]
fn export_then_import_into_an_empty_registry_with_the_same_fields_is_identical() {
    let mut f = known();
    with_fields(&mut f.registry);
    import(&mut f.registry, Entity::Workshops, WITH_OWN);
    save(
        &mut f.registry,
        &[("funding", "12.3450"), ("teachers_sent", "否")],
    )
    .expect("saved");
    for chinese in [false, true] {
        let dir = tempfile::tempdir().expect("temporary folder");
        let out = dir.path().join("out");
        let options = ExportOptions {
            bom: true,
            chinese_headers: chinese,
        };
        f.registry
            .export(Target::Folder(&out), options, None)
            .expect("exported");
        let mut copy = Registry::open(&dir.path().join("copy.sqlite3")).expect("opens");
        with_fields(&mut copy);
        copy.import(Source::Folder(&out), ImportOptions::default())
            .expect("imported");
        assert_eq!(dump(&copy), dump(&f.registry));
        assert_eq!(
            export_workshops(&copy, chinese),
            export_workshops(&f.registry, chinese)
        );
    }
}

#[test]
fn a_form_edit_of_a_field_value_is_an_update_in_the_history_and_undo_restores_it() {
    let mut f = known();
    with_fields(&mut f.registry);
    save(&mut f.registry, &[("funding", "12.5")]).expect("first save");
    save(&mut f.registry, &[("funding", "20")]).expect("second save");
    let records = f
        .registry
        .history_records(Some(Entity::Workshops), Some("TH-AYU"))
        .expect("records");
    let newest = &records[0];
    assert_eq!(newest.op, luban_registry::history::Op::Update);
    assert_eq!(
        newest.changes.get("funding"),
        Some(&serde_json::json!(["12.5", "20"]))
    );
    assert_eq!(newest.changes.len(), 1, "{:?}", newest.changes);
    f.registry.undo(None, false).expect("undone");
    assert_eq!(value_of(&f.registry, "TH-AYU", "funding"), "12.5");
}

#[test]
fn a_form_with_a_bad_value_is_refused_beside_the_field_and_saves_nothing() {
    let mut f = known();
    with_fields(&mut f.registry);
    match save(
        &mut f.registry,
        &[("funding", "a lot"), ("signed", "2016-02-30")],
    ) {
        Err(Error::Invalid(errors)) => {
            let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
            assert_eq!(fields, ["funding", "signed"]);
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(value_of(&f.registry, "TH-AYU", "funding"), "");
}

#[test]
fn a_deleted_workshop_takes_its_values_and_undo_puts_them_back() {
    let mut f = known();
    with_fields(&mut f.registry);
    import(&mut f.registry, Entity::Workshops, WITH_OWN);
    let before = dump(&f.registry);
    let key = HashMap::from([("code".to_string(), "TH-AYU".to_string())]);
    f.registry
        .delete(Entity::Workshops, &key, true)
        .expect("deleted");
    assert!(dump(&f.registry).field_values.is_empty());
    f.registry.undo(None, false).expect("undone");
    assert_eq!(dump(&f.registry), before);
}

#[test]
fn removing_a_field_with_values_is_refused_naming_how_many_and_force() {
    let mut f = known();
    with_fields(&mut f.registry);
    import(&mut f.registry, Entity::Workshops, WITH_OWN);
    let before = dump(&f.registry);
    match f.registry.remove_field(Entity::Workshops, "经费", false) {
        Err(e @ Error::FieldHasValues { count: 1, .. }) => {
            assert_eq!(e.kind(), "field_has_values");
            assert!(e.message(Lang::En).contains("1 workshop"), "{e}");
            assert!(e.message(Lang::En).contains("--force"));
            assert!(e.message(Lang::Zh).contains("--force"));
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(dump(&f.registry), before);
    assert_eq!(f.registry.fields().expect("fields").len(), 4);
}

#[test]
fn a_forced_removal_is_one_batch_after_a_backup_whose_records_carry_the_values() {
    let mut f = known();
    with_fields(&mut f.registry);
    import(&mut f.registry, Entity::Workshops, WITH_OWN);
    let backups = f.registry.backups().expect("backups").len();
    let removed = f
        .registry
        .remove_field(Entity::Workshops, "funding", true)
        .expect("removed");
    assert_eq!(removed, 1);
    let batch = f.registry.history().expect("history").remove(0);
    assert_eq!(batch.source, "remove field workshops funding");
    assert!(batch.backup.is_some());
    assert_eq!(f.registry.backups().expect("backups").len(), backups + 1);
    let records = f
        .registry
        .history_records(Some(Entity::Workshops), None)
        .expect("records");
    let ours: Vec<_> = records.iter().filter(|r| r.batch == batch.id).collect();
    assert_eq!(ours.len(), 1, "only the workshop with a value: {ours:?}");
    assert_eq!(ours[0].key.as_deref(), Some("TH-AYU"));
    assert_eq!(
        ours[0].changes.get("funding"),
        Some(&serde_json::json!(["12500.5", ""]))
    );
    let names: Vec<String> = f
        .registry
        .fields()
        .expect("fields")
        .into_iter()
        .map(|d| d.name)
        .collect();
    assert_eq!(names, ["partner_company", "signed", "teachers_sent"]);
    assert!(!export_workshops(&f.registry, false).contains("12500.5"));
}

#[test]
fn removing_an_unknown_field_says_so() {
    let mut f = fresh();
    match f.registry.remove_field(Entity::Workshops, "nothing", true) {
        Err(e @ Error::UnknownField { .. }) => assert!(e.message(Lang::En).contains("nothing")),
        other => panic!("expected unknown field, got {other:?}"),
    }
}

#[test]
fn the_workshop_list_carries_the_values_of_fields_shown_in_the_list() {
    let mut f = known();
    f.registry
        .add_field(
            Entity::Workshops,
            &NewField {
                in_list: true,
                ..field("funding", "number", Some("经费"))
            },
        )
        .expect("added");
    f.registry
        .add_field(Entity::Workshops, &field("partner_company", "text", None))
        .expect("added");
    save(
        &mut f.registry,
        &[("funding", "1.5万"), ("partner_company", "CP")],
    )
    .expect("saved");
    let rows = f.registry.workshops(&Default::default()).expect("list");
    let th = rows
        .iter()
        .find(|r| r.workshop.code == "TH-AYU")
        .expect("TH-AYU");
    assert_eq!(th.fields.get("funding").map(String::as_str), Some("15000"));
    assert!(!th.fields.contains_key("partner_company"));
}

#[test]
fn a_workbook_sheet_fills_the_fields_from_number_and_date_cells() {
    let mut f = fresh();
    with_fields(&mut f.registry);
    let path = crate::support::data("workbooks/own-fields.xlsx");
    f.registry
        .import(
            Source::Workbook {
                path: &path,
                entity: Some(Entity::Workshops),
                sheet: None,
            },
            ImportOptions::default(),
        )
        .expect("imported");
    assert_eq!(
        value_of(&f.registry, "TH-AYU", "partner_company"),
        "正大集团"
    );
    assert_eq!(value_of(&f.registry, "TH-AYU", "funding"), "12.5");
    assert_eq!(value_of(&f.registry, "TH-AYU", "signed"), "2015-06-01");
    assert_eq!(value_of(&f.registry, "DJ-DJI", "funding"), "300");
    assert_eq!(value_of(&f.registry, "DJ-DJI", "signed"), "");
}

#[test]
fn undoing_a_forced_removal_gives_back_the_field_and_its_values() {
    let mut f = known();
    with_fields(&mut f.registry);
    import(&mut f.registry, Entity::Workshops, WITH_OWN);
    let before = dump(&f.registry);
    f.registry
        .remove_field(Entity::Workshops, "funding", true)
        .expect("removed");
    let undo = f.registry.undo(None, false).expect("undone");
    assert_eq!(undo.batch.source, "remove field workshops funding");
    assert_eq!(dump(&f.registry), before);
    let names: Vec<String> = f
        .registry
        .fields()
        .expect("fields")
        .into_iter()
        .map(|d| d.name)
        .collect();
    assert_eq!(
        names,
        ["partner_company", "funding", "signed", "teachers_sent"]
    );
}

#[test]
fn a_dry_run_lists_a_changed_field_value_among_the_updates_and_writes_nothing() {
    let mut f = known();
    with_fields(&mut f.registry);
    import(&mut f.registry, Entity::Workshops, WITH_OWN);
    let before = dump(&f.registry);
    let options = ImportOptions {
        dry_run: true,
        ..ImportOptions::default()
    };
    let csv = WITH_OWN.replace("\"12,500.50\"", "13000");
    let outcome = f
        .registry
        .import(bytes(Entity::Workshops, "workshops.csv", &csv), options)
        .expect("dry run");
    let update = outcome
        .updates
        .iter()
        .find(|u| u.key == "TH-AYU")
        .expect("TH-AYU would be updated");
    assert_eq!(
        update.changes.get("funding"),
        Some(&serde_json::json!(["12500.5", "13000"]))
    );
    assert_eq!(dump(&f.registry), before);
}
