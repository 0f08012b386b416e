//! Totals rows (`合计`, `小计`, `总计`, `Total`) are left out; when their figures disagree with the
//! rows above them, a warning names the row, the column, the total written and the sum.

use luban_registry::{Entity, Lang};

use crate::support::{import, known};

fn differing(csv: &str) -> Vec<(u64, Option<String>, String)> {
    let mut f = known();
    let s = import(&mut f.registry, Entity::Trainings, csv);
    s.warnings
        .iter()
        .filter(|w| w.first.kind.code() == "total_differs")
        .map(|w| {
            (
                w.first.line,
                w.first.column.clone(),
                w.first.message(Lang::En),
            )
        })
        .collect()
}

#[test]
fn a_total_that_disagrees_with_the_rows_above_is_reported_naming_row_column_total_and_sum() {
    let found = differing(
        "workshop,year,kind,trainees\n\
TH-AYU,2018,skills,100\n\
TH-AYU,2019,skills,50\n\
合计,,,160\n",
    );
    assert_eq!(
        found,
        [(
            4,
            Some("trainees".to_string()),
            "this 合计 row gives 160 for Trainees but the rows above it add up to 150; check the figures (the total itself is not imported)".to_string()
        )]
    );
}

#[test]
fn a_total_that_agrees_is_only_noted_as_left_out() {
    assert!(differing(
        "workshop,year,kind,trainees\n\
TH-AYU,2018,skills,100\n\
TH-AYU,2019,skills,50\n\
Total,,,150\n",
    )
    .is_empty());
}

#[test]
fn subtotals_add_up_their_group_and_the_grand_total_every_row() {
    assert!(differing(
        "workshop,year,kind,trainees\n\
TH-AYU,2017,skills,100\n\
TH-AYU,2018,skills,50\n\
小计,,,150\n\
TH-AYU,2019,skills,7\n\
小计,,,7\n\
总计,,,157\n",
    )
    .is_empty());
}

#[test]
fn a_wrong_subtotal_is_reported_against_its_own_group() {
    let found = differing(
        "workshop,year,kind,trainees\n\
TH-AYU,2017,skills,100\n\
小计,,,100\n\
TH-AYU,2018,skills,50\n\
小计,,,60\n",
    );
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, 5);
    assert!(found[0].2.contains("gives 60") && found[0].2.contains("add up to 50"));
}

#[test]
fn a_total_with_a_unit_or_in_wan_is_read_as_the_rows_are() {
    assert!(differing(
        "workshop,year,kind,trainees\n\
TH-AYU,2018,skills,10000\n\
TH-AYU,2019,skills,5000\n\
合计,,,1.5万\n",
    )
    .is_empty());
}
