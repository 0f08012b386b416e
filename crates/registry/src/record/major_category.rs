//! Major categories (专业大类) of the 2021 vocational major catalogue: `major_categories.csv`,
//! the `major_category` table. A new registry starts with all 19 (codes 41–59).

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use super::{count_where, key, key_field, not_found, req, Edit, Entity, Impact, Info};
use crate::error::{Error, FieldError, ProblemKind, Result};
use crate::model::fields::{self, clean};
use crate::model::Fields;
use crate::write::{Check, Outcome, PutResult, Writer};

/// The codes of the catalogue's categories.
pub const CODES: std::ops::RangeInclusive<i64> = 41..=59;

pub(crate) const INFO: Info = Info {
    stem: "major_categories",
    table: "major_category",
    name: "major category",
    one: "major category",
    many: "major categories",
    zh: "专业大类",
    columns: &[
        key("code", "编号", "Code"),
        req("name_en", "英文名称", "English name"),
        req("name_zh", "中文名称", "Chinese name"),
    ],
    edit: Edit::Upsert,
};

/// A major category (专业大类) of the 2021 vocational major catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MajorCategory {
    /// 41–59.
    pub code: i64,
    /// English name.
    pub name_en: String,
    /// Chinese name.
    pub name_zh: String,
}

/// A major category with the number of majors in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CategoryRow {
    /// 41–59.
    pub code: i64,
    /// English name.
    pub name_en: String,
    /// Chinese name.
    pub name_zh: String,
    /// How many majors belong to it.
    pub majors: i64,
}

fn from_row(r: &Row) -> rusqlite::Result<MajorCategory> {
    Ok(MajorCategory {
        code: r.get(0)?,
        name_en: r.get(1)?,
        name_zh: r.get(2)?,
    })
}

const SELECT: &str = "SELECT code, name_en, name_zh FROM major_category";

/// The category with this code.
pub(crate) fn get(conn: &Connection, code: i64) -> rusqlite::Result<Option<MajorCategory>> {
    conn.prepare_cached(&format!("{SELECT} WHERE code = ?1"))?
        .query_row([code], from_row)
        .optional()
}

/// Every category, by code.
pub(crate) fn all(conn: &Connection) -> rusqlite::Result<Vec<MajorCategory>> {
    conn.prepare(&format!("{SELECT} ORDER BY code"))?
        .query_map([], from_row)?
        .collect()
}

/// Every category with the number of its majors, by code.
pub(crate) fn list(conn: &Connection) -> rusqlite::Result<Vec<CategoryRow>> {
    let mut stmt = conn.prepare(
        "SELECT k.code, k.name_en, k.name_zh, (SELECT count(*) FROM major m WHERE m.category = k.code) FROM major_category k ORDER BY k.code",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(CategoryRow {
            code: r.get(0)?,
            name_en: r.get(1)?,
            name_zh: r.get(2)?,
            majors: r.get(3)?,
        })
    })?;
    rows.collect()
}

/// Every way a file may name a category (code, names in lower case) → its code.
pub(crate) fn lookup(conn: &Connection) -> rusqlite::Result<HashMap<String, i64>> {
    let mut map = HashMap::new();
    let mut stmt = conn.prepare(SELECT)?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let code: i64 = r.get(0)?;
        map.insert(code.to_string(), code);
        map.insert(fields::key(&r.get::<_, String>(1)?), code);
        map.insert(fields::key(&r.get::<_, String>(2)?), code);
    }
    Ok(map)
}

pub(crate) fn put(w: &mut Writer, f: &dyn Fields, line: u64) -> PutResult {
    let v = |k| f.get(k).unwrap_or("");
    let raw = clean(v("code"));
    let code = match raw.parse::<i64>() {
        Ok(n) if CODES.contains(&n) => Ok(n),
        _ if raw.is_empty() => Err(fields::required("code", crate::error::Expect::Category)),
        _ => Err(FieldError::new("code", raw, ProblemKind::NotACategory)),
    };
    let name_en = fields::required_text("name_en", v("name_en"));
    let name_zh = fields::required_text("name_zh", v("name_zh"));
    let (code, name_en, name_zh) = Check::default().finish((code, name_en, name_zh))?;
    if let Some(earlier) = w.repeat_of_row(Entity::MajorCategories, code, line)? {
        return Err(crate::write::repeated("code", raw, earlier).into());
    }
    let new = MajorCategory {
        code,
        name_en,
        name_zh,
    };
    let outcome = match get(w.conn, code)? {
        Some(old) if old == new => Outcome::Unchanged,
        Some(_) => {
            w.conn.execute(
                "UPDATE major_category SET name_en = ?2, name_zh = ?3 WHERE code = ?1",
                params![new.code, new.name_en, new.name_zh],
            )?;
            Outcome::Updated
        }
        None => {
            w.conn.execute(
                "INSERT INTO major_category (code, name_en, name_zh) VALUES (?1, ?2, ?3)",
                params![new.code, new.name_en, new.name_zh],
            )?;
            Outcome::Added
        }
    };
    w.changed(Entity::MajorCategories);
    Ok(outcome.into())
}

pub(crate) fn export(conn: &Connection, row: &mut dyn FnMut(&[&str]) -> Result<()>) -> Result<()> {
    for c in all(conn)? {
        row(&[&c.code.to_string(), &c.name_en, &c.name_zh])?;
    }
    Ok(())
}

/// A category with majors cannot be deleted; otherwise nothing goes with it.
pub(crate) fn impact(conn: &Connection, key: &dyn Fields) -> Result<Impact> {
    let code = key_field(key, "code");
    if count_where(
        conn,
        "SELECT count(*) FROM major_category WHERE code = ?1",
        [code],
    )? == 0
    {
        return Err(not_found(Entity::MajorCategories, key));
    }
    let n = count_where(
        conn,
        "SELECT count(*) FROM major WHERE category = ?1",
        [code],
    )?;
    if n > 0 {
        return Err(Error::InUse {
            entity: Entity::MajorCategories,
            key: code.to_string(),
            count: n,
            users: Entity::Majors,
        });
    }
    Ok(Impact::default())
}

pub(crate) fn delete(conn: &Connection, key: &dyn Fields) -> Result<usize> {
    Ok(conn.execute(
        "DELETE FROM major_category WHERE code = ?1",
        [key_field(key, "code")],
    )?)
}

/// A category's code does not change in a form: nothing to do before the upsert.
pub(crate) fn edit(_conn: &Connection, _original: &dyn Fields, _fields: &dyn Fields) -> Result<()> {
    Ok(())
}

/// No rule about these records depends on today's date.
pub(crate) fn check(_conn: &Connection) -> Result<Vec<crate::check::Finding>> {
    Ok(Vec::new())
}
