//! The sample registry imports cleanly through the importer and reports exactly what its CSV files hold.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use luban_registry::report::Selection;
use luban_registry::sample::{IfNotEmpty, SampleOutcome};

use crate::support::{empty, registry};

fn sample_file(name: &str) -> Vec<BTreeMap<String, String>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../assets/sample")
        .join(name);
    csv::Reader::from_path(&path)
        .unwrap()
        .deserialize()
        .map(|r| r.unwrap())
        .collect()
}

fn sum(rows: &[BTreeMap<String, String>], column: &str) -> i64 {
    rows.iter().map(|r| r[column].parse::<i64>().unwrap()).sum()
}

#[test]
fn the_sample_imports_cleanly_with_every_row_added() {
    let mut f = empty();
    let SampleOutcome::Loaded { files } =
        f.registry.load_sample(IfNotEmpty::Refuse, false).unwrap()
    else {
        panic!("the sample was refused on an empty registry")
    };
    for (file, name) in files.iter().zip([
        "majors.csv",
        "workshops.csv",
        "workshop_majors.csv",
        "enrolments.csv",
        "trainings.csv",
        "agreements.csv",
    ]) {
        assert_eq!(file.file, name);
        assert_eq!(file.added as usize, sample_file(name).len(), "{name}");
        assert!(file.warnings.is_empty(), "{name}: {:?}", file.warnings);
    }
    assert!(f
        .registry
        .check(luban_registry::CheckDepth::Full)
        .unwrap()
        .is_empty());
}

#[test]
fn every_sample_agreement_quotes_its_signing_date_and_its_sources_in_its_notes() {
    let agreements = sample_file("agreements.csv");
    assert!(!agreements.is_empty());
    for a in &agreements {
        let notes = &a["notes"];
        assert!(notes.contains("Sources: http"), "{}: {notes}", a["code"]);
        assert!(
            a["signed_on"].is_empty() || notes.contains(&a["signed_on"]),
            "{}: the signing date is quoted",
            a["code"]
        );
        assert!(
            a.get("ends_on").is_none_or(|e| e.is_empty()),
            "no end date is documented"
        );
    }
}

#[test]
fn the_sample_reports_the_figures_its_csv_files_hold() {
    let mut f = empty();
    f.registry.load_sample(IfNotEmpty::Refuse, false).unwrap();
    let workshops = sample_file("workshops.csv");
    let links = sample_file("workshop_majors.csv");
    let majors = sample_file("majors.csv");
    let enrolments = sample_file("enrolments.csv");
    let trainings = sample_file("trainings.csv");
    let category: BTreeMap<&str, &str> = majors
        .iter()
        .map(|m| (m["code"].as_str(), m["category"].as_str()))
        .collect();
    let linked: BTreeSet<&str> = links.iter().map(|l| l["major"].as_str()).collect();

    let r = f.registry.report(&Selection::default()).unwrap();
    let h = r.headline;
    assert_eq!(h.workshops as usize, workshops.len());
    assert_eq!(
        h.countries as usize,
        workshops
            .iter()
            .map(|w| &w["country"])
            .collect::<BTreeSet<_>>()
            .len()
    );
    assert_eq!(h.majors as usize, linked.len());
    assert_eq!(
        h.major_categories as usize,
        linked
            .iter()
            .map(|m| category[m])
            .collect::<BTreeSet<_>>()
            .len()
    );
    assert_eq!(h.degree_students, sum(&enrolments, "students"));
    assert_eq!(h.trainees, sum(&trainings, "trainees"));

    // And per country: each country's sums are those of its workshops' rows.
    let country_of: BTreeMap<&str, &str> = workshops
        .iter()
        .map(|w| (w["code"].as_str(), w["country"].as_str()))
        .collect();
    for c in &r.by_country {
        let students: i64 = enrolments
            .iter()
            .filter(|e| country_of[e["workshop"].as_str()] == c.iso2)
            .map(|e| e["students"].parse::<i64>().unwrap())
            .sum();
        let trainees: i64 = trainings
            .iter()
            .filter(|t| country_of[t["workshop"].as_str()] == c.iso2)
            .map(|t| t["trainees"].parse::<i64>().unwrap())
            .sum();
        assert_eq!(
            (c.iso2.as_str(), c.degree_students, c.trainees),
            (c.iso2.as_str(), students, trainees)
        );
    }
}

#[test]
fn every_sample_workshop_names_its_sources_in_its_notes() {
    for w in sample_file("workshops.csv") {
        assert!(
            w["notes"].contains("Sources: http"),
            "{} has no sources",
            w["code"]
        );
    }
}

#[test]
fn every_sample_figure_is_explained_in_its_workshops_notes() {
    let workshops = sample_file("workshops.csv");
    let notes: BTreeMap<&str, &str> = workshops
        .iter()
        .map(|w| (w["code"].as_str(), w["notes"].as_str()))
        .collect();
    for (file, column) in [
        ("enrolments.csv", "students"),
        ("trainings.csv", "trainees"),
    ] {
        for row in sample_file(file) {
            let n: i64 = row[column].parse().unwrap();
            let grouped = luban_registry::report::NumberStyle::Grouped.format(n);
            let note = notes[row["workshop"].as_str()];
            assert!(
                note.contains(&format!(" {grouped} "))
                    || note.contains(&format!("\"{grouped}"))
                    || note.contains(&format!(" {n} ")),
                "{}: {n} is not explained in the notes",
                row["workshop"]
            );
        }
    }
}

#[test]
fn the_sample_is_refused_on_a_registry_that_already_has_workshops() {
    let mut f = registry();
    let before = f.registry.report(&Selection::default()).unwrap();
    let outcome = f.registry.load_sample(IfNotEmpty::Refuse, false).unwrap();
    assert_eq!(outcome, SampleOutcome::Refused { workshops: 4 });
    assert_eq!(f.registry.report(&Selection::default()).unwrap(), before);
}

#[test]
fn replacing_with_the_sample_leaves_only_the_sample() {
    let mut f = registry();
    f.registry.load_sample(IfNotEmpty::Replace, true).unwrap();
    let h = f.registry.headline(&Selection::default()).unwrap();
    assert_eq!(h.workshops as usize, sample_file("workshops.csv").len());
    assert_eq!(h.trainees, sum(&sample_file("trainings.csv"), "trainees"));
}

#[test]
fn what_replacing_with_the_sample_deletes_is_counted_before_asking() {
    let f = registry();
    let replaced = f.registry.sample_replaces().unwrap();
    assert_eq!(replaced.workshops, 4);
    let h = f.registry.headline(&Selection::default()).unwrap();
    assert!(
        replaced.majors >= h.majors,
        "every major goes, linked or not"
    );
    assert_eq!(empty().registry.sample_replaces().unwrap().workshops, 0);
}

#[test]
fn the_samples_chinese_institutions_carry_their_chinese_names_so_a_chinese_search_finds_them() {
    let mut f = empty();
    f.registry.load_sample(IfNotEmpty::Refuse, false).unwrap();
    let search = |words: &str| -> BTreeSet<String> {
        let query = luban_registry::WorkshopQuery {
            search: words.into(),
            ..Default::default()
        };
        f.registry
            .workshops(&query)
            .unwrap()
            .into_iter()
            .map(|w| w.workshop.code)
            .collect()
    };
    // The four names the facts file gives in Chinese, with the workshops they built.
    for (name, workshops) in [
        ("天津职业技术师范大学", 2),
        ("天津电子信息职业技术学院", 1),
        ("天津海运职业学院", 1),
        ("天津渤海职业技术学院", 2),
    ] {
        assert_eq!(search(name).len(), workshops, "{name}");
    }
    assert!(search("天津").contains("UZ-TASHKENT"));
    assert!(search("天津").contains("TH-AYUTTHAYA"));
    // Written as "English (中文)", one institution of the list.
    let ta = f.registry.workshop("UZ-TASHKENT").unwrap();
    assert_eq!(
        ta.workshop.chinese_institutions,
        ["Tianjin Maritime College (天津海运职业学院)"]
    );
}
