//! Native file dialogs, opened by the Rust side so the webview never sends a path.
//!
//! Dialogs are created on the main thread (macOS requires it) and awaited off it, so the command
//! that asks for one must be `async`. With the `dialog-seam` feature (tests only), the environment
//! variable `LUBAN_TEST_DIALOG_PATH` supplies what the user would have picked; empty means
//! "cancelled". WebDriver cannot click native dialogs, and the rest of the path stays real.

use std::path::PathBuf;

use tauri::{AppHandle, Manager};

use crate::error::{CommandResult, ShellError};

/// What to ask the user for.
pub enum Ask {
    /// An existing CSV file to read.
    OpenFile,
    /// An existing folder to read.
    OpenFolder,
    /// A file to write, proposing this name.
    SaveFile(String),
    /// A file to write, proposing `name`, with a filter for its kind (`("Excel workbook", &["xlsx"])`).
    SaveAs {
        /// The proposed file name.
        name: String,
        /// The filter's label and extensions.
        filter: (&'static str, &'static [&'static str]),
    },
    /// A folder to write into.
    SaveFolder,
    /// An existing signed document to attach (PDF, image, Word).
    OpenDocument,
}

/// Asks the user for a path; `None` when they cancel.
pub async fn ask(app: &AppHandle, what: Ask, title: String) -> CommandResult<Option<PathBuf>> {
    #[cfg(feature = "dialog-seam")]
    if let Some(path) = std::env::var_os("LUBAN_TEST_DIALOG_PATH") {
        let _ = (app, what, title);
        return Ok((!path.is_empty()).then(|| PathBuf::from(path)));
    }
    let window = app.get_webview_window("main");
    let (tx, mut rx) = tauri::async_runtime::channel(1);
    app.run_on_main_thread(move || {
        let mut dialog = rfd::AsyncFileDialog::new().set_title(title);
        if let Some(window) = &window {
            dialog = dialog.set_parent(window);
        }
        let csv = |d: rfd::AsyncFileDialog| d.add_filter("CSV", &["csv", "txt", "tsv"]);
        let picked: std::pin::Pin<
            Box<dyn std::future::Future<Output = Option<rfd::FileHandle>> + Send>,
        > = match what {
            // CSV and workbooks together first (what an office has), then each alone.
            Ask::OpenFile => Box::pin(
                dialog
                    .add_filter(
                        "CSV, Excel, WPS, LibreOffice",
                        &["csv", "txt", "tsv", "xlsx", "xlsm", "xls", "ods"],
                    )
                    .add_filter("CSV", &["csv", "txt", "tsv"])
                    .add_filter("Excel, WPS, LibreOffice", &["xlsx", "xlsm", "xls", "ods"])
                    .pick_file(),
            ),
            Ask::OpenFolder | Ask::SaveFolder => Box::pin(dialog.pick_folder()),
            Ask::OpenDocument => Box::pin(
                dialog
                    .add_filter("PDF, images, Word", luban_registry::document::ACCEPTED)
                    .pick_file(),
            ),
            Ask::SaveFile(name) => Box::pin(csv(dialog).set_file_name(name).save_file()),
            Ask::SaveAs { name, filter } => Box::pin(
                dialog
                    .add_filter(filter.0, filter.1)
                    .set_file_name(name)
                    .save_file(),
            ),
        };
        tauri::async_runtime::spawn(async move {
            let chosen = picked.await.map(|h| h.path().to_path_buf());
            let _ = tx.send(chosen).await;
        });
    })
    .map_err(|e| ShellError::Dialog.because(e))?;
    Ok(rx.recv().await.flatten())
}
