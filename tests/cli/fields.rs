//! `luban fields`: fields of the office's own, added, listed, filled in by import and removed.

use super::{luban, text, with_workshops, Dir};

/// `luban --db DB ARGS…`, expected to succeed; returns its standard output.
fn ok(db: &str, args: &[&str]) -> String {
    let mut all = vec!["--db", db];
    all.extend_from_slice(args);
    let out = luban(&all, None);
    assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
    text(&out.stdout)
}

#[test]
fn fields_add_then_list_as_json_shows_name_type_label_and_list_flag() {
    let d = Dir::new();
    let db = with_workshops(&d);
    ok(
        &db,
        &[
            "fields",
            "add",
            "workshops",
            "funding",
            "--type",
            "number",
            "--label-zh",
            "经费",
            "--in-list",
        ],
    );
    ok(
        &db,
        &["fields", "add", "工坊", "partner_company", "--type", "文本"],
    );
    let json: serde_json::Value =
        serde_json::from_str(&ok(&db, &["fields", "--format", "json"])).expect("JSON");
    assert_eq!(json[0]["name"], "funding");
    assert_eq!(json[0]["type"], "number");
    assert_eq!(json[0]["label_zh"], "经费");
    assert_eq!(json[0]["in_list"], true);
    assert_eq!(json[0]["kind"], "workshops");
    assert_eq!(json[1]["type"], "text");
    assert_eq!(json[1]["values"], 0);
    assert!(ok(&db, &["fields"]).contains("workshops\tfunding\tnumber\t经费\tin-list\t0\n"));
}

#[test]
fn a_field_named_like_a_registry_column_is_refused_in_the_chosen_language() {
    let d = Dir::new();
    let db = with_workshops(&d);
    let out = luban(
        &[
            "--db",
            &db,
            "--lang",
            "zh",
            "fields",
            "add",
            "workshops",
            "国家",
            "--type",
            "text",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("会被识别为登记册自有的列「国家」"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn an_import_fills_a_field_and_remove_is_refused_until_forced() {
    let d = Dir::new();
    let db = with_workshops(&d);
    ok(
        &db,
        &[
            "fields",
            "add",
            "workshops",
            "funding",
            "--type",
            "number",
            "--label-zh",
            "经费",
        ],
    );
    let csv = d.write(
        "w2.csv",
        "code,name_en,country,host_institution,chinese_institution,opened_year,status,经费\n\
TH-AYU,Thailand Luban Workshop,TH,Ayutthaya Technical College,Tianjin Bohai,2016,active,12.5\n",
    );
    ok(&db, &["import", "workshops", &csv]);
    let exported = ok(&db, &["export", "workshops", "-", "--no-bom"]);
    assert!(exported.lines().next().unwrap().ends_with(",notes,funding"));
    assert!(exported.contains(",active,,12.5\r\n"), "{exported}");

    let out = luban(
        &["--db", &db, "fields", "remove", "workshops", "funding"],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("still has a value in 1 workshop"),
        "{stderr}"
    );
    assert!(stderr.contains("--force"));
    assert!(ok(&db, &["fields"]).contains("funding"));

    ok(&db, &["fields", "remove", "workshops", "经费", "--force"]);
    assert_eq!(ok(&db, &["fields"]), "");
    let history = ok(&db, &["history", "--format", "json"]);
    assert!(
        history.contains("remove field workshops funding"),
        "{history}"
    );
    assert!(
        history.contains("12.5"),
        "the removed value is in the history: {history}"
    );
}

#[test]
fn a_bad_value_in_a_field_column_names_file_line_and_column() {
    let d = Dir::new();
    let db = with_workshops(&d);
    ok(
        &db,
        &["fields", "add", "workshops", "签约日期", "--type", "date"],
    );
    let csv = d.write(
        "w2.csv",
        "code,name_en,country,host_institution,chinese_institution,opened_year,status,签约日期\n\
TH-AYU,Thailand Luban Workshop,TH,Ayutthaya Technical College,Tianjin Bohai,2016,active,3/8/2016\n",
    );
    let out = luban(&["--db", &db, "import", "workshops", &csv], None);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("w2.csv:2: 签约日期:"), "{stderr}");
    assert!(stderr.contains("--date-order"), "{stderr}");
}
