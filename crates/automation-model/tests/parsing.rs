//! The parsers' contract beyond the corpus: errors name the field path in words, unknown
//! kinds are kept, dialect keys conflict, versions pick dialects.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use homeai_automation_model::*;
use serde_json::json;

fn problems(text: &str) -> Vec<Problem> {
    match parse_yaml(text) {
        Err(ParseError::Invalid(problems)) => problems,
        other => panic!("expected problems, got {other:?}"),
    }
}

const MINIMAL: &str = "triggers:\n  - trigger: homeassistant\n    event: start\n";

#[test]
fn errors_name_the_field_path() {
    let text = format!(
        "{MINIMAL}actions:\n  - delay: 1\n  - delay: 2\n  - action: light.turn_on\n    target:\n      entity_id: {{a: 1}}\n"
    );
    let found = problems(&text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].path, "actions[2].target.entity_id");
    let message = ParseError::Invalid(found).to_string();
    assert!(
        message.starts_with("actions[2].target.entity_id: expected text"),
        "{message}"
    );
}

#[test]
fn every_problem_is_reported_not_only_the_first() {
    let text = "mode: sometimes\ntriggers:\n  - trigger: state\n    to: \"on\"\nactions:\n  - action: light.turn_on\n    retry: 3\n";
    let paths: Vec<String> = problems(text).into_iter().map(|p| p.path).collect();
    assert_eq!(paths, ["mode", "triggers[0]", "actions[0].retry"]);
}

#[test]
fn a_boolean_in_a_state_field_is_refused_with_advice() {
    let value = json!({"triggers": [{"trigger": "state", "entity_id": "light.x", "to": true}],
                       "actions": [{"action": "light.turn_off"}]});
    let error = parse_json(&value).unwrap_err().to_string();
    assert!(
        error.contains("triggers[0].to") && error.contains("\"on\""),
        "{error}"
    );
}

#[test]
fn both_singular_and_plural_keys_conflict_outside_repair() {
    let text = format!("{MINIMAL}trigger: []\nactions: []\n");
    let found = problems(&text);
    assert_eq!(found[0].kind, ProblemKind::Conflict);
    assert_eq!(found[0].path, "trigger");
}

#[test]
fn missing_lists_are_named() {
    let found = problems("alias: x\n");
    let paths: Vec<&str> = found.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(paths, ["triggers", "actions"]);
    assert!(found.iter().all(|p| p.kind == ProblemKind::Missing));
}

#[test]
fn unknown_platforms_conditions_and_steps_are_kept_as_written() {
    let text = "triggers:\n  - trigger: light.turned_on\n    id: t\n    target:\n      entity_id: light.x\n    options: {behavior: any}\n\
                conditions:\n  - condition: light.is_on\n    target: {entity_id: light.x}\n\
                actions:\n  - future_step: {a: 1}\n    alias: later\n";
    let automation = parse_yaml(text).unwrap();
    let TriggerKind::Other(trigger) = &automation.triggers[0].kind else {
        panic!()
    };
    assert_eq!(trigger.platform, "light.turned_on");
    assert_eq!(trigger.fields["options"], json!({"behavior": "any"}));
    assert_eq!(automation.triggers[0].id.as_deref(), Some("t"));
    assert!(
        matches!(&automation.conditions[0].kind, ConditionKind::Other(c) if c.condition == "light.is_on")
    );
    assert!(matches!(&automation.actions[0].kind, ActionKind::Other(f) if f["alias"] == "later"));
    for dialect in [Dialect::Modern, Dialect::for_version(2024, 3)] {
        assert_eq!(
            parse_yaml(&to_yaml(&automation, dialect)).unwrap(),
            automation
        );
    }
    let legacy = to_json(&automation, Dialect::for_version(2024, 3));
    assert_eq!(legacy["trigger"][0]["platform"], "light.turned_on");
}

#[test]
fn shorthand_conditions_read_as_their_long_form() {
    let short = format!(
        "{MINIMAL}conditions:\n  - \"{{{{ a }}}}\"\n  - or:\n      - condition: \"{{{{ b }}}}\"\nactions:\n  - delay: 1\n"
    );
    let long = format!(
        "{MINIMAL}conditions:\n  - condition: template\n    value_template: \"{{{{ a }}}}\"\n  - condition: or\n    conditions:\n      - condition: template\n        value_template: \"{{{{ b }}}}\"\nactions:\n  - delay: 1\n"
    );
    assert_eq!(parse_yaml(&short).unwrap(), parse_yaml(&long).unwrap());
}

#[test]
fn durations_and_times_are_values() {
    let with = |for_: &str| {
        parse_yaml(&format!(
            "triggers:\n  - trigger: state\n    entity_id: light.x\n    for: {for_}\nactions:\n  - delay: 1\n"
        ))
        .unwrap()
    };
    let a = with("\"00:01:30\"");
    assert_eq!(a, with("90"));
    assert_eq!(a, with("{minutes: 1, seconds: 30}"));
    assert_eq!(a, with("\"90\""));
    assert_eq!(a, with("\"0:1:30\""));
    let yaml = to_yaml(&with("90"), Dialect::Modern);
    assert!(yaml.contains("for: \"00:01:30\""), "{yaml}");
    let early = parse_yaml(&format!(
        "{MINIMAL}conditions:\n  - condition: time\n    after: \"7:05\"\nactions:\n  - delay: 1\n"
    ))
    .unwrap();
    assert!(to_yaml(&early, Dialect::Modern).contains("after: \"07:05:00\""));
}

#[test]
fn negative_lengths_of_time_are_refused_but_offsets_may_be_negative() {
    let found = problems(&format!("{MINIMAL}actions:\n  - delay: -5\n"));
    assert_eq!(found[0].path, "actions[0].delay");
    let sun =
        "triggers:\n  - trigger: sun\n    event: sunset\n    offset: -90\nactions:\n  - delay: 1\n";
    let TriggerKind::Sun(t) = &parse_yaml(sun).unwrap().triggers[0].kind else {
        panic!()
    };
    assert_eq!(t.offset.unwrap().to_string(), "-00:01:30");
}

#[test]
fn the_dialect_follows_the_release() {
    let legacy = |key| Dialect::Legacy { service_key: key };
    assert_eq!(Dialect::for_version(2024, 3), legacy(ServiceKey::Service));
    assert_eq!(Dialect::for_version(2024, 7), legacy(ServiceKey::Service));
    assert_eq!(Dialect::for_version(2024, 8), legacy(ServiceKey::Action));
    assert_eq!(Dialect::for_version(2024, 9), legacy(ServiceKey::Action));
    assert_eq!(Dialect::for_version(2024, 10), Dialect::Modern);
    assert_eq!(Dialect::for_version(2026, 1), Dialect::Modern);
    assert_eq!(Dialect::for_version(2023, 12), legacy(ServiceKey::Service));
}

#[test]
fn check_version_knows_when_each_feature_arrived() {
    let text = "triggers:\n  - trigger: time\n    at: {entity_id: sensor.alarm, offset: \"-00:10:00\"}\n\
                actions:\n  - parallel:\n      - sequence:\n          - delay: 1\n\
                \x20 - action: light.turn_on\n    target: {floor_id: up}\n";
    let automation = parse_yaml(text).unwrap();
    let at_2024_3 = check_version(&automation, 2024, 3).unwrap_err();
    assert_eq!(at_2024_3.len(), 2, "{at_2024_3:?}");
    assert!(at_2024_3[0].starts_with("trigger[0]:") && at_2024_3[0].contains("2024.8"));
    assert!(at_2024_3[1].starts_with("action[1]:") && at_2024_3[1].contains("floor_id"));
    assert_eq!(check_version(&automation, 2024, 4).unwrap_err().len(), 1);
    assert_eq!(check_version(&automation, 2024, 8), Ok(()));
}

#[test]
fn deep_or_huge_input_is_refused_without_a_crash() {
    let mut text = String::from(MINIMAL);
    text.push_str("actions:\n");
    let mut indent = String::from("  ");
    for _ in 0..60 {
        text.push_str(&format!("{indent}- sequence:\n"));
        indent.push_str("    ");
    }
    text.push_str(&format!("{indent}- delay: 1\n"));
    assert!(parse_yaml(&text).is_err());
    assert!(repair(&text).is_err());
    let nested = json!({"triggers": [], "actions": [nest(200)]});
    assert!(parse_json(&nested).is_err());
    let huge = "a".repeat(2 << 20);
    assert!(matches!(parse_yaml(&huge), Err(ParseError::Yaml(_))));
}

fn nest(depth: usize) -> serde_json::Value {
    if depth == 0 {
        json!({"delay": 1})
    } else {
        json!({"sequence": [nest(depth - 1)]})
    }
}

#[test]
fn legacy_json_from_the_config_api_parses() {
    let body = json!({
        "id": "x", "alias": "A", "mode": "single",
        "trigger": [{"platform": "state", "entity_id": ["light.a"], "to": "on"}],
        "condition": [],
        "action": [{"service": "light.turn_off", "target": {"entity_id": "light.a"}, "data": {}, "metadata": {}}]
    });
    let automation = parse_json(&body).unwrap();
    let ActionKind::Call(call) = &automation.actions[0].kind else {
        panic!()
    };
    assert_eq!(call.action, "light.turn_off");
    assert_eq!(call.data, None);
    assert_eq!(call.metadata, None);
    assert_eq!(
        to_json(&automation, Dialect::for_version(2024, 3))["action"][0]["service"],
        "light.turn_off"
    );
}
