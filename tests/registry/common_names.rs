//! Countries by the names people write, and "did you mean" when a value is still unknown.

use luban_registry::{Entity, Lang};

use crate::support::{data, fresh, import, known, rejected};

const HEADER: &str =
    "code,name_en,country,host_institution,chinese_institution,opened_year,status\n";

/// Workshops whose countries are written as `countries`, one a row (codes W1, W2, …).
fn workshops_in(countries: &[&str]) -> String {
    let rows: String = countries
        .iter()
        .enumerate()
        .map(|(i, c)| format!("W{i},Workshop {i},{c},Host,Tianjin,2020,active\n"))
        .collect();
    format!("{HEADER}{rows}")
}

#[test]
fn every_common_name_in_the_alias_file_reads_as_its_country() {
    let file = std::fs::read_to_string(data("../../crates/registry/data/country_aliases.csv"))
        .unwrap_or_default();
    let aliases: Vec<(&str, &str)> = file
        .lines()
        .skip(1)
        .filter_map(|l| {
            let mut cells = l.split(',');
            Some((cells.next()?, cells.next()?))
        })
        .collect();
    assert!(aliases.len() > 100, "the alias file is read");
    let names: Vec<&str> = aliases.iter().map(|(alias, _)| *alias).collect();
    let mut f = fresh();
    import(&mut f.registry, Entity::Workshops, &workshops_in(&names));
    for (i, (alias, iso2)) in aliases.iter().enumerate() {
        let stored = f
            .registry
            .workshop(&format!("W{i}"))
            .map(|w| w.workshop.country);
        assert_eq!(stored.ok().as_deref(), Some(*iso2), "{alias}");
    }
}

#[test]
fn the_names_offices_write_most_read_as_their_countries() {
    let written = [
        "Turkey",
        "UK",
        "USA",
        "阿联酋",
        "刚果金",
        "刚果（布）",
        "俄罗斯联邦",
        "南韩",
        "朝鲜",
    ];
    let mut f = fresh();
    import(&mut f.registry, Entity::Workshops, &workshops_in(&written));
    let stored: Vec<String> = (0..written.len())
        .filter_map(|i| f.registry.workshop(&format!("W{i}")).ok())
        .map(|w| w.workshop.country)
        .collect();
    assert_eq!(
        stored,
        ["TR", "GB", "US", "AE", "CD", "CG", "RU", "KR", "KP"]
    );
}

#[test]
fn an_unknown_country_suggests_the_closest_names_in_both_languages() {
    let mut f = fresh();
    let problems = rejected(
        &mut f.registry,
        Entity::Workshops,
        &workshops_in(&["土耳奇"]),
    );
    assert_eq!(problems.len(), 1);
    let en = problems[0].message(Lang::En);
    let zh = problems[0].message(Lang::Zh);
    assert!(en.ends_with("; did you mean 土耳其 (TR)?"), "{en}");
    assert!(zh.ends_with("；是否应为“土耳其 (TR)”？"), "{zh}");
    assert_eq!(problems[0].kind.code(), "unknown_reference");
}

#[test]
fn a_country_misspelt_in_english_suggests_its_english_name() {
    let mut f = fresh();
    let problems = rejected(
        &mut f.registry,
        Entity::Workshops,
        &workshops_in(&["Tailand"]),
    );
    let en = problems[0].message(Lang::En);
    assert!(en.ends_with("did you mean Thailand (TH)?"), "{en}");
}

#[test]
fn an_unknown_status_suggests_the_closest_value() {
    let mut f = fresh();
    let csv = format!("{HEADER}W1,One,TH,Host,Tianjin,2020,activ\n");
    let problems = rejected(&mut f.registry, Entity::Workshops, &csv);
    let en = problems[0].message(Lang::En);
    assert!(en.ends_with("; did you mean active (运营中)?"), "{en}");
    assert_eq!(problems[0].kind.code(), "not_in_vocabulary");
}

#[test]
fn an_unknown_level_suggests_the_closest_value() {
    let mut f = known();
    let csv = "workshop,year,major,level,students\nTH-AYU,2023,,本科生,5\n";
    let problems = rejected(&mut f.registry, Entity::Enrolments, csv);
    let zh = problems[0].message(Lang::Zh);
    assert!(zh.ends_with("；是否应为“bachelor (本科)”？"), "{zh}");
}

#[test]
fn an_unknown_kind_of_training_suggests_the_closest_value() {
    let mut f = known();
    let csv = "workshop,year,kind,trainees\nTH-AYU,2023,teachers,5\n";
    let problems = rejected(&mut f.registry, Entity::Trainings, csv);
    let en = problems[0].message(Lang::En);
    assert!(en.ends_with("; did you mean teacher (师资培训)?"), "{en}");
}

#[test]
fn a_value_close_to_nothing_known_suggests_nothing() {
    let mut f = fresh();
    let problems = rejected(
        &mut f.registry,
        Entity::Workshops,
        &workshops_in(&["Atlantis"]),
    );
    let en = problems[0].message(Lang::En);
    assert!(!en.contains("did you mean"), "{en}");
}

#[test]
fn cldr_chinese_variant_and_traditional_names_read_as_their_countries() {
    let written = [
        "泰國",
        "英國",
        "象牙海岸",
        "捷克共和国",
        "剛果民主共和國",
        "台灣",
        "澳門",
    ];
    let mut f = fresh();
    import(&mut f.registry, Entity::Workshops, &workshops_in(&written));
    let stored: Vec<String> = (0..written.len())
        .map(|i| {
            f.registry
                .workshop(&format!("W{i}"))
                .unwrap()
                .workshop
                .country
        })
        .collect();
    assert_eq!(stored, ["TH", "GB", "CI", "CZ", "CD", "TW", "MO"]);
}
