//! The one-page PDF briefing: the content of the HTML one-pager (title, selection, headline in both
//! languages, headline figures, the three charts, source and notes) laid out on one A4 page.
//!
//! krilla writes the PDF; every piece of text is real text in the embedded Noto Sans SC subset
//! (subset again by krilla to the glyphs used), so it can be selected and searched in both
//! languages. The charts are the SVG that `chart.rs` draws, placed as vector graphics through
//! krilla-svg, their labels also real text. Nothing here looks up system fonts, so the file is the
//! same on every machine.

use std::sync::Arc;

use ab_glyph::{Font as _, FontRef};
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect, Size};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use krilla::Document;
use krilla_svg::{SurfaceExt, SvgSettings};
use luban_registry::report::{headline_sentence, Lang, NumberStyle, Report};

use crate::chart::{svg_sized, BarMeasure, ChartKind, FONT_BYTES, FONT_FAMILY};
use crate::error::{Error, Result};
use crate::labels::{is_wide, t};

/// A4 in PDF points (1/72 inch).
const PAGE: (f32, f32) = (595.28, 841.89);
/// The margin on every side, 12 mm as in the HTML's `@page`.
const MARGIN: f32 = 34.0;
const INK: (u8, u8, u8) = (0x1f, 0x29, 0x37);
const MUTED: (u8, u8, u8) = (0x5b, 0x65, 0x73);
const BLUE: (u8, u8, u8) = (0x1f, 0x5f, 0xa8);
const RULE: (u8, u8, u8) = (0xdc, 0xe3, 0xea);

/// The PDF briefing for `report` in `lang`, dated `generated_on` (`2025-11-23`): one A4 page.
pub fn briefing(report: &Report, lang: Lang, generated_on: &str) -> Result<Vec<u8>> {
    let font = Font::new(krilla::Data::from(FONT_BYTES), 0)
        .ok_or_else(|| problem(FONT, FONT_ZH, String::new()))?;
    let metrics = Metrics::new()?;
    let charts = Charts::new(report, lang)?;

    let style = NumberStyle::default_for(lang);
    let other = match lang {
        Lang::En => Lang::Zh,
        Lang::Zh => Lang::En,
    };
    let h = &report.headline;
    let width = PAGE.0 - 2.0 * MARGIN;

    // Every text block is measured first so the charts can take what height is left: the page
    // stays one page however long the sentences or notes are.
    let title = metrics.wrap(report.title.get(lang), 17.0, width);
    let meta = metrics.wrap(
        &format!(
            "{}{} · {}{}",
            t(lang, "Selection: ", "统计范围："),
            report.scope.get(lang),
            t(lang, "generated ", "生成日期："),
            generated_on
        ),
        8.5,
        width,
    );
    let sentence = metrics.wrap(
        &headline_sentence(h, &report.selection, lang, style),
        12.0,
        width,
    );
    let other_sentence = metrics.wrap(
        &headline_sentence(h, &report.selection, other, NumberStyle::default_for(other)),
        9.0,
        width,
    );
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
    let mut footer: Vec<String> = Vec::new();
    let source = format!("{}{}", report.source.get(lang), t(lang, ".", "。"));
    footer.extend(metrics.wrap(&source, 7.5, width));
    for note in notes(report, lang, style) {
        footer.extend(metrics.wrap(&note, 7.5, width));
    }

    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(report.title.get(lang).to_string())
            .language(t(lang, "en", "zh-CN").to_string())
            .creator("Luban Registry 鲁班工坊登记册".to_string()),
    );
    let settings = PageSettings::from_wh(PAGE.0, PAGE.1)
        .ok_or_else(|| problem("the page size is invalid", "页面尺寸无效", String::new()))?;
    let mut page = document.start_page_with(settings);
    let mut surface = page.surface();
    let mut pen = Pen {
        surface: &mut surface,
        font,
        y: MARGIN,
    };

    pen.lines(&title, 17.0, 1.3, INK);
    pen.y += 2.0;
    pen.lines(&meta, 8.5, 1.4, MUTED);
    pen.y += 3.0;
    pen.rule(pen.y, 2.0, BLUE);
    pen.y += 10.0;
    pen.lines(&sentence, 12.0, 1.45, INK);
    pen.y += 2.0;
    pen.lines(&other_sentence, 9.0, 1.45, MUTED);
    pen.y += 8.0;

    // Six tiles in a row, as the HTML's grid: the figure large and blue, its label under it.
    let gap = 5.67;
    let tile_w = (width - 5.0 * gap) / 6.0;
    let tile_h = 38.0;
    for (i, (n, label)) in figures.iter().enumerate() {
        let x = MARGIN + i as f32 * (tile_w + gap);
        pen.rect(Rect::from_xywh(x, pen.y, tile_w, tile_h), RULE);
        let number = style.format(*n);
        let label = metrics.fit(label, 8.0, tile_w - 4.0);
        pen.centred(
            &number,
            14.0,
            x + tile_w / 2.0,
            pen.y + 19.0,
            &metrics,
            BLUE,
        );
        pen.centred(&label, 8.0, x + tile_w / 2.0, pen.y + 31.0, &metrics, MUTED);
    }
    pen.y += tile_h + 10.0;

    // The charts share what is left above the footer, keeping their proportions: the country
    // chart full width, the category and year charts side by side under it.
    let footer_h = footer.len() as f32 * 7.5 * 1.4 + 8.0;
    let available = PAGE.1 - MARGIN - footer_h - pen.y - 2.0 * 8.0;
    let half = (width - 8.0) / 2.0;
    let natural = width * charts.country_ratio() + half * charts.pair_ratio();
    let scale = (available / natural).min(1.0);
    let country_w = width * scale;
    let country_h = country_w * charts.country_ratio();
    pen.svg(
        &charts.country,
        MARGIN + (width - country_w) / 2.0,
        country_w,
        country_h,
    )?;
    pen.y += country_h + 8.0;
    let pair_w = half * scale;
    let pair_h = pair_w * charts.pair_ratio();
    let offset = (half - pair_w) / 2.0;
    let top = pen.y;
    pen.svg(&charts.category, MARGIN + offset, pair_w, pair_h)?;
    pen.y = top;
    pen.svg(&charts.year, MARGIN + half + 8.0 + offset, pair_w, pair_h)?;
    pen.y = top + pair_h + 8.0;

    pen.rule(pen.y, 0.75, RULE);
    pen.y += 6.0;
    pen.lines(&footer, 7.5, 1.4, MUTED);

    surface.finish();
    page.finish();
    document.finish().map_err(|e| {
        problem(
            "the document cannot be finished",
            "无法生成文档",
            format!("{e:?}"),
        )
    })
}

const FONT: &str = "the embedded font cannot be read";
const FONT_ZH: &str = "无法读取内嵌字体";

/// The error of a step that failed, in both languages, with the library's words if any.
fn problem(en: &'static str, zh: &'static str, detail: String) -> Error {
    let detail = if detail.is_empty() {
        detail
    } else {
        format!(": {detail}")
    };
    Error::Pdf { en, zh, detail }
}

/// The notes under the figures, as the HTML briefing has them.
fn notes(report: &Report, lang: Lang, style: NumberStyle) -> Vec<String> {
    let mut notes = Vec::new();
    if report.students_without_major > 0 {
        let n = style.format(report.students_without_major);
        notes.push(match lang {
            Lang::En => format!(
                "{n} degree students are recorded without a major and appear in no category."
            ),
            Lang::Zh => format!("另有学历教育学生{n}人未注明专业，未计入任何专业大类。"),
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
    notes
}

/// The three charts, drawn by `chart.rs` at the HTML one-pager's sizes and parsed by usvg.
struct Charts {
    country: usvg::Tree,
    category: usvg::Tree,
    year: usvg::Tree,
}

impl Charts {
    fn new(report: &Report, lang: Lang) -> Result<Charts> {
        // Only the embedded font: the SVG's font stack names it first, and no system font is
        // consulted, so the PDF does not depend on the machine.
        let mut fonts = usvg::fontdb::Database::new();
        fonts.load_font_data(FONT_BYTES.to_vec());
        fonts.set_sans_serif_family(FONT_FAMILY);
        let options = usvg::Options {
            fontdb: Arc::new(fonts),
            font_family: FONT_FAMILY.to_string(),
            ..usvg::Options::default()
        };
        let tree = |kind, size| -> Result<usvg::Tree> {
            let svg = svg_sized(report, kind, BarMeasure::Workshops, lang, size)?;
            usvg::Tree::from_str(&svg, &options)
                .map_err(|e| problem("a chart cannot be read", "无法读取图表", e.to_string()))
        };
        Ok(Charts {
            country: tree(ChartKind::Country, (1400, 760))?,
            category: tree(ChartKind::Category, (1000, 860))?,
            year: tree(ChartKind::Year, (1000, 860))?,
        })
    }

    fn country_ratio(&self) -> f32 {
        ratio(&self.country)
    }

    fn pair_ratio(&self) -> f32 {
        ratio(&self.category).max(ratio(&self.year))
    }
}

/// Height over width of a chart.
fn ratio(tree: &usvg::Tree) -> f32 {
    tree.size().height() / tree.size().width()
}

/// Widths of text in the embedded font, for wrapping: krilla draws one line at a time.
struct Metrics {
    font: FontRef<'static>,
    units_per_em: f32,
}

impl Metrics {
    fn new() -> Result<Metrics> {
        let font = FontRef::try_from_slice(FONT_BYTES)
            .map_err(|e| problem(FONT, FONT_ZH, e.to_string()))?;
        let units_per_em = font.units_per_em().unwrap_or(1000.0);
        Ok(Metrics { font, units_per_em })
    }

    /// The width of `text` at `size` points (advances only; kerning is small enough that the
    /// wrap keeps a little room for it).
    fn width(&self, text: &str, size: f32) -> f32 {
        let units: f32 = text
            .chars()
            .map(|c| self.font.h_advance_unscaled(self.font.glyph_id(c)))
            .sum();
        units / self.units_per_em * size
    }

    /// `text` broken into lines no wider than `max` points: between words, and between any two
    /// Chinese characters except before closing punctuation (which stays with its character).
    fn wrap(&self, text: &str, size: f32, max: f32) -> Vec<String> {
        let max = max * 0.98;
        let mut lines = Vec::new();
        let mut line = String::new();
        for unit in break_units(text) {
            let candidate = format!("{line}{unit}");
            if !line.trim().is_empty() && self.width(candidate.trim_end(), size) > max {
                lines.push(line.trim_end().to_string());
                line = unit.trim_start().to_string();
            } else {
                line = candidate;
            }
        }
        if !line.trim().is_empty() {
            lines.push(line.trim_end().to_string());
        }
        lines
    }

    /// `text` shortened with an ellipsis until it fits `max` points.
    fn fit(&self, text: &str, size: f32, max: f32) -> String {
        if self.width(text, size) <= max {
            return text.to_string();
        }
        let mut chars: Vec<char> = text.chars().collect();
        while !chars.is_empty() {
            chars.pop();
            let shorter = format!("{}…", chars.iter().collect::<String>().trim_end());
            if self.width(&shorter, size) <= max {
                return shorter;
            }
        }
        String::new()
    }
}

/// The pieces between which a line may break: a word with the spaces after it, or one Chinese
/// character with any closing punctuation after it.
fn break_units(text: &str) -> Vec<String> {
    const CLOSING: &str = "，。、；：？！）》」』”’%…·,.;:?!)";
    let chars: Vec<char> = text.chars().collect();
    let mut units = Vec::new();
    let mut unit = String::new();
    for (i, &c) in chars.iter().enumerate() {
        unit.push(c);
        let next = chars.get(i + 1).copied();
        let break_after = match next {
            None => true,
            Some(n) if CLOSING.contains(n) => false,
            Some(n) => (c.is_whitespace() && !n.is_whitespace()) || is_wide(c) || is_wide(n),
        };
        if break_after {
            units.push(std::mem::take(&mut unit));
        }
    }
    units
}

/// Draws down the page from the top margin; `y` is the top of the next block.
struct Pen<'a, 'b> {
    surface: &'a mut Surface<'b>,
    font: Font,
    y: f32,
}

impl Pen<'_, '_> {
    fn fill(&mut self, (r, g, b): (u8, u8, u8)) {
        self.surface.set_fill(Some(Fill {
            paint: rgb::Color::new(r, g, b).into(),
            opacity: NormalizedF32::ONE,
            ..Fill::default()
        }));
    }

    /// Lines of text, `size` points, `leading` times the size apart.
    fn lines(&mut self, lines: &[String], size: f32, leading: f32, color: (u8, u8, u8)) {
        self.fill(color);
        for line in lines {
            // krilla places text by its baseline; the font's ascent is about 0.88 em.
            let baseline = self.y + size * (0.88 + (leading - 1.16) / 2.0);
            self.surface.draw_text(
                Point::from_xy(MARGIN, baseline),
                self.font.clone(),
                size,
                line,
                false,
                TextDirection::Auto,
            );
            self.y += size * leading;
        }
    }

    /// One line of text centred on `x`, its baseline at `baseline`.
    fn centred(
        &mut self,
        text: &str,
        size: f32,
        x: f32,
        baseline: f32,
        metrics: &Metrics,
        color: (u8, u8, u8),
    ) {
        self.fill(color);
        let start = x - metrics.width(text, size) / 2.0;
        self.surface.draw_text(
            Point::from_xy(start, baseline),
            self.font.clone(),
            size,
            text,
            false,
            TextDirection::Auto,
        );
    }

    /// A horizontal rule across the text width at `y`.
    fn rule(&mut self, y: f32, width: f32, color: (u8, u8, u8)) {
        if let Some(r) = Rect::from_xywh(MARGIN, y, PAGE.0 - 2.0 * MARGIN, width) {
            self.fill(color);
            let mut path = PathBuilder::new();
            path.push_rect(r);
            if let Some(path) = path.finish() {
                self.surface.draw_path(&path);
            }
        }
    }

    /// The outline of `rect` (a tile).
    fn rect(&mut self, rect: Option<Rect>, (r, g, b): (u8, u8, u8)) {
        let Some(rect) = rect else { return };
        let mut path = PathBuilder::new();
        path.push_rect(rect);
        let Some(path) = path.finish() else { return };
        self.surface.set_fill(None);
        self.surface.set_stroke(Some(Stroke {
            paint: rgb::Color::new(r, g, b).into(),
            width: 0.75,
            ..Stroke::default()
        }));
        self.surface.draw_path(&path);
        self.surface.set_stroke(None);
    }

    /// A chart at `x` and the pen's `y`, `w` × `h` points, as vector graphics with real text.
    fn svg(&mut self, tree: &usvg::Tree, x: f32, w: f32, h: f32) -> Result<()> {
        let size = Size::from_wh(w, h)
            .ok_or_else(|| problem("a chart has no size", "图表尺寸为零", String::new()))?;
        self.surface
            .push_transform(&krilla::geom::Transform::from_translate(x, self.y));
        let drawn = self.surface.draw_svg(tree, size, SvgSettings::default());
        self.surface.pop();
        drawn.ok_or_else(|| {
            problem(
                "a chart cannot be placed on the page",
                "无法将图表放入页面",
                String::new(),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::break_units;

    #[test]
    fn lines_break_between_words_and_chinese_characters_but_not_before_closing_punctuation() {
        assert_eq!(break_units("in 12 countries"), ["in ", "12 ", "countries"]);
        assert_eq!(
            break_units("在12个国家，"),
            ["在", "12", "个", "国", "家，"]
        );
    }
}
