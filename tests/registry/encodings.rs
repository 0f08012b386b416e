//! Decoding you can trust: an encoding is used only when the detector is sure of it; otherwise the
//! file is refused naming the candidates, and `ImportOptions::encoding` chooses.

use luban_registry::{Entity, Error, ImportOptions, Lang, Problem, ProblemKind, Source};

use crate::support::{data, fresh, Fixture};

/// Imports the committed fixture `name` (under `tests/data/encodings/`) as workshops.
fn import_with(f: &mut Fixture, name: &str, encoding: Option<&str>) -> Result<(), Vec<Problem>> {
    let path = data(&format!("encodings/{name}"));
    let source = Source::File {
        path: &path,
        entity: Some(Entity::Workshops),
    };
    let options = ImportOptions {
        encoding,
        ..ImportOptions::default()
    };
    match f.registry.import(source, options) {
        Ok(_) => Ok(()),
        Err(Error::Rejected(problems)) => Err(problems),
        Err(e) => panic!("{e}"),
    }
}

fn name_zh(f: &Fixture, code: &str) -> Option<String> {
    f.registry.workshop(code).ok()?.workshop.name_zh
}

#[test]
fn a_big5_file_is_refused_naming_big5_and_gb18030() {
    let problems = import_with(&mut fresh(), "workshops-big5.csv", None).unwrap_err();
    assert_eq!(problems.len(), 1);
    assert_eq!(
        problems[0].kind,
        ProblemKind::UncertainEncoding {
            candidates: vec!["gb18030", "Big5"]
        }
    );
    assert!(problems[0].message(Lang::En).contains("--encoding"));
    assert!(problems[0].message(Lang::Zh).contains("--encoding"));
}

#[test]
fn a_big5_file_imports_when_the_user_says_big5() {
    let mut f = fresh();
    assert_eq!(
        import_with(&mut f, "workshops-big5.csv", Some("big5")),
        Ok(())
    );
    assert_eq!(name_zh(&f, "TH-AYU").as_deref(), Some("泰國魯班工坊"));
}

#[test]
fn a_shift_jis_file_is_refused_naming_shift_jis() {
    let problems = import_with(&mut fresh(), "workshops-shift-jis.csv", None).unwrap_err();
    assert_eq!(
        problems[0].kind,
        ProblemKind::UncertainEncoding {
            candidates: vec!["gb18030", "Shift_JIS"]
        }
    );
}

#[test]
fn a_shift_jis_file_imports_when_the_user_says_shift_jis() {
    let mut f = fresh();
    let imported = import_with(&mut f, "workshops-shift-jis.csv", Some("shift_jis"));
    assert_eq!(imported, Ok(()));
    assert_eq!(name_zh(&f, "TH-AYU").as_deref(), Some("タイ魯班工房"));
}

#[test]
fn a_thai_windows_874_file_the_detector_is_sure_of_reads_as_thai() {
    let mut f = fresh();
    assert_eq!(
        import_with(&mut f, "workshops-windows-874.csv", None),
        Ok(())
    );
    let host = f
        .registry
        .workshop("TH-AYU")
        .map(|d| d.workshop.host_institution);
    assert_eq!(host.ok().as_deref(), Some("วิทยาลัยเทคนิคพระนครศรีอยุธยา"));
}

#[test]
fn a_gb18030_file_the_detector_is_sure_of_still_imports() {
    let mut f = fresh();
    assert_eq!(import_with(&mut f, "workshops-gb18030.csv", None), Ok(()));
    assert_eq!(name_zh(&f, "DJ-DJI").as_deref(), Some("吉布提鲁班工坊"));
}

#[test]
fn a_gb18030_file_with_a_row_appended_in_utf8_is_refused_naming_both_lines() {
    let problems = import_with(&mut fresh(), "workshops-utf8-gb18030-mix.csv", None).unwrap_err();
    assert_eq!(
        problems[0].kind,
        ProblemKind::MixedEncoding {
            utf8_line: 4,
            other_line: 2
        }
    );
}

#[test]
fn a_file_whose_letters_were_saved_as_question_marks_is_refused_with_how_to_save_it() {
    let problems = import_with(&mut fresh(), "workshops-question-marks.csv", None).unwrap_err();
    assert_eq!(
        problems.len(),
        1,
        "one problem for the file, not one a cell"
    );
    assert_eq!(
        (
            problems[0].line,
            problems[0].column.as_deref(),
            &problems[0].kind
        ),
        (2, Some("name_zh"), &ProblemKind::LostLetters)
    );
    assert!(problems[0].message(Lang::En).contains("CSV UTF-8"));
    assert!(problems[0].message(Lang::Zh).contains("CSV UTF-8"));
}

#[test]
fn an_encoding_name_that_names_none_is_refused() {
    let problems = import_with(&mut fresh(), "workshops-big5.csv", Some("klingon")).unwrap_err();
    assert_eq!(
        problems[0].kind,
        ProblemKind::UnknownEncoding {
            name: "klingon".into()
        }
    );
}
