//! Integration tests of the registry core, against real SQLite files in temporary folders and real
//! CSV bytes. One behaviour per test, named as a sentence.

mod app;
mod atomic_file;
mod common_names;
mod date_order;
mod encodings;
mod export;
mod import;
mod normalise;
mod positions;
mod references;
mod report;
mod roundtrip;
mod storage;
mod support;
mod workbook;
