//! The people of a partnership: `contacts.csv`, the `contact` table, keyed by workshop and name
//! (a name is one key in any letter case). A contact goes with its workshop when it is deleted.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use super::{key, key_field, not_found, opt, order_of, req, stored, Edit, Entity, Impact, Info};
use crate::error::{FieldError, ProblemKind, Result, Vocabulary};
use crate::model::fields::{self, clean};
use crate::model::{ContactSide, Fields};
use crate::write::{Check, Outcome, PutResult, Writer};

pub(crate) const INFO: Info = Info {
    stem: "contacts",
    table: "contact",
    name: "contact",
    one: "contact",
    many: "contacts",
    zh: "联系人",
    columns: &[
        key("workshop", "工坊", "Workshop"),
        key("name", "姓名", "Name"),
        req("side", "所属方", "Side"),
        opt("role", "职务", "Role"),
        opt("email", "电子邮箱", "E-mail"),
        opt("phone", "电话", "Phone"),
        opt("wechat", "微信", "WeChat"),
        opt("notes", "备注", "Notes"),
    ],
    edit: Edit::Row { field: "name" },
};

/// A person to reach about a workshop's partnership.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    /// The workshop's code.
    pub workshop: String,
    /// The person's name, as they write it.
    pub name: String,
    /// The partner abroad or the Chinese side.
    pub side: ContactSide,
    /// Their role (director, coordinator, …).
    pub role: Option<String>,
    /// One e-mail address.
    pub email: Option<String>,
    /// Phone number, as written.
    pub phone: Option<String>,
    /// WeChat ID.
    pub wechat: Option<String>,
    /// Free notes.
    pub notes: Option<String>,
}

const SELECT: &str = "SELECT c.id, w.code, c.name, c.side, c.role, c.email, c.phone, c.wechat, c.notes FROM contact c JOIN workshop w ON w.id = c.workshop_id";

fn from_row(r: &Row) -> rusqlite::Result<(i64, Contact)> {
    let side: String = r.get(3)?;
    Ok((
        r.get(0)?,
        Contact {
            workshop: r.get(1)?,
            name: r.get(2)?,
            side: stored(3, &side, ContactSide::parse)?,
            role: r.get(4)?,
            email: r.get(5)?,
            phone: r.get(6)?,
            wechat: r.get(7)?,
            notes: r.get(8)?,
        },
    ))
}

/// Every contact (of one workshop, or all), by workshop, side (partner first) and name.
pub(crate) fn all(conn: &Connection, workshop: Option<&str>) -> rusqlite::Result<Vec<Contact>> {
    let sql = format!(
        "{SELECT} WHERE ?1 IS NULL OR w.code = ?1 ORDER BY w.code, {}, c.name",
        order_of("c.side", ContactSide::ALL, ContactSide::as_str)
    );
    conn.prepare(&sql)?
        .query_map(params![workshop], |r| from_row(r).map(|(_, c)| c))?
        .collect()
}

/// Whether `text` reads as one e-mail address: one `@`, something before it, a domain with a dot
/// after it, and no spaces, commas or semicolons (which would mean several addresses).
fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    let bad = |c: char| c.is_whitespace() || matches!(c, ',' | ';' | '；' | '，' | '@' | '<' | '>');
    !local.is_empty()
        && !local.chars().any(bad)
        && !domain.chars().any(bad)
        && domain.split('.').count() >= 2
        && domain.split('.').all(|part| !part.is_empty())
}

const FIND: &str = "SELECT id FROM contact WHERE workshop_id = ?1 AND name = ?2";

pub(crate) fn put(w: &mut Writer, f: &dyn Fields, line: u64) -> PutResult {
    let v = |k| f.get(k).unwrap_or("");
    let workshop = w.resolve_workshop_by_code_or_name("workshop", v("workshop"))?;
    let name = fields::required_text("name", v("name"));
    let side = fields::vocabulary(
        "side",
        v("side"),
        ContactSide::parse,
        Vocabulary::ContactSide,
    );
    let email = match clean(v("email")) {
        "" => Ok(None),
        text if is_email(text) => Ok(Some(text.to_string())),
        text => Err(FieldError::new("email", text, ProblemKind::NotAnEmail)),
    };
    let ((workshop_id, _), name, side, email) =
        Check::default().finish((workshop, name, side, email))?;
    let old = w
        .conn
        .prepare_cached(&format!(
            "{SELECT} WHERE c.workshop_id = ?1 AND c.name = ?2"
        ))?
        .query_row(params![workshop_id, name], from_row)
        .optional()?;
    let workshop_code: String = w
        .conn
        .prepare_cached("SELECT code FROM workshop WHERE id = ?1")?
        .query_row([workshop_id], |r| r.get(0))?;
    let o = old.as_ref().map(|(_, o)| o);
    // An optional column left out of a file keeps the stored value; present and blank clears it.
    let keep = |field: &str, old_value: Option<&Option<String>>| match f.get(field) {
        Some(text) => fields::optional_text(text),
        None => old_value.cloned().flatten(),
    };
    let new = Contact {
        workshop: workshop_code,
        // A name that differs only in letter case is the same contact: the stored spelling stays.
        name: o.map_or(name, |o| o.name.clone()),
        side,
        role: keep("role", o.map(|o| &o.role)),
        email: match f.get("email") {
            Some(_) => email,
            None => o.and_then(|o| o.email.clone()),
        },
        phone: keep("phone", o.map(|o| &o.phone)),
        wechat: keep("wechat", o.map(|o| &o.wechat)),
        notes: keep("notes", o.map(|o| &o.notes)),
    };
    let outcome = match &old {
        Some((id, o)) => {
            if let Some(earlier) = w.repeat_of_row(Entity::Contacts, *id, line)? {
                return Err(
                    crate::write::repeated("workshop", clean(v("workshop")), earlier).into(),
                );
            }
            if *o == new {
                return Ok(Outcome::Unchanged.into());
            }
            w.conn
                .prepare_cached("UPDATE contact SET side = ?2, role = ?3, email = ?4, phone = ?5, wechat = ?6, notes = ?7 WHERE id = ?1")?
                .execute(params![id, new.side.as_str(), new.role, new.email, new.phone, new.wechat, new.notes])?;
            Outcome::Updated
        }
        None => {
            w.conn
                .prepare_cached("INSERT INTO contact (workshop_id, name, side, role, email, phone, wechat, notes) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")?
                .execute(params![workshop_id, new.name, new.side.as_str(), new.role, new.email, new.phone, new.wechat, new.notes])?;
            let id = w.conn.last_insert_rowid();
            w.repeat_of_row(Entity::Contacts, id, line)?;
            Outcome::Added
        }
    };
    w.changed(Entity::Contacts);
    Ok(outcome.into())
}

pub(crate) fn export(conn: &Connection, row: &mut dyn FnMut(&[&str]) -> Result<()>) -> Result<()> {
    for c in all(conn, None)? {
        let o = |v: &Option<String>| v.clone().unwrap_or_default();
        row(&[
            &c.workshop,
            &c.name,
            c.side.as_str(),
            &o(&c.role),
            &o(&c.email),
            &o(&c.phone),
            &o(&c.wechat),
            &o(&c.notes),
        ])?;
    }
    Ok(())
}

/// The row id of the contact named by its key fields.
fn find(conn: &Connection, key: &dyn Fields) -> Result<i64> {
    let missing = || not_found(Entity::Contacts, key);
    let workshop = super::workshop::id(conn, key_field(key, "workshop"))?.ok_or_else(missing)?;
    conn.prepare_cached(FIND)?
        .query_row(params![workshop, key_field(key, "name")], |r| r.get(0))
        .optional()?
        .ok_or_else(missing)
}

/// Nothing goes with a contact.
pub(crate) fn impact(conn: &Connection, key: &dyn Fields) -> Result<Impact> {
    find(conn, key)?;
    Ok(Impact::default())
}

pub(crate) fn delete(conn: &Connection, key: &dyn Fields) -> Result<usize> {
    Ok(conn.execute("DELETE FROM contact WHERE id = ?1", [find(conn, key)?])?)
}

/// Editing a contact replaces it: the original goes, the form's contact is added (so a name can be
/// corrected; a name the workshop already has is refused).
pub(crate) fn edit(conn: &Connection, original: &dyn Fields, _fields: &dyn Fields) -> Result<()> {
    delete(conn, original).map(|_| ())
}

/// No rule about contacts depends on today's date.
pub(crate) fn check(_conn: &Connection) -> Result<Vec<crate::check::Finding>> {
    Ok(Vec::new())
}
