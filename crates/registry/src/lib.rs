//! The Luban Workshop registry: a local SQLite file of workshops, their countries, majors, degree
//! enrolments and training counts, with validated CSV import/export and headline figures.
//!
//! This crate has no GUI dependency: the `luban` command line and the desktop app are thin
//! adapters over [`Registry`], which has one method per operation.
//!
//! ```
//! use luban_registry::{Entity, ImportOptions, Registry, Source, report::Selection};
//!
//! let dir = tempfile::tempdir()?;
//! let mut registry = Registry::open(&dir.path().join("registry.sqlite3"))?;
//! let csv = "code,name_en,country,host_institution,chinese_institution,opened_year,status\n\
//!            TH-AYU,Thailand Luban Workshop,泰国,Ayutthaya Technical College,Tianjin Bohai Vocational Technical College,2016,active\n";
//! let source = Source::Bytes { entity: Entity::Workshops, name: "workshops.csv", bytes: csv.as_bytes() };
//! let outcome = registry.import(source, ImportOptions::default())?;
//! assert_eq!(outcome.files[0].added, 1);
//! assert_eq!(registry.headline(&Selection::default())?.countries, 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![deny(missing_docs)]

pub mod atomic_file;
pub mod check;
pub mod csv_io;
mod error;
pub mod message;
pub mod model;
pub mod record;
mod reference;
pub mod report;
pub mod sample;
mod search;
pub mod store;
mod suggest;
pub mod table;
pub mod workbook;
mod write;

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, TransactionBehavior};
use serde::Serialize;

pub use check::{CheckDepth, Finding};
pub use csv_io::{Detected, ExportOptions, ImportSummary};
pub use error::{
    CountFault, Error, Expect, FieldError, Problem, ProblemKind, Result, Severity, Vocabulary,
};
pub use message::Lang;
pub use model::{Level, Region, Status, TrainingKind};
pub use record::country::{Country, CountryRow};
pub use record::enrolment::Enrolment;
pub use record::major::{Major, MajorRow};
pub use record::major_category::{CategoryRow, MajorCategory};
pub use record::training::Training;
pub use record::workshop::{Workshop, WorkshopDetail, WorkshopListRow, WorkshopQuery};
pub use record::workshop_major::WorkshopMajor;
pub use record::{Column, Entity, Impact, Snapshot};

use record::{each_kind, Edit};
use write::{Outcome, PutError, Writer};

/// What to import.
#[derive(Debug, Clone, Copy)]
pub enum Source<'a> {
    /// One CSV file, holding `entity`, or (when `None`) the kind its file name says. A workbook
    /// (told by its first bytes) is read as [`Source::Workbook`] with no sheet named.
    File {
        /// The file.
        path: &'a Path,
        /// What it holds; `None`: tell from the file name.
        entity: Option<Entity>,
    },
    /// Every registry file in a folder (`countries.csv`, …, `trainings.csv`), in dependency order.
    Folder(&'a Path),
    /// A workbook (`.xlsx`, `.xlsm`, `.xls`, `.ods`). With `entity`, the sheet named `sheet`, or
    /// else the one sheet named for the kind (`工坊`, `workshops`) or the workbook's only sheet.
    /// Without `entity`, the kind `sheet`'s name says, or else every sheet named for a kind, in
    /// dependency order (sheets named otherwise are left out with a note).
    Workbook {
        /// The file.
        path: &'a Path,
        /// What the sheet holds; `None`: tell from the sheets' names.
        entity: Option<Entity>,
        /// The sheet to read; `None`: by the sheets' names.
        sheet: Option<&'a str>,
    },
    /// CSV bytes named like a file.
    Bytes {
        /// What they hold.
        entity: Entity,
        /// The name problems are reported under.
        name: &'a str,
        /// The bytes.
        bytes: &'a [u8],
    },
}

/// Options of an import.
#[derive(Default)]
pub struct ImportOptions<'a> {
    /// Validate and count, but write nothing; problems are returned in the outcome.
    pub dry_run: bool,
    /// Called every [`csv_io::import::PROGRESS_EVERY`] rows with the rows read so far (in the
    /// current file); returning `false` cancels the import, which then writes nothing.
    pub progress: Option<&'a mut dyn FnMut(u64) -> bool>,
    /// How a date with the year last (`3/8/2016`) is read: day first or month first. `None`
    /// (the default): such a date is refused naming both readings.
    pub date_order: Option<model::fields::DateOrder>,
    /// The text encoding of CSV files without a BOM (`gb18030`, `big5`, `shift_jis`, …: any WHATWG
    /// label), when the user has said. `None` (the default): detected, and a file whose encoding
    /// cannot be told for sure is refused naming the candidates.
    pub encoding: Option<&'a str>,
}

/// What an import did, or (in a dry run) would do.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportOutcome {
    /// The file or folder's name, as the user knows it.
    pub name: String,
    /// Whether a folder (or every sheet of a workbook) was read.
    pub folder: bool,
    /// What the file holds; `None` when a file's name does not say (nothing was read: ask).
    pub entity: Option<Entity>,
    /// One summary per file read (kind, detected encoding and delimiter, counts, warnings).
    pub files: Vec<ImportSummary>,
    /// Every problem found, by file, line and column. A dry run lists them here; a real import
    /// with any is refused with [`Error::Rejected`] instead.
    pub problems: Vec<Problem>,
}

/// Where an export goes.
pub enum Target<'a> {
    /// One kind of record, to a stream.
    Stream(Entity, &'a mut dyn Write),
    /// One kind of record, to a file, replaced only once it is completely written.
    File(Entity, &'a Path),
    /// Every kind, each to its file in this folder (created if needed).
    Folder(&'a Path),
}

/// An open registry file.
pub struct Registry {
    conn: Connection,
    path: PathBuf,
}

impl Registry {
    /// Opens the registry at `path`, creating it with the reference data if it does not exist and
    /// migrating it if it is older. A file from a newer version, or not a registry, is refused untouched.
    pub fn open(path: &Path) -> Result<Registry> {
        let conn = store::open(path)?;
        Ok(Registry {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// The file this registry lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The underlying connection, for tests and benchmarks that look at the tables themselves.
    /// Hidden because it is not part of the API: everything else goes through `Registry`.
    #[doc(hidden)]
    pub fn connection_for_tests(&self) -> &Connection {
        &self.conn
    }

    /// Every record, as values, from one read snapshot (see [`record::Snapshot`]).
    pub fn snapshot(&self) -> Result<record::Snapshot> {
        let tx = self.conn.unchecked_transaction()?;
        let snapshot = record::snapshot(&tx)?;
        tx.finish()?;
        Ok(snapshot)
    }

    /// Runs `f` in one write transaction: committed if it returns `Ok`, rolled back otherwise.
    fn write<T>(&mut self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// Imports `source`, all or nothing: every file is validated row by row inside one transaction,
    /// which commits only if no file has a problem (and never in a dry run). Later files see the
    /// rows of earlier ones.
    pub fn import(&mut self, source: Source, options: ImportOptions) -> Result<ImportOutcome> {
        let (mut outcome, files, notes) = plan(source)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut keep_going = |_| true;
        let progress = options.progress.unwrap_or(&mut keep_going);
        let encoding = match options.encoding {
            None => None,
            Some(label) => match encoding_rs::Encoding::for_label(label.trim().as_bytes()) {
                Some(encoding) => Some(encoding),
                None => {
                    let kind = ProblemKind::UnknownEncoding {
                        name: label.to_string(),
                    };
                    let problem = Problem::in_file(&outcome.name, 0, None, kind);
                    return Err(Error::Rejected(vec![problem]));
                }
            },
        };
        let reading = csv_io::import::Reading {
            date_order: options.date_order,
            encoding,
        };
        outcome.files = import_batch(&tx, files, reading, &mut outcome.problems, progress)?;
        if let Some(first) = outcome.files.first_mut() {
            first.warnings.splice(0..0, notes);
        }
        if options.dry_run {
            tx.rollback()?;
            return Ok(outcome);
        }
        if !outcome.problems.is_empty() {
            return Err(Error::Rejected(outcome.problems));
        }
        if outcome.entity.is_none() && !outcome.folder {
            return Err(Error::UnknownEntity(outcome.name));
        }
        tx.commit()?;
        Ok(outcome)
    }

    /// Writes to `target` from one read snapshot (so the files of a folder agree with each other
    /// even while another process writes). `progress`, when given, is asked with the bytes written
    /// so far every megabyte whether to go on; returning `false` stops with [`Error::Cancelled`]
    /// and leaves no half-written file. Returns the rows written per kind.
    pub fn export(
        &self,
        target: Target,
        options: ExportOptions,
        progress: Option<&mut dyn FnMut(u64) -> bool>,
    ) -> Result<Vec<(Entity, u64)>> {
        let tx = self.conn.unchecked_transaction()?;
        let mut keep_going = |_| true;
        let mut watch = csv_io::export::Watch::new(progress.unwrap_or(&mut keep_going));
        let written = match target {
            Target::Stream(entity, out) => {
                let n = csv_io::export::export_to(&tx, entity, watch.wrap(out), options)?;
                vec![(entity, n)]
            }
            Target::File(entity, path) => {
                let n = atomic_file::write_atomically(path, |out| {
                    csv_io::export::export_to(&tx, entity, watch.wrap(out), options)
                });
                vec![(entity, watch.outcome(n)?)]
            }
            Target::Folder(dir) => {
                std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
                let mut written = Vec::new();
                for entity in Entity::ALL {
                    let path = dir.join(entity.file_name());
                    let n = atomic_file::write_atomically(&path, |out| {
                        csv_io::export::export_to(&tx, entity, watch.wrap(out), options)
                    });
                    written.push((entity, watch.outcome(n)?));
                }
                written
            }
        };
        tx.finish()?;
        Ok(written)
    }

    /// The headline figures of a selection.
    pub fn headline(&self, selection: &report::Selection) -> Result<report::Headline> {
        report::headline(&self.conn, selection)
    }

    /// Saves one record typed in a form. `fields` maps column names to text, as in CSV.
    ///
    /// `original` holds the key fields of the record being edited, or `None` for a new one. A
    /// workshop or major may get a new code (not one another record has); a figure row or a
    /// workshop's major is replaced, and a new one that exists already is refused rather than
    /// overwritten. Returns [`Error::Invalid`] with every field problem, and writes nothing, on
    /// bad input.
    pub fn save(
        &mut self,
        entity: Entity,
        original: Option<&HashMap<String, String>>,
        fields: &HashMap<String, String>,
    ) -> Result<()> {
        self.write(|conn| {
            if let Some(original) = original {
                each_kind!(entity, m => m::edit(conn, original, fields))?;
            }
            let mut writer = Writer::new(conn, false);
            let must_add = match entity.info().edit {
                Edit::Row { field } => Some(field),
                Edit::Rename | Edit::Upsert => None,
            };
            match (writer.put(entity, fields, 0), must_add) {
                (Ok(put), Some(field)) if put.outcome != Outcome::Added => {
                    let value = fields.get(field).map_or("", |v| model::fields::clean(v));
                    Err(Error::Invalid(vec![FieldError::new(
                        field,
                        value,
                        ProblemKind::AlreadyExists(entity),
                    )]))
                }
                (Ok(_), _) => Ok(()),
                (Err(PutError::Invalid(errors)), _) => Err(Error::Invalid(errors)),
                (Err(PutError::Db(e)), _) => Err(Error::Database(e)),
            }
        })
    }

    /// What deleting the record named by `key` (its key fields, as in CSV) would take with it.
    /// A record that others still use (a country with workshops, a major taught somewhere, …) gives
    /// [`Error::InUse`]: it cannot be deleted until they change.
    pub fn deletion_impact(&self, entity: Entity, key: &HashMap<String, String>) -> Result<Impact> {
        each_kind!(entity, m => m::impact(&self.conn, key))
    }

    /// Deletes the record named by `key` and what goes with it (see [`Registry::deletion_impact`]),
    /// in one transaction; returns what went with it.
    pub fn delete(&mut self, entity: Entity, key: &HashMap<String, String>) -> Result<Impact> {
        self.write(|conn| {
            let impact = each_kind!(entity, m => m::impact(conn, key))?;
            if each_kind!(entity, m => m::delete(conn, key))? == 0 {
                return Err(record::not_found(entity, key));
            }
            Ok(impact)
        })
    }

    /// Checks the registry: SQLite's integrity (quick or full) and foreign keys, then the
    /// registry's own rules that depend on today's date. Returns what was found; none means healthy.
    pub fn check(&self, depth: CheckDepth) -> Result<Vec<Finding>> {
        check::run(&self.conn, depth)
    }

    /// The workshops matching `query`, by code, with their country names and totals.
    pub fn workshops(&self, query: &WorkshopQuery) -> Result<Vec<WorkshopListRow>> {
        record::workshop::list(&self.conn, query)
    }

    /// One workshop with its country, majors, enrolments, training counts and their totals.
    pub fn workshop(&self, code: &str) -> Result<WorkshopDetail> {
        record::workshop::detail(&self.conn, code)
    }

    /// Whether the registry holds no workshop yet (the app then explains how to begin).
    pub fn is_empty(&self) -> Result<bool> {
        record::workshop::none(&self.conn)
    }

    /// The majors whose code, names or category match every word of `search`, by code.
    pub fn majors(&self, search: &str) -> Result<Vec<MajorRow>> {
        let mut rows = record::major::list(&self.conn, None)?;
        rows.retain(|m| {
            search::matches_all(
                search,
                &[
                    &m.major.code,
                    m.major.name_en.as_deref().unwrap_or(""),
                    m.major.name_zh.as_deref().unwrap_or(""),
                    &m.major.category.to_string(),
                    &m.category_en,
                    &m.category_zh,
                ],
            )
        });
        Ok(rows)
    }

    /// The countries whose codes, names or group tags match every word of `search`, by ISO2 code.
    pub fn countries(&self, search: &str) -> Result<Vec<CountryRow>> {
        record::country::list(&self.conn, search)
    }

    /// Every major category with the number of its majors, by code.
    pub fn categories(&self) -> Result<Vec<CategoryRow>> {
        Ok(record::major_category::list(&self.conn)?)
    }

    /// Every country group tag in use (`ASEAN`, `BRICS`, …), sorted.
    pub fn groups(&self) -> Result<Vec<String>> {
        Ok(record::country::groups(&self.conn)?)
    }
}

/// Imports `files` in order into `conn` (inside the caller's transaction), collecting every
/// problem: the one loop behind every import, the sample and the reference data. The caller
/// decides to commit or roll back.
pub(crate) fn import_batch(
    conn: &Connection,
    files: Vec<(Entity, String, Input)>,
    reading: csv_io::import::Reading,
    problems: &mut Vec<Problem>,
    progress: &mut dyn FnMut(u64) -> bool,
) -> Result<Vec<ImportSummary>> {
    let mut summaries = Vec::with_capacity(files.len());
    for (entity, name, input) in files {
        let summary = match input {
            Input::Path(path) => {
                let file = std::fs::File::open(&path).map_err(|e| Error::io(&path, e))?;
                let reader = std::io::BufReader::with_capacity(256 * 1024, file);
                csv_io::import::import_into(
                    conn,
                    entity,
                    &name,
                    reader,
                    reading,
                    problems,
                    &mut *progress,
                )?
            }
            Input::Bytes(bytes) => csv_io::import::import_into(
                conn,
                entity,
                &name,
                bytes,
                reading,
                problems,
                &mut *progress,
            )?,
            Input::Sheet(mut sheet, sheet_name) => csv_io::import::import_sheet(
                conn,
                entity,
                &name,
                &sheet_name,
                &mut sheet,
                reading,
                problems,
                &mut *progress,
            )?,
        };
        summaries.push(summary);
    }
    Ok(summaries)
}

/// Where an import's bytes come from.
pub(crate) enum Input<'a> {
    /// A file, read as it is imported.
    Path(PathBuf),
    /// Bytes in memory (embedded files, tests).
    Bytes(&'a [u8]),
    /// A workbook's sheet, already read, and its name.
    Sheet(Box<workbook::Sheet>, String),
}

/// What [`plan`] gives: the outcome to fill, the files in import order, and notes (warnings) about
/// what was left out before reading (sheets named for no kind).
type Plan<'a> = (
    ImportOutcome,
    Vec<(Entity, String, Input<'a>)>,
    Vec<Problem>,
);

/// The files a source stands for, in the order they are imported, and the outcome to fill.
fn plan(source: Source) -> Result<Plan> {
    match source {
        Source::File { path, entity } if workbook::is_workbook(path)? => {
            plan_workbook(path, entity, None)
        }
        Source::Workbook {
            path,
            entity,
            sheet,
        } => plan_workbook(path, entity, sheet),
        Source::File { path, entity } => {
            let name = display_name(path);
            let entity = entity.or_else(|| Entity::from_name(&name));
            let outcome = ImportOutcome {
                name: name.clone(),
                entity,
                ..ImportOutcome::default()
            };
            let files = entity
                .map(|e| (e, name, Input::Path(path.to_path_buf())))
                .into_iter()
                .collect();
            Ok((outcome, files, Vec::new()))
        }
        Source::Folder(dir) => {
            let mut outcome = ImportOutcome {
                name: display_name(dir),
                folder: true,
                ..ImportOutcome::default()
            };
            let files = files_in(dir)?;
            if files.is_empty() {
                outcome.problems.push(Problem::in_file(
                    &dir.display().to_string(),
                    0,
                    None,
                    ProblemKind::NoRegistryFiles,
                ));
            }
            let files = files
                .into_iter()
                .map(|(e, path)| (e, display_name(&path), Input::Path(path)))
                .collect();
            Ok((outcome, files, Vec::new()))
        }
        Source::Bytes {
            entity,
            name,
            bytes,
        } => Ok((
            ImportOutcome {
                name: name.to_string(),
                entity: Some(entity),
                ..ImportOutcome::default()
            },
            vec![(entity, name.to_string(), Input::Bytes(bytes))],
            Vec::new(),
        )),
    }
}

/// The sheets of a workbook a source stands for (see [`Source::Workbook`]), read up front.
fn plan_workbook<'a>(path: &Path, entity: Option<Entity>, sheet: Option<&str>) -> Result<Plan<'a>> {
    let name = display_name(path);
    let mut outcome = ImportOutcome {
        name: name.clone(),
        entity,
        folder: entity.is_none() && sheet.is_none(),
        ..ImportOutcome::default()
    };
    let mut notes = Vec::new();
    let whole = |kind| Problem::in_file(&name, 0, None, kind);
    let mut book = match workbook::Workbook::open(path)? {
        Ok(book) => book,
        Err(kind) => {
            outcome.problems.push(whole(kind));
            return Ok((outcome, Vec::new(), notes));
        }
    };
    let sheets = book.sheet_names();
    // (kind, sheet) pairs to read.
    let mut chosen: Vec<(Entity, String)> = Vec::new();
    match (entity, sheet) {
        (_, Some(wanted)) => {
            let found = sheets.iter().find(|s| *s == wanted).or_else(|| {
                sheets
                    .iter()
                    .find(|s| s.trim().eq_ignore_ascii_case(wanted.trim()))
            });
            match found {
                Some(s) => match entity.or_else(|| Entity::from_name(s)) {
                    Some(e) => chosen.push((e, s.clone())),
                    // Nothing is read: the caller asks what the sheet holds.
                    None => outcome.entity = None,
                },
                None => outcome.problems.push(whole(ProblemKind::NoSuchSheet {
                    sheet: wanted.to_string(),
                    sheets: sheets.clone(),
                })),
            }
            if outcome.entity.is_none() && entity.is_none() {
                outcome.entity = chosen.first().map(|(e, _)| *e);
            }
        }
        (Some(e), None) => {
            let named: Vec<&String> = sheets
                .iter()
                .filter(|s| Entity::from_name(s) == Some(e))
                .collect();
            match (named.as_slice(), sheets.as_slice()) {
                ([one], _) => chosen.push((e, (*one).clone())),
                ([], [only]) => chosen.push((e, only.clone())),
                _ => outcome.problems.push(whole(ProblemKind::WhichSheet {
                    entity: e,
                    sheets: sheets.clone(),
                })),
            }
        }
        (None, None) => {
            for s in &sheets {
                match Entity::from_name(s) {
                    Some(e) => chosen.push((e, s.clone())),
                    None => notes.push(
                        Problem {
                            sheet: Some(s.clone()),
                            ..whole(ProblemKind::SheetSkipped { sheet: s.clone() })
                        }
                        .warning(),
                    ),
                }
            }
            if chosen.is_empty() {
                outcome.problems.push(whole(ProblemKind::NoRegistrySheets {
                    sheets: sheets.clone(),
                }));
            }
            // Dependency order; sheets of one kind keep the workbook's order.
            chosen.sort_by_key(|(e, _)| *e);
        }
    }
    let mut files = Vec::with_capacity(chosen.len());
    for (e, s) in chosen {
        match book.sheet(&s) {
            Ok(read) => files.push((e, name.clone(), Input::Sheet(Box::new(read), s))),
            Err(kind) => outcome.problems.push(Problem {
                sheet: Some(s),
                ..whole(kind)
            }),
        }
    }
    Ok((outcome, files, notes))
}

/// The known files present in `dir`, in dependency order (file names matched in any letter case).
fn files_in(dir: &Path) -> Result<Vec<(Entity, PathBuf)>> {
    let mut found: Vec<(Entity, PathBuf)> = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let name = entry.file_name().to_string_lossy().to_string();
        if !name.to_ascii_lowercase().ends_with(".csv") {
            continue;
        }
        if let Some(entity) = Entity::from_name(&name) {
            found.push((entity, entry.path()));
        }
    }
    found.sort();
    Ok(found)
}

/// A file's name as the user knows it (the whole path when it has none).
fn display_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| path.display().to_string())
}
