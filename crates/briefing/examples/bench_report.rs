//! Benchmark: the full report (headline and every breakdown) and the charts on a registry of 10,000
//! workshops and 1,000,000 enrolment rows, beside the same SQL aggregates run by the `sqlite3` shell
//! in the same run.
//!
//! ```text
//! cargo run --release -p luban-briefing --example bench_report [-- WORKSHOPS ENROLMENTS_PER_WORKSHOP]
//! ```
//!
//! The registry is generated straight into SQLite (the importer has its own benchmark), then each
//! step is run several times and the median printed as a Markdown table for docs/performance.md.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use luban_briefing::{chart, html, xlsx, BarMeasure, ChartKind};
use luban_registry::report::{queries, Lang, Query, Selection};
use luban_registry::Registry;
use rusqlite::types::Value;

const RUNS: usize = 5;

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn time<T>(mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut runs = Vec::new();
    let mut last = None;
    for _ in 0..RUNS {
        let start = Instant::now();
        last = Some(f());
        runs.push(start.elapsed());
    }
    (median(runs), last.expect("RUNS > 0"))
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

/// The query with its parameters written in, for the sqlite3 shell.
fn inline(query: &Query) -> String {
    let mut out = String::new();
    let mut params = query.params.iter();
    for c in query.sql.chars() {
        if c == '?' {
            match params.next() {
                Some(Value::Text(s)) => out.push_str(&format!("'{}'", s.replace('\'', "''"))),
                Some(Value::Integer(n)) => out.push_str(&n.to_string()),
                Some(other) => panic!("unexpected parameter {other:?}"),
                None => panic!("more placeholders than parameters"),
            }
        } else {
            out.push(c);
        }
    }
    out.push_str(";\n");
    out
}

fn generate(registry: &Registry, workshops: usize, per_workshop: usize) -> rusqlite::Result<()> {
    let conn = registry.connection_for_tests();
    let tx = conn.unchecked_transaction()?;
    let countries: Vec<String> = tx
        .prepare("SELECT iso2 FROM country WHERE region IS NOT NULL ORDER BY iso2")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    {
        let mut major =
            tx.prepare("INSERT INTO major (id, code, name_en, category) VALUES (?1, ?2, ?3, ?4)")?;
        for m in 0..400i64 {
            major.execute(rusqlite::params![
                m + 1,
                format!("M-{m:04}"),
                format!("Major {m}"),
                41 + m % 19
            ])?;
        }
        let mut workshop = tx.prepare(
            "INSERT INTO workshop (id, code, name_en, country, host_institution, chinese_institution, opened_year, status) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        let mut link =
            tx.prepare("INSERT INTO workshop_major (workshop_id, major_id) VALUES (?1, ?2)")?;
        let mut enrolment = tx.prepare(
            "INSERT INTO enrolment (workshop_id, year, major_id, level, students) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        let mut training = tx.prepare(
            "INSERT INTO training (workshop_id, year, kind, trainees) VALUES (?1, ?2, ?3, ?4)",
        )?;
        let statuses = [
            "active",
            "active",
            "active",
            "planned",
            "suspended",
            "closed",
        ];
        for w in 0..workshops {
            let id = w as i64 + 1;
            let institutions = if w % 5 == 0 {
                format!(
                    "Institution {:03};Institution {:03}",
                    w % 300,
                    (w + 1) % 300
                )
            } else {
                format!("Institution {:03}", w % 300)
            };
            workshop.execute(rusqlite::params![
                id,
                format!("W-{w:05}"),
                format!("Workshop {w}"),
                countries[w % countries.len()],
                format!("Host {w}"),
                institutions,
                2016 + (w % 10) as i64,
                statuses[w % statuses.len()],
            ])?;
            let majors: Vec<i64> = (0..4)
                .map(|k| ((w * 7 + k * 13) % 400) as i64 + 1)
                .collect();
            for m in &majors {
                link.execute([id, *m])?;
            }
            // Rows: years × (4 majors + no major) × 2 levels, as many as asked for.
            let mut n = 0;
            'rows: for year in (2000..=2025i64).rev() {
                for option in 0..5 {
                    for level in ["associate", "bachelor"] {
                        if n == per_workshop {
                            break 'rows;
                        }
                        let major = majors.get(option).copied();
                        enrolment.execute(rusqlite::params![
                            id,
                            year,
                            major,
                            level,
                            (w + n) as i64 % 90 + 10
                        ])?;
                        n += 1;
                    }
                }
            }
            for year in 2016..=2025i64 {
                for kind in ["skills", "teacher", "other"] {
                    training.execute(rusqlite::params![
                        id,
                        year,
                        kind,
                        (w as i64 + year) % 200 + 5
                    ])?;
                }
            }
        }
    }
    tx.commit()?;
    conn.execute_batch("ANALYZE")?;
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let workshops = args.first().copied().unwrap_or(10_000);
    let per_workshop = args.get(1).copied().unwrap_or(100);
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("bench.sqlite3");
    let registry = Registry::open(&path)?;
    let start = Instant::now();
    generate(&registry, workshops, per_workshop)?;
    let enrolments: i64 =
        registry
            .connection_for_tests()
            .query_row("SELECT count(*) FROM enrolment", [], |r| r.get(0))?;
    let trainings: i64 =
        registry
            .connection_for_tests()
            .query_row("SELECT count(*) FROM training", [], |r| r.get(0))?;
    eprintln!(
        "generated {workshops} workshops, {enrolments} enrolment rows, {trainings} training rows in {:.1} s",
        start.elapsed().as_secs_f64()
    );

    let selections = [
        ("all workshops, all years", Selection::default()),
        (
            "SCO, 2020–2024",
            Selection {
                groups: vec!["SCO".into()],
                from: Some(2020),
                to: Some(2024),
                ..Selection::default()
            },
        ),
    ];
    let sqlite3 = Command::new("sqlite3")
        .arg("-version")
        .output()
        .ok()
        .filter(|o| o.status.success());
    if let Some(v) = &sqlite3 {
        eprintln!(
            "sqlite3 shell {}",
            String::from_utf8_lossy(&v.stdout).trim()
        );
    }
    println!("| step | selection | luban (Rust) | sqlite3 shell, same SQL |");
    println!("|---|---|---:|---:|");
    let mut last_report = None;
    for (name, selection) in &selections {
        let (took, report) = time(|| registry.report(selection));
        let report = report?;
        let shell = match &sqlite3 {
            Some(_) => {
                let script: String = queries(selection).iter().map(inline).collect();
                let (took, ok) = time(|| run_shell(&path, &script));
                ok?;
                ms(took)
            }
            None => "(sqlite3 not installed)".to_string(),
        };
        println!(
            "| report: headline + 5 breakdowns ({} workshops selected) | {name} | {} | {shell} |",
            report.headline.workshops,
            ms(took)
        );
        last_report = Some(report);
    }
    // Where the time goes: each statement of the full report on its own (one run each).
    let mut parts = Vec::new();
    for query in queries(&Selection::default()) {
        let start = Instant::now();
        let mut stmt = registry.connection_for_tests().prepare(&query.sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(query.params.iter()))?;
        while rows.next()?.is_some() {}
        parts.push(format!("{} {}", query.name, ms(start.elapsed())));
    }
    eprintln!("per statement, all workshops: {}", parts.join(", "));
    let Some(report) = last_report else {
        return Ok(());
    };
    let full = registry.report(&Selection::default())?;
    for (label, r) in [
        ("all workshops, all years", &full),
        ("SCO, 2020–2024", &report),
    ] {
        let (took, charts) = time(|| -> luban_briefing::Result<usize> {
            let mut bytes = 0;
            for kind in ChartKind::ALL {
                let c = chart::render(r, kind, BarMeasure::Workshops, Lang::Zh)?;
                bytes += c.svg.len() + c.png.len();
            }
            Ok(bytes)
        });
        charts?;
        println!(
            "| 3 charts, each SVG + PNG 1920×1080 | {label} | {} | — |",
            ms(took)
        );
    }
    let (took, book) = time(|| xlsx::workbook(&full, Lang::En, "2025-11-23"));
    println!(
        "| Excel workbook ({} KiB) | all workshops, all years | {} | — |",
        book?.len() / 1024,
        ms(took)
    );
    let (took, page) = time(|| html::briefing(&full, Lang::Zh, "2025-11-23"));
    println!(
        "| HTML briefing ({} KiB) | all workshops, all years | {} | — |",
        page?.len() / 1024,
        ms(took)
    );
    Ok(())
}

/// Runs `script` in the sqlite3 shell on `path`, discarding the rows.
fn run_shell(path: &std::path::Path, script: &str) -> std::io::Result<()> {
    let mut child = Command::new("sqlite3")
        .arg("-batch")
        .arg(path)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(script.as_bytes())?;
    }
    let status = child.wait()?;
    if status.success() {
        Ok(())
    } else {
        Err(std::io::Error::other(format!(
            "sqlite3 exited with {status}"
        )))
    }
}
