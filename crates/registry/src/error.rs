//! The errors of the registry core, and the positioned problems found in input.
//!
//! Input problems are data, not strings: a [`Problem`] carries the file, line, column and value so that
//! the command line can print `FILE:LINE: column: message` and the desktop app can show the message
//! beside the offending field or in the import list.

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

/// Everything that can go wrong in the registry core.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read or written.
    #[error("cannot use {path}: {source}")]
    Io {
        /// The file or folder concerned.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// SQLite refused an operation the core expected to succeed.
    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),
    /// The registry file was written by a newer version of the app; it was not modified.
    #[error("{path} was written by a newer version of Luban Registry (schema version {found}; this version knows up to {supported}). The file was left untouched: install the newer version to open it")]
    NewerSchema {
        /// The registry file.
        path: PathBuf,
        /// The schema version found in the file.
        found: i64,
        /// The newest schema version this build knows.
        supported: i64,
    },
    /// The file exists but is not a Luban registry (another SQLite database, or not SQLite at all).
    #[error("{path} is not a Luban registry ({reason}). The file was left untouched: choose another file or move it away")]
    NotARegistry {
        /// The file that was refused.
        path: PathBuf,
        /// Why it was refused.
        reason: String,
    },
    /// Writing CSV failed (usually the disk or the output stream).
    #[error("cannot write CSV: {0}")]
    Csv(#[from] csv::Error),
    /// Input was rejected because of these problems; nothing was written.
    #[error("{} in the input; nothing was written", count(.0.len(), "problem"))]
    Rejected(Vec<Problem>),
    /// A single record (typed in a form) has invalid fields; nothing was written.
    #[error("{} to fix; nothing was saved", count(.0.len(), "field"))]
    Invalid(Vec<FieldError>),
    /// The record asked for does not exist.
    #[error("there is no {entity} {key}")]
    NotFound {
        /// The kind of record (`workshop`, `country`, …).
        entity: &'static str,
        /// Its key as the user gave it.
        key: String,
    },
    /// The record cannot be deleted while other records use it; nothing was deleted.
    #[error("{entity} {key} is still used by {users}; change or delete those first")]
    InUse {
        /// The kind of record (`country`, `major`, …).
        entity: &'static str,
        /// Its key.
        key: String,
        /// What uses it, counted (`3 workshops`).
        users: String,
    },
    /// A file name or entity name that the registry does not know.
    #[error("{0:?} is not a registry file; use one of: countries, major_categories, majors, workshops, workshop_majors, enrolments, trainings")]
    UnknownEntity(String),
    /// The user cancelled a long import or export; nothing was written.
    #[error("cancelled; nothing was written")]
    Cancelled,
    /// The operating system gave no per-user data folder to keep the registry in.
    #[error("the operating system reports no per-user data folder; give the registry file with --db PATH or LUBAN_DB")]
    NoDataFolder,
}

fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The result type of the registry core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Wraps an I/O error with the path it concerns.
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// A short, stable name for the kind of error, for front ends that style errors by kind.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Io { .. } | Error::Csv(_) => "io",
            Error::Database(_) => "database",
            Error::NewerSchema { .. } => "newer_schema",
            Error::NotARegistry { .. } => "not_a_registry",
            Error::Rejected(_) => "rejected",
            Error::Invalid(_) => "invalid",
            Error::NotFound { .. } => "not_found",
            Error::InUse { .. } => "in_use",
            Error::UnknownEntity(_) => "unknown_entity",
            Error::NoDataFolder => "no_data_folder",
            Error::Cancelled => "cancelled",
        }
    }
}

impl Error {
    /// The message in Simplified Chinese, for the app's Chinese interface (the English one is
    /// `to_string()`). Details (problems, field errors) carry their own `message_zh`.
    pub fn message_zh(&self) -> String {
        let entity_zh = |singular: &str| {
            crate::model::Entity::ALL
                .iter()
                .find(|e| e.singular() == singular)
                .map_or(singular.to_string(), |e| e.singular_zh().to_string())
        };
        match self {
            Error::Io { path, source } => format!("无法使用 {}：{source}", path.display()),
            Error::Database(e) => format!("数据库错误：{e}"),
            Error::NewerSchema { path, found, supported } => format!(
                "{} 由更新版本的鲁班工坊登记册创建（数据结构版本 {found}，本版本最高支持 {supported}）。文件未被改动：请安装新版本后再打开",
                path.display()
            ),
            Error::NotARegistry { path, reason } => format!(
                "{} 不是鲁班工坊登记册（{reason}）。文件未被改动：请选择其他文件，或将其移走",
                path.display()
            ),
            Error::Csv(e) => format!("无法写入 CSV：{e}"),
            Error::Rejected(problems) => format!("输入中有 {} 个问题；未写入任何内容", problems.len()),
            Error::Invalid(fields) => format!("有 {} 个字段需要修改；未保存任何内容", fields.len()),
            Error::NotFound { entity, key } => format!("没有{} {key}", entity_zh(entity)),
            Error::InUse { entity, key, users } => format!(
                "{} {key} 仍被使用（{users}）；请先修改或删除相关记录",
                entity_zh(entity)
            ),
            Error::UnknownEntity(name) => format!(
                "“{name}”不是登记册文件；请使用：countries、major_categories、majors、workshops、workshop_majors、enrolments、trainings"
            ),
            Error::Cancelled => "已取消；未写入任何内容".to_string(),
            Error::NoDataFolder => "操作系统未提供用户数据文件夹；请用 --db PATH 或 LUBAN_DB 指定登记册文件".to_string(),
        }
    }
}

/// How serious a [`Problem`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The input cannot be accepted as it is.
    Error,
    /// Accepted, but worth a look (for example figures dated before a workshop opened).
    Warning,
}

/// One problem found in an input file, with where it is and what would fix it.
///
/// ```
/// use luban_registry::{Problem, Severity};
/// let p = Problem {
///     file: "workshops.csv".into(),
///     line: 7,
///     column: Some("opened_year".into()),
///     value: Some("1999".into()),
///     message: "year 1999 is out of range; use a year from 2000 to 2027".into(),
///     message_zh: "年份 1999 超出范围；请使用 2000 至 2027 之间的年份".into(),
///     severity: Severity::Error,
/// };
/// assert_eq!(p.to_string(), "workshops.csv:7: opened_year: year 1999 is out of range; use a year from 2000 to 2027");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The file name as the user knows it.
    pub file: String,
    /// The physical line where the record starts (the header is line 1); 0 when about the whole file.
    pub line: u64,
    /// The column (field name) concerned, if any.
    pub column: Option<String>,
    /// The offending value as read, if any.
    pub value: Option<String>,
    /// What is wrong and how to fix it.
    pub message: String,
    /// The same in Simplified Chinese, for the app's Chinese interface.
    pub message_zh: String,
    /// Error or warning.
    pub severity: Severity,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: ", self.file, self.line)?;
        if let Some(column) = &self.column {
            write!(f, "{column}: ")?;
        }
        if self.severity == Severity::Warning {
            write!(f, "warning: ")?;
        }
        f.write_str(&self.message)
    }
}

/// A problem with one field of one record, before it is placed in a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The field name (the CSV column name in English).
    pub field: String,
    /// The value as given.
    pub value: String,
    /// What is wrong and how to fix it.
    pub message: String,
    /// The same in Simplified Chinese.
    pub message_zh: String,
}

impl FieldError {
    /// A field error with its message in English and Chinese.
    pub fn new(
        field: &str,
        value: &str,
        message: impl Into<String>,
        message_zh: impl Into<String>,
    ) -> Self {
        FieldError {
            field: field.to_string(),
            value: value.to_string(),
            message: message.into(),
            message_zh: message_zh.into(),
        }
    }

    /// Places the field error at a line of a file.
    pub(crate) fn at(self, file: &str, line: u64, severity: Severity) -> Problem {
        Problem {
            file: file.to_string(),
            line,
            column: Some(self.field),
            value: Some(self.value),
            message: self.message,
            message_zh: self.message_zh,
            severity,
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}
