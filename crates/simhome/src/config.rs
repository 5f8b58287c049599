//! What `get_config` / `GET /api/config` answer for the simulated home.

use serde_json::{Value, json};

use crate::home::Home;

/// The Home Assistant release the simulated home speaks as: the one homeai's proving tests run
/// against, so homeai writes the legacy (2024.3) automation dialect to it.
pub const HA_VERSION: &str = "2024.3.3";

pub fn config_json(home: &Home) -> Value {
    json!({
        "version": HA_VERSION,
        "location_name": "homeai simulated home",
        "latitude": home.spec.latitude,
        "longitude": home.spec.longitude,
        "elevation": 34,
        "time_zone": home.spec.time_zone.name(),
        "unit_system": {"length": "km", "mass": "g", "temperature": "°C", "volume": "L"},
        "components": ["automation", "homeassistant", "history", "logbook", "light", "switch",
                       "cover", "lock", "climate", "media_player", "sensor", "binary_sensor",
                       "person", "sun", "websocket_api", "api", "config"],
        "config_dir": "/simulated",
        "state": "RUNNING",
        "safe_mode": false,
    })
}

/// The three registries, as `config/*_registry/list` answer them.
pub fn entity_registry(home: &Home) -> Value {
    let mut out: Vec<Value> = home
        .layout
        .entities
        .iter()
        .map(|e| {
            json!({
                "entity_id": e.entity_id.as_str(),
                "id": format!("simhome_{}", e.entity_id.as_str().replace('.', "_")),
                "unique_id": format!("simhome-{}", e.entity_id.as_str()),
                "platform": "simhome",
                "config_entry_id": "simhome",
                "device_id": e.device_id,
                "area_id": e.area_id,
                "disabled_by": null,
                "hidden_by": null,
                "name": null,
                "original_name": e.friendly_name,
                "has_entity_name": false,
                "entity_category": null,
                "labels": [],
            })
        })
        .collect();
    for a in home.automations() {
        out.push(json!({
            "entity_id": a.entity_id, "id": format!("simhome_{}", a.entity_id.replace('.', "_")),
            "unique_id": a.config["id"], "platform": "automation", "config_entry_id": null,
            "device_id": null, "area_id": null, "disabled_by": null, "hidden_by": null,
            "name": null, "original_name": a.model.alias, "has_entity_name": false,
            "entity_category": null, "labels": [],
        }));
    }
    Value::Array(out)
}

pub fn device_registry(home: &Home) -> Value {
    home.layout
        .devices
        .iter()
        .map(|d| {
            json!({
                "id": d.device_id, "name": d.name, "name_by_user": null, "area_id": d.area_id,
                "manufacturer": "homeai (simulated)", "model": d.model, "via_device_id": null,
                "disabled_by": null, "entry_type": null, "labels": [],
            })
        })
        .collect()
}

pub fn area_registry(home: &Home) -> Value {
    home.layout
        .areas
        .iter()
        .map(|a| json!({"area_id": a.area_id, "name": a.name, "aliases": a.aliases, "floor_id": null}))
        .collect()
}
