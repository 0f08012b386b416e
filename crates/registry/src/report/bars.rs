//! The bars of a breakdown chart (by country, by major category): the one place that decides which
//! bars a chart shows, in what order, and what happens to those that do not fit.
//!
//! Every format draws from [`bars`]: the PNG and SVG charts, the HTML and PDF briefings, every
//! native chart of the workbook (countries, categories, institutions, workshops) and the app's
//! dashboard. So they show the same bars in the same order in both
//! languages. The order is by value, largest first, ties broken by a key that does not depend on
//! the language (the ISO code of a country, the code of a category, an institution's recorded name,
//! a workshop's code): sorting ties by name would put
//! different countries first in English and in Chinese. When more rows exist than
//! [`MAX_BARS`], the last bar stands for all the others together ("N other countries / 其他N国"),
//! so no row is dropped silently. Its label says what it counts: "其他N个国家和地区" when a region of
//! China is among them ([`super::Places`]).

use serde::{Deserialize, Serialize};

use super::places::{is_region_of_china, Places};
use super::selection::Bilingual;
use super::trace::Measure;
use super::Report;

/// The most bars a chart shows, the last of them standing for the rest when there are more rows.
/// One number for every format, so a slide, the HTML briefing and the dashboard agree.
pub const MAX_BARS: usize = 12;

/// Which breakdown a bar chart shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BarChart {
    /// One bar per country or region.
    Country,
    /// One bar per major category.
    Category,
    /// One bar per Chinese institution.
    Institution,
    /// One bar per workshop, labelled by its code.
    Workshop,
}

/// What a bar stands for: its language-independent key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum BarKey {
    /// A country or region, by ISO2 code.
    Country(String),
    /// A major category, by code.
    Category(i64),
    /// A Chinese institution, by its name as recorded (it has one name, in no particular
    /// language).
    Institution(String),
    /// A workshop, by code.
    Workshop(String),
    /// This many rows that did not fit, together.
    Others(usize),
}

/// One bar: what it stands for, its label in both languages and its value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bar {
    /// What the bar stands for.
    pub key: BarKey,
    /// Its label: a country's name, a category's code and name (`46 装备制造大类`), or "N other
    /// countries / 其他N国".
    pub label: Bilingual,
    /// Its value in the measure asked for (for the "others" bar, the sum of the rows it stands
    /// for).
    pub value: i64,
}

/// The bars of `chart` measuring `measure`, at most [`MAX_BARS`] (see the module's rule).
///
/// Trainees are not recorded by major, so every category bar measuring trainees is 0; a workshop
/// bar measuring workshops is 1.
pub fn bars(report: &Report, chart: BarChart, measure: Measure) -> Vec<Bar> {
    bars_at_most(report, chart, measure, MAX_BARS)
}

/// The bars of `chart` measuring `measure`, at most `most` of them (at least 2, so there is room
/// for one row and the others).
pub fn bars_at_most(report: &Report, chart: BarChart, measure: Measure, most: usize) -> Vec<Bar> {
    let mut all: Vec<Bar> = match chart {
        BarChart::Country => report
            .by_country
            .iter()
            .map(|c| Bar {
                key: BarKey::Country(c.iso2.clone()),
                label: Bilingual {
                    en: c.name_en.clone(),
                    zh: c.name_zh.clone(),
                },
                value: match measure {
                    Measure::Workshops => c.workshops,
                    Measure::Majors => c.majors,
                    Measure::DegreeStudents => c.degree_students,
                    Measure::Trainees => c.trainees,
                },
            })
            .collect(),
        BarChart::Category => report
            .by_category
            .iter()
            .map(|c| Bar {
                key: BarKey::Category(c.code),
                label: Bilingual {
                    en: format!("{} {}", c.code, c.name_en),
                    zh: format!("{} {}", c.code, c.name_zh),
                },
                value: match measure {
                    Measure::Workshops => c.workshops,
                    Measure::Majors => c.majors,
                    Measure::DegreeStudents => c.degree_students,
                    Measure::Trainees => 0,
                },
            })
            .collect(),
        BarChart::Institution => report
            .by_institution
            .iter()
            .map(|r| Bar {
                key: BarKey::Institution(r.institution.clone()),
                label: Bilingual {
                    en: r.institution.clone(),
                    zh: r.institution.clone(),
                },
                value: match measure {
                    Measure::Workshops => r.workshops,
                    Measure::Majors => r.majors,
                    Measure::DegreeStudents => r.degree_students,
                    Measure::Trainees => r.trainees,
                },
            })
            .collect(),
        BarChart::Workshop => report
            .by_workshop
            .iter()
            .map(|r| Bar {
                key: BarKey::Workshop(r.workshop.code.clone()),
                label: Bilingual {
                    en: r.workshop.code.clone(),
                    zh: r.workshop.code.clone(),
                },
                value: match measure {
                    Measure::Workshops => 1,
                    Measure::Majors => r.majors,
                    Measure::DegreeStudents => r.degree_students,
                    Measure::Trainees => r.trainees,
                },
            })
            .collect(),
    };
    all.sort_by(|a, b| b.value.cmp(&a.value).then_with(|| a.key.cmp(&b.key)));
    let most = most.max(2);
    if all.len() <= most {
        return all;
    }
    let rest = all.split_off(most - 1);
    let n = rest.len();
    all.push(Bar {
        key: BarKey::Others(n),
        label: others_label(chart, &rest),
        value: rest.iter().map(|b| b.value).sum(),
    });
    all
}

/// "N other countries / 其他N国" ("其他N个国家和地区" when a region of China is among them), "N
/// other categories / 其他N个专业大类", "N other institutions / 其他N所院校", "N other workshops /
/// 其他N个工坊".
fn others_label(chart: BarChart, rest: &[Bar]) -> Bilingual {
    let n = rest.len();
    match chart {
        BarChart::Country => {
            let regions = rest
                .iter()
                .filter(|b| matches!(&b.key, BarKey::Country(c) if is_region_of_china(c)))
                .count();
            Places::of(n as i64, regions as i64).others(n)
        }
        BarChart::Category => Bilingual {
            en: format!("{n} other categories"),
            zh: format!("其他{n}个专业大类"),
        },
        BarChart::Institution => Bilingual {
            en: format!("{n} other institutions"),
            zh: format!("其他{n}所院校"),
        },
        BarChart::Workshop => Bilingual {
            en: format!("{n} other workshops"),
            zh: format!("其他{n}个工坊"),
        },
    }
}

impl BarKey {
    fn rank(&self) -> u8 {
        match self {
            BarKey::Country(_) => 0,
            BarKey::Category(_) => 1,
            BarKey::Institution(_) => 2,
            BarKey::Workshop(_) => 3,
            BarKey::Others(_) => 4,
        }
    }
}

impl PartialOrd for BarKey {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for BarKey {
    /// Codes in their natural order (ISO codes and workshop codes alphabetically, categories by
    /// number, institutions by their recorded name); the others bar last.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        use std::cmp::Ordering;
        match (self, other) {
            (BarKey::Country(a), BarKey::Country(b)) => a.cmp(b),
            (BarKey::Category(a), BarKey::Category(b)) => a.cmp(b),
            (BarKey::Institution(a), BarKey::Institution(b)) => a.cmp(b),
            (BarKey::Workshop(a), BarKey::Workshop(b)) => a.cmp(b),
            (BarKey::Others(a), BarKey::Others(b)) => a.cmp(b),
            (BarKey::Others(_), _) => Ordering::Greater,
            (_, BarKey::Others(_)) => Ordering::Less,
            // One list never mixes kinds; any fixed order will do.
            (a, b) => a.rank().cmp(&b.rank()),
        }
    }
}
