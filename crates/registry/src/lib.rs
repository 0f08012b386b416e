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
pub mod backup;
pub mod check;
pub mod csv_io;
pub mod document;
pub mod due;
mod error;
pub mod history;
pub mod message;
pub mod model;
pub mod record;
mod reference;
pub mod report;
pub mod sample;
mod search;
pub mod settings;
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

pub use backup::Backup;
pub use check::{CheckDepth, Finding};
pub use csv_io::{Detected, ExportOptions, ImportSummary};
pub use error::{
    CountFault, DocumentFault, Error, Expect, FieldError, NumberFault, Problem, ProblemKind,
    Result, Severity, Vocabulary, Warning,
};
pub use message::Lang;
pub use model::{AgreementStatus, AgreementType, ContactSide, YesNo};
pub use model::{Level, Region, Status, TrainingKind};
pub use record::agreement::{Agreement, AgreementQuery, AgreementRow, Standing};
pub use record::contact::Contact;
pub use record::country::{Country, CountryRow};
pub use record::custom_field::{FieldDef, FieldType, FieldValue, NewField};
pub use record::enrolment::Enrolment;
pub use record::major::{Major, MajorRow};
pub use record::major_category::{CategoryRow, MajorCategory};
pub use record::training::Training;
pub use record::workshop::{Workshop, WorkshopDetail, WorkshopListRow, WorkshopQuery};
pub use record::workshop_major::WorkshopMajor;
pub use record::{Column, Entity, Impact, Snapshot};
pub use settings::Settings;

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
    /// Columns to read as one of the kind's columns (`--map "外方院校=host_institution"`) or to
    /// leave out (`--ignore 备注`); an unknown column neither mapped nor left out is refused.
    pub columns: table::header::ColumnChoices,
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
    /// The sheets of the workbook, in its order, when the source is one (for a sheet picker).
    pub sheets: Vec<String>,
    /// How many problems were listed in all (more than `problems` holds when only a page of them
    /// is kept: [`ImportOutcome::problems_page`]).
    pub problems_total: usize,
    /// In a dry run, every record that would be updated, with the fields that change (old and
    /// new values), in dependency order of the kinds and key order; empty after a real import
    /// (its records are in the history).
    pub updates: Vec<history::Update>,
    /// The history's batch a real import that changed anything was recorded as (what "Undo this
    /// import" undoes); `None` for a dry run or an import that changed nothing.
    pub batch: Option<i64>,
}

impl ImportOutcome {
    /// How many problems a front end may take at once: the app shows the first page and how many
    /// there are ([`ImportOutcome::problems_page`]).
    pub const PROBLEMS_PAGE: usize = 200;

    /// The outcome with only the problems from `offset`, at most `limit` of them;
    /// [`ImportOutcome::problems_total`] still says how many were listed in all.
    pub fn problems_page(mut self, offset: usize, limit: usize) -> Self {
        self.problems_total = self.problems.len();
        let end = offset.saturating_add(limit).min(self.problems.len());
        let start = offset.min(end);
        self.problems.truncate(end);
        self.problems.drain(..start);
        self
    }
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
        let conn = store::open(path).map_err(|e| match e {
            // A file so damaged that even its schema cannot be read: say so, and how to restore,
            // rather than pass on SQLite's words.
            Error::Database(e)
                if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseCorrupt) =>
            {
                Error::Damaged {
                    path: path.to_path_buf(),
                    detail: e.to_string(),
                    newest_backup: backup::list(path)
                        .ok()
                        .and_then(|list| list.into_iter().next())
                        .map(|b| b.path),
                }
            }
            other => other,
        })?;
        Ok(Registry {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// Opens the registry at `path` for `luban init --force`: as [`Registry::open`], except that
    /// a file refused as empty, cut short or damaged is first moved aside (to
    /// `<file>.set-aside-<time>`, with its `-wal`) and a new registry is started. Returns the
    /// registry and where the old file went, if it was moved. Files of another program or of a
    /// newer version are still refused untouched.
    pub fn open_anew(path: &Path) -> Result<(Registry, Option<PathBuf>)> {
        match Registry::open(path) {
            Err(Error::Damaged { .. }) => {
                let aside = store::set_aside(path)?;
                Ok((Registry::open(path)?, Some(aside)))
            }
            Ok(registry) => match registry.ensure_sound() {
                Ok(()) => Ok((registry, None)),
                Err(Error::Damaged { .. }) => {
                    drop(registry);
                    let aside = store::set_aside(path)?;
                    Ok((Registry::open(path)?, Some(aside)))
                }
                Err(e) => Err(e),
            },
            Err(Error::Truncated { .. }) => {
                let aside = store::set_aside(path)?;
                Ok((Registry::open(path)?, Some(aside)))
            }
            Err(e) => Err(e),
        }
    }

    /// SQLite's quick check of the registry, refusing a damaged one with [`Error::Damaged`]
    /// (naming the newest backup). Front ends call it before writing to a registry they did not
    /// just check.
    pub fn ensure_sound(&self) -> Result<()> {
        let problems = match store::integrity(&self.conn, false) {
            Ok(problems) => problems,
            // "database disk image is malformed" is the check's answer, not a failure of it.
            Err(Error::Database(e))
                if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseCorrupt) =>
            {
                vec![e.to_string()]
            }
            Err(e) => return Err(e),
        };
        if problems.is_empty() {
            return Ok(());
        }
        Err(Error::Damaged {
            path: self.path.clone(),
            detail: problems.join("; "),
            newest_backup: backup::list(&self.path)?.into_iter().next().map(|b| b.path),
        })
    }

    /// Opens the registry at `path` for reading only, as [`Registry::open`] does by itself when
    /// the file or its folder cannot be written: every reading operation (and a dry-run import)
    /// works, and every write is refused with [`Error::ReadOnly`].
    pub fn open_read_only(path: &Path) -> Result<Registry> {
        Ok(Registry {
            conn: store::open_read_only(path)?,
            path: path.to_path_buf(),
        })
    }

    /// Whether the registry was opened for reading only (see [`Registry::open_read_only`]).
    pub fn is_read_only(&self) -> bool {
        self.conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(true)
    }

    /// [`Error::ReadOnly`] when the registry cannot be written; every write asks first, so a
    /// read-only registry is refused with where it is instead of SQLite's "readonly database".
    fn writable(&self) -> Result<()> {
        if self.is_read_only() {
            return Err(Error::ReadOnly {
                path: self.path.clone(),
            });
        }
        Ok(())
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
        self.writable()?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        self.committed()?;
        Ok(value)
    }

    /// After a committed write: the change copied from the write-ahead log into the registry
    /// file, or [`Error::NotCheckpointed`] saying that it is saved but only in `<file>-wal`.
    fn committed(&self) -> Result<()> {
        store::checkpoint(&self.conn, &self.path)
    }

    /// Imports `source`, all or nothing: every file is validated row by row inside one transaction,
    /// which commits only if no file has a problem (and never in a dry run). Later files see the
    /// rows of earlier ones.
    ///
    /// On a read-only registry a dry run works on a copy in memory; a real import is refused with
    /// [`Error::ReadOnly`].
    pub fn import(&mut self, source: Source, options: ImportOptions) -> Result<ImportOutcome> {
        if self.is_read_only() {
            if !options.dry_run {
                self.writable()?;
            }
            let mut scratch = Connection::open_in_memory()?;
            rusqlite::backup::Backup::new(&self.conn, &mut scratch)?.run_to_completion(
                1024,
                std::time::Duration::ZERO,
                None,
            )?;
            scratch.pragma_update(None, "foreign_keys", "ON")?;
            return import_on(&mut scratch, &self.path, source, options);
        }
        import_on(&mut self.conn, &self.path, source, options)
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
                // Every file is written before any replaces its old one: a failure or a cancel
                // leaves the folder as it was (the staged temporaries are removed on drop).
                let mut staged = atomic_file::Staged::new();
                let mut written = Vec::new();
                for entity in Entity::ALL {
                    let path = dir.join(entity.file_name());
                    let n = staged.stage(&path, |out| {
                        csv_io::export::export_to(&tx, entity, watch.wrap(out), options)
                    });
                    written.push((entity, watch.outcome(n)?));
                }
                staged.commit()?;
                document::export(&tx, &document::store_of(&self.path), dir)?;
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
            // A rename changes only the record itself: the rows that refer to it do so by id.
            let named: Vec<&dyn model::Fields> = match original {
                Some(original) => vec![original, fields],
                None => vec![fields],
            };
            let within = figures_within(conn, entity, &named)?;
            let tracker = history::Tracker::start_within(conn, [entity], false, within)?;
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
                (Ok(put), _) => {
                    let counts = match put.outcome {
                        Outcome::Added => history::Counts {
                            added: 1,
                            ..Default::default()
                        },
                        Outcome::Updated => history::Counts {
                            updated: 1,
                            ..Default::default()
                        },
                        // A code may have changed in `edit` even when the rest did not.
                        Outcome::Unchanged if original.is_some() => history::Counts {
                            updated: 1,
                            ..Default::default()
                        },
                        Outcome::Unchanged => return Ok(()),
                    };
                    let batch =
                        history::record(conn, &format!("save {}", entity.stem()), counts, None)?;
                    tracker.record(conn, batch)?;
                    history::forget_if_empty(conn, batch)?;
                    Ok(())
                }
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
    /// in one transaction; returns what went with it. `confirmed` must be `true` (the user was
    /// shown that impact and agreed), else [`Error::NotConfirmed`] and nothing is written.
    /// A workshop that has figures is backed up first.
    pub fn delete(
        &mut self,
        entity: Entity,
        key: &HashMap<String, String>,
        confirmed: bool,
    ) -> Result<Impact> {
        self.writable()?;
        if !confirmed {
            return Err(Error::NotConfirmed);
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let impact = each_kind!(entity, m => m::impact(&tx, key))?;
        // What a deletion takes with it is of the kinds after it (they refer to earlier ones).
        let within = figures_within(&tx, entity, &[key as &dyn model::Fields])?;
        let tracker = history::Tracker::start_within(
            &tx,
            Entity::ALL.into_iter().filter(|e| *e >= entity),
            false,
            within,
        )?;
        // What goes with the record besides itself: worth a backup first.
        let with_it = impact.enrolments + impact.trainings + impact.agreements + impact.contacts;
        let before = if with_it > 0 {
            Some(backup::take(&self.path, backup::Reason::Delete)?)
        } else {
            None
        };
        if each_kind!(entity, m => m::delete(&tx, key))? == 0 {
            return Err(record::not_found(entity, key));
        }
        let mut named: Vec<&str> = entity
            .columns()
            .iter()
            .filter(|c| c.key)
            .filter_map(|c| key.get(c.name).map(|v| model::fields::clean(v)))
            .collect();
        named.retain(|v| !v.is_empty());
        let counts = history::Counts {
            deleted: 1 + with_it,
            ..Default::default()
        };
        let source = format!("delete {} {}", entity.stem(), named.join(" "));
        let batch = history::record(&tx, source.trim_end(), counts, before.as_ref())?;
        tracker.record(&tx, batch)?;
        tx.commit()?;
        if impact.documents > 0 {
            // Stored copies no document names any more (they are kept by content hash).
            document::sweep(&self.conn, &self.document_store())?;
        }
        self.committed()?;
        Ok(impact)
    }

    /// Takes a backup now into the backups folder beside the registry (see [`backup`]). A
    /// [`backup::Reason::Manual`] one is kept until the user deletes it; any other reason is
    /// subject to retention.
    pub fn backup(&self, reason: backup::Reason) -> Result<Backup> {
        backup::take(&self.path, reason)
    }

    /// Writes a consistent, checked copy of the registry to `out` (a file the user chose),
    /// replacing it only once the copy is whole.
    pub fn backup_to(&self, out: &Path) -> Result<()> {
        backup::copy(&self.path, out)
    }

    /// The history's batches, newest first (see [`history`]).
    pub fn history(&self) -> Result<Vec<history::Batch>> {
        history::list(&self.conn)
    }

    /// The history's record changes, newest first (see [`history::RecordChange`]): of one kind,
    /// and of records with a key field equal to `key` (any case), when given.
    pub fn history_records(
        &self,
        kind: Option<Entity>,
        key: Option<&str>,
    ) -> Result<Vec<history::RecordChange>> {
        history::records(&self.conn, kind, key)
    }

    /// This registry's backups, newest first.
    pub fn backups(&self) -> Result<Vec<Backup>> {
        backup::list(&self.path)
    }

    /// Replaces the registry's contents with the registry in `from` (a backup), in one
    /// transaction, after backing up the current state; `confirmed` must be `true` (the user was
    /// told what will be replaced), else [`Error::NotConfirmed`]. A file that is not a registry,
    /// is from a newer version, or fails SQLite's integrity check is refused with
    /// [`Error::RestoreRefused`] before anything is written. An older registry is migrated after
    /// it is restored. Returns the backup of the state that was replaced.
    pub fn restore(&mut self, from: &Path, confirmed: bool) -> Result<Backup> {
        let source = format!("restore {}", from.display());
        self.restore_as(from, confirmed, &source)
    }

    /// Restores the registry at `path` from `from`, whether or not the registry opens: a file so
    /// damaged that its schema cannot be read, or cut short (so [`Registry::open`] refuses it), has its bytes
    /// kept as a `damaged` backup and is replaced by a checked copy of `from`; any other registry
    /// is restored by [`Registry::restore`]. Returns the restored registry and the backup of
    /// what it replaced. `from` is refused as [`Registry::restore`] refuses it.
    pub fn restore_file(path: &Path, from: &Path, confirmed: bool) -> Result<(Registry, Backup)> {
        match Registry::open(path) {
            Ok(mut registry) => {
                let before = registry.restore(from, confirmed)?;
                Ok((registry, before))
            }
            // Too damaged to open, or cut short: its bytes are kept as they are.
            Err(Error::Damaged { .. } | Error::Truncated { .. }) => {
                if !confirmed {
                    return Err(Error::NotConfirmed);
                }
                drop(restorable(from)?);
                let before = backup::keep_damaged(path)?;
                // The damaged file's journal belongs to it, not to the copy that replaces it.
                for suffix in ["-wal", "-shm"] {
                    let mut side = path.as_os_str().to_owned();
                    side.push(suffix);
                    let side = PathBuf::from(side);
                    if side.exists() {
                        std::fs::remove_file(&side).map_err(|e| Error::io(&side, e))?;
                    }
                }
                backup::copy(from, path)?;
                let registry = Registry::open(path)?;
                registry.bring_back_documents()?;
                let what = format!("restore {}", from.display());
                history::record(
                    &registry.conn,
                    &what,
                    history::Counts::default(),
                    Some(&before),
                )?;
                registry.committed()?;
                Ok((registry, before))
            }
            Err(e) => Err(e),
        }
    }

    /// The newest backup of the registry at `path` that [`Registry::restore_file`] would accept
    /// (a registry this build opens, passing SQLite's full integrity check), leaving out the
    /// raw copies of damaged files; `None` when there is none. It does not open `path`, so it
    /// works for a registry too damaged to open.
    pub fn newest_good_backup(path: &Path) -> Result<Option<Backup>> {
        Ok(backup::list(path)?
            .into_iter()
            .filter(|b| b.reason != backup::Reason::Damaged)
            .find(|b| restorable(&b.path).is_ok()))
    }

    /// Undoes batch `batch` of the history (the newest when `None`); the undo is a batch itself,
    /// so it can be undone in turn. A dry run says what would be undone and changes nothing.
    ///
    /// A batch with records (see [`history::RecordChange`]) is undone record by record, after a
    /// backup, in one transaction: what it added is removed, what it deleted is put back, old
    /// values are restored, each through the kind's own write path. It is refused with
    /// [`Error::UndoBlocked`], naming the batch, when a later batch changed the same records, or
    /// when undoing it would take other records with it. A batch without records (a restore, or
    /// one written before schema version 7) is undone by restoring the backup taken just before
    /// it, and only when it is the newest.
    pub fn undo(&mut self, batch: Option<i64>, dry_run: bool) -> Result<history::Undo> {
        let batches = self.history()?;
        let newest = batches.first().ok_or(Error::CannotUndo { batch: None })?;
        let target = match batch {
            None => newest.clone(),
            Some(id) => batches
                .iter()
                .find(|b| b.id == id)
                .cloned()
                .ok_or(Error::CannotUndo { batch: Some(id) })?,
        };
        // A field's removal is undone by restoring the backup taken before it, which gives back
        // the definition with the values (its records carry the values, not the definition).
        if target.recorded && !history::removes_a_field(&target) {
            return self.undo_records(target, dry_run);
        }
        if target.id != newest.id {
            return Err(Error::UndoBlocked {
                batch: target.id,
                later: newest.id,
                later_source: newest.source.clone(),
            });
        }
        let restored = target
            .backup
            .as_ref()
            .map(|name| backup::folder(&self.path).join(name))
            .filter(|p| p.is_file())
            .ok_or(Error::CannotUndo {
                batch: Some(target.id),
            })?;
        if !dry_run {
            let source = format!("undo {} ({})", target.id, target.source);
            self.restore_as(&restored, true, &source)?;
        }
        Ok(history::Undo {
            batch: target,
            restored: Some(restored),
            records: 0,
            dry_run,
        })
    }

    /// [`Registry::undo`] of a batch with records.
    fn undo_records(&mut self, target: history::Batch, dry_run: bool) -> Result<history::Undo> {
        use history::Op;
        if !dry_run {
            self.writable()?;
        }
        if let Some((later, later_source)) = history::first_conflict(&self.conn, target.id)? {
            return Err(Error::UndoBlocked {
                batch: target.id,
                later,
                later_source,
            });
        }
        let count = |expected: &[(String, i64)]| -> u64 {
            expected
                .iter()
                .map(|(_, n)| u64::try_from(*n).unwrap_or(0))
                .sum()
        };
        if dry_run && self.is_read_only() {
            // Nothing can be tried on a registry that cannot be written: say what would be undone.
            let records = count(&history::records_by_kind(&self.conn, target.id)?);
            return Ok(history::Undo {
                batch: target,
                restored: None,
                records,
                dry_run,
            });
        }
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let expected = history::records_by_kind(&tx, target.id)?;
        let mut kinds: Vec<Entity> = expected
            .iter()
            .filter_map(|(k, _)| Entity::from_name(k))
            .collect();
        kinds.sort();
        // Kinds the batch did not touch must come out as they were: a record removed here must
        // not take records of a later batch with it (a workshop's figures added since).
        let others: Vec<Entity> = Entity::ALL
            .into_iter()
            .filter(|e| !kinds.contains(e))
            .collect();
        let count_others = |conn: &Connection| -> Result<Vec<i64>> {
            others.iter().map(|e| record::count(conn, *e)).collect()
        };
        let others_before = count_others(&tx)?;
        let tracker = history::Tracker::start(&tx, kinds.iter().copied(), false)?;
        let mut writer = Writer::new(&tx, false);
        let put = |writer: &mut Writer, kind: Entity, cells: &[String]| -> Result<()> {
            match writer.put(kind, &history::Cells { kind, cells }, 0) {
                Ok(_) => Ok(()),
                Err(PutError::Invalid(errors)) => Err(Error::Invalid(errors)),
                Err(PutError::Db(e)) => Err(Error::Database(e)),
            }
        };
        // Old values first (a record the batch added may still be referred to by one it
        // changed), then what it added, dependents first, then what it deleted, in dependency order.
        for kind in kinds.iter().copied() {
            history::each_change(&tx, target.id, kind, Op::Update, &mut |c| {
                let (old, new) = (c.old.unwrap_or_default(), c.new.unwrap_or_default());
                let now = history::Cells { kind, cells: &new };
                each_kind!(kind, m => m::edit(&tx, &now, &history::Cells { kind, cells: &old }))?;
                put(&mut writer, kind, &old)
            })?;
        }
        for kind in kinds.iter().rev().copied() {
            history::each_change(&tx, target.id, kind, Op::Add, &mut |c| {
                match (&c.key, c.new) {
                    (None, _) => {
                        record::delete_all(&tx, kind)?;
                    }
                    (Some(_), new) => {
                        let new = new.unwrap_or_default();
                        let cells = history::Cells { kind, cells: &new };
                        if each_kind!(kind, m => m::delete(&tx, &cells))? == 0 {
                            return Err(record::not_found(kind, &cells));
                        }
                    }
                }
                writer.changed(kind);
                Ok(())
            })?;
        }
        for kind in kinds.iter().copied() {
            history::each_change(&tx, target.id, kind, Op::Delete, &mut |c| {
                put(&mut writer, kind, &c.old.unwrap_or_default())
            })?;
        }
        drop(writer);
        let counts = history::Counts {
            added: target.deleted,
            updated: target.updated,
            deleted: target.added,
        };
        let before = if dry_run {
            None
        } else {
            Some(backup::take(&path, backup::Reason::Undo)?)
        };
        let source = format!("undo {} ({})", target.id, target.source);
        let batch = history::record(&tx, &source, counts, before.as_ref())?;
        tracker.record(&tx, batch)?;
        // The undo must have changed exactly the records the batch did, and nothing else.
        if history::records_by_kind(&tx, batch)? != expected || count_others(&tx)? != others_before
        {
            let later = history::list(&tx)?
                .into_iter()
                .find(|b| b.id > target.id && b.id != batch);
            return Err(match later {
                Some(later) => Error::UndoBlocked {
                    batch: target.id,
                    later: later.id,
                    later_source: later.source,
                },
                None => Error::CannotUndo {
                    batch: Some(target.id),
                },
            });
        }
        let records = count(&expected);
        if dry_run {
            tx.rollback()?;
        } else {
            tx.commit()?;
            self.committed()?;
        }
        Ok(history::Undo {
            batch: target,
            restored: None,
            records,
            dry_run,
        })
    }

    /// [`Registry::restore`], recorded in the history as `what`.
    fn restore_as(&mut self, from: &Path, confirmed: bool, what: &str) -> Result<Backup> {
        self.writable()?;
        if !confirmed {
            return Err(Error::NotConfirmed);
        }
        let source = restorable(from)?;
        // A damaged registry cannot be copied by SQLite; its bytes are kept as they are instead.
        let before = match backup::take_unpruned(&self.path, backup::Reason::Restore) {
            Err(Error::Damaged { .. }) => backup::keep_damaged(&self.path)?,
            Err(Error::Database(e))
                if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseCorrupt) =>
            {
                backup::keep_damaged(&self.path)?
            }
            other => other?,
        };
        // SQLite's backup API writes the whole file in one transaction of this connection: other
        // readers see the old registry or the restored one, never a mix.
        rusqlite::backup::Backup::new(&source, &mut self.conn)?.run_to_completion(
            1024,
            std::time::Duration::ZERO,
            None,
        )?;
        drop(source);
        store::reprepare(&self.conn, &self.path)?;
        self.bring_back_documents()?;
        history::record(&self.conn, what, history::Counts::default(), Some(&before))?;
        backup::prune_for(&self.path)?;
        self.committed()?;
        Ok(before)
    }

    /// After a restore: the documents the restored registry names that its store lacks, copied
    /// back from the backups' shared store ([`document::backup_store_of`]).
    fn bring_back_documents(&self) -> Result<u64> {
        document::bring_back(
            &self.conn,
            &self.document_store(),
            &document::backup_store_of(&self.path),
        )
    }

    /// Checks the registry: SQLite's integrity (quick or full) and foreign keys, then the
    /// registry's own rules that depend on today's date. Returns what was found; none means healthy.
    /// A full check also gives the [`Registry::warnings`] (see [`Finding::is_warning`]).
    pub fn check(&self, depth: CheckDepth) -> Result<Vec<Finding>> {
        let mut findings = check::run(&self.conn, depth)?;
        if depth == CheckDepth::Full {
            findings.extend(document::missing(&self.conn, &self.document_store())?);
            findings.extend(self.warnings());
        }
        Ok(findings)
    }

    /// What is risky about where the registry is, though it is sound (a folder a cloud service
    /// syncs, [`check::synced_folder`]), for the app's banner and `luban check`.
    pub fn warnings(&self) -> Vec<Finding> {
        // Absolute, not canonical: Windows would prefix a canonical path with `\\?\`.
        let full = std::path::absolute(&self.path).unwrap_or_else(|_| self.path.clone());
        check::synced_folder(&full)
            .map(|(service, folder)| Finding::SyncedFolder {
                service: service.to_string(),
                folder,
            })
            .into_iter()
            .collect()
    }

    /// The workshops matching `query`, by code, with their country names and totals.
    pub fn workshops(&self, query: &WorkshopQuery) -> Result<Vec<WorkshopListRow>> {
        record::workshop::list(&self.conn, query)
    }

    /// One workshop with its country, majors, enrolments, training counts and their totals.
    pub fn workshop(&self, code: &str) -> Result<WorkshopDetail> {
        record::workshop::detail(&self.conn, code)
    }

    /// The agreements matching `query`, with where each stands on `on` (today, or a day to plan
    /// for), by workshop then code.
    pub fn agreements(
        &self,
        query: &AgreementQuery,
        on: chrono::NaiveDate,
    ) -> Result<Vec<AgreementRow>> {
        record::agreement::list(&self.conn, query, on)
    }

    /// What is due on `on`, looking `within` days ahead: agreements in their notice period or
    /// ended without renewal, planned workshops past their year, active workshops without last
    /// year's figures; soonest first (see [`due`]).
    pub fn due(&self, on: chrono::NaiveDate, within: u32) -> Result<Vec<due::Due>> {
        let tx = self.conn.unchecked_transaction()?;
        let items = due::due(&tx, on, within)?;
        tx.finish()?;
        Ok(items)
    }

    /// The folder beside the registry file that holds copies of attached documents.
    pub fn document_store(&self) -> PathBuf {
        document::store_of(&self.path)
    }

    /// Attaches a copy of the file at `file` to the agreement `code`, under the file's name; the
    /// copy goes to the document store (once per content), then the row is written.
    pub fn attach(&mut self, code: &str, file: &Path) -> Result<document::Document> {
        let bytes = std::fs::read(file).map_err(|e| Error::io(file, e))?;
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let store = self.document_store();
        self.write(|conn| document::attach(conn, &store, code, &name, &bytes, chrono::Utc::now()))
    }

    /// The documents of agreement `code` (or of every agreement, when `None`), by agreement and name.
    pub fn documents(&self, code: Option<&str>) -> Result<Vec<document::Document>> {
        document::list(&self.conn, code)
    }

    /// A copy of the document `name` of agreement `code`, under its own name in the system's
    /// temporary folder, for the system viewer to open.
    pub fn document_for_viewing(&self, code: &str, name: &str) -> Result<PathBuf> {
        document::copy_for_viewing(&self.conn, &self.document_store(), code, name)
    }

    /// Detaches the document `name` from agreement `code`; its stored copy is removed once no
    /// document names its content any more.
    ///
    /// A detach is a batch of the history (naming the agreement, the document and its hash),
    /// preceded by a backup, so while it is the newest batch it can be undone, and the
    /// document's bytes are kept in the backups' store ([`document::backup_store_of`]).
    pub fn detach(&mut self, code: &str, name: &str) -> Result<()> {
        self.writable()?;
        let path = self.path.clone();
        let (hash, unused) = self.write(|conn| {
            let (hash, unused) = document::detach(conn, code, name)?;
            let before = backup::take(&path, backup::Reason::Delete)?;
            let code = model::fields::clean(code).to_ascii_uppercase();
            let short = hash.get(..12).unwrap_or(&hash);
            let counts = history::Counts {
                deleted: 1,
                ..Default::default()
            };
            let source = format!("detach {code} {name} (sha256 {short}…)");
            history::record(conn, &source, counts, Some(&before))?;
            Ok((hash, unused))
        })?;
        if unused {
            document::forget(&self.document_store(), &hash)?;
        }
        Ok(())
    }

    /// The contacts of one workshop (or of all, when `None`), by workshop, side and name.
    pub fn contacts(&self, workshop: Option<&str>) -> Result<Vec<Contact>> {
        let code = workshop.map(|w| model::fields::clean(w).to_ascii_uppercase());
        Ok(record::contact::all(&self.conn, code.as_deref())?)
    }

    /// The fields of the office's own, of every kind, in column order, with how many records
    /// have a value for each.
    pub fn fields(&self) -> Result<Vec<FieldDef>> {
        record::custom_field::list(&self.conn)
    }

    /// Adds a field of the office's own to `kind` (only workshops so far), as the last column.
    /// Its name is tidied and must differ (by [`model::fields::key`]) from every other field's
    /// name and Chinese label, and must not be read as one of the kind's own columns; every
    /// problem is an [`Error::Invalid`] on `field_name`, `field_type` or `label_zh`. Adding a field
    /// changes no record, so it is no batch in the history.
    pub fn add_field(&mut self, kind: Entity, field: &NewField) -> Result<FieldDef> {
        self.write(|conn| record::custom_field::add(conn, kind, field))
    }

    /// Removes a field of the office's own (named by its name or Chinese label). While records
    /// have a value for it, it is refused with [`Error::FieldHasValues`] unless `force`; a forced
    /// removal is preceded by a backup and is one batch in the history whose records carry the
    /// values removed. Returns how many records lost a value.
    pub fn remove_field(&mut self, kind: Entity, name: &str, force: bool) -> Result<u64> {
        self.writable()?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let def = record::custom_field::find(&tx, kind, name)?;
        let count = record::custom_field::value_count(&tx, &def)?;
        if count > 0 && !force {
            return Err(Error::FieldHasValues {
                entity: kind,
                name: def.name,
                count,
            });
        }
        if count == 0 {
            record::custom_field::remove(&tx, &def)?;
            tx.commit()?;
            return Ok(0);
        }
        let tracker = history::Tracker::start(&tx, [kind], false)?;
        let before = backup::take(&self.path, backup::Reason::Delete)?;
        record::custom_field::remove(&tx, &def)?;
        let updated = u64::try_from(count).unwrap_or(0);
        let counts = history::Counts {
            updated,
            ..Default::default()
        };
        let source = format!("{}{} {}", history::REMOVE_FIELD, kind.stem(), def.name);
        let batch = history::record(&tx, &source, counts, Some(&before))?;
        tracker.record(&tx, batch)?;
        tx.commit()?;
        Ok(updated)
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

/// The stored codes of the workshops whose enrolment and training rows a form save or a deletion
/// of `entity` naming `records` can change: the workshop deleted, or the workshop of the figure
/// row saved or deleted (before and after an edit). `None` (every row is compared) for other
/// kinds, and whenever a workshop is not found by its exact code (the write may resolve it
/// otherwise, by name or full-width letters), so nothing it changes goes unrecorded.
fn figures_within(
    conn: &Connection,
    entity: Entity,
    records: &[&dyn model::Fields],
) -> Result<Option<Vec<String>>> {
    let field = if entity == Entity::Workshops {
        "code"
    } else if matches!(entity, Entity::Enrolments | Entity::Trainings) {
        "workshop"
    } else {
        return Ok(None);
    };
    let mut codes = Vec::new();
    for record in records {
        let code = model::fields::clean(record.get(field).unwrap_or("")).to_ascii_uppercase();
        if record::workshop::id(conn, &code)?.is_none() {
            return Ok(None);
        }
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    Ok(Some(codes))
}

/// A read-only connection to `from` if it may replace a registry: a registry of a version this
/// build opens, passing SQLite's full integrity check. Anything else is refused as
/// [`Error::RestoreRefused`], naming why.
fn restorable(from: &Path) -> Result<Connection> {
    let refused = |cause: Error| Error::RestoreRefused {
        from: from.to_path_buf(),
        cause: Box::new(cause),
    };
    if !from.is_file() {
        return Err(refused(Error::io(
            from,
            std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
        )));
    }
    let source = store::open_for_copy(from).map_err(refused)?;
    store::registry_version(&source, from).map_err(refused)?;
    let problems = store::integrity(&source, true).map_err(refused)?;
    if !problems.is_empty() {
        return Err(refused(Error::Damaged {
            path: from.to_path_buf(),
            detail: problems.join("; "),
            newest_backup: None,
        }));
    }
    Ok(source)
}

/// The import of [`Registry::import`] on `conn` (the registry at `path`, or a copy of it in
/// memory for a dry run of a read-only registry).
fn import_on(
    conn: &mut Connection,
    path: &Path,
    source: Source,
    options: ImportOptions,
) -> Result<ImportOutcome> {
    let (mut outcome, files, notes) = plan(source)?;
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
        columns: Some(&options.columns),
    };
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Only the kinds the files hold change: an import never renames or deletes.
    let tracker = history::Tracker::start(&tx, files.iter().map(|(e, _, _)| *e), true)?;
    let mut keep_going = |_| true;
    let progress = options.progress.unwrap_or(&mut keep_going);
    outcome.files = import_batch(&tx, files, reading, &mut outcome.problems, progress)?;
    if let Some(first) = outcome.files.first_mut() {
        first
            .warnings
            .splice(0..0, notes.into_iter().map(error::Warning::new));
    }
    if let (Source::Folder(dir), true) = (source, outcome.problems.is_empty()) {
        let store = document::store_of(path);
        document::import(&tx, &store, dir, options.dry_run, &mut outcome.problems)?;
    }
    if options.dry_run {
        let updates = std::cell::RefCell::new(Vec::new());
        tracker.finish(
            &tx,
            &mut |change| {
                updates.borrow_mut().extend(history::Update::of(change));
                Ok(())
            },
            &mut |kind| {
                updates.borrow_mut().retain(|u| u.kind != kind.stem());
                Ok(())
            },
        )?;
        outcome.updates = updates.into_inner();
        outcome.problems_total = outcome.problems.len();
        tx.rollback()?;
        return Ok(outcome);
    }
    if !outcome.problems.is_empty() {
        return Err(Error::Rejected(outcome.problems));
    }
    if outcome.entity.is_none() && !outcome.folder {
        return Err(Error::UnknownEntity(outcome.name));
    }
    // The copy reads the last committed state through its own connection, so it is the
    // registry as it was before this import; an import that changes nothing needs none.
    let counts = history::Counts {
        added: outcome.files.iter().map(|f| f.added).sum(),
        updated: outcome.files.iter().map(|f| f.updated).sum(),
        deleted: 0,
    };
    if counts.added + counts.updated > 0 {
        let before = backup::take(path, backup::Reason::Import)?;
        let batch = history::record(
            &tx,
            &format!("import {}", outcome.name),
            counts,
            Some(&before),
        )?;
        tracker.record(&tx, batch)?;
        outcome.batch = Some(batch);
    }
    tx.commit()?;
    store::checkpoint(conn, path)?;
    Ok(outcome)
}

/// Imports `files` in order into `conn` (inside the caller's transaction), collecting every
/// problem: the one loop behind every import, the sample and the reference data. The caller
/// decides to commit or roll back.
pub(crate) fn import_batch(
    conn: &Connection,
    files: Vec<(Entity, String, Input)>,
    reading: csv_io::import::Reading<'_>,
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
    outcome.sheets = sheets.clone();
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
