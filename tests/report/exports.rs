//! Every export format: breakdown CSVs, the Excel workbook (read back with calamine), the HTML
//! briefing, and the charts as PNG and SVG.

use std::io::Cursor;

use calamine::{Data, DataType, Reader, Xlsx};
use luban_briefing::{chart, csv_out, html, xlsx, BarMeasure, Breakdown, ChartKind};
use luban_registry::report::{Lang, Report, Selection};

use crate::support::{png_size, registry};

fn report(selection: Selection) -> Report {
    registry().registry.report(&selection).unwrap()
}

fn csv_text(report: &Report, breakdown: Breakdown, lang: Lang) -> String {
    let mut bytes = Vec::new();
    csv_out::write_breakdown(report, breakdown, lang, &mut bytes).unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "a breakdown CSV starts with a UTF-8 BOM"
    );
    String::from_utf8(bytes[3..].to_vec()).unwrap()
}

fn csv_rows(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn a_breakdown_csv_has_a_header_a_row_per_entry_and_the_selection_on_every_row() {
    let r = report(Selection {
        groups: vec!["SCO-partner".into()],
        ..Selection::default()
    });
    let rows = csv_rows(&csv_text(&r, Breakdown::Country, Lang::En));
    assert_eq!(
        rows[0],
        [
            "Country code",
            "Country",
            "Country (Chinese)",
            "Workshops",
            "Majors",
            "Degree students",
            "Trainees",
            "Selection"
        ]
    );
    assert_eq!(rows.len(), 3);
    assert!(rows[1..].iter().all(|row| row[7] == "group SCO-partner"));
    assert!(rows.contains(
        &vec![
            "KH",
            "Cambodia",
            "柬埔寨",
            "1",
            "1",
            "200",
            "40",
            "group SCO-partner"
        ]
        .into_iter()
        .map(String::from)
        .collect()
    ));
}

#[test]
fn a_breakdown_csv_guards_text_that_excel_would_run_as_a_formula() {
    let r = report(Selection::default());
    let text = csv_text(&r, Breakdown::Institution, Lang::En);
    let rows = csv_rows(&text);
    assert!(rows.iter().any(|row| row[0] == "'=Inst C"));
    assert!(!rows.iter().any(|row| row[0] == "=Inst C"));
}

#[test]
fn the_institution_csv_says_that_shared_workshops_count_for_each_institution() {
    let r = report(Selection::default());
    let text = csv_text(&r, Breakdown::Institution, Lang::En);
    assert!(text.contains("counts once for each of them"));
    let zh = csv_text(&r, Breakdown::Institution, Lang::Zh);
    assert!(zh.contains("在每所院校下各计一次"));
    assert!(zh.starts_with("中方院校,"));
}

#[test]
fn the_category_csv_lists_students_without_a_major_apart() {
    let r = report(Selection::default());
    let rows = csv_rows(&csv_text(&r, Breakdown::Category, Lang::En));
    assert!(rows
        .iter()
        .any(|row| row[1] == "Not split by major" && row[5] == "50"));
}

fn workbook(r: &Report) -> Xlsx<Cursor<Vec<u8>>> {
    let bytes = xlsx::workbook(r, Lang::En, "2025-11-23").unwrap();
    Xlsx::new(Cursor::new(bytes)).unwrap()
}

#[test]
fn the_workbook_has_a_summary_and_a_table_sheet_and_a_chart_sheet_per_breakdown() {
    let mut book = workbook(&report(Selection::default()));
    assert_eq!(
        book.sheet_names(),
        [
            "Summary",
            "By country",
            "By country (chart)",
            "By major category",
            "By major category (chart)",
            "By year",
            "By year (chart)",
            "By Chinese institution",
            "By Chinese institution (chart)",
            "By workshop",
            "By workshop (chart)"
        ]
    );
    assert!(book.worksheet_range("Summary").is_ok());
}

#[test]
fn the_summary_sheet_gives_the_selection_and_the_headline_in_both_languages() {
    let r = report(Selection {
        groups: vec!["SCO-partner".into()],
        ..Selection::default()
    });
    let mut book = workbook(&r);
    let summary = book.worksheet_range("Summary").unwrap();
    let texts: Vec<String> = summary
        .cells()
        .filter_map(|(_, _, c)| match c {
            Data::String(s) => Some(s.clone()),
            _ => None,
        })
        .collect();
    for expected in [&r.scope.en, &r.scope.zh, &r.sentence.en, &r.sentence.zh] {
        assert!(texts.contains(expected), "summary lacks {expected:?}");
    }
    let numbers: Vec<f64> = summary
        .cells()
        .filter_map(|(_, _, c)| c.get_float())
        .collect();
    assert_eq!(numbers, vec![2.0, 2.0, 2.0, 2.0, 270.0, 47.0]);
}

#[test]
fn breakdown_sheets_hold_real_numbers_under_a_header_row() {
    let r = report(Selection::default());
    let mut book = workbook(&r);
    let sheet = book.worksheet_range("By country").unwrap();
    assert_eq!(
        sheet.get_value((0, 0)),
        Some(&Data::String("Country code".into()))
    );
    assert_eq!(
        sheet.get_value((0, 3)),
        Some(&Data::String("Workshops".into()))
    );
    for (i, c) in r.by_country.iter().enumerate() {
        let row = i as u32 + 1;
        assert_eq!(
            sheet.get_value((row, 0)),
            Some(&Data::String(c.iso2.clone()))
        );
        assert_eq!(
            sheet.get_value((row, 3)).and_then(|v| v.get_float()),
            Some(c.workshops as f64)
        );
        assert_eq!(
            sheet.get_value((row, 5)).and_then(|v| v.get_float()),
            Some(c.degree_students as f64)
        );
    }
    let years = book.worksheet_range("By year").unwrap();
    assert_eq!(
        years.get_value((1, 0)).and_then(|v| v.get_float()),
        Some(2019.0)
    );
    assert_eq!(
        years.get_value((4, 3)).and_then(|v| v.get_float()),
        Some(420.0)
    );
}

#[test]
fn the_workbook_carries_native_excel_charts() {
    let bytes = xlsx::workbook(&report(Selection::default()), Lang::En, "2025-11-23").unwrap();
    // Zip entry names are stored uncompressed; one chart part per charted sheet.
    let count = bytes
        .windows(15)
        .filter(|w| w == b"xl/charts/chart")
        .count();
    assert!(count >= 5, "found {count} mentions of chart parts");
}

#[test]
fn the_html_briefing_fetches_nothing_from_outside() {
    let page = html::briefing(&report(Selection::default()), Lang::En, "2025-11-23").unwrap();
    let lower = page.to_lowercase();
    for forbidden in [
        "http:", "https:", "src=", "<link", "@import", "<script", "url(",
    ] {
        assert!(
            !lower.contains(forbidden),
            "the briefing contains {forbidden:?}"
        );
    }
    assert!(page.matches("<svg").count() == 3, "three inline charts");
    assert!(page.contains("@page"));
}

#[test]
fn the_html_briefing_escapes_every_piece_of_data() {
    let s = Selection {
        institutions: vec!["<script>alert(1)</script>".into()],
        ..Selection::default()
    };
    let page = html::briefing(&report(s), Lang::En, "2025-11-23").unwrap();
    assert!(!page.contains("<script"));
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[test]
fn the_chinese_html_briefing_states_the_chinese_headline() {
    let r = report(Selection {
        groups: vec!["SCO-partner".into()],
        ..Selection::default()
    });
    let page = html::briefing(&r, Lang::Zh, "2025-11-23").unwrap();
    assert!(page.contains("<html lang=\"zh-CN\">"));
    assert!(page.contains(&r.sentence.zh));
    assert!(page.contains("统计范围：上合组织伙伴国"));
}

#[test]
fn a_png_chart_is_1920_pixels_wide() {
    let r = report(Selection::default());
    for kind in ChartKind::ALL {
        let png = chart::png(&r, kind, BarMeasure::Workshops, Lang::Zh).unwrap();
        assert_eq!(png_size(&png), (1920, 1080), "{kind:?}");
    }
}

#[test]
fn an_svg_chart_carries_its_chinese_title_and_selection_as_text() {
    let r = report(Selection {
        groups: vec!["SCO-partner".into()],
        ..Selection::default()
    });
    let svg = chart::svg(&r, ChartKind::Country, BarMeasure::Workshops, Lang::Zh).unwrap();
    assert!(svg.contains("鲁班工坊分国家统计"));
    assert!(svg.contains("上合组织伙伴国"));
    assert!(svg.contains("柬埔寨"));
    let svg = chart::svg(&r, ChartKind::Year, BarMeasure::Workshops, Lang::Zh).unwrap();
    assert!(svg.contains("各年度学历教育与培训人数"));
}

#[test]
fn a_chart_of_an_empty_selection_says_there_is_nothing_to_show() {
    let r = report(Selection {
        countries: vec!["FR".into()],
        ..Selection::default()
    });
    let svg = chart::svg(&r, ChartKind::Country, BarMeasure::Workshops, Lang::En).unwrap();
    assert!(svg.contains("No figures in this selection"));
    let png = chart::png(&r, ChartKind::Year, BarMeasure::Workshops, Lang::En).unwrap();
    assert_eq!(png_size(&png).0, 1920);
}

/// The texts of an SVG's `<text … text-anchor="start" …>` elements: the title block and the value
/// at the end of each bar (axis labels are anchored at their end or middle).
fn start_anchored_texts(svg: &str) -> Vec<&str> {
    svg.split("<text ")
        .skip(1)
        .filter_map(|element| {
            let (attributes, rest) = element.split_once('>')?;
            let text = rest.split_once("</text>")?.0;
            attributes
                .contains("text-anchor=\"start\"")
                .then_some(text.trim())
        })
        .collect()
}

#[test]
fn a_chart_with_a_single_bar_labels_it_with_its_value() {
    let r = report(Selection {
        countries: vec!["EG".into()],
        ..Selection::default()
    });
    // Egypt alone: one country, one category, 70 degree students; on the slide and on the page.
    for kind in [ChartKind::Country, ChartKind::Category] {
        for size in [(1920, 1080), (1000, 860)] {
            let svg =
                chart::svg_sized(&r, kind, BarMeasure::DegreeStudents, Lang::En, size).unwrap();
            let texts = start_anchored_texts(&svg);
            assert!(texts.contains(&"70"), "{kind:?} at {size:?}: {texts:?}");
        }
    }
}

#[test]
fn the_default_file_name_names_the_selection_and_the_day() {
    let sco = Selection {
        groups: vec!["SCO-partner".into()],
        ..Selection::default()
    };
    assert_eq!(
        luban_briefing::default_file_name(&sco, "2025-11-23", "xlsx"),
        "luban-briefing-SCO-PARTNER-2025-11-23.xlsx"
    );
}

#[test]
fn saving_by_format_writes_the_named_file_or_a_folder_of_breakdowns() {
    use luban_briefing::output::{file_name, save, Format};
    let r = report(Selection {
        groups: vec!["SCO-partner".into()],
        ..Selection::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let date = "2025-11-23";
    for format in [
        Format::Xlsx,
        Format::Html,
        Format::Pdf,
        Format::Png,
        Format::Svg,
    ] {
        let path = dir
            .path()
            .join(file_name(&r.selection, date, format, ChartKind::Year));
        let written = save(&r, format, ChartKind::Year, Lang::Zh, date, &path).unwrap();
        assert_eq!(written, vec![path.clone()]);
        assert!(std::fs::metadata(&path).unwrap().len() > 0, "{format:?}");
    }
    assert!(dir
        .path()
        .join("luban-briefing-SCO-PARTNER-2025-11-23-year.png")
        .is_file());
    let folder = dir.path().join("csv");
    let written = save(&r, Format::Csv, ChartKind::Country, Lang::En, date, &folder).unwrap();
    assert_eq!(written.len(), Breakdown::ALL.len());
    assert!(folder
        .join("luban-briefing-SCO-PARTNER-2025-11-23-by-country.csv")
        .is_file());
}

#[test]
fn the_institution_set_in_the_registry_titles_the_briefing_and_is_its_source_in_both_languages() {
    let mut f = registry();
    f.registry
        .set_setting("institution_zh", "天津某职业技术学院国际交流处")
        .unwrap();
    f.registry
        .set_setting("institution_en", "International Office, Tianjin X College")
        .unwrap();
    let r = f.registry.report(&Selection::default()).unwrap();
    let zh = html::briefing(&r, Lang::Zh, "2025-11-23").unwrap();
    assert!(zh.contains("<h1>天津某职业技术学院国际交流处鲁班工坊简报</h1>"));
    assert!(zh.contains("数据来源：天津某职业技术学院国际交流处。"));
    let en = html::briefing(&r, Lang::En, "2025-11-23").unwrap();
    assert!(
        en.contains("<h1>International Office, Tianjin X College · Luban Workshop briefing</h1>")
    );
    assert!(en.contains("Source: International Office, Tianjin X College."));
    let svg = chart::svg(&r, ChartKind::Country, BarMeasure::Workshops, Lang::Zh).unwrap();
    assert!(svg.contains("数据来源：天津某职业技术学院国际交流处"));
    assert!(!svg.contains("鲁班工坊登记册"));
}

#[test]
fn without_an_institution_the_source_line_names_the_software() {
    let r = report(Selection::default());
    let zh = html::briefing(&r, Lang::Zh, "2025-11-23").unwrap();
    assert!(zh.contains("<h1>鲁班工坊简报</h1>"));
    assert!(zh.contains("数据来源：鲁班工坊登记册。"));
}

#[test]
fn a_briefing_whose_selection_includes_a_region_of_china_counts_countries_and_regions() {
    let f = with_taiwan();
    let r = f.registry.report(&Selection::default()).unwrap();
    assert!(
        r.sentence.zh.starts_with("在4个国家和地区建成4个鲁班工坊"),
        "{}",
        r.sentence.zh
    );
    assert!(r
        .sentence
        .en
        .starts_with("4 Luban Workshops established in 4 countries and regions"));
    let zh = html::briefing(&r, Lang::Zh, "2025-11-23").unwrap();
    assert!(zh.contains("<span>国家和地区</span>"));
    assert!(zh.contains("中国台湾"));
    let en = html::briefing(&r, Lang::En, "2025-11-23").unwrap();
    assert!(en.contains("<span>countries and regions</span>"));
    assert!(en.contains("Taiwan, China"));
}

/// The four-workshop registry with a fifth workshop in 中国台湾, a region of China.
fn with_taiwan() -> crate::support::Fixture {
    let mut f = registry();
    f.registry
        .import(
            luban_registry::Source::Bytes {
                entity: luban_registry::Entity::Workshops,
                name: "tw.csv",
                bytes: "code,name_en,country,host_institution,chinese_institution,opened_year,status\nW-TW,Taiwan workshop,TW,Host TW,Inst A,2021,active\n".as_bytes(),
            },
            luban_registry::ImportOptions::default(),
        )
        .unwrap();
    f
}

#[test]
fn tables_charts_and_sheets_say_countries_and_regions_when_a_region_of_china_is_selected() {
    let f = with_taiwan();
    let r = f.registry.report(&Selection::default()).unwrap();
    let country = luban_briefing::tables::table(&r, Breakdown::Country, Lang::Zh);
    assert_eq!(country.title, "分国家和地区");
    assert_eq!(
        &country.headers[..3],
        ["国家或地区代码", "国家或地区（英文）", "国家或地区"]
    );
    let country = luban_briefing::tables::table(&r, Breakdown::Country, Lang::En);
    assert_eq!(country.title, "By country and region");
    assert_eq!(
        &country.headers[..3],
        [
            "Country or region code",
            "Country or region",
            "Country or region (Chinese)"
        ]
    );
    let institutions = luban_briefing::tables::table(&r, Breakdown::Institution, Lang::Zh);
    assert_eq!(institutions.headers[2], "国家和地区数");
    let institutions = luban_briefing::tables::table(&r, Breakdown::Institution, Lang::En);
    assert_eq!(institutions.headers[2], "Countries and regions");
    let workshops = luban_briefing::tables::table(&r, Breakdown::Workshop, Lang::Zh);
    assert_eq!(workshops.headers[5], "国家或地区");
    assert_eq!(
        chart::title(&r, ChartKind::Country, BarMeasure::Workshops, Lang::Zh),
        "鲁班工坊分国家和地区统计：工坊数"
    );
    assert_eq!(
        chart::title(&r, ChartKind::Country, BarMeasure::Workshops, Lang::En),
        "Luban Workshops by country and region: workshops"
    );
    for (lang, sheets) in [
        (Lang::Zh, ["分国家和地区", "分国家和地区（图表）"]),
        (
            Lang::En,
            ["By country and region", "By country and region (chart)"],
        ),
    ] {
        let bytes = xlsx::workbook(&r, lang, "2025-11-23").unwrap();
        let book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        let names = calamine::Reader::sheet_names(&book);
        for sheet in sheets {
            assert!(names.iter().any(|n| n == sheet), "{sheet} not in {names:?}");
        }
    }
    let view = f
        .registry
        .report_view(&Selection::default(), Lang::Zh, None)
        .unwrap();
    assert_eq!(view.places.by.zh, "分国家和地区");
    assert_eq!(view.places.count.en, "Countries and regions");
}

#[test]
fn tables_and_charts_say_countries_when_no_region_of_china_is_selected() {
    let r = registry().registry.report(&Selection::default()).unwrap();
    assert_eq!(
        luban_briefing::tables::table(&r, Breakdown::Country, Lang::Zh).title,
        "分国家"
    );
    assert_eq!(
        luban_briefing::tables::table(&r, Breakdown::Country, Lang::En).title,
        "By country"
    );
    assert_eq!(
        luban_briefing::tables::table(&r, Breakdown::Institution, Lang::Zh).headers[2],
        "国家数"
    );
    assert_eq!(
        chart::title(&r, ChartKind::Country, BarMeasure::Workshops, Lang::Zh),
        "鲁班工坊分国家统计：工坊数"
    );
}
