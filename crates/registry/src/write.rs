//! Validating and storing one record at a time: the single path from raw fields to the database.
//!
//! The CSV importer calls it for each row inside the import's transaction; the app calls it for a
//! record saved from a form. Both therefore give the same messages for the same mistakes. A
//! [`Writer`] caches the lookups a batch needs (country names, workshop codes, a workshop's majors)
//! so a million-row file does one indexed query per row at most.

use std::collections::{HashMap, HashSet};

use rusqlite::{params, Connection, OptionalExtension, Statement};

use crate::error::FieldError;
use crate::model::entity::field_zh;
use crate::model::fields::{self, clean};
use crate::model::{
    Country, Entity, Fields, Level, Major, MajorCategory, Region, Status, TrainingKind, Workshop,
};

/// What writing one record did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    Added,
    Updated,
    Unchanged,
}

/// The result of a successful put: its outcome and at most one warning.
pub(crate) struct Put {
    pub outcome: Outcome,
    pub warning: Option<FieldError>,
}

impl Put {
    fn plain(outcome: Outcome) -> Self {
        Put {
            outcome,
            warning: None,
        }
    }
}

/// Why a put failed: the record's fields are invalid, or the database failed.
#[derive(Debug)]
pub(crate) enum PutError {
    Invalid(Vec<FieldError>),
    Db(rusqlite::Error),
}

impl From<rusqlite::Error> for PutError {
    fn from(e: rusqlite::Error) -> Self {
        PutError::Db(e)
    }
}

impl From<FieldError> for PutError {
    fn from(e: FieldError) -> Self {
        PutError::Invalid(vec![e])
    }
}

type PutResult = Result<Put, PutError>;

/// A lookup: the database may fail (outer), or the value may not be found (inner, a field error).
type Lookup<T> = rusqlite::Result<Result<T, FieldError>>;

/// Collects field errors so a record reports all of them, not just the first.
#[derive(Default)]
struct Check(Vec<FieldError>);

impl Check {
    fn take<T>(&mut self, r: Result<T, FieldError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.0.push(e);
                None
            }
        }
    }
    fn push(&mut self, e: FieldError) {
        self.0.push(e);
    }
    fn finish(self) -> Result<(), PutError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(PutError::Invalid(self.0))
        }
    }
}

/// Which rows this batch has already written, to report a key repeated within one file at the later
/// line, naming the earlier one. Rows new to the table get consecutive rowids, so their lines are
/// a plain vector (4 bytes a row); other rows go in a map.
#[derive(Default)]
struct Seen {
    first_new_rowid: i64,
    new_lines: Vec<u32>,
    other: HashMap<i64, u32>,
}

impl Seen {
    fn starting_after(max_rowid: i64) -> Self {
        Seen {
            first_new_rowid: max_rowid + 1,
            ..Seen::default()
        }
    }
    fn record(&mut self, rowid: i64, line: u64) {
        let line = u32::try_from(line).unwrap_or(u32::MAX);
        if rowid - self.first_new_rowid == self.new_lines.len() as i64 {
            self.new_lines.push(line);
        } else {
            self.other.insert(rowid, line);
        }
    }
    fn line_of(&self, rowid: i64) -> Option<u64> {
        let index = rowid - self.first_new_rowid;
        if index >= 0 && (index as usize) < self.new_lines.len() {
            return Some(self.new_lines[index as usize] as u64);
        }
        self.other.get(&rowid).map(|&l| l as u64)
    }
}

/// Validates and stores records of one batch (a file, or a single edit).
pub(crate) struct Writer<'c> {
    conn: &'c Connection,
    /// Report keys repeated within the batch (for files); off for single edits.
    track_repeats: bool,
    max_figure_year: i32,
    max_opening_year: i32,
    countries: Option<HashMap<String, String>>,
    categories: Option<HashMap<String, i64>>,
    majors: Option<HashMap<String, (i64, String)>>,
    workshops: Option<HashMap<String, (i64, i32)>>,
    links: Option<HashSet<(i64, i64)>>,
    seen: HashMap<Entity, Seen>,
    seen_keys: HashMap<String, u32>,
    table_was_empty: HashMap<Entity, bool>,
    /// Statements of the per-row hot paths (figures), held rather than looked up in rusqlite's
    /// statement cache on every row: the lookup cost an eighth of a million-row import.
    hot: [Option<Statement<'c>>; HOT_COUNT],
}

const ENROLMENT_FIND: usize = 0;
const ENROLMENT_INSERT: usize = 1;
const ENROLMENT_UPDATE: usize = 2;
const TRAINING_FIND: usize = 3;
const TRAINING_INSERT: usize = 4;
const TRAINING_UPDATE: usize = 5;
const HOT_COUNT: usize = 6;
const HOT_SQL: [&str; HOT_COUNT] = [
    "SELECT id, students FROM enrolment WHERE workshop_id = ?1 AND year = ?2 AND ifnull(major_id, 0) = ?3 AND level = ?4",
    "INSERT INTO enrolment (workshop_id, year, major_id, level, students) VALUES (?1, ?2, ?3, ?4, ?5)",
    "UPDATE enrolment SET students = ?2 WHERE id = ?1",
    "SELECT id, trainees FROM training WHERE workshop_id = ?1 AND year = ?2 AND kind = ?3",
    "INSERT INTO training (workshop_id, year, kind, trainees) VALUES (?1, ?2, ?3, ?4)",
    "UPDATE training SET trainees = ?2 WHERE id = ?1",
];

fn repeat_error(field: &str, value: &str, earlier: u64) -> FieldError {
    FieldError::new(
        field,
        value,
        format!("this key was already given on line {earlier}; keep one of the two rows"),
        format!("同一键已在第 {earlier} 行出现过；请只保留其中一行"),
    )
}

fn is_unique_violation(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE || f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY)
}

impl<'c> Writer<'c> {
    pub fn new(conn: &'c Connection, track_repeats: bool) -> Self {
        Writer {
            conn,
            track_repeats,
            max_figure_year: fields::max_figure_year(),
            max_opening_year: fields::max_opening_year(),
            countries: None,
            categories: None,
            majors: None,
            workshops: None,
            links: None,
            seen: HashMap::new(),
            seen_keys: HashMap::new(),
            table_was_empty: HashMap::new(),
            hot: Default::default(),
        }
    }

    fn hot(&mut self, which: usize) -> rusqlite::Result<&mut Statement<'c>> {
        if self.hot[which].is_none() {
            self.hot[which] = Some(self.conn.prepare(HOT_SQL[which])?);
        }
        match self.hot[which].as_mut() {
            Some(stmt) => Ok(stmt),
            None => Err(rusqlite::Error::InvalidQuery),
        }
    }

    /// Writes one record of `entity` from `f`; `line` names it in repeat messages.
    pub fn put(&mut self, entity: Entity, f: &dyn Fields, line: u64) -> PutResult {
        match entity {
            Entity::Countries => self.put_country(f, line),
            Entity::MajorCategories => self.put_category(f, line),
            Entity::Majors => self.put_major(f, line),
            Entity::Workshops => self.put_workshop(f, line),
            Entity::WorkshopMajors => self.put_link(f, line),
            Entity::Enrolments => self.put_enrolment(f, line),
            Entity::Trainings => self.put_training(f, line),
        }
    }

    // ---- lookups -------------------------------------------------------------------------------

    fn country_lookup(&mut self) -> rusqlite::Result<&HashMap<String, String>> {
        if self.countries.is_none() {
            let mut map = HashMap::new();
            let mut stmt = self
                .conn
                .prepare("SELECT iso2, iso3, name_en, name_zh FROM country")?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let iso2: String = r.get(0)?;
                for i in 1..4 {
                    let key: String = r.get(i)?;
                    map.insert(key.to_lowercase(), iso2.clone());
                }
                map.insert(iso2.to_lowercase(), iso2);
            }
            self.countries = Some(map);
        }
        Ok(self.countries.get_or_insert_with(HashMap::new))
    }

    fn resolve_country(&mut self, field: &str, value: &str) -> Lookup<String> {
        let value = clean(value);
        if value.is_empty() {
            return Ok(Err(FieldError::new(
                field,
                value,
                format!("{field} is required; give the country's ISO code (e.g. TH) or its name"),
                format!(
                    "「{}」为必填项；请填写国家的 ISO 代码（如 TH）或名称",
                    field_zh(field)
                ),
            )));
        }
        Ok(match self.country_lookup()?.get(&value.to_lowercase()) {
            Some(iso2) => Ok(iso2.clone()),
            None => Err(FieldError::new(
                field,
                value,
                format!("{value:?} is not a country in the registry; use an ISO code (TH or THA) or the English or Chinese name as in countries.csv"), format!("“{value}”不是登记册中的国家；请使用 ISO 代码（TH 或 THA），或 countries.csv 中的英文或中文名称"),
            )),
        })
    }

    fn category_lookup(&mut self) -> rusqlite::Result<&HashMap<String, i64>> {
        if self.categories.is_none() {
            let mut map = HashMap::new();
            let mut stmt = self
                .conn
                .prepare("SELECT code, name_en, name_zh FROM major_category")?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let code: i64 = r.get(0)?;
                map.insert(code.to_string(), code);
                map.insert(r.get::<_, String>(1)?.to_lowercase(), code);
                map.insert(r.get::<_, String>(2)?.to_lowercase(), code);
            }
            self.categories = Some(map);
        }
        Ok(self.categories.get_or_insert_with(HashMap::new))
    }

    fn major_lookup(&mut self) -> rusqlite::Result<&HashMap<String, (i64, String)>> {
        if self.majors.is_none() {
            let mut map = HashMap::new();
            let mut stmt = self
                .conn
                .prepare("SELECT id, code, name_en, name_zh FROM major ORDER BY id")?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let id: i64 = r.get(0)?;
                let code: String = r.get(1)?;
                for i in 2..4 {
                    if let Some(name) = r.get::<_, Option<String>>(i)? {
                        map.entry(name.to_lowercase()).or_insert((id, code.clone()));
                    }
                }
                map.insert(code.to_lowercase(), (id, code));
            }
            self.majors = Some(map);
        }
        Ok(self.majors.get_or_insert_with(HashMap::new))
    }

    fn resolve_major(&mut self, field: &str, value: &str) -> Lookup<(i64, String)> {
        let value = clean(value);
        if value.is_empty() {
            return Ok(Err(FieldError::new(
                field,
                value,
                format!("{field} is required; give a major code from majors.csv"),
                format!(
                    "「{}」为必填项；请填写 majors.csv 中的专业编号",
                    field_zh(field)
                ),
            )));
        }
        Ok(match self.major_lookup()?.get(&value.to_lowercase()) {
            Some(found) => Ok(found.clone()),
            None => Err(FieldError::new(
                field,
                value,
                format!("{value:?} is not a major in the registry; use a major code from majors.csv (or add the major first)"), format!("“{value}”不是登记册中的专业；请使用 majors.csv 中的专业编号（或先添加该专业）"),
            )),
        })
    }

    fn workshop_lookup(&mut self) -> rusqlite::Result<&HashMap<String, (i64, i32)>> {
        if self.workshops.is_none() {
            let mut map = HashMap::new();
            let mut stmt = self
                .conn
                .prepare("SELECT code, id, opened_year FROM workshop")?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                map.insert(r.get(0)?, (r.get(1)?, r.get(2)?));
            }
            self.workshops = Some(map);
        }
        Ok(self.workshops.get_or_insert_with(HashMap::new))
    }

    fn resolve_workshop(&mut self, field: &str, value: &str) -> Lookup<(i64, i32)> {
        // Fast path: the code as written is already a stored code (no allocation).
        if let Some(found) = self.workshop_lookup()?.get(clean(value)) {
            return Ok(Ok(*found));
        }
        let code = match fields::code(field, value) {
            Ok(code) => code,
            Err(e) => return Ok(Err(e)),
        };
        Ok(match self.workshop_lookup()?.get(&code) {
            Some(found) => Ok(*found),
            None => Err(FieldError::new(
                field,
                clean(value),
                format!("there is no workshop with code {code}; use a code from workshops.csv (or add the workshop first)"), format!("没有编号为 {code} 的工坊；请使用 workshops.csv 中的编号（或先添加该工坊）"),
            )),
        })
    }

    fn link_lookup(&mut self) -> rusqlite::Result<&HashSet<(i64, i64)>> {
        if self.links.is_none() {
            let mut set = HashSet::new();
            let mut stmt = self
                .conn
                .prepare("SELECT workshop_id, major_id FROM workshop_major")?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                set.insert((r.get(0)?, r.get(1)?));
            }
            self.links = Some(set);
        }
        Ok(self.links.get_or_insert_with(HashSet::new))
    }

    fn table_was_empty(&mut self, entity: Entity, table: &str) -> rusqlite::Result<bool> {
        if let Some(&empty) = self.table_was_empty.get(&entity) {
            return Ok(empty);
        }
        let empty =
            !self
                .conn
                .query_row(&format!("SELECT EXISTS (SELECT 1 FROM {table})"), [], |r| {
                    r.get::<_, bool>(0)
                })?;
        self.table_was_empty.insert(entity, empty);
        Ok(empty)
    }

    fn seen(&mut self, entity: Entity, table: &str) -> rusqlite::Result<&mut Seen> {
        if !self.seen.contains_key(&entity) {
            let max: i64 = self.conn.query_row(
                &format!("SELECT ifnull(max(rowid), 0) FROM {table}"),
                [],
                |r| r.get(0),
            )?;
            self.seen.insert(entity, Seen::starting_after(max));
        }
        Ok(self.seen.entry(entity).or_default())
    }

    /// For tables keyed by text (countries, workshop majors): the earlier line of this key, if any.
    fn repeat_of_key(&mut self, key: String, line: u64) -> Option<u64> {
        if !self.track_repeats {
            return None;
        }
        match self.seen_keys.entry(key) {
            std::collections::hash_map::Entry::Occupied(e) => Some(*e.get() as u64),
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(u32::try_from(line).unwrap_or(u32::MAX));
                None
            }
        }
    }

    /// For rowid tables: records that this batch wrote `rowid` at `line`, or names the earlier line.
    fn repeat_of_row(
        &mut self,
        entity: Entity,
        table: &str,
        rowid: i64,
        line: u64,
    ) -> rusqlite::Result<Option<u64>> {
        if !self.track_repeats {
            return Ok(None);
        }
        let seen = self.seen(entity, table)?;
        if let Some(earlier) = seen.line_of(rowid) {
            return Ok(Some(earlier));
        }
        seen.record(rowid, line);
        Ok(None)
    }

    // ---- entities -------------------------------------------------------------------------------

    fn put_country(&mut self, f: &dyn Fields, line: u64) -> PutResult {
        let mut c = Check::default();
        let get = |k| f.get(k).unwrap_or("");
        let iso2 = c.take(letters("iso2", get("iso2"), 2));
        let iso3 = c.take(letters("iso3", get("iso3"), 3));
        let name_en = c.take(fields::required_text("name_en", get("name_en")));
        let name_zh = c.take(fields::required_text("name_zh", get("name_zh")));
        let region = match f.get("region").map(clean) {
            None | Some("") => Some(None),
            Some(text) => c.take(Region::parse(text).map(Some).ok_or_else(|| {
                FieldError::new(
                    "region",
                    text,
                    format!("{text:?} is not a region; use one of {}", Region::choices()),
                    format!("“{text}”不是有效的地区；请使用：{}", Region::choices()),
                )
            })),
        };
        let groups = f.get("groups").map(|text| {
            let mut tags = fields::list(text);
            for tag in &tags {
                if !tag.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
                    c.push(FieldError::new("groups", tag, format!("{tag:?} is not a valid group tag; use letters, digits and '-' only, and separate tags with ';'"), format!("“{tag}”不是有效的国际组织标签；只能使用字母、数字和“-”，多个标签用“;”分隔")));
                }
            }
            tags.sort();
            tags
        });
        if let (Some(iso2), Some(iso3)) = (&iso2, &iso3) {
            let other: Option<String> = self
                .conn
                .query_row(
                    "SELECT iso2 FROM country WHERE iso3 = ?1 AND iso2 <> ?2",
                    params![iso3, iso2],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(other) = other {
                c.push(FieldError::new("iso3", iso3, format!("{iso3} is already the code of country {other}; each country needs its own ISO3 code"), format!("{iso3} 已是国家 {other} 的代码；每个国家须有自己的三字母代码")));
            }
        }
        c.finish()?;
        let (Some(iso2), Some(iso3), Some(name_en), Some(name_zh), Some(region)) =
            (iso2, iso3, name_en, name_zh, region)
        else {
            unreachable!("Check::finish returns the errors of every missing field")
        };
        if let Some(earlier) = self.repeat_of_key(format!("country:{iso2}"), line) {
            return Err(repeat_error("iso2", &iso2, earlier).into());
        }
        let old = crate::read::country(self.conn, &iso2)?;
        let new = Country {
            region: if f.get("region").is_none() {
                old.as_ref().and_then(|o| o.region)
            } else {
                region
            },
            groups: groups
                .unwrap_or_else(|| old.as_ref().map(|o| o.groups.clone()).unwrap_or_default()),
            iso2,
            iso3,
            name_en,
            name_zh,
        };
        let outcome = match &old {
            Some(o) if *o == new => return Ok(Put::plain(Outcome::Unchanged)),
            Some(_) => {
                self.conn.prepare_cached("UPDATE country SET iso3 = ?2, name_en = ?3, name_zh = ?4, region = ?5 WHERE iso2 = ?1")?.execute(params![
                    new.iso2, new.iso3, new.name_en, new.name_zh, new.region.map(Region::as_str)
                ])?;
                self.conn
                    .prepare_cached("DELETE FROM country_group WHERE country = ?1")?
                    .execute([&new.iso2])?;
                Outcome::Updated
            }
            None => {
                self.conn.prepare_cached("INSERT INTO country (iso2, iso3, name_en, name_zh, region) VALUES (?1, ?2, ?3, ?4, ?5)")?.execute(params![
                    new.iso2, new.iso3, new.name_en, new.name_zh, new.region.map(Region::as_str)
                ])?;
                Outcome::Added
            }
        };
        let mut insert = self
            .conn
            .prepare_cached("INSERT INTO country_group (country, tag) VALUES (?1, ?2)")?;
        for tag in &new.groups {
            insert.execute(params![new.iso2, tag])?;
        }
        self.countries = None;
        Ok(Put::plain(outcome))
    }

    fn put_category(&mut self, f: &dyn Fields, line: u64) -> PutResult {
        let mut c = Check::default();
        let get = |k| f.get(k).unwrap_or("");
        let raw = clean(get("code"));
        let code = c.take(match raw.parse::<i64>() {
            Ok(n) if (41..=59).contains(&n) => Ok(n),
            _ => Err(FieldError::new("code", raw, format!("{raw:?} is not a major category code; use a number from 41 to 59 as in the 2021 catalogue"), format!("“{raw}”不是专业大类代码；请使用 2021 年专业目录中的 41 至 59"))),
        });
        let name_en = c.take(fields::required_text("name_en", get("name_en")));
        let name_zh = c.take(fields::required_text("name_zh", get("name_zh")));
        c.finish()?;
        let (Some(code), Some(name_en), Some(name_zh)) = (code, name_en, name_zh) else {
            unreachable!("Check::finish returns the errors of every missing field")
        };
        if let Some(earlier) =
            self.repeat_of_row(Entity::MajorCategories, "major_category", code, line)?
        {
            return Err(repeat_error("code", raw, earlier).into());
        }
        let new = MajorCategory {
            code,
            name_en,
            name_zh,
        };
        let old = crate::read::major_category(self.conn, code)?;
        let outcome = match old {
            Some(o) if o == new => Outcome::Unchanged,
            Some(_) => {
                self.conn.execute(
                    "UPDATE major_category SET name_en = ?2, name_zh = ?3 WHERE code = ?1",
                    params![new.code, new.name_en, new.name_zh],
                )?;
                Outcome::Updated
            }
            None => {
                self.conn.execute(
                    "INSERT INTO major_category (code, name_en, name_zh) VALUES (?1, ?2, ?3)",
                    params![new.code, new.name_en, new.name_zh],
                )?;
                Outcome::Added
            }
        };
        self.categories = None;
        Ok(Put::plain(outcome))
    }

    fn put_major(&mut self, f: &dyn Fields, line: u64) -> PutResult {
        let mut c = Check::default();
        let code = c.take(fields::code("code", f.get("code").unwrap_or("")));
        let category_text = clean(f.get("category").unwrap_or(""));
        let category = match self.category_lookup()?.get(&category_text.to_lowercase()) {
            Some(&code) => Some(code),
            None => {
                let (en, zh) = if category_text.is_empty() {
                    (
                        "category is required; give the major category code (41–59)".to_string(),
                        "「专业大类」为必填项；请填写专业大类代码（41–59）".to_string(),
                    )
                } else {
                    (
                        format!("{category_text:?} is not a major category; use a code from 41 to 59 (see major_categories.csv)"),
                        format!("“{category_text}”不是专业大类；请使用 41 至 59 的代码（见 major_categories.csv）"),
                    )
                };
                c.push(FieldError::new("category", category_text, en, zh));
                None
            }
        };
        c.finish()?;
        let (Some(code), Some(category)) = (code, category) else {
            unreachable!("Check::finish returns the errors of every missing field")
        };
        let old = crate::read::major(self.conn, &code)?;
        let name = |field: &str, old_value: Option<&Option<String>>| match f.get(field) {
            Some(text) => fields::optional_text(text),
            None => old_value.cloned().flatten(),
        };
        let new = Major {
            name_en: name("name_en", old.as_ref().map(|(_, o)| &o.name_en)),
            name_zh: name("name_zh", old.as_ref().map(|(_, o)| &o.name_zh)),
            code,
            category,
        };
        if new.name_en.is_none() && new.name_zh.is_none() {
            return Err(FieldError::new(
                "name_en",
                "",
                "a major needs a name; fill in name_en or name_zh (or both)",
                "专业需要名称；请填写英文名称或中文名称（或两者都填）",
            )
            .into());
        }
        let outcome = match &old {
            Some((id, o)) => {
                if let Some(earlier) = self.repeat_of_row(Entity::Majors, "major", *id, line)? {
                    return Err(repeat_error("code", &new.code, earlier).into());
                }
                if *o == new {
                    return Ok(Put::plain(Outcome::Unchanged));
                }
                self.conn.execute(
                    "UPDATE major SET name_en = ?2, name_zh = ?3, category = ?4 WHERE id = ?1",
                    params![id, new.name_en, new.name_zh, new.category],
                )?;
                Outcome::Updated
            }
            None => {
                self.conn.execute(
                    "INSERT INTO major (code, name_en, name_zh, category) VALUES (?1, ?2, ?3, ?4)",
                    params![new.code, new.name_en, new.name_zh, new.category],
                )?;
                let id = self.conn.last_insert_rowid();
                self.repeat_of_row(Entity::Majors, "major", id, line)?;
                Outcome::Added
            }
        };
        self.majors = None;
        Ok(Put::plain(outcome))
    }

    fn put_workshop(&mut self, f: &dyn Fields, line: u64) -> PutResult {
        let mut c = Check::default();
        let get = |k| f.get(k).unwrap_or("");
        let code = c.take(fields::code("code", get("code")));
        let name_en = c.take(fields::required_text("name_en", get("name_en")));
        let country = c.take(self.resolve_country("country", get("country"))?);
        let host = c.take(fields::required_text(
            "host_institution",
            get("host_institution"),
        ));
        let chinese = fields::list(get("chinese_institution"));
        if chinese.is_empty() {
            c.push(FieldError::new("chinese_institution", "", "chinese_institution is required; give one or more Chinese institutions separated by ';'", "「中方院校」为必填项；请填写一个或多个中方院校，用“;”分隔"));
        }
        let opened_year = c.take(fields::year(
            "opened_year",
            get("opened_year"),
            self.max_opening_year,
        ));
        let opened_on = match clean(get("opened_on")) {
            "" => Some(None),
            text => c.take(fields::date("opened_on", text).map(Some)),
        };
        if let (Some(y), Some(Some(d))) = (opened_year, opened_on) {
            if chrono::Datelike::year(&d) != y {
                c.push(FieldError::new(
                    "opened_on",
                    clean(get("opened_on")),
                    format!(
                        "the opening date is in {}, but opened_year is {y}; make them agree",
                        chrono::Datelike::year(&d)
                    ),
                    format!(
                        "揭牌日期在 {} 年，但建成年份为 {y}；请使两者一致",
                        chrono::Datelike::year(&d)
                    ),
                ));
            }
        }
        let status_text = clean(get("status"));
        let status = c.take(Status::parse(status_text).ok_or_else(|| {
            let (en, zh) = if status_text.is_empty() {
                (
                    format!("status is required; use one of {}", Status::choices()),
                    format!("「状态」为必填项；请使用：{}", Status::choices()),
                )
            } else {
                (
                    format!(
                        "{status_text:?} is not a status; use one of {}",
                        Status::choices()
                    ),
                    format!(
                        "“{status_text}”不是有效的状态；请使用：{}",
                        Status::choices()
                    ),
                )
            };
            FieldError::new("status", status_text, en, zh)
        }));
        c.finish()?;
        let (
            Some(code),
            Some(name_en),
            Some(country),
            Some(host),
            Some(opened_year),
            Some(opened_on),
            Some(status),
        ) = (code, name_en, country, host, opened_year, opened_on, status)
        else {
            unreachable!("Check::finish returns the errors of every missing field")
        };
        let old = crate::read::workshop(self.conn, &code)?;
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
                if let Some(earlier) =
                    self.repeat_of_row(Entity::Workshops, "workshop", *id, line)?
                {
                    return Err(repeat_error("code", &new.code, earlier).into());
                }
                if *o == new {
                    return Ok(Put::plain(Outcome::Unchanged));
                }
                self.conn
                    .prepare_cached("UPDATE workshop SET name_en = ?2, name_zh = ?3, country = ?4, city = ?5, host_institution = ?6, chinese_institution = ?7, opened_year = ?8, opened_on = ?9, status = ?10, notes = ?11 WHERE code = ?1")?
                    .execute(values)?;
                Outcome::Updated
            }
            None => {
                self.conn
                    .prepare_cached("INSERT INTO workshop (code, name_en, name_zh, country, city, host_institution, chinese_institution, opened_year, opened_on, status, notes) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)")?
                    .execute(values)?;
                let id = self.conn.last_insert_rowid();
                self.repeat_of_row(Entity::Workshops, "workshop", id, line)?;
                Outcome::Added
            }
        };
        self.workshops = None;
        Ok(Put::plain(outcome))
    }

    fn put_link(&mut self, f: &dyn Fields, line: u64) -> PutResult {
        let mut c = Check::default();
        let workshop = c.take(self.resolve_workshop("workshop", f.get("workshop").unwrap_or(""))?);
        let major = c.take(self.resolve_major("major", f.get("major").unwrap_or(""))?);
        c.finish()?;
        let (Some((workshop_id, _)), Some((major_id, major_code))) = (workshop, major) else {
            unreachable!("Check::finish returns the errors of every missing field")
        };
        if let Some(earlier) = self.repeat_of_key(format!("link:{workshop_id}:{major_id}"), line) {
            return Err(repeat_error("major", &major_code, earlier).into());
        }
        if self.link_lookup()?.contains(&(workshop_id, major_id)) {
            return Ok(Put::plain(Outcome::Unchanged));
        }
        self.conn
            .prepare_cached("INSERT INTO workshop_major (workshop_id, major_id) VALUES (?1, ?2)")?
            .execute(params![workshop_id, major_id])?;
        if let Some(links) = self.links.as_mut() {
            links.insert((workshop_id, major_id));
        }
        Ok(Put::plain(Outcome::Added))
    }

    fn put_enrolment(&mut self, f: &dyn Fields, line: u64) -> PutResult {
        let mut c = Check::default();
        let get = |k| f.get(k).unwrap_or("");
        let workshop = c.take(self.resolve_workshop("workshop", get("workshop"))?);
        let year = c.take(fields::year("year", get("year"), self.max_figure_year));
        let major_text = clean(get("major"));
        let major = if major_text.is_empty() {
            Some(None)
        } else {
            c.take(self.resolve_major("major", major_text)?).map(Some)
        };
        let level_text = clean(get("level"));
        let level = c.take(Level::parse(level_text).ok_or_else(|| {
            FieldError::new(
                "level",
                level_text,
                format!(
                    "{level_text:?} is not a degree level; use one of {}",
                    Level::choices()
                ),
                format!(
                    "“{level_text}”不是有效的学历层次；请使用：{}",
                    Level::choices()
                ),
            )
        }));
        let students = c.take(fields::count("students", get("students")));
        if let (Some((workshop_id, _)), Some(Some((major_id, major_code)))) = (&workshop, &major) {
            if !self.link_lookup()?.contains(&(*workshop_id, *major_id)) {
                c.push(FieldError::new("major", major_text, format!("major {major_code} is not one of {}'s majors; add it in workshop_majors.csv, or leave major blank", clean(get("workshop")).to_uppercase()), format!("专业 {major_code} 不是工坊 {} 的合作专业；请在 workshop_majors.csv 中添加，或将专业留空", clean(get("workshop")).to_uppercase())));
            }
        }
        c.finish()?;
        let (
            Some((workshop_id, opened_year)),
            Some(major),
            Some(year),
            Some(level),
            Some(students),
        ) = (workshop, major, year, level, students)
        else {
            unreachable!("Check::finish returns the errors of every missing field")
        };
        let major_id = major.map(|(id, _)| id);
        let warning = (year < opened_year).then(|| {
            FieldError::new("year", &year.to_string(), format!("this figure is for {year}, before the workshop opened in {opened_year}; check the year"), format!("该数据的年份为 {year}，早于工坊的建成年份 {opened_year}；请核对年份"))
        });
        let key = params![workshop_id, year, major_id.unwrap_or(0), level.as_str()];
        let empty = self.table_was_empty(Entity::Enrolments, "enrolment")?;
        let existing: Option<(i64, i64)> = if empty {
            None
        } else {
            self.hot(ENROLMENT_FIND)?
                .query_row(key, |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?
        };
        let outcome = match existing {
            Some((id, old_students)) => {
                if let Some(earlier) =
                    self.repeat_of_row(Entity::Enrolments, "enrolment", id, line)?
                {
                    return Err(repeat_error("workshop", clean(get("workshop")), earlier).into());
                }
                if old_students == students {
                    Outcome::Unchanged
                } else {
                    self.hot(ENROLMENT_UPDATE)?.execute(params![id, students])?;
                    Outcome::Updated
                }
            }
            None => {
                let inserted = self.hot(ENROLMENT_INSERT)?.execute(params![
                    workshop_id,
                    year,
                    major_id,
                    level.as_str(),
                    students
                ]);
                match inserted {
                    Ok(_) => {
                        let id = self.conn.last_insert_rowid();
                        self.repeat_of_row(Entity::Enrolments, "enrolment", id, line)?;
                        Outcome::Added
                    }
                    // Only reached on the fast path into an empty table: the key was written earlier in this file.
                    Err(e) if is_unique_violation(&e) => {
                        let id: i64 = self.hot(ENROLMENT_FIND)?.query_row(key, |r| r.get(0))?;
                        let earlier = self
                            .seen(Entity::Enrolments, "enrolment")?
                            .line_of(id)
                            .unwrap_or(0);
                        return Err(
                            repeat_error("workshop", clean(get("workshop")), earlier).into()
                        );
                    }
                    Err(e) => return Err(e.into()),
                }
            }
        };
        Ok(Put { outcome, warning })
    }

    fn put_training(&mut self, f: &dyn Fields, line: u64) -> PutResult {
        let mut c = Check::default();
        let get = |k| f.get(k).unwrap_or("");
        let workshop = c.take(self.resolve_workshop("workshop", get("workshop"))?);
        let year = c.take(fields::year("year", get("year"), self.max_figure_year));
        let kind_text = clean(get("kind"));
        let kind = c.take(TrainingKind::parse(kind_text).ok_or_else(|| {
            FieldError::new(
                "kind",
                kind_text,
                format!(
                    "{kind_text:?} is not a kind of training; use one of {}",
                    TrainingKind::choices()
                ),
                format!(
                    "“{kind_text}”不是有效的培训类型；请使用：{}",
                    TrainingKind::choices()
                ),
            )
        }));
        let trainees = c.take(fields::count("trainees", get("trainees")));
        c.finish()?;
        let (Some((workshop_id, opened_year)), Some(year), Some(kind), Some(trainees)) =
            (workshop, year, kind, trainees)
        else {
            unreachable!("Check::finish returns the errors of every missing field")
        };
        let warning = (year < opened_year).then(|| {
            FieldError::new("year", &year.to_string(), format!("this figure is for {year}, before the workshop opened in {opened_year}; check the year"), format!("该数据的年份为 {year}，早于工坊的建成年份 {opened_year}；请核对年份"))
        });
        let existing: Option<(i64, i64)> = self
            .hot(TRAINING_FIND)?
            .query_row(params![workshop_id, year, kind.as_str()], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        let outcome = match existing {
            Some((id, old)) => {
                if let Some(earlier) =
                    self.repeat_of_row(Entity::Trainings, "training", id, line)?
                {
                    return Err(repeat_error("workshop", clean(get("workshop")), earlier).into());
                }
                if old == trainees {
                    Outcome::Unchanged
                } else {
                    self.hot(TRAINING_UPDATE)?.execute(params![id, trainees])?;
                    Outcome::Updated
                }
            }
            None => {
                self.hot(TRAINING_INSERT)?.execute(params![
                    workshop_id,
                    year,
                    kind.as_str(),
                    trainees
                ])?;
                let id = self.conn.last_insert_rowid();
                self.repeat_of_row(Entity::Trainings, "training", id, line)?;
                Outcome::Added
            }
        };
        Ok(Put { outcome, warning })
    }
}

fn letters(field: &str, value: &str, n: usize) -> Result<String, FieldError> {
    let value = clean(value);
    if value.len() == n && value.bytes().all(|b| b.is_ascii_alphabetic()) {
        Ok(value.to_ascii_uppercase())
    } else if value.is_empty() {
        Err(FieldError::new(
            field,
            value,
            format!("{field} is required; give the {n}-letter ISO 3166-1 code"),
            format!(
                "「{}」为必填项；请填写 {n} 位字母的 ISO 3166-1 代码",
                field_zh(field)
            ),
        ))
    } else {
        Err(FieldError::new(
            field,
            value,
            format!("{value:?} is not a {n}-letter ISO 3166-1 code"),
            format!("“{value}”不是 {n} 位字母的 ISO 3166-1 代码"),
        ))
    }
}
