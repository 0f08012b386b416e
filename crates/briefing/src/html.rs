//! The one-page HTML briefing: headline, key figures and the three charts, self-contained (inline
//! CSS and SVG, no scripts, fonts, images or links to fetch) and laid out to print on one A4 page
//! from any browser. Every piece of data is HTML-escaped.

use luban_registry::report::{headline_sentence, Lang, NumberStyle, Report};

use crate::chart::{escape_xml, svg_sized, BarMeasure, ChartKind};
use crate::error::Result;
use crate::labels::t;

const CSS: &str = r#"
@page { size: A4 portrait; margin: 12mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0 auto; max-width: 186mm; padding: 8mm 0; color: #1f2937; background: #fff;
  font-family: "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "Helvetica Neue", Arial, sans-serif;
  font-size: 10pt; line-height: 1.45; }
header { border-bottom: 2px solid #1f5fa8; padding-bottom: 3mm; margin-bottom: 4mm; }
h1 { font-size: 17pt; margin: 0 0 1mm; }
.meta { color: #5b6573; font-size: 8.5pt; margin: 0; }
.headline { font-size: 12pt; font-weight: 600; margin: 0 0 4mm; }
.other { color: #5b6573; font-size: 9pt; margin: -3mm 0 4mm; }
.figures { display: grid; grid-template-columns: repeat(6, 1fr); gap: 2mm; margin: 0 0 4mm; padding: 0; list-style: none; }
.figures li { border: 1px solid #dce3ea; border-radius: 2mm; padding: 2mm; text-align: center; }
.figures b { display: block; font-size: 14pt; color: #1f5fa8; }
.figures span { font-size: 8pt; color: #5b6573; }
figure { margin: 0 0 3mm; break-inside: avoid; page-break-inside: avoid; }
figure svg { display: block; width: 100%; height: auto; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 3mm; }
footer { color: #5b6573; font-size: 7.5pt; border-top: 1px solid #dce3ea; padding-top: 2mm; }
@media print { body { padding: 0; max-width: none; } }
"#;

/// The HTML briefing for `report` in `lang`, dated `generated_on` (`2025-11-23`).
pub fn briefing(report: &Report, lang: Lang, generated_on: &str) -> Result<String> {
    let style = NumberStyle::default_for(lang);
    let h = &report.headline;
    let e = escape_xml;
    let other = match lang {
        Lang::En => Lang::Zh,
        Lang::Zh => Lang::En,
    };
    // Regions of China are counted as regions: the core names what the figure counts.
    let places = h.countries_label().get(lang).to_lowercase();
    let figures = [
        (h.workshops, t(lang, "workshops", "鲁班工坊")),
        (h.countries, places.as_str()),
        (h.majors, t(lang, "majors", "专业")),
        (h.major_categories, t(lang, "major categories", "专业大类")),
        (
            h.degree_students,
            t(lang, "degree students", "学历教育人数"),
        ),
        (h.trainees, t(lang, "trainees", "培训人数")),
    ];
    let tiles: String = figures
        .iter()
        .map(|(n, label)| {
            format!(
                "<li><b>{}</b><span>{}</span></li>",
                e(&style.format(*n)),
                e(label)
            )
        })
        .collect();
    let country = strip_prolog(&svg_sized(
        report,
        ChartKind::Country,
        BarMeasure::Workshops,
        lang,
        (1400, 760),
    )?);
    let category = strip_prolog(&svg_sized(
        report,
        ChartKind::Category,
        BarMeasure::Workshops,
        lang,
        (1000, 860),
    )?);
    let year = strip_prolog(&svg_sized(
        report,
        ChartKind::Year,
        BarMeasure::Workshops,
        lang,
        (1000, 860),
    )?);
    let mut notes = Vec::new();
    if report.students_without_major > 0 {
        notes.push(match lang {
            Lang::En => format!(
                "{} degree students are recorded without a major and appear in no category.",
                style.format(report.students_without_major)
            ),
            Lang::Zh => format!(
                "另有学历教育学生{}人未注明专业，未计入任何专业大类。",
                style.format(report.students_without_major)
            ),
        });
    }
    notes.push(
        t(
            lang,
            "Degree students are students admitted to degree programmes; trainees are people trained. Years restrict these two sums only.",
            "学历教育人数为录取进入学历教育项目的学生人数；培训人数为接受培训的人数。年份范围只限定这两项合计。",
        )
        .to_string(),
    );
    let notes: String = notes.iter().map(|n| format!("<br>{}", e(n))).collect();
    Ok(format!(
        "<!DOCTYPE html>\n<html lang=\"{lang_tag}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<header>\n<h1>{title}</h1>\n<p class=\"meta\">{scope_label}{scope} · {date_label}{date}</p>\n</header>\n<p class=\"headline\">{sentence}</p>\n<p class=\"other\">{other_sentence}</p>\n<ul class=\"figures\">{tiles}</ul>\n<figure>{country}</figure>\n<div class=\"pair\"><figure>{category}</figure><figure>{year}</figure></div>\n<footer>{source}{notes}</footer>\n</body>\n</html>\n",
        lang_tag = t(lang, "en", "zh-CN"),
        title = e(report.title.get(lang)),
        scope_label = e(t(lang, "Selection: ", "统计范围：")),
        scope = e(report.scope.get(lang)),
        date_label = e(t(lang, "generated ", "生成日期：")),
        date = e(generated_on),
        sentence = e(&headline_sentence(h, &report.selection, lang, style)),
        other_sentence = e(&headline_sentence(h, &report.selection, other, NumberStyle::default_for(other))),
        source = e(&format!("{}{}", report.source.get(lang), t(lang, ".", "。"))),
    ))
}

/// Makes an SVG document fit for inlining in HTML: no XML declaration (not allowed there) and no
/// namespace attribute (implied in HTML, and the page then names no outside address at all).
fn strip_prolog(svg: &str) -> String {
    let svg = match svg.strip_prefix("<?xml") {
        Some(rest) => rest.find("?>").map_or(svg, |i| rest[i + 2..].trim_start()),
        None => svg,
    };
    svg.replacen(" xmlns=\"http://www.w3.org/2000/svg\"", "", 1)
}
