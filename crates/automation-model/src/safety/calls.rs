//! The steps of an automation that change something (service calls, and device actions seen
//! as calls), each with its path and whether a condition that someone is home guards it; and
//! the state a call leaves its entities in.

use serde_json::Value;

use super::presence::{person_home, person_home_kind};
use super::values::strings;
use crate::model::*;

/// One step that changes something: a call, or a device action seen as one.
pub(super) struct Call<'a> {
    pub(super) path: String,
    /// `light.turn_on`; a device action as `<domain>.<type>`.
    pub(super) service: String,
    pub(super) entities: Vec<&'a str>,
    pub(super) data: Option<&'a Fields>,
    /// Whether a condition that someone is home must hold before this step runs.
    pub(super) guarded: bool,
}

pub(super) fn collect_calls<'a>(
    actions: &'a [Action],
    path: &str,
    guarded: bool,
    out: &mut Vec<Call<'a>>,
) {
    let mut guarded = guarded;
    for (i, action) in actions.iter().enumerate() {
        if action.enabled == Some(false) {
            continue;
        }
        let here = format!("{path}[{i}]");
        match &action.kind {
            ActionKind::Call(call) => {
                let mut entities = Vec::new();
                if let Some(Target::Ids(ids)) = &call.target {
                    entities.extend(ids.entity_id.iter().map(String::as_str));
                }
                let data = match &call.data {
                    Some(ServiceData::Fields(f)) => Some(f),
                    _ => None,
                };
                if let Some(ids) = data.and_then(|d| d.get("entity_id")) {
                    entities.extend(strings(ids));
                }
                out.push(Call {
                    path: here,
                    service: call.action.trim().to_ascii_lowercase(),
                    entities,
                    data,
                    guarded,
                });
            }
            ActionKind::Device(device) => {
                let kind = device
                    .fields
                    .get("type")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                let entities = device
                    .fields
                    .get("entity_id")
                    .map(strings)
                    .unwrap_or_default();
                out.push(Call {
                    path: here,
                    service: format!("{}.{kind}", device.domain).to_ascii_lowercase(),
                    entities,
                    data: Some(&device.fields),
                    guarded,
                });
            }
            // A failing condition step ends the run: what follows is guarded by it.
            ActionKind::Condition(kind) if person_home_kind(kind) => guarded = true,
            ActionKind::Choose(choose) => {
                for (j, option) in choose.options.iter().enumerate() {
                    let g = guarded || option.conditions.iter().any(person_home);
                    let p = format!("{here}.choose[{j}].sequence");
                    collect_calls(&option.sequence, &p, g, out);
                }
                collect_calls(&choose.default, &format!("{here}.default"), guarded, out);
            }
            ActionKind::If(branch) => {
                let g = guarded || branch.conditions.iter().any(person_home);
                collect_calls(&branch.then, &format!("{here}.then"), g, out);
                collect_calls(&branch.else_, &format!("{here}.else"), guarded, out);
            }
            ActionKind::Repeat(repeat) => {
                let p = format!("{here}.repeat.sequence");
                collect_calls(&repeat.sequence, &p, guarded, out);
            }
            ActionKind::Parallel(steps) => {
                collect_calls(steps, &format!("{here}.parallel"), guarded, out);
            }
            ActionKind::Sequence(steps) => {
                collect_calls(steps, &format!("{here}.sequence"), guarded, out);
            }
            _ => {}
        }
    }
}

/// The state a call leaves an entity in, when it is plain (`None`: unknown or any).
pub(super) fn resulting_state(service: &str) -> Option<&'static [&'static str]> {
    let name = service.split('.').nth(1).unwrap_or_default();
    Some(match name {
        "turn_on" => &["on"],
        "turn_off" => &["off"],
        "lock" => &["locked", "locking"],
        "unlock" => &["unlocked", "unlocking"],
        "open" => &["open", "opening", "unlocked"],
        "open_cover" => &["open", "opening"],
        "close_cover" => &["closed", "closing"],
        "media_play" => &["playing"],
        "media_pause" => &["paused"],
        "media_stop" => &["idle", "off"],
        "alarm_disarm" => &["disarmed"],
        "alarm_arm_home" => &["armed_home", "arming"],
        "alarm_arm_away" => &["armed_away", "arming"],
        "alarm_arm_night" => &["armed_night", "arming"],
        _ => return None,
    })
}
