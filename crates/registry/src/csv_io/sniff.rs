//! Telling how a CSV file was saved: its text encoding and its delimiter.
//!
//! Staff bring files from Excel and WPS: UTF-8 with or without a BOM, UTF-16 with a BOM ("Unicode
//! text", tab-separated), and GB18030/GBK from Excel on Chinese Windows. A BOM decides; without one,
//! text that is valid UTF-8 is UTF-8, and anything else is left to `chardetng` (Firefox's detector),
//! whose GBK answer is widened to GB18030, its superset.
//!
//! A guess is used only when it can be trusted ([`assess`]): `chardetng` must give the same answer
//! whether told the file comes from China or not (a short Big5 or Shift_JIS file is GBK to it when
//! told "China", and Big5 or Shift_JIS otherwise), and the bytes must be valid in that encoding.
//! Otherwise the file is refused naming the candidates, and the user says which (`--encoding`).
//! A file with lines of valid UTF-8 and lines that are not (rows appended by another program) is
//! refused too: no one encoding reads it right.

use encoding_rs::{Encoding, GB18030, GBK, UTF_16BE, UTF_16LE, UTF_8};
use serde::Serialize;

/// How many bytes are examined to guess the encoding and the delimiter.
pub const SAMPLE_LEN: usize = 64 * 1024;

/// What was detected about a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Detected {
    /// The encoding's name (`UTF-8`, `UTF-16LE`, `gb18030`, …).
    pub encoding: &'static str,
    /// Whether the file starts with a byte order mark.
    pub bom: bool,
    /// The delimiter (`,`, `;` or tab).
    pub delimiter: char,
}

impl Detected {
    /// A human description: `UTF-8 with BOM, comma-separated`.
    pub fn describe(&self) -> String {
        let delimiter = match self.delimiter {
            ',' => "comma",
            ';' => "semicolon",
            _ => "tab",
        };
        let bom = if self.bom { " with BOM" } else { "" };
        format!("{}{bom}, {delimiter}-separated", self.encoding)
    }

    /// The same in Chinese: `UTF-8（带 BOM），逗号分隔`.
    pub fn describe_zh(&self) -> String {
        let delimiter = match self.delimiter {
            ',' => "逗号",
            ';' => "分号",
            _ => "制表符",
        };
        let bom = if self.bom { "（带 BOM）" } else { "" };
        format!("{}{bom}，{delimiter}分隔", self.encoding)
    }

    pub(crate) fn encoding(&self) -> &'static Encoding {
        Encoding::for_label(self.encoding.as_bytes()).unwrap_or(UTF_8)
    }
}

/// Why the encoding of a file is not trusted (see [`assess`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Doubt {
    /// The detector's answers disagree, or its answer does not decode the bytes: these could be it.
    Uncertain {
        /// The encodings the file could be in, most likely first.
        candidates: Vec<&'static str>,
    },
    /// A line is valid UTF-8 with letters beyond ASCII, and another is not UTF-8 at all.
    Mixed {
        /// The first line that is UTF-8 (physical line, from 1).
        utf8_line: u64,
        /// The first line that is not.
        other_line: u64,
    },
}

/// The encoding named `label` (`gb18030`, `big5`, `shift_jis`, `windows-874`, `utf-8`, any of the
/// WHATWG labels, any case), as its canonical name.
///
/// ```
/// use luban_registry::csv_io::sniff::encoding_named;
/// assert_eq!(encoding_named("GBK"), Some("GBK"));
/// assert_eq!(encoding_named("shift_jis"), Some("Shift_JIS"));
/// assert_eq!(encoding_named("klingon"), None);
/// ```
pub fn encoding_named(label: &str) -> Option<&'static str> {
    Encoding::for_label(label.trim().as_bytes()).map(Encoding::name)
}

/// Detects the encoding and delimiter as [`detect`] does, and says whether the encoding can be
/// trusted. `chosen` (the user's `--encoding`) is used as it is for a file without a BOM; a BOM
/// always decides.
pub fn assess(
    sample: &[u8],
    complete: bool,
    chosen: Option<&'static Encoding>,
) -> (Detected, Option<Doubt>) {
    let bom = Encoding::for_bom(sample).map(|(enc, _)| enc);
    let (encoding, doubt) = match (bom, chosen) {
        (Some(enc), _) | (None, Some(enc)) => (enc, None),
        (None, None) => {
            let guessed = guess(sample, complete);
            let doubt = if guessed == UTF_8 || guessed == UTF_16LE || guessed == UTF_16BE {
                None
            } else {
                mixed(sample).or_else(|| uncertain(sample, complete, guessed))
            };
            (guessed, doubt)
        }
    };
    let text = encoding.decode_with_bom_removal(sample).0;
    let detected = Detected {
        encoding: encoding.name(),
        bom: bom.is_some(),
        delimiter: delimiter(&text),
    };
    (detected, doubt)
}

/// Whether `guessed` (for a file that is not UTF-8) is in doubt: the detector answers otherwise
/// when not told the file is from China, or `guessed` cannot decode the bytes.
fn uncertain(sample: &[u8], complete: bool, guessed: &'static Encoding) -> Option<Doubt> {
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(sample, complete);
    let elsewhere = widen(detector.guess(None, true));
    let decodes = {
        let mut decoder = guessed.new_decoder_without_bom_handling();
        let mut out = String::with_capacity(sample.len() * 3);
        let (result, _) = decoder.decode_to_string_without_replacement(sample, &mut out, complete);
        !matches!(result, encoding_rs::DecoderResult::Malformed(..))
    };
    let mut candidates = vec![guessed.name()];
    if elsewhere != guessed {
        candidates.push(elsewhere.name());
    }
    (candidates.len() > 1 || !decodes).then_some(Doubt::Uncertain { candidates })
}

/// Whether the sample has a line of valid UTF-8 with at least two characters beyond ASCII (one
/// could be two bytes of another encoding by chance) and a line that is not UTF-8.
fn mixed(sample: &[u8]) -> Option<Doubt> {
    let mut utf8_line = None;
    let mut other_line = None;
    let mut line = 1u64;
    let mut rest = sample;
    while !rest.is_empty() && (utf8_line.is_none() || other_line.is_none()) {
        let end = rest
            .iter()
            .position(|&b| b == b'\n' || b == b'\r')
            .unwrap_or(rest.len());
        let (text, after) = rest.split_at(end);
        if !text.is_ascii() {
            match std::str::from_utf8(text) {
                Ok(s) if s.chars().filter(|c| !c.is_ascii()).count() >= 2 => {
                    utf8_line = utf8_line.or(Some(line));
                }
                Ok(_) => {}
                // A character cut by the end of the sample is no evidence.
                Err(e) if e.error_len().is_none() && after.is_empty() => {}
                Err(_) => other_line = other_line.or(Some(line)),
            }
        }
        // One line break: \n, \r\n or a lone \r.
        rest = match after {
            [b'\r', b'\n', tail @ ..] | [b'\r' | b'\n', tail @ ..] => tail,
            _ => after,
        };
        line += 1;
    }
    match (utf8_line, other_line) {
        (Some(utf8_line), Some(other_line)) => Some(Doubt::Mixed {
            utf8_line,
            other_line,
        }),
        _ => None,
    }
}

/// GBK as GB18030, its superset; any other encoding as it is.
fn widen(encoding: &'static Encoding) -> &'static Encoding {
    if encoding == GBK {
        GB18030
    } else {
        encoding
    }
}

/// Names the spreadsheet format if `sample` starts like a workbook rather than text: staff often
/// pick the `.xlsx` they have instead of the CSV they were asked for.
/// Returns the name in English and Chinese.
pub fn workbook_kind(sample: &[u8]) -> Option<(&'static str, &'static str)> {
    if sample.starts_with(b"PK\x03\x04") {
        Some((
            "an Excel or WPS workbook (.xlsx/.et)",
            "Excel 或 WPS 工作簿（.xlsx/.et）",
        ))
    } else if sample.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Some(("an old Excel workbook (.xls)", "旧版 Excel 工作簿（.xls）"))
    } else {
        None
    }
}

/// Detects the encoding and delimiter from the first bytes of a file.
///
/// `complete` says whether `sample` is the whole file (so a cut multi-byte character at its end is
/// an error, not an artefact of sampling).
///
/// ```
/// use luban_registry::csv_io::sniff::detect;
/// let gbk = encoding_rs::GB18030.encode("编号;英文名称\nA1;x\n").0;
/// let d = detect(&gbk, true);
/// assert_eq!((d.encoding, d.delimiter), ("gb18030", ';'));
/// ```
pub fn detect(sample: &[u8], complete: bool) -> Detected {
    let (encoding, bom) = match Encoding::for_bom(sample) {
        Some((enc, _)) => (enc, true),
        None => (guess(sample, complete), false),
    };
    let text = encoding.decode_with_bom_removal(sample).0;
    Detected {
        encoding: encoding.name(),
        bom,
        delimiter: delimiter(&text),
    }
}

fn guess(sample: &[u8], complete: bool) -> &'static Encoding {
    match std::str::from_utf8(sample) {
        Ok(_) => return UTF_8,
        // A character cut by the end of the sample is not evidence against UTF-8.
        Err(e) if !complete && e.error_len().is_none() => return UTF_8,
        Err(_) => {}
    }
    // UTF-16 without a BOM: many NUL bytes in alternate positions.
    let nul_even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let nul_odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    if sample.len() >= 4 && nul_odd * 4 > sample.len() / 2 {
        return UTF_16LE;
    }
    if sample.len() >= 4 && nul_even * 4 > sample.len() / 2 {
        return UTF_16BE;
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(sample, complete);
    widen(detector.guess(Some(b"cn"), true))
}

/// The delimiter of the header line: whichever of `,` `;` tab occurs most outside quotes.
fn delimiter(text: &str) -> char {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' | '\r' if !quoted => break,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3)
        .max_by_key(|&i| (counts[i], std::cmp::Reverse(i)))
        .unwrap_or(0);
    [',', ';', '\t'][best]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_with_bom_and_tabs_is_detected() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "code\tname_en\n".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let d = detect(&bytes, true);
        assert_eq!((d.encoding, d.bom, d.delimiter), ("UTF-16LE", true, '\t'));
    }

    #[test]
    fn quoted_delimiters_do_not_count() {
        assert_eq!(delimiter("\"a;b;c\",d\n"), ',');
    }

    #[test]
    fn plain_ascii_is_utf8() {
        assert_eq!(detect(b"code,name_en\n", true).encoding, "UTF-8");
    }
}
