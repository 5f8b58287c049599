//! Reading triggers (`trigger: state` or the legacy `platform: state`).

use serde_json::Value;

use super::values::{
    boolean, describe, duration, ids, integer, items, looks_like_entity, mapping_or_none, one_of,
    state_match, states, text, text_or_number, texts, threshold, time_of_day, time_period,
    weekdays,
};
use super::{Ctx, Obj, Path};
use crate::error::ProblemKind;
use crate::model::*;
use crate::time::TimeOfDay;

const COMMON: &str = "id, alias, enabled, variables";

pub(crate) fn triggers(ctx: &mut Ctx, value: &Value, path: &Path) -> Vec<Trigger> {
    items(ctx, value, path, "trigger")
        .into_iter()
        .filter_map(|(v, p)| trigger(ctx, v, &p))
        .collect()
}

pub(crate) fn trigger(ctx: &mut Ctx, value: &Value, path: &Path) -> Option<Trigger> {
    let Value::Object(map) = value else {
        ctx.bad(
            path,
            format!(
                "a trigger is a mapping such as {{trigger: state, entity_id: …}}, not {}",
                describe(value)
            ),
        );
        return None;
    };
    let mut obj = Obj::new(map, path.clone());
    let platform = platform(ctx, &mut obj)?;
    let mut trigger = Trigger::new(TriggerKind::Other(OpaqueTrigger::default()));
    if let Some((v, p)) = obj.take("id") {
        trigger.id = text_or_number(ctx, v, &p);
    }
    if let Some((v, p)) = obj.take("alias") {
        trigger.alias = text(ctx, v, &p);
    }
    if let Some((v, p)) = obj.take("enabled") {
        trigger.enabled = boolean(ctx, v, &p);
    }
    if let Some((v, p)) = obj.take("variables") {
        trigger.variables = mapping_or_none(ctx, v, &p);
    }
    trigger.kind = kind(ctx, obj, &platform)?;
    Some(trigger)
}

/// The trigger's type from `trigger:` or `platform:`.
fn platform(ctx: &mut Ctx, obj: &mut Obj<'_>) -> Option<String> {
    let key = match (obj.has("trigger"), obj.has("platform")) {
        (true, true) => {
            let path = obj.path.key("platform");
            if ctx.repairing() {
                ctx.note(
                    &path,
                    "both `trigger` and `platform` were given; kept `trigger`",
                );
            } else {
                ctx.problem(
                    &path,
                    ProblemKind::Conflict,
                    "both `trigger` and `platform` are given; keep one",
                );
            }
            obj.skip("platform");
            "trigger"
        }
        (true, false) => {
            if ctx.modern_document == Some(false) {
                let path = obj.path.key("trigger");
                ctx.note(
                    &path,
                    "`trigger:` is the 2024.10 name in a legacy automation; read it as `platform:`",
                );
            }
            "trigger"
        }
        (false, true) => {
            if ctx.modern_document == Some(true) {
                let path = obj.path.key("platform");
                ctx.note(
                    &path,
                    "`platform:` is the legacy name; renamed it to `trigger:`",
                );
            }
            "platform"
        }
        (false, false) => {
            ctx.problem(
                &obj.path,
                ProblemKind::Missing,
                "a trigger needs `trigger:` (`platform:` before Home Assistant 2024.10) naming its type, such as `trigger: state`",
            );
            return None;
        }
    };
    let (v, p) = obj.take(key)?;
    text(ctx, v, &p)
}

fn kind(ctx: &mut Ctx, mut obj: Obj<'_>, platform: &str) -> Option<TriggerKind> {
    let kind = match platform {
        "state" => TriggerKind::State(state(ctx, &mut obj)?),
        "numeric_state" => TriggerKind::NumericState(numeric_state(ctx, &mut obj)?),
        "time" => TriggerKind::Time(time(ctx, &mut obj)?),
        "time_pattern" => TriggerKind::TimePattern(time_pattern(ctx, &mut obj)?),
        "sun" => {
            let (v, p) = obj.require(ctx, "event", "a sun trigger")?;
            let event = one_of(ctx, v, &p, &SUN_EVENTS)?;
            let offset = obj.take("offset").and_then(|(v, p)| duration(ctx, v, &p));
            TriggerKind::Sun(SunTrigger { event, offset })
        }
        "template" => {
            let (v, p) = obj.require(ctx, "value_template", "a template trigger")?;
            let value_template = text(ctx, v, &p)?;
            let for_ = obj.take("for").and_then(|(v, p)| time_period(ctx, v, &p));
            TriggerKind::Template(TemplateTrigger {
                value_template,
                for_,
            })
        }
        "event" => TriggerKind::Event(event(ctx, &mut obj)?),
        "homeassistant" => {
            let (v, p) = obj.require(ctx, "event", "a homeassistant trigger")?;
            let choices =
                [HomeAssistantEvent::Start, HomeAssistantEvent::Shutdown].map(|e| (e.as_str(), e));
            TriggerKind::HomeAssistant(HomeAssistantTrigger {
                event: one_of(ctx, v, &p, &choices)?,
            })
        }
        "mqtt" => TriggerKind::Mqtt(mqtt(ctx, &mut obj)?),
        "zone" => TriggerKind::Zone(zone(ctx, &mut obj)?),
        "webhook" => TriggerKind::Webhook(webhook(ctx, &mut obj)?),
        "tag" => {
            let (v, p) = obj.require(ctx, "tag_id", "a tag trigger")?;
            let tag_id = ids(ctx, v, &p)?;
            let device_id = match obj.take("device_id") {
                Some((v, p)) => texts(ctx, v, &p)?,
                None => Vec::new(),
            };
            TriggerKind::Tag(TagTrigger { tag_id, device_id })
        }
        "calendar" => {
            let (v, p) = obj.require(ctx, "event", "a calendar trigger")?;
            let choices = [CalendarEvent::Start, CalendarEvent::End].map(|e| (e.as_str(), e));
            let event = one_of(ctx, v, &p, &choices)?;
            let (v, p) = obj.require(ctx, "entity_id", "a calendar trigger")?;
            let entity_id = text(ctx, v, &p)?;
            let offset = obj.take("offset").and_then(|(v, p)| duration(ctx, v, &p));
            TriggerKind::Calendar(CalendarTrigger {
                event,
                entity_id,
                offset,
            })
        }
        "conversation" => {
            let (v, p) = obj.require(ctx, "command", "a conversation trigger")?;
            TriggerKind::Conversation(ConversationTrigger {
                command: ids(ctx, v, &p)?,
            })
        }
        "device" => {
            let (v, p) = obj.require(ctx, "device_id", "a device trigger")?;
            let device_id = text(ctx, v, &p)?;
            let (v, p) = obj.require(ctx, "domain", "a device trigger")?;
            let domain = text(ctx, v, &p)?;
            return Some(TriggerKind::Device(DeviceTrigger {
                device_id,
                domain,
                fields: obj.rest(),
            }));
        }
        other => {
            ctx.note(
                &obj.path,
                format!(
                    "kept a trigger of a type this checker does not know (`{other}`) as written"
                ),
            );
            return Some(TriggerKind::Other(OpaqueTrigger {
                platform: other.to_owned(),
                fields: obj.rest(),
            }));
        }
    };
    obj.finish(ctx, &format!("a {platform} trigger"), allowed(platform));
    Some(kind)
}

pub(crate) const SUN_EVENTS: [(&str, SunEvent); 2] =
    [("sunrise", SunEvent::Sunrise), ("sunset", SunEvent::Sunset)];

fn allowed(platform: &str) -> &'static str {
    match platform {
        "state" => {
            "entity_id, attribute, from, to, not_from, not_to, for (and id, alias, enabled, variables)"
        }
        "numeric_state" => {
            "entity_id, attribute, value_template, above, below, for (and id, alias, enabled, variables)"
        }
        "time" => "at, weekday (and id, alias, enabled, variables)",
        "time_pattern" => "hours, minutes, seconds (and id, alias, enabled, variables)",
        "sun" => "event, offset (and id, alias, enabled, variables)",
        "template" => "value_template, for (and id, alias, enabled, variables)",
        "event" => "event_type, event_data, context (and id, alias, enabled, variables)",
        "homeassistant" => "event (and id, alias, enabled, variables)",
        "mqtt" => {
            "topic, payload, value_template, qos, encoding (and id, alias, enabled, variables)"
        }
        "zone" => "entity_id, zone, event (and id, alias, enabled, variables)",
        "webhook" => "webhook_id, allowed_methods, local_only (and id, alias, enabled, variables)",
        "tag" => "tag_id, device_id (and id, alias, enabled, variables)",
        "calendar" => "event, entity_id, offset (and id, alias, enabled, variables)",
        "conversation" => "command (and id, alias, enabled, variables)",
        _ => COMMON,
    }
}

fn state(ctx: &mut Ctx, obj: &mut Obj<'_>) -> Option<StateTrigger> {
    let (v, p) = obj.require(ctx, "entity_id", "a state trigger")?;
    let mut t = StateTrigger {
        entity_id: ids(ctx, v, &p)?,
        ..Default::default()
    };
    if let Some((v, p)) = obj.take("attribute") {
        t.attribute = text(ctx, v, &p);
    }
    if let Some((v, p)) = obj.take("from") {
        t.from = state_match(ctx, v, &p);
    }
    if let Some((v, p)) = obj.take("to") {
        t.to = state_match(ctx, v, &p);
    }
    if let Some((v, p)) = obj.take("not_from") {
        t.not_from = states(ctx, v, &p).unwrap_or_default();
    }
    if let Some((v, p)) = obj.take("not_to") {
        t.not_to = states(ctx, v, &p).unwrap_or_default();
    }
    if let Some((v, p)) = obj.take("for") {
        t.for_ = time_period(ctx, v, &p);
    }
    Some(t)
}

fn numeric_state(ctx: &mut Ctx, obj: &mut Obj<'_>) -> Option<NumericStateTrigger> {
    let (v, p) = obj.require(ctx, "entity_id", "a numeric_state trigger")?;
    let mut t = NumericStateTrigger {
        entity_id: ids(ctx, v, &p)?,
        ..Default::default()
    };
    if let Some((v, p)) = obj.take("attribute") {
        t.attribute = text(ctx, v, &p);
    }
    if let Some((v, p)) = obj.take("value_template") {
        t.value_template = text(ctx, v, &p);
    }
    if let Some((v, p)) = obj.take("above") {
        t.above = threshold(ctx, v, &p);
    }
    if let Some((v, p)) = obj.take("below") {
        t.below = threshold(ctx, v, &p);
    }
    if !obj.has("above") && !obj.has("below") {
        ctx.problem(
            &obj.path,
            ProblemKind::Missing,
            "a numeric_state trigger needs `above`, `below` or both",
        );
    }
    if let Some((v, p)) = obj.take("for") {
        t.for_ = time_period(ctx, v, &p);
    }
    Some(t)
}

fn time(ctx: &mut Ctx, obj: &mut Obj<'_>) -> Option<TimeTrigger> {
    let (v, p) = obj.require(ctx, "at", "a time trigger")?;
    let mut at = Vec::new();
    for (item, item_path) in items(ctx, v, &p, "time") {
        at.extend(time_at(ctx, item, &item_path));
    }
    let weekday = match obj.take("weekday") {
        Some((v, p)) => weekdays(ctx, v, &p),
        None => Vec::new(),
    };
    Some(TimeTrigger { at, weekday })
}

fn time_at(ctx: &mut Ctx, value: &Value, path: &Path) -> Option<TimeAt> {
    match value {
        Value::String(s) if TimeOfDay::looks_like_time(s) => {
            time_of_day(ctx, s, path).map(TimeAt::Time)
        }
        Value::String(s) if looks_like_entity(s) => Some(TimeAt::Entity(s.clone())),
        Value::Object(map) => {
            let mut obj = Obj::new(map, path.clone());
            let (v, p) = obj.require(ctx, "entity_id", "a time with an offset")?;
            let entity_id = text(ctx, v, &p)?;
            let offset = obj.take("offset").and_then(|(v, p)| duration(ctx, v, &p));
            obj.finish(ctx, "a time with an offset", "entity_id, offset");
            Some(TimeAt::EntityOffset { entity_id, offset })
        }
        other => {
            ctx.bad(
                path,
                format!(
                    "expected a time \"HH:MM:SS\", an input_datetime or sensor entity id, or {{entity_id, offset}}; found {}",
                    describe(other)
                ),
            );
            None
        }
    }
}

fn time_pattern(ctx: &mut Ctx, obj: &mut Obj<'_>) -> Option<TimePatternTrigger> {
    let mut t = TimePatternTrigger::default();
    let mut any = false;
    for (key, slot) in [
        ("hours", &mut t.hours),
        ("minutes", &mut t.minutes),
        ("seconds", &mut t.seconds),
    ] {
        if let Some((v, p)) = obj.take(key) {
            any = true;
            *slot = match v {
                Value::Number(_) => integer(ctx, v, &p, 0, 59).map(PatternValue::Number),
                Value::String(s) => Some(PatternValue::Text(s.clone())),
                other => {
                    ctx.bad(
                        &p,
                        format!(
                            "expected a number or a pattern such as \"/15\", found {}",
                            describe(other)
                        ),
                    );
                    None
                }
            };
        }
    }
    if !any {
        ctx.problem(
            &obj.path,
            ProblemKind::Missing,
            "a time_pattern trigger needs `hours`, `minutes` or `seconds`",
        );
    }
    Some(t)
}

fn event(ctx: &mut Ctx, obj: &mut Obj<'_>) -> Option<EventTrigger> {
    let (v, p) = obj.require(ctx, "event_type", "an event trigger")?;
    let mut t = EventTrigger {
        event_type: ids(ctx, v, &p)?,
        ..Default::default()
    };
    if let Some((v, p)) = obj.take("event_data") {
        t.event_data = mapping_or_none(ctx, v, &p);
    }
    if let Some((v, p)) = obj.take("context") {
        t.context = mapping_or_none(ctx, v, &p);
    }
    Some(t)
}

fn mqtt(ctx: &mut Ctx, obj: &mut Obj<'_>) -> Option<MqttTrigger> {
    let (v, p) = obj.require(ctx, "topic", "an mqtt trigger")?;
    let mut t = MqttTrigger {
        topic: text(ctx, v, &p)?,
        ..Default::default()
    };
    if let Some((v, p)) = obj.take("payload") {
        t.payload = text_or_number(ctx, v, &p);
    }
    if let Some((v, p)) = obj.take("value_template") {
        t.value_template = text(ctx, v, &p);
    }
    if let Some((v, p)) = obj.take("qos") {
        t.qos = integer(ctx, v, &p, 0, 2).and_then(|n| u8::try_from(n).ok());
    }
    if let Some((v, p)) = obj.take("encoding") {
        t.encoding = text(ctx, v, &p);
    }
    Some(t)
}

fn zone(ctx: &mut Ctx, obj: &mut Obj<'_>) -> Option<ZoneTrigger> {
    let (v, p) = obj.require(ctx, "entity_id", "a zone trigger")?;
    let entity_id = ids(ctx, v, &p)?;
    let (v, p) = obj.require(ctx, "zone", "a zone trigger")?;
    let zone = text(ctx, v, &p)?;
    let (v, p) = obj.require(ctx, "event", "a zone trigger")?;
    let choices = [ZoneEvent::Enter, ZoneEvent::Leave].map(|e| (e.as_str(), e));
    let event = one_of(ctx, v, &p, &choices)?;
    Some(ZoneTrigger {
        entity_id,
        zone,
        event,
    })
}

fn webhook(ctx: &mut Ctx, obj: &mut Obj<'_>) -> Option<WebhookTrigger> {
    let (v, p) = obj.require(ctx, "webhook_id", "a webhook trigger")?;
    let mut t = WebhookTrigger {
        webhook_id: text(ctx, v, &p)?,
        ..Default::default()
    };
    if let Some((v, p)) = obj.take("allowed_methods") {
        t.allowed_methods = texts(ctx, v, &p).unwrap_or_default();
    }
    if let Some((v, p)) = obj.take("local_only") {
        t.local_only = boolean(ctx, v, &p);
    }
    Some(t)
}
