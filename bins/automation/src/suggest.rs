//! Turning habits into draft automations. The automation is built as a typed model (parsed from
//! a structured value, never from text) and rendered by the model's own renderer.

use homeai_automation_model::{Dialect, parse_json, to_json};
use homeai_db::repo::suggestions::NewSuggestion;
use homeai_db::repo::synergies::StoredSynergy;
use homeai_domain::pattern::{PatternKind, StoredPattern};
use serde_json::{Value, json};

/// The service call that puts `entity` into `state`, if homeai knows one.
fn action_for(entity: &str, state: &str) -> Option<Value> {
    let domain = entity.split('.').next()?;
    let target = json!({ "entity_id": entity });
    let call = |action: &str| json!({ "action": action, "target": target });
    Some(match (domain, state) {
        ("light" | "switch" | "fan" | "input_boolean" | "media_player", "on") => {
            call(&format!("{domain}.turn_on"))
        }
        ("light" | "switch" | "fan" | "input_boolean" | "media_player", "off") => {
            call(&format!("{domain}.turn_off"))
        }
        ("cover", "open") => call("cover.open_cover"),
        ("cover", "closed") => call("cover.close_cover"),
        ("lock", "locked") => call("lock.lock"),
        ("lock", "unlocked") => call("lock.unlock"),
        ("climate", mode) => {
            json!({ "action": "climate.set_hvac_mode", "target": target, "data": { "hvac_mode": mode } })
        }
        _ => return None,
    })
}

fn opposite(state: &str) -> Option<&'static str> {
    match state {
        "on" => Some("off"),
        "open" => Some("closed"),
        _ => None,
    }
}

fn hhmm(minute: f64) -> String {
    let m = minute.rem_euclid(1440.0).round() as u32 % 1440;
    format!("{:02}:{:02}:00", m / 60, m % 60)
}

fn weekday_condition(days: &str) -> Option<Value> {
    match days {
        "weekdays" => {
            Some(json!({ "condition": "time", "weekday": ["mon", "tue", "wed", "thu", "fri"] }))
        }
        "weekends" => Some(json!({ "condition": "time", "weekday": ["sat", "sun"] })),
        _ => None,
    }
}

/// The trigger, conditions and actions a pattern suggests, or `None` for a kind or state homeai
/// cannot act on.
fn spec(p: &StoredPattern) -> Option<(Value, Vec<Value>, Vec<Value>)> {
    let param = |k: &str| p.params.get(k);
    let text = |k: &str| param(k).and_then(Value::as_str).map(str::to_owned);
    let entity = p.entities.last()?.clone();
    match p.kind {
        PatternKind::TimeOfDay | PatternKind::Seasonal => {
            let state = text("state")?;
            let at = hhmm(param("minute")?.as_f64()?);
            let conditions = weekday_condition(&text("days")?).into_iter().collect();
            Some((
                json!({ "trigger": "time", "at": at }),
                conditions,
                vec![action_for(&entity, &state)?],
            ))
        }
        PatternKind::SunRelative => {
            let state = text("state")?;
            let offset = param("offset_minutes")?.as_i64()?;
            let sign = if offset < 0 { "-" } else { "" };
            let offset = format!("{sign}{:02}:{:02}:00", offset.abs() / 60, offset.abs() % 60);
            Some((
                json!({ "trigger": "sun", "event": text("event")?, "offset": offset }),
                vec![],
                vec![action_for(&entity, &state)?],
            ))
        }
        PatternKind::Sequence | PatternKind::CoOccurrence => {
            let from = p.entities.first()?;
            let trigger =
                json!({ "trigger": "state", "entity_id": from, "to": text("from_state")? });
            Some((
                trigger,
                vec![],
                vec![action_for(&entity, &text("to_state")?)?],
            ))
        }
        PatternKind::Duration => {
            let state = text("state")?;
            let minutes = param("minutes")?.as_f64()?.round() as i64;
            let trigger = json!({ "trigger": "state", "entity_id": entity, "to": state, "for": { "minutes": minutes } });
            Some((
                trigger,
                vec![],
                vec![action_for(&entity, opposite(&state)?)?],
            ))
        }
        PatternKind::StateConditioned => {
            let sensor = p.entities.first()?;
            let state = text("state")?;
            let (side, value) = match (
                param("above").and_then(Value::as_f64),
                param("below").and_then(Value::as_f64),
            ) {
                (Some(v), _) => ("above", v),
                (_, Some(v)) => ("below", v),
                _ => return None,
            };
            let trigger = json!({ "trigger": "numeric_state", "entity_id": sensor, side: value });
            Some((trigger, vec![], vec![action_for(&entity, &state)?]))
        }
    }
}

/// What an automation (modern-dialect JSON) triggers on, checks and does, without the words:
/// its identity for deduplication.
pub fn fingerprint(automation: &Value) -> String {
    json!({
        "triggers": automation.get("triggers"),
        "conditions": automation.get("conditions"),
        "actions": automation.get("actions"),
    })
    .to_string()
}

/// A draft suggestion from a pattern, or `None` when it suggests nothing homeai can write.
pub fn from_pattern(p: &StoredPattern) -> Option<NewSuggestion> {
    let (trigger, conditions, actions) = spec(p)?;
    let title = format!(
        "Automate: {}",
        p.description.split(" (").next().unwrap_or(&p.description)
    );
    let title: String = title.chars().take(200).collect();
    let value = json!({
        "alias": title,
        "description": format!("Suggested by homeai from a habit: {}", p.description),
        "mode": "single",
        "triggers": [trigger],
        "conditions": conditions,
        "actions": actions,
    });
    let model = parse_json(&value).ok()?;
    let automation = to_json(&model, Dialect::Modern);
    let fingerprint = fingerprint(&automation);
    Some(NewSuggestion {
        source: "pattern",
        pattern_id: Some(p.id),
        synergy_id: None,
        title,
        description: p.description.clone(),
        automation_json: automation,
        evidence: json!({
            "support": p.support, "days_seen": p.days_seen, "days_observed": p.days_observed,
            "time_spread_min": p.time_spread_min, "samples": p.evidence, "season": p.season,
        }),
        confidence: p.confidence,
        rank_score: p.confidence,
        rank_reason: format!("confidence {:.2} of the habit", p.confidence),
        fingerprint,
    })
}

fn object_name(entity: &str) -> String {
    entity.split('.').nth(1).unwrap_or(entity).replace('_', " ")
}

/// A draft from a synergy, or `None` for a relationship homeai has no recipe for. Lights that
/// follow a motion or door sensor get what the habit alone does not say: they turn on when it
/// fires and off again once it has been quiet for five minutes (`mode: restart`, so new motion
/// starts the wait again).
pub fn from_synergy(s: &StoredSynergy) -> Option<NewSuggestion> {
    if !matches!(
        s.relationship.as_str(),
        "motion_lighting" | "entry_lighting"
    ) {
        return None;
    }
    let (sensor, target) = (&s.trigger_entity, &s.action_entity);
    let domain = target.split('.').next()?;
    if !matches!(domain, "light" | "switch") || !sensor.starts_with("binary_sensor.") {
        return None;
    }
    let title: String = format!("{} follows {}", object_name(target), object_name(sensor))
        .chars()
        .take(200)
        .collect();
    let value = json!({
        "alias": title,
        "description": format!("Suggested by homeai from a synergy: {}", s.explanation),
        "mode": "restart",
        "triggers": [{ "trigger": "state", "entity_id": sensor, "to": "on" }],
        "conditions": [],
        "actions": [
            { "action": format!("{domain}.turn_on"), "target": { "entity_id": target } },
            { "wait_for_trigger": [{ "trigger": "state", "entity_id": sensor, "to": "off", "for": { "minutes": 5 } }] },
            { "action": format!("{domain}.turn_off"), "target": { "entity_id": target } },
        ],
    });
    let model = parse_json(&value).ok()?;
    let automation = to_json(&model, Dialect::Modern);
    Some(NewSuggestion {
        source: "synergy",
        pattern_id: None,
        synergy_id: Some(s.id),
        title,
        description: format!(
            "Turn {} on when {} fires, and off again after 5 quiet minutes ({}).",
            object_name(target),
            object_name(sensor),
            s.relationship.replace('_', " ")
        ),
        fingerprint: fingerprint(&automation),
        automation_json: automation,
        evidence: json!({
            "support": s.support, "lift": s.lift, "impact_score": s.impact_score,
            "relationship": s.relationship, "samples": s.evidence,
            "supporting_patterns": s.supporting_patterns,
        }),
        confidence: s.confidence,
        rank_score: s.confidence,
        rank_reason: String::new(),
    })
}
