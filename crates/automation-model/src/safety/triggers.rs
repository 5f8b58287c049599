//! What the triggers say for safety: those no person is behind, the entities they watch
//! (with the states that fire them), and how often a time pattern fires.

use serde_json::Value;

use super::values::domain_of;
use crate::model::*;

/// The triggers no person is behind: `(path, what it is, in words)`.
pub(super) fn unwatched_triggers(triggers: &[Trigger]) -> Vec<(String, String)> {
    let person_entity = |id: &str| {
        matches!(
            domain_of(id),
            "person" | "device_tracker" | "input_button" | "button" | "event"
        )
    };
    let mut out = Vec::new();
    for (i, trigger) in triggers.iter().enumerate() {
        if trigger.enabled == Some(false) {
            continue;
        }
        let words = match &trigger.kind {
            TriggerKind::Tag(_) | TriggerKind::Conversation(_) | TriggerKind::Zone(_) => None,
            TriggerKind::State(s) if s.entity_id.iter().all(|id| person_entity(id)) => None,
            TriggerKind::Event(e)
                if e.event_type.iter().all(|t| {
                    t.contains("notification_action")
                        || t.contains("action_fired")
                        || t == "tag_scanned"
                }) =>
            {
                None
            }
            TriggerKind::Device(d) => {
                let kind = d
                    .fields
                    .get("type")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                let pressed = ["button", "press", "remote", "click", "tap"]
                    .iter()
                    .any(|w| kind.contains(w));
                (!pressed).then(|| format!("a `{kind}` device trigger"))
            }
            TriggerKind::State(s) => Some(format!("the state of {}", s.entity_id.join(", "))),
            TriggerKind::NumericState(n) => {
                Some(format!("the value of {}", n.entity_id.join(", ")))
            }
            TriggerKind::Time(_) => Some("a time of day".to_owned()),
            TriggerKind::TimePattern(_) => Some("a time pattern".to_owned()),
            TriggerKind::Sun(_) => Some("sunrise or sunset".to_owned()),
            other => Some(format!("a `{}` trigger", other.platform())),
        };
        if let Some(words) = words {
            out.push((format!("triggers[{i}]"), words));
        }
    }
    out
}

/// Entity ids the triggers watch, with the states that fire them (`None`: any change), and the
/// states that never fire them.
pub(super) struct Watched {
    pub(super) path: String,
    pub(super) entity_id: String,
    pub(super) to: Option<Vec<String>>,
    pub(super) not_to: Vec<String>,
}

pub(super) fn watched_entities(triggers: &[Trigger]) -> Vec<Watched> {
    let mut out = Vec::new();
    for (i, trigger) in triggers.iter().enumerate() {
        if trigger.enabled == Some(false) {
            continue;
        }
        let path = format!("triggers[{i}]");
        match &trigger.kind {
            TriggerKind::State(s) => {
                let to = match (&s.to, &s.attribute) {
                    (Some(StateMatch::States(states)), None) => Some(states.clone()),
                    _ => None,
                };
                for id in &s.entity_id {
                    out.push(Watched {
                        path: path.clone(),
                        entity_id: id.clone(),
                        to: to.clone(),
                        not_to: s.not_to.clone(),
                    });
                }
            }
            TriggerKind::NumericState(n) => {
                for id in &n.entity_id {
                    out.push(Watched {
                        path: path.clone(),
                        entity_id: id.clone(),
                        to: None,
                        not_to: Vec::new(),
                    });
                }
            }
            _ => {}
        }
    }
    out
}

/// One field of a time pattern as Home Assistant reads it.
#[derive(Clone, Copy)]
enum Field {
    Any,
    Every(u64),
    Fixed,
}

fn field(value: &Option<PatternValue>) -> Option<Field> {
    Some(match value.as_ref()? {
        PatternValue::Number(_) => Field::Fixed,
        PatternValue::Text(t) => {
            let t = t.trim();
            if t == "*" {
                Field::Any
            } else if let Some(n) = t.strip_prefix('/') {
                match n.trim().parse::<u64>() {
                    Ok(n) if n > 0 => Field::Every(n),
                    _ => Field::Fixed,
                }
            } else {
                Field::Fixed
            }
        }
    })
}

/// About how many seconds apart a time pattern fires (`None`: unreadable). Home Assistant
/// sets smaller units left out to 0 when a larger one is given, larger ones to "any".
pub(super) fn pattern_period(p: &TimePatternTrigger) -> Option<u64> {
    let hours = field(&p.hours);
    let minutes = field(&p.minutes).or(hours.map(|_| Field::Fixed));
    let seconds = field(&p.seconds).or(minutes.map(|_| Field::Fixed));
    let minutes = minutes.unwrap_or(Field::Any);
    let hours = hours.unwrap_or(Field::Any);
    let seconds = seconds?;
    Some(match (seconds, minutes, hours) {
        (Field::Any, _, _) => 1,
        (Field::Every(n), _, _) => n,
        (Field::Fixed, Field::Any, _) => 60,
        (Field::Fixed, Field::Every(n), _) => 60 * n,
        (Field::Fixed, Field::Fixed, Field::Any) => 3600,
        (Field::Fixed, Field::Fixed, Field::Every(n)) => 3600 * n,
        (Field::Fixed, Field::Fixed, Field::Fixed) => 86_400,
    })
}
