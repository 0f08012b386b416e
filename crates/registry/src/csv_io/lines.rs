//! Physical line numbers of CSV records, counted here rather than taken from the `csv` crate.
//!
//! `csv`'s `Position::line` counts `\n` bytes as the parser consumes them, and the parser stops a
//! record at the first byte of its terminator. So in a CRLF file (Excel's own format, and ours)
//! every record after the first is reported one line too low, and in a CR-only file (old Mac
//! Excel) every record is on line 1 (BurntSushi/rust-csv#395, #208: also after blank lines).
//! Its *byte* offsets are right, though, so [`LineCounting`] watches the decoded bytes go by and
//! [`LineCounting::line_at`] turns a record's byte offset into the physical line it starts on:
//! `\n`, `\r\n` and a lone `\r` each end one line, inside quoted cells too.

use std::collections::VecDeque;
use std::io::{self, Read};

/// A reader that passes bytes through unchanged and remembers where the line breaks were.
///
/// Memory stays small whatever the file's size: only the runs of line breaks between the last
/// record asked about and the bytes read ahead are kept.
pub(crate) struct LineCounting<R> {
    inner: R,
    /// Bytes passed through so far.
    offset: u64,
    /// Line breaks seen so far.
    breaks: u64,
    /// Whether the last byte was `\r` (so a `\n` after it ends no further line).
    after_cr: bool,
    /// Where the run of `\r`/`\n` bytes being read started, if the last byte was one.
    run_start: Option<u64>,
    /// Finished runs of line-break bytes: (first byte, first byte after, breaks up to the end).
    runs: VecDeque<(u64, u64, u64)>,
    /// Breaks before the first run still kept.
    before_runs: u64,
}

impl<R> LineCounting<R> {
    /// Counts the lines of what `inner` reads.
    pub fn new(inner: R) -> Self {
        LineCounting {
            inner,
            offset: 0,
            breaks: 0,
            after_cr: false,
            run_start: None,
            runs: VecDeque::new(),
            before_runs: 0,
        }
    }

    /// The physical line (from 1) of the first character at or after byte `offset` that is not a
    /// line break: where a record whose `csv` position is `offset` really starts (its position
    /// may point at the end of the previous line's terminator, or at blank lines before it).
    ///
    /// Offsets asked about must not decrease: runs before `offset` are forgotten.
    pub fn line_at(&mut self, offset: u64) -> u64 {
        while let Some(&(_, end, breaks)) = self.runs.front() {
            if end > offset {
                break;
            }
            self.before_runs = breaks;
            self.runs.pop_front();
        }
        match self.runs.front() {
            // Inside a run of line breaks: the record starts right after it.
            Some(&(start, _, breaks)) if start <= offset => 1 + breaks,
            Some(_) => 1 + self.before_runs,
            // Past every finished run: after all breaks read so far (only a run still open at
            // the end of what was read can lie between).
            None if self.run_start.is_some_and(|s| s <= offset) => 1 + self.breaks,
            None => 1 + self.before_runs,
        }
    }

    fn watch(&mut self, bytes: &[u8]) {
        for &b in bytes {
            match b {
                b'\r' | b'\n' => {
                    if self.run_start.is_none() {
                        self.run_start = Some(self.offset);
                    }
                    if b == b'\r' || !self.after_cr {
                        self.breaks += 1;
                    }
                    self.after_cr = b == b'\r';
                }
                _ => {
                    if let Some(start) = self.run_start.take() {
                        self.runs.push_back((start, self.offset, self.breaks));
                    }
                    self.after_cr = false;
                }
            }
            self.offset += 1;
        }
    }
}

impl<R: Read> Read for LineCounting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.watch(&buf[..n]);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lines `csv` records of `text` start on, counted by [`LineCounting`].
    fn record_lines(text: &str) -> Vec<u64> {
        let mut csv = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(LineCounting::new(text.as_bytes()));
        let mut record = csv::StringRecord::new();
        let mut lines = Vec::new();
        while csv.read_record(&mut record).unwrap_or(false) {
            let at = record.position().map_or(0, |p| p.byte());
            lines.push(csv.get_mut().line_at(at));
        }
        lines
    }

    #[test]
    fn lf_crlf_and_cr_only_records_are_on_their_physical_lines() {
        assert_eq!(record_lines("a\nb\nc\n"), [1, 2, 3]);
        assert_eq!(record_lines("a\r\nb\r\nc\r\n"), [1, 2, 3]);
        assert_eq!(record_lines("a\rb\rc\r"), [1, 2, 3]);
    }

    #[test]
    fn blank_lines_and_quoted_line_breaks_are_lines_too() {
        assert_eq!(record_lines("a\r\n\r\nb\r\n\"x\r\ny\"\r\nc"), [1, 3, 4, 6]);
        assert_eq!(record_lines("a\r\r\"x\ry\"\rc\r"), [1, 3, 5]);
    }
}
