//! Build script: generates Tauri's context from `tauri.conf.json`, and declares every app command so
//! the capability files (in `src-tauri/capabilities/`) decide which ones the window may call.

include!("command_list.rs");

/// Turns the list into names: tauri-build needs them as strings, `lib.rs` as paths.
macro_rules! command_names {
    ($($name:ident),* $(,)?) => {
        &[$(stringify!($name)),*]
    };
}

/// Every command the shell registers, from the one list in `command_list.rs`.
const COMMANDS: &[&str] = app_commands!(command_names);

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    println!("cargo:rerun-if-changed=tauri.conf.json");
    println!("cargo:rerun-if-changed=ui");
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("src-tauri/capabilities/**/*")
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    tauri_build::try_build(attributes).expect("tauri-build failed; see the message above");
}
