//! Memory while rejecting a big file of bad rows: it must stay flat in the file's size (under
//! 64 MB for a 200 MB file).
//!
//! Run: `cargo bench -p luban-registry --bench reject_memory` (add `-- 50` for a 50 MB file).
//! The benchmark writes an enrolment file of bad rows (each row an unknown workshop, a year out of
//! range, an unknown level and an 800-digit count), then in a child process (so the peak is its
//! own) imports it into a new registry, which refuses it, and renders every problem kept as the
//! command line prints it and as JSON (both languages) as the app receives it. It prints the
//! child's peak resident memory (VmHWM; Linux only, 0 elsewhere). Figures go in
//! `docs/performance.md`.

use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use luban_registry::{Entity, Error, ImportOptions, Lang, Registry, Source};

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    if args.first().map(String::as_str) == Some("child") {
        return child(Path::new(&args[1]), Path::new(&args[2]));
    }
    let megabytes: u64 = args.first().and_then(|a| a.parse().ok()).unwrap_or(200);
    let dir = tempfile::tempdir().expect("temporary folder");
    let file = dir.path().join("enrolments.csv");
    let rows = write_bad_rows(&file, megabytes * 1_000_000);
    let db = dir.path().join("registry.sqlite3");
    let exe = std::env::current_exe().expect("own path");
    let out = Command::new(exe)
        .arg("child")
        .arg(&db)
        .arg(&file)
        .output()
        .expect("child runs");
    assert!(
        out.status.success(),
        "child failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = String::from_utf8_lossy(&out.stdout);
    let mut parts = report.split_whitespace();
    let mut next = || parts.next().unwrap_or("?").to_string();
    let (seconds, peak_kib, kept, text_bytes, json_bytes) =
        (next(), next(), next(), next(), next());
    let peak_mb = peak_kib
        .parse::<f64>()
        .map_or(f64::NAN, |k| k * 1024.0 / 1e6);
    println!("| file | bad rows | refused in | problems kept | printed (CLI, one language) | JSON (both languages) | peak memory |");
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    println!(
        "| {megabytes} MB | {rows} | {seconds} s | {kept} | {:.1} MB | {:.1} MB | {peak_mb:.1} MB |",
        text_bytes.parse::<f64>().unwrap_or(f64::NAN) / 1e6,
        json_bytes.parse::<f64>().unwrap_or(f64::NAN) / 1e6,
    );
}

/// Writes rows of bad enrolments until the file holds `bytes`; returns the number of rows.
fn write_bad_rows(path: &Path, bytes: u64) -> u64 {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).expect("file"));
    out.write_all(b"workshop,year,major,level,students\n")
        .expect("written");
    let long_count = "9".repeat(800);
    let (mut written, mut rows) = (0u64, 0u64);
    while written < bytes {
        let line = format!("NO-SUCH-{rows},1999,,weird,{long_count}\n");
        out.write_all(line.as_bytes()).expect("written");
        written += line.len() as u64;
        rows += 1;
    }
    out.flush().expect("flushed");
    rows
}

/// In the child: import, render what the front ends show, print seconds, peak KiB, problems kept,
/// bytes printed and bytes of JSON.
fn child(db: &Path, file: &Path) {
    let start = Instant::now();
    let mut registry = Registry::open(db).expect("registry");
    let result = registry.import(
        Source::File {
            path: file,
            entity: Some(Entity::Enrolments),
        },
        ImportOptions::default(),
    );
    let Err(Error::Rejected(problems)) = result else {
        panic!("the file of bad rows was not refused");
    };
    let text: usize = problems.iter().map(|p| p.display(Lang::Zh).len() + 1).sum();
    let json = serde_json::to_string(&problems).expect("JSON").len();
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
    println!("{elapsed:.2} {peak} {} {text} {json}", problems.len());
}
