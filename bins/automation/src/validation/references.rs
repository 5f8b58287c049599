//! What an automation names (pure): every entity, device, area and service, each with the
//! field it is written in; templates and `all`/`none` are not references.

use homeai_automation_model::{
    Action, ActionKind, Automation, Condition, ConditionKind, Target, Threshold, TimeAt, TimeRef,
    Trigger, TriggerKind,
};
use serde_json::Value;

/// What an automation names, each with its field.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct References {
    pub entities: Vec<(String, String)>,
    pub devices: Vec<(String, String)>,
    pub areas: Vec<(String, String)>,
    pub services: Vec<(String, String)>,
}

/// Names written as templates (or `all`/`none`) are not references to check.
fn literal(id: &str) -> bool {
    let id = id.trim();
    !id.is_empty() && !id.contains("{{") && !id.contains("{%") && id != "all" && id != "none"
}

impl References {
    fn entity(&mut self, field: String, id: &str) {
        if literal(id) {
            self.entities.push((field, id.trim().to_owned()));
        }
    }

    fn entity_list(&mut self, field: &str, ids: &[String]) {
        for id in ids {
            self.entity(field.to_owned(), id);
        }
    }

    fn device(&mut self, field: String, id: &str) {
        if literal(id) {
            self.devices.push((field, id.trim().to_owned()));
        }
    }

    fn area(&mut self, field: String, id: &str) {
        if literal(id) {
            self.areas.push((field, id.trim().to_owned()));
        }
    }

    fn triggers(&mut self, triggers: &[Trigger], path: &str) {
        for (i, trigger) in triggers.iter().enumerate() {
            let here = format!("{path}[{i}]");
            match &trigger.kind {
                TriggerKind::State(s) => {
                    self.entity_list(&format!("{here}.entity_id"), &s.entity_id)
                }
                TriggerKind::NumericState(n) => {
                    self.entity_list(&format!("{here}.entity_id"), &n.entity_id);
                    self.thresholds(&here, &n.above, &n.below);
                }
                TriggerKind::Time(t) => {
                    for at in &t.at {
                        match at {
                            TimeAt::Entity(id) | TimeAt::EntityOffset { entity_id: id, .. } => {
                                self.entity(format!("{here}.at"), id)
                            }
                            TimeAt::Time(_) => {}
                        }
                    }
                }
                TriggerKind::Zone(z) => {
                    self.entity_list(&format!("{here}.entity_id"), &z.entity_id);
                    self.entity(format!("{here}.zone"), &z.zone);
                }
                TriggerKind::Calendar(c) => self.entity(format!("{here}.entity_id"), &c.entity_id),
                TriggerKind::Device(d) => {
                    self.device(format!("{here}.device_id"), &d.device_id);
                    if let Some(Value::String(id)) = d.fields.get("entity_id") {
                        self.entity(format!("{here}.entity_id"), id);
                    }
                }
                _ => {}
            }
        }
    }

    fn thresholds(&mut self, here: &str, above: &Option<Threshold>, below: &Option<Threshold>) {
        if let Some(Threshold::Entity(id)) = above {
            self.entity(format!("{here}.above"), id);
        }
        if let Some(Threshold::Entity(id)) = below {
            self.entity(format!("{here}.below"), id);
        }
    }

    fn conditions(&mut self, conditions: &[Condition], path: &str) {
        for (i, condition) in conditions.iter().enumerate() {
            self.condition(&condition.kind, &format!("{path}[{i}]"));
        }
    }

    fn condition(&mut self, kind: &ConditionKind, here: &str) {
        match kind {
            ConditionKind::State(s) => self.entity_list(&format!("{here}.entity_id"), &s.entity_id),
            ConditionKind::NumericState(n) => {
                self.entity_list(&format!("{here}.entity_id"), &n.entity_id);
                self.thresholds(here, &n.above, &n.below);
            }
            ConditionKind::Time(t) => {
                for (key, r) in [("after", &t.after), ("before", &t.before)] {
                    if let Some(TimeRef::Entity(id)) = r {
                        self.entity(format!("{here}.{key}"), id);
                    }
                }
            }
            ConditionKind::Zone(z) => {
                self.entity_list(&format!("{here}.entity_id"), &z.entity_id);
                self.entity_list(&format!("{here}.zone"), &z.zone);
            }
            ConditionKind::Device(d) => self.device(format!("{here}.device_id"), &d.device_id),
            ConditionKind::And(c) => self.conditions(c, &format!("{here}.conditions")),
            ConditionKind::Or(c) => self.conditions(c, &format!("{here}.conditions")),
            ConditionKind::Not(c) => self.conditions(c, &format!("{here}.conditions")),
            _ => {}
        }
    }

    fn actions(&mut self, actions: &[Action], path: &str) {
        for (i, action) in actions.iter().enumerate() {
            let here = format!("{path}[{i}]");
            match &action.kind {
                ActionKind::Call(call) => {
                    if literal(&call.action) {
                        self.services
                            .push((format!("{here}.action"), call.action.trim().to_owned()));
                    }
                    if let Some(Target::Ids(ids)) = &call.target {
                        let t = format!("{here}.target");
                        self.entity_list(&format!("{t}.entity_id"), &ids.entity_id);
                        for id in &ids.device_id {
                            self.device(format!("{t}.device_id"), id);
                        }
                        for id in &ids.area_id {
                            self.area(format!("{t}.area_id"), id);
                        }
                    }
                    if let Some(homeai_automation_model::ServiceData::Fields(data)) = &call.data {
                        match data.get("entity_id") {
                            Some(Value::String(id)) => {
                                self.entity(format!("{here}.data.entity_id"), id)
                            }
                            Some(Value::Array(ids)) => {
                                for id in ids.iter().filter_map(Value::as_str) {
                                    self.entity(format!("{here}.data.entity_id"), id);
                                }
                            }
                            _ => {}
                        }
                    }
                }
                ActionKind::Scene(id) => self.entity(format!("{here}.scene"), id),
                ActionKind::Device(d) => self.device(format!("{here}.device_id"), &d.device_id),
                ActionKind::Condition(kind) => self.condition(kind, &here),
                ActionKind::WaitForTrigger(w) => {
                    self.triggers(&w.triggers, &format!("{here}.wait_for_trigger"))
                }
                ActionKind::Choose(c) => {
                    for (j, option) in c.options.iter().enumerate() {
                        let p = format!("{here}.choose[{j}]");
                        self.conditions(&option.conditions, &format!("{p}.conditions"));
                        self.actions(&option.sequence, &format!("{p}.sequence"));
                    }
                    self.actions(&c.default, &format!("{here}.default"));
                }
                ActionKind::If(b) => {
                    self.conditions(&b.conditions, &format!("{here}.if"));
                    self.actions(&b.then, &format!("{here}.then"));
                    self.actions(&b.else_, &format!("{here}.else"));
                }
                ActionKind::Repeat(r) => {
                    match &r.kind {
                        homeai_automation_model::RepeatKind::While(c) => {
                            self.conditions(c, &format!("{here}.repeat.while"))
                        }
                        homeai_automation_model::RepeatKind::Until(c) => {
                            self.conditions(c, &format!("{here}.repeat.until"))
                        }
                        _ => {}
                    }
                    self.actions(&r.sequence, &format!("{here}.repeat.sequence"));
                }
                ActionKind::Parallel(steps) => self.actions(steps, &format!("{here}.parallel")),
                ActionKind::Sequence(steps) => self.actions(steps, &format!("{here}.sequence")),
                _ => {}
            }
        }
    }
}

/// Every entity, device, area and service the automation names, with its field.
pub fn references(automation: &Automation) -> References {
    let mut refs = References::default();
    refs.triggers(&automation.triggers, "triggers");
    refs.conditions(&automation.conditions, "conditions");
    refs.actions(&automation.actions, "actions");
    refs
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn references_walk_every_place_an_id_can_be() {
        let a = homeai_automation_model::parse_yaml(
            "triggers:\n  - trigger: state\n    entity_id: binary_sensor.m\nconditions:\n  - \
             or:\n      - condition: state\n        entity_id: person.a\n        state: home\n\
             actions:\n  - if:\n      - condition: template\n        value_template: \"{{ 1 }}\"\n    \
             then:\n      - action: light.turn_on\n        target:\n          entity_id: \
             light.x\n          area_id: kitchen\n  - action: \"{{ svc }}\"\n  - scene: \
             scene.night\n",
        )
        .unwrap();
        let r = references(&a);
        let ids: Vec<&str> = r.entities.iter().map(|(_, id)| id.as_str()).collect();
        assert_eq!(
            ids,
            ["binary_sensor.m", "person.a", "light.x", "scene.night"]
        );
        assert_eq!(r.entities[1].0, "conditions[0].conditions[0].entity_id");
        assert_eq!(
            r.areas,
            [("actions[0].then[0].target.area_id".into(), "kitchen".into())]
        );
        assert_eq!(r.services.len(), 1);
    }
}
