//! Breakdowns as CSV that Excel opens correctly: UTF-8 with a byte order mark, CRLF line ends, the
//! core's formula guard on every text cell, and the selection in a last column on every row so a
//! figure never travels without its scope. Notes follow the table as rows of their own.
//!
//! One breakdown is a plain table ([`write_breakdown`]); every breakdown in one file
//! ([`write_breakdowns`]) puts each table under a title row, with a blank line between tables.

use std::io::Write;

use luban_registry::csv_io::guard::guard;
use luban_registry::report::{Lang, Report};

use crate::error::Result;
use crate::labels::t;
use crate::tables::{table, Breakdown, Cell};

/// Writes one breakdown of `report` as CSV to `out`, headers in `lang`. Returns the data rows written.
pub fn write_breakdown(
    report: &Report,
    breakdown: Breakdown,
    lang: Lang,
    mut out: impl Write,
) -> Result<usize> {
    out.write_all(b"\xEF\xBB\xBF")?;
    let mut w = writer(out);
    let rows = write_table(&mut w, report, breakdown, lang)?;
    w.flush()?;
    Ok(rows)
}

/// Writes every breakdown of `report` (in [`Breakdown::ALL`] order) as one CSV to `out`: each
/// table under a row holding its title, a blank line between tables. Returns the data rows written.
pub fn write_breakdowns(report: &Report, lang: Lang, mut out: impl Write) -> Result<usize> {
    out.write_all(b"\xEF\xBB\xBF")?;
    let mut rows = 0;
    for (i, breakdown) in Breakdown::ALL.into_iter().enumerate() {
        if i > 0 {
            // Written directly: the csv crate writes an empty record as `""`, not as a blank line.
            out.write_all(b"\r\n")?;
        }
        let mut w = writer(&mut out);
        w.write_record([guard(&breakdown.title(report.headline.places(), lang)).as_ref()])?;
        rows += write_table(&mut w, report, breakdown, lang)?;
        w.flush()?;
    }
    Ok(rows)
}

/// CRLF line ends; rows of different lengths (title rows, blank lines) allowed.
fn writer<W: Write>(out: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .flexible(true)
        .from_writer(out)
}

/// The header, data rows and notes of one breakdown.
fn write_table<W: Write>(
    w: &mut csv::Writer<W>,
    report: &Report,
    breakdown: Breakdown,
    lang: Lang,
) -> Result<usize> {
    let table = table(report, breakdown, lang);
    let scope = report.scope.get(lang);
    let mut header: Vec<String> = table
        .headers
        .iter()
        .map(|h| guard(h).into_owned())
        .collect();
    header.push(t(lang, "Selection", "统计范围").to_string());
    w.write_record(&header)?;
    for row in &table.rows {
        let mut cells: Vec<String> = row
            .iter()
            .map(|c| match c {
                Cell::Text(s) => guard(s).into_owned(),
                other => other.text(),
            })
            .collect();
        cells.push(guard(scope).into_owned());
        w.write_record(&cells)?;
    }
    for note in &table.notes {
        let mut cells = vec![String::new(); header.len()];
        cells[0] = guard(&format!("{}{note}", t(lang, "Note: ", "注："))).into_owned();
        w.write_record(&cells)?;
    }
    Ok(table.rows.len())
}

/// Writes `breakdown` alone, or every breakdown when `None`, as one CSV to `out`: what a `.csv`
/// file and standard output both receive. Returns the data rows written.
pub fn write_csv(
    report: &Report,
    breakdown: Option<Breakdown>,
    lang: Lang,
    out: impl Write,
) -> Result<usize> {
    match breakdown {
        Some(b) => write_breakdown(report, b, lang, out),
        None => write_breakdowns(report, lang, out),
    }
}
