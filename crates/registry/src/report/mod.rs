//! Figures for briefings: which workshops a selection covers, and the headline numbers over them.
//!
//! Selection filters choose workshops (by their country's groups and region, by status); the year
//! range restricts only the enrolment and training sums. Counting is done by SQLite over the
//! indexed tables, so a report over a million enrolment rows is one aggregate query.

mod sentence;

use rusqlite::types::Value;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

pub use sentence::{headline_sentence, Lang, NumberStyle};

use crate::error::Result;
use crate::model::{Region, Status};

/// Which workshops and years a report covers. Empty lists mean "no restriction".
///
/// ```
/// use luban_registry::report::Selection;
/// let s = Selection { groups: vec!["SCO".into()], from: Some(2020), ..Selection::default() };
/// assert_eq!(s.describe(), "group SCO; years 2020–");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Selection {
    /// Country group tags; a workshop counts if its country has any of them.
    pub groups: Vec<String>,
    /// Regions of the workshop's country.
    pub regions: Vec<Region>,
    /// Workshop statuses.
    pub statuses: Vec<Status>,
    /// First year of enrolment and training figures.
    pub from: Option<i32>,
    /// Last year of enrolment and training figures.
    pub to: Option<i32>,
}

impl Selection {
    /// The selection in words, for writing beside every figure.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if !self.groups.is_empty() {
            parts.push(format!("group {}", self.groups.join(" or ")));
        }
        if !self.regions.is_empty() {
            parts.push(format!(
                "region {}",
                self.regions
                    .iter()
                    .map(|r| r.as_str())
                    .collect::<Vec<_>>()
                    .join(" or ")
            ));
        }
        if !self.statuses.is_empty() {
            parts.push(format!(
                "status {}",
                self.statuses
                    .iter()
                    .map(|r| r.as_str())
                    .collect::<Vec<_>>()
                    .join(" or ")
            ));
        }
        match (self.from, self.to) {
            (None, None) => {}
            (from, to) => parts.push(format!(
                "years {}–{}",
                from.map(|y| y.to_string()).unwrap_or_default(),
                to.map(|y| y.to_string()).unwrap_or_default()
            )),
        }
        if parts.is_empty() {
            "all workshops, all years".to_string()
        } else {
            parts.join("; ")
        }
    }

    /// SQL selecting the ids of the chosen workshops, with its parameters.
    pub(crate) fn workshop_ids(&self) -> (String, Vec<Value>) {
        let mut sql = String::from(
            "SELECT w.id FROM workshop w JOIN country c ON c.iso2 = w.country WHERE 1",
        );
        let mut params: Vec<Value> = Vec::new();
        let mut any = |sql: &mut String, column: &str, values: Vec<String>| {
            if values.is_empty() {
                return;
            }
            sql.push_str(&format!(
                " AND {column} IN ({})",
                vec!["?"; values.len()].join(", ")
            ));
            params.extend(values.into_iter().map(Value::Text));
        };
        any(
            &mut sql,
            "w.status",
            self.statuses
                .iter()
                .map(|s| s.as_str().to_string())
                .collect(),
        );
        any(
            &mut sql,
            "c.region",
            self.regions
                .iter()
                .map(|r| r.as_str().to_string())
                .collect(),
        );
        if !self.groups.is_empty() {
            sql.push_str(&format!(
                " AND EXISTS (SELECT 1 FROM country_group g WHERE g.country = w.country AND g.tag COLLATE NOCASE IN ({}))",
                vec!["?"; self.groups.len()].join(", ")
            ));
            params.extend(self.groups.iter().map(|g| Value::Text(g.clone())));
        }
        (sql, params)
    }

    /// SQL condition on a figure's `year` column for the year range.
    pub(crate) fn years(&self, column: &str) -> String {
        let mut sql = String::new();
        if let Some(from) = self.from {
            sql.push_str(&format!(" AND {column} >= {from}"));
        }
        if let Some(to) = self.to {
            sql.push_str(&format!(" AND {column} <= {to}"));
        }
        sql
    }
}

/// The headline figures of a selection.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Headline {
    /// Selected workshops.
    pub workshops: i64,
    /// Distinct countries of those workshops.
    pub countries: i64,
    /// Distinct majors linked to those workshops.
    pub majors: i64,
    /// Distinct categories of those majors.
    pub major_categories: i64,
    /// Students admitted to degree programmes in the year range (a cumulative total).
    pub degree_students: i64,
    /// People trained in the year range.
    pub trainees: i64,
}

/// Computes the headline figures of `selection`.
pub fn headline(conn: &Connection, selection: &Selection) -> Result<Headline> {
    let (ids, params) = selection.workshop_ids();
    let sql = format!(
        "WITH sel(id) AS ({ids}) SELECT \
           (SELECT count(*) FROM sel), \
           (SELECT count(DISTINCT w.country) FROM workshop w WHERE w.id IN sel), \
           (SELECT count(DISTINCT wm.major_id) FROM workshop_major wm WHERE wm.workshop_id IN sel), \
           (SELECT count(DISTINCT m.category) FROM workshop_major wm JOIN major m ON m.id = wm.major_id WHERE wm.workshop_id IN sel), \
           (SELECT ifnull(sum(e.students), 0) FROM enrolment e WHERE e.workshop_id IN sel{}), \
           (SELECT ifnull(sum(t.trainees), 0) FROM training t WHERE t.workshop_id IN sel{})",
        selection.years("e.year"),
        selection.years("t.year"),
    );
    let figures = conn.query_row(&sql, rusqlite::params_from_iter(params), |r| {
        Ok(Headline {
            workshops: r.get(0)?,
            countries: r.get(1)?,
            majors: r.get(2)?,
            major_categories: r.get(3)?,
            degree_students: r.get(4)?,
            trainees: r.get(5)?,
        })
    })?;
    Ok(figures)
}
