//! Charts of a report, drawn with `plotters` into SVG and PNG from the same drawing code.
//!
//! Text is laid out and drawn with the embedded Noto Sans SC subset (`assets/fonts/`), registered
//! with plotters' `ab_glyph` backend, so PNGs come out the same on any machine, fonts installed or
//! not. SVGs carry text as text (searchable, editable in slides) and name the font with system
//! fallbacks, so a viewer without Noto Sans SC still shows Chinese.
//!
//! The same [`Chart`] serves the app (SVG inline), the HTML briefing (SVG inline) and slides (PNG
//! at 1920 px wide).

use std::sync::OnceLock;

use luban_registry::report::{Bar, BarChart, BarKey, Lang, Measure, NumberStyle, Report};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::FontStyle;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::glyphs::Typeset;
use crate::labels::t;

/// The family name the embedded font is registered under.
pub const FONT_FAMILY: &str = "Noto Sans SC";

/// The embedded font: Noto Sans SC Regular, subset to GB2312 + Latin (see `assets/fonts/`).
pub static FONT_BYTES: &[u8] =
    include_bytes!("../../../assets/fonts/NotoSansSC-Regular-GB2312.ttf");

/// What the SVG names as its font: the embedded one first, then common system CJK fonts.
const SVG_FONT_STACK: &str =
    "'Noto Sans SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', 'WenQuanYi Micro Hei', sans-serif";

/// Width of a chart in pixels (slide resolution).
pub const WIDTH: u32 = 1920;
/// Height of a chart in pixels (16:9).
pub const HEIGHT: u32 = 1080;
/// At most this many bars are drawn, the last standing for the rest (the core's rule, the same in
/// every format).
pub use luban_registry::report::MAX_BARS;

const INK: RGBColor = RGBColor(0x1f, 0x29, 0x37);
const MUTED: RGBColor = RGBColor(0x5b, 0x65, 0x73);
const GRID: RGBColor = RGBColor(0xe3, 0xe7, 0xec);
/// Degree students (and single-series bars).
pub const BLUE: RGBColor = RGBColor(0x1f, 0x5f, 0xa8);
/// The bar standing for the rows that did not fit.
pub const OTHERS: RGBColor = RGBColor(0x9a, 0xa3, 0xae);
/// Trainees.
pub const ORANGE: RGBColor = RGBColor(0xd9, 0x6c, 0x1e);

/// Which chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChartKind {
    /// Horizontal bars, one per country.
    Country,
    /// Horizontal bars, one per major category.
    Category,
    /// Lines of degree students and trainees per year.
    Year,
}

impl ChartKind {
    /// Every chart, in briefing order.
    pub const ALL: [ChartKind; 3] = [ChartKind::Country, ChartKind::Category, ChartKind::Year];

    /// `country`, `category`, `year`.
    pub fn as_str(self) -> &'static str {
        match self {
            ChartKind::Country => "country",
            ChartKind::Category => "category",
            ChartKind::Year => "year",
        }
    }
}

/// What the bars of a country or category chart measure (the year chart always shows students
/// and trainees).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BarMeasure {
    /// Workshops.
    #[default]
    Workshops,
    /// Distinct majors.
    Majors,
    /// Degree students.
    DegreeStudents,
    /// Trainees (country chart only; trainees are not split by category).
    Trainees,
}

impl BarMeasure {
    /// The core's measure of the same name.
    pub fn measure(self) -> Measure {
        match self {
            BarMeasure::Workshops => Measure::Workshops,
            BarMeasure::Majors => Measure::Majors,
            BarMeasure::DegreeStudents => Measure::DegreeStudents,
            BarMeasure::Trainees => Measure::Trainees,
        }
    }

    fn label(self, lang: Lang) -> &'static str {
        match self {
            BarMeasure::Workshops => t(lang, "Workshops", "工坊数"),
            BarMeasure::Majors => t(lang, "Majors", "专业数"),
            BarMeasure::DegreeStudents => t(lang, "Degree students", "学历教育人数"),
            BarMeasure::Trainees => t(lang, "Trainees", "培训人数"),
        }
    }
}

/// The bars a country or category chart draws, from the core's one rule
/// ([`luban_registry::report::bars`]); empty for the year chart, which has lines.
pub fn bars(report: &Report, kind: ChartKind, measure: BarMeasure) -> Vec<Bar> {
    let chart = match kind {
        ChartKind::Country => BarChart::Country,
        ChartKind::Category => BarChart::Category,
        ChartKind::Year => return Vec::new(),
    };
    luban_registry::report::bars(report, chart, measure.measure())
}

/// A chart, ready for the app and for files.
#[derive(Debug, Clone)]
pub struct Chart {
    /// The chart as an SVG document.
    pub svg: String,
    /// The chart as a PNG, [`WIDTH`] × [`HEIGHT`].
    pub png: Vec<u8>,
}

/// Registers the embedded font with plotters once per process.
pub(crate) fn font_ready() -> Result<()> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = *REGISTERED.get_or_init(|| {
        plotters::style::register_font(FONT_FAMILY, FontStyle::Normal, FONT_BYTES).is_ok()
    });
    if ok {
        Ok(())
    } else {
        Err(Error::Chart(
            "the embedded chart font could not be loaded".into(),
        ))
    }
}

fn chart_err<E: std::fmt::Display>(e: E) -> Error {
    Error::Chart(e.to_string())
}

/// Draws `kind` as both SVG and PNG.
pub fn render(report: &Report, kind: ChartKind, measure: BarMeasure, lang: Lang) -> Result<Chart> {
    Ok(Chart {
        svg: svg(report, kind, measure, lang)?,
        png: png(report, kind, measure, lang)?,
    })
}

/// Draws `kind` as an SVG document of [`WIDTH`] × [`HEIGHT`].
pub fn svg(report: &Report, kind: ChartKind, measure: BarMeasure, lang: Lang) -> Result<String> {
    svg_sized(report, kind, measure, lang, (WIDTH, HEIGHT))
}

/// Draws `kind` as an SVG document of `size` pixels (text keeps its pixel size, so a smaller
/// canvas gives relatively larger text, as a printed page needs).
pub fn svg_sized(
    report: &Report,
    kind: ChartKind,
    measure: BarMeasure,
    lang: Lang,
    size: (u32, u32),
) -> Result<String> {
    font_ready()?;
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, size).into_drawing_area();
        draw(&root, report, kind, measure, lang)?;
        root.present().map_err(chart_err)?;
    }
    let out = out.replace(
        &format!("font-family=\"{FONT_FAMILY}\""),
        &format!("font-family=\"{SVG_FONT_STACK}\""),
    );
    // A title element names the chart for screen readers and search.
    let title = escape_xml(&title(report, kind, measure, lang));
    Ok(match out.find('>') {
        Some(end) => format!("{}><title>{title}</title>{}", &out[..end], &out[end + 1..]),
        None => out,
    })
}

/// Draws `kind` as a PNG, [`WIDTH`] × [`HEIGHT`].
pub fn png(report: &Report, kind: ChartKind, measure: BarMeasure, lang: Lang) -> Result<Vec<u8>> {
    font_ready()?;
    let mut pixels = vec![255u8; (WIDTH * HEIGHT * 3) as usize];
    {
        // Typeset draws the text with each glyph's side bearing, which plotters' bitmap text drops.
        let root =
            Typeset(BitMapBackend::with_buffer(&mut pixels, (WIDTH, HEIGHT))).into_drawing_area();
        draw(&root, report, kind, measure, lang)?;
        root.present().map_err(chart_err)?;
    }
    let mut bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut bytes, WIDTH, HEIGHT);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Fast);
        // 1920 px on a 13.33-inch slide is 144 dpi.
        encoder.set_pixel_dims(Some(png::PixelDimensions {
            xppu: 5669,
            yppu: 5669,
            unit: png::Unit::Meter,
        }));
        let mut writer = encoder.write_header().map_err(chart_err)?;
        writer.write_image_data(&pixels).map_err(chart_err)?;
        writer.finish().map_err(chart_err)?;
    }
    Ok(bytes)
}

/// The chart's title in `lang`.
pub fn title(report: &Report, kind: ChartKind, measure: BarMeasure, lang: Lang) -> String {
    match kind {
        // "by country and region / 分国家和地区" when a region of China is among the bars' places.
        ChartKind::Country => {
            let by = report.headline.places().by();
            match lang {
                Lang::En => format!(
                    "Luban Workshops {}: {}",
                    by.en.to_lowercase(),
                    measure.label(lang).to_lowercase()
                ),
                Lang::Zh => format!("鲁班工坊{}统计：{}", by.zh, measure.label(lang)),
            }
        }
        ChartKind::Category => match lang {
            Lang::En => format!(
                "Luban Workshops by major category: {}",
                measure.label(lang).to_lowercase()
            ),
            Lang::Zh => format!("鲁班工坊分专业大类统计：{}", measure.label(lang)),
        },
        ChartKind::Year => t(
            lang,
            "Degree students and trainees per year",
            "各年度学历教育与培训人数",
        )
        .to_string(),
    }
}

fn font(size: f64, color: &RGBColor) -> TextStyle<'static> {
    (FONT_FAMILY, size).into_font().color(color)
}

fn anchored(size: f64, color: &RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
    font(size, color).pos(Pos::new(h, v))
}

/// Splits `text` into lines no wider than `width` pixels at `size`.
fn wrap<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    size: f64,
    width: u32,
) -> Vec<String> {
    let style = font(size, &MUTED);
    let fits = |s: &str| {
        area.estimate_text_size(s, &style)
            .map(|(w, _)| w <= width)
            .unwrap_or(true)
    };
    let mut lines = Vec::new();
    let mut line = String::new();
    for c in text.chars() {
        line.push(c);
        if !fits(&line) {
            // Break at the last space or CJK character boundary before the overflow.
            let cut = line
                .char_indices()
                .rev()
                .find(|(_, ch)| *ch == ' ' || *ch == '；' || *ch == '、')
                .map(|(i, ch)| i + ch.len_utf8())
                .filter(|&i| i < line.len())
                .unwrap_or(line.len() - c.len_utf8());
            let rest = line.split_off(cut);
            lines.push(line.trim_end().to_string());
            line = rest.trim_start().to_string();
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Draws the title block (title, selection, note) and returns the area left for the plot.
fn header<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    scope: &str,
    note: Option<String>,
    source: &str,
    lang: Lang,
) -> Result<DrawingArea<DB, Shift>> {
    root.fill(&WHITE).map_err(chart_err)?;
    let (width, height) = root.dim_in_pixel();
    let margin = if width >= 1600 { 64 } else { 32 };
    root.draw(&Text::new(
        title.to_string(),
        (margin, 44),
        font(52.0, &INK),
    ))
    .map_err(chart_err)?;
    let mut y = 128;
    let label = t(lang, "Selection: ", "统计范围：");
    for line in wrap(
        root,
        &format!("{label}{scope}"),
        28.0,
        width - 2 * margin as u32,
    )
    .into_iter()
    .take(2)
    {
        root.draw(&Text::new(line, (margin, y), font(28.0, &MUTED)))
            .map_err(chart_err)?;
        y += 38;
    }
    if let Some(note) = note {
        root.draw(&Text::new(note, (margin, y), font(24.0, &MUTED)))
            .map_err(chart_err)?;
        y += 34;
    }
    root.draw(&Text::new(
        source.to_string(),
        (margin, height as i32 - 44),
        font(22.0, &MUTED),
    ))
    .map_err(chart_err)?;
    let (_, rest) = root.split_vertically(y + 16);
    let (plot, _) = rest.split_vertically(height as i32 - (y + 16) - 56);
    Ok(plot.margin(0, 0, margin, margin + 40))
}

fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    report: &Report,
    kind: ChartKind,
    measure: BarMeasure,
    lang: Lang,
) -> Result<()> {
    let title = title(report, kind, measure, lang);
    let scope = report.scope.get(lang).to_string();
    // The institution that keeps the registry when its settings name one, else the software.
    let source = report.source.get(lang).to_string();
    let style = NumberStyle::default_for(lang);
    match kind {
        ChartKind::Country | ChartKind::Category => {
            let list = bars(report, kind, measure);
            // The bar standing for the rest is drawn grey, so it does not read as one country.
            let rest = list
                .last()
                .is_some_and(|b| matches!(b.key, BarKey::Others(_)));
            let bars: Vec<(String, i64)> = list
                .into_iter()
                .map(|b| (b.label.get(lang).to_string(), b.value))
                .collect();
            let note = match (kind, measure) {
                (ChartKind::Category, BarMeasure::Trainees) => Some(
                    t(
                        lang,
                        "Trainees are not recorded by major, so no category has any",
                        "培训人数不按专业记录，故各专业大类均为0",
                    )
                    .to_string(),
                ),
                (ChartKind::Category, BarMeasure::DegreeStudents)
                    if report.students_without_major > 0 =>
                {
                    Some(match lang {
                        Lang::En => format!(
                            "{} degree students recorded without a major are not shown",
                            style.format(report.students_without_major)
                        ),
                        Lang::Zh => format!(
                            "未注明专业的学历教育学生{}人未计入",
                            style.format(report.students_without_major)
                        ),
                    })
                }
                _ => None,
            };
            let area = header(root, &title, &scope, note, &source, lang)?;
            hbars(&area, &bars, rest, measure.label(lang), style, lang)
        }
        ChartKind::Year => {
            let area = header(root, &title, &scope, None, &source, lang)?;
            year_lines(&area, report, style, lang)
        }
    }
}

fn empty<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, lang: Lang) -> Result<()> {
    let text = t(lang, "No figures in this selection", "此统计范围内没有数据");
    area.draw(&Text::new(text.to_string(), (0, 80), font(36.0, &MUTED)))
        .map_err(chart_err)?;
    Ok(())
}

/// Horizontal bars, largest at the top, each with its value at its end; the last in grey when
/// `rest` says it stands for the rows that did not fit.
fn hbars<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    bars: &[(String, i64)],
    rest: bool,
    x_label: &str,
    style: NumberStyle,
    lang: Lang,
) -> Result<()> {
    if bars.is_empty() {
        return empty(area, lang);
    }
    let n = bars.len();
    let max = bars.iter().map(|b| b.1).max().unwrap_or(0).max(1);
    // Room for the value label after the longest bar.
    let x_max = (max as f64 * 1.12).ceil() as i64 + 1;
    let label_font = font(26.0, &INK);
    let widest = bars
        .iter()
        .filter_map(|(name, _)| area.estimate_text_size(name, &label_font).ok())
        .map(|(w, _)| w)
        .max()
        .unwrap_or(100)
        .min(640);
    let mut chart = ChartBuilder::on(area)
        .x_label_area_size(64)
        .y_label_area_size(widest + 24)
        // An integer range is inclusive as a discrete axis: 0..n-1 gives n segments.
        .build_cartesian_2d(0i64..x_max, (0..n - 1).into_segmented())
        .map_err(chart_err)?;
    let names: Vec<&str> = bars.iter().rev().map(|(name, _)| name.as_str()).collect();
    chart
        .configure_mesh()
        .disable_y_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .axis_style(MUTED)
        .y_labels(n)
        .y_label_style(label_font.clone())
        .y_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) => names.get(*i).map(|s| s.to_string()).unwrap_or_default(),
            _ => String::new(),
        })
        .x_labels(8)
        .x_label_style(font(22.0, &MUTED))
        .x_label_formatter(&|v| style.format(*v))
        .x_desc(x_label)
        .axis_desc_style(font(24.0, &MUTED))
        .draw()
        .map_err(chart_err)?;
    let values: Vec<i64> = bars.iter().rev().map(|b| b.1).collect();
    chart
        .draw_series(
            Histogram::horizontal(&chart)
                .style(BLUE.filled())
                .margin(6)
                // Index 0 is the bottom bar: the last of the list.
                .data(
                    values
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| !(rest && *i == 0))
                        .map(|(i, v)| (i, *v)),
                ),
        )
        .map_err(chart_err)?;
    if rest {
        chart
            .draw_series(
                Histogram::horizontal(&chart)
                    .style(OTHERS.filled())
                    .margin(6)
                    .data(values.first().map(|v| (0, *v))),
            )
            .map_err(chart_err)?;
    }
    chart
        .draw_series(values.iter().enumerate().map(|(i, v)| {
            EmptyElement::at((*v, SegmentValue::CenterOf(i)))
                + Text::new(
                    style.format(*v),
                    (10, 0),
                    anchored(24.0, &INK, HPos::Left, VPos::Center),
                )
        }))
        .map_err(chart_err)?;
    Ok(())
}

/// A named, coloured line of (year, value) points.
type Series = (&'static str, RGBColor, Vec<(i32, i64)>);

/// Two lines (degree students, trainees) over the years, with a point and value at each year.
fn year_lines<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    report: &Report,
    style: NumberStyle,
    lang: Lang,
) -> Result<()> {
    let rows = &report.by_year;
    let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
        return empty(area, lang);
    };
    let (from, to) = (first.year - 1, last.year + 1);
    let max = rows
        .iter()
        .map(|r| r.degree_students.max(r.trainees))
        .max()
        .unwrap_or(0)
        .max(1);
    let y_max = (max as f64 * 1.15).ceil() as i64 + 1;
    let mut chart = ChartBuilder::on(area)
        .x_label_area_size(64)
        .y_label_area_size(120)
        .build_cartesian_2d(from..to, 0i64..y_max)
        .map_err(chart_err)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .axis_style(MUTED)
        .x_labels((to - from + 1) as usize)
        .x_label_formatter(&|y| {
            if *y <= from || *y >= to {
                String::new()
            } else {
                y.to_string()
            }
        })
        .x_label_style(font(24.0, &INK))
        .y_labels(8)
        .y_label_style(font(22.0, &MUTED))
        .y_label_formatter(&|v| style.format(*v))
        .x_desc(t(lang, "Year", "年份"))
        .axis_desc_style(font(24.0, &MUTED))
        .draw()
        .map_err(chart_err)?;
    let series: [Series; 2] = [
        (
            t(lang, "Degree students", "学历教育"),
            BLUE,
            rows.iter().map(|r| (r.year, r.degree_students)).collect(),
        ),
        (
            t(lang, "Trainees", "培训"),
            ORANGE,
            rows.iter().map(|r| (r.year, r.trainees)).collect(),
        ),
    ];
    for (name, color, points) in series {
        chart
            .draw_series(LineSeries::new(points.clone(), color.stroke_width(5)))
            .map_err(chart_err)?
            .label(name)
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 32, y + 5)], color.filled()));
        chart
            .draw_series(points.iter().map(|p| Circle::new(*p, 9, color.filled())))
            .map_err(chart_err)?;
        // Each value sits above its point, except the smaller of a year's two values, which sits
        // below, so close values do not print over each other.
        chart
            .draw_series(points.iter().filter(|p| p.1 > 0).map(|(x, v)| {
                let other = rows
                    .iter()
                    .find(|r| r.year == *x)
                    .map(|r| r.degree_students + r.trainees - v)
                    .unwrap_or(0);
                let room_below = *v as f64 > y_max as f64 * 0.08;
                let (dy, vpos) = if *v < other && room_below {
                    (14, VPos::Top)
                } else {
                    (-14, VPos::Bottom)
                };
                EmptyElement::at((*x, *v))
                    + Text::new(
                        style.format(*v),
                        (0, dy),
                        anchored(24.0, &color, HPos::Center, vpos),
                    )
            }))
            .map_err(chart_err)?;
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .label_font(font(26.0, &INK))
        .legend_area_size(48)
        .background_style(WHITE.mix(0.9))
        .border_style(GRID)
        .margin(16)
        .draw()
        .map_err(chart_err)?;
    Ok(())
}

/// Escapes text for XML and HTML.
pub fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}
