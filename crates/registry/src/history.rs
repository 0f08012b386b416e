//! The change history: one *batch* per write (an import, a form save, a deletion, loading the
//! sample, a restore), with when, by whom (the OS user name), from what, and how many records it
//! added, updated and deleted.
//!
//! Written by the core's write path in the same transaction as the change, so a batch exists
//! exactly when its change was committed. A batch that was preceded by a backup names it, and
//! [`crate::Registry::undo`] undoes the newest batch by restoring that backup.
//!
//! Since schema version 7 a batch also has its records ([`RecordChange`]): which record (kind and
//! key), added, updated or deleted, and its cells before and after. They are found by comparing
//! the kinds a write touches before and after it ([`Tracker`]), through each kind's `export`, so
//! the history knows nothing of any kind's tables and a new kind has history with no code here.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use crate::error::Result;
use crate::record::{self, each_kind, Entity};

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
    /// Whether its records are in the history (schema version 7 on; not for a restore), so it can
    /// be undone record by record.
    pub recorded: bool,
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
        "SELECT id, at, user, source, added, updated, deleted, backup, recorded FROM history_batch ORDER BY id DESC",
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
            recorded: r.get(8)?,
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

/// How the source of a batch that removed a field of the office's own begins
/// (`remove field workshops 经费`).
pub(crate) const REMOVE_FIELD: &str = "remove field ";

/// Whether `batch` removed a field of the office's own with its values: undone by restoring the
/// backup taken before it while it is the newest batch, since its records hold the values but
/// not the field's definition.
pub(crate) fn removes_a_field(batch: &Batch) -> bool {
    batch.source.starts_with(REMOVE_FIELD) && batch.backup.is_some()
}

/// What [`crate::Registry::undo`] did, or (in a dry run) would do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Undo {
    /// The batch undone.
    pub batch: Batch,
    /// The backup restored to undo it, for a batch without records (before schema version 7, a
    /// restore); `None` when it was undone record by record.
    pub restored: Option<std::path::PathBuf>,
    /// Records put back as they were (for an undo by records; 0 otherwise).
    pub records: u64,
    /// Whether this was only a dry run (nothing changed).
    pub dry_run: bool,
}

// ---- per-record history (schema version 7) -----------------------------------------------------

/// What a batch did to one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    /// The record was added.
    Add,
    /// Some of its fields changed.
    Update,
    /// The record was deleted.
    Delete,
}

impl Op {
    fn as_str(self) -> &'static str {
        match self {
            Op::Add => "add",
            Op::Update => "update",
            Op::Delete => "delete",
        }
    }

    fn parse(text: &str) -> Option<Op> {
        [Op::Add, Op::Update, Op::Delete]
            .into_iter()
            .find(|op| op.as_str() == text)
    }
}

/// One record's change, as its kind's CSV cells (see [`crate::record`]'s `export`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Change {
    pub kind: Entity,
    /// The key cells; `None` for every record of the kind (an import into an empty table).
    pub key: Option<Vec<String>>,
    pub op: Op,
    pub old: Option<Vec<String>>,
    pub new: Option<Vec<String>>,
    /// How many records this change stands for (1, or the rows of an import into an empty table).
    pub records: u64,
}

/// The key cells of a record given as all its cells.
fn key_cells(kind: Entity, cells: &[&str]) -> Vec<String> {
    kind.columns()
        .iter()
        .zip(cells)
        .filter(|(c, _)| c.key)
        .map(|(_, v)| (*v).to_string())
        .collect()
}

/// A record's cells as the history keeps them: the kind's own columns by position, then, for each
/// field of the office's own (`own`, the names of the cells after the kind's columns), its name
/// and its value (when it has one). So a record noted before a field was added or removed still
/// says which value was whose, and undo puts each back under its name.
fn kept<'a>(kind: Entity, cells: &[&'a str], own: &'a [String]) -> Vec<&'a str> {
    let n = kind.columns().len().min(cells.len());
    let mut out: Vec<&str> = cells[..n].to_vec();
    // A blank value is left out: adding or removing a field changes no record that has none,
    // and `Cells` reads a field it does not find as blank.
    for (name, value) in own.iter().zip(&cells[n..]).filter(|(_, v)| !v.is_empty()) {
        out.push(name);
        out.push(value);
    }
    out
}

/// The fields of the office's own of `kind`, by name, as a record's kept cells give them.
fn own_pairs(kind: Entity, cells: &[String]) -> impl Iterator<Item = (&str, &str)> {
    cells
        .get(kind.columns().len()..)
        .unwrap_or(&[])
        .chunks_exact(2)
        .map(|p| (p[0].as_str(), p[1].as_str()))
}

fn json<T: Serialize + ?Sized>(value: &T) -> String {
    // Serialising strings and arrays of strings cannot fail.
    serde_json::to_string(value).unwrap_or_default()
}

fn cells_from(text: Option<String>) -> Option<Vec<String>> {
    text.and_then(|t| serde_json::from_str(&t).ok())
}

const BEFORE_TABLE: &str = "CREATE TEMP TABLE IF NOT EXISTS history_before (kind TEXT NOT NULL, key TEXT NOT NULL, cells TEXT NOT NULL)";
const BEFORE_INDEX: &str =
    "CREATE INDEX IF NOT EXISTS temp.history_before_by_key ON history_before(kind, key)";

/// The records of some kinds as they were before a write, to find afterwards, by comparing
/// cells, what the write added, updated and deleted. Kept in a temporary table, not in memory,
/// so a million-row table costs disk pages, not the process's memory; and through each kind's
/// `export`, so a new kind of record needs nothing here.
pub(crate) struct Tracker {
    kinds: Vec<(Entity, bool)>,
    import: bool,
    within: Option<Vec<String>>,
}

/// Each record of `kind` (of the workshops `within` only, for the kinds kept per workshop; see
/// [`record::export_of_workshop`]), as its kind exports it.
fn export_within(
    conn: &Connection,
    kind: Entity,
    within: Option<&[String]>,
    row: &mut dyn FnMut(&[&str]) -> Result<()>,
) -> Result<()> {
    if let Some(codes) = within.filter(|codes| !codes.is_empty()) {
        let mut done = true;
        for code in codes {
            done &= record::export_of_workshop(conn, kind, code, row)?;
        }
        if done {
            return Ok(());
        }
    }
    each_kind!(kind, m => m::export(conn, row))
}

impl Tracker {
    /// Notes the records of `kinds` (inside the write's transaction, before it writes).
    ///
    /// For an `import`, a kind whose table is empty is not copied, and what the import adds to it
    /// is recorded as one change of every record (an import of new rows pays next to nothing);
    /// and since an import only adds and updates, and a kind exports in key order, the records
    /// before and after are compared in one pass, in order, without an index.
    pub fn start(
        conn: &Connection,
        kinds: impl IntoIterator<Item = Entity>,
        import: bool,
    ) -> Result<Tracker> {
        Tracker::start_within(conn, kinds, import, None)
    }

    /// [`Tracker::start`] for a form save or a deletion that can change the enrolment and
    /// training rows of the workshops `within` only (their codes as stored; `None`: of any):
    /// those kinds, the ones that grow to millions of rows, are then noted and compared for these
    /// workshops alone, instead of copied whole twice for one record.
    pub fn start_within(
        conn: &Connection,
        kinds: impl IntoIterator<Item = Entity>,
        import: bool,
        within: Option<Vec<String>>,
    ) -> Result<Tracker> {
        let within = if import { None } else { within };
        let mut list: Vec<Entity> = kinds.into_iter().collect();
        list.sort();
        list.dedup();
        conn.execute(BEFORE_TABLE, [])?;
        conn.execute("DELETE FROM temp.history_before", [])?;
        conn.execute("DROP INDEX IF EXISTS temp.history_before_by_key", [])?;
        if !import {
            conn.execute(BEFORE_INDEX, [])?;
        }
        let mut kinds = Vec::with_capacity(list.len());
        for kind in list {
            let empty = record::is_empty(conn, kind)?;
            if !(empty && import) {
                let mut insert = conn.prepare_cached(
                    "INSERT INTO temp.history_before (kind, key, cells) VALUES (?1, ?2, ?3)",
                )?;
                let own = record::custom_field::names(conn, kind)?;
                export_within(conn, kind, within.as_deref(), &mut |cells: &[&str]| {
                    let cells = kept(kind, cells, &own);
                    insert.execute(params![
                        kind.stem(),
                        json(&key_cells(kind, &cells)),
                        json(&cells)
                    ])?;
                    Ok(())
                })?;
            }
            kinds.push((kind, empty));
        }
        Ok(Tracker {
            kinds,
            import,
            within,
        })
    }

    /// What the write changed in the tracked kinds, in dependency order of the kinds, each to
    /// `sink`. Should the in-order comparison of an import find the records out of order (a kind
    /// whose export is not in key order), `restart` is told to forget what `sink` got of that
    /// kind, and the kind is compared again by key.
    pub fn finish(
        self,
        conn: &Connection,
        sink: &mut dyn FnMut(Change) -> Result<()>,
        restart: &mut dyn FnMut(Entity) -> Result<()>,
    ) -> Result<()> {
        for (kind, empty) in self.kinds {
            if empty && self.import {
                let n = u64::try_from(record::count(conn, kind)?).unwrap_or(0);
                if n > 0 {
                    sink(Change {
                        kind,
                        key: None,
                        op: Op::Add,
                        old: None,
                        new: None,
                        records: n,
                    })?;
                }
                continue;
            }
            if self.import {
                if in_order(conn, kind, sink)? {
                    continue;
                }
                restart(kind)?;
                conn.execute(BEFORE_INDEX, [])?;
            }
            by_key(conn, kind, self.within.as_deref(), sink)?;
        }
        conn.execute("DELETE FROM temp.history_before", [])?;
        conn.execute("DROP INDEX IF EXISTS temp.history_before_by_key", [])?;
        Ok(())
    }

    /// [`Tracker::finish`], writing each change as a record of `batch`; then merges a rename (see
    /// [`merge_renames`]) and marks the batch as recorded.
    pub fn record(self, conn: &Connection, batch: i64) -> Result<()> {
        let mut insert = conn.prepare_cached(
            "INSERT INTO history_record (batch, kind, key, op, old, new, records) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        self.finish(
            conn,
            &mut |c| {
                insert.execute(params![
                    batch,
                    c.kind.stem(),
                    c.key.as_ref().map(json),
                    c.op.as_str(),
                    c.old.as_ref().map(json),
                    c.new.as_ref().map(json),
                    i64::try_from(c.records).unwrap_or(i64::MAX)
                ])?;
                Ok(())
            },
            &mut |kind| {
                conn.execute(
                    "DELETE FROM history_record WHERE batch = ?1 AND kind = ?2",
                    params![batch, kind.stem()],
                )?;
                Ok(())
            },
        )?;
        merge_renames(conn, batch)?;
        conn.execute(
            "UPDATE history_batch SET recorded = 1 WHERE id = ?1",
            [batch],
        )?;
        Ok(())
    }
}

/// Compares the records of `kind` now with those noted before, both in export order, in one
/// pass: a record at the noted one's place with its key is the same record (updated if its cells
/// differ), any other is added. `false` when a noted record was never met (the order was not
/// the key order, or a record went): then nothing is known, and the caller compares by key.
fn in_order(
    conn: &Connection,
    kind: Entity,
    sink: &mut dyn FnMut(Change) -> Result<()>,
) -> Result<bool> {
    let mut before =
        conn.prepare("SELECT key, cells FROM temp.history_before WHERE kind = ?1 ORDER BY rowid")?;
    let mut rows = before.query([kind.stem()])?;
    let next = |rows: &mut rusqlite::Rows| -> Result<Option<(String, String)>> {
        Ok(match rows.next()? {
            Some(r) => Some((r.get(0)?, r.get(1)?)),
            None => None,
        })
    };
    let mut pending = next(&mut rows)?;
    let own = record::custom_field::names(conn, kind)?;
    each_kind!(kind, m => m::export(conn, &mut |cells: &[&str]| {
        let cells = &kept(kind, cells, &own)[..];
        let key = key_cells(kind, cells);
        let key_json = json(&key);
        let now = json(cells);
        let same = pending.as_ref().is_some_and(|(k, _)| *k == key_json);
        let change = if same {
            let old = pending.take().map(|(_, c)| c).unwrap_or_default();
            pending = next(&mut rows)?;
            (old != now).then(|| (Op::Update, cells_from(Some(old))))
        } else {
            Some((Op::Add, None))
        };
        if let Some((op, old)) = change {
            let new = Some(cells.iter().map(|c| (*c).to_string()).collect());
            sink(Change { kind, key: Some(key), op, old, new, records: 1 })?;
        }
        Ok(())
    }))?;
    Ok(pending.is_none())
}

/// Compares the records of `kind` now with those noted before, by key (noted records never met
/// again were deleted).
fn by_key(
    conn: &Connection,
    kind: Entity,
    within: Option<&[String]>,
    sink: &mut dyn FnMut(Change) -> Result<()>,
) -> Result<()> {
    let mut find = conn.prepare_cached(
        "SELECT rowid, cells FROM temp.history_before WHERE kind = ?1 AND key = ?2",
    )?;
    let mut seen = conn.prepare_cached("DELETE FROM temp.history_before WHERE rowid = ?1")?;
    let own = record::custom_field::names(conn, kind)?;
    export_within(conn, kind, within, &mut |cells: &[&str]| {
        let cells = &kept(kind, cells, &own)[..];
        let key = key_cells(kind, cells);
        let key_json = json(&key);
        let before: Option<(i64, String)> = find
            .query_row(params![kind.stem(), key_json], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        let now = json(cells);
        let change = match before {
            None => Some((Op::Add, None)),
            Some((rowid, old)) => {
                seen.execute([rowid])?;
                (old != now).then(|| (Op::Update, cells_from(Some(old))))
            }
        };
        if let Some((op, old)) = change {
            let new = Some(cells.iter().map(|c| (*c).to_string()).collect());
            sink(Change {
                kind,
                key: Some(key),
                op,
                old,
                new,
                records: 1,
            })?;
        }
        Ok(())
    })?;
    let mut gone =
        conn.prepare_cached("SELECT key, cells FROM temp.history_before WHERE kind = ?1")?;
    let rows = gone
        .query_map([kind.stem()], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<(String, String)>>>()?;
    for (key, cells) in rows {
        sink(Change {
            kind,
            key: cells_from(Some(key)),
            op: Op::Delete,
            old: cells_from(Some(cells)),
            new: None,
            records: 1,
        })?;
    }
    Ok(())
}

/// A record whose key changed (a workshop or major given a new code in a form) compares as one
/// deleted and one added record; when a batch of a kind that renames (`Edit::Rename`) holds
/// exactly one of each, they are one update, keyed by the new key, with the code among its
/// changes. Nothing else in one batch deletes and adds records of such a kind.
fn merge_renames(conn: &Connection, batch: i64) -> Result<()> {
    for kind in Entity::ALL {
        if kind.info().edit != record::Edit::Rename {
            continue;
        }
        let ids = |op: &str| -> Result<Vec<(i64, Option<String>)>> {
            let mut stmt = conn.prepare_cached(
                "SELECT id, old FROM history_record WHERE batch = ?1 AND kind = ?2 AND op = ?3 LIMIT 2",
            )?;
            let rows = stmt.query_map(params![batch, kind.stem(), op], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        };
        if let ([(deleted, old)], [(added, _)]) = (&ids("delete")?[..], &ids("add")?[..]) {
            conn.execute(
                "UPDATE history_record SET op = 'update', old = ?2 WHERE id = ?1",
                params![added, old],
            )?;
            conn.execute("DELETE FROM history_record WHERE id = ?1", [deleted])?;
        }
    }
    Ok(())
}

/// One record's change in the history, with its batch (what `luban history` lists).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecordChange {
    /// When its batch was committed (RFC 3339, UTC).
    pub at: String,
    /// Its batch's number.
    pub batch: i64,
    /// What made its batch (`import workshops.csv`).
    pub source: String,
    /// The OS user name of whoever made it.
    pub user: String,
    /// The kind's file stem (`workshops`).
    pub kind: String,
    /// The key: its fields' values joined by spaces (blank ones left out); `None` for every
    /// record of the kind (an import into a table that was empty).
    pub key: Option<String>,
    /// Added, updated or deleted.
    pub op: Op,
    /// For an update, field → `[old, new]` of each field that changed; for an add or a delete,
    /// field → value of the whole record; for every record of a kind, `{"records": N}`.
    pub changes: serde_json::Map<String, serde_json::Value>,
}

/// The history's record changes, newest first; of one kind, and of records with a key field
/// equal to `key` (any letter case: `TH-AYU` finds the workshop and its figures), if given.
pub(crate) fn records(
    conn: &Connection,
    kind: Option<Entity>,
    key: Option<&str>,
) -> Result<Vec<RecordChange>> {
    let mut stmt = conn.prepare(
        "SELECT b.at, b.id, b.source, b.user, r.kind, r.key, r.op, r.old, r.new, r.records \
         FROM history_record r JOIN history_batch b ON b.id = r.batch \
         WHERE ?1 IS NULL OR r.kind = ?1 ORDER BY b.id DESC, r.id",
    )?;
    let rows = stmt.query_map(params![kind.map(Entity::stem)], |r| {
        Ok((
            (r.get::<_, String>(0)?, r.get::<_, i64>(1)?),
            (r.get::<_, String>(2)?, r.get::<_, String>(3)?),
            (r.get::<_, String>(4)?, r.get::<_, Option<String>>(5)?),
            (r.get::<_, String>(6)?, r.get::<_, Option<String>>(7)?),
            (r.get::<_, Option<String>>(8)?, r.get::<_, i64>(9)?),
        ))
    })?;
    let wanted = key.map(|k| k.trim().to_lowercase());
    let mut out = Vec::new();
    for row in rows {
        let ((at, batch), (source, user), (kind, key_text), (op, old), (new, records)) = row?;
        let Some(entity) = Entity::from_name(&kind) else {
            continue;
        };
        let key_cells = cells_from(key_text);
        if let Some(wanted) = &wanted {
            let matches = key_cells
                .as_ref()
                .is_some_and(|k| k.iter().any(|v| v.to_lowercase() == *wanted));
            if !matches {
                continue;
            }
        }
        let op = Op::parse(&op).unwrap_or(Op::Update);
        out.push(RecordChange {
            at,
            batch,
            source,
            user,
            kind,
            key: key_cells.map(|k| join_key(&k)),
            op,
            changes: changes(entity, op, cells_from(old), cells_from(new), records),
        });
    }
    Ok(out)
}

/// Key cells as one line: the non-blank ones joined by spaces (as a deletion's source names them).
pub(crate) fn join_key(cells: &[String]) -> String {
    let parts: Vec<&str> = cells
        .iter()
        .map(String::as_str)
        .filter(|v| !v.is_empty())
        .collect();
    parts.join(" ")
}

/// The `changes` of [`RecordChange`].
fn changes(
    kind: Entity,
    op: Op,
    old: Option<Vec<String>>,
    new: Option<Vec<String>>,
    records: i64,
) -> serde_json::Map<String, serde_json::Value> {
    use serde_json::Value;
    let mut map = serde_json::Map::new();
    let columns = kind.columns();
    match (op, old, new) {
        (Op::Update, Some(old), Some(new)) => {
            for ((c, o), n) in columns.iter().zip(&old).zip(&new) {
                if o != n {
                    map.insert(
                        c.name.to_string(),
                        Value::Array(vec![Value::String(o.clone()), Value::String(n.clone())]),
                    );
                }
            }
            // Fields of the office's own, by name: one added or removed since reads as blank.
            let olds: Vec<(&str, &str)> = own_pairs(kind, &old).collect();
            let news: Vec<(&str, &str)> = own_pairs(kind, &new).collect();
            let value_in = |pairs: &[(&str, &str)], name: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map_or("", |(_, v)| *v)
                    .to_string()
            };
            for name in olds.iter().chain(&news).map(|(n, _)| *n) {
                let (o, n) = (value_in(&olds, name), value_in(&news, name));
                if o != n && !map.contains_key(name) {
                    map.insert(
                        name.to_string(),
                        Value::Array(vec![Value::String(o), Value::String(n)]),
                    );
                }
            }
        }
        (_, Some(cells), None) | (_, None, Some(cells)) => {
            for (name, v) in own_pairs(kind, &cells) {
                map.insert(name.to_string(), Value::String(v.to_string()));
            }
            for (c, v) in columns.iter().zip(cells) {
                map.insert(c.name.to_string(), Value::String(v));
            }
        }
        _ => {
            map.insert("records".to_string(), Value::from(records));
        }
    }
    map
}

/// A record as its cells, readable by field name, so undo writes it back through the kind's own
/// `put`, `edit` and `delete`: the path an import and a form take.
pub(crate) struct Cells<'a> {
    pub kind: Entity,
    pub cells: &'a [String],
}

impl crate::model::Fields for Cells<'_> {
    fn get(&self, field: &str) -> Option<&str> {
        match self.kind.columns().iter().position(|c| c.name == field) {
            Some(i) => self.cells.get(i).map(String::as_str),
            // Any other name is a field of the office's own: kept only when it had a value.
            None => Some(
                own_pairs(self.kind, self.cells)
                    .find(|(name, _)| *name == field)
                    .map_or("", |(_, value)| value),
            ),
        }
    }
}

/// Calls `f` for each change of `batch` to records of `kind` with operation `op`, in the order
/// they were recorded; streamed, so a batch of a million records is not held in memory.
pub(crate) fn each_change(
    conn: &Connection,
    batch: i64,
    kind: Entity,
    op: Op,
    f: &mut dyn FnMut(Change) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT key, old, new, records FROM history_record WHERE batch = ?1 AND kind = ?2 AND op = ?3 ORDER BY id",
    )?;
    let mut rows = stmt.query(params![batch, kind.stem(), op.as_str()])?;
    while let Some(r) = rows.next()? {
        let records: i64 = r.get(3)?;
        f(Change {
            kind,
            key: cells_from(r.get(0)?),
            op,
            old: cells_from(r.get(1)?),
            new: cells_from(r.get(2)?),
            records: u64::try_from(records).unwrap_or(0),
        })?;
    }
    Ok(())
}

/// Removes `batch` again when it has no records (a form saved unchanged): a write that changes
/// nothing is no batch.
pub(crate) fn forget_if_empty(conn: &Connection, batch: i64) -> Result<()> {
    conn.execute(
        "DELETE FROM history_batch WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM history_record WHERE batch = ?1)",
        [batch],
    )?;
    Ok(())
}

/// How many records of each kind `batch` changed.
pub(crate) fn records_by_kind(conn: &Connection, batch: i64) -> Result<Vec<(String, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT kind, sum(records) FROM history_record WHERE batch = ?1 GROUP BY kind ORDER BY kind",
    )?;
    let rows = stmt.query_map([batch], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The first batch after `batch` that changed one of its records (the same kind and key, or
/// every record of the kind), or that has no records to tell (a restore): undoing `batch` would
/// overwrite what that batch did.
pub(crate) fn first_conflict(conn: &Connection, batch: i64) -> Result<Option<(i64, String)>> {
    Ok(conn
        .prepare_cached(
            "SELECT b.id, b.source FROM history_batch b WHERE b.id > ?1 AND (b.recorded = 0 OR EXISTS ( \
               SELECT 1 FROM history_record l JOIN history_record t \
                 ON t.batch = ?1 AND t.kind = l.kind AND (t.key IS NULL OR l.key IS NULL OR t.key = l.key) \
               WHERE l.batch = b.id)) ORDER BY b.id LIMIT 1",
        )?
        .query_row([batch], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// A record an import would update, with each field that changes (what a dry run shows before
/// anything is written, so a file whose Chinese turned into `?` is seen at a glance).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Update {
    /// The kind's file stem (`workshops`).
    pub kind: String,
    /// The key: its fields' non-blank values joined by spaces.
    pub key: String,
    /// Field → `[old, new]` of each field that changes.
    pub changes: serde_json::Map<String, serde_json::Value>,
}

impl Update {
    /// The update of `change`, if it is one.
    pub(crate) fn of(change: Change) -> Option<Update> {
        if change.op != Op::Update {
            return None;
        }
        Some(Update {
            kind: change.kind.stem().to_string(),
            key: join_key(change.key.as_deref().unwrap_or(&[])),
            changes: changes(change.kind, Op::Update, change.old, change.new, 1),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The in-order comparison of an import falls back to comparing by key when the records
    /// noted before are not in export order (here: noted in reverse), and says so to `restart`.
    #[test]
    fn an_import_compared_out_of_order_is_compared_again_by_key() -> Result<()> {
        let dir = tempfile::tempdir().map_err(|e| crate::Error::io("tempdir", e))?;
        let conn = crate::store::open(&dir.path().join("r.sqlite3"))?;
        conn.execute(
            "INSERT INTO workshop (code, name_en, country, host_institution, chinese_institution, opened_year, status) \
             VALUES ('AA-ONE', 'One', 'TH', 'Host', 'Tianjin', 2016, 'active'), ('BB-TWO', 'Two', 'TH', 'Host', 'Tianjin', 2016, 'active')",
            [],
        )?;
        let tracker = Tracker::start(&conn, [Entity::Workshops], true)?;
        conn.execute_batch(
            "CREATE TEMP TABLE flipped AS SELECT * FROM history_before ORDER BY rowid DESC; \
             DELETE FROM history_before; INSERT INTO history_before SELECT * FROM flipped;",
        )?;
        conn.execute(
            "UPDATE workshop SET name_en = 'Two (renamed)' WHERE code = 'BB-TWO'",
            [],
        )?;
        let changes = std::cell::RefCell::new(Vec::new());
        let mut restarts = 0;
        tracker.finish(
            &conn,
            &mut |c| {
                changes.borrow_mut().push((c.op, c.key));
                Ok(())
            },
            &mut |_| {
                restarts += 1;
                changes.borrow_mut().clear();
                Ok(())
            },
        )?;
        assert_eq!(restarts, 1);
        assert_eq!(
            changes.into_inner(),
            vec![(Op::Update, Some(vec!["BB-TWO".to_string()]))]
        );
        Ok(())
    }
}
