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
const MIGRATIONS: &[fn(&rusqlite::Transaction) -> Result<()>] = &[
    migrate_to_1,
    migrate_to_2,
    migrate_to_3,
    migrate_to_4,
    migrate_to_5,
    migrate_to_6,
    migrate_to_7,
    migrate_to_8,
];

/// The newest schema version this build knows.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// How long a command waits for another program's lock on the registry before giving up.
pub const LOCK_TIMEOUT: Duration = Duration::from_secs(10);

/// After how long waiting for a lock is said (see [`set_wait_notice`]).
pub const WAIT_NOTICE_AFTER: Duration = Duration::from_secs(1);

const WAIT_STEP: Duration = Duration::from_millis(50);

static WAIT_NOTICE: std::sync::OnceLock<fn()> = std::sync::OnceLock::new();

/// Sets what is called, once per wait, when a connection has waited [`WAIT_NOTICE_AFTER`] for
/// another program's lock (the command line prints [`crate::message::waiting_for_lock`]), so a
/// wait is never silent. Only the first call has an effect.
pub fn set_wait_notice(notice: fn()) {
    let _ = WAIT_NOTICE.set(notice);
}

/// SQLite's busy handler for every connection: wait in small steps, say so after a second, give
/// up after [`LOCK_TIMEOUT`] (the error then says what to do; see `message.rs`).
fn wait_for_lock(attempt: i32) -> bool {
    let waited = WAIT_STEP * u32::try_from(attempt).unwrap_or(u32::MAX);
    if waited >= LOCK_TIMEOUT {
        return false;
    }
    if waited == WAIT_NOTICE_AFTER {
        if let Some(notice) = WAIT_NOTICE.get() {
            notice();
        }
    }
    std::thread::sleep(WAIT_STEP);
    true
}

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
    if !writable(path) {
        return open_read_only(path);
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    refuse_empty_or_truncated(path)?;
    let mut conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| not_a_registry(path, e))?;
    conn.busy_handler(Some(wait_for_lock))?;
    register_functions(&conn)?;
    // Read before anything writes: changing the journal mode would already touch a newer file.
    refuse_foreign_or_newer(&conn, path)?;
    conn.pragma_update(None, "journal_mode", "WAL")
        .map_err(|e| not_a_registry(path, e))?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    migrate(&conn, path)?;
    Ok(conn)
}

/// The core's rules SQL needs, as SQL functions on every connection a report may run on:
/// `luban_names_include(list, name)` is 1 when one of the `;`-joined names of `list` is `name` by
/// [`crate::model::fields::key`] (so `Tianjin\u{a0}Bohai` and `ＴＩＡＮＪＩＮ bohai` are one
/// institution in the filter as in the breakdown).
fn register_functions(conn: &Connection) -> Result<()> {
    use rusqlite::functions::FunctionFlags;
    conn.create_scalar_function(
        "luban_names_include",
        2,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let list = ctx.get::<Option<String>>(0)?.unwrap_or_default();
            let name = ctx.get::<Option<String>>(1)?.unwrap_or_default();
            let wanted = crate::model::fields::key(&name);
            Ok(!wanted.is_empty()
                && list
                    .split(';')
                    .any(|part| crate::model::fields::key(part) == wanted))
        },
    )?;
    Ok(())
}

/// Copies every committed page from the write-ahead log into the registry file and empties the
/// log (`PRAGMA wal_checkpoint(TRUNCATE)`), called after each committed write. Until it succeeds
/// the change lives only in `<file>-wal`, and the main file copied on its own is stale or
/// malformed; so a failure (a full disk) or a log left partly copied (another program kept
/// reading) is [`Error::NotCheckpointed`], never silence. A log copied whole but not emptied
/// (another program still reading it) is fine: the registry file holds everything.
pub(crate) fn checkpoint(conn: &Connection, path: &Path) -> Result<()> {
    let not_done = |detail: String| Error::NotCheckpointed {
        path: path.to_path_buf(),
        detail,
    };
    let (_busy, log, copied): (i64, i64, i64) = conn
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .map_err(|e| not_done(e.to_string()))?;
    if log >= 0 && copied < log {
        return Err(not_done(format!("{copied} of {log} pages copied")));
    }
    Ok(())
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
    // An existing registry is copied aside before its schema changes (a new file has nothing to
    // lose). The copy reads the last committed state through its own connection.
    if done >= 1 && done < MIGRATIONS.len() {
        crate::backup::take(path, crate::backup::Reason::Migration)?;
    }
    for (index, step) in MIGRATIONS.iter().enumerate().skip(done) {
        step(&tx)?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
    }
    tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    tx.commit()?;
    checkpoint(conn, path)
}

/// Version 1: the schema, and the reference data (countries with group tags, major categories).
fn migrate_to_1(tx: &rusqlite::Transaction) -> Result<()> {
    tx.execute_batch(include_str!("schema_v1.sql"))?;
    crate::reference::load(tx)
}

/// Version 2: the SCO's partners are tagged `SCO-partner`, no longer `SCO`, so that `SCO` means the
/// member states ("SCO member states / 上合组织成员国"). The 17 partners as of the Tianjin summit
/// (1 Sep 2025; `data/README.md`); the list is frozen here, as a shipped migration never changes.
/// Only rows still tagged `SCO` change: a registry whose user re-tagged a country keeps its tags.
fn migrate_to_2(tx: &rusqlite::Transaction) -> Result<()> {
    const SCO_PARTNERS: [&str; 17] = [
        "AE", "AF", "AM", "AZ", "BH", "EG", "KH", "KW", "LA", "LK", "MM", "MN", "MV", "NP", "QA",
        "SA", "TR",
    ];
    let list = SCO_PARTNERS.map(|c| format!("'{c}'")).join(", ");
    tx.execute_batch(&format!(
        "INSERT OR IGNORE INTO country_group (country, tag) \
           SELECT country, 'SCO-partner' FROM country_group WHERE tag = 'SCO' AND country IN ({list}); \
         DELETE FROM country_group WHERE tag = 'SCO' AND country IN ({list});"
    ))?;
    Ok(())
}

/// Version 3: names as China's Ministry of Foreign Affairs uses them, where CLDR's differ:
/// 中国香港 / Hong Kong SAR, China; 中国澳门 / Macao SAR, China; 中国台湾 / Taiwan, China (regions of
/// China); 巴勒斯坦 / Palestine (`data/README.md`). A name changes only if it is still the one
/// version 1 shipped, so a name the user edited is kept; frozen here, as shipped migrations are.
fn migrate_to_3(tx: &rusqlite::Transaction) -> Result<()> {
    const NAMES: [(&str, &str, &str, &str, &str); 4] = [
        (
            "HK",
            "Hong Kong SAR China",
            "Hong Kong SAR, China",
            "中国香港特别行政区",
            "中国香港",
        ),
        (
            "MO",
            "Macao SAR China",
            "Macao SAR, China",
            "中国澳门特别行政区",
            "中国澳门",
        ),
        ("TW", "Taiwan", "Taiwan, China", "台湾", "中国台湾"),
        (
            "PS",
            "Palestinian Territories",
            "Palestine",
            "巴勒斯坦领土",
            "巴勒斯坦",
        ),
    ];
    let mut en = tx.prepare("UPDATE country SET name_en = ?3 WHERE iso2 = ?1 AND name_en = ?2")?;
    let mut zh = tx.prepare("UPDATE country SET name_zh = ?3 WHERE iso2 = ?1 AND name_zh = ?2")?;
    for (iso2, old_en, new_en, old_zh, new_zh) in NAMES {
        en.execute([iso2, old_en, new_en])?;
        zh.execute([iso2, old_zh, new_zh])?;
    }
    Ok(())
}

/// Version 4: the registry's own settings (`settings.rs`), such as the institution's name that the
/// briefing carries. Kept in the file, so the app and the command line share them.
fn migrate_to_4(tx: &rusqlite::Transaction) -> Result<()> {
    tx.execute_batch(
        "CREATE TABLE setting (
             key   TEXT PRIMARY KEY CHECK (key <> ''),
             value TEXT NOT NULL
         ) WITHOUT ROWID;",
    )?;
    Ok(())
}

/// Version 5: the change history's batches (see [`crate::history`]).
fn migrate_to_5(tx: &rusqlite::Transaction) -> Result<()> {
    Ok(tx.execute_batch(include_str!("schema_v5.sql"))?)
}

/// Version 6: agreements and contacts, the partnership behind each workshop.
fn migrate_to_6(tx: &rusqlite::Transaction) -> Result<()> {
    Ok(tx.execute_batch(include_str!("schema_v6.sql"))?)
}

/// Version 7: the history's per-record rows (kind, key, add/update/delete, old and new cells).
fn migrate_to_7(tx: &rusqlite::Transaction) -> Result<()> {
    Ok(tx.execute_batch(include_str!("schema_v7.sql"))?)
}

/// Version 8: fields of the office's own: their definitions and each workshop's values
/// (`record/custom_field.rs`).
fn migrate_to_8(tx: &rusqlite::Transaction) -> Result<()> {
    Ok(tx.execute_batch(include_str!("schema_v8.sql"))?)
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
        match row {
            Ok(row) if row == "ok" => {}
            Ok(row) => problems.push(row),
            // SQLite lists what it found, then may give up on a page it cannot read at all
            // ("database disk image is malformed"): that is one more finding, not a failure of
            // the check, so the file is still reported as damaged (and a restore offered).
            Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseCorrupt) => {
                problems.push(e.to_string());
                break;
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(problems)
}

/// SQLite's foreign-key check: (table, rowid, table referred to) of each row whose reference is
/// missing.
pub(crate) fn missing_references(conn: &Connection) -> Result<Vec<(String, i64, String)>> {
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get(0)?,
            r.get::<_, Option<i64>>(1)?.unwrap_or(0),
            r.get(2)?,
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Opens `path` read-only, as it is: no creation, no migration, no change of journal mode. For
/// copying a registry ([`crate::backup`]) and for looking at a file before restoring it.
pub(crate) fn open_for_copy(path: &Path) -> Result<Connection> {
    let mut conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| not_a_registry(path, e))?;
    conn.busy_handler(Some(wait_for_lock))?;
    Ok(conn)
}

/// The schema version of the registry open in `conn`, refusing (as [`Error::NotARegistry`] or
/// [`Error::NewerSchema`]) anything that is not a registry this build can open: another program's
/// database, an empty or never-initialised file, or a newer schema.
pub(crate) fn registry_version(conn: &Connection, path: &Path) -> Result<i64> {
    refuse_foreign_or_newer(conn, path)?;
    let app_id: i64 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if app_id != APPLICATION_ID || version < 1 {
        return Err(Error::NotARegistry {
            path: path.to_path_buf(),
            reason: "it holds no registry (an empty or never-initialised file)".into(),
        });
    }
    Ok(version)
}

/// Brings a connection whose file was just replaced (by a restore) back to the settings and
/// schema of [`open`]: WAL, and the migrations the restored file lacks.
pub(crate) fn reprepare(conn: &Connection, path: &Path) -> Result<()> {
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    migrate(conn, path)
}

/// Refuses an existing registry file that is empty or shorter than its header says, before SQLite
/// sees it: SQLite would take an empty file for a new database, and the registry would silently
/// start again with nothing in it.
pub(crate) fn refuse_empty_or_truncated(path: &Path) -> Result<()> {
    use std::io::Read;
    let bytes = match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() => meta.len(),
        // No file: a new registry. Not a file: SQLite's error names it.
        _ => return Ok(()),
    };
    let refuse = |expected| Error::Truncated {
        path: path.to_path_buf(),
        bytes,
        expected,
        newest_backup: crate::backup::list(path)
            .ok()
            .and_then(|list| list.into_iter().next())
            .map(|b| b.path),
    };
    if bytes == 0 {
        return Err(refuse(None));
    }
    // Pages committed but not yet copied into the file are in the `-wal`: the file may then be
    // legitimately shorter, and SQLite brings it up to date itself.
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    if std::fs::metadata(PathBuf::from(wal)).is_ok_and(|m| m.len() > 0) {
        return Ok(());
    }
    let mut header = [0u8; 100];
    let read = std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut header))
        .is_ok();
    if !read || &header[..16] != b"SQLite format 3\0" {
        // Not SQLite at all: refused as not a registry when SQLite reads it.
        return Ok(());
    }
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65_536,
        n => u64::from(n),
    };
    let be32 = |at: usize| {
        u32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]])
    };
    // The header's page count is trustworthy only when its "valid for" counter matches.
    let pages = u64::from(be32(28));
    if be32(24) == be32(92) && pages > 0 && page_size > 0 && bytes < pages * page_size {
        return Err(refuse(Some(pages * page_size)));
    }
    Ok(())
}

/// Moves the registry file (and its `-wal` and `-shm`) aside, to `<file>.set-aside-<UTC time>`,
/// so that a new registry can be started without losing the old bytes. Returns the new name.
pub(crate) fn set_aside(path: &Path) -> Result<PathBuf> {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let mut aside = path.as_os_str().to_owned();
    aside.push(format!(".set-aside-{stamp}"));
    let aside = PathBuf::from(aside);
    for suffix in ["-wal", "-shm", ""] {
        let mut from = path.as_os_str().to_owned();
        from.push(suffix);
        let from = PathBuf::from(from);
        if from.exists() {
            let mut to = aside.as_os_str().to_owned();
            to.push(suffix);
            std::fs::rename(&from, PathBuf::from(to)).map_err(|e| Error::io(&from, e))?;
        }
    }
    Ok(aside)
}

/// `<path><suffix>`: the registry's `-wal` or `-shm` file.
fn side_file(path: &Path, suffix: &str) -> PathBuf {
    let mut side = path.as_os_str().to_owned();
    side.push(suffix);
    PathBuf::from(side)
}

/// A SQLite URI opening `path` as immutable (no locks, no `-shm`): `file:` and the path with
/// `/` separators, `%`, `?` and `#` escaped (Windows drive and UNC paths as SQLite expects them).
fn immutable_uri(path: &Path) -> String {
    uri_of(&path.to_string_lossy(), cfg!(windows))
}

/// [`immutable_uri`] of a path's text; `windows`: `\` separates folders.
fn uri_of(text: &str, windows: bool) -> String {
    let text = if windows {
        text.replace('\\', "/")
    } else {
        text.to_string()
    };
    let mut uri = String::from("file:");
    let bytes = text.as_bytes();
    if text.starts_with('/') {
        uri.push_str("//");
    } else if bytes.len() > 1 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' {
        uri.push_str("///");
    }
    for c in text.chars() {
        match c {
            '%' => uri.push_str("%25"),
            '?' => uri.push_str("%3f"),
            '#' => uri.push_str("%23"),
            c => uri.push(c),
        }
    }
    uri.push_str("?immutable=1");
    uri
}

/// Whether the registry at `path` can be written: a new file can be (its folder is made or the
/// error names it); an existing one when the file opens for writing and its folder takes new
/// files (SQLite keeps its `-wal` and `-shm` there). Nothing is written to either.
fn writable(path: &Path) -> bool {
    if !path.exists() {
        return true;
    }
    let file = std::fs::OpenOptions::new().append(true).open(path).is_ok();
    // An anonymous temporary file, gone when dropped (on Linux it never gets a name).
    let folder = tempfile::tempfile_in(crate::atomic_file::folder_of(path)).is_ok();
    file && folder
}

/// Opens the registry at `path` for reading only (a file or folder that cannot be written, or a
/// front end that asks): every reading command works; writes are refused by [`crate::Registry`]
/// with [`Error::ReadOnly`]. A registry that would need migrating cannot be opened this way.
pub(crate) fn open_read_only(path: &Path) -> Result<Connection> {
    refuse_empty_or_truncated(path)?;
    if !path.exists() {
        return Err(Error::io(
            path,
            std::io::Error::new(std::io::ErrorKind::NotFound, "no registry file here"),
        ));
    }
    let mut conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| not_a_registry(path, e))?;
    conn.busy_handler(Some(wait_for_lock))?;
    let version = match registry_version(&conn, path) {
        // A WAL registry needs its `-shm` beside it, and a read-only folder (a read-only disk,
        // share or mount) cannot take a new one. With no `-wal` either, every committed page is
        // in the file itself and nobody can change it there: read it as immutable.
        Err(Error::Database(e))
            if e.sqlite_error_code() == Some(rusqlite::ErrorCode::CannotOpen)
                && !side_file(path, "-wal").exists() =>
        {
            conn = Connection::open_with_flags(
                immutable_uri(path),
                OpenFlags::SQLITE_OPEN_READ_ONLY
                    | OpenFlags::SQLITE_OPEN_URI
                    | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .map_err(|e| not_a_registry(path, e))?;
            registry_version(&conn, path)?
        }
        other => other?,
    };
    register_functions(&conn)?;
    if version < SCHEMA_VERSION {
        return Err(Error::ReadOnly {
            path: path.to_path_buf(),
        });
    }
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(conn)
}

#[cfg(test)]
mod tests {
    use super::uri_of;

    #[test]
    fn an_immutable_uri_keeps_the_path_and_escapes_what_a_uri_would_read() {
        assert_eq!(
            uri_of("/mnt/share/登记册 #1?.sqlite3", false),
            "file:///mnt/share/登记册 %231%3f.sqlite3?immutable=1"
        );
        assert_eq!(
            uri_of(r"C:\Users\li\100%\r.sqlite3", true),
            "file:///C:/Users/li/100%25/r.sqlite3?immutable=1"
        );
        assert_eq!(
            uri_of(r"\\server\share\r.sqlite3", true),
            "file:////server/share/r.sqlite3?immutable=1"
        );
        assert_eq!(uri_of("r.sqlite3", false), "file:r.sqlite3?immutable=1");
    }
}
