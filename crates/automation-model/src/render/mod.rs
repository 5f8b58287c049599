//! Rendering the model as the config API's JSON body and as YAML, in either dialect.

mod action;
mod condition;
mod node;
mod trigger;

use serde_json::Value;

use crate::dialect::Dialect;
use crate::model::Automation;
use node::{MapNode, Node};

/// The automation as the body of Home Assistant's config API
/// (`POST /api/config/automation/config/<id>`), in `dialect`.
pub fn to_json(automation: &Automation, dialect: Dialect) -> Value {
    tree(automation, dialect).to_value()
}

/// The automation as YAML in `dialect`. States, times and durations are always quoted, so a
/// YAML 1.1 reader (Home Assistant's) reads them as text.
pub fn to_yaml(automation: &Automation, dialect: Dialect) -> String {
    let node = tree(automation, dialect);
    let options = serde_saphyr::ser_options! { compact_list_indent: false };
    // The tree has only string keys and no anchors, which serde-saphyr always serialises;
    // should it ever refuse, JSON is valid YAML with the same meaning.
    serde_saphyr::to_string_with_options(&node, options)
        .unwrap_or_else(|_| node.to_value().to_string())
}

fn tree(a: &Automation, dialect: Dialect) -> Node {
    let (triggers, conditions, actions) = dialect.list_keys();
    let mut m = MapNode::new();
    m.opt_text("id", &a.id)
        .opt_text("alias", &a.alias)
        .opt_text("description", &a.description)
        .opt("mode", a.mode.map(|v| Node::text(v.as_str())))
        .opt("max", a.max.map(|v| Node::Int(i64::from(v))))
        .opt(
            "max_exceeded",
            a.max_exceeded.map(|v| Node::text(v.as_str())),
        )
        .opt(
            "trace",
            a.trace.map(|t| {
                MapNode::new()
                    .opt(
                        "stored_traces",
                        t.stored_traces.map(|n| Node::Int(i64::from(n))),
                    )
                    .build()
            }),
        )
        .opt_bool("initial_state", a.initial_state)
        .opt(
            "variables",
            a.variables.clone().map(|v| Node::Json(Value::Object(v))),
        )
        .opt(
            "trigger_variables",
            a.trigger_variables
                .clone()
                .map(|v| Node::Json(Value::Object(v))),
        )
        .put(triggers, trigger::triggers(&a.triggers, dialect));
    if !a.conditions.is_empty() {
        m.put(conditions, condition::conditions(&a.conditions));
    }
    m.put(actions, action::actions(&a.actions, dialect));
    m.build()
}
