//! Follow-ups edit the automation of the same conversation, and answers to questions continue
//! the request they answer.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers

use homeai_askai::{Answer, Bindings, ClarifyAnswer, Engine, FollowUp, Home};
use homeai_automation_model::{Dialect, to_json};
use serde_json::json;

fn engine() -> Engine {
    let home = json!({
        "areas": [{"area_id": "kitchen", "name": "Kitchen", "aliases": []},
                  {"area_id": "bedroom", "name": "Bedroom", "aliases": []}],
        "entities": [
            {"entity_id": "switch.coffee_maker", "name": "Coffee Maker", "area_id": "kitchen", "domain": "switch"},
            {"entity_id": "light.bedside_lamp_left", "name": "Bedside Lamp Left", "area_id": "bedroom", "domain": "light"},
            {"entity_id": "light.bedside_lamp_right", "name": "Bedside Lamp Right", "area_id": "bedroom", "domain": "light"}
        ],
        "persons": [{"entity_id": "person.alice", "name": "Alice"}, {"entity_id": "person.bob", "name": "Bob"}]
    });
    Engine::new(serde_json::from_value::<Home>(home).unwrap())
}

fn automation(answer: Answer) -> serde_json::Value {
    match answer {
        Answer::Automation(s) => to_json(&s.automation, Dialect::Modern),
        Answer::Clarify(c) => panic!("expected an automation, got {:?}", c.questions),
        Answer::Blueprint(b) => panic!(
            "expected an automation, got a blueprint {:?}",
            b.description
        ),
    }
}

#[test]
fn make_it_8_instead_moves_the_time_and_also_on_weekends_widens_the_days() {
    let e = engine();
    let Answer::Automation(first) = e.ask("coffee maker on at 7:00 on weekdays").unwrap() else {
        panic!()
    };
    let FollowUp::Edited(moved, _) = e.follow_up(&first.automation, "make it 8 instead").unwrap()
    else {
        panic!()
    };
    let json = to_json(&moved, Dialect::Modern);
    assert_eq!(json["triggers"][0]["at"], "08:00:00");
    let FollowUp::Edited(all_week, _) = e.follow_up(&moved, "also on weekends").unwrap() else {
        panic!()
    };
    let json = to_json(&all_week, Dialect::Modern);
    assert!(
        json.get("conditions").is_none(),
        "every day needs no condition: {json}"
    );
    assert_eq!(
        e.follow_up(&all_week, "thanks").unwrap(),
        FollowUp::NotAnEdit
    );
}

#[test]
fn answers_to_questions_continue_the_same_request() {
    let e = engine();
    let Answer::Clarify(c) = e.ask("Turn on the bedside lamp when I get home").unwrap() else {
        panic!()
    };
    assert_eq!(c.questions.len(), 2, "{:?}", c.questions);
    let mut b = Bindings::default();
    let answers: Vec<ClarifyAnswer> = c
        .questions
        .iter()
        .map(|q| ClarifyAnswer {
            question_id: q.id.clone(),
            value: q.options[0].value.clone(),
        })
        .collect();
    b.apply(&c.questions, &answers).unwrap();
    let json = automation(
        e.ask_with("Turn on the bedside lamp when I get home", &b)
            .unwrap(),
    );
    assert_eq!(json["triggers"][0]["entity_id"], "person.alice");
    assert_eq!(
        json["actions"][0]["target"]["entity_id"],
        "light.bedside_lamp_left"
    );
}
