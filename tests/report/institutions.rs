//! One institution is one institution: names that differ only in letter case, spaces,
//! non-breaking or full-width characters are one row of the breakdown, one choice of the filter and
//! one scope of a trace, shown in the spelling most of its workshops use.

use luban_registry::report::{Figure, Measure, Scope, Selection};
use luban_registry::{Entity, ImportOptions, Source};

use crate::support::{empty, Fixture};

/// Five workshops of "Tianjin Bohai" written four ways (three of them the same), one of them
/// shared with "Other College"; students 10 + 20 + 30 + 40 + 50.
fn registry_with_spellings() -> Fixture {
    let mut f = empty();
    let workshops = "code,name_en,country,host_institution,chinese_institution,opened_year,status
W-1,One,TH,Host,Tianjin Bohai,2016,active
W-2,Two,KH,Host,tianjin bohai,2017,active
W-3,Three,EG,Host,Tianjin\u{a0}\u{a0}Bohai,2018,active
W-4,Four,GB,Host,ＴＩＡＮＪＩＮ\u{3000}ＢＯＨＡＩ,2019,active
W-5,Five,TH,Host,Other College;Tianjin Bohai,2020,active
";
    let enrolments = "workshop,year,level,students
W-1,2021,associate,10
W-2,2021,associate,20
W-3,2021,associate,30
W-4,2021,associate,40
W-5,2021,associate,50
";
    for (entity, text) in [
        (Entity::Workshops, workshops),
        (Entity::Enrolments, enrolments),
    ] {
        f.registry
            .import(
                Source::Bytes {
                    entity,
                    name: &entity.file_name(),
                    bytes: text.as_bytes(),
                },
                ImportOptions::default(),
            )
            .unwrap();
    }
    f
}

#[test]
fn names_differing_only_in_case_spaces_or_width_are_one_row_of_the_breakdown() {
    let f = registry_with_spellings();
    let r = f.registry.report(&Selection::default()).unwrap();
    let rows: Vec<(&str, i64, i64, i64)> = r
        .by_institution
        .iter()
        .map(|i| {
            (
                i.institution.as_str(),
                i.workshops,
                i.countries,
                i.degree_students,
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![("Tianjin Bohai", 5, 4, 150), ("Other College", 1, 1, 50)]
    );
}

#[test]
fn the_filter_selects_every_spelling_of_an_institution() {
    let f = registry_with_spellings();
    for asked in [
        "TIANJIN BOHAI",
        "ｔｉａｎｊｉｎ bohai",
        " tianjin\u{a0}bohai ",
    ] {
        let s = Selection {
            institutions: vec![asked.into()],
            ..Selection::default()
        };
        let h = f.registry.headline(&s).unwrap();
        assert_eq!((h.workshops, h.degree_students), (5, 150), "{asked:?}");
    }
}

#[test]
fn the_filter_still_matches_a_name_whole() {
    let f = registry_with_spellings();
    let s = Selection {
        institutions: vec!["Tianjin".into()],
        ..Selection::default()
    };
    assert_eq!(f.registry.headline(&s).unwrap().workshops, 0);
}

#[test]
fn a_trace_of_an_institution_covers_every_spelling_and_adds_up_to_its_row() {
    let f = registry_with_spellings();
    let figure = Figure {
        measure: Measure::DegreeStudents,
        scope: Scope::Institution("tianjin BOHAI".into()),
    };
    let t = f
        .registry
        .trace(&Selection::default(), &figure, None)
        .unwrap();
    assert_eq!((t.total, t.row_count), (150, 5));
}

#[test]
fn the_selection_options_offer_each_institution_once() {
    let f = registry_with_spellings();
    let options = f.registry.selection_options().unwrap();
    assert_eq!(options.institutions, vec!["Tianjin Bohai", "Other College"]);
}

#[test]
fn between_equally_common_spellings_the_one_of_the_first_workshop_by_code_is_shown() {
    let mut f = empty();
    let workshops = "code,name_en,country,host_institution,chinese_institution,opened_year,status
W-B,B,TH,Host,tianjin bohai,2016,active
W-A,A,KH,Host,TIANJIN BOHAI,2017,active
";
    f.registry
        .import(
            Source::Bytes {
                entity: Entity::Workshops,
                name: "workshops.csv",
                bytes: workshops.as_bytes(),
            },
            ImportOptions::default(),
        )
        .unwrap();
    let r = f.registry.report(&Selection::default()).unwrap();
    assert_eq!(r.by_institution.len(), 1);
    assert_eq!(r.by_institution[0].institution, "TIANJIN BOHAI");
}
