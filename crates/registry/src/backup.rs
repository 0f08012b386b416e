//! Backups of the registry file: taken automatically before every write that can change many
//! records, on request, and before a restore; listed, pruned, and restored from.
//!
//! A backup is a consistent copy made by SQLite itself (`VACUUM INTO`, through a read-only
//! connection of its own, so it holds the last committed state even while the caller's write
//! transaction is open), passed through `quick_check`, flushed to disk and only then renamed into
//! place: a backup that exists is whole. Backups live in a `backups` folder beside the registry,
//! named `<registry stem>.<UTC time>.<reason>.sqlite3` (`registry.20261201T212850123Z.import.sqlite3`),
//! so the name alone says when and why, and several registries in one folder keep apart.
//!
//! Retention, applied after each automatic backup: the newest [`KEEP_LAST`] automatic backups,
//! plus the newest automatic backup of each of the last [`KEEP_MONTHS`] calendar months. Manual
//! backups are never deleted by the app.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, NaiveDateTime, SecondsFormat, Utc};
use serde::Serialize;

use crate::atomic_file::{folder_of, sync_folder};
use crate::error::{Error, Result};
use crate::message::Lang;
use crate::store;

/// The name of the folder, beside the registry, that holds its backups.
pub const FOLDER: &str = "backups";

/// How many of the newest automatic backups are always kept.
pub const KEEP_LAST: usize = 20;

/// For how many calendar months (this one included) the newest automatic backup is kept.
pub const KEEP_MONTHS: u32 = 12;

/// The time format in backup names: UTC, to the millisecond, sortable as text.
const STAMP: &str = "%Y%m%dT%H%M%S%3fZ";

/// Why a backup was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// Asked for by the user ("Back up now", `luban backup`); never pruned.
    Manual,
    /// Before an import that writes.
    Import,
    /// Before loading (or replacing the registry with) the sample.
    Sample,
    /// Before deleting a workshop together with its figures, or a field of the office's own
    /// with its values.
    Delete,
    /// Before replacing the registry with a backup.
    Restore,
    /// Before undoing a batch of the history record by record.
    Undo,
    /// Before a schema migration of an existing registry.
    Migration,
    /// A damaged registry's bytes as they were, kept before a restore replaced it (not checked,
    /// since it failed the check; never pruned).
    Damaged,
}

impl Reason {
    /// Every reason.
    pub const ALL: [Reason; 8] = [
        Reason::Manual,
        Reason::Import,
        Reason::Sample,
        Reason::Delete,
        Reason::Restore,
        Reason::Migration,
        Reason::Damaged,
        Reason::Undo,
    ];

    /// The word in file names and JSON (`import`).
    pub fn slug(self) -> &'static str {
        match self {
            Reason::Manual => "manual",
            Reason::Import => "import",
            Reason::Sample => "sample",
            Reason::Delete => "delete",
            Reason::Restore => "restore",
            Reason::Undo => "undo",
            Reason::Migration => "migration",
            Reason::Damaged => "damaged",
        }
    }

    /// The reason as the user reads it.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Reason::Manual => lang.pick("taken by hand", "手动备份"),
            Reason::Import => lang.pick("before an import", "导入前"),
            Reason::Sample => lang.pick("before loading the sample", "载入示例前"),
            Reason::Delete => lang.pick("before a deletion", "删除前"),
            Reason::Restore => lang.pick("before a restore", "恢复前"),
            Reason::Undo => lang.pick("before an undo", "撤销前"),
            Reason::Migration => lang.pick("before an upgrade of the file", "文件升级前"),
            Reason::Damaged => lang.pick(
                "damaged registry, kept as it was",
                "已损坏的登记册（原样保留）",
            ),
        }
    }

    fn from_slug(slug: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.slug() == slug)
    }
}

/// One backup file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Backup {
    /// The file.
    pub path: PathBuf,
    /// When it was taken, RFC 3339 in UTC (`2026-12-01T21:28:50.123Z`).
    pub created: String,
    /// Why it was taken.
    pub reason: Reason,
    /// Its size in bytes.
    pub bytes: u64,
    /// Whether it was taken by hand (kept until the user deletes it).
    pub manual: bool,
}

/// The backups folder of the registry at `registry`.
pub fn folder(registry: &Path) -> PathBuf {
    folder_of(registry).join(FOLDER)
}

/// Takes a backup of the registry file at `registry` into its backups folder and, for an
/// automatic one, prunes the older automatic backups. Reads the last committed state through a
/// connection of its own, so the caller may hold a write transaction.
pub(crate) fn take(registry: &Path, reason: Reason) -> Result<Backup> {
    let taken = take_unpruned(registry, reason)?;
    if reason != Reason::Manual {
        prune_for(registry)?;
    }
    Ok(taken)
}

/// [`take`] without the retention pass: a restore prunes only once it has closed the file it
/// restored from, which may itself be an old backup (Windows cannot delete an open file).
pub(crate) fn take_unpruned(registry: &Path, reason: Reason) -> Result<Backup> {
    let (_, stem, _, path) = new_name(registry, reason)?;
    copy(registry, &path)?;
    // The documents it names, into the backups' shared store (only those not there yet).
    let documents = crate::document::store_of(registry);
    crate::document::copy_missing(&documents, &crate::document::backup_store_of(registry))?;
    described(&path, &stem)
}

/// The retention pass over the backups of the registry at `registry`.
pub(crate) fn prune_for(registry: &Path) -> Result<()> {
    prune(&folder(registry), &stem(registry), Utc::now())
}

/// Keeps the bytes of a registry that fails SQLite's checks (so cannot be copied by SQLite) in
/// its backups folder as they are: the file, and its `-wal` beside the copy.
pub(crate) fn keep_damaged(registry: &Path) -> Result<Backup> {
    let (_, stem, _, path) = new_name(registry, Reason::Damaged)?;
    let mut wal = registry.as_os_str().to_owned();
    wal.push("-wal");
    let wal = PathBuf::from(wal);
    if wal.exists() {
        let mut to = path.as_os_str().to_owned();
        to.push("-wal");
        std::fs::copy(&wal, PathBuf::from(to)).map_err(|e| Error::io(&wal, e))?;
    }
    std::fs::copy(registry, &path).map_err(|e| Error::io(registry, e))?;
    let documents = crate::document::store_of(registry);
    crate::document::copy_missing(&documents, &crate::document::backup_store_of(registry))?;
    described(&path, &stem)
}

/// The backups folder (created), the registry's stem, the time and the unused name of a new
/// backup.
fn new_name(registry: &Path, reason: Reason) -> Result<(PathBuf, String, DateTime<Utc>, PathBuf)> {
    let dir = folder(registry);
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let stem = stem(registry);
    let mut now = Utc::now();
    // Two backups within one millisecond (a restore right after an import) get distinct names.
    loop {
        let path = dir.join(name(&stem, now, reason));
        if !path.exists() {
            return Ok((dir, stem, now, path));
        }
        now += chrono::Duration::milliseconds(1);
    }
}

fn described(path: &Path, stem: &str) -> Result<Backup> {
    describe(path, stem).ok_or_else(|| {
        Error::io(
            path,
            std::io::Error::new(std::io::ErrorKind::NotFound, "backup vanished"),
        )
    })
}

/// Copies the registry at `from` to `to` (replacing it only once the copy is whole and checked).
pub(crate) fn copy(from: &Path, to: &Path) -> Result<()> {
    let io_to = |e: std::io::Error| Error::io(to, e);
    let folder = folder_of(to);
    let file_name = to
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // An empty, uniquely named file: `VACUUM INTO` accepts an empty target, and the temporary is
    // deleted on every early return.
    let temporary = tempfile::Builder::new()
        .prefix(&format!(".{file_name}."))
        .suffix(".partial")
        .tempfile_in(folder)
        .map_err(io_to)?
        .into_temp_path();
    let target = temporary.to_str().ok_or_else(|| {
        io_to(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "the backup folder's name cannot be given to SQLite",
        ))
    })?;
    {
        let source = store::open_for_copy(from)?;
        store::registry_version(&source, from)?;
        source.execute("VACUUM INTO ?1", [target])?;
    }
    {
        let copy = store::open_for_copy(&temporary)?;
        let problems = store::integrity(&copy, false)?;
        if !problems.is_empty() {
            return Err(Error::Damaged {
                path: from.to_path_buf(),
                detail: problems.join("; "),
                newest_backup: None,
            });
        }
    }
    std::fs::File::open(&temporary)
        .and_then(|f| f.sync_all())
        .map_err(io_to)?;
    temporary.persist(to).map_err(|e| io_to(e.error))?;
    sync_folder(folder).map_err(io_to)?;
    Ok(())
}

/// The backups of the registry at `registry`, newest first. Files of other registries and other
/// files in the folder are ignored; a missing folder means none.
pub fn list(registry: &Path) -> Result<Vec<Backup>> {
    let dir = folder(registry);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(&dir, e)),
    };
    let stem = stem(registry);
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(&dir, e))?;
        if let Some(backup) = describe(&entry.path(), &stem) {
            found.push(backup);
        }
    }
    // RFC 3339 in UTC with fixed precision sorts as text.
    found.sort_by(|a, b| b.created.cmp(&a.created));
    Ok(found)
}

/// The backup at `path`, if its name is one of `stem`'s backups.
fn describe(path: &Path, stem: &str) -> Option<Backup> {
    let (at, reason) = parse(path.file_name()?.to_str()?, stem)?;
    let bytes = std::fs::metadata(path).ok()?.len();
    Some(Backup {
        path: path.to_path_buf(),
        created: at.to_rfc3339_opts(SecondsFormat::Millis, true),
        reason,
        bytes,
        manual: reason == Reason::Manual,
    })
}

fn stem(registry: &Path) -> String {
    registry
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "registry".into())
}

fn name(stem: &str, at: DateTime<Utc>, reason: Reason) -> String {
    format!("{stem}.{}.{}.sqlite3", at.format(STAMP), reason.slug())
}

fn parse(file_name: &str, stem: &str) -> Option<(DateTime<Utc>, Reason)> {
    let rest = file_name.strip_prefix(stem)?.strip_prefix('.')?;
    let rest = rest.strip_suffix(".sqlite3")?;
    let (stamp, reason) = rest.split_once('.')?;
    let at = NaiveDateTime::parse_from_str(stamp, STAMP).ok()?.and_utc();
    Some((at, Reason::from_slug(reason)?))
}

/// Deletes the automatic backups retention does not keep (see the module's description).
fn prune(dir: &Path, stem: &str, now: DateTime<Utc>) -> Result<()> {
    let mut automatic: Vec<(DateTime<Utc>, PathBuf)> = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let path = entry.map_err(|e| Error::io(dir, e))?.path();
        let Some((at, reason)) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| parse(n, stem))
        else {
            continue;
        };
        if !matches!(reason, Reason::Manual | Reason::Damaged) {
            automatic.push((at, path));
        }
    }
    automatic.sort_by_key(|b| std::cmp::Reverse(b.0));
    let month = |at: DateTime<Utc>| at.year() * 12 + at.month0() as i32;
    let oldest_month = month(now) - (KEEP_MONTHS as i32 - 1);
    let mut months_seen = std::collections::HashSet::new();
    for (index, (at, path)) in automatic.into_iter().enumerate() {
        let newest_of_its_month = months_seen.insert(month(at));
        let keep = index < KEEP_LAST || (newest_of_its_month && month(at) >= oldest_month);
        if !keep {
            std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_backup_name_reads_back_as_its_time_and_reason() {
        let at = DateTime::parse_from_rfc3339("2026-12-01T21:28:50.123Z")
            .expect("valid time")
            .with_timezone(&Utc);
        let name = name("registry", at, Reason::Import);
        assert_eq!(name, "registry.20261201T212850123Z.import.sqlite3");
        assert_eq!(parse(&name, "registry"), Some((at, Reason::Import)));
        assert_eq!(parse(&name, "other"), None);
    }
}
