//! Classes of wording about when and for how long: parts of the day with no hour ("at
//! night", "in the evening"), "left open", waits that are a state held, run-time limits,
//! temporary actions, day lists, two orders at two moments, negations and "stops playing",
//! and which when-clause starts it. Each read in several wordings; what cannot be settled is
//! one question.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers

mod support;

use support::ask::{automation, calls, questions, trigger};

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
fn at_night_with_nothing_else_to_start_it_asks_when() {
    for q in [
        "Turn on the porch light at night",
        "Turn on the porch light in the evening",
    ] {
        let asked = questions(q);
        assert_eq!(asked.len(), 1, "{q}: {asked:?}");
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
fn day_lists_half_hours_and_waits_between_orders() {
    let a = automation("Turn on the coffee maker on Monday, Wednesday and Friday at 7 am");
    assert_eq!(
        a["conditions"][0]["weekday"],
        serde_json::json!(["mon", "wed", "fri"])
    );
    assert_eq!(a["conditions"].as_array().unwrap().len(), 1);
    let a = automation("Turn on the garden pump for an hour and a half at 7:00");
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
fn a_vacuum_that_runs_is_cleaning_and_a_sensor_that_fires_is_on() {
    let home: homeai_askai::Home = serde_json::from_str(
        r#"{"entities": [
          {"entity_id": "binary_sensor.phone_call", "name": "Phone Call Sensor", "domain": "binary_sensor"},
          {"entity_id": "vacuum.robot", "name": "Robot Vacuum", "domain": "vacuum"}
        ]}"#,
    )
    .unwrap();
    let engine = homeai_askai::Engine::new(home);
    for q in [
        "When the phone call sensor fires and the vacuum is running, pause the vacuum",
        "When the phone call sensor trips and the robot vacuum is cleaning, pause it",
    ] {
        let Ok(homeai_askai::Answer::Automation(s)) = engine.ask(q) else {
            panic!("{q}: no automation")
        };
        let a = homeai_automation_model::to_json(
            &s.automation,
            homeai_automation_model::Dialect::Modern,
        );
        assert_eq!(trigger(&a)["to"], "on", "{q}");
        assert_eq!(a["conditions"][0]["state"], "cleaning", "{q}");
        assert_eq!(calls(&a)[0].0, "vacuum.pause", "{q}");
    }
}

#[test]
fn motion_that_stops_is_the_motion_sensor_clearing() {
    for q in [
        "Turn off the hallway light when the hallway motion stops",
        "When the kitchen motion has stopped, switch off the kitchen ceiling light",
    ] {
        let a = automation(q);
        let t = trigger(&a);
        assert!(
            t["entity_id"]
                .as_str()
                .unwrap_or_default()
                .ends_with("_motion"),
            "{q}: {t}"
        );
        assert_eq!(t["to"], "off", "{q}: {t}");
        assert!(
            calls(&a).iter().any(|c| c.0.ends_with("turn_off")),
            "{q}: {a}"
        );
    }
}

#[test]
fn dotted_am_pm_and_half_past_midnight() {
    for (q, at) in [
        ("At 11:30 p.m. turn off the porch light", "23:30:00"),
        ("turn off the porch light at 10:15 P.M.", "22:15:00"),
        ("At 6 a.m. turn on the hallway light", "06:00:00"),
        ("turn on the hallway light at 6.45 a.m", "06:45:00"),
        ("At half past midnight turn off the porch light", "00:30:00"),
        ("At quarter past noon close the bedroom blinds", "12:15:00"),
    ] {
        assert_eq!(trigger(&automation(q))["at"], at, "{q}");
    }
}

#[test]
fn until_midnight_is_the_end_of_the_day_not_a_window_that_never_holds() {
    // Home Assistant reads `before: "00:00:00"` as never
    for q in [
        "turn on the porch light when motion is detected in the garden between sunset and midnight",
        "When the front door opens between 21:00 and midnight turn on the hallway light",
        "turn on the hallway light when motion is detected in the hallway before midnight",
    ] {
        let a = automation(q);
        assert!(
            !a.to_string().contains("\"before\":\"00:00:00\""),
            "{q}: {a}"
        );
    }
    let a = automation(
        "When the front door opens between 21:00 and midnight turn on the hallway light",
    );
    assert_eq!(a["conditions"][0]["after"], "21:00:00", "{a}");
}

#[test]
fn a_bare_hour_with_no_morning_or_evening_is_asked_never_guessed() {
    for (q, options) in [
        ("At 6 turn on the porch light", ["at 06:00", "at 18:00"]),
        (
            "Turn on the coffee maker on Monday, Wednesday and Friday at 7",
            ["at 07:00", "at 19:00"],
        ),
        (
            "close the bedroom blinds at eleven",
            ["at 11:00", "at 23:00"],
        ),
    ] {
        let asked = support::ask::engine().ask(q).unwrap();
        let homeai_askai::Answer::Clarify(c) = asked else {
            panic!("{q}: expected a question")
        };
        assert_eq!(c.questions.len(), 1, "{q}: {:?}", c.questions);
        let values: Vec<&str> = c.questions[0]
            .options
            .iter()
            .map(|o| o.value.as_str())
            .collect();
        assert_eq!(values, options, "{q}");
    }
    // said with its part of the day, or with minutes, or past 12: read as said
    for (q, at) in [
        ("every evening at 6 turn on the porch light", "18:00:00"),
        ("turn on the coffee maker at 7 every morning", "07:00:00"),
        ("at 6:30 turn on the porch light", "06:30:00"),
        ("at 13 turn off the porch light", "13:00:00"),
        ("at noon close the bedroom blinds", "12:00:00"),
    ] {
        assert_eq!(trigger(&automation(q))["at"], at, "{q}");
    }
}

#[test]
fn school_nights_are_the_evenings_before_a_weekday() {
    let a = automation("turn off the lights in the kids room at 8:30 pm on school nights");
    let days = a["conditions"][0]["weekday"].as_array().unwrap().clone();
    assert_eq!(days.len(), 5, "{a}");
    assert!(
        days.contains(&serde_json::json!("sun")) && !days.contains(&serde_json::json!("fri")),
        "{a}"
    );
    let a = automation("at 7am on school days turn on the kids room ceiling light");
    assert_eq!(
        a["conditions"][0]["weekday"].as_array().map(Vec::len),
        Some(5)
    );
}

#[test]
fn a_time_with_minutes_in_the_evening_is_the_evening_one() {
    for (q, at) in [
        (
            "on weekday evenings at 6:30 turn on the living room lamp",
            "18:30:00",
        ),
        ("every evening at 7:15 close the bedroom blinds", "19:15:00"),
        ("on weeknights at 11 turn off the TV", "23:00:00"),
        ("at 6:30 turn on the porch light", "06:30:00"),
    ] {
        assert_eq!(trigger(&automation(q))["at"], at, "{q}");
    }
}

#[test]
fn on_at_a_time_until_another_is_asked_and_after_the_last_motion_is_no_motion() {
    assert_eq!(
        questions("turn on the garden lights 30 minutes after sunset until 23:30").len(),
        1
    );
    let a = automation("turn the bathroom light off 5 minutes after the last motion");
    assert_eq!(trigger(&a)["to"], "off", "{a}");
    assert_eq!(trigger(&a)["for"], "00:05:00", "{a}");
    assert_eq!(a["actions"].as_array().map(Vec::len), Some(1), "{a}");
}
