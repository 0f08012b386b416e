//! Free text normalised once: one institution is one institution however its spaces were typed,
//! and codes and names typed with full-width forms are what they show.

use luban_registry::report::Selection;
use luban_registry::Entity;

use crate::support::{fresh, import};

const HEADER: &str =
    "code,name_en,country,host_institution,chinese_institution,opened_year,status\n";

#[test]
fn an_institution_typed_with_odd_spaces_or_invisible_characters_is_one_institution() {
    let mut f = fresh();
    let csv = format!(
        "{HEADER}A1,One,TH,Host,Tianjin\u{a0}\u{a0}Bohai,2020,active\n\
         A2,Two,TH,Host, Tianjin  Bohai\u{200b},2020,active\n\
         A3,Three,TH,Host,Tianjin\u{3000}Bohai;Tianjin Bohai,2020,active\n"
    );
    import(&mut f.registry, Entity::Workshops, &csv);
    let report = f.registry.report(&Selection::default()).ok();
    let rows: Vec<(String, i64)> = report
        .iter()
        .flat_map(|r| &r.by_institution)
        .map(|r| (r.institution.clone(), r.workshops))
        .collect();
    assert_eq!(rows, [("Tianjin Bohai".to_string(), 3)]);
}

#[test]
fn a_code_typed_in_full_width_is_stored_as_the_code_it_shows() {
    let mut f = fresh();
    import(
        &mut f.registry,
        Entity::Workshops,
        &format!("{HEADER}ＴＨ－ＡＹＵ,One,TH,Host,Tianjin,2020,active\n"),
    );
    assert!(f.registry.workshop("TH-AYU").is_ok());
}

#[test]
fn a_name_differing_only_in_full_width_brackets_finds_its_record() {
    let mut f = fresh();
    import(
        &mut f.registry,
        Entity::Workshops,
        &format!("{HEADER}A1,One,刚果(金),Host,Tianjin,2020,active\n"),
    );
    let country = f.registry.workshop("A1").map(|d| d.workshop.country);
    assert_eq!(country.ok().as_deref(), Some("CD"));
}

/// Whether `text` holds a control character (ESC, BEL, a line break) as it is, unescaped.
fn has_raw_control(text: &str) -> bool {
    text.chars().any(char::is_control)
}

#[test]
fn control_characters_in_a_refused_row_are_shown_escaped_in_both_languages() {
    let mut f = fresh();
    let problems = crate::support::rejected(
        &mut f.registry,
        Entity::Workshops,
        &format!(
            "{HEADER}A1,One,\u{1b}[31mTH,Host,Tianjin,20\u{7}20,active\u{1b}[0m\n\
             A\u{1b}[2J,Two,TH,Host,Tianjin,2020,active\n"
        ),
    );
    assert!(
        problems.len() >= 3,
        "every bad value is a problem: {problems:?}"
    );
    for p in &problems {
        for lang in [luban_registry::Lang::En, luban_registry::Lang::Zh] {
            let shown = p.display(lang);
            assert!(!has_raw_control(&shown), "{lang:?}: {shown:?}");
        }
    }
    let zh: Vec<String> = problems
        .iter()
        .map(|p| p.message(luban_registry::Lang::Zh))
        .collect();
    assert!(
        zh.iter().any(|m| m.contains("“\\u{1b}[31mTH”")),
        "the value is shown with its ESC escaped, as in English: {zh:?}"
    );
}
