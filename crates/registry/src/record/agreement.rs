//! Partnership agreements behind a workshop (MOUs, framework and implementation agreements):
//! `agreements.csv`, the `agreement` table.
//!
//! What is stored is what the paper says (dates, parties, notice period, status as the office
//! records it). Whether a signed agreement is in force, in its notice period or expired is never
//! stored: it changes with the calendar, so [`Agreement::standing`] derives it from the dates and
//! the day asked about. A renewal names the agreement it renews; renewals cannot form a circle.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use super::{
    count_where, key, key_field, not_found, opt, rename_code, req, stored, Edit, Entity, Impact,
    Info,
};
use crate::error::{Error, FieldError, ProblemKind, Result, Vocabulary};
use crate::model::fields::{self, clean};
use crate::model::{AgreementStatus, AgreementType, Fields, YesNo};
use crate::write::{Check, Outcome, PutResult, Writer};

pub(crate) const INFO: Info = Info {
    stem: "agreements",
    table: "agreement",
    name: "agreement",
    one: "agreement",
    many: "agreements",
    zh: "协议",
    columns: &[
        key("code", "编号", "Code"),
        req("workshop", "工坊", "Workshop"),
        req("type", "协议类型", "Type of agreement"),
        req("title", "协议名称", "Title"),
        opt("reference", "协议文号", "Reference number"),
        opt("parties", "签约各方", "Parties"),
        opt("signed_on", "签署日期", "Signing date"),
        opt("starts_on", "生效日期", "Start date"),
        opt("ends_on", "到期日期", "End date"),
        opt("auto_renew", "自动续约", "Renews automatically"),
        opt("notice_days", "提前通知天数", "Notice period (days)"),
        req("status", "状态", "Status"),
        opt("responsible", "负责人", "Responsible"),
        opt("renews", "续签协议", "Renews agreement"),
        opt("notes", "备注", "Notes"),
    ],
    edit: Edit::Rename,
};

/// The notice period an agreement gets when its file leaves `notice_days` blank: six months, the
/// common university policy for starting a renewal.
pub const DEFAULT_NOTICE_DAYS: i64 = 180;

/// The longest notice period accepted (ten years).
pub const MAX_NOTICE_DAYS: i64 = 3650;

/// A partnership agreement of a workshop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agreement {
    /// The key: 2–32 of A–Z, 0–9 and `-` (the workshop-code rule).
    pub code: String,
    /// The workshop's code.
    pub workshop: String,
    /// Memorandum, framework, implementation or other.
    #[serde(rename = "type")]
    pub kind: AgreementType,
    /// The agreement's title.
    pub title: String,
    /// The reference number on the paper.
    pub reference: Option<String>,
    /// The signing parties.
    pub parties: Vec<String>,
    /// The day it was signed.
    pub signed_on: Option<NaiveDate>,
    /// The day it takes effect.
    pub starts_on: Option<NaiveDate>,
    /// The day it ends; none: open-ended. Never before `starts_on`.
    pub ends_on: Option<NaiveDate>,
    /// Whether it renews by itself at its end unless a party gives notice.
    pub auto_renew: bool,
    /// How many days before `ends_on` its renewal (or notice) must begin.
    pub notice_days: i64,
    /// Where it stands, as recorded.
    pub status: AgreementStatus,
    /// The person responsible in the office.
    pub responsible: Option<String>,
    /// The code of the agreement this one renews.
    pub renews: Option<String>,
    /// Free notes (sources, remarks).
    pub notes: Option<String>,
}

/// Where an agreement stands on a given day, derived from its status and dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// Not signed yet (draft or under negotiation).
    Unsigned,
    /// Ended early by the parties.
    Terminated,
    /// Signed, but its start date is still to come.
    NotYetInForce,
    /// Signed and in force, before its notice period (or open-ended).
    InForce,
    /// Signed and in its notice period: the renewal (or the notice) is due by `ends_on`.
    Expiring,
    /// Signed, past its end date, and not renewed by a signed agreement.
    Expired,
    /// Past its end date, and renewed by a signed agreement.
    Renewed,
}

impl Standing {
    /// The name a list's filter takes and JSON shows (`in_force`).
    pub fn as_str(self) -> &'static str {
        match self {
            Standing::Unsigned => "unsigned",
            Standing::Terminated => "terminated",
            Standing::NotYetInForce => "not_yet_in_force",
            Standing::InForce => "in_force",
            Standing::Expiring => "expiring",
            Standing::Expired => "expired",
            Standing::Renewed => "renewed",
        }
    }
}

impl Agreement {
    /// The first day of the notice period (`ends_on` − `notice_days`); none when open-ended.
    pub fn notice_from(&self) -> Option<NaiveDate> {
        let ends = self.ends_on?;
        ends.checked_sub_days(chrono::Days::new(
            u64::try_from(self.notice_days).unwrap_or(0),
        ))
        .or(Some(NaiveDate::MIN))
    }

    /// Where the agreement stands on `on`, given whether a signed agreement renews it.
    ///
    /// An agreement that renews automatically never expires on its own: past its end date it is
    /// taken to have renewed (its later end dates are not known), and its notice period is when a
    /// party would have to give notice.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use luban_registry::record::agreement::{Agreement, Standing};
    /// use luban_registry::{AgreementStatus, AgreementType};
    /// let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    /// let a = Agreement {
    ///     code: "TH-AYU-MOU".into(), workshop: "TH-AYU".into(), kind: AgreementType::Mou,
    ///     title: "MOU".into(), reference: None, parties: vec![], signed_on: None,
    ///     starts_on: Some(d("2020-01-01")), ends_on: Some(d("2025-12-31")), auto_renew: false,
    ///     notice_days: 180, status: AgreementStatus::Signed, responsible: None, renews: None, notes: None,
    /// };
    /// assert_eq!(a.standing(d("2025-07-03"), false), Standing::InForce);
    /// assert_eq!(a.standing(d("2025-07-04"), false), Standing::Expiring);
    /// assert_eq!(a.standing(d("2026-01-01"), false), Standing::Expired);
    /// assert_eq!(a.standing(d("2026-01-01"), true), Standing::Renewed);
    /// ```
    pub fn standing(&self, on: NaiveDate, renewed: bool) -> Standing {
        match self.status {
            AgreementStatus::Draft | AgreementStatus::Negotiating => return Standing::Unsigned,
            AgreementStatus::Terminated => return Standing::Terminated,
            AgreementStatus::Signed => {}
        }
        if self.starts_on.is_some_and(|s| on < s) {
            return Standing::NotYetInForce;
        }
        let (Some(ends), Some(notice)) = (self.ends_on, self.notice_from()) else {
            return Standing::InForce;
        };
        if on > ends {
            return if renewed {
                Standing::Renewed
            } else if self.auto_renew {
                Standing::InForce
            } else {
                Standing::Expired
            };
        }
        if on >= notice && !renewed {
            Standing::Expiring
        } else {
            Standing::InForce
        }
    }
}

/// An agreement with where it stands on the day asked about (for lists and a workshop's page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgreementRow {
    /// The agreement's fields.
    pub agreement: Agreement,
    /// Where it stands on the day asked about.
    pub standing: Standing,
    /// The signed agreements that renew it, by code.
    pub renewed_by: Vec<String>,
    /// Its attached documents, by name.
    pub documents: Vec<crate::document::Document>,
}

/// The filters of the agreement list. Absent fields do not restrict.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AgreementQuery {
    /// Only the agreements of this workshop (code).
    pub workshop: Option<String>,
    /// Only agreements standing so on the day asked about.
    pub standing: Option<Standing>,
    /// Only agreements ending on or before this day.
    pub ends_before: Option<NaiveDate>,
}

const SELECT: &str = "SELECT a.id, a.code, w.code, a.type, a.title, a.reference, a.parties, a.signed_on, a.starts_on, a.ends_on, a.auto_renew, a.notice_days, a.status, a.responsible, r.code, a.notes FROM agreement a JOIN workshop w ON w.id = a.workshop_id LEFT JOIN agreement r ON r.id = a.renews_id";

fn date(idx: usize, text: Option<String>) -> rusqlite::Result<Option<NaiveDate>> {
    text.map(|d| {
        NaiveDate::parse_from_str(&d, "%Y-%m-%d").map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e))
        })
    })
    .transpose()
}

fn from_row(r: &Row) -> rusqlite::Result<(i64, Agreement)> {
    let kind: String = r.get(3)?;
    let parties: Option<String> = r.get(6)?;
    let status: String = r.get(12)?;
    Ok((
        r.get(0)?,
        Agreement {
            code: r.get(1)?,
            workshop: r.get(2)?,
            kind: stored(3, &kind, AgreementType::parse)?,
            title: r.get(4)?,
            reference: r.get(5)?,
            parties: parties.as_deref().map(fields::list).unwrap_or_default(),
            signed_on: date(7, r.get(7)?)?,
            starts_on: date(8, r.get(8)?)?,
            ends_on: date(9, r.get(9)?)?,
            auto_renew: r.get(10)?,
            notice_days: r.get(11)?,
            status: stored(12, &status, AgreementStatus::parse)?,
            responsible: r.get(13)?,
            renews: r.get(14)?,
            notes: r.get(15)?,
        },
    ))
}

fn day(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d").to_string())
}

/// The agreement with this code, with its row id.
pub(crate) fn get(conn: &Connection, code: &str) -> rusqlite::Result<Option<(i64, Agreement)>> {
    conn.prepare_cached(&format!("{SELECT} WHERE a.code = ?1"))?
        .query_row([code], from_row)
        .optional()
}

/// Every agreement, by code.
pub(crate) fn all(conn: &Connection) -> rusqlite::Result<Vec<Agreement>> {
    conn.prepare(&format!("{SELECT} ORDER BY a.code"))?
        .query_map([], |r| from_row(r).map(|(_, a)| a))?
        .collect()
}

/// Every agreement with where it stands on `on`, by workshop then code.
pub(crate) fn rows(conn: &Connection, on: NaiveDate) -> Result<Vec<AgreementRow>> {
    let agreements = conn
        .prepare(&format!("{SELECT} ORDER BY w.code, a.code"))?
        .query_map([], |r| from_row(r).map(|(_, a)| a))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut documents = crate::document::list(conn, None)?;
    let mut out = Vec::with_capacity(agreements.len());
    for agreement in &agreements {
        let renewed_by: Vec<String> = agreements
            .iter()
            .filter(|r| {
                r.renews.as_deref() == Some(agreement.code.as_str())
                    && r.status == AgreementStatus::Signed
            })
            .map(|r| r.code.clone())
            .collect();
        let (own, rest): (Vec<_>, Vec<_>) = documents
            .into_iter()
            .partition(|d| d.agreement == agreement.code);
        documents = rest;
        out.push(AgreementRow {
            standing: agreement.standing(on, !renewed_by.is_empty()),
            agreement: agreement.clone(),
            renewed_by,
            documents: own,
        });
    }
    Ok(out)
}

/// The agreements matching `query`, with where they stand on `on`.
pub(crate) fn list(
    conn: &Connection,
    query: &AgreementQuery,
    on: NaiveDate,
) -> Result<Vec<AgreementRow>> {
    let workshop = query
        .workshop
        .as_deref()
        .map(clean)
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_uppercase);
    let mut rows = rows(conn, on)?;
    rows.retain(|r| {
        workshop
            .as_deref()
            .is_none_or(|w| r.agreement.workshop == w)
            && query.standing.is_none_or(|s| r.standing == s)
            && query
                .ends_before
                .is_none_or(|d| r.agreement.ends_on.is_some_and(|e| e <= d))
    });
    Ok(rows)
}

/// The agreements of one workshop (code) with where they stand on `on`, by code.
pub(crate) fn of_workshop(
    conn: &Connection,
    code: &str,
    on: NaiveDate,
) -> Result<Vec<AgreementRow>> {
    let mut rows = rows(conn, on)?;
    rows.retain(|r| r.agreement.workshop == code);
    Ok(rows)
}

/// The codes from the agreement `start` (a row id) back through the agreements it renews, stopping
/// at one that renews nothing, or when `target` comes round again (then it is a circle).
fn chain_back(
    conn: &Connection,
    start: i64,
    target: &str,
) -> rusqlite::Result<Option<Vec<String>>> {
    let mut stmt = conn.prepare_cached("SELECT code, renews_id FROM agreement WHERE id = ?1")?;
    let mut chain = Vec::new();
    let mut next = Some(start);
    while let Some(id) = next {
        let Some((code, renews)) = stmt
            .query_row([id], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, Option<i64>>(1)?))
            })
            .optional()?
        else {
            return Ok(None);
        };
        let done = code == target;
        chain.push(code);
        if done {
            return Ok(Some(chain));
        }
        // A chain longer than the table has rows is a circle that does not pass `target`.
        if chain.len() > 100_000 {
            return Ok(None);
        }
        next = renews;
    }
    Ok(None)
}

pub(crate) fn put(w: &mut Writer, f: &dyn Fields, line: u64) -> PutResult {
    let mut c = Check::default();
    let v = |k| f.get(k).unwrap_or("");
    let code = fields::code("code", v("code"));
    let workshop = w.resolve_workshop_by_code_or_name("workshop", v("workshop"))?;
    let kind = fields::vocabulary(
        "type",
        v("type"),
        AgreementType::parse,
        Vocabulary::AgreementType,
    );
    let title = fields::required_text("title", v("title"));
    let signed_on = fields::optional_date("signed_on", v("signed_on"));
    let starts_on = fields::optional_date("starts_on", v("starts_on"));
    let ends_on = fields::optional_date("ends_on", v("ends_on"));
    let auto_renew = match clean(v("auto_renew")) {
        "" => Ok(None),
        text => fields::vocabulary("auto_renew", text, YesNo::parse, Vocabulary::YesNo).map(Some),
    };
    let notice_days = match clean(v("notice_days")) {
        "" => Ok(None),
        text => fields::count("notice_days", text).and_then(|n| {
            if n <= MAX_NOTICE_DAYS {
                Ok(Some(n))
            } else {
                Err(FieldError::new(
                    "notice_days",
                    text,
                    ProblemKind::NumberOutOfRange {
                        min: 0,
                        max: MAX_NOTICE_DAYS,
                    },
                ))
            }
        }),
    };
    let status = fields::vocabulary(
        "status",
        v("status"),
        AgreementStatus::parse,
        Vocabulary::AgreementStatus,
    );
    let renews_text = clean(v("renews"));
    let renews = if renews_text.is_empty() {
        Ok(None)
    } else {
        match fields::code("renews", renews_text) {
            Ok(r) => match w
                .conn
                .prepare_cached("SELECT id FROM agreement WHERE code = ?1")?
                .query_row([&r], |row| row.get::<_, i64>(0))
                .optional()?
            {
                Some(id) => Ok(Some((id, r))),
                None => Err(FieldError::new(
                    "renews",
                    renews_text,
                    ProblemKind::UnknownReference(Entity::Agreements),
                )),
            },
            Err(e) => Err(e),
        }
    };
    if let (Ok(Some(s)), Ok(Some(e))) = (&starts_on, &ends_on) {
        if e < s {
            c.push(FieldError::new(
                "ends_on",
                clean(v("ends_on")),
                ProblemKind::EndsBeforeStart {
                    starts_on: s.format("%Y-%m-%d").to_string(),
                },
            ));
        }
    }
    if let (Ok(code), Ok(Some((renews_id, renews_code)))) = (&code, &renews) {
        let chain = if renews_code == code {
            Some(vec![code.clone()])
        } else {
            chain_back(w.conn, *renews_id, code)?
        };
        if let Some(chain) = chain {
            let mut full = vec![code.clone()];
            full.extend(chain);
            c.push(FieldError::new(
                "renews",
                renews_text,
                ProblemKind::RenewalCycle { chain: full },
            ));
        }
    }
    let (
        code,
        (workshop_id, _),
        kind,
        title,
        signed_on,
        starts_on,
        ends_on,
        auto_renew,
        notice_days,
        status,
        renews,
    ) = c.finish((
        code,
        workshop,
        kind,
        title,
        signed_on,
        starts_on,
        ends_on,
        auto_renew,
        notice_days,
        status,
        renews,
    ))?;
    let old = get(w.conn, &code)?;
    let o = old.as_ref().map(|(_, o)| o);
    // An optional column left out of a file keeps the stored value; present and blank clears it.
    let keep = |field: &str, old_value: Option<&Option<String>>| match f.get(field) {
        Some(text) => fields::optional_text(text),
        None => old_value.cloned().flatten(),
    };
    let keep_date =
        |field: &str, new: Option<NaiveDate>, old_value: Option<Option<NaiveDate>>| match f
            .get(field)
        {
            Some(_) => new,
            None => old_value.flatten(),
        };
    let workshop_code: String = w
        .conn
        .prepare_cached("SELECT code FROM workshop WHERE id = ?1")?
        .query_row([workshop_id], |r| r.get(0))?;
    let new = Agreement {
        reference: keep("reference", o.map(|o| &o.reference)),
        parties: match f.get("parties") {
            Some(text) => fields::list(text),
            None => o.map(|o| o.parties.clone()).unwrap_or_default(),
        },
        signed_on: keep_date("signed_on", signed_on, o.map(|o| o.signed_on)),
        starts_on: keep_date("starts_on", starts_on, o.map(|o| o.starts_on)),
        ends_on: keep_date("ends_on", ends_on, o.map(|o| o.ends_on)),
        auto_renew: match (f.get("auto_renew"), auto_renew) {
            (None, _) => o.is_some_and(|o| o.auto_renew),
            (Some(_), a) => a == Some(YesNo::Yes),
        },
        notice_days: match (f.get("notice_days"), notice_days) {
            (None, _) => o.map_or(DEFAULT_NOTICE_DAYS, |o| o.notice_days),
            (Some(_), n) => n.unwrap_or(DEFAULT_NOTICE_DAYS),
        },
        responsible: keep("responsible", o.map(|o| &o.responsible)),
        renews: match f.get("renews") {
            Some(_) => renews.as_ref().map(|(_, code)| code.clone()),
            None => o.and_then(|o| o.renews.clone()),
        },
        notes: keep("notes", o.map(|o| &o.notes)),
        code,
        workshop: workshop_code,
        kind,
        title,
        status,
    };
    // A kept date may disagree with a new one (a file giving only `ends_on`): the schema's CHECK
    // is the last guard, but the user should read why.
    if let (Some(s), Some(e)) = (new.starts_on, new.ends_on) {
        if e < s {
            return Err(FieldError::new(
                "ends_on",
                &e.format("%Y-%m-%d").to_string(),
                ProblemKind::EndsBeforeStart {
                    starts_on: s.format("%Y-%m-%d").to_string(),
                },
            )
            .into());
        }
    }
    let renews_id: Option<i64> = match (&new.renews, &renews) {
        (None, _) => None,
        (Some(_), Some((id, _))) => Some(*id),
        (Some(code), None) => w
            .conn
            .prepare_cached("SELECT id FROM agreement WHERE code = ?1")?
            .query_row([code], |r| r.get(0))
            .optional()?,
    };
    let values = params![
        new.code,
        workshop_id,
        new.kind.as_str(),
        new.title,
        new.reference,
        (!new.parties.is_empty()).then(|| new.parties.join(";")),
        day(new.signed_on),
        day(new.starts_on),
        day(new.ends_on),
        new.auto_renew,
        new.notice_days,
        new.status.as_str(),
        new.responsible,
        renews_id,
        new.notes
    ];
    let outcome = match &old {
        Some((id, o)) => {
            if let Some(earlier) = w.repeat_of_row(Entity::Agreements, *id, line)? {
                return Err(crate::write::repeated("code", &new.code, earlier).into());
            }
            if *o == new {
                return Ok(Outcome::Unchanged.into());
            }
            w.conn
                .prepare_cached("UPDATE agreement SET workshop_id = ?2, type = ?3, title = ?4, reference = ?5, parties = ?6, signed_on = ?7, starts_on = ?8, ends_on = ?9, auto_renew = ?10, notice_days = ?11, status = ?12, responsible = ?13, renews_id = ?14, notes = ?15 WHERE code = ?1")?
                .execute(values)?;
            Outcome::Updated
        }
        None => {
            w.conn
                .prepare_cached("INSERT INTO agreement (code, workshop_id, type, title, reference, parties, signed_on, starts_on, ends_on, auto_renew, notice_days, status, responsible, renews_id, notes) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)")?
                .execute(values)?;
            let id = w.conn.last_insert_rowid();
            w.repeat_of_row(Entity::Agreements, id, line)?;
            Outcome::Added
        }
    };
    w.changed(Entity::Agreements);
    Ok(outcome.into())
}

/// Agreements go out with every renewed agreement before its renewals, so that an import reading
/// the file from the top finds each `renews` already written; then by code.
pub(crate) fn export(conn: &Connection, row: &mut dyn FnMut(&[&str]) -> Result<()>) -> Result<()> {
    let mut stmt = conn.prepare(&format!(
        "WITH RECURSIVE depth(id, d) AS ( \
           SELECT id, 0 FROM agreement WHERE renews_id IS NULL \
           UNION ALL SELECT a.id, depth.d + 1 FROM agreement a JOIN depth ON a.renews_id = depth.id WHERE depth.d < 100000) \
         {SELECT} LEFT JOIN depth ON depth.id = a.id ORDER BY ifnull(depth.d, 100001), a.code"
    ))?;
    let agreements = stmt
        .query_map([], |r| from_row(r).map(|(_, a)| a))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for a in agreements {
        let d = |d: Option<NaiveDate>| day(d).unwrap_or_default();
        row(&[
            &a.code,
            &a.workshop,
            a.kind.as_str(),
            &a.title,
            a.reference.as_deref().unwrap_or(""),
            &a.parties.join(";"),
            &d(a.signed_on),
            &d(a.starts_on),
            &d(a.ends_on),
            if a.auto_renew {
                YesNo::Yes.as_str()
            } else {
                YesNo::No.as_str()
            },
            &a.notice_days.to_string(),
            a.status.as_str(),
            a.responsible.as_deref().unwrap_or(""),
            a.renews.as_deref().unwrap_or(""),
            a.notes.as_deref().unwrap_or(""),
        ])?;
    }
    Ok(())
}

/// The row id of the agreement with this code.
pub(crate) fn id(conn: &Connection, code: &str) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached("SELECT id FROM agreement WHERE code = ?1")?
        .query_row([clean(code).to_ascii_uppercase()], |r| r.get(0))
        .optional()
}

/// An agreement that another agreement renews cannot be deleted (the renewal would lose what it
/// renews); otherwise its attached documents go with it.
pub(crate) fn impact(conn: &Connection, key: &dyn Fields) -> Result<Impact> {
    let id = id(conn, key_field(key, "code"))?.ok_or_else(|| not_found(Entity::Agreements, key))?;
    let n = count_where(
        conn,
        "SELECT count(*) FROM agreement WHERE renews_id = ?1",
        [id],
    )?;
    if n > 0 {
        return Err(Error::InUse {
            entity: Entity::Agreements,
            key: key_field(key, "code").to_ascii_uppercase(),
            count: n,
            users: Entity::Agreements,
        });
    }
    Ok(Impact {
        documents: crate::document::count_for(conn, "?1", id)?,
        ..Impact::default()
    })
}

/// Deletes the agreement.
pub(crate) fn delete(conn: &Connection, key: &dyn Fields) -> Result<usize> {
    Ok(conn.execute(
        "DELETE FROM agreement WHERE code = ?1",
        [key_field(key, "code").to_ascii_uppercase()],
    )?)
}

/// A form may change an agreement's code (its renewals follow: they refer to it by row).
pub(crate) fn edit(conn: &Connection, original: &dyn Fields, fields: &dyn Fields) -> Result<()> {
    rename_code(conn, Entity::Agreements, original, fields)
}

/// Renewal chains that come round to where they started (only a file edited outside the app can
/// hold one: every write refuses them).
pub(crate) fn check(conn: &Connection) -> Result<Vec<crate::check::Finding>> {
    let mut stmt = conn.prepare(
        "SELECT id, code, renews_id FROM agreement WHERE renews_id IS NOT NULL ORDER BY code",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut findings = Vec::new();
    for (_, code, renews) in rows {
        if let Some(chain) = chain_back(conn, renews, &code)? {
            let mut full = vec![code.clone()];
            full.extend(chain);
            findings.push(crate::check::Finding::RenewalCycle { chain: full });
        }
    }
    Ok(findings)
}
