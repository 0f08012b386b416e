//! The one error type that crosses to the webview: `{kind, message, details}`.
//!
//! `kind` is a short stable name the UI may branch on (`invalid`, `rejected`, `in_use`, …), so the
//! UI never classifies errors by matching message text; `details` carries the per-field errors of a
//! form or the per-line problems of an import, for the UI to show beside the field or in the list.

use serde::Serialize;

use luban_registry::{Error, FieldError, Lang, Problem};

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

/// The shell's own failures (not the core's), in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShellError {
    /// Confirming or re-previewing an import before a file was chosen.
    NoFileChosen,
    /// "Open containing folder" before any export.
    NothingExported,
    /// A second long task while one is under way.
    Busy,
    /// The blocking task stopped unexpectedly.
    TaskStopped,
    /// The native file dialog could not be opened.
    Dialog,
    /// The file manager could not show the file.
    Reveal,
    /// The system has no viewer that would open an attached document.
    OpenDocument,
    /// A backup the Backups screen named is not (or no longer) in the backups folder.
    NoSuchBackup,
    /// The start-up screen's restore when the registry is not damaged or has no good backup.
    NothingToRestore,
}

impl ShellError {
    fn kind(self) -> &'static str {
        match self {
            ShellError::NoFileChosen => "no_file",
            ShellError::NothingExported => "no_file",
            ShellError::Busy => "busy",
            ShellError::TaskStopped => "internal",
            ShellError::Dialog => "dialog",
            ShellError::Reveal => "reveal",
            ShellError::OpenDocument => "open_document",
            ShellError::NoSuchBackup => "not_found",
            ShellError::NothingToRestore => "not_found",
        }
    }

    fn message(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (ShellError::NoFileChosen, Lang::En) => "choose a file to import first",
            (ShellError::NoFileChosen, Lang::Zh) => "请先选择要导入的文件",
            (ShellError::NothingExported, Lang::En) => "nothing has been exported yet",
            (ShellError::NothingExported, Lang::Zh) => "尚未导出任何文件",
            (ShellError::Busy, Lang::En) => {
                "another import or export is under way; wait for it to finish or cancel it"
            }
            (ShellError::Busy, Lang::Zh) => "另一项导入或导出正在进行；请等待其完成或将其取消",
            (ShellError::TaskStopped, Lang::En) => "the task stopped unexpectedly; try again",
            (ShellError::TaskStopped, Lang::Zh) => "任务意外中止；请重试",
            (ShellError::Dialog, Lang::En) => "cannot open the file dialog",
            (ShellError::Dialog, Lang::Zh) => "无法打开文件对话框",
            (ShellError::Reveal, Lang::En) => "the file manager could not show the exported file",
            (ShellError::Reveal, Lang::Zh) => "文件管理器无法显示导出的文件",
            (ShellError::OpenDocument, Lang::En) => {
                "the system could not open the document; install a viewer for this kind of file (PDF reader, Word) and try again"
            }
            (ShellError::OpenDocument, Lang::Zh) => {
                "系统无法打开该文件；请安装能打开此类文件的程序（PDF 阅读器、Word）后重试"
            }
            (ShellError::NoSuchBackup, Lang::En) => {
                "that backup is no longer in the backups folder; the list was refreshed"
            }
            (ShellError::NoSuchBackup, Lang::Zh) => "备份文件夹中已没有该备份；列表已刷新",
            (ShellError::NothingToRestore, Lang::En) => {
                "there is no good backup to restore the registry from; nothing was changed"
            }
            (ShellError::NothingToRestore, Lang::Zh) => "没有可用于恢复登记册的完好备份；未做任何改动",
        }
    }
}

impl ShellError {
    /// The error with what the operating system said appended (in both languages).
    pub fn because(self, cause: impl std::fmt::Display) -> CommandError {
        CommandError {
            kind: self.kind(),
            message: format!("{}: {cause}", self.message(Lang::En)),
            message_zh: format!("{}：{cause}", self.message(Lang::Zh)),
            details: Vec::new(),
        }
    }
}

impl From<ShellError> for CommandError {
    fn from(e: ShellError) -> Self {
        CommandError {
            kind: e.kind(),
            message: e.message(Lang::En).to_string(),
            message_zh: e.message(Lang::Zh).to_string(),
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
            other => CommandError {
                kind: other.kind(),
                message: other.to_string(),
                message_zh: other.message_zh(),
                details: Vec::new(),
            },
        }
    }
}

/// What every command returns.
pub type CommandResult<T> = Result<T, CommandError>;

#[cfg(test)]
mod tests {
    use super::*;
    use luban_registry::{ProblemKind, Severity, Vocabulary};
    use serde_json::json;

    fn json_of(e: Error) -> serde_json::Value {
        serde_json::to_value(CommandError::from(e)).expect("serialises")
    }

    #[test]
    fn a_form_error_crosses_as_kind_message_and_field_details() {
        let e = Error::Invalid(vec![FieldError::new(
            "opened_year",
            "1999",
            ProblemKind::YearOutOfRange {
                year: 1999,
                max: 2030,
            },
        )]);
        assert_eq!(
            json_of(e),
            json!({
                "kind": "invalid",
                "message": "1 field to fix; nothing was saved",
                "message_zh": "有 1 个字段需要修改；未保存任何内容",
                "details": [{
                    "field": "opened_year",
                    "value": "1999",
                    "problem": "year_out_of_range",
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
            kind: ProblemKind::NotInVocabulary(Vocabulary::Status),
            severity: Severity::Error,
            sheet: None,
            column_letter: None,
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
                    "problem": "not_in_vocabulary",
                    "message": "\"open\" is not a status; use one of planned (筹建中), active (运营中), suspended (暂停), closed (关闭)",
                    "message_zh": "“open”不是有效的状态；请使用：planned (筹建中), active (运营中), suspended (暂停), closed (关闭)",
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
