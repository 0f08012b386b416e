//! Reading one field of input: trimming, and turning text into codes, years, counts and dates.
//!
//! These functions are the one definition of what a valid value is; the CSV importer and the app's
//! forms both go through them, so a rule and its message exist once.

use chrono::{Datelike, NaiveDate};

use crate::error::FieldError;
use crate::model::entity::field_zh;

/// Trims ordinary and non-breaking spaces (what Excel and web pages leave around values).
///
/// ```
/// assert_eq!(luban_registry::model::fields::clean("\u{a0} Tianjin  "), "Tianjin");
/// ```
pub fn clean(text: &str) -> &str {
    text.trim_matches(|c| c == ' ' || c == '\u{a0}' || c == '\u{3000}')
}

/// The newest year a figure may have: this year + 1 (a plan for next year's intake).
pub fn max_figure_year() -> i32 {
    chrono::Local::now().year() + 1
}

/// The newest opening year a workshop may have: this year + 5 (planned workshops).
pub fn max_opening_year() -> i32 {
    chrono::Local::now().year() + 5
}

/// The earliest year the registry accepts.
pub const MIN_YEAR: i32 = 2000;

/// The error for a required field left blank.
pub fn required(field: &str, value: &str) -> FieldError {
    FieldError::new(
        field,
        value,
        format!("{field} is required; fill it in"),
        format!("「{}」为必填项；请填写", field_zh(field)),
    )
}

/// A required text field.
pub fn required_text(field: &str, value: &str) -> Result<String, FieldError> {
    let value = clean(value);
    if value.is_empty() {
        Err(required(field, value))
    } else {
        Ok(value.to_string())
    }
}

/// An optional text field: blank means none.
pub fn optional_text(value: &str) -> Option<String> {
    let value = clean(value);
    (!value.is_empty()).then(|| value.to_string())
}

/// A code of 2 to 32 letters, digits and `-`, stored in upper case.
///
/// ```
/// use luban_registry::model::fields::code;
/// assert_eq!(code("code", " th-ayutthaya ").unwrap(), "TH-AYUTTHAYA");
/// assert!(code("code", "Tianjin workshop").is_err());
/// ```
pub fn code(field: &str, value: &str) -> Result<String, FieldError> {
    let value = clean(value);
    let ok = (2..=32).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if ok {
        Ok(value.to_ascii_uppercase())
    } else if value.is_empty() {
        Err(required(field, value))
    } else {
        Err(FieldError::new(
            field,
            value,
            format!("{value:?} is not a valid code; use 2 to 32 letters A–Z, digits 0–9 or '-', with no spaces"), format!("“{value}”不是有效的编号；请使用 2 至 32 位字母 A–Z、数字 0–9 或“-”，不含空格"),
        ))
    }
}

/// A whole number ≥ 0; thousands separators (`15,000`) and a zero fraction (`15000.00`) are accepted.
///
/// ```
/// use luban_registry::model::fields::count;
/// assert_eq!(count("students", "15,000").unwrap(), 15000);
/// assert_eq!(count("students", "1 200").unwrap(), 1200);
/// assert!(count("students", "-3").is_err());
/// assert!(count("students", "1,5").is_err());
/// ```
pub fn count(field: &str, value: &str) -> Result<i64, FieldError> {
    let value = clean(value);
    let bad = |why: &str, why_zh: &str| {
        FieldError::new(
            field,
            value,
            format!("{value:?} {why}"),
            format!("“{value}”{why_zh}"),
        )
    };
    if value.is_empty() {
        return Err(FieldError::new(
            field,
            value,
            format!("{field} is required; enter a whole number (0 if none)"),
            format!("「{}」为必填项；请填写整数（没有则填 0）", field_zh(field)),
        ));
    }
    // Fast path for the common case of plain digits.
    if !value.is_empty() && value.len() < 19 && value.bytes().all(|b| b.is_ascii_digit()) {
        return value
            .parse::<i64>()
            .map_err(|_| bad("is not a whole number", "不是整数"));
    }
    if value.starts_with('-') {
        return Err(bad(
            "is negative; enter a whole number of 0 or more",
            "为负数；请填写 0 或以上的整数",
        ));
    }
    let (whole, fraction) = match value.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (value, None),
    };
    if let Some(f) = fraction {
        if f.is_empty() || !f.bytes().all(|b| b == b'0') {
            return Err(bad(
                "is not a whole number; enter a count such as 1200",
                "不是整数；请填写人数，如 1200",
            ));
        }
    }
    let groups: Vec<&str> = whole.split([',', ' ', '\u{a0}']).collect();
    let grouped_ok = groups.len() == 1
        || (!groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[1..].iter().all(|g| g.len() == 3));
    if !grouped_ok
        || groups
            .iter()
            .any(|g| !g.bytes().all(|b| b.is_ascii_digit()))
        || whole.is_empty()
    {
        return Err(bad(
            "is not a whole number; enter digits only, such as 15000 or 15,000",
            "不是整数；请只填写数字，如 15000 或 15,000",
        ));
    }
    let digits: String = groups.concat();
    digits.parse::<i64>().map_err(|_| {
        bad(
            "is too large; enter a whole number below 9,223,372,036,854,775,807",
            "数值过大",
        )
    })
}

/// A year between [`MIN_YEAR`] and `max`.
pub fn year(field: &str, value: &str, max: i32) -> Result<i32, FieldError> {
    let value = clean(value);
    let range = || format!("use a year from {MIN_YEAR} to {max}");
    let range_zh = || format!("请使用 {MIN_YEAR} 至 {max} 之间的年份");
    if value.is_empty() {
        return Err(FieldError::new(
            field,
            value,
            format!("{field} is required; {}", range()),
            format!("「{}」为必填项；{}", field_zh(field), range_zh()),
        ));
    }
    let digits = value.strip_suffix('年').unwrap_or(value);
    match digits.parse::<i32>() {
        Ok(y) if (MIN_YEAR..=max).contains(&y) => Ok(y),
        Ok(y) => Err(FieldError::new(
            field,
            value,
            format!("year {y} is out of range; {}", range()),
            format!("年份 {y} 超出范围；{}", range_zh()),
        )),
        Err(_) => Err(FieldError::new(
            field,
            value,
            format!("{value:?} is not a year; {}", range()),
            format!("“{value}”不是年份；{}", range_zh()),
        )),
    }
}

/// A date written `2024-11-21`, `2024/11/21`, `2024.11.21` (month and day may have one digit) or
/// `2024年11月21日`.
///
/// ```
/// use luban_registry::model::fields::date;
/// let d = chrono::NaiveDate::from_ymd_opt(2016, 3, 8).unwrap();
/// assert_eq!(date("opened_on", "2016/3/8").unwrap(), d);
/// assert_eq!(date("opened_on", "2016年3月8日").unwrap(), d);
/// assert!(date("opened_on", "08/03/2016").is_err());
/// ```
pub fn date(field: &str, value: &str) -> Result<NaiveDate, FieldError> {
    let value = clean(value);
    let bad = || {
        FieldError::new(
            field,
            value,
            format!("{value:?} is not a date; write it as year-month-day, e.g. 2024-11-21 (2024/11/21 and 2024.11.21 work too)"), format!("“{value}”不是日期；请按年-月-日填写，如 2024-11-21（也可写 2024/11/21 或 2024.11.21）"),
        )
    };
    let normal = value.replace(['年', '月'], "-").replace('日', "");
    let parts: Vec<&str> = normal.split(['-', '/', '.']).collect();
    if parts.len() != 3
        || parts[0].len() != 4
        || parts[1].is_empty()
        || parts[1].len() > 2
        || parts[2].is_empty()
        || parts[2].len() > 2
    {
        return Err(bad());
    }
    let numbers: Option<Vec<u32>> = parts.iter().map(|p| p.parse().ok()).collect();
    let numbers = numbers.ok_or_else(bad)?;
    NaiveDate::from_ymd_opt(numbers[0] as i32, numbers[1], numbers[2]).ok_or_else(|| {
        FieldError::new(
            field,
            value,
            format!("{value:?} is not a day of the calendar; check the month and day"),
            format!("“{value}”不是有效的日期；请检查月份和日期"),
        )
    })
}

/// A list of values separated by `;` (full-width `；` and `、` too), each trimmed, blanks and repeats dropped.
///
/// ```
/// use luban_registry::model::fields::list;
/// assert_eq!(list(" TUTE ; Tianjin Bohai；TUTE "), vec!["TUTE", "Tianjin Bohai"]);
/// ```
pub fn list(value: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in value.split([';', '；', '、']) {
        let item = clean(item);
        if !item.is_empty() && !out.iter().any(|o| o == item) {
            out.push(item.to_string());
        }
    }
    out
}
