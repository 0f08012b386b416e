//! End-to-end tests: the real app binary in a real window (Xvfb + WebKitWebDriver), each against a
//! fresh registry in its own temporary folder. See `harness.rs` for how the app is driven.
//!
//! Run: `cargo test --features dialog-seam --test e2e` (or `cargo test --workspace --all-features`).

mod fixtures;
mod harness;
mod measure;

use std::path::Path;

use harness::{App, Launch};
use serde_json::json;

const ENTER: &str = "\u{E007}";

fn workshops_in(db: &Path) -> i64 {
    let conn = rusqlite::Connection::open(db).expect("registry opens");
    conn.query_row("SELECT count(*) FROM workshop", [], |r| r.get(0))
        .expect("count")
}

fn with_sample(dir: &Path) -> Launch {
    let db = dir.join("registry.sqlite3");
    fixtures::sample_registry(&db);
    Launch {
        db: Some(db),
        ..Launch::default()
    }
}

/// Fills the new-workshop form with valid values, then changes `overrides`.
fn fill_new_workshop(app: &App, overrides: &[(&str, &str)]) {
    let mut values = vec![
        ("code", "EG-ALEX"),
        ("name_en", "Alexandria Luban Workshop"),
        ("name_zh", "亚历山大鲁班工坊"),
        ("city", "Alexandria"),
        ("host_institution", "Alexandria Technical College"),
        ("chinese_institution", "Tianjin Vocational Institute"),
        ("opened_year", "2021"),
    ];
    for (k, v) in overrides {
        values.retain(|(name, _)| name != k);
        values.push((k, v));
    }
    for (name, value) in values {
        app.find(&format!("form [name={name}]")).replace_text(value);
    }
    app.choose("form select[name=country]", "EG");
    app.choose("form select[name=status]", "active");
}

#[test]
fn a_new_registry_explains_how_to_begin_instead_of_showing_empty_tables() {
    let Some(app) = App::start() else { return };
    app.wait_for_text(".welcome", "The registry is empty");
    assert_eq!(app.count("table"), 0);
    assert!(app.text(".welcome").contains("Import files…"));
    assert_eq!(
        app.count("[data-slot=sample]"),
        1,
        "a spot is kept for loading a sample registry"
    );
}

#[test]
fn adding_a_workshop_shows_it_in_the_list() {
    let Some(app) = App::start() else { return };
    app.find(".welcome .way:nth-child(2) button").click();
    fill_new_workshop(&app, &[]);
    // Enter in a field saves the form.
    app.find("form [name=opened_year]").type_text(ENTER);
    app.wait_until(
        "the workshop page opens",
        "return location.hash === '#/workshop/EG-ALEX'",
    );
    app.go("#/workshops");
    app.wait_for_text("table.virtual tbody", "Alexandria Luban Workshop");
    assert!(app.text("table.virtual tbody").contains("EG-ALEX"));
    assert_eq!(workshops_in(&app.db), 1);
}

#[test]
fn a_validation_error_is_shown_beside_its_field_and_nothing_is_saved() {
    let Some(app) = App::start() else { return };
    app.go("#/workshop/new");
    fill_new_workshop(&app, &[("opened_year", "1999")]);
    app.find("form button[type=submit]").click();
    app.wait_for_text(
        "[data-field=opened_year] .field-error",
        "year 1999 is out of range",
    );
    assert_eq!(
        app.js(
            "return document.querySelector('form [name=opened_year]').getAttribute('aria-invalid')",
            json!([])
        ),
        json!("true")
    );
    assert_eq!(
        app.text("[data-field=code] .field-error"),
        "",
        "only the wrong field is marked"
    );
    assert_eq!(workshops_in(&app.db), 0);
}

#[test]
fn in_chinese_the_cores_validation_message_is_shown_in_chinese() {
    let Some(app) = App::start() else { return };
    app.choose("#lang", "zh");
    app.wait_for_text("nav", "工坊");
    app.go("#/workshop/new");
    fill_new_workshop(&app, &[("opened_year", "1999")]);
    app.find("form button[type=submit]").click();
    app.wait_for_text(
        "[data-field=opened_year] .field-error",
        "年份 1999 超出范围",
    );
    assert_eq!(workshops_in(&app.db), 0);
}

#[test]
fn editing_a_workshop_saves_the_change() {
    let Some(app) = App::launch(with_sample) else {
        return;
    };
    app.go("#/workshop/TH-AYUTTHAYA");
    app.find("form [name=city]")
        .replace_text("Phra Nakhon Si Ayutthaya");
    app.find("form button[type=submit]").click();
    app.wait_for_text("#toast", "Saved");
    let conn = rusqlite::Connection::open(&app.db).expect("registry");
    let city: String = conn
        .query_row(
            "SELECT city FROM workshop WHERE code = 'TH-AYUTTHAYA'",
            [],
            |r| r.get(0),
        )
        .expect("city");
    assert_eq!(city, "Phra Nakhon Si Ayutthaya");
}

#[test]
fn deleting_a_workshop_asks_first_and_says_what_goes_with_it() {
    let Some(app) = App::launch(with_sample) else {
        return;
    };
    app.go("#/workshop/TH-AYUTTHAYA");
    app.find(".workshop-head .button.danger").click();
    app.wait_for_text("dialog", "14 enrolment rows");
    let question = app.text("dialog");
    assert!(question.contains("2 links to majors"), "{question}");
    assert!(question.contains("14 training rows"), "{question}");
    assert_eq!(
        workshops_in(&app.db),
        12,
        "nothing is deleted before the answer"
    );
    app.find("dialog .dialog-actions .button.danger").click();
    app.wait_until(
        "the list is shown",
        "return location.hash === '#/workshops'",
    );
    assert_eq!(workshops_in(&app.db), 11);
    let conn = rusqlite::Connection::open(&app.db).expect("registry");
    let orphans: i64 = conn
        .query_row("SELECT count(*) FROM enrolment e LEFT JOIN workshop w ON w.id = e.workshop_id WHERE w.id IS NULL", [], |r| r.get(0))
        .expect("count");
    assert_eq!(orphans, 0);
}

#[test]
fn an_enrolment_row_is_added_in_place_and_the_total_follows() {
    let Some(app) = App::launch(with_sample) else {
        return;
    };
    app.go("#/workshop/TH-AYUTTHAYA");
    let block = "[data-entity=enrolments]";
    let before = app.text(&format!("{block} tfoot .total"));
    app.find(&format!("{block} .block-actions button")).click();
    app.find(&format!("{block} .edit-row [data-field=year] input"))
        .type_text("2025");
    app.choose(
        &format!("{block} .edit-row [data-field=level] select"),
        "other",
    );
    app.find(&format!("{block} .edit-row [data-field=students] input"))
        .type_text("1,000");
    app.find(&format!("{block} .edit-row [data-field=students] input"))
        .type_text(ENTER);
    app.wait_until(
        "the total changes",
        &format!("const t = document.querySelector('{block} tfoot .total'); return !!t && t.textContent !== {};", json!(before)),
    );
    let total: i64 = app
        .text(&format!("{block} tfoot .total"))
        .replace(',', "")
        .parse()
        .expect("a number");
    let before: i64 = before.replace(',', "").parse().expect("a number");
    assert_eq!(total, before + 1000);
}

#[test]
fn a_file_full_of_errors_is_listed_line_by_line_and_nothing_is_written() {
    let Some(app) = App::launch(|dir| {
        let file = dir.join("workshops.csv");
        std::fs::write(
            &file,
            format!(
                "{}\nbad code,,,Atlantis,,Host,Tianjin College,1999,open\nEG-CAIRO,Egypt,埃及,Narnia,,Host,Tianjin College,2020,active\nKE-NAIROBI,Kenya,,KE,,,Tianjin College,2019,active\n",
                fixtures::WORKSHOP_HEADER
            ),
        )
        .expect("file written");
        Launch {
            dialog_path: Some(file),
            ..Launch::default()
        }
    }) else {
        return;
    };
    app.go("#/transfer");
    app.find(".cards .panel:first-child .button.primary")
        .click();
    app.wait_for_text(".preview", "problems");
    let lines = app.js(
        "return [...document.querySelectorAll('table.problems tbody tr')].map(r => r.cells[1].textContent + ':' + r.cells[2].textContent)",
        json!([]),
    );
    assert_eq!(
        lines,
        json!([
            "2:code",
            "2:name_en",
            "2:country",
            "2:opened_year",
            "2:status",
            "3:country",
            "4:host_institution"
        ])
    );
    assert!(app.text(".preview").contains("workshops.csv"));
    assert_eq!(
        app.js("return [...document.querySelectorAll('.preview .button.primary')].every(b => b.disabled)", json!([])),
        json!(true),
        "Import is not offered"
    );
    assert_eq!(workshops_in(&app.db), 0);
}

#[test]
fn a_long_import_check_shows_progress_and_can_be_cancelled_writing_nothing() {
    let Some(app) = App::launch(|dir| {
        let file = dir.join("workshops.csv");
        let mut csv = String::with_capacity(40 << 20);
        csv.push_str(fixtures::WORKSHOP_HEADER);
        csv.push('\n');
        for i in 0..600_000 {
            csv.push_str(&format!(
                "W{i:06},Workshop {i},,TH,,Host College,Tianjin College,2020,active\n"
            ));
        }
        std::fs::write(&file, csv).expect("file written");
        Launch {
            dialog_path: Some(file),
            ..Launch::default()
        }
    }) else {
        return;
    };
    app.go("#/transfer");
    app.find(".cards .panel:first-child .button.primary")
        .click();
    // After a second the progress dialog appears, and its count moves: the window is responsive.
    app.wait_for_text(".progress-dialog .progress-text", "rows read");
    let first = app.text(".progress-dialog .progress-text");
    app.wait_until(
        "the count moves on",
        &format!("const e = document.querySelector('.progress-dialog .progress-text'); return !!e && e.textContent !== {};", json!(first)),
    );
    app.find(".progress-dialog .dialog-actions .button").click();
    app.wait_for_text(".error-dialog", "cancelled");
    assert_eq!(app.count(".preview"), 0, "no preview of a cancelled check");
    assert_eq!(workshops_in(&app.db), 0);
}

#[test]
fn a_gb18030_file_is_previewed_and_imported_only_when_confirmed() {
    let Some(app) = App::launch(|dir| {
        let file = dir.join("工坊.csv");
        let text = "编号,英文名称,中文名称,国家,城市,外方合作院校,中方院校,建成年份,状态\r\n\
                    TH-AYU,Thailand Luban Workshop,泰国鲁班工坊,泰国,大城,大城技术学院,天津渤海职业技术学院,2016,运营中\r\n\
                    EG-CAI,Egypt Luban Workshop,埃及鲁班工坊,埃及,开罗,艾因夏姆斯大学,天津职业技术师范大学,2020,筹建中\r\n";
        std::fs::write(&file, fixtures::gb18030(text)).expect("file written");
        Launch {
            dialog_path: Some(file),
            ..Launch::default()
        }
    }) else {
        return;
    };
    app.go("#/transfer");
    // The file name does not say what it holds, so the kind is chosen first.
    app.choose(".cards .panel:first-child select", "workshops");
    app.find(".cards .panel:first-child .button.primary")
        .click();
    app.wait_for_text(".preview", "gb18030");
    let preview = app.text(".preview table.files");
    assert!(preview.contains("comma"), "{preview}");
    let added = app.js(
        "return document.querySelector('.preview table.files tbody tr').cells[5].textContent",
        json!([]),
    );
    assert_eq!(added, json!("2"));
    assert_eq!(workshops_in(&app.db), 0, "nothing is written before Import");
    app.find(".preview .button.primary").click();
    app.wait_for_text(".preview-area", "2 added");
    assert_eq!(workshops_in(&app.db), 2);
    let conn = rusqlite::Connection::open(&app.db).expect("registry");
    let name: String = conn
        .query_row(
            "SELECT name_zh FROM workshop WHERE code = 'TH-AYU'",
            [],
            |r| r.get(0),
        )
        .expect("name");
    assert_eq!(name, "泰国鲁班工坊");
}

#[test]
fn the_preview_says_where_the_header_is_shows_the_rows_as_read_and_lets_an_unknown_column_be_left_out(
) {
    let Some(app) = App::launch(|dir| {
        let file = dir.join("workshops.csv");
        let text = "XX职业技术学院鲁班工坊建设情况统计表,,,,,,,,\n\
                    填报单位：国际交流处,,,,,,,,\n\
                    序号,code,name_en,country,host_institution,chinese_institution,opened_year,status,填表人\n\
                    1,TH-AYU,Thailand Luban Workshop,TH,Ayutthaya Technical College,Tianjin Bohai,2016,active,王老师\n";
        std::fs::write(&file, text).expect("file written");
        Launch {
            dialog_path: Some(file),
            ..Launch::default()
        }
    }) else {
        return;
    };
    app.go("#/transfer");
    app.find(".cards .panel:first-child .button.primary")
        .click();
    app.wait_for_text(".preview", "header on row 3; rows 1–2 left out as a title");
    let notes = app.text(".preview ul.notes");
    assert!(notes.contains("\"序号\" is a running number"), "{notes}");
    // The rows as decoded, header first.
    let rows = app.text(".preview table.first-rows");
    assert!(
        rows.contains("host_institution") && rows.contains("Ayutthaya Technical College"),
        "{rows}"
    );
    // The unknown column is refused until the user says what it is.
    assert_eq!(
        app.js(
            "return document.querySelector('.preview .button.primary').disabled",
            json!([])
        ),
        json!(true),
        "Import is not offered"
    );
    app.choose(".column-choices select[data-header=\"填表人\"]", "-");
    app.find(".column-choices .button").click();
    app.wait_for_text(
        ".preview ul.notes",
        "column \"填表人\" was left out, as asked",
    );
    assert_eq!(app.count(".column-choices"), 0);
    app.find(".preview .button.primary").click();
    app.wait_for_text(".preview-area", "1 added");
    assert_eq!(workshops_in(&app.db), 1);
}

#[test]
fn an_unknown_column_of_workshops_becomes_a_new_field_from_the_preview_and_its_values_go_in() {
    let Some(app) = App::launch(|dir| {
        let file = dir.join("workshops.csv");
        let text = "code,name_en,country,host_institution,chinese_institution,opened_year,status,合作企业\n\
                    TH-AYU,Thailand Luban Workshop,TH,Ayutthaya Technical College,Tianjin Bohai,2016,active,天津中德\n";
        std::fs::write(&file, text).expect("file written");
        Launch {
            dialog_path: Some(file),
            ..Launch::default()
        }
    }) else {
        return;
    };
    app.go("#/transfer");
    app.find(".cards .panel:first-child .button.primary")
        .click();
    app.wait_for_text(".column-choices", "合作企业");
    app.choose(
        ".column-choices select[data-header=\"合作企业\"]",
        "new-field:text",
    );
    app.find(".column-choices .button").click();
    // The preview again: the column is now the new field, so nothing is left to settle.
    app.wait_for_text(".preview", "No problems found");
    assert_eq!(app.count(".column-choices"), 0);
    let conn = rusqlite::Connection::open(&app.db).expect("registry");
    let field: (String, String, String) = conn
        .query_row("SELECT kind, name, type FROM custom_field", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .expect("one field of our own");
    assert_eq!(
        field,
        ("workshops".into(), "合作企业".into(), "text".into())
    );
    drop(conn);
    assert_eq!(
        workshops_in(&app.db),
        0,
        "nothing is imported before Import"
    );
    app.find(".preview .button.primary").click();
    app.wait_for_text(".preview-area", "1 added");
    assert_eq!(own_value_of(&app.db, "TH-AYU", "合作企业"), "天津中德");
}

#[test]
fn the_preview_shows_problems_a_page_at_a_time_and_show_more_fetches_the_next_page() {
    let Some(app) = App::launch(|dir| {
        let file = dir.join("workshops.csv");
        let mut text = String::from(
            "code,name_en,country,host_institution,chinese_institution,opened_year,status\n",
        );
        for i in 0..450 {
            text.push_str(&format!("W-{i:03},One,TH,Host,Tianjin,2016,sideways\n"));
        }
        std::fs::write(&file, text).expect("file written");
        Launch {
            dialog_path: Some(file),
            ..Launch::default()
        }
    }) else {
        return;
    };
    let rows = "return document.querySelectorAll('.preview table.problems tbody tr.error').length";
    app.go("#/transfer");
    app.find(".cards .panel:first-child .button.primary")
        .click();
    app.wait_for_text(".preview", "Showing the first 200 of 450 problems");
    assert_eq!(app.js(rows, json!([])), json!(200));
    app.find(".preview .more-problems").click();
    app.wait_for_text(".preview", "Showing the first 400 of 450 problems");
    assert_eq!(app.js(rows, json!([])), json!(400));
    app.find(".preview .more-problems").click();
    app.wait_until(
        "every problem is shown and nothing more is offered",
        "return document.querySelectorAll('.preview table.problems tbody tr.error').length === 450 \
         && !document.querySelector('.preview .more-problems');",
    );
    let last = app.js(
        "const r = document.querySelectorAll('.preview table.problems tbody tr.error'); return r[r.length - 1].cells[1].textContent",
        json!([]),
    );
    assert_eq!(
        last,
        json!("451"),
        "the last page ends with the file's last row"
    );
}

#[test]
fn an_ambiguous_date_is_read_in_the_order_chosen_in_the_preview() {
    let Some(app) = App::launch(|dir| {
        let file = dir.join("workshops.csv");
        let text = "code,name_en,country,host_institution,chinese_institution,opened_year,opened_on,status\n\
                    TH-AYU,Thailand Luban Workshop,TH,Ayutthaya Technical College,Tianjin Bohai,2016,3/8/2016,active\n";
        std::fs::write(&file, text).expect("file written");
        Launch {
            dialog_path: Some(file),
            ..Launch::default()
        }
    }) else {
        return;
    };
    app.go("#/transfer");
    app.find(".cards .panel:first-child .button.primary")
        .click();
    app.wait_for_text(".preview", "3/8/2016");
    app.choose(".preview-choices select", "dmy");
    app.wait_for_text(".preview", "No problems found");
    app.find(".preview .button.primary").click();
    app.wait_for_text(".preview-area", "1 added");
    let conn = rusqlite::Connection::open(&app.db).expect("registry");
    let opened: String = conn
        .query_row(
            "SELECT opened_on FROM workshop WHERE code = 'TH-AYU'",
            [],
            |r| r.get(0),
        )
        .expect("opening date");
    assert_eq!(opened, "2016-08-03");
}

#[test]
fn a_file_whose_encoding_is_uncertain_is_read_in_the_candidate_chosen_in_the_preview() {
    let Some(app) = App::launch(|dir| {
        let file = dir.join("workshops.csv");
        let big5 =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/encodings/workshops-big5.csv");
        std::fs::copy(big5, &file).expect("file copied");
        Launch {
            dialog_path: Some(file),
            ..Launch::default()
        }
    }) else {
        return;
    };
    app.go("#/transfer");
    app.find(".cards .panel:first-child .button.primary")
        .click();
    app.wait_for_text(".preview", "Big5");
    app.choose(".preview-choices select", "Big5");
    app.wait_for_text(".preview", "No problems found");
    // The rows as read in Big5: the Chinese name is right, not garbled.
    app.wait_for_text(".preview table.first-rows", "泰國魯班工坊");
    app.find(".preview .button.primary").click();
    app.wait_for_text(".preview-area", "added");
    let conn = rusqlite::Connection::open(&app.db).expect("registry");
    let name: String = conn
        .query_row(
            "SELECT name_zh FROM workshop WHERE code = 'TH-AYU'",
            [],
            |r| r.get(0),
        )
        .expect("name");
    assert_eq!(name, "泰國魯班工坊");
}

#[test]
fn a_workbook_offers_its_sheets_and_the_sheet_picked_is_previewed_alone() {
    let Some(app) = App::launch(|dir| {
        let file = dir.join("鲁班工坊登记表.xlsx");
        let book =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/workbooks/鲁班工坊登记表.xlsx");
        std::fs::copy(book, &file).expect("workbook copied");
        Launch {
            dialog_path: Some(file),
            ..Launch::default()
        }
    }) else {
        return;
    };
    app.go("#/transfer");
    app.find(".cards .panel:first-child .button.primary")
        .click();
    // Every sheet named for a kind first, with the header note of the 工坊 sheet.
    app.wait_for_text(
        ".preview ul.notes",
        "header on row 3; rows 1–2 left out as a title",
    );
    let sheets = app.js(
        "return [...document.querySelectorAll('.preview-choices select option')].map(o => o.value)",
        json!([]),
    );
    assert!(
        sheets
            .as_array()
            .is_some_and(|s| s.contains(&json!("工坊")) && s.contains(&json!("招生"))),
        "{sheets}"
    );
    app.choose(".preview-choices select", "工坊");
    app.wait_until(
        "one file row",
        "return document.querySelectorAll('.preview table.files tbody tr').length === 1",
    );
    let rows = app.text(".preview table.first-rows");
    assert!(rows.contains("TH-AYU") && rows.contains("DJ-DJI"), "{rows}");
    assert!(
        !app.text(".preview").contains("招生人数"),
        "only the sheet picked is read"
    );
}

#[test]
fn a_folder_of_registry_files_is_previewed_file_by_file_and_imported_together() {
    let Some(app) = App::launch(|dir| {
        let folder = dir.join("from-tianjin");
        std::fs::create_dir(&folder).expect("folder");
        std::fs::write(
            folder.join("majors.csv"),
            "code,name_en,name_zh,category\n460301,Mechatronics Technology,机电一体化技术,46\n",
        )
        .expect("file");
        std::fs::write(
            folder.join("workshops.csv"),
            format!("{}\nTH-AYU,Thailand Luban Workshop,泰国鲁班工坊,TH,Ayutthaya,Ayutthaya Technical College,Tianjin Bohai Vocational Technical College,2016,active\n", fixtures::WORKSHOP_HEADER),
        )
        .expect("file");
        std::fs::write(
            folder.join("workshop_majors.csv"),
            "workshop,major\nTH-AYU,460301\n",
        )
        .expect("file");
        Launch {
            dialog_path: Some(folder),
            ..Launch::default()
        }
    }) else {
        return;
    };
    app.go("#/transfer");
    app.find(".cards .panel:first-child .button-row .button:not(.primary)")
        .click();
    app.wait_for_text(".preview", "No problems found");
    let files = app.js(
        "return [...document.querySelectorAll('.preview table.files tbody tr')].map(r => r.cells[0].textContent + ':' + r.cells[5].textContent)",
        json!([]),
    );
    assert_eq!(
        files,
        json!(["majors.csv:1", "workshops.csv:1", "workshop_majors.csv:1"])
    );
    assert_eq!(workshops_in(&app.db), 0);
    app.find(".preview .button.primary").click();
    app.wait_for_text(".preview-area", "3 added");
    let conn = rusqlite::Connection::open(&app.db).expect("registry");
    let links: i64 = conn
        .query_row("SELECT count(*) FROM workshop_major", [], |r| r.get(0))
        .expect("count");
    assert_eq!(links, 1);
}

#[test]
fn exporting_workshops_writes_the_chosen_file() {
    let Some(app) = App::launch(|dir| {
        let mut launch = with_sample(dir);
        launch.dialog_path = Some(dir.join("out").join("our-workshops.csv"));
        std::fs::create_dir(dir.join("out")).expect("folder");
        launch
    }) else {
        return;
    };
    app.go("#/transfer");
    app.choose(".cards .panel:nth-child(2) select", "workshops");
    app.find(".cards .panel:nth-child(2) .button.primary")
        .click();
    app.wait_for_text(".result", "12");
    let bytes =
        std::fs::read(app.dir.path().join("out").join("our-workshops.csv")).expect("written");
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "UTF-8 with BOM for Excel"
    );
    let text = String::from_utf8(bytes[3..].to_vec()).expect("UTF-8");
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("code,name_en,name_zh,country"),
        "{}",
        lines[0]
    );
    assert_eq!(lines.len(), 13);
    assert!(text.contains("TH-AYUTTHAYA,Thailand Luban Workshop,泰国鲁班工坊,TH"));
}

#[test]
fn the_measure_selector_changes_the_charts_and_groups_are_named_in_the_ui_language() {
    let Some(app) = App::launch(with_sample) else {
        return;
    };
    app.wait_for_text(".sentence", "Luban Workshops");
    let measures = |word: &str| {
        format!(
            "const img = document.querySelector('.chart-country img'); return !!img && img.alt.includes('{word}');"
        )
    };
    app.wait_until("the country chart counts workshops", &measures("workshops"));
    app.choose("[data-pick=measure] select", "trainees");
    app.wait_until("the country chart measures trainees", &measures("trainees"));
    app.choose("#lang", "zh");
    app.wait_for_text(".sentence", "鲁班工坊");
    let offered = app.text("[data-pick=groups] select");
    assert!(
        offered.contains("上合组织") && offered.contains("金砖国家"),
        "groups are named in Chinese: {offered}"
    );
}

#[test]
fn the_institution_typed_in_the_export_dialog_is_kept_and_named_on_the_briefing() {
    let Some(app) = App::launch(|dir| {
        std::fs::create_dir(dir.join("out")).expect("folder");
        Launch {
            dialog_path: Some(dir.join("out").join("briefing.html")),
            ..with_sample(dir)
        }
    }) else {
        return;
    };
    app.wait_for_text(".sentence", "Luban Workshops");
    app.find("[data-action=export]").click();
    let name = "International Office, Tianjin X College";
    app.choose(".export-dialog input[name=institution_en]", name);
    app.js(
        "document.querySelector('.export-dialog input[type=radio][value=html]').click()",
        json!([]),
    );
    app.find(".export-dialog [data-action=save]").click();
    app.wait_for_text(".export-result", "briefing.html");
    let dir = app.close();
    let page = std::fs::read_to_string(dir.path().join("out").join("briefing.html"))
        .expect("the briefing was written");
    assert!(
        page.contains(&format!("Source: {name}.")),
        "source line names the institution"
    );
    let registry = luban_registry::Registry::open(&dir.path().join("registry.sqlite3"))
        .expect("the registry opens");
    assert_eq!(
        registry
            .settings()
            .expect("settings")
            .institution_en
            .as_deref(),
        Some(name),
        "the name is kept in the registry"
    );
}

#[test]
fn switching_to_chinese_shows_chinese_labels_and_is_remembered() {
    let Some(app) = App::launch(with_sample) else {
        return;
    };
    app.wait_for_text(".figures", "Workshops");
    app.choose("#lang", "zh");
    app.wait_for_text("nav", "工坊");
    assert_eq!(app.text(".page-head h1"), "总览");
    app.wait_for_text(".sentence", "鲁班工坊");
    assert!(app.text(".figures").contains("学历教育人数"));
    app.go("#/workshops");
    app.wait_for_text("table.virtual tbody", "泰国鲁班工坊");
    assert!(app.text("table.virtual thead").contains("状态"));
    assert!(app.text("table.virtual tbody").contains("运营中"));
    app.reload();
    app.wait_for_text("nav", "导入与导出");
}

#[test]
fn a_workshop_named_like_html_is_shown_as_text_and_runs_no_script() {
    const NAME: &str = "<img src=x onerror=alert(1)>";
    let Some(app) = App::launch(|dir| {
        let db = dir.join("registry.sqlite3");
        let mut r = luban_registry::Registry::open(&db).expect("registry");
        let csv = format!(
            "{}\nXSS-1,{NAME},{NAME},TH,{NAME},{NAME},{NAME},2020,active\n",
            fixtures::WORKSHOP_HEADER
        );
        r.import(
            luban_registry::Source::Bytes {
                entity: luban_registry::Entity::Workshops,
                name: "w.csv",
                bytes: csv.as_bytes(),
            },
            Default::default(),
        )
        .expect("imported");
        Launch {
            db: Some(db),
            ..Launch::default()
        }
    }) else {
        return;
    };
    app.go("#/workshops");
    app.wait_for_text("table.virtual tbody", NAME);
    app.go("#/workshop/XSS-1");
    app.wait_for_text(".page-head h1", NAME);
    assert_eq!(app.text(".page-head h1"), NAME);
    assert_eq!(
        app.count("#view img"),
        0,
        "no element was made from the name"
    );
    assert!(!app.alert_open(), "no script ran");
}

#[test]
fn a_registry_from_a_newer_version_gets_a_clear_screen_and_is_left_untouched() {
    let mut before = Vec::new();
    let Some(app) = App::launch(|dir| {
        let db = dir.join("registry.sqlite3");
        drop(luban_registry::Registry::open(&db).expect("registry"));
        let conn = rusqlite::Connection::open(&db).expect("sqlite");
        conn.pragma_update(None, "user_version", 99)
            .expect("version set");
        drop(conn);
        before = std::fs::read(&db).expect("file");
        Launch {
            db: Some(db),
            ..Launch::default()
        }
    }) else {
        return;
    };
    app.wait_for_text(".startup-card", "newer version");
    let card = app.text(".startup-card");
    assert!(
        card.contains(&app.db.display().to_string()),
        "the screen says where the file is: {card}"
    );
    assert_eq!(
        app.count("nav"),
        0,
        "no screens over a registry that cannot be used"
    );
    let db = app.db.file_name().expect("a file name").to_owned();
    let dir = app.close();
    let after = std::fs::read(dir.path().join(db)).expect("the file is still there");
    assert!(after == before, "the file is left untouched");
}

#[test]
fn a_file_that_is_not_a_registry_gets_a_clear_screen() {
    let Some(app) = App::launch(|dir| {
        let db = dir.join("notes.sqlite3");
        std::fs::write(&db, "these are my notes, not a database\n".repeat(50)).expect("file");
        Launch {
            db: Some(db),
            ..Launch::default()
        }
    }) else {
        return;
    };
    app.wait_for_text(".startup-card", "not a Luban registry");
}

#[test]
fn ctrl_f_focuses_the_search_box_and_ctrl_n_opens_a_new_workshop() {
    let Some(app) = App::launch(with_sample) else {
        return;
    };
    app.go("#/workshops");
    app.find("input[data-search]");
    app.press_with_control("f");
    app.wait_until(
        "the search box has focus",
        "return document.activeElement && document.activeElement.matches('input[data-search]')",
    );
    app.press_with_control("n");
    app.wait_until(
        "the new workshop form opens",
        "return location.hash === '#/workshop/new'",
    );
}

#[test]
fn the_main_screens_are_captured_for_the_readme() {
    let shots = fixtures::screenshot_dir();
    let Some(app) = App::launch(|dir| {
        let mut launch = with_sample(dir);
        let file = dir.join("workshops.csv");
        std::fs::write(
            &file,
            format!(
                "{}\nTH-AYUTTHAYA,Thailand Luban Workshop,泰国鲁班工坊,TH,Ayutthaya,Ayutthaya Technical College,Tianjin Bohai Vocational Technical College,2016,active\n\
                 GH-ACCRA,Ghana Luban Workshop,加纳鲁班工坊,Ghana,Accra,Accra Technical University,Tianjin Vocational Institute,2023,planned\n\
                 NG-ABUJA,Nigeria Luban Workshop,尼日利亚鲁班工坊,Nigeria,Abuja,Abuja Polytechnic,,1999,open\n",
                fixtures::WORKSHOP_HEADER
            ),
        )
        .expect("file");
        launch.dialog_path = Some(file);
        launch.size = Some((1280, 800));
        launch
    }) else {
        return;
    };
    app.wait_for_text(".sentence", "Luban Workshops");
    app.screenshot(&shots.join("dashboard.png"));
    app.go("#/workshops");
    app.wait_for_text("table.virtual tbody", "Thailand");
    app.screenshot(&shots.join("workshops.png"));
    app.go("#/workshop/DJ-DJIBOUTI");
    app.wait_for_text("[data-entity=enrolments] tfoot", "Total");
    app.screenshot(&shots.join("workshop.png"));
    app.go("#/transfer");
    app.find(".cards .panel:first-child .button.primary")
        .click();
    app.wait_for_text(".preview", "problems");
    app.js(
        "document.querySelector('.preview').scrollIntoView()",
        json!([]),
    );
    app.screenshot(&shots.join("import-preview.png"));
    app.choose("#lang", "zh");
    app.go("#/dashboard");
    app.wait_for_text(".sentence", "鲁班工坊");
    app.screenshot(&shots.join("dashboard-zh.png"));
    app.go("#/workshops");
    app.wait_for_text("table.virtual tbody", "泰国");
    app.screenshot(&shots.join("workshops-zh.png"));
    // The smallest supported window, in English.
    app.resize(1024, 700);
    app.choose("#lang", "en");
    app.go("#/workshops");
    app.wait_for_text("table.virtual tbody", "Thailand");
    app.screenshot(&shots.join("workshops-1024.png"));
    app.go("#/workshop/DJ-DJIBOUTI");
    app.wait_for_text("[data-entity=enrolments] tfoot", "Total");
    app.js(
        "document.querySelector('[data-entity=enrolments]').scrollIntoView()",
        json!([]),
    );
    app.screenshot(&shots.join("workshop-figures-1024.png"));
}

/// The headline figure shown on a dashboard card, as a number.
fn card_value(app: &App, measure: &str) -> i64 {
    let text = app.text(&format!(".figure[data-measure={measure}] .figure-value"));
    text.replace([',', ' '], "")
        .parse()
        .unwrap_or_else(|e| panic!("{measure} card shows a number, not {text:?}: {e}"))
}

#[test]
fn the_sample_loads_in_one_click_and_a_group_briefing_is_traced_and_exported() {
    let shots = fixtures::screenshot_dir();
    let Some(app) = App::launch(|dir| {
        std::fs::create_dir(dir.join("out")).expect("folder");
        Launch {
            dialog_path: Some(dir.join("out").join("briefing.xlsx")),
            size: Some((1280, 800)),
            ..Launch::default()
        }
    }) else {
        return;
    };
    // A first-time user: one click from the welcome screen to a populated dashboard.
    app.find("[data-slot=sample] #load-sample").click();
    app.wait_for_text(".sentence", "Luban Workshops");
    assert_eq!(app.count(".welcome"), 0);

    // Group SCO, years 2022 to 2024.
    app.choose("[data-pick=groups] select", "SCO");
    app.wait_for_text("[data-pick=groups] .chip", "SCO");
    app.choose("[data-pick=years] select[id^=from]", "2022");
    app.choose("[data-pick=years] select[id^=to]", "2024");
    // The "loaded" note fades by itself; clear it so the screenshots show the report alone.
    app.js(
        "document.getElementById('toast').replaceChildren()",
        json!([]),
    );
    app.wait_for_text(".scope-text", "years 2022–2024");
    app.wait_for_text(".sentence", "SCO");
    assert_eq!(
        app.text(".scope-text"),
        "group SCO; years 2022–2024",
        "the selection is written on the screen"
    );
    // Let the last refresh land before reading.
    app.wait_until(
        "the charts are drawn",
        "return document.querySelectorAll('.chart img').length === 3 && [...document.querySelectorAll('.chart img')].every(i => i.complete && i.naturalWidth > 0)",
    );
    let shown = [
        "workshops",
        "countries",
        "majors",
        "categories",
        "degree_students",
        "trainees",
    ]
    .map(|m| card_value(&app, m));
    let sentence = app.text(".sentence");
    assert!(
        app.js(
            "return [...document.querySelectorAll('.chart img')].every(i => i.src.startsWith('data:image/svg+xml'))",
            json!([])
        ) == json!(true),
        "charts are images, not markup in the page"
    );
    app.screenshot(&shots.join("dashboard-report.png"));

    // Every figure traces to its rows: the students card lists enrolment rows summing to it.
    app.find(".figure[data-measure=degree_students]").click();
    app.wait_for_text(".trace-dialog", "Total");
    let total: i64 = app
        .text(".trace-dialog .trace-total")
        .replace(',', "")
        .parse()
        .expect("a total");
    assert_eq!(total, shown[4]);
    let rows = app.js(
        "return [...document.querySelectorAll('.trace-dialog tbody tr')].map(r => Number(r.cells[5].textContent.replace(/,/g, '')))",
        json!([]),
    );
    let rows: Vec<i64> = serde_json::from_value(rows).expect("numbers");
    assert!(!rows.is_empty(), "the rows behind the figure are listed");
    assert_eq!(rows.iter().sum::<i64>(), total);
    app.find(".trace-dialog .dialog-actions .button").click();

    // A breakdown cell traces too: the first country's workshops.
    app.find("[data-tab=country]").click();
    app.find("table.breakdown tbody tr:first-child td:nth-child(2) .fig")
        .click();
    app.wait_for_text(".trace-dialog", "Workshops ·");
    let listed = app.count(".trace-dialog tbody tr");
    let cell: usize = app
        .text("table.breakdown tbody tr:first-child td:nth-child(2)")
        .parse()
        .expect("a count");
    assert_eq!(listed, cell);
    app.find(".trace-dialog .dialog-actions .button").click();

    // Export the workbook through the save dialog (the seam answers it).
    app.find("[data-action=export]").click();
    app.find(".export-dialog label.format-option").click();
    app.find(".export-dialog [data-action=save]").click();
    app.wait_for_text(".export-result", "briefing.xlsx");
    assert_eq!(
        app.count(".export-dialog [data-action=reveal]"),
        1,
        "the saved file can be shown in its folder"
    );
    app.find(".export-dialog .dialog-actions .button.primary")
        .click();

    // The charts, and the report in Chinese with 万 figures, at the smallest window too.
    app.js(
        "document.querySelector('.charts-section').scrollIntoView()",
        json!([]),
    );
    app.screenshot(&shots.join("dashboard-charts.png"));
    app.choose("#lang", "zh");
    app.wait_for_text(".sentence", "上合组织");
    app.find("[data-control=number-style] label:last-of-type")
        .click();
    app.wait_for_text(".sentence", "万");
    app.screenshot(&shots.join("dashboard-report-zh.png"));
    app.resize(1024, 700);
    app.screenshot(&shots.join("dashboard-report-zh-1024.png"));
    app.choose("#lang", "en");
    app.wait_for_text(".sentence", "SCO");
    app.screenshot(&shots.join("dashboard-report-1024.png"));
    app.find("[data-tab=institution]").click();
    app.js(
        "document.querySelector('.tables-panel').scrollIntoView()",
        json!([]),
    );
    app.screenshot(&shots.join("dashboard-institutions-1024.png"));

    // The same figures from the core, on the registry file the app wrote.
    let dir = app.close();
    let registry = luban_registry::Registry::open(&dir.path().join("registry.sqlite3"))
        .expect("the registry opens");
    let selection = luban_registry::report::Selection {
        groups: vec!["SCO".into()],
        from: Some(2022),
        to: Some(2024),
        ..Default::default()
    };
    let report = registry.report(&selection).expect("report");
    let h = report.headline;
    assert_eq!(
        shown,
        [
            h.workshops,
            h.countries,
            h.majors,
            h.major_categories,
            h.degree_students,
            h.trainees
        ]
    );
    assert!(h.workshops > 0 && h.degree_students > 0, "{h:?}");
    assert_eq!(sentence, report.sentence.en);

    // The workbook: a Summary sheet with the selection and the headline figures.
    use calamine::{Data, Reader};
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook(dir.path().join("out").join("briefing.xlsx")).expect("an xlsx");
    let summary = book
        .worksheet_range(luban_briefing::xlsx::SUMMARY_SHEET)
        .expect("a Summary sheet");
    let cells: Vec<String> = summary
        .rows()
        .flat_map(|r| r.iter().map(|c| c.to_string()))
        .collect();
    assert!(
        cells
            .iter()
            .any(|c| c.contains("SCO") && c.contains("2022")),
        "the selection is on the summary: {cells:?}"
    );
    assert!(
        cells.iter().any(|c| c == &report.sentence.en),
        "the English headline is on the summary"
    );
    let numbers: Vec<i64> = summary
        .rows()
        .flat_map(|r| r.iter())
        .filter_map(|c| match c {
            Data::Float(f) => Some(*f as i64),
            Data::Int(i) => Some(*i),
            _ => None,
        })
        .collect();
    for figure in [h.workshops, h.degree_students, h.trainees] {
        assert!(
            numbers.contains(&figure),
            "{figure} is a number cell on the summary: {numbers:?}"
        );
    }
}

#[test]
fn loading_the_sample_over_workshops_asks_first_and_says_what_goes() {
    let Some(app) = App::start() else { return };
    app.find("#load-sample");
    // Someone adds a workshop elsewhere (the command line) while the welcome screen is open.
    let mut r = luban_registry::Registry::open(&app.db).expect("registry");
    r.import(
        luban_registry::Source::Bytes {
            entity: luban_registry::Entity::Workshops,
            name: "w.csv",
            bytes: (format!(
                "{}\nEG-ALEX,Alexandria Luban Workshop,,EG,,Host,Tianjin College,2021,active\n",
                fixtures::WORKSHOP_HEADER
            ))
            .as_bytes(),
        },
        Default::default(),
    )
    .expect("imported");
    drop(r);
    app.find("#load-sample").click();
    app.wait_for_text("dialog", "1 workshop");
    assert!(
        !app.text("dialog").contains("1 workshops"),
        "one is singular: {}",
        app.text("dialog")
    );
    assert_eq!(workshops_in(&app.db), 1, "nothing goes before the answer");
    app.find("dialog .dialog-actions .button:not(.danger)")
        .click();
    assert_eq!(workshops_in(&app.db), 1, "cancelled: the workshop stays");
    app.find("#load-sample").click();
    app.wait_for_text("dialog", "1 workshop");
    app.find("dialog .dialog-actions .button.danger").click();
    app.wait_for_text(".sentence", "Luban Workshops");
    let conn = rusqlite::Connection::open(&app.db).expect("registry");
    let alex: i64 = conn
        .query_row(
            "SELECT count(*) FROM workshop WHERE code = 'EG-ALEX'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(alex, 0);
    assert!(workshops_in(&app.db) > 20);
}

#[test]
fn a_chart_is_written_as_a_slide_sized_png_for_the_readme() {
    let db = tempfile::tempdir().expect("dir");
    let mut registry =
        luban_registry::Registry::open(&db.path().join("r.sqlite3")).expect("registry");
    registry
        .load_sample(luban_registry::sample::IfNotEmpty::Refuse, false)
        .expect("sample");
    let report = registry
        .report(&luban_registry::report::Selection::default())
        .expect("report");
    let png = luban_briefing::chart::png(
        &report,
        luban_briefing::ChartKind::Country,
        luban_briefing::BarMeasure::Workshops,
        luban_registry::report::Lang::En,
    )
    .expect("chart");
    let decoder = png::Decoder::new(std::io::Cursor::new(&png));
    let info = decoder.read_info().expect("a PNG");
    assert_eq!((info.info().width, info.info().height), (1920, 1080));
    let out = fixtures::screenshot_dir().join("chart-country.png");
    std::fs::write(out, png).expect("written");
}

/// Whether the element matching `css` lies wholly inside the window: seen without scrolling.
fn in_window(app: &App, css: &str) -> bool {
    app.find(css);
    app.js(
        "const r = document.querySelector(arguments[0]).getBoundingClientRect(); \
         return r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0 \
           && r.bottom <= window.innerHeight && r.right <= window.innerWidth;",
        json!([css]),
    ) == json!(true)
}

#[test]
fn at_1280_by_720_every_screen_keeps_the_language_switch_and_its_messages_in_the_window() {
    let Some(app) = App::launch(|dir| Launch {
        size: Some((1280, 720)),
        ..with_sample(dir)
    }) else {
        return;
    };
    let size = app.js("return [window.innerWidth, window.innerHeight]", json!([]));
    assert_eq!(size, json!([1280, 720]), "the window is 1280×720");
    for (hash, ready) in [
        ("#/dashboard", ".sentence"),
        ("#/workshops", "table.virtual tbody tr.row"),
        ("#/workshop/DJ-DJIBOUTI", "[data-entity=enrolments] tfoot"),
        ("#/countries", "table.virtual tbody tr.row"),
        ("#/majors", "table.virtual tbody tr.row"),
        ("#/transfer", ".cards"),
    ] {
        app.go(hash);
        app.find(ready);
        // Scrolled to the end of the screen, as someone reaching its last section would be.
        app.js(
            "const v = document.getElementById('view'); v.scrollTop = v.scrollHeight",
            json!([]),
        );
        assert!(
            in_window(&app, "#lang"),
            "{hash}: the language switch is in the window"
        );
        assert_eq!(
            app.js(
                "const d = document.scrollingElement; return d.scrollHeight <= innerHeight && d.scrollWidth <= innerWidth",
                json!([])
            ),
            json!(true),
            "{hash}: the window itself never scrolls (only the screen's area does)"
        );
    }
    // A save says so in the window, wherever the page is scrolled.
    app.go("#/workshop/DJ-DJIBOUTI");
    app.wait_for_text("[data-entity=enrolments] tfoot", "Total");
    app.find("form .form-actions .button.primary").click();
    app.js(
        "const v = document.getElementById('view'); v.scrollTop = v.scrollHeight",
        json!([]),
    );
    app.wait_for_text("#toast", "Saved");
    assert!(
        in_window(&app, "#toast .toast"),
        "the Saved message is in the window"
    );
    // An error is shown where the eye is: beside its field, scrolled into view.
    app.find("form [name=opened_year]").replace_text("nineteen");
    app.js(
        "const v = document.getElementById('view'); v.scrollTop = v.scrollHeight",
        json!([]),
    );
    app.find("form .form-actions .button.primary").click();
    app.wait_until(
        "the error is shown",
        "return !!document.querySelector('[data-field=opened_year] .field-error span')",
    );
    assert!(
        in_window(&app, "[data-field=opened_year] .field-error"),
        "the error message is in the window: {}",
        app.js("const r = document.querySelector('[data-field=opened_year] .field-error').getBoundingClientRect(); return JSON.stringify([r.top, r.bottom, innerHeight, document.activeElement.name, document.getElementById('view').scrollTop])", json!([]))
    );
    assert!(in_window(&app, "#lang"));
}

/// Types `text` into the typeahead box of the control matching `css` (a field or a picker).
fn type_ahead(app: &App, css: &str, text: &str) {
    app.find(&format!("{css} input[data-typeahead]"))
        .replace_text(text);
}

#[test]
fn typing_a_code_or_a_chinese_name_in_a_country_dropdown_finds_the_country() {
    let Some(app) = App::launch(with_sample) else {
        return;
    };
    app.wait_for_text(".sentence", "Luban Workshops");
    // The workshop form's country, in English, by code.
    app.go("#/workshop/new");
    type_ahead(&app, "[data-field=country]", "UZ");
    app.wait_until(
        "UZ chooses Uzbekistan",
        "return document.querySelector('form select[name=country]').value === 'UZ'",
    );
    assert!(app
        .text("form select[name=country]")
        .contains("Uzbekistan (UZ)"));
    // In Chinese, by the first characters of the Chinese name.
    app.choose("#lang", "zh");
    app.wait_for_text("nav", "工坊");
    app.go("#/workshops");
    app.go("#/workshop/new");
    app.wait_for_text("[data-field=country] label", "国家");
    type_ahead(&app, "[data-field=country]", "乌兹");
    app.wait_until(
        "乌兹 chooses Uzbekistan",
        "return document.querySelector('form select[name=country]').value === 'UZ'",
    );
    assert_eq!(
        app.js(
            "return [...document.querySelector('form select[name=country]').options].filter(o => o.value).map(o => o.textContent)",
            json!([])
        ),
        json!(["乌兹别克斯坦 (UZ)"]),
        "only the countries found are offered"
    );
    // The Workshops screen's country filter.
    app.go("#/workshops");
    app.wait_for_text("table.virtual tbody", "泰国");
    type_ahead(&app, "[data-filter=country]", "UZ\u{E007}");
    app.wait_until(
        "only Uzbekistan's workshop is listed",
        "const rows = document.querySelectorAll('table.virtual tbody tr.row'); return rows.length === 1 && rows[0].textContent.includes('UZ-TASHKENT')",
    );
    // The dashboard's country picker: Enter takes the first found.
    app.go("#/dashboard");
    type_ahead(&app, "[data-pick=countries]", "乌兹\u{E007}");
    app.wait_for_text("[data-pick=countries] .chip", "乌兹别克斯坦");
    app.wait_for_text(".scope-text", "乌兹别克斯坦");
}

#[test]
fn a_major_found_by_typing_is_added_to_a_workshop_from_its_page() {
    let Some(app) = App::launch(with_sample) else {
        return;
    };
    app.go("#/workshop/UZ-TASHKENT");
    app.wait_for_text("[data-add=major]", "Major to add");
    type_ahead(&app, "[data-add=major]", "robot");
    app.wait_until(
        "robot chooses Industrial Robotics",
        "return document.querySelector('[data-add=major] select').value === '460305'",
    );
    app.find("[data-add=major] .button").click();
    app.wait_for_text(".chips", "460305");
    let conn = rusqlite::Connection::open(&app.db).expect("registry");
    let taught: i64 = conn
        .query_row(
            "SELECT count(*) FROM workshop_major x JOIN workshop w ON w.id = x.workshop_id \
             JOIN major m ON m.id = x.major_id WHERE w.code = 'UZ-TASHKENT' AND m.code = '460305'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(taught, 1);
}

#[test]
fn a_workshop_page_points_to_the_majors_page_when_the_registry_has_no_majors() {
    let Some(app) = App::launch(|dir| {
        let db = dir.join("registry.sqlite3");
        let mut r = luban_registry::Registry::open(&db).expect("registry");
        r.import(
            luban_registry::Source::Bytes {
                entity: luban_registry::Entity::Workshops,
                name: "w.csv",
                bytes: format!(
                    "{}\nEG-ALEX,Alexandria Luban Workshop,,EG,,Host,Tianjin College,2021,active\n",
                    fixtures::WORKSHOP_HEADER
                )
                .as_bytes(),
            },
            Default::default(),
        )
        .expect("imported");
        Launch {
            db: Some(db),
            ..Launch::default()
        }
    }) else {
        return;
    };
    app.go("#/workshop/EG-ALEX");
    app.wait_for_text("[data-add=major]", "no majors yet");
    app.find("[data-add=major] a[href='#/majors']").click();
    app.wait_until(
        "the Majors page opens",
        "return location.hash === '#/majors'",
    );
}

#[test]
fn switching_language_keeps_an_open_import_preview() {
    let Some(app) = App::launch(|dir| {
        let file = dir.join("workshops.csv");
        std::fs::write(
            &file,
            format!(
                "{}\nbad code,,,Atlantis,,Host,Tianjin College,1999,open\nKE-NAIROBI,Kenya,,KE,,Host,Tianjin College,2019,active\n",
                fixtures::WORKSHOP_HEADER
            ),
        )
        .expect("file written");
        Launch {
            dialog_path: Some(file),
            ..Launch::default()
        }
    }) else {
        return;
    };
    app.go("#/transfer");
    app.find(".cards .panel:first-child .button.primary")
        .click();
    app.wait_for_text(".preview", "problems");
    let rows = app.count("table.problems tbody tr");
    assert!(rows > 0);
    app.choose("#lang", "zh");
    app.wait_for_text("nav", "导入与导出");
    app.wait_for_text(".preview", "workshops.csv");
    assert!(
        app.text(".preview").contains("个问题"),
        "the preview is drawn again in Chinese: {}",
        app.text(".preview")
    );
    assert_eq!(app.count("table.problems tbody tr"), rows);
    assert_eq!(workshops_in(&app.db), 0);
}

#[test]
fn the_countries_screen_counts_countries_and_regions_when_a_region_of_china_is_listed() {
    let Some(app) = App::launch(with_sample) else {
        return;
    };
    app.go("#/countries");
    // The reference list holds 中国香港, 中国澳门 and 中国台湾: regions of China, not countries.
    app.wait_for_text(".page-head .count", "countries and regions");
    app.find("input[data-search]").replace_text("Uzbek");
    app.wait_until(
        "one country is left",
        "return document.querySelector('.page-head .count').textContent === '1 country'",
    );
    app.find("input[data-search]").replace_text("Macao");
    app.wait_until(
        "one region is left",
        "return document.querySelector('.page-head .count').textContent === '1 region'",
    );
    app.choose("input[data-search]", "");
    app.wait_for_text(".page-head .count", "countries and regions");
    app.choose("#lang", "zh");
    app.wait_for_text(".page-head .count", "个国家和地区");
}

#[test]
fn the_countries_card_says_countries_and_regions_when_a_workshop_is_in_a_region_of_china() {
    let Some(app) = App::launch(|dir| {
        let launch = with_sample(dir);
        let mut r =
            luban_registry::Registry::open(launch.db.as_ref().expect("db")).expect("registry");
        r.import(
            luban_registry::Source::Bytes {
                entity: luban_registry::Entity::Workshops,
                name: "w.csv",
                bytes: format!(
                    "{}\nHK-KOWLOON,Hong Kong Luban Workshop,,HK,,Host,Tianjin College,2021,active\n",
                    fixtures::WORKSHOP_HEADER
                )
                .as_bytes(),
            },
            Default::default(),
        )
        .expect("imported");
        launch
    }) else {
        return;
    };
    app.wait_for_text(
        ".figure[data-measure=countries] .figure-label",
        "Countries and regions",
    );
    // The chart tab, the table tab and its column take the core's wording too.
    app.wait_for_text("[data-chart-tab=country]", "By country and region");
    app.wait_for_text("[data-tab=country]", "By country and region");
    app.wait_for_text("[data-breakdown=country] thead", "Country or region");
    app.choose("#lang", "zh");
    app.wait_for_text(
        ".figure[data-measure=countries] .figure-label",
        "国家和地区",
    );
    app.wait_for_text("[data-chart-tab=country]", "分国家和地区");
    app.wait_for_text("[data-breakdown=country] thead", "国家或地区");
}

#[test]
fn a_workshops_page_lists_its_agreements_and_contacts_and_the_agreements_screen_filters_them() {
    let Some(app) = App::launch(|dir| {
        let launch = with_sample(dir);
        let db = launch.db.clone().expect("a registry");
        let mut registry = luban_registry::Registry::open(&db).expect("registry");
        for (entity, csv) in [
            (
                luban_registry::Entity::Agreements,
                "code,workshop,type,title,starts_on,ends_on,status\n\
                 TH-AYU-MOU,TH-AYUTTHAYA,mou,Memorandum on the workshop,2016-01-01,2099-12-31,signed\n\
                 TH-AYU-OLD,TH-AYUTTHAYA,other,Earlier letter,2010-01-01,2012-12-31,signed\n",
            ),
            (
                luban_registry::Entity::Contacts,
                "workshop,name,side,email\nTH-AYUTTHAYA,Somchai P.,partner,somchai@example.ac.th\n",
            ),
        ] {
            let source = luban_registry::Source::Bytes {
                entity,
                name: "partnership.csv",
                bytes: csv.as_bytes(),
            };
            registry
                .import(source, luban_registry::ImportOptions::default())
                .expect("imported");
        }
        launch
    }) else {
        return;
    };
    app.go("#/workshop/TH-AYUTTHAYA");
    app.wait_for_text("[data-records=agreements]", "TH-AYU-MOU");
    let agreements = app.text("[data-records=agreements]");
    assert!(agreements.contains("In force"), "{agreements}");
    assert!(agreements.contains("Expired"), "{agreements}");
    app.wait_for_text("[data-records=contacts]", "somchai@example.ac.th");
    app.go("#/agreements");
    app.wait_for_text(".view-agreements", "TH-AYU-OLD");
    app.choose("[data-filter=standing]", "expired");
    app.wait_until(
        "only the expired agreement is listed",
        "return !document.querySelector('.view-agreements').textContent.includes('TH-AYU-MOU')",
    );
    assert!(app.text(".view-agreements").contains("TH-AYU-OLD"));
}

#[test]
fn an_agreement_in_its_notice_period_is_in_due_soon_with_a_count_in_the_navigation() {
    let Some(app) = App::launch(|dir| {
        let launch = with_sample(dir);
        let db = launch.db.clone().expect("a registry");
        let mut registry = luban_registry::Registry::open(&db).expect("registry");
        // Ends in ten days with the default notice period of 180 days: its notice period has begun.
        let mut ends = luban_registry::due::today();
        for _ in 0..10 {
            ends = ends.succ_opt().expect("a later day");
        }
        let csv = format!(
            "code,workshop,type,title,ends_on,status\nTH-AYU-MOU,TH-AYUTTHAYA,mou,Memorandum,{},signed\n",
            ends.format("%Y-%m-%d")
        );
        let source = luban_registry::Source::Bytes {
            entity: luban_registry::Entity::Agreements,
            name: "agreements.csv",
            bytes: csv.as_bytes(),
        };
        registry
            .import(source, luban_registry::ImportOptions::default())
            .expect("imported");
        launch
    }) else {
        return;
    };
    app.go("#/dashboard");
    app.wait_for_text("[data-panel=due]", "TH-AYU-MOU");
    assert!(app
        .text("[data-panel=due] [data-key=TH-AYU-MOU]")
        .contains("in 10 days"));
    app.wait_until(
        "the navigation counts what is due",
        "const c = document.querySelector('[data-count=due]'); return c && !c.hidden && Number(c.textContent) >= 1",
    );
}

#[test]
fn an_agreement_added_on_a_workshops_page_shows_in_due_soon_once_its_notice_period_began() {
    let Some(app) = App::launch(with_sample) else {
        return;
    };
    let mut ends = luban_registry::due::today();
    for _ in 0..20 {
        ends = ends.succ_opt().expect("a later day");
    }
    app.go("#/workshop/TH-AYUTTHAYA");
    app.find("[data-action=add-agreement]").click();
    app.find("dialog form [name=code]").type_text("TH-AYU-MOU");
    app.find("dialog form [name=title]")
        .type_text("Memorandum of understanding");
    app.find("dialog form [name=ends_on]")
        .type_text(&ends.format("%Y-%m-%d").to_string());
    app.find("dialog form [name=notice_days]")
        .replace_text("30");
    app.find("dialog form button[type=submit]").click();
    app.wait_for_text("#toast", "Saved");
    app.wait_for_text("[data-records=agreements]", "Expiring");
    app.go("#/dashboard");
    app.wait_for_text("[data-panel=due]", "TH-AYU-MOU");
    assert!(app.text("[data-panel=due]").contains("in 20 days"));
}

#[test]
fn an_invalid_contact_email_is_refused_beside_its_field_in_the_cores_words() {
    let Some(app) = App::launch(with_sample) else {
        return;
    };
    app.go("#/workshop/TH-AYUTTHAYA");
    app.find("[data-action=add-contact]").click();
    app.find("dialog form [name=name]").type_text("Somchai P.");
    app.find("dialog form [name=email]")
        .type_text("somchai at example");
    app.find("dialog form button[type=submit]").click();
    app.wait_for_text("dialog", "is not an e-mail address");
    let conn = rusqlite::Connection::open(&app.db).expect("registry");
    let contacts: i64 = conn
        .query_row("SELECT count(*) FROM contact", [], |r| r.get(0))
        .expect("count");
    assert_eq!(contacts, 0, "nothing was saved");
}

#[test]
fn a_signed_document_is_attached_through_the_native_dialog_and_listed_with_its_agreement() {
    let Some(app) = App::launch(|dir| {
        let mut launch = with_sample(dir);
        let db = launch.db.clone().expect("a registry");
        let mut registry = luban_registry::Registry::open(&db).expect("registry");
        let csv =
            "code,workshop,type,title,status\nTH-AYU-MOU,TH-AYUTTHAYA,mou,Memorandum,signed\n";
        let source = luban_registry::Source::Bytes {
            entity: luban_registry::Entity::Agreements,
            name: "agreements.csv",
            bytes: csv.as_bytes(),
        };
        registry
            .import(source, luban_registry::ImportOptions::default())
            .expect("imported");
        let pdf = dir.join("MOU signed.pdf");
        std::fs::write(&pdf, b"%PDF-1.7 signed").expect("a document");
        launch.dialog_path = Some(pdf);
        launch
    }) else {
        return;
    };
    app.go("#/workshop/TH-AYUTTHAYA");
    app.find("[data-documents=TH-AYU-MOU] [data-action=attach]")
        .click();
    app.wait_for_text("#toast", "Document attached");
    app.wait_for_text("[data-documents=TH-AYU-MOU]", "MOU signed.pdf");
    let conn = rusqlite::Connection::open(&app.db).expect("registry");
    let size: i64 = conn
        .query_row(
            "SELECT size FROM document WHERE name = 'MOU signed.pdf'",
            [],
            |r| r.get(0),
        )
        .expect("the document's row");
    assert_eq!(size, 15);
}

#[test]
fn an_agreement_is_added_edited_and_deleted_from_the_agreements_screen() {
    let Some(app) = App::launch(with_sample) else {
        return;
    };
    let titles = |db: &Path| -> Vec<String> {
        let conn = rusqlite::Connection::open(db).expect("registry");
        let mut stmt = conn
            .prepare("SELECT title FROM agreement WHERE code = 'TH-AYU-NEW'")
            .expect("query");
        let rows = stmt.query_map([], |r| r.get(0)).expect("rows");
        rows.collect::<Result<_, _>>().expect("titles")
    };
    app.go("#/agreements");
    app.find(".view-agreements [data-action=add-agreement]")
        .click();
    app.choose("dialog form [name=workshop]", "TH-AYUTTHAYA");
    app.find("dialog form [name=code]").type_text("TH-AYU-NEW");
    app.find("dialog form [name=title]")
        .type_text("Implementation agreement");
    app.find("dialog form [name=ends_on]")
        .type_text("2020-01-01");
    app.find("dialog form [name=starts_on]")
        .type_text("2021-01-01");
    app.find("dialog form button[type=submit]").click();
    // The core's own message, beside the field, and nothing written.
    app.wait_for_text("dialog [data-field=ends_on]", "before");
    assert!(
        titles(&app.db).is_empty(),
        "a refused agreement is not saved"
    );
    app.find("dialog form [name=ends_on]")
        .replace_text("2031-01-01");
    app.find("dialog form button[type=submit]").click();
    app.wait_for_text("#toast", "Saved");
    app.wait_for_text(".view-agreements", "TH-AYU-NEW");
    assert_eq!(titles(&app.db), ["Implementation agreement"]);
    assert!(app.text(".view-agreements .count").contains("1 agreement"));

    app.find(".view-agreements [data-edit=TH-AYU-NEW]").click();
    app.find("dialog form [name=title]")
        .replace_text("Implementation agreement, amended");
    app.find("dialog form button[type=submit]").click();
    app.wait_for_text(".view-agreements", "amended");
    assert_eq!(titles(&app.db), ["Implementation agreement, amended"]);

    app.find(".view-agreements [data-edit=TH-AYU-NEW]").click();
    app.find("dialog form .form-actions .button.danger").click();
    // The question is a second dialog, over the form's.
    app.wait_for_text("dialog:last-of-type", "undo this from the History screen");
    assert_eq!(
        titles(&app.db).len(),
        1,
        "nothing is deleted before the answer"
    );
    app.find("dialog:last-of-type .dialog-actions .button.danger")
        .click();
    app.wait_for_text("#toast", "Deleted");
    app.wait_until(
        "the deleted agreement leaves the list",
        "return !document.querySelector('.view-agreements').textContent.includes('TH-AYU-NEW')",
    );
    assert!(titles(&app.db).is_empty());
}

fn city_of(db: &Path, code: &str) -> String {
    let conn = rusqlite::Connection::open(db).expect("registry");
    conn.query_row("SELECT city FROM workshop WHERE code = ?1", [code], |r| {
        r.get(0)
    })
    .expect("city")
}

#[test]
fn a_backup_taken_and_restored_on_the_backups_screen_gives_back_the_registry_as_it_was() {
    let Some(app) = App::launch(with_sample) else {
        return;
    };
    let before = city_of(&app.db, "TH-AYUTTHAYA");
    app.go("#/backups");
    app.find("[data-action=backup-now]").click();
    app.wait_for_text("#toast", "Backed up");
    app.wait_for_text("tr[data-backup]", "taken by hand");
    app.go("#/workshop/TH-AYUTTHAYA");
    app.find("form [name=city]")
        .replace_text("Changed after the backup");
    app.find("form button[type=submit]").click();
    app.wait_for_text("#toast", "Saved");
    assert_eq!(city_of(&app.db, "TH-AYUTTHAYA"), "Changed after the backup");
    app.go("#/backups");
    app.wait_for_text("tr[data-backup]", "taken by hand");
    app.find("tr[data-backup] [data-action=restore]").click();
    app.wait_for_text("dialog", "backed up first");
    assert_eq!(
        city_of(&app.db, "TH-AYUTTHAYA"),
        "Changed after the backup",
        "nothing is restored before the answer"
    );
    app.find("dialog .dialog-actions .button.danger").click();
    app.wait_for_text("#toast", "Restored");
    assert_eq!(city_of(&app.db, "TH-AYUTTHAYA"), before);
    app.wait_for_text("tr[data-backup]", "before a restore");
}

#[test]
fn the_import_preview_shows_each_field_an_import_would_change_before_anything_is_written() {
    let Some(app) = App::launch(|dir| {
        let launch = with_sample(dir);
        let db = launch.db.clone().expect("sample registry");
        let conn = rusqlite::Connection::open(&db).expect("registry");
        let row: (String, String, String, String, i64, String) = conn
            .query_row(
                "SELECT name_en, country, host_institution, chinese_institution, opened_year, status FROM workshop WHERE code = 'TH-AYUTTHAYA'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
            )
            .expect("the sample's workshop");
        let file = dir.join("workshops.csv");
        let csv = format!(
            "code,name_en,country,host_institution,chinese_institution,opened_year,status\n\
             TH-AYUTTHAYA,{},{},????,{},{},{}\n",
            row.0, row.1, row.3, row.4, row.5
        );
        std::fs::write(&file, csv).expect("file written");
        Launch {
            dialog_path: Some(file),
            ..launch
        }
    }) else {
        return;
    };
    let host_before = {
        let conn = rusqlite::Connection::open(&app.db).expect("registry");
        conn.query_row(
            "SELECT host_institution FROM workshop WHERE code = 'TH-AYUTTHAYA'",
            [],
            |r| r.get::<_, String>(0),
        )
        .expect("host")
    };
    app.go("#/transfer");
    app.find(".cards .panel:first-child .button.primary")
        .click();
    app.wait_for_text(".preview", "1 records would be updated");
    let change = app.text(".preview table.changes tbody tr");
    assert!(change.contains("TH-AYUTTHAYA"), "{change}");
    assert!(change.contains("host_institution"), "{change}");
    assert!(
        change.contains(&host_before) && change.contains("????"),
        "{change}"
    );
    let conn = rusqlite::Connection::open(&app.db).expect("registry");
    let host: String = conn
        .query_row(
            "SELECT host_institution FROM workshop WHERE code = 'TH-AYUTTHAYA'",
            [],
            |r| r.get(0),
        )
        .expect("host");
    assert_eq!(host, host_before, "nothing is written by the preview");
}

#[test]
fn undo_on_the_history_view_puts_back_what_a_form_save_changed() {
    let Some(app) = App::launch(with_sample) else {
        return;
    };
    let before = city_of(&app.db, "TH-AYUTTHAYA");
    app.go("#/workshop/TH-AYUTTHAYA");
    app.find("form [name=city]")
        .replace_text("Changed, then undone");
    app.find("form button[type=submit]").click();
    app.wait_for_text("#toast", "Saved");
    app.go("#/history");
    app.wait_for_text("tr[data-batch]", "save workshops");
    app.find("tr[data-batch] [data-action=undo]").click();
    app.wait_for_text("dialog", "save workshops");
    assert_eq!(city_of(&app.db, "TH-AYUTTHAYA"), "Changed, then undone");
    app.find("dialog .dialog-actions .button.danger").click();
    app.wait_for_text("#toast", "Undone");
    assert_eq!(city_of(&app.db, "TH-AYUTTHAYA"), before);
    app.wait_for_text("tr[data-batch]", "undo ");
}

/// The value of the office's own field `name` stored for workshop `code` ("" when none).
fn own_value_of(db: &Path, code: &str, name: &str) -> String {
    let conn = rusqlite::Connection::open(db).expect("registry");
    conn.query_row(
        "SELECT ifnull((SELECT v.value FROM custom_value v JOIN workshop w ON w.id = v.workshop_id \
         JOIN custom_field f ON f.id = v.field_id WHERE w.code = ?1 AND f.name = ?2), '')",
        [code, name],
        |r| r.get(0),
    )
    .expect("value")
}

#[test]
fn a_field_added_on_the_fields_screen_is_filled_in_on_a_workshop_and_kept_after_reload() {
    let Some(app) = App::launch(with_sample) else {
        return;
    };
    app.go("#/fields");
    app.wait_for_text("table.fields-table", "No fields of your own yet");
    // A name the registry reads as its own column is refused beside the field, in the core's words.
    app.find("form [name=field_name]").replace_text("国家");
    app.find("form button[type=submit]").click();
    app.wait_for_text(
        "[data-field=field_name] .field-error",
        "the registry's own column",
    );
    app.find("form [name=field_name]").replace_text("funding");
    app.find("form [name=label_zh]").replace_text("经费");
    app.choose("form select[name=field_type]", "number");
    app.choose("form select[name=in_list]", "yes");
    app.find("form button[type=submit]").click();
    app.wait_for_text("#toast", "Field added");
    app.wait_for_text("tr[data-field=funding]", "Number");

    app.go("#/workshop/TH-AYUTTHAYA");
    // The core checks the value: an ambiguous number is refused beside the field, in its words.
    app.find("form [name=funding]").replace_text("15.000");
    app.find("form button[type=submit]").click();
    app.wait_for_text("[data-field=funding] .field-error", "15000");
    assert_eq!(own_value_of(&app.db, "TH-AYUTTHAYA", "funding"), "");
    app.find("form [name=funding]").replace_text("12.5");
    app.find("form button[type=submit]").click();
    app.wait_for_text("#toast", "Saved");
    assert_eq!(own_value_of(&app.db, "TH-AYUTTHAYA", "funding"), "12.5");

    app.reload();
    app.go("#/workshop/TH-AYUTTHAYA");
    app.wait_until(
        "the saved value is in the form after reload",
        "const e = document.querySelector('form [name=funding]'); return !!e && e.value === '12.5';",
    );
    // Marked "show in the list": a column of the workshop list.
    app.go("#/workshops");
    app.wait_for_text("table.virtual thead", "funding");
    app.find("[data-search]").replace_text("TH-AYUTTHAYA");
    app.wait_for_text("table.virtual tbody", "12.5");
}

#[test]
fn a_damaged_registry_is_restored_from_its_newest_good_backup_in_one_click() {
    let Some(app) = App::launch(|dir| {
        let launch = with_sample(dir);
        let db = launch.db.clone().expect("sample registry");
        let registry = luban_registry::Registry::open(&db).expect("registry");
        registry
            .backup(luban_registry::backup::Reason::Manual)
            .expect("backup");
        drop(registry);
        // The workshop table's first page overwritten: the schema still reads, the rows do not.
        let (root, page): (u32, u32) = rusqlite::Connection::open(&db)
            .expect("open")
            .query_row(
                "SELECT (SELECT rootpage FROM sqlite_master WHERE name = 'workshop'), \
                 (SELECT page_size FROM pragma_page_size)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .expect("the workshop table's page");
        let mut data = std::fs::read(&db).expect("read");
        let (root, page) = (root as usize, page as usize);
        let from = (root - 1) * page;
        for (i, byte) in data.iter_mut().enumerate().skip(from).take(page) {
            *byte = (i % 251) as u8;
        }
        std::fs::write(&db, data).expect("damaged");
        launch
    }) else {
        return;
    };
    app.wait_for_text("#restore-newest", "Restore the newest good backup");
    app.find("#restore-newest").click();
    app.wait_for_text("dialog", "kept in the backups folder");
    assert_eq!(app.count("nav"), 0, "nothing is restored before the answer");
    app.find("dialog .dialog-actions .button.primary").click();
    app.wait_until(
        "the app opens the restored registry",
        "return !!document.querySelector('nav')",
    );
    app.go("#/workshops");
    app.wait_for_text("#view", "TH-AYUTTHAYA");
    let registry = luban_registry::Registry::open(&app.db).expect("restored registry");
    registry.ensure_sound().expect("sound");
    assert!(
        registry
            .backups()
            .expect("backups")
            .iter()
            .any(|b| b.reason == luban_registry::backup::Reason::Damaged),
        "the damaged bytes are kept"
    );
}

#[test]
fn undo_this_import_stays_offered_after_an_import_and_takes_it_back() {
    let Some(app) = App::launch(|dir| {
        let launch = with_sample(dir);
        let file = dir.join("workshops.csv");
        std::fs::write(
            &file,
            "code,name_en,country,host_institution,chinese_institution,opened_year,status\n\
             EG-ALEX,Alexandria Luban Workshop,EG,Alexandria Technical College,Tianjin Vocational Institute,2021,active\n",
        )
        .expect("file written");
        Launch {
            dialog_path: Some(file),
            ..launch
        }
    }) else {
        return;
    };
    let before = workshops_in(&app.db);
    app.go("#/transfer");
    app.find(".cards .panel:first-child .button.primary")
        .click();
    app.wait_for_text(".preview", "workshops.csv");
    app.find(".preview .button.primary").click();
    app.wait_for_text(".preview-area", "1 added");
    assert_eq!(workshops_in(&app.db), before + 1);
    app.go("#/dashboard");
    app.go("#/transfer");
    app.wait_for_text("[data-action=undo-import]", "Undo this import");
    app.find("[data-action=undo-import]").click();
    app.wait_for_text("dialog", "workshops.csv");
    app.find("dialog .dialog-actions .button.danger").click();
    app.wait_for_text("#toast", "Undone");
    assert_eq!(workshops_in(&app.db), before);
    assert_eq!(app.count("[data-action=undo-import]"), 0);
}

#[test]
fn a_workshop_page_lists_its_own_history_with_each_changed_field() {
    let Some(app) = App::launch(with_sample) else {
        return;
    };
    app.go("#/workshop/TH-AYUTTHAYA");
    app.find("form [name=city]").replace_text("Ayutthaya City");
    app.find("form button[type=submit]").click();
    app.wait_for_text("#toast", "Saved");
    app.wait_for_text("[data-history=workshop]", "Ayutthaya City");
    let row = app.text("[data-history=workshop] tbody tr");
    assert!(row.contains("save workshops"), "{row}");
    assert!(row.contains("city: "), "{row}");
}

#[test]
fn an_office_workbook_is_imported_in_one_step_through_the_app_listing_what_it_left_out() {
    let Some(app) = App::launch(|dir| {
        let file = dir.join("鲁班工坊登记表.xlsx");
        let book =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/workbooks/鲁班工坊登记表.xlsx");
        std::fs::copy(book, &file).expect("workbook copied");
        Launch {
            dialog_path: Some(file),
            ..Launch::default()
        }
    }) else {
        return;
    };
    app.go("#/transfer");
    app.find(".cards .panel:first-child .button.primary")
        .click();
    // Title rows, the running-number column, the totals rows and the sheet of notes are listed
    // before anything is written.
    app.wait_for_text(
        ".preview ul.notes",
        "header on row 3; rows 1–2 left out as a title",
    );
    let notes = app.text(".preview ul.notes");
    for said in [
        "column \"序号\" is a running number and was left out",
        "this row is a total (合计) and was left out",
        "this row is a total (小计) and was left out",
        "sheet \"说明\" was left out",
    ] {
        assert!(notes.contains(said), "{said} in {notes}");
    }
    assert_eq!(workshops_in(&app.db), 0, "nothing is written before Import");
    app.find(".preview .button.primary").click();
    app.wait_for_text(".preview-area", "added");
    assert_eq!(workshops_in(&app.db), 2);
    app.go("#/workshops");
    app.wait_for_text("table.virtual tbody", "TH-AYU");
    assert!(app.text("table.virtual tbody").contains("DJ-DJI"));
}
