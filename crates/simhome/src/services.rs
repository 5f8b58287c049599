//! What a service call does to the entities it targets, for the services the simulated home
//! offers (the usual ones of lights, switches, covers, locks, climate, media players).

use serde_json::{Map, Value, json};

use crate::SimError;

/// A new state and the attributes that change with it.
pub type Effect = (String, Map<String, Value>);

/// The domains and services offered (answer of `get_services`, and what calls may use).
pub const SERVICES: &[(&str, &[&str])] = &[
    ("homeassistant", &["turn_on", "turn_off", "toggle"]),
    ("light", &["turn_on", "turn_off", "toggle"]),
    ("switch", &["turn_on", "turn_off", "toggle"]),
    ("fan", &["turn_on", "turn_off", "toggle"]),
    ("input_boolean", &["turn_on", "turn_off", "toggle"]),
    (
        "cover",
        &["open_cover", "close_cover", "toggle", "stop_cover"],
    ),
    ("lock", &["lock", "unlock"]),
    (
        "climate",
        &["set_temperature", "set_hvac_mode", "turn_on", "turn_off"],
    ),
    (
        "media_player",
        &[
            "turn_on",
            "turn_off",
            "toggle",
            "media_play",
            "media_pause",
            "media_stop",
        ],
    ),
    (
        "automation",
        &["trigger", "turn_on", "turn_off", "toggle", "reload"],
    ),
    ("scene", &["turn_on"]),
    ("notify", &["notify", "persistent_notification"]),
    ("persistent_notification", &["create", "dismiss"]),
];

/// `get_services`: `{domain: {service: {name, description, fields}}}`.
pub fn services_json() -> Value {
    let mut out = Map::new();
    for (domain, services) in SERVICES {
        let mut d = Map::new();
        for s in *services {
            d.insert(
                (*s).to_owned(),
                json!({"name": s.replace('_', " "), "description": "simulated", "fields": {}}),
            );
        }
        out.insert((*domain).to_owned(), Value::Object(d));
    }
    Value::Object(out)
}

pub fn known(domain: &str, service: &str) -> bool {
    SERVICES
        .iter()
        .any(|(d, s)| *d == domain && s.contains(&service))
}

/// The new state and attribute changes of one entity under `domain.service`; `None` when the
/// call does not change it.
pub fn effect(
    domain: &str,
    service: &str,
    entity_id: &str,
    current: &str,
    data: &Map<String, Value>,
) -> Result<Option<Effect>, SimError> {
    let entity_domain = entity_id.split('.').next().unwrap_or_default();
    let service = if domain == "homeassistant" {
        match (entity_domain, service) {
            ("cover", "turn_on") => "open_cover",
            ("cover", "turn_off") => "close_cover",
            ("lock", "turn_on") => "lock",
            ("lock", "turn_off") => "unlock",
            (_, s) => s,
        }
    } else if domain != entity_domain {
        // HA ignores entities of another domain in a call
        return Ok(None);
    } else {
        service
    };
    let mut attrs = Map::new();
    let on = |current: &str| !matches!(current, "off" | "unavailable" | "unknown" | "closed");
    let state = match (entity_domain, service) {
        ("climate", "set_temperature") => {
            if let Some(t) = data.get("temperature") {
                attrs.insert("temperature".into(), t.clone());
            }
            match data.get("hvac_mode").and_then(Value::as_str) {
                Some(mode) => mode.to_owned(),
                None => current.to_owned(),
            }
        }
        ("climate", "set_hvac_mode") => data
            .get("hvac_mode")
            .and_then(Value::as_str)
            .ok_or_else(|| SimError::Service("hvac_mode is required".into()))?
            .to_owned(),
        ("climate", "turn_on") => "heat".into(),
        ("climate", "turn_off") => "off".into(),
        ("cover", "open_cover") => "open".into(),
        ("cover", "close_cover") => "closed".into(),
        ("cover", "toggle") => if on(current) { "closed" } else { "open" }.into(),
        ("cover", "stop_cover") => return Ok(None),
        ("lock", "lock") => "locked".into(),
        ("lock", "unlock") => "unlocked".into(),
        ("media_player", "media_play") => "playing".into(),
        ("media_player", "media_pause") => "paused".into(),
        ("media_player", "media_stop") => "idle".into(),
        (_, "turn_on") => {
            if entity_domain == "light" {
                let brightness = data
                    .get("brightness")
                    .cloned()
                    .or_else(|| {
                        data.get("brightness_pct")
                            .and_then(Value::as_f64)
                            .map(|p| json!((p * 2.55).round() as i64))
                    })
                    .unwrap_or(json!(255));
                attrs.insert("brightness".into(), brightness);
                attrs.insert("color_mode".into(), "brightness".into());
            }
            "on".into()
        }
        (_, "turn_off") => {
            if entity_domain == "light" {
                attrs.insert("brightness".into(), Value::Null);
                attrs.insert("color_mode".into(), Value::Null);
            }
            "off".into()
        }
        (_, "toggle") => if on(current) { "off" } else { "on" }.into(),
        _ => return Ok(None),
    };
    Ok(Some((state, attrs)))
}

/// The entity ids a call targets: `entity_id` in the data or in `target` (text or list);
/// `all` is every entity of the domain.
pub fn targets(data: &Map<String, Value>, target: Option<&Value>) -> Vec<String> {
    let mut out = Vec::new();
    for source in [
        data.get("entity_id"),
        target.and_then(|t| t.get("entity_id")),
    ]
    .into_iter()
    .flatten()
    {
        match source {
            Value::String(s) => out.extend(s.split(',').map(|s| s.trim().to_owned())),
            Value::Array(items) => {
                out.extend(items.iter().filter_map(Value::as_str).map(str::to_owned))
            }
            _ => {}
        }
    }
    out.retain(|s| !s.is_empty());
    out.dedup();
    out
}

/// The area ids a call targets (`target.area_id` or `area_id` in the data).
pub fn target_areas(data: &Map<String, Value>, target: Option<&Value>) -> Vec<String> {
    let mut out = Vec::new();
    for source in [data.get("area_id"), target.and_then(|t| t.get("area_id"))]
        .into_iter()
        .flatten()
    {
        match source {
            Value::String(s) => out.push(s.clone()),
            Value::Array(items) => {
                out.extend(items.iter().filter_map(Value::as_str).map(str::to_owned))
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lights_turn_on_with_brightness_and_homeassistant_opens_covers() {
        let (s, a) = effect("light", "turn_on", "light.x", "off", &Map::new())
            .unwrap()
            .unwrap();
        assert_eq!(s, "on");
        assert_eq!(a["brightness"], json!(255));
        let (s, _) = effect("homeassistant", "turn_on", "cover.b", "closed", &Map::new())
            .unwrap()
            .unwrap();
        assert_eq!(s, "open");
        assert!(
            effect("light", "turn_on", "switch.x", "off", &Map::new())
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn targets_read_both_places_and_lists() {
        let data = json!({"entity_id": "light.a, light.b"});
        let target = json!({"entity_id": ["light.c"]});
        assert_eq!(
            targets(data.as_object().unwrap(), Some(&target)),
            vec!["light.a", "light.b", "light.c"]
        );
    }
}
