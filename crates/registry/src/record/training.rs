//! Training counts: people trained in a year, by workshop and kind of training (skills, teacher,
//! other). `trainings.csv`, the `training` table.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::{key, key_field, not_found, order_of, req, stored, Edit, Entity, Impact, Info};
use crate::error::{FieldError, ProblemKind, Result, Vocabulary};
use crate::model::fields::{self, clean};
use crate::model::{Fields, TrainingKind};
use crate::write::{repeated, Check, Outcome, Put, PutResult, Writer};

pub(crate) const INFO: Info = Info {
    stem: "trainings",
    table: "training",
    name: "training",
    one: "training row",
    many: "training rows",
    zh: "培训记录",
    columns: &[
        key("workshop", "工坊", "Workshop"),
        key("year", "年份", "Year"),
        key("kind", "培训类型", "Kind"),
        req("trainees", "培训人数", "Trainees"),
    ],
    edit: Edit::Row { field: "year" },
};

/// People trained in a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Training {
    /// Workshop code.
    pub workshop: String,
    /// Year.
    pub year: i32,
    /// Kind of training.
    pub kind: TrainingKind,
    /// Number of people trained.
    pub trainees: i64,
}

const FIND: &str =
    "SELECT id, trainees FROM training WHERE workshop_id = ?1 AND year = ?2 AND kind = ?3";
const INSERT: &str =
    "INSERT INTO training (workshop_id, year, kind, trainees) VALUES (?1, ?2, ?3, ?4)";
const UPDATE: &str = "UPDATE training SET trainees = ?2 WHERE id = ?1";

/// Calls `each` for every training count (of one workshop, or all), in key order (workshop, year,
/// kind as declared); streams.
pub(crate) fn each(
    conn: &Connection,
    workshop: Option<&str>,
    mut each: impl FnMut(Training) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare(&format!(
        "SELECT w.code, t.year, t.kind, t.trainees FROM training t JOIN workshop w ON w.id = t.workshop_id WHERE ?1 IS NULL OR w.code = ?1 ORDER BY w.code, t.year, {}",
        order_of("t.kind", TrainingKind::ALL, TrainingKind::as_str)
    ))?;
    let mut rows = stmt.query(params![workshop])?;
    while let Some(r) = rows.next()? {
        let kind: String = r.get(2)?;
        each(Training {
            workshop: r.get(0)?,
            year: r.get(1)?,
            kind: stored(2, &kind, TrainingKind::parse)?,
            trainees: r.get(3)?,
        })?;
    }
    Ok(())
}

pub(crate) fn put(w: &mut Writer, f: &dyn Fields, line: u64) -> PutResult {
    let v = |k| f.get(k).unwrap_or("");
    let workshop = w.resolve_workshop("workshop", v("workshop"))?;
    let year = fields::year("year", v("year"), w.max_figure_year);
    let kind = fields::vocabulary(
        "kind",
        v("kind"),
        TrainingKind::parse,
        Vocabulary::TrainingKind,
    );
    let trainees = fields::count("trainees", v("trainees"));
    let ((workshop_id, opened_year), year, kind, trainees) =
        Check::default().finish((workshop, year, kind, trainees))?;
    let warning = (year < opened_year).then(|| {
        FieldError::new(
            "year",
            &year.to_string(),
            ProblemKind::BeforeOpening { year, opened_year },
        )
    });
    let existing: Option<(i64, i64)> = w
        .hot(FIND)?
        .query_row(params![workshop_id, year, kind.as_str()], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    let outcome = match existing {
        Some((id, old)) => {
            if let Some(earlier) = w.repeat_of_row(Entity::Trainings, id, line)? {
                return Err(repeated("workshop", clean(v("workshop")), earlier).into());
            }
            if old == trainees {
                Outcome::Unchanged
            } else {
                w.hot(UPDATE)?.execute(params![id, trainees])?;
                Outcome::Updated
            }
        }
        None => {
            w.hot(INSERT)?
                .execute(params![workshop_id, year, kind.as_str(), trainees])?;
            let id = w.conn.last_insert_rowid();
            w.repeat_of_row(Entity::Trainings, id, line)?;
            Outcome::Added
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
    each(conn, workshop, |t| {
        row(&[
            &t.workshop,
            &t.year.to_string(),
            t.kind.as_str(),
            &t.trainees.to_string(),
        ])
    })
}

/// The row id of the training count named by its key fields.
fn find(conn: &Connection, key: &dyn Fields) -> Result<i64> {
    let missing = || not_found(Entity::Trainings, key);
    let workshop = super::workshop::id(conn, key_field(key, "workshop"))?.ok_or_else(missing)?;
    let year: i64 = key_field(key, "year").parse().map_err(|_| missing())?;
    let kind = TrainingKind::parse(key_field(key, "kind")).ok_or_else(missing)?;
    conn.prepare_cached(FIND)?
        .query_row(params![workshop, year, kind.as_str()], |r| r.get(0))
        .optional()?
        .ok_or_else(missing)
}

/// Nothing goes with a training row.
pub(crate) fn impact(conn: &Connection, key: &dyn Fields) -> Result<Impact> {
    find(conn, key)?;
    Ok(Impact::default())
}

pub(crate) fn delete(conn: &Connection, key: &dyn Fields) -> Result<usize> {
    Ok(conn.execute("DELETE FROM training WHERE id = ?1", [find(conn, key)?])?)
}

/// Editing a figure row replaces it: the original goes, the form's row is added.
pub(crate) fn edit(conn: &Connection, original: &dyn Fields, _fields: &dyn Fields) -> Result<()> {
    delete(conn, original).map(|_| ())
}

/// Training counts for years later than the registry accepts today.
pub(crate) fn check(conn: &Connection) -> Result<Vec<crate::check::Finding>> {
    let max = fields::max_figure_year();
    super::years_after(conn, Entity::Trainings, "SELECT w.code, t.year FROM training t JOIN workshop w ON w.id = t.workshop_id WHERE t.year > ?1", max)
}
