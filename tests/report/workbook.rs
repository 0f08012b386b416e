//! The workbook read back as the XML parts Excel reads: bar chart axes, and how each sheet prints
//! (page setup, repeated header row, charts alone on a page, the headline's wrapping).

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use luban_briefing::xlsx;
use luban_registry::report::{Lang, Report, Selection};

use crate::support::registry;

fn report() -> Report {
    registry().registry.report(&Selection::default()).unwrap()
}

/// Every XML part of the workbook `report` gives in `lang`, by path.
fn parts(report: &Report, lang: Lang) -> BTreeMap<String, String> {
    let bytes = xlsx::workbook(report, lang, "2025-11-23").unwrap();
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut parts = BTreeMap::new();
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).unwrap();
        let name = file.name().unwrap().to_string();
        if name.ends_with(".xml") || name.ends_with(".rels") {
            let mut text = String::new();
            file.read_to_string(&mut text).unwrap();
            parts.insert(name, text);
        }
    }
    parts
}

/// The value of attribute `name` in the element `element` (its text from `<` to `>`).
fn attr<'a>(element: &'a str, name: &str) -> Option<&'a str> {
    let start = element.find(&format!(" {name}=\""))? + name.len() + 3;
    element[start..].split('"').next()
}

/// The opening tags `<tag …>` in `xml`.
fn tags<'a>(xml: &'a str, tag: &str) -> Vec<&'a str> {
    xml.match_indices(&format!("<{tag}"))
        .filter_map(|(at, _)| {
            let rest = &xml[at..];
            let end = rest.find('>')?;
            // `<c:valAx>` but not `<c:valAxis…>`: the name ends at a space, `>` or `/`.
            let after = rest[tag.len() + 1..].chars().next()?;
            matches!(after, ' ' | '>' | '/').then(|| &rest[..=end])
        })
        .collect()
}

/// The text between `<tag>` and `</tag>`, for each such element.
fn sections<'a>(xml: &'a str, tag: &str) -> Vec<&'a str> {
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    xml.split(open.as_str())
        .skip(1)
        .filter_map(|rest| rest.split_once(close.as_str()).map(|(inside, _)| inside))
        .collect()
}

/// Each sheet's name and the XML of its part, in workbook order.
fn sheets(parts: &BTreeMap<String, String>) -> Vec<(String, &str)> {
    let rels = &parts["xl/_rels/workbook.xml.rels"];
    let target = |id: &str| {
        tags(rels, "Relationship")
            .into_iter()
            .find(|r| attr(r, "Id") == Some(id))
            .and_then(|r| attr(r, "Target"))
            .map(|t| format!("xl/{t}"))
            .unwrap()
    };
    tags(&parts["xl/workbook.xml"], "sheet")
        .into_iter()
        .map(|s| {
            let name = attr(s, "name").unwrap().replace("&amp;", "&");
            let part = target(attr(s, "r:id").unwrap());
            (name, parts[&part].as_str())
        })
        .collect()
}

fn is_chart_sheet(name: &str) -> bool {
    name.ends_with(" (chart)") || name.ends_with("（图表）")
}

/// The table sheets: every sheet but the Summary and the chart sheets.
fn table_sheets(parts: &BTreeMap<String, String>) -> Vec<(String, &str)> {
    sheets(parts)
        .into_iter()
        .filter(|(name, _)| name != xlsx::SUMMARY_SHEET && !is_chart_sheet(name))
        .collect()
}

/// The chart parts of horizontal bar charts.
fn bar_charts(parts: &BTreeMap<String, String>) -> Vec<(&String, &String)> {
    parts
        .iter()
        .filter(|(name, xml)| {
            name.starts_with("xl/charts/chart") && xml.contains("<c:barDir val=\"bar\"/>")
        })
        .collect()
}

/// An axis's `<c:orientation val=…>`.
fn orientation(axis: &str) -> Option<&str> {
    tags(axis, "c:orientation")
        .first()
        .and_then(|t| attr(t, "val"))
}

#[test]
fn workbook_bar_charts_put_the_largest_bar_on_top() {
    for lang in [Lang::En, Lang::Zh] {
        let parts = parts(&report(), lang);
        let charts = bar_charts(&parts);
        // By country, by major category, by Chinese institution, and by workshop (degree
        // students and trainees): every bar chart is horizontal, drawn from the core's bar list.
        assert_eq!(charts.len(), 5, "{lang:?}");
        for (name, xml) in charts {
            // The rows are largest first; the category axis runs from the top down.
            for axis in sections(xml, "c:catAx") {
                assert_eq!(orientation(axis), Some("maxMin"), "{name}");
            }
            for axis in sections(xml, "c:valAx") {
                assert_eq!(orientation(axis), Some("minMax"), "{name}");
            }
        }
    }
}

#[test]
fn workbook_bar_charts_keep_the_value_axis_at_the_bottom() {
    let parts = parts(&report(), Lang::En);
    for (name, xml) in bar_charts(&parts) {
        // With the categories reversed, the value axis crosses at the last category, which is
        // now the bottom one.
        for axis in sections(xml, "c:valAx") {
            let crosses = tags(axis, "c:crosses").first().and_then(|t| attr(t, "val"));
            assert_eq!(crosses, Some("max"), "{name}");
        }
    }
}

#[test]
fn every_sheet_prints_one_page_wide_and_as_many_pages_tall_as_it_needs() {
    let parts = parts(&report(), Lang::En);
    let sheets: Vec<_> = sheets(&parts)
        .into_iter()
        .filter(|(name, _)| !is_chart_sheet(name))
        .collect();
    assert_eq!(sheets.len(), 6);
    for (name, xml) in sheets {
        let fit = tags(xml, "pageSetUpPr");
        assert_eq!(fit.len(), 1, "{name}");
        assert_eq!(attr(fit[0], "fitToPage"), Some("1"), "{name}");
        let setup = tags(xml, "pageSetup")[0];
        // fitToWidth defaults to 1 in the schema, so a writer may leave it out.
        assert!(
            matches!(attr(setup, "fitToWidth"), None | Some("1")),
            "{name}: {setup}"
        );
        assert_eq!(attr(setup, "fitToHeight"), Some("0"), "{name}: {setup}");
        assert_eq!(attr(setup, "paperSize"), Some("9"), "{name}: A4");
    }
}

#[test]
fn every_table_sheet_repeats_its_header_row_on_each_printed_page() {
    let parts = parts(&report(), Lang::Zh);
    let workbook = &parts["xl/workbook.xml"];
    let titles: Vec<&str> = workbook
        .split("<definedName ")
        .skip(1)
        .filter(|d| d.starts_with("name=\"_xlnm.Print_Titles\""))
        .filter_map(|d| d.split_once('>').map(|(_, rest)| rest))
        .filter_map(|rest| rest.split_once("</definedName>").map(|(value, _)| value))
        .collect();
    let tables = table_sheets(&parts);
    assert_eq!(tables.len(), 5);
    for (name, _) in tables {
        // Excel quotes a sheet name only when it holds spaces or punctuation.
        let expected = [format!("'{name}'!$1:$1"), format!("{name}!$1:$1")];
        assert!(
            expected.iter().any(|e| titles.contains(&e.as_str())),
            "{name}'s row 1 not among {titles:?}"
        );
    }
}

#[test]
fn a_table_wider_than_a_portrait_page_prints_landscape() {
    let parts = parts(&report(), Lang::En);
    let orientation_of = |sheet: &str| {
        let (_, xml) = sheets(&parts)
            .into_iter()
            .find(|(n, _)| n == sheet)
            .unwrap();
        attr(tags(xml, "pageSetup")[0], "orientation").map(str::to_string)
    };
    // Thirteen columns of workshop figures; four of years.
    assert_eq!(orientation_of("By workshop").as_deref(), Some("landscape"));
    assert!(matches!(
        orientation_of("By year").as_deref(),
        None | Some("portrait")
    ));
}

#[test]
fn each_chart_prints_alone_on_one_landscape_page() {
    let parts = parts(&report(), Lang::En);
    let charts: Vec<_> = sheets(&parts)
        .into_iter()
        .filter(|(name, _)| is_chart_sheet(name))
        .collect();
    assert_eq!(charts.len(), 5);
    let workbook = &parts["xl/workbook.xml"];
    for (name, xml) in charts {
        assert_eq!(tags(xml, "drawing").len(), 1, "{name} holds its chart");
        // The chart's bar list sits right of the print area ($A$1:$O$…), so only the chart prints.
        for cell in tags(xml, "c") {
            let column: String = attr(cell, "r")
                .unwrap_or_default()
                .chars()
                .take_while(|c| c.is_ascii_alphabetic())
                .collect();
            assert!(
                column.len() > 1 || column.as_str() > "O",
                "{name}: cell {cell} is outside the printed columns A–O"
            );
        }
        let setup = tags(xml, "pageSetup")[0];
        assert_eq!(attr(setup, "orientation"), Some("landscape"), "{name}");
        // Fitted to one page each way (1 is the schema's default for both).
        assert_eq!(
            attr(tags(xml, "pageSetUpPr")[0], "fitToPage"),
            Some("1"),
            "{name}"
        );
        assert!(
            matches!(attr(setup, "fitToWidth"), None | Some("1")),
            "{setup}"
        );
        assert!(
            matches!(attr(setup, "fitToHeight"), None | Some("1")),
            "{setup}"
        );
        assert!(
            workbook.contains(&format!("'{name}'!$A$1:")),
            "{name} has a print area"
        );
    }
}

#[test]
fn the_summary_headline_wraps_in_a_row_tall_enough_for_its_lines() {
    let r = report();
    let sentence = &r.sentence.en;
    // The value column is 90 characters wide: this headline takes two lines or more.
    assert!(sentence.chars().count() > 100, "{sentence}");
    let parts = parts(&r, Lang::En);
    let strings = sections(&parts["xl/sharedStrings.xml"], "t");
    let index = strings
        .iter()
        .position(|s| s == sentence)
        .unwrap()
        .to_string();
    let (_, summary) = sheets(&parts).into_iter().next().unwrap();
    // The cell holding the headline: a shared string `<c r=… s=… t="s"><v>index</v></c>`.
    let cell = summary
        .split("<c ")
        .skip(1)
        .find(|c| c.contains(&format!("<v>{index}</v>")))
        .unwrap();
    let reference = attr(&format!(" {cell}"), "r").unwrap().to_string();
    let style: usize = attr(&format!(" {cell}"), "s").unwrap().parse().unwrap();
    let styles = &parts["xl/styles.xml"];
    let xfs = styles.split("<cellXfs").nth(1).unwrap();
    let xfs = xfs.split("</cellXfs>").next().unwrap();
    let xf = xfs.split("<xf ").nth(style + 1).unwrap();
    let xf = xf.split("</xf>").next().unwrap();
    assert!(xf.contains("wrapText=\"1\""), "{reference}: {xf}");
    let row_number = reference.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    let row = tags(summary, "row")
        .into_iter()
        .find(|r| attr(r, "r") == Some(row_number))
        .unwrap();
    let height: f64 = attr(row, "ht").unwrap().parse().unwrap();
    assert_eq!(attr(row, "customHeight"), Some("1"), "{row}");
    assert!(height >= 2.0 * 15.0, "{row}: two lines need 30 pt");
}
