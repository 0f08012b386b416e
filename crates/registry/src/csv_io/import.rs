//! Importing CSV files: all rows validated, every problem reported, nothing written unless all is well.
//!
//! A file is streamed: bytes are decoded as they are read (`encoding_rs_io`), parsed by `csv`, and
//! each row goes through the [`Writer`](crate::write::Writer) inside the caller's transaction. Problems
//! are collected rather than returned at the first; the caller commits only when there are none.

use std::borrow::Cow;
use std::io::{Chain, Cursor, Read};

use encoding_rs_io::{DecodeReaderBytes, DecodeReaderBytesBuilder};
use serde::Serialize;

use super::guard::unguard;
use super::sniff::{self, Detected};
use crate::error::{Error, Problem, Result, Severity};
use crate::model::fields::clean;
use crate::model::{Entity, Fields};
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
            self.list.push(Problem {
                file: file.to_string(),
                line: 0,
                column: None,
                value: None,
                message: format!(
                    "and {} more problems not listed; fix the ones above and import again",
                    self.dropped
                ),
                message_zh: format!(
                    "另有 {} 个问题未列出；请先修正以上问题，再重新导入",
                    self.dropped
                ),
                severity: Severity::Error,
            });
        }
    }
}

fn file_problem(
    file: &str,
    line: u64,
    column: Option<&str>,
    message: String,
    message_zh: String,
) -> Problem {
    Problem {
        file: file.to_string(),
        line,
        column: column.map(str::to_string),
        value: None,
        message,
        message_zh,
        severity: Severity::Error,
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
        problems.push(file_problem(
            file,
            0,
            None,
            format!("this is {kind}, not a CSV file; in Excel or WPS choose File → Save As → \"CSV UTF-8 (Comma delimited)\" and import that file"), format!("这是{kind_zh}，不是 CSV 文件；请在 Excel 或 WPS 中选择“文件 → 另存为 → CSV UTF-8（逗号分隔）”，再导入该文件"),
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
        problems.push(file_problem(
            file,
            1,
            None,
            format!(
                "the file is empty; the first line must be the header ({})",
                header_hint(entity)
            ),
            format!("文件为空；第一行必须是表头（{}）", header_hint(entity)),
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
                problems.push(file_problem(
                    file,
                    1,
                    Some(header),
                    format!("column {header:?} appears twice; keep one"),
                    format!("列“{header}”出现了两次；请只保留一列"),
                ));
            }
            Some(col) => cells[col] = Some(index),
            None => {
                header_ok = false;
                problems.push(file_problem(
                    file,
                    1,
                    Some(header),
                    format!(
                        "{header:?} is not a column of {}; the columns are {}",
                        entity.file_name(),
                        header_hint(entity)
                    ),
                    format!(
                        "“{header}”不是 {} 的列；可用的列为：{}",
                        entity.file_name(),
                        header_hint(entity)
                    ),
                ));
            }
        }
    }
    for (col, found) in columns.iter().zip(&cells) {
        if col.required && found.is_none() {
            header_ok = false;
            problems.push(file_problem(
                file,
                1,
                Some(col.name),
                format!(
                    "the required column {} ({}) is missing; add it to the header",
                    col.name, col.zh
                ),
                format!("缺少必需的列 {}（{}）；请在表头中添加", col.name, col.zh),
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
            problems.push(file_problem(file, line, None, format!("this row has {} cells but the header has {width}; remove the extra cells or add a header for them", record.len()), format!("该行有 {} 个单元格，但表头只有 {width} 列；请删除多余的单元格，或为其添加表头", record.len())));
            continue;
        }
        if let Some(&index) = unnamed
            .iter()
            .find(|&&i| record.get(i).is_some_and(|c| !clean(c).is_empty()))
        {
            problems.push(file_problem(
                file,
                line,
                None,
                format!(
                    "cell {} has a value but its column has no header; add the column's name to the header or clear the cell",
                    index + 1
                ), format!("第 {} 个单元格有值，但该列没有表头；请在表头中填写列名，或清空该单元格", index + 1),
            ));
            continue;
        }
        if let Some(bad) = record.iter().position(|c| c.contains('\u{FFFD}')) {
            let column = cells
                .iter()
                .position(|c| *c == Some(bad))
                .map(|i| columns[i].name);
            problems.push(file_problem(file, line, column, format!("this row has bytes that are not valid {}; save the file again as \"CSV UTF-8\"", detected.encoding), format!("该行含有不符合 {} 编码的字节；请将文件另存为“CSV UTF-8”", detected.encoding)));
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

fn header_hint(entity: Entity) -> String {
    entity
        .columns()
        .iter()
        .map(|c| {
            if c.required {
                Cow::Borrowed(c.name)
            } else {
                Cow::Owned(format!("{} (optional)", c.name))
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
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
                    problems.push(file_problem(
                        file,
                        line,
                        None,
                        format!("this row cannot be read as CSV ({e}); check its quotes"),
                        format!("该行无法按 CSV 读取（{e}）；请检查引号"),
                    ));
                }
            },
        }
    }
}
