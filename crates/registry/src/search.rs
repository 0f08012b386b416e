//! What a search box means: words separated by spaces (ordinary or full-width), all of which must
//! appear, in any letter case, in one of a record's fields.

/// The words of a search.
pub(crate) fn words(search: &str) -> impl Iterator<Item = &str> {
    search
        .split(|c: char| c.is_whitespace() || c == '\u{3000}')
        .filter(|w| !w.is_empty())
}

/// Whether every word of `search` occurs in one of `fields` (case-insensitive).
pub(crate) fn matches_all(search: &str, fields: &[&str]) -> bool {
    let haystack = fields.join("\u{1f}").to_lowercase();
    words(search).all(|w| haystack.contains(&w.to_lowercase()))
}

/// A word as a `LIKE ... ESCAPE '\'` pattern matching it anywhere (`%`, `_` and `\` escaped).
pub(crate) fn like_pattern(word: &str) -> String {
    let mut out = String::with_capacity(word.len() + 2);
    out.push('%');
    for c in word.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}
