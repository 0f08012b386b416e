//! The charts the app's dashboard shows: every chart kind of a report, drawn as SVG at the size
//! the dashboard lays them out, with its title. The shell passes them on as they are.

use luban_registry::report::{Lang, Report};
use serde::Serialize;

use crate::chart::{self, BarMeasure, ChartKind};
use crate::error::Result;

/// The size the dashboard draws its charts at: text keeps its pixel size, so at the width of the
/// page (about 800–1000 px) it reads as it would on a slide.
pub const SIZE: (u32, u32) = (1280, 640);

/// A chart drawn for the dashboard, as an SVG document (the UI shows it as an image, never as
/// markup in the page).
#[derive(Debug, Clone, Serialize)]
pub struct ChartView {
    /// Which chart.
    pub kind: ChartKind,
    /// Its title in the language asked for.
    pub title: String,
    /// The SVG document.
    pub svg: String,
}

/// Every chart of `report` in `lang`, its bars measuring `measure`.
pub fn charts(report: &Report, lang: Lang, measure: BarMeasure) -> Result<Vec<ChartView>> {
    ChartKind::ALL
        .into_iter()
        .map(|kind| {
            Ok(ChartView {
                kind,
                title: chart::title(report, kind, measure, lang),
                svg: chart::svg_sized(report, kind, measure, lang, SIZE)?,
            })
        })
        .collect()
}
