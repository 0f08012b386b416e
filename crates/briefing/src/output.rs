//! One briefing output written to disk: which file format, its default name, and saving it. Front
//! ends that let the user pick a format (the desktop app) call [`save`] rather than choosing the
//! renderer themselves.

use std::path::{Path, PathBuf};

use luban_registry::report::{Lang, Report, Selection};
use serde::{Deserialize, Serialize};

use luban_registry::atomic_file::{write_atomically, write_bytes};

use crate::chart::{self, BarMeasure, ChartKind};
use crate::csv_out::{write_breakdown, write_csv};
use crate::error::{Error, Result};
use crate::tables::Breakdown;
use crate::{default_file_name, html, pdf, xlsx};

/// The file formats of a briefing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// The Excel workbook (`.xlsx`).
    Xlsx,
    /// The one-page HTML briefing.
    Html,
    /// One CSV file per breakdown, written into a folder.
    Csv,
    /// One chart as PNG at slide resolution.
    Png,
    /// One chart as SVG.
    Svg,
    /// The one-page PDF briefing (A4, vector charts, embedded font).
    Pdf,
}

impl Format {
    /// The file extension (`xlsx`, …).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Html => "html",
            Format::Csv => "csv",
            Format::Png => "png",
            Format::Svg => "svg",
            Format::Pdf => "pdf",
        }
    }

    /// A label and the extensions for a save dialog's filter.
    pub fn filter(self) -> (&'static str, &'static [&'static str]) {
        match self {
            Format::Xlsx => ("Excel workbook", &["xlsx"]),
            Format::Html => ("HTML page", &["html", "htm"]),
            Format::Csv => ("CSV", &["csv"]),
            Format::Png => ("PNG image", &["png"]),
            Format::Svg => ("SVG image", &["svg"]),
            Format::Pdf => ("PDF document", &["pdf"]),
        }
    }

    /// Whether the output is a folder of files rather than one file.
    pub fn is_folder(self) -> bool {
        self == Format::Csv
    }
}

/// The default name of an output: `luban-briefing-SCO-2025-11-23.xlsx`; a chart adds its kind
/// (`…-2025-11-23-country.png`); a CSV folder's files add their breakdown (`…-by-country.csv`).
///
/// ```
/// use luban_briefing::output::{file_name, Format};
/// use luban_briefing::ChartKind;
/// use luban_registry::report::Selection;
/// let sco = Selection { groups: vec!["SCO".into()], ..Selection::default() };
/// assert_eq!(file_name(&sco, "2025-11-23", Format::Xlsx, ChartKind::Country), "luban-briefing-SCO-2025-11-23.xlsx");
/// assert_eq!(file_name(&sco, "2025-11-23", Format::Png, ChartKind::Year), "luban-briefing-SCO-2025-11-23-year.png");
/// ```
pub fn file_name(selection: &Selection, date: &str, format: Format, chart: ChartKind) -> String {
    let extension = format.extension();
    let name = default_file_name(selection, date, extension);
    match format {
        Format::Png | Format::Svg => {
            let stem = name.trim_end_matches(&format!(".{extension}"));
            format!("{stem}-{}.{extension}", chart.as_str())
        }
        _ => name,
    }
}

/// Writes `report` as `format` to `path` (a folder for CSV, created if missing), headers and
/// charts in `lang`, `date` written as the generation date. Each file is written beside its target
/// and renamed into place when complete. Returns the files written.
pub fn save(
    report: &Report,
    format: Format,
    chart: ChartKind,
    lang: Lang,
    date: &str,
    path: &Path,
) -> Result<Vec<PathBuf>> {
    let bytes = match format {
        Format::Xlsx => xlsx::workbook(report, lang, date)?,
        Format::Html => html::briefing(report, lang, date)?.into_bytes(),
        Format::Png => chart::png(report, chart, BarMeasure::default(), lang)?,
        Format::Svg => chart::svg(report, chart, BarMeasure::default(), lang)?.into_bytes(),
        Format::Pdf => pdf::briefing(report, lang, date)?,
        Format::Csv => {
            return save_csv(
                report,
                None,
                lang,
                date,
                CsvTarget::Folder(path.to_path_buf()),
            )
        }
    };
    write_bytes(path, &bytes)?;
    Ok(vec![path.to_path_buf()])
}

/// Where breakdown CSV goes: one file, or a folder receiving one file per breakdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CsvTarget {
    /// One file: the chosen breakdown, or every breakdown one after another.
    File(PathBuf),
    /// A folder (created if missing): one `…-by-<breakdown>.csv` file per breakdown.
    Folder(PathBuf),
}

impl CsvTarget {
    /// What a path given for CSV means. An existing folder, or a path ending in a path
    /// separator, is a folder; otherwise a name ending in `.csv` (any letter case) is one file.
    /// Any other name is a file when `one_breakdown` was asked for, else a folder.
    ///
    /// ```
    /// use std::path::{Path, PathBuf};
    /// use luban_briefing::output::CsvTarget;
    /// assert_eq!(CsvTarget::for_path(Path::new("briefing.CSV"), false), CsvTarget::File(PathBuf::from("briefing.CSV")));
    /// assert_eq!(CsvTarget::for_path(Path::new("briefing.csv/"), false), CsvTarget::Folder(PathBuf::from("briefing.csv/")));
    /// assert_eq!(CsvTarget::for_path(Path::new("briefing"), false), CsvTarget::Folder(PathBuf::from("briefing")));
    /// assert_eq!(CsvTarget::for_path(Path::new("country.txt"), true), CsvTarget::File(PathBuf::from("country.txt")));
    /// ```
    pub fn for_path(path: &Path, one_breakdown: bool) -> CsvTarget {
        let ends_in_separator = path
            .as_os_str()
            .to_string_lossy()
            .ends_with(std::path::is_separator);
        let csv_name = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        if ends_in_separator || path.is_dir() || !(csv_name || one_breakdown) {
            CsvTarget::Folder(path.to_path_buf())
        } else {
            CsvTarget::File(path.to_path_buf())
        }
    }
}

/// Writes `breakdown` alone, or every breakdown when `None`, as CSV headed in `lang` to `target`;
/// a folder's file names carry the selection and `date`. Each file is written beside its target
/// and renamed into place when complete. Returns the files written.
pub fn save_csv(
    report: &Report,
    breakdown: Option<Breakdown>,
    lang: Lang,
    date: &str,
    target: CsvTarget,
) -> Result<Vec<PathBuf>> {
    match target {
        CsvTarget::File(file) => {
            write_atomically(&file, |out| write_csv(report, breakdown, lang, out))?;
            Ok(vec![file])
        }
        CsvTarget::Folder(dir) => {
            std::fs::create_dir_all(&dir).map_err(|source| Error::Io {
                path: dir.clone(),
                source,
            })?;
            let stem = default_file_name(&report.selection, date, "csv");
            let stem = stem.trim_end_matches(".csv");
            let chosen = breakdown.map_or(Breakdown::ALL.to_vec(), |b| vec![b]);
            let mut written = Vec::new();
            for b in chosen {
                let file = dir.join(format!("{stem}-by-{}.csv", b.as_str()));
                write_atomically(&file, |out| write_breakdown(report, b, lang, out))?;
                written.push(file);
            }
            Ok(written)
        }
    }
}
