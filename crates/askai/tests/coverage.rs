//! No confident wrong answer: what the engine cannot place is asked about, never dropped, and
//! the verbs people use for on and off read the right way round.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers

mod support;

use homeai_askai::{Answer, Engine, Home};

fn engine() -> Engine {
    let dir = support::score::data_dir();
    Engine::new(Home::from_json(&std::fs::read_to_string(dir.join("home.json")).unwrap()).unwrap())
}

fn service(q: &str) -> String {
    match engine().ask(q).unwrap() {
        Answer::Automation(s) => {
            let j = homeai_automation_model::to_json(
                &s.automation,
                homeai_automation_model::Dialect::Modern,
            );
            j["actions"][0]["action"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        }
        Answer::Clarify(c) => panic!("{q}: asked {:?}", c.questions),
        Answer::Blueprint(b) => panic!("{q}: answered a blueprint {:?}", b.description),
    }
}

#[test]
fn off_verbs_are_off_and_on_verbs_on() {
    assert_eq!(
        service("Power down the TV at midnight"),
        "media_player.turn_off"
    );
    assert_eq!(service("Douse the porch light at 23:00"), "light.turn_off");
    assert_eq!(
        service("Fire up the coffee maker at 6:45"),
        "switch.turn_on"
    );
}

#[test]
fn a_setting_nothing_takes_is_asked_about() {
    // a mode the thermostat does not have, and a percentage no call of the fan takes
    for q in [
        "Set the heating to cool at 7am",
        "At 7am set the bedroom fan to 50%",
    ] {
        assert!(
            matches!(engine().ask(q).unwrap(), Answer::Clarify(_)),
            "{q} answered"
        );
    }
}

#[test]
fn answers_say_how_each_part_was_read() {
    let Answer::Automation(s) = engine().ask("Turn off the porch light at 8.30pm").unwrap() else {
        panic!("asked")
    };
    assert!(
        s.readings
            .iter()
            .any(|r| r.part == "at 20:30" && r.from.contains("8.30")),
        "{:?}",
        s.readings
    );
    let Answer::Automation(s) = engine()
        .ask("When the front door remains unlocked for more than 10 minutes, lock it")
        .unwrap()
    else {
        panic!("asked")
    };
    assert!(s.readings.iter().any(|r| r.part == "for 10 minutes"));
}

fn asks(q: &str) -> Vec<String> {
    match engine().ask(q).unwrap() {
        Answer::Clarify(c) => c.questions.into_iter().map(|q| q.text).collect(),
        Answer::Automation(s) => panic!(
            "{q}: answered {}",
            homeai_automation_model::to_json(
                &s.automation,
                homeai_automation_model::Dialect::Modern
            )
        ),
        Answer::Blueprint(b) => panic!("{q}: answered a blueprint {:?}", b.description),
    }
}

#[test]
fn a_person_place_or_second_order_nothing_uses_is_asked_about() {
    // a person named beside an order that does nothing with them
    for q in [
        "Turn on the porch light for Alice at sunset",
        "At 7:00 turn on the desk lamp for Bob",
    ] {
        let asked = asks(q);
        assert_eq!(asked.len(), 1, "{q}: {asked:?}");
        assert!(asked[0].contains("to do with"), "{q}: {asked:?}");
    }
    // a second verb in one order, and a verb the thing cannot do
    for q in [
        "Switch on the desk lamp pause at 7:00",
        "At sunset turn on the porch light then pause",
    ] {
        let asked = asks(q);
        assert_eq!(asked.len(), 1, "{q}: {asked:?}");
        assert!(asked[0].contains("pause"), "{q}: {asked:?}");
    }
}

#[test]
fn persons_and_rooms_the_automation_uses_are_not_asked_about() {
    for q in [
        "Send Alice a message when Bob arrives home",
        "Tell Bob when the kitchen motion detects motion",
        "Turn on the kitchen lights when motion is detected in the kitchen",
        "Turn off the lights when everyone leaves",
    ] {
        assert!(
            matches!(engine().ask(q).unwrap(), Answer::Automation(_)),
            "{q} asked"
        );
    }
}

#[test]
fn a_mode_by_a_name_nothing_reads_is_asked_about() {
    let asked = asks("Set the bedroom fan to turbo mode at 22:00");
    assert_eq!(asked.len(), 1, "{asked:?}");
    assert!(asked[0].contains("turbo"), "{asked:?}");
    // a mode that is a name of the home is that entity
    assert!(matches!(
        engine().ask("Turn on guest mode at 18:00").unwrap(),
        Answer::Automation(_)
    ));
}
