//! `luban report --format pdf`: the one-page PDF briefing, read back with poppler's `pdfinfo` and
//! `pdftotext` (package `poppler-utils`; Homebrew `poppler` on macOS), as a reader of the file
//! would see it.

use std::process::Command;

use super::{luban, text, with_workshops, Dir};

/// Writes the PDF briefing of the registry `db` in `lang` to `name` in `d`; returns its path.
fn pdf(d: &Dir, db: &str, lang: &str, name: &str) -> String {
    let file = d.path(name);
    let out = luban(
        &[
            "--db", db, "--lang", lang, "report", "--format", "pdf", "--out", &file,
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    file
}

/// Runs a poppler tool, failing the test with a hint when it is not installed.
fn poppler(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} (poppler-utils) is needed for this test: {e}"));
    assert!(out.status.success(), "{tool}: {}", text(&out.stderr));
    text(&out.stdout)
}

/// The PDF's text as `pdftotext` extracts it, white space collapsed to single spaces, so text
/// the page wrapped over two lines reads as one.
fn pdf_text(file: &str) -> String {
    // `-` sends the text to standard output rather than to a file beside the PDF.
    let raw = poppler("pdftotext", &["-enc", "UTF-8", file, "-"]);
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The headline sentence `luban report` prints in `lang` (its first line; the selection follows).
fn sentence(db: &str, lang: &str) -> String {
    let out = luban(&["--db", db, "--lang", lang, "report"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let printed = text(&out.stdout);
    printed
        .lines()
        .next()
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// Chinese has no spaces between words, so a line break inside the sentence must not count.
fn without_spaces(s: &str) -> String {
    s.split_whitespace().collect()
}

#[test]
fn the_pdf_briefing_of_the_sample_registry_is_one_page_in_either_language() {
    let d = Dir::new();
    let db = d.path("sample.sqlite3");
    let out = luban(&["--db", &db, "init", "--sample"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    for lang in ["en", "zh"] {
        let file = pdf(&d, &db, lang, &format!("{lang}.pdf"));
        let info = poppler("pdfinfo", &[&file]);
        let pages = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .map(str::trim);
        assert_eq!(pages, Some("1"), "{lang}: {info}");
        assert!(info.contains("A4"), "{lang}: {info}");
    }
}

#[test]
fn the_english_pdf_briefing_contains_the_english_headline_as_text() {
    let d = Dir::new();
    let db = with_workshops(&d);
    let sentence = sentence(&db, "en");
    assert!(sentence.contains("Luban"), "{sentence}");
    let page = pdf_text(&pdf(&d, &db, "en", "b.pdf"));
    assert!(page.contains(&sentence), "{sentence:?} not in {page:?}");
}

#[test]
fn the_chinese_pdf_briefing_contains_the_chinese_headline_as_text() {
    let d = Dir::new();
    let db = with_workshops(&d);
    let sentence = sentence(&db, "zh");
    assert!(sentence.contains("鲁班工坊"), "{sentence}");
    let page = without_spaces(&pdf_text(&pdf(&d, &db, "zh", "b.pdf")));
    assert!(
        page.contains(&without_spaces(&sentence)),
        "{sentence:?} not in {page:?}"
    );
}

#[test]
fn the_pdf_briefing_names_the_institution_set_in_the_registry() {
    let d = Dir::new();
    let db = with_workshops(&d);
    for (key, value) in [
        ("institution_zh", "天津某职业技术学院国际交流处"),
        ("institution_en", "International Office, Tianjin X College"),
    ] {
        let out = luban(&["--db", &db, "settings", "set", key, value], None);
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    // The title and the footer's source line (with its full stop) are the page's own text; the
    // charts' source lines name the institution too, but must not be what passes this test.
    let zh = without_spaces(&pdf_text(&pdf(&d, &db, "zh", "zh.pdf")));
    for line in [
        "天津某职业技术学院国际交流处鲁班工坊简报",
        "数据来源：天津某职业技术学院国际交流处。",
    ] {
        assert!(zh.contains(line), "{line} not in {zh}");
    }
    let en = pdf_text(&pdf(&d, &db, "en", "en.pdf"));
    for line in [
        "International Office, Tianjin X College · Luban Workshop briefing",
        "Source: International Office, Tianjin X College.",
    ] {
        assert!(en.contains(line), "{line} not in {en}");
    }
}

#[test]
fn the_pdf_briefing_charts_name_their_countries_as_text() {
    let d = Dir::new();
    let db = with_workshops(&d);
    let en = pdf_text(&pdf(&d, &db, "en", "en.pdf"));
    for country in ["Thailand", "Pakistan"] {
        assert!(en.contains(country), "{country} not in {en}");
    }
    let zh = without_spaces(&pdf_text(&pdf(&d, &db, "zh", "zh.pdf")));
    for country in ["泰国", "巴基斯坦"] {
        assert!(zh.contains(country), "{country} not in {zh}");
    }
}

/// Fourteen workshops in fourteen countries, all tied at one: the chart shows the first eleven by
/// ISO code and one bar for the other three (Thailand, Uzbekistan, South Africa).
const FOURTEEN: &str =
    "code,name_en,country,host_institution,chinese_institution,opened_year,status
X-AR,w,AR,h,i,2020,active
X-BR,w,BR,h,i,2020,active
X-DE,w,DE,h,i,2020,active
X-EG,w,EG,h,i,2020,active
X-ES,w,ES,h,i,2020,active
X-FR,w,FR,h,i,2020,active
X-IT,w,IT,h,i,2020,active
X-KE,w,KE,h,i,2020,active
X-KH,w,KH,h,i,2020,active
X-MX,w,MX,h,i,2020,active
X-NG,w,NG,h,i,2020,active
X-TH,w,TH,h,i,2020,active
X-UZ,w,UZ,h,i,2020,active
X-ZA,w,ZA,h,i,2020,active
";

#[test]
fn the_pdf_country_chart_shows_the_cores_tied_bars_and_one_bar_of_the_others_in_both_languages() {
    let d = Dir::new();
    let db = d.path("r.sqlite3");
    let out = luban(
        &[
            "--db",
            &db,
            "import",
            "workshops",
            &d.write("w.csv", FOURTEEN),
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let en = pdf_text(&pdf(&d, &db, "en", "en.pdf"));
    for shown in ["Argentina", "Nigeria", "3 other countries"] {
        assert!(en.contains(shown), "{shown} not in {en}");
    }
    for cut in ["Thailand", "Uzbekistan", "South Africa"] {
        assert!(
            !en.contains(cut),
            "{cut} is in the others bar, not a bar: {en}"
        );
    }
    let zh = without_spaces(&pdf_text(&pdf(&d, &db, "zh", "zh.pdf")));
    for shown in ["阿根廷", "尼日利亚", "其他3国"] {
        assert!(zh.contains(shown), "{shown} not in {zh}");
    }
    for cut in ["泰国", "乌兹别克斯坦", "南非"] {
        assert!(
            !zh.contains(cut),
            "{cut} is in the others bar, not a bar: {zh}"
        );
    }
}
