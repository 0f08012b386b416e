//! Telling how a CSV file was saved: its text encoding and its delimiter.
//!
//! Staff bring files from Excel and WPS: UTF-8 with or without a BOM, UTF-16 with a BOM ("Unicode
//! text", tab-separated), and GB18030/GBK from Excel on Chinese Windows. A BOM decides; without one,
//! text that is valid UTF-8 is UTF-8, and anything else is left to `chardetng` (Firefox's detector),
//! whose GBK answer is widened to GB18030, its superset.

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
    let guessed = detector.guess(Some(b"cn"), true);
    if guessed == GBK {
        GB18030
    } else {
        guessed
    }
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
