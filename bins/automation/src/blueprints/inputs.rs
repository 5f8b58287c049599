//! A blueprint's declared inputs, as homeai parsed them or as Home Assistant lists them, and
//! the check of the values given for an instance against them and the home's entities (pure).

use std::collections::HashSet;

use homeai_automation_model::Blueprint;
use serde::Serialize;
use serde_json::{Map, Value};

use super::error::FieldProblem;

/// One declared input, as the API shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Input {
    pub key: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `{"entity": {"domain": "binary_sensor"}}`; `null` for a text field.
    pub selector: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// No default: an instance must give a value.
    pub required: bool,
}

/// The inputs of a blueprint homeai parsed.
pub fn of_blueprint(b: &Blueprint) -> Vec<Input> {
    b.inputs
        .iter()
        .map(|i| Input {
            key: i.key.clone(),
            name: i.name.clone(),
            description: i.description.clone(),
            selector: i.selector.clone(),
            default: i.default.clone(),
            section: i.section.clone(),
            required: i.default.is_none(),
        })
        .collect()
}

/// The inputs of the `blueprint:` block Home Assistant lists (`metadata.input`), sections
/// (Home Assistant 2024.6) flattened.
pub fn of_metadata(metadata: &Value) -> Vec<Input> {
    let mut out = Vec::new();
    if let Some(inputs) = metadata.get("input").and_then(Value::as_object) {
        collect(inputs, None, &mut out);
    }
    out
}

fn collect(inputs: &Map<String, Value>, section: Option<&str>, out: &mut Vec<Input>) {
    for (key, spec) in inputs {
        if section.is_none()
            && let Some(nested) = spec.get("input").and_then(Value::as_object)
        {
            collect(nested, Some(key), out);
            continue;
        }
        let text = |k: &str| spec.get(k).and_then(Value::as_str).map(str::to_owned);
        let default = spec.as_object().and_then(|m| m.get("default")).cloned();
        out.push(Input {
            key: key.clone(),
            name: text("name"),
            description: text("description"),
            selector: spec.get("selector").cloned().unwrap_or(Value::Null),
            required: default.is_none(),
            default,
            section: section.map(str::to_owned),
        });
    }
}

/// Checks the values given for an instance: every required input has one, no key is
/// undeclared, and every entity an `entity` or `target` input names is one of `entities` (when
/// `entities` is `None` the home's registry is unknown and entities are not checked) and of the
/// domain the selector asks for. Every problem, at `inputs.<key>`.
pub fn check(
    declared: &[Input],
    given: &Map<String, Value>,
    entities: Option<&HashSet<String>>,
) -> Vec<FieldProblem> {
    let mut problems = Vec::new();
    let at = |key: &str, message: String| FieldProblem {
        field: format!("inputs.{key}"),
        message,
    };
    for input in declared {
        if input.required && !given.contains_key(&input.key) {
            let named = input
                .name
                .as_deref()
                .map(|n| format!(" ({n})"))
                .unwrap_or_default();
            problems.push(at(
                &input.key,
                format!(
                    "the input `{}`{named} has no default, so it needs a value",
                    input.key
                ),
            ));
        }
    }
    let keys: Vec<&str> = declared.iter().map(|i| i.key.as_str()).collect();
    for (key, value) in given {
        let Some(input) = declared.iter().find(|i| i.key == *key) else {
            problems.push(at(
                key,
                format!(
                    "the blueprint has no input `{key}`; its inputs are {}",
                    if keys.is_empty() {
                        "none".to_owned()
                    } else {
                        keys.join(", ")
                    }
                ),
            ));
            continue;
        };
        for message in entity_problems(input, value, entities) {
            problems.push(at(key, message));
        }
    }
    problems
}

/// What is wrong with the entities one value names, for its selector.
fn entity_problems(
    input: &Input,
    value: &Value,
    entities: Option<&HashSet<String>>,
) -> Vec<String> {
    let Some((kind, options)) = input.selector.as_object().and_then(|m| m.iter().next()) else {
        return Vec::new();
    };
    let (named, filter) = match kind.as_str() {
        "entity" => (ids(value), options.get("domain")),
        "target" => (
            value.get("entity_id").map(ids).unwrap_or_default(),
            options.get("entity").and_then(|e| e.get("domain")),
        ),
        _ => return Vec::new(),
    };
    let domains: Vec<&str> = match filter {
        Some(Value::String(d)) => vec![d.as_str()],
        Some(Value::Array(ds)) => ds.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let mut out = Vec::new();
    if kind == "entity" && !value.is_string() && !value.is_array() {
        out.push(format!(
            "the input `{}` takes an entity id (`light.kitchen`) or a list of them, not {value}",
            input.key
        ));
    }
    if kind == "target" && !value.is_object() {
        out.push(format!(
            "the input `{}` takes a target (`{{\"entity_id\": \"light.kitchen\"}}`), not {value}",
            input.key
        ));
    }
    for id in named {
        let domain = id.split_once('.').map(|(d, _)| d);
        if !domains.is_empty() && !domain.is_some_and(|d| domains.contains(&d)) {
            out.push(format!(
                "the input `{}` takes a {} entity, not `{id}`",
                input.key,
                domains.join(" or ")
            ));
        } else if let Some(known) = entities
            && !known.contains(id)
        {
            out.push(format!(
                "there is no entity `{id}` in Home Assistant (the input `{}`); check the \
                 spelling, or pick one from GET /api/v1/entities on the pattern service",
                input.key
            ));
        }
    }
    out
}

/// The entity ids in a value: one id, or a list of them.
fn ids(value: &Value) -> Vec<&str> {
    match value {
        Value::String(s) => vec![s.as_str()],
        Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn declared() -> Vec<Input> {
        of_metadata(&json!({
            "name": "Light on motion",
            "input": {
                "motion": {"name": "Motion sensor", "selector": {"entity": {"domain": "binary_sensor"}}},
                "light": {"selector": {"target": {"entity": {"domain": ["light"]}}}},
                "wait": {"default": 120, "selector": {"number": {}}}
            }
        }))
    }

    fn home() -> HashSet<String> {
        ["binary_sensor.hall", "light.hall"]
            .into_iter()
            .map(str::to_owned)
            .collect()
    }

    fn given(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn metadata_inputs_say_which_are_required() {
        let d = declared();
        assert_eq!(d.len(), 3);
        let wait = d.iter().find(|i| i.key == "wait").map(|i| i.required);
        assert_eq!(wait, Some(false));
        assert!(d.iter().filter(|i| i.key != "wait").all(|i| i.required));
        let sections = of_metadata(&json!({"input": {
            "lights": {"name": "Lights", "input": {"light": {"selector": {"entity": {}}}}}
        }}));
        assert_eq!(sections[0].key, "light");
        assert_eq!(sections[0].section.as_deref(), Some("lights"));
    }

    #[test]
    fn good_values_pass() {
        let ok =
            given(json!({"motion": "binary_sensor.hall", "light": {"entity_id": ["light.hall"]}}));
        assert!(check(&declared(), &ok, Some(&home())).is_empty());
    }

    #[test]
    fn a_missing_required_input_is_named() {
        let p = check(
            &declared(),
            &given(json!({"motion": "binary_sensor.hall"})),
            Some(&home()),
        );
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].field, "inputs.light");
        assert!(p[0].message.contains("`light`"), "{p:?}");
    }

    #[test]
    fn unknown_keys_unknown_entities_and_wrong_domains_are_refused() {
        let p = check(
            &declared(),
            &given(json!({
                "motion": "light.hall",
                "light": {"entity_id": "light.nowhere"},
                "colour": "red"
            })),
            Some(&home()),
        );
        let text: Vec<String> = p
            .iter()
            .map(|f| format!("{}: {}", f.field, f.message))
            .collect();
        assert_eq!(p.len(), 3, "{text:?}");
        assert!(
            text.iter()
                .any(|t| t.starts_with("inputs.motion") && t.contains("binary_sensor entity")),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|t| t.starts_with("inputs.light") && t.contains("no entity `light.nowhere`")),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|t| t.starts_with("inputs.colour") && t.contains("no input `colour`")),
            "{text:?}"
        );
    }

    #[test]
    fn without_a_registry_entities_are_not_checked() {
        let ok =
            given(json!({"motion": "binary_sensor.elsewhere", "light": {"entity_id": "light.x"}}));
        assert!(check(&declared(), &ok, None).is_empty());
    }
}
