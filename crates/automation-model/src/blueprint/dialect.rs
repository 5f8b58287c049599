//! Writing a blueprint body's keys in one dialect.
//!
//! A body cannot go through the typed model (its `!input` values are not yet values), so
//! this renames the keys that differ between the dialects where they stand in an
//! automation: the three top-level lists, a trigger's `platform`/`trigger`, and a call's
//! `service`/`action`, in nested steps (`choose`, `if`, `repeat`, `parallel`, `sequence`) and
//! `wait_for_trigger` too. Everything else, `!input` references included, is kept.

use serde_json::{Map, Value};

use crate::dialect::Dialect;

/// The body with its keys in `dialect`'s words.
pub(crate) fn to_dialect(body: &Value, dialect: Dialect) -> Value {
    let Value::Object(map) = body else {
        return body.clone();
    };
    let (triggers, conditions, actions) = dialect.list_keys();
    let mut out = Map::new();
    for (key, value) in map {
        let (renamed, value) = match key.as_str() {
            "trigger" | "triggers" => (triggers, list(value, dialect, trigger)),
            "condition" | "conditions" => (conditions, value.clone()),
            "action" | "actions" => (actions, list(value, dialect, step)),
            _ => (key.as_str(), value.clone()),
        };
        // Both spellings given (a conflict the parser reports): keep both as written.
        let name = if renamed != key && map.contains_key(renamed) {
            key.as_str()
        } else {
            renamed
        };
        out.insert(name.to_owned(), value);
    }
    Value::Object(out)
}

/// A list of items (or one item), each rewritten by `item`.
fn list(value: &Value, dialect: Dialect, item: fn(&Value, Dialect) -> Value) -> Value {
    match value {
        Value::Array(items) => Value::Array(items.iter().map(|v| item(v, dialect)).collect()),
        other => item(other, dialect),
    }
}

/// Rename `from` (one of `spellings`) to `to` when exactly one spelling is present.
fn rename(map: &mut Map<String, Value>, spellings: [&str; 2], to: &str) {
    let present: Vec<&str> = spellings
        .into_iter()
        .filter(|k| map.contains_key(*k))
        .collect();
    if let [from] = present[..]
        && from != to
        && let Some(v) = map.remove(from)
    {
        map.insert(to.to_owned(), v);
    }
}

fn trigger(value: &Value, dialect: Dialect) -> Value {
    let Value::Object(map) = value else {
        return value.clone();
    };
    let mut map = map.clone();
    rename(&mut map, ["platform", "trigger"], dialect.trigger_key());
    Value::Object(map)
}

fn step(value: &Value, dialect: Dialect) -> Value {
    let Value::Object(map) = value else {
        return value.clone();
    };
    let mut map = map.clone();
    if !map.contains_key("condition") {
        rename(&mut map, ["service", "action"], dialect.call_key());
    }
    for key in ["then", "else", "default", "sequence", "parallel"] {
        if let Some(v) = map.get_mut(key) {
            *v = list(v, dialect, step);
        }
    }
    if let Some(v) = map.get_mut("wait_for_trigger") {
        *v = list(v, dialect, trigger);
    }
    if let Some(Value::Object(repeat)) = map.get_mut("repeat")
        && let Some(v) = repeat.get_mut("sequence")
    {
        *v = list(v, dialect, step);
    }
    if let Some(Value::Array(options)) = map.get_mut("choose") {
        for option in options.iter_mut() {
            if let Some(v) = option.get_mut("sequence") {
                *v = list(v, dialect, step);
            }
        }
    }
    Value::Object(map)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::ServiceKey;
    use serde_json::json;

    #[test]
    fn renames_lists_platforms_and_calls_at_every_depth() {
        let legacy = json!({
            "mode": "single",
            "trigger": [{"platform": "state", "entity_id": {"!input": "door"}}],
            "condition": [{"condition": "state", "entity_id": "x.y", "state": "on"}],
            "action": [
                {"service": "light.turn_on", "target": {"!input": "lights"}},
                {"wait_for_trigger": {"platform": "state", "entity_id": "a.b"}, "timeout": {"!input": "t"}},
                {"if": [{"condition": "trigger", "id": "x"}], "then": [{"service": "a.b"}],
                 "else": {"service": "c.d"}},
                {"choose": [{"conditions": [], "sequence": [{"service": "e.f"}]}], "default": [{"service": "g.h"}]},
                {"repeat": {"count": 2, "sequence": [{"service": "i.j"}]}},
                {"parallel": [{"service": "k.l"}, {"sequence": [{"service": "m.n"}]}]},
            ],
        });
        let modern = to_dialect(&legacy, Dialect::Modern);
        let text = modern.to_string();
        assert!(
            !text.contains("service") && !text.contains("platform"),
            "{text}"
        );
        assert_eq!(modern["triggers"][0]["trigger"], "state");
        assert_eq!(modern["actions"][2]["else"]["action"], "c.d");
        assert_eq!(modern["actions"][1]["wait_for_trigger"]["trigger"], "state");
        let back = to_dialect(
            &modern,
            Dialect::Legacy {
                service_key: ServiceKey::Service,
            },
        );
        assert_eq!(back, legacy);
    }

    #[test]
    fn keeps_both_spellings_when_both_are_given() {
        let both = json!({"trigger": [], "triggers": [], "actions": []});
        let legacy = to_dialect(
            &both,
            Dialect::Legacy {
                service_key: ServiceKey::Action,
            },
        );
        assert!(legacy.get("trigger").is_some() && legacy.get("triggers").is_some());
        assert!(legacy.get("action").is_some());
    }
}
