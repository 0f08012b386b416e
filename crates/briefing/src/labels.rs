//! Words shared by every output: picking a language's text, and measuring how wide text is in a
//! spreadsheet column (East Asian wide characters count double). Bar labels come from the core
//! (`luban_registry::report::bars`).

use luban_registry::report::Lang;

/// The English or Chinese text, by language.
pub fn t(lang: Lang, en: &'static str, zh: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Zh => zh,
    }
}

/// Whether a character takes two columns (CJK ideographs, kana, Hangul, full-width forms).
pub fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD)
}

/// The width of `text` in character columns, wide characters counting two.
///
/// ```
/// use luban_registry::report::Lang;
/// assert_eq!(luban_briefing::labels::display_width("Thailand"), 8);
/// assert_eq!(luban_briefing::labels::display_width("泰国"), 4);
/// ```
pub fn display_width(text: &str) -> usize {
    text.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}
