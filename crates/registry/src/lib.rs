//! The Luban Workshop registry: a local SQLite file of workshops, their countries, majors, degree
//! enrolments and training counts, with validated CSV import/export and headline figures.
//!
//! This crate has no GUI dependency: the `luban` command line and the desktop app are thin
//! adapters over [`Registry`].
//!
//! ```
//! use luban_registry::{Entity, ImportOptions, Registry, report::Selection};
//!
//! let dir = tempfile::tempdir()?;
//! let mut registry = Registry::open(&dir.path().join("registry.sqlite3"))?;
//! let csv = "code,name_en,country,host_institution,chinese_institution,opened_year,status\n\
//!            TH-AYU,Thailand Luban Workshop,泰国,Ayutthaya Technical College,Tianjin Bohai Vocational Technical College,2016,active\n";
//! let summary = registry.import_bytes(Entity::Workshops, "workshops.csv", csv.as_bytes(), ImportOptions::default())?;
//! assert_eq!(summary.added, 1);
//! assert_eq!(registry.headline(&Selection::default())?.countries, 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![deny(missing_docs)]

pub mod atomic_file;
pub mod browse;
pub mod csv_io;
mod error;
pub mod model;
pub mod read;
mod reference;
pub mod report;
pub mod sample;
pub mod store;
mod write;

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, TransactionBehavior};

pub use csv_io::{Detected, ExportOptions, ImportSummary};
pub use error::{Error, FieldError, Problem, Result, Severity};
pub use model::{
    Country, Enrolment, Entity, Level, Major, MajorCategory, Region, Status, Training,
    TrainingKind, Workshop, WorkshopMajor,
};

/// Options of an import.
#[derive(Default)]
pub struct ImportOptions<'a> {
    /// Validate and count, but write nothing.
    pub dry_run: bool,
    /// Called every [`csv_io::import::PROGRESS_EVERY`] rows with the rows read so far (in the
    /// current file); returning `false` cancels the import, which then writes nothing.
    pub progress: Option<&'a mut dyn FnMut(u64) -> bool>,
}

impl ImportOptions<'_> {
    /// Validate and count only.
    pub fn dry_run() -> Self {
        ImportOptions {
            dry_run: true,
            progress: None,
        }
    }
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

    /// The underlying connection, for read-only queries (reports, tests).
    pub fn connection(&self) -> &Connection {
        &self.conn
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

    /// Imports one CSV file (all or nothing). On any problem returns [`Error::Rejected`] with every
    /// problem found, and the registry is unchanged.
    pub fn import_file(
        &mut self,
        entity: Entity,
        path: &Path,
        options: ImportOptions,
    ) -> Result<ImportSummary> {
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        let name = display_name(path);
        self.import_reader(
            entity,
            &name,
            std::io::BufReader::with_capacity(256 * 1024, file),
            options,
        )
    }

    /// Imports CSV bytes named `name` (all or nothing), like [`Registry::import_file`].
    pub fn import_bytes(
        &mut self,
        entity: Entity,
        name: &str,
        bytes: &[u8],
        options: ImportOptions,
    ) -> Result<ImportSummary> {
        self.import_reader(entity, name, bytes, options)
    }

    fn import_reader(
        &mut self,
        entity: Entity,
        name: &str,
        reader: impl Read,
        options: ImportOptions,
    ) -> Result<ImportSummary> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut problems = Vec::new();
        let mut keep_going = |_| true;
        let progress = options.progress.unwrap_or(&mut keep_going);
        let summary =
            csv_io::import::import_into(&tx, entity, name, reader, &mut problems, progress)?;
        if !problems.is_empty() {
            return Err(Error::Rejected(problems));
        }
        if !options.dry_run {
            tx.commit()?;
        }
        Ok(summary)
    }

    /// Imports every known file present in `dir` (`countries.csv`, …, `trainings.csv`) in dependency
    /// order, in one transaction: a problem in any file leaves every file unwritten.
    pub fn import_dir(&mut self, dir: &Path, options: ImportOptions) -> Result<Vec<ImportSummary>> {
        let files = files_in(dir)?;
        if files.is_empty() {
            return Err(Error::Rejected(vec![no_registry_files(dir)]));
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut problems = Vec::new();
        let mut summaries = Vec::new();
        let mut keep_going = |_| true;
        let progress = options.progress.unwrap_or(&mut keep_going);
        for (entity, path) in files {
            let file = std::fs::File::open(&path).map_err(|e| Error::io(&path, e))?;
            let reader = std::io::BufReader::with_capacity(256 * 1024, file);
            summaries.push(csv_io::import::import_into(
                &tx,
                entity,
                &display_name(&path),
                reader,
                &mut problems,
                &mut *progress,
            )?);
        }
        if !problems.is_empty() {
            return Err(Error::Rejected(problems));
        }
        if !options.dry_run {
            tx.commit()?;
        }
        Ok(summaries)
    }

    /// Writes `entity` as CSV to `out`; returns the number of rows.
    pub fn export(
        &self,
        entity: Entity,
        out: impl std::io::Write,
        options: ExportOptions,
    ) -> Result<u64> {
        // One read transaction, so a file is a consistent snapshot even while another process writes.
        let tx = self.conn.unchecked_transaction()?;
        let n = csv_io::export::export_to(&tx, entity, out, options)?;
        tx.finish()?;
        Ok(n)
    }

    /// Writes `entity` to the file at `path`, replacing it only once it is completely written.
    pub fn export_file(&self, entity: Entity, path: &Path, options: ExportOptions) -> Result<u64> {
        atomic_file::write_atomically(path, |out| self.export(entity, out, options))
    }

    /// Writes every entity's file into `dir` (created if needed); returns the rows per file.
    pub fn export_dir(&self, dir: &Path, options: ExportOptions) -> Result<Vec<(Entity, u64)>> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let tx = self.conn.unchecked_transaction()?;
        let mut written = Vec::new();
        for entity in Entity::ALL {
            let path = dir.join(entity.file_name());
            let n = atomic_file::write_atomically(&path, |out| {
                csv_io::export::export_to(&tx, entity, out, options)
            })?;
            written.push((entity, n));
        }
        tx.finish()?;
        Ok(written)
    }

    /// The headline figures of a selection.
    pub fn headline(&self, selection: &report::Selection) -> Result<report::Headline> {
        report::headline(&self.conn, selection)
    }

    /// Saves one record typed in a form. `fields` maps column names to text, as in CSV. When
    /// `original_key` is given and differs from the new key, the record is renamed (workshops and
    /// majors). Returns [`Error::Invalid`] with every field problem, and writes nothing, on bad input.
    pub fn save(
        &mut self,
        entity: Entity,
        original_key: Option<&str>,
        fields: &HashMap<String, String>,
    ) -> Result<()> {
        self.write(|conn| {
            if let Some(old) = original_key {
                rename(conn, entity, old, fields)?;
            }
            let mut writer = write::Writer::new(conn, false);
            match writer.put(entity, fields, 0) {
                Ok(_) => Ok(()),
                Err(write::PutError::Invalid(errors)) => Err(Error::Invalid(errors)),
                Err(write::PutError::Db(e)) => Err(Error::Database(e)),
            }
        })
    }

    /// Checks the registry: SQLite's integrity and foreign-key checks, then the registry's own rules
    /// (year ceilings, which depend on today's date). Returns the problems found; none means healthy.
    pub fn check(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        for row in stmt.query_map([], |r| r.get::<_, String>(0))? {
            let row = row?;
            if row != "ok" {
                problems.push(format!("integrity: {row}"));
            }
        }
        let mut stmt = self.conn.prepare("PRAGMA foreign_key_check")?;
        for row in stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<i64>>(1)?,
                r.get::<_, String>(2)?,
            ))
        })? {
            let (table, rowid, parent) = row?;
            problems.push(format!(
                "{table} row {} refers to a missing {parent}",
                rowid.unwrap_or(0)
            ));
        }
        let max_open = model::fields::max_opening_year();
        let max_figure = model::fields::max_figure_year();
        let rules = [
            (format!("SELECT code || ': opened_year ' || opened_year || ' is after ' || {max_open} FROM workshop WHERE opened_year > {max_open}")),
            (format!("SELECT w.code || ': an enrolment for ' || e.year || ' is after ' || {max_figure} FROM enrolment e JOIN workshop w ON w.id = e.workshop_id WHERE e.year > {max_figure}")),
            (format!("SELECT w.code || ': a training count for ' || t.year || ' is after ' || {max_figure} FROM training t JOIN workshop w ON w.id = t.workshop_id WHERE t.year > {max_figure}")),
        ];
        for sql in rules {
            let mut stmt = self.conn.prepare(&sql)?;
            for row in stmt.query_map([], |r| r.get::<_, String>(0))? {
                problems.push(row?);
            }
        }
        Ok(problems)
    }
}

/// Renames a workshop or major before saving it under a new code.
fn rename(
    conn: &Connection,
    entity: Entity,
    old: &str,
    fields: &HashMap<String, String>,
) -> Result<()> {
    let (table, field) = match entity {
        Entity::Workshops => ("workshop", "code"),
        Entity::Majors => ("major", "code"),
        _ => return Ok(()),
    };
    let Some(new) = fields
        .get(field)
        .map(|c| model::fields::clean(c).to_ascii_uppercase())
    else {
        return Ok(());
    };
    if new == old {
        return Ok(());
    }
    if model::fields::code(field, &new).is_err() {
        return Ok(()); // the writer reports the invalid code
    }
    let taken: bool = conn.query_row(
        &format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE code = ?1)"),
        [&new],
        |r| r.get(0),
    )?;
    if taken {
        return Err(Error::Invalid(vec![FieldError::new(
            field,
            &new,
            format!(
                "{new} is already used by another {}; choose another code",
                entity.singular()
            ),
            format!("{new} 已被另一个{}使用；请换一个编号", entity.singular_zh()),
        )]));
    }
    let changed = conn.execute(
        &format!("UPDATE {table} SET code = ?2 WHERE code = ?1"),
        [old, &new],
    )?;
    if changed == 0 {
        return Err(Error::NotFound {
            entity: entity.singular(),
            key: old.to_string(),
        });
    }
    Ok(())
}

/// The problem of a folder chosen for import that holds none of the registry's files.
pub(crate) fn no_registry_files(dir: &Path) -> Problem {
    let names: Vec<String> = Entity::ALL.iter().map(|e| e.file_name()).collect();
    Problem {
        file: dir.display().to_string(),
        line: 0,
        column: None,
        value: None,
        message: format!(
            "this folder has none of the registry's files ({})",
            names.join(", ")
        ),
        message_zh: format!("此文件夹中没有登记册的文件（{}）", names.join("、")),
        severity: Severity::Error,
    }
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

fn display_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| path.display().to_string())
}
