//! Luban Workshops: `workshops.csv`, the `workshop` table. Everything else hangs off a workshop:
//! its majors, its enrolments and its training counts go with it when it is deleted.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use super::country::Country;
use super::custom_field;
use super::enrolment::Enrolment;
use super::major::MajorRow;
use super::training::Training;
use super::{
    count_where, key, key_field, not_found, opt, rename_code, req, stored, Edit, Entity, Impact,
    Info,
};
use crate::error::{Error, FieldError, ProblemKind, Result, Vocabulary};
use crate::model::fields::{self, clean};
use crate::model::{Fields, Status};
use crate::search::{like_pattern, words};
use crate::write::{Check, Outcome, PutResult, Writer};

pub(crate) const INFO: Info = Info {
    stem: "workshops",
    table: "workshop",
    name: "workshop",
    one: "workshop",
    many: "workshops",
    zh: "工坊",
    columns: &[
        key("code", "编号", "Code"),
        req("name_en", "英文名称", "English name"),
        opt("name_zh", "中文名称", "Chinese name"),
        req("country", "国家", "Country"),
        opt("city", "城市", "City"),
        req(
            "host_institution",
            "外方合作院校",
            "Host institution (abroad)",
        ),
        req("chinese_institution", "中方院校", "Chinese institutions"),
        req("opened_year", "建成年份", "Year opened"),
        opt("opened_on", "揭牌日期", "Opening date"),
        req("status", "状态", "Status"),
        opt("notes", "备注", "Notes"),
    ],
    edit: Edit::Rename,
};

/// A Luban Workshop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workshop {
    /// The key: 2–32 of A–Z, 0–9 and `-`.
    pub code: String,
    /// English name.
    pub name_en: String,
    /// Chinese name.
    pub name_zh: Option<String>,
    /// The country's ISO2 code.
    pub country: String,
    /// City.
    pub city: Option<String>,
    /// The partner institution abroad.
    pub host_institution: String,
    /// The Chinese institutions (one or more).
    pub chinese_institutions: Vec<String>,
    /// The year it opened (or is planned to).
    pub opened_year: i32,
    /// The opening day, when known; falls in `opened_year`.
    pub opened_on: Option<NaiveDate>,
    /// Where it stands.
    pub status: Status,
    /// Free notes (sources, remarks).
    pub notes: Option<String>,
}

/// The filters of the workshop list. Empty or absent fields do not restrict.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct WorkshopQuery {
    /// Words that must all appear (in any letter case) in the code, the English or Chinese name,
    /// the country's code or names, the city, or the institutions.
    pub search: String,
    /// Only workshops with this status.
    pub status: Option<Status>,
    /// Only workshops in this country (ISO2).
    pub country: Option<String>,
    /// Only workshops whose country has this group tag (`SCO`, …).
    pub group: Option<String>,
}

/// A workshop as lists and breakdowns show it: its own fields with its country's names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkshopSummary {
    /// The key.
    pub code: String,
    /// English name.
    pub name_en: String,
    /// Chinese name.
    pub name_zh: Option<String>,
    /// The country's ISO2 code.
    pub country: String,
    /// The country's English name.
    pub country_en: String,
    /// The country's Chinese name.
    pub country_zh: String,
    /// City.
    pub city: Option<String>,
    /// The Chinese institutions.
    pub chinese_institutions: Vec<String>,
    /// The year it opened.
    pub opened_year: i32,
    /// Where it stands.
    pub status: Status,
}

/// The columns [`summary_row`] reads, in order, from `workshop w JOIN country c`.
pub(crate) const SUMMARY_COLUMNS: &str = "w.code, w.name_en, w.name_zh, w.country, c.name_en, c.name_zh, w.city, w.chinese_institution, w.opened_year, w.status";

/// How many columns [`SUMMARY_COLUMNS`] has: a query's own columns follow them.
pub(crate) const SUMMARY_WIDTH: usize = 10;

/// Reads [`SUMMARY_COLUMNS`] from the start of a row: the one mapping of a listed workshop.
pub(crate) fn summary_row(r: &Row) -> rusqlite::Result<WorkshopSummary> {
    let chinese: String = r.get(7)?;
    let state: String = r.get(9)?;
    Ok(WorkshopSummary {
        code: r.get(0)?,
        name_en: r.get(1)?,
        name_zh: r.get(2)?,
        country: r.get(3)?,
        country_en: r.get(4)?,
        country_zh: r.get(5)?,
        city: r.get(6)?,
        chinese_institutions: institutions(&chinese),
        opened_year: r.get(8)?,
        status: status(9, &state)?,
    })
}

/// One line of the workshop list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkshopListRow {
    /// The workshop and its country's names.
    #[serde(flatten)]
    pub workshop: WorkshopSummary,
    /// The partner institution abroad.
    pub host_institution: String,
    /// Majors taught.
    pub majors: i64,
    /// Degree students, all years.
    pub students: i64,
    /// People trained, all years.
    pub trainees: i64,
    /// The values of the fields of the office's own that the list shows (`in_list`), by name;
    /// a field without a value is left out.
    pub fields: std::collections::BTreeMap<String, String>,
}

/// One workshop with everything that hangs off it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkshopDetail {
    /// The workshop's fields.
    pub workshop: Workshop,
    /// Its country.
    pub country: Country,
    /// The majors it teaches, by code.
    pub majors: Vec<MajorRow>,
    /// Its degree enrolments, by year, major and level.
    pub enrolments: Vec<Enrolment>,
    /// Its training counts, by year and kind.
    pub trainings: Vec<Training>,
    /// Its agreements, by code, with where they stand today.
    pub agreements: Vec<super::agreement::AgreementRow>,
    /// Its contacts, partner side first, by name.
    pub contacts: Vec<super::contact::Contact>,
    /// The sum of its enrolments.
    pub students: i64,
    /// The sum of its training counts.
    pub trainees: i64,
    /// Its values of every field of the office's own, in column order ("" for none).
    pub fields: Vec<super::custom_field::FieldValue>,
}

/// The stored list of Chinese institutions (`;`-joined; names never contain `;`).
pub(crate) fn institutions(stored: &str) -> Vec<String> {
    stored.split(';').map(str::to_string).collect()
}

/// The stored status of column `idx`.
pub(crate) fn status(idx: usize, stored_text: &str) -> rusqlite::Result<Status> {
    stored(idx, stored_text, Status::parse)
}

const SELECT: &str = "SELECT id, code, name_en, name_zh, country, city, host_institution, chinese_institution, opened_year, opened_on, status, notes FROM workshop";

fn from_row(r: &Row) -> rusqlite::Result<(i64, Workshop)> {
    let opened_on: Option<String> = r.get(9)?;
    let chinese: String = r.get(7)?;
    let state: String = r.get(10)?;
    Ok((
        r.get(0)?,
        Workshop {
            code: r.get(1)?,
            name_en: r.get(2)?,
            name_zh: r.get(3)?,
            country: r.get(4)?,
            city: r.get(5)?,
            host_institution: r.get(6)?,
            chinese_institutions: institutions(&chinese),
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
            status: status(10, &state)?,
            notes: r.get(11)?,
        },
    ))
}

/// The workshop with this code, with its row id.
pub(crate) fn get(conn: &Connection, code: &str) -> rusqlite::Result<Option<(i64, Workshop)>> {
    conn.prepare_cached(&format!("{SELECT} WHERE code = ?1"))?
        .query_row([code], from_row)
        .optional()
}

/// Every workshop, by code.
pub(crate) fn all(conn: &Connection) -> rusqlite::Result<Vec<Workshop>> {
    conn.prepare(&format!("{SELECT} ORDER BY code"))?
        .query_map([], |r| from_row(r).map(|(_, w)| w))?
        .collect()
}

/// The row id of the workshop with this code.
pub(crate) fn id(conn: &Connection, code: &str) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached("SELECT id FROM workshop WHERE code = ?1")?
        .query_row([code.to_ascii_uppercase()], |r| r.get(0))
        .optional()
}

/// Workshop code → row id and opening year, for a batch's lookups.
pub(crate) fn lookup(conn: &Connection) -> rusqlite::Result<HashMap<String, (i64, i32)>> {
    let mut map = HashMap::new();
    let mut stmt = conn.prepare("SELECT code, id, opened_year FROM workshop")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        map.insert(r.get(0)?, (r.get(1)?, r.get(2)?));
    }
    Ok(map)
}

/// Every workshop's English and Chinese name in lower case, with the codes of the workshops that
/// bear it (sorted; more than one when the name is not unique), and each code with its names as
/// written, for suggestions.
pub(crate) fn names(conn: &Connection) -> rusqlite::Result<WorkshopNames> {
    let mut names = WorkshopNames::default();
    let mut stmt = conn.prepare("SELECT code, name_en, name_zh FROM workshop ORDER BY code")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let code: String = r.get(0)?;
        for i in 1..3 {
            let Some(name) = r.get::<_, Option<String>>(i)? else {
                continue;
            };
            let codes = names.by_name.entry(fields::key(&name)).or_default();
            if !codes.contains(&code) {
                codes.push(code.clone());
            }
            names.written.push((name, code.clone()));
        }
    }
    Ok(names)
}

/// The names of the registry's workshops (see [`names`]).
#[derive(Default)]
pub(crate) struct WorkshopNames {
    /// Lower-case name → the codes of the workshops bearing it.
    pub by_name: HashMap<String, Vec<String>>,
    /// Every (name as written, code), for "did you mean".
    pub written: Vec<(String, String)>,
}

/// Whether the registry holds no workshop yet.
pub(crate) fn none(conn: &Connection) -> Result<bool> {
    Ok(super::count(conn, Entity::Workshops)? == 0)
}

/// The workshops matching `query`, by code, with their country names and totals.
pub(crate) fn list(conn: &Connection, query: &WorkshopQuery) -> Result<Vec<WorkshopListRow>> {
    let mut sql = format!(
        "SELECT {SUMMARY_COLUMNS}, w.host_institution, \
         (SELECT count(*) FROM workshop_major wm WHERE wm.workshop_id = w.id), \
         (SELECT ifnull(sum(e.students), 0) FROM enrolment e WHERE e.workshop_id = w.id), \
         (SELECT ifnull(sum(t.trainees), 0) FROM training t WHERE t.workshop_id = w.id) \
         FROM workshop w JOIN country c ON c.iso2 = w.country WHERE 1",
    );
    let mut values: Vec<Value> = Vec::new();
    if let Some(status) = query.status {
        sql.push_str(" AND w.status = ?");
        values.push(Value::Text(status.as_str().into()));
    }
    if let Some(country) = query
        .country
        .as_deref()
        .map(clean)
        .filter(|c| !c.is_empty())
    {
        sql.push_str(" AND w.country = ?");
        values.push(Value::Text(country.to_ascii_uppercase()));
    }
    if let Some(group) = query.group.as_deref().map(clean).filter(|g| !g.is_empty()) {
        sql.push_str(" AND EXISTS (SELECT 1 FROM country_group g WHERE g.country = w.country AND g.tag = ? COLLATE NOCASE)");
        values.push(Value::Text(group.to_string()));
    }
    for word in words(&query.search) {
        sql.push_str(
            " AND (w.code || char(31) || w.name_en || char(31) || ifnull(w.name_zh, '') || char(31) || \
             w.country || char(31) || c.iso3 || char(31) || c.name_en || char(31) || c.name_zh || char(31) || \
             ifnull(w.city, '') || char(31) || w.host_institution || char(31) || w.chinese_institution) \
             LIKE ? ESCAPE '\\'",
        );
        values.push(Value::Text(like_pattern(word)));
    }
    sql.push_str(" ORDER BY w.code");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(values), |r| {
        Ok(WorkshopListRow {
            workshop: summary_row(r)?,
            host_institution: r.get(SUMMARY_WIDTH)?,
            majors: r.get(SUMMARY_WIDTH + 1)?,
            students: r.get(SUMMARY_WIDTH + 2)?,
            trainees: r.get(SUMMARY_WIDTH + 3)?,
            fields: Default::default(),
        })
    })?;
    let mut rows: Vec<WorkshopListRow> = rows.collect::<rusqlite::Result<_>>()?;
    let shown: Vec<custom_field::Def> = custom_field::defs(conn, Entity::Workshops)?
        .into_iter()
        .filter(|d| d.in_list)
        .collect();
    if !shown.is_empty() {
        let mut values = custom_field::named_values_by_code(conn, &shown)?;
        for row in &mut rows {
            if let Some(fields) = values.remove(&row.workshop.code) {
                row.fields = fields;
            }
        }
    }
    Ok(rows)
}

/// One workshop with its country, majors, enrolments, training counts and their totals.
pub(crate) fn detail(conn: &Connection, code: &str) -> Result<WorkshopDetail> {
    let code = clean(code).to_ascii_uppercase();
    let (id, workshop) = get(conn, &code)?.ok_or_else(|| Error::NotFound {
        entity: Entity::Workshops,
        key: code.clone(),
    })?;
    let country = super::country::get(conn, &workshop.country)?.ok_or_else(|| Error::NotFound {
        entity: Entity::Countries,
        key: workshop.country.clone(),
    })?;
    let majors = super::major::list(conn, Some(id))?;
    let mut enrolments = Vec::new();
    super::enrolment::each(conn, Some(&code), |e| {
        enrolments.push(e);
        Ok(())
    })?;
    let mut trainings = Vec::new();
    super::training::each(conn, Some(&code), |t| {
        trainings.push(t);
        Ok(())
    })?;
    let agreements = super::agreement::of_workshop(conn, &code, chrono::Local::now().date_naive())?;
    let contacts = super::contact::all(conn, Some(&code))?;
    let fields = custom_field::of_record(conn, Entity::Workshops, id)?;
    Ok(WorkshopDetail {
        fields,
        agreements,
        contacts,
        students: enrolments.iter().map(|e| e.students).sum(),
        trainees: trainings.iter().map(|t| t.trainees).sum(),
        workshop,
        country,
        majors,
        enrolments,
        trainings,
    })
}

pub(crate) fn put(w: &mut Writer, f: &dyn Fields, line: u64) -> PutResult {
    let mut c = Check::default();
    let v = |k| f.get(k).unwrap_or("");
    let code = fields::code("code", v("code"));
    let name_en = fields::required_text("name_en", v("name_en"));
    let country = w.resolve_country("country", v("country"))?;
    let host = fields::required_text("host_institution", v("host_institution"));
    let chinese = fields::required_list("chinese_institution", v("chinese_institution"));
    let opened_year = fields::year("opened_year", v("opened_year"), w.max_opening_year);
    let opened_on = fields::optional_date_in_order("opened_on", v("opened_on"), w.date_order);
    if let (Ok(y), Ok(Some(d))) = (&opened_year, &opened_on) {
        if d.year() != *y {
            c.push(FieldError::new(
                "opened_on",
                clean(v("opened_on")),
                ProblemKind::OpeningDateYear {
                    date_year: d.year(),
                    opened_year: *y,
                },
            ));
        }
    }
    let status = fields::vocabulary("status", v("status"), Status::parse, Vocabulary::Status);
    // The office's own fields: checked with the rest, so every problem of the row is reported.
    let own_fields = w.workshop_fields()?;
    let mut own_errors = Vec::new();
    let given = custom_field::read(&own_fields, f, w.date_order, &mut own_errors);
    for e in own_errors {
        c.push(e);
    }
    let (code, name_en, country, host, chinese, opened_year, opened_on, status) = c.finish((
        code,
        name_en,
        country,
        host,
        chinese,
        opened_year,
        opened_on,
        status,
    ))?;
    let old = get(w.conn, &code)?;
    // An optional column left out of a file keeps the stored value; present and blank clears it.
    let keep = |field: &str, old_value: Option<&Option<String>>| match f.get(field) {
        Some(text) => fields::optional_text(text),
        None => old_value.cloned().flatten(),
    };
    let new = Workshop {
        name_zh: keep("name_zh", old.as_ref().map(|(_, o)| &o.name_zh)),
        city: keep("city", old.as_ref().map(|(_, o)| &o.city)),
        notes: keep("notes", old.as_ref().map(|(_, o)| &o.notes)),
        opened_on: if f.get("opened_on").is_none() {
            old.as_ref().and_then(|(_, o)| o.opened_on)
        } else {
            opened_on
        },
        code,
        name_en,
        country,
        host_institution: host,
        chinese_institutions: chinese,
        opened_year,
        status,
    };
    let values = params![
        new.code,
        new.name_en,
        new.name_zh,
        new.country,
        new.city,
        new.host_institution,
        new.chinese_institutions.join(";"),
        new.opened_year,
        new.opened_on.map(|d| d.format("%Y-%m-%d").to_string()),
        new.status.as_str(),
        new.notes
    ];
    let outcome = match &old {
        Some((id, o)) => {
            if let Some(earlier) = w.repeat_of_row(Entity::Workshops, *id, line)? {
                return Err(crate::write::repeated("code", &new.code, earlier).into());
            }
            let row_changed = *o != new;
            if row_changed {
                w.conn
                    .prepare_cached("UPDATE workshop SET name_en = ?2, name_zh = ?3, country = ?4, city = ?5, host_institution = ?6, chinese_institution = ?7, opened_year = ?8, opened_on = ?9, status = ?10, notes = ?11 WHERE code = ?1")?
                    .execute(values)?;
            }
            let values_changed = custom_field::store(w.conn, *id, &given)?;
            if !row_changed && !values_changed {
                return Ok(Outcome::Unchanged.into());
            }
            Outcome::Updated
        }
        None => {
            w.conn
                .prepare_cached("INSERT INTO workshop (code, name_en, name_zh, country, city, host_institution, chinese_institution, opened_year, opened_on, status, notes) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)")?
                .execute(values)?;
            let id = w.conn.last_insert_rowid();
            w.repeat_of_row(Entity::Workshops, id, line)?;
            custom_field::store(w.conn, id, &given)?;
            Outcome::Added
        }
    };
    w.changed(Entity::Workshops);
    Ok(outcome.into())
}

/// Every workshop as its CSV cells, by code: the registry's columns, then the values of the
/// fields of the office's own in their order (the history and the round trip carry them so).
pub(crate) fn export(conn: &Connection, row: &mut dyn FnMut(&[&str]) -> Result<()>) -> Result<()> {
    let own = custom_field::defs(conn, Entity::Workshops)?;
    let values = custom_field::values_by_code(conn, &own)?;
    let blank = vec![String::new(); own.len()];
    for x in all(conn)? {
        let opened_on = x
            .opened_on
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default();
        let chinese = x.chinese_institutions.join(";");
        let year = x.opened_year.to_string();
        let mut cells: Vec<&str> = vec![
            &x.code,
            &x.name_en,
            x.name_zh.as_deref().unwrap_or(""),
            &x.country,
            x.city.as_deref().unwrap_or(""),
            &x.host_institution,
            &chinese,
            &year,
            &opened_on,
            x.status.as_str(),
            x.notes.as_deref().unwrap_or(""),
        ];
        cells.extend(
            values
                .get(&x.code)
                .unwrap_or(&blank)
                .iter()
                .map(String::as_str),
        );
        row(&cells)?;
    }
    Ok(())
}

/// A workshop takes its majors (unlinked), enrolments, training counts, agreements and contacts
/// with it. It cannot be deleted while an agreement of another workshop renews one of its
/// agreements (that renewal would lose what it renews).
pub(crate) fn impact(conn: &Connection, key: &dyn Fields) -> Result<Impact> {
    let id = id(conn, key_field(key, "code"))?.ok_or_else(|| not_found(Entity::Workshops, key))?;
    let renewed_elsewhere = count_where(
        conn,
        "SELECT count(*) FROM agreement r JOIN agreement a ON a.id = r.renews_id \
         WHERE a.workshop_id = ?1 AND r.workshop_id <> ?1",
        [id],
    )?;
    if renewed_elsewhere > 0 {
        return Err(Error::InUse {
            entity: Entity::Workshops,
            key: key_field(key, "code").to_ascii_uppercase(),
            count: renewed_elsewhere,
            users: Entity::Agreements,
        });
    }
    let n = |sql| count_where(conn, sql, [id]).map(|n| n as u64);
    Ok(Impact {
        majors: n("SELECT count(*) FROM workshop_major WHERE workshop_id = ?1")?,
        enrolments: n("SELECT count(*) FROM enrolment WHERE workshop_id = ?1")?,
        trainings: n("SELECT count(*) FROM training WHERE workshop_id = ?1")?,
        agreements: n("SELECT count(*) FROM agreement WHERE workshop_id = ?1")?,
        contacts: n("SELECT count(*) FROM contact WHERE workshop_id = ?1")?,
        documents: crate::document::count_for(
            conn,
            "SELECT id FROM agreement WHERE workshop_id = ?1",
            id,
        )?,
    })
}

/// Deletes the workshop; its links and figures go with it (ON DELETE CASCADE).
pub(crate) fn delete(conn: &Connection, key: &dyn Fields) -> Result<usize> {
    Ok(conn.execute(
        "DELETE FROM workshop WHERE code = ?1",
        [key_field(key, "code").to_ascii_uppercase()],
    )?)
}

/// A form may change a workshop's code.
pub(crate) fn edit(conn: &Connection, original: &dyn Fields, fields: &dyn Fields) -> Result<()> {
    rename_code(conn, Entity::Workshops, original, fields)
}

/// Workshops opening later than the registry accepts today (the ceiling moves with the date, so
/// the schema cannot hold it).
pub(crate) fn check(conn: &Connection) -> Result<Vec<crate::check::Finding>> {
    let max = fields::max_opening_year();
    super::years_after(
        conn,
        Entity::Workshops,
        "SELECT code, opened_year FROM workshop WHERE opened_year > ?1",
        max,
    )
}
