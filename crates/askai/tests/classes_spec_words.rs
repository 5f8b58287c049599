//! Classes of wording that written specs brought up, read in one-line requests with words
//! other than the specs': what a sensor detects is no entity ("detects water"), a doorbell
//! that is pressed or rings is on, motion that stops is the sensor clearing, and "it" in a
//! condition is the last thing named that can be in that state.

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
                {"entity_id": "light.stairs", "name": "Stairs Light", "domain": "light"}
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
