//! `atomic_file::write_atomically`: a file is replaced whole or not at all, with no temporary left.

use std::io::Write;
use std::path::{Path, PathBuf};

use luban_registry::atomic_file::{write_atomically, write_bytes};
use luban_registry::Error;

/// The names in `dir`, sorted.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn refused(path: &Path) -> Error {
    Error::Io {
        path: path.to_path_buf(),
        source: std::io::Error::other("the writer gave up"),
    }
}

#[test]
fn a_write_creates_the_file_with_exactly_the_bytes_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.csv");
    write_bytes(&path, b"code\r\nTH-AYU\r\n").unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), b"code\r\nTH-AYU\r\n");
    assert_eq!(names_in(dir.path()), vec!["out.csv"]);
}

#[test]
fn a_write_replaces_an_existing_file_and_returns_what_the_writer_returned() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.csv");
    std::fs::write(&path, "a much longer old content than the new one").unwrap();
    let rows = write_atomically(&path, |out| {
        out.write_all(b"new").unwrap();
        Ok::<_, Error>(7)
    })
    .unwrap();
    assert_eq!(rows, 7);
    assert_eq!(std::fs::read(&path).unwrap(), b"new");
}

#[test]
fn a_failed_write_leaves_the_old_file_byte_identical_and_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.csv");
    let old = b"\xEF\xBB\xBFcode\r\nold\r\n".to_vec();
    std::fs::write(&path, &old).unwrap();
    let result: Result<(), Error> = write_atomically(&path, |out| {
        out.write_all(&[b'x'; 100_000]).unwrap();
        Err(refused(&path))
    });
    assert!(matches!(result, Err(Error::Io { .. })));
    assert_eq!(std::fs::read(&path).unwrap(), old);
    assert_eq!(names_in(dir.path()), vec!["out.csv"]);
}

#[test]
fn the_writers_own_error_comes_back_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.csv");
    let result: Result<(), Error> = write_atomically(&path, |_| Err(Error::Cancelled));
    assert!(matches!(result, Err(Error::Cancelled)));
    assert!(!path.exists());
    assert!(names_in(dir.path()).is_empty());
}

#[test]
fn the_bytes_go_to_a_temporary_file_in_the_targets_own_folder() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.csv");
    let mut seen = Vec::new();
    write_atomically(&path, |out| {
        out.write_all(b"x").unwrap();
        out.flush().unwrap();
        seen = names_in(dir.path());
        Ok::<_, Error>(())
    })
    .unwrap();
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_ne!(seen[0], "out.csv", "the target is not written in place");
    assert!(
        !seen[0].to_ascii_lowercase().ends_with(".csv"),
        "a folder import must not take a temporary for a registry file: {seen:?}"
    );
}

#[test]
fn two_concurrent_writers_to_one_path_both_finish_and_one_complete_content_wins() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.csv");
    let contents: Vec<Vec<u8>> = vec![vec![b'a'; 4_000_000], vec![b'b'; 3_000_000]];
    for _ in 0..5 {
        let barrier = std::sync::Barrier::new(2);
        std::thread::scope(|s| {
            let writers: Vec<_> = contents
                .iter()
                .map(|content| {
                    let (path, barrier) = (&path, &barrier);
                    s.spawn(move || {
                        write_atomically(path, |out| {
                            barrier.wait();
                            // In pieces, so the two writers interleave.
                            for piece in content.chunks(64 * 1024) {
                                out.write_all(piece).unwrap();
                            }
                            Ok::<_, Error>(())
                        })
                    })
                })
                .collect();
            for w in writers {
                w.join().unwrap().unwrap();
            }
        });
        let written = std::fs::read(&path).unwrap();
        assert!(
            contents.contains(&written),
            "the file is {} bytes, not one of the two contents",
            written.len()
        );
        assert_eq!(names_in(dir.path()), vec!["out.csv"]);
    }
}

#[test]
fn a_target_in_a_missing_folder_is_an_io_error_naming_the_target() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing").join("out.csv");
    match write_bytes(&path, b"x") {
        Err(Error::Io { path: named, .. }) => assert_eq!(named, path),
        other => panic!("expected an I/O error, got {other:?}"),
    }
}

#[test]
fn a_rename_that_fails_is_an_io_error_naming_the_target_and_leaves_no_temporary() {
    let dir = tempfile::tempdir().unwrap();
    let path: PathBuf = dir.path().join("out.csv");
    // A folder with something in it cannot be replaced by a file.
    std::fs::create_dir(&path).unwrap();
    std::fs::write(path.join("keep"), "kept").unwrap();
    match write_bytes(&path, b"x") {
        Err(Error::Io { path: named, .. }) => assert_eq!(named, path),
        other => panic!("expected an I/O error, got {other:?}"),
    }
    assert_eq!(names_in(dir.path()), vec!["out.csv"]);
    assert_eq!(std::fs::read(path.join("keep")).unwrap(), b"kept");
}

#[cfg(unix)]
#[test]
fn a_new_file_is_as_readable_as_any_file_the_user_creates() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain.csv");
    std::fs::File::create(&plain).unwrap();
    let path = dir.path().join("out.csv");
    write_bytes(&path, b"x").unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&path), mode(&plain));
}
