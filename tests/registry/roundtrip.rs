//! Exporting everything and importing it into an empty registry gives back an identical registry.

use luban_registry::{Entity, ExportOptions, ImportOptions, Registry, Source, Target};
use proptest::prelude::*;

use crate::support::{dump, fresh, import, known, partnership};

fn round_trip(source: &Registry, options: ExportOptions) -> Registry {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    source.export(Target::Folder(&out), options, None).unwrap();
    let target_dir = tempfile::tempdir().unwrap();
    let mut target = Registry::open(&target_dir.path().join("copy.sqlite3")).unwrap();
    target
        .import(Source::Folder(&out), ImportOptions::default())
        .unwrap();
    // Keep the folder alive with the registry: leak it for the test's duration.
    std::mem::forget(target_dir);
    target
}

#[test]
fn export_all_then_import_all_gives_an_identical_registry() {
    let f = known();
    let copy = round_trip(&f.registry, ExportOptions::default());
    assert_eq!(dump(&copy), dump(&f.registry));
}

#[test]
fn round_trip_with_chinese_headers_and_no_bom_gives_an_identical_registry() {
    let f = known();
    let copy = round_trip(
        &f.registry,
        ExportOptions {
            bom: false,
            chinese_headers: true,
        },
    );
    assert_eq!(dump(&copy), dump(&f.registry));
}

#[test]
fn agreements_and_contacts_round_trip_with_renewals_exported_before_their_renewals() {
    let f = partnership();
    for options in [
        ExportOptions::default(),
        ExportOptions {
            bom: false,
            chinese_headers: true,
        },
    ] {
        let copy = round_trip(&f.registry, options);
        assert_eq!(dump(&copy), dump(&f.registry));
    }
}

/// Text a user might type: formulas, quotes, delimiters, line breaks, Chinese, inner spaces.
fn tricky_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("=".to_string()),
        Just("+".to_string()),
        Just("-".to_string()),
        Just("@".to_string()),
        Just("'".to_string()),
        Just("\"".to_string()),
        Just(",".to_string()),
        Just(";".to_string()),
        Just("\t".to_string()),
        Just("\n".to_string()),
        Just(" ".to_string()),
        Just("鲁班工坊".to_string()),
        "[A-Za-z0-9]{1,6}",
    ];
    proptest::collection::vec(piece, 1..6)
        .prop_map(|parts| parts.concat())
        .prop_map(|s| s.trim_matches([' ', '\u{a0}', '\u{3000}']).to_string())
        .prop_filter("not blank", |s| !s.is_empty() && !s.contains(';'))
}

#[derive(Debug, Clone)]
struct GenWorkshop {
    name: String,
    notes: Option<String>,
    city: Option<String>,
    country: &'static str,
    year: i32,
    students: Vec<(i32, usize, Option<usize>, u32)>,
    agreements: Vec<GenAgreement>,
    contacts: Vec<(String, bool, Option<String>)>,
}

/// An agreement of a generated workshop; `renews_previous` makes it renew the one before it, so
/// chains of renewals (whose codes sort in any order) go through the round trip.
#[derive(Debug, Clone)]
struct GenAgreement {
    kind: usize,
    status: usize,
    title: String,
    parties: Vec<String>,
    dates: Option<(u32, Option<u32>)>,
    auto_renew: Option<bool>,
    notice_days: Option<u16>,
    renews_previous: bool,
    code_suffix: u16,
}

fn agreement() -> impl Strategy<Value = GenAgreement> {
    (
        (0..4usize, 0..4usize, tricky_text()),
        proptest::collection::vec(tricky_text(), 0..3),
        proptest::option::of((0..9000u32, proptest::option::of(0..4000u32))),
        proptest::option::of(any::<bool>()),
        proptest::option::of(0..=3650u16),
        any::<bool>(),
        any::<u16>(),
    )
        .prop_map(
            |(
                (kind, status, title),
                parties,
                dates,
                auto_renew,
                notice_days,
                renews_previous,
                code_suffix,
            )| {
                GenAgreement {
                    kind,
                    status,
                    title,
                    parties,
                    dates,
                    auto_renew,
                    notice_days,
                    renews_previous,
                    code_suffix,
                }
            },
        )
}

fn workshop() -> impl Strategy<Value = GenWorkshop> {
    (
        tricky_text(),
        proptest::option::of(tricky_text()),
        proptest::option::of(tricky_text()),
        prop::sample::select(vec!["TH", "PK", "KZ", "DJ", "GB", "CI"]),
        2000..2026i32,
        proptest::collection::vec(
            (
                2000..2026i32,
                0..4usize,
                proptest::option::of(0..3usize),
                0..100_000u32,
            ),
            0..6,
        ),
        proptest::collection::vec(agreement(), 0..4),
        proptest::collection::vec(
            (
                tricky_text(),
                any::<bool>(),
                proptest::option::of("[a-z0-9._-]{1,8}@[a-z0-9-]{1,8}\\.[a-z]{2,4}"),
            ),
            0..3,
        ),
    )
        .prop_map(
            |(name, notes, city, country, year, students, agreements, contacts)| GenWorkshop {
                name,
                notes,
                city,
                country,
                year,
                students,
                agreements,
                contacts,
            },
        )
}

fn build(workshops: &[GenWorkshop]) -> crate::support::Fixture {
    let mut f = fresh();
    import(&mut f.registry, Entity::Majors, crate::support::MAJORS);
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "code",
        "name_en",
        "country",
        "city",
        "host_institution",
        "chinese_institution",
        "opened_year",
        "status",
        "notes",
    ])
    .unwrap();
    let mut links = csv::Writer::from_writer(Vec::new());
    links.write_record(["workshop", "major"]).unwrap();
    let mut e = csv::Writer::from_writer(Vec::new());
    e.write_record(["workshop", "year", "major", "level", "students"])
        .unwrap();
    let mut a = csv::Writer::from_writer(Vec::new());
    a.write_record([
        "code",
        "workshop",
        "type",
        "title",
        "parties",
        "starts_on",
        "ends_on",
        "auto_renew",
        "notice_days",
        "status",
        "renews",
    ])
    .unwrap();
    let mut c = csv::Writer::from_writer(Vec::new());
    c.write_record(["workshop", "name", "side", "email"])
        .unwrap();
    let kinds = ["mou", "framework", "implementation", "other"];
    let statuses = ["draft", "negotiating", "signed", "terminated"];
    let start = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
    let majors = ["460301", "510201", "540101"];
    let levels = ["secondary", "associate", "bachelor", "other"];
    for (i, g) in workshops.iter().enumerate() {
        let code = format!("W-{i}");
        let guarded = |s: &str| luban_registry::csv_io::guard::guard(s).into_owned();
        w.write_record([
            code.clone(),
            guarded(&g.name),
            g.country.to_string(),
            g.city.as_deref().map(guarded).unwrap_or_default(),
            guarded(&g.name),
            "Tianjin".into(),
            g.year.to_string(),
            "active".into(),
            g.notes.as_deref().map(guarded).unwrap_or_default(),
        ])
        .unwrap();
        for m in majors {
            links.write_record([code.as_str(), m]).unwrap();
        }
        let mut previous: Option<String> = None;
        for (j, g) in g.agreements.iter().enumerate() {
            // The suffix makes codes sort in any order against the chain's order.
            let agreement_code = format!("{code}-{}-{j}", g.code_suffix);
            let day = |offset: u32| (start + chrono::Days::new(u64::from(offset))).to_string();
            let (starts_on, ends_on) = match g.dates {
                Some((s, e)) => (day(s), e.map(|e| day(s + e)).unwrap_or_default()),
                None => (String::new(), String::new()),
            };
            let parties: Vec<String> = g.parties.iter().map(|p| guarded(p)).collect();
            a.write_record([
                agreement_code.clone(),
                code.clone(),
                kinds[g.kind].into(),
                guarded(&g.title),
                parties.join(";"),
                starts_on,
                ends_on,
                g.auto_renew
                    .map(|y| if y { "yes" } else { "no" })
                    .unwrap_or("")
                    .into(),
                g.notice_days.map(|n| n.to_string()).unwrap_or_default(),
                statuses[g.status].into(),
                previous
                    .clone()
                    .filter(|_| g.renews_previous)
                    .unwrap_or_default(),
            ])
            .unwrap();
            previous = Some(agreement_code);
        }
        let mut names = std::collections::HashSet::new();
        for (name, partner, email) in &g.contacts {
            if names.insert(name.to_ascii_lowercase()) {
                c.write_record([
                    code.clone(),
                    guarded(name),
                    if *partner { "partner" } else { "chinese" }.into(),
                    email.clone().unwrap_or_default(),
                ])
                .unwrap();
            }
        }
        let mut seen = std::collections::HashSet::new();
        for (year, level, major, n) in &g.students {
            if seen.insert((year, level, major)) {
                e.write_record([
                    code.clone(),
                    year.to_string(),
                    major.map(|m| majors[m].to_string()).unwrap_or_default(),
                    levels[*level].into(),
                    n.to_string(),
                ])
                .unwrap();
            }
        }
    }
    let text = |w: csv::Writer<Vec<u8>>| String::from_utf8(w.into_inner().unwrap()).unwrap();
    import(&mut f.registry, Entity::Workshops, &text(w));
    import(&mut f.registry, Entity::WorkshopMajors, &text(links));
    import(&mut f.registry, Entity::Enrolments, &text(e));
    import(&mut f.registry, Entity::Agreements, &text(a));
    import(&mut f.registry, Entity::Contacts, &text(c));
    f
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn export_all_then_import_all_round_trips_generated_registries(workshops in proptest::collection::vec(workshop(), 0..8)) {
        let f = build(&workshops);
        let copy = round_trip(&f.registry, ExportOptions::default());
        prop_assert_eq!(dump(&copy), dump(&f.registry));
    }
}
