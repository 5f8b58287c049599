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

fn action(a: &Value) -> &Value {
    &a["actions"][0]
}

#[test]
fn hvac_modes_set_the_mode_the_thermostat_has() {
    for (q, mode) in [
        ("Set the heating to heat mode at 6am", "heat"),
        ("Switch the thermostat to auto at 7:00", "auto"),
        ("Put the heating in automatic mode at 7:00", "auto"),
        ("At 6:30 change the thermostat to heating mode", "heat"),
        ("Change the heating mode to off at 23:00", "off"),
        ("Set the thermostat mode to auto at 7:00", "auto"),
    ] {
        let a = automation(q);
        assert_eq!(action(&a)["action"], "climate.set_hvac_mode", "{q}");
        assert_eq!(action(&a)["data"]["hvac_mode"], mode, "{q}");
        assert_eq!(
            action(&a)["target"]["entity_id"],
            "climate.living_room",
            "{q}"
        );
        assert_eq!(a["actions"].as_array().unwrap().len(), 1, "{q}: one call");
    }
}

#[test]
fn a_mode_or_preset_the_thermostat_lacks_is_asked_never_turned_on() {
    for q in [
        "Put the thermostat in cool mode at 7:00",
        "Switch the thermostat to cool at 7:00",
        "Set the heating to dry mode at noon",
        "Set the thermostat to eco preset at 22:00",
        "Put the heating in away preset when everybody leaves",
        "Set the thermostat to boost at 6:00",
    ] {
        let asked = questions(q);
        assert_eq!(asked.len(), 1, "{q}: {asked:?}");
    }
}

#[test]
fn brightness_words_are_levels_or_asked() {
    for (q, pct) in [
        ("Set the living room lamp to full brightness at 7:00", 100),
        ("Set the desk lamp to half brightness at 7:00", 50),
        (
            "Turn on the kitchen lights at maximum brightness when motion is detected in the kitchen",
            100,
        ),
    ] {
        let a = automation(q);
        assert_eq!(action(&a)["action"], "light.turn_on", "{q}");
        assert_eq!(action(&a)["data"]["brightness_pct"], pct, "{q}");
    }
    for q in [
        "Dim the living room lamp when the TV starts playing",
        "Brighten the kitchen lights at 7:00",
        "When the TV starts playing, the living room lamp should be dimmed",
    ] {
        let asked = questions(q);
        assert_eq!(asked.len(), 1, "{q}: {asked:?}");
    }
    let a = automation("Dim the living room lamp to 20% when the TV starts playing");
    assert_eq!(action(&a)["data"]["brightness_pct"], 20);
}

#[test]
fn pause_is_pause_for_media_and_never_a_turn_on() {
    let a = automation("Pause the TV when the front door opens");
    assert_eq!(action(&a)["action"], "media_player.media_pause");
    // the home has no vacuum: a question, not vacuum.turn_on
    assert_eq!(questions("Pause the vacuum when Alice comes home").len(), 1);
}

#[test]
fn pause_the_vacuum_is_vacuum_pause() {
    let home = Home::from_json(
        r#"{"areas": [{"area_id": "hall", "name": "Hall", "aliases": []}],
            "entities": [
              {"entity_id": "vacuum.roborock", "name": "Roborock", "area_id": "hall", "domain": "vacuum", "aliases": ["vacuum"]},
              {"entity_id": "binary_sensor.hall_motion", "name": "Hall Motion", "area_id": "hall", "domain": "binary_sensor", "device_class": "motion"}
            ]}"#,
    )
    .unwrap();
    let Answer::Automation(s) = Engine::new(home)
        .ask("Pause the vacuum when motion is detected in the hall")
        .unwrap()
    else {
        panic!("expected an automation")
    };
    let a =
        homeai_automation_model::to_json(&s.automation, homeai_automation_model::Dialect::Modern);
    assert_eq!(action(&a)["action"], "vacuum.pause");
}

#[test]
fn left_open_is_held_open_never_opens() {
    for (q, for_) in [
        (
            "Notify Alice when the garage door is left open for 10 minutes",
            "00:10:00",
        ),
        (
            "Send Bob a message when the back door remains open for 5 minutes",
            "00:05:00",
        ),
    ] {
        let a = automation(q);
        assert_eq!(trigger(&a)["for"], for_, "{q}");
        assert_eq!(trigger(&a)["to"], "on", "{q}");
    }
    for q in [
        "Notify Alice when the garage door is left open",
        "Notify Alice if the front door stays unlocked",
        "Close the garage door if it is left open after 10pm",
    ] {
        let asked = questions(q);
        assert_eq!(asked.len(), 1, "{q}: {asked:?}");
        assert!(asked[0].contains("How long"), "{q}: {asked:?}");
    }
}

#[test]
fn two_orders_each_at_its_own_moment_are_asked_about() {
    for q in [
        "Turn on the hallway light when the front door opens and turn it off again when it closes",
        "When the front door opens turn on the hallway light, and when it closes turn it off",
        "Turn on the bathroom fan when the humidity rises above 70% and turn it off when it drops below 60%",
        "Turn on the hallway light when motion is detected and off again when the motion stops",
        "Turn the porch light on when the front door opens, and back off when it closes",
    ] {
        let asked = questions(q);
        assert_eq!(asked.len(), 1, "{q}: {asked:?}");
    }
}

/// Every entity id an action acts on (`area_id` read as the area's lights).
fn light_targets(a: &Value) -> Value {
    a["actions"][0]["target"].clone()
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

/// `(service, entity_id)` of each call of an automation.
fn calls(a: &Value) -> Vec<(String, String)> {
    a["actions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| {
            Some((
                s["action"].as_str()?.to_owned(),
                s["target"]["entity_id"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            ))
        })
        .collect()
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
fn undoing_the_trigger_after_a_wait_is_the_state_held_that_long() {
    for (q, entity, to, for_, service) in [
        (
            "lock the front door 15 minutes after it is unlocked",
            "lock.front_door",
            "unlocked",
            "00:15:00",
            "lock.lock",
        ),
        (
            "Turn off the bathroom fan 20 minutes after it turns on",
            "switch.bathroom_fan",
            "on",
            "00:20:00",
            "switch.turn_off",
        ),
        (
            "Turn the TV off 2 hours after it is turned on",
            "media_player.living_room_tv",
            "on",
            "02:00:00",
            "media_player.turn_off",
        ),
        (
            "Turn off the garden pump when it has been running for 2 hours",
            "switch.garden_pump",
            "on",
            "02:00:00",
            "switch.turn_off",
        ),
    ] {
        let a = automation(q);
        let t = trigger(&a);
        assert_eq!(
            (t["entity_id"].as_str(), t["to"].as_str(), t["for"].as_str()),
            (Some(entity), Some(to), Some(for_)),
            "{q}"
        );
        assert_eq!(
            calls(&a),
            vec![(service.to_owned(), entity.to_owned())],
            "{q}"
        );
    }
    // another entity acted on after the wait: the wait stays a delay
    let a = automation("Turn off the hallway light 5 minutes after the front door closes");
    assert_eq!(a["actions"][0]["delay"], "00:05:00");
}

#[test]
fn a_limit_on_how_long_something_runs_is_its_own_trigger() {
    for q in [
        "I want the garden pump to run for 18 hours, and then automatically switch off",
        "The garden pump should run for 18 hours and then turn off",
    ] {
        let a = automation(q);
        let t = trigger(&a);
        assert_eq!(t["entity_id"], "switch.garden_pump", "{q}");
        assert_eq!(t["for"], "18:00:00", "{q}");
        assert_eq!(
            calls(&a),
            vec![(
                "switch.turn_off".to_owned(),
                "switch.garden_pump".to_owned()
            )],
            "{q}"
        );
    }
    // an order with no event still asks when
    assert_eq!(
        questions("Run the garden pump for 2 hours and then switch it off").len(),
        1
    );
}

#[test]
fn a_temporary_action_is_on_wait_off() {
    let a = automation("Turn on the coffee maker for 10 minutes at 7:00");
    let steps = a["actions"].as_array().unwrap();
    assert_eq!(steps.len(), 3);
    assert_eq!(steps[0]["action"], "switch.turn_on");
    assert_eq!(steps[1]["delay"], "00:10:00");
    assert_eq!(steps[2]["action"], "switch.turn_off");
}

#[test]
fn flashing_lights_and_dimming_to_off() {
    for q in [
        "Flash the office lights when the front door opens",
        "Blink the office lights when the front door opens",
    ] {
        let a = automation(q);
        assert_eq!(action(&a)["action"], "light.turn_on", "{q}");
        assert_eq!(action(&a)["data"]["flash"], "short", "{q}");
        assert_eq!(action(&a)["target"]["area_id"], "office", "{q}");
    }
    let a = automation("Dim office lights to off after 1 minute of no motion");
    assert_eq!(action(&a)["action"], "light.turn_off");
    assert_eq!(trigger(&a)["for"], "00:01:00");
}

#[test]
fn no_motion_over_the_last_while_is_how_long_it_held() {
    for (q, for_) in [
        (
            "turn off the desk lamp if no motion was detected in the office over the last 30 minutes",
            "00:30:00",
        ),
        (
            "Turn off the desk lamp when there was no motion in the office in the past hour",
            "01:00:00",
        ),
    ] {
        let a = automation(q);
        assert_eq!(
            trigger(&a)["entity_id"],
            "binary_sensor.office_motion",
            "{q}"
        );
        assert_eq!(trigger(&a)["to"], "off", "{q}");
        assert_eq!(trigger(&a)["for"], for_, "{q}");
    }
}

#[test]
fn a_part_of_the_day_beside_a_clock_time_is_that_time_and_beside_an_event_is_asked() {
    for (q, at) in [
        ("Turn on the night light tonight at 8", "20:00:00"),
        ("Turn on the night light at 11 tonight", "23:00:00"),
        ("Turn on the coffee maker at 7 in the morning", "07:00:00"),
        ("Turn on the porch light in the evening at 9", "21:00:00"),
    ] {
        let a = automation(q);
        assert_eq!(trigger(&a)["at"], at, "{q}");
        // "tonight" qualifies the hour; no sun condition that would block 20:00 in summer
        assert!(
            a.get("conditions")
                .is_none_or(|c| c.as_array().is_some_and(|c| c.is_empty())),
            "{q}: {a}"
        );
    }
    for q in [
        "Turn on the porch light when garden motion is detected in the evening",
        "Turn on the kitchen lights when motion is detected in the morning",
    ] {
        let asked = questions(q);
        assert_eq!(asked.len(), 1, "{q}: {asked:?}");
    }
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
fn up_and_down_are_levels_and_exceptions_are_asked() {
    for (q, service, key) in [
        (
            "Turn up the heating to 22 at 6:00",
            "climate.set_temperature",
            "temperature",
        ),
        (
            "Lower the thermostat to 18 at 23:00",
            "climate.set_temperature",
            "temperature",
        ),
        (
            "Turn up the TV volume to 30% at 20:00",
            "media_player.volume_set",
            "volume_level",
        ),
        (
            "Turn down the kitchen speaker volume to 10% at 22:00",
            "media_player.volume_set",
            "volume_level",
        ),
    ] {
        let a = automation(q);
        assert_eq!(action(&a)["action"], service, "{q}");
        assert!(action(&a)["data"].get(key).is_some(), "{q}: {a}");
    }
    // no level: asked, never a plain turn_on
    for q in [
        "Lower the lights in the kitchen at 21:00",
        "Close the TV at 22:00",
        "Switch off all lights except the porch light at midnight",
    ] {
        assert_eq!(questions(q).len(), 1, "{q}");
    }
    let a = automation("Turn off the bathroom lights when the bathroom is no longer occupied");
    assert_eq!(trigger(&a)["to"], "off");
}

#[test]
fn a_fan_percentage_and_a_preset_the_thermostat_has() {
    let home = Home::from_json(
        r#"{"areas": [{"area_id": "study", "name": "Study", "aliases": []}],
            "entities": [
              {"entity_id": "fan.study_fan", "name": "Study Fan", "area_id": "study", "domain": "fan", "aliases": ["fan"]},
              {"entity_id": "climate.study", "name": "Study Thermostat", "area_id": "study", "domain": "climate",
               "aliases": ["thermostat"], "hvac_modes": ["off", "heat", "cool"], "preset_modes": ["eco", "away"]}
            ]}"#,
    )
    .unwrap();
    let engine = Engine::new(home);
    let ask = |q: &str| match engine.ask(q).unwrap() {
        Answer::Automation(s) => homeai_automation_model::to_json(
            &s.automation,
            homeai_automation_model::Dialect::Modern,
        ),
        Answer::Clarify(c) => panic!("{q}: asked {:?}", c.questions),
    };
    let a = ask("Set the fan to 50% at 8:00");
    assert_eq!(action(&a)["action"], "fan.set_percentage");
    assert_eq!(action(&a)["data"]["percentage"], 50);
    let a = ask("Set the thermostat to eco preset at 22:00");
    assert_eq!(action(&a)["action"], "climate.set_preset_mode");
    assert_eq!(action(&a)["data"]["preset_mode"], "eco");
    let a = ask("Switch the thermostat to cool at 14:00");
    assert_eq!(action(&a)["action"], "climate.set_hvac_mode");
    assert_eq!(action(&a)["data"]["hvac_mode"], "cool");
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
fn negations_are_read_with_who_and_orders_not_to_are_asked() {
    // "unless someone is home" is nobody home
    let a = automation("Turn on the porch light at sunset unless someone is home");
    let conds = a["conditions"].to_string();
    assert!(
        conds.contains("not_home") && !conds.contains("\"or\""),
        "{conds}"
    );
    // "unless everyone is away" is someone home
    let a = automation("Turn on the porch light at sunset unless everyone is away");
    assert!(a["conditions"].to_string().contains("\"or\""));
    for q in [
        "Don't turn off the porch light at midnight",
        "Do not turn on the heater when nobody is home",
        // someone away: no condition says it, so a question (it was read as someone home)
        "Turn on the porch light at sunset if someone is away",
    ] {
        assert_eq!(questions(q).len(), 1, "{q}");
    }
}

#[test]
fn not_playing_and_stops_playing_are_asked_never_read_as_playing() {
    for q in [
        "Turn off the living room lamp when the TV is not playing",
        "Turn on the living room lamp when the TV stops playing",
    ] {
        let asked = questions(q);
        assert_eq!(asked.len(), 1, "{q}: {asked:?}");
    }
    let a = automation("Turn on the living room lamp when the TV is paused");
    assert_eq!(trigger(&a)["to"], "paused");
}

#[test]
fn day_lists_half_hours_and_waits_between_orders() {
    let a = automation("Turn on the coffee maker on Monday, Wednesday and Friday at 7");
    assert_eq!(
        a["conditions"][0]["weekday"],
        serde_json::json!(["mon", "wed", "fri"])
    );
    assert_eq!(a["conditions"].as_array().unwrap().len(), 1);
    let a = automation("Turn on the garden pump for an hour and a half at 7");
    assert_eq!(a["actions"][1]["delay"], "01:30:00");
    for q in [
        "When the front door opens, turn on the hallway light and after 2 minutes turn it off",
        "When the front door opens, turn on the hallway light, wait 3 minutes, then turn it off",
    ] {
        let a = automation(q);
        let steps = a["actions"].as_array().unwrap();
        assert_eq!(steps.len(), 3, "{q}: {a}");
        assert_eq!(steps[0]["action"], "light.turn_on", "{q}");
        assert!(steps[1].get("delay").is_some(), "{q}");
        assert_eq!(steps[2]["action"], "light.turn_off", "{q}");
    }
    let a =
        automation("When the front door opens, wait 2 minutes, then turn off the hallway light");
    assert_eq!(a["actions"][0]["delay"], "00:02:00");
    assert_eq!(a["actions"][1]["action"], "light.turn_off");
}

#[test]
fn the_change_starts_it_and_the_state_must_hold() {
    let a = automation("If the bedroom window is open when the heating turns on, notify Alice");
    assert_eq!(trigger(&a)["entity_id"], "climate.living_room");
    assert_eq!(
        a["conditions"][0]["entity_id"],
        "binary_sensor.bedroom_window"
    );
    let a = automation("If the TV is on when Alice leaves, turn it off");
    assert_eq!(trigger(&a)["entity_id"], "person.alice");
    assert_eq!(
        a["conditions"][0]["entity_id"],
        "media_player.living_room_tv"
    );
    // "any window": every window starts it, not only the one beside the thermostat
    let a = automation("Turn off the heating when any window opens");
    assert_eq!(a["triggers"].as_array().unwrap().len(), 3, "{a}");
}

#[test]
fn run_or_keep_something_going_for_a_while_is_on_wait_off() {
    for q in [
        "Run the garden pump for 15 minutes at 6am",
        "At 22:00 keep the bedroom fan going for an hour, then stop",
        "Turn on the hallway light for 10 minutes then turn it off when motion is detected",
    ] {
        let a = automation(q);
        let steps = a["actions"].as_array().unwrap();
        assert_eq!(steps.len(), 3, "{q}: {a}");
        assert!(
            steps[0]["action"].as_str().unwrap().ends_with("turn_on"),
            "{q}"
        );
        assert!(steps[1].get("delay").is_some(), "{q}");
        assert!(
            steps[2]["action"].as_str().unwrap().ends_with("turn_off"),
            "{q}"
        );
    }
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
fn a_source_of_the_players_list_is_selected_and_an_unknown_one_asked() {
    for (q, source) in [
        ("Switch the TV to Spotify when Alice gets home", "Spotify"),
        ("Set the TV to HDMI 1 at 20:00", "HDMI 1"),
        ("Change the TV input to HDMI 2 at 20:00", "HDMI 2"),
    ] {
        let a = automation(q);
        assert_eq!(action(&a)["action"], "media_player.select_source", "{q}");
        assert_eq!(action(&a)["data"]["source"], source, "{q}");
    }
    // not a source the TV has, nor anything else: asked, never a bare turn_on
    for q in [
        "Switch the TV to Netflix at 20:00",
        "Set the living room lamp to cozy at 20:00",
    ] {
        assert_eq!(questions(q).len(), 1, "{q}");
    }
}
