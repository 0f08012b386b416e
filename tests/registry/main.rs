//! Integration tests of the registry core, against real SQLite files in temporary folders and real
//! CSV bytes. One behaviour per test, named as a sentence.

mod app;
mod atomic_file;
mod documents;
mod due;
mod export;
mod import;
mod partnership;
mod report;
mod roundtrip;
mod storage;
mod support;
