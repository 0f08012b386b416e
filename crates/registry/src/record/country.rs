//! Countries and territories (ISO 3166-1): `countries.csv`, the `country` and `country_group`
//! tables. A new registry starts with every country (see `reference.rs`); users rarely edit them.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use super::{count_where, key, key_field, not_found, opt, req, stored, Edit, Entity, Impact, Info};
use crate::error::{Error, FieldError, ProblemKind, Result, Vocabulary};
use crate::model::fields::{self, clean};
use crate::model::{Fields, Region};
use crate::write::{Check, Outcome, PutResult, Writer};

pub(crate) const INFO: Info = Info {
    stem: "countries",
    table: "country",
    name: "country",
    one: "country",
    many: "countries",
    zh: "国家",
    columns: &[
        key("iso2", "国家代码", "ISO code (2 letters)"),
        req("iso3", "三字母代码", "ISO code (3 letters)"),
        req("name_en", "英文名称", "English name"),
        req("name_zh", "中文名称", "Chinese name"),
        opt("region", "地区", "Region"),
        opt("groups", "国际组织", "Groups"),
    ],
    edit: Edit::Upsert,
};

/// A country or territory (ISO 3166-1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Country {
    /// ISO 3166-1 alpha-2 code, the key (`TH`).
    pub iso2: String,
    /// ISO 3166-1 alpha-3 code (`THA`).
    pub iso3: String,
    /// English name.
    pub name_en: String,
    /// Chinese name.
    pub name_zh: String,
    /// World region; none for Antarctica.
    pub region: Option<Region>,
    /// Group tags (`SCO`, `BRICS`, …), sorted.
    pub groups: Vec<String>,
}

const SELECT: &str = "SELECT c.iso2, c.iso3, c.name_en, c.name_zh, c.region, (SELECT group_concat(tag, ';') FROM (SELECT tag FROM country_group g WHERE g.country = c.iso2 ORDER BY tag)) FROM country c";

fn from_row(r: &Row) -> rusqlite::Result<Country> {
    let region: Option<String> = r.get(4)?;
    let groups: Option<String> = r.get(5)?;
    Ok(Country {
        iso2: r.get(0)?,
        iso3: r.get(1)?,
        name_en: r.get(2)?,
        name_zh: r.get(3)?,
        region: region.map(|t| stored(4, &t, Region::parse)).transpose()?,
        groups: groups
            .map(|t| t.split(';').map(str::to_string).collect())
            .unwrap_or_default(),
    })
}

/// The country with this ISO2 code.
pub(crate) fn get(conn: &Connection, iso2: &str) -> rusqlite::Result<Option<Country>> {
    conn.prepare_cached(&format!("{SELECT} WHERE c.iso2 = ?1"))?
        .query_row([iso2], from_row)
        .optional()
}

/// Every country, by ISO2 code.
pub(crate) fn all(conn: &Connection) -> rusqlite::Result<Vec<Country>> {
    conn.prepare(&format!("{SELECT} ORDER BY c.iso2"))?
        .query_map([], from_row)?
        .collect()
}

/// Every way a file may name a country (codes and names, lower case) → its ISO2 code.
pub(crate) fn lookup(conn: &Connection) -> rusqlite::Result<HashMap<String, String>> {
    let mut map = HashMap::new();
    let mut stmt = conn.prepare("SELECT iso2, iso3, name_en, name_zh FROM country")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let iso2: String = r.get(0)?;
        for i in 1..4 {
            let name: String = r.get(i)?;
            map.insert(fields::key(&name), iso2.clone());
        }
        map.insert(fields::key(&iso2), iso2);
    }
    // A common name never overrides what the table says (a user may have renamed a country).
    for (alias, iso2) in aliases() {
        if map.contains_key(&fields::key(iso2)) {
            map.entry(fields::key(alias))
                .or_insert_with(|| iso2.to_string());
        }
    }
    Ok(map)
}

/// The common names of countries besides the table's (`data/country_aliases.csv`: CLDR's short
/// and variant names and a curated list, each with its source; see `data/README.md`).
const ALIASES: &str = include_str!("../../data/country_aliases.csv");

/// Every common name with the ISO2 code it names, in the file's order.
pub(crate) fn aliases() -> impl Iterator<Item = (&'static str, &'static str)> {
    ALIASES.lines().skip(1).filter_map(|line| {
        let mut cells = line.splitn(3, ',');
        match (cells.next(), cells.next()) {
            (Some(alias), Some(iso2)) if !alias.is_empty() => Some((alias, iso2)),
            _ => None,
        }
    })
}

/// Every name a country may be given by, as written, with its ISO2 code: the English and Chinese
/// names of the table, then the common names of countries it holds. What "did you mean" offers.
pub(crate) fn names(conn: &Connection) -> rusqlite::Result<Vec<(String, String)>> {
    let mut names = Vec::new();
    let mut stmt = conn.prepare("SELECT iso2, name_en, name_zh FROM country")?;
    let mut rows = stmt.query([])?;
    let mut codes = std::collections::HashSet::new();
    while let Some(r) = rows.next()? {
        let iso2: String = r.get(0)?;
        names.push((r.get(1)?, iso2.clone()));
        names.push((r.get(2)?, iso2.clone()));
        codes.insert(iso2);
    }
    for (alias, iso2) in aliases() {
        if codes.contains(iso2) {
            names.push((alias.to_string(), iso2.to_string()));
        }
    }
    Ok(names)
}

/// How many workshops each country has, by ISO2 code.
pub(crate) fn workshop_counts(conn: &Connection) -> rusqlite::Result<HashMap<String, i64>> {
    let mut stmt = conn.prepare("SELECT country, count(*) FROM workshop GROUP BY country")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

/// Every group tag in use, sorted.
pub(crate) fn groups(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    conn.prepare("SELECT DISTINCT tag FROM country_group ORDER BY tag")?
        .query_map([], |r| r.get(0))?
        .collect()
}

pub(crate) fn put(w: &mut Writer, f: &dyn Fields, line: u64) -> PutResult {
    let mut c = Check::default();
    let v = |k| f.get(k).unwrap_or("");
    let iso2 = fields::letters("iso2", v("iso2"), 2);
    let iso3 = fields::letters("iso3", v("iso3"), 3);
    let name_en = fields::required_text("name_en", v("name_en"));
    let name_zh = fields::required_text("name_zh", v("name_zh"));
    let region = match f.get("region").map(clean) {
        None | Some("") => Ok(None),
        Some(text) => Region::parse(text).map(Some).ok_or_else(|| {
            FieldError::new(
                "region",
                text,
                ProblemKind::NotInVocabulary(Vocabulary::Region)
                    .suggesting(Vocabulary::Region.suggest(text)),
            )
        }),
    };
    let groups = f.get("groups").map(|text| {
        let mut tags = fields::list(text);
        for tag in &tags {
            if !tag.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
                c.push(FieldError::new("groups", tag, ProblemKind::NotAGroupTag));
            }
        }
        tags.sort();
        tags
    });
    if let (Ok(iso2), Ok(iso3)) = (&iso2, &iso3) {
        let other: Option<String> = w
            .conn
            .prepare_cached("SELECT iso2 FROM country WHERE iso3 = ?1 AND iso2 <> ?2")?
            .query_row(params![iso3, iso2], |r| r.get(0))
            .optional()?;
        if let Some(other) = other {
            c.push(FieldError::new(
                "iso3",
                iso3,
                ProblemKind::Iso3Taken { other },
            ));
        }
    }
    let (iso2, iso3, name_en, name_zh, region) =
        c.finish((iso2, iso3, name_en, name_zh, region))?;
    if let Some(earlier) = w.repeat_of_key(format!("country:{iso2}"), line) {
        return Err(crate::write::repeated("iso2", &iso2, earlier).into());
    }
    let old = get(w.conn, &iso2)?;
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
    let values = params![
        new.iso2,
        new.iso3,
        new.name_en,
        new.name_zh,
        new.region.map(Region::as_str)
    ];
    let outcome = match &old {
        Some(o) if *o == new => return Ok(Outcome::Unchanged.into()),
        Some(_) => {
            w.conn
                .prepare_cached("UPDATE country SET iso3 = ?2, name_en = ?3, name_zh = ?4, region = ?5 WHERE iso2 = ?1")?
                .execute(values)?;
            w.conn
                .prepare_cached("DELETE FROM country_group WHERE country = ?1")?
                .execute([&new.iso2])?;
            Outcome::Updated
        }
        None => {
            w.conn
                .prepare_cached("INSERT INTO country (iso2, iso3, name_en, name_zh, region) VALUES (?1, ?2, ?3, ?4, ?5)")?
                .execute(values)?;
            Outcome::Added
        }
    };
    let mut insert = w
        .conn
        .prepare_cached("INSERT INTO country_group (country, tag) VALUES (?1, ?2)")?;
    for tag in &new.groups {
        insert.execute(params![new.iso2, tag])?;
    }
    w.changed(Entity::Countries);
    Ok(outcome.into())
}

pub(crate) fn export(conn: &Connection, row: &mut dyn FnMut(&[&str]) -> Result<()>) -> Result<()> {
    for c in all(conn)? {
        let groups = c.groups.join(";");
        row(&[
            &c.iso2,
            &c.iso3,
            &c.name_en,
            &c.name_zh,
            c.region.map_or("", |r| r.as_str()),
            &groups,
        ])?;
    }
    Ok(())
}

/// A country with workshops cannot be deleted; otherwise nothing goes with it.
pub(crate) fn impact(conn: &Connection, key: &dyn Fields) -> Result<Impact> {
    let iso2 = key_field(key, "iso2").to_ascii_uppercase();
    if count_where(
        conn,
        "SELECT count(*) FROM country WHERE iso2 = ?1",
        [&iso2],
    )? == 0
    {
        return Err(not_found(Entity::Countries, key));
    }
    let n = count_where(
        conn,
        "SELECT count(*) FROM workshop WHERE country = ?1",
        [&iso2],
    )?;
    if n > 0 {
        return Err(Error::InUse {
            entity: Entity::Countries,
            key: iso2,
            count: n,
            users: Entity::Workshops,
        });
    }
    Ok(Impact::default())
}

pub(crate) fn delete(conn: &Connection, key: &dyn Fields) -> Result<usize> {
    Ok(conn.execute(
        "DELETE FROM country WHERE iso2 = ?1",
        [key_field(key, "iso2").to_ascii_uppercase()],
    )?)
}

/// A country's key does not change in a form: nothing to do before the upsert.
pub(crate) fn edit(_conn: &Connection, _original: &dyn Fields, _fields: &dyn Fields) -> Result<()> {
    Ok(())
}

/// A country with the number of workshops in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CountryRow {
    /// The country.
    #[serde(flatten)]
    pub country: Country,
    /// How many workshops are in it.
    pub workshops: i64,
    /// Whether it is a region of China ([`crate::reference::REGIONS_OF_CHINA`]), counted as a
    /// region, not a country: a list holding one is "countries and regions / 国家和地区".
    pub region_of_china: bool,
}

/// The countries whose codes, names, region or group tags match every word of `search`, by ISO2
/// code, with their workshop counts.
pub(crate) fn list(conn: &Connection, search: &str) -> Result<Vec<CountryRow>> {
    let counts = workshop_counts(conn)?;
    Ok(all(conn)?
        .into_iter()
        .filter(|c| {
            crate::search::matches_all(
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
            region_of_china: crate::reference::REGIONS_OF_CHINA.contains(&country.iso2.as_str()),
            country,
        })
        .collect())
}

/// No rule about countries depends on today's date.
pub(crate) fn check(_conn: &Connection) -> Result<Vec<crate::check::Finding>> {
    Ok(Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    const COUNTRIES: &str = include_str!("../../data/countries.csv");

    /// Every way the table names a country (codes and names), in lower case, with its ISO2 code.
    fn table_names() -> HashMap<String, String> {
        let mut names = HashMap::new();
        for line in COUNTRIES.lines().skip(1) {
            let cells: Vec<&str> = line.split(',').collect();
            for name in cells.iter().take(4) {
                names.insert(fields::key(name), cells[0].to_string());
            }
        }
        names
    }

    #[test]
    fn every_alias_names_a_listed_country_once_and_says_where_it_is_from() {
        let table = table_names();
        let mut seen = std::collections::HashSet::new();
        for line in ALIASES.lines().skip(1) {
            assert_eq!(line.splitn(3, ',').count(), 3, "{line}: alias,iso2,source");
            assert!(!line.contains('"'), "{line}: no quoting in this file");
            let (alias, iso2) = aliases()
                .find(|(a, _)| line.starts_with(&format!("{a},")))
                .unwrap_or_default();
            assert!(table.values().any(|c| c == iso2), "{line}: unknown ISO2");
            assert!(seen.insert(fields::key(alias)), "{line}: listed twice");
            assert_eq!(
                table.get(&fields::key(alias)),
                None,
                "{line}: already a code or name in countries.csv"
            );
        }
        assert_eq!(seen.len(), ALIASES.lines().count() - 1);
    }
}
