//! Headline figures and the selections that filter them.

use luban_registry::report::{headline_sentence, Headline, Lang, NumberStyle, Selection};
use luban_registry::{Region, Status};

use crate::support::known;

fn headline(selection: Selection) -> Headline {
    known().registry.headline(&selection).unwrap()
}

#[test]
fn headline_of_everything_counts_every_workshop_major_and_figure() {
    assert_eq!(
        headline(Selection::default()),
        Headline {
            workshops: 5,
            countries: 5,
            majors: 3,
            major_categories: 3,
            degree_students: 100 + 120 + 30 + 50 + 148 + 75,
            trainees: 200 + 1000 + 15 + 69
        }
    );
}

#[test]
fn a_group_selects_workshops_by_their_country() {
    // SCO: Pakistan and Kazakhstan (Thailand, Djibouti and the UK are not in the SCO).
    let h = headline(Selection {
        groups: vec!["sco".into()],
        ..Selection::default()
    });
    assert_eq!(
        (
            h.workshops,
            h.countries,
            h.majors,
            h.degree_students,
            h.trainees
        ),
        (2, 2, 1, 50, 1015)
    );
}

#[test]
fn several_groups_select_any_of_them() {
    let h = headline(Selection {
        groups: vec!["SCO".into(), "AU".into()],
        ..Selection::default()
    });
    assert_eq!(h.workshops, 3);
}

#[test]
fn a_region_selects_workshops_by_their_country() {
    let h = headline(Selection {
        regions: vec![Region::Africa],
        ..Selection::default()
    });
    assert_eq!(
        (h.workshops, h.majors, h.major_categories, h.degree_students),
        (1, 1, 1, 148)
    );
}

#[test]
fn a_status_selects_workshops_and_without_it_every_status_counts() {
    assert_eq!(
        headline(Selection {
            statuses: vec![Status::Active],
            ..Selection::default()
        })
        .workshops,
        3
    );
    assert_eq!(
        headline(Selection {
            statuses: vec![Status::Planned, Status::Suspended],
            ..Selection::default()
        })
        .workshops,
        2
    );
}

#[test]
fn years_restrict_only_the_enrolment_and_training_sums() {
    let h = headline(Selection {
        from: Some(2021),
        to: Some(2021),
        ..Selection::default()
    });
    assert_eq!(
        (h.workshops, h.majors, h.degree_students, h.trainees),
        (5, 3, 150, 200)
    );
}

#[test]
fn headline_sentence_reads_as_a_briefing_in_both_languages() {
    let f = known();
    let sco = Selection {
        groups: vec!["SCO".into()],
        ..Selection::default()
    };
    let h = f.registry.headline(&sco).unwrap();
    assert_eq!(
        headline_sentence(&h, &sco, Lang::En, NumberStyle::Grouped),
        "2 Luban Workshops in 2 SCO countries, covering 1 major across 1 category; 50 students have received degree education and 1,015 people have been trained."
    );
    assert_eq!(
        headline_sentence(&h, &sco, Lang::Zh, NumberStyle::Plain),
        "在2个上合组织国家建成2个鲁班工坊，开设1个专业，涵盖1个专业大类；累计学历教育50人，技能培训1015人。"
    );
}
