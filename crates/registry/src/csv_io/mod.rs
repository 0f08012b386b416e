//! CSV in and out: the interchange contract with Excel and WPS (see `docs/csv-format.md`).
//!
//! - [`sniff`] tells the encoding and delimiter of a file.
//! - [`guard`] keeps Excel from running cells as formulas, reversibly.
//! - `lines` counts physical lines (LF, CRLF, CR) for the positions of problems.
//! - [`import`] validates every row and writes in the caller's transaction.
//! - [`export`] writes stored forms in key order.

pub mod export;
pub mod guard;
pub mod import;
mod lines;
pub mod sniff;

pub use export::ExportOptions;
pub use import::ImportSummary;
pub use sniff::Detected;
