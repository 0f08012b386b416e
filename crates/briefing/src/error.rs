//! The one error type of the briefing crate.

use std::path::PathBuf;

/// Everything that can go wrong while making a briefing output.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The registry could not compute the report.
    #[error(transparent)]
    Registry(#[from] luban_registry::Error),
    /// A file could not be written.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// Writing to an output stream failed.
    #[error("cannot write output: {0}")]
    Write(#[from] std::io::Error),
    /// Drawing a chart failed.
    #[error("cannot draw the chart: {0}")]
    Chart(String),
    /// Writing CSV failed.
    #[error("cannot write CSV: {0}")]
    Csv(#[from] csv::Error),
    /// Building the Excel workbook failed.
    #[error("cannot write the Excel workbook: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    /// Building the PDF briefing failed: what failed in both languages, and the library's own
    /// words (empty when there are none).
    #[error("cannot write the PDF: {en}{detail}")]
    Pdf {
        /// What failed, in English.
        en: &'static str,
        /// What failed, in Chinese.
        zh: &'static str,
        /// The PDF or SVG library's message, prefixed with ": " when there is one.
        detail: String,
    },
}

impl Error {
    /// A short, stable name for the kind of error, for front ends that style errors by kind.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Registry(e) => e.kind(),
            Error::Io { .. } | Error::Write(_) | Error::Csv(_) => "io",
            Error::Chart(_) => "chart",
            Error::Xlsx(_) => "xlsx",
            Error::Pdf { .. } => "pdf",
        }
    }

    /// The message in Simplified Chinese (the English one is `to_string()`).
    pub fn message_zh(&self) -> String {
        match self {
            Error::Registry(e) => e.message_zh(),
            Error::Io { path, source } => format!("无法写入 {}：{source}", path.display()),
            Error::Write(e) => format!("无法写出输出：{e}"),
            Error::Chart(e) => format!("无法绘制图表：{e}"),
            Error::Csv(e) => format!("无法写入 CSV：{e}"),
            Error::Xlsx(e) => format!("无法写入 Excel 工作簿：{e}"),
            Error::Pdf { zh, detail, .. } => format!("无法写入 PDF：{zh}{detail}"),
        }
    }
}

/// The result type of the briefing crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
