//! Home Assistant's calendar versions (`2024.3.3`, `2024.10.0b1`) and the automation syntax each
//! one speaks.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::HaError;

/// A Home Assistant version: `year.month[.patch]`. `patch` is everything after the second dot
/// (`"3"`, `"0b1"`, `"0.dev20241001"`), empty when absent.
///
/// Ordering is by `(year, month)` first, then by the patch (numeric part, then a final release
/// after its pre-releases), so it stays consistent with equality. A boundary written without a
/// patch (`HaVersion::parse("2024.8")`) sorts before every `2024.8.x`, which makes
/// `version >= boundary` a release-level comparison.
#[derive(Debug, Clone)]
pub struct HaVersion {
    pub year: u16,
    pub month: u8,
    pub patch: String,
}

/// Which automation syntax a Home Assistant accepts (see the reference notes, A.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AutomationDialect {
    /// Before 2024.10: singular `trigger:`/`condition:`/`action:` and `platform:` in triggers.
    /// `service_key` is the key of a service call in an action: `"service"` before 2024.8,
    /// `"action"` from 2024.8.
    Legacy { service_key: &'static str },
    /// 2024.10 and later: plural `triggers:`/`conditions:`/`actions:`, `trigger:` in triggers,
    /// `action:` for service calls.
    Modern,
}

impl AutomationDialect {
    /// The key that names the service in a call action (`service` or `action`).
    pub fn service_key(&self) -> &'static str {
        match self {
            Self::Legacy { service_key } => service_key,
            Self::Modern => "action",
        }
    }
}

impl HaVersion {
    /// Parses `2024.3.3`, `2024.10.0b1`, `2024.11.0.dev20241001` or `2024.8`.
    pub fn parse(s: &str) -> Result<Self, HaError> {
        let bad = || HaError::Decode(format!("not a Home Assistant version: {s:?}"));
        let s = s.trim();
        let mut parts = s.splitn(3, '.');
        let year: u16 = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
        let month: u8 = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
        let patch = parts.next().unwrap_or_default();
        if year < 2000 || !(1..=12).contains(&month) || (s.ends_with('.') && patch.is_empty()) {
            return Err(bad());
        }
        Ok(Self {
            year,
            month,
            patch: patch.to_owned(),
        })
    }

    /// The automation syntax this version accepts.
    pub fn dialect(&self) -> AutomationDialect {
        match (self.year, self.month) {
            r if r < (2024, 8) => AutomationDialect::Legacy {
                service_key: "service",
            },
            r if r < (2024, 10) => AutomationDialect::Legacy {
                service_key: "action",
            },
            _ => AutomationDialect::Modern,
        }
    }

    /// Whether this is release `year.month` or later, whatever the patch.
    pub fn at_least(&self, year: u16, month: u8) -> bool {
        (self.year, self.month) >= (year, month)
    }

    /// `(number, is_final, rest)`: `"0b1"` → `(Some(0), false, "b1")`, `"3"` → `(Some(3), true,
    /// "")`, `""` → `(None, …)` (sorts first).
    fn patch_key(&self) -> (Option<u64>, bool, &str) {
        let digits = self
            .patch
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(self.patch.len());
        let (num, rest) = self.patch.split_at(digits);
        (num.parse().ok(), rest.is_empty(), rest)
    }
}

impl fmt::Display for HaVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.year, self.month)?;
        if !self.patch.is_empty() {
            write!(f, ".{}", self.patch)?;
        }
        Ok(())
    }
}

impl Ord for HaVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.year, self.month)
            .cmp(&(other.year, other.month))
            .then_with(|| self.patch_key().cmp(&other.patch_key()))
            .then_with(|| self.patch.cmp(&other.patch))
    }
}

impl PartialOrd for HaVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for HaVersion {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for HaVersion {}

impl Hash for HaVersion {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (self.year, self.month, &self.patch).hash(state);
    }
}

impl std::str::FromStr for HaVersion {
    type Err = HaError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl Serialize for HaVersion {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for HaVersion {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> HaVersion {
        HaVersion::parse(s).unwrap()
    }

    #[test]
    fn parses_a_release_a_beta_a_dev_build_and_a_bare_release() {
        let r = v("2024.3.3");
        assert_eq!((r.year, r.month, r.patch.as_str()), (2024, 3, "3"));
        let b = v("2024.10.0b1");
        assert_eq!((b.year, b.month, b.patch.as_str()), (2024, 10, "0b1"));
        let d = v("2024.11.0.dev20241001");
        assert_eq!(d.patch, "0.dev20241001");
        let bare = v("2024.8");
        assert_eq!((bare.year, bare.month, bare.patch.as_str()), (2024, 8, ""));
    }

    #[test]
    fn display_gives_back_what_was_parsed() {
        for s in ["2024.3.3", "2024.10.0b1", "2024.8", "2025.1.0.dev1"] {
            assert_eq!(v(s).to_string(), s);
        }
    }

    #[test]
    fn rejects_what_is_not_a_version() {
        for s in [
            "",
            "2024",
            "abc",
            "2024.x.1",
            "2024.13.0",
            "0.118.5",
            "2024.3.",
        ] {
            assert!(
                matches!(HaVersion::parse(s), Err(HaError::Decode(_))),
                "{s:?} should not parse"
            );
        }
    }

    #[test]
    fn dialect_switches_service_key_at_2024_8_and_to_modern_at_2024_10() {
        let service = AutomationDialect::Legacy {
            service_key: "service",
        };
        let action = AutomationDialect::Legacy {
            service_key: "action",
        };
        assert_eq!(v("2024.3.3").dialect(), service);
        assert_eq!(v("2024.7.4").dialect(), service);
        assert_eq!(v("2024.8.0").dialect(), action);
        assert_eq!(v("2024.8.0b0").dialect(), action);
        assert_eq!(v("2024.9.3").dialect(), action);
        assert_eq!(v("2024.10.0").dialect(), AutomationDialect::Modern);
        assert_eq!(v("2024.10.0b1").dialect(), AutomationDialect::Modern);
        assert_eq!(v("2025.1.0").dialect(), AutomationDialect::Modern);
        assert_eq!(v("2023.12.1").dialect(), service);
        assert_eq!(v("2024.3.3").dialect().service_key(), "service");
        assert_eq!(AutomationDialect::Modern.service_key(), "action");
    }

    #[test]
    fn orders_by_year_and_month_first_then_patch_with_prereleases_before_the_release() {
        assert!(v("2024.10.0") > v("2024.9.9"));
        assert!(v("2025.1.0") > v("2024.12.5"));
        assert!(v("2024.10.0b1") < v("2024.10.0"));
        assert!(v("2024.10.0b1") < v("2024.10.0b2"));
        assert!(v("2024.10.0.dev1") < v("2024.10.0b1"));
        assert!(v("2024.3.10") > v("2024.3.3"));
        assert!(v("2024.8") < v("2024.8.0b0"));
        assert!(v("2024.8.0b0") >= v("2024.8"));
        assert_eq!(v("2024.3.3"), v("2024.3.3"));
        assert_ne!(v("2024.3.3"), v("2024.3.4"));
        assert!(v("2024.3.3").at_least(2024, 3));
        assert!(!v("2024.3.3").at_least(2024, 4));
    }

    #[test]
    fn deserializes_from_a_json_string() {
        let got: HaVersion = serde_json::from_str("\"2024.3.3\"").unwrap();
        assert_eq!(got, v("2024.3.3"));
        assert_eq!(serde_json::to_string(&got).unwrap(), "\"2024.3.3\"");
    }
}
