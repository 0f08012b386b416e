//! The Luban Registry desktop app: a thin Tauri shell over the `luban_registry` core.
//!
//! - [`commands`]: what the webview may call, each a one-line adapter over the core.
//! - [`state`]: the registry opened once at start-up, the long task under way, the pending import.
//! - [`dialog`]: native file dialogs, opened on this side so the webview never sends a path.
//! - [`error`]: the `{kind, message, details}` shape every error crosses in.
//! - [`notify`]: the daily system notification of what is overdue, raised from Rust.
//!
//! The UI is plain HTML, CSS and JavaScript modules in `ui/`; the capability file in
//! `src-tauri/capabilities/` grants the window these commands and nothing else.

pub mod commands;
pub mod dialog;
pub mod error;
pub mod notify;
pub mod state;

use std::time::Instant;

include!("command_list.rs");

/// Expands the list in `command_list.rs` to `tauri::generate_handler![commands::…]`, so the
/// handler registers exactly the commands `build.rs` declares to the ACL.
macro_rules! command_handler {
    ($($name:ident),* $(,)?) => {
        tauri::generate_handler![$(commands::$name),*]
    };
}

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
            // Registered for its Rust API only: the capability file grants the webview none of
            // its commands.
            .plugin(tauri_plugin_notification::init())
            .setup(|app| {
                notify::at_start(app.handle());
                Ok(())
            })
            .invoke_handler(app_commands!(command_handler))
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
