//! Integration tests of the registry core, against real SQLite files in temporary folders and real
//! CSV bytes. One behaviour per test, named as a sentence.

mod app;
mod atomic_file;
mod backup;
mod documents;
mod due;
mod export;
mod guards;
mod history;
mod import;
mod partnership;
mod read_only;
mod report;
mod roundtrip;
mod storage;
mod support;
mod workbook;
