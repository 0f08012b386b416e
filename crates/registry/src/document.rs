//! Signed documents of an agreement (the scanned MOU, the Word file): copies kept in the registry's
//! document store, a folder beside the registry file (`registry.sqlite3.documents/`), each named
//! by the SHA-256 of its bytes, so a file attached twice (or to two agreements) is stored once and
//! a backup copies an unchanged one never again. The `document` table holds, per agreement, the
//! original name, the hash, the size and when it was attached.
//!
//! Only `Registry` calls these functions, inside its transactions; a stored file is written (atomically)
//! before its row, and removed only after the last row naming its hash is gone.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::{DocumentFault, Error, Result};

/// The kinds of file accepted as a signed document (by extension, any letter case): PDF, images,
/// Word and OpenDocument text.
pub const ACCEPTED: &[&str] = &[
    "pdf", "png", "jpg", "jpeg", "gif", "webp", "tif", "tiff", "heic", "doc", "docx", "odt", "rtf",
];

/// A document attached to an agreement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Document {
    /// The agreement's code.
    pub agreement: String,
    /// The file's original name (`MOU signed.pdf`).
    pub name: String,
    /// Its size in bytes.
    pub size: u64,
    /// The SHA-256 of its bytes, in lower-case hex: its name in the store.
    pub sha256: String,
    /// When it was attached (UTC, to the second).
    pub attached_at: DateTime<Utc>,
}

/// The document store of the registry at `registry`.
pub fn store_of(registry: &Path) -> PathBuf {
    let mut name = registry
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_else(|| "registry".into());
    name.push(".documents");
    registry.with_file_name(name)
}

/// The document store shared by the backups of the registry at `registry`
/// (`backups/documents/`), keyed by hash like the registry's own: a backup names documents by
/// hash, and an unchanged document is copied there once, however many backups name it.
pub fn backup_store_of(registry: &Path) -> PathBuf {
    crate::backup::folder(registry).join("documents")
}

/// Copies the stored file `hash` from the store `from` into the store `to` unless `to` has it.
/// A copy, not a hard link: links are not portable to every file system (FAT, network shares),
/// and a link would share damage. A file whose bytes no longer match its hash is not copied.
pub(crate) fn copy_one(from: &Path, to: &Path, hash: &str) -> Result<bool> {
    let target = stored_file(to, hash)?;
    let source = stored_file(from, hash)?;
    if target.exists() || !source.is_file() {
        return Ok(false);
    }
    let bytes = std::fs::read(&source).map_err(|e| Error::io(&source, e))?;
    if hex(&Sha256::digest(&bytes)) != hash {
        return Ok(false);
    }
    std::fs::create_dir_all(to).map_err(|e| Error::io(to, e))?;
    crate::atomic_file::write_bytes(&target, &bytes)?;
    Ok(true)
}

/// Copies into the store `to` every stored file of the store `from` that `to` lacks (what a
/// backup adds to the backups' store); returns how many were copied.
pub(crate) fn copy_missing(from: &Path, to: &Path) -> Result<u64> {
    let entries = match std::fs::read_dir(from) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(Error::io(from, e)),
    };
    let mut copied = 0;
    for entry in entries {
        let name = entry
            .map_err(|e| Error::io(from, e))?
            .file_name()
            .to_string_lossy()
            .into_owned();
        if is_hash(&name) && copy_one(from, to, &name)? {
            copied += 1;
        }
    }
    Ok(copied)
}

/// Brings back into `store` every file the registry's documents name that it lacks, from the
/// store `from` (the backups' store, after a restore); returns how many were brought back.
pub(crate) fn bring_back(conn: &Connection, store: &Path, from: &Path) -> Result<u64> {
    let hashes: Vec<String> = conn
        .prepare("SELECT DISTINCT sha256 FROM document")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut brought = 0;
    for hash in hashes.iter().filter(|h| is_hash(h)) {
        if copy_one(from, store, hash)? {
            brought += 1;
        }
    }
    Ok(brought)
}

/// Whether `name` can be a document's name: a plain file name (no folder, not hidden) of an
/// accepted kind.
fn check_name(agreement: &str, name: &str) -> Result<()> {
    let fault = if name.is_empty()
        || name.starts_with('.')
        || name.contains(['/', '\\', '\0'])
        || name.chars().any(char::is_control)
    {
        Some(DocumentFault::BadName)
    } else {
        let extension = Path::new(name)
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        (!extension.is_some_and(|e| ACCEPTED.contains(&e.as_str())))
            .then_some(DocumentFault::NotAcceptedType)
    };
    match fault {
        Some(fault) => Err(Error::Document {
            agreement: agreement.to_string(),
            name: name.to_string(),
            fault,
        }),
        None => Ok(()),
    }
}

fn agreement_id(conn: &Connection, code: &str) -> Result<i64> {
    crate::record::agreement::id(conn, code)?.ok_or_else(|| Error::NotFound {
        entity: crate::Entity::Agreements,
        key: code.to_string(),
    })
}

/// Whether `hash` is a SHA-256 in lower-case hex (what the store's file names are; anything else,
/// from a file edited by hand, must not become a path).
fn is_hash(hash: &str) -> bool {
    hash.len() == 64
        && hash
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn stored_file(store: &Path, hash: &str) -> Result<PathBuf> {
    if is_hash(hash) {
        Ok(store.join(hash))
    } else {
        Err(Error::NotARegistry {
            path: store.to_path_buf(),
            reason: format!("a document's hash {hash:?} is not a SHA-256"),
        })
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Copies `bytes` into the store under their hash unless a file of that hash is there already.
fn store_bytes(store: &Path, bytes: &[u8]) -> Result<String> {
    let hash = hex(&Sha256::digest(bytes));
    let target = store.join(&hash);
    if !target.exists() {
        std::fs::create_dir_all(store).map_err(|e| Error::io(store, e))?;
        crate::atomic_file::write_bytes(&target, bytes)?;
    }
    Ok(hash)
}

/// Attaches `bytes` named `name` to the agreement `code`, as attached at `at`; refused when the
/// agreement already has a document of that name (detach it first, or rename the file).
pub(crate) fn attach(
    conn: &Connection,
    store: &Path,
    code: &str,
    name: &str,
    bytes: &[u8],
    at: DateTime<Utc>,
) -> Result<Document> {
    let code = crate::model::fields::clean(code).to_ascii_uppercase();
    let id = agreement_id(conn, &code)?;
    check_name(&code, name)?;
    let taken: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM document WHERE agreement_id = ?1 AND name = ?2)",
        params![id, name],
        |r| r.get(0),
    )?;
    if taken {
        return Err(Error::Document {
            agreement: code,
            name: name.to_string(),
            fault: DocumentFault::NameTaken,
        });
    }
    let hash = store_bytes(store, bytes)?;
    let at = at.with_timezone(&Utc);
    let at = DateTime::from_timestamp(at.timestamp(), 0).unwrap_or(at);
    conn.execute(
        "INSERT INTO document (agreement_id, name, sha256, size, attached_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, name, hash, bytes.len() as i64, at.format("%Y-%m-%dT%H:%M:%SZ").to_string()],
    )?;
    Ok(Document {
        agreement: code,
        name: name.to_string(),
        size: bytes.len() as u64,
        sha256: hash,
        attached_at: at,
    })
}

fn from_row(r: &rusqlite::Row) -> rusqlite::Result<Document> {
    let at: String = r.get(4)?;
    let size: i64 = r.get(2)?;
    Ok(Document {
        agreement: r.get(0)?,
        name: r.get(1)?,
        size: u64::try_from(size).unwrap_or(0),
        sha256: r.get(3)?,
        attached_at: DateTime::parse_from_rfc3339(&at)
            .map(|d| d.with_timezone(&Utc))
            .map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(
                    4,
                    rusqlite::types::Type::Text,
                    Box::new(e),
                )
            })?,
    })
}

/// The documents of one agreement (or of all, when `None`), by agreement then name.
pub(crate) fn list(conn: &Connection, code: Option<&str>) -> Result<Vec<Document>> {
    let code = code.map(|c| crate::model::fields::clean(c).to_ascii_uppercase());
    if let Some(code) = &code {
        agreement_id(conn, code)?;
    }
    let mut stmt = conn.prepare(
        "SELECT a.code, d.name, d.size, d.sha256, d.attached_at FROM document d JOIN agreement a ON a.id = d.agreement_id \
         WHERE ?1 IS NULL OR a.code = ?1 ORDER BY a.code, d.name",
    )?;
    let rows = stmt.query_map([code], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Detaches the document `name` of agreement `code`; returns its hash, and whether no other
/// document uses that hash any more (then the caller removes the stored file after commit).
pub(crate) fn detach(conn: &Connection, code: &str, name: &str) -> Result<(String, bool)> {
    let code = crate::model::fields::clean(code).to_ascii_uppercase();
    let id = agreement_id(conn, &code)?;
    let hash: Option<String> = conn
        .query_row(
            "SELECT sha256 FROM document WHERE agreement_id = ?1 AND name = ?2",
            params![id, name],
            |r| r.get(0),
        )
        .optional()?;
    let Some(hash) = hash else {
        return Err(Error::Document {
            agreement: code,
            name: name.to_string(),
            fault: DocumentFault::NotAttached,
        });
    };
    conn.execute(
        "DELETE FROM document WHERE agreement_id = ?1 AND name = ?2",
        params![id, name],
    )?;
    let still_used: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM document WHERE sha256 = ?1)",
        [&hash],
        |r| r.get(0),
    )?;
    Ok((hash, !still_used))
}

/// Writes every document under `dir/documents/AGREEMENT/NAME`, each file's modification time set
/// to when it was attached, so `import-all` gives it back the same time.
pub(crate) fn export(conn: &Connection, store: &Path, dir: &Path) -> Result<u64> {
    let mut written = 0;
    for d in list(conn, None)? {
        check_name(&d.agreement, &d.name)?;
        let folder = dir.join("documents").join(&d.agreement);
        std::fs::create_dir_all(&folder).map_err(|e| Error::io(&folder, e))?;
        let source = stored_file(store, &d.sha256)?;
        let bytes = std::fs::read(&source).map_err(|e| Error::io(&source, e))?;
        let target = folder.join(&d.name);
        crate::atomic_file::write_bytes(&target, &bytes)?;
        let file = std::fs::File::options()
            .write(true)
            .open(&target)
            .map_err(|e| Error::io(&target, e))?;
        file.set_modified(d.attached_at.into())
            .map_err(|e| Error::io(&target, e))?;
        written += 1;
    }
    Ok(written)
}

/// Attaches every file under `dir/documents/AGREEMENT/` to that agreement (inside the caller's
/// transaction, after the CSV files), as attached when the file was last modified; a document the
/// agreement already has under that name and content is left as it is. A file that cannot be
/// attached (no such agreement, not an accepted kind, a name taken by other content) is a problem
/// at `documents/AGREEMENT/NAME`, and every one is listed. In a dry run nothing is copied into
/// the store.
pub(crate) fn import(
    conn: &Connection,
    store: &Path,
    dir: &Path,
    dry_run: bool,
    problems: &mut Vec<crate::error::Problem>,
) -> Result<u64> {
    use crate::error::{Problem, ProblemKind};
    let root = dir.join("documents");
    if !root.is_dir() {
        return Ok(0);
    }
    let entries = |path: &Path| -> Result<Vec<std::fs::DirEntry>> {
        let mut list: Vec<_> = std::fs::read_dir(path)
            .map_err(|e| Error::io(path, e))?
            .collect::<std::io::Result<_>>()
            .map_err(|e| Error::io(path, e))?;
        list.sort_by_key(|e| e.file_name());
        Ok(list)
    };
    let mut added = 0;
    for folder in entries(&root)?.into_iter().filter(|e| e.path().is_dir()) {
        let code = folder.file_name().to_string_lossy().to_ascii_uppercase();
        let known = crate::record::agreement::id(conn, &code)?.is_some();
        for file in entries(&folder.path())?
            .into_iter()
            .filter(|e| e.path().is_file())
        {
            let path = file.path();
            let name = file.file_name().to_string_lossy().to_string();
            let place = format!("documents/{code}/{name}");
            let problem = |kind| Problem {
                value: Some(name.clone()),
                ..Problem::in_file(&place, 0, Some(&code), kind)
            };
            if !known {
                problems.push(problem(ProblemKind::Document(
                    DocumentFault::NoSuchAgreement,
                )));
                continue;
            }
            let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
            let modified = file
                .metadata()
                .and_then(|m| m.modified())
                .map_err(|e| Error::io(&path, e))?;
            let hash = hex(&Sha256::digest(&bytes));
            let same: bool = conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM document d JOIN agreement a ON a.id = d.agreement_id WHERE a.code = ?1 AND d.name = ?2 AND d.sha256 = ?3)",
                params![code, name, hash],
                |r| r.get(0),
            )?;
            if same {
                continue;
            }
            if let Err(Error::Document { fault, .. }) = check_name(&code, &name) {
                problems.push(problem(ProblemKind::Document(fault)));
                continue;
            }
            if dry_run {
                added += 1;
                continue;
            }
            match attach(conn, store, &code, &name, &bytes, modified.into()) {
                Ok(_) => added += 1,
                Err(Error::Document { fault, .. }) => {
                    problems.push(problem(ProblemKind::Document(fault)))
                }
                Err(e) => return Err(e),
            }
        }
    }
    Ok(added)
}

/// Removes a stored file no document names any more (after the transaction that detached it has
/// committed). A file already gone is not an error.
pub(crate) fn forget(store: &Path, hash: &str) -> Result<()> {
    let path = stored_file(store, hash)?;
    match std::fs::remove_file(&path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io(&path, e)),
    }
}

/// Removes the stored files no document names any more (after a deletion that took documents
/// with it has committed). Files that are not store files are left alone.
pub(crate) fn sweep(conn: &Connection, store: &Path) -> Result<()> {
    let entries = match std::fs::read_dir(store) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io(store, e)),
    };
    let mut used = conn.prepare("SELECT EXISTS (SELECT 1 FROM document WHERE sha256 = ?1)")?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(store, e))?;
        let name = entry.file_name().to_string_lossy().to_string();
        if is_hash(&name) && !used.query_row([&name], |r| r.get::<_, bool>(0))? {
            forget(store, &name)?;
        }
    }
    Ok(())
}

/// How many documents the agreements matching `sql` (selecting agreement ids, one parameter)
/// have: what a deletion takes with it.
pub(crate) fn count_for(conn: &Connection, agreements_sql: &str, id: i64) -> Result<u64> {
    let sql = format!("SELECT count(*) FROM document WHERE agreement_id IN ({agreements_sql})");
    Ok(crate::record::count_where(conn, &sql, [id])? as u64)
}

/// A copy of the document `name` of agreement `code` under its own name, in a folder of the
/// system's temporary folder, for the system viewer (the store names files by hash, without the
/// extension a viewer needs). The copy is rewritten each time, so it is never stale.
pub(crate) fn copy_for_viewing(
    conn: &Connection,
    store: &Path,
    code: &str,
    name: &str,
) -> Result<PathBuf> {
    let code = crate::model::fields::clean(code).to_ascii_uppercase();
    let found = list(conn, Some(&code))?
        .into_iter()
        .find(|d| d.name == name);
    let Some(d) = found else {
        return Err(Error::Document {
            agreement: code,
            name: name.to_string(),
            fault: DocumentFault::NotAttached,
        });
    };
    check_name(&d.agreement, &d.name)?;
    let source = stored_file(store, &d.sha256)?;
    let bytes = std::fs::read(&source).map_err(|e| Error::io(&source, e))?;
    let folder = std::env::temp_dir().join("luban-documents").join(&d.sha256);
    std::fs::create_dir_all(&folder).map_err(|e| Error::io(&folder, e))?;
    let target = folder.join(&d.name);
    crate::atomic_file::write_bytes(&target, &bytes)?;
    Ok(target)
}

/// The documents whose stored copy is not in the store (for `check`).
pub(crate) fn missing(conn: &Connection, store: &Path) -> Result<Vec<crate::check::Finding>> {
    Ok(list(conn, None)?
        .into_iter()
        .filter(|d| !stored_file(store, &d.sha256).is_ok_and(|p| p.is_file()))
        .map(|d| crate::check::Finding::DocumentMissing {
            agreement: d.agreement,
            name: d.name,
        })
        .collect())
}
