//! `blueprint_from_automation`: automations written for placeholder entities and values
//! become blueprints that pass `check()` and instantiate to the automation meant.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use homeai_automation_model::*;
use serde_json::{Map, Value, json};

const LEGACY: Dialect = Dialect::Legacy {
    service_key: ServiceKey::Service,
};

fn inputs(value: Value) -> Map<String, Value> {
    value.as_object().unwrap().clone()
}

fn binding(key: &str, selector: Value, placeholder: Placeholder) -> InputBinding {
    InputBinding {
        key: key.to_owned(),
        name: Some(key.replace('_', " ")),
        description: None,
        selector,
        default: None,
        placeholder,
    }
}

/// The sentinel duration a language model was told to write for "how long".
fn sentinel() -> Duration {
    Duration::from_hms(0, 17, 17).unwrap()
}

const DOOR_ALERT: &str = r#"alias: Door left open
triggers:
  - trigger: state
    entity_id: binary_sensor.placeholder_door
    to: "on"
    for: "00:17:17"
actions:
  - action: media_player.play_media
    target:
      entity_id: media_player.placeholder_speaker
    data:
      media_content_id: media-source://placeholder
      media_content_type: music
"#;

fn door_bindings() -> Vec<InputBinding> {
    let mut open_for = binding(
        "open_for",
        json!({"duration": {}}),
        Placeholder::Duration(sentinel()),
    );
    open_for.default = Some(json!(300));
    vec![
        binding(
            "door",
            json!({"entity": {"domain": "binary_sensor"}}),
            Placeholder::Entity("binary_sensor.placeholder_door".into()),
        ),
        open_for,
        binding(
            "alert",
            json!({"media": {}}),
            Placeholder::Media("media_player.placeholder_speaker".into()),
        ),
    ]
}

#[test]
fn a_door_alert_with_a_duration_and_media_becomes_a_blueprint() {
    let automation = parse_yaml(DOOR_ALERT).unwrap();
    for dialect in [LEGACY, Dialect::Modern] {
        let b = blueprint_from_automation(
            "Door left open",
            Some("Plays a sound"),
            &automation,
            &door_bindings(),
            dialect,
        )
        .unwrap();
        b.check().unwrap();
        assert_eq!(b.description.as_deref(), Some("Plays a sound"));
        assert!(
            b.body.get("alias").is_none(),
            "the alias belongs to each automation made"
        );
        let (triggers, actions) = if dialect == LEGACY {
            ("trigger", "action")
        } else {
            ("triggers", "actions")
        };
        assert_eq!(b.body[triggers][0]["entity_id"], json!({"!input": "door"}));
        assert_eq!(b.body[triggers][0]["for"], json!({"!input": "open_for"}));
        assert_eq!(b.body[actions][0]["data"], json!({"!input": "alert"}));
        assert!(b.body[actions][0].get("target").is_none());

        let yaml = blueprint_to_yaml(&b, dialect);
        assert!(
            yaml.contains("for: !input open_for") && yaml.contains("data: !input alert"),
            "{yaml}"
        );
        assert_eq!(parse_blueprint_yaml(&yaml).unwrap(), b);

        let media = json!({"entity_id": "media_player.kitchen", "media_content_id": "media-source://media_source/local/chime.mp3",
                           "media_content_type": "audio/mpeg"});
        let made = b
            .instantiate(&inputs(json!({"door": "binary_sensor.front_door", "alert": media, "open_for": {"minutes": 2}})))
            .unwrap();
        let expected = parse_yaml(&format!(
            r#"triggers:
  - trigger: state
    entity_id: binary_sensor.front_door
    to: "on"
    for: "00:02:00"
actions:
  - action: media_player.play_media
    data: {media}
"#
        ))
        .unwrap();
        assert_eq!(made, expected);
        let defaulted = b
            .instantiate(&inputs(
                json!({"door": "binary_sensor.front_door", "alert": media}),
            ))
            .unwrap();
        let TriggerKind::State(state) = &defaulted.triggers[0].kind else {
            panic!()
        };
        assert_eq!(
            state.for_,
            Some(TimePeriod::Fixed(Duration::from_secs(300).unwrap()))
        );
    }
}

#[test]
fn a_numeric_threshold_becomes_one_input_used_twice() {
    let automation = parse_yaml(
        r#"triggers:
  - trigger: numeric_state
    entity_id: sensor.placeholder_humidity
    above: 987654
    id: humid
  - trigger: numeric_state
    entity_id: sensor.placeholder_humidity
    below: 987654
    id: dry
actions:
  - if:
      - condition: trigger
        id: humid
    then:
      - action: fan.turn_on
        target:
          entity_id: fan.placeholder_fan
    else:
      - action: fan.turn_off
        target:
          entity_id: fan.placeholder_fan
"#,
    )
    .unwrap();
    let mut level = binding(
        "level",
        json!({"number": {"min": 30, "max": 100, "unit_of_measurement": "%"}}),
        Placeholder::Number(987654.0),
    );
    level.default = Some(json!(70));
    let bindings = [
        binding(
            "humidity",
            json!({"entity": {"domain": "sensor", "device_class": "humidity"}}),
            Placeholder::Entity("sensor.placeholder_humidity".into()),
        ),
        level,
        binding(
            "fan",
            json!({"entity": {"domain": "fan"}}),
            Placeholder::Entity("fan.placeholder_fan".into()),
        ),
    ];
    let b =
        blueprint_from_automation("Fan on humidity", None, &automation, &bindings, LEGACY).unwrap();
    b.check().unwrap();
    assert_eq!(b.body["trigger"][0]["above"], json!({"!input": "level"}));
    assert_eq!(b.body["trigger"][1]["below"], json!({"!input": "level"}));
    assert_eq!(
        b.body["action"][0]["then"][0]["target"]["entity_id"],
        json!({"!input": "fan"})
    );
    let keys: Vec<&str> = b.inputs.iter().map(|i| i.key.as_str()).collect();
    assert_eq!(
        keys,
        ["humidity", "level", "fan"],
        "inputs in the bindings' order"
    );

    let made = b
        .instantiate(&inputs(
            json!({"humidity": "sensor.bath_humidity", "level": 65, "fan": "fan.bath"}),
        ))
        .unwrap();
    let expected = parse_yaml(
        &modern_yaml(&automation)
            .replace("sensor.placeholder_humidity", "sensor.bath_humidity")
            .replace("987654", "65")
            .replace("fan.placeholder_fan", "fan.bath"),
    )
    .unwrap();
    assert_eq!(made, expected);
}

fn modern_yaml(automation: &Automation) -> String {
    to_yaml(automation, Dialect::Modern)
}

#[test]
fn a_whole_target_becomes_a_target_input() {
    let automation = parse_yaml(
        r#"alias: Lights on motion
mode: restart
triggers:
  - trigger: state
    entity_id: binary_sensor.placeholder_motion
    to: "on"
actions:
  - action: light.turn_on
    target:
      entity_id: light.placeholder_lights
    data:
      brightness_pct: 55555
  - delay: "00:17:17"
  - action: light.turn_off
    target:
      entity_id: light.placeholder_lights
"#,
    )
    .unwrap();
    let mut brightness = binding(
        "brightness",
        json!({"number": {"min": 1, "max": 100}}),
        Placeholder::Number(55555.0),
    );
    brightness.default = Some(json!(80));
    let bindings = [
        binding(
            "motion",
            json!({"entity": {"domain": "binary_sensor", "device_class": "motion"}}),
            Placeholder::Entity("binary_sensor.placeholder_motion".into()),
        ),
        binding(
            "lights",
            json!({"target": {"entity": {"domain": "light"}}}),
            Placeholder::Target("light.placeholder_lights".into()),
        ),
        brightness,
        binding(
            "wait",
            json!({"duration": {}}),
            Placeholder::Duration(sentinel()),
        ),
    ];
    let b = blueprint_from_automation(
        "Lights on motion",
        None,
        &automation,
        &bindings,
        Dialect::Modern,
    )
    .unwrap();
    b.check().unwrap();
    assert_eq!(b.body["actions"][0]["target"], json!({"!input": "lights"}));
    assert_eq!(b.body["actions"][1]["delay"], json!({"!input": "wait"}));
    assert_eq!(b.body["mode"], "restart");

    let made = b
        .instantiate(&inputs(json!({"motion": "binary_sensor.hall", "lights": {"area_id": "hall", "entity_id": ["light.a", "light.b"]},
                                    "wait": "00:01:00"})))
        .unwrap();
    let expected = parse_yaml(
        r#"mode: restart
triggers:
  - trigger: state
    entity_id: binary_sensor.hall
    to: "on"
actions:
  - action: light.turn_on
    target:
      area_id: hall
      entity_id: [light.a, light.b]
    data:
      brightness_pct: 80
  - delay: "00:01:00"
  - action: light.turn_off
    target:
      area_id: hall
      entity_id: [light.a, light.b]
"#,
    )
    .unwrap();
    assert_eq!(made, expected);
}

#[test]
fn a_placeholder_that_is_nowhere_is_an_error() {
    let automation = parse_yaml(DOOR_ALERT).unwrap();
    let mut bindings = door_bindings();
    bindings.push(binding(
        "extra",
        json!({"number": {}}),
        Placeholder::Number(4242.0),
    ));
    let error = blueprint_from_automation("x", None, &automation, &bindings, LEGACY).unwrap_err();
    assert!(
        error.contains("`extra`") && error.contains("4242"),
        "{error}"
    );

    let mut twice = door_bindings();
    twice[1].key = "door".into();
    let error = blueprint_from_automation("x", None, &automation, &twice, LEGACY).unwrap_err();
    assert!(error.contains("two inputs"), "{error}");
}

#[test]
fn a_placeholder_left_in_a_template_is_an_error() {
    let text = DOOR_ALERT.replace(
        "actions:\n",
        "conditions:\n  - condition: template\n    value_template: \"{{ is_state('binary_sensor.placeholder_door', 'on') }}\"\nactions:\n",
    );
    let automation = parse_yaml(&text).unwrap();
    let error =
        blueprint_from_automation("x", None, &automation, &door_bindings(), LEGACY).unwrap_err();
    assert!(error.contains("condition[0].value_template"), "{error}");
}

#[test]
fn a_result_that_fails_the_check_is_an_error() {
    let automation = parse_yaml(DOOR_ALERT).unwrap();
    let mut bindings = door_bindings();
    bindings[0].selector = json!({"entities": {}});
    let error = blueprint_from_automation("x", None, &automation, &bindings, LEGACY).unwrap_err();
    assert!(error.contains("not a selector"), "{error}");
}
