//! Briefing outputs over the registry's report model: charts (SVG and PNG), the Excel workbook, the
//! one-page HTML briefing and CSV files of each breakdown.
//!
//! The figures come from [`luban_registry::report::Report`]; this crate only lays them out, so a
//! number reads the same in the app, on the command line and in every file. The heavy dependencies
//! (plotting, font, Excel writer) live here rather than in the core, and there is no GUI dependency.
//!
//! - [`chart`]: bar charts by country and category, the per-year line chart; SVG and PNG.
//! - [`dashboard`]: the charts the app's dashboard shows.
//! - [`tables`]: each breakdown as a table of typed cells, shared by the file formats.
//! - [`csv_out`], [`xlsx`], [`html`], [`pdf`]: the file formats.
//! - [`output`]: one output chosen by format, its default name, saved to disk.
//! - [`labels`]: words and text widths.

#![deny(missing_docs)]

pub mod chart;
pub mod csv_out;
pub mod dashboard;
mod error;
mod glyphs;
pub mod html;
pub mod labels;
pub mod output;
pub mod pdf;
pub mod tables;
pub mod xlsx;

use luban_registry::report::Selection;

pub use chart::{BarMeasure, Chart, ChartKind};
pub use error::{Error, Result};
pub use tables::Breakdown;

/// The default file name of a briefing output: `luban-briefing-SCO-2025-11-23.xlsx`.
///
/// ```
/// use luban_registry::report::Selection;
/// let sco = Selection { groups: vec!["SCO".into()], ..Selection::default() };
/// assert_eq!(luban_briefing::default_file_name(&sco, "2025-11-23", "xlsx"), "luban-briefing-SCO-2025-11-23.xlsx");
/// assert_eq!(luban_briefing::default_file_name(&Selection::default(), "2025-11-23", "html"), "luban-briefing-all-2025-11-23.html");
/// ```
pub fn default_file_name(selection: &Selection, date: &str, extension: &str) -> String {
    format!("luban-briefing-{}-{date}.{extension}", selection.file_tag())
}

/// Today's date as `YYYY-MM-DD` (local time), for file names and "generated" lines.
pub fn today() -> String {
    chrono::Local::now().format("%Y-%m-%d").to_string()
}
