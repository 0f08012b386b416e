//! Exporting the registry as CSV that Excel opens correctly: UTF-8 with a BOM, English (or Chinese)
//! headers, rows in key order, stored forms, and the formula guard on every cell.

use std::io::Write;

use serde::{Deserialize, Serialize};

use super::guard::guard;
use crate::error::Result;
use crate::record::{each_kind, Entity};

/// How to write CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportOptions {
    /// Start with a UTF-8 byte order mark (so Excel reads Chinese correctly). Default: yes.
    pub bom: bool,
    /// Write the Chinese headers (编号, 英文名称, …) instead of the English ones. Default: no.
    pub chinese_headers: bool,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            bom: true,
            chinese_headers: false,
        }
    }
}

/// Writes one guarded row.
fn row<W: Write>(w: &mut csv::Writer<W>, cells: &[&str]) -> Result<()> {
    w.write_record(cells.iter().map(|c| guard(c).into_owned()))?;
    Ok(())
}

/// Writes `entity` as CSV to `out`; returns the number of data rows written.
pub(crate) fn export_to<W: Write>(
    conn: &rusqlite::Connection,
    entity: Entity,
    mut out: W,
    options: ExportOptions,
) -> Result<u64> {
    if options.bom {
        out.write_all(b"\xEF\xBB\xBF")
            .map_err(|e| crate::Error::io(entity.file_name(), e))?;
    }
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    let own = crate::record::custom_field::defs(conn, entity)?;
    let header: Vec<&str> = entity
        .columns()
        .iter()
        .map(|c| {
            if options.chinese_headers {
                c.zh
            } else {
                c.name
            }
        })
        // The fields of the office's own follow the registry's columns, under their name (or
        // their Chinese label), as the kind's `export` writes their values.
        .chain(own.iter().map(|d| d.header(options.chinese_headers)))
        .collect();
    row(&mut w, &header)?;
    let mut n = 0u64;
    let mut write_row = |cells: &[&str]| {
        n += 1;
        row(&mut w, cells)
    };
    each_kind!(entity, m => m::export(conn, &mut write_row))?;
    // The writer's Drop would swallow a failed flush: flush explicitly so a full disk is an error.
    w.flush()
        .map_err(|e| crate::Error::io(entity.file_name(), e))?;
    Ok(n)
}

/// Counts the bytes an export writes (across all its files) and asks `progress` every megabyte
/// whether to go on; a `false` answer makes the next write fail, and [`Watch::outcome`] turns that
/// failure into [`crate::Error::Cancelled`].
pub(crate) struct Watch<'p> {
    written: u64,
    next_report: u64,
    progress: &'p mut dyn FnMut(u64) -> bool,
    cancelled: bool,
}

impl<'p> Watch<'p> {
    pub fn new(progress: &'p mut dyn FnMut(u64) -> bool) -> Self {
        Watch {
            written: 0,
            next_report: 0,
            progress,
            cancelled: false,
        }
    }

    /// `inner`, counted.
    pub fn wrap<'w, W: Write>(&'w mut self, inner: W) -> Watched<'w, 'p, W> {
        Watched { watch: self, inner }
    }

    /// `result`, or [`crate::Error::Cancelled`] if the user cancelled during it.
    pub fn outcome<T>(&self, result: Result<T>) -> Result<T> {
        if self.cancelled {
            Err(crate::Error::Cancelled)
        } else {
            result
        }
    }
}

/// A writer counted by a [`Watch`].
pub(crate) struct Watched<'w, 'p, W> {
    watch: &'w mut Watch<'p>,
    inner: W,
}

impl<W: Write> Write for Watched<'_, '_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let watch = &mut *self.watch;
        if watch.written >= watch.next_report {
            watch.next_report += 1 << 20;
            if watch.cancelled || !(watch.progress)(watch.written) {
                watch.cancelled = true;
                return Err(std::io::Error::other("cancelled"));
            }
        }
        let n = self.inner.write(buf)?;
        watch.written += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}
