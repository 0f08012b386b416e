//! The registry's records as Rust values, the vocabularies, and the rules for reading fields.
//!
//! Records here hold references by key (a workshop's `country` is an ISO2 code, an enrolment's
//! `workshop` a workshop code) so that they read the same in CSV, in the app and in tests.

pub mod entity;
pub mod fields;
pub mod vocabulary;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use entity::{Column, Entity};
pub use vocabulary::{Level, Region, Status, TrainingKind};

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

/// A major category (专业大类) of the 2021 vocational major catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MajorCategory {
    /// 41–59.
    pub code: i64,
    /// English name.
    pub name_en: String,
    /// Chinese name.
    pub name_zh: String,
}

/// A cooperative major taught at workshops.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Major {
    /// The key (`460301`).
    pub code: String,
    /// English name (at least one name is given).
    pub name_en: Option<String>,
    /// Chinese name.
    pub name_zh: Option<String>,
    /// The category code.
    pub category: i64,
}

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

/// A major taught at a workshop.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct WorkshopMajor {
    /// Workshop code.
    pub workshop: String,
    /// Major code.
    pub major: String,
}

/// Students newly admitted to degree programmes in a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrolment {
    /// Workshop code.
    pub workshop: String,
    /// Year of admission.
    pub year: i32,
    /// Major code; none when the figure is not split by major.
    pub major: Option<String>,
    /// Degree level.
    pub level: Level,
    /// Number of students.
    pub students: i64,
}

/// People trained in a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Training {
    /// Workshop code.
    pub workshop: String,
    /// Year.
    pub year: i32,
    /// Kind of training.
    pub kind: TrainingKind,
    /// Number of people trained.
    pub trainees: i64,
}

/// Where a record's fields come from: a CSV row, a form in the app, a test.
///
/// `None` means the field is absent altogether (the column is not in the file); `Some("")` means blank.
pub trait Fields {
    /// The raw text of a field.
    fn get(&self, field: &str) -> Option<&str>;
}

impl<S: std::hash::BuildHasher> Fields for std::collections::HashMap<String, String, S> {
    fn get(&self, field: &str) -> Option<&str> {
        std::collections::HashMap::get(self, field).map(String::as_str)
    }
}

impl Fields for std::collections::BTreeMap<String, String> {
    fn get(&self, field: &str) -> Option<&str> {
        std::collections::BTreeMap::get(self, field).map(String::as_str)
    }
}

impl Fields for [(&str, &str)] {
    fn get(&self, field: &str) -> Option<&str> {
        self.iter().find(|(k, _)| *k == field).map(|(_, v)| *v)
    }
}

impl<const N: usize> Fields for [(&str, &str); N] {
    fn get(&self, field: &str) -> Option<&str> {
        <[(&str, &str)] as Fields>::get(self.as_slice(), field)
    }
}
