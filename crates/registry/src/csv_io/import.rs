//! Importing CSV files: all rows validated, every problem reported, nothing written unless all is well.
//!
//! A file is streamed: bytes are decoded as they are read (`encoding_rs_io`), parsed by `csv`, and
//! each row goes through the [`Writer`](crate::write::Writer) inside the caller's transaction. Problems
//! are collected rather than returned at the first; the caller commits only when there are none.

use std::io::{Chain, Cursor, Read};

use encoding_rs_io::{DecodeReaderBytes, DecodeReaderBytesBuilder};
use serde::Serialize;

use super::guard::unguard;
use super::lines::LineCounting;
use super::sniff::{self, Detected};
use crate::error::{add_warning, Error, Problem, ProblemKind, Result, Severity, Warning};
use crate::model::fields::clean;
use crate::model::Fields;
use crate::record::Entity;
use crate::table::{header, Place, Rows};
use crate::write::{Outcome, PutError, Writer};

/// At most this many problems are kept per import; the last one says how many more there were.
pub const MAX_PROBLEMS: usize = 10_000;

/// How many data rows [`ImportSummary::first_rows`] shows.
pub const FIRST_ROWS: usize = 5;

/// How many characters of a cell [`ImportSummary::first_rows`] keeps.
pub const FIRST_ROWS_CELL: usize = 40;

/// A row's cells as [`ImportSummary::first_rows`] shows them: trimmed, cut to
/// [`FIRST_ROWS_CELL`] characters, control characters escaped (`\n`, `\u{1b}`) so that no cell
/// can move a terminal's cursor or break a table's line.
fn shown(record: &csv::StringRecord) -> Vec<String> {
    record
        .iter()
        .map(|c| {
            let c = clean(c);
            let mut out = String::new();
            for (i, ch) in c.chars().enumerate() {
                if i == FIRST_ROWS_CELL {
                    out.push('…');
                    break;
                }
                if ch.is_control() {
                    out.extend(ch.escape_default());
                } else {
                    out.push(ch);
                }
            }
            out
        })
        .collect()
}

/// How often (in rows) an import reports progress and may be cancelled.
pub const PROGRESS_EVERY: u64 = 10_000;

/// What an import did (or, in a dry run, would do) with one file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    /// The entity the file holds.
    pub entity: Option<Entity>,
    /// The file name.
    pub file: String,
    /// The sheet read, when the file is a workbook.
    pub sheet: Option<String>,
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
    /// The header row and the first [`FIRST_ROWS`] data rows as decoded (each cell at most
    /// [`FIRST_ROWS_CELL`] characters), so a garbled file shows at a glance.
    pub first_rows: Vec<Vec<String>>,
    /// Warnings (accepted, worth a look), the same warning on many rows summarised as one.
    pub warnings: Vec<Warning>,
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
    pub(crate) fn push(&mut self, p: Problem) {
        if self.list.len() < MAX_PROBLEMS {
            self.list.push(p.capped());
        } else {
            self.dropped += 1;
        }
    }
    pub(crate) fn finish(self, file: &str) {
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

/// What was learnt from a file's first bytes, and the reader of its text.
struct Opened<R> {
    detected: Detected,
    /// Why the encoding cannot be trusted, if it cannot.
    doubt: Option<sniff::Doubt>,
    /// The workbook kind, when the bytes are a workbook's.
    workbook: Option<Workbook>,
    decoder: Decoder<R>,
}

/// Reads the first bytes for detection, then returns a reader that decodes the whole file to UTF-8.
fn open_decoded<R: Read>(
    file: &str,
    mut reader: R,
    chosen: Option<&'static encoding_rs::Encoding>,
) -> Result<Opened<R>> {
    let mut sample = Vec::with_capacity(sniff::SAMPLE_LEN);
    (&mut reader)
        .take(sniff::SAMPLE_LEN as u64)
        .read_to_end(&mut sample)
        .map_err(|e| Error::io(file, e))?;
    let workbook = sniff::workbook_kind(&sample);
    let complete = sample.len() < sniff::SAMPLE_LEN;
    let (detected, doubt) = sniff::assess(&sample, complete, chosen);
    let decoder = DecodeReaderBytesBuilder::new()
        .encoding(Some(detected.encoding()))
        .bom_override(true)
        .strip_bom(true)
        .build(Cursor::new(sample).chain(reader));
    Ok(Opened {
        detected,
        doubt,
        workbook,
        decoder,
    })
}

/// One data row, seen through the entity's columns.
struct Row<'r> {
    record: &'r csv::StringRecord,
    /// For each of the entity's columns, the cell index in the file (None: column absent).
    cells: &'r [Option<usize>],
    /// The columns of fields of the office's own in the file.
    own: &'r [OwnColumn],
    entity: Entity,
}

impl Fields for Row<'_> {
    fn get(&self, field: &str) -> Option<&str> {
        let cell = match self.entity.columns().iter().position(|c| c.name == field) {
            Some(index) => (*self.cells.get(index)?)?,
            None => self.own.iter().find(|o| o.name == field)?.cell,
        };
        Some(unguard(clean(self.record.get(cell).unwrap_or(""))))
    }
}

/// A column of a field of the office's own (see [`crate::record::custom_field`]) in a file.
struct OwnColumn {
    /// The field's name (what the kind's `put` asks for).
    name: String,
    /// The cell index in the row.
    cell: usize,
    /// The header as the user wrote it (problems name the column so).
    written: String,
}

/// A CSV file's records, as [`Rows`].
struct CsvRows<'f, R: Read> {
    csv: csv::Reader<LineCounting<Decoder<R>>>,
    file: &'f str,
}

impl<R: Read> Rows for CsvRows<'_, R> {
    fn next_row(
        &mut self,
        record: &mut csv::StringRecord,
        problems: &mut dyn FnMut(Problem),
    ) -> Result<Option<u64>> {
        loop {
            match self.csv.read_record(record) {
                Ok(true) => {
                    let at = record.position().map_or(0, |p| p.byte());
                    return Ok(Some(self.csv.get_mut().line_at(at)));
                }
                Ok(false) => return Ok(None),
                Err(e) => match e.kind() {
                    csv::ErrorKind::Io(_) => {
                        return Err(Error::io(self.file, std::io::Error::other(e.to_string())))
                    }
                    _ => {
                        let at = e.position().map_or(0, |p| p.byte());
                        let line = self.csv.get_mut().line_at(at);
                        problems(Problem::in_file(
                            self.file,
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
}

/// Imports one CSV file's rows into `conn` (already inside a transaction), pushing problems into
/// `problems`. Returns the summary; the caller decides to commit or roll back.
pub(crate) fn import_into<R: Read>(
    conn: &rusqlite::Connection,
    entity: Entity,
    file: &str,
    reader: R,
    reading: Reading<'_>,
    problems: &mut Vec<Problem>,
    progress: &mut dyn FnMut(u64) -> bool,
) -> Result<ImportSummary> {
    let mut summary = ImportSummary {
        entity: Some(entity),
        file: file.to_string(),
        ..ImportSummary::default()
    };
    let Opened {
        detected,
        doubt,
        workbook,
        decoder,
    } = open_decoded(file, reader, reading.encoding)?;
    summary.detected = Some(detected);
    let mut problems = Problems::new(problems);
    let doubt = doubt.filter(|_| workbook.is_none()).map(|d| match d {
        sniff::Doubt::Uncertain { candidates } => ProblemKind::UncertainEncoding { candidates },
        sniff::Doubt::Mixed {
            utf8_line,
            other_line,
        } => ProblemKind::MixedEncoding {
            utf8_line,
            other_line,
        },
    });
    if let Some(kind) = doubt {
        problems.push(Problem::in_file(file, 0, None, kind));
        problems.finish(file);
        return Ok(summary);
    }
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
    let csv = csv::ReaderBuilder::new()
        .delimiter(detected.delimiter as u8)
        .has_headers(false)
        .flexible(true)
        .from_reader(LineCounting::new(decoder));
    let mut rows = CsvRows { csv, file };
    let place = Place { file, sheet: None };
    let checks = RowChecks {
        bad_bytes: Some(detected.encoding),
        cell_errors: false,
        lost_letters: true,
    };
    import_rows(
        conn,
        entity,
        place,
        &mut rows,
        checks,
        reading,
        &mut summary,
        &mut problems,
        progress,
    )?;
    problems.finish(file);
    Ok(summary)
}

/// Imports one sheet of a workbook, as [`import_into`] does a CSV file.
#[allow(clippy::too_many_arguments)]
pub(crate) fn import_sheet(
    conn: &rusqlite::Connection,
    entity: Entity,
    file: &str,
    sheet_name: &str,
    sheet: &mut crate::workbook::Sheet,
    reading: Reading<'_>,
    problems: &mut Vec<Problem>,
    progress: &mut dyn FnMut(u64) -> bool,
) -> Result<ImportSummary> {
    let mut summary = ImportSummary {
        entity: Some(entity),
        file: file.to_string(),
        sheet: Some(sheet_name.to_string()),
        ..ImportSummary::default()
    };
    let mut problems = Problems::new(problems);
    let place = Place {
        file,
        sheet: Some(sheet_name),
    };
    let checks = RowChecks {
        bad_bytes: None,
        cell_errors: true,
        lost_letters: false,
    };
    import_rows(
        conn,
        entity,
        place,
        sheet,
        checks,
        reading,
        &mut summary,
        &mut problems,
        progress,
    )?;
    problems.finish(file);
    Ok(summary)
}

/// How the user asked the values of an import to be read (the same for every file of it).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Reading<'a> {
    /// How a date with the year last (`3/8/2016`) is read; `None`: refused naming both readings.
    pub date_order: Option<crate::model::fields::DateOrder>,
    /// The encoding the user chose for files without a BOM (`--encoding`); `None`: detected, and
    /// refused when the detection cannot be trusted.
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// Columns the user mapped or left out (`--map`, `--ignore`).
    pub columns: Option<&'a header::ColumnChoices>,
}

/// What a source asks to be checked on every row besides the records' rules.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RowChecks {
    /// Decoded text: U+FFFD marks bytes that were not valid in this encoding.
    pub bad_bytes: Option<&'static str>,
    /// Workbook cells: [`crate::workbook::CELL_ERROR_MARK`] marks a spreadsheet error.
    pub cell_errors: bool,
    /// Text saved in an encoding that could not hold its letters: `?` in their place (reported
    /// once a file: every row of such a file is so).
    pub lost_letters: bool,
}

/// Whether a cell shows letters lost to `?`: a run of three or more, or a cell of two or more
/// and nothing else (a Chinese name of two characters). `Why?` or `??` in a note is not.
fn lost_letters(cell: &str) -> bool {
    let cell = clean(cell);
    cell.contains("???") || (cell.len() >= 2 && cell.bytes().all(|b| b == b'?'))
}

/// How many non-blank rows may stand above the header as a title before the first row is taken
/// as the header after all (and its unknown columns reported).
const MAX_TITLE_ROWS: usize = 10;

/// The header of a table: which cell holds each of the entity's columns.
struct Header {
    /// For each of the entity's columns, the cell index in the row (None: column absent).
    cells: Vec<Option<usize>>,
    /// Cells under a blank header, checked on every row so no value is dropped silently.
    unnamed: Vec<usize>,
    /// Cells in the header row.
    width: usize,
    /// Columns of fields of the office's own.
    own: Vec<OwnColumn>,
}

impl Header {
    /// The field name of the column in cell `index`, if it names one (a field of the office's own
    /// by its header as written).
    fn column_at(&self, columns: &[crate::record::Column], index: usize) -> Option<&str> {
        match self.cells.iter().position(|c| *c == Some(index)) {
            Some(i) => Some(columns[i].name),
            None => self
                .own
                .iter()
                .find(|o| o.cell == index)
                .map(|o| o.written.as_str()),
        }
    }
}

/// How many cells of `record` name columns of `entity` (or a running number).
fn known_cells(
    entity: Entity,
    record: &csv::StringRecord,
    choices: &header::ColumnChoices,
) -> usize {
    record
        .iter()
        .filter(|c| {
            choices.choice_for(c).is_some()
                || header::column_for(entity, c).is_some()
                || header::is_running_number(c)
        })
        .count()
}

/// Finds the header: the first row whose cells name at least two columns of `entity`. Rows above
/// it are left out as a title, with a note. When none of the first [`MAX_TITLE_ROWS`] non-blank
/// rows qualifies, the first is the header (and its cells are reported as unknown columns).
/// Returns the header row and the rows read past it, to be read again as data.
#[allow(clippy::type_complexity)]
#[allow(clippy::too_many_arguments)]
fn find_header(
    entity: Entity,
    choices: &header::ColumnChoices,
    place: Place,
    rows: &mut dyn Rows,
    record: &mut csv::StringRecord,
    notes: &mut Vec<Problem>,
    problems: &mut Problems,
) -> Result<Option<((csv::StringRecord, u64), Vec<(csv::StringRecord, u64)>)>> {
    let needed = entity.columns().len().min(2);
    let mut seen: Vec<(csv::StringRecord, u64)> = Vec::new();
    let mut push = |p: Problem| problems.push(place.locate(p, None));
    while seen.len() < MAX_TITLE_ROWS {
        let Some(at) = rows.next_row(record, &mut push)? else {
            break;
        };
        if record.iter().all(|c| clean(c).is_empty()) {
            continue;
        }
        if known_cells(entity, record, choices) >= needed {
            if let (Some((_, first)), Some((_, last))) = (seen.first(), seen.last()) {
                notes.push(
                    place.locate(
                        Problem::in_file(
                            place.file,
                            at,
                            None,
                            ProblemKind::TitleRowsSkipped {
                                header: at,
                                first: *first,
                                last: *last,
                            },
                        )
                        .warning(),
                        None,
                    ),
                );
            }
            return Ok(Some(((record.clone(), at), Vec::new())));
        }
        seen.push((record.clone(), at));
    }
    if seen.is_empty() {
        return Ok(None);
    }
    let first = seen.remove(0);
    Ok(Some((first, seen)))
}

/// What a header cell may name besides the kind's own columns: the user's choices for this
/// import (`--map`, `--ignore`) and the office's own fields.
struct Naming<'a> {
    choices: &'a header::ColumnChoices,
    own: &'a [crate::record::custom_field::Def],
}

/// Maps the header's cells to the entity's columns; header problems go to `problems`.
fn read_header(
    entity: Entity,
    Naming { choices, own }: Naming<'_>,
    place: Place,
    record: &csv::StringRecord,
    at: u64,
    notes: &mut Vec<Problem>,
    problems: &mut Problems,
) -> Option<Header> {
    let columns = entity.columns();
    let mut h = Header {
        cells: vec![None; columns.len()],
        unnamed: Vec::new(),
        width: record.len(),
        own: Vec::new(),
    };
    let mut ok = true;
    for (index, cell) in record.iter().enumerate() {
        let cell = clean(cell);
        if cell.is_empty() {
            h.unnamed.push(index);
            continue;
        }
        let chosen = match choices.choice_for(cell) {
            Some(header::Choice::Ignored) => {
                let note = header_problem(place.file, at, cell, ProblemKind::ColumnIgnored);
                notes.push(place.locate(note.warning(), Some(index)));
                continue;
            }
            Some(header::Choice::Mapped(target)) => match header::column_named(entity, target) {
                Some(col) => {
                    let kind = ProblemKind::ColumnMapped {
                        column: columns[col].name.to_string(),
                    };
                    let note = header_problem(place.file, at, cell, kind);
                    notes.push(place.locate(note.warning(), Some(index)));
                    Some(col)
                }
                None => {
                    ok = false;
                    let kind = ProblemKind::UnknownMapTarget {
                        entity,
                        column: target.to_string(),
                    };
                    let p = header_problem(place.file, at, cell, kind);
                    problems.push(place.locate(p, Some(index)));
                    continue;
                }
            },
            None => header::column_for(entity, cell),
        };
        match chosen {
            Some(col) if h.cells[col].is_some() => {
                ok = false;
                problems.push(place.locate(
                    header_problem(place.file, at, cell, ProblemKind::ColumnTwice),
                    Some(index),
                ));
            }
            Some(col) => h.cells[col] = Some(index),
            None if own.iter().any(|d| d.is_named_by(cell)) => {
                let def = own.iter().find(|d| d.is_named_by(cell));
                let name = def.map_or("", |d| d.name.as_str());
                if h.own.iter().any(|o| o.name == name) {
                    ok = false;
                    problems.push(place.locate(
                        header_problem(place.file, at, cell, ProblemKind::ColumnTwice),
                        Some(index),
                    ));
                } else {
                    h.own.push(OwnColumn {
                        name: name.to_string(),
                        cell: index,
                        written: cell.to_string(),
                    });
                }
            }
            None if header::is_running_number(cell) => {
                notes.push(
                    place.locate(
                        header_problem(place.file, at, cell, ProblemKind::RunningNumberColumn)
                            .warning(),
                        Some(index),
                    ),
                );
            }
            None => {
                ok = false;
                problems.push(place.locate(
                    header_problem(place.file, at, cell, ProblemKind::UnknownColumn(entity)),
                    Some(index),
                ));
            }
        }
    }
    for (col, found) in columns.iter().zip(&h.cells) {
        if col.required && found.is_none() {
            ok = false;
            problems.push(place.locate(
                Problem::in_file(
                    place.file,
                    at,
                    Some(col.name),
                    ProblemKind::MissingColumn {
                        entity,
                        column: col.name,
                    },
                ),
                None,
            ));
        }
    }
    ok.then_some(h)
}

/// Imports the rows of one table (a CSV file or a sheet): finds the header, then validates and
/// writes each data row through the [`Writer`], collecting every problem.
#[allow(clippy::too_many_arguments)]
pub(crate) fn import_rows(
    conn: &rusqlite::Connection,
    entity: Entity,
    place: Place,
    rows: &mut dyn Rows,
    checks: RowChecks,
    reading: Reading<'_>,
    summary: &mut ImportSummary,
    problems: &mut Problems,
    progress: &mut dyn FnMut(u64) -> bool,
) -> Result<()> {
    let mut record = csv::StringRecord::new();
    let mut notes = Vec::new();
    let no_choices = header::ColumnChoices::default();
    let choices = reading.columns.unwrap_or(&no_choices);
    let found = find_header(
        entity,
        choices,
        place,
        rows,
        &mut record,
        &mut notes,
        problems,
    )?;
    let Some(((header_row, at), mut pending)) = found else {
        problems.push(place.locate(
            Problem::in_file(place.file, 1, None, ProblemKind::EmptyFile(entity)),
            None,
        ));
        return Ok(());
    };
    let own = crate::record::custom_field::defs(conn, entity)?;
    let header = read_header(
        entity,
        Naming { choices, own: &own },
        place,
        &header_row,
        at,
        &mut notes,
        problems,
    );
    summary.first_rows.push(shown(&header_row));
    for note in notes {
        add_warning(&mut summary.warnings, note);
    }
    let Some(header) = header else {
        // The file is refused for its header; its first rows are still shown as decoded, which
        // often tells why (a title, a garbled encoding).
        pending.reverse();
        while summary.first_rows.len() <= FIRST_ROWS {
            let row = match pending.pop() {
                Some((r, _)) => r,
                None => match rows.next_row(&mut record, &mut |_| {})? {
                    Some(_) => record.clone(),
                    None => break,
                },
            };
            if row.iter().any(|c| !clean(c).is_empty()) {
                summary.first_rows.push(shown(&row));
            }
        }
        return Ok(());
    };
    let columns = entity.columns();
    let letter_of = |field: &str| match columns.iter().position(|c| c.name == field) {
        Some(col) => header.cells.get(col).copied().flatten(),
        None => header.own.iter().find(|o| o.name == field).map(|o| o.cell),
    };
    // A problem with a field of the office's own names its column as the user wrote it.
    let written = |field: String| match header.own.iter().find(|o| o.name == field) {
        Some(o) => o.written.clone(),
        None => field,
    };
    pending.reverse();
    let mut totals = Totals::new(&header, columns);
    let mut writer = Writer::new(conn, true);
    writer.date_order = reading.date_order;
    let mut lost_reported = false;
    loop {
        let line = match pending.pop() {
            Some((r, at)) => {
                record = r;
                at
            }
            None => {
                let mut push = |p: Problem| problems.push(place.locate(p, None));
                match rows.next_row(&mut record, &mut push)? {
                    Some(at) => at,
                    None => break,
                }
            }
        };
        if record.iter().all(|c| clean(c).is_empty()) {
            continue;
        }
        if let Some(label) = record.iter().find_map(header::total_label) {
            for (cell, field, written, sum) in totals.check(&record, label) {
                let p = Problem {
                    value: Some(written.to_string()),
                    ..Problem::in_file(
                        place.file,
                        line,
                        Some(field),
                        ProblemKind::TotalDiffers {
                            label: label.to_string(),
                            written,
                            sum,
                        },
                    )
                };
                add_warning(&mut summary.warnings, place.locate(p.warning(), Some(cell)));
            }
            let note = Problem::in_file(
                place.file,
                line,
                None,
                ProblemKind::TotalRow {
                    label: label.to_string(),
                },
            );
            add_warning(&mut summary.warnings, place.locate(note.warning(), None));
            continue;
        }
        summary.rows += 1;
        totals.add(&record);
        if summary.first_rows.len() <= FIRST_ROWS {
            summary.first_rows.push(shown(&record));
        }
        if summary.rows.is_multiple_of(PROGRESS_EVERY) && !progress(summary.rows) {
            return Err(Error::Cancelled);
        }
        if let Some(extra) = record
            .iter()
            .skip(header.width)
            .position(|c| !clean(c).is_empty())
        {
            let p = Problem::in_file(
                place.file,
                line,
                None,
                ProblemKind::TooManyCells {
                    cells: record.len(),
                    width: header.width,
                },
            );
            problems.push(place.locate(p, Some(header.width + extra)));
            continue;
        }
        if let Some(&index) = header
            .unnamed
            .iter()
            .find(|&&i| record.get(i).is_some_and(|c| !clean(c).is_empty()))
        {
            let p = Problem::in_file(
                place.file,
                line,
                None,
                ProblemKind::UnnamedCell {
                    position: index + 1,
                },
            );
            problems.push(place.locate(p, Some(index)));
            continue;
        }
        if let Some(encoding) = checks.bad_bytes {
            if let Some(bad) = record.iter().position(|c| c.contains('\u{FFFD}')) {
                let column = header.column_at(columns, bad);
                problems.push(Problem::in_file(
                    place.file,
                    line,
                    column,
                    ProblemKind::BadBytes { encoding },
                ));
                continue;
            }
        }
        if checks.lost_letters && !lost_reported {
            if let Some(bad) = record.iter().position(lost_letters) {
                lost_reported = true;
                let column = header.column_at(columns, bad);
                let p = Problem {
                    value: record.get(bad).map(|v| clean(v).to_string()),
                    ..Problem::in_file(place.file, line, column, ProblemKind::LostLetters)
                };
                problems.push(place.locate(p, Some(bad)));
            }
        }
        if let Some((bad, detail)) = record
            .iter()
            .enumerate()
            .filter(|_| checks.cell_errors)
            .find_map(|(i, c)| cell_error(c).map(|d| (i, d)))
        {
            let column = header.column_at(columns, bad);
            let p = Problem::in_file(
                place.file,
                line,
                column,
                ProblemKind::CellError {
                    detail: detail.to_string(),
                },
            );
            problems.push(place.locate(p, Some(bad)));
            continue;
        }
        let row = Row {
            record: &record,
            cells: &header.cells,
            own: &header.own,
            entity,
        };
        match writer.put(entity, &row, line) {
            Ok(put) => {
                match put.outcome {
                    Outcome::Added => summary.added += 1,
                    Outcome::Updated => summary.updated += 1,
                    Outcome::Unchanged => summary.unchanged += 1,
                }
                if let Some(mut w) = put.warning {
                    let cell = letter_of(&w.field);
                    w.field = written(w.field);
                    let w = w.at(place.file, line, Severity::Warning);
                    add_warning(&mut summary.warnings, place.locate(w, cell));
                }
            }
            Err(PutError::Invalid(errors)) => {
                for mut e in errors {
                    let cell = letter_of(&e.field);
                    e.field = written(e.field);
                    problems.push(place.locate(e.at(place.file, line, Severity::Error), cell));
                }
            }
            Err(PutError::Db(e)) => return Err(Error::Database(e)),
        }
    }
    Ok(())
}

/// The sums of the figure columns ([`header::SUMMED`]) of the data rows read so far, to check a
/// totals row against: every row above it, or for a subtotal the rows since the last subtotal.
struct Totals {
    /// The cell index and field name of each figure column the header has.
    columns: Vec<(usize, &'static str)>,
    /// Sums over every data row so far.
    all: Vec<i64>,
    /// Sums since the last subtotal.
    since_subtotal: Vec<i64>,
}

impl Totals {
    fn new(header: &Header, columns: &[crate::record::Column]) -> Self {
        let columns: Vec<(usize, &'static str)> = (columns.iter().zip(&header.cells))
            .filter(|(c, _)| header::SUMMED.contains(&c.name))
            .filter_map(|(c, cell)| cell.map(|cell| (cell, c.name)))
            .collect();
        Totals {
            all: vec![0; columns.len()],
            since_subtotal: vec![0; columns.len()],
            columns,
        }
    }

    /// A figure as a count, when it reads as one (a row whose figure does not is reported on its
    /// own and counts for nothing here).
    fn figure(record: &csv::StringRecord, cell: usize, field: &str) -> Option<i64> {
        let text = clean(record.get(cell)?);
        (!text.is_empty())
            .then(|| crate::model::fields::count(field, text).ok())
            .flatten()
    }

    /// A totals row's figure: a whole number, which may exceed a row's limit.
    fn total(record: &csv::StringRecord, cell: usize, field: &str) -> Option<i64> {
        let text = clean(record.get(cell)?);
        (!text.is_empty())
            .then(|| crate::model::fields::whole_number(field, text).ok())
            .flatten()
    }

    /// Adds a data row's figures.
    fn add(&mut self, record: &csv::StringRecord) {
        for (i, &(cell, field)) in self.columns.iter().enumerate() {
            if let Some(n) = Self::figure(record, cell, field) {
                self.all[i] = self.all[i].saturating_add(n);
                self.since_subtotal[i] = self.since_subtotal[i].saturating_add(n);
            }
        }
    }

    /// The figures of a totals row that disagree with the rows above it: (cell, field, written,
    /// sum). A subtotal starts the next group.
    fn check(
        &mut self,
        record: &csv::StringRecord,
        label: &str,
    ) -> Vec<(usize, &'static str, i64, i64)> {
        let subtotal = header::is_subtotal(label);
        let sums = if subtotal {
            &self.since_subtotal
        } else {
            &self.all
        };
        let differing = (self.columns.iter().zip(sums))
            .filter_map(|(&(cell, field), &sum)| {
                let written = Self::total(record, cell, field)?;
                (written != sum).then_some((cell, field, written, sum))
            })
            .collect();
        if subtotal {
            self.since_subtotal.iter_mut().for_each(|n| *n = 0);
        }
        differing
    }
}

/// The spreadsheet error a cell holds, as the workbook reader writes it (`#N/A`, `#DIV/0!`, …).
/// Only workbook cells are marked so (see [`crate::workbook`]); a CSV cell is text as typed.
fn cell_error(cell: &str) -> Option<&str> {
    cell.strip_prefix(crate::workbook::CELL_ERROR_MARK)
}

/// A problem with a header cell, on the header's line, naming the cell as written.
fn header_problem(file: &str, line: u64, header: &str, kind: ProblemKind) -> Problem {
    Problem {
        value: Some(header.to_string()),
        ..Problem::in_file(file, line, Some(header), kind)
    }
}
