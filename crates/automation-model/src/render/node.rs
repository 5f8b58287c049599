//! The tree rendering builds: ordered mappings, and strings that must be quoted in YAML.
//! It becomes a `serde_json::Value` for the config API and YAML through serde-saphyr; no
//! text is ever assembled by hand.

use serde::ser::{Serialize, Serializer};
use serde_json::Value;

use crate::duration::Duration;
use crate::model::Number;
use crate::time::TimeOfDay;

#[derive(Debug, Clone)]
pub(crate) enum Node {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
    /// Always double-quoted in YAML: states, times, durations, offsets.
    Quoted(String),
    Seq(Vec<Node>),
    Map(Vec<(String, Node)>),
    /// Free-form values (`data`, `variables`, …) as given.
    Json(Value),
}

impl Node {
    pub(crate) fn text(s: &str) -> Self {
        Self::Text(s.to_owned())
    }

    pub(crate) fn quoted(s: &str) -> Self {
        Self::Quoted(s.to_owned())
    }

    pub(crate) fn duration(d: Duration) -> Self {
        Self::Quoted(d.to_string())
    }

    pub(crate) fn time(t: TimeOfDay) -> Self {
        Self::Quoted(t.to_string())
    }

    pub(crate) fn number(n: Number) -> Self {
        let f = n.0;
        if f.fract() == 0.0 && f.abs() < 9.0e15 {
            Self::Int(f as i64)
        } else {
            Self::Float(f)
        }
    }

    /// One item as itself, several (or none) as a list.
    pub(crate) fn one_or_many(items: &[String], quoted: bool) -> Self {
        let node = |s: &String| {
            if quoted {
                Self::quoted(s)
            } else {
                Self::text(s)
            }
        };
        match items {
            [one] => node(one),
            many => Self::Seq(many.iter().map(node).collect()),
        }
    }

    pub(crate) fn to_value(&self) -> Value {
        match self {
            Self::Null => Value::Null,
            Self::Bool(b) => Value::Bool(*b),
            Self::Int(i) => Value::from(*i),
            Self::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
            Self::Text(s) | Self::Quoted(s) => Value::String(s.clone()),
            Self::Seq(items) => Value::Array(items.iter().map(Self::to_value).collect()),
            Self::Map(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_value()))
                    .collect(),
            ),
            Self::Json(v) => v.clone(),
        }
    }
}

impl Serialize for Node {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Null => serializer.serialize_unit(),
            Self::Bool(b) => serializer.serialize_bool(*b),
            Self::Int(i) => serializer.serialize_i64(*i),
            Self::Float(f) => serializer.serialize_f64(*f),
            Self::Text(s) => serializer.serialize_str(s),
            Self::Quoted(s) => serde_saphyr::DoubleQuoted(s.as_str()).serialize(serializer),
            Self::Seq(items) => serializer.collect_seq(items),
            Self::Map(entries) => serializer.collect_map(entries.iter().map(|(k, v)| (k, v))),
            Self::Json(v) => v.serialize(serializer),
        }
    }
}

/// An ordered mapping under construction.
#[derive(Default)]
pub(crate) struct MapNode(Vec<(String, Node)>);

impl MapNode {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    pub(crate) fn put(&mut self, key: &str, value: Node) -> &mut Self {
        self.0.push((key.to_owned(), value));
        self
    }

    pub(crate) fn opt(&mut self, key: &str, value: Option<Node>) -> &mut Self {
        if let Some(v) = value {
            self.put(key, v);
        }
        self
    }

    pub(crate) fn opt_text(&mut self, key: &str, value: &Option<String>) -> &mut Self {
        self.opt(key, value.as_deref().map(Node::text))
    }

    pub(crate) fn opt_bool(&mut self, key: &str, value: Option<bool>) -> &mut Self {
        self.opt(key, value.map(Node::Bool))
    }

    /// A list field, left out when empty.
    pub(crate) fn list(&mut self, key: &str, items: &[String], quoted: bool) -> &mut Self {
        if !items.is_empty() {
            self.put(key, Node::one_or_many(items, quoted));
        }
        self
    }

    pub(crate) fn extend(&mut self, fields: &serde_json::Map<String, Value>) -> &mut Self {
        for (k, v) in fields {
            self.put(k, Node::Json(v.clone()));
        }
        self
    }

    pub(crate) fn build(&mut self) -> Node {
        Node::Map(std::mem::take(&mut self.0))
    }
}
