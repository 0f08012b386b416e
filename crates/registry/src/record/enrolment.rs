//! Degree enrolments: students newly admitted in a year, by workshop, major (or none) and level.
//! `enrolments.csv`, the `enrolment` table; the largest table, so its write path is the hot one.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::{
    key, key_field, not_found, opt_key, order_of, req, stored, Edit, Entity, Impact, Info,
};
use crate::error::{FieldError, ProblemKind, Result, Vocabulary};
use crate::model::fields::{self, clean};
use crate::model::{Fields, Level};
use crate::write::{is_unique_violation, repeated, Check, Outcome, Put, PutResult, Writer};

pub(crate) const INFO: Info = Info {
    stem: "enrolments",
    table: "enrolment",
    name: "enrolment",
    one: "enrolment row",
    many: "enrolment rows",
    zh: "招生记录",
    columns: &[
        key("workshop", "工坊", "Workshop"),
        key("year", "年份", "Year"),
        opt_key("major", "专业", "Major"),
        key("level", "层次", "Level"),
        req("students", "学生人数", "Students"),
    ],
    edit: Edit::Row { field: "year" },
};

/// Students newly admitted to degree programmes in a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrolment {
    /// Workshop code.
    pub workshop: String,
    /// Year of admission.
    pub year: i32,
    /// Major code; none when the figure is not split by major.
    pub major: Option<String>,
    /// Degree level.
    pub level: Level,
    /// Number of students.
    pub students: i64,
}

const FIND: &str = "SELECT id, students FROM enrolment WHERE workshop_id = ?1 AND year = ?2 AND ifnull(major_id, 0) = ?3 AND level = ?4";
const INSERT: &str = "INSERT INTO enrolment (workshop_id, year, major_id, level, students) VALUES (?1, ?2, ?3, ?4, ?5)";
const UPDATE: &str = "UPDATE enrolment SET students = ?2 WHERE id = ?1";

/// Calls `each` for every enrolment (of one workshop, or all), in key order (workshop, year, major
/// with blank first, level as declared); streams, so memory does not grow with the table.
pub(crate) fn each(
    conn: &Connection,
    workshop: Option<&str>,
    mut each: impl FnMut(Enrolment) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare(&format!(
        "SELECT w.code, e.year, m.code, e.level, e.students FROM enrolment e JOIN workshop w ON w.id = e.workshop_id LEFT JOIN major m ON m.id = e.major_id \
         WHERE ?1 IS NULL OR w.code = ?1 ORDER BY w.code, e.year, ifnull(m.code, ''), {}",
        order_of("e.level", Level::ALL, Level::as_str)
    ))?;
    let mut rows = stmt.query(params![workshop])?;
    while let Some(r) = rows.next()? {
        let level: String = r.get(3)?;
        each(Enrolment {
            workshop: r.get(0)?,
            year: r.get(1)?,
            major: r.get(2)?,
            level: stored(3, &level, Level::parse)?,
            students: r.get(4)?,
        })?;
    }
    Ok(())
}

pub(crate) fn put(w: &mut Writer, f: &dyn Fields, line: u64) -> PutResult {
    let mut c = Check::default();
    let v = |k| f.get(k).unwrap_or("");
    let workshop = w.resolve_workshop("workshop", v("workshop"))?;
    let year = fields::year("year", v("year"), w.max_figure_year);
    let major_text = clean(v("major"));
    let major = if major_text.is_empty() {
        Ok(None)
    } else {
        w.resolve_major("major", major_text)?.map(Some)
    };
    let level = fields::vocabulary("level", v("level"), Level::parse, Vocabulary::Level);
    let students = fields::count("students", v("students"));
    if let (Ok((workshop_id, _)), Ok(Some((major_id, major_code)))) = (&workshop, &major) {
        if !w.has_link(*workshop_id, *major_id)? {
            c.push(FieldError::new(
                "major",
                major_text,
                ProblemKind::MajorNotTaught {
                    major: major_code.clone(),
                    workshop: clean(v("workshop")).to_uppercase(),
                },
            ));
        }
    }
    let ((workshop_id, opened_year), major, year, level, students) =
        c.finish((workshop, major, year, level, students))?;
    let major_id = major.map(|(id, _)| id);
    let warning = (year < opened_year).then(|| {
        FieldError::new(
            "year",
            &year.to_string(),
            ProblemKind::BeforeOpening { year, opened_year },
        )
    });
    let key = params![workshop_id, year, major_id.unwrap_or(0), level.as_str()];
    // Into a table that was empty, a row can only exist if this batch wrote it: skip the lookup and
    // let the unique index say so.
    let existing: Option<(i64, i64)> = if w.table_was_empty(Entity::Enrolments)? {
        None
    } else {
        w.hot(FIND)?
            .query_row(key, |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
    };
    let outcome = match existing {
        Some((id, old_students)) => {
            if let Some(earlier) = w.repeat_of_row(Entity::Enrolments, id, line)? {
                return Err(repeated("workshop", clean(v("workshop")), earlier).into());
            }
            if old_students == students {
                Outcome::Unchanged
            } else {
                w.hot(UPDATE)?.execute(params![id, students])?;
                Outcome::Updated
            }
        }
        None => {
            let inserted = w.hot(INSERT)?.execute(params![
                workshop_id,
                year,
                major_id,
                level.as_str(),
                students
            ]);
            match inserted {
                Ok(_) => {
                    let id = w.conn.last_insert_rowid();
                    w.repeat_of_row(Entity::Enrolments, id, line)?;
                    Outcome::Added
                }
                // Only reached on the fast path into an empty table: the key was written earlier in this file.
                Err(e) if is_unique_violation(&e) => {
                    let id: i64 = w.hot(FIND)?.query_row(key, |r| r.get(0))?;
                    let earlier = w.line_of(Entity::Enrolments, id)?.unwrap_or(0);
                    return Err(repeated("workshop", clean(v("workshop")), earlier).into());
                }
                Err(e) => return Err(e.into()),
            }
        }
    };
    Ok(Put { outcome, warning })
}

pub(crate) fn export(conn: &Connection, row: &mut dyn FnMut(&[&str]) -> Result<()>) -> Result<()> {
    export_of(conn, None, row)
}

/// [`export`] of one workshop's rows only (its code as stored), or of all when `None`.
pub(crate) fn export_of(
    conn: &Connection,
    workshop: Option<&str>,
    row: &mut dyn FnMut(&[&str]) -> Result<()>,
) -> Result<()> {
    each(conn, workshop, |e| {
        row(&[
            &e.workshop,
            &e.year.to_string(),
            e.major.as_deref().unwrap_or(""),
            e.level.as_str(),
            &e.students.to_string(),
        ])
    })
}

/// The row id of the enrolment named by its key fields.
fn find(conn: &Connection, key: &dyn Fields) -> Result<i64> {
    let missing = || not_found(Entity::Enrolments, key);
    let workshop = super::workshop::id(conn, key_field(key, "workshop"))?.ok_or_else(missing)?;
    let year: i64 = key_field(key, "year").parse().map_err(|_| missing())?;
    let major = match key_field(key, "major") {
        "" => 0,
        code => super::major::id(conn, code)?.ok_or_else(missing)?,
    };
    let level = Level::parse(key_field(key, "level")).ok_or_else(missing)?;
    conn.prepare_cached(FIND)?
        .query_row(params![workshop, year, major, level.as_str()], |r| r.get(0))
        .optional()?
        .ok_or_else(missing)
}

/// Nothing goes with an enrolment row.
pub(crate) fn impact(conn: &Connection, key: &dyn Fields) -> Result<Impact> {
    find(conn, key)?;
    Ok(Impact::default())
}

pub(crate) fn delete(conn: &Connection, key: &dyn Fields) -> Result<usize> {
    Ok(conn.execute("DELETE FROM enrolment WHERE id = ?1", [find(conn, key)?])?)
}

/// Editing a figure row replaces it: the original goes, the form's row is added.
pub(crate) fn edit(conn: &Connection, original: &dyn Fields, _fields: &dyn Fields) -> Result<()> {
    delete(conn, original).map(|_| ())
}

/// Enrolments for years later than the registry accepts today.
pub(crate) fn check(conn: &Connection) -> Result<Vec<crate::check::Finding>> {
    let max = fields::max_figure_year();
    super::years_after(conn, Entity::Enrolments, "SELECT w.code, e.year FROM enrolment e JOIN workshop w ON w.id = e.workshop_id WHERE e.year > ?1", max)
}
