//! Figures for briefings: which workshops a selection covers, the headline numbers over them, the
//! breakdowns behind the headline, and the rows behind any figure.
//!
//! - [`selection`]: the [`Selection`] and its description in English and Chinese.
//! - [`breakdown`]: the full [`Report`] (by country, category, year, institution, workshop).
//! - [`trace`]: the rows a figure sums.
//! - [`sentence`]: the headline sentence and number formatting.
//! - [`bars`]: the bars of a breakdown chart, the same in every format and language.
//! - [`places`]: "countries" or "countries and regions", wherever the briefing counts them.
//!
//! Selection filters choose workshops; the year range restricts only the enrolment and training
//! sums. Counting is done by SQLite over the indexed tables, so a report over a million enrolment
//! rows is a few aggregate queries.

pub mod bars;
pub mod breakdown;
pub mod places;
pub mod selection;
mod sentence;
pub mod trace;
pub mod view;

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

pub use crate::reference::REGIONS_OF_CHINA;
pub use bars::{bars, bars_at_most, Bar, BarChart, BarKey, MAX_BARS};
pub use breakdown::{
    queries, report, CategoryRow, CountryRow, InstitutionRow, NumberField, Query, Report,
    WorkshopRow, YearRow, CATEGORY_NOTE, INSTITUTION_NOTE,
};
pub use places::Places;
pub use selection::{Bilingual, ScopeNames, Selection};
pub use sentence::{group_countries_zh, group_en, group_zh, headline_sentence, Lang, NumberStyle};
pub use trace::{trace, Figure, Measure, Scope, Trace, TracedRows};
pub use view::{HeadlineText, HeadlineView, Named, PlacesText, ReportView, SelectionOptions};

use crate::error::Result;
use crate::Registry;

/// Selected workshops by status: only the opened ones (active, suspended, closed) are
/// "established / 建成"; planned ones are named apart.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkshopsByStatus {
    /// Planned, not yet opened (筹建中).
    pub planned: i64,
    /// Open and running.
    pub active: i64,
    /// Opened, now suspended.
    pub suspended: i64,
    /// Opened, now closed.
    pub closed: i64,
}

impl WorkshopsByStatus {
    /// Workshops that have opened (active, suspended or closed): the ones "established / 建成".
    pub fn opened(&self) -> i64 {
        self.active + self.suspended + self.closed
    }
}

/// Trainees by kind of training, so that teacher training is never called skills training.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraineesByKind {
    /// Skills training (技能培训).
    pub skills: i64,
    /// Teacher training (师资培训).
    pub teacher: i64,
    /// Other training (其他).
    pub other: i64,
}

/// The headline figures of a selection.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Headline {
    /// Selected workshops (every status; see [`Headline::workshops_by_status`]).
    pub workshops: i64,
    /// Distinct countries and regions of those workshops (regions of China included; see
    /// [`Headline::regions_of_china`]).
    pub countries: i64,
    /// Distinct majors linked to those workshops.
    pub majors: i64,
    /// Distinct categories of those majors.
    pub major_categories: i64,
    /// Students admitted to degree programmes in the year range (a cumulative total).
    pub degree_students: i64,
    /// People trained in the year range (every kind; see [`Headline::trainees_by_kind`]).
    pub trainees: i64,
    /// The selected workshops by status.
    pub workshops_by_status: WorkshopsByStatus,
    /// The trainees by kind of training.
    pub trainees_by_kind: TraineesByKind,
    /// Distinct countries and regions of the opened workshops (the "established in" figure).
    pub opened_countries: i64,
    /// How many of [`Headline::countries`] are regions of China ([`REGIONS_OF_CHINA`]).
    pub regions_of_china: i64,
    /// How many of [`Headline::opened_countries`] are regions of China.
    pub opened_regions_of_china: i64,
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
            workshops_by_status: WorkshopsByStatus {
                planned: r.get(6)?,
                active: r.get(7)?,
                suspended: r.get(8)?,
                closed: r.get(9)?,
            },
            trainees_by_kind: TraineesByKind {
                skills: r.get(10)?,
                teacher: r.get(11)?,
                other: r.get(12)?,
            },
            opened_countries: r.get(13)?,
            regions_of_china: r.get(14)?,
            opened_regions_of_china: r.get(15)?,
        })
    })?;
    Ok(figures)
}

impl Headline {
    /// What [`Headline::countries`] counts, as a figure's label: "Countries / 国家", or
    /// "Countries and regions / 国家和地区" when a region of China is among them ("Regions / 地区"
    /// when all are).
    ///
    /// ```
    /// use luban_registry::report::Headline;
    /// let h = Headline { countries: 3, regions_of_china: 1, ..Headline::default() };
    /// assert_eq!(h.countries_label().zh, "国家和地区");
    /// assert_eq!(Headline { countries: 3, ..Headline::default() }.countries_label().en, "Countries");
    /// ```
    pub fn countries_label(&self) -> Bilingual {
        self.places().label()
    }

    /// The places [`Headline::countries`] counts ([`Places`]): every title, header and bar that
    /// counts countries takes its wording from it.
    pub fn places(&self) -> Places {
        Places::of(self.countries, self.regions_of_china)
    }
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
