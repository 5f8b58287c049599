//! Home Assistant's own check: its `validate_config` on the automation's triggers, conditions
//! and actions, each refusal a finding at the field (and item) it names.

use homeai_automation_model::{Automation, Dialect, to_json};
use homeai_ha::{HaError, WsSession};
use serde_json::{Value, json};

use super::finding::{FieldFinding, Source};

/// The model's name for a list key, from either dialect's.
fn field_of(key: &str) -> &'static str {
    match key {
        "trigger" | "triggers" => "triggers",
        "condition" | "conditions" => "conditions",
        _ => "actions",
    }
}

/// `field[index]` when HA's message names `data[index]`, else the field itself.
fn locate(field: &str, message: &str) -> String {
    let index = message.find("data[").and_then(|at| {
        let rest = &message[at + 5..];
        let end = rest.find(']')?;
        rest[..end].parse::<usize>().ok()
    });
    match index {
        Some(i) => format!("{field}[{i}]"),
        None => field.to_owned(),
    }
}

/// Sends the triggers, conditions and actions (rendered in `dialect`) through HA's
/// `validate_config`, one finding per part HA refuses. HA answers some refusals (an integration
/// without device triggers, say) by failing the whole command; then each part is sent alone to
/// learn which one it was.
pub async fn ha_validate(
    ws: &WsSession,
    automation: &Automation,
    dialect: Dialect,
) -> Result<Vec<FieldFinding>, HaError> {
    let rendered = to_json(automation, dialect);
    let parts: Vec<(&str, Value)> = [
        "trigger",
        "condition",
        "action",
        "triggers",
        "conditions",
        "actions",
    ]
    .into_iter()
    .filter_map(|key| Some((key, rendered.get(key)?.clone())))
    .collect();
    let body: serde_json::Map<String, Value> = parts
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect();
    let mut out = Vec::new();
    match ws.validate_config(Value::Object(body)).await {
        Ok(answer) => verdicts(&answer, &mut out),
        Err(HaError::Command { .. }) => {
            for (key, value) in parts {
                match ws.validate_config(json!({ key: value })).await {
                    Ok(answer) => verdicts(&answer, &mut out),
                    Err(HaError::Command { message, .. }) => {
                        out.push(refused(field_of(key), &message));
                    }
                    Err(e) => return Err(e),
                }
            }
        }
        Err(e) => return Err(e),
    }
    Ok(out)
}

fn refused(field: &str, error: &str) -> FieldFinding {
    FieldFinding::error(
        locate(field, error),
        Source::HomeAssistant,
        format!("Home Assistant refuses the {field}: {error}"),
    )
}

/// `{key: {"valid": bool, "error": text|null}}` → findings.
fn verdicts(answer: &Value, out: &mut Vec<FieldFinding>) {
    let Value::Object(parts) = answer else {
        return;
    };
    for (key, verdict) in parts {
        if verdict.get("valid").and_then(Value::as_bool) == Some(false) {
            let error = verdict
                .get("error")
                .and_then(Value::as_str)
                .unwrap_or("refused without a reason");
            out.push(refused(field_of(key), error));
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn ha_errors_name_the_item_when_they_can() {
        assert_eq!(
            locate("triggers", "Unknown device 'x' @ data[0]"),
            "triggers[0]"
        );
        assert_eq!(locate("actions", "oops"), "actions");
    }
}
