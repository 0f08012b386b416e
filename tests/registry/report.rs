//! Headline figures and the selections that filter them.

use luban_registry::report::{
    headline_sentence, Headline, Lang, NumberStyle, Selection, TraineesByKind, WorkshopsByStatus,
};
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
            trainees: 200 + 1000 + 15 + 69,
            workshops_by_status: WorkshopsByStatus {
                planned: 1,
                active: 3,
                suspended: 1,
                closed: 0
            },
            trainees_by_kind: TraineesByKind {
                skills: 200 + 1000,
                teacher: 15 + 69,
                other: 0
            },
            // Kazakhstan's only workshop is planned.
            opened_countries: 4,
            regions_of_china: 0,
            opened_regions_of_china: 0,
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
fn a_mixed_selection_counts_only_opened_workshops_as_established_and_names_the_planned() {
    // SCO: Pakistan (active) and Kazakhstan (planned).
    let f = known();
    let sco = Selection {
        groups: vec!["SCO".into()],
        ..Selection::default()
    };
    let h = f.registry.headline(&sco).unwrap();
    assert_eq!(
        headline_sentence(&h, &sco, Lang::En, NumberStyle::Grouped),
        "1 Luban Workshop established in 1 SCO member state, covering 1 major across 1 category; 50 students have received degree education and 1,015 people have been trained (including 15 in teacher training). 1 more is planned."
    );
    assert_eq!(
        headline_sentence(&h, &sco, Lang::Zh, NumberStyle::Plain),
        "在1个上合组织成员国建成1个鲁班工坊，开设1个专业，涵盖1个专业大类；累计学历教育50人，培训1015人（其中师资培训15人）。另有1个筹建中。"
    );
}

#[test]
fn a_selection_of_planned_workshops_only_never_says_established() {
    let f = known();
    let planned = Selection {
        statuses: vec![Status::Planned],
        ..Selection::default()
    };
    let h = f.registry.headline(&planned).unwrap();
    let en = headline_sentence(&h, &planned, Lang::En, NumberStyle::Grouped);
    let zh = headline_sentence(&h, &planned, Lang::Zh, NumberStyle::Plain);
    assert_eq!(
        en,
        "1 Luban Workshop planned in 1 country (none opened yet), to cover 0 majors across 0 categories; 0 students have received degree education and 0 people have been trained."
    );
    assert_eq!(
        zh,
        "在1个国家筹建1个鲁班工坊（尚未建成），拟开设0个专业，涵盖0个专业大类；累计学历教育0人，培训0人。"
    );
    assert!(!en.contains("established") && !zh.contains("建成1"));
}

#[test]
fn the_sentence_calls_the_total_training_and_never_teacher_training_skills_training() {
    let f = known();
    let all = Selection::default();
    let h = f.registry.headline(&all).unwrap();
    let zh = headline_sentence(&h, &all, Lang::Zh, NumberStyle::Plain);
    assert!(zh.contains("培训1284人（其中师资培训84人）"), "{zh}");
    assert!(!zh.contains("技能培训"), "{zh}");
    let en = headline_sentence(&h, &all, Lang::En, NumberStyle::Grouped);
    assert!(
        en.contains("1,284 people have been trained (including 84 in teacher training)"),
        "{en}"
    );
}

#[test]
fn a_selection_with_a_region_of_china_counts_countries_and_regions() {
    let mut f = known();
    crate::support::import(
        &mut f.registry,
        luban_registry::Entity::Workshops,
        "code,name_en,country,host_institution,chinese_institution,opened_year,status\n\
         HK-1,Hong Kong workshop,HK,Host HK,Inst HK,2020,active\n",
    );
    let s = Selection {
        countries: vec!["HK".into(), "TH".into()],
        ..Selection::default()
    };
    let h = f.registry.headline(&s).unwrap();
    assert!(headline_sentence(&h, &s, Lang::En, NumberStyle::Grouped)
        .starts_with("2 Luban Workshops established in 2 countries and regions,"));
    assert!(headline_sentence(&h, &s, Lang::Zh, NumberStyle::Plain)
        .starts_with("在2个国家和地区建成2个鲁班工坊，"));
    let only_hk = Selection {
        countries: vec!["HK".into()],
        ..Selection::default()
    };
    let h = f.registry.headline(&only_hk).unwrap();
    assert!(
        headline_sentence(&h, &only_hk, Lang::Zh, NumberStyle::Plain)
            .starts_with("在1个地区建成1个鲁班工坊，")
    );
}

#[test]
fn selection_options_name_the_groups_in_both_languages() {
    let f = known();
    let options = f.registry.selection_options().unwrap();
    let named = |tag: &str| {
        let g = options
            .group_names
            .iter()
            .find(|g| g.code == tag)
            .unwrap_or_else(|| panic!("{tag} is offered"));
        (g.name_en.clone(), g.name_zh.clone())
    };
    assert_eq!(named("SCO"), ("SCO".into(), "上合组织".into()));
    assert_eq!(
        named("SCO-partner"),
        ("SCO partners".into(), "上合组织伙伴".into())
    );
    assert_eq!(named("BRICS"), ("BRICS".into(), "金砖国家".into()));
    assert_eq!(named("ASEAN"), ("ASEAN".into(), "东盟".into()));
    assert_eq!(named("AU"), ("AU".into(), "非盟".into()));
}
