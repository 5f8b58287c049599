//! Rendering conditions, always in their long form (which every release reads).

use super::node::{MapNode, Node};
use super::trigger::{threshold, time_period};
use crate::model::*;

pub(super) fn conditions(conditions: &[Condition]) -> Node {
    Node::Seq(conditions.iter().map(condition).collect())
}

fn condition(c: &Condition) -> Node {
    let mut m = MapNode::new();
    m.opt_text("alias", &c.alias);
    kind(&mut m, &c.kind);
    m.opt_bool("enabled", c.enabled);
    m.build()
}

/// The `condition:` key and the kind's fields (also used for condition steps).
pub(super) fn kind(m: &mut MapNode, kind: &ConditionKind) {
    m.put("condition", Node::text(kind.name()));
    match kind {
        ConditionKind::State(c) => {
            m.list("entity_id", &c.entity_id, false)
                .put("state", Node::one_or_many(&c.state, true))
                .opt_text("attribute", &c.attribute)
                .opt("for", c.for_.as_ref().map(time_period))
                .opt("match", c.match_.map(|v| Node::text(v.as_str())));
        }
        ConditionKind::NumericState(c) => {
            m.list("entity_id", &c.entity_id, false)
                .opt_text("attribute", &c.attribute)
                .opt_text("value_template", &c.value_template)
                .opt("above", c.above.as_ref().map(threshold))
                .opt("below", c.below.as_ref().map(threshold));
        }
        ConditionKind::Time(c) => {
            let days: Vec<String> = c.weekday.iter().map(|d| d.as_str().to_owned()).collect();
            m.opt("after", c.after.as_ref().map(time_ref))
                .opt("before", c.before.as_ref().map(time_ref))
                .list("weekday", &days, false);
        }
        ConditionKind::Sun(c) => {
            m.opt("after", c.after.map(|e| Node::text(e.as_str())))
                .opt("before", c.before.map(|e| Node::text(e.as_str())))
                .opt("after_offset", c.after_offset.map(Node::duration))
                .opt("before_offset", c.before_offset.map(Node::duration));
        }
        ConditionKind::Template(c) => {
            m.put("value_template", Node::text(&c.value_template));
        }
        ConditionKind::Zone(c) => {
            m.list("entity_id", &c.entity_id, false)
                .list("zone", &c.zone, false);
        }
        ConditionKind::Trigger(c) => {
            m.list("id", &c.id, false);
        }
        ConditionKind::Device(c) => {
            m.put("device_id", Node::text(&c.device_id))
                .put("domain", Node::text(&c.domain))
                .extend(&c.fields);
        }
        ConditionKind::And(list) | ConditionKind::Or(list) | ConditionKind::Not(list) => {
            m.put("conditions", conditions(list));
        }
        ConditionKind::Other(c) => {
            m.extend(&c.fields);
        }
    }
}

fn time_ref(t: &TimeRef) -> Node {
    match t {
        TimeRef::Time(t) => Node::time(*t),
        TimeRef::Entity(e) => Node::text(e),
    }
}
