//! Reading records back from the database, by key and in key order.
//!
//! Export, the app's tables and the writer's change detection all read through here, so a record
//! has one stored form.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::model::{
    Country, Enrolment, Level, Major, MajorCategory, Region, Status, Training, TrainingKind,
    Workshop, WorkshopMajor,
};

/// Reads a stored vocabulary value (status, level, …) of column `idx`; an unknown value is a
/// conversion error rather than a panic (a file edited by hand could hold one).
pub(crate) fn vocabulary<T>(
    idx: usize,
    text: &str,
    parse: fn(&str) -> Option<T>,
) -> rusqlite::Result<T> {
    parse(text).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            idx,
            rusqlite::types::Type::Text,
            format!("unknown value {text:?}").into(),
        )
    })
}

fn groups_of(text: Option<String>) -> Vec<String> {
    text.map(|t| t.split(';').map(str::to_string).collect())
        .unwrap_or_default()
}

const COUNTRY: &str = "SELECT c.iso2, c.iso3, c.name_en, c.name_zh, c.region, (SELECT group_concat(tag, ';') FROM (SELECT tag FROM country_group g WHERE g.country = c.iso2 ORDER BY tag)) FROM country c";

fn country_row(r: &Row) -> rusqlite::Result<Country> {
    let region: Option<String> = r.get(4)?;
    Ok(Country {
        iso2: r.get(0)?,
        iso3: r.get(1)?,
        name_en: r.get(2)?,
        name_zh: r.get(3)?,
        region: region
            .map(|t| vocabulary(4, &t, Region::parse))
            .transpose()?,
        groups: groups_of(r.get(5)?),
    })
}

/// The country with this ISO2 code.
pub fn country(conn: &Connection, iso2: &str) -> rusqlite::Result<Option<Country>> {
    conn.prepare_cached(&format!("{COUNTRY} WHERE c.iso2 = ?1"))?
        .query_row([iso2], country_row)
        .optional()
}

/// Every country, by ISO2 code.
pub fn countries(conn: &Connection) -> rusqlite::Result<Vec<Country>> {
    conn.prepare(&format!("{COUNTRY} ORDER BY c.iso2"))?
        .query_map([], country_row)?
        .collect()
}

fn category_row(r: &Row) -> rusqlite::Result<MajorCategory> {
    Ok(MajorCategory {
        code: r.get(0)?,
        name_en: r.get(1)?,
        name_zh: r.get(2)?,
    })
}

/// The major category with this code.
pub fn major_category(conn: &Connection, code: i64) -> rusqlite::Result<Option<MajorCategory>> {
    conn.query_row(
        "SELECT code, name_en, name_zh FROM major_category WHERE code = ?1",
        [code],
        category_row,
    )
    .optional()
}

/// Every major category, by code.
pub fn major_categories(conn: &Connection) -> rusqlite::Result<Vec<MajorCategory>> {
    conn.prepare("SELECT code, name_en, name_zh FROM major_category ORDER BY code")?
        .query_map([], category_row)?
        .collect()
}

fn major_row(r: &Row) -> rusqlite::Result<(i64, Major)> {
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
pub fn major(conn: &Connection, code: &str) -> rusqlite::Result<Option<(i64, Major)>> {
    conn.prepare_cached("SELECT id, code, name_en, name_zh, category FROM major WHERE code = ?1")?
        .query_row([code], major_row)
        .optional()
}

/// Every major, by code.
pub fn majors(conn: &Connection) -> rusqlite::Result<Vec<Major>> {
    conn.prepare("SELECT id, code, name_en, name_zh, category FROM major ORDER BY code")?
        .query_map([], |r| major_row(r).map(|(_, m)| m))?
        .collect()
}

const WORKSHOP: &str = "SELECT id, code, name_en, name_zh, country, city, host_institution, chinese_institution, opened_year, opened_on, status, notes FROM workshop";

fn workshop_row(r: &Row) -> rusqlite::Result<(i64, Workshop)> {
    let opened_on: Option<String> = r.get(9)?;
    let status: String = r.get(10)?;
    let chinese: String = r.get(7)?;
    Ok((
        r.get(0)?,
        Workshop {
            code: r.get(1)?,
            name_en: r.get(2)?,
            name_zh: r.get(3)?,
            country: r.get(4)?,
            city: r.get(5)?,
            host_institution: r.get(6)?,
            chinese_institutions: chinese.split(';').map(str::to_string).collect(),
            opened_year: r.get(8)?,
            opened_on: opened_on
                .map(|d| {
                    NaiveDate::parse_from_str(&d, "%Y-%m-%d").map_err(|e| {
                        rusqlite::Error::FromSqlConversionFailure(
                            9,
                            rusqlite::types::Type::Text,
                            Box::new(e),
                        )
                    })
                })
                .transpose()?,
            status: vocabulary(10, &status, Status::parse)?,
            notes: r.get(11)?,
        },
    ))
}

/// The workshop with this code, with its row id.
pub fn workshop(conn: &Connection, code: &str) -> rusqlite::Result<Option<(i64, Workshop)>> {
    conn.prepare_cached(&format!("{WORKSHOP} WHERE code = ?1"))?
        .query_row([code], workshop_row)
        .optional()
}

/// Every workshop, by code.
pub fn workshops(conn: &Connection) -> rusqlite::Result<Vec<Workshop>> {
    conn.prepare(&format!("{WORKSHOP} ORDER BY code"))?
        .query_map([], |r| workshop_row(r).map(|(_, w)| w))?
        .collect()
}

/// Calls `each` for every workshop major, by workshop code then major code.
pub fn each_workshop_major(
    conn: &Connection,
    mut each: impl FnMut(WorkshopMajor) -> crate::Result<()>,
) -> crate::Result<()> {
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

/// SQL ordering degree levels as declared (secondary, associate, bachelor, other).
const LEVEL_ORDER: &str = "CASE e.level WHEN 'secondary' THEN 0 WHEN 'associate' THEN 1 WHEN 'bachelor' THEN 2 ELSE 3 END";

/// Calls `each` for every enrolment, in key order (workshop, year, major with blank first, level);
/// streams, so memory does not grow with the table.
pub fn each_enrolment(
    conn: &Connection,
    workshop: Option<&str>,
    mut each: impl FnMut(Enrolment) -> crate::Result<()>,
) -> crate::Result<()> {
    let mut stmt = conn.prepare(&format!(
        "SELECT w.code, e.year, m.code, e.level, e.students FROM enrolment e JOIN workshop w ON w.id = e.workshop_id LEFT JOIN major m ON m.id = e.major_id \
         WHERE ?1 IS NULL OR w.code = ?1 ORDER BY w.code, e.year, ifnull(m.code, ''), {LEVEL_ORDER}"
    ))?;
    let mut rows = stmt.query(params![workshop])?;
    while let Some(r) = rows.next()? {
        let level: String = r.get(3)?;
        each(Enrolment {
            workshop: r.get(0)?,
            year: r.get(1)?,
            major: r.get(2)?,
            level: vocabulary(3, &level, Level::parse)?,
            students: r.get(4)?,
        })?;
    }
    Ok(())
}

/// SQL ordering training kinds as declared (skills, teacher, other).
const KIND_ORDER: &str = "CASE t.kind WHEN 'skills' THEN 0 WHEN 'teacher' THEN 1 ELSE 2 END";

/// Calls `each` for every training count, in key order (workshop, year, kind).
pub fn each_training(
    conn: &Connection,
    workshop: Option<&str>,
    mut each: impl FnMut(Training) -> crate::Result<()>,
) -> crate::Result<()> {
    let mut stmt = conn.prepare(&format!(
        "SELECT w.code, t.year, t.kind, t.trainees FROM training t JOIN workshop w ON w.id = t.workshop_id WHERE ?1 IS NULL OR w.code = ?1 ORDER BY w.code, t.year, {KIND_ORDER}"
    ))?;
    let mut rows = stmt.query(params![workshop])?;
    while let Some(r) = rows.next()? {
        let kind: String = r.get(2)?;
        each(Training {
            workshop: r.get(0)?,
            year: r.get(1)?,
            kind: vocabulary(2, &kind, TrainingKind::parse)?,
            trainees: r.get(3)?,
        })?;
    }
    Ok(())
}
