//! The commands the webview may call: each one line over `luban_registry`, run off the main thread.
//!
//! Commands are `async` and do their work in `spawn_blocking`, so a long import never freezes the
//! window, and dialogs can be awaited. They hold no rules: validation, counting, what a deletion
//! takes with it, all live in the core. Paths never come from the webview: the dialogs here choose
//! them, and an import's file is kept in [`AppState`] between preview and confirmation.

use std::collections::HashMap;

use serde::Serialize;
use tauri::{AppHandle, Manager};

use luban_briefing::output::{self, Format};
use luban_briefing::{chart, BarMeasure, ChartKind};
use luban_registry::browse::{
    CategoryRow, CountryRow, Impact, ImportPreview, MajorRow, WorkshopDetail, WorkshopQuery,
    WorkshopRow,
};
use luban_registry::report::{
    headline_sentence, Figure, Headline, Lang, NumberStyle, Report, Selection, Trace,
};
use luban_registry::sample::{IfNotEmpty, Replaced, SampleOutcome};
use luban_registry::{Entity, Error, ExportOptions, ImportOptions, ImportSummary, Registry};

use crate::dialog::{self, Ask};
use crate::error::{CommandError, CommandResult};
use crate::state::{AppState, PendingImport, StartupProblem};

/// A record's fields (or key fields) by column name, as text, as in CSV.
type Fields = HashMap<String, String>;

/// Runs `f` with the app's state on a blocking thread.
async fn run<T: Send + 'static>(
    app: AppHandle,
    f: impl FnOnce(&AppState) -> CommandResult<T> + Send + 'static,
) -> CommandResult<T> {
    tauri::async_runtime::spawn_blocking(move || f(&app.state::<AppState>()))
        .await
        .map_err(|e| CommandError::shell("internal", format!("the task stopped: {e}")))?
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
    Entity::from_name(name).ok_or_else(|| Error::UnknownEntity(name.to_string()).into())
}

/// Whether the registry opened, and where it is.
#[derive(Serialize)]
pub struct Status {
    path: Option<String>,
    problem: Option<StartupProblem>,
    empty: bool,
    version: &'static str,
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
#[derive(Serialize)]
pub struct HeadlineView {
    figures: Headline,
    sentence: String,
}

#[tauri::command]
pub async fn headline(
    app: AppHandle,
    selection: Selection,
    lang: Lang,
) -> CommandResult<HeadlineView> {
    with_registry(app, move |r| {
        let figures = r.headline(&selection)?;
        let sentence =
            headline_sentence(&figures, &selection, lang, NumberStyle::default_for(lang));
        Ok::<_, Error>(HeadlineView { figures, sentence })
    })
    .await
}

#[tauri::command]
pub async fn list_groups(app: AppHandle) -> CommandResult<Vec<String>> {
    with_registry(app, |r| r.groups()).await
}

#[tauri::command]
pub async fn list_workshops(
    app: AppHandle,
    query: WorkshopQuery,
) -> CommandResult<Vec<WorkshopRow>> {
    with_registry(app, move |r| r.workshops(&query)).await
}

#[tauri::command]
pub async fn get_workshop(app: AppHandle, code: String) -> CommandResult<WorkshopDetail> {
    with_registry(app, move |r| r.workshop(&code)).await
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
    with_registry(app, move |r| r.save_row(entity, original.as_ref(), &fields)).await
}

#[tauri::command]
pub async fn deletion_impact(app: AppHandle, entity: String, key: Fields) -> CommandResult<Impact> {
    let entity = self::entity(&entity)?;
    with_registry(app, move |r| r.deletion_impact(entity, &key)).await
}

#[tauri::command]
pub async fn delete(app: AppHandle, entity: String, key: Fields) -> CommandResult<Impact> {
    let entity = self::entity(&entity)?;
    with_registry(app, move |r| r.delete(entity, &key)).await
}

/// What an import would do, for the user to confirm.
#[derive(Serialize)]
pub struct PreviewView {
    /// The chosen file or folder's name.
    name: String,
    folder: bool,
    /// What the file holds; `None` when its name does not say (the UI then asks).
    entity: Option<Entity>,
    #[serde(flatten)]
    preview: ImportPreview,
}

/// Previews an import: asks for a file (or folder) unless `again`, in which case it previews the
/// file already chosen, as `entity` (an override of what its name says).
#[tauri::command]
pub async fn import_preview(
    app: AppHandle,
    entity: Option<String>,
    folder: bool,
    again: bool,
    title: String,
) -> CommandResult<Option<PreviewView>> {
    let chosen = entity.as_deref().map(self::entity).transpose()?;
    let pending = if again {
        let pending = app.state::<AppState>().pending().clone();
        pending.ok_or_else(|| CommandError::shell("no_file", "choose a file to import first"))?
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
            entity: None,
        }
    };
    run(app, move |s| {
        let name = pending.path.file_name().map_or_else(
            || pending.path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let entity = chosen.or_else(|| Entity::from_name(&name));
        let _task = s.task.start()?;
        *s.pending() = Some(PendingImport {
            entity,
            ..pending.clone()
        });
        let progress = &mut |rows| s.task.report(rows);
        let preview = match (pending.folder, entity) {
            (true, _) => s.registry()?.preview_import_dir(&pending.path, progress)?,
            (false, Some(entity)) => {
                s.registry()?
                    .preview_import_file(entity, &pending.path, progress)?
            }
            (false, None) => ImportPreview::default(),
        };
        Ok(Some(PreviewView {
            name,
            folder: pending.folder,
            entity,
            preview,
        }))
    })
    .await
}

/// Imports what was previewed (all or nothing).
#[tauri::command]
pub async fn import_confirm(app: AppHandle) -> CommandResult<Vec<ImportSummary>> {
    run(app, |s| {
        let pending = s
            .pending()
            .clone()
            .ok_or_else(|| CommandError::shell("no_file", "choose a file to import first"))?;
        let _task = s.task.start()?;
        let progress = &mut |rows| s.task.report(rows);
        let options = ImportOptions {
            dry_run: false,
            progress: Some(progress),
        };
        let result = match pending.entity {
            _ if pending.folder => s.registry()?.import_dir(&pending.path, options),
            Some(entity) => s
                .registry()?
                .import_file(entity, &pending.path, options)
                .map(|one| vec![one]),
            None => Err(Error::UnknownEntity(pending.path.display().to_string())),
        };
        *s.pending() = None;
        Ok(result?)
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

/// Exports one entity to a file the user chooses; `None` when they cancel.
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
        let _task = s.task.start()?;
        let options = ExportOptions {
            chinese_headers,
            ..ExportOptions::default()
        };
        let rows = s
            .registry()?
            .export_file_watched(entity, &path, options, &mut |b| s.task.report(b))?;
        Ok(Some(Exported {
            path: path.display().to_string(),
            files: vec![(entity, rows)],
        }))
    })
    .await
}

/// Exports every entity into a folder the user chooses; `None` when they cancel.
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
        let _task = s.task.start()?;
        let options = ExportOptions {
            chinese_headers,
            ..ExportOptions::default()
        };
        let files = s
            .registry()?
            .export_dir_watched(&dir, options, &mut |b| s.task.report(b))?;
        Ok(Some(Exported {
            path: dir.display().to_string(),
            files,
        }))
    })
    .await
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

/// The choices the dashboard's selection controls offer: every group tag, and the countries,
/// major categories, Chinese institutions and years that have workshops or figures.
#[derive(Serialize)]
pub struct SelectionOptions {
    groups: Vec<String>,
    countries: Vec<Named<String>>,
    categories: Vec<Named<i64>>,
    institutions: Vec<String>,
    years: Vec<i32>,
}

/// A code with its names.
#[derive(Serialize)]
pub struct Named<K> {
    code: K,
    name_en: String,
    name_zh: String,
}

#[tauri::command]
pub async fn selection_options(app: AppHandle) -> CommandResult<SelectionOptions> {
    with_registry(app, |r| {
        let all = r.report(&Selection::default())?;
        Ok::<_, Error>(SelectionOptions {
            groups: r.groups()?,
            countries: (all.by_country.into_iter())
                .map(|c| Named {
                    code: c.iso2,
                    name_en: c.name_en,
                    name_zh: c.name_zh,
                })
                .collect(),
            categories: (all.by_category.into_iter())
                .map(|c| Named {
                    code: c.code,
                    name_en: c.name_en,
                    name_zh: c.name_zh,
                })
                .collect(),
            institutions: all
                .by_institution
                .into_iter()
                .map(|i| i.institution)
                .collect(),
            years: all.by_year.into_iter().map(|y| y.year).collect(),
        })
    })
    .await
}

/// The headline figures written in one number style (`15,000`, `15000` or `1.5万`).
#[derive(Serialize)]
pub struct HeadlineText {
    workshops: String,
    countries: String,
    majors: String,
    major_categories: String,
    degree_students: String,
    trainees: String,
}

impl HeadlineText {
    fn new(h: &Headline, style: NumberStyle) -> HeadlineText {
        HeadlineText {
            workshops: style.format(h.workshops),
            countries: style.format(h.countries),
            majors: style.format(h.majors),
            major_categories: style.format(h.major_categories),
            degree_students: style.format(h.degree_students),
            trainees: style.format(h.trainees),
        }
    }
}

/// The full report of a selection, with its headline sentence and figures in `lang` and `style`.
#[derive(Serialize)]
pub struct ReportView {
    report: Report,
    sentence: String,
    written: HeadlineText,
}

#[tauri::command]
pub async fn report(
    app: AppHandle,
    selection: Selection,
    lang: Lang,
    style: Option<NumberStyle>,
) -> CommandResult<ReportView> {
    let style = style.unwrap_or(NumberStyle::default_for(lang));
    with_registry(app, move |r| {
        let report = r.report(&selection)?;
        Ok::<_, Error>(ReportView {
            sentence: headline_sentence(&report.headline, &selection, lang, style),
            written: HeadlineText::new(&report.headline, style),
            report,
        })
    })
    .await
}

/// The size the dashboard draws its charts at: text keeps its pixel size, so at the width of the
/// page (about 800–1000 px) it reads as it would on a slide.
const CHART_SIZE: (u32, u32) = (1280, 640);

/// A chart drawn for the dashboard, as an SVG document (the UI shows it as an image, never as
/// markup in the page).
#[derive(Serialize)]
pub struct ChartView {
    kind: ChartKind,
    title: String,
    svg: String,
}

#[tauri::command]
pub async fn charts(
    app: AppHandle,
    selection: Selection,
    lang: Lang,
) -> CommandResult<Vec<ChartView>> {
    with_registry(app, move |r| {
        let report = r.report(&selection)?;
        let m = BarMeasure::default();
        ChartKind::ALL
            .into_iter()
            .map(|kind| {
                Ok(ChartView {
                    kind,
                    title: chart::title(&report, kind, m, lang),
                    svg: chart::svg_sized(&report, kind, m, lang, CHART_SIZE)?,
                })
            })
            .collect::<luban_briefing::Result<_>>()
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

/// Loads the sample registry; a registry with workshops is left alone unless `replace`.
#[tauri::command]
pub async fn load_sample(app: AppHandle, replace: bool) -> CommandResult<SampleOutcome> {
    let mode = if replace {
        IfNotEmpty::Replace
    } else {
        IfNotEmpty::Refuse
    };
    with_registry(app, move |r| r.load_sample(mode)).await
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
    let path =
        path.ok_or_else(|| CommandError::shell("no_file", "nothing has been exported yet"))?;
    let shown = path.display().to_string();
    tauri::async_runtime::spawn_blocking(move || tauri_plugin_opener::reveal_item_in_dir(&path))
        .await
        .map_err(|e| CommandError::shell("internal", format!("the task stopped: {e}")))?
        .map_err(|e| {
            CommandError::shell("reveal", format!("cannot show {shown} in its folder: {e}"))
        })
}
