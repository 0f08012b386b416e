//! Exporting the registry as CSV that Excel opens correctly: UTF-8 with a BOM, English (or Chinese)
//! headers, rows in key order, stored forms, and the formula guard on every cell.

use std::io::Write;

use serde::{Deserialize, Serialize};

use super::guard::guard;
use crate::error::Result;
use crate::model::Entity;
use crate::read;

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

fn opt(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("")
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
        .collect();
    row(&mut w, &header)?;
    let mut n = 0u64;
    match entity {
        Entity::Countries => {
            for c in read::countries(conn)? {
                let groups = c.groups.join(";");
                row(
                    &mut w,
                    &[
                        &c.iso2,
                        &c.iso3,
                        &c.name_en,
                        &c.name_zh,
                        c.region.map_or("", |r| r.as_str()),
                        &groups,
                    ],
                )?;
                n += 1;
            }
        }
        Entity::MajorCategories => {
            for c in read::major_categories(conn)? {
                row(&mut w, &[&c.code.to_string(), &c.name_en, &c.name_zh])?;
                n += 1;
            }
        }
        Entity::Majors => {
            for m in read::majors(conn)? {
                row(
                    &mut w,
                    &[
                        &m.code,
                        opt(&m.name_en),
                        opt(&m.name_zh),
                        &m.category.to_string(),
                    ],
                )?;
                n += 1;
            }
        }
        Entity::Workshops => {
            for x in read::workshops(conn)? {
                let opened_on = x
                    .opened_on
                    .map(|d| d.format("%Y-%m-%d").to_string())
                    .unwrap_or_default();
                row(
                    &mut w,
                    &[
                        &x.code,
                        &x.name_en,
                        opt(&x.name_zh),
                        &x.country,
                        opt(&x.city),
                        &x.host_institution,
                        &x.chinese_institutions.join(";"),
                        &x.opened_year.to_string(),
                        &opened_on,
                        x.status.as_str(),
                        opt(&x.notes),
                    ],
                )?;
                n += 1;
            }
        }
        Entity::WorkshopMajors => read::each_workshop_major(conn, |l| {
            n += 1;
            row(&mut w, &[&l.workshop, &l.major])
        })?,
        Entity::Enrolments => read::each_enrolment(conn, None, |e| {
            n += 1;
            row(
                &mut w,
                &[
                    &e.workshop,
                    &e.year.to_string(),
                    opt(&e.major),
                    e.level.as_str(),
                    &e.students.to_string(),
                ],
            )
        })?,
        Entity::Trainings => read::each_training(conn, None, |t| {
            n += 1;
            row(
                &mut w,
                &[
                    &t.workshop,
                    &t.year.to_string(),
                    t.kind.as_str(),
                    &t.trainees.to_string(),
                ],
            )
        })?,
    }
    // The writer's Drop would swallow a failed flush: flush explicitly so a full disk is an error.
    w.flush()
        .map_err(|e| crate::Error::io(entity.file_name(), e))?;
    Ok(n)
}
