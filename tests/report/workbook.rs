//! The workbook read back as the XML parts Excel reads: bar chart axes.

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
        // By country, by major category, by Chinese institution.
        assert_eq!(charts.len(), 3, "{lang:?}");
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
