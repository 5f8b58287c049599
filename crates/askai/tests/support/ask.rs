//! Asking the engine for the shared development home and reading its answer: the helpers
//! of the tests of classes of wording.

#![allow(clippy::expect_used, clippy::unwrap_used, dead_code)] // test helpers

use homeai_askai::{Answer, Engine, Home};
use serde_json::Value;

pub fn engine() -> Engine {
    let dir = super::score::data_dir();
    Engine::new(Home::from_json(&std::fs::read_to_string(dir.join("home.json")).unwrap()).unwrap())
}

/// The automation a request becomes, as Home Assistant JSON; panics on a question.
pub fn automation(q: &str) -> Value {
    match engine().ask(q).unwrap() {
        Answer::Automation(s) => homeai_automation_model::to_json(
            &s.automation,
            homeai_automation_model::Dialect::Modern,
        ),
        Answer::Clarify(c) => panic!("{q}: asked {:?}", c.questions),
        Answer::Blueprint(b) => panic!("{q}: answered a blueprint {:?}", b.description),
    }
}

/// The questions a request gets; panics on an automation.
pub fn questions(q: &str) -> Vec<String> {
    match engine().ask(q).unwrap() {
        Answer::Automation(s) => panic!(
            "{q}: expected a question, got {}",
            homeai_automation_model::to_json(
                &s.automation,
                homeai_automation_model::Dialect::Modern
            )
        ),
        Answer::Clarify(c) => c.questions.into_iter().map(|q| q.text).collect(),
        Answer::Blueprint(b) => panic!(
            "{q}: expected a question, got a blueprint {:?}",
            b.description
        ),
    }
}

pub fn trigger(a: &Value) -> &Value {
    &a["triggers"][0]
}

pub fn action(a: &Value) -> &Value {
    &a["actions"][0]
}

/// Every entity id an action acts on (`area_id` read as the area's lights).
pub fn light_targets(a: &Value) -> Value {
    a["actions"][0]["target"].clone()
}

/// `(service, entity_id)` of each call of an automation.
pub fn calls(a: &Value) -> Vec<(String, String)> {
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
