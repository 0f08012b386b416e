//! The daily system notification: at start, when something in the registry is overdue (the core's
//! `due`), the app raises one notification a day through the notification plugin, called from
//! Rust only. The webview is granted no notification permission (the capability file names our
//! commands only). Whether to raise it is the core's pure rule (`due::daily_notice`); this module
//! only reads and writes the day it was last shown, in the app's configuration folder.

use std::io::Write;
use std::path::PathBuf;

use luban_registry::due::{self, Day};
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_notification::NotificationExt;

use crate::state::AppState;

/// The file in the app's configuration folder holding the day (`2026-05-04`) a notification was
/// last shown.
const LAST_SHOWN: &str = "last-notification";

/// Checks, off the main thread, whether to raise today's notification, and raises it. A failure
/// (no registry, no notification service) is reported on standard error and otherwise ignored:
/// the notification is a reminder, the "Due soon" panel says the same.
pub fn at_start<R: Runtime>(app: &AppHandle<R>) {
    let app = app.clone();
    std::thread::spawn(move || {
        if let Err(why) = notify_if_due(&app) {
            eprintln!("luban-desktop: no reminder notification: {why}");
        }
    });
}

fn marker<R: Runtime>(app: &AppHandle<R>) -> Result<PathBuf, String> {
    let folder = app.path().app_config_dir().map_err(|e| e.to_string())?;
    Ok(folder.join(LAST_SHOWN))
}

fn notify_if_due<R: Runtime>(app: &AppHandle<R>) -> Result<(), String> {
    let today = due::today();
    let items = {
        let state = app.state::<AppState>();
        let registry = state.registry().map_err(|e| e.message)?;
        registry.due(today, 0).map_err(|e| e.to_string())?
    };
    let file = marker(app)?;
    let last = std::fs::read_to_string(&file)
        .ok()
        .and_then(|text| text.trim().parse::<Day>().ok());
    let Some(notice) = due::daily_notice(last, today, &items) else {
        return Ok(());
    };
    app.notification()
        .builder()
        .title(notice.title)
        .body(notice.body)
        .show()
        .map_err(|e| e.to_string())?;
    if let Some(folder) = file.parent() {
        std::fs::create_dir_all(folder).map_err(|e| e.to_string())?;
    }
    luban_registry::atomic_file::write_atomically(&file, |out| {
        out.write_all(today.format("%Y-%m-%d").to_string().as_bytes())
            .map_err(|source| luban_registry::Error::Io {
                path: file.clone(),
                source,
            })
    })
    .map_err(|e: luban_registry::Error| e.to_string())
}
