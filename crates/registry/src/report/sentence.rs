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

/// The Chinese name of a well-known group tag.
pub fn group_zh(tag: &str) -> String {
    match tag.to_ascii_uppercase().as_str() {
        "SCO" => "上合组织".into(),
        "BRICS" => "金砖".into(),
        "ASEAN" => "东盟".into(),
        "AU" => "非盟".into(),
        "BRI" => "共建“一带一路”".into(),
        _ => tag.to_string(),
    }
}

fn plural(n: i64, one: &str, many: &str) -> String {
    if n == 1 {
        one.to_string()
    } else {
        many.to_string()
    }
}

/// The headline sentence in the briefing style.
///
/// ```
/// use luban_registry::report::{headline_sentence, Headline, Lang, NumberStyle, Selection};
/// let h = Headline { workshops: 10, countries: 8, majors: 21, major_categories: 6, degree_students: 15000, trainees: 3150 };
/// let sco = Selection { groups: vec!["SCO".into()], ..Selection::default() };
/// assert_eq!(
///     headline_sentence(&h, &sco, Lang::En, NumberStyle::Grouped),
///     "10 Luban Workshops in 8 SCO countries, covering 21 majors across 6 categories; 15,000 students have received degree education and 3,150 people have been trained."
/// );
/// assert_eq!(
///     headline_sentence(&h, &sco, Lang::Zh, NumberStyle::Plain),
///     "在8个上合组织国家建成10个鲁班工坊，开设21个专业，涵盖6个专业大类；累计学历教育15000人，技能培训3150人。"
/// );
/// ```
pub fn headline_sentence(
    h: &Headline,
    selection: &Selection,
    lang: Lang,
    style: NumberStyle,
) -> String {
    let n = |v: i64| style.format(v);
    match lang {
        Lang::En => {
            let mut countries = n(h.countries);
            if !selection.groups.is_empty() {
                countries.push(' ');
                countries.push_str(&selection.groups.join(" or "));
            }
            countries.push(' ');
            countries.push_str(&plural(h.countries, "country", "countries"));
            if !selection.regions.is_empty() {
                let regions: Vec<&str> = selection.regions.iter().map(|r| r.as_str()).collect();
                countries.push_str(&format!(" in {}", regions.join(" or ")));
            }
            format!(
                "{} Luban {} in {countries}, covering {} {} across {} {}; {} {} received degree education and {} {} been trained.",
                n(h.workshops),
                plural(h.workshops, "Workshop", "Workshops"),
                n(h.majors),
                plural(h.majors, "major", "majors"),
                n(h.major_categories),
                plural(h.major_categories, "category", "categories"),
                n(h.degree_students),
                plural(h.degree_students, "student has", "students have"),
                n(h.trainees),
                plural(h.trainees, "person has", "people have"),
            )
        }
        Lang::Zh => {
            let regions: String = selection
                .regions
                .iter()
                .map(|r| r.label_zh())
                .collect::<Vec<_>>()
                .join("或");
            let groups: String = selection
                .groups
                .iter()
                .map(|g| group_zh(g))
                .collect::<Vec<_>>()
                .join("或");
            format!(
                "在{regions}{}个{groups}国家建成{}个鲁班工坊，开设{}个专业，涵盖{}个专业大类；累计学历教育{}人，技能培训{}人。",
                n(h.countries),
                n(h.workshops),
                n(h.majors),
                n(h.major_categories),
                n(h.degree_students),
                n(h.trainees),
            )
        }
    }
}
