//! The recorder's answers (compressed history, the logbook) and `validate_config`.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};

use crate::home::Home;

fn epoch(t: DateTime<Utc>) -> f64 {
    t.timestamp_micros() as f64 / 1e6
}

/// `history/history_during_period`: `{entity_id: [{s, a, lu, lc?}]}` (HA's compressed rows;
/// `lc` only when it differs from `lu`).
pub fn compressed_history(
    home: &Home,
    entity_ids: &[String],
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Value {
    let mut out = Map::new();
    for (id, rows) in home.history(entity_ids, start, end) {
        let rows: Vec<Value> = rows
            .iter()
            .map(|s| {
                let mut row = json!({"s": s.state, "a": s.attributes, "lu": epoch(s.last_updated)});
                if s.last_changed != s.last_updated
                    && let Some(m) = row.as_object_mut()
                {
                    m.insert("lc".into(), json!(epoch(s.last_changed)));
                }
                row
            })
            .collect();
        out.insert(id, Value::Array(rows));
    }
    Value::Object(out)
}

/// `logbook/get_events`: who caused each change (a person's user id, or an automation).
pub fn logbook_events(
    home: &Home,
    entity_ids: &[String],
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Value {
    home.logbook(entity_ids, start, end)
        .into_iter()
        .map(|l| {
            let by_automation = l.context_event_type == "automation_triggered";
            json!({
                "when": epoch(l.when),
                "entity_id": l.entity_id,
                "context_id": l.context.id,
                "context_user_id": l.context.user_id,
                "context_event_type": l.context_event_type,
                "context_domain": if by_automation { "automation" } else { "homeassistant" },
            })
        })
        .collect()
}

/// `validate_config`: each of `trigger(s)`, `condition(s)`, `action(s)` given, read by the
/// automation model next to placeholders for the other parts.
pub fn validate_config(msg: &Value) -> Value {
    let mut out = Map::new();
    for key in [
        "trigger",
        "condition",
        "action",
        "triggers",
        "conditions",
        "actions",
    ] {
        let Some(value) = msg.get(key) else {
            continue;
        };
        let legacy = !key.ends_with('s');
        let mut automation = if legacy {
            json!({"alias": "validate", "trigger": [{"platform": "homeassistant", "event": "start"}],
                   "action": [{"service": "homeassistant.turn_on", "target": {"entity_id": "light.x"}}]})
        } else {
            json!({"alias": "validate", "triggers": [{"trigger": "homeassistant", "event": "start"}],
                   "actions": [{"action": "homeassistant.turn_on", "target": {"entity_id": "light.x"}}]})
        };
        if let Some(m) = automation.as_object_mut() {
            m.insert(key.to_owned(), value.clone());
        }
        let verdict = match homeai_automation_model::parse_json(&automation) {
            Ok(_) => json!({"valid": true, "error": null}),
            Err(e) => json!({"valid": false, "error": e.to_string()}),
        };
        out.insert(key.to_owned(), verdict);
    }
    Value::Object(out)
}
