//! The change history: one *batch* per write (an import, a form save, a deletion, loading the
//! sample, a restore), with when, by whom (the OS user name), from what, and how many records it
//! added, updated and deleted.
//!
//! Written by the core's write path in the same transaction as the change, so a batch exists
//! exactly when its change was committed. A batch that was preceded by a backup names it, and
//! [`crate::Registry::undo`] undoes the newest batch by restoring that backup. Per-record history
//! (which record, old and new values) is not here yet; it will hang off [`Batch::id`].

use rusqlite::{params, Connection};
use serde::Serialize;

use crate::error::Result;

/// One batch of the history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Batch {
    /// Its number, increasing.
    pub id: i64,
    /// When it was committed, RFC 3339 in UTC.
    pub at: String,
    /// The OS user name of whoever made it.
    pub user: String,
    /// What made it: `import workshops.csv`, `save workshops`, `delete workshops TH-AYU`,
    /// `sample`, `restore <file>`.
    pub source: String,
    /// Records added.
    pub added: u64,
    /// Records updated.
    pub updated: u64,
    /// Records deleted (with what went with them).
    pub deleted: u64,
    /// The file name, in the backups folder, of the backup of the registry just before this batch.
    pub backup: Option<String>,
}

/// How many records a batch added, updated and deleted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    pub added: u64,
    pub updated: u64,
    pub deleted: u64,
}

/// Records one batch (inside the caller's write transaction).
pub(crate) fn record(
    conn: &Connection,
    source: &str,
    counts: Counts,
    backup: Option<&crate::Backup>,
) -> Result<i64> {
    let backup = backup.and_then(|b| b.path.file_name().map(|n| n.to_string_lossy().into_owned()));
    let at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let count = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
    conn.prepare_cached(
        "INSERT INTO history_batch (at, user, source, added, updated, deleted, backup) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        at,
        user(),
        source,
        count(counts.added),
        count(counts.updated),
        count(counts.deleted),
        backup
    ])?;
    Ok(conn.last_insert_rowid())
}

/// Every batch, newest first.
pub(crate) fn list(conn: &Connection) -> Result<Vec<Batch>> {
    let mut stmt = conn.prepare(
        "SELECT id, at, user, source, added, updated, deleted, backup FROM history_batch ORDER BY id DESC",
    )?;
    let count = |n: i64| u64::try_from(n).unwrap_or(0);
    let rows = stmt.query_map([], |r| {
        Ok(Batch {
            id: r.get(0)?,
            at: r.get(1)?,
            user: r.get(2)?,
            source: r.get(3)?,
            added: count(r.get(4)?),
            updated: count(r.get(5)?),
            deleted: count(r.get(6)?),
            backup: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The OS user name (`USERNAME` on Windows, `USER` elsewhere), or "" when the OS gives none.
fn user() -> String {
    ["USERNAME", "USER", "LOGNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|u| !u.is_empty()))
        .unwrap_or_default()
}

/// What [`crate::Registry::undo`] did, or (in a dry run) would do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Undo {
    /// The batch undone.
    pub batch: Batch,
    /// The backup restored to undo it.
    pub restored: std::path::PathBuf,
    /// Whether this was only a dry run (nothing changed).
    pub dry_run: bool,
}
