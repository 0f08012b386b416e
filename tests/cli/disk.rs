//! A full disk and a read-only disk, on a small filesystem mounted for the test (a `tmpfs`):
//! a refused import leaves the registry byte-identical, a commit that SQLite could not copy out
//! of its `-wal` is reported (exit 1), and every reading command works on a read-only mount.
//!
//! Mounting needs root (Linux); where it is not permitted each test says why and passes without
//! running. Every mount is undone when its test ends, also when the test fails.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::{luban, text};

/// A `tmpfs` mounted on a temporary folder for one test; unmounted on drop.
struct Mount {
    dir: tempfile::TempDir,
}

impl Mount {
    /// Mounts a `tmpfs` of `size` (as `mount -o size=` reads it: `4m`), or says why it cannot.
    fn tmpfs(size: &str) -> Option<Mount> {
        let dir = tempfile::tempdir().expect("temp dir");
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .output();
        match mounted {
            Ok(out) if out.status.success() => Some(Mount { dir }),
            Ok(out) => {
                eprintln!(
                    "skipped: mounting a small filesystem is not permitted here ({})",
                    text(&out.stderr).trim()
                );
                None
            }
            Err(e) => {
                eprintln!("skipped: cannot run mount ({e})");
                None
            }
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Makes the mount read-only (even root cannot write to it then).
    fn read_only(&self) {
        let out = Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(self.dir.path())
            .output()
            .expect("mount runs");
        assert!(out.status.success(), "remount: {}", text(&out.stderr));
    }

    /// Writes a file that takes the free space but `leave` bytes (in 4 KiB blocks).
    fn fill(&self, leave: u64) {
        let stat = free_bytes(self.dir.path());
        let take = stat.saturating_sub(leave);
        let filler = self.path("filler");
        let file = std::fs::File::create(&filler).expect("filler");
        use std::io::Write;
        let mut out = std::io::BufWriter::new(file);
        let block = vec![0x55u8; 4096];
        let mut written = 0;
        while written + 4096 <= take {
            if out.write_all(&block).is_err() {
                break;
            }
            written += 4096;
        }
        let _ = out.flush();
    }

    /// Removes everything on the mount.
    fn clear(&self) {
        for entry in std::fs::read_dir(self.dir.path()).expect("mount") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                std::fs::remove_dir_all(&path).expect("clear");
            } else {
                std::fs::remove_file(&path).expect("clear");
            }
        }
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let done = Command::new("umount")
            .arg(self.dir.path())
            .status()
            .is_ok_and(|s| s.success());
        if !done {
            // Still busy (a process of a failed test): detach it now, gone when it is free.
            let _ = Command::new("umount")
                .arg("-l")
                .arg(self.dir.path())
                .status();
        }
    }
}

/// The free bytes of the filesystem holding `dir`, as `df` gives them.
fn free_bytes(dir: &Path) -> u64 {
    let out = Command::new("df")
        .args(["--output=avail", "-B1"])
        .arg(dir)
        .output()
        .expect("df runs");
    text(&out.stdout)
        .lines()
        .nth(1)
        .and_then(|l| l.trim().parse().ok())
        .expect("df gives the free bytes")
}

/// `n` new workshops, as CSV.
fn workshops(n: usize) -> String {
    let mut csv = String::from(
        "code,name_en,country,host_institution,chinese_institution,opened_year,status\n",
    );
    for i in 0..n {
        csv.push_str(&format!(
            "W-{i:05},Luban Workshop number {i} with a long enough name,TH,Host college {i} of the partner country,Tianjin Vocational Institute {i},2016,active\n"
        ));
    }
    csv
}

fn run(db: &Path, args: &[&str]) -> Output {
    let db = db.to_string_lossy().into_owned();
    let mut all = vec!["--db", db.as_str()];
    all.extend_from_slice(args);
    luban(&all, None)
}

fn side(db: &Path, suffix: &str) -> PathBuf {
    let mut side = db.as_os_str().to_owned();
    side.push(suffix);
    PathBuf::from(side)
}

/// A registry with two workshops, made outside the mount (copied in by each trial).
fn base(outside: &Path) -> PathBuf {
    let db = outside.join("base.sqlite3");
    let csv = outside.join("two.csv");
    std::fs::write(&csv, workshops(2)).expect("csv");
    let out = run(&db, &["import", "workshops", &csv.to_string_lossy()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        !side(&db, "-wal").exists() || std::fs::metadata(side(&db, "-wal")).unwrap().len() == 0
    );
    db
}

#[test]
fn an_import_onto_a_full_disk_is_refused_and_leaves_the_registry_as_it_was() {
    let Some(mount) = Mount::tmpfs("8m") else {
        return;
    };
    let outside = tempfile::tempdir().expect("temp dir");
    let base = base(outside.path());
    let csv = outside.path().join("many.csv");
    std::fs::write(&csv, workshops(3000)).expect("csv");
    let db = mount.path("registry.sqlite3");
    // No room for SQLite's `-shm`; room for it but not for the backup taken first.
    for leave in [16 * 1024, 160 * 1024] {
        mount.clear();
        std::fs::copy(&base, &db).expect("copy");
        let before = std::fs::read(&db).expect("registry");
        mount.fill(leave);

        let out = run(&db, &["import", "workshops", &csv.to_string_lossy()]);
        assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
        let said = text(&out.stderr);
        assert!(said.contains("full"), "{leave}: {said}");
        assert_eq!(std::fs::read(&db).expect("registry"), before, "{leave}");

        // With room again the registry is whole and holds what it held.
        std::fs::remove_file(mount.path("filler")).expect("filler");
        let out = run(&db, &["check"]);
        assert!(out.status.success(), "{leave}: {}", text(&out.stderr));
        let out = run(&db, &["export", "workshops", "-"]);
        assert_eq!(
            text(&out.stdout).lines().count(),
            3,
            "{}",
            text(&out.stdout)
        );
    }
}

/// What one import on a disk with `free` bytes left did.
#[derive(Debug, PartialEq)]
enum Trial {
    Done,
    NotCheckpointed,
    Refused,
}

#[test]
fn a_commit_left_in_the_wal_by_a_full_disk_is_reported_and_finished_later() {
    let Some(mount) = Mount::tmpfs("16m") else {
        return;
    };
    let outside = tempfile::tempdir().expect("temp dir");
    let base = base(outside.path());
    let csv = outside.path().join("many.csv");
    std::fs::write(&csv, workshops(3000)).expect("csv");
    let db = mount.path("registry.sqlite3");
    let trial = |free: u64| -> (Trial, Output) {
        mount.clear();
        std::fs::copy(&base, &db).expect("copy");
        mount.fill(free);
        let out = run(&db, &["import", "workshops", &csv.to_string_lossy()]);
        let said = text(&out.stderr);
        let trial = match out.status.code() {
            Some(0) => Trial::Done,
            Some(1) if said.contains("-wal") => Trial::NotCheckpointed,
            _ => Trial::Refused,
        };
        (trial, out)
    };
    // More room lets the import finish; less refuses it. Between the two lies the room for the
    // commit's log but not for copying it into the file: found by halving.
    let (mut refused, mut done) = (0u64, 12 * 1024 * 1024);
    assert_eq!(trial(done).0, Trial::Done);
    assert_eq!(trial(refused).0, Trial::Refused);
    let mut found = None;
    while done - refused > 4096 {
        let middle = (done + refused) / 2 / 4096 * 4096;
        match trial(middle) {
            (Trial::Done, _) => done = middle,
            (Trial::Refused, _) => refused = middle,
            (Trial::NotCheckpointed, out) => {
                found = Some(out);
                break;
            }
        }
    }
    let out = found.expect("some free space leaves the commit in the -wal only");
    let said = text(&out.stderr);
    assert!(said.contains("saved"), "{said}");
    assert!(
        said.contains("keep the -wal file beside the registry"),
        "{said}"
    );
    assert!(
        std::fs::metadata(side(&db, "-wal"))
            .expect("wal kept")
            .len()
            > 0
    );

    // Once there is room, any command finishes the copy, and the import is there.
    std::fs::remove_file(mount.path("filler")).expect("filler");
    let out = run(&db, &["check"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(std::fs::metadata(side(&db, "-wal")).map_or(true, |m| m.len() == 0));
    let out = run(&db, &["export", "workshops", "-"]);
    assert_eq!(text(&out.stdout).lines().count(), 3001);
}

#[test]
fn reading_commands_work_on_a_read_only_disk_and_a_write_says_where_it_is() {
    let Some(mount) = Mount::tmpfs("8m") else {
        return;
    };
    let outside = tempfile::tempdir().expect("temp dir");
    let db = mount.path("registry.sqlite3");
    std::fs::copy(base(outside.path()), &db).expect("copy");
    let csv = outside.path().join("more.csv");
    std::fs::write(&csv, workshops(5)).expect("csv");
    // A history and a backup to list.
    let out = run(&db, &["import", "workshops", &csv.to_string_lossy()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    mount.read_only();
    let before = std::fs::read(&db).expect("registry");

    for args in [
        vec!["check"],
        vec!["report"],
        vec!["export", "workshops", "-"],
        vec!["history"],
        vec!["history", "--batches"],
        vec!["backups"],
        vec!["import", "workshops", &csv.to_string_lossy(), "--dry-run"],
    ] {
        let out = run(&db, &args);
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
    }
    let folder = outside.path().join("all");
    let out = run(&db, &["export-all", &folder.to_string_lossy()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        std::fs::read_to_string(folder.join("workshops.csv"))
            .expect("exported")
            .lines()
            .count(),
        6
    );

    let out = run(&db, &["import", "workshops", &csv.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(1));
    let said = text(&out.stderr);
    assert!(said.contains("read-only"), "{said}");
    assert!(said.contains(&db.display().to_string()), "{said}");
    assert_eq!(std::fs::read(&db).expect("registry"), before);
}
