//! The Excel workbook: a Summary sheet with the selection and the headline in both languages, then
//! one sheet per breakdown with real numeric cells, computed column widths (wide East Asian
//! characters count double, which Excel's own autofit gets wrong) and a frozen header row, each
//! followed by a sheet holding its native Excel chart.
//!
//! Every sheet is set up to print on A4: as wide as one page (landscape when the table is wider
//! than a portrait page), the header row repeated on each page, and each chart alone on one page.

use luban_registry::report::{
    bars, headline_sentence, Bar, BarChart, Lang, Measure, NumberStyle, Report,
};
use rust_xlsxwriter::{
    Chart, ChartAxisCrossing, ChartLegendPosition, ChartType, Format, FormatAlign, FormatBorder,
    Workbook, Worksheet,
};

use crate::error::Result;
use crate::labels::{display_width, t};
use crate::tables::{table, Breakdown, Cell, Table};

/// The Summary sheet's name.
pub const SUMMARY_SHEET: &str = "Summary";

/// Excel's paper size code for A4 (the HTML briefing prints on A4 too).
const A4: u8 = 9;

/// What fits across a portrait A4 page at 100 %, in pixels: 8.27 in less Excel's default 0.7 in
/// margins, at 96 px an inch. A sheet whose columns are wider prints landscape.
const PORTRAIT_WIDTH_PX: f64 = (8.27 - 2.0 * 0.7) * 96.0;

/// A chart sheet's chart, in pixels: what fits on a landscape A4 page inside Excel's default
/// margins (10.29 × 6.77 in at 96 px an inch), a little under so no viewer rounds it onto a second
/// page.
const CHART_PAGE_PX: (u32, u32) = (960, 600);

/// Excel's default row height in points, and a line of wrapped text holding Chinese, which
/// Excel draws from a taller fallback font than Calibri.
const LINE_PT: f64 = 15.0;
const CJK_LINE_PT: f64 = 18.0;

/// Builds the workbook for `report` (breakdown headers in `lang`; the summary is always bilingual)
/// and returns the `.xlsx` bytes. `generated_on` is written on the summary (`2025-11-23`).
pub fn workbook(report: &Report, lang: Lang, generated_on: &str) -> Result<Vec<u8>> {
    let mut book = Workbook::new();
    // Top-aligned, so a label sits on the first line of a value that wraps.
    let bold = Format::new().set_bold().set_align(FormatAlign::Top);
    let title = Format::new().set_bold().set_font_size(16);
    let header = Format::new()
        .set_bold()
        .set_background_color("#DCE6F1")
        .set_border_bottom(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let number = Format::new().set_num_format("#,##0");
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);

    let summary = book.add_worksheet().set_name(SUMMARY_SHEET)?;
    summary_sheet(
        summary,
        report,
        generated_on,
        &title,
        &bold,
        &header,
        &number,
        &wrap,
    )?;

    for breakdown in Breakdown::ALL {
        let table = table(report, breakdown, lang);
        let sheet = book.add_worksheet().set_name(&table.title)?;
        breakdown_sheet(
            sheet,
            &table,
            report.scope.get(lang),
            lang,
            &header,
            &number,
            &wrap,
        )?;
        // Every bar chart draws the core's bar list (the same bars as every other format: ties
        // by a language-independent key, the rest as one bar), written beside the chart on its
        // sheet. The workshop chart is two lists, degree students and trainees, one chart each.
        let lists: Vec<(Vec<Bar>, &str)> = {
            let header = |c: usize| table.headers.get(c).map_or("", String::as_str);
            let list = |chart, measure| bars(report, chart, measure);
            match table.breakdown {
                Breakdown::Country => {
                    vec![(list(BarChart::Country, Measure::Workshops), header(3))]
                }
                Breakdown::Category => {
                    vec![(list(BarChart::Category, Measure::Workshops), header(3))]
                }
                Breakdown::Institution => {
                    vec![(list(BarChart::Institution, Measure::Workshops), header(1))]
                }
                Breakdown::Workshop => vec![
                    (
                        list(BarChart::Workshop, Measure::DegreeStudents),
                        header(11),
                    ),
                    (list(BarChart::Workshop, Measure::Trainees), header(12)),
                ],
                Breakdown::Year => Vec::new(),
            }
        };
        let chart_name = chart_sheet_name(&table.title, lang);
        let charts = if table.breakdown == Breakdown::Year {
            year_chart(&table).into_iter().collect()
        } else {
            bar_charts(&table, &lists, &chart_name)
        };
        if !charts.is_empty() {
            // Each chart has a worksheet of its own, right after its table, holding only the chart
            // at the size of one landscape page and printed fitted to one page. Beside the table
            // it made the table print tiny once fitted to the page width, and below it a long
            // table pushed it across a page break. A chartsheet would print on one page too, but
            // LibreOffice and WPS import chartsheets less faithfully than an ordinary worksheet.
            let sheet = book.add_worksheet().set_name(&chart_name)?;
            for (i, (list, value_header)) in lists.iter().enumerate() {
                bar_data(
                    sheet,
                    bar_data_col(i),
                    list,
                    value_header,
                    lang,
                    &header,
                    &number,
                )?;
            }
            chart_sheet(sheet, &charts)?;
        }
    }
    Ok(book.save_to_buffer()?)
}

#[allow(clippy::too_many_arguments)]
fn summary_sheet(
    sheet: &mut Worksheet,
    report: &Report,
    generated_on: &str,
    title: &Format,
    bold: &Format,
    header: &Format,
    number: &Format,
    wrap: &Format,
) -> Result<()> {
    let h = &report.headline;
    // The title and source line name the institution when the registry's settings give it.
    let heading = format!("{} · {}", report.title.en, report.title.zh);
    sheet.write_string_with_format(0, 0, &heading, title)?;
    sheet.write_string(1, 0, format!("{} · {}", report.source.en, report.source.zh))?;
    let lines: [(&str, String); 6] = [
        ("Generated · 生成日期", generated_on.to_string()),
        ("Selection", report.scope.en.clone()),
        ("统计范围", report.scope.zh.clone()),
        (
            "Headline",
            headline_sentence(h, &report.selection, Lang::En, NumberStyle::Grouped),
        ),
        (
            "概述",
            headline_sentence(h, &report.selection, Lang::Zh, NumberStyle::Plain),
        ),
        (
            "概述（万）",
            headline_sentence(h, &report.selection, Lang::Zh, NumberStyle::Wan),
        ),
    ];
    // The title is larger than the default row; Excel keeps a row's height as the file gives it.
    sheet.set_row_height(0, 24)?;
    for (i, (label, value)) in lines.iter().enumerate() {
        let row = 2 + i as u32;
        sheet.write_string_with_format(row, 0, *label, bold)?;
        sheet.write_string_with_format(row, 1, value, wrap)?;
        // The headline wraps in its cell; the row must be as tall as its lines, or the text
        // prints over the next row (Excel does not grow a row for wrapped text in a file it opens).
        sheet.set_row_height(row, wrapped_height(value, SUMMARY_VALUE_WIDTH))?;
    }
    let top = 9;
    sheet.write_string_with_format(top, 0, "Figure", header)?;
    sheet.write_string_with_format(top, 1, "指标", header)?;
    sheet.write_string_with_format(top, 2, "Value · 数值", header)?;
    // Regions of China are counted as regions: the core names what the figure counts.
    let places = h.countries_label();
    let figures: [(&str, &str, i64); 6] = [
        ("Workshops", "鲁班工坊", h.workshops),
        (places.en.as_str(), places.zh.as_str(), h.countries),
        ("Majors", "专业", h.majors),
        ("Major categories", "专业大类", h.major_categories),
        ("Degree students", "学历教育人数", h.degree_students),
        ("Trainees", "培训人数", h.trainees),
    ];
    for (i, (en, zh, value)) in figures.iter().enumerate() {
        let row = top + 1 + i as u32;
        sheet.write_string(row, 0, *en)?;
        sheet.write_string(row, 1, *zh)?;
        sheet.write_number_with_format(row, 2, *value as f64, number)?;
    }
    let widths = [22.0, SUMMARY_VALUE_WIDTH, 16.0];
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(c as u16, *w)?;
    }
    print_setup(sheet, &widths);
    Ok(())
}

/// Width of the Summary's value column, in Excel's character units.
const SUMMARY_VALUE_WIDTH: f64 = 90.0;

/// The height, in points, of a row whose cell of `width` characters wraps `text`.
fn wrapped_height(text: &str, width: f64) -> f64 {
    // A character unit is a digit's width; leave a couple for the cell's padding.
    let per_line = (width - 2.0).max(1.0);
    let lines = (display_width(text) as f64 / per_line).ceil().max(1.0);
    let line = if !text.is_ascii() {
        CJK_LINE_PT
    } else {
        LINE_PT
    };
    lines * line + 3.0
}

/// A4, as wide as one page and as many pages tall as it takes, landscape if the columns (in
/// Excel's character units) are wider than a portrait page.
fn print_setup(sheet: &mut Worksheet, widths: &[f64]) {
    // Excel draws a column of w characters as 7w + 5 pixels in its default font.
    let pixels: f64 = widths.iter().map(|w| 7.0 * w + 5.0).sum();
    sheet.set_paper_size(A4);
    sheet.set_print_fit_to_pages(1, 0);
    if pixels > PORTRAIT_WIDTH_PX {
        sheet.set_landscape();
    }
}

fn breakdown_sheet(
    sheet: &mut Worksheet,
    table: &Table,
    scope: &str,
    lang: Lang,
    header: &Format,
    number: &Format,
    wrap: &Format,
) -> Result<()> {
    let columns = table.headers.len();
    let mut widths: Vec<usize> = table.headers.iter().map(|h| display_width(h)).collect();
    for (c, name) in table.headers.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, name, header)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let width = match cell {
                Cell::Text(s) => {
                    sheet.write_string(r, c as u16, s)?;
                    display_width(s)
                }
                Cell::Int(n) => {
                    // Years and codes read better without a thousands separator.
                    if is_plain_column(table.breakdown, c) {
                        sheet.write_number(r, c as u16, *n as f64)?;
                    } else {
                        sheet.write_number_with_format(r, c as u16, *n as f64, number)?;
                    }
                    n.to_string().len() + n.to_string().len() / 3
                }
                Cell::Decimal(d) => {
                    match d.parse::<f64>() {
                        Ok(n) => sheet.write_number(r, c as u16, n)?,
                        Err(_) => sheet.write_string(r, c as u16, d)?,
                    };
                    d.len()
                }
                Cell::Empty => 0,
            };
            if let Some(w) = widths.get_mut(c) {
                *w = (*w).max(width);
            }
        }
    }
    // A little padding, and no column wider than a screen.
    let widths: Vec<f64> = widths
        .iter()
        .take(columns)
        .map(|w| ((*w + 2).clamp(6, 60)) as f64)
        .collect();
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(c as u16, *w)?;
    }
    // The selection and the notes go below the table, so they never mix with the data. Each is
    // wrapped across the table's columns: a long line left to overflow would run past the
    // printed page's right edge and be cut off.
    let label = t(lang, "Selection: ", "统计范围：");
    let mut lines = vec![format!("{label}{scope}")];
    lines.extend(
        table
            .notes
            .iter()
            .map(|note| format!("{}{note}", t(lang, "Note: ", "注："))),
    );
    let last_col = columns.saturating_sub(1) as u16;
    let span: f64 = widths.iter().sum();
    let first_below = table.rows.len() as u32 + 2;
    for (below, line) in (first_below..).zip(&lines) {
        if last_col == 0 {
            sheet.write_string_with_format(below, 0, line, wrap)?;
        } else {
            sheet.merge_range(below, 0, below, last_col, line, wrap)?;
        }
        sheet.set_row_height(below, wrapped_height(line, span))?;
    }
    sheet.set_freeze_panes(1, 0)?;
    // The header row is printed at the top of every page.
    sheet.set_repeat_rows(0, 0)?;
    print_setup(sheet, &widths);
    Ok(())
}

/// The name of the sheet holding the chart of the table `title` (at most 31 characters, as
/// Excel allows: the longest title is 22).
fn chart_sheet_name(title: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{title} (chart)"),
        Lang::Zh => format!("{title}（图表）"),
    }
}

/// A sheet holding only `charts` (one under the other, sharing the page's height), printed
/// landscape on one A4 page.
fn chart_sheet(sheet: &mut Worksheet, charts: &[Chart]) -> Result<()> {
    let rows_each = CHART_PAGE_PX.1.div_ceil(20) / charts.len().max(1) as u32;
    for (i, chart) in charts.iter().enumerate() {
        sheet.insert_chart(i as u32 * rows_each, 0, chart)?;
    }
    sheet.set_screen_gridlines(false);
    sheet.set_paper_size(A4);
    sheet.set_landscape();
    // Fitted to one page both ways: a viewer that measures the chart a few pixels larger than
    // Excel still prints it whole, on one page.
    sheet.set_print_fit_to_pages(1, 1);
    sheet.set_print_center_horizontally(true);
    // The print area is the cells under the chart (64 × 20 px each by default), so nothing
    // beside it adds a page.
    let (w, h) = CHART_PAGE_PX;
    sheet.set_print_area(0, 0, h.div_ceil(20) - 1, (w.div_ceil(64) - 1) as u16)?;
    Ok(())
}

/// Columns holding years or codes, written without a thousands separator.
fn is_plain_column(breakdown: Breakdown, column: usize) -> bool {
    matches!(
        (breakdown, column),
        (Breakdown::Year, 0) | (Breakdown::Category, 0) | (Breakdown::Workshop, 8)
    )
}

/// The first column of a chart sheet's bar list: right of the print area (the cells under the
/// chart), so the list is there to read and edit but does not print.
const BAR_DATA_COL: u16 = (CHART_PAGE_PX.0.div_ceil(64) + 1) as u16;

/// The first column of the `i`-th bar list of a chart sheet (label, value, a blank column).
fn bar_data_col(i: usize) -> u16 {
    BAR_DATA_COL + 3 * i as u16
}

/// Writes the bar list a country or category chart draws on the chart's sheet: a header row, then
/// each bar's label in `lang` and its value.
fn bar_data(
    sheet: &mut Worksheet,
    col: u16,
    bars: &[Bar],
    value_header: &str,
    lang: Lang,
    header: &Format,
    number: &Format,
) -> Result<()> {
    sheet.write_string_with_format(0, col, t(lang, "Bar", "条目"), header)?;
    sheet.write_string_with_format(0, col + 1, value_header, header)?;
    for (row, bar) in (1u32..).zip(bars) {
        sheet.write_string(row, col, bar.label.get(lang))?;
        sheet.write_number_with_format(row, col + 1, bar.value as f64, number)?;
    }
    let width = bars
        .iter()
        .map(|b| display_width(b.label.get(lang)))
        .max()
        .unwrap_or(8);
    sheet.set_column_width(col, width.clamp(8, 60) as f64 + 2.0)?;
    Ok(())
}

/// The native bar charts of a chart sheet `chart_sheet`, one per bar list of `lists` (written on
/// that sheet by [`bar_data`]), each titled by the table (and its measure when there are several).
fn bar_charts(table: &Table, lists: &[(Vec<Bar>, &str)], chart_sheet: &str) -> Vec<Chart> {
    let height = CHART_PAGE_PX.1 / lists.len().max(1) as u32;
    lists
        .iter()
        .enumerate()
        .filter(|(_, (bars, _))| !bars.is_empty())
        .map(|(i, (bars, value_header))| {
            let last = bars.len() as u32;
            let col = bar_data_col(i);
            let mut chart = Chart::new(ChartType::Bar);
            chart
                .add_series()
                .set_categories((chart_sheet, 1, col, last, col))
                .set_values((chart_sheet, 1, col + 1, last, col + 1))
                .set_name((chart_sheet, 0, col + 1));
            if lists.len() > 1 {
                chart
                    .title()
                    .set_name(format!("{} · {value_header}", table.title).as_str());
            } else {
                chart.title().set_name(&table.title);
            }
            horizontal_bars(&mut chart);
            chart.set_width(CHART_PAGE_PX.0).set_height(height);
            chart
        })
        .collect()
}

/// The by-year line chart, drawn from the table's own cells (so it follows edits made in Excel).
fn year_chart(table: &Table) -> Option<Chart> {
    let last = table.data_rows as u32; // data rows are 1..=last
    if last == 0 {
        return None;
    }
    let sheet = table.title.as_str();
    let mut chart = Chart::new(ChartType::Line);
    for col in [1, 2] {
        chart
            .add_series()
            .set_categories((sheet, 1, 0, last, 0))
            .set_values((sheet, 1, col, last, col))
            .set_name((sheet, 0, col));
    }
    chart.title().set_name(&table.title);
    chart.legend().set_position(ChartLegendPosition::Bottom);
    chart.set_width(CHART_PAGE_PX.0).set_height(CHART_PAGE_PX.1);
    Some(chart)
}

/// A horizontal bar chart read top-down in its rows' order, largest first, with no legend.
fn horizontal_bars(chart: &mut Chart) {
    chart.legend().set_hidden();
    // In a bar chart rust_xlsxwriter's y axis is the category axis (vertical) and its x axis the
    // values: reversing the categories puts the first row on top, and crossing the values at the
    // last category keeps the value axis at the bottom, running left to right, as Excel does it
    // by hand.
    chart
        .y_axis()
        .set_reverse()
        .set_crossing(ChartAxisCrossing::Max);
}
