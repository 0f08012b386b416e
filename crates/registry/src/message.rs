//! Every message of the core in English and Simplified Chinese, in one place.
//!
//! Problems and errors are data ([`ProblemKind`], [`Error`]); this module is the only one that
//! turns them into sentences. Fields are named by the label the user sees (英文名称 / English
//! name), never by an internal column name, so a form and a file get the same words.

use serde::{Deserialize, Serialize};

use crate::error::{
    CountFault, DocumentFault, Error, Expect, NumberFault, Problem, ProblemKind, Severity,
    Vocabulary,
};
use crate::model::fields::MIN_YEAR;
use crate::record::major_category::CODES;
use crate::record::Entity;

/// The language of a message, a sentence or a label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Simplified Chinese.
    Zh,
}

impl Lang {
    /// Reads `en` or `zh` (also `zh-CN`, `cn`, any case).
    pub fn parse(text: &str) -> Option<Lang> {
        match text.trim().to_ascii_lowercase().as_str() {
            "en" | "en-us" | "en-gb" | "english" => Some(Lang::En),
            "zh" | "zh-cn" | "zh-hans" | "cn" | "chinese" | "中文" => Some(Lang::Zh),
            _ => None,
        }
    }

    /// Picks the text of this language.
    pub fn pick<T>(self, en: T, zh: T) -> T {
        match self {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }
}

/// The label of a field, as the user sees it in the app and in Chinese headers
/// (`host_institution` → "Host institution (abroad)" / "外方合作院校"). An unknown name is shown
/// as it is.
///
/// ```
/// use luban_registry::message::{label, Lang};
/// assert_eq!(label("opened_year", Lang::En), "Year opened");
/// assert_eq!(label("opened_year", Lang::Zh), "建成年份");
/// ```
pub fn label(field: &str, lang: Lang) -> &str {
    Entity::ALL
        .iter()
        .flat_map(|e| e.columns())
        .find(|c| c.name == field)
        .map_or(field, |c| lang.pick(c.label, c.zh))
}

fn year_range(max: i32, lang: Lang) -> String {
    match lang {
        Lang::En => format!("use a year from {MIN_YEAR} to {max}"),
        Lang::Zh => format!("请使用 {MIN_YEAR} 至 {max} 之间的年份"),
    }
}

fn choices(vocabulary: Vocabulary) -> String {
    vocabulary.choices()
}

fn vocabulary_name(vocabulary: Vocabulary, lang: Lang) -> &'static str {
    match vocabulary {
        Vocabulary::Region => lang.pick("region", "地区"),
        Vocabulary::Status => lang.pick("status", "状态"),
        Vocabulary::Level => lang.pick("degree level", "学历层次"),
        Vocabulary::TrainingKind => lang.pick("kind of training", "培训类型"),
        Vocabulary::AgreementType => lang.pick("type of agreement", "协议类型"),
        Vocabulary::AgreementStatus => lang.pick("agreement status", "协议状态"),
        Vocabulary::ContactSide => lang.pick("side", "所属方"),
        Vocabulary::YesNo => lang.pick("yes or no", "是或否"),
    }
}

/// The columns of a kind's file, for messages: `code, name_en, name_zh (optional), …`.
pub(crate) fn header_hint(entity: Entity, lang: Lang) -> String {
    entity
        .columns()
        .iter()
        .map(|c| match (c.required, lang) {
            (true, _) => c.name.to_string(),
            (false, Lang::En) => format!("{} (optional)", c.name),
            (false, Lang::Zh) => format!("{}（可选）", c.name),
        })
        .collect::<Vec<_>>()
        .join(lang.pick(", ", "、"))
}

/// A number of records of a kind: "3 workshops" / "3 个工坊".
pub fn count_of(entity: Entity, n: i64, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{n} {}", entity.noun(n == 1)),
        Lang::Zh => format!("{n} 个{}", entity.singular_zh()),
    }
}

fn required(expect: Expect, label: &str, lang: Lang) -> String {
    let what = match (expect, lang) {
        (Expect::Text, Lang::En) => "fill it in".to_string(),
        (Expect::Text, Lang::Zh) => "请填写".to_string(),
        (Expect::Count, Lang::En) => "enter a whole number (0 if none)".to_string(),
        (Expect::Count, Lang::Zh) => "请填写整数（没有则填 0）".to_string(),
        (Expect::Year { max }, _) => year_range(max, lang),
        (Expect::Country, Lang::En) => "give the country's ISO code (e.g. TH) or its name".into(),
        (Expect::Country, Lang::Zh) => "请填写国家的 ISO 代码（如 TH）或名称".into(),
        (Expect::Major, Lang::En) => "give a major code from majors.csv".into(),
        (Expect::Major, Lang::Zh) => "请填写 majors.csv 中的专业编号".into(),
        (Expect::Workshop, Lang::En) => "give a workshop code (or name) from workshops.csv".into(),
        (Expect::Workshop, Lang::Zh) => "请填写 workshops.csv 中的工坊编号（或名称）".into(),
        (Expect::Category, Lang::En) => {
            format!(
                "give the major category code ({}–{})",
                CODES.start(),
                CODES.end()
            )
        }
        (Expect::Category, Lang::Zh) => {
            format!("请填写专业大类代码（{}–{}）", CODES.start(), CODES.end())
        }
        (Expect::IsoCode { letters }, Lang::En) => {
            format!("give the {letters}-letter ISO 3166-1 code")
        }
        (Expect::IsoCode { letters }, Lang::Zh) => {
            format!("请填写 {letters} 位字母的 ISO 3166-1 代码")
        }
        (Expect::Names, Lang::En) => "give one or more names separated by ';'".into(),
        (Expect::Names, Lang::Zh) => "请填写一个或多个名称，用“;”分隔".into(),
        (Expect::OneOf(v), Lang::En) => format!("use one of {}", choices(v)),
        (Expect::OneOf(v), Lang::Zh) => format!("请使用：{}", choices(v)),
    };
    match lang {
        Lang::En => format!("{label} is required; {what}"),
        Lang::Zh => format!("「{label}」为必填项；{what}"),
    }
}

/// The message of a problem with a field (`field`, holding `value`) or a file.
pub(crate) fn problem(
    kind: &ProblemKind,
    field: Option<&str>,
    value: Option<&str>,
    lang: Lang,
) -> String {
    use Lang::{En, Zh};
    let v = value.unwrap_or("");
    let q = quoted(v, lang);
    let e = escaped(v);
    let l = field.map_or("", |f| label(f, lang));
    match (kind, lang) {
        (ProblemKind::Required(expect), _) => required(*expect, l, lang),
        (ProblemKind::NotACode, En) => format!("{q} is not a valid code; use 2 to 32 letters A–Z, digits 0–9 or '-', with no spaces"),
        (ProblemKind::NotACode, Zh) => format!("{q}不是有效的编号；请使用 2 至 32 位字母 A–Z、数字 0–9 或“-”，不含空格"),
        (ProblemKind::NotACount(fault), En) => match fault {
            CountFault::Negative => format!("{q} is negative; enter a whole number of 0 or more"),
            CountFault::Fraction => format!("{q} is not a whole number; enter a count such as 1200"),
            CountFault::NotDigits => format!("{q} is not a whole number; enter digits only, such as 15000 or 15,000"),
            CountFault::TooLarge => format!("{q} is too large; enter a whole number below 9,223,372,036,854,775,807"),
            CountFault::Ambiguous { thousands } => format!("{q} could be {} (a decimal point) or {thousands} (a thousands separator); write the number without the point, e.g. {thousands}", decimal_reading(v)),
            CountFault::AboveLimit { max } => format!("{q} is more than {} in one row; check for an extra digit (a count in one row is at most {})", grouped(*max), grouped(*max)),
        },
        (ProblemKind::NotACount(fault), Zh) => match fault {
            CountFault::Negative => format!("{q}为负数；请填写 0 或以上的整数"),
            CountFault::Fraction => format!("{q}不是整数；请填写人数，如 1200"),
            CountFault::NotDigits => format!("{q}不是整数；请只填写数字，如 15000 或 15,000"),
            CountFault::TooLarge => format!("{q}数值过大"),
            CountFault::Ambiguous { thousands } => format!("{q}可能是 {}（小数点），也可能是 {thousands}（千位分隔符）；请去掉小数点直接填写，如 {thousands}", decimal_reading(v)),
            CountFault::AboveLimit { max } => format!("{q}超过单行上限 {max}；请检查是否多打了一位数字（每行人数最多为 {max}）"),
        },
        (ProblemKind::NotAYear { max }, En) => format!("{q} is not a year; {}", year_range(*max, lang)),
        (ProblemKind::NotAYear { max }, Zh) => format!("{q}不是年份；{}", year_range(*max, lang)),
        (ProblemKind::YearOutOfRange { year, max }, En) => format!("year {year} is out of range; {}", year_range(*max, lang)),
        (ProblemKind::YearOutOfRange { year, max }, Zh) => format!("年份 {year} 超出范围；{}", year_range(*max, lang)),
        (ProblemKind::NotADate, En) => format!("{q} is not a date; write it as year-month-day, e.g. 2024-11-21 (2024/11/21 and 2024.11.21 work too)"),
        (ProblemKind::NotADate, Zh) => format!("{q}不是日期；请按年-月-日填写，如 2024-11-21（也可写 2024/11/21 或 2024.11.21）"),
        (ProblemKind::AmbiguousDate { dmy, mdy }, En) => format!("{q} does not say which is the day and which the month: {}; write the year first, e.g. {}, or say which comes first when importing (luban import --date-order dmy or mdy)", date_readings(*dmy, *mdy, lang), dmy.or(*mdy).map_or("2016-03-08".to_string(), |d| d.to_string())),
        (ProblemKind::AmbiguousDate { dmy, mdy }, Zh) => format!("{q}未表明哪个是日、哪个是月：{}；请以年份开头填写，如 {}，或在导入时指明日月顺序（luban import --date-order dmy 或 mdy）", date_readings(*dmy, *mdy, lang), dmy.or(*mdy).map_or("2016-03-08".to_string(), |d| d.to_string())),
        (ProblemKind::NotACalendarDay, En) => format!("{q} is not a day of the calendar; check the month and day"),
        (ProblemKind::NotACalendarDay, Zh) => format!("{q}不是有效的日期；请检查月份和日期"),
        (ProblemKind::NotInVocabulary(voc), En) => format!("{q} is not a {}; use one of {}", vocabulary_name(*voc, lang), choices(*voc)),
        (ProblemKind::NotInVocabulary(voc), Zh) => format!("{q}不是有效的{}；请使用：{}", vocabulary_name(*voc, lang), choices(*voc)),
        (ProblemKind::NotAnIsoCode { letters }, En) => format!("{q} is not a {letters}-letter ISO 3166-1 code"),
        (ProblemKind::NotAnIsoCode { letters }, Zh) => format!("{q}不是 {letters} 位字母的 ISO 3166-1 代码"),
        (ProblemKind::NotAGroupTag, En) => format!("{q} is not a valid group tag; use letters, digits and '-' only, and separate tags with ';'"),
        (ProblemKind::NotAGroupTag, Zh) => format!("{q}不是有效的国际组织标签；只能使用字母、数字和“-”，多个标签用“;”分隔"),
        (ProblemKind::NotACategory, En) => format!("{q} is not a major category; use a code from {} to {} as in the 2021 catalogue (see major_categories.csv)", CODES.start(), CODES.end()),
        (ProblemKind::NotACategory, Zh) => format!("{q}不是专业大类；请使用 2021 年专业目录中 {} 至 {} 的代码（见 major_categories.csv）", CODES.start(), CODES.end()),
        (ProblemKind::UnknownReference(Entity::Countries), En) => format!("{q} is not a country in the registry; use an ISO code (TH or THA) or the English or Chinese name as in countries.csv"),
        (ProblemKind::UnknownReference(Entity::Countries), Zh) => format!("{q}不是登记册中的国家；请使用 ISO 代码（TH 或 THA），或 countries.csv 中的英文或中文名称"),
        (ProblemKind::UnknownReference(Entity::Majors), En) => format!("{q} is not a major in the registry; use a major code from majors.csv (or add the major first)"),
        (ProblemKind::UnknownReference(Entity::Majors), Zh) => format!("{q}不是登记册中的专业；请使用 majors.csv 中的专业编号（或先添加该专业）"),
        (ProblemKind::UnknownReference(Entity::Workshops), En) => format!("there is no workshop with code or name {q}; use a code, English name or Chinese name from workshops.csv (or add the workshop first)"),
        (ProblemKind::UnknownReference(Entity::Workshops), Zh) => format!("没有编号或名称为{q}的工坊；请使用 workshops.csv 中的编号、英文名称或中文名称（或先添加该工坊）"),
        (ProblemKind::UnknownReference(Entity::Agreements), En) => format!("there is no agreement with code {}; use a code from agreements.csv, on a row above this one (or add that agreement first)", v.to_uppercase()),
        (ProblemKind::UnknownReference(Entity::Agreements), Zh) => format!("没有编号为 {} 的协议；请使用 agreements.csv 中、位于本行之上的协议编号（或先添加该协议）", v.to_uppercase()),
        (ProblemKind::UncertainEncoding { candidates }, En) => format!("cannot tell for sure how this file's text is encoded: it could be {}; say which with --encoding NAME, naming the one whose text reads right, or save the file again as \"CSV UTF-8\"", candidates.join(" or ")),
        (ProblemKind::UncertainEncoding { candidates }, Zh) => format!("无法确定此文件的文字编码：可能是 {}；请用 --encoding 编码名 指定文字显示正确的那一种，或将文件另存为“CSV UTF-8”", candidates.join(" 或 ")),
        (ProblemKind::MixedEncoding { utf8_line, other_line }, En) => format!("this file mixes two text encodings (line {utf8_line} is UTF-8, line {other_line} is not), so no one encoding reads it right; open it in Excel or WPS, fix the garbled rows and save it again as \"CSV UTF-8\""),
        (ProblemKind::MixedEncoding { utf8_line, other_line }, Zh) => format!("此文件混用了两种文字编码（第 {utf8_line} 行是 UTF-8，第 {other_line} 行不是），无法按同一种编码正确读取；请在 Excel 或 WPS 中打开，改正乱码的行后另存为“CSV UTF-8”"),
        (ProblemKind::LostLetters, En) => format!("{q} has question marks where letters should be: the file was saved in an encoding that could not hold them, and they are lost; save it again from the original workbook as \"CSV UTF-8 (Comma delimited)\" or \"Unicode Text\" (Excel), or import the workbook itself"),
        (ProblemKind::LostLetters, Zh) => format!("{q}中应为文字之处是问号：文件保存时所用的编码容纳不了这些文字，文字已丢失；请从原工作簿重新另存为“CSV UTF-8（逗号分隔）”或“Unicode 文本”（Excel），或直接导入该工作簿"),
        (ProblemKind::UnknownEncoding { name }, En) => format!("there is no text encoding named {}; use a name such as gb18030, big5, shift_jis, windows-874, utf-8 or utf-16le", quoted(name, lang)),
        (ProblemKind::UnknownEncoding { name }, Zh) => format!("没有名为{}的文字编码；请使用 gb18030、big5、shift_jis、windows-874、utf-8 或 utf-16le 等名称", quoted(name, lang)),
        (ProblemKind::AmbiguousReference { entity, candidates }, En) => format!("{q} is the name of {} {} ({}); use the code of the one you mean", candidates.len(), entity.noun(false), candidates.join(", ")),
        (ProblemKind::AmbiguousReference { entity, candidates }, Zh) => format!("{q}是 {} 个{}的名称（{}）；请填写所指{}的编号", candidates.len(), entity.singular_zh(), candidates.join("、"), entity.singular_zh()),
        (ProblemKind::UnknownReference(other @ (Entity::MajorCategories | Entity::WorkshopMajors | Entity::Enrolments | Entity::Trainings | Entity::Contacts)), En) => format!("{q} is not a {} in the registry; use one from {}", other.singular(), other.file_name()),
        (ProblemKind::UnknownReference(other @ (Entity::MajorCategories | Entity::WorkshopMajors | Entity::Enrolments | Entity::Trainings | Entity::Contacts)), Zh) => format!("{q}不是登记册中的{}；请使用 {} 中的记录", other.singular_zh(), other.file_name()),
        (ProblemKind::Iso3Taken { other }, En) => format!("{v} is already the code of country {other}; each country needs its own ISO3 code"),
        (ProblemKind::Iso3Taken { other }, Zh) => format!("{v} 已是国家 {other} 的代码；每个国家须有自己的三字母代码"),
        (ProblemKind::MajorNeedsName, En) => format!("a major needs a name; fill in {} or {} (or both)", label("name_en", lang), label("name_zh", lang)),
        (ProblemKind::MajorNeedsName, Zh) => "专业需要名称；请填写英文名称或中文名称（或两者都填）".to_string(),
        (ProblemKind::OpeningDateYear { date_year, opened_year }, En) => format!("the opening date is in {date_year}, but {} is {opened_year}; make them agree", label("opened_year", lang)),
        (ProblemKind::OpeningDateYear { date_year, opened_year }, Zh) => format!("揭牌日期在 {date_year} 年，但建成年份为 {opened_year}；请使两者一致"),
        (ProblemKind::MajorNotTaught { major, workshop }, En) => format!("major {major} is not one of {workshop}'s majors; add it in workshop_majors.csv, or leave {l} blank"),
        (ProblemKind::MajorNotTaught { major, workshop }, Zh) => format!("专业 {major} 不是工坊 {workshop} 的合作专业；请在 workshop_majors.csv 中添加，或将「{l}」留空"),
        (ProblemKind::RepeatedKey { earlier }, En) => format!("this key was already given on line {earlier}; keep one of the two rows"),
        (ProblemKind::RepeatedKey { earlier }, Zh) => format!("同一键已在第 {earlier} 行出现过；请只保留其中一行"),
        (ProblemKind::BeforeOpening { year, opened_year }, En) => format!("this figure is for {year}, before the workshop opened in {opened_year}; check the year"),
        (ProblemKind::BeforeOpening { year, opened_year }, Zh) => format!("该数据的年份为 {year}，早于工坊的建成年份 {opened_year}；请核对年份"),
        (ProblemKind::CodeTaken(entity), En) => format!("{v} is already used by another {}; choose another code", entity.singular()),
        (ProblemKind::CodeTaken(entity), Zh) => format!("{v} 已被另一个{}使用；请换一个编号", entity.singular_zh()),
        (ProblemKind::AlreadyExists(entity), En) => match entity {
            Entity::WorkshopMajors => "the workshop already teaches this major".to_string(),
            Entity::Enrolments => "there is already a figure for this year, major and level; edit that row instead".to_string(),
            Entity::Trainings => "there is already a figure for this year and kind; edit that row instead".to_string(),
            Entity::Contacts => "this workshop already has a contact with this name; edit that one instead".to_string(),
            other @ (Entity::Countries | Entity::MajorCategories | Entity::Majors | Entity::Workshops | Entity::Agreements) => format!("there is already a {} with this key; edit that one instead", other.singular()),
        },
        (ProblemKind::AlreadyExists(entity), Zh) => match entity {
            Entity::WorkshopMajors => "该工坊已开设此专业".to_string(),
            Entity::Enrolments => "该年份、专业和层次已有数据；请改为编辑那一行".to_string(),
            Entity::Trainings => "该年份和培训类型已有数据；请改为编辑那一行".to_string(),
            Entity::Contacts => "该工坊已有同名联系人；请改为编辑那一位".to_string(),
            other @ (Entity::Countries | Entity::MajorCategories | Entity::Majors | Entity::Workshops | Entity::Agreements) => format!("已有相同键的{}；请改为编辑那一条", other.singular_zh()),
        },
        (ProblemKind::Workbook { kind, .. }, En) => format!("this is {kind}, not a CSV file; in Excel or WPS choose File → Save As → \"CSV UTF-8 (Comma delimited)\" and import that file"),
        (ProblemKind::Workbook { kind_zh, .. }, Zh) => format!("这是{kind_zh}，不是 CSV 文件；请在 Excel 或 WPS 中选择“文件 → 另存为 → CSV UTF-8（逗号分隔）”，再导入该文件"),
        (ProblemKind::EmptyFile(entity), En) => format!("the file is empty; the first line must be the header ({})", header_hint(*entity, lang)),
        (ProblemKind::EmptyFile(entity), Zh) => format!("文件为空；第一行必须是表头（{}）", header_hint(*entity, lang)),
        (ProblemKind::ColumnTwice, En) => format!("column {q} appears twice; keep one"),
        (ProblemKind::ColumnTwice, Zh) => format!("列{q}出现了两次；请只保留一列"),
        (ProblemKind::UnknownColumn(entity), En) => format!("{q} is not a column of {}; the columns are {}; rename it, or say which column it is (--map \"{e}=COLUMN\") or to leave it out (--ignore \"{e}\")", entity.file_name(), header_hint(*entity, lang)),
        (ProblemKind::UnknownColumn(entity), Zh) => format!("{q}不是 {} 的列；可用的列为：{}；请改名，或指明它对应的列（--map \"{e}=列名\"），或不导入它（--ignore \"{e}\"）", entity.file_name(), header_hint(*entity, lang)),
        (ProblemKind::MissingColumn { column, .. }, En) => format!("the required column {column} ({}) is missing; add it to the header", label(column, Zh)),
        (ProblemKind::MissingColumn { column, .. }, Zh) => format!("缺少必需的列 {column}（{}）；请在表头中添加", label(column, Zh)),
        (ProblemKind::TooManyCells { cells, width }, En) => format!("this row has {cells} cells but the header has {width}; remove the extra cells or add a header for them"),
        (ProblemKind::TooManyCells { cells, width }, Zh) => format!("该行有 {cells} 个单元格，但表头只有 {width} 列；请删除多余的单元格，或为其添加表头"),
        (ProblemKind::UnnamedCell { position }, En) => format!("cell {position} has a value but its column has no header; add the column's name to the header or clear the cell"),
        (ProblemKind::UnnamedCell { position }, Zh) => format!("第 {position} 个单元格有值，但该列没有表头；请在表头中填写列名，或清空该单元格"),
        (ProblemKind::BadBytes { encoding }, En) => format!("this row has bytes that are not valid {encoding}; save the file again as \"CSV UTF-8\""),
        (ProblemKind::BadBytes { encoding }, Zh) => format!("该行含有不符合 {encoding} 编码的字节；请将文件另存为“CSV UTF-8”"),
        (ProblemKind::MalformedCsv { detail }, En) => format!("this row cannot be read as CSV ({detail}); check its quotes"),
        (ProblemKind::MalformedCsv { detail }, Zh) => format!("该行无法按 CSV 读取（{detail}）；请检查引号"),
        (ProblemKind::MoreProblems { count }, En) => format!("and {count} more problems not listed; fix the ones above and import again"),
        (ProblemKind::MoreProblems { count }, Zh) => format!("另有 {count} 个问题未列出；请先修正以上问题，再重新导入"),
        (ProblemKind::UnreadableWorkbook { detail }, En) => format!("this workbook cannot be read ({detail}); open it in Excel, WPS or LibreOffice, save it again as .xlsx (without a password) and import that file"),
        (ProblemKind::UnreadableWorkbook { detail }, Zh) => format!("无法读取此工作簿（{detail}）；请在 Excel、WPS 或 LibreOffice 中打开，另存为 .xlsx（不设密码），再导入该文件"),
        (ProblemKind::NoSuchSheet { sheet, sheets }, En) => format!("the workbook has no sheet {}; its sheets are {}", quoted(sheet, lang), quoted_list(sheets, lang)),
        (ProblemKind::NoSuchSheet { sheet, sheets }, Zh) => format!("工作簿中没有名为{}的工作表；现有工作表：{}", quoted(sheet, lang), quoted_list(sheets, lang)),
        (ProblemKind::WhichSheet { entity, sheets }, En) => format!("the workbook has several sheets and none is named for {}; say which one holds them with --sheet NAME (its sheets are {}), or rename that sheet {:?}", entity.noun(false), quoted_list(sheets, lang), entity.singular_zh()),
        (ProblemKind::WhichSheet { entity, sheets }, Zh) => format!("工作簿有多个工作表，但没有以{}命名的；请用 --sheet 名称 指定（现有工作表：{}），或将该工作表改名为“{}”", entity.singular_zh(), quoted_list(sheets, lang), entity.singular_zh()),
        (ProblemKind::NoRegistrySheets { sheets }, En) => format!("no sheet of this workbook is named for a kind of record (its sheets are {}); name the sheets {}", quoted_list(sheets, lang), sheet_names(lang)),
        (ProblemKind::NoRegistrySheets { sheets }, Zh) => format!("此工作簿中没有以登记册记录类型命名的工作表（现有工作表：{}）；请将工作表命名为 {}", quoted_list(sheets, lang), sheet_names(lang)),
        (ProblemKind::SheetSkipped { sheet }, En) => format!("sheet {} was left out: its name is no kind of record ({}); rename it to import it", quoted(sheet, lang), sheet_names(lang)),
        (ProblemKind::SheetSkipped { sheet }, Zh) => format!("工作表{}未导入：其名称不是登记册的记录类型（{}）；如需导入，请改名", quoted(sheet, lang), sheet_names(lang)),
        (ProblemKind::CellError { detail }, En) => format!("the cell holds the spreadsheet error {detail} instead of a value; fix the formula or type the value"),
        (ProblemKind::CellError { detail }, Zh) => format!("该单元格是表格错误 {detail}，不是数值；请修正公式或直接填写数值"),
        (ProblemKind::TitleRowsSkipped { header, first, last }, En) => match first == last {
            true => format!("header on row {header}; row {first} left out as a title"),
            false => format!("header on row {header}; rows {first}–{last} left out as a title"),
        },
        (ProblemKind::TitleRowsSkipped { header, first, last }, Zh) => match first == last {
            true => format!("表头在第 {header} 行；第 {first} 行作为标题未导入"),
            false => format!("表头在第 {header} 行；第 {first}–{last} 行作为标题未导入"),
        },
        (ProblemKind::RunningNumberColumn, En) => format!("column {q} is a running number and was left out"),
        (ProblemKind::RunningNumberColumn, Zh) => format!("{q}列为序号列，未导入"),
        (ProblemKind::ColumnMapped { column }, En) => format!("column {q} was read as {column} ({}), as asked", label(column, En)),
        (ProblemKind::ColumnMapped { column }, Zh) => format!("{q}列已按要求读作 {column}（{}）", label(column, Zh)),
        (ProblemKind::TotalDiffers { label: total, written, sum }, En) => format!("this {total} row gives {written} for {l} but the rows above it add up to {sum}; check the figures (the total itself is not imported)"),
        (ProblemKind::TotalDiffers { label: total, written, sum }, Zh) => format!("该{total}行的{l}为 {written}，但其上各行相加为 {sum}；请核对数据（{total}行本身不导入）"),
        (ProblemKind::ColumnIgnored, En) => format!("column {q} was left out, as asked"),
        (ProblemKind::ColumnIgnored, Zh) => format!("{q}列已按要求未导入"),
        (ProblemKind::UnknownMapTarget { entity, column }, En) => format!("column {q} was to be read as {}, which is not a column of {}; the columns are {}", quoted(column, lang), entity.file_name(), header_hint(*entity, lang)),
        (ProblemKind::UnknownMapTarget { entity, column }, Zh) => format!("{q}列要读作的{}不是 {} 的列；可用的列为：{}", quoted(column, lang), entity.file_name(), header_hint(*entity, lang)),
        (ProblemKind::TotalRow { label }, En) => format!("this row is a total ({label}) and was left out; the registry adds up figures itself"),
        (ProblemKind::TotalRow { label }, Zh) => format!("该行为{label}行，未导入；登记册会自行汇总"),
        (ProblemKind::NumberOutOfRange { min, max }, En) => format!("{q} is out of range; enter a whole number from {min} to {max}"),
        (ProblemKind::NumberOutOfRange { min, max }, Zh) => format!("{q}超出范围；请填写 {min} 至 {max} 之间的整数"),
        (ProblemKind::EndsBeforeStart { starts_on }, En) => format!("{v} is before the start date {starts_on}; correct {} or {}, or leave {} blank if the agreement has no end", label("ends_on", lang), label("starts_on", lang), label("ends_on", lang)),
        (ProblemKind::EndsBeforeStart { starts_on }, Zh) => format!("{v} 早于生效日期 {starts_on}；请修改「{}」或「{}」，若协议无固定期限，请将「{}」留空", label("ends_on", lang), label("starts_on", lang), label("ends_on", lang)),
        (ProblemKind::RenewalCycle { chain }, En) => format!("renewing {} would make a circle of renewals ({}); an agreement can only renew an earlier one, so give another code or leave {l} blank", v.to_uppercase(), chain.join(" → ")),
        (ProblemKind::RenewalCycle { chain }, Zh) => format!("续签 {} 会形成循环续签（{}）；协议只能续签更早的协议，请换一个编号，或将「{l}」留空", v.to_uppercase(), chain.join(" → ")),
        (ProblemKind::NotAnEmail, En) => format!("{q} is not an e-mail address; write it as name@example.org, one address only"),
        (ProblemKind::NotAnEmail, Zh) => format!("{q}不是电子邮箱地址；请按 name@example.org 的格式填写，只填一个地址"),
        (ProblemKind::NotANumber(fault), En) => match fault {
            NumberFault::NotDigits => format!("{q} is not a number; write digits with at most one point for decimals, e.g. 12.5 or 15,000"),
            NumberFault::Ambiguous { thousands } => format!("{q} could be {} (a decimal point) or {thousands} (a thousands separator); write {thousands} for the whole number, or add a digit to the decimals (e.g. {v}0)", decimal_reading(v)),
            NumberFault::TooManyDecimals => format!("{q} has more than {} decimals; round it", crate::model::fields::MAX_DECIMALS),
            NumberFault::TooLarge => format!("{q} is too large; a number field holds at most 15 digits before the point"),
        },
        (ProblemKind::NotANumber(fault), Zh) => match fault {
            NumberFault::NotDigits => format!("{q}不是数字；请填写数字，小数最多一个小数点，如 12.5 或 15,000"),
            NumberFault::Ambiguous { thousands } => format!("{q}可能是 {}（小数点），也可能是 {thousands}（千位分隔符）；整数请填写 {thousands}，小数请多写一位（如 {v}0）", decimal_reading(v)),
            NumberFault::TooManyDecimals => format!("{q}的小数超过 {} 位；请四舍五入", crate::model::fields::MAX_DECIMALS),
            NumberFault::TooLarge => format!("{q}数值过大；数字字段的整数部分最多 15 位"),
        },
        (ProblemKind::FieldNameTaken, En) => format!("there is already a field of the office's own named {q}; choose another name"),
        (ProblemKind::FieldNameTaken, Zh) => format!("已有名为{q}的自定义字段；请换一个名称"),
        (ProblemKind::FieldNameIsColumn { column }, En) => format!("{q} would be read as the registry's own column {:?} ({}); choose another name", label(column, En), column),
        (ProblemKind::FieldNameIsColumn { column }, Zh) => format!("{q}会被识别为登记册自有的列「{}」（{}）；请换一个名称", label(column, Zh), column),
        (ProblemKind::NotAFieldType, En) => format!("{q} is not a type of field; use text, number, date or yes-no"),
        (ProblemKind::NotAFieldType, Zh) => format!("{q}不是字段类型；请使用 text（文本）、number（数字）、date（日期）或 yes-no（是否）"),
        (ProblemKind::FieldKindUnsupported(entity), En) => format!("{} cannot have fields of the office's own yet; only workshops can", entity.noun(false)),
        (ProblemKind::FieldKindUnsupported(entity), Zh) => format!("{}暂不支持自定义字段；目前只有工坊支持", entity.singular_zh()),
        (ProblemKind::Document(fault), _) => {
            // The file is named by the problem's place (documents/AGREEMENT/NAME); the value is the name.
            let agreement = field.unwrap_or("");
            Error::Document { agreement: agreement.to_string(), name: v.to_string(), fault: *fault }.message(lang)
        }
        (ProblemKind::NoRegistryFiles, _) => {
            let names: Vec<String> = Entity::ALL.iter().map(|e| e.file_name()).collect();
            match lang {
                En => format!("this folder has none of the registry's files ({})", names.join(", ")),
                Zh => format!("此文件夹中没有登记册的文件（{}）", names.join("、")),
            }
        }
        (ProblemKind::Suggested { problem: inner, suggestions }, En) => format!("{}; did you mean {}?", problem(inner, field, value, lang), alternatives(suggestions, lang)),
        (ProblemKind::Suggested { problem: inner, suggestions }, Zh) => format!("{}；是否应为{}？", problem(inner, field, value, lang), alternatives(suggestions, lang)),
    }
}

/// A value from a file or a user, quoted for a message: the one way both languages show one.
/// Control characters (an ESC from a file, a line break) and other invisible ones are escaped
/// as Rust's `Debug` writes them (`\u{1b}`, `\n`), so a message never carries them raw to a
/// terminal or a screen; `"…"` in English, `“…”` in Chinese.
pub(crate) fn quoted(v: &str, lang: Lang) -> String {
    let shown = escaped(v);
    lang.pick(format!("\"{shown}\""), format!("“{shown}”"))
}

/// `v` with its control and invisible characters escaped, without quotes (see [`quoted`]).
fn escaped(v: &str) -> String {
    let debug = format!("{v:?}");
    debug
        .strip_prefix('"')
        .and_then(|d| d.strip_suffix('"'))
        .unwrap_or(&debug)
        .to_string()
}

/// The decimal reading of an ambiguous count: `15.000` → `15`, `15.500` → `15.5`.
fn decimal_reading(v: &str) -> &str {
    let trimmed = v.trim_end_matches('0');
    trimmed.strip_suffix('.').unwrap_or(trimmed)
}

/// The readings of a date written day and month in either order, for messages.
fn date_readings(
    dmy: Option<chrono::NaiveDate>,
    mdy: Option<chrono::NaiveDate>,
    lang: Lang,
) -> String {
    let dmy = dmy.map(|d| lang.pick(format!("{d} if day first"), format!("日在前则为 {d}")));
    let mdy = mdy.map(|d| lang.pick(format!("{d} if month first"), format!("月在前则为 {d}")));
    let readings: Vec<String> = dmy.into_iter().chain(mdy).collect();
    readings.join(lang.pick(", or ", "，"))
}

/// Alternatives for "did you mean": `A, B or C` / `“A”、“B”或“C”`.
fn alternatives(items: &[String], lang: Lang) -> String {
    let shown: Vec<String> = match lang {
        Lang::En => items.to_vec(),
        Lang::Zh => items.iter().map(|s| quoted(s, lang)).collect(),
    };
    match shown.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!(
            "{}{}{last}",
            rest.join(lang.pick(", ", "、")),
            lang.pick(" or ", "或")
        ),
        None => String::new(),
    }
}

/// Names as a list for messages: `"工坊", "Sheet2"` / `“工坊”、“Sheet2”`.
fn quoted_list(names: &[String], lang: Lang) -> String {
    let shown: Vec<String> = names.iter().map(|n| quoted(n, lang)).collect();
    shown.join(lang.pick(", ", "、"))
}

/// The sheet names that map to kinds, for messages: `工坊 (workshops), …`.
fn sheet_names(lang: Lang) -> String {
    Entity::ALL
        .iter()
        .map(|e| format!("{} ({})", e.sheet_name_zh(), e.stem()))
        .collect::<Vec<_>>()
        .join(lang.pick(", ", "、"))
}

/// Where a problem in a workbook is, as the spreadsheet shows it:
/// `登记表.xlsx [工坊] row 7, column C (Country): ` / `登记表.xlsx [工坊] 第 7 行，C 列（国家）：`.
fn located_in_sheet(p: &Problem, sheet: &str, lang: Lang) -> String {
    let mut out = format!("{} [{sheet}]", p.file);
    let column = p.column.as_deref().map(|c| label(c, lang));
    match lang {
        Lang::En => {
            if p.line > 0 {
                out.push_str(&format!(" row {}", p.line));
            }
            match (&p.column_letter, column) {
                (Some(letter), Some(name)) => out.push_str(&format!(", column {letter} ({name})")),
                (Some(letter), None) => out.push_str(&format!(", column {letter}")),
                (None, Some(name)) => out.push_str(&format!(", {name}")),
                (None, None) => {}
            }
            out.push_str(": ");
        }
        Lang::Zh => {
            if p.line > 0 {
                out.push_str(&format!(" 第 {} 行", p.line));
            }
            match (&p.column_letter, column) {
                (Some(letter), Some(name)) => out.push_str(&format!("，{letter} 列（{name}）")),
                (Some(letter), None) => out.push_str(&format!("，{letter} 列")),
                (None, Some(name)) => out.push_str(&format!("，{name}")),
                (None, None) => {}
            }
            out.push('：');
        }
    }
    out
}

/// `FILE:LINE: column: message`; in Chinese the column is named by its Chinese header. A problem
/// in a workbook names its sheet, row and column letter instead (see [`located_in_sheet`]).
pub(crate) fn located(p: &Problem, lang: Lang) -> String {
    if let Some(sheet) = &p.sheet {
        let mut out = located_in_sheet(p, sheet, lang);
        if p.severity == Severity::Warning {
            out.push_str(lang.pick("warning: ", "警告："));
        }
        out.push_str(&p.message(lang));
        return out;
    }
    let mut out = format!("{}:{}: ", p.file, p.line);
    if let Some(column) = &p.column {
        out.push_str(match lang {
            Lang::En => column,
            Lang::Zh => label(column, lang),
        });
        out.push_str(": ");
    }
    if p.severity == Severity::Warning {
        out.push_str(lang.pick("warning: ", "警告："));
    }
    out.push_str(&p.message(lang));
    out
}

/// A warning's text with how many rows have it and their first lines: `said` alone for one row,
/// else `said (the same on 10,000 rows: lines 12, 13, 14, 15, 16, …)`.
pub(crate) fn summarised(w: &crate::error::Warning, said: &str, lang: Lang) -> String {
    if w.count <= 1 {
        return said.to_string();
    }
    let more = (w.count as usize) > w.lines.len();
    let count = i64::try_from(w.count).unwrap_or(i64::MAX);
    match lang {
        Lang::En => {
            let lines: Vec<String> = w.lines.iter().map(u64::to_string).collect();
            let word = if w.first.sheet.is_some() {
                "rows"
            } else {
                "lines"
            };
            format!(
                "{said} (the same on {} rows: {word} {}{})",
                grouped(count),
                lines.join(", "),
                if more { ", …" } else { "" }
            )
        }
        Lang::Zh => {
            let lines: Vec<String> = w.lines.iter().map(u64::to_string).collect();
            format!(
                "{said}（共 {count} 行相同：第 {} 行{}）",
                lines.join("、"),
                if more { "等" } else { "" }
            )
        }
    }
}

/// Whether SQLite gave up waiting for another connection's lock.
pub(crate) fn is_locked(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

/// Whether SQLite found no room on the disk.
fn is_full(e: &rusqlite::Error) -> bool {
    e.sqlite_error_code() == Some(rusqlite::ErrorCode::DiskFull)
}

/// Whether SQLite could not read or write the disk (a full disk shows so when it cannot even
/// make the registry's `-shm`).
fn is_io(e: &rusqlite::Error) -> bool {
    e.sqlite_error_code() == Some(rusqlite::ErrorCode::SystemIoFailure)
}

/// What a command says on standard error while it waits for another program's lock, in both
/// languages (it is said before the language of the rest could matter).
pub fn waiting_for_lock() -> &'static str {
    "waiting for another program using the registry… / 正在等待另一个正在使用登记册的程序……"
}

/// `10000000` → `10,000,000`.
fn grouped(n: i64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

impl Error {
    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        use Lang::{En, Zh};
        match (self, lang) {
            (Error::Io { path, source }, En) => format!("cannot use {}: {source}", path.display()),
            (Error::Io { path, source }, Zh) => format!("无法使用 {}：{source}", path.display()),
            (Error::Database(e), En) if is_locked(e) => format!(
                "another program is using the registry (the desktop app, or another luban command) and kept it locked for {} seconds; nothing was written. Close that program or wait until it has finished, then try again",
                crate::store::LOCK_TIMEOUT.as_secs()
            ),
            (Error::Database(e), Zh) if is_locked(e) => format!(
                "另一个程序（桌面应用或另一条 luban 命令）正在使用登记册，已锁定 {} 秒；未写入任何内容。请关闭该程序或等待其完成后再试",
                crate::store::LOCK_TIMEOUT.as_secs()
            ),
            (Error::Database(e), En) if is_full(e) => format!(
                "the disk is full ({e}); nothing was written. Free space on the disk that holds the registry and its backups folder, then try again"
            ),
            (Error::Database(e), Zh) if is_full(e) => format!(
                "磁盘已满（{e}）；未写入任何内容。请释放登记册及其备份文件夹所在磁盘的空间后再试"
            ),
            (Error::Database(e), En) if is_io(e) => format!(
                "the disk could not be written or read ({e}): it may be full, removed or failing. A change that was under way was not saved. Free disk space or check the disk, then try again"
            ),
            (Error::Database(e), Zh) if is_io(e) => format!(
                "无法读写磁盘（{e}）：磁盘可能已满、已移除或出现故障。正在进行的改动未被保存。请释放磁盘空间或检查磁盘后再试"
            ),
            (Error::Database(e), En) => format!("database error: {e}"),
            (Error::Database(e), Zh) => format!("数据库错误：{e}"),
            (Error::NewerSchema { path, found, supported }, En) => format!(
                "{} was written by a newer version of Luban Registry (schema version {found}; this version knows up to {supported}). The file was left untouched: install the newer version to open it",
                path.display()
            ),
            (Error::NewerSchema { path, found, supported }, Zh) => format!(
                "{} 由更新版本的鲁班工坊登记册创建（数据结构版本 {found}，本版本最高支持 {supported}）。文件未被改动：请安装新版本后再打开",
                path.display()
            ),
            (Error::NotARegistry { path, reason }, En) => format!(
                "{} is not a Luban registry ({reason}). The file was left untouched: choose another file or move it away",
                path.display()
            ),
            (Error::NotARegistry { path, reason }, Zh) => format!(
                "{} 不是鲁班工坊登记册（{reason}）。文件未被改动：请选择其他文件，或将其移走",
                path.display()
            ),
            (Error::Csv(e), En) => format!("cannot write CSV: {e}"),
            (Error::Csv(e), Zh) => format!("无法写入 CSV：{e}"),
            (Error::Rejected(problems), En) => format!(
                "{} in the input; nothing was written",
                plural(problems.len(), "problem", "problems")
            ),
            (Error::Rejected(problems), Zh) => {
                format!("输入中有 {} 个问题；未写入任何内容", problems.len())
            }
            (Error::Invalid(fields), En) => format!(
                "{} to fix; nothing was saved",
                plural(fields.len(), "field", "fields")
            ),
            (Error::Invalid(fields), Zh) => {
                format!("有 {} 个字段需要修改；未保存任何内容", fields.len())
            }
            (Error::NotFound { entity, key }, En) => format!("there is no {} {key}", entity.singular()),
            (Error::NotFound { entity, key }, Zh) => format!("没有{} {key}", entity.singular_zh()),
            (Error::InUse { entity, key, count, users }, En) => format!(
                "{} {key} is still used by {}; change or delete those first",
                entity.singular(),
                count_of(*users, *count, lang)
            ),
            (Error::InUse { entity, key, count, users }, Zh) => format!(
                "{} {key} 仍被使用（{}）；请先修改或删除相关记录",
                entity.singular_zh(),
                count_of(*users, *count, lang)
            ),
            (Error::UnknownEntity(name), _) => {
                let stems: Vec<&str> = Entity::ALL.iter().map(|e| e.stem()).collect();
                match lang {
                    En => format!("{} is not a registry file; use one of: {}", quoted(name, lang), stems.join(", ")),
                    Zh => format!("{}不是登记册文件；请使用：{}", quoted(name, lang), stems.join("、")),
                }
            }
            (Error::UnknownField { entity, name }, En) => format!("{} have no field of the office's own named {}; see luban fields", entity.noun(false), quoted(name, lang)),
            (Error::UnknownField { entity, name }, Zh) => format!("{}没有名为{}的自定义字段；请用 luban fields 查看", entity.singular_zh(), quoted(name, lang)),
            (Error::FieldHasValues { entity, name, count }, En) => format!(
                "the field {} still has a value in {}; nothing was removed. Remove it with its values with --force (the values go into the history and a backup is taken first)",
                quoted(name, lang),
                count_of(*entity, *count, lang)
            ),
            (Error::FieldHasValues { entity, name, count }, Zh) => format!(
                "字段{}在 {} 中仍有值；未删除任何内容。如要连同这些值一起删除，请加 --force（这些值会记入历史，删除前会先备份）",
                quoted(name, lang),
                count_of(*entity, *count, lang)
            ),
            (Error::Cancelled, En) => "cancelled; nothing was written".to_string(),
            (Error::Cancelled, Zh) => "已取消；未写入任何内容".to_string(),
            (Error::NoDataFolder, En) => "the operating system reports no per-user data folder; give the registry file with --db PATH or LUBAN_DB".to_string(),
            (Error::Document { agreement, name, fault }, En) => {
                let name = quoted(name, lang);
                match fault {
                DocumentFault::NotAcceptedType => format!(
                    "{name} is not a PDF, image or Word file; save the signed document as one of {} and attach that file to {agreement}",
                    crate::document::ACCEPTED.join(", ")
                ),
                DocumentFault::BadName => format!("{name} is not a plain file name; rename the file (no folders, not starting with '.') and attach it again"),
                DocumentFault::NameTaken => format!("agreement {agreement} already has a document named {name}; detach that one first (luban detach {agreement} {name}), or rename the new file"),
                DocumentFault::NotAttached => format!("agreement {agreement} has no document named {name}; see its documents with luban documents {agreement}"),
                DocumentFault::NoSuchAgreement => format!("{name} is in the folder documents/{agreement}, but there is no agreement {agreement}; rename the folder to an agreement's code, or add the agreement to agreements.csv"),
                }
            }
            (Error::Document { agreement, name, fault }, Zh) => {
                // The command to type quotes the name as a shell does, not as a sentence.
                let command_name = quoted(name, Lang::En);
                let name = quoted(name, lang);
                match fault {
                DocumentFault::NotAcceptedType => format!(
                    "{name}不是 PDF、图片或 Word 文件；请将签署文本另存为以下格式之一（{}），再附加到协议 {agreement}",
                    crate::document::ACCEPTED.join("、")
                ),
                DocumentFault::BadName => format!("{name}不是普通的文件名；请重命名该文件（不含文件夹，不以“.”开头）后重新附加"),
                DocumentFault::NameTaken => format!("协议 {agreement} 已有名为{name}的文件；请先移除该文件（luban detach {agreement} {command_name}），或为新文件改名"),
                DocumentFault::NotAttached => format!("协议 {agreement} 没有名为{name}的文件；可用 luban documents {agreement} 查看其文件"),
                DocumentFault::NoSuchAgreement => format!("{name}位于文件夹 documents/{agreement} 中，但没有协议 {agreement}；请将该文件夹改名为某个协议的编号，或在 agreements.csv 中添加该协议"),
                }
            }
            (Error::NoDataFolder, Zh) => "操作系统未提供用户数据文件夹；请用 --db PATH 或 LUBAN_DB 指定登记册文件".to_string(),
            (Error::UnknownSetting(key), En) => format!("there is no setting {key}; use one of {}", crate::settings::KEYS.join(", ")),
            (Error::UnknownSetting(key), Zh) => format!("没有设置项 {key}；请使用 {} 之一", crate::settings::KEYS.join("、")),
            (Error::Damaged { path, detail, newest_backup }, En) => format!(
                "{} is damaged (SQLite's integrity check: {detail}). Nothing was written to it. {}",
                path.display(),
                match newest_backup {
                    Some(b) => format!("Restore the newest backup with: luban restore \"{}\"", b.display()),
                    None => "There is no backup of it; keep the file and ask for help before changing it".to_string(),
                }
            ),
            (Error::Damaged { path, detail, newest_backup }, Zh) => format!(
                "{} 已损坏（SQLite 完整性检查：{detail}）。未向其写入任何内容。{}",
                path.display(),
                match newest_backup {
                    Some(b) => format!("请用以下命令恢复最新的备份：luban restore \"{}\"", b.display()),
                    None => "该文件没有备份；请保留此文件，并在修改前寻求帮助".to_string(),
                }
            ),
            (Error::Truncated { path, bytes, expected, newest_backup }, En) => format!(
                "{} is {}; a copy or sync probably failed. It was not opened and nothing was written to it. {}; or, to start again with an empty registry, run luban init --force (the file is kept aside)",
                path.display(),
                match expected {
                    Some(e) => format!("cut short ({bytes} of {e} bytes)"),
                    None => format!("empty ({bytes} bytes)"),
                },
                match newest_backup {
                    Some(b) => format!("Restore the newest backup with: luban restore \"{}\"", b.display()),
                    None => "If you have a copy of it elsewhere, restore it with: luban restore FILE".to_string(),
                }
            ),
            (Error::Truncated { path, bytes, expected, newest_backup }, Zh) => format!(
                "{} {}；可能是复制或同步失败。该文件未被打开，也未写入任何内容。{}；若要从空登记册重新开始，请运行 luban init --force（原文件会被另存一旁）",
                path.display(),
                match expected {
                    Some(e) => format!("不完整（{bytes} 字节，应为 {e} 字节）"),
                    None => format!("为空（{bytes} 字节）"),
                },
                match newest_backup {
                    Some(b) => format!("请用以下命令恢复最新的备份：luban restore \"{}\"", b.display()),
                    None => "如在别处有副本，请用以下命令恢复：luban restore 文件".to_string(),
                }
            ),
            (Error::ReadOnly { path }, En) => format!(
                "{} is read-only (the file or its folder {} cannot be written), so nothing was written. Reading works (check, report, export); to change the registry, allow writing to that file and folder, or copy the file to a folder you can write to and give it with --db",
                path.display(),
                crate::atomic_file::folder_of(path).display()
            ),
            (Error::ReadOnly { path }, Zh) => format!(
                "{} 为只读（该文件或其所在文件夹 {} 不可写入），因此未写入任何内容。读取不受影响（check、report、export）；如需修改登记册，请开放该文件和文件夹的写入权限，或将文件复制到可写入的文件夹并用 --db 指定",
                path.display(),
                crate::atomic_file::folder_of(path).display()
            ),
            (Error::NotCheckpointed { path, detail }, En) => format!(
                "the change was saved, but only in {}-wal: SQLite could not copy it into {} ({detail}). Nothing is lost while the two files stay together. Free disk space (or close other programs using the registry), then run luban check to finish the copy; until then keep the -wal file beside the registry and do not copy, move or send the registry file on its own",
                path.display(),
                path.display()
            ),
            (Error::NotCheckpointed { path, detail }, Zh) => format!(
                "改动已保存，但目前只在 {}-wal 中：SQLite 未能将其写入 {}（{detail}）。只要这两个文件放在一起，数据就不会丢失。请释放磁盘空间（或关闭正在使用登记册的其他程序），然后运行 luban check 完成写入；在此之前请将 -wal 文件保留在登记册旁边，不要单独复制、移动或发送登记册文件",
                path.display(),
                path.display()
            ),
            (Error::CannotUndo { batch: None }, En) => "there is nothing to undo: the history is empty".to_string(),
            (Error::CannotUndo { batch: None }, Zh) => "没有可撤销的操作：历史记录为空".to_string(),
            (Error::CannotUndo { batch: Some(id) }, En) => format!(
                "batch {id} cannot be undone: it is not in the history, or no backup was taken before it (a form save), or that backup is no longer in the backups folder; nothing was changed. See luban history and luban backups, and restore a backup with luban restore FILE"
            ),
            (Error::CannotUndo { batch: Some(id) }, Zh) => format!(
                "无法撤销批次 {id}：历史记录中没有该批次，或其之前未做备份（表单保存），或该备份已不在备份文件夹中；未做任何改动。请查看 luban history 和 luban backups，并用 luban restore 文件 恢复备份"
            ),
            (Error::UndoBlocked { batch, later, later_source }, En) => format!(
                "batch {batch} cannot be undone: a later batch changed the same records: {later} ({later_source}); nothing was changed. Undo {later} first (luban undo --batch {later})"
            ),
            (Error::UndoBlocked { batch, later, later_source }, Zh) => format!(
                "其后的批次 {later}（{later_source}）改动了相同的记录，因此无法撤销批次 {batch}；未做任何改动。请先撤销 {later}（luban undo --batch {later}）"
            ),
            (Error::NotConfirmed, En) => "this deletes or replaces data in the registry and needs an explicit confirmation; nothing was changed".to_string(),
            (Error::NotConfirmed, Zh) => "此操作会删除或替换登记册中的数据，需要明确确认；未做任何改动".to_string(),
            (Error::RestoreRefused { from, cause }, En) => format!(
                "cannot restore from {}: {}. The current registry was not changed; choose another backup (luban backups lists them)",
                from.display(),
                cause.message(lang)
            ),
            (Error::RestoreRefused { from, cause }, Zh) => format!(
                "无法从 {} 恢复：{}。当前登记册未被改动；请选择其他备份（luban backups 可列出全部备份）",
                from.display(),
                cause.message(lang)
            ),
        }
    }
}

/// What is due and what to do about it (see [`crate::due`]).
pub(crate) fn due(item: &crate::due::Due, lang: Lang) -> String {
    use crate::due::DueKind;
    let key = &item.key;
    let w = &item.workshop;
    let on = item.due.format("%Y-%m-%d");
    let title = item.title.as_deref().unwrap_or("");
    let year = item.year.unwrap_or_default();
    let notice = item
        .notice_from
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default();
    let begun = item.days >= 0
        && item
            .notice_from
            .is_some_and(|n| (item.due - n).num_days() >= item.days);
    match (item.kind, lang) {
        (DueKind::AgreementExpiring, Lang::En) => format!(
            "agreement {key} ({title}) of workshop {w} ends on {on}, in {} days; its notice period {} on {notice}: start the renewal (or give notice), then record the new agreement in agreements.csv with renews = {key}",
            item.days,
            if begun { "began" } else { "begins" }
        ),
        (DueKind::AgreementExpiring, Lang::Zh) => format!(
            "工坊 {w} 的协议 {key}（{title}）将于 {on} 到期，还有 {} 天；提前通知期{}于 {notice}：请启动续签（或发出通知），并在 agreements.csv 中登记新协议，「续签协议」填 {key}",
            item.days,
            if begun { "已始" } else { "将始" }
        ),
        (DueKind::AgreementExpired, Lang::En) => format!(
            "agreement {key} ({title}) of workshop {w} ended on {on}, {} days ago, and no signed agreement renews it: record its renewal in agreements.csv (renews = {key}), or set its status to terminated",
            -item.days
        ),
        (DueKind::AgreementExpired, Lang::Zh) => format!(
            "工坊 {w} 的协议 {key}（{title}）已于 {on} 到期（{} 天前），且没有已签署的续签协议：请在 agreements.csv 中登记续签协议（「续签协议」填 {key}），或将其状态改为已终止",
            -item.days
        ),
        (DueKind::PlannedOverdue, Lang::En) => format!(
            "workshop {key} was planned to open in {year} and is still planned: in workshops.csv set its status (active once it opened) and its year opened"
        ),
        (DueKind::PlannedOverdue, Lang::Zh) => format!(
            "工坊 {key} 计划于 {year} 年建成，目前仍为筹建中：请在 workshops.csv 中更新其状态（已建成则为运营中）和建成年份"
        ),
        (DueKind::FiguresMissing, Lang::En) => format!(
            "workshop {key} is active but has no enrolment or training figure for {year}: add them in enrolments.csv or trainings.csv"
        ),
        (DueKind::FiguresMissing, Lang::Zh) => format!(
            "工坊 {key} 正在运营，但没有 {year} 年的学历教育或培训数据：请在 enrolments.csv 或 trainings.csv 中补充"
        ),
    }
}

/// A calendar event's one-line title, in both languages (a calendar has one title per event).
pub(crate) fn due_summary(item: &crate::due::Due) -> String {
    let title = item.title.as_deref().unwrap_or("");
    format!(
        "Agreement {} ends · 协议到期: {title} ({})",
        item.key, item.workshop
    )
}
