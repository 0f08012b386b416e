//! Problems are placed on the physical lines of the file, whatever ends its lines.

use luban_registry::{Entity, ImportOptions, Source};

use crate::support::{data, fresh};

/// The (line, column) of every problem of importing the committed fixture `name` as workshops.
fn problem_lines(name: &str) -> Vec<(u64, Option<String>)> {
    let mut f = fresh();
    let path = data(name);
    let source = Source::File {
        path: &path,
        entity: Some(Entity::Workshops),
    };
    match f.registry.import(source, ImportOptions::default()) {
        Err(luban_registry::Error::Rejected(problems)) => {
            problems.into_iter().map(|p| (p.line, p.column)).collect()
        }
        other => panic!("expected rejection, got {other:?}"),
    }
}

/// Where the fixtures' two bad values are: see `tests/data/excel/make_fixtures.py`.
fn expected() -> Vec<(u64, Option<String>)> {
    vec![
        (6, Some("country".to_string())),
        (7, Some("opened_year".to_string())),
    ]
}

#[test]
fn problems_of_a_crlf_file_are_on_their_physical_lines() {
    assert_eq!(problem_lines("excel/workshops-crlf.csv"), expected());
}

#[test]
fn problems_of_a_cr_only_file_are_on_their_physical_lines() {
    assert_eq!(problem_lines("excel/workshops-cr.csv"), expected());
}

#[test]
fn problems_of_an_lf_file_are_on_their_physical_lines() {
    let text = std::fs::read_to_string(data("excel/workshops-crlf.csv"))
        .map(|t| t.replace("\r\n", "\n"))
        .unwrap_or_default();
    let mut f = fresh();
    let source = Source::Bytes {
        entity: Entity::Workshops,
        name: "workshops.csv",
        bytes: text.as_bytes(),
    };
    let problems = match f.registry.import(source, ImportOptions::default()) {
        Err(luban_registry::Error::Rejected(problems)) => problems,
        other => panic!("expected rejection, got {other:?}"),
    };
    let lines: Vec<_> = problems.into_iter().map(|p| (p.line, p.column)).collect();
    assert_eq!(lines, expected());
}
