//! Tracing a figure back to the rows it sums, so that every number in a briefing can be checked.
//!
//! A [`Figure`] names a measure (workshops, majors, degree students, trainees) and a scope (the whole
//! selection, or one row of a breakdown: a country, a category, a year, an institution, a workshop).
//! [`trace`] returns the rows behind it and their total, which equals the figure shown in the
//! headline or the breakdown: the queries use the same rules as [`super::breakdown`].

use rusqlite::types::Value;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::selection::Selection;
use crate::error::Result;
use crate::model::{Level, TrainingKind};

/// What is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Selected workshops.
    Workshops,
    /// Distinct majors of the selected workshops.
    Majors,
    /// Degree students (sum of enrolment rows).
    DegreeStudents,
    /// Trainees (sum of training rows).
    Trainees,
}

/// Which part of the selection a figure covers: the whole of it, or one row of a breakdown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Scope {
    /// The whole selection (a headline figure).
    All,
    /// One country, by ISO2 code.
    Country(String),
    /// One major category. Trainees are not split by major, so they trace to no rows here.
    Category(i64),
    /// One year (restricts students and trainees; workshops and majors do not depend on years).
    Year(i32),
    /// One Chinese institution, by its name (compared by [`crate::model::fields::key`], as the
    /// breakdown groups them).
    Institution(String),
    /// One workshop, by code.
    Workshop(String),
}

/// A figure to trace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figure {
    /// What is counted.
    pub measure: Measure,
    /// Where.
    pub scope: Scope,
}

/// A workshop behind a workshop count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TracedWorkshop {
    /// Code.
    pub code: String,
    /// English name.
    pub name_en: String,
    /// Country ISO2 code.
    pub country: String,
    /// Chinese institutions, joined by `;`.
    pub chinese_institution: String,
    /// Opening year.
    pub opened_year: i32,
    /// Status (stored form).
    pub status: String,
}

/// A major behind a major count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TracedMajor {
    /// Code.
    pub code: String,
    /// English name.
    pub name_en: Option<String>,
    /// Chinese name.
    pub name_zh: Option<String>,
    /// Category code.
    pub category: i64,
    /// How many of the figure's workshops teach it.
    pub workshops: i64,
}

/// An enrolment row behind a student figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TracedEnrolment {
    /// Workshop code.
    pub workshop: String,
    /// Country ISO2 code of the workshop.
    pub country: String,
    /// Year.
    pub year: i32,
    /// Major code, if the row names one.
    pub major: Option<String>,
    /// Level.
    pub level: Level,
    /// Students.
    pub students: i64,
}

/// A training row behind a trainee figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TracedTraining {
    /// Workshop code.
    pub workshop: String,
    /// Country ISO2 code of the workshop.
    pub country: String,
    /// Year.
    pub year: i32,
    /// Kind of training.
    pub kind: TrainingKind,
    /// Trainees.
    pub trainees: i64,
}

/// The rows behind a figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "rows", rename_all = "snake_case")]
pub enum TracedRows {
    /// Workshops, by code.
    Workshops(Vec<TracedWorkshop>),
    /// Majors, by code.
    Majors(Vec<TracedMajor>),
    /// Enrolment rows, by workshop, year, major, level.
    Enrolments(Vec<TracedEnrolment>),
    /// Training rows, by workshop, year, kind.
    Trainings(Vec<TracedTraining>),
}

/// A figure and the rows it sums.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trace {
    /// The figure traced.
    pub figure: Figure,
    /// The figure's value: the count of workshops or majors, or the sum of students or trainees.
    pub total: i64,
    /// How many rows stand behind it (may exceed `rows` when a limit was given).
    pub row_count: i64,
    /// The rows (at most the limit asked for).
    pub rows: TracedRows,
}

/// SQL for the ids of the workshops a figure covers, and its parameters.
fn scoped_workshops(selection: &Selection, scope: &Scope) -> (String, Vec<Value>) {
    let (ids, mut params) = selection.workshop_ids();
    let mut sql = format!("SELECT w.id FROM workshop w WHERE w.id IN ({ids})");
    match scope {
        Scope::Country(iso2) => {
            sql.push_str(" AND w.country = ?");
            params.push(Value::Text(iso2.trim().to_ascii_uppercase()));
        }
        Scope::Institution(name) => {
            sql.push_str(" AND luban_names_include(w.chinese_institution, ?)");
            params.push(Value::Text(name.clone()));
        }
        Scope::Workshop(code) => {
            sql.push_str(" AND w.code = ?");
            params.push(Value::Text(code.trim().to_ascii_uppercase()));
        }
        Scope::Category(code) => {
            sql.push_str(" AND EXISTS (SELECT 1 FROM workshop_major wm JOIN major m ON m.id = wm.major_id WHERE wm.workshop_id = w.id AND m.category = ?)");
            params.push(Value::Integer(*code));
        }
        Scope::All | Scope::Year(_) => {}
    }
    (sql, params)
}

/// The total, the row count and the rows of one figure: `aggregate` selects the total and the
/// row count, `rows` the rows in order (at most `limit` of them), mapped by `map`.
fn traced<T>(
    conn: &Connection,
    params: &[Value],
    aggregate: &str,
    rows: &str,
    limit: Option<usize>,
    map: fn(&rusqlite::Row) -> rusqlite::Result<T>,
) -> Result<(i64, i64, Vec<T>)> {
    let p = || rusqlite::params_from_iter(params.iter());
    let (total, count) = conn.query_row(aggregate, p(), |r| Ok((r.get(0)?, r.get(1)?)))?;
    let limit = limit.map(|n| format!(" LIMIT {n}")).unwrap_or_default();
    let rows = conn
        .prepare(&format!("{rows}{limit}"))?
        .query_map(p(), map)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((total, count, rows))
}

fn workshop_row(r: &rusqlite::Row) -> rusqlite::Result<TracedWorkshop> {
    Ok(TracedWorkshop {
        code: r.get(0)?,
        name_en: r.get(1)?,
        country: r.get(2)?,
        chinese_institution: r.get(3)?,
        opened_year: r.get(4)?,
        status: r.get(5)?,
    })
}

fn major_row(r: &rusqlite::Row) -> rusqlite::Result<TracedMajor> {
    Ok(TracedMajor {
        code: r.get(0)?,
        name_en: r.get(1)?,
        name_zh: r.get(2)?,
        category: r.get(3)?,
        workshops: r.get(4)?,
    })
}

fn enrolment_row(r: &rusqlite::Row) -> rusqlite::Result<TracedEnrolment> {
    let level: String = r.get(4)?;
    Ok(TracedEnrolment {
        workshop: r.get(0)?,
        country: r.get(1)?,
        year: r.get(2)?,
        major: r.get(3)?,
        level: crate::record::stored(4, &level, Level::parse)?,
        students: r.get(5)?,
    })
}

fn training_row(r: &rusqlite::Row) -> rusqlite::Result<TracedTraining> {
    let kind: String = r.get(3)?;
    Ok(TracedTraining {
        workshop: r.get(0)?,
        country: r.get(1)?,
        year: r.get(2)?,
        kind: crate::record::stored(3, &kind, TrainingKind::parse)?,
        trainees: r.get(4)?,
    })
}

/// Traces `figure` within `selection`: the rows it sums and their total. With `limit`, at most that
/// many rows are returned (the total and row count always cover every row).
pub fn trace(
    conn: &Connection,
    selection: &Selection,
    figure: &Figure,
    limit: Option<usize>,
) -> Result<Trace> {
    let (ids, params) = scoped_workshops(selection, &figure.scope);
    let (total, row_count, rows) = match figure.measure {
        Measure::Workshops => {
            let from = format!("FROM workshop w WHERE w.id IN ({ids})");
            let (n, count, rows) = traced(
                conn,
                &params,
                &format!("SELECT count(*), count(*) {from}"),
                &format!("SELECT w.code, w.name_en, w.country, w.chinese_institution, w.opened_year, w.status {from} ORDER BY w.code"),
                limit,
                workshop_row,
            )?;
            (n, count, TracedRows::Workshops(rows))
        }
        Measure::Majors => {
            let category = match figure.scope {
                Scope::Category(code) => format!(" AND m.category = {code}"),
                Scope::All
                | Scope::Country(_)
                | Scope::Institution(_)
                | Scope::Workshop(_)
                | Scope::Year(_) => String::new(),
            };
            let from = format!(
                "FROM workshop_major wm JOIN major m ON m.id = wm.major_id WHERE wm.workshop_id IN ({ids}){category}"
            );
            let (n, count, rows) = traced(
                conn,
                &params,
                &format!("SELECT count(DISTINCT wm.major_id), count(DISTINCT wm.major_id) {from}"),
                &format!("SELECT m.code, m.name_en, m.name_zh, m.category, count(*) {from} GROUP BY m.id ORDER BY m.code"),
                limit,
                major_row,
            )?;
            (n, count, TracedRows::Majors(rows))
        }
        Measure::DegreeStudents => {
            let mut filter = selection.years("e.year");
            match figure.scope {
                Scope::Year(y) => filter.push_str(&format!(" AND e.year = {y}")),
                Scope::Category(code) => filter.push_str(&format!(
                    " AND e.major_id IN (SELECT id FROM major WHERE category = {code})"
                )),
                Scope::All | Scope::Country(_) | Scope::Institution(_) | Scope::Workshop(_) => {}
            }
            let from = format!(
                "FROM enrolment e JOIN workshop w ON w.id = e.workshop_id LEFT JOIN major m ON m.id = e.major_id WHERE e.workshop_id IN ({ids}){filter}"
            );
            let (n, count, rows) = traced(
                conn,
                &params,
                &format!("SELECT ifnull(sum(e.students), 0), count(*) {from}"),
                &format!("SELECT w.code, w.country, e.year, m.code, e.level, e.students {from} ORDER BY w.code, e.year, m.code, e.level"),
                limit,
                enrolment_row,
            )?;
            (n, count, TracedRows::Enrolments(rows))
        }
        Measure::Trainees => {
            let mut filter = selection.years("t.year");
            match figure.scope {
                // Training counts are not split by major, so no training row belongs to a category.
                Scope::Category(_) => filter.push_str(" AND 0"),
                Scope::Year(y) => filter.push_str(&format!(" AND t.year = {y}")),
                Scope::All | Scope::Country(_) | Scope::Institution(_) | Scope::Workshop(_) => {}
            }
            let from = format!(
                "FROM training t JOIN workshop w ON w.id = t.workshop_id WHERE t.workshop_id IN ({ids}){filter}"
            );
            let (n, count, rows) = traced(
                conn,
                &params,
                &format!("SELECT ifnull(sum(t.trainees), 0), count(*) {from}"),
                &format!("SELECT w.code, w.country, t.year, t.kind, t.trainees {from} ORDER BY w.code, t.year, t.kind"),
                limit,
                training_row,
            )?;
            (n, count, TracedRows::Trainings(rows))
        }
    };
    Ok(Trace {
        figure: figure.clone(),
        total,
        row_count,
        rows,
    })
}
