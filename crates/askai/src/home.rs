//! The home the engine resolves names against: a snapshot of Home Assistant's registries
//! (areas, entities, persons, zones, notify services), as `home.json` holds it or as homeai's
//! database stores it.

use serde::{Deserialize, Serialize};

/// Where the home is (for sun times; kept as given).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Location {
    #[serde(default)]
    pub latitude: f64,
    #[serde(default)]
    pub longitude: f64,
    #[serde(default)]
    pub elevation: f64,
    #[serde(default)]
    pub time_zone: Option<String>,
}

/// An area (room) and people's other names for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Area {
    pub area_id: String,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// One entity as the registries describe it; the capability lists are empty when unknown.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    pub entity_id: String,
    pub name: String,
    #[serde(default)]
    pub area_id: Option<String>,
    #[serde(default)]
    pub domain: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub device_class: Option<String>,
    #[serde(default)]
    pub unit_of_measurement: Option<String>,
    #[serde(default)]
    pub supported_color_modes: Vec<String>,
    #[serde(default)]
    pub supported_features: Vec<String>,
    #[serde(default)]
    pub hvac_modes: Vec<String>,
    /// A thermostat's presets (`eco`, `away`…), when the registry says.
    #[serde(default)]
    pub preset_modes: Vec<String>,
    #[serde(default)]
    pub min_temp: Option<f64>,
    #[serde(default)]
    pub max_temp: Option<f64>,
    #[serde(default)]
    pub source_list: Vec<String>,
}

impl Entity {
    /// The domain, from the field or else the id.
    pub fn domain(&self) -> &str {
        if self.domain.is_empty() {
            self.entity_id.split('.').next().unwrap_or_default()
        } else {
            &self.domain
        }
    }

    pub fn class(&self) -> Option<&str> {
        self.device_class.as_deref()
    }
}

/// A person, and the notify service of their phone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Person {
    pub entity_id: String,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub notify: Option<String>,
}

/// A notify service (`notify.mobile_app_alice_phone`) and whose it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NotifyService {
    pub service: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub person: Option<String>,
}

/// The registry snapshot.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Home {
    #[serde(default)]
    pub location: Option<Location>,
    #[serde(default)]
    pub areas: Vec<Area>,
    #[serde(default)]
    pub entities: Vec<Entity>,
    #[serde(default)]
    pub persons: Vec<Person>,
    #[serde(default)]
    pub zones: Vec<String>,
    #[serde(default)]
    pub services: Vec<NotifyService>,
}

impl Home {
    /// Reads `home.json`.
    pub fn from_json(text: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(text)
    }

    pub fn entity(&self, entity_id: &str) -> Option<&Entity> {
        self.entities.iter().find(|e| e.entity_id == entity_id)
    }

    pub fn area(&self, area_id: &str) -> Option<&Area> {
        self.areas.iter().find(|a| a.area_id == area_id)
    }

    /// The notify service of a person: their own, or the one a service names them for.
    pub fn notify_service_of(&self, person_id: &str) -> Option<String> {
        let person = self.persons.iter().find(|p| p.entity_id == person_id)?;
        person.notify.clone().or_else(|| {
            self.services
                .iter()
                .find(|s| s.person.as_deref() == Some(person_id))
                .map(|s| s.service.clone())
        })
    }

    /// Entities of a domain in an area.
    pub fn in_area<'a>(
        &'a self,
        domain: &'a str,
        area_id: &'a str,
    ) -> impl Iterator<Item = &'a Entity> {
        self.entities
            .iter()
            .filter(move |e| e.domain() == domain && e.area_id.as_deref() == Some(area_id))
    }
}
