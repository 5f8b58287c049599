//! A person's own name for an entity ("the big lamp"), used by Ask AI's entity resolution.

use serde::{Deserialize, Serialize};

use crate::DomainError;
use crate::ha::EntityId;

/// An alias, normalised: trimmed, inner whitespace folded, lower-case, 1..=100 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct AliasName(String);

impl AliasName {
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let folded = raw
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        let len = folded.chars().count();
        if len == 0 {
            return Err(DomainError::invalid("alias", "must not be empty"));
        }
        if len > 100 {
            return Err(DomainError::invalid(
                "alias",
                "must be at most 100 characters",
            ));
        }
        if folded.chars().any(char::is_control) {
            return Err(DomainError::invalid(
                "alias",
                "must not contain control characters",
            ));
        }
        Ok(Self(folded))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for AliasName {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        AliasName::parse(&String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// A request to name an entity.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewAlias {
    pub alias: AliasName,
    pub entity_id: EntityId,
    #[serde(default = "anonymous")]
    pub user_id: String,
}

fn anonymous() -> String {
    "anonymous".to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alias_is_normalised() {
        assert_eq!(
            AliasName::parse("  The   Big Lamp ").unwrap().as_str(),
            "the big lamp"
        );
        assert!(AliasName::parse("   ").is_err());
        assert!(AliasName::parse(&"x".repeat(101)).is_err());
    }
}

/// A stored alias.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityAlias {
    pub id: i64,
    pub alias: String,
    pub entity_id: String,
    pub user_id: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
}
