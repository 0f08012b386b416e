//! The seven kinds of record, their CSV files and columns, and the header names accepted for them.

use serde::Serialize;

/// One column of an entity's CSV file.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// The field name, used as the English header.
    pub name: &'static str,
    /// The Chinese header.
    pub zh: &'static str,
    /// Whether a file must have this column (an optional column may be left out: new rows get it
    /// blank and existing rows keep their stored value).
    pub required: bool,
}

const fn req(name: &'static str, zh: &'static str) -> Column {
    Column {
        name,
        zh,
        required: true,
    }
}

const fn opt(name: &'static str, zh: &'static str) -> Column {
    Column {
        name,
        zh,
        required: false,
    }
}

const COUNTRIES: &[Column] = &[
    req("iso2", "国家代码"),
    req("iso3", "三字母代码"),
    req("name_en", "英文名称"),
    req("name_zh", "中文名称"),
    opt("region", "地区"),
    opt("groups", "国际组织"),
];

const MAJOR_CATEGORIES: &[Column] = &[
    req("code", "编号"),
    req("name_en", "英文名称"),
    req("name_zh", "中文名称"),
];

const MAJORS: &[Column] = &[
    req("code", "编号"),
    opt("name_en", "英文名称"),
    opt("name_zh", "中文名称"),
    req("category", "专业大类"),
];

const WORKSHOPS: &[Column] = &[
    req("code", "编号"),
    req("name_en", "英文名称"),
    opt("name_zh", "中文名称"),
    req("country", "国家"),
    opt("city", "城市"),
    req("host_institution", "外方合作院校"),
    req("chinese_institution", "中方院校"),
    req("opened_year", "建成年份"),
    opt("opened_on", "揭牌日期"),
    req("status", "状态"),
    opt("notes", "备注"),
];

const WORKSHOP_MAJORS: &[Column] = &[req("workshop", "工坊"), req("major", "专业")];

const ENROLMENTS: &[Column] = &[
    req("workshop", "工坊"),
    req("year", "年份"),
    opt("major", "专业"),
    req("level", "层次"),
    req("students", "学生人数"),
];

const TRAININGS: &[Column] = &[
    req("workshop", "工坊"),
    req("year", "年份"),
    req("kind", "培训类型"),
    req("trainees", "培训人数"),
];

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
}

impl Entity {
    /// Every entity in dependency order: a file only refers to entities before it.
    pub const ALL: [Entity; 7] = [
        Entity::Countries,
        Entity::MajorCategories,
        Entity::Majors,
        Entity::Workshops,
        Entity::WorkshopMajors,
        Entity::Enrolments,
        Entity::Trainings,
    ];

    /// The file stem, as used on the command line (`workshops`).
    pub fn stem(self) -> &'static str {
        match self {
            Entity::Countries => "countries",
            Entity::MajorCategories => "major_categories",
            Entity::Majors => "majors",
            Entity::Workshops => "workshops",
            Entity::WorkshopMajors => "workshop_majors",
            Entity::Enrolments => "enrolments",
            Entity::Trainings => "trainings",
        }
    }

    /// The file name (`workshops.csv`).
    pub fn file_name(self) -> String {
        format!("{}.csv", self.stem())
    }

    /// Finds an entity by its stem or file name (`workshops`, `workshops.csv`).
    ///
    /// ```
    /// use luban_registry::Entity;
    /// assert_eq!(Entity::from_name("Workshops.CSV"), Some(Entity::Workshops));
    /// assert_eq!(Entity::from_name("people"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Entity> {
        let lower = name.trim().to_ascii_lowercase();
        let stem = lower.strip_suffix(".csv").unwrap_or(&lower);
        Entity::ALL.into_iter().find(|e| e.stem() == stem)
    }

    /// The record name in messages (`workshop`).
    pub fn singular(self) -> &'static str {
        match self {
            Entity::Countries => "country",
            Entity::MajorCategories => "major category",
            Entity::Majors => "major",
            Entity::Workshops => "workshop",
            Entity::WorkshopMajors => "workshop major",
            Entity::Enrolments => "enrolment",
            Entity::Trainings => "training",
        }
    }

    /// The record name in Chinese messages (`工坊`).
    pub fn singular_zh(self) -> &'static str {
        match self {
            Entity::Countries => "国家",
            Entity::MajorCategories => "专业大类",
            Entity::Majors => "专业",
            Entity::Workshops => "工坊",
            Entity::WorkshopMajors => "工坊专业",
            Entity::Enrolments => "招生记录",
            Entity::Trainings => "培训记录",
        }
    }

    /// The columns of the entity's CSV file, in export order.
    pub fn columns(self) -> &'static [Column] {
        match self {
            Entity::Countries => COUNTRIES,
            Entity::MajorCategories => MAJOR_CATEGORIES,
            Entity::Majors => MAJORS,
            Entity::Workshops => WORKSHOPS,
            Entity::WorkshopMajors => WORKSHOP_MAJORS,
            Entity::Enrolments => ENROLMENTS,
            Entity::Trainings => TRAININGS,
        }
    }

    /// Maps a header cell (English or Chinese, any case, surrounding spaces) to this entity's column.
    ///
    /// ```
    /// use luban_registry::Entity;
    /// assert_eq!(Entity::Workshops.column_for_header("  Opened_Year "), Some(7));
    /// assert_eq!(Entity::Workshops.column_for_header("建成年份"), Some(7));
    /// assert_eq!(Entity::Workshops.column_for_header("year"), None);
    /// ```
    pub fn column_for_header(self, header: &str) -> Option<usize> {
        let cleaned = crate::model::fields::clean(header);
        let normal = cleaned.to_ascii_lowercase().replace([' ', '-'], "_");
        self.columns()
            .iter()
            .position(|c| c.name == normal || c.zh == cleaned)
    }
}

/// The Chinese name of a field (its Chinese CSV header), for Chinese messages.
///
/// ```
/// assert_eq!(luban_registry::model::entity::field_zh("opened_year"), "建成年份");
/// ```
pub fn field_zh(field: &str) -> &str {
    Entity::ALL
        .iter()
        .flat_map(|e| e.columns())
        .find(|c| c.name == field)
        .map_or(field, |c| c.zh)
}

impl std::fmt::Display for Entity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.stem())
    }
}
