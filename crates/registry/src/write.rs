//! Validating and storing one record at a time: the batch machinery every kind shares.
//!
//! The CSV importer calls [`Writer::put`] for each row inside the import's transaction; the app
//! calls it for a record saved from a form, so both give the same problems for the same mistakes.
//! What a kind's fields mean is in its module under [`crate::record`]; here are only the parts
//! they share: lookups by name or code cached for the batch (a million-row file does one indexed
//! query per row at most), noticing a key repeated within a file, and a statement cache for the
//! per-row hot paths.

use std::collections::{HashMap, HashSet};

use rusqlite::{Connection, Statement};

use crate::error::{Expect, FieldError, ProblemKind};
use crate::model::fields::{self, clean};
use crate::model::Fields;
use crate::record::{self, each_kind, Entity};

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

impl From<Outcome> for Put {
    fn from(outcome: Outcome) -> Self {
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

pub(crate) type PutResult = Result<Put, PutError>;

/// A lookup: the database may fail (outer), or the value may not be found (inner, a field error).
pub(crate) type Lookup<T> = rusqlite::Result<Result<T, FieldError>>;

/// Tuples of field results that are all needed to write a record: every error is kept, and the
/// values come out only when there is none, so a missing value cannot be used by mistake.
pub(crate) trait AllOk {
    type Values;
    fn all_ok(self, errors: &mut Vec<FieldError>) -> Option<Self::Values>;
}

macro_rules! all_ok_tuple {
    ($($t:ident $v:ident),+) => {
        impl<$($t),+> AllOk for ($(Result<$t, FieldError>,)+) {
            type Values = ($($t,)+);
            fn all_ok(self, errors: &mut Vec<FieldError>) -> Option<Self::Values> {
                let ($($v,)+) = self;
                $(let $v = match $v {
                    Ok(x) => Some(x),
                    Err(e) => {
                        errors.push(e);
                        None
                    }
                };)+
                Some(($($v?,)+))
            }
        }
    };
}
all_ok_tuple!(A a);
all_ok_tuple!(A a, B b);
all_ok_tuple!(A a, B b, C c);
all_ok_tuple!(A a, B b, C c, D d);
all_ok_tuple!(A a, B b, C c, D d, E e);
all_ok_tuple!(A a, B b, C c, D d, E e, F f);
all_ok_tuple!(A a, B b, C c, D d, E e, F f, G g);
all_ok_tuple!(A a, B b, C c, D d, E e, F f, G g, H h);
all_ok_tuple!(A a, B b, C c, D d, E e, F f, G g, H h, I i);
all_ok_tuple!(A a, B b, C c, D d, E e, F f, G g, H h, I i, J j);
all_ok_tuple!(A a, B b, C c, D d, E e, F f, G g, H h, I i, J j, K k);

/// Collects the field errors of one record: those about a field's own value (through
/// [`Check::finish`]) and those about how fields agree (through [`Check::push`]).
#[derive(Default)]
pub(crate) struct Check(Vec<FieldError>);

impl Check {
    /// A problem found by comparing fields.
    pub fn push(&mut self, e: FieldError) {
        self.0.push(e);
    }

    /// The values of `fields` if neither they nor any pushed check failed; otherwise every error.
    pub fn finish<V: AllOk>(mut self, fields: V) -> Result<V::Values, PutError> {
        match fields.all_ok(&mut self.0) {
            Some(values) if self.0.is_empty() => Ok(values),
            _ => Err(PutError::Invalid(self.0)),
        }
    }
}

/// How many keys of refused rows a batch keeps to report repeats of them: as many as the problems
/// an import lists ([`crate::csv_io::import::MAX_PROBLEMS`]).
const REFUSED_KEYS_KEPT: usize = crate::csv_io::import::MAX_PROBLEMS;

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
        let new = usize::try_from(rowid - self.first_new_rowid)
            .ok()
            .and_then(|index| self.new_lines.get(index));
        match new {
            Some(&line) => Some(u64::from(line)),
            None => self.other.get(&rowid).map(|&l| u64::from(l)),
        }
    }
}

/// The error for a key given twice in one batch.
pub(crate) fn repeated(field: &str, value: &str, earlier: u64) -> FieldError {
    FieldError::new(field, value, ProblemKind::RepeatedKey { earlier })
}

/// Whether SQLite refused a write because the key exists.
pub(crate) fn is_unique_violation(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE || f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY)
}

/// Validates and stores records of one batch (a file, or a single edit).
pub(crate) struct Writer<'c> {
    pub conn: &'c Connection,
    /// Report keys repeated within the batch (for files); off for single edits.
    track_repeats: bool,
    pub max_figure_year: i32,
    pub max_opening_year: i32,
    /// How a date with the year last (`3/8/2016`) is read; `None`: refused naming both readings.
    pub date_order: Option<fields::DateOrder>,
    countries: Option<HashMap<String, String>>,
    /// Every country's names as written, for suggestions (loaded at the first unknown country).
    country_names: Option<Vec<(String, String)>>,
    categories: Option<HashMap<String, i64>>,
    majors: Option<HashMap<String, (i64, String)>>,
    /// Names several majors bear (loaded at the first unknown major).
    shared_major_names: Option<HashMap<String, Vec<String>>>,
    workshops: Option<HashMap<String, (i64, i32)>>,
    /// Workshops by name (loaded at the first reference that is not a code).
    workshop_names: Option<record::workshop::WorkshopNames>,
    links: Option<HashSet<(i64, i64)>>,
    seen: HashMap<Entity, Seen>,
    seen_keys: HashMap<String, u32>,
    /// Keys of rows that were refused, by kind: a later row with the same key is a repeat too,
    /// although nothing was written for the first. Only refused rows are kept, at most
    /// [`REFUSED_KEYS_KEPT`], so memory does not grow with a file of bad rows.
    refused_keys: HashMap<(Entity, String), u32>,
    table_was_empty: HashMap<Entity, bool>,
    /// The workshops' fields of the office's own (read at the first workshop of the batch).
    workshop_fields: Option<std::rc::Rc<[record::custom_field::Def]>>,
    /// Statements of the per-row hot paths (figures), held rather than looked up in rusqlite's
    /// statement cache on every row: the lookup cost an eighth of a million-row import.
    hot: Vec<(&'static str, Statement<'c>)>,
}

impl<'c> Writer<'c> {
    pub fn new(conn: &'c Connection, track_repeats: bool) -> Self {
        Writer {
            conn,
            track_repeats,
            max_figure_year: fields::max_figure_year(),
            max_opening_year: fields::max_opening_year(),
            date_order: None,
            countries: None,
            country_names: None,
            categories: None,
            majors: None,
            shared_major_names: None,
            workshops: None,
            workshop_names: None,
            links: None,
            seen: HashMap::new(),
            seen_keys: HashMap::new(),
            refused_keys: HashMap::new(),
            table_was_empty: HashMap::new(),
            workshop_fields: None,
            hot: Vec::new(),
        }
    }

    /// Writes one record of `entity` from `f`; `line` names it in repeat messages.
    pub fn put(&mut self, entity: Entity, f: &dyn Fields, line: u64) -> PutResult {
        let result = each_kind!(entity, m => m::put(self, f, line));
        if !self.track_repeats {
            return result;
        }
        match result {
            Err(PutError::Invalid(mut errors)) => {
                let refused_kept = self.refused_keys.len();
                if let Some(key) = record::key_text(entity, f) {
                    match self.refused_keys.entry((entity, key)) {
                        std::collections::hash_map::Entry::Occupied(e) => {
                            let earlier = u64::from(*e.get());
                            if !errors
                                .iter()
                                .any(|e| matches!(e.kind, ProblemKind::RepeatedKey { .. }))
                            {
                                errors.push(self.repeat_on_key_column(entity, f, earlier));
                            }
                        }
                        // At most as many as the problems an import lists: past that the file
                        // is refused anyway, and a file of bad rows must not grow memory.
                        std::collections::hash_map::Entry::Vacant(v)
                            if refused_kept < REFUSED_KEYS_KEPT =>
                        {
                            v.insert(u32::try_from(line).unwrap_or(u32::MAX));
                        }
                        std::collections::hash_map::Entry::Vacant(_) => {}
                    }
                }
                let position = |e: &FieldError| {
                    entity
                        .columns()
                        .iter()
                        .position(|c| c.name == e.field)
                        .unwrap_or(usize::MAX)
                };
                errors.sort_by_key(position);
                Err(PutError::Invalid(errors))
            }
            Ok(put) if !self.refused_keys.is_empty() => {
                // The fast path skips this: it only runs once a row of the batch was refused.
                let earlier = record::key_text(entity, f)
                    .and_then(|key| self.refused_keys.get(&(entity, key)).copied());
                match earlier {
                    Some(earlier) => Err(PutError::Invalid(vec![self.repeat_on_key_column(
                        entity,
                        f,
                        u64::from(earlier),
                    )])),
                    None => Ok(put),
                }
            }
            other => other,
        }
    }

    fn repeat_on_key_column(&self, entity: Entity, f: &dyn Fields, earlier: u64) -> FieldError {
        let column = entity
            .columns()
            .iter()
            .find(|c| c.key)
            .map_or("", |c| c.name);
        repeated(column, record::key_field(f, column), earlier)
    }

    /// A statement of a per-row hot path, prepared once per batch.
    pub fn hot(&mut self, sql: &'static str) -> rusqlite::Result<&mut Statement<'c>> {
        // Compared by text, not address: Rust does not promise one address for a `const` string
        // used in several places, and a miss here would prepare a statement on every row. The
        // lengths differ for almost every pair, so the comparison costs next to nothing.
        let index = match self.hot.iter().position(|(s, _)| *s == sql) {
            Some(index) => index,
            None => {
                self.hot.push((sql, self.conn.prepare(sql)?));
                self.hot.len() - 1
            }
        };
        Ok(&mut self.hot[index].1)
    }

    /// The workshops' fields of the office's own, read once per batch.
    pub fn workshop_fields(
        &mut self,
    ) -> rusqlite::Result<std::rc::Rc<[record::custom_field::Def]>> {
        if let Some(defs) = &self.workshop_fields {
            return Ok(defs.clone());
        }
        let defs = record::custom_field::shared(self.conn, Entity::Workshops)?;
        self.workshop_fields = Some(defs.clone());
        Ok(defs)
    }

    /// Forgets the cached lookup of `entity` after a write to it.
    pub fn changed(&mut self, entity: Entity) {
        match entity {
            Entity::Countries => {
                self.countries = None;
                self.country_names = None;
            }
            Entity::MajorCategories => self.categories = None,
            Entity::Majors => {
                self.majors = None;
                self.shared_major_names = None;
            }
            Entity::Workshops => {
                self.workshops = None;
                self.workshop_names = None;
            }
            Entity::WorkshopMajors => self.links = None,
            // Nothing looks figures up by name.
            Entity::Enrolments | Entity::Trainings => {}
            // Agreements and contacts are looked up with one query each, only where a row names one.
            Entity::Agreements | Entity::Contacts => {}
        }
    }

    // ---- lookups -------------------------------------------------------------------------------

    /// A country by ISO2 or ISO3 code or English or Chinese name (any case), as its ISO2 code.
    pub fn resolve_country(&mut self, field: &str, value: &str) -> Lookup<String> {
        let unknown = ProblemKind::UnknownReference(Entity::Countries);
        let load = record::country::lookup;
        let found = resolve(
            self.conn,
            &mut self.countries,
            load,
            field,
            value,
            Expect::Country,
            unknown,
        )?;
        Ok(match found {
            Err(e) if matches!(e.kind, ProblemKind::UnknownReference(_)) => {
                if self.country_names.is_none() {
                    self.country_names = Some(record::country::names(self.conn)?);
                }
                let names = self.country_names.iter().flatten();
                let close = crate::suggest::closest(
                    &e.value,
                    names.map(|(name, iso2)| (name.as_str(), iso2.as_str())),
                );
                let shown = close
                    .into_iter()
                    .map(|(name, iso2)| format!("{name} ({iso2})"))
                    .collect();
                Err(FieldError {
                    kind: e.kind.suggesting(shown),
                    ..e
                })
            }
            other => other,
        })
    }

    /// A major category by code or name, as its code.
    pub fn resolve_category(&mut self, field: &str, value: &str) -> Lookup<i64> {
        let load = record::major_category::lookup;
        let unknown = ProblemKind::NotACategory;
        resolve(
            self.conn,
            &mut self.categories,
            load,
            field,
            value,
            Expect::Category,
            unknown,
        )
    }

    /// A major by code or name, as its row id and code.
    pub fn resolve_major(&mut self, field: &str, value: &str) -> Lookup<(i64, String)> {
        let unknown = ProblemKind::UnknownReference(Entity::Majors);
        let load = record::major::lookup;
        let found = resolve(
            self.conn,
            &mut self.majors,
            load,
            field,
            value,
            Expect::Major,
            unknown,
        )?;
        Ok(match found {
            Err(e) if matches!(e.kind, ProblemKind::UnknownReference(_)) => {
                if self.shared_major_names.is_none() {
                    self.shared_major_names = Some(record::major::shared_names(self.conn)?);
                }
                let shared = self.shared_major_names.as_ref();
                match shared.and_then(|s| s.get(&fields::key(&e.value))) {
                    Some(codes) => Err(FieldError {
                        kind: ProblemKind::AmbiguousReference {
                            entity: Entity::Majors,
                            candidates: codes.clone(),
                        },
                        ..e
                    }),
                    None => Err(e),
                }
            }
            other => other,
        })
    }

    /// A workshop by code, or by its English or Chinese name when that names one workshop only,
    /// as its row id and opening year. A code always wins over a name.
    pub fn resolve_workshop(&mut self, field: &str, value: &str) -> Lookup<(i64, i32)> {
        if self.workshops.is_none() {
            self.workshops = Some(record::workshop::lookup(self.conn)?);
        }
        let workshops = self.workshops.as_ref();
        // Fast path: the code as written is already a stored code (no allocation).
        if let Some(found) = workshops.and_then(|m| m.get(clean(value))) {
            return Ok(Ok(*found));
        }
        let value = clean(value);
        if value.is_empty() {
            return Ok(Err(fields::required(field, Expect::Workshop)));
        }
        if let Some(found) = fields::code(field, value)
            .ok()
            .and_then(|code| workshops.and_then(|m| m.get(&code)))
        {
            return Ok(Ok(*found));
        }
        if self.workshop_names.is_none() {
            self.workshop_names = Some(record::workshop::names(self.conn)?);
        }
        let names = self.workshop_names.as_ref();
        let codes = names.and_then(|n| n.by_name.get(&fields::key(value)));
        Ok(match codes.map(Vec::as_slice) {
            Some([code]) => match workshops.and_then(|m| m.get(code)) {
                Some(found) => Ok(*found),
                None => Err(unknown(field, value, Entity::Workshops)),
            },
            Some(codes @ [_, _, ..]) => Err(FieldError::new(
                field,
                value,
                ProblemKind::AmbiguousReference {
                    entity: Entity::Workshops,
                    candidates: codes.to_vec(),
                },
            )),
            Some([]) | None => {
                let written = names.iter().flat_map(|n| &n.written);
                let close = crate::suggest::closest(
                    value,
                    written.map(|(name, code)| (name.as_str(), code.as_str())),
                );
                let shown = close
                    .into_iter()
                    .map(|(name, code)| format!("{code} ({name})"))
                    .collect();
                let kind = ProblemKind::UnknownReference(Entity::Workshops).suggesting(shown);
                Err(FieldError::new(field, value, kind))
            }
        })
    }

    /// A workshop by code, or else by its English or Chinese name (any case) when exactly one
    /// workshop has that name, as its row id and opening year. A name two workshops share is
    /// refused as unknown, so the user gives the code instead.
    pub fn resolve_workshop_by_code_or_name(
        &mut self,
        field: &str,
        value: &str,
    ) -> Lookup<(i64, i32)> {
        let by_code = self.resolve_workshop(field, value)?;
        let Err(e) = &by_code else {
            return Ok(by_code);
        };
        if !matches!(
            e.kind,
            ProblemKind::UnknownReference(_) | ProblemKind::NotACode
        ) {
            return Ok(by_code);
        }
        let name = clean(value);
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, opened_year FROM workshop WHERE name_en = ?1 COLLATE NOCASE OR name_zh = ?1 LIMIT 2",
        )?;
        let found: Vec<(i64, i32)> = stmt
            .query_map([name], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(match found.as_slice() {
            [one] => Ok(*one),
            _ => Err(unknown(field, name, Entity::Workshops)),
        })
    }

    /// Whether the workshop teaches the major (ids).
    pub fn has_link(&mut self, workshop_id: i64, major_id: i64) -> rusqlite::Result<bool> {
        if self.links.is_none() {
            self.links = Some(record::workshop_major::lookup(self.conn)?);
        }
        Ok(self
            .links
            .as_ref()
            .is_some_and(|l| l.contains(&(workshop_id, major_id))))
    }

    /// Notes a link written in this batch.
    pub fn linked(&mut self, workshop_id: i64, major_id: i64) {
        if let Some(links) = self.links.as_mut() {
            links.insert((workshop_id, major_id));
        }
    }

    /// Whether the table of `entity` was empty when the batch first asked (then a new row cannot
    /// already exist unless this batch wrote it, and the lookup before the insert can be skipped).
    pub fn table_was_empty(&mut self, entity: Entity) -> rusqlite::Result<bool> {
        if let Some(&empty) = self.table_was_empty.get(&entity) {
            return Ok(empty);
        }
        let empty = record::is_empty(self.conn, entity)?;
        self.table_was_empty.insert(entity, empty);
        Ok(empty)
    }

    // ---- repeats within a batch ----------------------------------------------------------------

    /// For tables keyed by text (countries, workshop majors): the earlier line of this key, if any.
    pub fn repeat_of_key(&mut self, key: String, line: u64) -> Option<u64> {
        if !self.track_repeats {
            return None;
        }
        match self.seen_keys.entry(key) {
            std::collections::hash_map::Entry::Occupied(e) => Some(u64::from(*e.get())),
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(u32::try_from(line).unwrap_or(u32::MAX));
                None
            }
        }
    }

    /// For rowid tables: records that this batch wrote `rowid` at `line`, or names the earlier line.
    pub fn repeat_of_row(
        &mut self,
        entity: Entity,
        rowid: i64,
        line: u64,
    ) -> rusqlite::Result<Option<u64>> {
        if !self.track_repeats {
            return Ok(None);
        }
        let seen = self.seen(entity)?;
        if let Some(earlier) = seen.line_of(rowid) {
            return Ok(Some(earlier));
        }
        seen.record(rowid, line);
        Ok(None)
    }

    /// The earlier line of a row this batch wrote, if it did (for a key found by a failed insert).
    pub fn line_of(&mut self, entity: Entity, rowid: i64) -> rusqlite::Result<Option<u64>> {
        Ok(self.seen(entity)?.line_of(rowid))
    }

    fn seen(&mut self, entity: Entity) -> rusqlite::Result<&mut Seen> {
        if !self.seen.contains_key(&entity) {
            let max = record::max_rowid(self.conn, entity)?;
            self.seen.insert(entity, Seen::starting_after(max));
        }
        Ok(self.seen.entry(entity).or_default())
    }
}

/// A record named in a field, through the batch's cached map of every way to name one (loaded
/// by `load` on first use, keyed in lower case).
fn resolve<T: Clone>(
    conn: &Connection,
    cache: &mut Option<HashMap<String, T>>,
    load: fn(&Connection) -> rusqlite::Result<HashMap<String, T>>,
    field: &str,
    value: &str,
    expect: Expect,
    unknown: ProblemKind,
) -> Lookup<T> {
    let value = clean(value);
    if value.is_empty() {
        return Ok(Err(fields::required(field, expect)));
    }
    if cache.is_none() {
        *cache = Some(load(conn)?);
    }
    let found = cache.as_ref().and_then(|m| m.get(&fields::key(value)));
    Ok(match found {
        Some(found) => Ok(found.clone()),
        None => Err(FieldError::new(field, value, unknown)),
    })
}

fn unknown(field: &str, value: &str, entity: Entity) -> FieldError {
    FieldError::new(field, value, ProblemKind::UnknownReference(entity))
}
