//! What is due: agreements whose notice period has begun or that ended without a renewal, planned
//! workshops past their opening year, and active workshops without figures for the last complete
//! year. Everything is computed for a day given as a parameter (today, or a day to plan for), so
//! the same registry always gives the same list for the same day.
//!
//! [`ics`] writes the agreement deadlines as an RFC 5545 calendar, so reminders can live in
//! Outlook or a phone's calendar.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use rusqlite::Connection;
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use crate::error::Result;
use crate::message::Lang;
use crate::model::{AgreementStatus, Status};
use crate::record::agreement;

/// How many days ahead the app's "Due soon" panel looks (a month: an agreement shows there from a
/// month before its notice period begins).
pub const DUE_SOON_DAYS: u32 = 30;

/// A calendar day (what `--on` gives), for front ends that do not depend on chrono themselves.
pub type Day = NaiveDate;

/// What kind of thing is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DueKind {
    /// A signed agreement's notice period has begun: renew it (or give notice) by its end date.
    AgreementExpiring,
    /// A signed agreement has ended, and no signed agreement renews it.
    AgreementExpired,
    /// A planned workshop's opening year has passed.
    PlannedOverdue,
    /// An active workshop has no enrolment or training figure for the last complete year.
    FiguresMissing,
}

impl DueKind {
    /// The stored name (`agreement_expiring`).
    pub fn as_str(self) -> &'static str {
        match self {
            DueKind::AgreementExpiring => "agreement_expiring",
            DueKind::AgreementExpired => "agreement_expired",
            DueKind::PlannedOverdue => "planned_overdue",
            DueKind::FiguresMissing => "figures_missing",
        }
    }
}

/// One thing that is due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    /// What it is.
    pub kind: DueKind,
    /// The record it is about: an agreement's code, or a workshop's.
    pub key: String,
    /// The workshop concerned (for an agreement, its workshop).
    pub workshop: String,
    /// The agreement's title, for messages and calendar events.
    pub title: Option<String>,
    /// The deadline: an agreement's end date, the end of a planned workshop's opening year, the
    /// end of the year whose figures are missing.
    pub due: NaiveDate,
    /// Days from the day asked about to `due`; negative when overdue.
    pub days: i64,
    /// For an agreement, the day its notice period begins (the calendar's reminder).
    pub notice_from: Option<NaiveDate>,
    /// For missing figures, the year they are missing for.
    pub year: Option<i32>,
}

impl Due {
    /// What is due and what to do, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        crate::message::due(self, lang)
    }
}

impl Serialize for Due {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Due", 10)?;
        st.serialize_field("kind", &self.kind)?;
        st.serialize_field("key", &self.key)?;
        st.serialize_field("workshop", &self.workshop)?;
        st.serialize_field("title", &self.title)?;
        st.serialize_field("due", &self.due.format("%Y-%m-%d").to_string())?;
        st.serialize_field("days", &self.days)?;
        st.serialize_field(
            "notice_from",
            &self.notice_from.map(|d| d.format("%Y-%m-%d").to_string()),
        )?;
        st.serialize_field("year", &self.year)?;
        st.serialize_field("message", &self.message(Lang::En))?;
        st.serialize_field("message_zh", &self.message(Lang::Zh))?;
        st.end()
    }
}

fn last_day_of(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX)
}

/// What is due on `on`, looking `within` days ahead (0: only what is due already): an agreement
/// is listed once its notice period has begun by `on + within`, everything else once its deadline
/// falls by then. Soonest first.
pub(crate) fn due(conn: &Connection, on: NaiveDate, within: u32) -> Result<Vec<Due>> {
    let horizon = on
        .checked_add_days(chrono::Days::new(u64::from(within)))
        .unwrap_or(NaiveDate::MAX);
    let mut out = Vec::new();
    for row in agreement::rows(conn, on)? {
        let a = &row.agreement;
        let (AgreementStatus::Signed, Some(ends), Some(notice)) =
            (a.status, a.ends_on, a.notice_from())
        else {
            continue;
        };
        if !row.renewed_by.is_empty() || a.starts_on.is_some_and(|s| s > horizon) {
            continue;
        }
        let kind = if ends >= on {
            if notice > horizon {
                continue;
            }
            DueKind::AgreementExpiring
        } else if a.auto_renew {
            continue;
        } else {
            DueKind::AgreementExpired
        };
        out.push(Due {
            kind,
            key: a.code.clone(),
            workshop: a.workshop.clone(),
            title: Some(a.title.clone()),
            due: ends,
            days: (ends - on).num_days(),
            notice_from: Some(notice),
            year: None,
        });
    }
    let mut stmt = conn.prepare(
        "SELECT code, opened_year FROM workshop WHERE status = ?1 AND opened_year < ?2 ORDER BY code",
    )?;
    let planned = stmt.query_map(
        rusqlite::params![Status::Planned.as_str(), on.year()],
        |r| Ok((r.get::<_, String>(0)?, r.get::<_, i32>(1)?)),
    )?;
    for row in planned {
        let (code, year) = row?;
        let deadline = last_day_of(year);
        out.push(Due {
            kind: DueKind::PlannedOverdue,
            workshop: code.clone(),
            key: code,
            title: None,
            due: deadline,
            days: (deadline - on).num_days(),
            notice_from: None,
            year: Some(year),
        });
    }
    let last_year = on.year() - 1;
    let mut stmt = conn.prepare(
        "SELECT w.code FROM workshop w WHERE w.status = ?1 AND w.opened_year <= ?2 \
         AND NOT EXISTS (SELECT 1 FROM enrolment e WHERE e.workshop_id = w.id AND e.year = ?2) \
         AND NOT EXISTS (SELECT 1 FROM training t WHERE t.workshop_id = w.id AND t.year = ?2) ORDER BY w.code",
    )?;
    let missing = stmt.query_map(rusqlite::params![Status::Active.as_str(), last_year], |r| {
        r.get::<_, String>(0)
    })?;
    for code in missing {
        let code = code?;
        let deadline = last_day_of(last_year);
        out.push(Due {
            kind: DueKind::FiguresMissing,
            workshop: code.clone(),
            key: code,
            title: None,
            due: deadline,
            days: (deadline - on).num_days(),
            notice_from: None,
            year: Some(last_year),
        });
    }
    out.sort_by(|a, b| (a.due, a.kind, &a.key).cmp(&(b.due, b.kind, &b.key)));
    Ok(out)
}

/// Escapes a TEXT value (RFC 5545 §3.3.11).
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded at 75 octets without splitting a character (RFC 5545 §3.1).
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

/// The agreement deadlines of `items` as an RFC 5545 calendar: one all-day event per agreement on
/// its end date, with a reminder at the start of its notice period. `stamp` (UTC) is the calendar's
/// DTSTAMP; the UIDs are stable, so importing a newer calendar updates the events.
pub fn ics(items: &[Due], stamp: NaiveDateTime) -> String {
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//Luban Registry//due//EN");
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    let ymd = |d: NaiveDate| d.format("%Y%m%d").to_string();
    for item in items.iter().filter(|i| {
        matches!(
            i.kind,
            DueKind::AgreementExpiring | DueKind::AgreementExpired
        )
    }) {
        line(&mut out, "BEGIN:VEVENT");
        line(
            &mut out,
            &format!("UID:agreement-{}@lubanregistry.org", item.key),
        );
        line(
            &mut out,
            &format!("DTSTAMP:{}", stamp.format("%Y%m%dT%H%M%SZ")),
        );
        line(&mut out, &format!("DTSTART;VALUE=DATE:{}", ymd(item.due)));
        let next = item.due.succ_opt().unwrap_or(item.due);
        line(&mut out, &format!("DTEND;VALUE=DATE:{}", ymd(next)));
        let summary = crate::message::due_summary(item);
        line(&mut out, &format!("SUMMARY:{}", text(&summary)));
        let description = format!("{}\n{}", item.message(Lang::En), item.message(Lang::Zh));
        line(&mut out, &format!("DESCRIPTION:{}", text(&description)));
        line(&mut out, "TRANSP:TRANSPARENT");
        if let Some(notice) = item.notice_from.filter(|n| *n < item.due) {
            line(&mut out, "BEGIN:VALARM");
            line(&mut out, "ACTION:DISPLAY");
            line(&mut out, &format!("DESCRIPTION:{}", text(&summary)));
            line(
                &mut out,
                &format!("TRIGGER:-P{}D", (item.due - notice).num_days()),
            );
            line(&mut out, "END:VALARM");
        }
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out
}

/// Today in the computer's time zone (the day `due` is asked about unless another is given).
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// The current time in UTC, for a calendar's DTSTAMP.
pub fn now_utc() -> NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

/// The system notification the app raises at start when something is overdue: at most one a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notice {
    /// How many items are overdue.
    pub overdue: usize,
    /// The notification's title, in both languages ("2 items overdue · 2 项已逾期").
    pub title: String,
    /// Its text: the most overdue item in Chinese, then in English.
    pub body: String,
}

/// Whether to raise the day's notification on `today`, given the day one was last shown
/// (`last_shown`; `None` if never) and what is due today (`items`, from [`due`] for `today`):
/// only when something is overdue (`days < 0`) and none was shown on or after `today` (a clock
/// set back does not bring a second one the same day). A pure function, so the "once a day"
/// rule is tested without the operating system.
///
/// ```
/// use luban_registry::due::daily_notice;
/// let today = chrono::NaiveDate::from_ymd_opt(2026, 5, 4).unwrap();
/// assert_eq!(daily_notice(None, today, &[]), None, "nothing overdue, nothing shown");
/// ```
pub fn daily_notice(
    last_shown: Option<NaiveDate>,
    today: NaiveDate,
    items: &[Due],
) -> Option<Notice> {
    if last_shown.is_some_and(|day| day >= today) {
        return None;
    }
    let overdue: Vec<&Due> = items.iter().filter(|d| d.days < 0).collect();
    let first = overdue.iter().min_by_key(|d| (d.days, d.key.as_str()))?;
    let n = overdue.len();
    Some(Notice {
        overdue: n,
        title: format!(
            "{n} {} overdue · {n} 项已逾期",
            if n == 1 { "item" } else { "items" }
        ),
        body: format!("{}\n{}", first.message(Lang::Zh), first.message(Lang::En)),
    })
}
