//! The Luban Registry desktop app: a thin Tauri shell over the `luban_registry` core.
//!
//! - [`commands`]: what the webview may call, each a one-line adapter over the core.
//! - [`state`]: the registry opened once at start-up, the long task under way, the pending import.
//! - [`dialog`]: native file dialogs, opened on this side so the webview never sends a path.
//! - [`error`]: the `{kind, message, details}` shape every error crosses in.
//!
//! The UI is plain HTML, CSS and JavaScript modules in `ui/`; the capability file in
//! `src-tauri/capabilities/` grants the window these commands and nothing else.

pub mod commands;
pub mod dialog;
pub mod error;
pub mod state;

use std::time::Instant;

/// Opens the registry and runs the app until its window closes.
pub fn run() {
    let started = Instant::now();
    let state = state::AppState::open(started);
    if let Some(problem) = state.startup_problem() {
        eprintln!("luban-desktop: {}", problem.message);
    }
    // Without a display, the windowing library panics while starting; say so plainly instead.
    let result = std::panic::catch_unwind(move || {
        tauri::Builder::default()
            .manage(state)
            .invoke_handler(tauri::generate_handler![
                commands::app_status,
                commands::app_ready,
                commands::headline,
                commands::list_groups,
                commands::list_workshops,
                commands::get_workshop,
                commands::list_countries,
                commands::list_majors,
                commands::list_categories,
                commands::save,
                commands::deletion_impact,
                commands::delete,
                commands::import_preview,
                commands::import_confirm,
                commands::import_discard,
                commands::export_entity,
                commands::export_all,
                commands::cancel_task,
                commands::task_progress,
                commands::selection_options,
                commands::report,
                commands::charts,
                commands::trace,
                commands::sample_replaces,
                commands::load_sample,
                commands::export_briefing,
                commands::reveal_last_export,
            ])
            .run(tauri::generate_context!())
    });
    match result {
        Ok(Ok(())) => {}
        Ok(Err(e)) => {
            eprintln!("luban-desktop: the window could not be opened: {e}");
            std::process::exit(1);
        }
        Err(_) => {
            eprintln!(
                "luban-desktop: the window could not be opened (is a graphical display available?)"
            );
            std::process::exit(1);
        }
    }
}
