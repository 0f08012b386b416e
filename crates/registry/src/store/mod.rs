//! Opening the registry file: where it lives, connection settings, and schema migrations.
//!
//! One function, [`open`], makes every connection, so every connection has the same settings
//! (WAL, foreign keys, busy timeout). Migrations run in one transaction; a file from a newer
//! version of the app, or a file that is not a registry, is refused before anything is written.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use crate::error::{Error, Result};

/// The app identifier; the registry lives in the OS per-user data folder joined with it, which is
/// what Tauri's `app_data_dir` gives, so the command line and the desktop app share one registry.
pub const APP_IDENTIFIER: &str = "org.lubanregistry.desktop";

/// The registry's file name inside the data folder.
pub const FILE_NAME: &str = "registry.sqlite3";

/// The environment variable that overrides the registry's location.
pub const ENV_VAR: &str = "LUBAN_DB";

/// Marks a SQLite file as a Luban registry (`PRAGMA application_id`, "LUBN").
const APPLICATION_ID: i64 = 0x4C55_424E;

/// Ordered migrations; migration `n` (1-based) brings the schema to version `n`.
const MIGRATIONS: &[fn(&rusqlite::Transaction) -> Result<()>] = &[migrate_to_1, migrate_to_2];

/// The newest schema version this build knows.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// The registry path to use: `explicit` if given, else `LUBAN_DB`, else the OS data folder.
///
/// ```
/// use std::path::Path;
/// let p = luban_registry::store::resolve_path(Some(Path::new("/tmp/r.sqlite3"))).unwrap();
/// assert_eq!(p, Path::new("/tmp/r.sqlite3"));
/// ```
pub fn resolve_path(explicit: Option<&Path>) -> Result<PathBuf> {
    if let Some(path) = explicit {
        return Ok(path.to_path_buf());
    }
    if let Some(path) = std::env::var_os(ENV_VAR).filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    default_path()
}

/// `<OS data folder>/org.lubanregistry.desktop/registry.sqlite3`
/// (Windows: `%APPDATA%`, macOS: `~/Library/Application Support`, Linux: `$XDG_DATA_HOME`).
pub fn default_path() -> Result<PathBuf> {
    let base = directories::BaseDirs::new().ok_or(Error::NoDataFolder)?;
    Ok(base.data_dir().join(APP_IDENTIFIER).join(FILE_NAME))
}

/// Opens (creating if needed) and migrates the registry at `path`. Only [`crate::Registry`] opens
/// connections: the core is the one writer.
pub(crate) fn open(path: &Path) -> Result<Connection> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| not_a_registry(path, e))?;
    conn.busy_timeout(Duration::from_secs(10))?;
    // Read before anything writes: changing the journal mode would already touch a newer file.
    refuse_foreign_or_newer(&conn, path)?;
    conn.pragma_update(None, "journal_mode", "WAL")
        .map_err(|e| not_a_registry(path, e))?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    migrate(&conn, path)?;
    Ok(conn)
}

fn not_a_registry(path: &Path, e: rusqlite::Error) -> Error {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => Error::NotARegistry {
            path: path.to_path_buf(),
            reason: "it is not a SQLite database".into(),
        },
        _ => Error::Database(e),
    }
}

fn refuse_foreign_or_newer(conn: &Connection, path: &Path) -> Result<()> {
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(|e| not_a_registry(path, e))?;
    let app_id: i64 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
    if app_id != APPLICATION_ID && (version != 0 || tables != 0) {
        return Err(Error::NotARegistry {
            path: path.to_path_buf(),
            reason: "it is a SQLite database made by another program".into(),
        });
    }
    if version > SCHEMA_VERSION {
        return Err(Error::NewerSchema {
            path: path.to_path_buf(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(())
}

fn migrate(conn: &Connection, path: &Path) -> Result<()> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version == SCHEMA_VERSION {
        return Ok(());
    }
    // IMMEDIATE takes the write lock first, so two processes opening a new file do not both migrate.
    let tx = rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
    let version: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version > SCHEMA_VERSION {
        return Err(Error::NewerSchema {
            path: path.to_path_buf(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    // A negative version in a file with our application id is damage, not a version to skip.
    let done = usize::try_from(version).map_err(|_| Error::NotARegistry {
        path: path.to_path_buf(),
        reason: format!("its schema version {version} is not one Luban Registry writes"),
    })?;
    for (index, step) in MIGRATIONS.iter().enumerate().skip(done) {
        step(&tx)?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
    }
    tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    tx.commit()?;
    Ok(())
}

/// Version 1: the schema, and the reference data (countries with group tags, major categories).
fn migrate_to_1(tx: &rusqlite::Transaction) -> Result<()> {
    tx.execute_batch(include_str!("schema_v1.sql"))?;
    crate::reference::load(tx)
}

/// Version 2: agreements and contacts, the partnership behind each workshop.
fn migrate_to_2(tx: &rusqlite::Transaction) -> Result<()> {
    Ok(tx.execute_batch(include_str!("schema_v2.sql"))?)
}

/// SQLite's integrity check (`integrity_check` when `full`, else the faster `quick_check`): the
/// problems it reports; none means the file is sound.
pub(crate) fn integrity(conn: &Connection, full: bool) -> Result<Vec<String>> {
    let pragma = if full {
        "PRAGMA integrity_check"
    } else {
        "PRAGMA quick_check"
    };
    let mut stmt = conn.prepare(pragma)?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let mut problems = Vec::new();
    for row in rows {
        let row = row?;
        if row != "ok" {
            problems.push(row);
        }
    }
    Ok(problems)
}
