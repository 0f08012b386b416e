//! `luban`: the command line over the Luban Workshop registry.
//!
//! A thin adapter: it parses arguments, calls one `luban_registry` function and prints the result.
//! Exit status: 0 success, 1 input rejected or operation failed (nothing written), 2 usage error.
//! Problems go to standard error one per line as `FILE:LINE: column: message`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod briefing;

use clap::{Args, Parser, Subcommand, ValueEnum};
use luban_registry::model::fields::DateOrder;
use luban_registry::report::{headline_sentence, Lang, NumberStyle};
use luban_registry::{
    CheckDepth, Entity, Error, ExportOptions, ImportOptions, ImportOutcome, ImportSummary,
    Registry, Source, Target,
};

#[derive(Parser)]
#[command(
    name = "luban",
    version,
    about = "Luban Registry · 鲁班工坊登记册: keep the registry of Luban Workshops abroad and take figures out of it"
)]
struct Cli {
    /// The registry file (default: $LUBAN_DB, else the app's data folder).
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Language of messages, sentences and chart labels: en or zh.
    #[arg(long, global = true, value_parser = parse_lang, default_value = "en")]
    lang: Lang,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create the registry (with the reference countries and major categories) or migrate it.
    Init {
        /// Also load the sample registry of real Luban Workshops (refused if the registry already has workshops).
        #[arg(long)]
        sample: bool,
        /// With --sample: replace the workshops, majors, figures, agreements and contacts already
        /// in the registry. Alone: start a new registry when the file is empty, cut short or
        /// damaged, after moving it aside (to <file>.set-aside-<time>); a sound registry is left
        /// as it is.
        #[arg(long)]
        force: bool,
    },
    /// Import one CSV file or workbook sheet; nothing is written if any row has a problem.
    Import {
        /// What the file holds: countries, major_categories, majors, workshops, workshop_majors, enrolments, trainings, agreements or contacts (or 国家, 工坊, 招生, …).
        #[arg(value_parser = parse_entity)]
        entity: Entity,
        /// The CSV file (UTF-8, UTF-16 or GB18030; comma, semicolon or tab) or workbook (.xlsx, .xlsm, .xls, .ods).
        file: PathBuf,
        /// The workbook's sheet to read (default: the one named for the kind, or the only one).
        #[arg(long, value_name = "NAME")]
        sheet: Option<String>,
        /// Validate and count only; write nothing. Lists the records that would be updated, with
        /// each changing field's old and new value (the first 50; all with --format json).
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        reading: ReadingArgs,
        /// Output format of the outcome: text, or json (files, problems and every update).
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Import every known file in a folder, or every sheet of a workbook, in dependency order, in one transaction.
    ImportAll {
        /// The folder holding countries.csv, workshops.csv, … (or 国家.csv, 工坊.csv, …), or a workbook whose sheets are named for the kinds (国家, 工坊, 招生, …).
        dir: PathBuf,
        /// Validate and count only; write nothing (lists what would be updated, as `import` does).
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        reading: ReadingArgs,
        /// Output format of the outcome: text or json.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Export one entity as CSV (`-` for standard output).
    Export {
        /// What to export (see `import`).
        #[arg(value_parser = parse_entity)]
        entity: Entity,
        /// The file to write, or `-` for standard output.
        file: PathBuf,
        #[command(flatten)]
        options: ExportArgs,
    },
    /// Export every entity into a folder (created if needed).
    ExportAll {
        /// The folder to write into.
        dir: PathBuf,
        #[command(flatten)]
        options: ExportArgs,
    },
    /// The headline figures of the selected workshops.
    Report(ReportArgs),
    /// Draw a chart of the selected workshops as SVG or PNG (1920 px wide).
    Chart(briefing::ChartArgs),
    /// Check the registry: SQLite integrity, references, and the registry's rules.
    Check,
    /// Take a backup now (kept until you delete it) and print its path.
    Backup {
        /// Write the copy to this file instead of the backups folder beside the registry.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// List the registry's backups, newest first.
    Backups {
        /// Output format: text or json.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// The change history, newest first: one line per record added, updated or deleted (kind,
    /// key, and each changed field's old and new value), with the batch (import, save, deletion,
    /// undo) that did it.
    History {
        /// Only records of this kind (`workshops`, `enrolments`, …).
        #[arg(long, value_name = "KIND")]
        kind: Option<Entity>,
        /// Only records with a key field equal to KEY (`TH-AYU`: the workshop and its figures).
        #[arg(long, value_name = "KEY")]
        key: Option<String>,
        /// List the batches instead (one line per import, save, deletion, sample load or restore).
        #[arg(long)]
        batches: bool,
        /// Output format: text or json.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Undo a batch of the history (the newest by default): what it added is removed, what it
    /// deleted put back, old values restored. Refused if a later batch changed the same records.
    Undo {
        /// The batch to undo (see `luban history`).
        #[arg(long, value_name = "ID")]
        batch: Option<i64>,
        /// Say what would be undone; change nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Replace the registry with a backup (the current registry is backed up first).
    Restore {
        /// The backup file (see `luban backups`).
        file: PathBuf,
    },
    /// What is due, soonest first: agreements in their notice period or ended without renewal,
    /// planned workshops past their opening year, active workshops without last year's figures.
    Due(DueArgs),
    /// Attach a copy of a signed document (PDF, image, Word) to an agreement.
    Attach {
        /// The agreement's code.
        agreement: String,
        /// The file to copy into the registry's document store.
        file: PathBuf,
    },
    /// List the documents attached to an agreement.
    Documents {
        /// The agreement's code.
        agreement: String,
        /// Output format: text or json.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Detach a document from an agreement (by its name, as `documents` lists it).
    Detach {
        /// The agreement's code.
        agreement: String,
        /// The document's name.
        name: String,
    },
    /// Show the registry's settings (the institution's name on briefings), or set one.
    Settings {
        #[command(subcommand)]
        action: Option<SettingsAction>,
    },
    /// List the fields of the office's own (columns kept beside the registry's, such as 合作企业
    /// or 经费), or add or remove one.
    Fields {
        #[command(subcommand)]
        action: Option<FieldsAction>,
        /// Output format of the list: text or json.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
}

#[derive(Subcommand)]
enum FieldsAction {
    /// Add a field: one more column of the kind's file, form and (with --in-list) list.
    Add {
        /// The kind of record: workshops (工坊), the only one so far.
        #[arg(value_parser = parse_entity)]
        kind: Entity,
        /// Its name: the column header in files (must not be one of the registry's own columns).
        name: String,
        /// What it holds: text, number, date or yes-no (文本, 数字, 日期, 是否).
        #[arg(long = "type", value_name = "TYPE")]
        field_type: String,
        /// Its Chinese label, the header of Chinese exports.
        #[arg(long, value_name = "LABEL")]
        label_zh: Option<String>,
        /// Show it as a column of the workshop list in the app.
        #[arg(long)]
        in_list: bool,
    },
    /// Remove a field; refused while records have a value for it, unless --force.
    Remove {
        /// The kind of record (workshops).
        #[arg(value_parser = parse_entity)]
        kind: Entity,
        /// The field's name or Chinese label.
        name: String,
        /// Remove it with its values (a backup is taken first; the values go into the history).
        #[arg(long)]
        force: bool,
    },
}

#[derive(Subcommand)]
enum SettingsAction {
    /// Set a setting: `institution_zh` or `institution_en` (an empty value clears it).
    Set {
        /// The setting's name.
        key: String,
        /// Its value.
        value: String,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ListFormat {
    Text,
    Json,
}

#[derive(Args)]
struct DueArgs {
    /// Look this many days ahead (0: only what is due already).
    #[arg(long, value_name = "DAYS", default_value_t = 0)]
    within: u32,
    /// The day to ask about, to plan ahead (default: today), as 2025-06-30.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    on: Option<luban_registry::due::Day>,
    /// Output format: text, json, or ics (an RFC 5545 calendar of the agreement deadlines).
    #[arg(long, value_enum, default_value_t = DueFormat::Text)]
    format: DueFormat,
    /// The file to write (default: standard output).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum DueFormat {
    Text,
    Json,
    /// iCalendar (RFC 5545): one event per agreement deadline, for Outlook or a phone's calendar.
    Ics,
}

#[derive(Args)]
struct ExportArgs {
    /// Leave out the UTF-8 byte order mark (Excel needs it to show Chinese correctly).
    #[arg(long)]
    no_bom: bool,
    /// Write Chinese headers (编号, 英文名称, …) instead of English ones.
    #[arg(long)]
    chinese_headers: bool,
}

impl ExportArgs {
    fn options(&self) -> ExportOptions {
        ExportOptions {
            bom: !self.no_bom,
            chinese_headers: self.chinese_headers,
        }
    }
}

#[derive(Args)]
struct ReportArgs {
    #[command(flatten)]
    selection: briefing::SelectionArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// How numbers are written in the sentence (default: grouped for English, plain for Chinese).
    #[arg(long, value_enum)]
    numbers: Option<Numbers>,
    /// With --format csv: the one breakdown to write (country, category, year, institution,
    /// workshop); without it, every breakdown.
    #[arg(long, value_enum)]
    breakdown: Option<briefing::BreakdownArg>,
    /// The file to write; xlsx, html and pdf default to `luban-briefing-<selection>-<date>.<ext>` in
    /// the current folder. For csv: a name ending in .csv is one file (every breakdown one after
    /// another, each under its title); a folder (existing, or ending in /) gets one file per
    /// breakdown; without --out, the one-file form goes to standard output.
    #[arg(long, value_name = "PATH")]
    out: Option<PathBuf>,
}

/// How `import` and `import-all` read values the file does not make plain.
#[derive(Args, Clone)]
struct ReadingArgs {
    /// How to read a date with the year last (3/8/2016): dmy (3 August) or mdy (8 March). Without it such a date is refused naming both readings.
    #[arg(long, value_enum, value_name = "ORDER")]
    date_order: Option<DateOrderArg>,
    /// The text encoding of a CSV file without a BOM (gb18030, big5, shift_jis, windows-874, utf-8, …), when the import refuses to guess it.
    #[arg(long, value_name = "NAME", value_parser = parse_encoding)]
    encoding: Option<&'static str>,
    /// Read the column under HEADER as COLUMN (a column name, such as host_institution), e.g. --map "外方院校=host_institution"; may be given several times.
    #[arg(long = "map", value_name = "HEADER=COLUMN", value_parser = parse_map)]
    map: Vec<(String, String)>,
    /// Leave the column under HEADER out, e.g. --ignore 备注; may be given several times. Other unknown columns are still refused.
    #[arg(long = "ignore", value_name = "HEADER")]
    ignore: Vec<String>,
}

/// `--date-order`.
#[derive(Clone, Copy, ValueEnum)]
enum DateOrderArg {
    /// Day, month, year.
    Dmy,
    /// Month, day, year.
    Mdy,
}

fn parse_map(s: &str) -> Result<(String, String), String> {
    luban_registry::table::header::ColumnChoices::parse_map(s).ok_or_else(|| {
        format!("{s:?} is not HEADER=COLUMN; write it as --map \"外方院校=host_institution\"")
    })
}

impl ReadingArgs {
    /// The columns mapped and left out, as the core takes them.
    fn columns(&self) -> luban_registry::table::header::ColumnChoices {
        luban_registry::table::header::ColumnChoices {
            map: self.map.clone(),
            ignore: self.ignore.clone(),
        }
    }

    fn date_order(&self) -> Option<DateOrder> {
        self.date_order.map(|o| match o {
            DateOrderArg::Dmy => DateOrder::Dmy,
            DateOrderArg::Mdy => DateOrder::Mdy,
        })
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
    Csv,
    /// Excel workbook: summary, one sheet per breakdown, native charts.
    Xlsx,
    /// One-page HTML briefing with inline charts, printable on A4.
    Html,
    /// One-page PDF briefing on A4: vector charts, fonts embedded, text searchable.
    Pdf,
}

#[derive(Clone, Copy, ValueEnum)]
enum Numbers {
    /// 15,000
    Grouped,
    /// 15000
    Plain,
    /// 1.5万
    Wan,
}

fn parse_encoding(s: &str) -> Result<&'static str, String> {
    luban_registry::csv_io::sniff::encoding_named(s).ok_or_else(|| {
        format!("{s:?} is not a text encoding; use a name such as gb18030, big5, shift_jis, windows-874 or utf-8")
    })
}

fn parse_entity(s: &str) -> Result<Entity, String> {
    s.parse::<Entity>().map_err(|e| e.to_string())
}

pub(crate) fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("{s:?} is not a language; use en or zh"))
}

fn parse_date(s: &str) -> Result<luban_registry::due::Day, String> {
    luban_registry::model::fields::date("on", s).map_err(|e| e.message(Lang::En))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = cli.lang;
    luban_registry::store::set_wait_notice(|| {
        eprintln!("luban: {}", luban_registry::message::waiting_for_lock())
    });
    match run(cli) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        // A reader that stopped early (`luban export workshops - | head`) is not a failure.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            report_error(&e, lang);
            ExitCode::from(1)
        }
    }
}

fn is_broken_pipe(e: &Error) -> bool {
    match e {
        Error::Io { source, .. } => source.kind() == std::io::ErrorKind::BrokenPipe,
        Error::Csv(c) => {
            matches!(c.kind(), csv::ErrorKind::Io(io) if io.kind() == std::io::ErrorKind::BrokenPipe)
        }
        _ => false,
    }
}

fn report_error(e: &Error, lang: Lang) {
    let mut err = std::io::stderr().lock();
    if let Error::Rejected(problems) = e {
        for p in problems {
            let _ = writeln!(err, "{}", p.display(lang));
        }
    }
    if let Error::Invalid(fields) = e {
        for f in fields {
            let label = luban_registry::message::label(&f.field, lang);
            let _ = writeln!(err, "{label}: {}", f.message(lang));
        }
    }
    let _ = writeln!(err, "luban: {}", e.message(lang));
}

fn open(db: Option<&Path>) -> Result<Registry, Error> {
    Registry::open(&luban_registry::store::resolve_path(db)?)
}

/// Opens the registry for a command that writes: a damaged registry is refused before anything
/// is written, naming the newest backup to restore.
fn open_for_writing(db: Option<&Path>) -> Result<Registry, Error> {
    let registry = open(db)?;
    registry.ensure_sound()?;
    Ok(registry)
}

/// [`open_for_writing`], or for a dry run (which writes nothing) [`open`].
fn open_to_write_unless(dry_run: bool, db: Option<&Path>) -> Result<Registry, Error> {
    if dry_run {
        open(db)
    } else {
        open_for_writing(db)
    }
}

/// `luban init --force`: a new registry in place of an empty, cut-short or damaged file.
fn start_over(db: Option<&Path>, lang: Lang) -> Result<Registry, Error> {
    let (registry, aside) = Registry::open_anew(&luban_registry::store::resolve_path(db)?)?;
    if let Some(aside) = aside {
        match lang {
            Lang::En => eprintln!("the old file was kept aside as {}", aside.display()),
            Lang::Zh => eprintln!("原文件已另存为 {}", aside.display()),
        }
    }
    Ok(registry)
}

/// Runs the command; `Ok(false)` means it ran but found problems (already printed).
fn run(cli: Cli) -> Result<bool, Error> {
    let db = cli.db.as_deref();
    let lang = cli.lang;
    match cli.command {
        Command::Init { sample, force } => {
            let mut registry = if force && !sample {
                start_over(db, lang)?
            } else {
                open_for_writing(db)?
            };
            if sample {
                return Ok(
                    briefed(briefing::init_sample(&mut registry, force), lang)?.unwrap_or(false)
                );
            }
            match lang {
                Lang::En => println!("registry ready: {}", registry.path().display()),
                Lang::Zh => println!("登记册已就绪：{}", registry.path().display()),
            }
        }
        Command::Import {
            entity,
            file,
            sheet,
            dry_run,
            reading,
            format,
        } => {
            // A workbook is told by its first bytes (Source::File does so too); --sheet needs it.
            let source = match sheet.as_deref() {
                Some(sheet) => Source::Workbook {
                    path: &file,
                    entity: Some(entity),
                    sheet: Some(sheet),
                },
                None => Source::File {
                    path: &file,
                    entity: Some(entity),
                },
            };
            return import(
                &mut open_to_write_unless(dry_run, db)?,
                source,
                dry_run,
                reading,
                format,
                lang,
            );
        }
        Command::ImportAll {
            dir,
            dry_run,
            reading,
            format,
        } => {
            let source = if dir.is_file() {
                Source::Workbook {
                    path: &dir,
                    entity: None,
                    sheet: None,
                }
            } else {
                Source::Folder(&dir)
            };
            let registry = &mut open_to_write_unless(dry_run, db)?;
            return import(registry, source, dry_run, reading, format, lang);
        }
        Command::Export {
            entity,
            file,
            options,
        } => {
            let registry = open(db)?;
            if file.as_os_str() == "-" {
                let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
                registry.export(Target::Stream(entity, &mut stdout), options.options(), None)?;
            } else {
                let written =
                    registry.export(Target::File(entity, &file), options.options(), None)?;
                print_written(&written, |_| file.clone(), lang);
            }
        }
        Command::ExportAll { dir, options } => {
            let registry = open(db)?;
            let written = registry.export(Target::Folder(&dir), options.options(), None)?;
            print_written(&written, |e| dir.join(e.file_name()), lang);
        }
        Command::Report(args) => return report(open(db)?, args, lang),
        Command::Chart(args) => {
            let registry = open(db)?;
            match briefed(briefing::chart(&registry, &args, lang), lang)? {
                Some(path) => eprintln!("{}: chart written", path.display()),
                None => return Ok(false),
            }
        }
        Command::Check => return check(&open(db)?, lang),
        Command::Settings { action } => {
            let mut registry = open(db)?;
            if let Some(SettingsAction::Set { key, value }) = action {
                registry.set_setting(&key, &value)?;
            }
            let settings = registry.settings()?;
            for key in luban_registry::settings::KEYS {
                println!(
                    "{key}\t{}\t{}",
                    settings.get(key).unwrap_or(""),
                    Registry::setting_label(key, lang)
                );
            }
        }
        Command::Fields { action, format } => return fields(db, action, format, lang),
        Command::Backup { out } => return backup(&open(db)?, out.as_deref(), lang),
        Command::Backups { format } => return backups(&open(db)?, format, lang),
        Command::History {
            kind,
            key,
            batches: true,
            format,
        } if kind.is_none() && key.is_none() => return history(&open(db)?, format),
        Command::History {
            kind, key, format, ..
        } => return history_records(&open(db)?, kind, key.as_deref(), format),
        Command::Undo { batch, dry_run } => {
            return undo(
                &mut open_to_write_unless(dry_run, db)?,
                batch,
                dry_run,
                lang,
            )
        }
        Command::Restore { file } => return restore(db, &file, lang),
        Command::Due(args) => due(&open(db)?, &args, lang)?,
        Command::Attach { agreement, file } => {
            let d = open(db)?.attach(&agreement, &file)?;
            match lang {
                Lang::En => eprintln!("{}: attached to {} ({} bytes)", d.name, d.agreement, d.size),
                Lang::Zh => eprintln!(
                    "{}：已附加到协议 {}（{} 字节）",
                    d.name, d.agreement, d.size
                ),
            }
        }
        Command::Documents { agreement, format } => {
            let documents = open(db)?.documents(Some(&agreement))?;
            let text = match format {
                ListFormat::Text => documents
                    .iter()
                    .map(|d| {
                        format!(
                            "{}\t{}\t{}\n",
                            d.name,
                            d.size,
                            d.attached_at.format("%Y-%m-%d %H:%M:%SZ")
                        )
                    })
                    .collect::<String>(),
                ListFormat::Json => json_text(&documents)?,
            };
            to_stdout(&text)?;
        }
        Command::Detach { agreement, name } => {
            open(db)?.detach(&agreement, &name)?;
            match lang {
                Lang::En => eprintln!("{name}: detached from {}", agreement.to_uppercase()),
                Lang::Zh => eprintln!("{name}：已从协议 {} 移除", agreement.to_uppercase()),
            }
        }
    }
    Ok(true)
}

/// `luban fields`: the list (text or JSON), after adding or removing one when asked.
fn fields(
    db: Option<&Path>,
    action: Option<FieldsAction>,
    format: ListFormat,
    lang: Lang,
) -> Result<bool, Error> {
    match action {
        Some(FieldsAction::Add {
            kind,
            name,
            field_type,
            label_zh,
            in_list,
        }) => {
            let new = luban_registry::NewField {
                name,
                field_type,
                label_zh,
                in_list,
            };
            let added = open_for_writing(db)?.add_field(kind, &new)?;
            match lang {
                Lang::En => eprintln!("{}: field added to {}", added.name, kind.stem()),
                Lang::Zh => eprintln!("{}：已为{}添加字段", added.name, kind.singular_zh()),
            }
            return Ok(true);
        }
        Some(FieldsAction::Remove { kind, name, force }) => {
            let removed = open_for_writing(db)?.remove_field(kind, &name, force)?;
            match lang {
                Lang::En => eprintln!("{name}: field removed ({removed} values with it)"),
                Lang::Zh => eprintln!("{name}：字段已删除（连同 {removed} 个值）"),
            }
            return Ok(true);
        }
        None => {}
    }
    let list = open(db)?.fields()?;
    let text = match format {
        ListFormat::Text => list
            .iter()
            .map(|d| {
                format!(
                    "{}\t{}\t{}\t{}\t{}\t{}\n",
                    d.kind.stem(),
                    d.name,
                    d.field_type.as_str(),
                    d.label_zh.as_deref().unwrap_or(""),
                    if d.in_list { "in-list" } else { "" },
                    d.values
                )
            })
            .collect::<String>(),
        ListFormat::Json => json_text(&list)?,
    };
    to_stdout(&text)?;
    Ok(true)
}

/// `luban import` and `luban import-all`: all or nothing; a dry run lists the problems it found.
fn import(
    registry: &mut Registry,
    source: Source,
    dry_run: bool,
    reading: ReadingArgs,
    format: ListFormat,
    lang: Lang,
) -> Result<bool, Error> {
    let outcome: ImportOutcome = registry.import(
        source,
        ImportOptions {
            dry_run,
            progress: None,
            date_order: reading.date_order(),
            encoding: reading.encoding,
            columns: reading.columns(),
        },
    )?;
    if !outcome.problems.is_empty() {
        return Err(Error::Rejected(outcome.problems));
    }
    if format == ListFormat::Json {
        to_stdout(&json_text(&outcome)?)?;
        return Ok(true);
    }
    for summary in &outcome.files {
        print_summary(summary, dry_run, lang);
    }
    print_updates(&outcome.updates, lang);
    Ok(true)
}

/// How many updated records a dry run lists field by field; the rest are counted.
const UPDATES_SHOWN: usize = 50;

/// The records a dry run would update, each changing field with its old and new value.
fn print_updates(updates: &[luban_registry::history::Update], lang: Lang) {
    for u in updates.iter().take(UPDATES_SHOWN) {
        println!("{} {}:", u.kind, u.key);
        for (field, change) in &u.changes {
            let side = |i: usize| change.get(i).and_then(|v| v.as_str()).unwrap_or("");
            println!("  {field}: {:?} -> {:?}", side(0), side(1));
        }
    }
    if updates.len() > UPDATES_SHOWN {
        let more = updates.len() - UPDATES_SHOWN;
        match lang {
            Lang::En => println!(
                "… and {more} more records would be updated (--format json lists them all)"
            ),
            Lang::Zh => println!("……另有 {more} 条记录将被更新（--format json 列出全部）"),
        }
    }
}

/// The rows each exported file got, on standard error.
fn print_written(written: &[(Entity, u64)], path: impl Fn(Entity) -> PathBuf, lang: Lang) {
    for &(entity, n) in written {
        match lang {
            Lang::En => eprintln!("{}: {n} rows written", path(entity).display()),
            Lang::Zh => eprintln!("{}：已写入 {n} 行", path(entity).display()),
        }
    }
}

/// `luban due`: what is due on a day, as text, JSON or an iCalendar file.
fn due(registry: &Registry, args: &DueArgs, lang: Lang) -> Result<(), Error> {
    let on = args.on.unwrap_or_else(luban_registry::due::today);
    let items = registry.due(on, args.within)?;
    if items.is_empty() {
        match lang {
            Lang::En => eprintln!("luban: nothing is due on {on}"),
            Lang::Zh => eprintln!("luban：{on} 没有到期事项"),
        }
    }
    let text = match args.format {
        DueFormat::Text => items
            .iter()
            .map(|i| {
                format!(
                    "{}\t{}\t{}\n",
                    i.due.format("%Y-%m-%d"),
                    i.days,
                    i.message(lang)
                )
            })
            .collect::<String>(),
        DueFormat::Json => json_text(&items)?,
        DueFormat::Ics => luban_registry::due::ics(&items, luban_registry::due::now_utc()),
    };
    match &args.out {
        Some(path) => {
            luban_registry::atomic_file::write_bytes(path, text.as_bytes())?;
            match lang {
                Lang::En => eprintln!("{}: {} items written", path.display(), items.len()),
                Lang::Zh => eprintln!("{}：已写入 {} 项", path.display(), items.len()),
            }
        }
        None => to_stdout(&text)?,
    }
    Ok(())
}

/// A value as the JSON every `--format json` prints: pretty, ending in a newline.
fn json_text<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    let mut json = serde_json::to_string_pretty(value).map_err(|e| Error::Io {
        path: "-".into(),
        source: std::io::Error::other(e),
    })?;
    json.push('\n');
    Ok(json)
}

/// Writes `text` to standard output; a closed output (`luban history | head`) is an error that
/// names it, not the panic `println!` would give.
fn to_stdout(text: &str) -> Result<(), Error> {
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .map_err(|e| Error::Io {
            path: "-".into(),
            source: e,
        })
}

/// `luban check`: SQLite's full integrity check, references and the registry's rules.
fn check(registry: &Registry, lang: Lang) -> Result<bool, Error> {
    let (warnings, findings): (Vec<_>, Vec<_>) = registry
        .check(CheckDepth::Full)?
        .into_iter()
        .partition(|f| f.is_warning());
    for f in warnings.iter().chain(&findings) {
        eprintln!("{}: {}", registry.path().display(), f.message(lang));
    }
    if !findings.is_empty() {
        match lang {
            Lang::En => eprintln!("luban: {} problems found", findings.len()),
            Lang::Zh => eprintln!("luban：发现 {} 个问题", findings.len()),
        }
        return Ok(false);
    }
    match lang {
        Lang::En => println!("{}: ok", registry.path().display()),
        Lang::Zh => println!("{}：正常", registry.path().display()),
    }
    Ok(true)
}

/// How many decoded rows (after the header) an import's summary shows, and of how many characters
/// a cell.
const FIRST_ROWS_SHOWN: usize = 3;
const FIRST_ROWS_CELL_SHOWN: usize = 20;

/// The header and first rows as decoded, indented, cells cut short (the core escapes control
/// characters): a file decoded wrongly shows at a glance.
fn print_first_rows(s: &ImportSummary) {
    for row in s.first_rows.iter().take(1 + FIRST_ROWS_SHOWN) {
        let cells: Vec<String> = row
            .iter()
            .map(|c| match c.char_indices().nth(FIRST_ROWS_CELL_SHOWN) {
                Some((cut, _)) => format!("{}…", c[..cut].trim_end()),
                None => c.clone(),
            })
            .collect();
        println!("    | {} |", cells.join(" | "));
    }
}

fn print_summary(s: &ImportSummary, dry_run: bool, lang: Lang) {
    for w in &s.warnings {
        eprintln!("{}", w.display(lang));
    }
    if lang == Lang::Zh {
        let detected = s.detected.map(|d| d.describe_zh()).unwrap_or_default();
        let (verb, note) = if dry_run {
            ("将", "（试运行：未写入任何内容）")
        } else {
            ("", "")
        };
        let detected = s
            .sheet
            .as_ref()
            .map_or(detected, |sheet| format!("工作表“{sheet}”"));
        println!(
            "{}（{detected}）：{} 行：{verb}新增 {}，{verb}更新 {}，未变 {}{note}",
            s.file, s.rows, s.added, s.updated, s.unchanged
        );
        print_first_rows(s);
        return;
    }
    let detected = s.detected.map(|d| d.describe()).unwrap_or_default();
    let detected = s
        .sheet
        .as_ref()
        .map_or(detected, |sheet| format!("sheet {sheet:?}"));
    let verb = if dry_run { "would be " } else { "" };
    println!(
        "{} ({detected}): {} rows: {} {verb}added, {} {verb}updated, {} unchanged{}",
        s.file,
        s.rows,
        s.added,
        s.updated,
        s.unchanged,
        if dry_run {
            " (dry run: nothing written)"
        } else {
            ""
        }
    );
    print_first_rows(s);
}

/// Briefing errors other than the core's are printed here; `None` means "failed, already said".
fn briefed<T>(result: briefing::Result<T>, lang: Lang) -> Result<Option<T>, Error> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(luban_briefing::Error::Registry(e)) => Err(e),
        // As the core's: said in both languages, and a reader that stopped early is no failure.
        Err(luban_briefing::Error::Csv(e)) => Err(Error::Csv(e)),
        Err(luban_briefing::Error::Write(source))
            if source.kind() == std::io::ErrorKind::BrokenPipe =>
        {
            Err(Error::Io {
                path: PathBuf::from("-"),
                source,
            })
        }
        Err(e) => {
            let message = if lang == Lang::Zh {
                e.message_zh()
            } else {
                e.to_string()
            };
            eprintln!("luban: {message}");
            Ok(None)
        }
    }
}

/// `luban report`: the headline as text or JSON, or the briefing files.
fn report(registry: Registry, args: ReportArgs, lang: Lang) -> Result<bool, Error> {
    let selection = args.selection.selection();
    let out = args.out.as_deref();
    let document = |format| briefing::save(&registry, &selection, lang, format, out);
    match args.format {
        Format::Text => report_sentence(&registry, &selection, args.numbers, lang),
        Format::Json => report_json(&registry, &selection),
        Format::Csv => written(
            briefing::csv(&registry, &selection, lang, args.breakdown, out),
            lang,
        ),
        Format::Xlsx => written(document(luban_briefing::output::Format::Xlsx), lang),
        Format::Html => written(document(luban_briefing::output::Format::Html), lang),
        Format::Pdf => written(document(luban_briefing::output::Format::Pdf), lang),
    }
}

/// Says which files a briefing output wrote; `Ok(false)` when it failed (already said).
fn written(result: briefing::Result<Vec<PathBuf>>, lang: Lang) -> Result<bool, Error> {
    let Some(files) = briefed(result, lang)? else {
        return Ok(false);
    };
    let done = if lang == Lang::Zh {
        "已写入"
    } else {
        "written"
    };
    for path in &files {
        eprintln!("{}: {done}", path.display());
    }
    Ok(true)
}

/// The headline sentence and the selection it covers.
fn report_sentence(
    registry: &Registry,
    selection: &luban_registry::report::Selection,
    numbers: Option<Numbers>,
    lang: Lang,
) -> Result<bool, Error> {
    let h = registry.headline(selection)?;
    let style = match numbers {
        Some(Numbers::Grouped) => NumberStyle::Grouped,
        Some(Numbers::Plain) => NumberStyle::Plain,
        Some(Numbers::Wan) => NumberStyle::Wan,
        None => NumberStyle::default_for(lang),
    };
    println!("{}", headline_sentence(&h, selection, lang, style));
    println!("{}", selection.describe_lang(lang));
    Ok(true)
}

/// The headline figures as JSON, with the sentence in both languages.
fn report_json(
    registry: &Registry,
    selection: &luban_registry::report::Selection,
) -> Result<bool, Error> {
    let h = registry.headline(selection)?;
    let json = serde_json::json!({
        "selection": selection,
        "scope": selection.describe(),
        "workshops": h.workshops,
        "countries": h.countries,
        "majors": h.majors,
        "major_categories": h.major_categories,
        "degree_students": h.degree_students,
        "trainees": h.trainees,
        "workshops_by_status": h.workshops_by_status,
        "trainees_by_kind": h.trainees_by_kind,
        "sentence_en": headline_sentence(&h, selection, Lang::En, NumberStyle::Grouped),
        "sentence_zh": headline_sentence(&h, selection, Lang::Zh, NumberStyle::Plain),
    });
    println!("{json:#}");
    Ok(true)
}

/// `luban backup`: a manual backup (or a copy to `--out`); its path on standard output.
fn backup(registry: &Registry, out: Option<&Path>, lang: Lang) -> Result<bool, Error> {
    let path = match out {
        Some(out) => {
            registry.backup_to(out)?;
            out.to_path_buf()
        }
        None => {
            registry
                .backup(luban_registry::backup::Reason::Manual)?
                .path
        }
    };
    match lang {
        Lang::En => eprintln!(
            "backup written; restore it with: luban restore \"{}\"",
            path.display()
        ),
        Lang::Zh => eprintln!("备份已写入；恢复命令：luban restore \"{}\"", path.display()),
    }
    println!("{}", path.display());
    Ok(true)
}

/// `luban backups`: newest first, as lines of text or a JSON array.
fn backups(registry: &Registry, format: ListFormat, lang: Lang) -> Result<bool, Error> {
    let list = registry.backups()?;
    match format {
        ListFormat::Json => {
            to_stdout(&json_text(&list)?)?;
        }
        ListFormat::Text => {
            if list.is_empty() {
                match lang {
                    Lang::En => eprintln!(
                        "no backups yet in {}; take one with: luban backup",
                        luban_registry::backup::folder(registry.path()).display()
                    ),
                    Lang::Zh => eprintln!(
                        "{} 中还没有备份；可用 luban backup 备份",
                        luban_registry::backup::folder(registry.path()).display()
                    ),
                }
            }
            for b in &list {
                println!(
                    "{}\t{}\t{}\t{}",
                    b.created,
                    b.reason.label(lang),
                    b.bytes,
                    b.path.display()
                );
            }
        }
    }
    Ok(true)
}

/// `luban restore FILE`: the command itself is the user's confirmation.
fn restore(db: Option<&Path>, file: &Path, lang: Lang) -> Result<bool, Error> {
    let path = luban_registry::store::resolve_path(db)?;
    let (registry, before) = Registry::restore_file(&path, file, true)?;
    match lang {
        Lang::En => eprintln!(
            "{} restored from {}; the registry as it was is kept in {}",
            registry.path().display(),
            file.display(),
            before.path.display()
        ),
        Lang::Zh => eprintln!(
            "已从 {} 恢复 {}；恢复前的登记册保存在 {}",
            file.display(),
            registry.path().display(),
            before.path.display()
        ),
    }
    Ok(true)
}

/// `luban history`: the batches, newest first, as tab-separated lines or a JSON array.
fn history(registry: &Registry, format: ListFormat) -> Result<bool, Error> {
    let batches = registry.history()?;
    match format {
        ListFormat::Json => {
            to_stdout(&json_text(&batches)?)?;
        }
        ListFormat::Text => {
            for b in &batches {
                println!(
                    "{}\t{}\t{}\t{}\t+{} ~{} -{}",
                    b.id, b.at, b.user, b.source, b.added, b.updated, b.deleted
                );
            }
        }
    }
    Ok(true)
}

/// `luban history`: the record changes, newest first, as tab-separated lines (batch, time, user,
/// source, op, kind, key, changes) or a JSON array.
fn history_records(
    registry: &Registry,
    kind: Option<Entity>,
    key: Option<&str>,
    format: ListFormat,
) -> Result<bool, Error> {
    let records = registry.history_records(kind, key)?;
    match format {
        ListFormat::Json => {
            to_stdout(&json_text(&records)?)?;
        }
        ListFormat::Text => {
            for r in &records {
                let changes = serde_json::Value::Object(r.changes.clone());
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    r.batch,
                    r.at,
                    r.user,
                    r.source,
                    serde_json::to_value(r.op)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default(),
                    r.kind,
                    r.key.as_deref().unwrap_or("*"),
                    changes
                );
            }
        }
    }
    Ok(true)
}

/// `luban undo`: which batch was (or would be) undone, record by record or from which backup.
fn undo(
    registry: &mut Registry,
    batch: Option<i64>,
    dry_run: bool,
    lang: Lang,
) -> Result<bool, Error> {
    let undo = registry.undo(batch, dry_run)?;
    let b = &undo.batch;
    let how = match (&undo.restored, lang) {
        (Some(path), Lang::En) => format!("by restoring {}", path.display()),
        (Some(path), Lang::Zh) => format!("通过恢复 {}", path.display()),
        (None, Lang::En) => format!("record by record ({} records)", undo.records),
        (None, Lang::Zh) => format!("逐条记录（{} 条）", undo.records),
    };
    match (lang, dry_run) {
        (Lang::En, true) => eprintln!(
            "would undo batch {} ({}, {}: +{} ~{} -{}) {how} (dry run: nothing changed)",
            b.id, b.source, b.at, b.added, b.updated, b.deleted
        ),
        (Lang::En, false) => eprintln!(
            "batch {} ({}) undone {how}; luban undo undoes this undo",
            b.id, b.source
        ),
        (Lang::Zh, true) => eprintln!(
            "将{how}撤销批次 {}（{}，{}：新增 {}，更新 {}，删除 {}）（试运行：未做任何改动）",
            b.id, b.source, b.at, b.added, b.updated, b.deleted
        ),
        (Lang::Zh, false) => eprintln!(
            "已{how}撤销批次 {}（{}）；再次运行 luban undo 可撤销本次撤销",
            b.id, b.source
        ),
    }
    Ok(true)
}
