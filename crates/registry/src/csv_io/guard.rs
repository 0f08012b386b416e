//! The formula guard: keeping Excel from running a cell as a formula, reversibly.
//!
//! On export a text cell that begins with `=`, `+`, `-`, `@`, tab or carriage return gets a leading
//! `'`; so does a value that itself begins with `'` followed by one of those or by another `'`.
//! On import exactly that one `'` is removed again, so export followed by import gives back the value.

use std::borrow::Cow;

fn triggers(c: char) -> bool {
    matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r')
}

/// Adds the guard to a cell for export.
///
/// ```
/// use luban_registry::csv_io::guard::{guard, unguard};
/// assert_eq!(guard("=1+1"), "'=1+1");
/// assert_eq!(guard("'=x"), "''=x");
/// assert_eq!(guard("O'Neil"), "O'Neil");
/// for v in ["=1+1", "'=x", "''", "'plain", "-5", "plain"] {
///     assert_eq!(unguard(&guard(v)), v);
/// }
/// ```
pub fn guard(value: &str) -> Cow<'_, str> {
    let mut chars = value.chars();
    let needs = match chars.next() {
        Some(c) if triggers(c) => true,
        Some('\'') => matches!(chars.next(), Some(c) if triggers(c) || c == '\''),
        _ => false,
    };
    if needs {
        Cow::Owned(format!("'{value}"))
    } else {
        Cow::Borrowed(value)
    }
}

/// Removes the guard from a cell read on import.
pub fn unguard(value: &str) -> &str {
    match value.strip_prefix('\'') {
        Some(rest) if rest.starts_with(|c: char| triggers(c) || c == '\'') => rest,
        _ => value,
    }
}
