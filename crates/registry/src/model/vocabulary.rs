//! The closed vocabularies of the registry (regions, statuses, degree levels, training kinds).
//!
//! Each value has one stored form (English, as written to CSV and the database) and a Chinese label;
//! input accepts either, in any letter case, so sheets typed in Chinese import as they are, and the
//! synonyms offices write (`高职`, `大专` for associate; `在建` for planned), listed here with the
//! value they mean: the one list of vocabulary synonyms.

use serde::{Deserialize, Serialize};

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $en:literal, $zh:literal $(| $alias:literal)*;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $en)] $variant,)+
        }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stored form (English), as written to CSV and the database.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $en,)+ }
            }

            /// The Simplified Chinese label.
            pub fn label_zh(self) -> &'static str {
                match self { $($name::$variant => $zh,)+ }
            }

            /// The accepted values, for messages: `planned (筹建中), active (运营中), …`.
            pub fn choices() -> String {
                let all: &[(&str, &str)] = &[$(($en, $zh)),+];
                all.iter().map(|(en, zh)| format!("{en} ({zh})")).collect::<Vec<_>>().join(", ")
            }

            /// Reads the English stored form (any letter case), the Chinese label or a synonym.
            pub fn parse(text: &str) -> Option<Self> {
                let text = text.trim();
                $(if text.eq_ignore_ascii_case($en) || text == $zh { return Some($name::$variant); })+
                $($(if text.eq_ignore_ascii_case($alias) { return Some($name::$variant); })*)+
                None
            }

            /// The synonyms accepted besides the stored form and the label, with what they mean.
            pub fn synonyms() -> &'static [(&'static str, $name)] {
                &[$($(($alias, $name::$variant),)*)+]
            }

            /// The values closest to `text` (stored form, label and synonyms compared), as
            /// messages show them: `active (运营中)`.
            pub(crate) fn suggest(text: &str) -> Vec<String> {
                let names: &[(&str, &str)] = &[$(($en, $en), ($zh, $en), $(($alias, $en),)*)+];
                crate::suggest::closest(text, names.iter().copied())
                    .into_iter()
                    .filter_map(|(_, en)| Self::parse(en))
                    .map(|v| format!("{} ({})", v.as_str(), v.label_zh()))
                    .collect()
            }

        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary! {
    /// A world region (the top level of UN M49).
    Region {
        /// 非洲
        Africa = "Africa", "非洲";
        /// 美洲
        Americas = "Americas", "美洲";
        /// 亚洲
        Asia = "Asia", "亚洲";
        /// 欧洲
        Europe = "Europe", "欧洲";
        /// 大洋洲
        Oceania = "Oceania", "大洋洲";
    }
}

vocabulary! {
    /// Where a workshop stands.
    Status {
        /// Being set up (筹建中).
        Planned = "planned", "筹建中" | "筹建" | "在建" | "建设中" | "筹备中" | "planning" | "under construction";
        /// Running (运营中).
        Active = "active", "运营中" | "已建成" | "运营" | "在运营" | "运行中" | "运行" | "已揭牌" | "running" | "operating" | "in operation";
        /// Paused (暂停).
        Suspended = "suspended", "暂停" | "暂停运营" | "暂停运行" | "paused";
        /// Closed (关闭).
        Closed = "closed", "关闭" | "已关闭" | "停办" | "终止" | "已终止";
    }
}

vocabulary! {
    /// The level of a degree programme.
    Level {
        /// Secondary vocational (中职).
        Secondary = "secondary", "中职" | "中专" | "中等职业教育" | "secondary vocational";
        /// Higher vocational, associate degree (高职专科).
        Associate = "associate", "高职专科" | "高职" | "大专" | "专科" | "高职高专" | "associate degree";
        /// Bachelor's degree (本科).
        Bachelor = "bachelor", "本科" | "职业本科" | "bachelor's" | "bachelors" | "bachelor degree";
        /// Anything else (其他).
        Other = "other", "其他" | "其它";
    }
}

vocabulary! {
    /// The kind of a training count.
    TrainingKind {
        /// Skills training (技能培训).
        Skills = "skills", "技能培训" | "技能" | "职业技能培训" | "技术培训" | "skills training";
        /// Teacher training (师资培训).
        Teacher = "teacher", "师资培训" | "师资" | "教师培训" | "teacher training";
        /// Anything else (其他).
        Other = "other", "其他";
    }
}

vocabulary! {
    /// The kind of a partnership agreement.
    AgreementType {
        /// Memorandum of understanding (合作备忘录).
        Mou = "mou", "合作备忘录";
        /// Framework agreement (框架协议).
        Framework = "framework", "框架协议";
        /// Implementation agreement (实施协议).
        Implementation = "implementation", "实施协议";
        /// Anything else (其他).
        Other = "other", "其他";
    }
}

vocabulary! {
    /// Where an agreement stands, as the office records it. Whether a signed agreement is in
    /// force, expiring or expired is not stored: it follows from its dates (see
    /// [`crate::record::agreement::Agreement::standing`]).
    AgreementStatus {
        /// Being drafted (草拟).
        Draft = "draft", "草拟";
        /// Under negotiation (洽谈中).
        Negotiating = "negotiating", "洽谈中";
        /// Signed by the parties (已签署).
        Signed = "signed", "已签署";
        /// Ended early by the parties (已终止).
        Terminated = "terminated", "已终止";
    }
}

vocabulary! {
    /// Which side of a partnership a contact works for.
    ContactSide {
        /// The partner abroad (外方).
        Partner = "partner", "外方";
        /// The Chinese side (中方).
        Chinese = "chinese", "中方";
    }
}

vocabulary! {
    /// A yes-or-no answer in a file (`yes`/`no`, `是`/`否`).
    YesNo {
        /// Yes (是).
        Yes = "yes", "是";
        /// No (否).
        No = "no", "否";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_english_in_any_case_and_chinese() {
        assert_eq!(Status::parse("Active"), Some(Status::Active));
        assert_eq!(Status::parse("运营中"), Some(Status::Active));
        assert_eq!(Level::parse("高职专科"), Some(Level::Associate));
        assert_eq!(TrainingKind::parse("师资培训"), Some(TrainingKind::Teacher));
        assert_eq!(Region::parse("africa"), Some(Region::Africa));
        assert_eq!(Status::parse("open"), None);
    }

    #[test]
    fn reads_the_synonyms_offices_write() {
        for (text, level) in [
            ("高职", Level::Associate),
            ("大专", Level::Associate),
            ("专科", Level::Associate),
            ("中专", Level::Secondary),
        ] {
            assert_eq!(Level::parse(text), Some(level), "{text}");
        }
        for (text, status) in [
            ("在建", Status::Planned),
            ("筹建", Status::Planned),
            ("已建成", Status::Active),
            ("运营", Status::Active),
            ("在运营", Status::Active),
        ] {
            assert_eq!(Status::parse(text), Some(status), "{text}");
        }
        for (text, kind) in [
            ("师资", TrainingKind::Teacher),
            ("教师培训", TrainingKind::Teacher),
            ("Skills Training", TrainingKind::Skills),
        ] {
            assert_eq!(TrainingKind::parse(text), Some(kind), "{text}");
        }
    }

    #[test]
    fn no_synonym_means_two_values() {
        let all: Vec<&str> = Status::synonyms()
            .iter()
            .map(|(s, _)| *s)
            .chain(Level::synonyms().iter().map(|(s, _)| *s))
            .chain(TrainingKind::synonyms().iter().map(|(s, _)| *s))
            .collect();
        for (i, a) in all.iter().enumerate() {
            // 其它 is "other" in both Level and TrainingKind, which is the same meaning.
            assert!(
                *a == "其它" || !all[i + 1..].iter().any(|b| b.eq_ignore_ascii_case(a)),
                "{a}"
            );
        }
    }
}
