//! Rendering action steps.

use super::node::{MapNode, Node};
use super::trigger::{object, time_period, triggers};
use super::{condition, condition::conditions};
use crate::dialect::Dialect;
use crate::model::*;

pub(super) fn actions(actions: &[Action], dialect: Dialect) -> Node {
    Node::Seq(actions.iter().map(|a| action(a, dialect)).collect())
}

fn action(a: &Action, dialect: Dialect) -> Node {
    if let ActionKind::Other(fields) = &a.kind {
        return object(fields.clone());
    }
    let mut m = MapNode::new();
    m.opt_text("alias", &a.alias);
    kind(&mut m, &a.kind, dialect);
    m.opt_bool("continue_on_error", a.continue_on_error)
        .opt_bool("enabled", a.enabled);
    m.build()
}

fn kind(m: &mut MapNode, kind: &ActionKind, dialect: Dialect) {
    match kind {
        ActionKind::Call(call) => {
            m.put(dialect.call_key(), Node::text(&call.action))
                .opt("target", call.target.as_ref().map(target))
                .opt(
                    "data",
                    call.data.as_ref().map(|d| match d {
                        ServiceData::Fields(f) => object(f.clone()),
                        ServiceData::Template(t) => Node::text(t),
                    }),
                )
                .opt_text("response_variable", &call.response_variable)
                .opt("metadata", call.metadata.clone().map(object));
        }
        ActionKind::Delay(p) => {
            m.put("delay", time_period(p));
        }
        ActionKind::WaitTemplate(w) => {
            m.put("wait_template", Node::text(&w.wait_template))
                .opt("timeout", w.timeout.as_ref().map(time_period))
                .opt_bool("continue_on_timeout", w.continue_on_timeout);
        }
        ActionKind::WaitForTrigger(w) => {
            m.put("wait_for_trigger", triggers(&w.triggers, dialect))
                .opt("timeout", w.timeout.as_ref().map(time_period))
                .opt_bool("continue_on_timeout", w.continue_on_timeout);
        }
        ActionKind::Choose(c) => {
            let options = c
                .options
                .iter()
                .map(|o| {
                    MapNode::new()
                        .opt_text("alias", &o.alias)
                        .put("conditions", conditions(&o.conditions))
                        .put("sequence", actions(&o.sequence, dialect))
                        .build()
                })
                .collect();
            m.put("choose", Node::Seq(options));
            if !c.default.is_empty() {
                m.put("default", actions(&c.default, dialect));
            }
        }
        ActionKind::If(i) => {
            m.put("if", conditions(&i.conditions))
                .put("then", actions(&i.then, dialect));
            if !i.else_.is_empty() {
                m.put("else", actions(&i.else_, dialect));
            }
        }
        ActionKind::Repeat(r) => {
            let mut inner = MapNode::new();
            match &r.kind {
                RepeatKind::Count(IntOrTemplate::Int(n)) => inner.put("count", Node::Int(*n)),
                RepeatKind::Count(IntOrTemplate::Template(t)) => inner.put("count", Node::text(t)),
                RepeatKind::While(c) => inner.put("while", conditions(c)),
                RepeatKind::Until(c) => inner.put("until", conditions(c)),
                RepeatKind::ForEach(items) => inner.put("for_each", Node::Json(items.clone())),
            };
            inner.put("sequence", actions(&r.sequence, dialect));
            m.put("repeat", inner.build());
        }
        ActionKind::Parallel(branches) => {
            m.put("parallel", actions(branches, dialect));
        }
        ActionKind::Sequence(steps) => {
            m.put("sequence", actions(steps, dialect));
        }
        ActionKind::Variables(v) => {
            m.put("variables", object(v.clone()));
        }
        ActionKind::Stop(s) => {
            m.put("stop", Node::text(&s.reason))
                .opt_bool("error", s.error)
                .opt_text("response_variable", &s.response_variable);
        }
        ActionKind::Event(e) => {
            m.put("event", Node::text(&e.event))
                .opt("event_data", e.event_data.clone().map(object));
        }
        ActionKind::Scene(s) => {
            m.put("scene", Node::text(s));
        }
        ActionKind::Condition(c) => condition::kind(m, c),
        ActionKind::SetConversationResponse(r) => {
            let value = r.as_deref().map_or(Node::Null, Node::text);
            m.put("set_conversation_response", value);
        }
        ActionKind::Device(d) => {
            m.put("device_id", Node::text(&d.device_id))
                .put("domain", Node::text(&d.domain))
                .extend(&d.fields);
        }
        ActionKind::Other(fields) => {
            m.extend(fields);
        }
    }
}

fn target(t: &Target) -> Node {
    match t {
        Target::Template(s) => Node::text(s),
        Target::Ids(ids) => MapNode::new()
            .list("entity_id", &ids.entity_id, false)
            .list("device_id", &ids.device_id, false)
            .list("area_id", &ids.area_id, false)
            .list("floor_id", &ids.floor_id, false)
            .list("label_id", &ids.label_id, false)
            .build(),
    }
}
