//! Checking a registry: SQLite's own integrity and foreign-key checks, then the rules that depend
//! on today's date (which the schema's CHECK constraints cannot hold). Findings are data, rendered
//! in English or Chinese by [`Finding::message`].

use rusqlite::Connection;
use serde::Serialize;

use crate::error::Result;
use crate::message::Lang;
use crate::record::{each_kind, Entity};

/// How thorough a check is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckDepth {
    /// SQLite's `quick_check` (what the app runs at start-up): fast, skips index contents.
    Quick,
    /// SQLite's `integrity_check`, foreign keys, and the registry's own rules.
    Full,
}

/// Something wrong found in a registry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Finding {
    /// SQLite reports the file damaged (its words).
    Damaged {
        /// What SQLite said.
        detail: String,
    },
    /// A row refers to a row that is not there.
    MissingReference {
        /// The table of the row.
        table: String,
        /// The row.
        rowid: i64,
        /// The table it refers to.
        parent: String,
    },
    /// A year later than the registry accepts today.
    YearAfter {
        /// The kind of record.
        entity: Entity,
        /// The record's key (a workshop's code).
        key: String,
        /// The year stored.
        year: i64,
        /// The newest year accepted.
        max: i32,
    },
    /// A document's stored copy is missing from the document store (removed outside the app).
    DocumentMissing {
        /// The agreement's code.
        agreement: String,
        /// The document's name.
        name: String,
    },
    /// Agreements whose renewals come round to where they started (a file edited outside the app).
    RenewalCycle {
        /// The codes, from an agreement through the ones it renews back to itself.
        chain: Vec<String>,
    },
}

impl Finding {
    /// What was found, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Finding::Damaged { detail } => match lang {
                Lang::En => format!("integrity: {detail}"),
                Lang::Zh => format!("文件损坏：{detail}"),
            },
            Finding::DocumentMissing { agreement, name } => match lang {
                Lang::En => format!(
                    "{agreement}: the stored copy of {name:?} is missing from the document store; attach the file again (luban detach {agreement} {name:?}, then luban attach {agreement} FILE)"
                ),
                Lang::Zh => format!(
                    "{agreement}：文件“{name}”的存档副本已从文件库中丢失；请重新附加（先 luban detach {agreement} \"{name}\"，再 luban attach {agreement} 文件）"
                ),
            },
            Finding::RenewalCycle { chain } => {
                let first = chain.first().map_or("", String::as_str);
                match lang {
                    Lang::En => format!(
                        "{first}: the renewals of these agreements form a circle ({}); in agreements.csv clear renews of one of them",
                        chain.join(" → ")
                    ),
                    Lang::Zh => format!(
                        "{first}：这些协议的续签关系形成了循环（{}）；请在 agreements.csv 中清空其中一项的「续签协议」",
                        chain.join(" → ")
                    ),
                }
            }
            Finding::MissingReference {
                table,
                rowid,
                parent,
            } => match lang {
                Lang::En => format!("{table} row {rowid} refers to a missing {parent}"),
                Lang::Zh => format!("{table} 表第 {rowid} 行引用的 {parent} 不存在"),
            },
            Finding::YearAfter {
                entity,
                key,
                year,
                max,
            } => {
                let what = match entity {
                    Entity::Workshops => "opened_year",
                    Entity::Enrolments => "an enrolment for",
                    Entity::Trainings => "a training count for",
                    Entity::Countries
                    | Entity::MajorCategories
                    | Entity::Majors
                    | Entity::WorkshopMajors
                    | Entity::Agreements
                    | Entity::Contacts => "a year",
                };
                match lang {
                    Lang::En => format!("{key}: {what} {year} is after {max}"),
                    Lang::Zh => format!("{key}：{}的年份 {year} 晚于 {max}", entity.singular_zh()),
                }
            }
        }
    }
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

/// Runs the checks of `depth`.
pub(crate) fn run(conn: &Connection, depth: CheckDepth) -> Result<Vec<Finding>> {
    let mut findings = crate::store::integrity(conn, depth == CheckDepth::Full)?
        .into_iter()
        .map(|detail| Finding::Damaged { detail })
        .collect::<Vec<_>>();
    if depth == CheckDepth::Quick {
        return Ok(findings);
    }
    findings.extend(crate::store::missing_references(conn)?.into_iter().map(
        |(table, rowid, parent)| Finding::MissingReference {
            table,
            rowid,
            parent,
        },
    ));
    for entity in Entity::ALL {
        findings.extend(each_kind!(entity, m => m::check(conn))?);
    }
    Ok(findings)
}
