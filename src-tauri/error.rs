//! The one error type that crosses to the webview: `{kind, message, details}`.
//!
//! `kind` is a short stable name the UI may branch on (`invalid`, `rejected`, `in_use`, …), so the
//! UI never classifies errors by matching message text; `details` carries the per-field errors of a
//! form or the per-line problems of an import, for the UI to show beside the field or in the list.

use serde::Serialize;

use luban_registry::{Error, FieldError, Problem};

/// The detail items of an error: field errors of a form, or problems of an import.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Detail {
    /// A field of a form.
    Field(FieldError),
    /// A line (and column) of an imported file.
    Problem(Problem),
}

/// An error as the UI receives it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CommandError {
    /// A stable, short name for the kind of error.
    pub kind: &'static str,
    /// The whole message, in the core's words.
    pub message: String,
    /// The same in Simplified Chinese (the English message again where none exists).
    pub message_zh: String,
    /// The per-field or per-line details; empty when there are none.
    pub details: Vec<Detail>,
}

impl CommandError {
    /// An error of the shell itself (not the core's), with no details.
    pub fn shell(kind: &'static str, message: impl Into<String>) -> Self {
        let message = message.into();
        CommandError {
            kind,
            message_zh: message.clone(),
            message,
            details: Vec::new(),
        }
    }
}

impl From<Error> for CommandError {
    fn from(e: Error) -> Self {
        let details = match &e {
            Error::Invalid(fields) => fields.iter().cloned().map(Detail::Field).collect(),
            Error::Rejected(problems) => problems.iter().cloned().map(Detail::Problem).collect(),
            _ => Vec::new(),
        };
        CommandError {
            kind: e.kind(),
            message: e.to_string(),
            message_zh: e.message_zh(),
            details,
        }
    }
}

/// A briefing output's failure; the core's own errors inside it keep their details.
impl From<luban_briefing::Error> for CommandError {
    fn from(e: luban_briefing::Error) -> Self {
        match e {
            luban_briefing::Error::Registry(e) => e.into(),
            other => CommandError::shell(other.kind(), other.to_string()),
        }
    }
}

/// What every command returns.
pub type CommandResult<T> = Result<T, CommandError>;

#[cfg(test)]
mod tests {
    use super::*;
    use luban_registry::Severity;
    use serde_json::json;

    fn json_of(e: Error) -> serde_json::Value {
        serde_json::to_value(CommandError::from(e)).expect("serialises")
    }

    #[test]
    fn a_form_error_crosses_as_kind_message_and_field_details() {
        let e = Error::Invalid(vec![FieldError {
            field: "opened_year".into(),
            value: "1999".into(),
            message: "year 1999 is out of range; use a year from 2000 to 2030".into(),
            message_zh: "年份 1999 超出范围；请使用 2000 至 2030 之间的年份".into(),
        }]);
        assert_eq!(
            json_of(e),
            json!({
                "kind": "invalid",
                "message": "1 field to fix; nothing was saved",
                "message_zh": "有 1 个字段需要修改；未保存任何内容",
                "details": [{
                    "field": "opened_year",
                    "value": "1999",
                    "message": "year 1999 is out of range; use a year from 2000 to 2030",
                    "message_zh": "年份 1999 超出范围；请使用 2000 至 2030 之间的年份"
                }]
            })
        );
    }

    #[test]
    fn an_import_error_crosses_with_every_problem_by_line_and_column() {
        let e = Error::Rejected(vec![Problem {
            file: "workshops.csv".into(),
            line: 3,
            column: Some("status".into()),
            value: Some("open".into()),
            message: "\"open\" is not a status".into(),
            message_zh: "“open”不是有效的状态".into(),
            severity: Severity::Error,
        }]);
        assert_eq!(
            json_of(e),
            json!({
                "kind": "rejected",
                "message": "1 problem in the input; nothing was written",
                "message_zh": "输入中有 1 个问题；未写入任何内容",
                "details": [{
                    "file": "workshops.csv",
                    "line": 3,
                    "column": "status",
                    "value": "open",
                    "message": "\"open\" is not a status",
                    "message_zh": "“open”不是有效的状态",
                    "severity": "error"
                }]
            })
        );
    }

    #[test]
    fn other_errors_cross_with_empty_details() {
        assert_eq!(
            json_of(Error::Cancelled),
            json!({"kind": "cancelled", "message": "cancelled; nothing was written", "message_zh": "已取消；未写入任何内容", "details": []})
        );
    }
}
