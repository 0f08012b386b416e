//! A small registry with known figures, built through the importer, and helpers to read outputs.

use luban_registry::{Entity, ImportOptions, Registry};
use tempfile::TempDir;

/// Three majors in three categories (46, 51, 50).
const MAJORS: &str = "code,name_en,name_zh,category
M-A,Mechatronics,机电一体化技术,46
M-B,Cloud computing,云计算技术应用,51
M-C,Railway operation,铁道交通运营管理,50
";

/// Four workshops:
/// - W-TH: Thailand (ASEAN, Asia), active, institution Inst A, majors M-A and M-B.
/// - W-KH: Cambodia (SCO partner, ASEAN, Asia), active, institutions Inst A and Inst B, major M-B.
/// - W-EG: Egypt (SCO partner, AU, BRICS, Africa), planned, institution Inst B, major M-C.
/// - W-GB: United Kingdom (no group, Europe), closed, institution "=Inst C" (a formula-like name), no major.
const WORKSHOPS: &str = "code,name_en,name_zh,country,city,host_institution,chinese_institution,opened_year,opened_on,status,notes
W-TH,Thailand workshop,泰国鲁班工坊,TH,Ayutthaya,Host TH,Inst A,2016,2016-03-08,active,
W-KH,Cambodia workshop,柬埔寨鲁班工坊,KH,Phnom Penh,Host KH,Inst A;Inst B,2018,,active,
W-EG,Egypt workshop,埃及鲁班工坊,EG,Cairo,Host EG,Inst B,2020,,planned,
W-GB,UK workshop,英国鲁班工坊,GB,Crawley,Host GB,=Inst C,2017,,closed,
";

const WORKSHOP_MAJORS: &str = "workshop,major
W-TH,M-A
W-TH,M-B
W-KH,M-B
W-EG,M-C
";

/// Students: W-TH 100 (2020, M-A) + 50 (2021, no major); W-KH 200 (2021, M-B); W-EG 70 (2022, M-C).
const ENROLMENTS: &str = "workshop,year,major,level,students
W-TH,2020,M-A,associate,100
W-TH,2021,,other,50
W-KH,2021,M-B,bachelor,200
W-EG,2022,M-C,associate,70
";

/// Trainees: W-TH 30 (2020) + 5 (2022); W-KH 40 (2021); W-EG 7 (2022); W-GB 1000 (2019).
const TRAININGS: &str = "workshop,year,kind,trainees
W-TH,2020,skills,30
W-TH,2022,teacher,5
W-KH,2021,skills,40
W-EG,2022,other,7
W-GB,2019,skills,1000
";

/// A registry file in its own temporary folder (kept alive with the registry).
pub struct Fixture {
    pub registry: Registry,
    pub _dir: TempDir,
}

/// An empty registry (reference data only).
pub fn empty() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let registry = Registry::open(&dir.path().join("registry.sqlite3")).unwrap();
    Fixture {
        registry,
        _dir: dir,
    }
}

/// The four-workshop registry described above.
pub fn registry() -> Fixture {
    let mut f = empty();
    for (entity, text) in [
        (Entity::Majors, MAJORS),
        (Entity::Workshops, WORKSHOPS),
        (Entity::WorkshopMajors, WORKSHOP_MAJORS),
        (Entity::Enrolments, ENROLMENTS),
        (Entity::Trainings, TRAININGS),
    ] {
        f.registry
            .import(
                luban_registry::Source::Bytes {
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

/// The width and height in a PNG's header.
pub fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    let be =
        |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    (be(16), be(20))
}
