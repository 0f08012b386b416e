//! Replacing a file all at once: the one way the workspace writes an output file (CSV exports,
//! briefing workbooks, pages, charts), so a reader never sees half a file and a failure never
//! destroys the old one.
//!
//! The bytes go to a temporary file with a unique name in the target's own folder (so the final
//! rename never crosses file systems, and two writers to the same path never share a temporary),
//! are flushed to disk (`sync_all`), and the temporary is renamed over the target. On Unix the
//! folder is then flushed too, so the rename itself survives a power cut. On any failure the
//! temporary is removed and the target is left as it was.
//!
//! [`Staged`] does the same for several files at once (`export-all`): all are written before any
//! is moved into place.
//!
//! Temporary names look like `.out.csv.a1B2c3.partial`: hidden on Unix, recognisable if a killed
//! process leaves one behind, and not ending in `.csv`, so a folder import never picks one up.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use crate::error::{Error, Result};

/// Writes the file at `path` through `write`, replacing any old file only once `write` has
/// succeeded and the new contents are on disk. Returns what `write` returned.
///
/// Errors of the file system are [`Error::Io`] naming `path`; an error returned by `write` is
/// passed on unchanged. Either way the old file is untouched and no temporary file stays behind.
///
/// ```
/// use std::io::Write;
/// use luban_registry::atomic_file::write_atomically;
///
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("out.csv");
/// let rows = write_atomically(&path, |out| {
///     out.write_all(b"code\r\nTH-AYU\r\n").map_err(|e| luban_registry::Error::Io { path: path.clone(), source: e })?;
///     Ok::<_, luban_registry::Error>(1)
/// })?;
/// assert_eq!(rows, 1);
/// assert_eq!(std::fs::read(&path)?, b"code\r\nTH-AYU\r\n");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_atomically<T, E: From<Error>>(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> std::result::Result<T, E>,
) -> std::result::Result<T, E> {
    let io = |source: std::io::Error| Error::io(path, source);
    let folder = folder_of(path);
    let (file, temporary) = temporary_beside(path, folder).map_err(io)?.into_parts();
    // Declared after `temporary`, so on an early return the file is closed before the temporary
    // is deleted (Windows refuses to delete an open file).
    let mut out = BufWriter::new(file);
    let value = write(&mut out)?;
    let file = out.into_inner().map_err(|e| io(e.into_error()))?;
    file.sync_all().map_err(io)?;
    drop(file);
    // On failure `persist` hands the temporary back inside the error, which deletes it on drop.
    temporary.persist(path).map_err(|e| io(e.error))?;
    sync_folder(folder).map_err(io)?;
    Ok(value)
}

/// Files written as one: each is written to a temporary beside its target and flushed to disk
/// ([`Staged::stage`]), and none is moved into place until every one is written
/// ([`Staged::commit`]). Dropped without a commit (a failure, a cancel), every temporary is
/// removed and every target is as it was: a folder export never leaves a mix of old and new
/// files behind.
#[derive(Default)]
pub struct Staged {
    files: Vec<(std::path::PathBuf, tempfile::TempPath)>,
}

impl Staged {
    /// Nothing staged yet.
    pub fn new() -> Staged {
        Staged::default()
    }

    /// Writes the future contents of `path` through `write` into a temporary beside it. Errors
    /// name `path`: a failure inside `write` reported under the bare file name is given the whole
    /// path, so the message says which file of the folder failed.
    pub fn stage<T>(
        &mut self,
        path: &Path,
        write: impl FnOnce(&mut BufWriter<File>) -> Result<T>,
    ) -> Result<T> {
        let io = |source: std::io::Error| Error::io(path, source);
        let folder = folder_of(path);
        let (file, temporary) = temporary_beside(path, folder).map_err(io)?.into_parts();
        let mut out = BufWriter::new(file);
        let value = match write(&mut out) {
            Ok(value) => value,
            Err(Error::Io { source, .. }) => return Err(io(source)),
            Err(e) => return Err(e),
        };
        let file = out.into_inner().map_err(|e| io(e.into_error()))?;
        file.sync_all().map_err(io)?;
        drop(file);
        self.files.push((path.to_path_buf(), temporary));
        Ok(value)
    }

    /// Moves every staged file into place. A target that is a folder is refused, naming it,
    /// before any file is moved; after that only a failing rename (which the OS does at once)
    /// could leave some files new.
    pub fn commit(self) -> Result<()> {
        for (path, _) in &self.files {
            if path.is_dir() {
                return Err(Error::io(
                    path,
                    std::io::Error::new(std::io::ErrorKind::IsADirectory, "a folder is in the way"),
                ));
            }
        }
        let mut folders: Vec<std::path::PathBuf> = Vec::new();
        for (path, temporary) in self.files {
            temporary
                .persist(&path)
                .map_err(|e| Error::io(&path, e.error))?;
            let folder = folder_of(&path).to_path_buf();
            if !folders.contains(&folder) {
                folders.push(folder);
            }
        }
        for folder in folders {
            sync_folder(&folder).map_err(|e| Error::io(&folder, e))?;
        }
        Ok(())
    }
}

/// Writes `bytes` as the whole new contents of `path`, as [`write_atomically`] does.
pub fn write_bytes(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomically(path, |out| {
        out.write_all(bytes).map_err(|e| Error::io(path, e))
    })
}

/// The folder `path` is in (`.` for a bare file name).
pub(crate) fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// A new, uniquely named temporary file in `folder`, named after `path`'s file name.
fn temporary_beside(path: &Path, folder: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".partial");
    // tempfile creates owner-only files; ask for what `File::create` gives (0666 less the umask),
    // so an exported file is as readable as any other file the user makes.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(folder)
}

/// Flushes `folder`'s entries to disk, so a rename into it is durable. File systems that cannot
/// flush a folder (some network and FUSE mounts answer "invalid argument") are not an error: the
/// file itself is already on disk and in place.
#[cfg(unix)]
pub(crate) fn sync_folder(folder: &Path) -> std::io::Result<()> {
    match File::open(folder).and_then(|f| f.sync_all()) {
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::InvalidInput | std::io::ErrorKind::Unsupported
            ) =>
        {
            Ok(())
        }
        result => result,
    }
}

/// Elsewhere (Windows) the standard library cannot open a folder to flush it; the rename is left
/// to the file system.
#[cfg(not(unix))]
pub(crate) fn sync_folder(_folder: &Path) -> std::io::Result<()> {
    Ok(())
}
