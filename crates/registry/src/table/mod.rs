//! Rows of text cells, whatever file they come from: a CSV file or a workbook's sheet.
//!
//! The importer ([`crate::csv_io::import`]) reads through [`Rows`], so finding the header under
//! title rows, leaving out a running-number column or a totals row, and every rule of the records
//! are the same for CSV and workbooks. [`header`] recognises header cells as offices write them.

pub mod header;

use crate::error::{Problem, Result};

/// A source of rows for the importer.
pub(crate) trait Rows {
    /// Reads the next row into `record` and returns its position (the physical line of a CSV
    /// file, the row number of a sheet), or `None` at the end. A row that cannot be read is
    /// pushed to `problems` and reading goes on.
    fn next_row(
        &mut self,
        record: &mut csv::StringRecord,
        problems: &mut dyn FnMut(Problem),
    ) -> Result<Option<u64>>;
}

/// Where rows come from, for placing problems: the file and, in a workbook, the sheet.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Place<'a> {
    /// The file name as the user knows it.
    pub file: &'a str,
    /// The sheet, when the file is a workbook.
    pub sheet: Option<&'a str>,
}

impl Place<'_> {
    /// Places `p` in the sheet (if any), at the cell of index `cell` (from 0) when known.
    pub fn locate(&self, mut p: Problem, cell: Option<usize>) -> Problem {
        if let Some(sheet) = self.sheet {
            p.sheet = Some(sheet.to_string());
            p.column_letter = cell.map(column_letter);
        }
        p
    }
}

/// The letter a spreadsheet shows for the column of index `index` (from 0): `A`, …, `Z`, `AA`.
///
/// ```
/// use luban_registry::table::column_letter;
/// assert_eq!(column_letter(0), "A");
/// assert_eq!(column_letter(2), "C");
/// assert_eq!(column_letter(26), "AA");
/// assert_eq!(column_letter(16383), "XFD");
/// ```
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}
