//! The majors a workshop teaches: `workshop_majors.csv`, the `workshop_major` table (a link between
//! a workshop and a major, keyed by both).

use std::collections::HashSet;

use rusqlite::{params, Connection};

use super::{count_where, key, key_field, not_found, Edit, Entity, Impact, Info};
use crate::error::{Error, Result};
use crate::model::Fields;
use crate::write::{Check, Outcome, PutResult, Writer};

pub(crate) const INFO: Info = Info {
    stem: "workshop_majors",
    table: "workshop_major",
    name: "workshop major",
    one: "workshop major",
    many: "workshop majors",
    zh: "工坊专业",
    columns: &[
        key("workshop", "工坊", "Workshop"),
        key("major", "专业", "Major"),
    ],
    edit: Edit::Row { field: "major" },
};

/// A major taught at a workshop.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct WorkshopMajor {
    /// Workshop code.
    pub workshop: String,
    /// Major code.
    pub major: String,
}

/// Every (workshop id, major id) link, for a batch's lookups.
pub(crate) fn lookup(conn: &Connection) -> rusqlite::Result<HashSet<(i64, i64)>> {
    let mut set = HashSet::new();
    let mut stmt = conn.prepare("SELECT workshop_id, major_id FROM workshop_major")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        set.insert((r.get(0)?, r.get(1)?));
    }
    Ok(set)
}

/// Calls `each` for every link, by workshop code then major code.
pub(crate) fn each(
    conn: &Connection,
    mut each: impl FnMut(WorkshopMajor) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare("SELECT w.code, m.code FROM workshop_major wm JOIN workshop w ON w.id = wm.workshop_id JOIN major m ON m.id = wm.major_id ORDER BY w.code, m.code")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        each(WorkshopMajor {
            workshop: r.get(0)?,
            major: r.get(1)?,
        })?;
    }
    Ok(())
}

pub(crate) fn put(w: &mut Writer, f: &dyn Fields, line: u64) -> PutResult {
    let workshop = w.resolve_workshop("workshop", f.get("workshop").unwrap_or(""))?;
    let major = w.resolve_major("major", f.get("major").unwrap_or(""))?;
    let ((workshop_id, _), (major_id, major_code)) = Check::default().finish((workshop, major))?;
    if let Some(earlier) = w.repeat_of_key(format!("link:{workshop_id}:{major_id}"), line) {
        return Err(crate::write::repeated("major", &major_code, earlier).into());
    }
    if w.has_link(workshop_id, major_id)? {
        return Ok(Outcome::Unchanged.into());
    }
    w.conn
        .prepare_cached("INSERT INTO workshop_major (workshop_id, major_id) VALUES (?1, ?2)")?
        .execute(params![workshop_id, major_id])?;
    w.linked(workshop_id, major_id);
    Ok(Outcome::Added.into())
}

pub(crate) fn export(conn: &Connection, row: &mut dyn FnMut(&[&str]) -> Result<()>) -> Result<()> {
    each(conn, |l| row(&[&l.workshop, &l.major]))
}

fn ids(conn: &Connection, key: &dyn Fields) -> Result<(i64, i64)> {
    let missing = || not_found(Entity::WorkshopMajors, key);
    let w = super::workshop::id(conn, key_field(key, "workshop"))?.ok_or_else(missing)?;
    let m = super::major::id(conn, key_field(key, "major"))?.ok_or_else(missing)?;
    Ok((w, m))
}

/// A link with enrolments by that major cannot be deleted; otherwise nothing goes with it.
pub(crate) fn impact(conn: &Connection, key: &dyn Fields) -> Result<Impact> {
    let (w, m) = ids(conn, key)?;
    let linked = "SELECT count(*) FROM workshop_major WHERE workshop_id = ?1 AND major_id = ?2";
    if count_where(conn, linked, [w, m])? == 0 {
        return Err(not_found(Entity::WorkshopMajors, key));
    }
    let n = count_where(
        conn,
        "SELECT count(*) FROM enrolment WHERE workshop_id = ?1 AND major_id = ?2",
        [w, m],
    )?;
    if n > 0 {
        return Err(Error::InUse {
            entity: Entity::WorkshopMajors,
            key: format!(
                "{} {}",
                key_field(key, "workshop").to_ascii_uppercase(),
                key_field(key, "major").to_ascii_uppercase()
            ),
            count: n,
            users: Entity::Enrolments,
        });
    }
    Ok(Impact::default())
}

pub(crate) fn delete(conn: &Connection, key: &dyn Fields) -> Result<usize> {
    let (w, m) = ids(conn, key)?;
    Ok(conn.execute(
        "DELETE FROM workshop_major WHERE workshop_id = ?1 AND major_id = ?2",
        [w, m],
    )?)
}

/// A link has no fields besides its key: a form only adds links, so the original stays (deleting
/// one is an explicit delete, which checks what would go with it).
pub(crate) fn edit(_conn: &Connection, _original: &dyn Fields, _fields: &dyn Fields) -> Result<()> {
    Ok(())
}

/// No rule about these records depends on today's date.
pub(crate) fn check(_conn: &Connection) -> Result<Vec<crate::check::Finding>> {
    Ok(Vec::new())
}
