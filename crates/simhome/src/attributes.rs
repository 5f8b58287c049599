//! What each simulated entity looks like: its first state and the attributes HA would give it.

use homeai_domain::ha::Entity;
use serde_json::{Map, Value, json};

/// The attribution every simulated state carries, so nobody mistakes it for a real home.
pub const ATTRIBUTION: &str = "homeai simulated home (not a real device)";

/// friendly_name, device_class, unit_of_measurement and the domain's usual attributes.
pub fn base_attributes(entity: &Entity) -> Map<String, Value> {
    let mut a = Map::new();
    if let Some(name) = &entity.friendly_name {
        a.insert("friendly_name".into(), name.clone().into());
    }
    let domain = entity.entity_id.domain();
    let class = entity.device_class.as_deref();
    if let Some(class) = class
        && domain != "light"
    {
        a.insert("device_class".into(), class.into());
    }
    match domain {
        "light" => {
            a.insert("supported_color_modes".into(), json!(["brightness"]));
            a.insert("supported_features".into(), json!(40));
        }
        "sensor" => {
            let unit = match class {
                Some("temperature") => Some("°C"),
                Some("humidity") => Some("%"),
                Some("illuminance") => Some("lx"),
                Some("power") => Some("W"),
                _ => None,
            };
            if let Some(unit) = unit {
                a.insert("unit_of_measurement".into(), unit.into());
                a.insert("state_class".into(), "measurement".into());
            }
        }
        "climate" => {
            a.insert("hvac_modes".into(), json!(["off", "heat"]));
            a.insert("min_temp".into(), json!(7));
            a.insert("max_temp".into(), json!(35));
            a.insert("temperature".into(), json!(20.5));
            a.insert("current_temperature".into(), json!(20.0));
            a.insert("supported_features".into(), json!(385));
        }
        "cover" => {
            a.insert("supported_features".into(), json!(11));
        }
        "media_player" => {
            a.insert("supported_features".into(), json!(21437));
        }
        _ => {}
    }
    a.insert("attribution".into(), ATTRIBUTION.into());
    a
}

/// The state an entity has before anything happened to it.
pub fn initial_state(entity: &Entity) -> String {
    let state = match (entity.entity_id.domain(), entity.device_class.as_deref()) {
        ("cover", _) => "closed",
        ("lock", _) => "locked",
        ("climate", _) => "heat",
        ("person", _) => "home",
        ("sensor", Some("temperature")) => "20.5",
        ("sensor", Some("humidity")) => "55.0",
        ("sensor", Some("illuminance")) => "120.0",
        ("sensor", _) => "100.0",
        _ => "off",
    };
    state.to_owned()
}
