//! Reading markdown specs in tests: the answer to a spec under `tests/data/`, checked as a
//! blueprint task's behavioural test checks it (inputs, a YAML round trip in both dialects,
//! `check()`, the automation `instantiate` makes).

#![allow(clippy::expect_used, clippy::unwrap_used, dead_code)] // test helpers

use std::path::PathBuf;

use homeai_askai::{Answer, BlueprintSuggestion, Engine, Home};
use homeai_automation_model::{Dialect, blueprint_to_yaml, parse_blueprint_yaml, to_json};
use serde_json::{Value, json};

pub fn data(path: &str) -> String {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    std::fs::read_to_string(dir.join(path)).unwrap()
}

pub fn blueprint(path: &str) -> BlueprintSuggestion {
    match Engine::new(Home::default()).ask(&data(path)).unwrap() {
        Answer::Blueprint(b) => *b,
        Answer::Clarify(c) => panic!("{path}: asked {:?}", c.questions),
        Answer::Automation(s) => panic!("{path}: an automation {:?}", s.description),
    }
}

/// The automation the blueprint makes for `inputs`, as Home Assistant JSON, after checking
/// the inputs and both YAML dialects.
pub fn instantiate(b: &BlueprintSuggestion, kinds: &[(&str, &str)], inputs: Value) -> Value {
    let bp = &b.blueprint;
    for (key, kind) in kinds {
        let input = bp.input(key).unwrap_or_else(|| panic!("no input `{key}`"));
        assert_eq!(
            input.selector_kind(),
            Some(*kind),
            "{key}: {:?}",
            input.selector
        );
    }
    bp.check().unwrap();
    let inputs = inputs.as_object().unwrap();
    let made = bp.instantiate(inputs).unwrap();
    for dialect in [Dialect::Modern, Dialect::for_version(2024, 3)] {
        let yaml = blueprint_to_yaml(bp, dialect);
        let back = parse_blueprint_yaml(&yaml).unwrap();
        back.check().unwrap();
        assert_eq!(back.instantiate(inputs).unwrap(), made, "{yaml}");
    }
    let legacy = blueprint_to_yaml(bp, Dialect::for_version(2024, 3));
    assert!(
        legacy.contains("platform:") && !legacy.contains("triggers:"),
        "{legacy}"
    );
    to_json(&made, Dialect::Modern)
}

/// Entity ids written as one text or a list, as a list.
pub fn ids(v: &Value) -> Value {
    match v {
        Value::String(s) => json!([s]),
        other => other.clone(),
    }
}

/// The option of a `choose` whose trigger id is that of the trigger matching `pick`.
pub fn option_for<'a>(a: &'a Value, pick: &dyn Fn(&Value) -> bool) -> &'a Value {
    let trigger = a["triggers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| pick(t))
        .unwrap_or_else(|| panic!("no such trigger in {a}"));
    let id = &trigger["id"];
    a["actions"][0]["choose"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| {
            o["conditions"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c["condition"] == "trigger" && c["id"] == *id)
        })
        .unwrap_or_else(|| panic!("no option for {id} in {a}"))
}
