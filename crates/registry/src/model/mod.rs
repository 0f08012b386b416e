//! The values records are made of: the closed vocabularies, the rules for reading one field, and
//! [`Fields`], the view of a record's raw text that CSV rows and forms both give.
//!
//! The records themselves (their columns, structs and storage) are in [`crate::record`].

pub mod fields;
pub mod vocabulary;

pub use vocabulary::{AgreementStatus, AgreementType, ContactSide, YesNo};
pub use vocabulary::{Level, Region, Status, TrainingKind};

/// Where a record's fields come from: a CSV row, a form in the app, a test.
///
/// `None` means the field is absent altogether (the column is not in the file); `Some("")` means blank.
pub trait Fields {
    /// The raw text of a field.
    fn get(&self, field: &str) -> Option<&str>;
}

impl<S: std::hash::BuildHasher> Fields for std::collections::HashMap<String, String, S> {
    fn get(&self, field: &str) -> Option<&str> {
        std::collections::HashMap::get(self, field).map(String::as_str)
    }
}
