//! Rendering triggers.

use serde_json::Value;

use super::node::{MapNode, Node};
use crate::dialect::Dialect;
use crate::duration::TimePeriod;
use crate::model::*;

pub(super) fn triggers(triggers: &[Trigger], dialect: Dialect) -> Node {
    Node::Seq(triggers.iter().map(|t| trigger(t, dialect)).collect())
}

fn trigger(t: &Trigger, dialect: Dialect) -> Node {
    let mut m = MapNode::new();
    m.put(dialect.trigger_key(), Node::text(t.kind.platform()))
        .opt_text("id", &t.id)
        .opt_text("alias", &t.alias);
    kind(&mut m, &t.kind);
    m.opt(
        "variables",
        t.variables.clone().map(|v| Node::Json(Value::Object(v))),
    )
    .opt_bool("enabled", t.enabled);
    m.build()
}

fn kind(m: &mut MapNode, kind: &TriggerKind) {
    match kind {
        TriggerKind::State(t) => {
            m.list("entity_id", &t.entity_id, false)
                .opt_text("attribute", &t.attribute)
                .opt("from", t.from.as_ref().map(state_match))
                .opt("to", t.to.as_ref().map(state_match))
                .list("not_from", &t.not_from, true)
                .list("not_to", &t.not_to, true)
                .opt("for", t.for_.as_ref().map(time_period));
        }
        TriggerKind::NumericState(t) => {
            m.list("entity_id", &t.entity_id, false)
                .opt_text("attribute", &t.attribute)
                .opt_text("value_template", &t.value_template)
                .opt("above", t.above.as_ref().map(threshold))
                .opt("below", t.below.as_ref().map(threshold))
                .opt("for", t.for_.as_ref().map(time_period));
        }
        TriggerKind::Time(t) => {
            let at: Vec<Node> = t.at.iter().map(time_at).collect();
            let at = match <[Node; 1]>::try_from(at) {
                Ok([one]) => one,
                Err(many) => Node::Seq(many),
            };
            m.put("at", at);
            let days: Vec<String> = t.weekday.iter().map(|d| d.as_str().to_owned()).collect();
            m.list("weekday", &days, false);
        }
        TriggerKind::TimePattern(t) => {
            m.opt("hours", t.hours.as_ref().map(pattern))
                .opt("minutes", t.minutes.as_ref().map(pattern))
                .opt("seconds", t.seconds.as_ref().map(pattern));
        }
        TriggerKind::Sun(t) => {
            m.put("event", Node::text(t.event.as_str()))
                .opt("offset", t.offset.map(Node::duration));
        }
        TriggerKind::Template(t) => {
            m.put("value_template", Node::text(&t.value_template))
                .opt("for", t.for_.as_ref().map(time_period));
        }
        TriggerKind::Event(t) => {
            m.list("event_type", &t.event_type, false)
                .opt("event_data", t.event_data.clone().map(object))
                .opt("context", t.context.clone().map(object));
        }
        TriggerKind::HomeAssistant(t) => {
            m.put("event", Node::text(t.event.as_str()));
        }
        TriggerKind::Mqtt(t) => {
            m.put("topic", Node::text(&t.topic))
                .opt_text("payload", &t.payload)
                .opt_text("value_template", &t.value_template)
                .opt("qos", t.qos.map(|q| Node::Int(i64::from(q))))
                .opt_text("encoding", &t.encoding);
        }
        TriggerKind::Zone(t) => {
            m.list("entity_id", &t.entity_id, false)
                .put("zone", Node::text(&t.zone))
                .put("event", Node::text(t.event.as_str()));
        }
        TriggerKind::Webhook(t) => {
            m.put("webhook_id", Node::text(&t.webhook_id))
                .list("allowed_methods", &t.allowed_methods, false)
                .opt_bool("local_only", t.local_only);
        }
        TriggerKind::Tag(t) => {
            m.list("tag_id", &t.tag_id, false)
                .list("device_id", &t.device_id, false);
        }
        TriggerKind::Calendar(t) => {
            m.put("event", Node::text(t.event.as_str()))
                .put("entity_id", Node::text(&t.entity_id))
                .opt("offset", t.offset.map(Node::duration));
        }
        TriggerKind::Conversation(t) => {
            m.list("command", &t.command, false);
        }
        TriggerKind::Device(t) => {
            m.put("device_id", Node::text(&t.device_id))
                .put("domain", Node::text(&t.domain))
                .extend(&t.fields);
        }
        TriggerKind::Other(t) => {
            m.extend(&t.fields);
        }
    }
}

pub(super) fn object(fields: Fields) -> Node {
    Node::Json(Value::Object(fields))
}

pub(super) fn state_match(s: &StateMatch) -> Node {
    match s {
        StateMatch::AnyState => Node::Null,
        StateMatch::States(states) => Node::one_or_many(states, true),
    }
}

pub(super) fn threshold(t: &Threshold) -> Node {
    match t {
        Threshold::Number(n) => Node::number(*n),
        Threshold::Entity(e) => Node::text(e),
    }
}

pub(super) fn time_period(p: &TimePeriod) -> Node {
    match p {
        TimePeriod::Fixed(d) => Node::duration(*d),
        TimePeriod::Template(t) => Node::text(t),
        TimePeriod::TemplateMap(m) => object(m.clone()),
    }
}

fn time_at(at: &TimeAt) -> Node {
    match at {
        TimeAt::Time(t) => Node::time(*t),
        TimeAt::Entity(e) => Node::text(e),
        TimeAt::EntityOffset { entity_id, offset } => MapNode::new()
            .put("entity_id", Node::text(entity_id))
            .opt("offset", offset.map(Node::duration))
            .build(),
    }
}

fn pattern(p: &PatternValue) -> Node {
    match p {
        PatternValue::Number(n) => Node::Int(*n),
        PatternValue::Text(t) => Node::text(t),
    }
}
