//! The Excel workbook: a Summary sheet with the selection and the headline in both languages, then
//! one sheet per breakdown with real numeric cells, a native Excel chart, computed column widths
//! (wide East Asian characters count double, which Excel's own autofit gets wrong) and a frozen
//! header row.

use luban_registry::report::{headline_sentence, Lang, NumberStyle, Report};
use rust_xlsxwriter::{
    Chart, ChartAxisCrossing, ChartLegendPosition, ChartType, Format, FormatAlign, FormatBorder,
    Workbook, Worksheet,
};

use crate::error::Result;
use crate::labels::{display_width, t};
use crate::tables::{table, Breakdown, Cell, Table};

/// The Summary sheet's name.
pub const SUMMARY_SHEET: &str = "Summary";

/// At most this many rows are charted on a sheet (the table itself has every row).
const CHART_ROWS: usize = 30;

/// Builds the workbook for `report` (breakdown headers in `lang`; the summary is always bilingual)
/// and returns the `.xlsx` bytes. `generated_on` is written on the summary (`2025-11-23`).
pub fn workbook(report: &Report, lang: Lang, generated_on: &str) -> Result<Vec<u8>> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
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
        )?;
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
    sheet.write_string_with_format(0, 0, "Luban Workshop briefing · 鲁班工坊简报", title)?;
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
    for (i, (label, value)) in lines.iter().enumerate() {
        let row = 2 + i as u32;
        sheet.write_string_with_format(row, 0, *label, bold)?;
        sheet.write_string_with_format(row, 1, value, wrap)?;
    }
    let top = 9;
    sheet.write_string_with_format(top, 0, "Figure", header)?;
    sheet.write_string_with_format(top, 1, "指标", header)?;
    sheet.write_string_with_format(top, 2, "Value · 数值", header)?;
    let figures: [(&str, &str, i64); 6] = [
        ("Workshops", "鲁班工坊", h.workshops),
        ("Countries", "国家", h.countries),
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
    sheet.set_column_width(0, 22)?;
    sheet.set_column_width(1, 90)?;
    sheet.set_column_width(2, 16)?;
    Ok(())
}

fn breakdown_sheet(
    sheet: &mut Worksheet,
    table: &Table,
    scope: &str,
    lang: Lang,
    header: &Format,
    number: &Format,
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
                Cell::Empty => 0,
            };
            if let Some(w) = widths.get_mut(c) {
                *w = (*w).max(width);
            }
        }
    }
    // The selection and the notes go below the table, so they never mix with the data.
    let mut below = table.rows.len() as u32 + 2;
    let label = t(lang, "Selection: ", "统计范围：");
    sheet.write_string(below, 0, format!("{label}{scope}"))?;
    for note in &table.notes {
        below += 1;
        sheet.write_string(below, 0, format!("{}{note}", t(lang, "Note: ", "注：")))?;
    }
    for (c, w) in widths.iter().enumerate().take(columns) {
        // A little padding, and no column wider than a screen.
        sheet.set_column_width(c as u16, ((*w + 2).clamp(6, 60)) as f64)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    if let Some(chart) = native_chart(table, lang)? {
        let anchor_col = columns as u16 + 1;
        sheet.insert_chart(1, anchor_col, &chart)?;
    }
    Ok(())
}

/// Columns holding years or codes, written without a thousands separator.
fn is_plain_column(breakdown: Breakdown, column: usize) -> bool {
    matches!(
        (breakdown, column),
        (Breakdown::Year, 0) | (Breakdown::Category, 0) | (Breakdown::Workshop, 8)
    )
}

/// The sheet's native chart, over its own cells (so it follows edits made in Excel).
fn native_chart(table: &Table, lang: Lang) -> Result<Option<Chart>> {
    let n = table.data_rows.min(CHART_ROWS) as u32;
    if n == 0 {
        return Ok(None);
    }
    let sheet = table.title.as_str();
    let last = n; // data rows are 1..=n
    let (kind, name_col, value_cols): (ChartType, u16, Vec<u16>) = match table.breakdown {
        Breakdown::Country => (
            ChartType::Bar,
            if lang == Lang::Zh { 2 } else { 1 },
            vec![3],
        ),
        Breakdown::Category => (
            ChartType::Bar,
            if lang == Lang::Zh { 2 } else { 1 },
            vec![3],
        ),
        Breakdown::Year => (ChartType::Line, 0, vec![1, 2]),
        Breakdown::Institution => (ChartType::Bar, 0, vec![1]),
        Breakdown::Workshop => (ChartType::Column, 0, vec![11, 12]),
    };
    let mut chart = Chart::new(kind);
    for col in value_cols {
        chart
            .add_series()
            .set_categories((sheet, 1, name_col, last, name_col))
            .set_values((sheet, 1, col, last, col))
            .set_name((sheet, 0, col));
    }
    chart.title().set_name(&table.title);
    if table.breakdown == Breakdown::Year || table.breakdown == Breakdown::Workshop {
        chart.legend().set_position(ChartLegendPosition::Bottom);
    } else {
        chart.legend().set_hidden();
        // Bars read top-down in the table's order, largest first. In a bar chart rust_xlsxwriter's
        // y axis is the category axis (vertical) and its x axis the values: reversing the
        // categories puts the first row on top, and crossing the values at the last category
        // keeps the value axis at the bottom, running left to right, as Excel does it by hand.
        chart
            .y_axis()
            .set_reverse()
            .set_crossing(ChartAxisCrossing::Max);
    }
    chart.set_width(720).set_height(480);
    Ok(Some(chart))
}
