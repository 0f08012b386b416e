//! What is due on a given day: agreements around their notice period and end, planned workshops
//! past their year, missing figures; and the same as an iCalendar file read back by a parser.

use chrono::{NaiveDate, NaiveDateTime};
use luban_registry::due::{daily_notice, ics, Due, DueKind};
use luban_registry::{Entity, Lang};

use crate::support::{import, partnership};

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a date")
}

fn due(f: &crate::support::Fixture, on: &str, within: u32) -> Vec<Due> {
    f.registry.due(day(on), within).expect("due")
}

fn agreements(items: &[Due]) -> Vec<(DueKind, &str, i64)> {
    items
        .iter()
        .filter(|i| {
            matches!(
                i.kind,
                DueKind::AgreementExpiring | DueKind::AgreementExpired
            )
        })
        .map(|i| (i.kind, i.key.as_str(), i.days))
        .collect()
}

#[test]
fn due_lists_what_is_due_on_the_day_asked_soonest_first() {
    let f = partnership();
    let items = due(&f, "2025-04-01", 0);
    let listed: Vec<String> = items
        .iter()
        .map(|i| format!("{} {} {} {}", i.kind.as_str(), i.key, i.due, i.days))
        .collect();
    assert_eq!(
        listed,
        [
            "figures_missing DJ-DJI 2024-12-31 -91",
            "figures_missing PK-LHR 2024-12-31 -91",
            "figures_missing TH-AYU 2024-12-31 -91",
            "agreement_expiring TH-AYU-2020 2025-05-31 60",
        ]
    );
    assert!(items[3]
        .message(Lang::En)
        .contains("notice period began on 2025-03-02"));
    assert!(items[3].message(Lang::Zh).contains("已始于 2025-03-02"));
}

#[test]
fn an_agreement_is_due_once_its_notice_period_begins_within_the_days_looked_ahead() {
    let f = partnership();
    // TH-AYU-2020's notice period (90 days before 2025-05-31) begins on 2025-03-02.
    assert_eq!(agreements(&due(&f, "2025-02-01", 28)), []);
    assert_eq!(
        agreements(&due(&f, "2025-02-01", 29)),
        [(DueKind::AgreementExpiring, "TH-AYU-2020", 119)]
    );
    assert!(due(&f, "2025-02-01", 29)[3]
        .message(Lang::En)
        .contains("notice period begins on"));
}

#[test]
fn an_agreement_past_its_end_without_a_signed_renewal_is_expired_until_one_is_recorded() {
    let mut f = partnership();
    assert_eq!(
        agreements(&due(&f, "2025-06-01", 0)),
        [(DueKind::AgreementExpired, "TH-AYU-2020", -1)]
    );
    let renewal = "code,workshop,type,title,starts_on,ends_on,status,renews\n\
                   TH-AYU-2025,TH-AYU,framework,Framework 2025–2030,2025-06-01,2030-05-31,signed,TH-AYU-2020\n";
    import(&mut f.registry, Entity::Agreements, renewal);
    assert_eq!(agreements(&due(&f, "2025-06-01", 0)), []);
}

#[test]
fn a_planned_workshop_is_overdue_once_its_opening_year_has_passed() {
    let f = partnership();
    let planned = |on| -> Vec<(String, i64)> {
        due(&f, on, 0)
            .into_iter()
            .filter(|i| i.kind == DueKind::PlannedOverdue)
            .map(|i| (i.key, i.days))
            .collect()
    };
    assert_eq!(planned("2025-12-31"), []);
    assert_eq!(planned("2026-01-01"), [("KZ-AST".to_string(), -1)]);
}

#[test]
fn the_calendar_has_one_event_per_agreement_deadline_and_parses_as_rfc_5545() {
    let mut f = partnership();
    let long = "code,workshop,type,title,ends_on,status\n\
                PK-LHR-LONG,PK-LHR,mou,\"Memorandum of understanding on the Luban Workshop, Lahore; 鲁班工坊合作备忘录（拉合尔）\",2025-05-01,signed\n";
    import(&mut f.registry, Entity::Agreements, long);
    let items = due(&f, "2025-04-01", 0);
    let stamp = NaiveDateTime::parse_from_str("2025-04-01 08:00:00", "%Y-%m-%d %H:%M:%S").unwrap();
    let text = ics(&items, stamp);
    assert!(
        text.split("\r\n").all(|l| l.len() <= 75),
        "lines are folded at 75 octets"
    );
    let calendars: Vec<_> = ical::IcalParser::new(text.as_bytes())
        .collect::<Result<_, _>>()
        .expect("a valid calendar");
    assert_eq!(calendars.len(), 1);
    let events = &calendars[0].events;
    assert_eq!(events.len(), 2, "figures and plans are not calendar events");
    let value = |e: &ical::parser::ical::component::IcalEvent, name: &str| {
        e.properties
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.value.clone())
            .unwrap_or_default()
    };
    let long = events
        .iter()
        .find(|e| value(e, "UID") == "agreement-PK-LHR-LONG@lubanregistry.org")
        .expect("the long title's event");
    assert_eq!(value(long, "DTSTART"), "20250501");
    assert!(value(long, "SUMMARY").contains("鲁班工坊合作备忘录"));
    assert!(value(long, "SUMMARY").contains("\\,"), "commas are escaped");
    assert_eq!(long.alarms.len(), 1);
    assert_eq!(value_of_alarm(&long.alarms[0], "TRIGGER"), "-P180D");
}

fn value_of_alarm(alarm: &ical::parser::ical::component::IcalAlarm, name: &str) -> String {
    alarm
        .properties
        .iter()
        .find(|p| p.name == name)
        .and_then(|p| p.value.clone())
        .unwrap_or_default()
}

#[test]
fn the_daily_notice_is_raised_when_something_is_overdue_and_none_was_shown_today() {
    let f = partnership();
    // On 2025-04-01 three workshops' 2024 figures are 91 days overdue.
    let items = due(&f, "2025-04-01", 0);
    let notice = daily_notice(None, day("2025-04-01"), &items).expect("a notice");
    assert_eq!(notice.overdue, 3);
    assert_eq!(notice.title, "3 items overdue · 3 项已逾期");
    // The most overdue first (ties by key): DJ-DJI's figures, in Chinese then English.
    assert!(notice.body.contains("DJ-DJI"), "{}", notice.body);
    assert_eq!(
        notice.body,
        format!(
            "{}\n{}",
            items[0].message(Lang::Zh),
            items[0].message(Lang::En)
        )
    );
    // Shown yesterday: shown again today.
    assert!(daily_notice(Some(day("2025-03-31")), day("2025-04-01"), &items).is_some());
}

#[test]
fn the_daily_notice_is_raised_at_most_once_a_day() {
    let f = partnership();
    let items = due(&f, "2025-04-01", 0);
    assert_eq!(
        daily_notice(Some(day("2025-04-01")), day("2025-04-01"), &items),
        None
    );
    // A clock set back a day after a notice does not bring another.
    assert_eq!(
        daily_notice(Some(day("2025-04-02")), day("2025-04-01"), &items),
        None
    );
}

#[test]
fn no_daily_notice_when_nothing_is_overdue() {
    let f = partnership();
    // Only what is coming (TH-AYU-2020, in its notice period 60 days before its end), nothing
    // past its day.
    let items: Vec<Due> = due(&f, "2025-04-01", 0)
        .into_iter()
        .filter(|d| d.days >= 0)
        .collect();
    assert!(!items.is_empty());
    assert_eq!(daily_notice(None, day("2025-04-01"), &items), None);
}
