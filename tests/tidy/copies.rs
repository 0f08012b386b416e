//! Reading the copies out of their files: plain string parsing, strict about the few shapes each
//! copy is written in, so that an edit the parser does not understand fails instead of being
//! skipped. Every error names the file and the text it could not read.

use std::collections::BTreeMap;

/// The text of a file of the repository, by its path from the repository root.
pub fn read(path: &str) -> String {
    let full = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{path}: cannot read it: {e}"))
}

/// `'text'` or `"text"` at the start of `s`: the text and the rest after the closing quote.
/// Escapes are not decoded; a backslash only keeps the next character from closing the string.
fn quoted(s: &str) -> Option<(&str, &str)> {
    let quote = s.chars().next().filter(|c| *c == '\'' || *c == '"')?;
    let body = &s[1..];
    let mut escaped = false;
    for (i, c) in body.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            _ if c == quote => return Some((&body[..i], &body[i + 1..])),
            _ => {}
        }
    }
    None
}

/// The text inside the parentheses that open at the start of `s` (which must be `(`).
fn parenthesised(s: &str) -> Option<&str> {
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(&s[1..i]);
                }
            }
            _ if depth == 0 => return None,
            _ => {}
        }
    }
    None
}

/// The `CHECK (…)` of one column of one table in a schema file, without its parentheses.
pub fn sql_column_check<'a>(
    file: &str,
    sql: &'a str,
    table: &str,
    column: &str,
) -> Result<&'a str, String> {
    let opening = format!("CREATE TABLE {table} (");
    let mut tables = sql.match_indices(&opening);
    let (start, _) = tables
        .next()
        .ok_or_else(|| format!("{file}: no `{opening}`"))?;
    if tables.next().is_some() {
        return Err(format!("{file}: `{opening}` more than once"));
    }
    let body = &sql[start + opening.len()..];
    let body = &body[..body
        .find("\n)")
        .ok_or_else(|| format!("{file}: table {table} has no closing `)` at a line start"))?];
    let mut lines = body
        .lines()
        .filter(|line| line.split_whitespace().next() == Some(column));
    let line = lines
        .next()
        .ok_or_else(|| format!("{file}: table {table} has no column {column}"))?;
    if lines.next().is_some() {
        return Err(format!(
            "{file}: table {table} defines column {column} twice"
        ));
    }
    let check = line
        .find("CHECK (")
        .ok_or_else(|| format!("{file}: {table}.{column} has no `CHECK (`: {}", line.trim()))?;
    parenthesised(&line[check + "CHECK ".len()..]).ok_or_else(|| {
        format!(
            "{file}: {table}.{column}: the CHECK's parentheses do not close on its line: {}",
            line.trim()
        )
    })
}

/// The values a CHECK allows, written either `col = 'a' OR col = 'b' …` or `col IN ('a', 'b', …)`.
pub fn sql_allowed_values(
    file: &str,
    table: &str,
    column: &str,
    check: &str,
) -> Result<Vec<String>, String> {
    let wrong = |part: &str| {
        format!(
            "{file}: cannot read `{part}` in the CHECK on {table}.{column}; expected `{column} = 'value' OR …` or `{column} IN ('value', …)`"
        )
    };
    let check = check.trim();
    if let Some(list) = check.strip_prefix(&format!("{column} IN ")) {
        let list = parenthesised(list)
            .filter(|inner| inner.len() + 2 == list.len())
            .ok_or_else(|| wrong(check))?;
        return list
            .split(',')
            .map(|item| match quoted(item.trim()) {
                Some((value, "")) => Ok(value.to_string()),
                _ => Err(wrong(item.trim())),
            })
            .collect();
    }
    check
        .split(" OR ")
        .map(|term| {
            let value = term
                .trim()
                .strip_prefix(column)
                .and_then(|rest| rest.trim_start().strip_prefix('='))
                .map(str::trim_start)
                .and_then(quoted);
            match value {
                Some((value, "")) => Ok(value.to_string()),
                _ => Err(wrong(term.trim())),
            }
        })
        .collect()
}

/// The bounds of `col BETWEEN low AND high`.
pub fn sql_between(file: &str, column: &str, check: &str) -> Result<(i64, i64), String> {
    let wrong =
        || format!("{file}: cannot read `{check}`; expected `{column} BETWEEN low AND high`");
    let words: Vec<&str> = check.split_whitespace().collect();
    match words[..] {
        [c, "BETWEEN", low, "AND", high] if c == column => Ok((
            low.parse().map_err(|_| wrong())?,
            high.parse().map_err(|_| wrong())?,
        )),
        _ => Err(wrong()),
    }
}

/// The strings of `export const NAME = ['a', 'b', …];` in a JavaScript module.
pub fn js_string_array(file: &str, js: &str, name: &str) -> Result<Vec<String>, String> {
    let opening = format!("export const {name} = [");
    let mut found = js.match_indices(&opening);
    let (start, _) = found
        .next()
        .ok_or_else(|| format!("{file}: no `{opening}`"))?;
    if found.next().is_some() {
        return Err(format!("{file}: `{opening}` more than once"));
    }
    let rest = &js[start + opening.len()..];
    let list = rest
        .find("];")
        .map(|end| &rest[..end])
        .ok_or_else(|| format!("{file}: {name} has no closing `];`"))?;
    let mut items: Vec<&str> = list.split(',').map(str::trim).collect();
    if items.last() == Some(&"") {
        items.pop();
    }
    items
        .into_iter()
        .map(|item| match quoted(item) {
            Some((value, "")) => Ok(value.to_string()),
            _ => Err(format!(
                "{file}: {name} holds `{item}`, which is not one quoted string"
            )),
        })
        .collect()
}

/// The entries of `const NAME = { 'key': 'value', … };` whose key starts with `prefix`, by key.
/// Entries are one a line, as in `ui/i18n.js`; a line with such a key that does not read as
/// `'key': 'value',` is an error, and so is a key given twice (JavaScript would keep the last).
pub fn js_dictionary_entries(
    file: &str,
    js: &str,
    name: &str,
    prefix: &str,
) -> Result<BTreeMap<String, String>, String> {
    let opening = format!("const {name} = {{\n");
    let start = js
        .find(&opening)
        .ok_or_else(|| format!("{file}: no `const {name} = {{` at the end of a line"))?;
    let rest = &js[start + opening.len()..];
    let body = &rest[..rest.find("\n};").ok_or_else(|| {
        format!("{file}: dictionary {name} has no closing `}};` at a line start")
    })?];
    let first_line = js[..start + opening.len()].lines().count() + 1;
    let mut entries = BTreeMap::new();
    for (offset, line) in body.lines().enumerate() {
        let Some((key, after)) = quoted(line.trim_start()) else {
            continue;
        };
        if !key.starts_with(prefix) {
            continue;
        }
        let entry = after
            .trim_start()
            .strip_prefix(':')
            .map(str::trim_start)
            .and_then(quoted)
            .filter(|(_, tail)| matches!(tail.trim(), "," | ""));
        let Some((value, _)) = entry else {
            return Err(format!(
                "{file}:{}: dictionary {name}, entry {key:?}: cannot read `{}`; expected `'key': 'value',` on one line",
                first_line + offset,
                line.trim()
            ));
        };
        if entries.insert(key.to_string(), value.to_string()).is_some() {
            return Err(format!(
                "{file}:{}: dictionary {name} gives {key:?} a second time",
                first_line + offset
            ));
        }
    }
    Ok(entries)
}

/// A line of JavaScript without its `//` comment (a `//` inside a string is kept).
fn js_code(line: &str) -> &str {
    let mut quote = None;
    let mut escaped = false;
    let mut previous = ' ';
    for (i, c) in line.char_indices() {
        match (quote, c) {
            _ if escaped => escaped = false,
            (Some(_), '\\') => escaped = true,
            (Some(q), _) if c == q => quote = None,
            (None, '\'' | '"' | '`') => quote = Some(c),
            (None, '/') if previous == '/' => return &line[..i - 1],
            _ => {}
        }
        previous = c;
    }
    line
}

/// Every `invoke(` in the code of a JavaScript file (not its `//` comments), by line: `Ok(name)`
/// for `invoke('name'`, `Err(text)` with the call's text for anything else.
pub fn js_invocations(js: &str) -> Vec<(usize, Result<String, String>)> {
    let mut calls = Vec::new();
    for (number, line) in js.lines().enumerate() {
        let line = js_code(line);
        for (at, _) in line.match_indices("invoke(") {
            let argument = &line[at + "invoke(".len()..];
            let call = match quoted(argument) {
                Some((name, _)) => Ok(name.to_string()),
                None => Err(line[at..].trim_end().to_string()),
            };
            calls.push((number + 1, call));
        }
    }
    calls
}

/// What makes `found` differ from `expected`: values missing, values not expected, values given
/// twice, and (when `ordered`) a different order. `None` when they are the same.
pub fn difference(found: &[String], expected: &[String], ordered: bool) -> Option<String> {
    let mut problems = Vec::new();
    let missing: Vec<&String> = expected.iter().filter(|v| !found.contains(v)).collect();
    if !missing.is_empty() {
        problems.push(format!("lacks {missing:?}"));
    }
    let extra: Vec<&String> = found.iter().filter(|v| !expected.contains(v)).collect();
    if !extra.is_empty() {
        problems.push(format!("has {extra:?}, which the Rust list does not"));
    }
    let twice: Vec<&String> = found
        .iter()
        .enumerate()
        .filter(|(i, v)| found[..*i].contains(v))
        .map(|(_, v)| v)
        .collect();
    if !twice.is_empty() {
        problems.push(format!("gives {twice:?} more than once"));
    }
    if problems.is_empty() && ordered && found != expected {
        problems.push(format!("is in the order {found:?}; expected {expected:?}"));
    }
    (!problems.is_empty()).then(|| problems.join("; "))
}
