//! [`blueprint_from_automation`]: a blueprint from an automation written for placeholder
//! entities and values.
//!
//! The automation is rendered with [`crate::to_json`] in the wanted dialect and each
//! placeholder found in that JSON is replaced by `{"!input": key}`; the typed model needs no
//! notion of inputs. The automation's own `id`, `alias` and `description` are left out of the
//! body: they belong to each automation made from the blueprint.

use serde_json::Value;

use super::load::input_ref;
use super::{Blueprint, BlueprintInput};
use crate::dialect::Dialect;
use crate::duration::Duration;
use crate::model::Automation;
use crate::parse::Path;
use crate::render::to_json;

/// One input of the blueprint to make, and the placeholder in the automation it replaces.
#[derive(Debug, Clone, PartialEq)]
pub struct InputBinding {
    pub key: String,
    pub name: Option<String>,
    pub description: Option<String>,
    pub selector: Value,
    pub default: Option<Value>,
    pub placeholder: Placeholder,
}

/// What stands for an input in the automation.
#[derive(Debug, Clone, PartialEq)]
pub enum Placeholder {
    /// Every text equal to this entity id (`entity_id` fields, lists of one) becomes
    /// `!input key`.
    Entity(String),
    /// A `target:` whose only entity is this id becomes `target: !input key` (a target
    /// selector's value is a whole target).
    Target(String),
    /// A number equal to this sentinel (`above`, `below`, `value`, `brightness`, …) becomes
    /// `!input key`.
    Number(f64),
    /// A duration equal to this sentinel under `for:`, `delay:` or `timeout:` becomes
    /// `!input key`.
    Duration(Duration),
    /// A `media_player.play_media` call targeting this placeholder id: its target and data
    /// become `data: !input key` (a media selector's value is `{entity_id,
    /// media_content_id, media_content_type}`).
    Media(String),
}

/// A blueprint named `name` whose body is `automation` in `dialect` with each binding's
/// placeholder replaced by `!input <key>`. Errors: a placeholder that is never found, an
/// entity placeholder left inside a text (a template), two bindings with one key, or a
/// result that fails [`Blueprint::check`].
pub fn blueprint_from_automation(
    name: &str,
    description: Option<&str>,
    automation: &Automation,
    bindings: &[InputBinding],
    dialect: Dialect,
) -> Result<Blueprint, String> {
    for (i, binding) in bindings.iter().enumerate() {
        if bindings[..i].iter().any(|b| b.key == binding.key) {
            return Err(format!("two inputs are named `{}`", binding.key));
        }
    }
    let mut body = to_json(automation, dialect);
    if let Value::Object(map) = &mut body {
        for key in ["id", "alias", "description"] {
            map.remove(key);
        }
    }
    // Media first: it takes a call's whole target and data, which hold the id other
    // placeholders could match; then whole targets, before single entity ids.
    let order = |b: &InputBinding| match b.placeholder {
        Placeholder::Media(_) => 0,
        Placeholder::Target(_) => 1,
        Placeholder::Duration(_) => 2,
        Placeholder::Number(_) => 3,
        Placeholder::Entity(_) => 4,
    };
    let mut ordered: Vec<&InputBinding> = bindings.iter().collect();
    ordered.sort_by_key(|b| order(b));
    for binding in ordered {
        let reference = input_ref(&binding.key);
        let found = replace(&mut body, None, &mut |v, key| {
            replacement(&binding.placeholder, v, key, &reference)
        });
        if found == 0 {
            return Err(format!(
                "the placeholder for the input `{}` ({}) is nowhere in the automation",
                binding.key,
                describe(&binding.placeholder)
            ));
        }
    }
    for binding in bindings {
        if let Placeholder::Entity(id) | Placeholder::Target(id) | Placeholder::Media(id) =
            &binding.placeholder
            && let Some(path) = text_containing(&body, id, &Path::root())
        {
            return Err(format!(
                "the placeholder `{id}` is still in {path} (inside a text or template), so \
                 the blueprint would keep using it; use a variable set from the input instead"
            ));
        }
    }
    let blueprint = Blueprint {
        name: name.to_owned(),
        description: description.map(str::to_owned),
        domain: "automation".to_owned(),
        source_url: None,
        author: None,
        min_version: None,
        inputs: bindings.iter().map(input).collect(),
        sections: Vec::new(),
        body,
    };
    blueprint.check().map_err(|e| e.to_string())?;
    Ok(blueprint)
}

fn input(binding: &InputBinding) -> BlueprintInput {
    BlueprintInput {
        key: binding.key.clone(),
        name: binding.name.clone(),
        description: binding.description.clone(),
        selector: binding.selector.clone(),
        default: binding.default.clone(),
        section: None,
    }
}

fn describe(placeholder: &Placeholder) -> String {
    match placeholder {
        Placeholder::Entity(id) => format!("the entity `{id}`"),
        Placeholder::Target(id) => format!("a target of only `{id}`"),
        Placeholder::Number(n) => format!("the number {n}"),
        Placeholder::Duration(d) => format!("the duration {d} under for, delay or timeout"),
        Placeholder::Media(id) => format!("a media_player.play_media call on `{id}`"),
    }
}

/// Replace each node `with` gives a value for (not looking inside it); `key` is the key the
/// node is under. Returns how many were replaced.
fn replace(
    value: &mut Value,
    key: Option<&str>,
    with: &mut dyn FnMut(&Value, Option<&str>) -> Option<Value>,
) -> usize {
    if let Some(new) = with(value, key) {
        *value = new;
        return 1;
    }
    match value {
        Value::Array(items) => items.iter_mut().map(|v| replace(v, key, with)).sum(),
        Value::Object(map) => map
            .iter_mut()
            .map(|(k, v)| replace(v, Some(k.as_str()), with))
            .sum(),
        _ => 0,
    }
}

/// What `value`, under `key`, becomes if it is the placeholder: the reference, or for a
/// media call the call with `data: <reference>` and no target.
fn replacement(
    placeholder: &Placeholder,
    value: &Value,
    key: Option<&str>,
    reference: &Value,
) -> Option<Value> {
    let found = match placeholder {
        Placeholder::Entity(id) => is_id(value, id),
        Placeholder::Target(id) => key == Some("target") && is_target_of(value, id),
        Placeholder::Number(n) => value.is_number() && value.as_f64() == Some(*n),
        Placeholder::Duration(d) => {
            matches!(key, Some("for" | "delay" | "timeout")) && as_duration(value) == Some(*d)
        }
        Placeholder::Media(id) => {
            let mut step = value
                .as_object()
                .filter(|_| is_play_media_on(value, id))?
                .clone();
            step.remove("target");
            step.insert("data".into(), reference.clone());
            return Some(Value::Object(step));
        }
    };
    found.then(|| reference.clone())
}

/// `id` or `[id]`.
fn is_id(value: &Value, id: &str) -> bool {
    match value {
        Value::String(s) => s == id,
        Value::Array(items) => items.len() == 1 && items[0].as_str() == Some(id),
        _ => false,
    }
}

/// `{entity_id: id}` (or `[id]`) and nothing else.
fn is_target_of(value: &Value, id: &str) -> bool {
    value
        .as_object()
        .is_some_and(|m| m.len() == 1 && m.get("entity_id").is_some_and(|e| is_id(e, id)))
}

fn as_duration(value: &Value) -> Option<Duration> {
    match value {
        Value::String(s) => Duration::parse_text(s).ok(),
        Value::Number(n) => n.as_f64().and_then(|s| Duration::from_seconds_f64(s).ok()),
        Value::Object(m) => Duration::from_mapping(m).ok(),
        _ => None,
    }
}

/// A `media_player.play_media` call whose target (or `data.entity_id`) is `id`.
fn is_play_media_on(value: &Value, id: &str) -> bool {
    let Some(step) = value.as_object() else {
        return false;
    };
    let calls = ["action", "service"]
        .iter()
        .any(|k| step.get(*k).and_then(Value::as_str) == Some("media_player.play_media"));
    let targets = step.get("target").is_some_and(|t| is_target_of(t, id))
        || step
            .get("data")
            .and_then(|d| d.get("entity_id"))
            .is_some_and(|e| is_id(e, id));
    calls && targets
}

/// Where some text contains `needle`, if anywhere.
fn text_containing(value: &Value, needle: &str, path: &Path) -> Option<String> {
    match value {
        Value::String(s) if s.contains(needle) => Some(path.to_string()),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, v)| text_containing(v, needle, &path.index(i))),
        Value::Object(map) => map
            .iter()
            .find_map(|(k, v)| text_containing(v, needle, &path.key(k))),
        _ => None,
    }
}
