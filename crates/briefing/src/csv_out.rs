//! Breakdowns as CSV that Excel opens correctly: UTF-8 with a byte order mark, CRLF line ends, the
//! core's formula guard on every text cell, and the selection in a last column on every row so a
//! figure never travels without its scope. Notes follow the table as rows of their own.

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
    let table = table(report, breakdown, lang);
    out.write_all(b"\xEF\xBB\xBF")?;
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
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
    w.flush()?;
    Ok(table.rows.len())
}
