//! Which automation dialect a Home Assistant release speaks, and the dialects' API names
//! (`legacy`, `legacy_action`, `modern`).

use homeai_automation_model::Dialect;
use homeai_ha::HaVersion;

/// The dialect a Home Assistant release speaks.
pub fn dialect_of(version: &HaVersion) -> Dialect {
    Dialect::for_version(version.year, version.month)
}

/// The API name of a dialect: `legacy`, `legacy_action`, `modern` ([`Dialect::name`]).
pub fn dialect_name(dialect: Dialect) -> &'static str {
    dialect.name()
}

/// The dialect named `name` (see [`dialect_name`]).
pub fn parse_dialect(name: &str) -> Option<Dialect> {
    Dialect::from_name(name)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn dialect_names_round_trip() {
        for name in ["legacy", "legacy_action", "modern"] {
            assert_eq!(dialect_name(parse_dialect(name).unwrap()), name);
        }
        assert!(parse_dialect("new").is_none());
    }
}
