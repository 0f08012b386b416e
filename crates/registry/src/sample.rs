//! The sample registry: the real Luban Workshops documented in public sources, shipped as the CSV
//! files under `assets/sample/` and loaded through the normal importer.
//!
//! The files are embedded in the binary (`include_bytes!`), so `luban init --sample` and the app's
//! "Load sample registry" button work without the source tree. Loading validates every row like any
//! import, in one transaction, and never touches a registry that already holds workshops unless the
//! caller asks to replace them.

use serde::Serialize;

use crate::error::{Error, Result};
use crate::record::{self, Entity};
use crate::{import_batch, ImportSummary, Input, Registry};

/// The sample's files, in dependency order, as (entity, file name, bytes).
pub const FILES: [(Entity, &str, &[u8]); 6] = [
    (
        Entity::Majors,
        "majors.csv",
        include_bytes!("../../../assets/sample/majors.csv"),
    ),
    (
        Entity::Workshops,
        "workshops.csv",
        include_bytes!("../../../assets/sample/workshops.csv"),
    ),
    (
        Entity::WorkshopMajors,
        "workshop_majors.csv",
        include_bytes!("../../../assets/sample/workshop_majors.csv"),
    ),
    (
        Entity::Enrolments,
        "enrolments.csv",
        include_bytes!("../../../assets/sample/enrolments.csv"),
    ),
    (
        Entity::Trainings,
        "trainings.csv",
        include_bytes!("../../../assets/sample/trainings.csv"),
    ),
    (
        Entity::Agreements,
        "agreements.csv",
        include_bytes!("../../../assets/sample/agreements.csv"),
    ),
];

/// What to do when the registry already holds workshops.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum IfNotEmpty {
    /// Load nothing and say how many workshops are there (the caller asks the user).
    #[default]
    Refuse,
    /// Delete every workshop, major and figure (keeping countries and categories), then load the
    /// sample, all in one transaction.
    Replace,
}

/// The result of [`Registry::load_sample`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum SampleOutcome {
    /// The sample was loaded; one summary per file.
    Loaded {
        /// What each file added.
        files: Vec<ImportSummary>,
    },
    /// Nothing was written because the registry already holds workshops.
    Refused {
        /// How many workshops it holds.
        workshops: i64,
    },
}

/// What replacing a registry's contents with the sample deletes, for the question asked first.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Replaced {
    /// Workshops.
    pub workshops: i64,
    /// Majors (every major, linked to a workshop or not).
    pub majors: i64,
    /// Enrolment rows.
    pub enrolments: i64,
    /// Training rows.
    pub trainings: i64,
    /// Agreements (they go with their workshops).
    pub agreements: i64,
    /// Contacts (they go with their workshops).
    pub contacts: i64,
    /// Attached documents (they go with their agreements).
    pub documents: i64,
}

impl Registry {
    /// What [`Registry::load_sample`] with [`IfNotEmpty::Replace`] would delete: every workshop,
    /// major, enrolment and training row, agreement, contact and attached document (countries and
    /// categories stay).
    pub fn sample_replaces(&self) -> Result<Replaced> {
        Ok(Replaced {
            workshops: record::count(&self.conn, Entity::Workshops)?,
            majors: record::count(&self.conn, Entity::Majors)?,
            enrolments: record::count(&self.conn, Entity::Enrolments)?,
            trainings: record::count(&self.conn, Entity::Trainings)?,
            agreements: record::count(&self.conn, Entity::Agreements)?,
            contacts: record::count(&self.conn, Entity::Contacts)?,
            documents: crate::document::list(&self.conn, None)?.len() as i64,
        })
    }

    /// Loads the sample registry into this one. A registry that already holds workshops is left
    /// untouched unless `if_not_empty` is [`IfNotEmpty::Replace`] and `confirmed` is `true` (the
    /// user was told what [`Registry::sample_replaces`] deletes); replacing without it is refused
    /// with [`Error::NotConfirmed`] and writes nothing. All files are imported in one
    /// transaction: any problem leaves the registry unchanged.
    pub fn load_sample(
        &mut self,
        if_not_empty: IfNotEmpty,
        confirmed: bool,
    ) -> Result<SampleOutcome> {
        self.writable()?;
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let workshops = record::count(&tx, Entity::Workshops)?;
        let mut deleted = 0;
        if workshops > 0 {
            match if_not_empty {
                IfNotEmpty::Refuse => return Ok(SampleOutcome::Refused { workshops }),
                IfNotEmpty::Replace if !confirmed => return Err(Error::NotConfirmed),
                IfNotEmpty::Replace => {
                    // Enrolments, trainings and workshop majors go with their workshop (ON DELETE CASCADE).
                    deleted += record::delete_all(&tx, Entity::Workshops)?;
                    deleted += record::delete_all(&tx, Entity::Majors)?;
                }
            }
        }
        let mut problems = Vec::new();
        let files = FILES
            .iter()
            .map(|&(entity, name, bytes)| (entity, name.to_string(), Input::Bytes(bytes)))
            .collect();
        let files = import_batch(&tx, files, Default::default(), &mut problems, &mut |_| true)?;
        if !problems.is_empty() {
            return Err(Error::Rejected(problems));
        }
        // Reads the state before this transaction through its own connection.
        let before = crate::backup::take(&self.path, crate::backup::Reason::Sample)?;
        let counts = crate::history::Counts {
            added: files.iter().map(|f| f.added).sum(),
            updated: files.iter().map(|f| f.updated).sum(),
            deleted: deleted as u64,
        };
        crate::history::record(&tx, "sample", counts, Some(&before))?;
        tx.commit()?;
        // Documents of replaced agreements leave copies no row names any more.
        crate::document::sweep(&self.conn, &self.document_store())?;
        self.committed()?;
        Ok(SampleOutcome::Loaded { files })
    }
}
