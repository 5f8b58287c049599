//! Selector kinds Home Assistant knows, and a sample value of each kind's shape.
//!
//! The samples are what [`super::Blueprint::check`] instantiates the body with: values of
//! the shape Home Assistant's UI produces for the selector (an entity id of the selector's
//! domain, a target mapping, `{hours, minutes, seconds}` for a duration, a media mapping).

use serde_json::{Map, Value, json};

use super::BlueprintInput;

/// Every selector kind of Home Assistant's `selector` module (2024.3 to 2025.x).
pub const SELECTOR_KINDS: [&str; 45] = [
    "action",
    "addon",
    "area",
    "assist_pipeline",
    "attribute",
    "backup_location",
    "boolean",
    "color_rgb",
    "color_temp",
    "condition",
    "config_entry",
    "constant",
    "conversation_agent",
    "country",
    "date",
    "datetime",
    "device",
    "duration",
    "entity",
    "file",
    "floor",
    "icon",
    "label",
    "language",
    "location",
    "media",
    "navigation",
    "number",
    "object",
    "qr_code",
    "select",
    "selector",
    "state",
    "statistic",
    "stt",
    "target",
    "template",
    "text",
    "theme",
    "time",
    "trigger",
    "tts",
    "ui_action",
    "ui_color",
    "area_filter",
];

/// Whether Home Assistant knows this selector kind.
pub fn is_known_kind(kind: &str) -> bool {
    SELECTOR_KINDS.contains(&kind)
}

/// The object id every sample entity has: `light.blueprint_sample`.
const SAMPLE_OBJECT: &str = "blueprint_sample";

/// A value of the input's selector's shape. Kinds whose values are free (`object`, `text`,
/// no selector) use the input's default when it has one.
pub(crate) fn sample(input: &BlueprintInput) -> Value {
    let empty = Map::new();
    let (kind, options) = match input.selector.as_object().and_then(|m| m.iter().next()) {
        Some((kind, options)) => (kind.as_str(), options.as_object().unwrap_or(&empty)),
        None => ("", &empty),
    };
    let multiple = options.get("multiple").and_then(Value::as_bool) == Some(true);
    let one = match kind {
        "entity" => Value::String(entity(first_domain(options).unwrap_or("sensor"))),
        "target" => {
            let domain = options.get("entity").and_then(|e| match e {
                Value::Object(m) => first_domain(m),
                Value::Array(list) => list
                    .first()
                    .and_then(Value::as_object)
                    .and_then(first_domain),
                _ => None,
            });
            return json!({"entity_id": entity(domain.unwrap_or("light"))});
        }
        "device" => json!("0123456789abcdef0123456789abcdef"),
        "area" => json!("blueprint_sample_area"),
        "floor" => json!("blueprint_sample_floor"),
        "label" => json!("blueprint_sample_label"),
        "number" => number(options),
        "boolean" => json!(true),
        "duration" => return json!({"hours": 0, "minutes": 1, "seconds": 0}),
        "time" => json!("12:00:00"),
        "date" => json!("2024-01-01"),
        "datetime" => json!("2024-01-01 12:00:00"),
        "select" => options
            .get("options")
            .and_then(Value::as_array)
            .and_then(|o| o.first())
            .map(|o| o.get("value").cloned().unwrap_or_else(|| o.clone()))
            .unwrap_or_else(|| json!("option")),
        "state" => json!("on"),
        "attribute" => json!("friendly_name"),
        "color_temp" => json!(300),
        "color_rgb" => return json!([255, 255, 255]),
        "icon" => json!("mdi:home"),
        "template" => json!("{{ true }}"),
        "constant" => options.get("value").cloned().unwrap_or(json!(true)),
        "location" => return json!({"latitude": 52.37, "longitude": 4.89, "radius": 100}),
        "media" => {
            return json!({
                "entity_id": entity("media_player"),
                "media_content_id": "media-source://media_source/local/blueprint_sample.mp3",
                "media_content_type": "audio/mpeg",
                "metadata": {},
            });
        }
        "action" => return json!([{"delay": "00:00:01"}]),
        "condition" => return json!([{"condition": "template", "value_template": "{{ true }}"}]),
        "trigger" => return json!([{"trigger": "homeassistant", "event": "start"}]),
        "object" => return input.default.clone().unwrap_or_else(|| json!({})),
        _ => input
            .default
            .clone()
            .unwrap_or_else(|| json!("blueprint sample")),
    };
    if multiple {
        Value::Array(vec![one])
    } else {
        one
    }
}

fn entity(domain: &str) -> String {
    format!("{domain}.{SAMPLE_OBJECT}")
}

/// The first domain an entity selector's options name: `domain:` or `filter: {domain}`, a
/// text or a list, the filter a mapping or a list of them.
fn first_domain(options: &Map<String, Value>) -> Option<&str> {
    if let Some(d) = options.get("domain").and_then(of) {
        return Some(d);
    }
    match options.get("filter")? {
        Value::Object(f) => f.get("domain").and_then(of),
        Value::Array(list) => list
            .iter()
            .filter_map(Value::as_object)
            .find_map(|f| f.get("domain").and_then(of)),
        _ => None,
    }
}

fn of(v: &Value) -> Option<&str> {
    match v {
        Value::String(s) => Some(s.as_str()),
        Value::Array(list) => list.first().and_then(Value::as_str),
        _ => None,
    }
}

/// 1 where the range allows it, else the range's minimum.
fn number(options: &Map<String, Value>) -> Value {
    let min = options.get("min").and_then(Value::as_f64);
    let max = options.get("max").and_then(Value::as_f64);
    let n = match (min, max) {
        (Some(lo), _) if lo > 1.0 => lo,
        (_, Some(hi)) if hi < 1.0 => hi,
        _ => 1.0,
    };
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        json!(n as i64)
    } else {
        json!(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(selector: Value) -> BlueprintInput {
        BlueprintInput::new("x", selector)
    }

    #[test]
    fn samples_follow_the_selector() {
        let filtered = input(
            json!({"entity": {"filter": {"device_class": "motion", "domain": "binary_sensor"}}}),
        );
        assert_eq!(sample(&filtered), json!("binary_sensor.blueprint_sample"));
        let many = input(json!({"entity": {"domain": ["light", "switch"], "multiple": true}}));
        assert_eq!(sample(&many), json!(["light.blueprint_sample"]));
        let target = input(json!({"target": {"entity": {"domain": "light"}}}));
        assert_eq!(
            sample(&target),
            json!({"entity_id": "light.blueprint_sample"})
        );
        assert_eq!(
            sample(&input(json!({"number": {"min": 5, "max": 10}}))),
            json!(5)
        );
        assert_eq!(
            sample(&input(json!({"number": {"min": 0, "max": 0.5}}))),
            json!(0.5)
        );
        let select = input(json!({"select": {"options": [{"value": "a", "label": "A"}]}}));
        assert_eq!(sample(&select), json!("a"));
    }

    #[test]
    fn the_kind_list_is_sorted_apart_from_late_additions_and_unique() {
        let mut kinds = SELECTOR_KINDS.to_vec();
        kinds.sort_unstable();
        kinds.dedup();
        assert_eq!(kinds.len(), SELECTOR_KINDS.len());
        assert!(is_known_kind("media") && !is_known_kind("entities"));
    }
}
