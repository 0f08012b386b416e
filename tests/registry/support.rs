//! Shared set-up: fresh registries in temporary folders, a small known registry, and a canonical
//! dump for comparing two registries.

use std::path::{Path, PathBuf};

use luban_registry::{Entity, ImportOptions, Registry, Source};
use tempfile::TempDir;

pub struct Fixture {
    pub dir: TempDir,
    pub registry: Registry,
}

impl Fixture {
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

/// A new registry (reference data only) in its own temporary folder.
pub fn fresh() -> Fixture {
    let dir = tempfile::tempdir().expect("temporary folder");
    let registry =
        Registry::open(&dir.path().join("registry.sqlite3")).expect("new registry opens");
    Fixture { dir, registry }
}

/// The folder of committed Excel-style fixtures.
pub fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data")
        .join(name)
}

/// CSV text as an import source named like the kind's file.
pub fn bytes<'a>(entity: Entity, name: &'a str, csv: &'a str) -> Source<'a> {
    Source::Bytes {
        entity,
        name,
        bytes: csv.as_bytes(),
    }
}

pub fn import(registry: &mut Registry, entity: Entity, csv: &str) -> luban_registry::ImportSummary {
    let name = entity.file_name();
    let mut outcome = registry
        .import(bytes(entity, &name, csv), ImportOptions::default())
        .unwrap_or_else(|e| panic!("{entity} imports: {e}: {e:?}"));
    outcome.files.remove(0)
}

/// Imports one file (its kind given) and returns its summary.
pub fn import_file(
    registry: &mut Registry,
    entity: Entity,
    path: &Path,
) -> luban_registry::Result<luban_registry::ImportSummary> {
    let source = Source::File {
        path,
        entity: Some(entity),
    };
    let mut outcome = registry.import(source, ImportOptions::default())?;
    Ok(outcome.files.remove(0))
}

/// Imports and expects rejection; returns the problems as `LINE: column: message` strings.
pub fn rejected(
    registry: &mut Registry,
    entity: Entity,
    csv: &str,
) -> Vec<luban_registry::Problem> {
    let name = entity.file_name();
    match registry.import(bytes(entity, &name, csv), ImportOptions::default()) {
        Err(luban_registry::Error::Rejected(problems)) => problems,
        other => panic!("expected rejection, got {other:?}"),
    }
}

pub const MAJORS: &str = "code,name_en,name_zh,category\n\
460301,Mechatronics Technology,机电一体化技术,46\n\
510201,Computer Applications,计算机应用技术,51\n\
540101,Tourism Management,旅游管理,54\n";

pub const WORKSHOPS: &str = "code,name_en,name_zh,country,city,host_institution,chinese_institution,opened_year,opened_on,status,notes\n\
TH-AYU,Thailand Luban Workshop,泰国鲁班工坊,TH,Ayutthaya,Ayutthaya Technical College,Tianjin Bohai Vocational Technical College,2016,2016-03-08,active,first abroad\n\
PK-LHR,Pakistan Luban Workshop,,PK,Lahore,Punjab TEVTA,Tianjin Modern Vocational Technology College,2018,,active,\n\
KZ-AST,Kazakhstan Luban Workshop,,KZ,Astana,Eurasian National University,Tianjin Vocational Institute,2025,,planned,\n\
DJ-DJI,Djibouti Luban Workshop,吉布提鲁班工坊,DJ,Djibouti,Djibouti Industrial and Commercial School,Tianjin Railway Technical and Vocational College;Tianjin First Commercial School,2019,2019-03-28,active,\n\
GB-CRA,UK Luban Workshop,英国鲁班工坊,GB,Crawley,Chichester College Group,Tianjin No.2 Commerce School,2017,,suspended,\n";

pub const WORKSHOP_MAJORS: &str = "workshop,major\n\
TH-AYU,460301\n\
TH-AYU,510201\n\
PK-LHR,460301\n\
DJ-DJI,540101\n\
GB-CRA,540101\n";

pub const ENROLMENTS: &str = "workshop,year,major,level,students\n\
TH-AYU,2020,460301,associate,100\n\
TH-AYU,2021,460301,associate,120\n\
TH-AYU,2021,510201,bachelor,30\n\
PK-LHR,2022,,secondary,50\n\
DJ-DJI,2022,540101,secondary,148\n\
GB-CRA,2019,,other,75\n";

pub const TRAININGS: &str = "workshop,year,kind,trainees\n\
TH-AYU,2021,skills,200\n\
PK-LHR,2022,skills,1000\n\
PK-LHR,2023,teacher,15\n\
DJ-DJI,2022,teacher,69\n";

pub const AGREEMENTS: &str = "code,workshop,type,title,reference,parties,signed_on,starts_on,ends_on,auto_renew,notice_days,status,responsible,renews,notes\n\
TH-AYU-MOU,TH-AYU,mou,Memorandum on the Thailand workshop,TJ-2015-07,Ayutthaya Technical College;Tianjin Bohai,2015-06-01,2015-06-01,2020-05-31,no,,signed,Wang Li,,first\n\
TH-AYU-2020,TH-AYU,framework,Framework agreement 2020–2025,,,2020-05-20,2020-06-01,2025-05-31,no,90,signed,Wang Li,TH-AYU-MOU,\n\
PK-LHR-IMP,PK-LHR,implementation,Implementation agreement,,,,2018-01-01,,yes,365,signed,,,open-ended\n\
KZ-AST-DRAFT,KZ-AST,other,Draft cooperation agreement,,,,,,,,draft,,,\n";

pub const CONTACTS: &str = "workshop,name,side,role,email,phone,wechat,notes\n\
TH-AYU,Somchai P.,partner,Director,somchai@example.ac.th,+66 35 000 000,,\n\
TH-AYU,王丽,chinese,项目负责人,wangli@example.edu.cn,,wangli_tj,\n\
PK-LHR,Ahmed K.,partner,,,,,\n";

/// [`known`] with agreements (a renewal chain, an open-ended one, a draft) and contacts.
pub fn partnership() -> Fixture {
    let mut f = known();
    import(&mut f.registry, Entity::Agreements, AGREEMENTS);
    import(&mut f.registry, Entity::Contacts, CONTACTS);
    f
}

/// A registry with five workshops in five countries, three majors and some figures.
pub fn known() -> Fixture {
    let mut f = fresh();
    for (entity, csv) in [
        (Entity::Majors, MAJORS),
        (Entity::Workshops, WORKSHOPS),
        (Entity::WorkshopMajors, WORKSHOP_MAJORS),
        (Entity::Enrolments, ENROLMENTS),
        (Entity::Trainings, TRAININGS),
    ] {
        import(&mut f.registry, entity, csv);
    }
    f
}

/// Every record of the registry in key order: two registries are identical when their dumps are.
pub fn dump(registry: &Registry) -> luban_registry::Snapshot {
    registry.snapshot().expect("snapshot")
}

pub fn count(registry: &Registry, table: &str) -> i64 {
    registry
        .connection_for_tests()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .expect("count")
}

/// The stored country with this ISO2 code.
pub fn country(registry: &Registry, iso2: &str) -> luban_registry::Country {
    dump(registry)
        .countries
        .into_iter()
        .find(|c| c.iso2 == iso2)
        .unwrap_or_else(|| panic!("{iso2} is in the registry"))
}
