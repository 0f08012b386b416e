//! Reading and changing the registry for the app's screens: searchable lists, one workshop with
//! its majors and figures, deletions that say what goes with them, and import previews.
//!
//! Everything here is a method on [`Registry`], so the desktop shell stays a set of one-line
//! adapters. Lists are computed by SQLite over indexed tables (a search over 10,000 workshops is a
//! single scan), and every write goes through the same [`Writer`](crate::write::Writer) as CSV
//! import, so a form gets the same messages as a file.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::{Deserialize, Serialize};

use crate::error::{Error, FieldError, Problem, Result};
use crate::model::fields::clean;
use crate::model::{
    Country, Enrolment, Entity, Level, Major, Status, Training, TrainingKind, Workshop,
};
use crate::write::{Outcome, PutError, Writer};
use crate::{ExportOptions, ImportSummary, Registry};

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

/// One line of the workshop list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkshopRow {
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
    /// The partner institution abroad.
    pub host_institution: String,
    /// The Chinese institutions.
    pub chinese_institutions: Vec<String>,
    /// The year it opened.
    pub opened_year: i32,
    /// Where it stands.
    pub status: Status,
    /// Majors taught.
    pub majors: i64,
    /// Degree students, all years.
    pub students: i64,
    /// People trained, all years.
    pub trainees: i64,
}

/// A major with its category's names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MajorRow {
    /// The major.
    #[serde(flatten)]
    pub major: Major,
    /// The category's English name.
    pub category_en: String,
    /// The category's Chinese name.
    pub category_zh: String,
    /// How many workshops teach it.
    pub workshops: i64,
}

/// A country with the number of workshops in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CountryRow {
    /// The country.
    #[serde(flatten)]
    pub country: Country,
    /// How many workshops are in it.
    pub workshops: i64,
}

/// A major category with the number of majors in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CategoryRow {
    /// 41–59.
    pub code: i64,
    /// English name.
    pub name_en: String,
    /// Chinese name.
    pub name_zh: String,
    /// How many majors belong to it.
    pub majors: i64,
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
    /// The sum of its enrolments.
    pub students: i64,
    /// The sum of its training counts.
    pub trainees: i64,
}

/// What a deletion removes besides the record itself.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Impact {
    /// Majors unlinked from the workshop (the majors themselves stay).
    pub majors: u64,
    /// Enrolment rows deleted with it.
    pub enrolments: u64,
    /// Training rows deleted with it.
    pub trainings: u64,
}

/// What an import would do, computed without writing: per-file counts and every problem.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportPreview {
    /// One summary per file read (entity, detected encoding and delimiter, counts, warnings).
    pub files: Vec<ImportSummary>,
    /// Every problem found, by file, line and column; an import with any is refused.
    pub problems: Vec<Problem>,
}

/// Escapes `%`, `_` and `\` for a `LIKE ... ESCAPE '\'` pattern.
fn like_pattern(word: &str) -> String {
    let mut out = String::with_capacity(word.len() + 2);
    out.push('%');
    for c in word.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

fn words(search: &str) -> impl Iterator<Item = &str> {
    search
        .split(|c: char| c.is_whitespace() || c == '\u{3000}')
        .filter(|w| !w.is_empty())
}

/// Whether every word of `search` occurs in one of `fields` (case-insensitive).
fn matches_all(search: &str, fields: &[&str]) -> bool {
    let haystack = fields.join("\u{1f}").to_lowercase();
    words(search).all(|w| haystack.contains(&w.to_lowercase()))
}

fn get<'a>(key: &'a HashMap<String, String>, field: &str) -> &'a str {
    key.get(field).map(|v| clean(v)).unwrap_or("")
}

fn not_found(entity: Entity, key: &HashMap<String, String>) -> Error {
    let mut parts: Vec<&str> = entity
        .columns()
        .iter()
        .map(|c| get(key, c.name))
        .filter(|v| !v.is_empty())
        .collect();
    parts.truncate(4);
    Error::NotFound {
        entity: entity.singular(),
        key: parts.join(" "),
    }
}

fn in_use(entity: Entity, key: &str, count: i64, one: &str, many: &str) -> Error {
    Error::InUse {
        entity: entity.singular(),
        key: key.to_string(),
        users: format!("{count} {}", if count == 1 { one } else { many }),
    }
}

fn workshop_id(conn: &Connection, code: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM workshop WHERE code = ?1")?
        .query_row([code.to_ascii_uppercase()], |r| r.get(0))
        .optional()?)
}

fn major_id(conn: &Connection, code: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM major WHERE code = ?1")?
        .query_row([code.to_ascii_uppercase()], |r| r.get(0))
        .optional()?)
}

fn count(conn: &Connection, sql: &str, params: impl rusqlite::Params) -> Result<i64> {
    Ok(conn.prepare_cached(sql)?.query_row(params, |r| r.get(0))?)
}

/// The rowid of the enrolment or training row named by `key`, or [`Error::NotFound`].
fn figure_row(conn: &Connection, entity: Entity, key: &HashMap<String, String>) -> Result<i64> {
    let missing = || not_found(entity, key);
    let workshop = workshop_id(conn, get(key, "workshop"))?.ok_or_else(missing)?;
    let year: i64 = get(key, "year").parse().map_err(|_| missing())?;
    let row = match entity {
        Entity::Enrolments => {
            let major = match get(key, "major") {
                "" => 0,
                code => major_id(conn, code)?.ok_or_else(missing)?,
            };
            let level = Level::parse(get(key, "level")).ok_or_else(missing)?;
            conn.prepare_cached("SELECT id FROM enrolment WHERE workshop_id = ?1 AND year = ?2 AND ifnull(major_id, 0) = ?3 AND level = ?4")?
                .query_row(params![workshop, year, major, level.as_str()], |r| r.get(0))
                .optional()?
        }
        Entity::Trainings => {
            let kind = TrainingKind::parse(get(key, "kind")).ok_or_else(missing)?;
            conn.prepare_cached(
                "SELECT id FROM training WHERE workshop_id = ?1 AND year = ?2 AND kind = ?3",
            )?
            .query_row(params![workshop, year, kind.as_str()], |r| r.get(0))
            .optional()?
        }
        _ => None,
    };
    row.ok_or_else(missing)
}

/// A counting writer that asks `progress` every megabyte whether to go on.
struct Watched<'a, W> {
    inner: W,
    written: u64,
    next_report: u64,
    progress: &'a mut dyn FnMut(u64) -> bool,
    cancelled: &'a mut bool,
}

impl<W: Write> Write for Watched<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.written >= self.next_report {
            self.next_report += 1 << 20;
            if !(self.progress)(self.written) {
                *self.cancelled = true;
                return Err(std::io::Error::other("cancelled"));
            }
        }
        let n = self.inner.write(buf)?;
        self.written += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

impl Registry {
    /// The workshops matching `query`, by code, with their country names and totals.
    pub fn workshops(&self, query: &WorkshopQuery) -> Result<Vec<WorkshopRow>> {
        let mut sql = String::from(
            "SELECT w.code, w.name_en, w.name_zh, w.country, c.name_en, c.name_zh, w.city, \
             w.host_institution, w.chinese_institution, w.opened_year, w.status, \
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
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(values), |r| {
            let status: String = r.get(10)?;
            let chinese: String = r.get(8)?;
            Ok(WorkshopRow {
                code: r.get(0)?,
                name_en: r.get(1)?,
                name_zh: r.get(2)?,
                country: r.get(3)?,
                country_en: r.get(4)?,
                country_zh: r.get(5)?,
                city: r.get(6)?,
                host_institution: r.get(7)?,
                chinese_institutions: chinese.split(';').map(str::to_string).collect(),
                opened_year: r.get(9)?,
                status: crate::read::vocabulary(10, &status, Status::parse)?,
                majors: r.get(11)?,
                students: r.get(12)?,
                trainees: r.get(13)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One workshop with its country, majors, enrolments, training counts and their totals.
    pub fn workshop(&self, code: &str) -> Result<WorkshopDetail> {
        let code = clean(code).to_ascii_uppercase();
        let (id, workshop) =
            crate::read::workshop(&self.conn, &code)?.ok_or_else(|| Error::NotFound {
                entity: "workshop",
                key: code.clone(),
            })?;
        let country = crate::read::country(&self.conn, &workshop.country)?.ok_or_else(|| {
            Error::NotFound {
                entity: "country",
                key: workshop.country.clone(),
            }
        })?;
        let majors = self.major_rows(Some(id))?;
        let mut enrolments = Vec::new();
        crate::read::each_enrolment(&self.conn, Some(&code), |e| {
            enrolments.push(e);
            Ok(())
        })?;
        let mut trainings = Vec::new();
        crate::read::each_training(&self.conn, Some(&code), |t| {
            trainings.push(t);
            Ok(())
        })?;
        Ok(WorkshopDetail {
            students: enrolments.iter().map(|e| e.students).sum(),
            trainees: trainings.iter().map(|t| t.trainees).sum(),
            workshop,
            country,
            majors,
            enrolments,
            trainings,
        })
    }

    fn major_rows(&self, workshop: Option<i64>) -> Result<Vec<MajorRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT m.code, m.name_en, m.name_zh, m.category, k.name_en, k.name_zh, \
             (SELECT count(*) FROM workshop_major x WHERE x.major_id = m.id) \
             FROM major m JOIN major_category k ON k.code = m.category \
             WHERE ?1 IS NULL OR EXISTS (SELECT 1 FROM workshop_major wm WHERE wm.major_id = m.id AND wm.workshop_id = ?1) \
             ORDER BY m.code",
        )?;
        let rows = stmt.query_map([workshop], |r| {
            Ok(MajorRow {
                major: Major {
                    code: r.get(0)?,
                    name_en: r.get(1)?,
                    name_zh: r.get(2)?,
                    category: r.get(3)?,
                },
                category_en: r.get(4)?,
                category_zh: r.get(5)?,
                workshops: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The majors whose code, names or category match every word of `search`, by code.
    pub fn majors(&self, search: &str) -> Result<Vec<MajorRow>> {
        let mut rows = self.major_rows(None)?;
        rows.retain(|m| {
            matches_all(
                search,
                &[
                    &m.major.code,
                    m.major.name_en.as_deref().unwrap_or(""),
                    m.major.name_zh.as_deref().unwrap_or(""),
                    &m.major.category.to_string(),
                    &m.category_en,
                    &m.category_zh,
                ],
            )
        });
        Ok(rows)
    }

    /// The countries whose codes, names or group tags match every word of `search`, by ISO2 code.
    pub fn countries(&self, search: &str) -> Result<Vec<CountryRow>> {
        let mut counts: HashMap<String, i64> = HashMap::new();
        let mut stmt = self
            .conn
            .prepare("SELECT country, count(*) FROM workshop GROUP BY country")?;
        for row in stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))? {
            let (iso2, n) = row?;
            counts.insert(iso2, n);
        }
        Ok(crate::read::countries(&self.conn)?
            .into_iter()
            .filter(|c| {
                matches_all(
                    search,
                    &[
                        &c.iso2,
                        &c.iso3,
                        &c.name_en,
                        &c.name_zh,
                        c.region.map(|r| r.as_str()).unwrap_or(""),
                        c.region.map(|r| r.label_zh()).unwrap_or(""),
                        &c.groups.join(" "),
                    ],
                )
            })
            .map(|country| CountryRow {
                workshops: counts.get(&country.iso2).copied().unwrap_or(0),
                country,
            })
            .collect())
    }

    /// Every major category with the number of its majors, by code.
    pub fn categories(&self) -> Result<Vec<CategoryRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT k.code, k.name_en, k.name_zh, (SELECT count(*) FROM major m WHERE m.category = k.code) FROM major_category k ORDER BY k.code",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(CategoryRow {
                code: r.get(0)?,
                name_en: r.get(1)?,
                name_zh: r.get(2)?,
                majors: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every country group tag in use (`ASEAN`, `BRICS`, …), sorted.
    pub fn groups(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT DISTINCT tag FROM country_group ORDER BY tag")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// What deleting the record named by `key` (its key fields, as in CSV) would take with it.
    /// A record that others still use (a country with workshops, a major taught somewhere, …) gives
    /// [`Error::InUse`]: it cannot be deleted until they change.
    pub fn deletion_impact(&self, entity: Entity, key: &HashMap<String, String>) -> Result<Impact> {
        impact(&self.conn, entity, key)
    }

    /// Deletes the record named by `key` and what goes with it (see [`Registry::deletion_impact`]),
    /// in one transaction; returns what went with it.
    pub fn delete(&mut self, entity: Entity, key: &HashMap<String, String>) -> Result<Impact> {
        self.write(|conn| {
            let impact = impact(conn, entity, key)?;
            let deleted = match entity {
                Entity::Workshops => conn.execute(
                    "DELETE FROM workshop WHERE code = ?1",
                    [get(key, "code").to_ascii_uppercase()],
                )?,
                Entity::Countries => conn.execute(
                    "DELETE FROM country WHERE iso2 = ?1",
                    [get(key, "iso2").to_ascii_uppercase()],
                )?,
                Entity::Majors => conn.execute(
                    "DELETE FROM major WHERE code = ?1",
                    [get(key, "code").to_ascii_uppercase()],
                )?,
                Entity::MajorCategories => conn.execute(
                    "DELETE FROM major_category WHERE code = ?1",
                    [get(key, "code")],
                )?,
                Entity::WorkshopMajors => conn.execute(
                    "DELETE FROM workshop_major WHERE workshop_id = (SELECT id FROM workshop WHERE code = ?1) AND major_id = (SELECT id FROM major WHERE code = ?2)",
                    [get(key, "workshop").to_ascii_uppercase(), get(key, "major").to_ascii_uppercase()],
                )?,
                Entity::Enrolments => conn.execute(
                    "DELETE FROM enrolment WHERE id = ?1",
                    [figure_row(conn, entity, key)?],
                )?,
                Entity::Trainings => conn.execute(
                    "DELETE FROM training WHERE id = ?1",
                    [figure_row(conn, entity, key)?],
                )?,
            };
            if deleted == 0 {
                return Err(not_found(entity, key));
            }
            Ok(impact)
        })
    }

    /// Saves one enrolment, training or workshop-major row typed in a form. With `original` (the
    /// row's key fields as they were), the row is edited in place: its key may change, but not to
    /// the key of another row. Without it, a new row is added, and a row that already exists is
    /// refused rather than overwritten. Returns [`Error::Invalid`] with every field problem.
    pub fn save_row(
        &mut self,
        entity: Entity,
        original: Option<&HashMap<String, String>>,
        fields: &HashMap<String, String>,
    ) -> Result<()> {
        if !matches!(
            entity,
            Entity::Enrolments | Entity::Trainings | Entity::WorkshopMajors
        ) {
            let key = original.and_then(|o| {
                let column = entity.columns()[0].name;
                o.get(column).map(|v| clean(v).to_string())
            });
            return self.save(entity, key.as_deref(), fields);
        }
        self.write(|conn| {
            if let (Some(original), true) = (original, entity != Entity::WorkshopMajors) {
                let id = figure_row(conn, entity, original)?;
                let table = if entity == Entity::Enrolments { "enrolment" } else { "training" };
                conn.execute(&format!("DELETE FROM {table} WHERE id = ?1"), [id])?;
            }
            let mut writer = Writer::new(conn, false);
            match writer.put(entity, fields, 0) {
                Ok(put) if put.outcome == Outcome::Added => Ok(()),
                Ok(_) => {
                    let (field, message, message_zh) = match entity {
                        Entity::WorkshopMajors => ("major", "the workshop already teaches this major", "该工坊已开设此专业"),
                        Entity::Enrolments => ("year", "there is already a figure for this year, major and level; edit that row instead", "该年份、专业和层次已有数据；请改为编辑那一行"),
                        _ => ("year", "there is already a figure for this year and kind; edit that row instead", "该年份和培训类型已有数据；请改为编辑那一行"),
                    };
                    Err(Error::Invalid(vec![FieldError::new(field, get(fields, field), message, message_zh)]))
                }
                Err(PutError::Invalid(errors)) => Err(Error::Invalid(errors)),
                Err(PutError::Db(e)) => Err(Error::Database(e)),
            }
        })
    }

    /// What importing the file at `path` as `entity` would do, without writing anything: the
    /// detected encoding and delimiter, the counts, and every problem. `progress` is called as in
    /// [`crate::ImportOptions`]; returning `false` stops with [`Error::Cancelled`].
    pub fn preview_import_file(
        &mut self,
        entity: Entity,
        path: &Path,
        progress: &mut dyn FnMut(u64) -> bool,
    ) -> Result<ImportPreview> {
        self.preview(vec![(entity, path.to_path_buf())], progress)
    }

    /// What importing every known file in `dir` would do (see [`Registry::import_dir`]), without
    /// writing anything.
    pub fn preview_import_dir(
        &mut self,
        dir: &Path,
        progress: &mut dyn FnMut(u64) -> bool,
    ) -> Result<ImportPreview> {
        let files = crate::files_in(dir)?;
        if files.is_empty() {
            return Ok(ImportPreview {
                files: Vec::new(),
                problems: vec![crate::no_registry_files(dir)],
            });
        }
        self.preview(files, progress)
    }

    fn preview(
        &mut self,
        files: Vec<(Entity, std::path::PathBuf)>,
        progress: &mut dyn FnMut(u64) -> bool,
    ) -> Result<ImportPreview> {
        // Every file is imported inside one transaction that is always rolled back: later files see
        // the rows of earlier ones (as in the real import), and nothing is ever written.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut preview = ImportPreview::default();
        for (entity, path) in files {
            let file = std::fs::File::open(&path).map_err(|e| Error::io(&path, e))?;
            let reader = std::io::BufReader::with_capacity(256 * 1024, file);
            preview.files.push(crate::csv_io::import::import_into(
                &tx,
                entity,
                &crate::display_name(&path),
                reader,
                &mut preview.problems,
                &mut *progress,
            )?);
        }
        tx.rollback()?;
        Ok(preview)
    }

    /// Like [`Registry::export_file`], asking `progress` (with the bytes written so far) every
    /// megabyte whether to go on; returning `false` stops with [`Error::Cancelled`] and leaves no
    /// file behind.
    pub fn export_file_watched(
        &self,
        entity: Entity,
        path: &Path,
        options: ExportOptions,
        progress: &mut dyn FnMut(u64) -> bool,
    ) -> Result<u64> {
        let mut cancelled = false;
        let result = crate::atomic_file::write_atomically(path, |out| {
            let watched = Watched {
                inner: out,
                written: 0,
                next_report: 0,
                progress,
                cancelled: &mut cancelled,
            };
            self.export(entity, watched, options)
        });
        if cancelled {
            return Err(Error::Cancelled);
        }
        result
    }

    /// Like [`Registry::export_dir`], with `progress` as in [`Registry::export_file_watched`]. A
    /// cancelled export leaves the files already finished and none half-written.
    pub fn export_dir_watched(
        &self,
        dir: &Path,
        options: ExportOptions,
        progress: &mut dyn FnMut(u64) -> bool,
    ) -> Result<Vec<(Entity, u64)>> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let mut written = Vec::new();
        for entity in Entity::ALL {
            let n =
                self.export_file_watched(entity, &dir.join(entity.file_name()), options, progress)?;
            written.push((entity, n));
        }
        Ok(written)
    }

    /// SQLite's quick integrity check; an empty list means the file is sound.
    pub fn integrity_problems(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare("PRAGMA quick_check")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        let mut problems = Vec::new();
        for row in rows {
            let row = row?;
            if row != "ok" {
                problems.push(row);
            }
        }
        Ok(problems)
    }

    /// Whether the registry holds no workshop yet (the app then explains how to begin).
    pub fn is_empty(&self) -> Result<bool> {
        Ok(count(&self.conn, "SELECT count(*) FROM workshop", [])? == 0)
    }
}

fn impact(conn: &Connection, entity: Entity, key: &HashMap<String, String>) -> Result<Impact> {
    let missing = || not_found(entity, key);
    match entity {
        Entity::Workshops => {
            let id = workshop_id(conn, get(key, "code"))?.ok_or_else(missing)?;
            Ok(Impact {
                majors: count(
                    conn,
                    "SELECT count(*) FROM workshop_major WHERE workshop_id = ?1",
                    [id],
                )? as u64,
                enrolments: count(
                    conn,
                    "SELECT count(*) FROM enrolment WHERE workshop_id = ?1",
                    [id],
                )? as u64,
                trainings: count(
                    conn,
                    "SELECT count(*) FROM training WHERE workshop_id = ?1",
                    [id],
                )? as u64,
            })
        }
        Entity::Countries => {
            let iso2 = get(key, "iso2").to_ascii_uppercase();
            if count(
                conn,
                "SELECT count(*) FROM country WHERE iso2 = ?1",
                [&iso2],
            )? == 0
            {
                return Err(missing());
            }
            let n = count(
                conn,
                "SELECT count(*) FROM workshop WHERE country = ?1",
                [&iso2],
            )?;
            if n > 0 {
                return Err(in_use(entity, &iso2, n, "workshop", "workshops"));
            }
            Ok(Impact::default())
        }
        Entity::Majors => {
            let code = get(key, "code").to_ascii_uppercase();
            let id = major_id(conn, &code)?.ok_or_else(missing)?;
            let n = count(
                conn,
                "SELECT count(*) FROM workshop_major WHERE major_id = ?1",
                [id],
            )?;
            if n > 0 {
                return Err(in_use(entity, &code, n, "workshop", "workshops"));
            }
            Ok(Impact::default())
        }
        Entity::MajorCategories => {
            let code = get(key, "code");
            if count(
                conn,
                "SELECT count(*) FROM major_category WHERE code = ?1",
                [code],
            )? == 0
            {
                return Err(missing());
            }
            let n = count(
                conn,
                "SELECT count(*) FROM major WHERE category = ?1",
                [code],
            )?;
            if n > 0 {
                return Err(in_use(entity, code, n, "major", "majors"));
            }
            Ok(Impact::default())
        }
        Entity::WorkshopMajors => {
            let w = workshop_id(conn, get(key, "workshop"))?.ok_or_else(missing)?;
            let m = major_id(conn, get(key, "major"))?.ok_or_else(missing)?;
            if count(
                conn,
                "SELECT count(*) FROM workshop_major WHERE workshop_id = ?1 AND major_id = ?2",
                [w, m],
            )? == 0
            {
                return Err(missing());
            }
            let n = count(
                conn,
                "SELECT count(*) FROM enrolment WHERE workshop_id = ?1 AND major_id = ?2",
                [w, m],
            )?;
            if n > 0 {
                let key = format!(
                    "{} {}",
                    get(key, "workshop").to_ascii_uppercase(),
                    get(key, "major").to_ascii_uppercase()
                );
                return Err(in_use(entity, &key, n, "enrolment row", "enrolment rows"));
            }
            Ok(Impact::default())
        }
        Entity::Enrolments | Entity::Trainings => {
            figure_row(conn, entity, key)?;
            Ok(Impact::default())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ImportOptions;

    fn registry() -> (tempfile::TempDir, Registry) {
        let dir = tempfile::tempdir().expect("temp dir");
        let registry = Registry::open(&dir.path().join("registry.sqlite3")).expect("open");
        (dir, registry)
    }

    fn map(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    /// A registry with two workshops, a major taught at one, and figures.
    fn sample() -> (tempfile::TempDir, Registry) {
        let (dir, mut r) = registry();
        let files: [(Entity, &str); 5] = [
            (Entity::Majors, "code,name_en,name_zh,category\n460301,Mechatronics,机电一体化技术,46\n510201,Computer Applications,计算机应用技术,51\n"),
            (Entity::Workshops, "code,name_en,name_zh,country,city,host_institution,chinese_institution,opened_year,status\n\
                TH-AYU,Thailand Luban Workshop,泰国鲁班工坊,TH,Ayutthaya,Ayutthaya Technical College,Tianjin Bohai Vocational Technical College,2016,active\n\
                PK-PUN,Pakistan Luban Workshop,巴基斯坦鲁班工坊,PK,Lahore,Punjab Tianjin University of Technology,Tianjin Light Industry Vocational Technical College,2018,planned\n"),
            (Entity::WorkshopMajors, "workshop,major\nTH-AYU,460301\n"),
            (Entity::Enrolments, "workshop,year,major,level,students\nTH-AYU,2019,460301,associate,40\nTH-AYU,2020,,bachelor,12\n"),
            (Entity::Trainings, "workshop,year,kind,trainees\nTH-AYU,2019,skills,300\n"),
        ];
        for (entity, csv) in files {
            r.import_bytes(entity, "t.csv", csv.as_bytes(), ImportOptions::default())
                .expect("sample imports");
        }
        (dir, r)
    }

    fn codes(rows: &[WorkshopRow]) -> Vec<&str> {
        rows.iter().map(|r| r.code.as_str()).collect()
    }

    fn search(r: &Registry, text: &str) -> Vec<String> {
        let q = WorkshopQuery {
            search: text.into(),
            ..WorkshopQuery::default()
        };
        r.workshops(&q)
            .expect("list")
            .into_iter()
            .map(|w| w.code)
            .collect()
    }

    #[test]
    fn workshop_search_matches_names_in_both_languages_country_city_and_institutions() {
        let (_d, r) = sample();
        assert_eq!(search(&r, ""), ["PK-PUN", "TH-AYU"]);
        assert_eq!(search(&r, "泰国"), ["TH-AYU"]);
        assert_eq!(search(&r, "thailand"), ["TH-AYU"]);
        assert_eq!(search(&r, "巴基斯坦"), ["PK-PUN"]);
        assert_eq!(search(&r, "lahore"), ["PK-PUN"]);
        assert_eq!(search(&r, "bohai college"), ["TH-AYU"]);
        assert_eq!(search(&r, "tianjin light"), ["PK-PUN"]);
        assert_eq!(search(&r, "100%"), Vec::<String>::new());
        assert_eq!(search(&r, "_"), Vec::<String>::new());
    }

    #[test]
    fn workshop_list_filters_by_status_country_and_group_and_carries_totals() {
        let (_d, r) = sample();
        let q = |status, country: Option<&str>, group: Option<&str>| WorkshopQuery {
            status,
            country: country.map(str::to_string),
            group: group.map(str::to_string),
            ..WorkshopQuery::default()
        };
        let active = r
            .workshops(&q(Some(Status::Active), None, None))
            .expect("list");
        assert_eq!(codes(&active), ["TH-AYU"]);
        assert_eq!(
            (active[0].majors, active[0].students, active[0].trainees),
            (1, 52, 300)
        );
        assert_eq!(
            codes(&r.workshops(&q(None, Some("pk"), None)).expect("list")),
            ["PK-PUN"]
        );
        assert_eq!(
            codes(&r.workshops(&q(None, None, Some("sco"))).expect("list")),
            ["PK-PUN"]
        );
        assert_eq!(
            codes(&r.workshops(&q(None, None, Some("ASEAN"))).expect("list")),
            ["TH-AYU"]
        );
    }

    #[test]
    fn a_workshop_comes_with_its_majors_figures_and_totals() {
        let (_d, r) = sample();
        let w = r.workshop("th-ayu").expect("found");
        assert_eq!(w.country.name_zh, "泰国");
        assert_eq!(w.majors.len(), 1);
        assert_eq!(w.majors[0].category_zh, "装备制造大类");
        assert_eq!(w.enrolments.len(), 2);
        assert_eq!((w.students, w.trainees), (52, 300));
        assert!(matches!(r.workshop("XX-NONE"), Err(Error::NotFound { .. })));
    }

    #[test]
    fn deleting_a_workshop_says_and_takes_what_goes_with_it() {
        let (_d, mut r) = sample();
        let key = map(&[("code", "TH-AYU")]);
        let expected = Impact {
            majors: 1,
            enrolments: 2,
            trainings: 1,
        };
        assert_eq!(
            r.deletion_impact(Entity::Workshops, &key).expect("impact"),
            expected
        );
        assert_eq!(
            r.delete(Entity::Workshops, &key).expect("deleted"),
            expected
        );
        assert_eq!(search(&r, ""), ["PK-PUN"]);
        let left: i64 = r
            .conn
            .query_row(
                "SELECT (SELECT count(*) FROM enrolment) + (SELECT count(*) FROM training)",
                [],
                |row| row.get(0),
            )
            .expect("count");
        assert_eq!(left, 0);
        assert!(matches!(
            r.delete(Entity::Workshops, &key),
            Err(Error::NotFound { .. })
        ));
    }

    #[test]
    fn a_country_or_major_still_in_use_is_not_deleted() {
        let (_d, mut r) = sample();
        let err = r
            .delete(Entity::Countries, &map(&[("iso2", "TH")]))
            .expect_err("in use");
        assert_eq!(err.kind(), "in_use");
        assert_eq!(
            err.to_string(),
            "country TH is still used by 1 workshop; change or delete those first"
        );
        let err = r
            .delete(Entity::Majors, &map(&[("code", "460301")]))
            .expect_err("in use");
        assert_eq!(err.kind(), "in_use");
        let err = r
            .delete(
                Entity::WorkshopMajors,
                &map(&[("workshop", "TH-AYU"), ("major", "460301")]),
            )
            .expect_err("in use");
        assert!(err.to_string().contains("1 enrolment row"), "{err}");
        let err = r
            .delete(Entity::MajorCategories, &map(&[("code", "46")]))
            .expect_err("in use");
        assert!(err.to_string().contains("1 major"), "{err}");
        // Unused ones go.
        r.delete(Entity::Majors, &map(&[("code", "510201")]))
            .expect("unused major");
        r.delete(Entity::Countries, &map(&[("iso2", "AQ")]))
            .expect("unused country");
        assert_eq!(r.countries("Antarctica").expect("list").len(), 0);
    }

    #[test]
    fn single_enrolment_and_training_rows_are_deleted_by_key() {
        let (_d, mut r) = sample();
        r.delete(
            Entity::Enrolments,
            &map(&[
                ("workshop", "TH-AYU"),
                ("year", "2020"),
                ("major", ""),
                ("level", "bachelor"),
            ]),
        )
        .expect("deleted");
        r.delete(
            Entity::Trainings,
            &map(&[("workshop", "TH-AYU"), ("year", "2019"), ("kind", "skills")]),
        )
        .expect("deleted");
        let w = r.workshop("TH-AYU").expect("found");
        assert_eq!(
            (w.enrolments.len(), w.trainings.len(), w.students),
            (1, 0, 40)
        );
        let again = r.delete(
            Entity::Trainings,
            &map(&[("workshop", "TH-AYU"), ("year", "2019"), ("kind", "skills")]),
        );
        assert!(matches!(again, Err(Error::NotFound { .. })));
    }

    #[test]
    fn a_figure_row_is_edited_in_place_and_cannot_overwrite_another() {
        let (_d, mut r) = sample();
        let original = map(&[
            ("workshop", "TH-AYU"),
            ("year", "2020"),
            ("major", ""),
            ("level", "bachelor"),
        ]);
        let edited = map(&[
            ("workshop", "TH-AYU"),
            ("year", "2021"),
            ("major", ""),
            ("level", "bachelor"),
            ("students", "15"),
        ]);
        r.save_row(Entity::Enrolments, Some(&original), &edited)
            .expect("saved");
        let w = r.workshop("TH-AYU").expect("found");
        assert_eq!(
            w.enrolments
                .iter()
                .map(|e| (e.year, e.students))
                .collect::<Vec<_>>(),
            [(2019, 40), (2021, 15)]
        );
        // Moving it onto the 2019 row is refused, and nothing changes.
        let clash = map(&[
            ("workshop", "TH-AYU"),
            ("year", "2019"),
            ("major", "460301"),
            ("level", "associate"),
            ("students", "1"),
        ]);
        let err = r
            .save_row(Entity::Enrolments, Some(&edited), &clash)
            .expect_err("clash");
        assert!(
            matches!(&err, Error::Invalid(f) if f[0].field == "year"),
            "{err:?}"
        );
        assert_eq!(r.workshop("TH-AYU").expect("found").students, 55);
        // Adding a row that exists is refused too; a bad value is reported by field.
        let err = r
            .save_row(
                Entity::Trainings,
                None,
                &map(&[
                    ("workshop", "TH-AYU"),
                    ("year", "2019"),
                    ("kind", "skills"),
                    ("trainees", "5"),
                ]),
            )
            .expect_err("exists");
        assert_eq!(err.kind(), "invalid");
        let err = r
            .save_row(
                Entity::Trainings,
                None,
                &map(&[
                    ("workshop", "TH-AYU"),
                    ("year", "2019"),
                    ("kind", "skills"),
                    ("trainees", "-5"),
                ]),
            )
            .expect_err("bad");
        assert!(
            matches!(&err, Error::Invalid(f) if f[0].field == "trainees"),
            "{err:?}"
        );
        r.save_row(
            Entity::WorkshopMajors,
            None,
            &map(&[("workshop", "TH-AYU"), ("major", "510201")]),
        )
        .expect("linked");
        assert_eq!(r.workshop("TH-AYU").expect("found").majors.len(), 2);
    }

    #[test]
    fn a_workshop_saved_through_save_row_is_renamed_by_its_original_code() {
        let (_d, mut r) = sample();
        let mut fields: HashMap<String, String> = map(&[
            ("code", "TH-AYUTTHAYA"),
            ("name_en", "Thailand Luban Workshop"),
            ("country", "TH"),
            ("host_institution", "Ayutthaya Technical College"),
            (
                "chinese_institution",
                "Tianjin Bohai Vocational Technical College",
            ),
            ("opened_year", "2016"),
            ("status", "active"),
        ]);
        r.save_row(
            Entity::Workshops,
            Some(&map(&[("code", "TH-AYU")])),
            &fields,
        )
        .expect("renamed");
        assert_eq!(search(&r, "thailand"), ["TH-AYUTTHAYA"]);
        assert_eq!(r.workshop("TH-AYUTTHAYA").expect("found").students, 52);
        fields.insert("opened_year".into(), "1999".into());
        let err = r
            .save_row(
                Entity::Workshops,
                Some(&map(&[("code", "TH-AYUTTHAYA")])),
                &fields,
            )
            .expect_err("bad year");
        assert!(
            matches!(&err, Error::Invalid(f) if f[0].field == "opened_year"),
            "{err:?}"
        );
    }

    #[test]
    fn an_import_preview_counts_and_lists_every_problem_and_writes_nothing() {
        let (dir, mut r) = sample();
        let path = dir.path().join("workshops.csv");
        std::fs::write(&path, "code,name_en,country,host_institution,chinese_institution,opened_year,status\n\
            TH-AYU,Thailand Luban Workshop,TH,Ayutthaya Technical College,Tianjin Bohai Vocational Technical College,2016,active\n\
            EG-CAI,Egypt Luban Workshop,埃及,Cairo College,Tianjin Vocational Institute,2020,active\n").expect("write");
        let mut calls = 0;
        let good = r
            .preview_import_file(Entity::Workshops, &path, &mut |_| {
                calls += 1;
                true
            })
            .expect("preview");
        assert!(good.problems.is_empty(), "{:?}", good.problems);
        let f = &good.files[0];
        assert_eq!((f.added, f.updated, f.unchanged), (1, 0, 1));
        assert_eq!(f.detected.map(|d| d.delimiter), Some(','));
        assert_eq!(search(&r, "egypt"), Vec::<String>::new());

        std::fs::write(
            &path,
            "code,name_en,country,host_institution,chinese_institution,opened_year,status\n\
            bad code,,Atlantis,x,y,1999,open\nEG-CAI,Egypt,EG,x,y,2020,closed\n",
        )
        .expect("write");
        let bad = r
            .preview_import_file(Entity::Workshops, &path, &mut |_| true)
            .expect("preview");
        let places: Vec<(u64, Option<&str>)> = bad
            .problems
            .iter()
            .map(|p| (p.line, p.column.as_deref()))
            .collect();
        assert_eq!(
            places,
            [
                (2, Some("code")),
                (2, Some("name_en")),
                (2, Some("country")),
                (2, Some("opened_year")),
                (2, Some("status"))
            ]
        );
        assert_eq!(bad.files[0].added, 1);
        assert_eq!(search(&r, "egypt"), Vec::<String>::new());
    }

    #[test]
    fn a_folder_preview_reads_files_in_dependency_order() {
        let (dir, mut r) = registry();
        let folder = dir.path().join("in");
        std::fs::create_dir(&folder).expect("mkdir");
        std::fs::write(
            folder.join("workshop_majors.csv"),
            "workshop,major\nTH-AYU,460301\n",
        )
        .expect("write");
        std::fs::write(
            folder.join("majors.csv"),
            "code,name_en,category\n460301,Mechatronics,46\n",
        )
        .expect("write");
        std::fs::write(folder.join("workshops.csv"), "code,name_en,country,host_institution,chinese_institution,opened_year,status\nTH-AYU,T,TH,A,B,2016,active\n").expect("write");
        let p = r
            .preview_import_dir(&folder, &mut |_| true)
            .expect("preview");
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        let entities: Vec<_> = p.files.iter().map(|f| f.entity).collect();
        assert_eq!(
            entities,
            [
                Some(Entity::Majors),
                Some(Entity::Workshops),
                Some(Entity::WorkshopMajors)
            ]
        );
        assert!(r.is_empty().expect("count"));
        let empty = dir.path().join("empty");
        std::fs::create_dir(&empty).expect("mkdir");
        assert_eq!(
            r.preview_import_dir(&empty, &mut |_| true)
                .expect("preview")
                .problems
                .len(),
            1
        );
    }

    #[test]
    fn a_cancelled_preview_or_export_stops_and_leaves_nothing() {
        let (dir, mut r) = registry();
        let mut csv = String::from(
            "code,name_en,country,host_institution,chinese_institution,opened_year,status\n",
        );
        for i in 0..10_001 {
            csv.push_str(&format!(
                "W{i:05},Workshop {i},TH,Host,Tianjin College,2016,active\n"
            ));
        }
        let path = dir.path().join("workshops.csv");
        std::fs::write(&path, &csv).expect("write");
        let cancelled = r.preview_import_file(Entity::Workshops, &path, &mut |_| false);
        assert!(matches!(cancelled, Err(Error::Cancelled)));
        r.import_file(Entity::Workshops, &path, ImportOptions::default())
            .expect("import");
        let out = dir.path().join("out.csv");
        let cancelled = r.export_file_watched(
            Entity::Workshops,
            &out,
            ExportOptions::default(),
            &mut |_| false,
        );
        assert!(matches!(cancelled, Err(Error::Cancelled)), "{cancelled:?}");
        assert!(!out.exists());
        let mut reports = Vec::new();
        let n = r
            .export_file_watched(
                Entity::Workshops,
                &out,
                ExportOptions::default(),
                &mut |b| {
                    reports.push(b);
                    true
                },
            )
            .expect("export");
        assert_eq!(n, 10_001);
        assert!(!reports.is_empty());
    }

    #[test]
    fn countries_majors_and_categories_are_searchable_lists_with_counts() {
        let (_d, r) = sample();
        let th = r.countries("泰国").expect("list");
        assert_eq!(
            (th.len(), th[0].country.iso2.as_str(), th[0].workshops),
            (1, "TH", 1)
        );
        assert!(r.countries("asean").expect("list").len() >= 10);
        let m = r.majors("计算机").expect("list");
        assert_eq!((m.len(), m[0].workshops), (1, 0));
        assert_eq!(r.majors("装备制造").expect("list").len(), 1);
        let k = r.categories().expect("list");
        assert_eq!(k.len(), 19);
        assert_eq!(k.iter().find(|c| c.code == 46).map(|c| c.majors), Some(1));
        assert!(r.groups().expect("groups").contains(&"SCO".to_string()));
        assert!(r.integrity_problems().expect("check").is_empty());
    }
}
