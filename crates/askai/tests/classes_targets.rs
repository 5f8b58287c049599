//! Classes of wording about what and who: named motion sensors, occupancy words, rooms in the
//! plural, a room's lamps, lists of kinds and "everything", the lights when the house
//! empties, entity ids typed into the request, "her"/"his", and two people named together.
//! Each read in several wordings; what cannot be settled is one question.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers

mod support;

use support::ask::{action, automation, calls, light_targets, questions, trigger};

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
fn a_room_in_the_plural_is_all_of_its_lights() {
    for (q, area) in [
        (
            "When motion is detected in the hallway after dark, turn on the hallway lights at 30%",
            "hallway",
        ),
        ("Turn off the living room lights at 23:00", "living_room"),
        ("Turn off the bedroom lights at 23:00", "bedroom"),
        (
            "Switch the kitchen lights on when motion is detected in the kitchen",
            "kitchen",
        ),
    ] {
        let a = automation(q);
        assert_eq!(light_targets(&a)["area_id"], area, "{q}");
    }
    // a name that is itself plural is that entity; a room with one light is that light
    for (q, id) in [
        ("Turn on garden lights at sunset", "light.garden_lights"),
        ("Turn on the garage lights at sunset", "light.garage_light"),
        ("Turn on the hallway light at sunset", "light.hallway_light"),
    ] {
        let a = automation(q);
        assert_eq!(light_targets(&a)["entity_id"], id, "{q}");
    }
    // one light of a room of several, not named: which one?
    assert_eq!(questions("Turn on bedroom light at sunset").len(), 1);
}

#[test]
fn the_lamps_of_a_room_are_its_lamps_not_all_its_lights() {
    for q in [
        "Turn off the bedroom lamps at 23:00",
        "Turn off the lamps in the bedroom at 23:00",
    ] {
        assert_eq!(
            light_targets(&automation(q))["entity_id"],
            serde_json::json!([
                "light.bedroom_lamp",
                "light.bedside_lamp_left",
                "light.bedside_lamp_right"
            ]),
            "{q}"
        );
    }
    // one lamp in a room of several lights: which are "the lamps"?
    assert_eq!(
        questions("Turn off the living room lamps at 23:00").len(),
        1
    );
    assert_eq!(
        light_targets(&automation("Turn off the bedroom lights at 23:00"))["area_id"],
        "bedroom"
    );
}

#[test]
fn a_list_of_kinds_is_every_entity_of_each_kind() {
    let all = |s: &str| (s.to_owned(), "all".to_owned());
    for (q, want) in [
        (
            "Turn off all lights and switches when everybody leaves",
            vec![all("light.turn_off"), all("switch.turn_off")],
        ),
        (
            "Turn off all lights, switches and media players at midnight",
            vec![
                all("light.turn_off"),
                all("switch.turn_off"),
                all("media_player.turn_off"),
            ],
        ),
        (
            "At 23:00 turn off all the lights and the switches",
            vec![all("light.turn_off"), all("switch.turn_off")],
        ),
    ] {
        assert_eq!(calls(&automation(q)), want, "{q}");
    }
    // a kind the home has none of, and "everything": one question
    for q in [
        "Turn off all lights and fans at midnight",
        "Turn off everything at midnight",
        "Switch off all devices when everyone leaves",
    ] {
        let asked = questions(q);
        assert_eq!(asked.len(), 1, "{q}: {asked:?}");
    }
}

#[test]
fn the_lights_when_the_house_empties_are_all_lights() {
    for q in [
        "Turn off lights when everyone leaves",
        "Turn off the lights when all people leave the house",
        "Turn off the lights when nobody is home",
    ] {
        assert_eq!(
            calls(&automation(q)),
            vec![("light.turn_off".to_owned(), "all".to_owned())],
            "{q}"
        );
    }
    // a room named: its lights, not every light
    let a = automation("Turn off the kitchen lights when everyone leaves");
    assert_eq!(light_targets(&a)["area_id"], "kitchen");
}

#[test]
fn more_wordings_of_levels_kinds_and_empty_rooms() {
    // "to full"/"to max": all the way
    for q in [
        "Set the bedroom lamp to full at 21:00",
        "Turn the kitchen lights to max when motion is detected in the kitchen",
    ] {
        assert_eq!(action(&automation(q))["data"]["brightness_pct"], 100, "{q}");
    }
    // "dimmer"/"brighter" with no level: asked
    assert_eq!(
        questions("Make the living room lamp dimmer at 21:00").len(),
        1
    );
    // one kind the names do not read as a kind
    assert_eq!(
        calls(&automation("Turn off all switches at midnight")),
        vec![("switch.turn_off".to_owned(), "all".to_owned())]
    );
    assert_eq!(
        calls(&automation("Turn off every media player at midnight")),
        vec![("media_player.turn_off".to_owned(), "all".to_owned())]
    );
    // the house empty is nobody home; a room said before, by "it"
    let a = automation("when nobody is in the house turn off all the lights");
    assert_eq!(trigger(&a)["to"], "not_home");
    let a = automation("Turn off the lights in the office when it's empty for 10 minutes");
    assert_eq!(trigger(&a)["entity_id"], "binary_sensor.office_motion");
    assert_eq!(trigger(&a)["for"], "00:10:00");
}

#[test]
fn entity_ids_typed_in_the_request_are_those_entities() {
    let a = automation("Turn on light.kitchen_ceiling when binary_sensor.kitchen_motion turns on");
    assert_eq!(trigger(&a)["entity_id"], "binary_sensor.kitchen_motion");
    assert_eq!(
        calls(&a),
        vec![(
            "light.turn_on".to_owned(),
            "light.kitchen_ceiling".to_owned()
        )]
    );
    let a = automation("When binary_sensor.front_door opens, turn on light.hallway_light");
    assert_eq!(trigger(&a)["entity_id"], "binary_sensor.front_door");
    assert_eq!(
        calls(&a),
        vec![("light.turn_on".to_owned(), "light.hallway_light".to_owned())]
    );
    let a = automation("Notify person.alice when lock.front_door is unlocked for 5 minutes");
    assert_eq!(trigger(&a)["entity_id"], "lock.front_door");
    assert_eq!(action(&a)["action"], "notify.mobile_app_alice_phone");
    // an id the home lacks: one question that names it
    let asked = questions("Turn on light.kitchen_foo when binary_sensor.kitchen_motion turns on");
    assert_eq!(asked.len(), 1);
    assert!(asked[0].contains("light.kitchen_foo"), "{asked:?}");
}

#[test]
fn her_and_his_are_the_one_person_named() {
    for (q, id) in [
        (
            "When Alice leaves, turn off her bedside lamp",
            "light.bedside_lamp_left",
        ),
        (
            "When Bob gets home, turn on his bedside lamp",
            "light.bedside_lamp_right",
        ),
    ] {
        assert_eq!(light_targets(&automation(q))["entity_id"], id, "{q}");
    }
    let a = automation("When Alice arrives home, send her a message");
    assert_eq!(action(&a)["action"], "notify.mobile_app_alice_phone");
    let a = automation("Alert Bob if the front door is opened while he is away");
    assert_eq!(a["conditions"][0]["entity_id"], "person.bob");
    assert_eq!(a["conditions"][0]["state"], "not_home");
    // nobody or two people named: "her" says no one
    assert_eq!(questions("At 22:00 turn off her bedside lamp").len(), 1);
}

#[test]
fn two_people_named_together_and_a_window_before_the_event() {
    let a = automation("When Alice and Bob are both away, turn off the heating");
    assert_eq!(a["conditions"].as_array().unwrap().len(), 2, "{a}");
    let a = automation("When either Alice or Bob comes home, turn on the hallway light");
    assert!(
        a.get("conditions")
            .is_none_or(|c| c.as_array().is_some_and(|c| c.is_empty()))
    );
    assert_eq!(
        questions("When Alice and Bob come home, turn on the hallway light").len(),
        1
    );
    let a = automation(
        "If it's after 22:00 and the front door opens, turn on the hallway light at 10%",
    );
    assert_eq!(trigger(&a)["entity_id"], "binary_sensor.front_door");
    assert_eq!(a["conditions"][0]["after"], "22:00:00");
}

#[test]
fn a_kind_word_that_is_part_of_one_name_of_many_of_the_kind_is_a_question() {
    // several switches are plugs; only one is named "... Plug"
    for q in [
        "Switch off the smart plug at 23:00",
        "At midnight power down the plug",
        "When the front door opens turn on the socket",
    ] {
        let asked = questions(q);
        assert_eq!(asked.len(), 1, "{q}: {asked:?}");
        assert!(asked[0].to_lowercase().contains("which"), "{q}: {asked:?}");
    }
    // the whole name is still that one
    for q in [
        "Switch off the TV plug at 23:00",
        "At midnight power down the TV socket",
    ] {
        assert_eq!(
            action(&automation(q))["target"]["entity_id"],
            "switch.tv_plug",
            "{q}"
        );
    }
}

#[test]
fn a_place_other_than_home_is_a_question_not_home() {
    for q in [
        "When Bob leaves school send Alice a message",
        "If Alice arrives at her office location, turn off the coffee maker",
        "Notify Bob when Alice arrives at the station",
    ] {
        let asked = questions(q);
        assert_eq!(asked.len(), 1, "{q}: {asked:?}");
        assert!(asked[0].contains("no zone"), "{q}: {asked:?}");
    }
    // read no further than a question of another kind (never an automation about home)
    for q in [
        "When Alice leaves work, turn on the heating",
        "Turn on the porch light when Bob gets back from the gym",
    ] {
        assert_eq!(questions(q).len(), 1, "{q}");
    }
    // home itself is known
    let a = automation("When Bob leaves the house, turn off the heating");
    assert_eq!(trigger(&a)["entity_id"], "person.bob");
    assert_eq!(trigger(&a)["to"], "not_home");
}
