//! Tidy checks, in the spirit of rust-analyzer's `xtask/src/tidy.rs`: facts that have to be written
//! down in more than one file (SQL, JSON, JavaScript) are compared with their one declaration in
//! Rust, and a test fails naming the file and the value that differ.
//!
//! - The commands: declared once in `src-tauri/command_list.rs` (which also feeds `build.rs` and
//!   `generate_handler!`); copied as permissions in `src-tauri/capabilities/main.json` and as
//!   `invoke('name', …)` calls in `ui/api.js`.
//! - The vocabularies and entities: declared in `luban_registry` (`Status::ALL`, `Level::ALL`,
//!   `TrainingKind::ALL`, `Region::ALL`, `Entity::ALL`); copied in the CHECK constraints of
//!   `crates/registry/src/store/schema_v1.sql` and in `ui/i18n.js` (lists and labels).
//!
//! Schema files are migrations: once shipped, `schema_v1.sql` does not change. When a later
//! migration redefines one of these CHECKs, point the schema tests at the newest definition.

mod copies;

use copies::{difference, read};
use luban_registry::{Entity, Level, Region, Registry, Status, TrainingKind};

include!("../../src-tauri/command_list.rs");

macro_rules! command_names {
    ($($name:ident),* $(,)?) => {
        &[$(stringify!($name)),*]
    };
}

/// The commands the shell registers, from the same list as `build.rs` and `lib.rs`.
const COMMANDS: &[&str] = app_commands!(command_names);

const CAPABILITIES: &str = "src-tauri/capabilities";
const CAPABILITY: &str = "src-tauri/capabilities/main.json";
const API_JS: &str = "ui/api.js";
const SCHEMA: &str = "crates/registry/src/store/schema_v1.sql";
const I18N: &str = "ui/i18n.js";

fn strings<T: Copy>(values: &[T], text: fn(T) -> &'static str) -> Vec<String> {
    values.iter().map(|v| text(*v).to_string()).collect()
}

fn commands() -> Vec<String> {
    COMMANDS.iter().map(|c| c.to_string()).collect()
}

fn or_fail<T>(result: Result<T, String>) -> T {
    result.unwrap_or_else(|e| panic!("{e}"))
}

fn assert_same(what: &str, found: &[String], expected: &[String], ordered: bool) {
    if let Some(difference) = difference(found, expected, ordered) {
        panic!("{what}: {difference}");
    }
}

// ---- Commands ------------------------------------------------------------------------------

#[test]
fn capability_grants_exactly_allow_and_the_kebab_case_name_of_each_declared_command() {
    let json: serde_json::Value =
        serde_json::from_str(&read(CAPABILITY)).expect("the capability file is JSON");
    let permissions = json["permissions"]
        .as_array()
        .unwrap_or_else(|| panic!("{CAPABILITY}: no `permissions` array"));
    let found: Vec<String> = permissions
        .iter()
        .map(|p| {
            p.as_str()
                .unwrap_or_else(|| panic!("{CAPABILITY}: permission {p} is not a plain name"))
                .to_string()
        })
        .collect();
    let expected: Vec<String> = COMMANDS
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .collect();
    assert_same(
        &format!("{CAPABILITY}, permissions"),
        &found,
        &expected,
        false,
    );
}

#[test]
fn capabilities_folder_holds_only_the_main_window_file() {
    // A second capability file could grant the window more than our commands.
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(CAPABILITIES);
    let mut files: Vec<String> = std::fs::read_dir(&folder)
        .expect("the capabilities folder can be listed")
        .map(|entry| {
            entry
                .expect("a capabilities entry can be read")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    files.sort();
    assert_eq!(
        files,
        ["main.json"],
        "{CAPABILITIES}/ should hold only main.json"
    );
}

/// The command names `ui/api.js` invokes, failing on any `invoke(` it cannot read.
fn invoked_commands() -> Vec<String> {
    let mut names = Vec::new();
    for (line, call) in copies::js_invocations(&read(API_JS)) {
        match call {
            Ok(name) => names.push(name),
            // The one call that forwards a name it was given: the wrapper itself.
            Err(text) if text == "invoke(command, args).catch((error) => {" => {}
            Err(text) => {
                panic!("{API_JS}:{line}: `{text}` does not name its command as a string literal")
            }
        }
    }
    names
}

#[test]
fn api_js_invokes_only_declared_commands() {
    let declared = commands();
    let undeclared: Vec<String> = invoked_commands()
        .into_iter()
        .filter(|name| !declared.contains(name))
        .collect();
    assert!(
        undeclared.is_empty(),
        "{API_JS} invokes {undeclared:?}, which src-tauri/command_list.rs does not declare"
    );
}

#[test]
fn api_js_invokes_every_declared_command() {
    let invoked = invoked_commands();
    let never: Vec<&str> = COMMANDS
        .iter()
        .copied()
        .filter(|name| !invoked.iter().any(|i| i == name))
        .collect();
    assert!(
        never.is_empty(),
        "{API_JS} never invokes {never:?}, declared in src-tauri/command_list.rs"
    );
}

#[test]
fn no_ui_module_but_api_js_invokes_commands() {
    let mut offenders = Vec::new();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut folders = vec![root.join("ui")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("a ui folder can be listed") {
            let path = entry.expect("a ui entry can be read").path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "js") && !path.ends_with(API_JS) {
                let text = std::fs::read_to_string(&path).expect("a ui module can be read");
                if text.contains("__TAURI__") || !copies::js_invocations(&text).is_empty() {
                    let relative = path.strip_prefix(root).unwrap_or(&path);
                    offenders.push(relative.display().to_string());
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "only {API_JS} may call the shell, but these do: {offenders:?}"
    );
}

// ---- Vocabularies in the schema --------------------------------------------------------------

/// The CHECK on `table.column` allows exactly `expected` (in any order: SQL does not care).
fn assert_schema_allows(table: &str, column: &str, expected: Vec<String>) {
    let sql = read(SCHEMA);
    let check = or_fail(copies::sql_column_check(SCHEMA, &sql, table, column));
    let found = or_fail(copies::sql_allowed_values(SCHEMA, table, column, check));
    assert_same(
        &format!("{SCHEMA}, the CHECK on {table}.{column}"),
        &found,
        &expected,
        false,
    );
}

#[test]
fn schema_allows_exactly_the_statuses_of_status_all() {
    assert_schema_allows("workshop", "status", strings(Status::ALL, Status::as_str));
}

#[test]
fn schema_allows_exactly_the_levels_of_level_all() {
    assert_schema_allows("enrolment", "level", strings(Level::ALL, Level::as_str));
}

#[test]
fn schema_allows_exactly_the_kinds_of_training_kind_all() {
    assert_schema_allows(
        "training",
        "kind",
        strings(TrainingKind::ALL, TrainingKind::as_str),
    );
}

#[test]
fn schema_allows_exactly_the_regions_of_region_all() {
    assert_schema_allows("country", "region", strings(Region::ALL, Region::as_str));
}

#[test]
fn schema_category_range_is_the_cores_range() {
    let sql = read(SCHEMA);
    let check = or_fail(copies::sql_column_check(
        SCHEMA,
        &sql,
        "major_category",
        "code",
    ));
    let (low, high) = or_fail(copies::sql_between(SCHEMA, "code", check));
    let codes = luban_registry::record::major_category::CODES;
    assert_eq!(
        (low, high),
        (*codes.start(), *codes.end()),
        "{SCHEMA}: major_category.code is BETWEEN {low} AND {high}, but the core accepts {codes:?}"
    );
}

#[test]
fn schema_category_range_is_the_range_of_the_reference_categories() {
    // The categories a new registry starts with must fill the range, end to end.
    let sql = read(SCHEMA);
    let check = or_fail(copies::sql_column_check(
        SCHEMA,
        &sql,
        "major_category",
        "code",
    ));
    let (low, high) = or_fail(copies::sql_between(SCHEMA, "code", check));
    let dir = tempfile::tempdir().expect("a temporary folder");
    let registry =
        Registry::open(&dir.path().join("registry.sqlite3")).expect("a new registry opens");
    let codes: Vec<i64> = registry
        .categories()
        .expect("the categories can be listed")
        .iter()
        .map(|c| c.code)
        .collect();
    let expected: Vec<i64> = (low..=high).collect();
    assert_eq!(
        codes, expected,
        "{SCHEMA}: major_category.code is BETWEEN {low} AND {high}, but the reference categories of a new registry are {codes:?}"
    );
}

// ---- Vocabularies in the UI ------------------------------------------------------------------

/// `ui/i18n.js` exports `name` as exactly `expected`, in the same (display) order.
fn assert_i18n_list(name: &str, expected: Vec<String>) {
    let found = or_fail(copies::js_string_array(I18N, &read(I18N), name));
    assert_same(&format!("{I18N}, {name}"), &found, &expected, true);
}

#[test]
fn i18n_statuses_are_status_all_in_order() {
    assert_i18n_list("STATUSES", strings(Status::ALL, Status::as_str));
}

#[test]
fn i18n_levels_are_level_all_in_order() {
    assert_i18n_list("LEVELS", strings(Level::ALL, Level::as_str));
}

#[test]
fn i18n_kinds_are_training_kind_all_in_order() {
    assert_i18n_list("KINDS", strings(TrainingKind::ALL, TrainingKind::as_str));
}

#[test]
fn i18n_regions_are_region_all_in_order() {
    assert_i18n_list("REGIONS", strings(Region::ALL, Region::as_str));
}

#[test]
fn i18n_entities_are_entity_all_in_order() {
    assert_i18n_list("ENTITIES", strings(&Entity::ALL, Entity::stem));
}

/// Both dictionaries of `ui/i18n.js` label exactly the values `(stored, zh)` under `prefix.stored`,
/// and, when `zh` is given, the Chinese label is the core's.
fn assert_i18n_labels(prefix: &str, values: Vec<(String, Option<&str>)>) {
    let js = read(I18N);
    let expected: Vec<String> = values
        .iter()
        .map(|(stored, _)| format!("{prefix}.{stored}"))
        .collect();
    for dictionary in ["en", "zh"] {
        let entries = or_fail(copies::js_dictionary_entries(
            I18N,
            &js,
            dictionary,
            &format!("{prefix}."),
        ));
        let keys: Vec<String> = entries.keys().cloned().collect();
        assert_same(
            &format!("{I18N}, dictionary {dictionary}, the {prefix}.* labels"),
            &keys,
            &expected,
            false,
        );
        if dictionary == "zh" {
            for ((stored, zh), key) in values.iter().zip(&expected) {
                if let Some(zh) = zh {
                    assert!(
                        entries[key] == *zh,
                        "{I18N}, dictionary zh: {key:?} is {:?}, but the core's label_zh() for {stored:?} is {zh:?}",
                        entries[key]
                    );
                }
            }
        }
    }
}

fn with_zh<T: Copy>(
    values: &[T],
    stored: fn(T) -> &'static str,
    zh: fn(T) -> &'static str,
) -> Vec<(String, Option<&'static str>)> {
    values
        .iter()
        .map(|v| (stored(*v).to_string(), Some(zh(*v))))
        .collect()
}

#[test]
fn i18n_labels_every_status_and_in_chinese_as_label_zh() {
    assert_i18n_labels(
        "status",
        with_zh(Status::ALL, Status::as_str, Status::label_zh),
    );
}

#[test]
fn i18n_labels_every_level_and_in_chinese_as_label_zh() {
    assert_i18n_labels("level", with_zh(Level::ALL, Level::as_str, Level::label_zh));
}

#[test]
fn i18n_labels_every_training_kind_and_in_chinese_as_label_zh() {
    assert_i18n_labels(
        "kind",
        with_zh(
            TrainingKind::ALL,
            TrainingKind::as_str,
            TrainingKind::label_zh,
        ),
    );
}

#[test]
fn i18n_labels_every_region_and_in_chinese_as_label_zh() {
    assert_i18n_labels(
        "region",
        with_zh(Region::ALL, Region::as_str, Region::label_zh),
    );
}

#[test]
fn i18n_labels_every_entity() {
    // The UI names files in the plural ("培训人数"); the core's `singular_zh` names one record,
    // so only the keys are compared.
    let values = Entity::ALL
        .iter()
        .map(|e| (e.stem().to_string(), None))
        .collect();
    assert_i18n_labels("entity", values);
}

#[test]
fn i18n_agreement_types_statuses_and_sides_are_the_cores_in_order() {
    use luban_registry::{AgreementStatus, AgreementType, ContactSide};
    assert_i18n_list(
        "AGREEMENT_TYPES",
        strings(AgreementType::ALL, AgreementType::as_str),
    );
    assert_i18n_list(
        "AGREEMENT_STATUSES",
        strings(AgreementStatus::ALL, AgreementStatus::as_str),
    );
    assert_i18n_list("SIDES", strings(ContactSide::ALL, ContactSide::as_str));
}

#[test]
fn i18n_labels_agreement_types_statuses_and_sides_in_chinese_as_label_zh() {
    use luban_registry::{AgreementStatus, AgreementType, ContactSide};
    assert_i18n_labels(
        "atype",
        with_zh(
            AgreementType::ALL,
            AgreementType::as_str,
            AgreementType::label_zh,
        ),
    );
    assert_i18n_labels(
        "astatus",
        with_zh(
            AgreementStatus::ALL,
            AgreementStatus::as_str,
            AgreementStatus::label_zh,
        ),
    );
    assert_i18n_labels(
        "side",
        with_zh(ContactSide::ALL, ContactSide::as_str, ContactSide::label_zh),
    );
}

/// The smallest screen the app is used on: 1280×720 (a 1920×1080 laptop at 150 %), less a taskbar
/// (48 px on Windows 11) and the window's title bar (32 px).
const SMALL_SCREEN_CONTENT: (u64, u64) = (1280, 720 - 48 - 32);

#[test]
fn the_window_opens_and_may_shrink_within_a_1280_by_720_screen() {
    let conf: serde_json::Value =
        serde_json::from_str(&read("tauri.conf.json")).expect("tauri.conf.json is JSON");
    let window = &conf["app"]["windows"][0];
    let size = |key: &str| {
        window[key]
            .as_u64()
            .unwrap_or_else(|| panic!("tauri.conf.json: the main window sets {key}"))
    };
    let (width, height) = SMALL_SCREEN_CONTENT;
    for (w, h) in [("width", "height"), ("minWidth", "minHeight")] {
        assert!(
            size(w) <= width && size(h) <= height,
            "tauri.conf.json: the main window's {w}×{h} ({}×{}) must fit in {width}×{height}, \
             or its bottom (the language switch, the messages) is off a 1280×720 screen",
            size(w),
            size(h)
        );
    }
}

#[test]
fn i18n_field_types_are_the_cores_in_order_and_labelled_as_label_zh() {
    use luban_registry::FieldType;
    assert_i18n_list("FIELD_TYPES", strings(&FieldType::ALL, FieldType::as_str));
    assert_i18n_labels(
        "ftype",
        with_zh(&FieldType::ALL, FieldType::as_str, FieldType::label_zh),
    );
}

// ---- The import guide ------------------------------------------------------------------------

/// The import guide names every synonym the importer accepts: vocabulary synonyms
/// (`model/vocabulary.rs`), header aliases (`table/header.rs` `ALIASES`) and sheet names
/// (`record/mod.rs` `SHEET_NAMES`), so a list added to the core cannot be missing from the guide.
#[test]
fn the_import_guide_names_every_synonym_header_alias_and_sheet_name() {
    const GUIDE: &str = "docs/csv-format.md";
    let guide = read(GUIDE);
    let synonyms = (Status::synonyms().iter().map(|(s, _)| *s))
        .chain(Level::synonyms().iter().map(|(s, _)| *s))
        .chain(TrainingKind::synonyms().iter().map(|(s, _)| *s));
    let headers =
        (luban_registry::table::header::ALIASES.iter()).flat_map(|(_, h)| h.iter().copied());
    let sheets = (luban_registry::record::SHEET_NAMES.iter()).flat_map(|(_, n)| n.iter().copied());
    let missing: Vec<&str> = synonyms
        .chain(headers)
        .chain(sheets)
        .filter(|name| !guide.contains(name))
        .collect();
    assert!(
        missing.is_empty(),
        "{GUIDE} does not name these accepted synonyms: {missing:?}"
    );
}
