//! What a front end shows of a report: its figures written for one language and number style, the
//! headline sentence, and the choices a selection can make. Built here so the desktop shell and
//! the command line pass them on without composing anything.

use serde::Serialize;

use super::{headline_sentence, Headline, NumberStyle, Report, Selection};
use crate::error::Result;
use crate::message::Lang;
use crate::Registry;

/// The headline figures written in one number style (`15,000`, `15000` or `1.5万`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeadlineText {
    /// Workshops.
    pub workshops: String,
    /// Countries.
    pub countries: String,
    /// Majors.
    pub majors: String,
    /// Major categories.
    pub major_categories: String,
    /// Degree students.
    pub degree_students: String,
    /// Trainees.
    pub trainees: String,
}

impl HeadlineText {
    /// `h` written in `style`.
    pub fn new(h: &Headline, style: NumberStyle) -> HeadlineText {
        HeadlineText {
            workshops: style.format(h.workshops),
            countries: style.format(h.countries),
            majors: style.format(h.majors),
            major_categories: style.format(h.major_categories),
            degree_students: style.format(h.degree_students),
            trainees: style.format(h.trainees),
        }
    }
}

/// The headline figures of a selection and its sentence in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeadlineView {
    /// The figures.
    pub figures: Headline,
    /// The sentence, in the language's usual number style.
    pub sentence: String,
}

/// The full report of a selection, with its headline sentence and figures in one language and
/// number style.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportView {
    /// The report.
    pub report: Report,
    /// The headline sentence.
    pub sentence: String,
    /// The headline figures, written.
    pub written: HeadlineText,
    /// What the countries figure counts: "Countries / 国家", or "Countries and regions /
    /// 国家和地区" when a region of China is among them ([`super::Headline::countries_label`]).
    pub countries_label: super::Bilingual,
    /// The same wording for the country table and chart ([`super::Places`]): its title ("By
    /// country and region / 分国家和地区"), the column naming one place ("Country or region /
    /// 国家或地区") and the column counting them ("Countries and regions / 国家和地区数").
    pub places: PlacesText,
}

/// What a front end writes wherever it names or counts countries (see [`super::Places`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlacesText {
    /// A breakdown's or a chart tab's title.
    pub by: super::Bilingual,
    /// A column naming one country or region.
    pub one: super::Bilingual,
    /// A column counting them.
    pub count: super::Bilingual,
}

impl PlacesText {
    /// The wording of `places`.
    pub fn new(places: super::Places) -> PlacesText {
        PlacesText {
            by: places.by(),
            one: places.one(),
            count: places.count(),
        }
    }
}

/// A code with its names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Named<K> {
    /// The code.
    pub code: K,
    /// English name.
    pub name_en: String,
    /// Chinese name.
    pub name_zh: String,
}

/// The choices a selection's controls offer: every group tag, and the countries, major categories,
/// Chinese institutions and years that have workshops or figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SelectionOptions {
    /// Group tags.
    pub groups: Vec<String>,
    /// The same tags with their names in English and Chinese (上合组织, 上合组织伙伴, 金砖国家, 东盟,
    /// 非盟), for pickers in the UI language.
    pub group_names: Vec<Named<String>>,
    /// Countries with workshops.
    pub countries: Vec<Named<String>>,
    /// Categories of majors taught.
    pub categories: Vec<Named<i64>>,
    /// Chinese institutions of workshops.
    pub institutions: Vec<String>,
    /// Years with figures.
    pub years: Vec<i32>,
}

impl Registry {
    /// The headline of `selection`, with its sentence in `lang`.
    pub fn headline_view(&self, selection: &Selection, lang: Lang) -> Result<HeadlineView> {
        let figures = self.headline(selection)?;
        let sentence = headline_sentence(&figures, selection, lang, NumberStyle::default_for(lang));
        Ok(HeadlineView { figures, sentence })
    }

    /// The report of `selection`, written in `lang` and `style` (the language's usual style when
    /// `None`).
    pub fn report_view(
        &self,
        selection: &Selection,
        lang: Lang,
        style: Option<NumberStyle>,
    ) -> Result<ReportView> {
        let style = style.unwrap_or(NumberStyle::default_for(lang));
        let report = self.report(selection)?;
        Ok(ReportView {
            sentence: headline_sentence(&report.headline, selection, lang, style),
            written: HeadlineText::new(&report.headline, style),
            countries_label: report.headline.countries_label(),
            places: PlacesText::new(report.headline.places()),
            report,
        })
    }

    /// What the selection controls offer, read from the whole registry's report.
    pub fn selection_options(&self) -> Result<SelectionOptions> {
        let all = self.report(&Selection::default())?;
        let groups = self.groups()?;
        Ok(SelectionOptions {
            group_names: (groups.iter())
                .map(|g| Named {
                    code: g.clone(),
                    name_en: super::group_en(g),
                    name_zh: super::group_zh(g),
                })
                .collect(),
            groups,
            countries: (all.by_country.into_iter())
                .map(|c| Named {
                    code: c.iso2,
                    name_en: c.name_en,
                    name_zh: c.name_zh,
                })
                .collect(),
            categories: (all.by_category.into_iter())
                .map(|c| Named {
                    code: c.code,
                    name_en: c.name_en,
                    name_zh: c.name_zh,
                })
                .collect(),
            institutions: (all.by_institution.into_iter())
                .map(|i| i.institution)
                .collect(),
            years: all.by_year.into_iter().map(|y| y.year).collect(),
        })
    }
}
