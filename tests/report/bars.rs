//! The bars of every bar chart (countries, categories, institutions, workshops): one list, decided
//! in the core, drawn the same by the SVG and PNG charts (one drawing), the dashboard's, the HTML
//! and the PDF briefing's sizes, and the workbook's native charts, in English and Chinese, ties
//! broken by a language-independent key and the rest in one bar.

use std::io::{Cursor, Read};

use calamine::Reader;
use luban_briefing::{chart, html, xlsx, BarMeasure, ChartKind};
use luban_registry::report::{
    bars, bars_at_most, BarChart, BarKey, Lang, Measure, Report, Selection, MAX_BARS,
};
use luban_registry::{Entity, ImportOptions, Source};

use crate::support::{registry, Fixture};

/// Ten more workshops in ten more countries, and a second in Thailand and in Nigeria: 14 countries,
/// Thailand and Nigeria with 2 workshops, the other 12 tied at 1.
const MORE_WORKSHOPS: &str =
    "code,name_en,country,host_institution,chinese_institution,opened_year,status
X-DE,w,DE,h,i,2020,active
X-FR,w,FR,h,i,2020,active
X-IT,w,IT,h,i,2020,active
X-ES,w,ES,h,i,2020,active
X-NG,w,NG,h,i,2020,active
X-NG2,w,NG,h,i,2021,active
X-KE,w,KE,h,i,2020,active
X-ZA,w,ZA,h,i,2020,active
X-BR,w,BR,h,i,2020,active
X-AR,w,AR,h,i,2020,active
X-MX,w,MX,h,i,2020,active
X-TH2,w,TH,h,i,2021,active
";

fn many_countries() -> (Fixture, Report) {
    let mut f = registry();
    f.registry
        .import(
            Source::Bytes {
                entity: Entity::Workshops,
                name: "more.csv",
                bytes: MORE_WORKSHOPS.as_bytes(),
            },
            ImportOptions::default(),
        )
        .unwrap();
    let r = f.registry.report(&Selection::default()).unwrap();
    (f, r)
}

fn keys(list: &[luban_registry::report::Bar]) -> Vec<BarKey> {
    list.iter().map(|b| b.key.clone()).collect()
}

fn country(code: &str) -> BarKey {
    BarKey::Country(code.into())
}

/// The end-anchored texts of an SVG (the category axis' labels), top to bottom.
fn axis_labels_top_down(svg: &str) -> Vec<String> {
    let mut found: Vec<(f64, String)> = svg
        .split("<text ")
        .skip(1)
        .filter_map(|element| {
            let (attributes, rest) = element.split_once('>')?;
            let text = rest.split_once("</text>")?.0.trim().to_string();
            if !attributes.contains("text-anchor=\"end\"") {
                return None;
            }
            let y = attributes.split_once(" y=\"")?.1.split('"').next()?;
            Some((y.parse().ok()?, text))
        })
        .collect();
    found.sort_by(|a, b| a.0.total_cmp(&b.0));
    found.into_iter().map(|(_, t)| t).collect()
}

#[test]
fn tied_bars_are_ordered_by_iso_code_not_by_name_in_either_language() {
    // One workshop in each of Egypt, the UK, Cambodia and Thailand.
    let r = registry().registry.report(&Selection::default()).unwrap();
    let list = bars(&r, BarChart::Country, Measure::Workshops);
    assert_eq!(
        keys(&list),
        vec![country("EG"), country("GB"), country("KH"), country("TH")]
    );
    for lang in [Lang::En, Lang::Zh] {
        let svg = chart::svg(&r, ChartKind::Country, BarMeasure::Workshops, lang).unwrap();
        let want: Vec<&str> = list.iter().map(|b| b.label.get(lang)).collect();
        assert_eq!(axis_labels_top_down(&svg), want, "{lang:?}");
    }
}

#[test]
fn rows_that_do_not_fit_become_one_bar_of_the_others_with_their_sum() {
    let (_f, r) = many_countries();
    let list = bars(&r, BarChart::Country, Measure::Workshops);
    assert_eq!(list.len(), MAX_BARS);
    assert_eq!(
        keys(&list[..3]),
        vec![country("NG"), country("TH"), country("AR")]
    );
    let last = &list[MAX_BARS - 1];
    // 14 countries: 11 bars and the other 3 (Cambodia, Mexico, South Africa: the last by code).
    assert_eq!(last.key, BarKey::Others(3));
    assert_eq!(last.value, 3);
    assert_eq!(last.label.en, "3 other countries");
    assert_eq!(last.label.zh, "其他3国");
    let total: i64 = list.iter().map(|b| b.value).sum();
    assert_eq!(total, r.headline.workshops, "no workshop is dropped");
}

#[test]
fn a_list_that_fits_has_no_others_bar() {
    let (_f, r) = many_countries();
    let list = bars_at_most(&r, BarChart::Country, Measure::Workshops, 14);
    assert_eq!(list.len(), 14);
    assert!(list.iter().all(|b| !matches!(b.key, BarKey::Others(_))));
}

#[test]
fn svg_dashboard_html_and_png_draw_the_core_bar_list_in_both_languages() {
    let (_f, r) = many_countries();
    for kind in [ChartKind::Country, ChartKind::Category] {
        let list = chart::bars(&r, kind, BarMeasure::Workshops);
        assert!(!list.is_empty());
        for lang in [Lang::En, Lang::Zh] {
            let want: Vec<&str> = list.iter().map(|b| b.label.get(lang)).collect();
            // The slide (PNG and SVG share one drawing), the dashboard and the HTML page's sizes.
            for size in [(1920, 1080), (1280, 640), (1400, 760), (1000, 860)] {
                let svg = chart::svg_sized(&r, kind, BarMeasure::Workshops, lang, size).unwrap();
                assert_eq!(
                    axis_labels_top_down(&svg),
                    want,
                    "{kind:?} {lang:?} {size:?}"
                );
            }
            // The HTML page holds the country chart, then the category chart, then the year chart.
            let page = html::briefing(&r, lang, "2025-11-23").unwrap();
            let nth = if kind == ChartKind::Country { 1 } else { 2 };
            let inline = page.split("<svg").nth(nth).unwrap_or_default();
            assert_eq!(axis_labels_top_down(inline), want, "HTML {kind:?} {lang:?}");
            assert!(chart::png(&r, kind, BarMeasure::Workshops, lang).is_ok());
        }
    }
}

/// The bar list a workbook's chart sheet holds (label, value), read with calamine, and the chart
/// XML's category and value ranges.
fn workbook_bars(r: &Report, lang: Lang, sheet: &str) -> (Vec<(String, i64)>, Vec<String>) {
    let bytes = xlsx::workbook(r, lang, "2025-11-23").unwrap();
    let mut book = calamine::Xlsx::new(Cursor::new(bytes.clone())).unwrap();
    let range = book.worksheet_range(sheet).unwrap();
    let (start, _) = (range.start().unwrap(), range.end().unwrap());
    let mut list = Vec::new();
    for row in range.rows().skip(1) {
        let label = row[0].to_string();
        let value = row[1].to_string().parse::<f64>().unwrap() as i64;
        list.push((label, value));
    }
    assert_eq!(
        start.1, 16,
        "the list starts in column Q, right of the print area"
    );
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut formulas = Vec::new();
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).unwrap();
        if file.name().unwrap().starts_with("xl/charts/chart") {
            let mut xml = String::new();
            file.read_to_string(&mut xml).unwrap();
            formulas.extend(
                xml.split("<c:f>")
                    .skip(1)
                    .filter_map(|s| s.split_once("</c:f>").map(|(f, _)| f.to_string())),
            );
        }
    }
    (list, formulas)
}

#[test]
fn the_workbook_charts_draw_the_same_bar_list_in_both_languages() {
    let (_f, r) = many_countries();
    for (lang, sheet) in [
        (Lang::En, "By country (chart)"),
        (Lang::Zh, "分国家（图表）"),
    ] {
        let want: Vec<(String, i64)> = chart::bars(&r, ChartKind::Country, BarMeasure::Workshops)
            .iter()
            .map(|b| (b.label.get(lang).to_string(), b.value))
            .collect();
        let (list, formulas) = workbook_bars(&r, lang, sheet);
        assert_eq!(list, want, "{lang:?}");
        let cats = format!("'{sheet}'!$Q$2:$Q${}", want.len() + 1);
        assert!(
            formulas.iter().any(|f| f == &cats),
            "{lang:?}: a chart's categories are {cats}: {formulas:?}"
        );
    }
}

#[test]
fn the_bar_of_the_others_is_drawn_grey_and_the_countries_blue() {
    let (_f, r) = many_countries();
    let svg = chart::svg(&r, ChartKind::Country, BarMeasure::Workshops, Lang::En).unwrap();
    let grey = svg.matches("fill=\"#9AA3AE\"").count();
    assert_eq!(grey, 1, "one grey bar");
    let few = registry().registry.report(&Selection::default()).unwrap();
    let svg = chart::svg(&few, ChartKind::Country, BarMeasure::Workshops, Lang::En).unwrap();
    assert_eq!(
        svg.matches("fill=\"#9AA3AE\"").count(),
        0,
        "all fit: no grey bar"
    );
}

/// Sixteen workshops of fourteen Chinese institutions: 学院甲 and Inst N with 2 workshops each,
/// the other twelve (Inst B to Inst L and 学院乙) tied at 1. Ties go by the name as recorded, the
/// same in both languages.
const MANY_INSTITUTIONS: &str =
    "code,name_en,country,host_institution,chinese_institution,opened_year,status
I-01,w,DE,h,学院甲,2020,active
I-02,w,DE,h,学院甲,2020,active
I-03,w,FR,h,Inst N,2020,active
I-04,w,FR,h,Inst N,2020,active
I-05,w,IT,h,Inst B,2020,active
I-06,w,IT,h,Inst C,2020,active
I-07,w,ES,h,Inst D,2020,active
I-08,w,ES,h,Inst E,2020,active
I-09,w,KE,h,Inst F,2020,active
I-10,w,KE,h,Inst G,2020,active
I-11,w,ZA,h,Inst H,2020,active
I-12,w,ZA,h,Inst I,2020,active
I-13,w,BR,h,Inst J,2020,active
I-14,w,BR,h,Inst K,2020,active
I-15,w,AR,h,学院乙,2020,active
I-16,w,AR,h,Inst L,2020,active
";

/// Trainees of the fixture's workshops: ties at 10 between I-03 and I-01, and the rest at 1.
const MANY_TRAININGS: &str = "workshop,year,kind,trainees
I-03,2020,skills,10
I-01,2020,skills,10
I-05,2020,skills,1
I-06,2020,skills,1
I-07,2020,skills,1
I-08,2020,skills,1
I-09,2020,skills,1
I-10,2020,skills,1
I-11,2020,skills,1
I-12,2020,skills,1
I-13,2020,skills,1
I-14,2020,skills,1
I-15,2020,skills,1
I-16,2020,skills,1
";

fn many_institutions() -> (Fixture, Report) {
    let mut f = crate::support::empty();
    for (entity, text) in [
        (Entity::Workshops, MANY_INSTITUTIONS),
        (Entity::Trainings, MANY_TRAININGS),
    ] {
        f.registry
            .import(
                Source::Bytes {
                    entity,
                    name: &entity.file_name(),
                    bytes: text.as_bytes(),
                },
                ImportOptions::default(),
            )
            .unwrap();
    }
    let r = f.registry.report(&Selection::default()).unwrap();
    (f, r)
}

/// The bar list in columns `col` (label) and `col + 1` (value) of a workbook's sheet.
fn sheet_list(bytes: &[u8], sheet: &str, col: usize) -> Vec<(String, i64)> {
    let mut book = calamine::Xlsx::new(Cursor::new(bytes.to_vec())).unwrap();
    let range = book.worksheet_range(sheet).unwrap();
    let (start, _) = (range.start().unwrap(), range.end().unwrap());
    let first = col - start.1 as usize;
    range
        .rows()
        .skip(1)
        .filter(|row| !row[first].to_string().is_empty())
        .map(|row| {
            let value = row[first + 1].to_string().parse::<f64>().unwrap() as i64;
            (row[first].to_string(), value)
        })
        .collect()
}

fn labelled(list: &[luban_registry::report::Bar], lang: Lang) -> Vec<(String, i64)> {
    list.iter()
        .map(|b| (b.label.get(lang).to_string(), b.value))
        .collect()
}

#[test]
fn tied_institutions_are_ordered_by_recorded_name_and_the_rest_is_one_bar() {
    let (_f, r) = many_institutions();
    let list = bars(&r, BarChart::Institution, Measure::Workshops);
    assert_eq!(list.len(), MAX_BARS);
    assert_eq!(
        keys(&list[..4]),
        vec![
            BarKey::Institution("Inst N".into()),
            BarKey::Institution("学院甲".into()),
            BarKey::Institution("Inst B".into()),
            BarKey::Institution("Inst C".into()),
        ],
        "2 workshops first, ties by the recorded name (Latin before CJK in code point order)"
    );
    // 14 institutions: 11 bars and the other 3 (Inst K, Inst L and 学院乙: the last by name).
    let last = &list[MAX_BARS - 1];
    assert_eq!(last.key, BarKey::Others(3));
    assert_eq!(last.label.en, "3 other institutions");
    assert_eq!(last.label.zh, "其他3所院校");
    let total: i64 = list.iter().map(|b| b.value).sum();
    assert_eq!(total, 16, "every workshop of every institution is in a bar");
}

#[test]
fn the_workbook_institution_chart_draws_the_core_bar_list_in_both_languages() {
    let (_f, r) = many_institutions();
    let list = bars(&r, BarChart::Institution, Measure::Workshops);
    for (lang, sheet) in [
        (Lang::En, "By Chinese institution (chart)"),
        (Lang::Zh, "分中方院校（图表）"),
    ] {
        let bytes = xlsx::workbook(&r, lang, "2025-11-23").unwrap();
        assert_eq!(
            sheet_list(&bytes, sheet, 16),
            labelled(&list, lang),
            "{lang:?}"
        );
    }
}

#[test]
fn the_workbook_workshop_charts_draw_the_core_bar_lists_of_students_and_trainees() {
    let (_f, r) = many_institutions();
    let students = bars(&r, BarChart::Workshop, Measure::DegreeStudents);
    let trainees = bars(&r, BarChart::Workshop, Measure::Trainees);
    // Tied at 10 trainees: I-01 before I-03, by code.
    assert_eq!(
        keys(&trainees[..2]),
        vec![
            BarKey::Workshop("I-01".into()),
            BarKey::Workshop("I-03".into())
        ]
    );
    assert_eq!(trainees.last().unwrap().label.zh, "其他5个工坊");
    for (lang, sheet) in [
        (Lang::En, "By workshop (chart)"),
        (Lang::Zh, "分工坊（图表）"),
    ] {
        let bytes = xlsx::workbook(&r, lang, "2025-11-23").unwrap();
        assert_eq!(
            sheet_list(&bytes, sheet, 16),
            labelled(&students, lang),
            "{lang:?}"
        );
        assert_eq!(
            sheet_list(&bytes, sheet, 19),
            labelled(&trainees, lang),
            "{lang:?}"
        );
    }
}

#[test]
fn the_same_tied_country_bars_are_drawn_by_the_svg_html_and_workbook_in_both_languages() {
    let (_f, r) = many_countries();
    let list = bars(&r, BarChart::Country, Measure::Workshops);
    for lang in [Lang::En, Lang::Zh] {
        let want = labelled(&list, lang);
        let svg = chart::svg(&r, ChartKind::Country, BarMeasure::Workshops, lang).unwrap();
        let labels: Vec<String> = want.iter().map(|(l, _)| l.clone()).collect();
        assert_eq!(axis_labels_top_down(&svg), labels, "SVG {lang:?}");
        let page = html::briefing(&r, lang, "2025-11-23").unwrap();
        let inline = page.split("<svg").nth(1).unwrap_or_default();
        assert_eq!(axis_labels_top_down(inline), labels, "HTML {lang:?}");
        let bytes = xlsx::workbook(&r, lang, "2025-11-23").unwrap();
        let sheet = match lang {
            Lang::En => "By country (chart)",
            Lang::Zh => "分国家（图表）",
        };
        assert_eq!(sheet_list(&bytes, sheet, 16), want, "workbook {lang:?}");
    }
}

#[test]
fn the_others_bar_says_countries_and_regions_when_a_region_of_china_is_among_them() {
    let (mut f, _) = many_countries();
    f.registry
        .import(
            Source::Bytes {
                entity: Entity::Workshops,
                name: "tw.csv",
                bytes: b"code,name_en,country,host_institution,chinese_institution,opened_year,status\nX-TW,w,TW,h,i,2021,active\n",
            },
            ImportOptions::default(),
        )
        .unwrap();
    let r = f.registry.report(&Selection::default()).unwrap();
    let list = bars(&r, BarChart::Country, Measure::Workshops);
    // Tied at 1, TW sorts last by code: it is one of the four others.
    let last = list.last().unwrap();
    assert_eq!(last.key, BarKey::Others(4));
    assert_eq!(last.label.en, "4 other countries and regions");
    assert_eq!(last.label.zh, "其他4个国家和地区");
    for lang in [Lang::En, Lang::Zh] {
        let svg = chart::svg(&r, ChartKind::Country, BarMeasure::Workshops, lang).unwrap();
        assert!(svg.contains(last.label.get(lang)), "{lang:?}");
    }
}
