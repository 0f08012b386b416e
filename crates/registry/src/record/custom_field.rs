//! Fields of the office's own: columns an office keeps beside the registry's (合作企业, 经费,
//! 签约日期), defined by the user, with a value per record. Tables `custom_field` and
//! `custom_value` (schema version 8).
//!
//! A definition belongs to a kind of record; only workshops have them so far (the table's CHECK
//! and [`SUPPORTED`] say so), but nothing here is a workshop's but the value table's foreign key.
//! A field's values travel as one more cell after the kind's own in its `export` row, so CSV and
//! workbook export, the history (which compares records through `export`), undo and the round trip
//! carry them without code of their own. A value is checked by its type through the one
//! definitions in [`crate::model::fields`] and stored in its stored form (`12.5`, `2024-11-21`,
//! `yes`).

use std::collections::HashMap;
use std::rc::Rc;

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::Entity;
use crate::error::{Error, FieldError, ProblemKind, Result, Vocabulary};
use crate::model::fields::{self, clean, DateOrder};
use crate::model::{Fields, YesNo};

/// The kinds of record that can have fields of the office's own.
pub const SUPPORTED: [Entity; 1] = [Entity::Workshops];

/// What a field of the office's own holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FieldType {
    /// Free text (合作企业).
    Text,
    /// A number, decimals allowed (经费 12.5).
    Number,
    /// A day (签约日期).
    Date,
    /// Yes or no (是/否).
    YesNo,
}

impl FieldType {
    /// Every type, in the order forms offer them.
    pub const ALL: [FieldType; 4] = [
        FieldType::Text,
        FieldType::Number,
        FieldType::Date,
        FieldType::YesNo,
    ];

    /// The stored and command-line form (`yes-no`).
    pub fn as_str(self) -> &'static str {
        match self {
            FieldType::Text => "text",
            FieldType::Number => "number",
            FieldType::Date => "date",
            FieldType::YesNo => "yes-no",
        }
    }

    /// The Chinese name (`是否`).
    pub fn label_zh(self) -> &'static str {
        match self {
            FieldType::Text => "文本",
            FieldType::Number => "数字",
            FieldType::Date => "日期",
            FieldType::YesNo => "是否",
        }
    }

    /// Reads the stored form (any case; `yes/no` and `yesno` too) or the Chinese name.
    pub fn parse(text: &str) -> Option<FieldType> {
        let text = clean(text).to_ascii_lowercase();
        let text = match text.as_str() {
            "yes/no" | "yesno" | "yes_no" | "boolean" | "是/否" => "yes-no",
            other => other,
        };
        FieldType::ALL
            .into_iter()
            .find(|t| t.as_str() == text || t.label_zh() == text)
    }
}

/// A field of the office's own, as lists and forms show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldDef {
    /// The kind of record it belongs to (`workshops`).
    pub kind: Entity,
    /// Its name: the column header in files (English header), and the key of its value in a form.
    pub name: String,
    /// What it holds.
    #[serde(rename = "type")]
    pub field_type: FieldType,
    /// Its Chinese label (the Chinese header), if it has one.
    pub label_zh: Option<String>,
    /// Whether the kind's list shows it as a column.
    pub in_list: bool,
    /// How many records have a value for it.
    pub values: i64,
}

/// A field to add, as a form or the command line gives it (the type as text, so a wrong one is
/// a field problem the form shows beside it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct NewField {
    /// The name (column header).
    pub name: String,
    /// `text`, `number`, `date` or `yes-no` (or 文本, 数字, 日期, 是否).
    #[serde(rename = "type")]
    pub field_type: String,
    /// The Chinese label; blank for none.
    pub label_zh: Option<String>,
    /// Whether the kind's list shows it as a column.
    pub in_list: bool,
}

/// A field's value on one record, as a workshop's page shows it ("" when none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldValue {
    /// The field's name.
    pub name: String,
    /// Its stored value, or "".
    pub value: String,
}

/// A definition as the core uses it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Def {
    pub id: i64,
    pub name: String,
    pub field_type: FieldType,
    pub label_zh: Option<String>,
    pub in_list: bool,
}

impl Def {
    /// The header of its column: the name, or in Chinese the Chinese label when it has one.
    pub fn header(&self, chinese: bool) -> &str {
        match (&self.label_zh, chinese) {
            (Some(zh), true) => zh,
            _ => &self.name,
        }
    }

    /// Whether a header cell names this field: its name or its Chinese label, compared by
    /// [`fields::key`] and also by the header rule's folding (spaces, `_`, `-`, full width).
    pub fn is_named_by(&self, cell: &str) -> bool {
        let key = fields::key(cell);
        let folded = crate::table::header::fold(cell);
        std::iter::once(&self.name)
            .chain(self.label_zh.as_ref())
            .any(|n| fields::key(n) == key || crate::table::header::fold(n) == folded)
    }
}

fn stored_type(idx: usize, text: &str) -> rusqlite::Result<FieldType> {
    super::stored(idx, text, FieldType::parse)
}

/// The fields of `kind`, in column order.
pub(crate) fn defs(conn: &Connection, kind: Entity) -> rusqlite::Result<Vec<Def>> {
    if !SUPPORTED.contains(&kind) {
        return Ok(Vec::new());
    }
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, type, label_zh, in_list FROM custom_field WHERE kind = ?1 ORDER BY position, id",
    )?;
    let rows = stmt.query_map([kind.stem()], |r| {
        let t: String = r.get(2)?;
        Ok(Def {
            id: r.get(0)?,
            name: r.get(1)?,
            field_type: stored_type(2, &t)?,
            label_zh: r.get(3)?,
            in_list: r.get(4)?,
        })
    })?;
    rows.collect()
}

/// The fields of `kind` shared for a batch (read once, cloned cheaply per row).
pub(crate) fn shared(conn: &Connection, kind: Entity) -> rusqlite::Result<Rc<[Def]>> {
    Ok(defs(conn, kind)?.into())
}

/// The names of the fields of `kind`, in column order (the history names the cells after the
/// kind's own by them).
pub(crate) fn names(conn: &Connection, kind: Entity) -> rusqlite::Result<Vec<String>> {
    Ok(defs(conn, kind)?.into_iter().map(|d| d.name).collect())
}

/// Every field of every kind, with how many records have a value for it.
pub(crate) fn list(conn: &Connection) -> Result<Vec<FieldDef>> {
    let mut out = Vec::new();
    for kind in SUPPORTED {
        for d in defs(conn, kind)? {
            let values = super::count_where(
                conn,
                "SELECT count(*) FROM custom_value WHERE field_id = ?1",
                [d.id],
            )?;
            out.push(FieldDef {
                kind,
                name: d.name,
                field_type: d.field_type,
                label_zh: d.label_zh,
                in_list: d.in_list,
                values,
            });
        }
    }
    Ok(out)
}

/// The field of `kind` that `name` names (by name or Chinese label, as a header would).
pub(crate) fn find(conn: &Connection, kind: Entity, name: &str) -> Result<Def> {
    defs(conn, kind)?
        .into_iter()
        .find(|d| d.is_named_by(name))
        .ok_or_else(|| Error::UnknownField {
            entity: kind,
            name: clean(name).to_string(),
        })
}

/// Whether `text` would be read as a column of `kind` of its own (by the header rule, aliases
/// and running-number columns included): the column's field name (`序号` for a running number,
/// which imports leave out), if so.
fn own_column(kind: Entity, text: &str) -> Option<&'static str> {
    if crate::table::header::is_running_number(text) {
        return Some("序号");
    }
    crate::table::header::column_for(kind, text).map(|i| kind.columns()[i].name)
}

/// Checks and adds a field; every problem is a [`FieldError`] on `field_name`, `field_type` or
/// `label_zh` (names no column of any kind has, so a message never borrows a column's label).
pub(crate) fn add(conn: &Connection, kind: Entity, new: &NewField) -> Result<FieldDef> {
    let mut errors = Vec::new();
    if !SUPPORTED.contains(&kind) {
        return Err(Error::Invalid(vec![FieldError::new(
            "kind",
            kind.stem(),
            ProblemKind::FieldKindUnsupported(kind),
        )]));
    }
    let existing = defs(conn, kind)?;
    let check_name = |errors: &mut Vec<FieldError>, field: &str, text: &str| -> Option<String> {
        let text = fields::tidy(text).into_owned();
        if let Some(column) = own_column(kind, &text) {
            errors.push(FieldError::new(
                field,
                &text,
                ProblemKind::FieldNameIsColumn { column },
            ));
            return None;
        }
        if existing.iter().any(|d| d.is_named_by(&text)) {
            errors.push(FieldError::new(field, &text, ProblemKind::FieldNameTaken));
            return None;
        }
        Some(text)
    };
    let name = match fields::required_text("field_name", &new.name) {
        Ok(name) => check_name(&mut errors, "field_name", &name),
        Err(e) => {
            errors.push(e);
            None
        }
    };
    let label_zh = new
        .label_zh
        .as_deref()
        .and_then(fields::optional_text)
        .filter(|zh| {
            name.as_ref()
                .is_none_or(|n| fields::key(n) != fields::key(zh))
        });
    let label_zh = match label_zh {
        Some(zh) => check_name(&mut errors, "label_zh", &zh),
        None => None,
    };
    let field_type = match clean(&new.field_type) {
        "" => {
            errors.push(fields::required("field_type", crate::error::Expect::Text));
            None
        }
        text => {
            let t = FieldType::parse(text);
            if t.is_none() {
                errors.push(FieldError::new(
                    "field_type",
                    text,
                    ProblemKind::NotAFieldType,
                ));
            }
            t
        }
    };
    let (Some(name), Some(field_type), true) = (name, field_type, errors.is_empty()) else {
        return Err(Error::Invalid(errors));
    };
    let position: i64 = conn.query_row(
        "SELECT ifnull(max(position), 0) + 1 FROM custom_field WHERE kind = ?1",
        [kind.stem()],
        |r| r.get(0),
    )?;
    conn.execute(
        "INSERT INTO custom_field (kind, name, name_key, type, label_zh, in_list, position) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            kind.stem(),
            name,
            fields::key(&name),
            field_type.as_str(),
            label_zh,
            new.in_list,
            position
        ],
    )?;
    Ok(FieldDef {
        kind,
        name,
        field_type,
        label_zh,
        in_list: new.in_list,
        values: 0,
    })
}

/// How many records have a value for `def`.
pub(crate) fn value_count(conn: &Connection, def: &Def) -> Result<i64> {
    super::count_where(
        conn,
        "SELECT count(*) FROM custom_value WHERE field_id = ?1",
        [def.id],
    )
}

/// Removes a field with its values.
pub(crate) fn remove(conn: &Connection, def: &Def) -> Result<()> {
    conn.execute("DELETE FROM custom_value WHERE field_id = ?1", [def.id])?;
    conn.execute("DELETE FROM custom_field WHERE id = ?1", [def.id])?;
    Ok(())
}

/// A value of `def` checked by its type, in its stored form; blank is none. Problems name the
/// field by its name.
pub(crate) fn validate(
    def: &Def,
    text: &str,
    order: Option<DateOrder>,
) -> std::result::Result<Option<String>, FieldError> {
    let field = def.name.as_str();
    match def.field_type {
        FieldType::Text => Ok(fields::optional_text(text)),
        FieldType::Number => fields::number(field, text),
        FieldType::Date => Ok(fields::optional_date_in_order(field, text, order)?
            .map(|d| d.format("%Y-%m-%d").to_string())),
        FieldType::YesNo => match clean(text) {
            "" => Ok(None),
            t => fields::vocabulary(field, t, YesNo::parse, Vocabulary::YesNo)
                .map(|v| Some(v.as_str().to_string())),
        },
    }
}

/// What a row or form gives for each field: `None` when it leaves the field out (the stored value
/// stays), else the checked value (`Some(None)` clears it).
pub(crate) type Given = Vec<(i64, Option<Option<String>>)>;

/// Reads and checks the values `f` gives for `defs`; problems go to `errors`.
pub(crate) fn read(
    defs: &[Def],
    f: &dyn Fields,
    order: Option<DateOrder>,
    errors: &mut Vec<FieldError>,
) -> Given {
    let mut out = Vec::with_capacity(defs.len());
    for def in defs {
        let given = match f.get(&def.name) {
            None => None,
            Some(text) => match validate(def, text, order) {
                Ok(v) => Some(v),
                Err(e) => {
                    errors.push(e);
                    None
                }
            },
        };
        out.push((def.id, given));
    }
    out
}

/// Writes the given values of record `id`; whether any stored value changed.
pub(crate) fn store(conn: &Connection, id: i64, given: &Given) -> rusqlite::Result<bool> {
    let mut changed = false;
    for (field, value) in given {
        let Some(value) = value else { continue };
        let old: Option<String> = conn
            .prepare_cached(
                "SELECT value FROM custom_value WHERE workshop_id = ?1 AND field_id = ?2",
            )?
            .query_row([id, *field], |r| r.get(0))
            .optional()?;
        if old.as_ref() == value.as_ref() {
            continue;
        }
        changed = true;
        match value {
            Some(v) => conn
                .prepare_cached(
                    "INSERT INTO custom_value (workshop_id, field_id, value) VALUES (?1, ?2, ?3) \
                     ON CONFLICT (workshop_id, field_id) DO UPDATE SET value = excluded.value",
                )?
                .execute(params![id, field, v])?,
            None => conn
                .prepare_cached(
                    "DELETE FROM custom_value WHERE workshop_id = ?1 AND field_id = ?2",
                )?
                .execute([id, *field])?,
        };
    }
    Ok(changed)
}

/// Every stored value of the fields `defs`, by record code, in the order of `defs` ("" for none).
pub(crate) fn values_by_code(
    conn: &Connection,
    defs: &[Def],
) -> rusqlite::Result<HashMap<String, Vec<String>>> {
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    if defs.is_empty() {
        return Ok(out);
    }
    let position: HashMap<i64, usize> = defs.iter().enumerate().map(|(i, d)| (d.id, i)).collect();
    let mut stmt = conn.prepare_cached(
        "SELECT w.code, v.field_id, v.value FROM custom_value v JOIN workshop w ON w.id = v.workshop_id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let field: i64 = r.get(1)?;
        let Some(&i) = position.get(&field) else {
            continue;
        };
        let cells = out
            .entry(r.get(0)?)
            .or_insert_with(|| vec![String::new(); defs.len()]);
        cells[i] = r.get(2)?;
    }
    Ok(out)
}

/// The non-blank values of the fields `defs`, by record code, each keyed by its field's name:
/// what a row of the workshop list or of a breakdown carries beside its own columns.
pub(crate) fn named_values_by_code(
    conn: &Connection,
    defs: &[Def],
) -> rusqlite::Result<HashMap<String, std::collections::BTreeMap<String, String>>> {
    Ok(values_by_code(conn, defs)?
        .into_iter()
        .map(|(code, cells)| {
            let named = defs
                .iter()
                .zip(cells)
                .filter(|(_, v)| !v.is_empty())
                .map(|(d, v)| (d.name.clone(), v))
                .collect();
            (code, named)
        })
        .collect())
}

/// The values of record `id` for every field of `kind` ("" for none), in column order.
pub(crate) fn of_record(conn: &Connection, kind: Entity, id: i64) -> Result<Vec<FieldValue>> {
    let defs = defs(conn, kind)?;
    let mut out = Vec::with_capacity(defs.len());
    for d in defs {
        let value: Option<String> = conn
            .prepare_cached(
                "SELECT value FROM custom_value WHERE workshop_id = ?1 AND field_id = ?2",
            )?
            .query_row([id, d.id], |r| r.get(0))
            .optional()?;
        out.push(FieldValue {
            name: d.name,
            value: value.unwrap_or_default(),
        });
    }
    Ok(out)
}

/// Every stored value, as (record code, field name, value), by code then field order: for
/// [`super::Snapshot`].
pub(crate) fn all_values(conn: &Connection) -> Result<Vec<(String, String, String)>> {
    let mut stmt = conn.prepare(
        "SELECT w.code, f.name, v.value FROM custom_value v \
         JOIN workshop w ON w.id = v.workshop_id JOIN custom_field f ON f.id = v.field_id \
         ORDER BY w.code, f.position, f.id",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
