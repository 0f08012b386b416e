//! Every figure can be traced to the rows it sums, and the rows add up to the figure.

use luban_registry::report::{Figure, Measure, Scope, Selection, TracedRows};

use crate::support::registry;

#[test]
fn the_students_of_a_country_trace_to_its_enrolment_rows() {
    let f = registry();
    let figure = Figure {
        measure: Measure::DegreeStudents,
        scope: Scope::Country("TH".into()),
    };
    let t = f
        .registry
        .trace(&Selection::default(), &figure, None)
        .unwrap();
    assert_eq!(t.total, 150);
    let TracedRows::Enrolments(rows) = t.rows else {
        panic!("expected enrolment rows")
    };
    let rows: Vec<(&str, i32, Option<&str>, i64)> = rows
        .iter()
        .map(|r| (r.workshop.as_str(), r.year, r.major.as_deref(), r.students))
        .collect();
    assert_eq!(
        rows,
        vec![("W-TH", 2020, Some("M-A"), 100), ("W-TH", 2021, None, 50)]
    );
}

#[test]
fn every_breakdown_figure_equals_the_total_of_its_traced_rows() {
    let f = registry();
    let s = Selection {
        from: Some(2020),
        ..Selection::default()
    };
    let r = f.registry.report(&s).unwrap();
    let total = |measure, scope| {
        f.registry
            .trace(&s, &Figure { measure, scope }, None)
            .unwrap()
            .total
    };
    for c in &r.by_country {
        let scope = || Scope::Country(c.iso2.clone());
        assert_eq!(total(Measure::Workshops, scope()), c.workshops);
        assert_eq!(total(Measure::Majors, scope()), c.majors);
        assert_eq!(total(Measure::DegreeStudents, scope()), c.degree_students);
        assert_eq!(total(Measure::Trainees, scope()), c.trainees);
    }
    for c in &r.by_category {
        assert_eq!(
            total(Measure::Workshops, Scope::Category(c.code)),
            c.workshops
        );
        assert_eq!(total(Measure::Majors, Scope::Category(c.code)), c.majors);
        assert_eq!(
            total(Measure::DegreeStudents, Scope::Category(c.code)),
            c.degree_students
        );
    }
    for y in &r.by_year {
        assert_eq!(
            total(Measure::DegreeStudents, Scope::Year(y.year)),
            y.degree_students
        );
        assert_eq!(total(Measure::Trainees, Scope::Year(y.year)), y.trainees);
    }
    for i in &r.by_institution {
        let scope = || Scope::Institution(i.institution.clone());
        assert_eq!(total(Measure::Workshops, scope()), i.workshops);
        assert_eq!(total(Measure::Majors, scope()), i.majors);
        assert_eq!(total(Measure::DegreeStudents, scope()), i.degree_students);
        assert_eq!(total(Measure::Trainees, scope()), i.trainees);
    }
    for w in &r.by_workshop {
        assert_eq!(
            total(
                Measure::DegreeStudents,
                Scope::Workshop(w.workshop.code.clone())
            ),
            w.degree_students
        );
        assert_eq!(
            total(Measure::Trainees, Scope::Workshop(w.workshop.code.clone())),
            w.trainees
        );
    }
    let h = r.headline;
    assert_eq!(total(Measure::Workshops, Scope::All), h.workshops);
    assert_eq!(total(Measure::Majors, Scope::All), h.majors);
    assert_eq!(
        total(Measure::DegreeStudents, Scope::All),
        h.degree_students
    );
    assert_eq!(total(Measure::Trainees, Scope::All), h.trainees);
}

#[test]
fn a_limit_shortens_the_rows_but_not_the_total() {
    let f = registry();
    let figure = Figure {
        measure: Measure::Trainees,
        scope: Scope::All,
    };
    let t = f
        .registry
        .trace(&Selection::default(), &figure, Some(2))
        .unwrap();
    assert_eq!((t.total, t.row_count), (1082, 5));
    let TracedRows::Trainings(rows) = t.rows else {
        panic!("expected training rows")
    };
    assert_eq!(rows.len(), 2);
}
