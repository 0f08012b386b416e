//! Reading Excel, WPS and LibreOffice workbooks (`.xlsx`, `.xlsm`, `.xls`, `.ods`) with `calamine`.
//!
//! A workbook is recognised by its first bytes, not its name (a ZIP archive or an OLE compound
//! file), and read whole: office workbooks are small, and `calamine` needs to seek. Each sheet
//! becomes [`Rows`] of text cells for the same importer CSV goes through, so every rule and
//! message is the same; only the cells' text is made here, from typed cells: a date is written
//! `2016-03-08`, a whole-number float `300` (not `300.0`), a cell covered by a merged region gets
//! the region's value, and a spreadsheet error (`#N/A`) is marked so the importer reports it.
//! Rows and columns keep the numbers the spreadsheet shows (row 7, column C), so problems name them.

use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::path::Path;

use calamine::{Data, Dimensions, Range, Reader, Sheets};

use crate::error::{Error, ProblemKind, Result};
use crate::table::Rows;

/// Marks a cell holding a spreadsheet error: the importer reports the text after it. A control
/// character no cell text can begin with once cleaned (typed text never starts with U+0001).
pub(crate) const CELL_ERROR_MARK: &str = "\u{1}";

/// Whether `sample` (a file's first bytes) starts like a workbook: a ZIP archive (`.xlsx`,
/// `.xlsm`, `.ods`, WPS `.et` saved as xlsx) or an OLE compound file (`.xls`).
pub fn looks_like_workbook(sample: &[u8]) -> bool {
    sample.starts_with(b"PK\x03\x04")
        || sample.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
}

/// Whether the file at `path` starts like a workbook (see [`looks_like_workbook`]).
pub(crate) fn is_workbook(path: &Path) -> Result<bool> {
    let mut sample = Vec::with_capacity(8);
    std::fs::File::open(path)
        .and_then(|f| f.take(8).read_to_end(&mut sample))
        .map_err(|e| Error::io(path, e))?;
    Ok(looks_like_workbook(&sample))
}

/// An open workbook.
pub(crate) struct Workbook {
    sheets: Sheets<Cursor<Vec<u8>>>,
}

impl Workbook {
    /// Opens the workbook at `path`. `Ok(Err(..))`: the file was read but is no workbook
    /// `calamine` can open (the problem to report).
    pub fn open(path: &Path) -> Result<std::result::Result<Workbook, ProblemKind>> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        Ok(Workbook::from_bytes(bytes))
    }

    /// Opens a workbook held in memory.
    pub fn from_bytes(bytes: Vec<u8>) -> std::result::Result<Workbook, ProblemKind> {
        calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
            .map(|sheets| Workbook { sheets })
            .map_err(|e| ProblemKind::UnreadableWorkbook {
                detail: e.to_string(),
            })
    }

    /// The sheets' names, in the workbook's order.
    pub fn sheet_names(&self) -> Vec<String> {
        self.sheets.sheet_names()
    }

    /// Reads one sheet's cells (and its merged regions, where the format records them).
    pub fn sheet(&mut self, name: &str) -> std::result::Result<Sheet, ProblemKind> {
        let unreadable = |e: &dyn std::fmt::Display| ProblemKind::UnreadableWorkbook {
            detail: e.to_string(),
        };
        let range = self
            .sheets
            .worksheet_range(name)
            .map_err(|e| unreadable(&e))?;
        let merges: Vec<Dimensions> = match &mut self.sheets {
            Sheets::Xlsx(x) => {
                x.load_merged_regions().map_err(|e| unreadable(&e))?;
                x.merged_regions_by_sheet(name)
                    .into_iter()
                    .map(|(_, _, d)| *d)
                    .collect()
            }
            Sheets::Xls(x) => x.worksheet_merge_cells(name).unwrap_or_default(),
            // Neither calamine's .xlsb nor its .ods reader reports merged regions: a covered cell
            // reads blank, which the importer reports if the column needs a value.
            Sheets::Xlsb(_) | Sheets::Ods(_) => Vec::new(),
        };
        Ok(Sheet::new(range, &merges))
    }
}

/// One sheet's cells, read as rows of text.
pub(crate) struct Sheet {
    range: Range<Data>,
    /// For each cell covered by a merged region (but not its top-left cell), that top-left cell.
    covered: HashMap<(u32, u32), (u32, u32)>,
    /// The next row to read (absolute, from 0).
    next: u32,
}

/// Merged regions larger than this many cells are not filled in (a whole-sheet merge would
/// otherwise cost memory for nothing; such a region is a layout, not data).
const MAX_MERGED_CELLS: u64 = 1_000_000;

impl Sheet {
    fn new(range: Range<Data>, merges: &[Dimensions]) -> Sheet {
        let mut covered = HashMap::new();
        let mut budget = MAX_MERGED_CELLS;
        for m in merges {
            let cells = u64::from(m.end.0 - m.start.0 + 1) * u64::from(m.end.1 - m.start.1 + 1);
            if m.end.0 < m.start.0 || m.end.1 < m.start.1 || cells > budget {
                continue;
            }
            budget -= cells;
            for r in m.start.0..=m.end.0 {
                for c in m.start.1..=m.end.1 {
                    if (r, c) != m.start {
                        covered.insert((r, c), m.start);
                    }
                }
            }
        }
        let next = range.start().map_or(0, |(r, _)| r);
        Sheet {
            range,
            covered,
            next,
        }
    }

    /// The cell at an absolute position, the merged region's value for a covered cell.
    fn cell(&self, at: (u32, u32)) -> Option<&Data> {
        match self.covered.get(&at) {
            Some(&origin) => self.range.get_value(origin),
            None => self.range.get_value(at),
        }
    }
}

impl Rows for Sheet {
    fn next_row(
        &mut self,
        record: &mut csv::StringRecord,
        _problems: &mut dyn FnMut(crate::error::Problem),
    ) -> Result<Option<u64>> {
        let Some((last_row, last_col)) = self.range.end() else {
            return Ok(None);
        };
        if self.next > last_row {
            return Ok(None);
        }
        let row = self.next;
        self.next += 1;
        record.clear();
        // Cells from column A, so a cell's index is its column's (index 2 is column C).
        for col in 0..=last_col {
            match self.cell((row, col)) {
                Some(data) => record.push_field(&text(data)),
                None => record.push_field(""),
            }
        }
        Ok(Some(u64::from(row) + 1))
    }
}

/// The text of a typed cell, as the importer reads it.
///
/// ```ignore
/// assert_eq!(text(&Data::Float(300.0)), "300");
/// ```
fn text(data: &Data) -> String {
    match data {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(t) if dt.is_datetime() => {
                if t.time() == chrono::NaiveTime::MIN {
                    t.format("%Y-%m-%d").to_string()
                } else {
                    t.format("%Y-%m-%d %H:%M:%S").to_string()
                }
            }
            _ => number(dt.as_f64()),
        },
        // LibreOffice writes dates as ISO text; a date at midnight is the date.
        Data::DateTimeIso(s) => s.strip_suffix("T00:00:00").unwrap_or(s).to_string(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("{CELL_ERROR_MARK}{e}"),
    }
}

/// A number as people write it: a whole number without a fraction (`300`, not `300.0`), anything
/// else in the shortest form that reads back the same (`1.5`).
fn number(f: f64) -> String {
    // 2^53: every whole float below it is exactly an integer.
    if f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_floats_are_integers_and_fractions_stay() {
        assert_eq!(text(&Data::Float(300.0)), "300");
        assert_eq!(text(&Data::Float(-0.0)), "0");
        assert_eq!(text(&Data::Float(1.5)), "1.5");
        assert_eq!(text(&Data::Int(15000)), "15000");
    }

    #[test]
    fn errors_are_marked() {
        assert_eq!(text(&Data::Error(calamine::CellErrorType::NA)), "\u{1}#N/A");
    }
}
