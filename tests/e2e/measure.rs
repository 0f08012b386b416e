//! Measurements for `docs/performance.md` (section "Desktop app"), run by hand, not on CI:
//!
//! ```text
//! CARGO_TARGET_DIR=... cargo test --release --features dialog-seam --test e2e -- --ignored --nocapture measure
//! ```
//!
//! For a registry of 30 and one of 10,000 workshops, each launched five times under Xvfb: the time
//! from the app's `main` to the first screen painted (the UI reports it after two animation frames),
//! and the memory of the whole process tree (the app, WebKitWebProcess, WebKitNetworkProcess) as the
//! sum of PSS from `/proc/*/smaps_rollup`, taken after the workshop list is shown.

use std::time::Duration;

use serde_json::json;

use crate::fixtures;
use crate::harness::{app_binary, App, Launch};

#[cfg(target_os = "linux")]
fn tree_pss_kb(root: u32) -> Vec<(u32, String, u64)> {
    let mut parents = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        // pid (comm) state ppid ...: comm may hold spaces, so split after the last ')'.
        let Some(close) = stat.rfind(')') else {
            continue;
        };
        let comm = stat[stat.find('(').map_or(0, |i| i + 1)..close].to_string();
        let ppid: u32 = stat[close + 2..]
            .split(' ')
            .nth(1)
            .and_then(|p| p.parse().ok())
            .unwrap_or(0);
        parents.push((pid, ppid, comm));
    }
    let mut tree = vec![root];
    let mut grew = true;
    while grew {
        grew = false;
        for (pid, ppid, _) in &parents {
            if tree.contains(ppid) && !tree.contains(pid) {
                tree.push(*pid);
                grew = true;
            }
        }
    }
    parents
        .into_iter()
        .filter(|(pid, _, _)| *pid != root && tree.contains(pid))
        .map(|(pid, _, comm)| {
            let pss = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
                .ok()
                .and_then(|s| {
                    s.lines()
                        .find(|l| l.starts_with("Pss:"))
                        .and_then(|l| l.split_whitespace().nth(1).and_then(|n| n.parse().ok()))
                })
                .unwrap_or(0);
            (pid, comm, pss)
        })
        .collect()
}

#[cfg(target_os = "linux")]
#[test]
#[ignore = "a measurement for docs/performance.md, run by hand"]
fn measure_launch_time_and_memory() {
    let size = std::fs::metadata(app_binary())
        .map(|m| m.len())
        .unwrap_or(0);
    println!(
        "binary {}: {:.1} MB",
        app_binary().display(),
        size as f64 / 1e6
    );
    // As shipped (WebKit's accelerated compositing on: under Xvfb it renders with software GL),
    // then with WEBKIT_DISABLE_COMPOSITING_MODE=1, which a Linux user may set.
    for (mode, env) in [
        ("as shipped", vec![]),
        (
            "WEBKIT_DISABLE_COMPOSITING_MODE=1",
            vec![("WEBKIT_DISABLE_COMPOSITING_MODE", "1")],
        ),
    ] {
        println!("{mode}:");
        for n in [30usize, 10_000] {
            let mut launches = Vec::new();
            let mut memory = Vec::new();
            let mut lists = Vec::new();
            for _ in 0..5 {
                let Some(app) = App::launch(|dir| {
                    let db = dir.join("registry.sqlite3");
                    fixtures::synthetic_registry(&db, n);
                    Launch {
                        db: Some(db),
                        size: Some((1280, 800)),
                        env: env.clone(),
                        ..Launch::default()
                    }
                }) else {
                    return;
                };
                let ready: u64 = app
                    .js("return document.body.dataset.readyMs", json!([]))
                    .as_str()
                    .and_then(|s| s.parse().ok())
                    .expect("the UI reported its first paint");
                launches.push(ready);
                let page: u64 = app
                    .js("return document.body.dataset.pageMs", json!([]))
                    .as_str()
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(0);
                println!("  {n} workshops: first screen {ready} ms after launch, {page} ms after the page began loading");
                if std::env::var_os("LUBAN_MEASURE_DETAIL").is_some() {
                    let detail = app.js("return JSON.stringify({marks: performance.getEntriesByType('mark').map(m => [m.name, Math.round(m.startTime)]), nav: performance.getEntriesByType('navigation').map(n => [n.domInteractive, n.domContentLoadedEventEnd, n.loadEventEnd]), res: performance.getEntriesByType('resource').map(r => [r.name.split('/').pop(), Math.round(r.startTime), Math.round(r.responseEnd)])})", json!([]));
                    println!("    {}", detail.as_str().unwrap_or(""));
                }
                // The workshop list: from the click on its link to its rows drawn.
                let list_ms = app.js_async(
                    "const [n, done] = arguments; const t0 = performance.now(); \
                     const ready = () => { const c = document.querySelector('.view-workshops .page-head .count'); \
                       return c && c.textContent.replace(/[^0-9]/g, '') === String(n) && document.querySelector('table.virtual tbody tr.row'); }; \
                     const check = () => ready() ? requestAnimationFrame(() => requestAnimationFrame(() => done(Math.round(performance.now() - t0)))) : setTimeout(check, 5); \
                     document.querySelector('nav a[data-nav=workshops]').click(); check();",
                    json!([n]),
                );
                lists.push(list_ms.as_u64().unwrap_or(0));
                std::thread::sleep(Duration::from_secs(3));
                let tree = tree_pss_kb(app.driver_pid);
                let total: u64 = tree.iter().map(|(_, _, kb)| kb).sum();
                if memory.is_empty() {
                    for (pid, comm, kb) in &tree {
                        println!(
                            "  {n} workshops: pid {pid} {comm}: {:.1} MB PSS",
                            *kb as f64 / 1024.0
                        );
                    }
                }
                memory.push(total);
            }
            launches.sort();
            memory.sort();
            lists.sort();
            println!(
                "{n} workshops: list shown {} ms after the click (median; min {}, max {})",
                lists[2], lists[0], lists[4]
            );
            println!(
            "{n} workshops: first screen drawn {} ms (median; min {}, max {}); memory {:.0} MB PSS (median; min {:.0}, max {:.0})",
            launches[2], launches[0], launches[4],
            memory[2] as f64 / 1024.0, memory[0] as f64 / 1024.0, memory[4] as f64 / 1024.0
        );
        }
    }
}
