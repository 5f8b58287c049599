//! Requests phrased unlike the development set (other words for the same kinds of trigger,
//! condition and action) against the development home: the engine is a grammar, not a table
//! of phrases. Each case names what the automation must contain.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers

use std::path::PathBuf;

use homeai_askai::{Answer, Engine, Home};
use homeai_automation_model::{Dialect, to_json};

fn engine() -> Engine {
    let dir = PathBuf::from(
        std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").into()),
    )
    .ancestors()
    .map(|a| a.join("shared/data/askai"))
    .find(|p| p.join("home.json").exists())
    .expect("shared/data/askai");
    Engine::new(Home::from_json(&std::fs::read_to_string(dir.join("home.json")).unwrap()).unwrap())
}

const CASES: &[(&str, &[&str])] = &[
    (
        "Switch the lights in the office on when someone moves in the study",
        &[
            r#""entity_id":"binary_sensor.office_motion""#,
            r#""area_id":"office""#,
            r#""action":"light.turn_on""#,
        ],
    ),
    (
        "Close the lounge blinds 45 minutes before sunset",
        &[
            r#""offset":"-00:45:00""#,
            "cover.living_room_blinds",
            "close_cover",
        ],
    ),
    (
        "When the humidity in the bathroom rises above 65% switch on the extractor fan",
        &[
            "sensor.bathroom_humidity",
            r#""above":65"#,
            "switch.bathroom_fan",
        ],
    ),
    (
        "Lock the door lock at 11 pm",
        &[r#""at":"23:00:00""#, r#""action":"lock.lock""#],
    ),
    (
        "Every Saturday and Sunday at 9:00 activate the morning scene",
        &[r#"["sat","sun"]"#, "scene.good_morning"],
    ),
    (
        "Send Alice a message if the garage door sensor has been open for 20 minutes",
        &[
            "binary_sensor.garage_door",
            r#""for":"00:20:00""#,
            "notify.mobile_app_alice_phone",
        ],
    ),
    (
        "Turn off the hallway light 5 minutes after the front door closes",
        &[
            r#""to":"off""#,
            "binary_sensor.front_door",
            r#""delay":"00:05:00""#,
            "light.turn_off",
        ],
    ),
    (
        "When the sun sets turn on the garden lights",
        &[r#""event":"sunset""#, "light.garden_lights"],
    ),
    (
        "At twenty to eight on weekdays close the bedroom blinds",
        &[r#""at":"07:40:00""#, "cover.bedroom_blinds"],
    ),
    (
        "When the front door or the back door opens, notify Alice",
        &["binary_sensor.front_door", "binary_sensor.back_door"],
    ),
    (
        "Turn on the garage light when there's motion",
        &["binary_sensor.garage_motion", "light.garage_light"],
    ),
    (
        "Unlock the door when Bob arrives",
        &["person.bob", r#""to":"home""#, "lock.unlock"],
    ),
    (
        "Open the living room blinds at sunrise, but not on weekends",
        &[r#""weekday":["mon","tue","wed","thu","fri"]"#],
    ),
    (
        "Every evening at 6 turn on the floor lamp",
        &[r#""at":"18:00:00""#, "light.living_room_lamp"],
    ),
    (
        "When the office motion sensor has been clear for 15 minutes, turn off the office lights",
        &[
            r#""to":"off""#,
            r#""for":"00:15:00""#,
            r#""area_id":"office""#,
        ],
    ),
    (
        "Turn on the night light at 20% when there is movement in Emma's room at night",
        &[
            "binary_sensor.kids_room_motion",
            r#""brightness_pct":20"#,
            "sunset",
        ],
    ),
    (
        "Turn the porch light on at dusk and off at 11pm",
        &[
            r#""id":"branch_1""#,
            r#""event":"sunset""#,
            r#""at":"23:00:00""#,
            r#""condition":"trigger""#,
            "light.turn_off",
        ],
    ),
    (
        "Open the bedroom blinds at 7am and close them at sunset",
        &[
            r#""at":"07:00:00""#,
            "open_cover",
            "close_cover",
            r#""choose""#,
        ],
    ),
];

#[test]
fn other_phrasings_of_the_same_kinds_of_request_become_the_expected_automations() {
    let e = engine();
    let mut failed = Vec::new();
    for (query, needles) in CASES {
        let text = match e.ask(query).unwrap() {
            Answer::Automation(s) => to_json(&s.automation, Dialect::Modern).to_string(),
            Answer::Clarify(c) => format!(
                "questions: {:?}",
                c.questions.iter().map(|q| &q.text).collect::<Vec<_>>()
            ),
            Answer::Blueprint(b) => format!("blueprint: {}", b.description),
        };
        for n in *needles {
            if !text.contains(n) {
                failed.push(format!("{query}\n  missing {n}\n  got {text}"));
            }
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[test]
fn requests_that_cannot_be_answered_without_asking_get_questions_with_options() {
    let e = engine();
    for query in [
        "Turn on the fan when it is too warm",
        "Close the blinds in the evening",
        "Turn on the sprinkler at 6",
        "Switch on the window light at 8pm",
        "Notify me when the front door opens",
    ] {
        match e.ask(query).unwrap() {
            Answer::Clarify(c) => assert!(!c.questions.is_empty(), "{query}"),
            Answer::Automation(s) => panic!("{query}: expected questions, got {:?}", s.description),
            Answer::Blueprint(b) => panic!("{query}: expected questions, got {:?}", b.description),
        }
    }
}

#[test]
fn absurd_numbers_get_an_answer_not_a_panic() {
    let engine = engine();
    for q in [
        "Turn on the porch light 99999999999999999999 hours after 7am",
        "Turn on the porch light 99999999999999999999 minutes before sunset",
        "Turn off the hallway light after 1e300 seconds",
        "When the front door is open for 99999999999999999999 days notify Alice",
    ] {
        let answer = engine.ask(q);
        assert!(answer.is_ok(), "{q}: {answer:?}");
    }
}
