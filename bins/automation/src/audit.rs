//! The audit of the automations already in Home Assistant: stale ones (never fired, or not for
//! a long time), disabled ones, and pairs that conflict (the same triggers, opposite actions on
//! the same entity). Pure: the route fetches, this judges.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use homeai_automation_model::{Dialect, parse_json, to_json};
use serde::Serialize;
use serde_json::Value;

/// One automation as the audit sees it.
#[derive(Debug, Clone)]
pub struct Audited {
    pub entity_id: String,
    pub alias: Option<String>,
    pub state: String,
    pub last_triggered: Option<DateTime<Utc>>,
    /// The stored config, when the config API could read it.
    pub config: Option<Value>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Stale {
    pub entity_id: String,
    pub alias: Option<String>,
    pub last_triggered: Option<DateTime<Utc>>,
    /// Days since it last fired; `None` when it never has.
    pub days_since: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Conflict {
    pub first: String,
    pub second: String,
    /// The entity they act on in opposite ways.
    pub entity_id: String,
    /// `light.turn_on` against `light.turn_off`, say.
    pub actions: (String, String),
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub total: usize,
    pub stale: Vec<Stale>,
    pub disabled: Vec<String>,
    pub conflicts: Vec<Conflict>,
    /// Automations written in YAML without an id: their triggers and actions were not compared.
    pub unreadable: Vec<String>,
    pub stale_after_days: u32,
}

/// What an action does to an entity, as on/off: (`entity`, `true` for on, the action).
fn effects(config: &Value) -> Vec<(String, bool, String)> {
    let mut out = Vec::new();
    let Some(actions) = config.get("actions").and_then(Value::as_array) else {
        return out;
    };
    for a in actions {
        let Some(action) = a.get("action").and_then(Value::as_str) else {
            continue;
        };
        let service = action.split('.').nth(1).unwrap_or_default();
        let on = match service {
            "turn_on" | "open_cover" | "unlock" | "media_play" => true,
            "turn_off" | "close_cover" | "lock" | "media_pause" | "media_stop" => false,
            _ => continue,
        };
        let ids = a
            .pointer("/target/entity_id")
            .or_else(|| a.pointer("/data/entity_id"))
            .or_else(|| a.get("entity_id"));
        let ids: Vec<String> = match ids {
            Some(Value::String(s)) => s.split(',').map(|x| x.trim().to_owned()).collect(),
            Some(Value::Array(v)) => v
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
            _ => continue,
        };
        for id in ids {
            out.push((id, on, action.to_owned()));
        }
    }
    out
}

/// The triggers as a set of canonical strings (ids, aliases and `enabled: true` dropped).
fn trigger_set(config: &Value) -> BTreeSet<String> {
    config
        .get("triggers")
        .and_then(Value::as_array)
        .map(|ts| {
            ts.iter()
                .map(|t| {
                    let mut t = t.clone();
                    if let Value::Object(m) = &mut t {
                        m.remove("id");
                        m.remove("alias");
                        if m.get("enabled") == Some(&Value::Bool(true)) {
                            m.remove("enabled");
                        }
                    }
                    t.to_string()
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The config in the modern dialect, whatever HA stored (so both dialects compare).
fn modern(config: &Value) -> Option<Value> {
    parse_json(config)
        .ok()
        .map(|m| to_json(&m, Dialect::Modern))
}

pub fn audit(automations: &[Audited], now: DateTime<Utc>, stale_after_days: u32) -> Report {
    let mut stale = Vec::new();
    let mut disabled = Vec::new();
    let mut unreadable = Vec::new();
    let mut readable = Vec::new();
    for a in automations {
        let days = a.last_triggered.map(|t| (now - t).num_days());
        if days.is_none_or(|d| d >= i64::from(stale_after_days)) {
            stale.push(Stale {
                entity_id: a.entity_id.clone(),
                alias: a.alias.clone(),
                last_triggered: a.last_triggered,
                days_since: days,
            });
        }
        if a.state == "off" {
            disabled.push(a.entity_id.clone());
        }
        match a.config.as_ref().and_then(modern) {
            Some(config) => readable.push((a, trigger_set(&config), effects(&config))),
            None => unreadable.push(a.entity_id.clone()),
        }
    }
    let mut conflicts = Vec::new();
    for (i, (a, ta, ea)) in readable.iter().enumerate() {
        for (b, tb, eb) in &readable[i + 1..] {
            if ta.is_empty() || ta != tb {
                continue;
            }
            let clash = ea.iter().find_map(|(ent, on, act)| {
                eb.iter()
                    .find(|(e2, on2, _)| e2 == ent && on2 != on)
                    .map(|(_, _, act2)| (ent.clone(), act.clone(), act2.clone()))
            });
            if let Some((entity, x, y)) = clash {
                conflicts.push(Conflict {
                    first: a.entity_id.clone(),
                    second: b.entity_id.clone(),
                    reason: format!(
                        "both fire on the same triggers; one calls {x} and the other {y} on \
                         {entity}, so the result depends on which runs last"
                    ),
                    entity_id: entity,
                    actions: (x, y),
                });
            }
        }
    }
    Report {
        total: automations.len(),
        stale,
        disabled,
        conflicts,
        unreadable,
        stale_after_days,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn auto(id: &str, state: &str, days_ago: Option<i64>, config: Option<Value>) -> Audited {
        let now = Utc::now();
        Audited {
            entity_id: id.into(),
            alias: None,
            state: state.into(),
            last_triggered: days_ago.map(|d| now - chrono::Duration::days(d)),
            config,
        }
    }

    fn motion(action: &str) -> Value {
        json!({
            "trigger": [{"platform": "state", "entity_id": "binary_sensor.m", "to": "on", "id": "x"}],
            "action": [{"service": action, "target": {"entity_id": "light.hall"}}],
        })
    }

    #[test]
    fn stale_disabled_and_conflicting_are_found() {
        let list = vec![
            auto("automation.a", "on", Some(1), Some(motion("light.turn_on"))),
            auto(
                "automation.b",
                "off",
                Some(90),
                Some(motion("light.turn_off")),
            ),
            auto("automation.c", "on", None, None),
            auto(
                "automation.d",
                "on",
                Some(2),
                Some(json!({
                    "triggers": [{"trigger": "state", "entity_id": "binary_sensor.m", "to": "on"}],
                    "actions": [{"action": "light.turn_on", "target": {"entity_id": "light.hall"}}],
                })),
            ),
        ];
        let r = audit(&list, Utc::now(), 30);
        let stale: Vec<&str> = r.stale.iter().map(|s| s.entity_id.as_str()).collect();
        assert_eq!(stale, ["automation.b", "automation.c"]);
        assert_eq!(r.disabled, ["automation.b"]);
        assert_eq!(r.unreadable, ["automation.c"]);
        // a vs b and b vs d conflict (legacy and modern dialects compare); a and d agree
        let pairs: Vec<(&str, &str)> = r
            .conflicts
            .iter()
            .map(|c| (c.first.as_str(), c.second.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("automation.a", "automation.b"),
                ("automation.b", "automation.d")
            ]
        );
        assert_eq!(r.conflicts[0].entity_id, "light.hall");
    }

    #[test]
    fn different_triggers_do_not_conflict() {
        let mut other = motion("light.turn_off");
        other["trigger"][0]["to"] = json!("off");
        let list = vec![
            auto(
                "automation.on",
                "on",
                Some(1),
                Some(motion("light.turn_on")),
            ),
            auto("automation.off", "on", Some(1), Some(other)),
        ];
        assert!(audit(&list, Utc::now(), 30).conflicts.is_empty());
    }
}
