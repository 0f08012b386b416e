//! The `luban` command line, run as a real process against registries in temporary folders.

// Mounting a small filesystem is how the test gets a full or read-only disk (Linux, root).
#[cfg(target_os = "linux")]
mod disk;
mod fields;
mod pdf;

use std::path::Path;
use std::process::{Command, Output};

const WORKSHOPS: &str =
    "code,name_en,country,host_institution,chinese_institution,opened_year,status\n\
TH-AYU,Thailand Luban Workshop,TH,Ayutthaya Technical College,Tianjin Bohai,2016,active\n\
PK-LHR,Pakistan Luban Workshop,PK,Punjab TEVTA,Tianjin Modern,2018,active\n";

/// The header and rows of `WORKSHOPS` as an import's summary shows them (cells cut at 20 characters).
const WORKSHOP_ROWS: &str = concat!(
    "    | code | name_en | country | host_institution | chinese_institution | opened_year | status |\n",
    "    | TH-AYU | Thailand Luban Works… | TH | Ayutthaya Technical… | Tianjin Bohai | 2016 | active |\n",
    "    | PK-LHR | Pakistan Luban Works… | PK | Punjab TEVTA | Tianjin Modern | 2018 | active |\n",
);

fn luban(args: &[&str], env_db: Option<&Path>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_luban"));
    cmd.args(args).env_remove("LUBAN_DB");
    if let Some(db) = env_db {
        cmd.env("LUBAN_DB", db);
    }
    cmd.output().expect("luban runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

struct Dir {
    dir: tempfile::TempDir,
}

impl Dir {
    fn new() -> Self {
        Dir {
            dir: tempfile::tempdir().unwrap(),
        }
    }
    fn path(&self, name: &str) -> String {
        self.dir.path().join(name).to_string_lossy().into_owned()
    }
    fn write(&self, name: &str, contents: &str) -> String {
        std::fs::write(self.dir.path().join(name), contents).unwrap();
        self.path(name)
    }
}

/// A registry in `d` holding the two workshops of `WORKSHOPS`; returns its path.
fn with_workshops(d: &Dir) -> String {
    let db = d.path("r.sqlite3");
    let out = luban(
        &[
            "--db",
            &db,
            "import",
            "workshops",
            &d.write("w.csv", WORKSHOPS),
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    db
}

#[test]
fn init_creates_the_registry_and_exits_zero() {
    let d = Dir::new();
    let out = luban(&["--db", &d.path("r.sqlite3"), "init"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(Path::new(&d.path("r.sqlite3")).exists());
}

#[test]
fn db_option_is_accepted_after_the_command_too() {
    let d = Dir::new();
    let out = luban(&["init", "--db", &d.path("r.sqlite3")], None);
    assert!(out.status.success());
    assert!(Path::new(&d.path("r.sqlite3")).exists());
}

#[test]
fn luban_db_variable_chooses_the_registry() {
    let d = Dir::new();
    let db = d.dir.path().join("env.sqlite3");
    let out = luban(&["init"], Some(&db));
    assert!(out.status.success());
    assert!(db.exists());
}

#[test]
fn import_prints_what_was_detected_and_counted() {
    let d = Dir::new();
    let file = d.write("workshops.csv", WORKSHOPS);
    let out = luban(
        &["--db", &d.path("r.sqlite3"), "import", "workshops", &file],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "workshops.csv (UTF-8, comma-separated): 2 rows: 2 added, 0 updated, 0 unchanged\n"
            .to_owned()
            + WORKSHOP_ROWS
    );
}

#[test]
fn rejected_import_exits_1_and_prints_one_problem_per_line_on_stderr() {
    let d = Dir::new();
    let file = d.write("workshops.csv", "code,name_en,country,host_institution,chinese_institution,opened_year,status\nA1,A,Narnia,H,C,2020,active\nA2,B,TH,H,C,1999,active\n");
    let out = luban(
        &["--db", &d.path("r.sqlite3"), "import", "workshops", &file],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert!(
        lines[0].starts_with("workshops.csv:2: country: \"Narnia\" is not a country"),
        "{stderr}"
    );
    assert!(
        lines[1].starts_with("workshops.csv:3: opened_year: year 1999 is out of range"),
        "{stderr}"
    );
    assert_eq!(
        lines[2],
        "luban: 2 problems in the input; nothing was written"
    );
}

#[test]
fn a_usage_error_exits_2() {
    let out = luban(&["import", "people", "x.csv"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("is not a registry file"));
}

#[test]
fn dry_run_says_so_and_writes_nothing() {
    let d = Dir::new();
    let db = d.path("r.sqlite3");
    let file = d.write("workshops.csv", WORKSHOPS);
    let out = luban(
        &["--db", &db, "import", "workshops", &file, "--dry-run"],
        None,
    );
    assert!(text(&out.stdout).contains("2 would be added"));
    let export = luban(&["--db", &db, "export", "workshops", "-"], None);
    assert_eq!(text(&export.stdout).lines().count(), 1, "only the header");
}

#[test]
fn export_to_standard_output_writes_csv_with_bom() {
    let d = Dir::new();
    let db = with_workshops(&d);
    let out = luban(&["--db", &db, "export", "workshops", "-"], None);
    assert!(out.stdout.starts_with(b"\xEF\xBB\xBFcode,name_en"));
    assert!(text(&out.stdout).contains("PK-LHR,Pakistan Luban Workshop,,PK,"));
}

#[test]
fn export_all_then_import_all_round_trips_through_the_command_line() {
    let d = Dir::new();
    let db = with_workshops(&d);
    assert!(luban(&["--db", &db, "export-all", &d.path("out")], None)
        .status
        .success());
    let copy = d.path("copy.sqlite3");
    let out = luban(&["--db", &copy, "import-all", &d.path("out")], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let a = luban(&["--db", &db, "export", "workshops", "-"], None).stdout;
    let b = luban(&["--db", &copy, "export", "workshops", "-"], None).stdout;
    assert_eq!(a, b);
}

#[test]
fn report_json_has_the_headline_figures_as_integers() {
    let d = Dir::new();
    let db = with_workshops(&d);
    let out = luban(
        &["--db", &db, "report", "--group", "SCO", "--format", "json"],
        None,
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for key in [
        "workshops",
        "countries",
        "majors",
        "major_categories",
        "degree_students",
        "trainees",
    ] {
        assert!(json[key].is_i64(), "{key} is an integer in {json}");
    }
    assert_eq!(
        (json["workshops"].as_i64(), json["countries"].as_i64()),
        (Some(1), Some(1))
    );
}

/// The two workshops of `WORKSHOPS`, a planned one in Kazakhstan and one training record of each
/// kind; returns the registry's path.
fn with_planned_and_training(d: &Dir) -> String {
    let db = with_workshops(d);
    let more = "code,name_en,country,host_institution,chinese_institution,opened_year,status\n\
KZ-AST,Kazakhstan Luban Workshop,KZ,Eurasian National University,Tianjin Vocational,2025,planned\n";
    let trainings = "workshop,year,kind,trainees\n\
TH-AYU,2021,skills,200\n\
TH-AYU,2022,teacher,15\n\
PK-LHR,2022,other,7\n";
    for (kind, file, csv) in [
        ("workshops", "k.csv", more),
        ("trainings", "t.csv", trainings),
    ] {
        let out = luban(&["--db", &db, "import", kind, &d.write(file, csv)], None);
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    db
}

#[test]
fn report_json_adds_workshops_by_status_and_trainees_by_kind_as_integers() {
    let d = Dir::new();
    let db = with_planned_and_training(&d);
    let out = luban(&["--db", &db, "report", "--format", "json"], None);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["workshops"].as_i64(), Some(3));
    assert_eq!(
        json["workshops_by_status"],
        serde_json::json!({"planned": 1, "active": 2, "suspended": 0, "closed": 0})
    );
    assert_eq!(
        json["trainees_by_kind"],
        serde_json::json!({"skills": 200, "teacher": 15, "other": 7})
    );
}

#[test]
fn report_of_planned_workshops_in_chinese_does_not_say_built() {
    let d = Dir::new();
    let db = with_planned_and_training(&d);
    let out = luban(
        &["--db", &db, "--lang", "zh", "report", "--status", "planned"],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(
        said.starts_with("在1个国家筹建1个鲁班工坊（尚未建成）"),
        "{said}"
    );
    assert!(!said.contains("建成1"), "{said}");
}

#[test]
fn settings_set_stores_the_institution_and_settings_shows_it() {
    let d = Dir::new();
    let db = with_workshops(&d);
    let name = "天津某职业技术学院国际交流处";
    let out = luban(
        &["--db", &db, "settings", "set", "institution_zh", name],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = luban(&["--db", &db, "settings"], None);
    assert!(
        text(&out.stdout).contains(&format!("institution_zh\t{name}\t")),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn the_html_briefing_names_the_institution_in_its_title_and_source_line() {
    let d = Dir::new();
    let db = with_workshops(&d);
    let name = "天津某职业技术学院国际交流处";
    assert!(luban(
        &["--db", &db, "settings", "set", "institution_zh", name],
        None
    )
    .status
    .success());
    let page = d.path("b.html");
    let out = luban(
        &[
            "--db", &db, "--lang", "zh", "report", "--format", "html", "--out", &page,
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(
        html.contains(&format!("<h1>{name}鲁班工坊简报</h1>")),
        "{html}"
    );
    assert!(html.contains(&format!("数据来源：{name}。")));
}

#[test]
fn an_unknown_setting_is_refused_naming_the_known_ones() {
    let d = Dir::new();
    let db = with_workshops(&d);
    let out = luban(&["--db", &db, "settings", "set", "colour", "red"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr)
            .contains("there is no setting colour; use one of institution_zh, institution_en"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn report_text_is_the_headline_sentence_in_the_chosen_language() {
    let d = Dir::new();
    let db = with_workshops(&d);
    let out = luban(&["--db", &db, "report", "--lang", "zh"], None);
    assert!(
        text(&out.stdout).starts_with("在2个国家建成2个鲁班工坊"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn an_invalid_report_filter_is_a_usage_error() {
    let out = luban(&["report", "--region", "Atlantis"], None);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn check_reports_a_healthy_registry_as_ok() {
    let d = Dir::new();
    let out = luban(&["--db", &d.path("r.sqlite3"), "check"], None);
    assert!(out.status.success());
    assert!(text(&out.stdout).ends_with(": ok\n"));
}

#[test]
fn a_newer_registry_is_refused_with_exit_1_and_a_clear_message() {
    let d = Dir::new();
    let db = d.path("r.sqlite3");
    luban(&["--db", &db, "init"], None);
    rusqlite_free_set_version(&db);
    let out = luban(&["--db", &db, "check"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("written by a newer version of Luban Registry"),
        "{}",
        text(&out.stderr)
    );
}

/// Sets `PRAGMA user_version` by patching the header bytes (offset 60), as a newer app would have.
fn rusqlite_free_set_version(db: &str) {
    let mut bytes = std::fs::read(db).unwrap();
    bytes[60..64].copy_from_slice(&99u32.to_be_bytes());
    std::fs::write(db, bytes).unwrap();
}

#[test]
fn init_sample_creates_the_sample_registry_and_reports_its_workshops() {
    let d = Dir::new();
    let db = d.path("r.sqlite3");
    let out = luban(&["--db", &db, "init", "--sample"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let sample_rows = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/sample/workshops.csv"),
    )
    .unwrap()
    .lines()
    .filter(|l| l.starts_with(|c: char| c.is_ascii_uppercase()) && !l.starts_with("code,"))
    .count() as i64;
    let report = luban(&["--db", &db, "report", "--format", "json"], None);
    let json: serde_json::Value = serde_json::from_slice(&report.stdout).unwrap();
    assert_eq!(json["workshops"].as_i64(), Some(sample_rows));
}

#[test]
fn init_sample_refuses_a_registry_that_already_has_workshops() {
    let d = Dir::new();
    let db = with_workshops(&d);
    let out = luban(&["--db", &db, "init", "--sample"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("--force"),
        "{}",
        text(&out.stderr)
    );
    let export = luban(&["--db", &db, "export", "workshops", "-"], None);
    assert_eq!(
        text(&export.stdout).lines().count(),
        3,
        "the two workshops are still there, alone"
    );
}

#[test]
fn chart_writes_a_png_1920_pixels_wide() {
    let d = Dir::new();
    let db = with_workshops(&d);
    let png = d.path("chart.png");
    let out = luban(
        &[
            "--db", &db, "chart", "country", "--format", "png", "--out", &png,
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let bytes = std::fs::read(&png).unwrap();
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
    assert_eq!(
        u32::from_be_bytes([bytes[16], bytes[17], bytes[18], bytes[19]]),
        1920
    );
}

#[test]
fn report_writes_an_excel_workbook() {
    let d = Dir::new();
    let db = with_workshops(&d);
    let xlsx = d.path("briefing.xlsx");
    let out = luban(
        &[
            "--db", &db, "report", "--group", "SCO", "--format", "xlsx", "--out", &xlsx,
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK\x03\x04"));
}

#[test]
fn report_csv_into_a_folder_writes_every_breakdown_with_a_bom() {
    let d = Dir::new();
    let db = with_workshops(&d);
    let out = luban(
        &[
            "--db",
            &db,
            "report",
            "--format",
            "csv",
            "--out",
            &d.path("csv"),
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let mut names: Vec<String> = std::fs::read_dir(d.path("csv"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let suffixes: Vec<&str> = names
        .iter()
        .map(|n| &n[n.rfind("-by-").unwrap()..])
        .collect();
    assert_eq!(
        suffixes,
        vec![
            "-by-category.csv",
            "-by-country.csv",
            "-by-institution.csv",
            "-by-workshop.csv",
            "-by-year.csv"
        ]
    );
    for name in &names {
        assert!(
            std::fs::read(d.dir.path().join("csv").join(name))
                .unwrap()
                .starts_with(b"\xEF\xBB\xBF"),
            "{name}"
        );
    }
}

#[test]
fn lang_zh_prints_problems_and_the_summary_in_chinese() {
    let d = Dir::new();
    let db = d.path("r.sqlite3");
    let bad = d.write("w.csv", "code,name_en,country,host_institution,chinese_institution,opened_year,status\nA1,A,TH,H,C,1999,active\n");
    let out = luban(
        &["--db", &db, "--lang", "zh", "import", "workshops", &bad],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.starts_with("w.csv:2: 建成年份: 年份 1999 超出范围"),
        "{stderr}"
    );
    assert!(
        stderr.ends_with("luban: 输入中有 1 个问题；未写入任何内容\n"),
        "{stderr}"
    );
    let good = d.write("w2.csv", WORKSHOPS);
    let out = luban(
        &["--db", &db, "import", "workshops", &good, "--lang", "zh"],
        None,
    );
    assert_eq!(
        text(&out.stdout),
        "w2.csv（UTF-8，逗号分隔）：2 行：新增 2，更新 0，未变 0\n".to_owned() + WORKSHOP_ROWS
    );
}

/// The titles of every breakdown, in the order the one-file CSV holds them.
const BREAKDOWN_TITLES: [&str; 5] = [
    "By country",
    "By major category",
    "By year",
    "By Chinese institution",
    "By workshop",
];

/// `luban report --format csv` with `extra` arguments, which must succeed.
fn report_csv(db: &str, extra: &[&str]) -> Output {
    let mut args = vec!["--db", db, "report", "--format", "csv"];
    args.extend_from_slice(extra);
    let out = luban(&args, None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    out
}

#[test]
fn report_csv_to_a_path_ending_in_csv_writes_one_file_holding_every_breakdown_under_its_title() {
    let d = Dir::new();
    let db = with_workshops(&d);
    report_csv(&db, &["--out", &d.path("briefing.csv")]);
    let path = d.dir.path().join("briefing.csv");
    assert!(path.is_file(), "briefing.csv is a file, not a folder");
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBFBy country\r\n"));
    let contents = text(&bytes);
    let mut from = 0;
    for (i, title) in BREAKDOWN_TITLES.iter().enumerate() {
        let line = if i == 0 {
            format!("{title}\r\n")
        } else {
            format!("\r\n\r\n{title}\r\n")
        };
        let at = contents[from..]
            .find(&line)
            .unwrap_or_else(|| panic!("{title:?} after a blank line, in order, in {contents}"));
        from += at + line.len();
    }
}

#[test]
fn report_csv_to_a_path_ending_in_upper_case_csv_writes_one_file_too() {
    let d = Dir::new();
    let db = with_workshops(&d);
    report_csv(&db, &["--out", &d.path("Briefing.CSV")]);
    assert!(d.dir.path().join("Briefing.CSV").is_file());
}

#[test]
fn report_csv_with_a_breakdown_writes_only_that_breakdown_to_the_file() {
    let d = Dir::new();
    let db = with_workshops(&d);
    report_csv(&db, &["--breakdown", "year", "--out", &d.path("years.csv")]);
    let contents = text(&std::fs::read(d.dir.path().join("years.csv")).unwrap());
    assert!(
        contents.starts_with("\u{feff}Year,Degree students,"),
        "{contents}"
    );
    for title in BREAKDOWN_TITLES {
        assert!(!contents.contains(title), "no {title:?} in {contents}");
    }
    assert!(!contents.contains("Country code"), "{contents}");
}

#[test]
fn report_csv_to_a_path_ending_in_a_separator_writes_a_folder_with_one_file_per_breakdown() {
    let d = Dir::new();
    let db = with_workshops(&d);
    let folder = format!("{}{}", d.path("briefing.csv"), std::path::MAIN_SEPARATOR);
    report_csv(&db, &["--out", &folder]);
    let dir = d.dir.path().join("briefing.csv");
    assert!(dir.is_dir());
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 5, "{names:?}");
    for (name, breakdown) in
        names
            .iter()
            .zip(["category", "country", "institution", "workshop", "year"])
    {
        assert!(name.ends_with(&format!("-by-{breakdown}.csv")), "{name}");
    }
}

#[test]
fn report_csv_to_an_existing_folder_named_like_a_csv_file_writes_into_it() {
    let d = Dir::new();
    let db = with_workshops(&d);
    std::fs::create_dir(d.dir.path().join("old.csv")).unwrap();
    report_csv(&db, &["--out", &d.path("old.csv")]);
    assert_eq!(
        std::fs::read_dir(d.dir.path().join("old.csv"))
            .unwrap()
            .count(),
        5
    );
}

#[test]
fn report_csv_on_standard_output_is_the_same_bytes_as_the_one_file_form() {
    let d = Dir::new();
    let db = with_workshops(&d);
    let stdout = report_csv(&db, &[]).stdout;
    report_csv(&db, &["--out", &d.path("briefing.csv")]);
    assert_eq!(
        text(&stdout),
        text(&std::fs::read(d.dir.path().join("briefing.csv")).unwrap())
    );
    let one = report_csv(&db, &["--breakdown", "country"]).stdout;
    report_csv(
        &db,
        &["--breakdown", "country", "--out", &d.path("country.csv")],
    );
    assert_eq!(
        one,
        std::fs::read(d.dir.path().join("country.csv")).unwrap()
    );
}

#[test]
fn report_csv_on_standard_output_guards_a_cell_that_starts_with_a_formula() {
    let d = Dir::new();
    let db = d.path("r.sqlite3");
    let workshops = d.write(
        "w.csv",
        "code,name_en,country,host_institution,chinese_institution,opened_year,status\n\
         TH-AYU,=HYPERLINK(\"http://x\"),TH,Ayutthaya,=1+1,2016,active\n",
    );
    let out = luban(&["--db", &db, "import", "workshops", &workshops], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let csv = text(&report_csv(&db, &[]).stdout);
    assert!(
        csv.contains("\r\n'=1+1,"),
        "the institution is guarded: {csv}"
    );
    assert!(
        csv.contains(",\"'=HYPERLINK(\"\"http://x\"\")\","),
        "the workshop name is guarded: {csv}"
    );
    assert!(!csv.contains("\n=") && !csv.contains(",="), "{csv}");
}

fn workbook(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data/workbooks")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

#[test]
fn import_all_of_an_office_workbook_imports_its_sheets_and_lists_what_it_left_out() {
    let d = Dir::new();
    let db = d.path("r.sqlite3");
    let book = workbook("鲁班工坊登记表.xlsx");
    let out = luban(&["--db", &db, "import-all", &book], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("鲁班工坊登记表.xlsx (sheet \"工坊\"): 2 rows: 2 added"),
        "{stdout}"
    );
    assert!(
        stdout.contains("鲁班工坊登记表.xlsx (sheet \"招生\"): 2 rows: 2 added"),
        "{stdout}"
    );
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("[工坊] row 3: warning: header on row 3; rows 1–2 left out as a title"),
        "{stderr}"
    );
    assert!(
        stderr.contains("[说明]: warning: sheet \"说明\" was left out"),
        "{stderr}"
    );
}

#[test]
fn import_with_sheet_reads_that_sheet_and_a_missing_sheet_exits_one_naming_the_sheets() {
    let d = Dir::new();
    let db = d.path("r.sqlite3");
    let book = workbook("鲁班工坊登记表.xlsx");
    let out = luban(
        &["--db", &db, "import", "工坊", &book, "--sheet", "工坊"],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = luban(
        &[
            "--db",
            &db,
            "--lang",
            "zh",
            "import",
            "workshops",
            &book,
            "--sheet",
            "Sheet9",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr)
            .contains("工作簿中没有名为“Sheet9”的工作表；现有工作表：“工坊”、“招生”、“说明”"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn backup_prints_the_path_of_a_copy_that_opens_as_the_registry() {
    let d = Dir::new();
    let db = with_workshops(&d);
    let out = luban(&["--db", &db, "backup"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let path = text(&out.stdout).trim().to_string();
    let copy = luban(&["--db", &path, "export", "workshops", "-"], None);
    assert!(text(&copy.stdout).contains("PK-LHR"));
}

#[test]
fn backup_with_out_writes_the_copy_to_that_file() {
    let d = Dir::new();
    let db = with_workshops(&d);
    let target = d.path("copy.sqlite3");
    let out = luban(&["--db", &db, "backup", "--out", &target], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).trim(), target);
    let copy = luban(&["--db", &target, "export", "workshops", "-"], None);
    assert!(text(&copy.stdout).contains("TH-AYU"));
}

#[test]
fn backups_as_json_lists_path_created_reason_and_bytes_newest_first() {
    let d = Dir::new();
    let db = with_workshops(&d);
    assert!(luban(&["--db", &db, "backup"], None).status.success());
    let out = luban(&["--db", &db, "backups", "--format", "json"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let list = list.as_array().expect("an array");
    // The import of `with_workshops` took one, then the manual one.
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["reason"], "manual");
    assert_eq!(list[1]["reason"], "import");
    assert!(list[0]["created"].as_str() > list[1]["created"].as_str());
    for b in list {
        assert!(b["bytes"].as_u64().is_some_and(|n| n > 0));
        assert!(Path::new(b["path"].as_str().expect("path")).is_file());
    }
}

#[test]
fn restore_brings_back_the_registry_of_the_backup() {
    let d = Dir::new();
    let db = with_workshops(&d);
    let saved = text(&luban(&["--db", &db, "backup"], None).stdout);
    let more = d.write(
        "more.csv",
        "code,name_en,country,host_institution,chinese_institution,opened_year,status\n\
EG-CAI,Egypt Luban Workshop,EG,Ain Shams University,Tianjin Light Industry,2020,active\n",
    );
    assert!(luban(&["--db", &db, "import", "workshops", &more], None)
        .status
        .success());
    let out = luban(&["--db", &db, "restore", saved.trim()], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let now = text(&luban(&["--db", &db, "export", "workshops", "-"], None).stdout);
    assert!(!now.contains("EG-CAI") && now.contains("PK-LHR"), "{now}");
}

#[test]
fn restore_of_a_file_that_is_not_a_registry_exits_1_and_leaves_the_registry_as_it_was() {
    let d = Dir::new();
    let db = with_workshops(&d);
    let before = std::fs::read(&db).expect("registry");
    let junk = d.write("junk.sqlite3", "not a database at all, just words");
    let out = luban(&["--db", &db, "restore", &junk], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("luban backups"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read(&db).expect("registry"), before);
}

#[test]
fn check_refuses_an_empty_registry_file_and_leaves_it_empty() {
    let d = Dir::new();
    let db = d.write("r.sqlite3", "");
    let out = luban(&["--db", &db, "check"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("luban init --force"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read(&db).expect("file").len(), 0);
}

#[test]
fn init_refuses_an_empty_registry_file_without_force() {
    let d = Dir::new();
    let db = d.write("r.sqlite3", "");
    let out = luban(&["--db", &db, "init"], None);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read(&db).expect("file").len(), 0);
}

#[test]
fn init_force_keeps_an_empty_file_aside_and_starts_a_new_registry() {
    let d = Dir::new();
    let db = d.write("r.sqlite3", "");
    let out = luban(&["--db", &db, "init", "--force"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains(".set-aside-"),
        "{}",
        text(&out.stderr)
    );
    assert!(luban(&["--db", &db, "check"], None).status.success());
}

/// Overwrites the last two pages of a closed registry: rows damaged, schema readable.
fn damage(db: &str) {
    let mut data = std::fs::read(db).expect("read");
    let from = data.len() / 4096 * 4096 - 2 * 4096;
    for (i, byte) in data.iter_mut().enumerate().skip(from) {
        *byte = (i % 251) as u8;
    }
    std::fs::write(db, data).expect("written");
}

#[test]
fn import_into_a_damaged_registry_exits_1_names_luban_restore_and_writes_nothing() {
    let d = Dir::new();
    let db = with_workshops(&d);
    damage(&db);
    let before = std::fs::read(&db).expect("registry");
    let more = d.write(
        "more.csv",
        "code,name_en,country,host_institution,chinese_institution,opened_year,status\n\
EG-CAI,Egypt Luban Workshop,EG,Ain Shams University,Tianjin Light Industry,2020,active\n",
    );
    let out = luban(&["--db", &db, "import", "workshops", &more], None);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    // The import of `with_workshops` took a backup before it wrote: that one is named.
    assert!(
        stderr.contains("luban restore") && stderr.contains("backups"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&db).expect("registry"), before);
}

#[test]
fn a_command_waiting_for_a_lock_says_so_and_on_timeout_says_what_to_do() {
    let d = Dir::new();
    let db = with_workshops(&d);
    let holder = rusqlite::Connection::open(&db).expect("second connection");
    holder
        .execute_batch("BEGIN IMMEDIATE; UPDATE workshop SET notes = 'held';")
        .expect("lock held");
    let more = d.write(
        "more.csv",
        "code,name_en,country,host_institution,chinese_institution,opened_year,status\n\
EG-CAI,Egypt Luban Workshop,EG,Ain Shams University,Tianjin Light Industry,2020,active\n",
    );
    let out = luban(
        &["--db", &db, "--lang", "zh", "import", "workshops", &more],
        None,
    );
    drop(holder);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("waiting for another program using the registry"),
        "{stderr}"
    );
    assert!(
        stderr.contains("请关闭该程序或等待其完成后再试"),
        "{stderr}"
    );
}

#[test]
fn history_batches_as_json_lists_the_import_with_its_file_and_counts() {
    let d = Dir::new();
    let db = with_workshops(&d);
    let out = luban(
        &["--db", &db, "history", "--batches", "--format", "json"],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let batch = &list.as_array().expect("an array")[0];
    assert_eq!(batch["source"], "import w.csv");
    assert_eq!(batch["added"], 2);
    assert!(batch["at"].as_str().is_some() && batch["user"].as_str().is_some());
}

#[test]
fn history_as_json_gives_each_changed_record_with_its_batch_and_old_and_new_values() {
    let d = Dir::new();
    let db = with_workshops(&d);
    let more = d.write(
        "more.csv",
        "code,name_en,country,host_institution,chinese_institution,opened_year,status\n\
PK-LHR,Pakistan Luban Workshop (Lahore),PK,Punjab TEVTA,Tianjin Modern,2018,active\n",
    );
    assert!(luban(&["--db", &db, "import", "workshops", &more], None)
        .status
        .success());
    let out = luban(
        &[
            "--db",
            &db,
            "history",
            "--kind",
            "workshops",
            "--key",
            "pk-lhr",
            "--format",
            "json",
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let newest = &list.as_array().expect("an array")[0];
    assert_eq!(newest["source"], "import more.csv");
    assert_eq!(newest["kind"], "workshops");
    assert_eq!(newest["key"], "PK-LHR");
    assert_eq!(newest["op"], "update");
    assert_eq!(
        newest["changes"]["name_en"],
        serde_json::json!([
            "Pakistan Luban Workshop",
            "Pakistan Luban Workshop (Lahore)"
        ])
    );
    assert!(newest["at"].is_string() && newest["user"].is_string() && newest["batch"].is_i64());
}

/// A workshops file of `n` workshops, named with `suffix`.
fn many_workshops(n: usize, suffix: &str) -> String {
    let mut csv = "code,name_en,country,host_institution,chinese_institution,opened_year,status\n"
        .to_string();
    for i in 0..n {
        csv.push_str(&format!(
            "W-{i:03},Workshop {i}{suffix},TH,Host {i},Tianjin,2016,active\n"
        ));
    }
    csv
}

#[test]
fn an_import_dry_run_prints_the_first_50_updated_records_field_by_field_then_a_count() {
    let d = Dir::new();
    let db = d.path("r.sqlite3");
    let first = d.write("w.csv", &many_workshops(60, ""));
    assert!(luban(&["--db", &db, "import", "workshops", &first], None)
        .status
        .success());
    let changed = d.write("w2.csv", &many_workshops(60, " (renamed)"));
    let out = luban(
        &[
            "--db",
            &db,
            "--lang",
            "en",
            "import",
            "workshops",
            &changed,
            "--dry-run",
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("workshops W-000:\n  name_en: \"Workshop 0\" -> \"Workshop 0 (renamed)\""),
        "{stdout}"
    );
    assert!(
        stdout.contains("W-049:") && !stdout.contains("W-050:"),
        "{stdout}"
    );
    assert!(
        stdout.contains("10 more records would be updated"),
        "{stdout}"
    );
    let json = luban(
        &[
            "--db",
            &db,
            "import",
            "workshops",
            &changed,
            "--dry-run",
            "--format",
            "json",
        ],
        None,
    );
    let outcome: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(outcome["updates"].as_array().map(Vec::len), Some(60));
}

#[test]
fn undo_of_the_last_import_takes_the_registry_back() {
    let d = Dir::new();
    let db = with_workshops(&d);
    let before = text(&luban(&["--db", &db, "export", "workshops", "-"], None).stdout);
    let more = d.write(
        "more.csv",
        "code,name_en,country,host_institution,chinese_institution,opened_year,status\n\
EG-CAI,Egypt Luban Workshop,EG,Ain Shams University,Tianjin Light Industry,2020,active\n",
    );
    assert!(luban(&["--db", &db, "import", "workshops", &more], None)
        .status
        .success());
    let out = luban(&["--db", &db, "undo"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let after = text(&luban(&["--db", &db, "export", "workshops", "-"], None).stdout);
    assert_eq!(after, before);
}

#[test]
fn undo_of_a_batch_a_later_one_follows_exits_1_naming_the_later_batch() {
    let d = Dir::new();
    let db = with_workshops(&d);
    let more = d.write(
        "more.csv",
        "code,name_en,country,host_institution,chinese_institution,opened_year,status\n\
EG-CAI,Egypt Luban Workshop,EG,Ain Shams University,Tianjin Light Industry,2020,active\n",
    );
    assert!(luban(&["--db", &db, "import", "workshops", &more], None)
        .status
        .success());
    let out = luban(&["--db", &db, "undo", "--batch", "1"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("import more.csv"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn due_on_a_fixed_date_prints_json_with_deadlines_days_and_both_messages() {
    let d = Dir::new();
    let db = with_workshops(&d);
    let agreements = "code,workshop,type,title,ends_on,notice_days,status\n\
                      TH-AYU-MOU,TH-AYU,mou,Memorandum,2025-06-30,180,signed\n";
    let out = luban(
        &[
            "--db",
            &db,
            "import",
            "agreements",
            &d.write("a.csv", agreements),
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = luban(
        &["--db", &db, "due", "--on", "2025-01-02", "--format", "json"],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let items: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let first = &items[0];
    assert_eq!(first["kind"], "figures_missing");
    let agreement = items
        .as_array()
        .and_then(|a| a.iter().find(|i| i["kind"] == "agreement_expiring"))
        .expect("the agreement is in its notice period");
    assert_eq!(agreement["key"], "TH-AYU-MOU");
    assert_eq!(agreement["due"], "2025-06-30");
    assert_eq!(agreement["days"], 179);
    assert!(agreement["message_zh"]
        .as_str()
        .unwrap_or("")
        .contains("续签"));
}

#[test]
fn due_writes_a_calendar_file_with_out() {
    let d = Dir::new();
    let db = with_workshops(&d);
    let ics = d.path("due.ics");
    let out = luban(
        &[
            "--db",
            &db,
            "due",
            "--on",
            "2025-01-02",
            "--format",
            "ics",
            "--out",
            &ics,
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let written = std::fs::read_to_string(&ics).expect("the calendar");
    assert!(written.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(written.ends_with("END:VCALENDAR\r\n"));
}

#[test]
fn due_refuses_a_date_it_cannot_read_and_says_how_to_write_it() {
    let d = Dir::new();
    let db = with_workshops(&d);
    let out = luban(&["--db", &db, "due", "--on", "next March"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("2024-11-21"));
}

#[test]
fn attach_lists_and_detach_a_signed_document_of_an_agreement() {
    let d = Dir::new();
    let db = with_workshops(&d);
    let agreements = "code,workshop,type,title,status\nTH-AYU-MOU,TH-AYU,mou,Memorandum,signed\n";
    let out = luban(
        &[
            "--db",
            &db,
            "import",
            "agreements",
            &d.write("a.csv", agreements),
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let pdf = d.write("MOU signed.pdf", "%PDF-1.7");
    let out = luban(&["--db", &db, "attach", "th-ayu-mou", &pdf], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = luban(
        &["--db", &db, "documents", "TH-AYU-MOU", "--format", "json"],
        None,
    );
    let listed: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(listed[0]["name"], "MOU signed.pdf");
    assert_eq!(listed[0]["size"], 8);
    let out = luban(
        &["--db", &db, "detach", "TH-AYU-MOU", "MOU signed.pdf"],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let again = luban(
        &["--db", &db, "detach", "TH-AYU-MOU", "MOU signed.pdf"],
        None,
    );
    assert_eq!(again.status.code(), Some(1));
    assert!(text(&again.stderr).contains("luban documents TH-AYU-MOU"));
}

#[test]
fn import_date_order_reads_a_year_last_date_as_asked() {
    let d = Dir::new();
    let db = d.path("r.sqlite3");
    let csv =
        "code,name_en,country,host_institution,chinese_institution,opened_year,opened_on,status\n\
               TH-AYU,Thailand,TH,Host,Tianjin,2016,3/8/2016,active\n";
    let file = d.write("workshops.csv", csv);
    let refused = luban(&["--db", &db, "import", "workshops", &file], None);
    assert_eq!(refused.status.code(), Some(1), "{}", text(&refused.stderr));
    assert!(text(&refused.stderr).contains("--date-order"));
    let out = luban(
        &[
            "--db",
            &db,
            "import",
            "workshops",
            &file,
            "--date-order",
            "dmy",
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let exported = luban(&["--db", &db, "export", "workshops", "-"], None);
    assert!(text(&exported.stdout).contains("2016-08-03"));
}

#[test]
fn import_all_takes_the_date_order_too() {
    let d = Dir::new();
    let db = d.path("r.sqlite3");
    let csv =
        "code,name_en,country,host_institution,chinese_institution,opened_year,opened_on,status\n\
               TH-AYU,Thailand,TH,Host,Tianjin,2016,3/8/2016,active\n";
    d.write("workshops.csv", csv);
    let out = luban(
        &[
            "--db",
            &db,
            "import-all",
            &d.path(""),
            "--date-order",
            "mdy",
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let exported = luban(&["--db", &db, "export", "workshops", "-"], None);
    assert!(text(&exported.stdout).contains("2016-03-08"));
}

#[test]
fn import_encoding_reads_a_file_the_detector_is_not_sure_of() {
    let d = Dir::new();
    let db = d.path("r.sqlite3");
    let big5 = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data/encodings/workshops-big5.csv")
        .to_string_lossy()
        .into_owned();
    let refused = luban(&["--db", &db, "import", "workshops", &big5], None);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        text(&refused.stderr).contains("--encoding"),
        "{}",
        text(&refused.stderr)
    );
    let out = luban(
        &[
            "--db",
            &db,
            "import",
            "workshops",
            &big5,
            "--encoding",
            "big5",
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let exported = luban(&["--db", &db, "export", "workshops", "-"], None);
    assert!(text(&exported.stdout).contains("泰國魯班工坊"));
}

#[test]
fn an_encoding_that_names_none_is_a_usage_error() {
    let d = Dir::new();
    let file = d.write("workshops.csv", "code\n");
    let out = luban(
        &[
            "--db",
            &d.path("r.sqlite3"),
            "import",
            "workshops",
            &file,
            "--encoding",
            "klingon",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_warning_repeated_on_many_rows_is_printed_once_with_its_count() {
    let d = Dir::new();
    let db = with_workshops(&d);
    let mut csv = String::from("workshop,year,kind,trainees\n");
    for year in 2000..2016 {
        csv.push_str(&format!("TH-AYU,{year},teacher,15\n"));
    }
    let out = luban(
        &["--db", &db, "import", "trainings", &d.write("t.csv", &csv)],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.contains("warning")).collect();
    assert_eq!(warnings.len(), 1, "{stderr}");
    assert!(
        warnings[0].ends_with("(the same on 16 rows: lines 2, 3, 4, 5, 6, …)"),
        "{stderr}"
    );
}

#[test]
fn import_maps_and_leaves_out_columns_as_asked_and_says_so() {
    let d = Dir::new();
    let db = d.path("r.sqlite3");
    let file = d.write(
        "w.csv",
        "code,name_en,country,外方单位名称,chinese_institution,opened_year,status,填表人\n\
TH-AYU,Thailand Luban Workshop,TH,Ayutthaya Technical College,Tianjin Bohai,2016,active,王老师\n",
    );
    let refused = luban(&["--db", &db, "import", "workshops", &file], None);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        text(&refused.stderr).contains("--map \"外方单位名称=COLUMN\""),
        "{}",
        text(&refused.stderr)
    );
    let out = luban(
        &[
            "--db",
            &db,
            "import",
            "workshops",
            &file,
            "--map",
            "外方单位名称=host_institution",
            "--ignore",
            "填表人",
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("was read as host_institution (Host institution (abroad)), as asked"),
        "{stderr}"
    );
    assert!(
        stderr.contains("column \"填表人\" was left out, as asked"),
        "{stderr}"
    );
}

#[test]
fn the_summary_of_an_import_shows_the_first_rows_as_decoded() {
    let d = Dir::new();
    let db = d.path("r.sqlite3");
    let out = luban(
        &[
            "--db",
            &db,
            "import",
            "workshops",
            "--dry-run",
            &d.write("w.csv", WORKSHOPS),
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("    | code | name_en | country | host_institution | chinese_institution | opened_year | status |"),
        "{stdout}"
    );
    assert!(stdout.contains(WORKSHOP_ROWS), "{stdout}");
}

#[test]
fn check_warns_about_a_registry_in_a_synced_folder_and_still_passes() {
    let d = Dir::new();
    std::fs::create_dir(d.dir.path().join("Dropbox")).unwrap();
    let db = d.path("Dropbox/r.sqlite3");
    assert!(luban(&["--db", &db, "init"], None).status.success());
    let out = luban(&["--db", &db, "check"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stderr);
    assert!(said.contains("inside a Dropbox folder"), "{said}");
    assert!(said.contains("can corrupt it"), "{said}");
    let out = luban(&["--db", &db, "--lang", "zh", "check"], None);
    assert!(text(&out.stderr).contains("同步文件夹"));
    // Not in one: no warning.
    let db = d.path("r.sqlite3");
    assert!(luban(&["--db", &db, "init"], None).status.success());
    let out = luban(&["--db", &db, "check"], None);
    assert_eq!(text(&out.stderr), "");
}

#[test]
fn a_reader_that_stops_early_ends_json_output_quietly_not_with_a_panic() {
    // `luban history --format json | head -c 1` closes the pipe early: as for `export - | head`,
    // that is no failure (exit 0, nothing said), where `println!` used to panic (exit 101).
    let d = Dir::new();
    let db = with_workshops(&d);
    let mut child = Command::new(env!("CARGO_BIN_EXE_luban"))
        .args(["--db", &db, "history", "--format", "json"])
        .env_remove("LUBAN_DB")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("luban runs");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("luban ends");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "");
}
