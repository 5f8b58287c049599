//! Classes of wording that written specs brought up, read in one-line requests with words
//! other than the specs': what a sensor detects is no entity ("detects water"), a doorbell
//! that is pressed or rings is on, motion that stops is the sensor clearing, and "it" in a
//! condition is the last thing named that can be in that state, "but not if it is already on"
//! is a condition, and "or after 3 minutes" beside two behaviours is the first one's trigger
//! held that long.

#![allow(clippy::expect_used, clippy::unwrap_used)] // tests

use homeai_askai::{Answer, Engine, Home};
use homeai_automation_model::{Dialect, to_json};
use serde_json::{Value, json};

fn engine() -> Engine {
    Engine::new(
        serde_json::from_value::<Home>(json!({
            "areas": [{"area_id": "utility", "name": "Utility Room", "aliases": []}],
            "entities": [
                {"entity_id": "binary_sensor.washer_leak", "name": "Washer Leak Sensor", "domain": "binary_sensor", "device_class": "moisture", "area_id": "utility"},
                {"entity_id": "switch.water_main", "name": "Water Main", "domain": "switch", "area_id": "utility"},
                {"entity_id": "binary_sensor.front_bell", "name": "Front Bell", "domain": "binary_sensor"},
                {"entity_id": "media_player.den_tv", "name": "Den TV", "domain": "media_player", "device_class": "tv"},
                {"entity_id": "binary_sensor.stairs_motion", "name": "Stairs Motion", "domain": "binary_sensor", "device_class": "motion"},
                {"entity_id": "light.stairs", "name": "Stairs Light", "domain": "light"},
                {"entity_id": "fan.utility", "name": "Utility Fan", "domain": "fan", "area_id": "utility"},
                {"entity_id": "sensor.utility_humidity", "name": "Utility Humidity", "domain": "sensor", "device_class": "humidity", "unit_of_measurement": "%", "area_id": "utility"}
            ]
        }))
        .unwrap(),
    )
}

fn automation(q: &str) -> Value {
    match engine().ask(q).unwrap() {
        Answer::Automation(s) => to_json(&s.automation, Dialect::Modern),
        other => panic!("{q}: {other:?}"),
    }
}

#[test]
fn what_a_sensor_detects_is_not_a_thing_to_watch() {
    for q in [
        "Switch off the water main when the washer leak sensor detects water",
        "If the washer leak sensor senses water, turn the water main off",
    ] {
        let a = automation(q);
        assert_eq!(a["triggers"].as_array().unwrap().len(), 1, "{q}: {a}");
        assert_eq!(
            a["triggers"][0]["entity_id"], "binary_sensor.washer_leak",
            "{q}"
        );
        assert_eq!(a["triggers"][0]["to"], "on", "{q}");
        assert_eq!(a["actions"][0]["action"], "switch.turn_off", "{q}");
    }
}

#[test]
fn a_bell_pressed_or_ringing_is_on_and_it_is_what_can_be_playing() {
    for q in [
        "Pause the den TV when the front bell rings if it is playing",
        "When the front bell is pressed, pause the den TV, but only if it is playing",
    ] {
        let a = automation(q);
        assert_eq!(
            a["triggers"][0]["entity_id"], "binary_sensor.front_bell",
            "{q}: {a}"
        );
        assert_eq!(a["triggers"][0]["to"], "on", "{q}");
        assert_eq!(
            a["conditions"][0]["entity_id"], "media_player.den_tv",
            "{q}: {a}"
        );
        assert_eq!(a["conditions"][0]["state"], "playing", "{q}");
    }
}

#[test]
fn motion_that_stops_clears_the_motion_sensor() {
    let a = automation("Switch the stairs light off when the stairs motion stops");
    assert_eq!(
        a["triggers"][0]["entity_id"], "binary_sensor.stairs_motion",
        "{a}"
    );
    assert_eq!(a["triggers"][0]["to"], "off", "{a}");
}

#[test]
fn but_not_if_it_is_already_on_is_a_condition() {
    for q in [
        "Turn on the utility fan when the utility humidity rises above 65%, but not if it is already on",
        "Turn on the utility fan when the utility humidity rises above 65% unless it is already on",
    ] {
        let a = automation(q);
        assert_eq!(a["conditions"][0]["entity_id"], "fan.utility", "{q}: {a}");
        assert_eq!(a["conditions"][0]["state"], "off", "{q}: {a}");
    }
}

#[test]
fn or_after_a_time_beside_two_behaviours_is_the_first_trigger_held() {
    let a = automation(
        "Turn on the stairs light when stairs motion is detected, and turn it off when the \
         stairs motion stops or after 3 minutes",
    );
    let triggers = a["triggers"].as_array().unwrap();
    assert_eq!(triggers.len(), 3, "{a}");
    let held = triggers.iter().find(|t| t.get("for").is_some()).unwrap();
    assert_eq!(held["to"], "on", "{a}");
    assert_eq!(held["for"], "00:03:00", "{a}");
    let options = a["actions"][0]["choose"].as_array().unwrap();
    let offs = options
        .iter()
        .filter(|o| o["sequence"][0]["action"] == "light.turn_off")
        .count();
    assert_eq!(offs, 2, "{a}");
}

#[test]
fn a_second_order_with_its_own_event_after_it_is_two_moments_not_one() {
    let e = engine();
    // before: one automation that turned the light on and at once off again
    match e
        .ask("When the front bell rings turn on the stairs light and turn it off when the stairs motion stops")
        .unwrap()
    {
        Answer::Clarify(c) => {
            assert_eq!(c.questions.len(), 1, "{:?}", c.questions);
            assert!(c.questions[0].options[0].value.to_lowercase().starts_with("when the front bell rings"), "{:?}", c.questions);
        }
        other => panic!("expected the two-moments question, got {other:?}"),
    }
}
