//! Build script: generates Tauri's context from `tauri.conf.json`, and declares every app command so
//! the capability files (in `src-tauri/capabilities/`) decide which ones the window may call.

/// Every command the shell registers; keep in step with `lib.rs` and the capability file.
const COMMANDS: &[&str] = &[
    "app_status",
    "app_ready",
    "headline",
    "list_groups",
    "list_workshops",
    "get_workshop",
    "list_countries",
    "list_majors",
    "list_categories",
    "save",
    "deletion_impact",
    "delete",
    "import_preview",
    "import_confirm",
    "import_discard",
    "export_entity",
    "export_all",
    "cancel_task",
    "task_progress",
    "selection_options",
    "report",
    "charts",
    "trace",
    "sample_replaces",
    "load_sample",
    "export_briefing",
    "reveal_last_export",
];

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    println!("cargo:rerun-if-changed=tauri.conf.json");
    println!("cargo:rerun-if-changed=ui");
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("src-tauri/capabilities/**/*")
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    tauri_build::try_build(attributes).expect("tauri-build failed; see the message above");
}
