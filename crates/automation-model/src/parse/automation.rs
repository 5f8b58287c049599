//! The top level of an automation: its own keys and the three lists, in either dialect.

use serde_json::Value;

use super::values::{boolean, describe, integer, mapping_or_none, one_of, text, text_or_number};
use super::{Ctx, Obj, Path, action, condition, trigger};
use crate::error::ProblemKind;
use crate::model::{Automation, MaxExceeded, Mode, Trace};

const TOP_KEYS: &str = "id, alias, description, mode, max, max_exceeded, variables, \
                        trigger_variables, trace, initial_state, triggers, conditions, actions";

/// (modern plural, legacy singular)
const LISTS: [(&str, &str); 3] = [
    ("triggers", "trigger"),
    ("conditions", "condition"),
    ("actions", "action"),
];

pub(crate) fn automation(ctx: &mut Ctx, value: &Value) -> Option<Automation> {
    let root = Path::root();
    let value = unwrap_container(ctx, value);
    let Value::Object(map) = value else {
        ctx.bad(
            &root,
            format!(
                "an automation is a mapping of keys (alias, triggers, actions, …), not {}",
                describe(value)
            ),
        );
        return None;
    };
    let mut obj = Obj::new(map, root);
    let [triggers_key, conditions_key, actions_key] =
        LISTS.map(|pair| pick_key(ctx, &mut obj, pair));
    if ctx.modern_document == Some(true) {
        for (key, (plural, _)) in [triggers_key, conditions_key, actions_key]
            .into_iter()
            .zip(LISTS)
        {
            if let Some(singular) = key.filter(|k| *k != plural) {
                ctx.note(
                    &obj.path.key(singular),
                    format!("`{singular}` is the legacy name beside 2024.10 keys; renamed it to `{plural}`"),
                );
            }
        }
    }

    let mut automation = Automation::default();
    if let Some((v, p)) = obj.take("id") {
        automation.id = text_or_number(ctx, v, &p);
    }
    if let Some((v, p)) = obj.take("alias") {
        automation.alias = text(ctx, v, &p);
    }
    if let Some((v, p)) = obj.take("description") {
        automation.description = text(ctx, v, &p);
    }
    if let Some((v, p)) = obj.take("mode") {
        let modes = Mode::ALL.map(|m| (m.as_str(), m));
        automation.mode = one_of(ctx, v, &p, &modes);
    }
    if let Some((v, p)) = obj.take("max") {
        automation.max =
            integer(ctx, v, &p, 1, i64::from(u32::MAX)).and_then(|n| n.try_into().ok());
    }
    if let Some((v, p)) = obj.take("max_exceeded") {
        let levels = MaxExceeded::ALL.map(|m| (m.as_str(), m));
        automation.max_exceeded = one_of(ctx, v, &p, &levels);
    }
    if let Some((v, p)) = obj.take("variables") {
        automation.variables = mapping_or_none(ctx, v, &p);
    }
    if let Some((v, p)) = obj.take("trigger_variables") {
        automation.trigger_variables = mapping_or_none(ctx, v, &p);
    }
    if let Some((v, p)) = obj.take("trace") {
        automation.trace = trace(ctx, v, &p);
    }
    if let Some((v, p)) = obj.take("initial_state") {
        automation.initial_state = boolean(ctx, v, &p);
    }

    match triggers_key.and_then(|k| obj.take(k)) {
        Some((v, p)) => automation.triggers = trigger::triggers(ctx, v, &p),
        None => ctx.problem(
            &Path::root().key("triggers"),
            ProblemKind::Missing,
            "no triggers: add `triggers:` (`trigger:` before Home Assistant 2024.10) with at \
             least one trigger",
        ),
    }
    if let Some((v, p)) = conditions_key.and_then(|k| obj.take(k)) {
        automation.conditions = condition::conditions(ctx, v, &p);
    }
    match actions_key.and_then(|k| obj.take(k)) {
        Some((v, p)) => automation.actions = action::actions(ctx, v, &p),
        None => ctx.problem(
            &Path::root().key("actions"),
            ProblemKind::Missing,
            "no actions: add `actions:` (`action:` before Home Assistant 2024.10) with at \
             least one step",
        ),
    }
    obj.finish(ctx, "an automation", TOP_KEYS);
    Some(automation)
}

/// In repair mode: one automation inside a list, or under `automation:`, is taken out.
fn unwrap_container<'v>(ctx: &mut Ctx, value: &'v Value) -> &'v Value {
    if !ctx.repairing() {
        return value;
    }
    match value {
        Value::Array(list) if list.len() == 1 && list[0].is_object() => {
            ctx.note(
                &Path::root(),
                "was a list holding one automation; took the automation out of it",
            );
            unwrap_container(ctx, &list[0])
        }
        Value::Object(map) if map.len() == 1 => match map.get("automation") {
            Some(inner) if inner.is_object() || inner.is_array() => {
                ctx.note(&Path::root(), "was wrapped in `automation:`; took it out");
                unwrap_container(ctx, inner)
            }
            _ => value,
        },
        _ => value,
    }
}

/// Which of the plural and singular keys to read. Both present: the plural wins in repair
/// mode (as Home Assistant's editor does), and is a conflict otherwise.
fn pick_key(
    ctx: &mut Ctx,
    obj: &mut Obj<'_>,
    (plural, singular): (&'static str, &'static str),
) -> Option<&'static str> {
    match (obj.has(plural), obj.has(singular)) {
        (true, true) => {
            let path = obj.path.key(singular);
            if ctx.repairing() {
                ctx.note(
                    &path,
                    format!("both `{singular}` and `{plural}` were given; kept `{plural}` and dropped `{singular}` with its content"),
                );
                ctx.dropped.push(path.as_str().to_owned());
            } else {
                ctx.problem(
                    &path,
                    ProblemKind::Conflict,
                    format!("both `{singular}` and `{plural}` are given; keep one (`{plural}` from Home Assistant 2024.10)"),
                );
            }
            obj.skip(singular);
            ctx.modern_document = Some(true);
            Some(plural)
        }
        (true, false) => {
            ctx.modern_document = Some(true);
            Some(plural)
        }
        (false, true) => {
            if ctx.modern_document.is_none() {
                ctx.modern_document = Some(false);
            }
            Some(singular)
        }
        (false, false) => None,
    }
}

fn trace(ctx: &mut Ctx, value: &Value, path: &Path) -> Option<Trace> {
    let Value::Object(map) = value else {
        ctx.bad(
            path,
            format!("expected a mapping, found {}", describe(value)),
        );
        return None;
    };
    let mut obj = Obj::new(map, path.clone());
    let mut trace = Trace::default();
    if let Some((v, p)) = obj.take("stored_traces") {
        trace.stored_traces =
            integer(ctx, v, &p, 0, i64::from(u32::MAX)).and_then(|n| n.try_into().ok());
    }
    obj.finish(ctx, "`trace`", "stored_traces");
    Some(trace)
}
