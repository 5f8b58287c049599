//! Reading the loose values an automation holds: the texts in a string or a list, a number
//! written as one or as text, and the domain of an entity id.

use serde_json::Value;

/// The texts in a string or a list of strings.
pub(super) fn strings(value: &Value) -> Vec<&str> {
    match value {
        Value::String(s) => vec![s.as_str()],
        Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// The domain of an entity id: `light` of `light.kitchen`.
pub(super) fn domain_of(entity_id: &str) -> &str {
    entity_id.split('.').next().unwrap_or_default()
}

/// A number, or a text that is one.
pub(super) fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}
