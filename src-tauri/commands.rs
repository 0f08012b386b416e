//! The commands the webview may call: each one line over `luban_registry`, run off the main thread.
//!
//! Commands are `async` and do their work in `spawn_blocking`, so a long import never freezes the
//! window, and dialogs can be awaited. They hold no rules: validation, counting, what a deletion
//! takes with it, all live in the core. Paths never come from the webview: the dialogs here choose
//! them, and an import's file is kept in [`AppState`] between preview and confirmation.

use std::collections::HashMap;

use serde::Serialize;
use tauri::{AppHandle, Manager};

use luban_briefing::dashboard::{self, ChartView};
use luban_briefing::output::{self, Format};
use luban_briefing::{BarMeasure, ChartKind};
use luban_registry::report::{
    Figure, HeadlineView, Lang, NumberStyle, ReportView, Selection, SelectionOptions, Trace,
};
use luban_registry::sample::{IfNotEmpty, Replaced, SampleOutcome};
use luban_registry::{
    CategoryRow, CountryRow, Entity, ExportOptions, Impact, ImportOptions, ImportOutcome, MajorRow,
    Registry, Settings, Target, WorkshopDetail, WorkshopListRow, WorkshopQuery,
};

use crate::dialog::{self, Ask};
use crate::error::{CommandError, CommandResult, ShellError};
use crate::state::{AppState, ImportChoices, PendingImport, ProblemsPage, StartupProblem};

/// A record's fields (or key fields) by column name, as text, as in CSV.
type Fields = HashMap<String, String>;

/// Runs `f` with the app's state on a blocking thread.
async fn run<T: Send + 'static>(
    app: AppHandle,
    f: impl FnOnce(&AppState) -> CommandResult<T> + Send + 'static,
) -> CommandResult<T> {
    tauri::async_runtime::spawn_blocking(move || f(&app.state::<AppState>()))
        .await
        .map_err(|e| ShellError::TaskStopped.because(e))?
}

/// Runs `f` with the registry locked, on a blocking thread (`f` may fail with the core's or the
/// briefing crate's error).
async fn with_registry<T: Send + 'static, E: Into<CommandError>>(
    app: AppHandle,
    f: impl FnOnce(&mut Registry) -> Result<T, E> + Send + 'static,
) -> CommandResult<T> {
    run(app, move |state| {
        f(&mut *state.registry()?).map_err(Into::into)
    })
    .await
}

fn entity(name: &str) -> CommandResult<Entity> {
    Ok(name.parse::<Entity>()?)
}

/// Whether the registry opened, and where it is.
#[derive(Serialize)]
pub struct Status {
    path: Option<String>,
    problem: Option<StartupProblem>,
    empty: bool,
    version: &'static str,
    /// The core's warnings about where the registry is (a synced folder), for the banner.
    warnings: Vec<Warning>,
}

/// One of [`Registry::warnings`], in both languages.
#[derive(Serialize)]
pub struct Warning {
    kind: &'static str,
    message: String,
    message_zh: String,
}

#[tauri::command]
pub async fn app_status(app: AppHandle) -> CommandResult<Status> {
    run(app, |s| {
        Ok(Status {
            path: s.path.as_ref().map(|p| p.display().to_string()),
            problem: s.startup_problem().cloned(),
            empty: match s.registry() {
                Ok(r) => r.is_empty()?,
                Err(_) => false,
            },
            version: env!("CARGO_PKG_VERSION"),
            warnings: match s.registry() {
                Ok(r) => r
                    .warnings()
                    .iter()
                    .map(|w| Warning {
                        kind: "synced_folder",
                        message: w.message(luban_registry::Lang::En),
                        message_zh: w.message(luban_registry::Lang::Zh),
                    })
                    .collect(),
                Err(_) => Vec::new(),
            },
        })
    })
    .await
}

/// The UI reports its first screen drawn; returns (and logs) the milliseconds since launch.
#[tauri::command]
pub async fn app_ready(app: AppHandle) -> CommandResult<u64> {
    let ms = app.state::<AppState>().started.elapsed().as_millis() as u64;
    eprintln!("luban-desktop: first screen drawn {ms} ms after launch");
    Ok(ms)
}

/// The headline figures and sentence of a selection.
#[tauri::command]
pub async fn headline(
    app: AppHandle,
    selection: Selection,
    lang: Lang,
) -> CommandResult<HeadlineView> {
    with_registry(app, move |r| r.headline_view(&selection, lang)).await
}

#[tauri::command]
pub async fn list_groups(app: AppHandle) -> CommandResult<Vec<String>> {
    with_registry(app, |r| r.groups()).await
}

#[tauri::command]
pub async fn list_workshops(
    app: AppHandle,
    query: WorkshopQuery,
) -> CommandResult<Vec<WorkshopListRow>> {
    with_registry(app, move |r| r.workshops(&query)).await
}

#[tauri::command]
pub async fn get_workshop(app: AppHandle, code: String) -> CommandResult<WorkshopDetail> {
    with_registry(app, move |r| r.workshop(&code)).await
}

#[tauri::command]
pub async fn list_agreements(
    app: AppHandle,
    query: luban_registry::AgreementQuery,
) -> CommandResult<Vec<luban_registry::AgreementRow>> {
    with_registry(app, move |r| {
        r.agreements(&query, luban_registry::due::today())
    })
    .await
}

#[tauri::command]
pub async fn list_due(app: AppHandle) -> CommandResult<Vec<luban_registry::due::Due>> {
    with_registry(app, move |r| {
        r.due(
            luban_registry::due::today(),
            luban_registry::due::DUE_SOON_DAYS,
        )
    })
    .await
}

/// Asks for a signed document in the native dialog (the webview never sends a path) and attaches
/// a copy to the agreement; `None` when the user cancels.
#[tauri::command]
pub async fn attach_document(
    app: AppHandle,
    agreement: String,
    title: String,
) -> CommandResult<Option<luban_registry::document::Document>> {
    let Some(path) = dialog::ask(&app, Ask::OpenDocument, title).await? else {
        return Ok(None);
    };
    with_registry(app, move |r| r.attach(&agreement, &path).map(Some)).await
}

/// Opens an attached document in the system viewer, from a copy the core makes under its name.
#[tauri::command]
pub async fn open_document(app: AppHandle, agreement: String, name: String) -> CommandResult<()> {
    let path = with_registry(app, move |r| r.document_for_viewing(&agreement, &name)).await?;
    let shown = path.display().to_string();
    tauri::async_runtime::spawn_blocking(move || {
        tauri_plugin_opener::open_path(&path, None::<&str>)
    })
    .await
    .map_err(|e| ShellError::TaskStopped.because(e))?
    .map_err(|e| ShellError::OpenDocument.because(format!("{shown}: {e}")))
}

#[tauri::command]
pub async fn detach_document(app: AppHandle, agreement: String, name: String) -> CommandResult<()> {
    with_registry(app, move |r| r.detach(&agreement, &name)).await
}

#[tauri::command]
pub async fn list_countries(app: AppHandle, search: String) -> CommandResult<Vec<CountryRow>> {
    with_registry(app, move |r| r.countries(&search)).await
}

#[tauri::command]
pub async fn list_majors(app: AppHandle, search: String) -> CommandResult<Vec<MajorRow>> {
    with_registry(app, move |r| r.majors(&search)).await
}

#[tauri::command]
pub async fn list_categories(app: AppHandle) -> CommandResult<Vec<CategoryRow>> {
    with_registry(app, |r| r.categories()).await
}

/// Saves a record from a form; `original` names the record being edited (its key fields).
#[tauri::command]
pub async fn save(
    app: AppHandle,
    entity: String,
    original: Option<Fields>,
    fields: Fields,
) -> CommandResult<()> {
    let entity = self::entity(&entity)?;
    with_registry(app, move |r| r.save(entity, original.as_ref(), &fields)).await
}

#[tauri::command]
pub async fn deletion_impact(app: AppHandle, entity: String, key: Fields) -> CommandResult<Impact> {
    let entity = self::entity(&entity)?;
    with_registry(app, move |r| r.deletion_impact(entity, &key)).await
}

/// Deletes one record and what goes with it; without `confirm` (the user agreed to the impact
/// shown) nothing is changed.
#[tauri::command]
pub async fn delete(
    app: AppHandle,
    entity: String,
    key: Fields,
    confirm: bool,
) -> CommandResult<Impact> {
    let entity = self::entity(&entity)?;
    with_registry(app, move |r| r.delete(entity, &key, confirm)).await
}

/// Previews an import: asks for a file (or folder) unless `again`, in which case it previews the
/// file already chosen, as `entity` (an override of what its name says). Nothing is written.
#[tauri::command]
pub async fn import_preview(
    app: AppHandle,
    entity: Option<String>,
    folder: bool,
    again: bool,
    title: String,
    choices: Option<ImportChoices>,
) -> CommandResult<Option<ImportOutcome>> {
    let chosen = entity.as_deref().map(self::entity).transpose()?;
    let choices = choices.unwrap_or_default();
    let pending = if again {
        let pending = app.state::<AppState>().pending().clone();
        PendingImport {
            entity: chosen,
            choices,
            ..pending.ok_or(ShellError::NoFileChosen)?
        }
    } else {
        let ask = if folder {
            Ask::OpenFolder
        } else {
            Ask::OpenFile
        };
        let Some(path) = dialog::ask(&app, ask, title).await? else {
            return Ok(None);
        };
        PendingImport {
            path,
            folder,
            entity: chosen,
            choices,
            problems: Default::default(),
        }
    };
    run(app, move |s| {
        let _task = s.task.start()?;
        let options = ImportOptions {
            progress: Some(&mut |rows| s.task.report(rows)),
            ..pending.options(true)
        };
        let outcome = s.registry()?.import(pending.source(), options)?;
        *s.pending() = Some(PendingImport {
            entity: outcome.entity,
            problems: outcome.problems.clone().into(),
            ..pending
        });
        // The first page of problems and how many there are: a rejected big file must not cross
        // as thousands of rows of messages.
        Ok(Some(outcome.problems_page(0, ImportOutcome::PROBLEMS_PAGE)))
    })
    .await
}

/// A further page of the pending preview's problems ("Show more problems"): from `offset`, at
/// most `limit` (at most a page) of those the preview listed.
#[tauri::command]
pub async fn import_problems(
    app: AppHandle,
    offset: usize,
    limit: usize,
) -> CommandResult<ProblemsPage> {
    let pending = app.state::<AppState>().pending().clone();
    Ok(pending
        .ok_or(ShellError::NoFileChosen)?
        .problems_page(offset, limit))
}

/// Imports what was previewed (all or nothing).
#[tauri::command]
pub async fn import_confirm(app: AppHandle) -> CommandResult<ImportOutcome> {
    run(app, |s| {
        let pending = s.pending().clone().ok_or(ShellError::NoFileChosen)?;
        let _task = s.task.start()?;
        let options = ImportOptions {
            progress: Some(&mut |rows| s.task.report(rows)),
            ..pending.options(false)
        };
        let outcome = s.registry()?.import(pending.source(), options);
        *s.pending() = None;
        Ok(outcome?)
    })
    .await
}

#[tauri::command]
pub async fn import_discard(app: AppHandle) -> CommandResult<()> {
    *app.state::<AppState>().pending() = None;
    Ok(())
}

/// Where an export went.
#[derive(Serialize)]
pub struct Exported {
    path: String,
    files: Vec<(Entity, u64)>,
}

/// Exports one kind of record to a file the user chooses; `None` when they cancel.
#[tauri::command]
pub async fn export_entity(
    app: AppHandle,
    entity: String,
    chinese_headers: bool,
    title: String,
) -> CommandResult<Option<Exported>> {
    let entity = self::entity(&entity)?;
    let Some(path) = dialog::ask(&app, Ask::SaveFile(entity.file_name()), title).await? else {
        return Ok(None);
    };
    run(app, move |s| {
        export(s, Target::File(entity, &path), &path, chinese_headers)
    })
    .await
}

/// Exports every kind of record into a folder the user chooses, from one snapshot; `None` when
/// they cancel.
#[tauri::command]
pub async fn export_all(
    app: AppHandle,
    chinese_headers: bool,
    title: String,
) -> CommandResult<Option<Exported>> {
    let Some(dir) = dialog::ask(&app, Ask::SaveFolder, title).await? else {
        return Ok(None);
    };
    run(app, move |s| {
        export(s, Target::Folder(&dir), &dir, chinese_headers)
    })
    .await
}

/// The one export both commands make, as a task with progress and cancel.
fn export(
    s: &AppState,
    target: Target,
    path: &std::path::Path,
    chinese_headers: bool,
) -> CommandResult<Option<Exported>> {
    let _task = s.task.start()?;
    let options = ExportOptions {
        chinese_headers,
        ..ExportOptions::default()
    };
    let files = s
        .registry()?
        .export(target, options, Some(&mut |b| s.task.report(b)))?;
    Ok(Some(Exported {
        path: path.display().to_string(),
        files,
    }))
}

#[tauri::command]
pub async fn cancel_task(app: AppHandle) -> CommandResult<()> {
    app.state::<AppState>().task.cancel();
    Ok(())
}

/// How far the long task under way got (rows read, or bytes written).
#[derive(Serialize)]
pub struct Progress {
    running: bool,
    done: u64,
}

#[tauri::command]
pub async fn task_progress(app: AppHandle) -> CommandResult<Progress> {
    let (running, done) = app.state::<AppState>().task.progress();
    Ok(Progress { running, done })
}

/// The registry's settings (the institution's name on briefings).
#[tauri::command]
pub async fn get_settings(app: AppHandle) -> CommandResult<Settings> {
    with_registry(app, |r| r.settings()).await
}

/// Saves the registry's settings.
#[tauri::command]
pub async fn save_settings(app: AppHandle, settings: Settings) -> CommandResult<()> {
    with_registry(app, move |r| r.save_settings(&settings)).await
}

#[tauri::command]
pub async fn selection_options(app: AppHandle) -> CommandResult<SelectionOptions> {
    with_registry(app, |r| r.selection_options()).await
}

#[tauri::command]
pub async fn report(
    app: AppHandle,
    selection: Selection,
    lang: Lang,
    style: Option<NumberStyle>,
) -> CommandResult<ReportView> {
    with_registry(app, move |r| r.report_view(&selection, lang, style)).await
}

/// The charts the dashboard shows, their bars measuring `measure` (workshops when not given).
#[tauri::command]
pub async fn charts(
    app: AppHandle,
    selection: Selection,
    lang: Lang,
    measure: Option<BarMeasure>,
) -> CommandResult<Vec<ChartView>> {
    with_registry(app, move |r| {
        dashboard::charts(&r.report(&selection)?, lang, measure.unwrap_or_default())
    })
    .await
}

/// At most this many rows behind a figure are sent to the window (the total covers them all).
const TRACE_ROWS: usize = 500;

#[tauri::command]
pub async fn trace(app: AppHandle, selection: Selection, figure: Figure) -> CommandResult<Trace> {
    with_registry(app, move |r| r.trace(&selection, &figure, Some(TRACE_ROWS))).await
}

/// What loading the sample over this registry would delete.
#[tauri::command]
pub async fn sample_replaces(app: AppHandle) -> CommandResult<Replaced> {
    with_registry(app, |r| r.sample_replaces()).await
}

/// Loads the sample registry; a registry with workshops is left alone unless `replace`, and
/// replacing needs `confirm` (the user agreed to what `sample_replaces` listed).
#[tauri::command]
pub async fn load_sample(
    app: AppHandle,
    replace: bool,
    confirm: bool,
) -> CommandResult<SampleOutcome> {
    let mode = if replace {
        IfNotEmpty::Replace
    } else {
        IfNotEmpty::Refuse
    };
    with_registry(app, move |r| r.load_sample(mode, confirm)).await
}

/// Where a briefing export went.
#[derive(Serialize)]
pub struct BriefingSaved {
    /// The file, or the folder of CSV files.
    path: String,
    /// The names of the files written.
    files: Vec<String>,
}

/// Writes the briefing of `selection` as `format` (with `chart` for PNG/SVG) to a file or folder
/// the user chooses; `None` when they cancel.
#[tauri::command]
pub async fn export_briefing(
    app: AppHandle,
    selection: Selection,
    format: Format,
    chart: Option<ChartKind>,
    lang: Lang,
    title: String,
) -> CommandResult<Option<BriefingSaved>> {
    let chart = chart.unwrap_or(ChartKind::Country);
    let date = luban_briefing::today();
    let ask = if format.is_folder() {
        Ask::SaveFolder
    } else {
        Ask::SaveAs {
            name: output::file_name(&selection, &date, format, chart),
            filter: format.filter(),
        }
    };
    let Some(path) = dialog::ask(&app, ask, title).await? else {
        return Ok(None);
    };
    run(app, move |s| {
        let report = s.registry()?.report(&selection)?;
        let files = output::save(&report, format, chart, lang, &date, &path)?;
        *s.last_export() = files.first().cloned();
        Ok(Some(BriefingSaved {
            path: path.display().to_string(),
            files: (files.iter())
                .filter_map(|f| f.file_name().map(|n| n.to_string_lossy().into_owned()))
                .collect(),
        }))
    })
    .await
}

/// Shows the file this app last exported in the system's file manager. The path is the one the
/// backend wrote, never one from the webview; on Linux it asks the file manager over D-Bus.
#[tauri::command]
pub async fn reveal_last_export(app: AppHandle) -> CommandResult<()> {
    let path = app.state::<AppState>().last_export().clone();
    let path = path.ok_or(ShellError::NothingExported)?;
    let shown = path.display().to_string();
    tauri::async_runtime::spawn_blocking(move || tauri_plugin_opener::reveal_item_in_dir(&path))
        .await
        .map_err(|e| ShellError::TaskStopped.because(e))?
        .map_err(|e| ShellError::Reveal.because(format!("{shown}: {e}")))
}

/// One backup as the Backups screen lists it. It is named by its file name only: a restore names
/// a backup of this list, never a path.
#[derive(Serialize)]
pub struct BackupRow {
    name: String,
    created: String,
    reason: &'static str,
    bytes: u64,
}

impl From<&luban_registry::Backup> for BackupRow {
    fn from(b: &luban_registry::Backup) -> Self {
        BackupRow {
            name: file_name(&b.path),
            created: b.created.clone(),
            reason: b.reason.slug(),
            bytes: b.bytes,
        }
    }
}

fn file_name(path: &std::path::Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The registry's backups, newest first.
#[tauri::command]
pub async fn list_backups(app: AppHandle) -> CommandResult<Vec<BackupRow>> {
    with_registry(app, |r| {
        r.backups()
            .map(|list| list.iter().map(BackupRow::from).collect())
    })
    .await
}

/// "Back up now": a manual backup, kept until the user deletes it.
#[tauri::command]
pub async fn backup_now(app: AppHandle) -> CommandResult<BackupRow> {
    with_registry(app, |r| {
        r.backup(luban_registry::backup::Reason::Manual)
            .map(|b| BackupRow::from(&b))
    })
    .await
}

/// Replaces the registry with the backup named `name` (one of [`list_backups`]); the core backs
/// up the current state first and refuses without `confirm`. Returns that backup of the state
/// replaced.
#[tauri::command]
pub async fn restore_backup(
    app: AppHandle,
    name: String,
    confirm: bool,
) -> CommandResult<BackupRow> {
    run(app, move |s| {
        let mut registry = s.registry()?;
        let chosen = registry
            .backups()?
            .into_iter()
            .find(|b| file_name(&b.path) == name)
            .ok_or(ShellError::NoSuchBackup)?;
        let before = registry.restore(&chosen.path, confirm)?;
        Ok(BackupRow::from(&before))
    })
    .await
}

/// "Save a copy…": a checked copy of the registry to a file chosen in the native dialog; `None`
/// when the user cancels.
#[tauri::command]
pub async fn save_backup_copy(app: AppHandle, title: String) -> CommandResult<Option<String>> {
    let ask = Ask::SaveAs {
        name: "luban-registry-copy.sqlite3".to_string(),
        filter: ("SQLite", &["sqlite3", "db"]),
    };
    let Some(path) = dialog::ask(&app, ask, title).await? else {
        return Ok(None);
    };
    with_registry(app, move |r| {
        r.backup_to(&path)
            .map(|()| Some(path.display().to_string()))
    })
    .await
}

/// The history's batches, newest first.
#[tauri::command]
pub async fn list_history(app: AppHandle) -> CommandResult<Vec<luban_registry::history::Batch>> {
    with_registry(app, |r| r.history()).await
}

/// One workshop's own history, newest first: the record changes of the workshop and of its
/// figures, agreements and contacts (records with a key field equal to its code).
#[tauri::command]
pub async fn list_workshop_history(
    app: AppHandle,
    code: String,
) -> CommandResult<Vec<luban_registry::history::RecordChange>> {
    with_registry(app, move |r| r.history_records(None, Some(&code))).await
}

/// On the start-up screen of a damaged registry: replaces it with the newest good backup the
/// screen named (the damaged bytes are kept as a backup first); without `confirm` nothing is
/// changed. The app then uses the restored registry. Returns the backup restored.
#[tauri::command]
pub async fn restore_newest_good_backup(
    app: AppHandle,
    confirm: bool,
) -> CommandResult<crate::state::RestoreOffer> {
    run(app, move |s| s.restore_offered(confirm)).await
}

/// Undoes batch `batch` of the history; without `confirm` nothing is changed.
#[tauri::command]
pub async fn undo_batch(
    app: AppHandle,
    batch: i64,
    confirm: bool,
) -> CommandResult<luban_registry::history::Undo> {
    with_registry(app, move |r| {
        if !confirm {
            return Err(luban_registry::Error::NotConfirmed);
        }
        r.undo(Some(batch), false)
    })
    .await
}

// ---- fields of the office's own (settings screen, workshop form and list) ----------------------

/// The fields of the office's own, with how many records have a value for each.
#[tauri::command]
pub async fn list_fields(app: AppHandle) -> CommandResult<Vec<luban_registry::FieldDef>> {
    with_registry(app, |r| r.fields()).await
}

/// Adds a field of the office's own to the kind named `entity`; field problems come back beside
/// `field_name`, `field_type` or `label_zh`.
#[tauri::command]
pub async fn add_field(
    app: AppHandle,
    entity: String,
    field: luban_registry::NewField,
) -> CommandResult<luban_registry::FieldDef> {
    let kind = self::entity(&entity)?;
    with_registry(app, move |r| r.add_field(kind, &field)).await
}

/// Removes a field of the office's own; while records have a value for it, only with `confirm`
/// (the values go, after a backup, into the history). Returns how many values went with it.
#[tauri::command]
pub async fn remove_field(
    app: AppHandle,
    entity: String,
    name: String,
    confirm: bool,
) -> CommandResult<u64> {
    let kind = self::entity(&entity)?;
    with_registry(app, move |r| r.remove_field(kind, &name, confirm)).await
}
