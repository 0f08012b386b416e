//! The breakdowns of a report as plain tables (title, headers, typed cells, notes), so the CSV,
//! Excel and HTML outputs lay out the same columns in the same order with the same words.

use luban_registry::report::{Lang, Places, Report, CATEGORY_NOTE, INSTITUTION_NOTE};
use serde::{Deserialize, Serialize};

use crate::labels::t;

/// One breakdown of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Breakdown {
    /// By country.
    Country,
    /// By major category.
    Category,
    /// By year.
    Year,
    /// By Chinese institution.
    Institution,
    /// By workshop.
    Workshop,
}

impl Breakdown {
    /// Every breakdown, in briefing order.
    pub const ALL: [Breakdown; 5] = [
        Breakdown::Country,
        Breakdown::Category,
        Breakdown::Year,
        Breakdown::Institution,
        Breakdown::Workshop,
    ];

    /// `country`, `category`, …: used in file names (`by-country.csv`).
    pub fn as_str(self) -> &'static str {
        match self {
            Breakdown::Country => "country",
            Breakdown::Category => "category",
            Breakdown::Year => "year",
            Breakdown::Institution => "institution",
            Breakdown::Workshop => "workshop",
        }
    }

    /// The table's title (also the Excel sheet name; at most 31 characters). The country table's
    /// says what it counts (`places`: "By country and region / 分国家和地区" when a region of China
    /// is among them).
    pub fn title(self, places: Places, lang: Lang) -> String {
        match self {
            Breakdown::Country => places.by().get(lang).to_string(),
            _ => self.fixed_title(lang).to_string(),
        }
    }

    fn fixed_title(self, lang: Lang) -> &'static str {
        match self {
            Breakdown::Country => t(lang, "By country", "分国家"),
            Breakdown::Category => t(lang, "By major category", "分专业大类"),
            Breakdown::Year => t(lang, "By year", "分年度"),
            Breakdown::Institution => t(lang, "By Chinese institution", "分中方院校"),
            Breakdown::Workshop => t(lang, "By workshop", "分工坊"),
        }
    }
}

/// A table cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A whole number (written as a real number in Excel).
    Int(i64),
    /// A number with decimals as the registry stores it (`12.5`; a number field of the office's
    /// own), written as a number in Excel.
    Decimal(String),
    /// Nothing.
    Empty,
}

impl Cell {
    /// The cell as text (numbers without separators, as CSV wants them).
    pub fn text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Int(n) => n.to_string(),
            Cell::Decimal(d) => d.clone(),
            Cell::Empty => String::new(),
        }
    }
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn opt(s: &Option<String>) -> Cell {
    s.as_ref().map_or(Cell::Empty, |s| Cell::Text(s.clone()))
}

/// A breakdown laid out as a table.
#[derive(Debug, Clone)]
pub struct Table {
    /// Which breakdown.
    pub breakdown: Breakdown,
    /// Title (the sheet name).
    pub title: String,
    /// Column headers.
    pub headers: Vec<String>,
    /// Data rows, each as long as `headers`.
    pub rows: Vec<Vec<Cell>>,
    /// How many of the first rows are the breakdown proper (rows after them are totals or
    /// remainders that a chart must leave out).
    pub data_rows: usize,
    /// Notes on how to read the table.
    pub notes: Vec<String>,
}

/// Lays out one breakdown of `report` with headers in `lang`.
pub fn table(report: &Report, breakdown: Breakdown, lang: Lang) -> Table {
    let h = |en: &'static str, zh: &'static str| t(lang, en, zh).to_string();
    // Every column naming or counting countries says "country or region" when the selection
    // includes a region of China (the core's one wording).
    let places = report.headline.places();
    let one = places.one();
    let (place, place_code, place_other) = match lang {
        Lang::En => (
            one.en.clone(),
            format!("{} code", one.en),
            format!("{} (Chinese)", one.en),
        ),
        Lang::Zh => (
            one.zh.clone(),
            format!("{}代码", one.zh),
            format!("{}（英文）", one.zh),
        ),
    };
    let mut notes = Vec::new();
    let (headers, mut rows): (Vec<String>, Vec<Vec<Cell>>) = match breakdown {
        Breakdown::Country => (
            vec![
                place_code.clone(),
                // The English name's column, then the Chinese name's, in both languages.
                if lang == Lang::En {
                    place.clone()
                } else {
                    place_other.clone()
                },
                if lang == Lang::En {
                    place_other.clone()
                } else {
                    place.clone()
                },
                h("Workshops", "工坊数"),
                h("Majors", "专业数"),
                h("Degree students", "学历教育人数"),
                h("Trainees", "培训人数"),
            ],
            report
                .by_country
                .iter()
                .map(|r| {
                    vec![
                        text(&r.iso2),
                        text(&r.name_en),
                        text(&r.name_zh),
                        Cell::Int(r.workshops),
                        Cell::Int(r.majors),
                        Cell::Int(r.degree_students),
                        Cell::Int(r.trainees),
                    ]
                })
                .collect(),
        ),
        Breakdown::Category => {
            notes.push(t(lang, CATEGORY_NOTE.0, CATEGORY_NOTE.1).to_string());
            (
                vec![
                    h("Category code", "专业大类代码"),
                    h("Category", "专业大类（英文）"),
                    h("Category (Chinese)", "专业大类"),
                    h("Workshops", "工坊数"),
                    h("Majors", "专业数"),
                    h("Degree students", "学历教育人数"),
                ],
                report
                    .by_category
                    .iter()
                    .map(|r| {
                        vec![
                            Cell::Int(r.code),
                            text(&r.name_en),
                            text(&r.name_zh),
                            Cell::Int(r.workshops),
                            Cell::Int(r.majors),
                            Cell::Int(r.degree_students),
                        ]
                    })
                    .collect(),
            )
        }
        Breakdown::Year => (
            vec![
                h("Year", "年份"),
                h("Degree students", "学历教育人数"),
                h("Trainees", "培训人数"),
                h("Degree students, cumulative", "学历教育累计"),
                h("Trainees, cumulative", "培训累计"),
            ],
            report
                .by_year
                .iter()
                .map(|r| {
                    vec![
                        Cell::Int(r.year.into()),
                        Cell::Int(r.degree_students),
                        Cell::Int(r.trainees),
                        Cell::Int(r.cumulative_students),
                        Cell::Int(r.cumulative_trainees),
                    ]
                })
                .collect(),
        ),
        Breakdown::Institution => {
            notes.push(t(lang, INSTITUTION_NOTE.0, INSTITUTION_NOTE.1).to_string());
            (
                vec![
                    h("Chinese institution", "中方院校"),
                    h("Workshops", "工坊数"),
                    places.count().get(lang).to_string(),
                    h("Majors", "专业数"),
                    h("Degree students", "学历教育人数"),
                    h("Trainees", "培训人数"),
                ],
                report
                    .by_institution
                    .iter()
                    .map(|r| {
                        vec![
                            text(&r.institution),
                            Cell::Int(r.workshops),
                            Cell::Int(r.countries),
                            Cell::Int(r.majors),
                            Cell::Int(r.degree_students),
                            Cell::Int(r.trainees),
                        ]
                    })
                    .collect(),
            )
        }
        Breakdown::Workshop => (
            vec![
                h("Code", "编号"),
                h("Name", "英文名称"),
                h("Name (Chinese)", "中文名称"),
                place_code,
                if lang == Lang::En {
                    place.clone()
                } else {
                    place_other.clone()
                },
                if lang == Lang::En { place_other } else { place },
                h("City", "城市"),
                h("Chinese institutions", "中方院校"),
                h("Opened", "建成年份"),
                h("Status", "状态"),
                h("Majors", "专业数"),
                h("Degree students", "学历教育人数"),
                h("Trainees", "培训人数"),
            ]
            .into_iter()
            // The number fields of the office's own (经费) follow the figures.
            .chain(
                report
                    .number_fields
                    .iter()
                    .map(|f| f.header(lang).to_string()),
            )
            .collect(),
            report
                .by_workshop
                .iter()
                .map(|r| {
                    let w = &r.workshop;
                    let own = report.number_fields.iter().map(|f| {
                        r.fields
                            .get(&f.name)
                            .map_or(Cell::Empty, |v| Cell::Decimal(v.clone()))
                    });
                    let mut cells = vec![
                        text(&w.code),
                        text(&w.name_en),
                        opt(&w.name_zh),
                        text(&w.country),
                        text(&w.country_en),
                        text(&w.country_zh),
                        opt(&w.city),
                        text(w.chinese_institutions.join("; ")),
                        Cell::Int(w.opened_year.into()),
                        text(match lang {
                            Lang::En => w.status.as_str(),
                            Lang::Zh => w.status.label_zh(),
                        }),
                        Cell::Int(r.majors),
                        Cell::Int(r.degree_students),
                        Cell::Int(r.trainees),
                    ];
                    cells.extend(own);
                    cells
                })
                .collect(),
        ),
    };
    let data_rows = rows.len();
    if breakdown == Breakdown::Category && report.students_without_major > 0 {
        rows.push(vec![
            Cell::Empty,
            text("Not split by major"),
            text("未注明专业"),
            Cell::Empty,
            Cell::Empty,
            Cell::Int(report.students_without_major),
        ]);
    }
    Table {
        breakdown,
        title: breakdown.title(places, lang),
        headers,
        rows,
        data_rows,
        notes,
    }
}
