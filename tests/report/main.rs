//! Integration tests of the briefing reports: the figures of every selection kind, the headline
//! sentence, tracing figures to rows, every export format, and the sample registry.
//!
//! Each test builds a real registry file in a temporary folder through the normal import path.

mod bars;
mod exports;
mod figures;
mod institutions;
mod own_fields;
mod sample;
mod support;
mod trace;
mod workbook;
