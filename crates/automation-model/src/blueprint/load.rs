//! Reading blueprint YAML into an ordered tree that keeps `!input` tags.
//!
//! The automation loader ([`crate::yaml`]) reads into `serde_json::Value`, whose mappings are
//! sorted and which has no place for tags. A blueprint needs both: its inputs are shown in
//! declaration order, and `!input key` stands for a value. serde-saphyr's [`Tagged`] wrapper
//! tells each node's tag; [`Tree`] records it while building a [`Node`].

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use serde_saphyr::Tagged;

use super::INPUT_TAG;
use crate::yaml::MAX_TEXT_BYTES;

/// One YAML node, mappings in document order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    Scalar(Value),
    Seq(Vec<Node>),
    Map(Vec<(String, Node)>),
    /// `!input key`
    Input(String),
    /// `!input` on something that is not a name (a mapping, a list, null): the words for it.
    BadInput(String),
}

impl Node {
    /// The node as JSON, `!input key` as `{"!input": key}` (a bad one as `{"!input": null}`).
    pub(crate) fn to_value(&self) -> Value {
        match self {
            Self::Scalar(v) => v.clone(),
            Self::Seq(items) => Value::Array(items.iter().map(Self::to_value).collect()),
            Self::Map(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_value()))
                    .collect(),
            ),
            Self::Input(key) => input_ref(key),
            Self::BadInput(_) => {
                let mut map = Map::new();
                map.insert(INPUT_TAG.to_owned(), Value::Null);
                Value::Object(map)
            }
        }
    }
}

/// `{"!input": key}`: how a reference to an input is held in JSON.
pub(crate) fn input_ref(key: &str) -> Value {
    let mut map = Map::new();
    map.insert(INPUT_TAG.to_owned(), Value::String(key.to_owned()));
    Value::Object(map)
}

/// Read one YAML document into a [`Node`], with the same YAML 1.2 reading as automations.
pub(crate) fn load(text: &str) -> Result<Node, String> {
    if text.len() > MAX_TEXT_BYTES {
        return Err(format!(
            "the text is {} bytes long; a blueprint is at most {MAX_TEXT_BYTES}",
            text.len()
        ));
    }
    let options = serde_saphyr::options! {
        strict_booleans: true,
        leading_zero_numbers_as_strings: true,
        underscored_numbers_as_strings: true,
    };
    let tree: Tree = serde_saphyr::from_str_with_options(text, options).map_err(|e| {
        let message = e.to_string();
        message.lines().next().unwrap_or(&message).trim().to_owned()
    })?;
    Ok(tree.0)
}

/// A node with its tag looked at.
struct Tree(Node);

impl<'de> Deserialize<'de> for Tree {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let Tagged(Untagged(node), tag) = Tagged::<Untagged>::deserialize(deserializer)?;
        if tag.as_deref() != Some(INPUT_TAG) {
            return Ok(Self(node));
        }
        Ok(Self(match node {
            Node::Scalar(Value::String(key)) => Node::Input(key),
            Node::Scalar(Value::Number(n)) => Node::Input(n.to_string()),
            Node::Scalar(Value::Null) => Node::BadInput("nothing".into()),
            Node::Seq(_) => Node::BadInput("a list".into()),
            Node::Map(_) => Node::BadInput("a mapping".into()),
            other => Node::BadInput(format!("{:?}", other.to_value())),
        }))
    }
}

/// The node itself, whatever its tag.
struct Untagged(Node);

impl<'de> Deserialize<'de> for Untagged {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor).map(Untagged)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a YAML value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Scalar(Value::Bool(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Scalar(Value::from(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Scalar(Value::from(v)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
        // Non-finite numbers have no JSON form; keep them as the text YAML had.
        Ok(Node::Scalar(serde_json::Number::from_f64(v).map_or_else(
            || Value::String(v.to_string()),
            Value::Number,
        )))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Scalar(Value::String(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Node, E> {
        Ok(Node::Scalar(Value::String(v)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Scalar(Value::Null))
    }

    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Scalar(Value::Null))
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        Tree::deserialize(deserializer).map(|t| t.0)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(Tree(node)) = seq.next_element()? {
            items.push(node);
        }
        Ok(Node::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries: Vec<(String, Node)> = Vec::new();
        while let Some(Key(key)) = map.next_key()? {
            let Tree(value) = map.next_value()?;
            if entries.iter().any(|(k, _)| *k == key) {
                return Err(de::Error::custom(format!("the key `{key}` is given twice")));
            }
            entries.push((key, value));
        }
        Ok(Node::Map(entries))
    }
}

/// A mapping key as text (`300:` is the key "300").
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match Untagged::deserialize(deserializer)?.0 {
            Node::Scalar(Value::String(s)) => Ok(Self(s)),
            Node::Scalar(Value::Null) => Ok(Self("null".into())),
            Node::Scalar(v) => Ok(Self(v.to_string())),
            _ => Err(de::Error::custom("a mapping key must be text")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order_and_input_tags() {
        let node =
            load("b: !input door\na: [1, !input 'n', {c: !input x}]\nm: {media: }\n").unwrap();
        let Node::Map(entries) = &node else {
            panic!("{node:?}")
        };
        assert_eq!(entries[0], ("b".into(), Node::Input("door".into())));
        assert_eq!(entries[1].0, "a");
        assert_eq!(
            node.to_value(),
            serde_json::json!({"b": {"!input": "door"}, "a": [1, {"!input": "n"}, {"c": {"!input": "x"}}],
                               "m": {"media": null}})
        );
    }

    #[test]
    fn reads_yaml_12_words_as_text_and_flags_bad_inputs() {
        let node = load("to: on\nat: 23:00:00\nbad: !input {a: 1}\n").unwrap();
        let value = node.to_value();
        assert_eq!(value["to"], "on");
        assert_eq!(value["at"], "23:00:00");
        let Node::Map(entries) = node else { panic!() };
        assert!(matches!(entries[2].1, Node::BadInput(_)));
    }

    #[test]
    fn refuses_duplicate_keys_and_bad_yaml() {
        assert!(load("a: 1\na: 2\n").is_err());
        assert!(load("a: [\n").is_err());
    }
}
