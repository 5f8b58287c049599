//! A `device` input of the mobile app integration: the phone to notify. While the request is
//! read it is a person of the placeholder home with a notify service of their own; in the
//! automation each call of that service becomes the device action Home Assistant blueprints
//! use (`domain: mobile_app, type: notify, device_id: !input key, message: …`).

use homeai_automation_model::{
    Action, ActionKind, Automation, DeviceAction, ServiceCall, ServiceData,
};
use serde_json::{Map, Value};

/// The notify service of the placeholder person for a device input.
pub fn service_of(key: &str) -> String {
    format!("notify.mobile_app_{key}")
}

/// The placeholder device id of a device input.
pub fn device_id_of(key: &str) -> String {
    format!("placeholder_device_{key}")
}

/// Each call of `service` becomes a mobile app notification to `device_id` saying `message`
/// (the spec's title: the message the engine writes names the placeholders, and a sentinel
/// number in it would stay in the blueprint).
pub fn to_device_actions(
    automation: &mut Automation,
    service: &str,
    device_id: &str,
    message: &str,
) -> usize {
    walk(&mut automation.actions, service, device_id, message)
}

fn walk(actions: &mut [Action], service: &str, device_id: &str, message: &str) -> usize {
    let mut n = 0;
    for a in actions {
        match &mut a.kind {
            ActionKind::Call(call) if call.action == service => {
                a.kind = ActionKind::Device(device_action(call, device_id, message));
                n += 1;
            }
            ActionKind::Choose(c) => {
                for o in &mut c.options {
                    n += walk(&mut o.sequence, service, device_id, message);
                }
                n += walk(&mut c.default, service, device_id, message);
            }
            ActionKind::Sequence(steps) | ActionKind::Parallel(steps) => {
                n += walk(steps, service, device_id, message);
            }
            _ => {}
        }
    }
    n
}

fn device_action(call: &ServiceCall, device_id: &str, message: &str) -> DeviceAction {
    let mut fields = Map::new();
    fields.insert("type".into(), Value::String("notify".into()));
    let written = match &call.data {
        Some(ServiceData::Fields(data)) => data.get("message").and_then(Value::as_str),
        _ => None,
    };
    let text = if message.is_empty() {
        written.unwrap_or("Automation")
    } else {
        message
    };
    fields.insert("message".into(), Value::String(text.to_owned()));
    DeviceAction {
        device_id: device_id.to_owned(),
        domain: "mobile_app".into(),
        fields,
    }
}
