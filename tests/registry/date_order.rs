//! `3/8/2016` read in the order the user says (`ImportOptions::date_order`).

use luban_registry::model::fields::DateOrder;
use luban_registry::{Entity, ImportOptions, Source};

use crate::support::fresh;

const CSV: &str =
    "code,name_en,country,host_institution,chinese_institution,opened_year,opened_on,status\n\
                   TH-AYU,Thailand,TH,Host,Tianjin,2016,3/8/2016,active\n";

/// The opening date stored after importing `csv` with `order`, or the problems' kinds.
fn opened_on(csv: &str, order: Option<DateOrder>) -> Result<String, Vec<&'static str>> {
    let mut f = fresh();
    let source = Source::Bytes {
        entity: Entity::Workshops,
        name: "workshops.csv",
        bytes: csv.as_bytes(),
    };
    let options = ImportOptions {
        date_order: order,
        ..ImportOptions::default()
    };
    match f.registry.import(source, options) {
        Ok(_) => Ok(f
            .registry
            .workshop("TH-AYU")
            .ok()
            .and_then(|d| d.workshop.opened_on)
            .map(|d| d.to_string())
            .unwrap_or_default()),
        Err(luban_registry::Error::Rejected(problems)) => {
            Err(problems.iter().map(|p| p.kind.code()).collect())
        }
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn month_first_reads_3_8_2016_as_8_march() {
    assert_eq!(
        opened_on(CSV, Some(DateOrder::Mdy)),
        Ok("2016-03-08".into())
    );
}

#[test]
fn day_first_reads_3_8_2016_as_3_august() {
    assert_eq!(
        opened_on(CSV, Some(DateOrder::Dmy)),
        Ok("2016-08-03".into())
    );
}

#[test]
fn without_an_order_3_8_2016_is_refused_as_ambiguous() {
    assert_eq!(opened_on(CSV, None), Err(vec!["ambiguous_date"]));
}

#[test]
fn a_date_that_is_no_day_in_the_order_given_is_refused() {
    let csv = CSV.replace("3/8/2016", "13/8/2016");
    assert_eq!(
        opened_on(&csv, Some(DateOrder::Mdy)),
        Err(vec!["not_a_calendar_day"])
    );
}
