//! Home Assistant's registry vocabulary: entity ids, areas, devices, entities.

use serde::{Deserialize, Serialize};

use crate::DomainError;

/// A Home Assistant entity id, `<domain>.<object_id>`, both parts lower-case `[a-z0-9_]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct EntityId(String);

impl EntityId {
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let raw = raw.trim();
        let Some((domain, object)) = raw.split_once('.') else {
            return Err(DomainError::invalid(
                "entity_id",
                format!("{raw:?} is not <domain>.<object_id>"),
            ));
        };
        let valid_part = |p: &str| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        };
        if !valid_part(domain) || !valid_part(object) {
            return Err(DomainError::invalid(
                "entity_id",
                format!("{raw:?} must be lower-case letters, digits and '_' around one '.'"),
            ));
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part before the dot: `light`, `binary_sensor`, …
    pub fn domain(&self) -> &str {
        self.0.split_once('.').map_or("", |(d, _)| d)
    }
}

impl std::fmt::Display for EntityId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for EntityId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        EntityId::parse(&raw).map_err(serde::de::Error::custom)
    }
}

/// An area of the home (HA's area registry).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Area {
    pub area_id: String,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// A physical or virtual device (HA's device registry).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Device {
    pub device_id: String,
    pub name: String,
    pub manufacturer: Option<String>,
    pub model: Option<String>,
    pub area_id: Option<String>,
}

/// An entity as homeai knows it: registry data plus its last known state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    pub entity_id: EntityId,
    pub friendly_name: Option<String>,
    pub device_id: Option<String>,
    pub area_id: Option<String>,
    pub device_class: Option<String>,
    pub platform: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub hidden: bool,
    pub state: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entity_id_accepts_domain_and_object() {
        let id = EntityId::parse("binary_sensor.kitchen_motion").unwrap();
        assert_eq!(id.domain(), "binary_sensor");
    }

    #[test]
    fn entity_id_rejects_bad_shapes() {
        for bad in [
            "light",
            "Light.kitchen",
            "light.",
            ".x",
            "light.kitchen lamp",
            "a.b.c",
        ] {
            assert!(EntityId::parse(bad).is_err(), "{bad} should be refused");
        }
    }
}
