//! The team's own markdown specs (`data/specs-dev/`, the development split): other
//! behaviours than the public tasks' (a climate entity, covers, a motion light with a time
//! limit, a leak valve, a doorbell, a person leaving, the sun, a lock, inputs as bullets), a
//! markdown request that asks for no blueprint, and specs that can only get one question.

#![allow(clippy::expect_used, clippy::unwrap_used)] // tests

mod support;

use homeai_askai::{Answer, Engine, Home};
use homeai_automation_model::{Dialect, to_json};
use serde_json::json;
use support::spec::{blueprint, data, ids, instantiate, option_for};

#[test]
fn heater_window_switches_the_climate_entity_off_after_the_window_stays_open() {
    let b = blueprint("specs-dev/heater_window/DESCRIPTION.md");
    let a = instantiate(
        &b,
        &[
            ("window_contact", "entity"),
            ("heater", "entity"),
            ("open_time", "duration"),
        ],
        json!({"window_contact": "binary_sensor.bedroom_window", "heater": "climate.bedroom", "open_time": {"minutes": 10}}),
    );
    let t = &a["triggers"][0];
    assert_eq!(t["entity_id"], "binary_sensor.bedroom_window");
    assert_eq!(t["to"], "on");
    assert!(t["for"].to_string().contains("10"), "{t}");
    assert_eq!(a["actions"][0]["action"], "climate.turn_off");
    assert_eq!(
        ids(&a["actions"][0]["target"]["entity_id"]),
        json!(["climate.bedroom"])
    );
}

#[test]
fn motion_light_turns_off_when_motion_stops_or_after_five_minutes() {
    let b = blueprint("specs-dev/motion_light/DESCRIPTION.md");
    let a = instantiate(
        &b,
        &[("motion_sensor", "entity"), ("lights", "target")],
        json!({"motion_sensor": "binary_sensor.hall_motion", "lights": {"entity_id": ["light.hall", "light.stairs"]}}),
    );
    let m = "binary_sensor.hall_motion";
    let on = option_for(&a, &|t| {
        t["entity_id"] == m && t["to"] == "on" && t.get("for").is_none()
    });
    let off = option_for(&a, &|t| t["entity_id"] == m && t["to"] == "off");
    let limit = option_for(&a, &|t| {
        t["entity_id"] == m && t["to"] == "on" && t["for"] == "00:05:00"
    });
    assert_eq!(on["sequence"][0]["action"], "light.turn_on");
    assert_eq!(off["sequence"][0]["action"], "light.turn_off");
    assert_eq!(limit["sequence"][0]["action"], "light.turn_off");
    assert_eq!(
        ids(&on["sequence"][0]["target"]["entity_id"]),
        json!(["light.hall", "light.stairs"])
    );
}

#[test]
fn blinds_close_above_the_limit_and_open_again_below_it() {
    let b = blueprint("specs-dev/blinds_heat/DESCRIPTION.md");
    let a = instantiate(
        &b,
        &[
            ("temperature_sensor", "entity"),
            ("temperature_limit", "number"),
            ("blinds", "entity"),
        ],
        json!({"temperature_sensor": "sensor.office_temperature", "temperature_limit": 26.5, "blinds": "cover.office"}),
    );
    let s = "sensor.office_temperature";
    let up = option_for(&a, &|t| t["entity_id"] == s && t["above"] == 26.5);
    let down = option_for(&a, &|t| t["entity_id"] == s && t["below"] == 26.5);
    assert_eq!(up["sequence"][0]["action"], "cover.close_cover");
    assert_eq!(down["sequence"][0]["action"], "cover.open_cover");
    assert!(b.overruled.is_empty(), "{:?}", b.overruled);
}

#[test]
fn a_spec_that_says_nothing_to_do_gets_one_question() {
    match Engine::new(Home::default())
        .ask(&data("specs-dev/no_behaviour/DESCRIPTION.md"))
        .unwrap()
    {
        Answer::Clarify(c) => assert_eq!(c.questions.len(), 1, "{:?}", c.questions),
        other => panic!("expected one question, got {other:?}"),
    }
}

#[test]
fn a_markdown_request_without_inputs_is_an_automation_for_the_home() {
    let home: Home = serde_json::from_value(json!({
        "areas": [{"area_id": "garden", "name": "Garden", "aliases": []}],
        "entities": [
            {"entity_id": "light.porch", "name": "Porch Light", "area_id": "garden", "domain": "light"},
            {"entity_id": "light.hall", "name": "Hall Light", "domain": "light"}
        ]
    }))
    .unwrap();
    let answer = Engine::new(home)
        .ask(&data("specs-dev/porch_light_plain/DESCRIPTION.md"))
        .unwrap();
    let Answer::Automation(s) = answer else {
        panic!("expected an automation, got {answer:?}")
    };
    let a = to_json(&s.automation, Dialect::Modern);
    let text = a.to_string();
    assert!(
        text.contains("sunset") && text.contains("23:00:00"),
        "{text}"
    );
    assert!(
        text.contains("light.turn_on") && text.contains("light.turn_off"),
        "{text}"
    );
    assert!(
        text.contains("light.porch") && !text.contains("light.hall"),
        "{text}"
    );
}

#[test]
fn a_leak_turns_the_valve_switch_off_and_the_water_detected_is_no_entity() {
    let b = blueprint("specs-dev/leak_valve/DESCRIPTION.md");
    let a = instantiate(
        &b,
        &[("leak_sensor", "entity"), ("water_valve", "entity")],
        json!({"leak_sensor": "binary_sensor.kitchen_leak", "water_valve": "switch.main_water"}),
    );
    assert_eq!(a["triggers"].as_array().unwrap().len(), 1, "{a}");
    assert_eq!(a["triggers"][0]["entity_id"], "binary_sensor.kitchen_leak");
    assert_eq!(a["triggers"][0]["to"], "on");
    assert_eq!(a["actions"][0]["action"], "switch.turn_off");
}

#[test]
fn the_doorbell_pauses_the_player_only_while_it_plays() {
    let b = blueprint("specs-dev/doorbell_pause/DESCRIPTION.md");
    let a = instantiate(
        &b,
        &[("doorbell", "entity"), ("media_player", "entity")],
        json!({"doorbell": "binary_sensor.front_bell", "media_player": "media_player.tv"}),
    );
    assert_eq!(a["triggers"][0]["entity_id"], "binary_sensor.front_bell");
    let c = &a["conditions"][0];
    assert_eq!(ids(&c["entity_id"]), json!(["media_player.tv"]), "{a}");
    assert_eq!(c["state"], "playing");
    assert_eq!(a["actions"][0]["action"], "media_player.media_pause");
}

#[test]
fn a_person_input_leaving_home_turns_the_lights_off() {
    let b = blueprint("specs-dev/away_lights/DESCRIPTION.md");
    let a = instantiate(
        &b,
        &[("lights", "target"), ("person", "entity")],
        json!({"lights": {"entity_id": ["light.a", "light.b"]}, "person": "person.alice"}),
    );
    assert_eq!(a["triggers"][0]["entity_id"], "person.alice");
    assert_eq!(a["triggers"][0]["to"], "not_home");
    assert_eq!(a["actions"][0]["action"], "light.turn_off");
}

#[test]
fn a_light_on_at_sunset_and_off_at_sunrise_is_one_choose_on_the_sun() {
    let b = blueprint("specs-dev/sun_porch_light/DESCRIPTION.md");
    let a = instantiate(
        &b,
        &[("porch_light", "target")],
        json!({"porch_light": {"entity_id": ["light.porch"]}}),
    );
    let on = option_for(&a, &|t| t["event"] == "sunset");
    let off = option_for(&a, &|t| t["event"] == "sunrise");
    assert_eq!(on["sequence"][0]["action"], "light.turn_on");
    assert_eq!(off["sequence"][0]["action"], "light.turn_off");
    assert_eq!(a["triggers"].as_array().unwrap().len(), 2, "{a}");
}

#[test]
fn a_lock_left_unlocked_for_the_duration_is_locked() {
    let b = blueprint("specs-dev/auto_lock/DESCRIPTION.md");
    let a = instantiate(
        &b,
        &[("door_lock", "entity"), ("unlocked_for", "duration")],
        json!({"door_lock": "lock.front", "unlocked_for": "00:10:00"}),
    );
    let t = &a["triggers"][0];
    assert_eq!(t["entity_id"], "lock.front");
    assert_eq!(t["to"], "unlocked");
    assert_eq!(t["for"], "00:10:00");
    assert_eq!(a["actions"][0]["action"], "lock.lock");
}

#[test]
fn below_the_threshold_is_the_number_input_and_it_is_the_switch_named_before() {
    let b = blueprint("specs-dev/heater_threshold/DESCRIPTION.md");
    let a = instantiate(
        &b,
        &[
            ("temperature", "entity"),
            ("threshold", "number"),
            ("heater_switch", "entity"),
        ],
        json!({"temperature": "sensor.den", "threshold": 18, "heater_switch": "switch.den_heater"}),
    );
    let on = option_for(&a, &|t| t["below"] == 18);
    let off = option_for(&a, &|t| t["above"] == 18);
    assert_eq!(on["sequence"][0]["action"], "switch.turn_on");
    assert_eq!(off["sequence"][0]["action"], "switch.turn_off");
    assert_eq!(
        ids(&off["sequence"][0]["target"]["entity_id"]),
        json!(["switch.den_heater"])
    );
}

#[test]
fn inputs_as_bullets_and_a_clause_before_a_passive_are_read() {
    let b = blueprint("specs-dev/window_heater_bullets/DESCRIPTION.md");
    let a = instantiate(
        &b,
        &[("window", "entity"), ("heater", "entity")],
        json!({"window": "binary_sensor.study_window", "heater": "climate.study"}),
    );
    let w = "binary_sensor.study_window";
    let open = option_for(&a, &|t| t["entity_id"] == w && t["to"] == "on");
    let closed = option_for(&a, &|t| t["entity_id"] == w && t["to"] == "off");
    assert_eq!(open["sequence"][0]["action"], "climate.turn_off");
    assert_eq!(closed["sequence"][0]["action"], "climate.turn_on");
}

#[test]
fn an_input_of_a_kind_blueprints_here_cannot_take_is_one_question_with_options() {
    let spec = "# Bedtime\n\n## Problem statement\n\nCreate a blueprint automation to turn off \
                the lights at bedtime.\n\n## Detailed Description\n\n| Input | Selector Type | \
                Description |\n| --- | --- | --- |\n| `bedtime` | `time` | When to go to bed. |\n\
                | `lights` | `target` | The `light` targets. |\n\nThe automation should turn off \
                the `lights` at `bedtime`.\n";
    match Engine::new(Home::default()).ask(spec).unwrap() {
        Answer::Clarify(c) => {
            assert_eq!(c.questions.len(), 1, "{:?}", c.questions);
            assert!(
                c.questions[0].text.contains("`bedtime`"),
                "{:?}",
                c.questions
            );
            assert!(!c.questions[0].options.is_empty());
        }
        other => panic!("expected one question, got {other:?}"),
    }
}

#[test]
fn a_mobile_app_device_input_is_notified_with_a_device_action_and_no_sentinel_text() {
    let b = blueprint("specs-dev/washer_notify/DESCRIPTION.md");
    let a = instantiate(
        &b,
        &[
            ("power_sensor", "entity"),
            ("power_threshold", "number"),
            ("notify_device", "device"),
        ],
        json!({"power_sensor": "sensor.washer_power", "power_threshold": 5, "notify_device": "abc123"}),
    );
    assert_eq!(a["triggers"][0]["entity_id"], "sensor.washer_power");
    assert_eq!(a["triggers"][0]["below"], 5);
    let step = &a["actions"][0];
    assert_eq!(step["device_id"], "abc123", "{a}");
    assert_eq!(step["domain"], "mobile_app");
    assert_eq!(step["type"], "notify");
    let yaml = homeai_automation_model::blueprint_to_yaml(&b.blueprint, Dialect::Modern);
    assert!(
        !yaml.contains("43.21") && !yaml.contains("placeholder"),
        "{yaml}"
    );
}
