//! What the shell keeps between commands: the registry opened at start-up (or why it could not be),
//! the long task under way (its progress and cancel flag), and the file chosen for a pending import.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::Instant;

use serde::{Deserialize, Serialize};

use luban_registry::model::fields::DateOrder;
use luban_registry::table::header::ColumnChoices;
use luban_registry::{
    store, CheckDepth, Entity, Finding, ImportOptions, ImportOutcome, Problem, Registry, Source,
};

use crate::error::{CommandError, CommandResult, ShellError};

/// Why the registry could not be opened, shown on the start-up screen.
#[derive(Debug, Clone, Serialize)]
pub struct StartupProblem {
    /// `newer_schema`, `not_a_registry`, `integrity`, `io`, `database`, `no_data_folder`.
    pub kind: &'static str,
    /// The core's message.
    pub message: String,
    /// The same in Simplified Chinese.
    pub message_zh: String,
    /// The problems SQLite reported, for an integrity failure.
    pub details: Vec<String>,
    /// For a damaged registry: the newest backup that can replace it, offered in one click.
    pub restore: Option<Box<RestoreOffer>>,
}

/// The backup the start-up screen offers to restore: its name and time for the screen, its path
/// kept on this side (the webview never sends one).
#[derive(Debug, Clone, Serialize)]
pub struct RestoreOffer {
    /// The backup's file name.
    pub name: String,
    /// When it was taken (RFC 3339, UTC).
    pub created: String,
    #[serde(skip)]
    pub path: PathBuf,
}

impl RestoreOffer {
    /// The newest good backup of the damaged registry at `path`, if there is one.
    fn for_damaged(path: &std::path::Path) -> Option<RestoreOffer> {
        let backup = Registry::newest_good_backup(path).ok().flatten()?;
        Some(RestoreOffer {
            name: backup.path.file_name()?.to_string_lossy().into_owned(),
            created: backup.created,
            path: backup.path,
        })
    }
}

/// The file or folder the user chose for an import, kept on this side so the webview never sends
/// a path: confirming imports exactly what was previewed.
#[derive(Debug, Clone)]
pub struct PendingImport {
    /// The chosen file or folder.
    pub path: PathBuf,
    /// Whether it is a folder of registry files.
    pub folder: bool,
    /// What the file holds (for a file), when known.
    pub entity: Option<Entity>,
    /// How the user asked the file to be read in the preview (confirming reads it the same way).
    pub choices: ImportChoices,
    /// Every problem the last preview of it listed (at most the core's `MAX_PROBLEMS`), of which
    /// the preview carried the first page: "Show more problems" reads the others from here.
    pub problems: Arc<[Problem]>,
}

/// One page of the pending preview's problems, and how many there are in all.
#[derive(Debug, Serialize)]
pub struct ProblemsPage {
    /// The problems from the page's offset.
    pub problems: Vec<Problem>,
    /// How many problems the preview listed in all.
    pub total: usize,
}

/// What the import preview lets the user choose when the core asks: the encoding it could not
/// tell, the order of an ambiguous date, the workbook's sheet, and what unknown columns are.
/// Values only, never a path.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ImportChoices {
    /// A text encoding the core named as a candidate (`gb18030`, `big5`, …).
    pub encoding: Option<String>,
    /// `dmy` or `mdy`.
    pub date_order: Option<String>,
    /// The workbook's sheet to read.
    pub sheet: Option<String>,
    /// Unknown column headers read as one of the kind's columns: `[header, column]`.
    pub map: Vec<(String, String)>,
    /// Unknown column headers left out.
    pub ignore: Vec<String>,
}

impl PendingImport {
    /// The problems from `offset`, at most `limit` of them and never more than a page
    /// ([`ImportOutcome::PROBLEMS_PAGE`]); past the end, none.
    pub fn problems_page(&self, offset: usize, limit: usize) -> ProblemsPage {
        let limit = limit.min(ImportOutcome::PROBLEMS_PAGE);
        let total = self.problems.len();
        let start = offset.min(total);
        let end = start.saturating_add(limit).min(total);
        ProblemsPage {
            problems: self.problems[start..end].to_vec(),
            total,
        }
    }

    /// What to import.
    pub fn source(&self) -> Source<'_> {
        match (&self.choices.sheet, self.folder) {
            (_, true) => Source::Folder(&self.path),
            (Some(sheet), false) => Source::Workbook {
                path: &self.path,
                entity: self.entity,
                sheet: Some(sheet),
            },
            (None, false) => Source::File {
                path: &self.path,
                entity: self.entity,
            },
        }
    }

    /// The options of the import as the user chose them (a dry run for a preview).
    pub fn options(&self, dry_run: bool) -> ImportOptions<'_> {
        ImportOptions {
            dry_run,
            date_order: self
                .choices
                .date_order
                .as_deref()
                .and_then(DateOrder::parse),
            encoding: self.choices.encoding.as_deref(),
            columns: ColumnChoices {
                map: self.choices.map.clone(),
                ignore: self.choices.ignore.clone(),
            },
            ..ImportOptions::default()
        }
    }
}

/// Progress and cancellation of the one long task (import, preview or export) under way.
#[derive(Default)]
pub struct Task {
    running: AtomicBool,
    cancel: AtomicBool,
    done: AtomicU64,
}

/// Marks a task as running until dropped.
pub struct TaskGuard<'a>(&'a Task);

impl Drop for TaskGuard<'_> {
    fn drop(&mut self) {
        self.0.running.store(false, Ordering::SeqCst);
    }
}

impl Task {
    /// Starts a task, or says another is under way.
    pub fn start(&self) -> CommandResult<TaskGuard<'_>> {
        if self.running.swap(true, Ordering::SeqCst) {
            return Err(ShellError::Busy.into());
        }
        self.cancel.store(false, Ordering::SeqCst);
        self.done.store(0, Ordering::SeqCst);
        Ok(TaskGuard(self))
    }

    /// Records progress (rows read or bytes written); returns whether to go on.
    pub fn report(&self, done: u64) -> bool {
        self.done.store(done, Ordering::SeqCst);
        !self.cancel.load(Ordering::SeqCst)
    }

    /// Asks the running task to stop at its next report.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::SeqCst);
    }

    /// Whether a task runs, and how far it got.
    pub fn progress(&self) -> (bool, u64) {
        (
            self.running.load(Ordering::SeqCst),
            self.done.load(Ordering::SeqCst),
        )
    }
}

/// The shell's state, managed by Tauri.
pub struct AppState {
    /// When the process started, for the launch-to-first-screen figure.
    pub started: Instant,
    /// Where the registry file is (or would be).
    pub path: Option<PathBuf>,
    registry: Result<Mutex<Registry>, StartupProblem>,
    /// The registry restored from the start-up screen's offer, which replaces the problem.
    restored: OnceLock<Mutex<Registry>>,
    /// The long task under way.
    pub task: Task,
    /// The import waiting for the user's confirmation.
    pub pending: Mutex<Option<PendingImport>>,
    /// The briefing file (or folder) this app last wrote, the only thing "Open containing folder"
    /// may reveal: the webview never names a path.
    pub last_export: Mutex<Option<PathBuf>>,
}

impl AppState {
    /// Opens the registry the command line uses (honouring `LUBAN_DB`), migrating it; a newer,
    /// foreign or damaged file is left untouched and described instead.
    pub fn open(started: Instant) -> AppState {
        let path = store::resolve_path(None);
        let registry = match &path {
            Ok(path) => open_checked(path),
            Err(e) => Err(StartupProblem {
                kind: e.kind(),
                message: e.to_string(),
                message_zh: e.message_zh(),
                details: Vec::new(),
                restore: None,
            }),
        };
        AppState {
            started,
            path: path.ok(),
            registry,
            restored: OnceLock::new(),
            task: Task::default(),
            pending: Mutex::new(None),
            last_export: Mutex::new(None),
        }
    }

    /// Why the registry is unavailable, if it is.
    pub fn startup_problem(&self) -> Option<&StartupProblem> {
        if self.restored.get().is_some() {
            return None;
        }
        self.registry.as_ref().err()
    }

    /// Restores the damaged registry from the backup the start-up screen offered (the core's
    /// [`Registry::restore_file`]: the damaged bytes are kept as a backup first; `confirm` is
    /// required), and makes the restored registry the open one. Returns the backup restored.
    pub fn restore_offered(&self, confirm: bool) -> CommandResult<RestoreOffer> {
        let (Some(path), Some(offer)) = (
            self.path.as_ref(),
            self.startup_problem().and_then(|p| p.restore.clone()),
        ) else {
            return Err(ShellError::NothingToRestore.into());
        };
        let (registry, _before) = Registry::restore_file(path, &offer.path, confirm)?;
        // Only the first restore can land here: afterwards there is no start-up problem.
        let _ = self.restored.set(Mutex::new(registry));
        Ok(*offer)
    }

    /// The open registry, locked for one command.
    pub fn registry(&self) -> CommandResult<MutexGuard<'_, Registry>> {
        if let Some(mutex) = self.restored.get() {
            return Ok(mutex
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()));
        }
        match &self.registry {
            // A panic while locked cannot leave the registry half-written (writes are
            // transactions), so a poisoned lock is still safe to use.
            Ok(mutex) => Ok(mutex
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())),
            Err(problem) => Err(CommandError {
                kind: "unavailable",
                message: problem.message.clone(),
                message_zh: problem.message_zh.clone(),
                details: Vec::new(),
            }),
        }
    }

    /// The last briefing export, locked.
    pub fn last_export(&self) -> MutexGuard<'_, Option<PathBuf>> {
        self.last_export
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The pending import, locked.
    pub fn pending(&self) -> MutexGuard<'_, Option<PendingImport>> {
        self.pending
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

fn open_checked(path: &std::path::Path) -> Result<Mutex<Registry>, StartupProblem> {
    let problem = |e: luban_registry::Error| StartupProblem {
        kind: e.kind(),
        message: e.to_string(),
        message_zh: e.message_zh(),
        details: Vec::new(),
        // A file too damaged to open, or cut short, may be replaced by a good backup.
        restore: match e {
            luban_registry::Error::Damaged { .. } | luban_registry::Error::Truncated { .. } => {
                RestoreOffer::for_damaged(path).map(Box::new)
            }
            _ => None,
        },
    };
    let registry = Registry::open(path).map_err(problem)?;
    let damaged: Vec<String> = registry
        .check(CheckDepth::Quick)
        .map_err(problem)?
        .into_iter()
        .map(|f| match f {
            Finding::Damaged { detail } => detail,
            other => other.to_string(),
        })
        .collect();
    if !damaged.is_empty() {
        return Err(StartupProblem {
            kind: "integrity",
            message: format!(
                "{} failed SQLite's integrity check, so it was not opened and was left untouched. Restore it from a backup or an export, or move it away to start a new registry",
                path.display()
            ),
            message_zh: format!(
                "{} 未通过 SQLite 完整性检查，因此未被打开，也未被改动。请从备份或导出文件恢复，或将其移走以新建登记册",
                path.display()
            ),
            details: damaged,
            restore: RestoreOffer::for_damaged(path).map(Box::new),
        });
    }
    Ok(Mutex::new(registry))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A pending import whose preview listed `n` problems, numbered by line.
    fn pending_with(n: u64) -> PendingImport {
        let problems: Vec<Problem> = (1..=n)
            .map(|line| Problem {
                file: "workshops.csv".into(),
                line,
                column: Some("code".into()),
                value: Some("x".into()),
                kind: luban_registry::ProblemKind::NotACode,
                severity: luban_registry::Severity::Error,
                sheet: None,
                column_letter: None,
            })
            .collect();
        PendingImport {
            path: PathBuf::from("workshops.csv"),
            folder: false,
            entity: Some(Entity::Workshops),
            choices: ImportChoices::default(),
            problems: problems.into(),
        }
    }

    fn lines(page: &ProblemsPage) -> Vec<u64> {
        page.problems.iter().map(|p| p.line).collect()
    }

    #[test]
    fn the_next_page_of_problems_follows_the_first_and_the_total_is_all_of_them() {
        let pending = pending_with(450);
        let second = pending.problems_page(200, 200);
        assert_eq!(second.total, 450);
        assert_eq!(lines(&second), (201..=400).collect::<Vec<_>>());
        let last = pending.problems_page(400, 200);
        assert_eq!(lines(&last), (401..=450).collect::<Vec<_>>());
    }

    #[test]
    fn a_page_is_never_more_than_the_core_s_page_and_past_the_end_is_empty() {
        let pending = pending_with(450);
        assert_eq!(
            pending.problems_page(0, 10_000).problems.len(),
            ImportOutcome::PROBLEMS_PAGE
        );
        let past = pending.problems_page(1_000, 200);
        assert!(past.problems.is_empty());
        assert_eq!(past.total, 450);
    }
}
