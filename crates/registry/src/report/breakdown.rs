//! The full report of a selection: the headline and the tables behind it (by country, by major
//! category, by year, by Chinese institution, by workshop).
//!
//! Each breakdown is one SQL aggregate over the selected workshops, so a report over a million
//! enrolment rows stays a handful of indexed scans. The same [`Report`] value feeds the command line,
//! the app and every export, so a figure reads the same wherever it appears.

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::selection::{Bilingual, ScopeNames, Selection};
use super::sentence::{headline_sentence, Lang, NumberStyle};
use super::{headline, Headline};
use crate::error::Result;
use crate::record::workshop::{WorkshopSummary, SUMMARY_COLUMNS, SUMMARY_WIDTH};

/// What the by-institution table means when workshops have several Chinese institutions.
pub const INSTITUTION_NOTE: (&str, &str) = (
    "A workshop built by several Chinese institutions counts once for each of them, so the rows add up to more than the total.",
    "由多所中方院校共建的工坊在每所院校下各计一次，因此各行相加大于总数。",
);

/// What the by-category table means for students and majors.
pub const CATEGORY_NOTE: (&str, &str) = (
    "A workshop counts under every category it teaches a major in. Students count under the category of their major; students recorded without a major are shown apart.",
    "工坊在其开设专业所属的每个专业大类下各计一次；学生按所学专业归入专业大类，未注明专业的学生单独列出。",
);

/// One row of the by-country table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountryRow {
    /// ISO2 code.
    pub iso2: String,
    /// English name.
    pub name_en: String,
    /// Chinese name.
    pub name_zh: String,
    /// Selected workshops in the country.
    pub workshops: i64,
    /// Distinct majors of those workshops.
    pub majors: i64,
    /// Degree students in the year range.
    pub degree_students: i64,
    /// Trainees in the year range.
    pub trainees: i64,
}

/// One row of the by-category table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryRow {
    /// Category code (41–59).
    pub code: i64,
    /// English name.
    pub name_en: String,
    /// Chinese name.
    pub name_zh: String,
    /// Selected workshops teaching at least one major of the category.
    pub workshops: i64,
    /// Distinct majors of the category taught at the selected workshops.
    pub majors: i64,
    /// Degree students whose enrolment row names a major of the category.
    pub degree_students: i64,
}

/// One row of the by-year table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearRow {
    /// The year.
    pub year: i32,
    /// Degree students admitted that year.
    pub degree_students: i64,
    /// People trained that year.
    pub trainees: i64,
    /// Degree students from the first year shown to this one.
    pub cumulative_students: i64,
    /// Trainees from the first year shown to this one.
    pub cumulative_trainees: i64,
}

/// One row of the by-institution table (see [`INSTITUTION_NOTE`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstitutionRow {
    /// The Chinese institution's name as most of its workshops write it (names that differ only in
    /// case, spaces or full-width forms are one institution).
    pub institution: String,
    /// Selected workshops it takes part in.
    pub workshops: i64,
    /// Distinct countries of those workshops.
    pub countries: i64,
    /// Distinct majors of those workshops.
    pub majors: i64,
    /// Degree students of those workshops in the year range.
    pub degree_students: i64,
    /// Trainees of those workshops in the year range.
    pub trainees: i64,
}

/// One row of the by-workshop table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkshopRow {
    /// The workshop and its country's names.
    #[serde(flatten)]
    pub workshop: WorkshopSummary,
    /// Majors taught.
    pub majors: i64,
    /// Degree students in the year range.
    pub degree_students: i64,
    /// Trainees in the year range.
    pub trainees: i64,
    /// Its values of the number fields of the office's own (经费), by field name, in their
    /// stored form (`12.5`); a field without a value is left out.
    #[serde(default)]
    pub fields: std::collections::BTreeMap<String, String>,
}

/// A number field of the office's own: a column of the by-workshop table after the figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NumberField {
    /// Its name (the key of [`WorkshopRow::fields`], and the English header).
    pub name: String,
    /// Its Chinese label (the Chinese header), if it has one.
    pub label_zh: Option<String>,
}

impl NumberField {
    /// Its header in `lang`.
    pub fn header(&self, lang: Lang) -> &str {
        match (lang, &self.label_zh) {
            (Lang::Zh, Some(zh)) => zh,
            _ => &self.name,
        }
    }
}

/// The full report of a selection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// What was selected.
    pub selection: Selection,
    /// The selection in words, in both languages; written on every output.
    pub scope: Bilingual,
    /// The briefing's title, with the institution's name when it is set
    /// ([`crate::settings::Settings::briefing_title`]).
    pub title: Bilingual,
    /// The briefing's source line ("数据来源：<institution>"; [`crate::settings::Settings::source_line`]).
    pub source: Bilingual,
    /// The headline figures.
    pub headline: Headline,
    /// The headline sentence (English grouped numbers, Chinese plain numbers).
    pub sentence: Bilingual,
    /// By country, most workshops first.
    pub by_country: Vec<CountryRow>,
    /// By major category, most workshops first.
    pub by_category: Vec<CategoryRow>,
    /// Degree students in the year range whose rows name no major (not in any category row).
    pub students_without_major: i64,
    /// By year, every year from the first to the last with a figure.
    pub by_year: Vec<YearRow>,
    /// By Chinese institution, most workshops first (see [`INSTITUTION_NOTE`]).
    pub by_institution: Vec<InstitutionRow>,
    /// By workshop, by code.
    pub by_workshop: Vec<WorkshopRow>,
    /// The number fields of the office's own, in column order, whose values the by-workshop rows
    /// carry.
    #[serde(default)]
    pub number_fields: Vec<NumberField>,
}

/// One of the SQL statements a report runs, with its parameters: exposed so that a benchmark can
/// run exactly the same aggregates in the `sqlite3` shell.
#[derive(Debug, Clone)]
pub struct Query {
    /// Which part of the report it computes (`headline`, `by_country`, …).
    pub name: &'static str,
    /// The SQL text, with `?` placeholders.
    pub sql: String,
    /// The values of the placeholders, in order.
    pub params: Vec<rusqlite::types::Value>,
}

/// Every SQL statement [`report`] runs for `selection`, in order.
pub fn queries(selection: &Selection) -> Vec<Query> {
    vec![
        headline_query(selection),
        country_query(selection),
        category_query(selection),
        without_major_query(selection),
        year_query(selection),
        institution_query(selection),
        institution_majors_query(selection),
        workshop_query(selection),
    ]
}

/// Computes the full report of `selection`. Call it inside one read transaction (as
/// [`crate::Registry::report`] does) so every table comes from the same snapshot.
pub fn report(conn: &Connection, selection: &Selection) -> Result<Report> {
    let names = ScopeNames::load(conn)?;
    let settings = crate::settings::load(conn)?;
    let headline = headline(conn, selection)?;
    let (by_category, students_without_major) = by_category(conn, selection)?;
    Ok(Report {
        selection: selection.clone(),
        scope: selection.describe_both(&names),
        title: settings.briefing_title(),
        source: settings.source_line(),
        sentence: Bilingual {
            en: headline_sentence(&headline, selection, Lang::En, NumberStyle::Grouped),
            zh: headline_sentence(&headline, selection, Lang::Zh, NumberStyle::Plain),
        },
        headline,
        by_country: by_country(conn, selection)?,
        by_category,
        students_without_major,
        by_year: by_year(conn, selection)?,
        by_institution: by_institution(conn, selection)?,
        by_workshop: by_workshop(conn, selection)?,
        number_fields: number_fields(conn)?
            .into_iter()
            .map(|d| NumberField {
                name: d.name,
                label_zh: d.label_zh,
            })
            .collect(),
    })
}

/// The workshops' number fields of the office's own.
fn number_fields(conn: &Connection) -> Result<Vec<crate::record::custom_field::Def>> {
    use crate::record::{custom_field, Entity};
    Ok(custom_field::defs(conn, Entity::Workshops)?
        .into_iter()
        .filter(|d| d.field_type == custom_field::FieldType::Number)
        .collect())
}

/// The common table expressions every breakdown starts from: `sel` (the selected workshop ids),
/// `es` and `ts` (each selected workshop's students and trainees in the year range).
fn prelude(selection: &Selection) -> (String, Vec<rusqlite::types::Value>) {
    let (ids, params) = selection.workshop_ids();
    let sql = format!(
        "sel(id) AS ({ids}), \
         es(workshop_id, students) AS (SELECT e.workshop_id, sum(e.students) FROM enrolment e WHERE e.workshop_id IN sel{} GROUP BY e.workshop_id), \
         ts(workshop_id, trainees) AS (SELECT t.workshop_id, sum(t.trainees) FROM training t WHERE t.workshop_id IN sel{} GROUP BY t.workshop_id)",
        selection.years("e.year"),
        selection.years("t.year"),
    );
    (sql, params)
}

fn country_query(selection: &Selection) -> Query {
    let (prelude, params) = prelude(selection);
    let sql = format!(
        "WITH {prelude}, \
         cm(country, majors) AS (SELECT w.country, count(DISTINCT wm.major_id) FROM workshop_major wm JOIN workshop w ON w.id = wm.workshop_id WHERE wm.workshop_id IN sel GROUP BY w.country) \
         SELECT c.iso2, c.name_en, c.name_zh, count(*) AS n, ifnull(cm.majors, 0), \
                ifnull(sum(es.students), 0), ifnull(sum(ts.trainees), 0) \
         FROM workshop w JOIN country c ON c.iso2 = w.country \
         LEFT JOIN es ON es.workshop_id = w.id LEFT JOIN ts ON ts.workshop_id = w.id \
         LEFT JOIN cm ON cm.country = w.country \
         WHERE w.id IN sel GROUP BY c.iso2 ORDER BY n DESC, c.iso2"
    );
    Query {
        name: "by_country",
        sql,
        params,
    }
}

/// The by-country table.
pub fn by_country(conn: &Connection, selection: &Selection) -> Result<Vec<CountryRow>> {
    rows(conn, country_query(selection), |r| {
        Ok(CountryRow {
            iso2: r.get(0)?,
            name_en: r.get(1)?,
            name_zh: r.get(2)?,
            workshops: r.get(3)?,
            majors: r.get(4)?,
            degree_students: r.get(5)?,
            trainees: r.get(6)?,
        })
    })
}

fn category_query(selection: &Selection) -> Query {
    let (ids, params) = selection.workshop_ids();
    let years = selection.years("e.year");
    let sql = format!(
        "WITH sel(id) AS ({ids}), \
         cm(category, workshops, majors) AS (SELECT m.category, count(DISTINCT wm.workshop_id), count(DISTINCT wm.major_id) FROM workshop_major wm JOIN major m ON m.id = wm.major_id WHERE wm.workshop_id IN sel GROUP BY m.category), \
         ce(category, students) AS (SELECT m.category, sum(e.students) FROM enrolment e JOIN major m ON m.id = e.major_id WHERE e.workshop_id IN sel{years} GROUP BY m.category) \
         SELECT k.code, k.name_en, k.name_zh, cm.workshops, cm.majors, ifnull(ce.students, 0) \
         FROM cm JOIN major_category k ON k.code = cm.category LEFT JOIN ce ON ce.category = cm.category \
         ORDER BY cm.workshops DESC, k.code"
    );
    Query {
        name: "by_category",
        sql,
        params,
    }
}

fn without_major_query(selection: &Selection) -> Query {
    let (ids, params) = selection.workshop_ids();
    let years = selection.years("e.year");
    Query {
        name: "students_without_major",
        sql: format!(
            "WITH sel(id) AS ({ids}) SELECT ifnull(sum(e.students), 0) FROM enrolment e WHERE e.workshop_id IN sel AND e.major_id IS NULL{years}"
        ),
        params,
    }
}

/// The SQL of the headline figures.
pub(crate) fn headline_query(selection: &Selection) -> Query {
    let (ids, params) = selection.workshop_ids();
    // Constant codes, not user input: written into the SQL so the statement stays cacheable.
    let china = crate::reference::REGIONS_OF_CHINA
        .map(|c| format!("'{c}'"))
        .join(", ");
    let sql = format!(
        "WITH sel(id) AS ({ids}) SELECT \
           (SELECT count(*) FROM sel), \
           (SELECT count(DISTINCT w.country) FROM workshop w WHERE w.id IN sel), \
           (SELECT count(DISTINCT wm.major_id) FROM workshop_major wm WHERE wm.workshop_id IN sel), \
           (SELECT count(DISTINCT m.category) FROM workshop_major wm JOIN major m ON m.id = wm.major_id WHERE wm.workshop_id IN sel), \
           (SELECT ifnull(sum(e.students), 0) FROM enrolment e WHERE e.workshop_id IN sel{}), \
           (SELECT ifnull(sum(t.trainees), 0) FROM training t WHERE t.workshop_id IN sel{t}), \
           (SELECT count(*) FROM workshop w WHERE w.id IN sel AND w.status = 'planned'), \
           (SELECT count(*) FROM workshop w WHERE w.id IN sel AND w.status = 'active'), \
           (SELECT count(*) FROM workshop w WHERE w.id IN sel AND w.status = 'suspended'), \
           (SELECT count(*) FROM workshop w WHERE w.id IN sel AND w.status = 'closed'), \
           (SELECT ifnull(sum(t.trainees), 0) FROM training t WHERE t.workshop_id IN sel AND t.kind = 'skills'{t}), \
           (SELECT ifnull(sum(t.trainees), 0) FROM training t WHERE t.workshop_id IN sel AND t.kind = 'teacher'{t}), \
           (SELECT ifnull(sum(t.trainees), 0) FROM training t WHERE t.workshop_id IN sel AND t.kind = 'other'{t}), \
           (SELECT count(DISTINCT w.country) FROM workshop w WHERE w.id IN sel AND w.status <> 'planned'), \
           (SELECT count(DISTINCT w.country) FROM workshop w WHERE w.id IN sel AND w.country IN ({china})), \
           (SELECT count(DISTINCT w.country) FROM workshop w WHERE w.id IN sel AND w.status <> 'planned' AND w.country IN ({china}))",
        selection.years("e.year"),
        t = selection.years("t.year"),
    );
    Query {
        name: "headline",
        sql,
        params,
    }
}

/// The by-category table, and the students recorded without a major.
pub fn by_category(conn: &Connection, selection: &Selection) -> Result<(Vec<CategoryRow>, i64)> {
    let categories = rows(conn, category_query(selection), |r| {
        Ok(CategoryRow {
            code: r.get(0)?,
            name_en: r.get(1)?,
            name_zh: r.get(2)?,
            workshops: r.get(3)?,
            majors: r.get(4)?,
            degree_students: r.get(5)?,
        })
    })?;
    let Query { sql, params, .. } = without_major_query(selection);
    let without: i64 = conn.query_row(&sql, rusqlite::params_from_iter(params), |r| r.get(0))?;
    Ok((categories, without))
}

fn year_query(selection: &Selection) -> Query {
    let (ids, params) = selection.workshop_ids();
    let sql = format!(
        "WITH sel(id) AS ({ids}), \
         y(year, students, trainees) AS ( \
           SELECT e.year, sum(e.students), 0 FROM enrolment e WHERE e.workshop_id IN sel{} GROUP BY e.year \
           UNION ALL \
           SELECT t.year, 0, sum(t.trainees) FROM training t WHERE t.workshop_id IN sel{} GROUP BY t.year) \
         SELECT year, sum(students), sum(trainees) FROM y GROUP BY year ORDER BY year",
        selection.years("e.year"),
        selection.years("t.year"),
    );
    Query {
        name: "by_year",
        sql,
        params,
    }
}

/// The by-year table: every year from the first to the last with a figure in the selection (years
/// without figures show zeros, so the cumulative columns read as a continuous series).
pub fn by_year(conn: &Connection, selection: &Selection) -> Result<Vec<YearRow>> {
    let found = rows(conn, year_query(selection), |r| {
        Ok((
            r.get::<_, i32>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })?;
    let (Some(first), Some(last)) = (found.first(), found.last()) else {
        return Ok(Vec::new());
    };
    let mut rows = Vec::new();
    let (mut students, mut trainees) = (0i64, 0i64);
    let mut next = found.iter().peekable();
    for year in first.0..=last.0 {
        let (s, t) = match next.peek() {
            Some((y, s, t)) if *y == year => {
                let figures = (*s, *t);
                next.next();
                figures
            }
            _ => (0, 0),
        };
        students += s;
        trainees += t;
        rows.push(YearRow {
            year,
            degree_students: s,
            trainees: t,
            cumulative_students: students,
            cumulative_trainees: trainees,
        });
    }
    Ok(rows)
}

fn institution_query(selection: &Selection) -> Query {
    let (prelude, params) = prelude(selection);
    // One row per workshop and institution as written; rows are grouped by the institution's key in
    // Rust ([`by_institution`]), because SQL cannot apply NFKC.
    let sql = format!(
        "WITH RECURSIVE {prelude}, \
         split(workshop_id, name, rest) AS ( \
           SELECT w.id, '', w.chinese_institution || ';' FROM workshop w WHERE w.id IN sel \
           UNION ALL \
           SELECT workshop_id, substr(rest, 1, instr(rest, ';') - 1), substr(rest, instr(rest, ';') + 1) FROM split WHERE rest <> ''), \
         wi(workshop_id, name) AS (SELECT DISTINCT workshop_id, name FROM split WHERE name <> '') \
         SELECT wi.name, wi.workshop_id, w.country, ifnull(es.students, 0), ifnull(ts.trainees, 0) \
         FROM wi JOIN workshop w ON w.id = wi.workshop_id \
         LEFT JOIN es ON es.workshop_id = wi.workshop_id LEFT JOIN ts ON ts.workshop_id = wi.workshop_id \
         ORDER BY w.code, wi.name"
    );
    Query {
        name: "by_institution",
        sql,
        params,
    }
}

fn institution_majors_query(selection: &Selection) -> Query {
    let (ids, params) = selection.workshop_ids();
    Query {
        name: "by_institution_majors",
        sql: format!(
            "WITH sel(id) AS ({ids}) SELECT wm.workshop_id, wm.major_id FROM workshop_major wm WHERE wm.workshop_id IN sel"
        ),
        params,
    }
}

/// The by-institution table (see [`INSTITUTION_NOTE`]). Names that differ only in case, spaces or
/// full-width forms are one institution (compared by [`crate::model::fields::key`], as every lookup
/// and the selection's filter compare them); the row shows the spelling most of its workshops use,
/// ties going to the one met first in workshop-code order.
pub fn by_institution(conn: &Connection, selection: &Selection) -> Result<Vec<InstitutionRow>> {
    use std::collections::{HashMap, HashSet};
    /// One institution while its rows are gathered.
    #[derive(Default)]
    struct Gathered {
        /// Each spelling, how many workshops write it, and when it was first met.
        spellings: HashMap<String, (usize, usize)>,
        workshops: HashSet<i64>,
        countries: HashSet<String>,
        students: i64,
        trainees: i64,
    }
    let found = rows(conn, institution_query(selection), |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, i64>(3)?,
            r.get::<_, i64>(4)?,
        ))
    })?;
    let mut majors: HashMap<i64, Vec<i64>> = HashMap::new();
    for (workshop, major) in rows(conn, institution_majors_query(selection), |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
    })? {
        majors.entry(workshop).or_default().push(major);
    }
    let mut order: Vec<String> = Vec::new();
    let mut by_key: HashMap<String, Gathered> = HashMap::new();
    for (seen, (name, workshop, country, students, trainees)) in found.into_iter().enumerate() {
        let key = crate::model::fields::key(&name);
        let g = by_key.entry(key.clone()).or_insert_with(|| {
            order.push(key);
            Gathered::default()
        });
        let spelling = g.spellings.entry(name).or_insert((0, seen));
        spelling.0 += 1;
        // A workshop that writes one institution twice (`Inst A;inst a`) still counts once.
        if g.workshops.insert(workshop) {
            g.countries.insert(country);
            g.students += students;
            g.trainees += trainees;
        }
    }
    let mut table: Vec<InstitutionRow> = order
        .iter()
        .filter_map(|key| by_key.remove(key))
        .map(|g| {
            let majors: HashSet<i64> = (g.workshops.iter())
                .flat_map(|w| majors.get(w).into_iter().flatten().copied())
                .collect();
            let institution = (g.spellings.into_iter())
                .min_by(|(_, (n1, s1)), (_, (n2, s2))| n2.cmp(n1).then(s1.cmp(s2)))
                .map(|(name, _)| name)
                .unwrap_or_default();
            InstitutionRow {
                institution,
                workshops: g.workshops.len() as i64,
                countries: g.countries.len() as i64,
                majors: majors.len() as i64,
                degree_students: g.students,
                trainees: g.trainees,
            }
        })
        .collect();
    table.sort_by(|a, b| {
        (b.workshops.cmp(&a.workshops)).then_with(|| a.institution.cmp(&b.institution))
    });
    Ok(table)
}

fn workshop_query(selection: &Selection) -> Query {
    let (prelude, params) = prelude(selection);
    let sql = format!(
        "WITH {prelude}, \
         ms(workshop_id, majors) AS (SELECT wm.workshop_id, count(*) FROM workshop_major wm WHERE wm.workshop_id IN sel GROUP BY wm.workshop_id) \
         SELECT {SUMMARY_COLUMNS}, ifnull(ms.majors, 0), ifnull(es.students, 0), ifnull(ts.trainees, 0) \
         FROM workshop w JOIN country c ON c.iso2 = w.country \
         LEFT JOIN ms ON ms.workshop_id = w.id LEFT JOIN es ON es.workshop_id = w.id LEFT JOIN ts ON ts.workshop_id = w.id \
         WHERE w.id IN sel ORDER BY w.code"
    );
    Query {
        name: "by_workshop",
        sql,
        params,
    }
}

/// The by-workshop table, by code.
pub fn by_workshop(conn: &Connection, selection: &Selection) -> Result<Vec<WorkshopRow>> {
    rows(conn, workshop_query(selection), |r| {
        Ok(WorkshopRow {
            workshop: crate::record::workshop::summary_row(r)?,
            majors: r.get(SUMMARY_WIDTH)?,
            degree_students: r.get(SUMMARY_WIDTH + 1)?,
            trainees: r.get(SUMMARY_WIDTH + 2)?,
            fields: Default::default(),
        })
    })
    .and_then(|mut rows| {
        let numbers = number_fields(conn)?;
        if numbers.is_empty() {
            return Ok(rows);
        }
        let mut values = crate::record::custom_field::named_values_by_code(conn, &numbers)?;
        for row in &mut rows {
            if let Some(fields) = values.remove(&row.workshop.code) {
                row.fields = fields;
            }
        }
        Ok(rows)
    })
}

/// Runs one of the breakdown queries and maps its rows.
fn rows<T>(
    conn: &Connection,
    query: Query,
    map: impl FnMut(&rusqlite::Row) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut stmt = conn.prepare(&query.sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(query.params), map)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
