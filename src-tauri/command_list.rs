// The one list of the commands the webview may call. Read by three files with `include!`:
// `build.rs` (the names tauri-build turns into `allow-*` permissions), `lib.rs` (the handler
// registered with `tauri::generate_handler!`) and `tests/tidy/main.rs` (which checks the
// capability file and `ui/api.js` against it). No inner doc comment here: `include!` parses the
// file as items, where `//!` is not allowed.

/// Calls `$callback! { name, name, … }` with every command in `commands.rs`, in one place, so the
/// handler, the manifest and the checks cannot drift apart. Adding a command: add its name here,
/// add `allow-<name with dashes>` to `capabilities/main.json` and a function to `ui/api.js`
/// (`cargo test --test tidy` says which is missing).
macro_rules! app_commands {
    ($callback:ident) => {
        $callback! {
            app_status,
            app_ready,
            headline,
            list_groups,
            list_workshops,
            get_workshop,
            list_agreements,
            list_due,
            attach_document,
            open_document,
            detach_document,
            list_countries,
            list_majors,
            list_categories,
            save,
            deletion_impact,
            delete,
            import_preview,
            import_problems,
            import_confirm,
            import_discard,
            export_entity,
            export_all,
            cancel_task,
            task_progress,
            selection_options,
            report,
            charts,
            trace,
            sample_replaces,
            load_sample,
            export_briefing,
            reveal_last_export,
            get_settings,
            save_settings,
            list_backups,
            backup_now,
            restore_backup,
            save_backup_copy,
            list_history,
            undo_batch,
            list_fields,
            add_field,
            remove_field,
            restore_newest_good_backup,
            list_workshop_history,
        }
    };
}
