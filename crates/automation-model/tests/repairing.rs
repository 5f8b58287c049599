//! The repairer beyond the corpus: other wrappings a language model writes, and what it must
//! still refuse.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use homeai_automation_model::*;

const BODY: &str = "alias: Porch\ntriggers:\n  - trigger: sun\n    event: sunset\nactions:\n  - action: light.turn_on\n    target:\n      entity_id: light.porch\n";

fn body() -> Automation {
    parse_yaml(BODY).unwrap()
}

#[test]
fn a_lead_in_sentence_ending_in_a_colon_is_dropped() {
    let repaired = repair(&format!("Sure, here it is:\n{BODY}")).unwrap();
    assert_eq!(repaired.automation, body());
    assert!(
        repaired.repairs[0].contains("Sure, here it is"),
        "{:?}",
        repaired.repairs
    );
}

#[test]
fn a_closing_remark_with_a_colon_is_dropped() {
    let repaired = repair(&format!("{BODY}\nNote: change the light if you like.\n")).unwrap();
    assert_eq!(repaired.automation, body());
}

#[test]
fn an_unclosed_fence_and_a_list_of_one_are_unwrapped() {
    let indented: String = BODY.lines().map(|l| format!("  {l}\n")).collect();
    let text = format!("```yaml\n- {}", indented.trim_start());
    let repaired = repair(&text).unwrap();
    assert_eq!(repaired.automation, body());
    let notes = repaired.repairs.join("\n");
    assert!(
        notes.contains("code fence") && notes.contains("list holding one"),
        "{notes}"
    );

    let wrapped = format!("automation:\n{indented}");
    assert_eq!(repair(&wrapped).unwrap().automation, body());
}

#[test]
fn a_notification_message_beside_the_step_joins_its_data() {
    let text = "triggers:\n  - trigger: homeassistant\n    event: start\nactions:\n  - service: notify.family\n    message: Up\n    data:\n      priority: high\n";
    let repaired = repair(text).unwrap();
    let ActionKind::Call(call) = &repaired.automation.actions[0].kind else {
        panic!()
    };
    let Some(ServiceData::Fields(data)) = &call.data else {
        panic!()
    };
    assert_eq!(data["message"], "Up");
    assert_eq!(data["priority"], "high");
    // Beside a non-notification step the same keys are invented.
    let other = text.replace("notify.family", "light.turn_on");
    assert!(
        matches!(repair(&other), Err(RejectError::InventedKeys(k)) if k == ["actions[0].message"])
    );
}

#[test]
fn an_entity_in_the_action_name_joins_an_existing_target() {
    let text = "triggers:\n  - trigger: homeassistant\n    event: start\nactions:\n  - action: light.desk.turn_on\n    target:\n      entity_id: light.lamp\n";
    let repaired = repair(text).unwrap();
    let ActionKind::Call(call) = &repaired.automation.actions[0].kind else {
        panic!()
    };
    assert_eq!(call.action, "light.turn_on");
    let Some(Target::Ids(ids)) = &call.target else {
        panic!()
    };
    assert_eq!(ids.entity_id, ["light.lamp", "light.desk"]);
    assert!(parse_yaml(text).is_err(), "the plain parser must refuse it");
}

#[test]
fn deprecated_and_legacy_forms_are_reported() {
    let text = "triggers:\n  - platform: state\n    entity_id: light.a\n    to: on\n    for: \"30\"\nactions:\n  - service_template: \"light.turn_{{ x }}\"\n    entity_id: light.a\n    data_template:\n      brightness: 400\n";
    let repaired = repair(text).unwrap();
    let notes = repaired.repairs.join("\n");
    for expected in [
        "triggers[0].platform",
        "triggers[0].for",
        "service_template",
        "data_template",
        "actions[0].entity_id",
        "actions[0].data.brightness",
        "triggers[0].to",
    ] {
        assert!(
            notes.contains(expected),
            "{expected} missing from:\n{notes}"
        );
    }
    let yaml = to_yaml(&repaired.automation, Dialect::Modern);
    assert!(
        yaml.contains("brightness: 255") && yaml.contains("to: \"on\""),
        "{yaml}"
    );
}

#[test]
fn a_boolean_where_a_state_belongs_is_not_guessed() {
    let text = "triggers:\n  - trigger: state\n    entity_id: light.a\n    to: true\nactions:\n  - delay: 1\n";
    let error = repair(text).unwrap_err().to_string();
    assert!(
        error.contains("triggers[0].to") && error.contains("\"on\""),
        "{error}"
    );
}

#[test]
fn what_is_not_an_automation_is_rejected_in_words() {
    for text in [
        "",
        "just some words",
        "```\n```",
        "- 1\n- 2\n",
        "triggers: [\n",
    ] {
        let error = repair(text).unwrap_err();
        assert!(!error.to_string().is_empty(), "{text:?}");
    }
    assert!(matches!(
        repair("triggers: [\n"),
        Err(RejectError::NotYaml(_))
    ));
}

#[test]
fn an_empty_trigger_list_is_no_trigger() {
    let text = "triggers: []\nactions:\n  - delay: 1\n";
    assert_eq!(repair(text).unwrap_err(), RejectError::NoTrigger);
    assert!(
        parse_yaml(text).is_ok(),
        "Home Assistant itself takes an empty list"
    );
}

#[test]
fn a_step_of_no_known_kind_is_invented() {
    let text = "triggers:\n  - trigger: homeassistant\n    event: start\nactions:\n  - alias: Tell me\n    notify_user: {message: hi}\n";
    assert_eq!(
        repair(text).unwrap_err(),
        RejectError::InventedKeys(vec!["actions[0].notify_user".into()])
    );
    // Read as written elsewhere: a newer Home Assistant may have such a step.
    let kept = parse_yaml(text).unwrap();
    assert!(matches!(&kept.actions[0].kind, ActionKind::Other(f) if f.contains_key("notify_user")));
}
