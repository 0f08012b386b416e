//! Registries and files the tests start from, made here so each test says what it starts with.
//!
//! The sample workshops are illustrative test data (names modelled on real Luban Workshops, figures
//! invented); they are not the registry's reference sample.

use std::path::{Path, PathBuf};

use luban_registry::{Entity, ImportOptions, Registry};

const MAJORS: &str = "code,name_en,name_zh,category\n\
460301,Mechatronics Technology,机电一体化技术,46\n\
460305,Industrial Robotics Technology,工业机器人技术,46\n\
510201,Computer Application Technology,计算机应用技术,51\n\
500601,Railway Engineering Technology,铁道工程技术,50\n\
520201,Nursing,护理,52\n\
490101,Food Inspection Technology,食品检验检测技术,49\n";

const WORKSHOPS: &str = "code,name_en,name_zh,country,city,host_institution,chinese_institution,opened_year,opened_on,status\n\
TH-AYUTTHAYA,Thailand Luban Workshop,泰国鲁班工坊,TH,Ayutthaya,Ayutthaya Technical College,Tianjin Bohai Vocational Technical College,2016,2016-03-08,active\n\
IN-CHENNAI,India Luban Workshop,印度鲁班工坊,IN,Chennai,Chennai Institute of Technology,Tianjin Light Industry Vocational Technical College,2017,,active\n\
ID-SURABAYA,Indonesia Luban Workshop,印度尼西亚鲁班工坊,ID,Surabaya,Surabaya State Polytechnic,Tianjin Polytechnic College,2017,,active\n\
KH-PHNOMPENH,Cambodia Luban Workshop,柬埔寨鲁班工坊,KH,Phnom Penh,National Polytechnic Institute of Cambodia,Tianjin Vocational Institute,2017,,active\n\
PK-PUNJAB,Pakistan Luban Workshop,巴基斯坦鲁班工坊,PK,Lahore,Punjab Tianjin University of Technology,Tianjin Light Industry Vocational Technical College,2018,,active\n\
PT-SETUBAL,Portugal Luban Workshop,葡萄牙鲁班工坊,PT,Setúbal,Setúbal Polytechnic Institute,Tianjin Polytechnic College,2018,,active\n\
DJ-DJIBOUTI,Djibouti Luban Workshop,吉布提鲁班工坊,DJ,Djibouti,Djibouti Industry and Commerce School,Tianjin Railway Technical and Vocational College;Tianjin Transportation Vocational College,2019,,active\n\
KE-MACHAKOS,Kenya Luban Workshop,肯尼亚鲁班工坊,KE,Machakos,Machakos University,Tianjin Vocational Institute,2019,,active\n\
EG-CAIRO,Egypt Luban Workshop,埃及鲁班工坊,EG,Cairo,Ain Shams University,Tianjin Vocational Institute,2020,,active\n\
ET-ADDIS,Ethiopia Luban Workshop,埃塞俄比亚鲁班工坊,ET,Addis Ababa,Ethiopian Technical University,Tianjin Vocational Institute,2021,,active\n\
KZ-ALMATY,Kazakhstan Luban Workshop,哈萨克斯坦鲁班工坊,KZ,Almaty,Almaty Technical College,Tianjin Bohai Vocational Technical College,2024,,planned\n\
UZ-TASHKENT,Uzbekistan Luban Workshop,乌兹别克斯坦鲁班工坊,UZ,Tashkent,Tashkent Polytechnic College,Tianjin Light Industry Vocational Technical College,2025,,planned\n";

/// A registry with a dozen workshops, their majors and figures, at `path`.
pub fn sample_registry(path: &Path) {
    let mut r = Registry::open(path).expect("a new registry");
    let mut links = String::from("workshop,major\n");
    let mut enrolments = String::from("workshop,year,major,level,students\n");
    let mut trainings = String::from("workshop,year,kind,trainees\n");
    let majors = ["460301", "460305", "510201", "500601", "520201", "490101"];
    for (i, line) in WORKSHOPS.lines().skip(1).enumerate() {
        let fields: Vec<&str> = line.split(',').collect();
        let (code, opened): (&str, i32) = (fields[0], fields[7].parse().expect("year"));
        if fields[9] == "planned" {
            continue;
        }
        let taught = [majors[i % 6], majors[(i + 2) % 6]];
        for m in taught {
            links.push_str(&format!("{code},{m}\n"));
        }
        for year in opened.max(2018)..=2024 {
            let n = 20 + (i as i32 * 7 + year * 3) % 45;
            enrolments.push_str(&format!("{code},{year},{},associate,{n}\n", taught[0]));
            enrolments.push_str(&format!(
                "{code},{year},{},bachelor,{}\n",
                taught[1],
                n / 3 + 4
            ));
            trainings.push_str(&format!(
                "{code},{year},skills,{}\n",
                120 + (i as i32 * 53 + year * 11) % 400
            ));
            trainings.push_str(&format!(
                "{code},{year},teacher,{}\n",
                10 + (i as i32 * 13 + year) % 40
            ));
        }
    }
    for (entity, csv) in [
        (Entity::Majors, MAJORS.to_string()),
        (Entity::Workshops, WORKSHOPS.to_string()),
        (Entity::WorkshopMajors, links),
        (Entity::Enrolments, enrolments),
        (Entity::Trainings, trainings),
    ] {
        r.import(
            luban_registry::Source::Bytes {
                entity,
                name: "fixture.csv",
                bytes: csv.as_bytes(),
            },
            ImportOptions::default(),
        )
        .unwrap_or_else(|e| panic!("fixture {entity} imports: {e}"));
    }
}

/// A registry of `n` synthetic workshops spread over a few countries, with figures.
pub fn synthetic_registry(path: &Path, n: usize) {
    let mut r = Registry::open(path).expect("a new registry");
    r.import(
        luban_registry::Source::Bytes {
            entity: Entity::Majors,
            name: "majors.csv",
            bytes: MAJORS.as_bytes(),
        },
        ImportOptions::default(),
    )
    .expect("majors");
    let countries = [
        "TH", "IN", "ID", "KH", "PK", "PT", "DJ", "KE", "EG", "ET", "KZ", "UZ",
    ];
    let statuses = [
        "active",
        "active",
        "active",
        "planned",
        "suspended",
        "closed",
    ];
    let mut workshops = String::from(
        "code,name_en,name_zh,country,city,host_institution,chinese_institution,opened_year,status\n",
    );
    let mut links = String::from("workshop,major\n");
    let mut trainings = String::from("workshop,year,kind,trainees\n");
    for i in 0..n {
        let country = countries[i % countries.len()];
        workshops.push_str(&format!(
            "W{i:05},Workshop {i},第{i}号鲁班工坊,{country},City {},Host College {i},Tianjin College {},{},{}\n",
            i % 97,
            i % 13,
            2016 + (i % 9),
            statuses[i % statuses.len()]
        ));
        links.push_str(&format!("W{i:05},460301\n"));
        trainings.push_str(&format!("W{i:05},2024,skills,{}\n", 50 + i % 300));
    }
    for (entity, csv) in [
        (Entity::Workshops, workshops),
        (Entity::WorkshopMajors, links),
        (Entity::Trainings, trainings),
    ] {
        r.import(
            luban_registry::Source::Bytes {
                entity,
                name: "synthetic.csv",
                bytes: csv.as_bytes(),
            },
            ImportOptions::default(),
        )
        .unwrap_or_else(|e| panic!("synthetic {entity} imports: {e}"));
    }
}

/// The header of workshops.csv, in English.
pub const WORKSHOP_HEADER: &str =
    "code,name_en,name_zh,country,city,host_institution,chinese_institution,opened_year,status";

/// GB18030 bytes, as Excel on Chinese Windows saves "CSV (逗号分隔)".
pub fn gb18030(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(text);
    assert!(!unmappable, "the text is representable in GB18030");
    bytes.into_owned()
}

/// Where screenshots go: `target/screenshots/`, or `docs/screenshots/` (the README's) when
/// `LUBAN_REFRESH_SCREENSHOTS` is set, so an ordinary test run leaves the tree clean.
pub fn screenshot_dir() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = if std::env::var_os("LUBAN_REFRESH_SCREENSHOTS").is_some() {
        root.join("docs").join("screenshots")
    } else {
        root.join("target").join("screenshots")
    };
    std::fs::create_dir_all(&dir).expect("screenshot folder");
    dir
}
