//! Integration tests of the registry core, against real SQLite files in temporary folders and real
//! CSV bytes. One behaviour per test, named as a sentence.

mod app;
mod atomic_file;
mod backup;
mod columns;
mod common_names;
mod custom_fields;
mod date_order;
mod documents;
mod due;
mod encodings;
mod export;
mod guards;
mod history;
mod import;
mod normalise;
mod partnership;
mod positions;
mod read_only;
mod references;
mod report;
mod roundtrip;
mod storage;
mod support;
mod totals;
mod workbook;
