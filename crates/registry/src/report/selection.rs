//! Which workshops and years a report covers, how to say so in English and Chinese, and the SQL that
//! picks them.
//!
//! Every kind of filter is "any of" its values; different kinds are all required together. The year
//! range never removes a workshop: it only restricts which enrolment and training rows are summed.

use std::collections::HashMap;

use rusqlite::types::Value;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::sentence::{group_countries_zh, Lang};
use crate::error::Result;
use crate::model::{Region, Status};

/// Which workshops and years a report covers. Empty lists mean "no restriction".
///
/// ```
/// use luban_registry::report::Selection;
/// let s = Selection { groups: vec!["SCO".into()], from: Some(2020), ..Selection::default() };
/// assert_eq!(s.describe(), "group SCO; years 2020–");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Selection {
    /// Country group tags; a workshop counts if its country has any of them.
    pub groups: Vec<String>,
    /// Regions of the workshop's country.
    pub regions: Vec<Region>,
    /// Workshop statuses.
    pub statuses: Vec<Status>,
    /// First year of enrolment and training figures.
    pub from: Option<i32>,
    /// Last year of enrolment and training figures.
    pub to: Option<i32>,
    /// Countries by ISO2 code (`TH`); a workshop counts if it is in any of them.
    pub countries: Vec<String>,
    /// Chinese institutions by name; a workshop counts if any of its Chinese institutions is one of
    /// them (names compare whole by [`crate::model::fields::key`]: case, spaces and full-width forms
    /// do not matter).
    pub institutions: Vec<String>,
    /// Major categories (41–59); a workshop counts if it teaches a major in any of them.
    pub categories: Vec<i64>,
}

/// Names for the codes a selection mentions, so that its description reads "Thailand (TH)" rather
/// than "TH". Load them with [`ScopeNames::load`]; an empty value falls back to the codes.
#[derive(Debug, Clone, Default)]
pub struct ScopeNames {
    /// ISO2 code → (English name, Chinese name).
    pub countries: HashMap<String, (String, String)>,
    /// Category code → (English name, Chinese name).
    pub categories: HashMap<i64, (String, String)>,
}

impl ScopeNames {
    /// Reads the names of every country and category in the registry.
    pub fn load(conn: &Connection) -> Result<ScopeNames> {
        let mut names = ScopeNames::default();
        let mut stmt = conn.prepare_cached("SELECT iso2, name_en, name_zh FROM country")?;
        for row in stmt.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))? {
            let (k, v) = row?;
            names.countries.insert(k, v);
        }
        let mut stmt = conn.prepare_cached("SELECT code, name_en, name_zh FROM major_category")?;
        for row in stmt.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))? {
            let (k, v) = row?;
            names.categories.insert(k, v);
        }
        Ok(names)
    }
}

/// A text in both languages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bilingual {
    /// English.
    pub en: String,
    /// Simplified Chinese.
    pub zh: String,
}

impl Bilingual {
    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Zh => &self.zh,
        }
    }
}

impl Selection {
    /// The selection in English words with codes, for writing beside every figure.
    pub fn describe(&self) -> String {
        self.describe_in(Lang::En, &ScopeNames::default())
    }

    /// The selection in `lang` with codes only (no database needed).
    ///
    /// ```
    /// use luban_registry::report::{Lang, Selection};
    /// let s = Selection { groups: vec!["SCO".into()], from: Some(2020), to: Some(2024), ..Selection::default() };
    /// assert_eq!(s.describe_lang(Lang::Zh), "上合组织成员国；2020–2024年");
    /// assert_eq!(Selection::default().describe_lang(Lang::Zh), "全部工坊，全部年份");
    /// ```
    pub fn describe_lang(&self, lang: Lang) -> String {
        self.describe_in(lang, &ScopeNames::default())
    }

    /// The selection in both languages, with names from `names` where known.
    pub fn describe_both(&self, names: &ScopeNames) -> Bilingual {
        Bilingual {
            en: self.describe_in(Lang::En, names),
            zh: self.describe_in(Lang::Zh, names),
        }
    }

    /// The selection in `lang`, naming countries and categories from `names` where known.
    pub fn describe_in(&self, lang: Lang, names: &ScopeNames) -> String {
        let zh = lang == Lang::Zh;
        let (or, sep) = if zh { ("或", "；") } else { (" or ", "; ") };
        let mut parts = Vec::new();
        if !self.groups.is_empty() {
            parts.push(if zh {
                let groups: Vec<String> =
                    self.groups.iter().map(|g| group_countries_zh(g)).collect();
                groups.join(or)
            } else {
                format!("group {}", self.groups.join(or))
            });
        }
        if !self.regions.is_empty() {
            parts.push(if zh {
                let r: Vec<&str> = self.regions.iter().map(|r| r.label_zh()).collect();
                format!("{}地区", r.join(or))
            } else {
                let r: Vec<&str> = self.regions.iter().map(|r| r.as_str()).collect();
                format!("region {}", r.join(or))
            });
        }
        if !self.countries.is_empty() {
            let list: Vec<String> = self
                .countries
                .iter()
                .map(|c| match names.countries.get(&c.to_ascii_uppercase()) {
                    Some((en, z)) => format!("{} ({c})", if zh { z } else { en }),
                    None => c.clone(),
                })
                .collect();
            parts.push(if zh {
                format!("国家：{}", list.join("、"))
            } else {
                format!("country {}", list.join(or))
            });
        }
        if !self.statuses.is_empty() {
            parts.push(if zh {
                let s: Vec<&str> = self.statuses.iter().map(|s| s.label_zh()).collect();
                format!("状态：{}", s.join(or))
            } else {
                let s: Vec<&str> = self.statuses.iter().map(|s| s.as_str()).collect();
                format!("status {}", s.join(or))
            });
        }
        if !self.institutions.is_empty() {
            parts.push(if zh {
                format!("中方院校：{}", self.institutions.join("、"))
            } else {
                format!("Chinese institution {}", self.institutions.join(or))
            });
        }
        if !self.categories.is_empty() {
            let list: Vec<String> = self
                .categories
                .iter()
                .map(|c| match names.categories.get(c) {
                    Some((en, z)) => format!("{c} {}", if zh { z } else { en }),
                    None => c.to_string(),
                })
                .collect();
            parts.push(if zh {
                format!("开设专业大类：{}", list.join("、"))
            } else {
                format!("teaching a major in category {}", list.join(or))
            });
        }
        match (self.from, self.to) {
            (None, None) => {}
            (from, to) => {
                let from = from.map(|y| y.to_string()).unwrap_or_default();
                let to = to.map(|y| y.to_string()).unwrap_or_default();
                parts.push(if zh {
                    format!("{from}–{to}年")
                } else {
                    format!("years {from}–{to}")
                });
            }
        }
        if parts.is_empty() {
            if zh {
                "全部工坊，全部年份".to_string()
            } else {
                "all workshops, all years".to_string()
            }
        } else {
            parts.join(sep)
        }
    }

    /// A short tag for file names: the groups, else the countries, else the regions, else `all`
    /// (`SCO`, `TH-KH`).
    ///
    /// ```
    /// use luban_registry::report::Selection;
    /// let s = Selection { groups: vec!["sco".into()], ..Selection::default() };
    /// assert_eq!(s.file_tag(), "SCO");
    /// assert_eq!(Selection::default().file_tag(), "all");
    /// ```
    pub fn file_tag(&self) -> String {
        let parts: Vec<String> = if !self.groups.is_empty() {
            self.groups.clone()
        } else if !self.countries.is_empty() {
            self.countries.clone()
        } else if !self.regions.is_empty() {
            self.regions
                .iter()
                .map(|r| r.as_str().to_string())
                .collect()
        } else {
            return "all".to_string();
        };
        parts
            .join("-")
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c.to_ascii_uppercase()
                } else {
                    '-'
                }
            })
            .collect()
    }

    /// SQL selecting the ids of the chosen workshops, with its parameters.
    pub(crate) fn workshop_ids(&self) -> (String, Vec<Value>) {
        let mut sql = String::from(
            "SELECT w.id FROM workshop w JOIN country c ON c.iso2 = w.country WHERE 1",
        );
        let mut params: Vec<Value> = Vec::new();
        let marks = |n: usize| vec!["?"; n].join(", ");
        if !self.statuses.is_empty() {
            sql.push_str(&format!(
                " AND w.status IN ({})",
                marks(self.statuses.len())
            ));
            params.extend(self.statuses.iter().map(|s| Value::Text(s.as_str().into())));
        }
        if !self.regions.is_empty() {
            sql.push_str(&format!(" AND c.region IN ({})", marks(self.regions.len())));
            params.extend(self.regions.iter().map(|r| Value::Text(r.as_str().into())));
        }
        if !self.groups.is_empty() {
            sql.push_str(&format!(
                " AND EXISTS (SELECT 1 FROM country_group g WHERE g.country = w.country AND g.tag COLLATE NOCASE IN ({}))",
                marks(self.groups.len())
            ));
            params.extend(self.groups.iter().map(|g| Value::Text(g.clone())));
        }
        if !self.countries.is_empty() {
            sql.push_str(&format!(
                " AND w.country IN ({})",
                marks(self.countries.len())
            ));
            params.extend(
                self.countries
                    .iter()
                    .map(|c| Value::Text(c.trim().to_ascii_uppercase())),
            );
        }
        if !self.institutions.is_empty() {
            // Names are compared by the core's one key (`luban_names_include`, registered by
            // `store`), as the by-institution breakdown groups them.
            let any: Vec<&str> = self
                .institutions
                .iter()
                .map(|_| "luban_names_include(w.chinese_institution, ?)")
                .collect();
            sql.push_str(&format!(" AND ({})", any.join(" OR ")));
            params.extend(self.institutions.iter().map(|i| Value::Text(i.to_string())));
        }
        if !self.categories.is_empty() {
            sql.push_str(&format!(
                " AND EXISTS (SELECT 1 FROM workshop_major wm JOIN major m ON m.id = wm.major_id WHERE wm.workshop_id = w.id AND m.category IN ({}))",
                marks(self.categories.len())
            ));
            params.extend(self.categories.iter().map(|c| Value::Integer(*c)));
        }
        (sql, params)
    }

    /// SQL condition on a figure's `year` column for the year range.
    pub(crate) fn years(&self, column: &str) -> String {
        let mut sql = String::new();
        if let Some(from) = self.from {
            sql.push_str(&format!(" AND {column} >= {from}"));
        }
        if let Some(to) = self.to {
            sql.push_str(&format!(" AND {column} <= {to}"));
        }
        sql
    }
}
