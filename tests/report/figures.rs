//! The headline and breakdown figures for every kind of selection, and the sentence that states them.

use luban_registry::report::{headline_sentence, Headline, Lang, NumberStyle, Selection};
use luban_registry::Status;

use crate::support::registry;

/// (workshops, countries, majors, categories, students, trainees)
fn figures(selection: Selection) -> (i64, i64, i64, i64, i64, i64) {
    let f = registry();
    let h: Headline = f.registry.headline(&selection).unwrap();
    (
        h.workshops,
        h.countries,
        h.majors,
        h.major_categories,
        h.degree_students,
        h.trainees,
    )
}

#[test]
fn an_empty_selection_counts_every_workshop_and_every_year() {
    assert_eq!(figures(Selection::default()), (4, 4, 3, 3, 420, 1082));
}

#[test]
fn a_group_selects_workshops_whose_country_has_the_tag_in_any_case() {
    let s = Selection {
        groups: vec!["sco-PARTNER".into()],
        ..Selection::default()
    };
    assert_eq!(figures(s), (2, 2, 2, 2, 270, 47));
}

#[test]
fn sco_means_the_member_states_and_leaves_the_partners_out() {
    // Cambodia and Egypt are SCO partners, not member states.
    let s = Selection {
        groups: vec!["SCO".into()],
        ..Selection::default()
    };
    assert_eq!(figures(s), (0, 0, 0, 0, 0, 0));
}

#[test]
fn a_selection_of_sco_members_and_partners_names_both_in_both_languages() {
    let f = registry();
    let s = Selection {
        groups: vec!["SCO".into(), "SCO-partner".into()],
        ..Selection::default()
    };
    let r = f.registry.report(&s).unwrap();
    assert!(r
        .sentence
        .en
        .starts_with("1 Luban Workshop established in 1 SCO member state or SCO partner,"));
    assert!(r
        .sentence
        .zh
        .starts_with("在1个上合组织成员国或上合组织伙伴国建成1个鲁班工坊"));
}

#[test]
fn several_groups_mean_any_of_them() {
    let s = Selection {
        groups: vec!["AU".into(), "ASEAN".into()],
        ..Selection::default()
    };
    assert_eq!(figures(s).0, 3);
}

#[test]
fn a_region_selects_workshops_in_countries_of_that_region() {
    let s = Selection {
        regions: vec![luban_registry::Region::Africa],
        ..Selection::default()
    };
    assert_eq!(figures(s), (1, 1, 1, 1, 70, 7));
}

#[test]
fn a_country_selects_its_workshops_by_iso2_code() {
    let s = Selection {
        countries: vec!["th".into()],
        ..Selection::default()
    };
    assert_eq!(figures(s), (1, 1, 2, 2, 150, 35));
}

#[test]
fn a_status_selects_workshops_with_that_status() {
    let s = Selection {
        statuses: vec![Status::Planned],
        ..Selection::default()
    };
    assert_eq!(figures(s), (1, 1, 1, 1, 70, 7));
}

#[test]
fn an_institution_selects_every_workshop_it_takes_part_in_ignoring_letter_case() {
    let s = Selection {
        institutions: vec!["inst a".into()],
        ..Selection::default()
    };
    assert_eq!(figures(s), (2, 2, 2, 2, 350, 75));
}

#[test]
fn an_institution_name_must_match_whole_not_as_a_prefix() {
    let s = Selection {
        institutions: vec!["Inst".into()],
        ..Selection::default()
    };
    assert_eq!(figures(s).0, 0);
}

#[test]
fn a_category_selects_workshops_teaching_a_major_in_it() {
    let s = Selection {
        categories: vec![51],
        ..Selection::default()
    };
    assert_eq!(figures(s), (2, 2, 2, 2, 350, 75));
}

#[test]
fn a_year_range_restricts_the_sums_but_not_the_workshops() {
    let s = Selection {
        from: Some(2021),
        to: Some(2021),
        ..Selection::default()
    };
    assert_eq!(figures(s), (4, 4, 3, 3, 250, 40));
}

#[test]
fn different_kinds_of_filter_must_all_hold() {
    let s = Selection {
        groups: vec!["SCO-partner".into()],
        institutions: vec!["Inst B".into()],
        statuses: vec![Status::Active],
        from: Some(2021),
        ..Selection::default()
    };
    assert_eq!(figures(s), (1, 1, 1, 1, 200, 40));
}

#[test]
fn the_country_breakdown_gives_both_names_and_adds_up_to_the_headline() {
    let f = registry();
    let r = f.registry.report(&Selection::default()).unwrap();
    let th = r.by_country.iter().find(|c| c.iso2 == "TH").unwrap();
    assert_eq!(
        (th.name_en.as_str(), th.name_zh.as_str()),
        ("Thailand", "泰国")
    );
    assert_eq!(
        (th.workshops, th.majors, th.degree_students, th.trainees),
        (1, 2, 150, 35)
    );
    let sum =
        |f: fn(&luban_registry::report::CountryRow) -> i64| r.by_country.iter().map(f).sum::<i64>();
    assert_eq!(sum(|c| c.workshops), r.headline.workshops);
    assert_eq!(sum(|c| c.degree_students), r.headline.degree_students);
    assert_eq!(sum(|c| c.trainees), r.headline.trainees);
}

#[test]
fn the_category_breakdown_counts_students_by_their_major_and_sets_apart_those_without_one() {
    let f = registry();
    let r = f.registry.report(&Selection::default()).unwrap();
    let rows: Vec<(i64, i64, i64, i64)> = r
        .by_category
        .iter()
        .map(|c| (c.code, c.workshops, c.majors, c.degree_students))
        .collect();
    assert_eq!(rows, vec![(51, 2, 1, 200), (46, 1, 1, 100), (50, 1, 1, 70)]);
    assert_eq!(r.students_without_major, 50);
}

#[test]
fn the_year_breakdown_fills_every_year_and_accumulates() {
    let f = registry();
    let r = f.registry.report(&Selection::default()).unwrap();
    let rows: Vec<(i32, i64, i64, i64, i64)> = r
        .by_year
        .iter()
        .map(|y| {
            (
                y.year,
                y.degree_students,
                y.trainees,
                y.cumulative_students,
                y.cumulative_trainees,
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            (2019, 0, 1000, 0, 1000),
            (2020, 100, 30, 100, 1030),
            (2021, 250, 40, 350, 1070),
            (2022, 70, 12, 420, 1082),
        ]
    );
}

#[test]
fn a_workshop_with_two_institutions_counts_for_each_of_them() {
    let f = registry();
    let r = f.registry.report(&Selection::default()).unwrap();
    let rows: Vec<(&str, i64, i64, i64, i64)> = r
        .by_institution
        .iter()
        .map(|i| {
            (
                i.institution.as_str(),
                i.workshops,
                i.majors,
                i.degree_students,
                i.trainees,
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            ("Inst A", 2, 2, 350, 75),
            ("Inst B", 2, 2, 270, 47),
            ("=Inst C", 1, 0, 0, 1000)
        ]
    );
    assert!(r.by_institution.iter().map(|i| i.workshops).sum::<i64>() > r.headline.workshops);
}

#[test]
fn the_workshop_breakdown_lists_each_selected_workshop_with_its_figures() {
    let f = registry();
    let s = Selection {
        from: Some(2020),
        to: Some(2020),
        ..Selection::default()
    };
    let r = f.registry.report(&s).unwrap();
    let rows: Vec<(&str, i64, i64, i64)> = r
        .by_workshop
        .iter()
        .map(|w| {
            (
                w.workshop.code.as_str(),
                w.majors,
                w.degree_students,
                w.trainees,
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            ("W-EG", 1, 0, 0),
            ("W-GB", 0, 0, 0),
            ("W-KH", 1, 0, 0),
            ("W-TH", 2, 100, 30)
        ]
    );
    let kh = r
        .by_workshop
        .iter()
        .find(|w| w.workshop.code == "W-KH")
        .unwrap();
    assert_eq!(kh.workshop.chinese_institutions, vec!["Inst A", "Inst B"]);
}

#[test]
fn the_selection_is_described_in_english_and_chinese_with_names() {
    let f = registry();
    let s = Selection {
        groups: vec!["SCO-partner".into()],
        countries: vec!["KH".into()],
        categories: vec![51],
        from: Some(2020),
        to: Some(2024),
        ..Selection::default()
    };
    let r = f.registry.report(&s).unwrap();
    assert_eq!(
        r.scope.en,
        "group SCO-partner; country Cambodia (KH); teaching a major in category 51 Electronics and Information; years 2020–2024"
    );
    assert_eq!(
        r.scope.zh,
        "上合组织伙伴国；国家：柬埔寨 (KH)；开设专业大类：51 电子与信息大类；2020–2024年"
    );
}

#[test]
fn the_headline_sentence_reads_in_the_briefing_style_in_english() {
    let f = registry();
    let s = Selection {
        groups: vec!["SCO-partner".into()],
        ..Selection::default()
    };
    let h = f.registry.headline(&s).unwrap();
    assert_eq!(
        headline_sentence(&h, &s, Lang::En, NumberStyle::Grouped),
        "1 Luban Workshop established in 1 SCO partner, covering 2 majors across 2 categories; 270 students have received degree education and 47 people have been trained. 1 more is planned."
    );
}

#[test]
fn the_headline_sentence_reads_in_the_briefing_style_in_chinese() {
    let f = registry();
    let s = Selection {
        groups: vec!["SCO-partner".into()],
        ..Selection::default()
    };
    let h = f.registry.headline(&s).unwrap();
    assert_eq!(
        headline_sentence(&h, &s, Lang::Zh, NumberStyle::Plain),
        "在1个上合组织伙伴国建成1个鲁班工坊，开设2个专业，涵盖2个专业大类；累计学历教育270人，培训47人。另有1个筹建中。"
    );
}

#[test]
fn the_report_carries_the_sentence_in_both_languages() {
    let f = registry();
    let r = f.registry.report(&Selection::default()).unwrap();
    assert!(r
        .sentence
        .en
        .starts_with("3 Luban Workshops established in 3 countries"));
    assert!(r.sentence.en.contains("1,082 people have been trained"));
    assert!(r.sentence.zh.contains("培训1082人（其中师资培训5人）"));
}
