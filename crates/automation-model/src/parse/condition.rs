//! Reading conditions, long and shorthand (`- or: […]`, a bare template).

use serde_json::Value;

use super::trigger::SUN_EVENTS;
use super::values::{
    boolean, describe, duration, ids, is_template, items, looks_like_entity, one_of, states, text,
    threshold, time_of_day, time_period, weekdays,
};
use super::{Ctx, Obj, Path};
use crate::error::ProblemKind;
use crate::model::*;
use crate::time::TimeOfDay;

pub(crate) fn conditions(ctx: &mut Ctx, value: &Value, path: &Path) -> Vec<Condition> {
    items(ctx, value, path, "condition")
        .into_iter()
        .filter_map(|(v, p)| condition(ctx, v, &p))
        .collect()
}

pub(crate) fn condition(ctx: &mut Ctx, value: &Value, path: &Path) -> Option<Condition> {
    match value {
        Value::String(s) if is_template(s) => {
            Some(Condition::new(ConditionKind::Template(TemplateCondition {
                value_template: s.clone(),
            })))
        }
        Value::Object(map) => {
            if !ctx.enter(path) {
                return None;
            }
            let mut obj = Obj::new(map, path.clone());
            let alias = obj.take("alias").and_then(|(v, p)| text(ctx, v, &p));
            let enabled = obj.take("enabled").and_then(|(v, p)| boolean(ctx, v, &p));
            let kind = kind(ctx, obj, "");
            ctx.leave();
            Some(Condition {
                alias,
                enabled,
                kind: kind?,
            })
        }
        other => {
            ctx.bad(
                path,
                format!(
                    "a condition is a mapping such as {{condition: state, …}} or a template \
                     \"{{{{ … }}}}\", not {}",
                    describe(other)
                ),
            );
            None
        }
    }
}

/// The kind of a condition from its mapping, whose `alias`/`enabled` (and, for a step,
/// `continue_on_error`) are already read; `extra` names those extra keys for messages.
pub(crate) fn kind(ctx: &mut Ctx, mut obj: Obj<'_>, extra: &str) -> Option<ConditionKind> {
    let Some((v, p)) = obj.take("condition") else {
        return shorthand(ctx, obj, extra);
    };
    let name = text(ctx, v, &p)?;
    if is_template(&name) {
        obj.finish(ctx, "a template condition", &with_common("", extra));
        return Some(ConditionKind::Template(TemplateCondition {
            value_template: name,
        }));
    }
    let kind = match name.as_str() {
        "state" => ConditionKind::State(state(ctx, &mut obj)?),
        "numeric_state" => ConditionKind::NumericState(numeric_state(ctx, &mut obj)?),
        "time" => ConditionKind::Time(time(ctx, &mut obj)?),
        "sun" => ConditionKind::Sun(sun(ctx, &mut obj)?),
        "template" => {
            let (v, p) = obj.require(ctx, "value_template", "a template condition")?;
            ConditionKind::Template(TemplateCondition {
                value_template: text(ctx, v, &p)?,
            })
        }
        "zone" => {
            let (v, p) = obj.require(ctx, "entity_id", "a zone condition")?;
            let entity_id = ids(ctx, v, &p)?;
            let (v, p) = obj.require(ctx, "zone", "a zone condition")?;
            ConditionKind::Zone(ZoneCondition {
                entity_id,
                zone: ids(ctx, v, &p)?,
            })
        }
        "trigger" => {
            let (v, p) = obj.require(ctx, "id", "a trigger condition")?;
            ConditionKind::Trigger(TriggerCondition {
                id: ids(ctx, v, &p)?,
            })
        }
        "device" => {
            let (v, p) = obj.require(ctx, "device_id", "a device condition")?;
            let device_id = text(ctx, v, &p)?;
            let (v, p) = obj.require(ctx, "domain", "a device condition")?;
            let domain = text(ctx, v, &p)?;
            return Some(ConditionKind::Device(DeviceCondition {
                device_id,
                domain,
                fields: obj.rest(),
            }));
        }
        "and" | "or" | "not" => {
            let (v, p) = obj.require(ctx, "conditions", &format!("an `{name}` condition"))?;
            logical(&name, conditions(ctx, v, &p))
        }
        other => {
            ctx.note(
                &obj.path,
                format!(
                    "kept a condition of a type this checker does not know (`{other}`) as \
                     written"
                ),
            );
            return Some(ConditionKind::Other(OpaqueCondition {
                condition: other.to_owned(),
                fields: obj.rest(),
            }));
        }
    };
    let what = format!("a {name} condition");
    obj.finish(ctx, &what, &with_common(allowed(&name), extra));
    Some(kind)
}

fn logical(name: &str, list: Vec<Condition>) -> ConditionKind {
    match name {
        "and" => ConditionKind::And(list),
        "or" => ConditionKind::Or(list),
        _ => ConditionKind::Not(list),
    }
}

/// `- and: […]`, `- or: […]`, `- not: […]`.
fn shorthand(ctx: &mut Ctx, mut obj: Obj<'_>, extra: &str) -> Option<ConditionKind> {
    let found: Vec<&str> = ["and", "or", "not"]
        .into_iter()
        .filter(|k| obj.has(k))
        .collect();
    match found.as_slice() {
        [name] => {
            let (v, p) = obj.take(name)?;
            let list = conditions(ctx, v, &p);
            obj.finish(
                ctx,
                &format!("an `{name}` condition"),
                &with_common("", extra),
            );
            Some(logical(name, list))
        }
        [] => {
            ctx.problem(
                &obj.path,
                ProblemKind::Missing,
                "a condition needs `condition:` naming its type, such as `condition: state`",
            );
            None
        }
        _ => {
            ctx.problem(
                &obj.path,
                ProblemKind::Conflict,
                format!(
                    "`{}` in one condition; write each as its own condition",
                    found.join("` and `")
                ),
            );
            None
        }
    }
}

fn with_common(kind_keys: &str, extra: &str) -> String {
    let common = format!("alias, enabled{extra}");
    if kind_keys.is_empty() {
        common
    } else {
        format!("{kind_keys} (and {common})")
    }
}

fn allowed(name: &str) -> &'static str {
    match name {
        "state" => "entity_id, state, attribute, for, match",
        "numeric_state" => "entity_id, attribute, value_template, above, below",
        "time" => "after, before, weekday",
        "sun" => "after, before, after_offset, before_offset",
        "template" => "value_template",
        "zone" => "entity_id, zone",
        "trigger" => "id",
        _ => "conditions",
    }
}

fn state(ctx: &mut Ctx, obj: &mut Obj<'_>) -> Option<StateCondition> {
    let (v, p) = obj.require(ctx, "entity_id", "a state condition")?;
    let entity_id = ids(ctx, v, &p)?;
    let (v, p) = obj.require(ctx, "state", "a state condition")?;
    let mut c = StateCondition {
        entity_id,
        state: states(ctx, v, &p)?,
        ..Default::default()
    };
    if let Some((v, p)) = obj.take("attribute") {
        c.attribute = text(ctx, v, &p);
    }
    if let Some((v, p)) = obj.take("for") {
        c.for_ = time_period(ctx, v, &p);
    }
    if let Some((v, p)) = obj.take("match") {
        c.match_ = one_of(ctx, v, &p, &[("all", Match::All), ("any", Match::Any)]);
    }
    Some(c)
}

fn numeric_state(ctx: &mut Ctx, obj: &mut Obj<'_>) -> Option<NumericStateCondition> {
    let (v, p) = obj.require(ctx, "entity_id", "a numeric_state condition")?;
    let mut c = NumericStateCondition {
        entity_id: ids(ctx, v, &p)?,
        ..Default::default()
    };
    if let Some((v, p)) = obj.take("attribute") {
        c.attribute = text(ctx, v, &p);
    }
    if let Some((v, p)) = obj.take("value_template") {
        c.value_template = text(ctx, v, &p);
    }
    if let Some((v, p)) = obj.take("above") {
        c.above = threshold(ctx, v, &p);
    }
    if let Some((v, p)) = obj.take("below") {
        c.below = threshold(ctx, v, &p);
    }
    if !obj.has("above") && !obj.has("below") {
        ctx.problem(
            &obj.path,
            ProblemKind::Missing,
            "a numeric_state condition needs `above`, `below` or both",
        );
    }
    Some(c)
}

fn time(ctx: &mut Ctx, obj: &mut Obj<'_>) -> Option<TimeCondition> {
    let mut c = TimeCondition::default();
    if let Some((v, p)) = obj.take("after") {
        c.after = time_ref(ctx, v, &p);
    }
    if let Some((v, p)) = obj.take("before") {
        c.before = time_ref(ctx, v, &p);
    }
    if let Some((v, p)) = obj.take("weekday") {
        c.weekday = weekdays(ctx, v, &p);
    }
    if c.after.is_none() && c.before.is_none() && c.weekday.is_empty() {
        ctx.problem(
            &obj.path,
            ProblemKind::Missing,
            "a time condition needs `after`, `before` or `weekday`",
        );
    }
    Some(c)
}

fn time_ref(ctx: &mut Ctx, value: &Value, path: &Path) -> Option<TimeRef> {
    match value {
        Value::String(s) if TimeOfDay::looks_like_time(s) => {
            time_of_day(ctx, s, path).map(TimeRef::Time)
        }
        Value::String(s) if looks_like_entity(s) => Some(TimeRef::Entity(s.clone())),
        other => {
            ctx.bad(
                path,
                format!(
                    "expected a time \"HH:MM:SS\" or an input_datetime / sensor entity id, \
                     found {}",
                    describe(other)
                ),
            );
            None
        }
    }
}

fn sun(ctx: &mut Ctx, obj: &mut Obj<'_>) -> Option<SunCondition> {
    let mut c = SunCondition::default();
    if let Some((v, p)) = obj.take("after") {
        c.after = one_of(ctx, v, &p, &SUN_EVENTS);
    }
    if let Some((v, p)) = obj.take("before") {
        c.before = one_of(ctx, v, &p, &SUN_EVENTS);
    }
    if let Some((v, p)) = obj.take("after_offset") {
        c.after_offset = duration(ctx, v, &p);
    }
    if let Some((v, p)) = obj.take("before_offset") {
        c.before_offset = duration(ctx, v, &p);
    }
    if !obj.has("after") && !obj.has("before") {
        ctx.problem(
            &obj.path,
            ProblemKind::Missing,
            "a sun condition needs `after`, `before` or both",
        );
    }
    Some(c)
}
