//! Cooperative majors taught at workshops: `majors.csv`, the `major` table.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use super::{
    count_where, key, key_field, not_found, opt, rename_code, req, Edit, Entity, Impact, Info,
};
use crate::error::{Error, FieldError, ProblemKind, Result};
use crate::model::fields;
use crate::model::Fields;
use crate::write::{Check, Outcome, PutResult, Writer};

pub(crate) const INFO: Info = Info {
    stem: "majors",
    table: "major",
    name: "major",
    one: "major",
    many: "majors",
    zh: "专业",
    columns: &[
        key("code", "编号", "Code"),
        opt("name_en", "英文名称", "English name"),
        opt("name_zh", "中文名称", "Chinese name"),
        req("category", "专业大类", "Category"),
    ],
    edit: Edit::Rename,
};

/// A cooperative major taught at workshops.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Major {
    /// The key (`460301`).
    pub code: String,
    /// English name (at least one name is given).
    pub name_en: Option<String>,
    /// Chinese name.
    pub name_zh: Option<String>,
    /// The category code.
    pub category: i64,
}

/// A major with its category's names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MajorRow {
    /// The major.
    #[serde(flatten)]
    pub major: Major,
    /// The category's English name.
    pub category_en: String,
    /// The category's Chinese name.
    pub category_zh: String,
    /// How many workshops teach it.
    pub workshops: i64,
}

const SELECT: &str = "SELECT id, code, name_en, name_zh, category FROM major";

fn from_row(r: &Row) -> rusqlite::Result<(i64, Major)> {
    Ok((
        r.get(0)?,
        Major {
            code: r.get(1)?,
            name_en: r.get(2)?,
            name_zh: r.get(3)?,
            category: r.get(4)?,
        },
    ))
}

/// The major with this code, with its row id.
pub(crate) fn get(conn: &Connection, code: &str) -> rusqlite::Result<Option<(i64, Major)>> {
    conn.prepare_cached(&format!("{SELECT} WHERE code = ?1"))?
        .query_row([code], from_row)
        .optional()
}

/// Every major, by code.
pub(crate) fn all(conn: &Connection) -> rusqlite::Result<Vec<Major>> {
    conn.prepare(&format!("{SELECT} ORDER BY code"))?
        .query_map([], |r| from_row(r).map(|(_, m)| m))?
        .collect()
}

/// The majors with their categories and workshop counts, by code: all of them, or those taught
/// at the workshop with row id `workshop`.
pub(crate) fn list(conn: &Connection, workshop: Option<i64>) -> rusqlite::Result<Vec<MajorRow>> {
    let mut stmt = conn.prepare(
        "SELECT m.code, m.name_en, m.name_zh, m.category, k.name_en, k.name_zh, \
         (SELECT count(*) FROM workshop_major x WHERE x.major_id = m.id) \
         FROM major m JOIN major_category k ON k.code = m.category \
         WHERE ?1 IS NULL OR EXISTS (SELECT 1 FROM workshop_major wm WHERE wm.major_id = m.id AND wm.workshop_id = ?1) \
         ORDER BY m.code",
    )?;
    let rows = stmt.query_map([workshop], |r| {
        Ok(MajorRow {
            major: Major {
                code: r.get(0)?,
                name_en: r.get(1)?,
                name_zh: r.get(2)?,
                category: r.get(3)?,
            },
            category_en: r.get(4)?,
            category_zh: r.get(5)?,
            workshops: r.get(6)?,
        })
    })?;
    rows.collect()
}

/// The row id of the major with this code.
pub(crate) fn id(conn: &Connection, code: &str) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached("SELECT id FROM major WHERE code = ?1")?
        .query_row([code.to_ascii_uppercase()], |r| r.get(0))
        .optional()
}

/// Every way a file may name a major (its code; a name only one major bears), by
/// [`fields::key`] → its row id and code. A code always wins over a name.
pub(crate) fn lookup(conn: &Connection) -> rusqlite::Result<HashMap<String, (i64, String)>> {
    let (codes, names) = keys(conn)?;
    let mut map: HashMap<String, (i64, String)> = names
        .into_iter()
        .filter_map(|(name, mut bearers)| (bearers.len() == 1).then(|| (name, bearers.remove(0))))
        .collect();
    map.extend(codes);
    Ok(map)
}

/// The names several majors bear, by [`fields::key`] → their codes (sorted): such a name is
/// refused naming them, not read as one of them.
pub(crate) fn shared_names(conn: &Connection) -> rusqlite::Result<HashMap<String, Vec<String>>> {
    let (codes, names) = keys(conn)?;
    Ok(names
        .into_iter()
        .filter(|(name, bearers)| bearers.len() > 1 && !codes.contains_key(name))
        .map(|(name, bearers)| {
            let mut codes: Vec<String> = bearers.into_iter().map(|(_, code)| code).collect();
            codes.sort();
            (name, codes)
        })
        .collect())
}

/// Majors by the key of their code, and by the key of each name with every major bearing it.
#[allow(clippy::type_complexity)]
fn keys(
    conn: &Connection,
) -> rusqlite::Result<(
    HashMap<String, (i64, String)>,
    HashMap<String, Vec<(i64, String)>>,
)> {
    let mut codes = HashMap::new();
    let mut names: HashMap<String, Vec<(i64, String)>> = HashMap::new();
    let mut stmt = conn.prepare(&format!("{SELECT} ORDER BY id"))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let (id, m) = from_row(r)?;
        for name in [&m.name_en, &m.name_zh].into_iter().flatten() {
            let bearers = names.entry(fields::key(name)).or_default();
            if !bearers.iter().any(|(i, _)| *i == id) {
                bearers.push((id, m.code.clone()));
            }
        }
        codes.insert(fields::key(&m.code), (id, m.code));
    }
    Ok((codes, names))
}

pub(crate) fn put(w: &mut Writer, f: &dyn Fields, line: u64) -> PutResult {
    let code = fields::code("code", f.get("code").unwrap_or(""));
    let category = w.resolve_category("category", f.get("category").unwrap_or(""))?;
    let (code, category) = Check::default().finish((code, category))?;
    let old = get(w.conn, &code)?;
    let name = |field: &str, old_value: Option<&Option<String>>| match f.get(field) {
        Some(text) => fields::optional_text(text),
        None => old_value.cloned().flatten(),
    };
    let new = Major {
        name_en: name("name_en", old.as_ref().map(|(_, o)| &o.name_en)),
        name_zh: name("name_zh", old.as_ref().map(|(_, o)| &o.name_zh)),
        code,
        category,
    };
    if new.name_en.is_none() && new.name_zh.is_none() {
        return Err(FieldError::new("name_en", "", ProblemKind::MajorNeedsName).into());
    }
    let outcome = match &old {
        Some((id, o)) => {
            if let Some(earlier) = w.repeat_of_row(Entity::Majors, *id, line)? {
                return Err(crate::write::repeated("code", &new.code, earlier).into());
            }
            if *o == new {
                return Ok(Outcome::Unchanged.into());
            }
            w.conn.execute(
                "UPDATE major SET name_en = ?2, name_zh = ?3, category = ?4 WHERE id = ?1",
                params![id, new.name_en, new.name_zh, new.category],
            )?;
            Outcome::Updated
        }
        None => {
            w.conn.execute(
                "INSERT INTO major (code, name_en, name_zh, category) VALUES (?1, ?2, ?3, ?4)",
                params![new.code, new.name_en, new.name_zh, new.category],
            )?;
            let id = w.conn.last_insert_rowid();
            w.repeat_of_row(Entity::Majors, id, line)?;
            Outcome::Added
        }
    };
    w.changed(Entity::Majors);
    Ok(outcome.into())
}

pub(crate) fn export(conn: &Connection, row: &mut dyn FnMut(&[&str]) -> Result<()>) -> Result<()> {
    for m in all(conn)? {
        row(&[
            &m.code,
            m.name_en.as_deref().unwrap_or(""),
            m.name_zh.as_deref().unwrap_or(""),
            &m.category.to_string(),
        ])?;
    }
    Ok(())
}

/// A major taught at a workshop cannot be deleted; otherwise nothing goes with it.
pub(crate) fn impact(conn: &Connection, key: &dyn Fields) -> Result<Impact> {
    let code = key_field(key, "code").to_ascii_uppercase();
    let id = id(conn, &code)?.ok_or_else(|| not_found(Entity::Majors, key))?;
    let n = count_where(
        conn,
        "SELECT count(*) FROM workshop_major WHERE major_id = ?1",
        [id],
    )?;
    if n > 0 {
        return Err(Error::InUse {
            entity: Entity::Majors,
            key: code,
            count: n,
            users: Entity::Workshops,
        });
    }
    Ok(Impact::default())
}

pub(crate) fn delete(conn: &Connection, key: &dyn Fields) -> Result<usize> {
    Ok(conn.execute(
        "DELETE FROM major WHERE code = ?1",
        [key_field(key, "code").to_ascii_uppercase()],
    )?)
}

/// A form may change a major's code.
pub(crate) fn edit(conn: &Connection, original: &dyn Fields, fields: &dyn Fields) -> Result<()> {
    rename_code(conn, Entity::Majors, original, fields)
}

/// No rule about these records depends on today's date.
pub(crate) fn check(_conn: &Connection) -> Result<Vec<crate::check::Finding>> {
    Ok(Vec::new())
}
