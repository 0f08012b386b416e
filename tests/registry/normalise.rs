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
