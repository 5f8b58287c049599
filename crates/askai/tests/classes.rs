//! Language as classes, not phrases: each class of wording (times of day with no hour,
//! occupancy, rooms in the plural, kinds lists, typed entity ids, HVAC modes, temporary and
//! paused actions, brightness in words, "left open") read in several wordings, and what the
//! engine cannot settle asked about in one question instead of answered wrongly.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers

mod support;

use homeai_askai::{Answer, Engine, Home};
use serde_json::Value;

fn engine() -> Engine {
    let dir = support::score::data_dir();
    Engine::new(Home::from_json(&std::fs::read_to_string(dir.join("home.json")).unwrap()).unwrap())
}

/// The automation a request becomes, as Home Assistant JSON; panics on a question.
fn automation(q: &str) -> Value {
    match engine().ask(q).unwrap() {
        Answer::Automation(s) => homeai_automation_model::to_json(
            &s.automation,
            homeai_automation_model::Dialect::Modern,
        ),
        Answer::Clarify(c) => panic!("{q}: asked {:?}", c.questions),
    }
}

/// The questions a request gets; panics on an automation.
fn questions(q: &str) -> Vec<String> {
    match engine().ask(q).unwrap() {
        Answer::Automation(s) => panic!(
            "{q}: expected a question, got {}",
            homeai_automation_model::to_json(
                &s.automation,
                homeai_automation_model::Dialect::Modern
            )
        ),
        Answer::Clarify(c) => c.questions.into_iter().map(|q| q.text).collect(),
    }
}

fn trigger(a: &Value) -> &Value {
    &a["triggers"][0]
}

#[test]
fn a_named_motion_sensor_detected_is_motion() {
    for q in [
        "Turn on garden lights when garden motion detected",
        "Turn on the garden lights when garden motion is detected",
        "When the garden motion sensor is triggered, switch on the garden lights",
    ] {
        let a = automation(q);
        assert_eq!(
            trigger(&a)["entity_id"],
            "binary_sensor.garden_motion",
            "{q}"
        );
        assert_eq!(trigger(&a)["to"], "on", "{q}");
        assert_eq!(a["actions"][0]["action"], "light.turn_on", "{q}");
    }
}

#[test]
fn at_night_beside_a_trigger_is_while_the_sun_is_down() {
    for q in [
        "Turn on the porch light at night when garden motion is detected",
        "At night, when there is motion in the garden, turn on the porch light",
        "Turn on the porch light when garden motion is detected tonight",
    ] {
        let a = automation(q);
        assert_eq!(
            trigger(&a)["entity_id"],
            "binary_sensor.garden_motion",
            "{q}"
        );
        let conds = a["conditions"].to_string();
        assert!(conds.contains("sunset"), "{q}: {conds}");
    }
}

#[test]
fn occupancy_words_are_the_rooms_motion_sensor() {
    for (q, to, for_) in [
        (
            "Turn off the office lights when the office is unoccupied",
            "off",
            None,
        ),
        (
            "Turn off the office lights when the office is empty",
            "off",
            None,
        ),
        (
            "Turn off the office lights when nobody is in the office",
            "off",
            None,
        ),
        (
            "Turn off the office lights when no one is in the office",
            "off",
            None,
        ),
        (
            "Turn off the office lights when the office has been vacant for 10 minutes",
            "off",
            Some("00:10:00"),
        ),
        (
            "Turn off the office lights when the office is not occupied for 5 minutes",
            "off",
            Some("00:05:00"),
        ),
        (
            "Turn on the office lights when the office is occupied",
            "on",
            None,
        ),
        (
            "Turn on the office lights when someone is in the office",
            "on",
            None,
        ),
    ] {
        let a = automation(q);
        let t = trigger(&a);
        assert_eq!(t["entity_id"], "binary_sensor.office_motion", "{q}");
        assert_eq!(t["to"], to, "{q}");
        match for_ {
            Some(f) => assert_eq!(t["for"], f, "{q}"),
            None => assert!(t.get("for").is_none(), "{q}"),
        }
    }
}

#[test]
fn at_night_with_nothing_else_to_start_it_asks_when() {
    for q in [
        "Turn on the porch light at night",
        "Turn on the porch light in the evening",
    ] {
        let asked = questions(q);
        assert_eq!(asked.len(), 1, "{q}: {asked:?}");
    }
}
