//! Number fields of the office's own (经费) in the by-workshop breakdown: its JSON rows, its CSV
//! and its workbook sheet, after the figures; the other fields stay out.

use std::io::Cursor;

use calamine::{Data, DataType, Reader, Xlsx};
use luban_briefing::{csv_out, xlsx, Breakdown};
use luban_registry::report::{Lang, Report, Selection};
use luban_registry::{Entity, ImportOptions, NewField, Source};

use crate::support::registry;

/// The test registry with a number field 经费 (W-TH 12.5, W-KH 3000) and a text field.
fn with_funding() -> Report {
    let mut f = registry();
    for (name, field_type, label) in [
        ("funding", "number", Some("经费")),
        ("partner", "text", None),
    ] {
        f.registry
            .add_field(
                Entity::Workshops,
                &NewField {
                    name: name.into(),
                    field_type: field_type.into(),
                    label_zh: label.map(str::to_string),
                    in_list: false,
                },
            )
            .unwrap();
    }
    let csv = "code,name_en,country,host_institution,chinese_institution,opened_year,status,经费,partner\n\
W-TH,Thailand workshop,TH,Host TH,Inst A,2016,active,12.5,CP\n\
W-KH,Cambodia workshop,KH,Host KH,Inst A;Inst B,2018,active,\"3,000\",\n";
    f.registry
        .import(
            Source::Bytes {
                entity: Entity::Workshops,
                name: "workshops.csv",
                bytes: csv.as_bytes(),
            },
            ImportOptions::default(),
        )
        .unwrap();
    f.registry.report(&Selection::default()).unwrap()
}

#[test]
fn the_by_workshop_rows_carry_the_number_fields_and_the_report_names_them() {
    let r = with_funding();
    assert_eq!(r.number_fields.len(), 1);
    assert_eq!(r.number_fields[0].name, "funding");
    let json = serde_json::to_value(&r).unwrap();
    let rows = json["by_workshop"].as_array().unwrap();
    let th = rows.iter().find(|w| w["code"] == "W-TH").unwrap();
    assert_eq!(th["fields"]["funding"], "12.5");
    assert!(
        th["fields"].get("partner").is_none(),
        "text fields stay out"
    );
    // The existing keys are kept.
    for key in ["code", "majors", "degree_students", "trainees"] {
        assert!(th.get(key).is_some(), "{key}");
    }
    let eg = rows.iter().find(|w| w["code"] == "W-EG").unwrap();
    assert!(eg["fields"].as_object().unwrap().is_empty());
}

#[test]
fn the_by_workshop_csv_and_sheet_end_with_the_number_field_column() {
    let r = with_funding();
    let mut bytes = Vec::new();
    csv_out::write_breakdown(&r, Breakdown::Workshop, Lang::Zh, &mut bytes).unwrap();
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let header = text.lines().next().unwrap();
    assert!(header.contains(",培训人数,经费,"), "{header}");
    assert!(text.contains(",3000,"), "{text}");

    let book = xlsx::workbook(&r, Lang::En, "2025-11-23").unwrap();
    let mut book = Xlsx::new(Cursor::new(book)).unwrap();
    let sheet = book.worksheet_range("By workshop").unwrap();
    let width = sheet.width();
    assert_eq!(
        sheet.get_value((0, width as u32 - 1)),
        Some(&Data::String("funding".into()))
    );
    let row = (1..sheet.height() as u32)
        .find(|&i| sheet.get_value((i, 0)) == Some(&Data::String("W-TH".into())))
        .unwrap();
    assert_eq!(
        sheet
            .get_value((row, width as u32 - 1))
            .and_then(|v| v.get_float()),
        Some(12.5)
    );
}
