//! Writes the sample registry's briefing (workbook in English and Chinese, every chart as PNG and
//! SVG) into a folder, to look at by eye or to count printed pages:
//!
//! ```text
//! cargo run -p luban-briefing --example sample_briefing -- target/sample-briefing
//! soffice --headless --convert-to pdf --outdir target/sample-briefing target/sample-briefing/*.xlsx
//! pdfinfo target/sample-briefing/briefing-en.pdf | grep Pages
//! ```

use std::path::PathBuf;

use luban_briefing::{chart, xlsx, BarMeasure, ChartKind};
use luban_registry::report::{Lang, Selection};
use luban_registry::sample::IfNotEmpty;
use luban_registry::Registry;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "target/sample-briefing".into()),
    );
    std::fs::create_dir_all(&out)?;
    let dir = tempfile::tempdir()?;
    let mut registry = Registry::open(&dir.path().join("sample.sqlite3"))?;
    registry.load_sample(IfNotEmpty::Refuse, false)?;
    let report = registry.report(&Selection::default())?;
    for (lang, tag) in [(Lang::En, "en"), (Lang::Zh, "zh")] {
        let book = xlsx::workbook(&report, lang, "2025-11-23")?;
        std::fs::write(out.join(format!("briefing-{tag}.xlsx")), book)?;
        for kind in ChartKind::ALL {
            let c = chart::render(&report, kind, BarMeasure::Workshops, lang)?;
            let name = format!("{}-{tag}", kind.as_str());
            std::fs::write(out.join(format!("{name}.png")), c.png)?;
            std::fs::write(out.join(format!("{name}.svg")), c.svg)?;
        }
    }
    println!("{}", out.display());
    Ok(())
}
