//! Importing CSV files: all rows validated, every problem reported, nothing written unless all is well.
//!
//! A file is streamed: bytes are decoded as they are read (`encoding_rs_io`), parsed by `csv`, and
//! each row goes through the [`Writer`](crate::write::Writer) inside the caller's transaction. Problems
//! are collected rather than returned at the first; the caller commits only when there are none.

use std::io::{Chain, Cursor, Read};

use encoding_rs_io::{DecodeReaderBytes, DecodeReaderBytesBuilder};
use serde::Serialize;

use super::guard::unguard;
use super::sniff::{self, Detected};
use crate::error::{Error, Problem, ProblemKind, Result, Severity};
use crate::model::fields::clean;
use crate::model::Fields;
use crate::record::Entity;
use crate::write::{Outcome, PutError, Writer};

/// At most this many problems are kept per import; the last one says how many more there were.
pub const MAX_PROBLEMS: usize = 10_000;

/// How often (in rows) an import reports progress and may be cancelled.
pub const PROGRESS_EVERY: u64 = 10_000;

/// What an import did (or, in a dry run, would do) with one file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    /// The entity the file holds.
    pub entity: Option<Entity>,
    /// The file name.
    pub file: String,
    /// What was detected (encoding, delimiter).
    pub detected: Option<Detected>,
    /// Data rows read (blank rows not counted).
    pub rows: u64,
    /// New records.
    pub added: u64,
    /// Records that existed and changed.
    pub updated: u64,
    /// Records that existed and were the same.
    pub unchanged: u64,
    /// Warnings (accepted, worth a look).
    pub warnings: Vec<Problem>,
}

/// Collects the problems of an import, capped at [`MAX_PROBLEMS`].
pub(crate) struct Problems<'a> {
    list: &'a mut Vec<Problem>,
    dropped: u64,
}

impl<'a> Problems<'a> {
    pub fn new(list: &'a mut Vec<Problem>) -> Self {
        Problems { list, dropped: 0 }
    }
    fn push(&mut self, p: Problem) {
        if self.list.len() < MAX_PROBLEMS {
            self.list.push(p);
        } else {
            self.dropped += 1;
        }
    }
    fn finish(self, file: &str) {
        if self.dropped > 0 {
            self.list.push(Problem::in_file(
                file,
                0,
                None,
                ProblemKind::MoreProblems {
                    count: self.dropped,
                },
            ));
        }
    }
}

/// A workbook's kind in English and Chinese (see [`sniff::workbook_kind`]).
type Workbook = (&'static str, &'static str);

type Decoder<R> = DecodeReaderBytes<Chain<Cursor<Vec<u8>>, R>, Vec<u8>>;

/// Reads the first bytes for detection, then returns a reader that decodes the whole file to UTF-8.
fn open_decoded<R: Read>(
    file: &str,
    mut reader: R,
) -> Result<(Detected, Option<Workbook>, Decoder<R>)> {
    let mut sample = Vec::with_capacity(sniff::SAMPLE_LEN);
    (&mut reader)
        .take(sniff::SAMPLE_LEN as u64)
        .read_to_end(&mut sample)
        .map_err(|e| Error::io(file, e))?;
    let workbook = sniff::workbook_kind(&sample);
    let complete = sample.len() < sniff::SAMPLE_LEN;
    let detected = sniff::detect(&sample, complete);
    let decoder = DecodeReaderBytesBuilder::new()
        .encoding(Some(detected.encoding()))
        .bom_override(true)
        .strip_bom(true)
        .build(Cursor::new(sample).chain(reader));
    Ok((detected, workbook, decoder))
}

/// One data row, seen through the entity's columns.
struct Row<'r> {
    record: &'r csv::StringRecord,
    /// For each of the entity's columns, the cell index in the file (None: column absent).
    cells: &'r [Option<usize>],
    entity: Entity,
}

impl Fields for Row<'_> {
    fn get(&self, field: &str) -> Option<&str> {
        let index = self.entity.columns().iter().position(|c| c.name == field)?;
        let cell = (*self.cells.get(index)?)?;
        Some(unguard(clean(self.record.get(cell).unwrap_or(""))))
    }
}

/// Imports one file's rows into `conn` (already inside a transaction), pushing problems into
/// `problems`. Returns the summary; the caller decides to commit or roll back.
pub(crate) fn import_into<R: Read>(
    conn: &rusqlite::Connection,
    entity: Entity,
    file: &str,
    reader: R,
    problems: &mut Vec<Problem>,
    progress: &mut dyn FnMut(u64) -> bool,
) -> Result<ImportSummary> {
    let mut summary = ImportSummary {
        entity: Some(entity),
        file: file.to_string(),
        ..ImportSummary::default()
    };
    let (detected, workbook, decoder) = open_decoded(file, reader)?;
    summary.detected = Some(detected);
    let mut problems = Problems::new(problems);
    if let Some((kind, kind_zh)) = workbook {
        problems.push(Problem::in_file(
            file,
            0,
            None,
            ProblemKind::Workbook { kind, kind_zh },
        ));
        problems.finish(file);
        return Ok(summary);
    }
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(detected.delimiter as u8)
        .has_headers(false)
        .flexible(true)
        .from_reader(decoder);
    let mut record = csv::StringRecord::new();

    // The header: every cell must name a column of this entity, and every required column must be there.
    let has_header = read_record(&mut csv, &mut record, file, &mut problems)?;
    if !has_header {
        problems.push(Problem::in_file(
            file,
            1,
            None,
            ProblemKind::EmptyFile(entity),
        ));
        problems.finish(file);
        return Ok(summary);
    }
    let columns = entity.columns();
    let mut cells: Vec<Option<usize>> = vec![None; columns.len()];
    let mut header_ok = true;
    // Cells under a blank header are checked on every row, so no value is dropped silently.
    let mut unnamed: Vec<usize> = Vec::new();
    for (index, header) in record.iter().enumerate() {
        let header = clean(header);
        if header.is_empty() {
            unnamed.push(index);
            continue;
        }
        match entity.column_for_header(header) {
            Some(col) if cells[col].is_some() => {
                header_ok = false;
                problems.push(header_problem(file, header, ProblemKind::ColumnTwice));
            }
            Some(col) => cells[col] = Some(index),
            None => {
                header_ok = false;
                problems.push(header_problem(
                    file,
                    header,
                    ProblemKind::UnknownColumn(entity),
                ));
            }
        }
    }
    for (col, found) in columns.iter().zip(&cells) {
        if col.required && found.is_none() {
            header_ok = false;
            problems.push(Problem::in_file(
                file,
                1,
                Some(col.name),
                ProblemKind::MissingColumn {
                    entity,
                    column: col.name,
                },
            ));
        }
    }
    if !header_ok {
        problems.finish(file);
        return Ok(summary);
    }
    let width = record.len();

    let mut writer = Writer::new(conn, true);
    while read_record(&mut csv, &mut record, file, &mut problems)? {
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|c| clean(c).is_empty()) {
            continue;
        }
        summary.rows += 1;
        if summary.rows.is_multiple_of(PROGRESS_EVERY) && !progress(summary.rows) {
            return Err(Error::Cancelled);
        }
        if record.iter().skip(width).any(|c| !clean(c).is_empty()) {
            problems.push(Problem::in_file(
                file,
                line,
                None,
                ProblemKind::TooManyCells {
                    cells: record.len(),
                    width,
                },
            ));
            continue;
        }
        if let Some(&index) = unnamed
            .iter()
            .find(|&&i| record.get(i).is_some_and(|c| !clean(c).is_empty()))
        {
            problems.push(Problem::in_file(
                file,
                line,
                None,
                ProblemKind::UnnamedCell {
                    position: index + 1,
                },
            ));
            continue;
        }
        if let Some(bad) = record.iter().position(|c| c.contains('\u{FFFD}')) {
            let column = cells
                .iter()
                .position(|c| *c == Some(bad))
                .map(|i| columns[i].name);
            problems.push(Problem::in_file(
                file,
                line,
                column,
                ProblemKind::BadBytes {
                    encoding: detected.encoding,
                },
            ));
            continue;
        }
        let row = Row {
            record: &record,
            cells: &cells,
            entity,
        };
        match writer.put(entity, &row, line) {
            Ok(put) => {
                match put.outcome {
                    Outcome::Added => summary.added += 1,
                    Outcome::Updated => summary.updated += 1,
                    Outcome::Unchanged => summary.unchanged += 1,
                }
                if let Some(w) = put.warning {
                    if summary.warnings.len() < MAX_PROBLEMS {
                        summary.warnings.push(w.at(file, line, Severity::Warning));
                    }
                }
            }
            Err(PutError::Invalid(errors)) => {
                for e in errors {
                    problems.push(e.at(file, line, Severity::Error));
                }
            }
            Err(PutError::Db(e)) => return Err(Error::Database(e)),
        }
    }
    problems.finish(file);
    Ok(summary)
}

/// A problem with a header cell, on line 1, naming the cell as written.
fn header_problem(file: &str, header: &str, kind: ProblemKind) -> Problem {
    Problem {
        value: Some(header.to_string()),
        ..Problem::in_file(file, 1, Some(header), kind)
    }
}

/// Reads the next record; a malformed record becomes a problem and reading goes on.
fn read_record<R: Read>(
    csv: &mut csv::Reader<R>,
    record: &mut csv::StringRecord,
    file: &str,
    problems: &mut Problems,
) -> Result<bool> {
    loop {
        match csv.read_record(record) {
            Ok(more) => return Ok(more),
            Err(e) => match e.kind() {
                csv::ErrorKind::Io(_) => {
                    return Err(Error::io(file, std::io::Error::other(e.to_string())))
                }
                _ => {
                    let line = e.position().map_or(0, |p| p.line());
                    problems.push(Problem::in_file(
                        file,
                        line,
                        None,
                        ProblemKind::MalformedCsv {
                            detail: e.to_string(),
                        },
                    ));
                }
            },
        }
    }
}
