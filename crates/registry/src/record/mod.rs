//! The kinds of record, one module each, and the one place that dispatches over them.
//!
//! A module here holds everything one kind of record is: its columns (key, required, English and
//! Chinese header, label), its struct, how a row is read from SQLite, validated and written, how
//! it streams out for export, and what a delete takes with it. The [`Entity`] enum lists the kinds;
//! [`each_kind!`] is the only `match` that maps a kind to its module, so a new kind is a module,
//! a variant and an arm there, and the compiler names every function the module must provide.
//!
//! The batch machinery that every kind shares (lookups, repeat tracking, statement cache) is in
//! [`crate::write`].

pub mod agreement;
pub mod contact;
pub mod country;
pub mod custom_field;
pub mod enrolment;
pub mod major;
pub mod major_category;
pub mod training;
pub mod workshop;
pub mod workshop_major;

use rusqlite::Connection;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::model::fields::clean;
use crate::model::Fields;

/// One column of a kind's CSV file and form.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// The field name, used as the English header (`host_institution`).
    pub name: &'static str,
    /// The Chinese header, also the Chinese label (`外方合作院校`).
    pub zh: &'static str,
    /// The English label the app shows (`Host institution (abroad)`).
    pub label: &'static str,
    /// Whether a file must have this column (an optional column may be left out: new rows get it
    /// blank and existing rows keep their stored value).
    pub required: bool,
    /// Whether the column is part of the record's key.
    pub key: bool,
}

/// A required column that is part of the key.
pub(crate) const fn key(name: &'static str, zh: &'static str, label: &'static str) -> Column {
    Column {
        name,
        zh,
        label,
        required: true,
        key: true,
    }
}

/// A required column.
pub(crate) const fn req(name: &'static str, zh: &'static str, label: &'static str) -> Column {
    Column {
        name,
        zh,
        label,
        required: true,
        key: false,
    }
}

/// An optional column.
pub(crate) const fn opt(name: &'static str, zh: &'static str, label: &'static str) -> Column {
    Column {
        name,
        zh,
        label,
        required: false,
        key: false,
    }
}

/// An optional column that is part of the key (an enrolment's major: blank is one key value).
pub(crate) const fn opt_key(name: &'static str, zh: &'static str, label: &'static str) -> Column {
    Column {
        name,
        zh,
        label,
        required: false,
        key: true,
    }
}

/// What a kind of record is called and how it is stored.
pub(crate) struct Info {
    /// The file stem (`workshops`).
    pub stem: &'static str,
    /// The SQL table.
    pub table: &'static str,
    /// The record in English messages (`workshop`, `enrolment`).
    pub name: &'static str,
    /// The record counted in English, one and many (`workshop`, `workshops`; `enrolment row`).
    pub one: &'static str,
    /// See `one`.
    pub many: &'static str,
    /// The record in Chinese messages (`工坊`).
    pub zh: &'static str,
    /// The columns, in export order.
    pub columns: &'static [Column],
    /// How a form edits a record of this kind.
    pub edit: Edit,
}

/// How a form's save treats an existing record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Edit {
    /// Upsert by key; the key may change (rename), to one no other record has.
    Rename,
    /// Upsert by key; the key cannot change.
    Upsert,
    /// A row identified by all its key fields: an edit removes the original row and adds the new
    /// one, which must not exist yet; adding one that exists is refused rather than overwritten,
    /// and the refusal is shown beside `field`.
    Row {
        /// The field a form shows "already exists" beside.
        field: &'static str,
    },
}

/// Dispatches over the kinds of record: `each_kind!(entity, m => m::INFO.stem)` runs the body with
/// `m` naming the kind's module. This is the only `match` from a kind to its module.
macro_rules! each_kind {
    ($entity:expr, $m:ident => $body:expr) => {
        match $entity {
            $crate::record::Entity::Countries => {
                use $crate::record::country as $m;
                $body
            }
            $crate::record::Entity::MajorCategories => {
                use $crate::record::major_category as $m;
                $body
            }
            $crate::record::Entity::Majors => {
                use $crate::record::major as $m;
                $body
            }
            $crate::record::Entity::Workshops => {
                use $crate::record::workshop as $m;
                $body
            }
            $crate::record::Entity::WorkshopMajors => {
                use $crate::record::workshop_major as $m;
                $body
            }
            $crate::record::Entity::Enrolments => {
                use $crate::record::enrolment as $m;
                $body
            }
            $crate::record::Entity::Trainings => {
                use $crate::record::training as $m;
                $body
            }
            $crate::record::Entity::Agreements => {
                use $crate::record::agreement as $m;
                $body
            }
            $crate::record::Entity::Contacts => {
                use $crate::record::contact as $m;
                $body
            }
        }
    };
}
pub(crate) use each_kind;

/// A kind of record, and the CSV file that carries it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Entity {
    /// `countries.csv`
    Countries,
    /// `major_categories.csv`
    MajorCategories,
    /// `majors.csv`
    Majors,
    /// `workshops.csv`
    Workshops,
    /// `workshop_majors.csv`
    WorkshopMajors,
    /// `enrolments.csv`
    Enrolments,
    /// `trainings.csv`
    Trainings,
    /// `agreements.csv`
    Agreements,
    /// `contacts.csv`
    Contacts,
}

impl Entity {
    /// Every kind in dependency order: a file only refers to kinds before it.
    pub const ALL: [Entity; 9] = [
        Entity::Countries,
        Entity::MajorCategories,
        Entity::Majors,
        Entity::Workshops,
        Entity::WorkshopMajors,
        Entity::Enrolments,
        Entity::Trainings,
        Entity::Agreements,
        Entity::Contacts,
    ];

    pub(crate) fn info(self) -> &'static Info {
        each_kind!(self, m => &m::INFO)
    }

    /// The file stem, as used on the command line (`workshops`).
    pub fn stem(self) -> &'static str {
        self.info().stem
    }

    /// The file name (`workshops.csv`).
    pub fn file_name(self) -> String {
        format!("{}.csv", self.stem())
    }

    /// Finds a kind by its stem, file name or sheet name, in English or Chinese (`workshops`,
    /// `workshops.csv`, `工坊.csv`, a sheet named `招生`); see [`SHEET_NAMES`].
    ///
    /// ```
    /// use luban_registry::Entity;
    /// assert_eq!(Entity::from_name("Workshops.CSV"), Some(Entity::Workshops));
    /// assert_eq!(Entity::from_name("工坊.csv"), Some(Entity::Workshops));
    /// assert_eq!(Entity::from_name("学历教育"), Some(Entity::Enrolments));
    /// assert_eq!(Entity::from_name("合作协议"), Some(Entity::Agreements));
    /// assert_eq!(Entity::from_name("联系人"), Some(Entity::Contacts));
    /// assert_eq!(Entity::from_name("people"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Entity> {
        let lower = name.trim().to_ascii_lowercase();
        let stem = [".csv", ".xlsx", ".xlsm", ".xls", ".ods"]
            .iter()
            .find_map(|ext| lower.strip_suffix(ext))
            .unwrap_or(&lower)
            .trim();
        if let Some(e) = Entity::ALL.into_iter().find(|e| e.stem() == stem) {
            return Some(e);
        }
        // Office sheets are often called 工坊表, 工坊信息 or 工坊信息表.
        let bare = ["信息表", "信息", "表"]
            .iter()
            .find_map(|suffix| stem.strip_suffix(suffix))
            .unwrap_or(stem);
        SHEET_NAMES
            .iter()
            .find(|(_, names)| names.contains(&stem) || names.contains(&bare))
            .map(|(e, _)| *e)
    }

    /// The Chinese name a sheet or file of this kind is given (`工坊`, `招生`).
    pub fn sheet_name_zh(self) -> &'static str {
        SHEET_NAMES
            .iter()
            .find(|(e, _)| *e == self)
            .and_then(|(_, names)| names.first())
            .copied()
            .unwrap_or(self.info().zh)
    }

    /// The record name in messages (`workshop`).
    pub fn singular(self) -> &'static str {
        self.info().name
    }

    /// The record name in English messages, one or many.
    pub fn noun(self, one: bool) -> &'static str {
        if one {
            self.info().one
        } else {
            self.info().many
        }
    }

    /// The record name in Chinese messages (`工坊`).
    pub fn singular_zh(self) -> &'static str {
        self.info().zh
    }

    /// The columns of the kind's CSV file, in export order.
    pub fn columns(self) -> &'static [Column] {
        self.info().columns
    }

    /// Maps a header cell (English or Chinese, any case, spaces, full-width forms, a bracketed
    /// part) to this kind's column; the rule is [`crate::table::header::column_for`].
    ///
    /// ```
    /// use luban_registry::Entity;
    /// assert_eq!(Entity::Workshops.column_for_header("  Opened_Year "), Some(7));
    /// assert_eq!(Entity::Workshops.column_for_header("建成年份"), Some(7));
    /// assert_eq!(Entity::Workshops.column_for_header("year"), None);
    /// ```
    pub fn column_for_header(self, header: &str) -> Option<usize> {
        crate::table::header::column_for(self, header)
    }
}

/// The Chinese names of each kind's sheet or file, the first as written in messages: the one
/// list [`Entity::from_name`] reads sheet names and Chinese file names by.
pub const SHEET_NAMES: [(Entity, &[&str]); 9] = [
    (Entity::Countries, &["国家", "国别", "国家和地区"]),
    (Entity::MajorCategories, &["专业大类"]),
    (Entity::Majors, &["专业"]),
    (Entity::Workshops, &["工坊", "鲁班工坊"]),
    (Entity::WorkshopMajors, &["工坊专业", "合作专业"]),
    (
        Entity::Enrolments,
        &["招生", "学历教育", "学历教育招生", "招生记录"],
    ),
    (Entity::Trainings, &["培训", "培训记录", "社会培训"]),
    (Entity::Agreements, &["协议", "合作协议", "协议登记"]),
    (Entity::Contacts, &["联系人", "联系人名单"]),
];

impl std::fmt::Display for Entity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.stem())
    }
}

impl std::str::FromStr for Entity {
    type Err = Error;

    fn from_str(name: &str) -> Result<Entity> {
        Entity::from_name(name).ok_or_else(|| Error::UnknownEntity(name.to_string()))
    }
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
    /// Agreements deleted with it (a workshop's agreements go with the workshop).
    pub agreements: u64,
    /// Contacts deleted with it.
    pub contacts: u64,
    /// Attached documents deleted with it (their stored copies go once nothing names them).
    pub documents: u64,
}

/// A key field of `key`, trimmed ("" when absent).
pub(crate) fn key_field<'a>(key: &'a dyn Fields, field: &str) -> &'a str {
    key.get(field).map(clean).unwrap_or("")
}

/// [`Error::NotFound`] naming the record by its key fields.
pub(crate) fn not_found(entity: Entity, key: &dyn Fields) -> Error {
    let parts: Vec<&str> = entity
        .columns()
        .iter()
        .filter(|c| c.key)
        .map(|c| key_field(key, c.name))
        .filter(|v| !v.is_empty())
        .collect();
    Error::NotFound {
        entity,
        key: parts.join(" "),
    }
}

/// The key of a row as one string, for noticing a key repeated within a file when the earlier row
/// was not written (it had problems of its own): codes in upper case, the rest as trimmed text.
/// `None` when a key field is blank (that row reports a required field instead).
pub(crate) fn key_text(entity: Entity, row: &dyn Fields) -> Option<String> {
    let mut out = String::new();
    for column in entity.columns().iter().filter(|c| c.key) {
        let value = key_field(row, column.name);
        if value.is_empty() && column.required {
            return None;
        }
        out.push_str(&value.to_uppercase());
        out.push('\u{1f}');
    }
    Some(out)
}

/// How many records of `entity` the registry holds.
/// The export of `entity`'s records of the workshop `workshop` (its code as stored), for the
/// kinds that can hold millions of rows (enrolments and trainings); `false` (nothing exported)
/// for a kind that is not kept per workshop this way.
pub(crate) fn export_of_workshop(
    conn: &Connection,
    entity: Entity,
    workshop: &str,
    row: &mut dyn FnMut(&[&str]) -> Result<()>,
) -> Result<bool> {
    match entity {
        Entity::Enrolments => enrolment::export_of(conn, Some(workshop), row)?,
        Entity::Trainings => training::export_of(conn, Some(workshop), row)?,
        Entity::Countries
        | Entity::MajorCategories
        | Entity::Majors
        | Entity::Workshops
        | Entity::WorkshopMajors
        | Entity::Agreements
        | Entity::Contacts => return Ok(false),
    }
    Ok(true)
}

pub(crate) fn count(conn: &Connection, entity: Entity) -> Result<i64> {
    let sql = format!("SELECT count(*) FROM {}", entity.info().table);
    Ok(conn.prepare_cached(&sql)?.query_row([], |r| r.get(0))?)
}

/// A single count from one query with parameters.
pub(crate) fn count_where(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
) -> Result<i64> {
    Ok(conn.prepare_cached(sql)?.query_row(params, |r| r.get(0))?)
}

/// Reads a stored vocabulary value (status, level, …) of column `idx`; an unknown value is a
/// conversion error rather than a panic (a file edited by hand could hold one).
pub(crate) fn stored<T>(
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

/// An SQL `CASE` giving each value of a vocabulary its position, so rows sort in declared order.
pub(crate) fn order_of<T: Copy>(column: &str, all: &[T], as_str: fn(T) -> &'static str) -> String {
    let mut sql = format!("CASE {column}");
    for (i, v) in all.iter().enumerate() {
        sql.push_str(&format!(" WHEN '{}' THEN {i}", as_str(*v)));
    }
    sql.push_str(&format!(" ELSE {} END", all.len()));
    sql
}

/// Renames a record keyed by `code` (workshops, majors) before a form saves it under a new code.
/// A code another record has is refused; an invalid new code is left to the writer to report.
pub(crate) fn rename_code(
    conn: &Connection,
    entity: Entity,
    original: &dyn Fields,
    fields: &dyn Fields,
) -> Result<()> {
    let old = key_field(original, "code").to_ascii_uppercase();
    let new = key_field(fields, "code").to_ascii_uppercase();
    if old.is_empty() || new == old || crate::model::fields::code("code", &new).is_err() {
        return Ok(());
    }
    let table = entity.info().table;
    let taken: bool = conn.query_row(
        &format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE code = ?1)"),
        [&new],
        |r| r.get(0),
    )?;
    if taken {
        return Err(Error::Invalid(vec![crate::error::FieldError::new(
            "code",
            &new,
            crate::error::ProblemKind::CodeTaken(entity),
        )]));
    }
    let changed = conn.execute(
        &format!("UPDATE {table} SET code = ?2 WHERE code = ?1"),
        [&old, &new],
    )?;
    if changed == 0 {
        return Err(Error::NotFound { entity, key: old });
    }
    Ok(())
}

/// The rows `sql` (selecting a key and a year, given the ceiling) finds, as findings.
pub(crate) fn years_after(
    conn: &Connection,
    entity: Entity,
    sql: &str,
    max: i32,
) -> Result<Vec<crate::check::Finding>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([max], |r| {
        Ok(crate::check::Finding::YearAfter {
            entity,
            key: r.get(0)?,
            year: r.get(1)?,
            max,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Deletes every record of `entity` (and, through the schema's cascades, what hangs off them).
pub(crate) fn delete_all(conn: &Connection, entity: Entity) -> Result<usize> {
    Ok(conn.execute(&format!("DELETE FROM {}", entity.info().table), [])?)
}

/// Every record of a registry, as values, in key order (for comparing registries, and for tests).
/// It holds the whole registry in memory: exports stream instead.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Snapshot {
    /// Countries, by ISO2 code.
    pub countries: Vec<country::Country>,
    /// Major categories, by code.
    pub major_categories: Vec<major_category::MajorCategory>,
    /// Majors, by code.
    pub majors: Vec<major::Major>,
    /// Workshops, by code.
    pub workshops: Vec<workshop::Workshop>,
    /// Workshop majors, by workshop then major.
    pub workshop_majors: Vec<workshop_major::WorkshopMajor>,
    /// Enrolments, in key order.
    pub enrolments: Vec<enrolment::Enrolment>,
    /// Training counts, in key order.
    pub trainings: Vec<training::Training>,
    /// Agreements, by code.
    pub agreements: Vec<agreement::Agreement>,
    /// Contacts, by workshop, side and name.
    pub contacts: Vec<contact::Contact>,
    /// Attached documents, by agreement and name.
    pub documents: Vec<crate::document::Document>,
    /// Values of fields of the office's own, as (workshop code, field name, value), by code.
    pub field_values: Vec<(String, String, String)>,
}

/// Reads every record (inside the caller's read transaction).
pub(crate) fn snapshot(conn: &Connection) -> Result<Snapshot> {
    let mut s = Snapshot {
        countries: country::all(conn)?,
        major_categories: major_category::all(conn)?,
        majors: major::all(conn)?,
        workshops: workshop::all(conn)?,
        agreements: agreement::all(conn)?,
        contacts: contact::all(conn, None)?,
        documents: crate::document::list(conn, None)?,
        field_values: custom_field::all_values(conn)?,
        ..Snapshot::default()
    };
    workshop_major::each(conn, |l| {
        s.workshop_majors.push(l);
        Ok(())
    })?;
    enrolment::each(conn, None, |e| {
        s.enrolments.push(e);
        Ok(())
    })?;
    training::each(conn, None, |t| {
        s.trainings.push(t);
        Ok(())
    })?;
    Ok(s)
}

/// Whether the table of `entity` holds no row.
pub(crate) fn is_empty(conn: &Connection, entity: Entity) -> rusqlite::Result<bool> {
    let sql = format!("SELECT NOT EXISTS (SELECT 1 FROM {})", entity.info().table);
    conn.query_row(&sql, [], |r| r.get(0))
}

/// The largest rowid of the table of `entity` (0 when empty): rows a batch adds come after it.
pub(crate) fn max_rowid(conn: &Connection, entity: Entity) -> rusqlite::Result<i64> {
    let sql = format!("SELECT ifnull(max(rowid), 0) FROM {}", entity.info().table);
    conn.query_row(&sql, [], |r| r.get(0))
}
