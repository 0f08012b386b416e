//! Reading one field of input: trimming, and turning text into codes, years, counts and dates.
//!
//! These functions are the one definition of what a valid value is; the CSV importer and the app's
//! forms both go through them, so a rule and its message exist once.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::{CountFault, Expect, FieldError, ProblemKind};

/// Trims ordinary and non-breaking spaces (what Excel and web pages leave around values).
///
/// ```
/// assert_eq!(luban_registry::model::fields::clean("\u{a0} Tianjin  "), "Tianjin");
/// ```
pub fn clean(text: &str) -> &str {
    text.trim_matches(|c| c == ' ' || c == '\u{a0}' || c == '\u{3000}')
}

/// Characters that show as nothing (zero-width space, joiners, word joiner, a BOM inside text):
/// pasted from web pages and chat apps, they make one name two.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// A space within a line: ordinary, non-breaking, ideographic (full-width), any other Unicode
/// space. Control characters are not: line breaks are kept (notes), and a leading tab is data the
/// formula guard keeps (see `csv_io::guard`).
fn is_space(c: char) -> bool {
    c.is_whitespace() && !c.is_control()
}

/// Free text as it is stored, the one rule for every text field: invisible characters removed,
/// each run of spaces of any kind one ordinary space, trimmed; line breaks kept. So
/// `Tianjin\u{a0}\u{a0}Bohai\u{200b}` and `Tianjin Bohai` are one institution.
///
/// ```
/// use luban_registry::model::fields::tidy;
/// assert_eq!(tidy(" Tianjin\u{a0}\u{3000}Bohai\u{200b} "), "Tianjin Bohai");
/// assert_eq!(tidy("a\r\nb"), "a\r\nb");
/// ```
pub fn tidy(text: &str) -> std::borrow::Cow<'_, str> {
    let trimmed = text.trim_matches(|c| is_space(c) || is_invisible(c));
    let mut previous_space = false;
    let plain = trimmed.chars().all(|c| {
        // Changed: an invisible character, a space other than ' ', or a second ' ' in a row.
        let changed = is_invisible(c) || (c != ' ' && is_space(c)) || (c == ' ' && previous_space);
        previous_space = c == ' ';
        !changed
    });
    if plain {
        return std::borrow::Cow::Borrowed(trimmed);
    }
    let mut out = String::with_capacity(trimmed.len());
    for c in trimmed.chars().filter(|&c| !is_invisible(c)) {
        if is_space(c) {
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The key two names or codes are compared by, the one rule for every lookup: [`tidy`], then
/// Unicode NFKC (full-width `ＴＨ` is `TH`, `（` is `(`), then lower case.
///
/// ```
/// use luban_registry::model::fields::key;
/// assert_eq!(key("ＴＨ－ＡＹＵ"), key("th-ayu"));
/// assert_eq!(key("刚果（金）"), key("刚果(金)"));
/// ```
pub fn key(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let text = tidy(text);
    if text.is_ascii() {
        text.to_lowercase()
    } else {
        text.nfkc().collect::<String>().to_lowercase()
    }
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
pub fn required(field: &str, expect: Expect) -> FieldError {
    FieldError::new(field, "", ProblemKind::Required(expect))
}

/// A required text field.
pub fn required_text(field: &str, value: &str) -> Result<String, FieldError> {
    let value = tidy(value);
    if value.is_empty() {
        Err(required(field, Expect::Text))
    } else {
        Ok(value.into_owned())
    }
}

/// An optional text field: blank means none.
pub fn optional_text(value: &str) -> Option<String> {
    let value = tidy(value);
    (!value.is_empty()).then(|| value.into_owned())
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
    // Full-width letters and digits (typed with a Chinese input method) are the code they show.
    let normal: String;
    let value = if value.is_ascii() {
        value
    } else {
        use unicode_normalization::UnicodeNormalization;
        normal = value.nfkc().collect();
        normal.trim()
    };
    let ok = (2..=32).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if ok {
        Ok(value.to_ascii_uppercase())
    } else if value.is_empty() {
        Err(required(field, Expect::Text))
    } else {
        Err(FieldError::new(field, value, ProblemKind::NotACode))
    }
}

/// The largest count one row may hold: more students or trainees than this in one year at one
/// workshop is a typing slip (an extra digit), and the cap keeps every sum far from overflowing.
pub const MAX_COUNT: i64 = 10_000_000;

/// A whole number from 0 to [`MAX_COUNT`]; thousands separators (`15,000`), a zero fraction
/// (`15000.00`), a unit (`300人`, `300 人次`) and 万 (`1.5万` is 15000) are accepted. One point
/// followed by three digits (`15.000`) is refused as ambiguous: a decimal point, or a European
/// thousands separator.
///
/// ```
/// use luban_registry::model::fields::count;
/// assert_eq!(count("students", "15,000").unwrap(), 15000);
/// assert_eq!(count("students", "1 200").unwrap(), 1200);
/// assert_eq!(count("students", "300人").unwrap(), 300);
/// assert_eq!(count("students", "1.5万").unwrap(), 15000);
/// assert!(count("students", "-3").is_err());
/// assert!(count("students", "1,5").is_err());
/// assert!(count("students", "15.000").is_err());
/// assert!(count("students", "10,000,001").is_err());
/// ```
pub fn count(field: &str, value: &str) -> Result<i64, FieldError> {
    let n = whole_number(field, value)?;
    if n > MAX_COUNT {
        let value = clean(value);
        return Err(FieldError::new(
            field,
            value,
            ProblemKind::NotACount(CountFault::AboveLimit { max: MAX_COUNT }),
        ));
    }
    Ok(n)
}

/// A whole number ≥ 0 as [`count`] reads it, without the cap.
pub(crate) fn whole_number(field: &str, value: &str) -> Result<i64, FieldError> {
    let value = clean(value);
    let bad = |fault| FieldError::new(field, value, ProblemKind::NotACount(fault));
    if value.is_empty() {
        return Err(required(field, Expect::Count));
    }
    // Fast path for the common case of plain digits.
    if value.len() < 19 && value.bytes().all(|b| b.is_ascii_digit()) {
        return value.parse::<i64>().map_err(|_| bad(CountFault::NotDigits));
    }
    let number = without_unit(value);
    if let Some(tens_of_thousands) = number.strip_suffix('万') {
        return match wan(clean(tens_of_thousands)) {
            Some(Ok(n)) => Ok(n),
            Some(Err(fault)) => Err(bad(fault)),
            None => Err(bad(CountFault::NotDigits)),
        };
    }
    if let Some((whole, fraction)) = number.split_once('.') {
        let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        if whole.len() <= 3 && fraction.len() == 3 && digits(whole) && digits(fraction) {
            let thousands = format!("{whole}{fraction}").parse::<i64>();
            return Err(bad(CountFault::Ambiguous {
                thousands: thousands.map_err(|_| bad(CountFault::TooLarge))?,
            }));
        }
    }
    let value = number;
    if value.starts_with('-') {
        return Err(bad(CountFault::Negative));
    }
    let (whole, fraction) = match value.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (value, None),
    };
    if let Some(f) = fraction {
        if f.is_empty() || !f.bytes().all(|b| b == b'0') {
            return Err(bad(CountFault::Fraction));
        }
    }
    let digits = grouped_digits(whole).ok_or_else(|| bad(CountFault::NotDigits))?;
    digits.parse::<i64>().map_err(|_| bad(CountFault::TooLarge))
}

/// A number without the unit offices write after counts (`300人`, `300 人次`).
fn without_unit(value: &str) -> &str {
    ["人次", "人", "名"]
        .iter()
        .find_map(|unit| value.strip_suffix(unit))
        .map_or(value, clean)
}

/// The digits of a whole number written with or without thousands separators (`15,000`,
/// `1 200`), or `None` when it is not one (groups of other than three digits, other characters).
fn grouped_digits(whole: &str) -> Option<String> {
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
        return None;
    }
    Some(groups.concat())
}

/// The most decimals a number field keeps.
pub const MAX_DECIMALS: usize = 6;

/// The most digits before the point a number field keeps.
const MAX_WHOLE_DIGITS: usize = 15;

/// A number of a user-defined number field (经费 `12.5`), as it is stored: blank is none; written
/// as counts are read ([`count`]: thousands separators, a unit, 万), with decimals after one point
/// and an optional leading minus. One point followed by three digits after at most three others
/// (`15.000`, `1.500`) is refused as ambiguous, as for counts; `0.125` is not (no thousands group
/// starts with 0). The stored form has no needless zeros (`12.50` is `12.5`), except one added
/// where the plain form would read as ambiguous (`12.345` is stored `12.3450`), so an export reads
/// back as it was written.
///
/// ```
/// use luban_registry::model::fields::number;
/// assert_eq!(number("funds", "12.5").unwrap().as_deref(), Some("12.5"));
/// assert_eq!(number("funds", "15,000.00").unwrap().as_deref(), Some("15000"));
/// assert_eq!(number("funds", "1.5万").unwrap().as_deref(), Some("15000"));
/// assert_eq!(number("funds", "-3").unwrap().as_deref(), Some("-3"));
/// assert_eq!(number("funds", "12.3450").unwrap().as_deref(), Some("12.3450"));
/// assert_eq!(number("funds", " ").unwrap(), None);
/// assert!(number("funds", "15.000").is_err());
/// assert!(number("funds", "12,5").is_err());
/// ```
pub fn number(field: &str, value: &str) -> Result<Option<String>, FieldError> {
    use crate::error::NumberFault;
    let value = clean(value);
    if value.is_empty() {
        return Ok(None);
    }
    let bad = |fault| FieldError::new(field, value, ProblemKind::NotANumber(fault));
    let text = without_unit(value);
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, clean(rest)),
        None => (false, text),
    };
    let (text, wan) = match text.strip_suffix('万') {
        Some(rest) => (clean(rest), true),
        None => (text, false),
    };
    let (whole, fraction, point) = match text.split_once('.') {
        Some((w, f)) => (w, f, true),
        None => (text, "", false),
    };
    if (point && fraction.is_empty()) || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad(NumberFault::NotDigits));
    }
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if point
        && !wan
        && whole.len() <= 3
        && fraction.len() == 3
        && digits(whole)
        && !whole.starts_with('0')
    {
        let thousands = format!("{whole}{fraction}").parse::<i64>();
        return Err(bad(NumberFault::Ambiguous {
            thousands: thousands.map_err(|_| bad(NumberFault::TooLarge))?,
        }));
    }
    let whole = grouped_digits(whole).ok_or_else(|| bad(NumberFault::NotDigits))?;
    // The value is all the digits over 10^scale; 万 moves the point four places right.
    let mut all = format!("{whole}{fraction}");
    let mut scale = fraction.len();
    if wan {
        if scale >= 4 {
            scale -= 4;
        } else {
            all.push_str(&"0".repeat(4 - scale));
            scale = 0;
        }
    }
    let (int_part, frac_part) = all.split_at(all.len() - scale);
    let int_part = match int_part.trim_start_matches('0') {
        "" => "0",
        digits => digits,
    };
    let frac_part = frac_part.trim_end_matches('0');
    if frac_part.len() > MAX_DECIMALS {
        return Err(bad(NumberFault::TooManyDecimals));
    }
    if int_part.len() > MAX_WHOLE_DIGITS {
        return Err(bad(NumberFault::TooLarge));
    }
    let mut out = String::new();
    if negative && (int_part != "0" || !frac_part.is_empty()) {
        out.push('-');
    }
    out.push_str(int_part);
    if !frac_part.is_empty() {
        out.push('.');
        out.push_str(frac_part);
        if frac_part.len() == 3 && int_part.len() <= 3 && !int_part.starts_with('0') {
            out.push('0');
        }
    }
    Ok(Some(out))
}

/// A count written in 万 (tens of thousands): `1.5` → 15000. `None` if not digits with at most
/// one point; a fraction of a person is an error.
fn wan(text: &str) -> Option<Result<i64, CountFault>> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(fraction) {
        return None;
    }
    let fraction = fraction.trim_end_matches('0');
    if fraction.len() > 4 {
        return Some(Err(CountFault::Fraction));
    }
    let scaled = format!("{whole}{fraction:0<4}");
    Some(scaled.parse::<i64>().map_err(|_| CountFault::TooLarge))
}

/// A year between [`MIN_YEAR`] and `max`.
pub fn year(field: &str, value: &str, max: i32) -> Result<i32, FieldError> {
    let value = clean(value);
    if value.is_empty() {
        return Err(required(field, Expect::Year { max }));
    }
    let digits = value.strip_suffix('年').unwrap_or(value);
    match digits.parse::<i32>() {
        Ok(y) if (MIN_YEAR..=max).contains(&y) => Ok(y),
        Ok(year) => Err(FieldError::new(
            field,
            value,
            ProblemKind::YearOutOfRange { year, max },
        )),
        Err(_) => Err(FieldError::new(field, value, ProblemKind::NotAYear { max })),
    }
}

/// A date written `2024-11-21`, `2024/11/21`, `2024.11.21` (month and day may have one digit),
/// `2024年11月21日`, or any of these followed by a midnight time (`2016-03-08 00:00:00`, how a
/// spreadsheet writes a date cell as text). `3/8/2016` (day and month in an order it does not say)
/// is refused naming both readings, unless both are the same day.
///
/// ```
/// use luban_registry::model::fields::date;
/// let d = chrono::NaiveDate::from_ymd_opt(2016, 3, 8).unwrap();
/// assert_eq!(date("opened_on", "2016/3/8").unwrap(), d);
/// assert_eq!(date("opened_on", "2016年3月8日").unwrap(), d);
/// assert_eq!(date("opened_on", "2016-03-08 00:00:00").unwrap(), d);
/// assert!(date("opened_on", "08/03/2016").is_err());
/// ```
pub fn date(field: &str, value: &str) -> Result<NaiveDate, FieldError> {
    date_in_order(field, value, None)
}

/// Which comes first in a date written with the year last (`3/8/2016`), when the user has said.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateOrder {
    /// Day, month, year: `3/8/2016` is 3 August 2016 (how most of the world writes dates).
    Dmy,
    /// Month, day, year: `3/8/2016` is 8 March 2016 (how English-locale Excel in the US writes them).
    Mdy,
}

impl DateOrder {
    /// Reads `dmy` or `mdy` (any case).
    pub fn parse(text: &str) -> Option<DateOrder> {
        match text.trim().to_ascii_lowercase().as_str() {
            "dmy" => Some(DateOrder::Dmy),
            "mdy" => Some(DateOrder::Mdy),
            _ => None,
        }
    }
}

/// A date as [`date`] reads it, except that a date with the year last is read in `order` when
/// given (`3/8/2016` is then one day, not refused).
///
/// ```
/// use luban_registry::model::fields::{date_in_order, DateOrder};
/// let march = chrono::NaiveDate::from_ymd_opt(2016, 3, 8).unwrap();
/// assert_eq!(date_in_order("opened_on", "3/8/2016", Some(DateOrder::Mdy)).unwrap(), march);
/// assert_eq!(date_in_order("opened_on", "8/3/2016", Some(DateOrder::Dmy)).unwrap(), march);
/// assert!(date_in_order("opened_on", "3/8/2016", None).is_err());
/// ```
pub fn date_in_order(
    field: &str,
    value: &str,
    order: Option<DateOrder>,
) -> Result<NaiveDate, FieldError> {
    let value = clean(value);
    let bad = || FieldError::new(field, value, ProblemKind::NotADate);
    let day = [" 00:00:00", " 00:00", "T00:00:00"]
        .iter()
        .find_map(|midnight| value.strip_suffix(midnight))
        .unwrap_or(value);
    let normal = day.replace(['年', '月'], "-").replace('日', "");
    let parts: Vec<&str> = normal.split(['-', '/', '.']).collect();
    // Day and month first, in an order the text does not say (3/8/2016).
    if parts.len() == 3
        && parts[2].len() == 4
        && (1..=2).contains(&parts[0].len())
        && (1..=2).contains(&parts[1].len())
    {
        let n: Option<Vec<u32>> = parts.iter().map(|p| p.parse().ok()).collect();
        let n = n.ok_or_else(bad)?;
        let year = i32::try_from(n[2]).map_err(|_| bad())?;
        let dmy = NaiveDate::from_ymd_opt(year, n[1], n[0]);
        let mdy = NaiveDate::from_ymd_opt(year, n[0], n[1]);
        let calendar_day = || FieldError::new(field, value, ProblemKind::NotACalendarDay);
        return match (order, dmy, mdy) {
            (Some(DateOrder::Dmy), d, _) => d.ok_or_else(calendar_day),
            (Some(DateOrder::Mdy), _, d) => d.ok_or_else(calendar_day),
            (None, Some(a), Some(b)) if a == b => Ok(a),
            (None, None, None) => Err(calendar_day()),
            _ => Err(FieldError::new(
                field,
                value,
                ProblemKind::AmbiguousDate { dmy, mdy },
            )),
        };
    }
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
    let year = i32::try_from(numbers[0]).map_err(|_| bad())?;
    NaiveDate::from_ymd_opt(year, numbers[1], numbers[2])
        .ok_or_else(|| FieldError::new(field, value, ProblemKind::NotACalendarDay))
}

/// An optional date: blank means none.
pub fn optional_date(field: &str, value: &str) -> Result<Option<NaiveDate>, FieldError> {
    optional_date_in_order(field, value, None)
}

/// An optional date read as [`date_in_order`] does: blank means none.
pub fn optional_date_in_order(
    field: &str,
    value: &str,
    order: Option<DateOrder>,
) -> Result<Option<NaiveDate>, FieldError> {
    match clean(value) {
        "" => Ok(None),
        text => date_in_order(field, text, order).map(Some),
    }
}

/// A value of a closed vocabulary (English stored form in any case, or the Chinese label).
pub fn vocabulary<T>(
    field: &str,
    value: &str,
    parse: fn(&str) -> Option<T>,
    which: crate::error::Vocabulary,
) -> Result<T, FieldError> {
    let value = clean(value);
    if value.is_empty() {
        return Err(required(field, Expect::OneOf(which)));
    }
    parse(value).ok_or_else(|| {
        let kind = ProblemKind::NotInVocabulary(which).suggesting(which.suggest(value));
        FieldError::new(field, value, kind)
    })
}

/// A list of names separated by `;` that must hold at least one.
pub fn required_list(field: &str, value: &str) -> Result<Vec<String>, FieldError> {
    let names = list(value);
    if names.is_empty() {
        Err(required(field, Expect::Names))
    } else {
        Ok(names)
    }
}

/// Letters only, exactly `n` of them, stored in upper case (ISO 3166-1 codes).
pub fn letters(field: &str, value: &str, n: u8) -> Result<String, FieldError> {
    let value = clean(value);
    if value.len() == usize::from(n) && value.bytes().all(|b| b.is_ascii_alphabetic()) {
        Ok(value.to_ascii_uppercase())
    } else if value.is_empty() {
        Err(required(field, Expect::IsoCode { letters: n }))
    } else {
        Err(FieldError::new(
            field,
            value,
            ProblemKind::NotAnIsoCode { letters: n },
        ))
    }
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
        let item = tidy(item);
        if !item.is_empty() && !out.iter().any(|o| *o == item) {
            out.push(item.into_owned());
        }
    }
    out
}
