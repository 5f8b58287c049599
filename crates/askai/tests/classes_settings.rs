//! Classes of wording about settings: HVAC modes and presets, fan percentage, brightness in
//! words, flashing, "turn up"/"lower" to a level, media sources, pause. A setting the device
//! lacks, or one with no level, is one question, never a bare turn_on.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers

mod support;

use homeai_askai::{Answer, Engine, Home};
use support::ask::{action, automation, questions, trigger};

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
        Answer::Blueprint(b) => panic!("{q}: answered a blueprint {:?}", b.description),
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
fn a_bare_number_is_a_brightness_when_brightness_is_said_and_never_dropped() {
    let a = automation("at 22:00 set the living room lamp brightness to 35");
    assert_eq!(action(&a)["data"]["brightness_pct"], 35, "{a}");
    // a number with no unit that nothing here takes: asked, not left out
    for q in [
        "at 22:00 set the living room lamp to 35",
        "at 22:00 set the bedroom blinds to 30",
    ] {
        assert_eq!(questions(q).len(), 1, "{q}");
    }
    let a = automation("at 6am set the thermostat to 21");
    assert_eq!(action(&a)["data"]["temperature"], 21);
}

#[test]
fn a_change_by_an_amount_is_asked_and_a_thresholds_number_is_never_a_time() {
    for q in [
        "at 22:00 lower the heating by 3 degrees",
        "dim the bedroom lamp by 30% at 21:00",
    ] {
        assert_eq!(questions(q).len(), 1, "{q}");
    }
    // "below 18 at night": the threshold 18, and night as the condition
    let a = automation("when the bedroom temperature is below 17 at night turn on the heating");
    assert_eq!(trigger(&a)["trigger"], "numeric_state", "{a}");
    assert_eq!(trigger(&a)["below"], 17, "{a}");
}

#[test]
fn a_threshold_said_that_nothing_watches_is_asked_never_dropped() {
    let asked = questions(
        "turn on the bedroom fan when the bedroom temperature goes above 25 and off when below 23",
    );
    assert_eq!(asked.len(), 1, "{asked:?}");
    assert!(asked[0].contains("below 23"), "{asked:?}");
    let a =
        automation("when the bedroom temperature is between 18 and 22 turn on the bedroom lamp");
    assert_eq!(trigger(&a)["above"], 18, "{a}");
}
