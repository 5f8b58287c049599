//! Rendering a blueprint: YAML with `!input` tags (the file Home Assistant imports), or JSON
//! with `{"!input": key}` (for HTTP APIs).

use serde::ser::{Serialize, Serializer};
use serde_json::{Map, Value};
use serde_saphyr::Tagged;

use super::{Blueprint, BlueprintInput, INPUT_TAG, dialect, refs};
use crate::dialect::Dialect;

/// The blueprint as YAML, `!input key` written as YAML tags and the body's keys in
/// `dialect`'s words (legacy: `trigger`/`platform`/`condition`/`action`/`service`; modern:
/// `triggers`/`trigger`/`conditions`/`actions`/`action`). Keys are written in the order Home
/// Assistant's editor uses (alias and kind first), strings a YAML 1.1 reader would retype
/// (`"on"`, `"00:05:00"`) quoted.
pub fn blueprint_to_yaml(blueprint: &Blueprint, dialect: Dialect) -> String {
    let mut top = vec![("blueprint".to_owned(), block(blueprint))];
    let body = dialect::to_dialect(&blueprint.body, dialect);
    if let Out::Map(entries) = Out::from_value(&body, true) {
        top.extend(entries);
    }
    let tree = Out::Map(top);
    let options = serde_saphyr::ser_options! { compact_list_indent: false };
    // Only string keys and local tags, which serde-saphyr always writes; should it ever
    // refuse, JSON is YAML too (with `{"!input": key}`, which the parser also reads).
    serde_saphyr::to_string_with_options(&tree, options)
        .unwrap_or_else(|_| blueprint_to_json(blueprint).to_string())
}

/// The blueprint as JSON: `{"blueprint": {…}, …body}`, every `!input key` as
/// `{"!input": key}`, inputs in sections under their section. JSON objects here keep no
/// order (serde_json's maps are sorted), so a blueprint read back from this text lists its
/// inputs by key, not in declaration order; use [`blueprint_to_yaml`] where order matters.
pub fn blueprint_to_json(blueprint: &Blueprint) -> Value {
    let mut top = Map::new();
    top.insert("blueprint".into(), block(blueprint).to_value());
    if let Value::Object(body) = &blueprint.body {
        top.extend(body.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    Value::Object(top)
}

/// The `blueprint:` block, inputs regrouped into their sections.
fn block(b: &Blueprint) -> Out {
    let mut m = Vec::new();
    let text = |s: &str| Out::Value(Value::String(s.to_owned()));
    m.push(("name".to_owned(), text(&b.name)));
    if let Some(d) = &b.description {
        m.push(("description".into(), text(d)));
    }
    m.push(("domain".into(), text(&b.domain)));
    if let Some(a) = &b.author {
        m.push(("author".into(), text(a)));
    }
    if let Some(u) = &b.source_url {
        m.push(("source_url".into(), text(u)));
    }
    if let Some(v) = &b.min_version {
        m.push((
            "homeassistant".into(),
            Out::Map(vec![("min_version".into(), text(v))]),
        ));
    }
    let mut inputs = Vec::new();
    let mut sections_done: Vec<&str> = Vec::new();
    for input in &b.inputs {
        match &input.section {
            None => inputs.push((input.key.clone(), input_out(input))),
            Some(s) if sections_done.contains(&s.as_str()) => {}
            Some(s) => {
                sections_done.push(s);
                inputs.push((s.clone(), section_out(b, s)));
            }
        }
    }
    for section in &b.sections {
        if !sections_done.contains(&section.key.as_str()) {
            inputs.push((section.key.clone(), section_out(b, &section.key)));
        }
    }
    if !inputs.is_empty() {
        m.push(("input".into(), Out::Map(inputs)));
    }
    Out::Map(m)
}

fn section_out(b: &Blueprint, key: &str) -> Out {
    let mut m: Vec<(String, Out)> = Vec::new();
    if let Some(section) = b.sections.iter().find(|s| s.key == key) {
        for field in ["name", "icon", "description", "collapsed"] {
            if let Some(v) = section.fields.get(field) {
                m.push((field.to_owned(), Out::Value(v.clone())));
            }
        }
    }
    let inner: Vec<(String, Out)> = b
        .inputs
        .iter()
        .filter(|i| i.section.as_deref() == Some(key))
        .map(|i| (i.key.clone(), input_out(i)))
        .collect();
    m.push(("input".into(), Out::Map(inner)));
    Out::Map(m)
}

fn input_out(input: &BlueprintInput) -> Out {
    let mut m = Vec::new();
    let text = |s: &str| Out::Value(Value::String(s.to_owned()));
    if let Some(n) = &input.name {
        m.push(("name".to_owned(), text(n)));
    }
    if let Some(d) = &input.description {
        m.push(("description".into(), text(d)));
    }
    if let Some(d) = &input.default {
        m.push(("default".into(), Out::from_value(d, false)));
    }
    if !input.selector.is_null() {
        m.push(("selector".into(), Out::from_value(&input.selector, false)));
    }
    Out::Map(m)
}

/// An ordered tree to serialise: mappings keep the order built, references become tags.
enum Out {
    Value(Value),
    Input(String),
    Seq(Vec<Out>),
    Map(Vec<(String, Out)>),
}

/// Keys written first, in this order (the top level and steps, triggers, conditions).
const FIRST: [&str; 36] = [
    "alias",
    "description",
    "mode",
    "max",
    "max_exceeded",
    "trace",
    "initial_state",
    "variables",
    "trigger_variables",
    "trigger",
    "triggers",
    "platform",
    "condition",
    "conditions",
    "action",
    "actions",
    "service",
    "choose",
    "if",
    "repeat",
    "parallel",
    "wait_for_trigger",
    "wait_template",
    "delay",
    "event",
    "stop",
    "entity_id",
    "device_id",
    "event_type",
    "count",
    "id",
    "from",
    "to",
    "above",
    "below",
    "for",
];
/// Keys written last, in this order.
const LAST: [&str; 10] = [
    "target",
    "data",
    "then",
    "else",
    "sequence",
    "default",
    "timeout",
    "continue_on_timeout",
    "enabled",
    "continue_on_error",
];

fn rank(key: &str) -> (u8, usize) {
    if let Some(i) = FIRST.iter().position(|k| *k == key) {
        (0, i)
    } else if let Some(i) = LAST.iter().position(|k| *k == key) {
        (2, i)
    } else {
        (1, 0)
    }
}

impl Out {
    /// `ordered`: put keys in Home Assistant's order (the body); else keep JSON's order.
    fn from_value(value: &Value, ordered: bool) -> Self {
        if let Some(Some(key)) = refs::as_ref(value) {
            return Self::Input(key.to_owned());
        }
        match value {
            Value::Array(items) => {
                Self::Seq(items.iter().map(|v| Self::from_value(v, ordered)).collect())
            }
            Value::Object(map) => {
                let mut entries: Vec<(&String, &Value)> = map.iter().collect();
                if ordered {
                    // Stable: keys of equal rank stay in JSON's (alphabetical) order.
                    entries.sort_by_key(|(k, _)| rank(k));
                }
                Self::Map(
                    entries
                        .into_iter()
                        .map(|(k, v)| (k.clone(), Self::from_value(v, ordered)))
                        .collect(),
                )
            }
            other => Self::Value(other.clone()),
        }
    }

    fn to_value(&self) -> Value {
        match self {
            Self::Value(v) => v.clone(),
            Self::Input(key) => super::load::input_ref(key),
            Self::Seq(items) => Value::Array(items.iter().map(Self::to_value).collect()),
            Self::Map(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_value()))
                    .collect(),
            ),
        }
    }
}

impl Serialize for Out {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Value(v) => v.serialize(serializer),
            Self::Input(key) => {
                Tagged(key.as_str(), Some(INPUT_TAG.to_owned())).serialize(serializer)
            }
            Self::Seq(items) => serializer.collect_seq(items),
            Self::Map(entries) => serializer.collect_map(entries.iter().map(|(k, v)| (k, v))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blueprint::parse_blueprint_yaml;
    use serde_json::json;

    #[test]
    fn odd_keys_and_tag_like_text_survive_a_round_trip() {
        let mut b = parse_blueprint_yaml(
            "blueprint: {name: \"x: y\", domain: automation, input: {\"a key: odd\": {default: 1}, \"#hash\": {default: 2}}}\n\
             triggers: [{trigger: homeassistant, event: start}]\n\
             actions: [{event: e, event_data: {a: !input \"a key: odd\", b: !input \"#hash\", c: \"!input a\", d: \"on\", e: \"\"}}]\n",
        )
        .unwrap();
        b.inputs[0].description = Some("line one\nline two: with colon".into());
        let yaml = blueprint_to_yaml(&b, Dialect::Modern);
        let again = parse_blueprint_yaml(&yaml).unwrap_or_else(|e| panic!("{e}\n{yaml}"));
        assert_eq!(again, b, "{yaml}");
        assert_eq!(
            again.body["actions"][0]["event_data"]["c"],
            json!("!input a")
        );
    }
}
