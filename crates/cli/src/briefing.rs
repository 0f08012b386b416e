//! The briefing side of the command line: the selection flags shared by `report` and `chart`, the
//! file outputs of `report` (`--format xlsx|html|pdf|csv --out PATH`), `chart`, and `init --sample`.
//!
//! Each command computes one [`luban_registry::report::Report`] in the core and hands it to `luban_briefing` to lay out.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use luban_briefing::csv_out::write_csv;
use luban_briefing::output::{self, CsvTarget, Format};
use luban_briefing::{today, BarMeasure, Breakdown, ChartKind};
use luban_registry::atomic_file::write_bytes;
use luban_registry::report::{Lang, Selection};
use luban_registry::sample::{IfNotEmpty, SampleOutcome};
use luban_registry::{Region, Registry, Status};

/// What `main` needs to know about how a briefing command ended.
pub type Result<T> = std::result::Result<T, luban_briefing::Error>;

/// The selection flags, shared by `report` and `chart`.
#[derive(Args, Debug, Clone, Default)]
pub struct SelectionArgs {
    /// Only workshops in countries of this group (SCO, BRICS, ASEAN, AU, …); repeat for any of several.
    #[arg(long = "group", value_name = "G")]
    pub groups: Vec<String>,
    /// Only workshops in this region (Africa, Americas, Asia, Europe, Oceania); repeat for any of several.
    #[arg(long = "region", value_name = "R", value_parser = parse_region)]
    pub regions: Vec<Region>,
    /// Only workshops in this country (ISO2 code, e.g. TH); repeat for any of several.
    #[arg(long = "country", value_name = "ISO2")]
    pub countries: Vec<String>,
    /// Only workshops with this status (planned, active, suspended, closed); repeat for any of several.
    #[arg(long = "status", value_name = "S", value_parser = parse_status)]
    pub statuses: Vec<Status>,
    /// Only workshops built with this Chinese institution (its full name); repeat for any of several.
    #[arg(long = "institution", value_name = "NAME")]
    pub institutions: Vec<String>,
    /// Only workshops teaching a major in this category (41–59); repeat for any of several.
    #[arg(long = "category", value_name = "CODE", value_parser = clap::value_parser!(i64).range(luban_registry::record::major_category::CODES))]
    pub categories: Vec<i64>,
    /// First year of enrolment and training figures.
    #[arg(long, value_name = "YEAR")]
    pub from: Option<i32>,
    /// Last year of enrolment and training figures.
    #[arg(long, value_name = "YEAR")]
    pub to: Option<i32>,
}

impl SelectionArgs {
    /// The selection these flags describe.
    pub fn selection(&self) -> Selection {
        Selection {
            groups: self.groups.clone(),
            regions: self.regions.clone(),
            statuses: self.statuses.clone(),
            from: self.from,
            to: self.to,
            countries: self
                .countries
                .iter()
                .map(|c| c.trim().to_ascii_uppercase())
                .collect(),
            institutions: self.institutions.clone(),
            categories: self.categories.clone(),
        }
    }
}

fn parse_region(s: &str) -> std::result::Result<Region, String> {
    Region::parse(s)
        .ok_or_else(|| format!("{s:?} is not a region; use one of {}", Region::choices()))
}

fn parse_status(s: &str) -> std::result::Result<Status, String> {
    Status::parse(s)
        .ok_or_else(|| format!("{s:?} is not a status; use one of {}", Status::choices()))
}

/// The `--breakdown` choice of `report --format csv`.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum BreakdownArg {
    /// By country.
    Country,
    /// By major category.
    Category,
    /// By year.
    Year,
    /// By Chinese institution.
    Institution,
    /// By workshop.
    Workshop,
}

impl From<BreakdownArg> for Breakdown {
    fn from(b: BreakdownArg) -> Breakdown {
        match b {
            BreakdownArg::Country => Breakdown::Country,
            BreakdownArg::Category => Breakdown::Category,
            BreakdownArg::Year => Breakdown::Year,
            BreakdownArg::Institution => Breakdown::Institution,
            BreakdownArg::Workshop => Breakdown::Workshop,
        }
    }
}

/// Writes the workbook, the HTML briefing or (into a folder) every breakdown's CSV through
/// `luban_briefing::output`, the same path the desktop app saves through; `out` defaults to the
/// standard file name in the current folder. Returns the files written.
pub fn save(
    registry: &Registry,
    selection: &Selection,
    lang: Lang,
    format: Format,
    out: Option<&Path>,
) -> Result<Vec<PathBuf>> {
    let report = registry.report(selection)?;
    let date = today();
    let path = out.map(Path::to_path_buf).unwrap_or_else(|| {
        PathBuf::from(output::file_name(
            selection,
            &date,
            format,
            ChartKind::Country,
        ))
    });
    output::save(&report, format, ChartKind::Country, lang, &date, &path)
}

/// `report --format csv`: `breakdown` alone, or every breakdown, to standard output when `out`
/// is `None`, else to the file or folder `out` names (see [`CsvTarget::for_path`]). Standard
/// output receives the same bytes as a `.csv` file (byte order mark included). Returns the files
/// written.
pub fn csv(
    registry: &Registry,
    selection: &Selection,
    lang: Lang,
    breakdown: Option<BreakdownArg>,
    out: Option<&Path>,
) -> Result<Vec<PathBuf>> {
    let report = registry.report(selection)?;
    let breakdown = breakdown.map(Breakdown::from);
    match out {
        None => {
            let stdout = std::io::stdout().lock();
            write_csv(&report, breakdown, lang, std::io::BufWriter::new(stdout))?;
            Ok(Vec::new())
        }
        Some(out) => {
            let target = CsvTarget::for_path(out, breakdown.is_some());
            output::save_csv(&report, breakdown, lang, &today(), target)
        }
    }
}

/// `luban chart`: which chart and how.
#[derive(Args, Debug)]
pub struct ChartArgs {
    /// Which chart: bars by country or by major category, or lines per year.
    #[arg(value_enum)]
    pub kind: ChartKindArg,
    #[command(flatten)]
    pub selection: SelectionArgs,
    /// What the bars measure (country and category charts).
    #[arg(long, value_enum, default_value_t = MeasureArg::Workshops)]
    pub measure: MeasureArg,
    /// Image format.
    #[arg(long, value_enum, default_value_t = ImageFormat::Svg)]
    pub format: ImageFormat,
    /// The file to write (default: the standard briefing file name with the chart's name).
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
}

/// The chart kinds on the command line.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ChartKindArg {
    /// Bars by country.
    Country,
    /// Bars by major category.
    Category,
    /// Degree students and trainees per year.
    Year,
}

/// What bars measure, on the command line.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum MeasureArg {
    /// Workshops.
    Workshops,
    /// Distinct majors.
    Majors,
    /// Degree students.
    Students,
    /// Trainees.
    Trainees,
}

/// Chart file formats.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ImageFormat {
    /// Scalable vector graphics (text stays text).
    Svg,
    /// PNG, 1920 × 1080.
    Png,
}

/// `luban chart`: draws one chart to a file; returns the path written.
pub fn chart(registry: &Registry, args: &ChartArgs, lang: Lang) -> Result<PathBuf> {
    let selection = args.selection.selection();
    let report = registry.report(&selection)?;
    let kind = match args.kind {
        ChartKindArg::Country => ChartKind::Country,
        ChartKindArg::Category => ChartKind::Category,
        ChartKindArg::Year => ChartKind::Year,
    };
    let measure = match args.measure {
        MeasureArg::Workshops => BarMeasure::Workshops,
        MeasureArg::Majors => BarMeasure::Majors,
        MeasureArg::Students => BarMeasure::DegreeStudents,
        MeasureArg::Trainees => BarMeasure::Trainees,
    };
    let (bytes, format) = match args.format {
        ImageFormat::Svg => (
            luban_briefing::chart::svg(&report, kind, measure, lang)?.into_bytes(),
            Format::Svg,
        ),
        ImageFormat::Png => (
            luban_briefing::chart::png(&report, kind, measure, lang)?,
            Format::Png,
        ),
    };
    let path = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(output::file_name(&selection, &today(), format, kind)));
    write_bytes(&path, &bytes)?;
    Ok(path)
}

/// `luban init --sample`: loads the sample registry; `force` replaces the workshops of a registry
/// that already has some. Returns `false` (and says why) when it refused.
pub fn init_sample(registry: &mut Registry, force: bool) -> Result<bool> {
    let mode = if force {
        IfNotEmpty::Replace
    } else {
        IfNotEmpty::Refuse
    };
    // `--force` is the user's explicit confirmation of the replacement.
    match registry.load_sample(mode, force)? {
        SampleOutcome::Refused { workshops } => {
            eprintln!(
                "luban: {} already holds {workshops} workshop{}; the sample was not loaded. \
                 Use --force to replace its workshops, majors, figures, agreements and contacts with the sample, \
                 or --db NEW-FILE to make a separate sample registry",
                registry.path().display(),
                if workshops == 1 { "" } else { "s" }
            );
            Ok(false)
        }
        SampleOutcome::Loaded { files } => {
            for f in &files {
                for w in &f.warnings {
                    eprintln!("{w}");
                }
                println!("sample {}: {} rows added", f.file, f.added);
            }
            let h = registry.headline(&Selection::default())?;
            println!(
                "sample registry ready: {} ({} workshops in {} countries)",
                registry.path().display(),
                h.workshops,
                h.countries
            );
            Ok(true)
        }
    }
}
