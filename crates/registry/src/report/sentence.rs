//! The headline sentence in the briefing style, in English and Chinese, with numbers formatted for
//! the language.

use serde::{Deserialize, Serialize};

use super::{Headline, Selection};

pub use crate::message::Lang;

/// How to write numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NumberStyle {
    /// `15,000` (English briefings).
    Grouped,
    /// `15000` (Chinese briefings).
    Plain,
    /// `1.5万` (Chinese, in units of ten thousand).
    Wan,
}

impl NumberStyle {
    /// The usual style of a language: grouped for English, plain for Chinese.
    pub fn default_for(lang: Lang) -> NumberStyle {
        match lang {
            Lang::En => NumberStyle::Grouped,
            Lang::Zh => NumberStyle::Plain,
        }
    }

    /// Formats a whole number.
    ///
    /// ```
    /// use luban_registry::report::NumberStyle;
    /// assert_eq!(NumberStyle::Grouped.format(15000), "15,000");
    /// assert_eq!(NumberStyle::Plain.format(15000), "15000");
    /// assert_eq!(NumberStyle::Wan.format(15000), "1.5万");
    /// assert_eq!(NumberStyle::Wan.format(3150), "3150");
    /// assert_eq!(NumberStyle::Wan.format(250_000_000), "2.5亿");
    /// ```
    pub fn format(self, n: i64) -> String {
        match self {
            NumberStyle::Plain => n.to_string(),
            NumberStyle::Grouped => {
                let digits = n.unsigned_abs().to_string();
                let mut out = String::new();
                for (i, c) in digits.chars().enumerate() {
                    if i > 0 && (digits.len() - i).is_multiple_of(3) {
                        out.push(',');
                    }
                    out.push(c);
                }
                if n < 0 {
                    out.insert(0, '-');
                }
                out
            }
            NumberStyle::Wan => {
                let (unit, size) = if n.abs() >= 100_000_000 {
                    ("亿", 100_000_000f64)
                } else {
                    ("万", 10_000f64)
                };
                if n.abs() < 10_000 {
                    return n.to_string();
                }
                let scaled = format!("{:.2}", n as f64 / size);
                let trimmed = scaled.trim_end_matches('0').trim_end_matches('.');
                format!("{trimmed}{unit}")
            }
        }
    }
}

/// The Chinese name of a well-known group tag (上合组织, 上合组织伙伴, 金砖国家, 东盟, 非盟); any
/// other tag as it is.
///
/// ```
/// use luban_registry::report::group_zh;
/// assert_eq!(group_zh("SCO"), "上合组织");
/// assert_eq!(group_zh("sco-partner"), "上合组织伙伴");
/// assert_eq!(group_zh("BRICS"), "金砖国家");
/// assert_eq!(group_zh("OECD"), "OECD");
/// ```
pub fn group_zh(tag: &str) -> String {
    match tag.to_ascii_uppercase().as_str() {
        "SCO" => "上合组织".into(),
        "SCO-PARTNER" => "上合组织伙伴".into(),
        "BRICS" => "金砖国家".into(),
        "ASEAN" => "东盟".into(),
        "AU" => "非盟".into(),
        "BRI" => "共建“一带一路”".into(),
        _ => tag.to_string(),
    }
}

/// The English name of a group tag for lists and pickers: `SCO-partner` is "SCO partners"; any other
/// tag as it is (`SCO`, `BRICS`).
///
/// ```
/// use luban_registry::report::group_en;
/// assert_eq!(group_en("SCO-partner"), "SCO partners");
/// assert_eq!(group_en("BRICS"), "BRICS");
/// ```
pub fn group_en(tag: &str) -> String {
    match tag.to_ascii_uppercase().as_str() {
        "SCO-PARTNER" => "SCO partners".into(),
        _ => tag.to_string(),
    }
}

/// The countries of a group tag as a Chinese sentence names them: `SCO` is the member states
/// (上合组织成员国), `SCO-partner` the partners (上合组织伙伴国); other tags are "<name>国家".
///
/// ```
/// use luban_registry::report::group_countries_zh;
/// assert_eq!(group_countries_zh("SCO"), "上合组织成员国");
/// assert_eq!(group_countries_zh("SCO-partner"), "上合组织伙伴国");
/// assert_eq!(group_countries_zh("BRICS"), "金砖国家");
/// assert_eq!(group_countries_zh("ASEAN"), "东盟国家");
/// ```
pub fn group_countries_zh(tag: &str) -> String {
    match tag.to_ascii_uppercase().as_str() {
        "SCO" => "上合组织成员国".into(),
        "SCO-PARTNER" => "上合组织伙伴国".into(),
        "BRICS" => "金砖国家".into(),
        _ => format!("{}国家", group_zh(tag)),
    }
}

/// The countries of a group tag as an English sentence names them, for `n` of them.
fn group_countries_en(tag: &str, n: i64) -> String {
    match tag.to_ascii_uppercase().as_str() {
        "SCO" => plural(n, "SCO member state", "SCO member states"),
        "SCO-PARTNER" => plural(n, "SCO partner", "SCO partners"),
        _ => format!("{tag} {}", plural(n, "country", "countries")),
    }
}

fn plural(n: i64, one: &str, many: &str) -> String {
    if n == 1 {
        one.to_string()
    } else {
        many.to_string()
    }
}

/// "8 countries", "3 countries and regions", "1 region", "2 SCO member states in Asia" (and the
/// Chinese "在亚洲8个国家和地区"): `n` places of which `regions` are regions of China.
fn places(n: i64, regions: i64, selection: &Selection, lang: Lang, style: NumberStyle) -> String {
    let count = style.format(n);
    let regions_only = regions > 0 && regions == n;
    match lang {
        Lang::En => {
            let noun = if !selection.groups.is_empty() {
                let names: Vec<String> = selection
                    .groups
                    .iter()
                    .map(|g| group_countries_en(g, n))
                    .collect();
                let mut noun = names.join(" or ");
                if regions > 0 {
                    noun.push_str(" and regions");
                }
                noun
            } else if regions_only {
                plural(n, "region", "regions")
            } else if regions > 0 {
                "countries and regions".to_string()
            } else {
                plural(n, "country", "countries")
            };
            let mut text = format!("{count} {noun}");
            if !selection.regions.is_empty() {
                let r: Vec<&str> = selection.regions.iter().map(|r| r.as_str()).collect();
                text.push_str(&format!(" in {}", r.join(" or ")));
            }
            text
        }
        Lang::Zh => {
            let continents: Vec<&str> = selection.regions.iter().map(|r| r.label_zh()).collect();
            let noun = if !selection.groups.is_empty() {
                let names: Vec<String> = selection
                    .groups
                    .iter()
                    .map(|g| group_countries_zh(g))
                    .collect();
                let mut noun = names.join("或");
                if regions > 0 {
                    noun.push_str("和地区");
                }
                noun
            } else if regions_only {
                "地区".to_string()
            } else if regions > 0 {
                "国家和地区".to_string()
            } else {
                "国家".to_string()
            };
            format!("{}{count}个{noun}", continents.join("或"))
        }
    }
}

/// The headline sentence in the briefing style.
///
/// Only opened workshops (active, suspended, closed) are "established / 建成", counted with the
/// countries and regions they are in; planned ones are named after ("2 more are planned / 另有2个
/// 筹建中"), and a selection of planned workshops only says they are planned. Training is
/// "trained / 培训" for every kind together, with teacher training named when it is part of it.
///
/// ```
/// use luban_registry::report::{headline_sentence, Headline, Lang, NumberStyle, Selection, WorkshopsByStatus};
/// let h = Headline {
///     workshops: 10, countries: 8, opened_countries: 8, majors: 21, major_categories: 6,
///     degree_students: 15000, trainees: 3150,
///     workshops_by_status: WorkshopsByStatus { active: 10, ..Default::default() },
///     ..Headline::default()
/// };
/// let sco = Selection { groups: vec!["SCO".into()], ..Selection::default() };
/// assert_eq!(
///     headline_sentence(&h, &sco, Lang::En, NumberStyle::Grouped),
///     "10 Luban Workshops established in 8 SCO member states, covering 21 majors across 6 categories; 15,000 students have received degree education and 3,150 people have been trained."
/// );
/// assert_eq!(
///     headline_sentence(&h, &sco, Lang::Zh, NumberStyle::Plain),
///     "在8个上合组织成员国建成10个鲁班工坊，开设21个专业，涵盖6个专业大类；累计学历教育15000人，培训3150人。"
/// );
/// ```
pub fn headline_sentence(
    h: &Headline,
    selection: &Selection,
    lang: Lang,
    style: NumberStyle,
) -> String {
    let n = |v: i64| style.format(v);
    let opened = h.workshops_by_status.opened();
    let planned = h.workshops_by_status.planned;
    // Nothing has opened yet: the sentence is about plans, and never says "established".
    let plans_only = opened == 0 && planned > 0;
    let (count, where_) = if plans_only {
        (
            planned,
            places(h.countries, h.regions_of_china, selection, lang, style),
        )
    } else {
        (
            opened,
            places(
                h.opened_countries,
                h.opened_regions_of_china,
                selection,
                lang,
                style,
            ),
        )
    };
    let teacher = h.trainees_by_kind.teacher;
    match lang {
        Lang::En => {
            let lead = if plans_only {
                format!(
                    "{} Luban {} planned in {where_} (none opened yet), to cover",
                    n(count),
                    plural(count, "Workshop", "Workshops"),
                )
            } else {
                format!(
                    "{} Luban {} established in {where_}, covering",
                    n(count),
                    plural(count, "Workshop", "Workshops"),
                )
            };
            let teachers = if teacher > 0 && teacher < h.trainees {
                format!(" (including {} in teacher training)", n(teacher))
            } else if teacher > 0 {
                " (all in teacher training)".to_string()
            } else {
                String::new()
            };
            let mut text = format!(
                "{lead} {} {} across {} {}; {} {} received degree education and {} {} been trained{teachers}.",
                n(h.majors),
                plural(h.majors, "major", "majors"),
                n(h.major_categories),
                plural(h.major_categories, "category", "categories"),
                n(h.degree_students),
                plural(h.degree_students, "student has", "students have"),
                n(h.trainees),
                plural(h.trainees, "person has", "people have"),
            );
            if !plans_only && planned > 0 {
                text.push_str(&format!(
                    " {} more {} planned.",
                    n(planned),
                    plural(planned, "is", "are")
                ));
            }
            text
        }
        Lang::Zh => {
            let lead = if plans_only {
                format!("在{where_}筹建{}个鲁班工坊（尚未建成），拟开设", n(count))
            } else {
                format!("在{where_}建成{}个鲁班工坊，开设", n(count))
            };
            let teachers = if teacher > 0 && teacher < h.trainees {
                format!("（其中师资培训{}人）", n(teacher))
            } else if teacher > 0 {
                "（均为师资培训）".to_string()
            } else {
                String::new()
            };
            let mut text = format!(
                "{lead}{}个专业，涵盖{}个专业大类；累计学历教育{}人，培训{}人{teachers}。",
                n(h.majors),
                n(h.major_categories),
                n(h.degree_students),
                n(h.trainees),
            );
            if !plans_only && planned > 0 {
                text.push_str(&format!("另有{}个筹建中。", n(planned)));
            }
            text
        }
    }
}
