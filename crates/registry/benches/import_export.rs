//! Import and export speed against the `sqlite3` shell, 10^3 to 10^6 enrolment rows.
//!
//! Run: `cargo bench -p luban-registry --bench import_export` (add `-- 1000000` to choose sizes).
//! Each measurement runs in a child process so its peak memory is its own. The `sqlite3` shell's
//! `.import` loads the same file into an equivalent table (same columns, same unique key) without
//! validating anything; ours validates every row and resolves every reference. Figures go in
//! `docs/performance.md`. The last two columns are the automatic backup taken before a write (a
//! checked `VACUUM INTO` copy, with retention): of the registry after the import (at 10^6 rows,
//! 10,000 workshops and 1,000,000 figure rows), and of the registry before it (the workshops
//! alone: what the import itself now pays).

use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use luban_registry::{Entity, ExportOptions, ImportOptions, Registry, Source, Target};

const LEVELS: [&str; 4] = ["secondary", "associate", "bachelor", "other"];
const YEARS: i32 = 25;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    if args.first().map(String::as_str) == Some("child") {
        return child(&args[1..]);
    }
    let sizes: Vec<u64> = if args.is_empty() {
        vec![1_000, 10_000, 100_000, 1_000_000]
    } else {
        args.iter().filter_map(|a| a.parse().ok()).collect()
    };
    let has_sqlite3 = Command::new("sqlite3").arg("-version").output().is_ok();
    println!("| rows | luban import | peak memory | sqlite3 .import | ratio (luban / sqlite3) | luban re-import (all unchanged) | luban export | sqlite3 export | automatic backup | of which before the import |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for n in sizes {
        let dir = tempfile::tempdir().expect("temporary folder");
        let (workshops, enrolments) = write_files(dir.path(), n);
        let db = dir.path().join("registry.sqlite3");
        {
            let mut registry = Registry::open(&db).expect("registry");
            registry
                .import(
                    Source::File {
                        path: &workshops,
                        entity: Some(Entity::Workshops),
                    },
                    ImportOptions::default(),
                )
                .expect("workshops import");
        }
        // What the import pays before it commits: the backup of the registry as it was (here the
        // workshops alone). Taken in a copy, so the import below starts from the same folder.
        let before_import_s = {
            let copy = dir.path().join("copy").join("registry.sqlite3");
            std::fs::create_dir_all(copy.parent().expect("folder")).expect("copy folder");
            std::fs::copy(&db, &copy).expect("copied");
            run_child(&["backup", &copy.to_string_lossy(), ""]).0
        };
        let (import_s, peak_kb) = run_child(&[
            "import",
            &db.to_string_lossy(),
            &enrolments.to_string_lossy(),
        ]);
        let (reimport_s, _) = run_child(&[
            "import",
            &db.to_string_lossy(),
            &enrolments.to_string_lossy(),
        ]);
        let (export_s, _) = run_child(&[
            "export",
            &db.to_string_lossy(),
            &dir.path().join("out.csv").to_string_lossy(),
        ]);
        let (backup_s, _) = run_child(&["backup", &db.to_string_lossy(), ""]);
        let (sqlite_import, sqlite_export) = if has_sqlite3 {
            sqlite3_times(dir.path(), &enrolments)
        } else {
            (f64::NAN, f64::NAN)
        };
        println!(
            "| {n} | {import_s:.3} s | {:.1} MB | {sqlite_import:.3} s | {:.2} | {reimport_s:.3} s | {export_s:.3} s | {sqlite_export:.3} s | {backup_s:.3} s | {before_import_s:.3} s |",
            peak_kb as f64 / 1024.0,
            import_s / sqlite_import
        );
    }
}

/// Writes `workshops.csv` (enough workshops for `n` distinct keys) and `enrolments.csv` with `n` rows.
fn write_files(dir: &Path, n: u64) -> (std::path::PathBuf, std::path::PathBuf) {
    let per_workshop = (YEARS as u64) * LEVELS.len() as u64;
    let workshop_count = n.div_ceil(per_workshop).max(1);
    let workshops = dir.join("workshops.csv");
    let mut w = std::io::BufWriter::new(std::fs::File::create(&workshops).expect("create"));
    writeln!(
        w,
        "code,name_en,country,host_institution,chinese_institution,opened_year,status"
    )
    .expect("write");
    for i in 0..workshop_count {
        writeln!(
            w,
            "W{i:06},Workshop {i},TH,Host college {i},Tianjin college,2000,active"
        )
        .expect("write");
    }
    w.flush().expect("flush");
    let enrolments = dir.join("enrolments.csv");
    let mut e = std::io::BufWriter::new(std::fs::File::create(&enrolments).expect("create"));
    writeln!(e, "workshop,year,major,level,students").expect("write");
    for i in 0..n {
        let workshop = i / per_workshop;
        let rest = i % per_workshop;
        let year = 2000 + (rest / LEVELS.len() as u64) as i32;
        let level = LEVELS[(rest % LEVELS.len() as u64) as usize];
        writeln!(e, "W{workshop:06},{year},,{level},{}", (i * 7919) % 5000).expect("write");
    }
    e.flush().expect("flush");
    (workshops, enrolments)
}

fn run_child(args: &[&str]) -> (f64, u64) {
    let exe = std::env::current_exe().expect("own path");
    let out = Command::new(exe)
        .arg("child")
        .args(args)
        .output()
        .expect("child runs");
    assert!(
        out.status.success(),
        "child failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let mut parts = text.split_whitespace();
    let seconds = parts
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(f64::NAN);
    let peak = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
    (seconds, peak)
}

/// In the child: do one operation, print elapsed seconds and peak resident memory (KiB; Linux only).
fn child(args: &[String]) {
    let db = Path::new(&args[1]);
    let file = Path::new(&args[2]);
    let start = Instant::now();
    let mut registry = Registry::open(db).expect("registry");
    // The backup is timed alone, as the write it precedes would see it.
    let start = if args[0] == "backup" {
        Instant::now()
    } else {
        start
    };
    match args[0].as_str() {
        "backup" => {
            registry
                .backup(luban_registry::backup::Reason::Import)
                .expect("backup");
        }
        "import" => {
            registry
                .import(
                    Source::File {
                        path: file,
                        entity: Some(Entity::Enrolments),
                    },
                    ImportOptions::default(),
                )
                .expect("import");
        }
        _ => {
            registry
                .export(
                    Target::File(Entity::Enrolments, file),
                    ExportOptions::default(),
                    None,
                )
                .expect("export");
        }
    }
    drop(registry);
    let elapsed = start.elapsed().as_secs_f64();
    let peak = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<u64>().ok())
        })
        .unwrap_or(0);
    println!("{elapsed} {peak}");
}

/// The same file through the `sqlite3` shell into an equivalent table, and out again as CSV.
fn sqlite3_times(dir: &Path, enrolments: &Path) -> (f64, f64) {
    let db = dir.join("shell.sqlite3");
    let setup = "PRAGMA journal_mode=WAL; CREATE TABLE enrolment (workshop TEXT NOT NULL, year INTEGER NOT NULL, major TEXT, level TEXT NOT NULL, students INTEGER NOT NULL, UNIQUE (workshop, year, major, level));";
    run_sqlite3(&db, setup);
    let start = Instant::now();
    run_sqlite3(
        &db,
        &format!(
            ".mode csv\n.import --skip 1 {} enrolment\n",
            enrolments.display()
        ),
    );
    let import = start.elapsed().as_secs_f64();
    let start = Instant::now();
    run_sqlite3(&db, &format!(".headers on\n.mode csv\n.output {}\nSELECT * FROM enrolment ORDER BY workshop, year, major, level;\n", dir.join("shell-out.csv").display()));
    (import, start.elapsed().as_secs_f64())
}

fn run_sqlite3(db: &Path, script: &str) {
    let mut child = Command::new("sqlite3")
        .arg(db)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .expect("sqlite3 runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(script.as_bytes())
        .expect("script");
    let status = child.wait().expect("sqlite3 finishes");
    assert!(status.success(), "sqlite3 failed");
}
