//! The errors of the registry core, and the problems found in input, as typed data.
//!
//! Nothing here holds a sentence: a [`ProblemKind`] carries what the user needs to know (the
//! vocabulary, the earlier line, the year range), and [`crate::message`] renders it in English or
//! Chinese, naming fields by the label the user sees. The command line, the desktop shell and the
//! UI all show those renderings, so a message exists once per language.

use std::fmt;
use std::path::PathBuf;

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use crate::message::Lang;
use crate::model::{
    AgreementStatus, AgreementType, ContactSide, Level, Region, Status, TrainingKind, YesNo,
};
use crate::record::Entity;

/// Everything that can go wrong in the registry core. Rendered by [`Error::message`].
#[derive(Debug)]
pub enum Error {
    /// A file or folder could not be read or written.
    Io {
        /// The file or folder concerned.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// SQLite refused an operation the core expected to succeed.
    Database(rusqlite::Error),
    /// The registry file was written by a newer version of the app; it was not modified.
    NewerSchema {
        /// The registry file.
        path: PathBuf,
        /// The schema version found in the file.
        found: i64,
        /// The newest schema version this build knows.
        supported: i64,
    },
    /// The file exists but is not a Luban registry (another SQLite database, or not SQLite at all).
    NotARegistry {
        /// The file that was refused.
        path: PathBuf,
        /// Why it was refused (SQLite's words, or ours).
        reason: String,
    },
    /// Writing CSV failed (usually the disk or the output stream).
    Csv(csv::Error),
    /// Input was rejected because of these problems; nothing was written.
    Rejected(Vec<Problem>),
    /// A single record (typed in a form) has invalid fields; nothing was written.
    Invalid(Vec<FieldError>),
    /// The record asked for does not exist.
    NotFound {
        /// The kind of record.
        entity: Entity,
        /// Its key as the user gave it.
        key: String,
    },
    /// The record cannot be deleted while other records use it; nothing was deleted.
    InUse {
        /// The kind of record.
        entity: Entity,
        /// Its key.
        key: String,
        /// How many records use it.
        count: i64,
        /// The kind of record that uses it.
        users: Entity,
    },
    /// A file name or kind name that the registry does not know.
    UnknownEntity(String),
    /// A field of the office's own that the registry does not have.
    UnknownField {
        /// The kind of record.
        entity: Entity,
        /// The name as given.
        name: String,
    },
    /// A field of the office's own still has values; it was not removed (`--force` removes it
    /// with its values, which go into the history).
    FieldHasValues {
        /// The kind of record.
        entity: Entity,
        /// The field's name.
        name: String,
        /// How many records have a value for it.
        count: i64,
    },
    /// The user cancelled a long import or export; nothing was written.
    Cancelled,
    /// The operating system gave no per-user data folder to keep the registry in.
    NoDataFolder,
    /// A setting name that the registry does not know (see `settings::KEYS`).
    UnknownSetting(String),
    /// SQLite's integrity check failed on the registry (or on a copy of it); nothing was written.
    Damaged {
        /// The registry file.
        path: PathBuf,
        /// What SQLite said.
        detail: String,
        /// The newest backup, to restore from, if there is one.
        newest_backup: Option<PathBuf>,
    },
    /// The registry file is empty or shorter than its own header says (a failed copy or sync);
    /// it was not opened, and nothing was written to it.
    Truncated {
        /// The registry file.
        path: PathBuf,
        /// Its size.
        bytes: u64,
        /// The size its header gives, when it has one.
        expected: Option<u64>,
        /// The newest backup, to restore from, if there is one.
        newest_backup: Option<PathBuf>,
    },
    /// The registry file (or its folder) cannot be written, so it was opened for reading only;
    /// nothing was written.
    ReadOnly {
        /// The registry file.
        path: PathBuf,
    },
    /// A write was committed, but SQLite could not copy it from the write-ahead log (`<file>-wal`)
    /// into the registry file (disk full, or another program kept reading): the change is saved,
    /// but only the two files together hold it.
    NotCheckpointed {
        /// The registry file.
        path: PathBuf,
        /// What SQLite said, or how much of the log was left.
        detail: String,
    },
    /// There is no batch to undo (`None`: the history is empty), or the batch has no backup to
    /// undo it from (a form save, or its backup was pruned or deleted).
    CannotUndo {
        /// The batch asked for.
        batch: Option<i64>,
    },
    /// A later batch changed the same records (or, for a batch without records, is newer): it
    /// must be undone first.
    UndoBlocked {
        /// The batch asked for.
        batch: i64,
        /// The later batch.
        later: i64,
        /// What made the later batch.
        later_source: String,
    },
    /// An operation that deletes or replaces data was asked for without its explicit confirmation.
    NotConfirmed,
    /// A restore was refused because of the file offered; the current registry was not changed.
    RestoreRefused {
        /// The file offered.
        from: PathBuf,
        /// Why it cannot be used.
        cause: Box<Error>,
    },
    /// A signed document cannot be attached, or is not there to detach; nothing was changed.
    Document {
        /// The agreement's code.
        agreement: String,
        /// The document's name.
        name: String,
        /// What is wrong.
        fault: DocumentFault,
    },
}

/// Why a document was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentFault {
    /// Not a PDF, image or Word file (by its extension).
    NotAcceptedType,
    /// Not a plain file name (a folder in it, hidden, control characters).
    BadName,
    /// The agreement already has a document of that name.
    NameTaken,
    /// The agreement has no document of that name.
    NotAttached,
    /// An imported folder's `documents/AGREEMENT/` names no agreement of the registry.
    NoSuchAgreement,
}

/// The result type of the registry core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Wraps an I/O error with the path it concerns.
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// A short, stable name for the kind of error, for front ends that style errors by kind.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Io { .. } | Error::Csv(_) => "io",
            Error::Database(e) if crate::message::is_locked(e) => "locked",
            Error::Database(_) => "database",
            Error::NewerSchema { .. } => "newer_schema",
            Error::NotARegistry { .. } => "not_a_registry",
            Error::Rejected(_) => "rejected",
            Error::Invalid(_) => "invalid",
            Error::NotFound { .. } => "not_found",
            Error::InUse { .. } => "in_use",
            Error::UnknownEntity(_) => "unknown_entity",
            Error::UnknownField { .. } => "unknown_field",
            Error::FieldHasValues { .. } => "field_has_values",
            Error::NoDataFolder => "no_data_folder",
            Error::Cancelled => "cancelled",
            Error::UnknownSetting(_) => "unknown_setting",
            Error::Damaged { .. } => "damaged",
            Error::NotConfirmed => "not_confirmed",
            Error::CannotUndo { .. } => "cannot_undo",
            Error::UndoBlocked { .. } => "undo_blocked",
            Error::Truncated { .. } => "truncated",
            Error::ReadOnly { .. } => "read_only",
            Error::NotCheckpointed { .. } => "not_checkpointed",
            Error::RestoreRefused { .. } => "restore_refused",
            Error::Document { .. } => "document",
        }
    }

    /// The message in Simplified Chinese (the English one is `to_string()`).
    pub fn message_zh(&self) -> String {
        self.message(Lang::Zh)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            Error::Database(e) => Some(e),
            Error::Csv(e) => Some(e),
            _ => None,
        }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::Database(e)
    }
}

impl From<csv::Error> for Error {
    fn from(e: csv::Error) -> Self {
        Error::Csv(e)
    }
}

/// A closed vocabulary a value must come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vocabulary {
    /// [`Region`]
    Region,
    /// [`Status`]
    Status,
    /// [`Level`]
    Level,
    /// [`TrainingKind`]
    TrainingKind,
    /// [`AgreementType`]
    AgreementType,
    /// [`AgreementStatus`]
    AgreementStatus,
    /// [`ContactSide`]
    ContactSide,
    /// [`YesNo`]
    YesNo,
}

impl Vocabulary {
    /// The accepted values, for messages: `planned (筹建中), active (运营中), …`.
    pub fn choices(self) -> String {
        match self {
            Vocabulary::Region => Region::choices(),
            Vocabulary::Status => Status::choices(),
            Vocabulary::Level => Level::choices(),
            Vocabulary::TrainingKind => TrainingKind::choices(),
            Vocabulary::AgreementType => AgreementType::choices(),
            Vocabulary::AgreementStatus => AgreementStatus::choices(),
            Vocabulary::ContactSide => ContactSide::choices(),
            Vocabulary::YesNo => YesNo::choices(),
        }
    }

    /// The values closest to `text`, for "did you mean" (see [`crate::suggest`]).
    pub(crate) fn suggest(self, text: &str) -> Vec<String> {
        match self {
            Vocabulary::Region => Region::suggest(text),
            Vocabulary::Status => Status::suggest(text),
            Vocabulary::Level => Level::suggest(text),
            Vocabulary::TrainingKind => TrainingKind::suggest(text),
            Vocabulary::AgreementType => AgreementType::suggest(text),
            Vocabulary::AgreementStatus => AgreementStatus::suggest(text),
            Vocabulary::ContactSide => ContactSide::suggest(text),
            Vocabulary::YesNo => YesNo::suggest(text),
        }
    }
}

/// What a required field expects, so its message says what to type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// Any text.
    Text,
    /// A whole number (0 if none).
    Count,
    /// A year from [`crate::model::fields::MIN_YEAR`] to `max`.
    Year {
        /// The newest year accepted.
        max: i32,
    },
    /// A country's ISO code or name.
    Country,
    /// A major's code.
    Major,
    /// A workshop's code.
    Workshop,
    /// A major category's code (41–59).
    Category,
    /// An ISO 3166-1 code of this many letters.
    IsoCode {
        /// 2 or 3.
        letters: u8,
    },
    /// One or more names separated by `;`.
    Names,
    /// A value of a vocabulary.
    OneOf(Vocabulary),
}

/// Why a value is not a whole number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountFault {
    /// Below zero.
    Negative,
    /// Has a fraction.
    Fraction,
    /// Has characters other than digits and thousands separators.
    NotDigits,
    /// Above what a count can hold.
    TooLarge,
    /// One point and three digits (`15.000`): a decimal point or a European thousands separator.
    Ambiguous {
        /// The reading with a thousands separator (15000).
        thousands: i64,
    },
    /// Above the most one row may hold ([`crate::model::fields::MAX_COUNT`]).
    AboveLimit {
        /// The most accepted.
        max: i64,
    },
}

/// Why a value is not a number (a user-defined number field: `12.5`, `15,000`, `1.5万`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberFault {
    /// Has characters other than digits, one point, a leading minus and thousands separators.
    NotDigits,
    /// One point and three digits (`15.000`): a decimal point or a European thousands separator.
    Ambiguous {
        /// The reading with a thousands separator (15000).
        thousands: i64,
    },
    /// More decimals than a number field keeps ([`crate::model::fields::MAX_DECIMALS`]).
    TooManyDecimals,
    /// More digits before the point than a number field keeps (15).
    TooLarge,
}

/// What is wrong with a value, a record or a file. Rendered by [`crate::message`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    /// A required field is blank.
    Required(Expect),
    /// Not 2–32 letters, digits and `-`.
    NotACode,
    /// Not a whole number ≥ 0.
    NotACount(CountFault),
    /// Not a year at all.
    NotAYear {
        /// The newest year accepted.
        max: i32,
    },
    /// A year outside the accepted range.
    YearOutOfRange {
        /// The year read.
        year: i32,
        /// The newest year accepted.
        max: i32,
    },
    /// Not written as a date.
    NotADate,
    /// Written day and month first or month and day first (`3/8/2016`): which is not said.
    AmbiguousDate {
        /// The day-month-year reading, if it is a day of the calendar.
        dmy: Option<chrono::NaiveDate>,
        /// The month-day-year reading, if it is a day of the calendar.
        mdy: Option<chrono::NaiveDate>,
    },
    /// Written as a date, but not a day of the calendar (`2023-02-30`).
    NotACalendarDay,
    /// Not a value of the vocabulary.
    NotInVocabulary(Vocabulary),
    /// Not an ISO 3166-1 code of this many letters.
    NotAnIsoCode {
        /// 2 or 3.
        letters: u8,
    },
    /// A group tag with characters other than letters, digits and `-`.
    NotAGroupTag,
    /// Not a major category of the catalogue.
    NotACategory,
    /// Names a record the registry does not hold.
    UnknownReference(Entity),
    /// The ISO3 code belongs to another country.
    Iso3Taken {
        /// That country's ISO2 code.
        other: String,
    },
    /// A major with neither name.
    MajorNeedsName,
    /// The opening date falls in another year than the opening year.
    OpeningDateYear {
        /// The year of the date.
        date_year: i32,
        /// The opening year.
        opened_year: i32,
    },
    /// An enrolment names a major the workshop does not teach.
    MajorNotTaught {
        /// The major's code.
        major: String,
        /// The workshop's code.
        workshop: String,
    },
    /// The record's key was already given earlier in the same file.
    RepeatedKey {
        /// The earlier line.
        earlier: u64,
    },
    /// A figure dated before its workshop opened (a warning).
    BeforeOpening {
        /// The figure's year.
        year: i32,
        /// The workshop's opening year.
        opened_year: i32,
    },
    /// Renaming to a key another record already has.
    CodeTaken(Entity),
    /// Adding, from a form, a row whose key already exists.
    AlreadyExists(Entity),
    /// A workbook was given where a CSV file was expected.
    Workbook {
        /// What kind of workbook (English).
        kind: &'static str,
        /// The same in Chinese.
        kind_zh: &'static str,
    },
    /// The file has no header line.
    EmptyFile(Entity),
    /// A header names the same column twice.
    ColumnTwice,
    /// A header cell is not a column of this kind of record.
    UnknownColumn(Entity),
    /// A required column is not in the header.
    MissingColumn {
        /// The kind of record.
        entity: Entity,
        /// The column's name.
        column: &'static str,
    },
    /// A row has more cells than the header.
    TooManyCells {
        /// Cells in the row.
        cells: usize,
        /// Cells in the header.
        width: usize,
    },
    /// A cell has a value under a blank header.
    UnnamedCell {
        /// The cell's position, from 1.
        position: usize,
    },
    /// Bytes that are not valid in the detected encoding.
    BadBytes {
        /// The encoding's name.
        encoding: &'static str,
    },
    /// A row that is not valid CSV (unbalanced quotes).
    MalformedCsv {
        /// What the CSV reader said.
        detail: String,
    },
    /// More problems than are listed.
    MoreProblems {
        /// How many more.
        count: u64,
    },
    /// A folder chosen for import holds none of the registry's files.
    NoRegistryFiles,
    /// A workbook that cannot be read (damaged, password-protected, not really a workbook).
    UnreadableWorkbook {
        /// What the workbook reader said.
        detail: String,
    },
    /// `--sheet` names a sheet the workbook does not have.
    NoSuchSheet {
        /// The sheet asked for.
        sheet: String,
        /// The workbook's sheets, in order.
        sheets: Vec<String>,
    },
    /// A workbook has several sheets and none is named for the kind being imported.
    WhichSheet {
        /// The kind being imported.
        entity: Entity,
        /// The workbook's sheets, in order.
        sheets: Vec<String>,
    },
    /// No sheet of a workbook is named for a kind of record.
    NoRegistrySheets {
        /// The workbook's sheets, in order.
        sheets: Vec<String>,
    },
    /// A sheet left out of a whole-workbook import because its name is no kind of record (a note).
    SheetSkipped {
        /// The sheet's name.
        sheet: String,
    },
    /// A cell holds a spreadsheet error (`#N/A`, `#DIV/0!`, …) instead of a value.
    CellError {
        /// The error as the spreadsheet shows it.
        detail: String,
    },
    /// Rows above the header were left out as a title (a note).
    TitleRowsSkipped {
        /// The header's row (or line).
        header: u64,
        /// The first row left out.
        first: u64,
        /// The last row left out.
        last: u64,
    },
    /// A running-number column (`序号`, `No.`) left out (a note).
    RunningNumberColumn,
    /// A totals row whose figure is not the sum of the rows above it (a warning; the row is left
    /// out either way).
    TotalDiffers {
        /// The label that marks the row (`合计`).
        label: String,
        /// The figure the row gives.
        written: i64,
        /// What the rows above it add up to.
        sum: i64,
    },
    /// A column read as another, as the user asked (`--map`; a note).
    ColumnMapped {
        /// The column's name it was read as.
        column: String,
    },
    /// A column left out as the user asked (`--ignore`; a note).
    ColumnIgnored,
    /// `--map` names a column the kind does not have.
    UnknownMapTarget {
        /// The kind of record.
        entity: Entity,
        /// The column named.
        column: String,
    },
    /// A totals row (`合计`, `小计`, `总计`, `Total`) left out (a note).
    TotalRow {
        /// The label that marks it.
        label: String,
    },
    /// A whole number outside the range the field accepts (an agreement's notice period).
    NumberOutOfRange {
        /// The smallest value accepted.
        min: i64,
        /// The largest value accepted.
        max: i64,
    },
    /// An end date before the start date.
    EndsBeforeStart {
        /// The start date, as stored (`2024-01-31`).
        starts_on: String,
    },
    /// An agreement that would renew itself, directly or through the agreements it renews.
    RenewalCycle {
        /// The codes of the chain, from this agreement back to itself.
        chain: Vec<String>,
    },
    /// Not an e-mail address (`name@example.org`).
    NotAnEmail,
    /// Not a number (a user-defined number field).
    NotANumber(NumberFault),
    /// A new field of the office's own has the name or Chinese label of another such field.
    FieldNameTaken,
    /// A new field of the office's own would be read as one of the registry's own columns.
    FieldNameIsColumn {
        /// The column's field name (`host_institution`).
        column: &'static str,
    },
    /// Not a type of user-defined field (`text`, `number`, `date`, `yes-no`).
    NotAFieldType,
    /// This kind of record cannot have fields of the office's own (only workshops can, so far).
    FieldKindUnsupported(Entity),
    /// A file under `documents/AGREEMENT/` of an imported folder cannot be attached.
    Document(DocumentFault),
    /// The file's text encoding cannot be told for sure: these are the candidates.
    UncertainEncoding {
        /// The encodings the file could be in, most likely first.
        candidates: Vec<&'static str>,
    },
    /// Lines of valid UTF-8 and lines in another encoding in one file.
    MixedEncoding {
        /// The first line that is UTF-8.
        utf8_line: u64,
        /// The first line that is not.
        other_line: u64,
    },
    /// Question marks where letters should be (`??????`): the file was saved in an encoding that
    /// could not hold its letters, which are lost.
    LostLetters,
    /// `--encoding` names no encoding.
    UnknownEncoding {
        /// The name given.
        name: String,
    },
    /// A name borne by several records: which one is meant cannot be told.
    AmbiguousReference {
        /// The kind of record named.
        entity: Entity,
        /// The codes of the records bearing the name, sorted.
        candidates: Vec<String>,
    },
    /// A value that is not known, with the known values closest to it ("did you mean …?").
    Suggested {
        /// What is wrong with the value.
        problem: Box<ProblemKind>,
        /// The closest known values, best first, as shown: `土耳其 (TR)`, `active (运营中)`.
        suggestions: Vec<String>,
    },
}

impl ProblemKind {
    /// What a front end may offer the user to choose from to settle this problem, if anything:
    /// the candidate encodings of a file whose encoding is uncertain, the columns an unknown
    /// column may be read as, the two orders of an ambiguous date.
    pub fn choices(&self) -> Option<Vec<String>> {
        match self {
            ProblemKind::UncertainEncoding { candidates } => {
                Some(candidates.iter().map(|c| c.to_string()).collect())
            }
            ProblemKind::UnknownColumn(entity) => Some(
                entity
                    .columns()
                    .iter()
                    .map(|c| c.name.to_string())
                    .collect(),
            ),
            ProblemKind::AmbiguousDate { .. } => Some(vec!["dmy".into(), "mdy".into()]),
            ProblemKind::Suggested { problem, .. } => problem.choices(),
            _ => None,
        }
    }

    /// A short, stable name, for front ends and tests.
    pub fn code(&self) -> &'static str {
        match self {
            ProblemKind::Required(_) => "required",
            ProblemKind::NotACode => "not_a_code",
            ProblemKind::NotACount(_) => "not_a_count",
            ProblemKind::NotAYear { .. } => "not_a_year",
            ProblemKind::YearOutOfRange { .. } => "year_out_of_range",
            ProblemKind::NotADate => "not_a_date",
            ProblemKind::AmbiguousDate { .. } => "ambiguous_date",
            ProblemKind::NotACalendarDay => "not_a_calendar_day",
            ProblemKind::NotInVocabulary(_) => "not_in_vocabulary",
            ProblemKind::NotAnIsoCode { .. } => "not_an_iso_code",
            ProblemKind::NotAGroupTag => "not_a_group_tag",
            ProblemKind::NotACategory => "not_a_category",
            ProblemKind::UnknownReference(_) => "unknown_reference",
            ProblemKind::Iso3Taken { .. } => "iso3_taken",
            ProblemKind::MajorNeedsName => "major_needs_name",
            ProblemKind::OpeningDateYear { .. } => "opening_date_year",
            ProblemKind::MajorNotTaught { .. } => "major_not_taught",
            ProblemKind::RepeatedKey { .. } => "repeated_key",
            ProblemKind::BeforeOpening { .. } => "before_opening",
            ProblemKind::CodeTaken(_) => "code_taken",
            ProblemKind::AlreadyExists(_) => "already_exists",
            ProblemKind::Workbook { .. } => "workbook",
            ProblemKind::EmptyFile(_) => "empty_file",
            ProblemKind::ColumnTwice => "column_twice",
            ProblemKind::UnknownColumn(_) => "unknown_column",
            ProblemKind::MissingColumn { .. } => "missing_column",
            ProblemKind::TooManyCells { .. } => "too_many_cells",
            ProblemKind::UnnamedCell { .. } => "unnamed_cell",
            ProblemKind::BadBytes { .. } => "bad_bytes",
            ProblemKind::MalformedCsv { .. } => "malformed_csv",
            ProblemKind::MoreProblems { .. } => "more_problems",
            ProblemKind::NoRegistryFiles => "no_registry_files",
            ProblemKind::UnreadableWorkbook { .. } => "unreadable_workbook",
            ProblemKind::NoSuchSheet { .. } => "no_such_sheet",
            ProblemKind::WhichSheet { .. } => "which_sheet",
            ProblemKind::NoRegistrySheets { .. } => "no_registry_sheets",
            ProblemKind::SheetSkipped { .. } => "sheet_skipped",
            ProblemKind::CellError { .. } => "cell_error",
            ProblemKind::TitleRowsSkipped { .. } => "title_rows_skipped",
            ProblemKind::RunningNumberColumn => "running_number_column",
            ProblemKind::ColumnMapped { .. } => "column_mapped",
            ProblemKind::ColumnIgnored => "column_ignored",
            ProblemKind::TotalDiffers { .. } => "total_differs",
            ProblemKind::UnknownMapTarget { .. } => "unknown_map_target",
            ProblemKind::TotalRow { .. } => "total_row",
            ProblemKind::NumberOutOfRange { .. } => "number_out_of_range",
            ProblemKind::EndsBeforeStart { .. } => "ends_before_start",
            ProblemKind::RenewalCycle { .. } => "renewal_cycle",
            ProblemKind::NotAnEmail => "not_an_email",
            ProblemKind::NotANumber(_) => "not_a_number",
            ProblemKind::FieldNameTaken => "field_name_taken",
            ProblemKind::FieldNameIsColumn { .. } => "field_name_is_column",
            ProblemKind::NotAFieldType => "not_a_field_type",
            ProblemKind::FieldKindUnsupported(_) => "field_kind_unsupported",
            ProblemKind::Document(_) => "document",
            ProblemKind::AmbiguousReference { .. } => "ambiguous_reference",
            ProblemKind::UncertainEncoding { .. } => "uncertain_encoding",
            ProblemKind::MixedEncoding { .. } => "mixed_encoding",
            ProblemKind::LostLetters => "lost_letters",
            ProblemKind::UnknownEncoding { .. } => "unknown_encoding",
            // The suggestions add to a problem; they do not change what it is.
            ProblemKind::Suggested { problem, .. } => problem.code(),
        }
    }

    /// This problem with the closest known values suggested, if there are any.
    pub(crate) fn suggesting(self, suggestions: Vec<String>) -> ProblemKind {
        if suggestions.is_empty() {
            self
        } else {
            ProblemKind::Suggested {
                problem: Box::new(self),
                suggestions,
            }
        }
    }
}

/// How serious a [`Problem`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The input cannot be accepted as it is.
    Error,
    /// Accepted, but worth a look (for example figures dated before a workshop opened).
    Warning,
}

/// One problem found in an input file, with where it is.
///
/// ```
/// use luban_registry::{Problem, ProblemKind, Severity};
/// let p = Problem {
///     file: "workshops.csv".into(),
///     line: 7,
///     column: Some("opened_year".into()),
///     value: Some("1999".into()),
///     kind: ProblemKind::YearOutOfRange { year: 1999, max: 2027 },
///     severity: Severity::Error,
///     sheet: None,
///     column_letter: None,
/// };
/// assert_eq!(p.to_string(), "workshops.csv:7: opened_year: year 1999 is out of range; use a year from 2000 to 2027");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file name as the user knows it.
    pub file: String,
    /// The physical line where the record starts (the header is line 1); 0 when about the whole file.
    pub line: u64,
    /// The column (field name) concerned, if any.
    pub column: Option<String>,
    /// The offending value as read, if any.
    pub value: Option<String>,
    /// What is wrong.
    pub kind: ProblemKind,
    /// Error or warning.
    pub severity: Severity,
    /// The workbook sheet, when the file is a workbook (`line` is then the row as the spreadsheet
    /// numbers it).
    pub sheet: Option<String>,
    /// The column's letter as the spreadsheet shows it (`C`), when the file is a workbook.
    pub column_letter: Option<String>,
}

impl Problem {
    /// A problem about a whole file or line, not one value.
    pub(crate) fn in_file(file: &str, line: u64, column: Option<&str>, kind: ProblemKind) -> Self {
        Problem {
            file: file.to_string(),
            line,
            column: column.map(str::to_string),
            value: None,
            kind,
            severity: Severity::Error,
            sheet: None,
            column_letter: None,
        }
    }

    /// The same problem with at most [`MAX_VALUE_CHARS`] characters of its value (a longer value
    /// is cut to end in `…`): a file of long bad cells must not be kept, or said, whole.
    pub(crate) fn capped(mut self) -> Self {
        if let Some(value) = &mut self.value {
            if value.chars().nth(MAX_VALUE_CHARS).is_some() {
                let cut = (value.char_indices().nth(MAX_VALUE_CHARS - 1)).map_or(0, |(i, _)| i);
                value.truncate(cut);
                value.push('…');
            }
        }
        self
    }

    /// The same problem, as a warning (notes about what was left out are warnings: accepted, worth
    /// a look).
    pub(crate) fn warning(self) -> Self {
        Problem {
            severity: Severity::Warning,
            ..self
        }
    }

    /// What is wrong and how to fix it, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        crate::message::problem(
            &self.kind,
            self.column.as_deref(),
            self.value.as_deref(),
            lang,
        )
    }

    /// `FILE:LINE: column: message` in `lang`, as the command line prints it.
    pub fn display(&self, lang: Lang) -> String {
        crate::message::located(self, lang)
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display(Lang::En))
    }
}

impl Serialize for Problem {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Problem", 11)?;
        st.serialize_field("file", &self.file)?;
        st.serialize_field("line", &self.line)?;
        st.serialize_field("column", &self.column)?;
        st.serialize_field("value", &self.value)?;
        st.serialize_field("problem", self.kind.code())?;
        st.serialize_field("message", &self.message(Lang::En))?;
        st.serialize_field("message_zh", &self.message(Lang::Zh))?;
        st.serialize_field("severity", &self.severity)?;
        // Only problems the user can settle by a choice carry one (ProblemKind::choices).
        if let Some(choices) = self.kind.choices() {
            st.serialize_field("choices", &choices)?;
        }
        // Only workbooks have sheets and letters; CSV problems keep their shape.
        if let Some(sheet) = &self.sheet {
            st.serialize_field("sheet", sheet)?;
        }
        if let Some(letter) = &self.column_letter {
            st.serialize_field("column_letter", letter)?;
        }
        st.end()
    }
}

/// The same warning on many rows, said once: the first row's warning in full, how many rows have
/// it, and their first few lines. Re-importing a million figures dated before their workshop opened
/// is one line, not ten thousand. Warnings are the same when they are of one kind
/// ([`ProblemKind::code`]), about one column, in one file and sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The first row's warning (its line, column and value).
    pub first: Problem,
    /// How many rows have it (1: only `first`).
    pub count: u64,
    /// The lines of the first [`Warning::SHOWN_LINES`] rows, `first`'s included, in file order.
    pub lines: Vec<u64>,
}

impl Warning {
    /// How many lines a summarised warning names.
    pub const SHOWN_LINES: usize = 5;

    /// A warning seen once so far.
    pub fn new(first: Problem) -> Self {
        Warning {
            lines: vec![first.line],
            first,
            count: 1,
        }
    }

    /// Whether `p` is the same warning on another row.
    pub fn is_same(&self, p: &Problem) -> bool {
        let f = &self.first;
        f.kind.code() == p.kind.code()
            && f.column == p.column
            && f.file == p.file
            && f.sheet == p.sheet
            && f.severity == p.severity
    }

    /// Counts `p` as one more row with this warning.
    pub fn add(&mut self, p: &Problem) {
        self.count += 1;
        if self.lines.len() < Self::SHOWN_LINES {
            self.lines.push(p.line);
        }
    }

    /// What is wrong, in `lang`: the first row's message, and how many rows have it and where.
    pub fn message(&self, lang: Lang) -> String {
        crate::message::summarised(self, &self.first.message(lang), lang)
    }

    /// `FILE:LINE: column: message (the same on N rows: lines …)`, as the command line prints it.
    pub fn display(&self, lang: Lang) -> String {
        crate::message::summarised(self, &self.first.display(lang), lang)
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display(Lang::En))
    }
}

/// Adds `p` to the warning it repeats in `list`, or as a new one (at most [`MAX_WARNINGS`]
/// different warnings are kept; more are counted into the last).
pub(crate) fn add_warning(list: &mut Vec<Warning>, p: Problem) {
    let p = p.capped();
    if let Some(w) = list.iter_mut().rev().find(|w| w.is_same(&p)) {
        w.add(&p);
    } else if list.len() < MAX_WARNINGS {
        list.push(Warning::new(p));
    } else if let Some(last) = list.last_mut() {
        last.count += 1;
    }
}

/// At most this many characters of a value are kept in a problem.
pub const MAX_VALUE_CHARS: usize = 200;

/// At most this many different warnings are kept per file.
pub const MAX_WARNINGS: usize = 1_000;

impl Serialize for Warning {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let p = &self.first;
        let mut st = s.serialize_struct("Warning", 12)?;
        st.serialize_field("file", &p.file)?;
        st.serialize_field("line", &p.line)?;
        st.serialize_field("column", &p.column)?;
        st.serialize_field("value", &p.value)?;
        st.serialize_field("problem", p.kind.code())?;
        st.serialize_field("message", &self.message(Lang::En))?;
        st.serialize_field("message_zh", &self.message(Lang::Zh))?;
        st.serialize_field("severity", &p.severity)?;
        st.serialize_field("count", &self.count)?;
        st.serialize_field("lines", &self.lines)?;
        if let Some(sheet) = &p.sheet {
            st.serialize_field("sheet", sheet)?;
        }
        if let Some(letter) = &p.column_letter {
            st.serialize_field("column_letter", letter)?;
        }
        st.end()
    }
}

/// A problem with one field of one record, before it is placed in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field name (the CSV column name in English; the UI's key for the field).
    pub field: String,
    /// The value as given.
    pub value: String,
    /// What is wrong.
    pub kind: ProblemKind,
}

impl FieldError {
    /// A field error.
    pub fn new(field: &str, value: &str, kind: ProblemKind) -> Self {
        FieldError {
            field: field.to_string(),
            value: value.to_string(),
            kind,
        }
    }

    /// What is wrong and how to fix it, in `lang`, naming the field by its label.
    pub fn message(&self, lang: Lang) -> String {
        crate::message::problem(&self.kind, Some(&self.field), Some(&self.value), lang)
    }

    /// Places the field error at a line of a file.
    pub(crate) fn at(self, file: &str, line: u64, severity: Severity) -> Problem {
        Problem {
            file: file.to_string(),
            line,
            column: Some(self.field),
            value: Some(self.value),
            kind: self.kind,
            severity,
            sheet: None,
            column_letter: None,
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}",
            crate::message::label(&self.field, Lang::En),
            self.message(Lang::En)
        )
    }
}

impl Serialize for FieldError {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("FieldError", 5)?;
        st.serialize_field("field", &self.field)?;
        st.serialize_field("value", &self.value)?;
        st.serialize_field("problem", self.kind.code())?;
        st.serialize_field("message", &self.message(Lang::En))?;
        st.serialize_field("message_zh", &self.message(Lang::Zh))?;
        st.end()
    }
}
