//! Agreements and contacts: the partnership behind each workshop, through the CSV contract, the
//! renewal rules, the standing derived from dates, deletion and `check`.

use std::collections::HashMap;

use chrono::NaiveDate;
use luban_registry::{
    AgreementQuery, AgreementStatus, AgreementType, CheckDepth, ContactSide, Entity, Error,
    Finding, Lang, ProblemKind, Standing,
};

use crate::support::{count, dump, import, known, partnership, rejected};

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a date")
}

fn key(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn standing(f: &crate::support::Fixture, code: &str, on: &str) -> Standing {
    f.registry
        .agreements(&AgreementQuery::default(), day(on))
        .expect("agreements")
        .into_iter()
        .find(|r| r.agreement.code == code)
        .unwrap_or_else(|| panic!("{code} is listed"))
        .standing
}

#[test]
fn agreements_import_with_chinese_headers_and_values() {
    let mut f = known();
    let csv = "编号,工坊,协议类型,协议名称,签约各方,生效日期,到期日期,自动续约,提前通知天数,状态\n\
               dj-mou,DJ-DJI,合作备忘录,吉布提鲁班工坊合作备忘录,吉布提工商学校；天津铁道职业技术学院,2019-03-01,2024-02-29,否,,已签署\n\
               DJ-IMP,吉布提鲁班工坊,实施协议,实施协议,,2019年3月28日,,是,30,洽谈中\n";
    let summary = import(&mut f.registry, Entity::Agreements, csv);
    assert_eq!(summary.added, 2);
    let agreements = dump(&f.registry).agreements;
    let mou = &agreements[1];
    assert_eq!(mou.code, "DJ-MOU");
    assert_eq!(mou.kind, AgreementType::Mou);
    assert_eq!(mou.parties.len(), 2);
    assert_eq!(mou.ends_on, Some(day("2024-02-29")));
    assert!(!mou.auto_renew);
    assert_eq!(mou.notice_days, 180, "a blank notice period is six months");
    let imp = &agreements[0];
    assert_eq!(
        imp.workshop, "DJ-DJI",
        "the workshop was found by its Chinese name"
    );
    assert_eq!(imp.status, AgreementStatus::Negotiating);
    assert!(imp.auto_renew);
    assert_eq!(
        (imp.notice_days, imp.starts_on),
        (30, Some(day("2019-03-28")))
    );
}

#[test]
fn every_problem_of_an_agreements_file_is_listed_and_nothing_is_written() {
    let mut f = known();
    let csv = "code,workshop,type,title,starts_on,ends_on,auto_renew,notice_days,status,renews\n\
               A-1,XX-NONE,pact,,2024-01-01,2023-12-31,maybe,4000,sealed,NO-SUCH\n\
               A-2,TH-AYU,mou,Fine,,,,,signed,\n";
    let problems = rejected(&mut f.registry, Entity::Agreements, csv);
    let found: Vec<(u64, &str, &str)> = problems
        .iter()
        .map(|p| (p.line, p.column.as_deref().unwrap_or(""), p.kind.code()))
        .collect();
    assert_eq!(
        found,
        [
            (2, "workshop", "unknown_reference"),
            (2, "type", "not_in_vocabulary"),
            (2, "title", "required"),
            (2, "ends_on", "ends_before_start"),
            (2, "auto_renew", "not_in_vocabulary"),
            (2, "notice_days", "number_out_of_range"),
            (2, "status", "not_in_vocabulary"),
            (2, "renews", "unknown_reference"),
        ]
    );
    assert_eq!(count(&f.registry, "agreement"), 0, "all or nothing");
    let end = problems
        .iter()
        .find(|p| p.kind.code() == "ends_before_start");
    let end = end.expect("the end-date problem");
    assert!(end.message(Lang::En).contains("2024-01-01"));
    assert!(end.message(Lang::Zh).contains("生效日期"));
}

#[test]
fn a_renewal_must_name_an_agreement_given_above_it_or_already_stored() {
    let mut f = known();
    let csv = "code,workshop,type,title,status,renews\n\
               B-2,TH-AYU,mou,Renewal,signed,B-1\n\
               B-1,TH-AYU,mou,First,signed,\n";
    let problems = rejected(&mut f.registry, Entity::Agreements, csv);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].line, 2);
    assert!(problems[0]
        .message(Lang::En)
        .contains("on a row above this one"));
}

#[test]
fn renewals_cannot_form_a_circle() {
    let mut f = partnership();
    // The MOU is renewed by TH-AYU-2020; making the MOU renew its own renewal closes a circle.
    let csv =
        "code,workshop,type,title,status,renews\nTH-AYU-MOU,TH-AYU,mou,MOU,signed,TH-AYU-2020\n";
    let problems = rejected(&mut f.registry, Entity::Agreements, csv);
    assert_eq!(problems.len(), 1);
    assert_eq!(
        problems[0].kind,
        ProblemKind::RenewalCycle {
            chain: vec![
                "TH-AYU-MOU".into(),
                "TH-AYU-2020".into(),
                "TH-AYU-MOU".into()
            ]
        }
    );
    let itself =
        "code,workshop,type,title,status,renews\nPK-LHR-IMP,PK-LHR,other,X,signed,pk-lhr-imp\n";
    let problems = rejected(&mut f.registry, Entity::Agreements, itself);
    assert_eq!(problems[0].kind.code(), "renewal_cycle");
}

#[test]
fn a_signed_agreement_enters_its_notice_period_notice_days_before_it_ends() {
    let f = partnership();
    // TH-AYU-2020 ends 2025-05-31 with 90 days' notice: the period begins on 2025-03-02.
    assert_eq!(
        standing(&f, "TH-AYU-2020", "2020-05-31"),
        Standing::NotYetInForce
    );
    assert_eq!(standing(&f, "TH-AYU-2020", "2025-03-01"), Standing::InForce);
    assert_eq!(
        standing(&f, "TH-AYU-2020", "2025-03-02"),
        Standing::Expiring
    );
    assert_eq!(
        standing(&f, "TH-AYU-2020", "2025-05-31"),
        Standing::Expiring
    );
    assert_eq!(standing(&f, "TH-AYU-2020", "2025-06-01"), Standing::Expired);
}

#[test]
fn an_ended_agreement_renewed_by_a_signed_one_is_renewed_not_expired() {
    let f = partnership();
    assert_eq!(standing(&f, "TH-AYU-MOU", "2020-06-01"), Standing::Renewed);
    assert_eq!(
        standing(&f, "TH-AYU-MOU", "2020-03-01"),
        Standing::InForce,
        "a signed renewal ends the notice period's alarm"
    );
}

#[test]
fn open_ended_self_renewing_and_unsigned_agreements_never_expire() {
    let f = partnership();
    assert_eq!(standing(&f, "PK-LHR-IMP", "2040-01-01"), Standing::InForce);
    assert_eq!(
        standing(&f, "KZ-AST-DRAFT", "2040-01-01"),
        Standing::Unsigned
    );
}

#[test]
fn the_agreement_list_filters_by_standing_and_end_date() {
    let f = partnership();
    let on = day("2025-04-01");
    let query = AgreementQuery {
        standing: Some(Standing::Expiring),
        ..AgreementQuery::default()
    };
    let codes = |q: &AgreementQuery| -> Vec<String> {
        let rows = f.registry.agreements(q, on).expect("list");
        rows.into_iter().map(|r| r.agreement.code).collect()
    };
    assert_eq!(codes(&query), ["TH-AYU-2020"]);
    let ending = AgreementQuery {
        ends_before: Some(day("2021-01-01")),
        ..AgreementQuery::default()
    };
    assert_eq!(codes(&ending), ["TH-AYU-MOU"]);
}

#[test]
fn deleting_a_workshop_takes_its_agreements_and_contacts_and_says_so() {
    let mut f = partnership();
    let code = key(&[("code", "TH-AYU")]);
    let impact = f
        .registry
        .deletion_impact(Entity::Workshops, &code)
        .expect("impact");
    assert_eq!((impact.agreements, impact.contacts), (2, 2));
    f.registry
        .delete(Entity::Workshops, &code, true)
        .expect("deleted");
    let s = dump(&f.registry);
    assert!(s.agreements.iter().all(|a| a.workshop != "TH-AYU"));
    assert!(s.contacts.iter().all(|c| c.workshop != "TH-AYU"));
    assert_eq!(s.agreements.len(), 2);
}

#[test]
fn a_workshop_whose_agreement_another_workshop_renews_cannot_be_deleted() {
    let mut f = partnership();
    let csv =
        "code,workshop,type,title,status,renews\nDJ-X,DJ-DJI,other,Takes over,signed,PK-LHR-IMP\n";
    import(&mut f.registry, Entity::Agreements, csv);
    let code = key(&[("code", "PK-LHR")]);
    let refused = f.registry.delete(Entity::Workshops, &code, true);
    assert!(matches!(
        refused,
        Err(Error::InUse {
            users: Entity::Agreements,
            count: 1,
            ..
        })
    ));
    assert_eq!(count(&f.registry, "agreement"), 5);
}

#[test]
fn an_agreement_that_is_renewed_cannot_be_deleted_but_its_renewal_can() {
    let mut f = partnership();
    let first = key(&[("code", "TH-AYU-MOU")]);
    assert!(matches!(
        f.registry.delete(Entity::Agreements, &first, true),
        Err(Error::InUse { .. })
    ));
    let renewal = key(&[("code", "TH-AYU-2020")]);
    f.registry
        .delete(Entity::Agreements, &renewal, true)
        .expect("deleted");
    f.registry
        .delete(Entity::Agreements, &first, true)
        .expect("then deleted");
    assert_eq!(count(&f.registry, "agreement"), 2);
}

#[test]
fn renaming_an_agreement_keeps_its_renewal_pointing_at_it() {
    let mut f = partnership();
    let mut fields = key(&[
        ("code", "TH-AYU-MOU-2015"),
        ("workshop", "TH-AYU"),
        ("type", "mou"),
        ("title", "Memorandum on the Thailand workshop"),
        ("status", "signed"),
    ]);
    fields.insert("notes".into(), "renamed".into());
    let original = key(&[("code", "TH-AYU-MOU")]);
    f.registry
        .save(Entity::Agreements, Some(&original), &fields)
        .expect("saved");
    let s = dump(&f.registry);
    let renewal = s.agreements.iter().find(|a| a.code == "TH-AYU-2020");
    assert_eq!(
        renewal.and_then(|a| a.renews.as_deref()),
        Some("TH-AYU-MOU-2015")
    );
}

#[test]
fn check_reports_a_renewal_circle_made_outside_the_app() {
    let f = partnership();
    f.registry
        .connection_for_tests()
        .execute(
            "UPDATE agreement SET renews_id = (SELECT id FROM agreement WHERE code = 'TH-AYU-2020') WHERE code = 'TH-AYU-MOU'",
            [],
        )
        .expect("a hand edit");
    let findings = f.registry.check(CheckDepth::Full).expect("check");
    let circles: Vec<&Finding> = findings
        .iter()
        .filter(|x| matches!(x, Finding::RenewalCycle { .. }))
        .collect();
    assert_eq!(circles.len(), 2, "each agreement of the circle is named");
    assert!(circles[0].message(Lang::Zh).contains("循环"));
}

#[test]
fn contacts_import_with_chinese_headers_and_values() {
    let mut f = known();
    let csv = "工坊,姓名,所属方,职务,电子邮箱,微信\n\
               TH-AYU,李明,中方,联络人,liming@example.cn,liming88\n\
               泰国鲁班工坊,Somchai P.,外方,,,\n";
    assert_eq!(import(&mut f.registry, Entity::Contacts, csv).added, 2);
    let contacts = f.registry.contacts(Some("th-ayu")).expect("contacts");
    let sides: Vec<(ContactSide, &str)> =
        contacts.iter().map(|c| (c.side, c.name.as_str())).collect();
    assert_eq!(
        sides,
        [
            (ContactSide::Partner, "Somchai P."),
            (ContactSide::Chinese, "李明")
        ],
        "partner side first"
    );
    assert_eq!(contacts[1].wechat.as_deref(), Some("liming88"));
}

#[test]
fn a_contacts_email_must_be_one_address() {
    let mut f = known();
    let csv = "workshop,name,side,email\n\
               TH-AYU,A,partner,a@example.org; b@example.org\n\
               TH-AYU,B,partner,b at example.org\n\
               TH-AYU,C,partner,c@localhost\n";
    let problems = rejected(&mut f.registry, Entity::Contacts, csv);
    let lines: Vec<(u64, &str)> = problems.iter().map(|p| (p.line, p.kind.code())).collect();
    assert_eq!(
        lines,
        [
            (2, "not_an_email"),
            (3, "not_an_email"),
            (4, "not_an_email")
        ]
    );
    assert!(problems[0].message(Lang::Zh).contains("电子邮箱"));
}

#[test]
fn a_contact_named_twice_for_one_workshop_in_any_letter_case_is_a_repeated_key() {
    let mut f = known();
    let csv = "workshop,name,side\nTH-AYU,Li Wei,chinese\nTH-AYU,LI WEI,chinese\n";
    let problems = rejected(&mut f.registry, Entity::Contacts, csv);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].kind, ProblemKind::RepeatedKey { earlier: 2 });
}

#[test]
fn a_workshops_detail_shows_its_agreements_and_contacts() {
    let f = partnership();
    let detail = f.registry.workshop("TH-AYU").expect("detail");
    let codes: Vec<&str> = detail
        .agreements
        .iter()
        .map(|a| a.agreement.code.as_str())
        .collect();
    assert_eq!(codes, ["TH-AYU-2020", "TH-AYU-MOU"]);
    assert_eq!(detail.agreements[1].renewed_by, ["TH-AYU-2020"]);
    assert_eq!(detail.contacts.len(), 2);
}

#[test]
fn a_form_adding_a_contact_the_workshop_has_is_refused() {
    let mut f = partnership();
    let fields = key(&[
        ("workshop", "TH-AYU"),
        ("name", "王丽"),
        ("side", "chinese"),
    ]);
    match f.registry.save(Entity::Contacts, None, &fields) {
        Err(Error::Invalid(errors)) => {
            assert_eq!(errors[0].field, "name");
            assert_eq!(errors[0].kind, ProblemKind::AlreadyExists(Entity::Contacts));
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn replacing_with_the_sample_counts_the_agreements_and_contacts_it_deletes_first() {
    let mut f = partnership();
    let goes = f.registry.sample_replaces().expect("counted");
    assert_eq!((goes.agreements, goes.contacts, goes.documents), (4, 3, 0));
    f.registry
        .load_sample(luban_registry::sample::IfNotEmpty::Replace, true)
        .expect("replaced");
    let s = dump(&f.registry);
    assert!(s.contacts.is_empty());
    assert!(s.agreements.iter().all(|a| a
        .notes
        .as_deref()
        .is_some_and(|n| n.contains("Sources: http"))));
}
