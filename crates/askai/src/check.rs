//! The last look before an automation leaves the engine: at least one trigger and one step,
//! every entity in the home, every service one its domain has, targets of the service's
//! domain, a message on every notification. Anything else becomes a question, never an
//! automation Home Assistant would refuse.

use crate::home::Home;
use crate::parts::{ConditionPart, Parts, StepPart, TargetPart, TriggerPart};

/// Services per domain that the engine may call.
fn service_known(domain: &str, name: &str) -> bool {
    let names: &[&str] = match domain {
        "light" | "switch" | "input_boolean" | "script" | "automation" => {
            &["turn_on", "turn_off", "toggle"]
        }
        "fan" => &["turn_on", "turn_off", "toggle", "set_percentage"],
        "cover" => &[
            "open_cover",
            "close_cover",
            "stop_cover",
            "toggle",
            "set_cover_position",
        ],
        "lock" => &["lock", "unlock", "open"],
        "climate" => &[
            "set_temperature",
            "set_hvac_mode",
            "set_preset_mode",
            "turn_on",
            "turn_off",
        ],
        "media_player" => &[
            "turn_on",
            "turn_off",
            "toggle",
            "volume_set",
            "volume_mute",
            "media_play",
            "media_pause",
            "media_stop",
            "media_next_track",
            "select_source",
        ],
        "scene" => &["turn_on"],
        "vacuum" => &[
            "start",
            "pause",
            "stop",
            "return_to_base",
            "turn_on",
            "turn_off",
        ],
        _ => &[],
    };
    names.contains(&name)
}

/// What is wrong with understood parts (nothing when they make a valid automation).
pub fn problems(home: &Home, p: &Parts) -> Vec<String> {
    let mut out = Vec::new();
    let known = |id: &str| {
        id == "sun.sun"
            || id.starts_with("zone.")
            || home.entity(id).is_some()
            || home.persons.iter().any(|x| x.entity_id == id)
    };
    if p.triggers.is_empty() {
        out.push("nothing starts it".to_owned());
    }
    let steps: Vec<&StepPart> = p.all_steps().collect();
    if !steps.iter().any(|s| matches!(s, StepPart::Call { .. })) {
        out.push("it does nothing".to_owned());
    }
    for t in &p.triggers {
        if let TriggerPart::State { entity, .. } | TriggerPart::Numeric { entity, .. } = t
            && !known(entity)
        {
            out.push(format!("{entity} is not in this home"));
        }
        // a sensor's state is a reading, never "on"/"off": such a trigger never fires
        if let TriggerPart::State { entity, to, .. } = t
            && entity.starts_with("sensor.")
            && matches!(to.as_str(), "on" | "off")
        {
            out.push(format!(
                "{entity} reports a number, so it is never \"{to}\": say above or below what"
            ));
        }
    }
    // "at 6:45 on weekdays and at 8 on weekends": two sets of days that never hold together
    // (each belongs to its own time, which one condition list cannot say)
    let day_sets: Vec<&Vec<homeai_automation_model::Weekday>> = p
        .conditions
        .iter()
        .filter_map(|c| match c {
            ConditionPart::Weekdays(d) => Some(d),
            _ => None,
        })
        .collect();
    if day_sets.iter().enumerate().any(|(i, a)| {
        day_sets[i + 1..]
            .iter()
            .any(|b| !a.iter().any(|d| b.contains(d)))
    }) {
        out.push(
            "two sets of days that never hold at once: say each time with its days as its own \
             request"
                .to_owned(),
        );
    }
    for c in &p.conditions {
        match c {
            ConditionPart::State { entity, .. } | ConditionPart::Numeric { entity, .. }
                if !known(entity) =>
            {
                out.push(format!("{entity} is not in this home"));
            }
            _ => {}
        }
    }
    for s in steps {
        let StepPart::Call {
            service,
            target,
            data,
        } = s
        else {
            continue;
        };
        let (domain, name) = service.split_once('.').unwrap_or((service.as_str(), ""));
        if domain == "notify" {
            let listed = home.services.iter().any(|x| x.service == *service)
                || home
                    .persons
                    .iter()
                    .any(|x| x.notify.as_deref() == Some(service.as_str()));
            if !listed {
                out.push(format!("{service} is not a notify service of this home"));
            }
            let message = data
                .get("message")
                .and_then(|m| m.as_str())
                .unwrap_or_default();
            if message.is_empty() {
                out.push(format!("{service} has no message"));
            }
            continue;
        }
        if !service_known(domain, name) {
            out.push(format!("{service} is not a service of {domain}"));
        }
        match target {
            TargetPart::Entities(ids) => {
                for id in ids {
                    if !known(id) {
                        out.push(format!("{id} is not in this home"));
                    } else if id.split('.').next() != Some(domain) {
                        out.push(format!("{id} is not a {domain}"));
                    }
                }
                if ids.is_empty() {
                    out.push(format!("{service} has no target"));
                }
            }
            TargetPart::Area(a, _) if home.area(a).is_none() => {
                out.push(format!("area {a} is not in this home"))
            }
            TargetPart::None => out.push(format!("{service} has no target")),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::home::Entity;
    use homeai_automation_model::SunEvent;

    fn home() -> Home {
        Home {
            entities: vec![Entity {
                entity_id: "light.porch".into(),
                name: "Porch".into(),
                domain: "light".into(),
                ..Entity::default()
            }],
            ..Home::default()
        }
    }

    fn call(service: &str, id: &str) -> StepPart {
        StepPart::Call {
            service: service.into(),
            target: TargetPart::Entities(vec![id.into()]),
            data: serde_json::Map::new(),
        }
    }

    #[test]
    fn a_complete_automation_has_no_problems_and_each_flaw_is_named() {
        let good = Parts {
            triggers: vec![TriggerPart::Sun(SunEvent::Sunset, 0)],
            steps: vec![call("light.turn_on", "light.porch")],
            ..Parts::default()
        };
        assert!(problems(&home(), &good).is_empty());
        let bad = Parts {
            triggers: vec![],
            steps: vec![
                call("light.open_cover", "light.garden"),
                call("switch.turn_on", "light.porch"),
            ],
            ..Parts::default()
        };
        let found = problems(&home(), &bad);
        assert!(
            found.iter().any(|p| p.contains("nothing starts it")),
            "{found:?}"
        );
        assert!(
            found.iter().any(|p| p.contains("light.open_cover")),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|p| p.contains("light.garden is not in this home")),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|p| p.contains("light.porch is not a switch")),
            "{found:?}"
        );
    }
}
