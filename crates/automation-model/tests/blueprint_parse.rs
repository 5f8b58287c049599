//! Blueprints: parsing real shapes, `!input` wherever a value goes, the errors (with paths),
//! instantiating, and rendering round trips in both dialects.
//!
//! Fixtures are in `tests/blueprints/` (see its README: four of them restate the shapes of
//! reference solutions in allenporter/home-assistant-datasets, Apache-2.0).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use homeai_automation_model::*;
use serde_json::{Map, Value, json};

const MOTION_LIGHT: &str = include_str!("blueprints/motion_light.yaml");
const DOOR_OPEN: &str = include_str!("blueprints/door_open_alert.yaml");
const LIGHT_TIMEOUT: &str = include_str!("blueprints/light_timeout.yaml");
const HUMIDITY_FAN: &str = include_str!("blueprints/humidity_fan.yaml");
const VACUUM_PAUSE: &str = include_str!("blueprints/vacuum_pause.yaml");
const SECTIONS: &str = include_str!("blueprints/sections.yaml");
const ALL: [&str; 6] = [
    MOTION_LIGHT,
    DOOR_OPEN,
    LIGHT_TIMEOUT,
    HUMIDITY_FAN,
    VACUUM_PAUSE,
    SECTIONS,
];

fn inputs(value: Value) -> Map<String, Value> {
    value.as_object().unwrap().clone()
}

fn problems(result: Result<impl std::fmt::Debug, ParseError>) -> Vec<Problem> {
    match result {
        Err(ParseError::Invalid(problems)) => problems,
        other => panic!("expected problems, got {other:?}"),
    }
}

#[test]
fn every_fixture_parses_and_passes_check() {
    for text in ALL {
        assert!(looks_like_blueprint(text));
        let blueprint = parse_blueprint_yaml(text).unwrap();
        blueprint
            .check()
            .unwrap_or_else(|e| panic!("{}: {e}", blueprint.name));
    }
    assert!(!looks_like_blueprint("triggers: []\nactions: []\n"));
    assert!(!looks_like_blueprint("alias: a blueprint: no\n"));
}

#[test]
fn the_motion_light_blueprint_reads_into_typed_fields() {
    let b = parse_blueprint_yaml(MOTION_LIGHT).unwrap();
    assert_eq!(b.name, "Light on motion");
    assert_eq!(b.domain, "automation");
    assert_eq!(b.author.as_deref(), Some("homeai tests"));
    assert!(
        b.source_url
            .as_deref()
            .unwrap()
            .ends_with("motion_light.yaml")
    );
    let keys: Vec<&str> = b.inputs.iter().map(|i| i.key.as_str()).collect();
    assert_eq!(
        keys,
        ["motion_entity", "light_target", "no_motion_wait"],
        "declaration order"
    );
    assert_eq!(
        b.inputs[0].selector,
        json!({"entity": {"filter": {"device_class": "occupancy", "domain": "binary_sensor"}}})
    );
    assert_eq!(b.inputs[2].default, Some(json!(120)));
    assert_eq!(b.inputs[2].selector_kind(), Some("number"));
    assert_eq!(
        b.body["actions"][0]["target"],
        json!({"!input": "light_target"})
    );
    assert_eq!(
        b.body["triggers"]["entity_id"],
        json!({"!input": "motion_entity"})
    );
    assert_eq!(b.body["mode"], "restart");
    assert!(b.body.get("blueprint").is_none());
}

#[test]
fn the_motion_light_instantiates_with_defaults_filled() {
    let b = parse_blueprint_yaml(MOTION_LIGHT).unwrap();
    let automation = b
        .instantiate(&inputs(json!({
            "motion_entity": "binary_sensor.hall_motion",
            "light_target": {"area_id": "hall"},
        })))
        .unwrap();
    let expected = parse_yaml(concat!(
        "mode: restart\n",
        "max_exceeded: silent\n",
        "triggers:\n",
        "  - trigger: state\n",
        "    entity_id: binary_sensor.hall_motion\n",
        "    from: \"off\"\n",
        "    to: \"on\"\n",
        "actions:\n",
        "  - alias: Light on\n",
        "    action: light.turn_on\n",
        "    target: {area_id: hall}\n",
        "  - alias: Wait for no motion\n",
        "    wait_for_trigger:\n",
        "      - trigger: state\n",
        "        entity_id: binary_sensor.hall_motion\n",
        "        from: \"on\"\n",
        "        to: \"off\"\n",
        "  - alias: Keep it on a while\n",
        "    delay: 120\n",
        "  - alias: Light off\n",
        "    action: light.turn_off\n",
        "    target: {area_id: hall}\n",
    ))
    .unwrap();
    assert_eq!(automation, expected);
}

#[test]
fn inputs_stand_for_a_whole_data_a_for_and_media() {
    let b = parse_blueprint_yaml(DOOR_OPEN).unwrap();
    assert_eq!(
        b.inputs[1].selector,
        json!({"media": {}}),
        "a null selector body is {{}}"
    );
    assert_eq!(b.inputs[2].selector, json!({"duration": {}}));
    let media = json!({"entity_id": "media_player.kitchen", "media_content_id": "media-source://media_source/local/chime.mp3",
                       "media_content_type": "audio/mpeg"});
    let given = |duration: Value| {
        b.instantiate(&inputs(json!({"door_sensor": "binary_sensor.front_door", "alert_media": media, "open_duration": duration})))
            .unwrap()
    };
    let expected = parse_yaml(&format!(
        "mode: single\ntrigger:\n  - platform: state\n    entity_id: binary_sensor.front_door\n    to: \"on\"\n    for: \"00:05:00\"\n\
         action:\n  - service: media_player.play_media\n    data: {media}\n"
    ))
    .unwrap();
    // A duration as seconds, as text and as a mapping is one value; the default is 300 s.
    assert_eq!(given(json!(300)), expected);
    assert_eq!(given(json!("00:05:00")), expected);
    assert_eq!(
        given(json!({"hours": 0, "minutes": 5, "seconds": 0})),
        expected
    );
    let defaulted = b
        .instantiate(&inputs(
            json!({"door_sensor": "binary_sensor.front_door", "alert_media": media}),
        ))
        .unwrap();
    assert_eq!(defaulted, expected);
}

#[test]
fn inputs_stand_for_a_target_a_timeout_and_thresholds() {
    let b = parse_blueprint_yaml(LIGHT_TIMEOUT).unwrap();
    let a = b
        .instantiate(&inputs(
            json!({"switch_entity": "switch.porch", "light_switch": {"entity_id": "switch.porch"},
                                    "light_timeout": 90}),
        ))
        .unwrap();
    let ActionKind::WaitForTrigger(wait) = &a.actions[0].kind else {
        panic!("{:?}", a.actions[0])
    };
    assert_eq!(
        wait.timeout,
        Some(TimePeriod::Fixed(Duration::from_secs(90).unwrap()))
    );
    let ActionKind::Call(call) = &a.actions[1].kind else {
        panic!()
    };
    let Some(Target::Ids(ids)) = &call.target else {
        panic!()
    };
    assert_eq!(ids.entity_id, ["switch.porch"]);

    let fan = parse_blueprint_yaml(HUMIDITY_FAN).unwrap();
    let a = fan
        .instantiate(&inputs(
            json!({"humidity_sensor": "sensor.bath_humidity", "fan_switch": "fan.bath"}),
        ))
        .unwrap();
    let TriggerKind::NumericState(humid) = &a.triggers[0].kind else {
        panic!()
    };
    assert_eq!(humid.above, Some(Threshold::Number(Number(70.0))));
    let TriggerKind::NumericState(dry) = &a.triggers[1].kind else {
        panic!()
    };
    assert_eq!(dry.below, Some(Threshold::Number(Number(70.0))));

    let vacuum = parse_blueprint_yaml(VACUUM_PAUSE).unwrap();
    let a = vacuum
        .instantiate(&inputs(
            json!({"person_entity": "person.alice", "vacuum_entity": "vacuum.downstairs"}),
        ))
        .unwrap();
    assert_eq!(a.conditions.len(), 1);
    let ActionKind::Call(call) = &a.actions[0].kind else {
        panic!()
    };
    assert_eq!(call.action, "vacuum.pause");
}

#[test]
fn sections_are_flattened_in_order_and_keep_their_fields() {
    let b = parse_blueprint_yaml(SECTIONS).unwrap();
    let keys: Vec<(&str, Option<&str>)> = b
        .inputs
        .iter()
        .map(|i| (i.key.as_str(), i.section.as_deref()))
        .collect();
    assert_eq!(
        keys,
        [
            ("sensor", Some("trigger_section")),
            ("hold", Some("trigger_section")),
            ("notify_target", None),
            ("lights", Some("action_section")),
        ]
    );
    assert_eq!(b.min_version.as_deref(), Some("2024.6.0"));
    assert_eq!(b.sections[0].fields["icon"], "mdi:motion-sensor");
    assert_eq!(b.sections[1].fields["collapsed"], true);
    let a = b
        .instantiate(&inputs(
            json!({"sensor": "binary_sensor.x", "lights": {"entity_id": "light.y"}}),
        ))
        .unwrap();
    assert_eq!(
        a.variables.unwrap()["who"],
        "everyone",
        "`variables: {{x: !input k}}`"
    );
}

#[test]
fn an_undeclared_input_is_refused_with_its_path() {
    let text = DOOR_OPEN.replace("for: !input open_duration", "for: !input open_time");
    let found = problems(parse_blueprint_yaml(&text));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].path, "trigger[0].for");
    assert!(found[0].message.contains("open_time") && found[0].message.contains("open_duration"));
}

#[test]
fn an_unknown_selector_kind_fails_the_check() {
    let text = DOOR_OPEN.replace("        media:\n", "        sound_file: {}\n");
    let b = parse_blueprint_yaml(&text).unwrap();
    let found = problems(b.check());
    assert_eq!(
        found[0].path,
        "blueprint.input.alert_media.selector.sound_file"
    );
    assert!(
        found[0].message.contains("not a selector"),
        "{}",
        found[0].message
    );
}

#[test]
fn an_unused_input_without_default_is_a_warning_and_a_broken_body_fails_the_check() {
    // Home Assistant accepts an input nothing uses: so does the check; it is a warning
    let text = VACUUM_PAUSE.replace(
        "    entity_id: !input person_entity\n",
        "    entity_id: person.bob\n",
    );
    let b = parse_blueprint_yaml(&text).unwrap();
    b.check().unwrap();
    let warnings = b.warnings();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("blueprint.input.person_entity"),
        "{warnings:?}"
    );
    assert!(
        parse_blueprint_yaml(VACUUM_PAUSE)
            .unwrap()
            .warnings()
            .is_empty()
    );

    let text = HUMIDITY_FAN.replace("    id: dry\n", "    id: dry\n    for: later\n");
    let found = problems(parse_blueprint_yaml(&text).unwrap().check());
    assert_eq!(found[0].path, "trigger[1].for");
    assert!(
        found[0].message.contains("sample input values"),
        "{}",
        found[0].message
    );
}

#[test]
fn a_missing_required_input_is_named_on_instantiate() {
    let b = parse_blueprint_yaml(DOOR_OPEN).unwrap();
    let found = problems(b.instantiate(&inputs(json!({"door_sensor": "binary_sensor.front"}))));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].path, "input.alert_media");
    assert_eq!(found[0].kind, ProblemKind::Missing);
    assert!(found[0].message.contains("alert_media") && found[0].message.contains("Sound to play"));
}

#[test]
fn a_bad_value_says_which_input_gave_it() {
    let b = parse_blueprint_yaml(LIGHT_TIMEOUT).unwrap();
    let found = problems(b.instantiate(&inputs(
        json!({"switch_entity": "switch.a", "light_switch": {"entity_id": "switch.a"},
                                                       "light_timeout": "soon"}),
    )));
    assert_eq!(found[0].path, "action[0].timeout");
    assert!(
        found[0].message.contains("the input `light_timeout`"),
        "{}",
        found[0].message
    );
}

#[test]
fn script_blueprints_parse_but_do_not_instantiate() {
    let text = "blueprint:\n  name: Say hi\n  domain: script\n  input:\n    who:\n      selector: {text: }\nsequence:\n  - event: hi\n    event_data:\n      who: !input who\n";
    let b = parse_blueprint_yaml(text).unwrap();
    assert_eq!(b.domain, "script");
    b.check().unwrap();
    let found = problems(b.instantiate(&inputs(json!({"who": "me"}))));
    assert_eq!(found[0].path, "blueprint.domain");
    assert!(found[0].message.contains("script"));
}

#[test]
fn the_blueprint_block_is_checked_with_paths() {
    let found = problems(parse_blueprint_yaml(
        "blueprint:\n  domain: automations\n  colour: red\n  input:\n    a:\n      selector: entity\n    b: 3\n    c:\n      label: x\ntriggers: []\n",
    ));
    let paths: Vec<&str> = found.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "blueprint.colour",
            "blueprint.input.a.selector",
            "blueprint.input.b",
            "blueprint.input.c.label",
            "blueprint",
            "blueprint.domain"
        ]
    );
    assert!(matches!(
        parse_blueprint_yaml("a: [\n"),
        Err(ParseError::Yaml(_))
    ));
    let found = problems(parse_blueprint_yaml("triggers: []\n"));
    assert_eq!(found[0].path, "blueprint");
    let found = problems(parse_blueprint_yaml(
        "blueprint: {name: x, domain: automation}\ntriggers:\n  - trigger: state\n    entity_id: !input {a: 1}\n",
    ));
    assert_eq!(found[0].path, "triggers[0].entity_id");
}
