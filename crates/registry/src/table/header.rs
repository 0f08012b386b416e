//! Recognising a header cell the way offices write it.
//!
//! A column is named by its field name (`host_institution`), its Chinese header (`外方合作院校`)
//! or its English label (`Host institution (abroad)`), in any letter case, and written with
//! full-width letters and brackets, line breaks inside the cell, stray spaces, `_` or `-`
//! (`Opened Year`, `英文名称（English）`, `名称(英文)`, `Name (EN)`). This module is the one place
//! that decides which column a header cell names; [`crate::Entity::column_for_header`] uses it.

use crate::record::Entity;

/// The text of a header cell reduced to what tells columns apart: full-width forms folded to
/// ASCII, letters in lower case, and spaces (any kind, line breaks too), zero-width characters,
/// `_` and `-` removed.
///
/// ```
/// use luban_registry::table::header::fold;
/// assert_eq!(fold(" Host_Institution\n"), "hostinstitution");
/// assert_eq!(fold("英文名称（ＥＮ）"), "英文名称(en)");
/// ```
pub fn fold(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            // Full-width ASCII forms (！ to ～) and the ideographic space.
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            '【' | '〔' => '(',
            '】' | '〕' => ')',
            _ => c,
        })
        .filter(|c| {
            !(c.is_whitespace()
                || matches!(
                    c,
                    '_' | '-' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}'
                ))
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// The readings of a folded header cell, most literal first: the whole; and when it holds a
/// bracketed part, the text outside the brackets, inside then outside (`名称(英文)` → `英文名称`),
/// outside then inside (`name(en)` → `nameen`), and the inside alone.
fn readings(folded: &str) -> Vec<String> {
    let mut out = vec![folded.to_string()];
    if let (Some(open), Some(close)) = (folded.find('('), folded.rfind(')')) {
        if open < close {
            let outside = format!("{}{}", &folded[..open], &folded[close + 1..]);
            let inside = &folded[open + 1..close];
            out.push(outside.clone());
            out.push(format!("{inside}{outside}"));
            out.push(format!("{outside}{inside}"));
            out.push(inside.to_string());
        }
    }
    out.retain(|r| !r.is_empty());
    out
}

/// Other headers offices give a column, by field name (a field of that name in any kind): the
/// one list of header aliases.
pub const ALIASES: &[(&str, &[&str])] = &[
    ("workshop", &["工坊编号", "鲁班工坊", "鲁班工坊编号"]),
    ("country", &["国别", "所在国家", "合作国家"]),
    (
        "host_institution",
        &["外方院校", "合作院校", "外方合作学校"],
    ),
    (
        "chinese_institution",
        &["中方合作院校", "国内院校", "建设院校"],
    ),
    ("opened_year", &["建设年份", "揭牌年份"]),
    ("opened_on", &["揭牌时间", "建成日期"]),
    ("status", &["建设状态", "运行状态"]),
    ("students", &["招生人数", "学生数"]),
    ("trainees", &["培训人次", "培训人数（人次）"]),
    ("notes", &["说明"]),
];

/// The index of the column of `entity` that a header cell names, if any.
///
/// ```
/// use luban_registry::{table::header::column_for, Entity};
/// let name_en = Some(1);
/// assert_eq!(column_for(Entity::Workshops, "英文名称（English）"), name_en);
/// assert_eq!(column_for(Entity::Workshops, "名称(英文)"), name_en);
/// assert_eq!(column_for(Entity::Workshops, "Name (EN)"), name_en);
/// assert_eq!(column_for(Entity::Workshops, "英文\n名称"), name_en);
/// assert_eq!(column_for(Entity::Workshops, "year"), None);
/// assert_eq!(column_for(Entity::Enrolments, "招生人数"), Some(4));
/// ```
pub fn column_for(entity: Entity, cell: &str) -> Option<usize> {
    let folded = fold(cell);
    if folded.is_empty() {
        return None;
    }
    let columns = entity.columns();
    let names: Vec<[String; 3]> = columns
        .iter()
        .map(|c| {
            let label = fold(c.label);
            let bare_label = label
                .split_once('(')
                .map_or(label.clone(), |(b, _)| b.to_string());
            [fold(c.name), fold(c.zh), bare_label]
        })
        .collect();
    let full_labels: Vec<String> = columns.iter().map(|c| fold(c.label)).collect();
    for reading in readings(&folded) {
        let alias = ALIASES
            .iter()
            .find(|(_, headers)| headers.iter().any(|h| fold(h) == reading))
            .and_then(|(field, _)| columns.iter().position(|c| c.name == *field));
        if alias.is_some() {
            return alias;
        }
        if let Some(i) = names
            .iter()
            .zip(&full_labels)
            .position(|(n, l)| n.contains(&reading) || *l == reading)
        {
            return Some(i);
        }
    }
    None
}

/// Whether a header cell names a running-number column (`序号`, `No.`, `#`), which is left out.
///
/// ```
/// use luban_registry::table::header::is_running_number;
/// assert!(is_running_number("序 号"));
/// assert!(is_running_number("No."));
/// assert!(!is_running_number("编号"));
/// ```
pub fn is_running_number(cell: &str) -> bool {
    matches!(
        fold(cell).as_str(),
        "序号" | "序" | "no." | "no" | "#" | "s/n" | "sn" | "nr." | "№"
    )
}

/// The columns whose figures a totals row adds up (checked against the rows above it).
pub const SUMMED: &[&str] = &["students", "trainees"];

/// Whether a totals row of this label adds up the rows since the previous subtotal (`小计`,
/// `Subtotal`) rather than every row above it (`合计`, `总计`, `Total`, …).
pub fn is_subtotal(label: &str) -> bool {
    matches!(label, "小计" | "Subtotal")
}

/// The label of a totals row, if `cell` is one (`合计`, `合  计`, `小计`, `总计`, `Total`):
/// such rows are left out, since the registry adds up figures itself.
///
/// ```
/// use luban_registry::table::header::total_label;
/// assert_eq!(total_label("合  计"), Some("合计"));
/// assert_eq!(total_label("Total:"), Some("Total"));
/// assert_eq!(total_label("TH-AYU"), None);
/// ```
pub fn total_label(cell: &str) -> Option<&'static str> {
    let folded = fold(cell);
    let folded = folded.trim_end_matches([':', '：']);
    [
        ("合计", "合计"),
        ("小计", "小计"),
        ("总计", "总计"),
        ("共计", "共计"),
        ("total", "Total"),
        ("subtotal", "Subtotal"),
        ("grandtotal", "Grand total"),
        ("sum", "Sum"),
    ]
    .iter()
    .find(|(key, _)| *key == folded)
    .map(|(_, label)| *label)
}

/// What the user said about columns: read a header as one of the kind's columns
/// (`--map "外方院校=host_institution"`), or leave a column out (`--ignore 备注`). A choice wins
/// over the header rule; an unknown column neither mapped nor ignored is still refused. Headers
/// compare as the header rule compares them ([`fold`]); a target is a column name (`host_institution`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnChoices {
    /// Header as written → the name of the column it holds.
    pub map: Vec<(String, String)>,
    /// Headers of columns to leave out.
    pub ignore: Vec<String>,
}

/// What the user chose for one header cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice<'a> {
    /// Read it as the column of this name.
    Mapped(&'a str),
    /// Leave it out.
    Ignored,
}

impl ColumnChoices {
    /// `外方院校=host_institution` as a pair (header, column), split at the last `=` (or `＝`);
    /// `None` when either side is blank.
    ///
    /// ```
    /// use luban_registry::table::header::ColumnChoices;
    /// assert_eq!(
    ///     ColumnChoices::parse_map("外方院校 = host_institution"),
    ///     Some(("外方院校".to_string(), "host_institution".to_string()))
    /// );
    /// assert_eq!(ColumnChoices::parse_map("外方院校"), None);
    /// ```
    pub fn parse_map(text: &str) -> Option<(String, String)> {
        let (header, column) = text.rsplit_once(['=', '＝'])?;
        let (header, column) = (header.trim(), column.trim());
        (!header.is_empty() && !column.is_empty()).then(|| (header.into(), column.into()))
    }

    /// Whether nothing was chosen.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty() && self.ignore.is_empty()
    }

    /// The choice for a header cell, if the user made one.
    pub fn choice_for(&self, cell: &str) -> Option<Choice<'_>> {
        let folded = fold(cell);
        if folded.is_empty() {
            return None;
        }
        if self.ignore.iter().any(|h| fold(h) == folded) {
            return Some(Choice::Ignored);
        }
        (self.map.iter())
            .find(|(h, _)| fold(h) == folded)
            .map(|(_, column)| Choice::Mapped(column.as_str()))
    }
}

/// The index of the column of `entity` named `name` (its field name, as `--map` targets it).
pub fn column_named(entity: Entity, name: &str) -> Option<usize> {
    let name = fold(name);
    entity.columns().iter().position(|c| fold(c.name) == name)
}
