//! Workshops referenced by their English or Chinese name as well as by their code.

use luban_registry::{Entity, Lang};

use crate::support::{import, known, rejected};

#[test]
fn an_enrolment_may_name_its_workshop_in_english() {
    let mut f = known();
    let csv = "workshop,year,major,level,students\nthailand luban workshop,2024,,associate,40\n";
    assert_eq!(import(&mut f.registry, Entity::Enrolments, csv).added, 1);
    let th = f.registry.workshop("TH-AYU").map(|d| d.students);
    assert_eq!(th.ok(), Some(100 + 120 + 30 + 40));
}

#[test]
fn a_training_may_name_its_workshop_in_chinese() {
    let mut f = known();
    let csv = "workshop,year,kind,trainees\n吉布提鲁班工坊,2024,teacher,12\n";
    assert_eq!(import(&mut f.registry, Entity::Trainings, csv).added, 1);
    let dj = f.registry.workshop("DJ-DJI").map(|d| d.trainees);
    assert_eq!(dj.ok(), Some(69 + 12));
}

#[test]
fn a_workshop_major_may_name_its_workshop() {
    let mut f = known();
    let csv = "workshop,major\n英国鲁班工坊,460301\n";
    assert_eq!(
        import(&mut f.registry, Entity::WorkshopMajors, csv).added,
        1
    );
    let majors = f.registry.workshop("GB-CRA").map(|d| d.majors.len());
    assert_eq!(majors.ok(), Some(2));
}

#[test]
fn a_name_borne_by_two_workshops_is_refused_naming_both() {
    let mut f = known();
    let csv =
        "code,name_en,name_zh,country,host_institution,chinese_institution,opened_year,status\n\
               TH-BKK,Bangkok Luban Workshop,泰国鲁班工坊,TH,Host,Tianjin,2020,active\n";
    import(&mut f.registry, Entity::Workshops, csv);
    let problems = rejected(
        &mut f.registry,
        Entity::Trainings,
        "workshop,year,kind,trainees\n泰国鲁班工坊,2024,skills,5\n",
    );
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].kind.code(), "ambiguous_reference");
    let en = problems[0].message(Lang::En);
    let zh = problems[0].message(Lang::Zh);
    assert!(en.contains("2 workshops (TH-AYU, TH-BKK)"), "{en}");
    assert!(zh.contains("2 个工坊的名称（TH-AYU、TH-BKK）"), "{zh}");
}

#[test]
fn an_unknown_workshop_name_suggests_the_closest_workshop() {
    let mut f = known();
    let problems = rejected(
        &mut f.registry,
        Entity::Trainings,
        "workshop,year,kind,trainees\n吉布提鲁班工房,2024,skills,5\n",
    );
    let en = problems[0].message(Lang::En);
    assert!(
        en.ends_with("did you mean DJ-DJI (吉布提鲁班工坊)?"),
        "{en}"
    );
}

#[test]
fn a_name_borne_by_two_majors_is_refused_naming_both() {
    let mut f = known();
    let csv = "code,name_en,name_zh,category\n460302,Mechatronics (evening),机电一体化技术,46\n";
    import(&mut f.registry, Entity::Majors, csv);
    let problems = rejected(
        &mut f.registry,
        Entity::WorkshopMajors,
        "workshop,major\nPK-LHR,机电一体化技术\n",
    );
    assert_eq!(problems.len(), 1);
    let en = problems[0].message(Lang::En);
    assert!(en.contains("2 majors (460301, 460302)"), "{en}");
}
