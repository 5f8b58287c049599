//! Reading action steps. The kind of a step is told by its keys, in the order Home Assistant
//! uses; a step no key identifies is kept as written.

use serde_json::{Map, Value};

use super::values::{
    boolean, describe, int_or_template, is_template, items, mapping, mapping_or_none, text,
    text_or_number, time_period,
};
use super::{Ctx, Obj, Path, condition, trigger};
use crate::error::ProblemKind;
use crate::model::*;

mod call;

const STEP_COMMON: &str = "alias, enabled, continue_on_error";
const STEP_KINDS: &str = "action, delay, wait_template, wait_for_trigger, condition, choose, if, \
                          repeat, parallel, sequence, variables, stop, event, scene or \
                          set_conversation_response";

pub(crate) fn actions(ctx: &mut Ctx, value: &Value, path: &Path) -> Vec<Action> {
    items(ctx, value, path, "step")
        .into_iter()
        .filter_map(|(v, p)| action(ctx, v, &p))
        .collect()
}

pub(crate) fn action(ctx: &mut Ctx, value: &Value, path: &Path) -> Option<Action> {
    let Value::Object(map) = value else {
        ctx.bad(
            path,
            format!(
                "a step is a mapping such as {{action: light.turn_on, target: …}}, not {}",
                describe(value)
            ),
        );
        return None;
    };
    if !ctx.enter(path) {
        return None;
    }
    let step = step(ctx, map, path);
    ctx.leave();
    step
}

/// The keys that tell a step's kind, in Home Assistant's order after the call keys.
const KINDS: [&str; 17] = [
    "delay",
    "wait_template",
    "condition",
    "and",
    "or",
    "not",
    "event",
    "device_id",
    "scene",
    "repeat",
    "choose",
    "if",
    "wait_for_trigger",
    "variables",
    "stop",
    "parallel",
    "sequence",
];

fn step(ctx: &mut Ctx, map: &Map<String, Value>, path: &Path) -> Option<Action> {
    let mut obj = Obj::new(map, path.clone());
    let is_call = ["action", "service", "service_template"]
        .iter()
        .any(|k| obj.has(k));
    let key = if is_call {
        "action"
    } else {
        match KINDS
            .into_iter()
            .chain(["set_conversation_response"])
            .find(|k| obj.has(k))
        {
            Some(k) => k,
            None if ctx.repairing() => {
                // In text a model wrote, a step that no key identifies is invented.
                let common = ["alias", "enabled", "continue_on_error"];
                let invented: Vec<&str> = obj
                    .unused()
                    .into_iter()
                    .filter(|k| !common.contains(k))
                    .collect();
                if invented.is_empty() {
                    ctx.bad(
                        path,
                        format!("the step does nothing: it has none of {STEP_KINDS}"),
                    );
                }
                for key in invented {
                    ctx.problem(
                        &path.key(key),
                        ProblemKind::UnknownKey,
                        format!("no kind of step has `{key}`; a step has one of {STEP_KINDS}"),
                    );
                }
                return None;
            }
            None => {
                ctx.note(
                    path,
                    "kept a step of a shape this checker does not know as written",
                );
                return Some(Action::new(ActionKind::Other(map.clone())));
            }
        }
    };
    let mut step = Action::new(ActionKind::Other(Map::new()));
    step.alias = obj.take("alias").and_then(|(v, p)| text(ctx, v, &p));
    step.enabled = obj.take("enabled").and_then(|(v, p)| boolean(ctx, v, &p));
    step.continue_on_error = obj
        .take("continue_on_error")
        .and_then(|(v, p)| boolean(ctx, v, &p));
    step.kind = match key {
        "action" => ActionKind::Call(call::call(ctx, obj)?),
        "condition" | "and" | "or" | "not" => {
            ActionKind::Condition(condition::kind(ctx, obj, ", continue_on_error")?)
        }
        _ => kind(ctx, obj, key)?,
    };
    Some(step)
}

fn kind(ctx: &mut Ctx, mut obj: Obj<'_>, key: &'static str) -> Option<ActionKind> {
    let (value, path) = obj.take(key)?;
    let (kind, allowed) = match key {
        "delay" => (ActionKind::Delay(time_period(ctx, value, &path)?), ""),
        "wait_template" => {
            let mut w = WaitTemplate {
                wait_template: text(ctx, value, &path)?,
                ..Default::default()
            };
            (w.timeout, w.continue_on_timeout) = wait_options(ctx, &mut obj);
            (ActionKind::WaitTemplate(w), "timeout, continue_on_timeout")
        }
        "wait_for_trigger" => {
            let mut w = WaitForTrigger {
                triggers: trigger::triggers(ctx, value, &path),
                ..Default::default()
            };
            (w.timeout, w.continue_on_timeout) = wait_options(ctx, &mut obj);
            (
                ActionKind::WaitForTrigger(w),
                "timeout, continue_on_timeout",
            )
        }
        "event" => {
            let mut e = FireEvent {
                event: text(ctx, value, &path)?,
                event_data: None,
            };
            e.event_data = event_data(ctx, &mut obj);
            (ActionKind::Event(e), "event_data")
        }
        "device_id" => {
            let device_id = text(ctx, value, &path)?;
            let (v, p) = obj.require(ctx, "domain", "a device action")?;
            let domain = text(ctx, v, &p)?;
            return Some(ActionKind::Device(DeviceAction {
                device_id,
                domain,
                fields: obj.rest(),
            }));
        }
        "scene" => (ActionKind::Scene(text(ctx, value, &path)?), ""),
        "repeat" => (ActionKind::Repeat(repeat(ctx, value, &path)?), ""),
        "choose" => {
            let mut c = Choose {
                options: items(ctx, value, &path, "option")
                    .into_iter()
                    .filter_map(|(v, p)| choose_option(ctx, v, &p))
                    .collect(),
                default: Vec::new(),
            };
            if let Some((v, p)) = obj.take("default") {
                c.default = actions(ctx, v, &p);
            }
            (ActionKind::Choose(c), "default")
        }
        "if" => {
            let mut i = IfThen {
                conditions: condition::conditions(ctx, value, &path),
                ..Default::default()
            };
            let (v, p) = obj.require(ctx, "then", "an `if` step")?;
            i.then = actions(ctx, v, &p);
            if let Some((v, p)) = obj.take("else") {
                i.else_ = actions(ctx, v, &p);
            }
            (ActionKind::If(i), "then, else")
        }
        "variables" => (ActionKind::Variables(mapping(ctx, value, &path)?), ""),
        "stop" => {
            let mut s = Stop {
                reason: text_or_number(ctx, value, &path)?,
                ..Default::default()
            };
            if let Some((v, p)) = obj.take("error") {
                s.error = boolean(ctx, v, &p);
            }
            if let Some((v, p)) = obj.take("response_variable") {
                s.response_variable = text(ctx, v, &p);
            }
            (ActionKind::Stop(s), "error, response_variable")
        }
        "parallel" => (ActionKind::Parallel(parallel(ctx, value, &path)), ""),
        "sequence" => (ActionKind::Sequence(actions(ctx, value, &path)), ""),
        _ => {
            let response = match value {
                Value::Null => None,
                other => Some(text_or_number(ctx, other, &path)?),
            };
            (ActionKind::SetConversationResponse(response), "")
        }
    };
    let allowed = if allowed.is_empty() {
        format!("{key} (and {STEP_COMMON})")
    } else {
        format!("{key}, {allowed} (and {STEP_COMMON})")
    };
    obj.finish(ctx, &format!("a `{key}` step"), &allowed);
    Some(kind)
}

fn wait_options(
    ctx: &mut Ctx,
    obj: &mut Obj<'_>,
) -> (Option<crate::duration::TimePeriod>, Option<bool>) {
    let timeout = obj
        .take("timeout")
        .and_then(|(v, p)| time_period(ctx, v, &p));
    let continue_on_timeout = obj
        .take("continue_on_timeout")
        .and_then(|(v, p)| boolean(ctx, v, &p));
    (timeout, continue_on_timeout)
}

/// `event_data`, with the deprecated `event_data_template` merged in.
fn event_data(ctx: &mut Ctx, obj: &mut Obj<'_>) -> Option<Fields> {
    let mut data = obj
        .take("event_data")
        .and_then(|(v, p)| mapping_or_none(ctx, v, &p));
    if let Some((v, p)) = obj.take("event_data_template") {
        ctx.note(
            &p,
            "`event_data_template` is the deprecated name of `event_data`; renamed it",
        );
        if let Some(extra) = mapping_or_none(ctx, v, &p) {
            let merged = data.get_or_insert_with(Map::new);
            for (k, v) in extra {
                if merged.contains_key(&k) {
                    ctx.problem(
                        &p.key(&k),
                        ProblemKind::Conflict,
                        format!("`{k}` is in both `event_data` and `event_data_template`"),
                    );
                } else {
                    merged.insert(k, v);
                }
            }
        }
    }
    data
}

fn choose_option(ctx: &mut Ctx, value: &Value, path: &Path) -> Option<ChooseOption> {
    let Value::Object(map) = value else {
        ctx.bad(
            path,
            format!(
                "a choose option is a mapping {{conditions, sequence}}, not {}",
                describe(value)
            ),
        );
        return None;
    };
    let mut obj = Obj::new(map, path.clone());
    let mut option = ChooseOption {
        alias: obj.take("alias").and_then(|(v, p)| text(ctx, v, &p)),
        ..Default::default()
    };
    if let Some((v, p)) = obj.require(ctx, "conditions", "a choose option") {
        option.conditions = condition::conditions(ctx, v, &p);
    }
    if let Some((v, p)) = obj.require(ctx, "sequence", "a choose option") {
        option.sequence = actions(ctx, v, &p);
    }
    obj.finish(ctx, "a choose option", "alias, conditions, sequence");
    Some(option)
}

fn repeat(ctx: &mut Ctx, value: &Value, path: &Path) -> Option<Repeat> {
    let Value::Object(map) = value else {
        ctx.bad(
            path,
            format!(
                "`repeat` is a mapping with count, while, until or for_each and a sequence, \
                 not {}",
                describe(value)
            ),
        );
        return None;
    };
    let mut obj = Obj::new(map, path.clone());
    let modes: Vec<&str> = ["count", "while", "until", "for_each"]
        .into_iter()
        .filter(|k| obj.has(k))
        .collect();
    let kind = match modes.as_slice() {
        [mode] => {
            let (v, p) = obj.take(mode)?;
            match *mode {
                "count" => RepeatKind::Count(int_or_template(ctx, v, &p)?),
                "while" => RepeatKind::While(condition::conditions(ctx, v, &p)),
                "until" => RepeatKind::Until(condition::conditions(ctx, v, &p)),
                _ => match v {
                    Value::Array(_) => RepeatKind::ForEach(v.clone()),
                    Value::String(s) if is_template(s) => RepeatKind::ForEach(v.clone()),
                    other => {
                        ctx.bad(
                            &p,
                            format!(
                                "expected a list of items or a template, found {}",
                                describe(other)
                            ),
                        );
                        return None;
                    }
                },
            }
        }
        [] => {
            ctx.problem(
                path,
                ProblemKind::Missing,
                "`repeat` needs one of count, while, until or for_each",
            );
            return None;
        }
        _ => {
            ctx.problem(
                path,
                ProblemKind::Conflict,
                format!("`repeat` takes only one of {}", modes.join(", ")),
            );
            return None;
        }
    };
    let (v, p) = obj.require(ctx, "sequence", "`repeat`")?;
    let sequence = actions(ctx, v, &p);
    obj.finish(
        ctx,
        "`repeat`",
        "count, while, until or for_each, and sequence",
    );
    Some(Repeat { kind, sequence })
}

/// Branches of `parallel`: steps, or lists of steps (read as `sequence` branches).
fn parallel(ctx: &mut Ctx, value: &Value, path: &Path) -> Vec<Action> {
    let mut branches = Vec::new();
    for (item, item_path) in items(ctx, value, path, "branch") {
        if item.is_array() {
            ctx.note(
                &item_path,
                "a list inside `parallel`; wrote it as a `sequence` branch",
            );
            branches.push(Action::new(ActionKind::Sequence(actions(
                ctx, item, &item_path,
            ))));
        } else {
            branches.extend(action(ctx, item, &item_path));
        }
    }
    branches
}
