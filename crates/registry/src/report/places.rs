//! What the briefing calls the places it counts: "countries / 国家", or "countries and regions /
//! 国家和地区" when the selection includes a region of China ([`crate::reference::REGIONS_OF_CHINA`]),
//! or "regions / 地区" when it holds nothing else. The one place that decides the wording of every
//! figure label, chart and table title, column header and "others" bar that counts countries, so
//! the sentence, the tables and the charts never disagree.

use serde::{Deserialize, Serialize};

use super::selection::Bilingual;

/// The places a figure, a table or a chart counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Places {
    /// Countries only.
    Countries,
    /// Countries and at least one region of China.
    CountriesAndRegions,
    /// Regions of China only.
    Regions,
}

fn both(en: impl Into<String>, zh: impl Into<String>) -> Bilingual {
    Bilingual {
        en: en.into(),
        zh: zh.into(),
    }
}

impl Places {
    /// The places of `places` of which `regions` are regions of China.
    ///
    /// ```
    /// use luban_registry::report::Places;
    /// assert_eq!(Places::of(3, 0), Places::Countries);
    /// assert_eq!(Places::of(3, 1), Places::CountriesAndRegions);
    /// assert_eq!(Places::of(1, 1), Places::Regions);
    /// assert_eq!(Places::of(3, 1).by().zh, "分国家和地区");
    /// ```
    pub fn of(places: i64, regions: i64) -> Places {
        if regions <= 0 {
            Places::Countries
        } else if regions >= places {
            Places::Regions
        } else {
            Places::CountriesAndRegions
        }
    }

    /// A figure's label: "Countries / 国家", "Countries and regions / 国家和地区", "Regions / 地区".
    pub fn label(self) -> Bilingual {
        match self {
            Places::Countries => both("Countries", "国家"),
            Places::CountriesAndRegions => both("Countries and regions", "国家和地区"),
            Places::Regions => both("Regions", "地区"),
        }
    }

    /// A breakdown's title: "By country / 分国家", "By country and region / 分国家和地区".
    pub fn by(self) -> Bilingual {
        match self {
            Places::Countries => both("By country", "分国家"),
            Places::CountriesAndRegions => both("By country and region", "分国家和地区"),
            Places::Regions => both("By region", "分地区"),
        }
    }

    /// The column naming one place: "Country / 国家", "Country or region / 国家或地区".
    pub fn one(self) -> Bilingual {
        match self {
            Places::Countries => both("Country", "国家"),
            Places::CountriesAndRegions => both("Country or region", "国家或地区"),
            Places::Regions => both("Region", "地区"),
        }
    }

    /// The column counting places: "Countries / 国家数", "Countries and regions / 国家和地区数".
    pub fn count(self) -> Bilingual {
        match self {
            Places::Countries => both("Countries", "国家数"),
            Places::CountriesAndRegions => both("Countries and regions", "国家和地区数"),
            Places::Regions => both("Regions", "地区数"),
        }
    }

    /// The bar standing for `n` places that did not fit: "3 other countries / 其他3国",
    /// "3 other countries and regions / 其他3个国家和地区".
    pub fn others(self, n: usize) -> Bilingual {
        match self {
            Places::Countries => both(format!("{n} other countries"), format!("其他{n}国")),
            Places::CountriesAndRegions => both(
                format!("{n} other countries and regions"),
                format!("其他{n}个国家和地区"),
            ),
            Places::Regions => both(
                format!("{n} other {}", if n == 1 { "region" } else { "regions" }),
                format!("其他{n}个地区"),
            ),
        }
    }
}

/// Whether the ISO code `iso2` is a region of China.
pub fn is_region_of_china(iso2: &str) -> bool {
    crate::reference::REGIONS_OF_CHINA
        .iter()
        .any(|c| c.eq_ignore_ascii_case(iso2))
}
