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
    /// A warning, not damage: the registry file is inside a folder a cloud service syncs (see
    /// [`synced_folder`]); syncing a SQLite file while it is open can corrupt it.
    SyncedFolder {
        /// The service: `OneDrive`, `Dropbox`, `iCloud Drive` or `Google Drive`.
        service: String,
        /// The synced folder the registry is in.
        folder: String,
    },
}

/// The cloud-synced folder `path` is inside, if any, as (service, that folder): a folder named
/// `OneDrive` (also `OneDrive - Company`, macOS `OneDrive-Personal`), `Dropbox` (also
/// `Dropbox (Team)`), iCloud Drive (`Library/Mobile Documents`, `iCloud Drive`, Windows
/// `iCloudDrive`) or Google Drive (`Google Drive`, `My Drive`, `GoogleDrive-…`). Folder names are
/// compared in any case, and `\` and `/` both separate them, so Windows and macOS paths are
/// read alike on every system. The one rule for the warning of `check` and the app.
pub fn synced_folder(path: &std::path::Path) -> Option<(&'static str, String)> {
    let text = path.to_string_lossy();
    let mut start = 0;
    let mut previous = "";
    for (end, _) in text
        .match_indices(['/', '\\'])
        .chain(std::iter::once((text.len(), "")))
    {
        let name = &text[start..end];
        let lower = name.to_lowercase();
        let service = if lower.starts_with("onedrive") {
            Some("OneDrive")
        } else if lower == "dropbox"
            || lower.starts_with("dropbox (")
            || lower.starts_with("dropbox-")
        {
            Some("Dropbox")
        } else if lower == "icloud drive"
            || lower == "iclouddrive"
            || (lower == "mobile documents" && previous.eq_ignore_ascii_case("library"))
        {
            Some("iCloud Drive")
        } else if lower == "google drive" || lower == "my drive" || lower.starts_with("googledrive")
        {
            Some("Google Drive")
        } else {
            None
        };
        // The last name is the file's own: a registry file named `Dropbox` is not in a folder.
        if let (Some(service), false) = (service, end == text.len()) {
            return Some((service, text[..end].to_string()));
        }
        previous = name;
        start = end + 1;
    }
    None
}

impl Finding {
    /// Whether this is a warning (the registry is sound; something around it is risky) rather
    /// than a problem in the registry.
    pub fn is_warning(&self) -> bool {
        matches!(self, Finding::SyncedFolder { .. })
    }

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
            Finding::SyncedFolder { service, folder } => match lang {
                Lang::En => format!(
                    "warning: the registry is inside a {service} folder ({folder}). Syncing a registry file while it is open can corrupt it: keep the registry in a folder that is not synced (move it, or choose another with --db or LUBAN_DB). Copies of backups may be kept in the synced folder"
                ),
                Lang::Zh => format!(
                    "警告：登记册位于 {service} 同步文件夹中（{folder}）。在登记册打开时同步其文件可能损坏文件：请将登记册放在不同步的文件夹中（移走，或用 --db 或 LUBAN_DB 另选位置）。备份的副本可以保存在同步文件夹中"
                ),
            },
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

#[cfg(test)]
mod tests {
    use super::synced_folder;
    use std::path::Path;

    fn service(path: &str) -> Option<&'static str> {
        synced_folder(Path::new(path)).map(|(s, _)| s)
    }

    #[test]
    fn windows_paths_in_synced_folders_are_told() {
        assert_eq!(
            synced_folder(Path::new(
                r"C:\Users\li\OneDrive\Documents\registry.sqlite3"
            )),
            Some(("OneDrive", r"C:\Users\li\OneDrive".to_string()))
        );
        assert_eq!(
            service(r"C:\Users\li\OneDrive - Tianjin College\r.sqlite3"),
            Some("OneDrive")
        );
        assert_eq!(
            service(r"D:\Dropbox (Team)\鲁班\r.sqlite3"),
            Some("Dropbox")
        );
        assert_eq!(
            service(r"C:\Users\li\iCloudDrive\r.sqlite3"),
            Some("iCloud Drive")
        );
        assert_eq!(service(r"G:\My Drive\r.sqlite3"), Some("Google Drive"));
        assert_eq!(
            service(r"C:\Users\li\Google Drive\r.sqlite3"),
            Some("Google Drive")
        );
    }

    #[test]
    fn macos_paths_in_synced_folders_are_told() {
        assert_eq!(
            synced_folder(Path::new(
                "/Users/li/Library/Mobile Documents/com~apple~CloudDocs/registry.sqlite3"
            )),
            Some((
                "iCloud Drive",
                "/Users/li/Library/Mobile Documents".to_string()
            ))
        );
        assert_eq!(
            service("/Users/li/Library/CloudStorage/OneDrive-Personal/r.sqlite3"),
            Some("OneDrive")
        );
        assert_eq!(service("/Users/li/Dropbox/r.sqlite3"), Some("Dropbox"));
        assert_eq!(
            service("/Users/li/Library/CloudStorage/GoogleDrive-li@example.com/My Drive/r.sqlite3"),
            Some("Google Drive")
        );
    }

    #[test]
    fn ordinary_folders_and_look_alike_file_names_are_not_synced() {
        assert_eq!(
            service(r"C:\Users\li\AppData\Roaming\org.lubanregistry.desktop\registry.sqlite3"),
            None
        );
        assert_eq!(
            service(
                "/Users/li/Library/Application Support/org.lubanregistry.desktop/registry.sqlite3"
            ),
            None
        );
        assert_eq!(service("/home/li/Documents/Dropbox"), None);
        assert_eq!(service("/home/li/Mobile Documents/r.sqlite3"), None);
    }
}
