//! The registry's own settings, stored in the registry file (table `setting`, schema version 4)
//! so that the app and the command line see the same ones: for now the name of the institution
//! that keeps the registry, which the briefing's title and source line carry.

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::message::Lang;
use crate::report::Bilingual;
use crate::Registry;

/// Every setting's key, in the order `luban settings` lists them.
pub const KEYS: [&str; 2] = ["institution_zh", "institution_en"];

/// The registry's settings. A setting that was never set (or was set to nothing) is `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The institution's name in Chinese (天津XX职业技术学院国际交流处).
    pub institution_zh: Option<String>,
    /// The institution's name in English.
    pub institution_en: Option<String>,
}

impl Settings {
    /// The value of `key` (one of [`KEYS`]).
    pub fn get(&self, key: &str) -> Option<&str> {
        match key {
            "institution_zh" => self.institution_zh.as_deref(),
            "institution_en" => self.institution_en.as_deref(),
            _ => None,
        }
    }

    /// The institution's name in both languages, each falling back to the other: a name in one
    /// language is better on a briefing than no name.
    pub fn institution(&self) -> Option<Bilingual> {
        let zh = self
            .institution_zh
            .clone()
            .or(self.institution_en.clone())?;
        let en = self.institution_en.clone().unwrap_or_else(|| zh.clone());
        Some(Bilingual { en, zh })
    }

    /// The briefing's source line: the institution when it is set, else the software.
    ///
    /// ```
    /// use luban_registry::settings::Settings;
    /// let s = Settings { institution_zh: Some("天津某职业技术学院国际交流处".into()), ..Settings::default() };
    /// assert_eq!(s.source_line().zh, "数据来源：天津某职业技术学院国际交流处");
    /// assert_eq!(Settings::default().source_line().en, "Source: Luban Registry");
    /// ```
    pub fn source_line(&self) -> Bilingual {
        match self.institution() {
            Some(name) => Bilingual {
                en: format!("Source: {}", name.en),
                zh: format!("数据来源：{}", name.zh),
            },
            None => Bilingual {
                en: "Source: Luban Registry".into(),
                zh: "数据来源：鲁班工坊登记册".into(),
            },
        }
    }

    /// The briefing's title: "鲁班工坊简报", after the institution's name when it is set.
    pub fn briefing_title(&self) -> Bilingual {
        match self.institution() {
            Some(name) => Bilingual {
                en: format!("{} · Luban Workshop briefing", name.en),
                zh: format!("{}鲁班工坊简报", name.zh),
            },
            None => Bilingual {
                en: "Luban Workshop briefing".into(),
                zh: "鲁班工坊简报".into(),
            },
        }
    }
}

/// Reads every setting.
pub(crate) fn load(conn: &Connection) -> Result<Settings> {
    let mut stmt = conn.prepare_cached("SELECT value FROM setting WHERE key = ?1")?;
    let mut read = |key: &str| -> Result<Option<String>> {
        Ok(stmt
            .query_row([key], |r| r.get::<_, String>(0))
            .optional()?
            .filter(|v| !v.is_empty()))
    };
    Ok(Settings {
        institution_zh: read("institution_zh")?,
        institution_en: read("institution_en")?,
    })
}

/// Writes one setting, trimmed; an empty value clears it.
fn write(conn: &Connection, key: &str, value: &str) -> Result<()> {
    let value = crate::model::fields::clean(value);
    if value.is_empty() {
        conn.execute("DELETE FROM setting WHERE key = ?1", [key])?;
    } else {
        conn.execute(
            "INSERT INTO setting (key, value) VALUES (?1, ?2) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
    }
    Ok(())
}

impl Registry {
    /// The registry's settings.
    pub fn settings(&self) -> Result<Settings> {
        load(&self.conn)
    }

    /// Sets `key` (one of [`KEYS`]) to `value`, trimmed; an empty value clears it.
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        if !KEYS.contains(&key) {
            return Err(Error::UnknownSetting(key.to_string()));
        }
        write(&self.conn, key, value)?;
        self.committed()
    }

    /// Sets every setting to `settings` (a `None` or empty value clears it), in one transaction.
    pub fn save_settings(&mut self, settings: &Settings) -> Result<()> {
        let tx = self.conn.unchecked_transaction()?;
        for key in KEYS {
            write(&tx, key, settings.get(key).unwrap_or(""))?;
        }
        tx.commit()?;
        self.committed()
    }

    /// A setting's label in `lang`, for lists of settings.
    pub fn setting_label(key: &str, lang: Lang) -> &'static str {
        match (key, lang) {
            ("institution_zh", Lang::En) => "Institution (Chinese name)",
            ("institution_zh", Lang::Zh) => "院校名称（中文）",
            ("institution_en", Lang::En) => "Institution (English name)",
            ("institution_en", Lang::Zh) => "院校名称（英文）",
            _ => "",
        }
    }
}
