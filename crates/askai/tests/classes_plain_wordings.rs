//! Classes of everyday wording met in requests people wrote for their own homes (the third
//! outside collection of the development split), each tested with other wordings than those:
//! a temperature that is set is the thermostat's set-point; a cover lowered or raised to a
//! percentage is a position; "inactivity" is no motion; "after being turned on"; a leading
//! "for example"; an order's verb after "then" is never part of a name; typographic quotes;
//! and a thing of a list the home does not have is a question, never left out.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers

mod support;

use support::ask::{action, automation, questions, trigger};

#[test]
fn a_temperature_that_is_set_is_the_thermostats_set_point() {
    for q in [
        "At 22:30 set temperature to 17 C",
        "Every day at 6am set the temperature to 20.5 degrees",
        "at 7 in the morning set the living room temperature to 21",
    ] {
        let a = automation(q);
        assert_eq!(action(&a)["action"], "climate.set_temperature", "{q}: {a}");
        assert_eq!(
            action(&a)["target"]["entity_id"],
            "climate.living_room",
            "{q}"
        );
    }
    // no thermostat in the bedroom: a question, not the living room's
    assert_eq!(
        questions("at 6am set the bedroom temperature to 21").len(),
        1
    );
}

#[test]
fn a_cover_lowered_or_raised_to_a_percentage_is_a_position() {
    for (q, pos) in [
        ("At sunset lower the bedroom blinds to 30%", 30),
        ("raise the lounge blinds to 75% at 8am", 75),
    ] {
        let a = automation(q);
        assert_eq!(action(&a)["action"], "cover.set_cover_position", "{q}: {a}");
        assert_eq!(action(&a)["data"]["position"], pos, "{q}");
    }
    let a = automation("lower the bedroom blinds at sunset");
    assert_eq!(action(&a)["action"], "cover.close_cover");
}

#[test]
fn inactivity_is_no_motion_held_that_long() {
    for (q, sensor, held) in [
        (
            "Switch off the kitchen lights after 15 minutes of inactivity",
            "binary_sensor.kitchen_motion",
            "00:15:00",
        ),
        (
            "after 45 minutes of no activity in the office turn off the desk lamp",
            "binary_sensor.office_motion",
            "00:45:00",
        ),
    ] {
        let a = automation(q);
        assert_eq!(trigger(&a)["entity_id"], sensor, "{q}: {a}");
        assert_eq!(trigger(&a)["to"], "off", "{q}");
        assert_eq!(trigger(&a)["for"], held, "{q}");
    }
}

#[test]
fn after_being_turned_on_and_a_leading_for_example() {
    for q in [
        "For example, switch off the coffee maker 40 minutes after being turned on",
        "turn the coffee maker off 40 minutes after being switched on",
    ] {
        let a = automation(q);
        assert_eq!(trigger(&a)["entity_id"], "switch.coffee_maker", "{q}: {a}");
        assert_eq!(trigger(&a)["to"], "on", "{q}");
        assert_eq!(trigger(&a)["for"], "00:40:00", "{q}");
        assert_eq!(action(&a)["action"], "switch.turn_off", "{q}");
    }
}

#[test]
fn an_orders_verb_after_then_is_not_part_of_a_name_and_quotes_are_quotes() {
    // "Door Lock" is the lock's name in any order; "then lock door" is an order
    let a = automation("When the back door is “closed” for 5 minutes then lock door");
    assert_eq!(trigger(&a)["entity_id"], "binary_sensor.back_door", "{a}");
    assert_eq!(trigger(&a)["to"], "off");
    assert_eq!(action(&a)["action"], "lock.lock");
    let a = automation("Lock door at 11pm");
    assert_eq!(action(&a)["action"], "lock.lock");
    assert_eq!(trigger(&a)["at"], "23:00:00");
    // the name itself is still read
    let a = automation("When the door lock is unlocked for 2 minutes, lock it");
    assert_eq!(trigger(&a)["entity_id"], "lock.front_door");
}

#[test]
fn a_thing_of_a_list_the_home_lacks_is_a_question_never_left_out() {
    for q in [
        "At midnight turn off the TV and the soundbar",
        "switch off the desk lamp and printer after 20 minutes of inactivity",
    ] {
        let asked = questions(q);
        assert_eq!(asked.len(), 1, "{q}: {asked:?}");
        assert!(asked[0].contains("no \""), "{q}: {asked:?}");
    }
    // a comma starts a clause of its own: still one question, never an automation
    assert_eq!(
        questions("turn off TV, Chromecast when everyone leaves").len(),
        1
    );
    // a list of things the home has is an automation
    let a = automation("At midnight turn off the TV and the TV backlight");
    let written = a.to_string();
    assert!(
        written.contains("media_player.living_room_tv") && written.contains("light.tv_backlight"),
        "{a}"
    );
}

#[test]
fn check_if_is_a_condition_and_trigger_at_is_when() {
    for q in [
        "at 22:15 check if the front door is unlocked, then lock it",
        "Run at 11 pm every day. Check whether the front door is unlocked. If so, lock it.",
        "Trigger at 23:00. If the front door is unlocked then lock it",
    ] {
        let a = automation(q);
        assert_eq!(trigger(&a)["trigger"], "time", "{q}: {a}");
        assert_eq!(
            a["conditions"].as_array().map(Vec::len),
            Some(1),
            "{q}: {a}"
        );
        assert_eq!(a["conditions"][0]["state"], "unlocked", "{q}");
        assert_eq!(action(&a)["action"], "lock.lock", "{q}");
        // said twice, written once
        assert_eq!(
            a["description"]
                .as_str()
                .unwrap()
                .matches("unlocked")
                .count(),
            1,
            "{a}"
        );
    }
}

#[test]
fn a_generic_noun_made_specific_in_parentheses_and_a_plural_kind_left_over() {
    let a = automation("When everyone has left, switch off all appliances (lights)");
    assert_eq!(action(&a)["action"], "light.turn_off", "{a}");
    assert_eq!(action(&a)["target"]["entity_id"], "all");
    let a = automation("turn off everything (lights, switches) when everybody leaves");
    let services: Vec<&str> = a["actions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|x| x["action"].as_str())
        .collect();
    assert_eq!(services, ["light.turn_off", "switch.turn_off"], "{a}");
    // "the lights and switches": which switches is not said; never only the lights
    assert_eq!(
        questions("switch off the lights and plugs when everybody leaves").len(),
        1
    );
}

#[test]
fn a_notifications_message_is_what_the_request_says() {
    for (q, said) in [
        (
            "When the back door opens, message Bob saying the back door is open",
            "The back door is open",
        ),
        (
            "notify Alice with the message time to water the plants at 18:30",
            "Time to water the plants",
        ),
        (
            "send Bob a notification that says the garage is still open if the garage door is open at 22:00",
            "The garage is still open",
        ),
    ] {
        let a = automation(q);
        assert!(
            action(&a)["action"]
                .as_str()
                .unwrap()
                .starts_with("notify."),
            "{q}: {a}"
        );
        assert_eq!(action(&a)["data"]["message"], said, "{q}: {a}");
    }
    // the words after the message are still read: the time, the condition
    let a = automation("notify Alice with the message time to water the plants at 18:30");
    assert_eq!(trigger(&a)["at"], "18:30:00");
    // "reading lamp" is a lamp, not a message
    let a = automation("At 21:00 turn on the reading lamp");
    assert_eq!(action(&a)["target"]["entity_id"], "light.living_room_lamp");
    // a message with nothing to send it is a question
    assert_eq!(
        questions("at 8pm turn on the porch light saying welcome home").len(),
        1
    );
}

#[test]
fn make_sure_a_state_holds_is_the_order_that_brings_it_about() {
    for (q, service) in [
        (
            "make sure the garage door is closed at 22:30",
            "cover.close_cover",
        ),
        ("At 23:30 ensure the front door is locked", "lock.lock"),
        (
            "make sure that the office heater is off at 6pm",
            "switch.turn_off",
        ),
        (
            "at 21:00 make sure the bedroom blinds aren't left open",
            "cover.close_cover",
        ),
        // the state said after "make"/"set" is the order, never the opposite
        ("make the garage door closed at 22:30", "cover.close_cover"),
        ("set the office heater off at 18:00", "switch.turn_off"),
    ] {
        let a = automation(q);
        assert_eq!(action(&a)["action"], service, "{q}: {a}");
    }
}

#[test]
fn motion_in_several_rooms_is_each_rooms_sensor() {
    for q in [
        "When motion is detected in the kitchen or the hallway turn on the hallway light",
        "When there is movement in the kitchen or in the garage, turn on the hallway light",
        "When the kitchen motion or the garage motion detects motion, turn on the hallway light",
    ] {
        let a = automation(q);
        let watched: Vec<&str> = a["triggers"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|t| t["entity_id"].as_str())
            .collect();
        assert_eq!(watched.len(), 2, "{q}: {a}");
        assert!(
            watched.contains(&"binary_sensor.kitchen_motion"),
            "{q}: {a}"
        );
    }
}

#[test]
fn days_that_never_hold_together_are_a_question() {
    for q in [
        "switch the coffee machine on at 6:45 on weekdays and at 8 on weekends",
        "turn on the porch light at 18:00 on mondays and at 19:00 on saturdays",
    ] {
        assert_eq!(questions(q).len(), 1, "{q}");
    }
    let a = automation("turn on the coffee machine at 6:45 on weekdays");
    assert_eq!(
        a["conditions"][0]["weekday"].as_array().map(Vec::len),
        Some(5)
    );
}

#[test]
fn a_thing_the_home_lacks_named_in_a_trigger_is_a_question_not_the_thing_before() {
    for q in [
        "pause the TV when the doorbell rings",
        "turn on the porch light when the doorbell is pressed",
        "turn off the kitchen speaker when the oven finishes",
    ] {
        let asked = questions(q);
        assert_eq!(asked.len(), 1, "{q}: {asked:?}");
    }
    // "it" still means the thing named before
    let a = automation("pause the TV when it starts playing after 11pm");
    assert_eq!(trigger(&a)["entity_id"], "media_player.living_room_tv");
}

#[test]
fn an_appliance_known_by_its_power_finishing_asks_how_low() {
    for q in [
        "when the washer is finished, tell everyone",
        "notify Alice when the dishwasher is done",
    ] {
        let asked = questions(q);
        assert_eq!(asked.len(), 1, "{q}: {asked:?}");
        assert!(asked[0].contains("watts"), "{q}: {asked:?}");
    }
    // with the answer's words, the automation
    let a = automation("when the washer is finished below 5 W, tell everyone");
    assert_eq!(trigger(&a)["entity_id"], "sensor.washing_machine_power");
    assert_eq!(trigger(&a)["below"], 5);
}

#[test]
fn several_sentences_with_it_should_and_a_trailing_only() {
    let a = automation("I'd like the porch light to come on at sunset. It should go off at 23:30.");
    let written = a.to_string();
    assert!(
        written.contains("light.turn_on") && written.contains("light.turn_off"),
        "{a}"
    );
    assert!(written.contains("23:30:00"), "{a}");
    let a = automation("At 7pm the living room lamp should be on. Only on weekends though.");
    assert_eq!(
        a["conditions"][0]["weekday"].as_array().map(Vec::len),
        Some(2),
        "{a}"
    );
    let a = automation(
        "when the back door opens turn on the kitchen counter light, it should be turned off after 3 minutes",
    );
    let services: Vec<&str> = a["actions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|x| x["action"].as_str())
        .collect();
    assert_eq!(services, ["light.turn_on", "light.turn_off"], "{a}");
}

#[test]
fn turn_back_on_the_time_is_and_a_deadbolt() {
    for (q, service) in [
        ("turn the heating back on at 6:15am", "climate.turn_on"),
        ("at 17:00 turn back on the heating", "climate.turn_on"),
        ("If time = 9pm then lock the deadbolt", "lock.lock"),
        (
            "when the time is 6:30am turn on the coffee maker",
            "switch.turn_on",
        ),
    ] {
        let a = automation(q);
        assert_eq!(action(&a)["action"], service, "{q}: {a}");
        assert_eq!(trigger(&a)["trigger"], "time", "{q}: {a}");
    }
}

#[test]
fn a_power_sensor_is_never_watched_for_on_and_longer_than_is_how_long() {
    for q in [
        "notify Alice when the washing machine has been running for 2 hours",
        "when the dishwasher turns on notify Bob",
    ] {
        assert_eq!(questions(q).len(), 1, "{q}");
    }
    let a = automation("if the garage door stays open longer than 25 minutes notify Bob");
    assert_eq!(trigger(&a)["for"], "00:25:00", "{a}");
}
