//! Figures for briefings: which workshops a selection covers, the headline numbers over them, the
//! breakdowns behind the headline, and the rows behind any figure.
//!
//! - [`selection`]: the [`Selection`] and its description in English and Chinese.
//! - [`breakdown`]: the full [`Report`] (by country, category, year, institution, workshop).
//! - [`trace`]: the rows a figure sums.
//! - [`sentence`]: the headline sentence and number formatting.
//!
//! Selection filters choose workshops; the year range restricts only the enrolment and training
//! sums. Counting is done by SQLite over the indexed tables, so a report over a million enrolment
//! rows is a few aggregate queries.

pub mod breakdown;
pub mod selection;
mod sentence;
pub mod trace;
pub mod view;

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

pub use breakdown::{
    queries, report, CategoryRow, CountryRow, InstitutionRow, Query, Report, WorkshopRow, YearRow,
    CATEGORY_NOTE, INSTITUTION_NOTE,
};
pub use selection::{Bilingual, ScopeNames, Selection};
pub use sentence::{group_zh, headline_sentence, Lang, NumberStyle};
pub use trace::{trace, Figure, Measure, Scope, Trace, TracedRows};
pub use view::{HeadlineText, HeadlineView, Named, ReportView, SelectionOptions};

use crate::error::Result;
use crate::Registry;

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
    let Query { sql, params, .. } = breakdown::headline_query(selection);
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

impl Registry {
    /// The full report of a selection (headline and every breakdown), read from one snapshot.
    pub fn report(&self, selection: &Selection) -> Result<Report> {
        let tx = self.conn.unchecked_transaction()?;
        let report = breakdown::report(&tx, selection)?;
        tx.finish()?;
        Ok(report)
    }

    /// The rows behind one figure of a selection (see [`trace()`]).
    pub fn trace(
        &self,
        selection: &Selection,
        figure: &Figure,
        limit: Option<usize>,
    ) -> Result<Trace> {
        trace::trace(&self.conn, selection, figure, limit)
    }
}
