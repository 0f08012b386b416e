//! The reference data a new registry starts with: every ISO 3166-1 country with its English and
//! Chinese name, region and group tags (from CLDR 48; see `data/README.md`), and the 19 major
//! categories of the 2021 vocational major catalogue.
//!
//! It is shipped as CSV in the interchange format and loaded through the normal importer, so the
//! reference data obeys exactly the rules users' files do.

use crate::error::{Error, Result, Severity};
use crate::record::Entity;
use crate::{import_batch, Input};

/// The ISO 3166-1 codes that are regions of China, not countries (中国香港, 中国澳门, 中国台湾): a
/// selection that includes one is counted in "countries and regions / 国家和地区". The one list
/// of them; the names are in `data/countries.csv`.
pub const REGIONS_OF_CHINA: [&str; 3] = ["HK", "MO", "TW"];

const COUNTRIES: &[u8] = include_bytes!("../data/countries.csv");
const MAJOR_CATEGORIES: &[u8] = include_bytes!("../data/major_categories.csv");

/// Loads the reference data into a registry being created.
pub(crate) fn load(tx: &rusqlite::Transaction) -> Result<()> {
    let files = [
        (Entity::Countries, COUNTRIES),
        (Entity::MajorCategories, MAJOR_CATEGORIES),
    ]
    .into_iter()
    .map(|(entity, bytes)| (entity, entity.file_name(), Input::Bytes(bytes)))
    .collect();
    let mut problems = Vec::new();
    import_batch(tx, files, Default::default(), &mut problems, &mut |_| true)?;
    if problems.iter().any(|p| p.severity == Severity::Error) {
        return Err(Error::Rejected(problems));
    }
    Ok(())
}
