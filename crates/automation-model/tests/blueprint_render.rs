//! Blueprints rendered: YAML with `!input` tags in either dialect, JSON with references, and
//! parse → render → parse round trips.
//!
//! Fixtures are in `tests/blueprints/` (see its README: four of them restate the shapes of
//! reference solutions in allenporter/home-assistant-datasets, Apache-2.0).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use homeai_automation_model::*;
use serde_json::json;

const MOTION_LIGHT: &str = include_str!("blueprints/motion_light.yaml");
const DOOR_OPEN: &str = include_str!("blueprints/door_open_alert.yaml");
const LIGHT_TIMEOUT: &str = include_str!("blueprints/light_timeout.yaml");
const HUMIDITY_FAN: &str = include_str!("blueprints/humidity_fan.yaml");
const VACUUM_PAUSE: &str = include_str!("blueprints/vacuum_pause.yaml");
const SECTIONS: &str = include_str!("blueprints/sections.yaml");
const ALL: [&str; 6] = [
    MOTION_LIGHT,
    DOOR_OPEN,
    LIGHT_TIMEOUT,
    HUMIDITY_FAN,
    VACUUM_PAUSE,
    SECTIONS,
];

const LEGACY: Dialect = Dialect::Legacy {
    service_key: ServiceKey::Service,
};

#[test]
fn parse_render_parse_is_the_same_blueprint_in_both_dialects() {
    for text in ALL {
        let b = parse_blueprint_yaml(text).unwrap();
        let sample = b.sample_inputs();
        let expected = b.instantiate(&sample).unwrap();
        for dialect in [
            LEGACY,
            Dialect::Legacy {
                service_key: ServiceKey::Action,
            },
            Dialect::Modern,
        ] {
            let yaml = blueprint_to_yaml(&b, dialect);
            let again = parse_blueprint_yaml(&yaml).unwrap_or_else(|e| panic!("{e}\n{yaml}"));
            assert_eq!(again.inputs, b.inputs, "{yaml}");
            assert_eq!(again.sections, b.sections);
            assert_eq!(again.instantiate(&sample).unwrap(), expected, "{yaml}");
            // Rendering what was read back in the same dialect changes nothing.
            assert_eq!(blueprint_to_yaml(&again, dialect), yaml);
            let words = serde_json::to_string(&again.body).unwrap();
            if dialect == Dialect::Modern {
                assert!(
                    !words.contains("\"platform\"") && !words.contains("\"service\""),
                    "{yaml}"
                );
            } else {
                assert!(
                    !words.contains("\"triggers\"") && !words.contains("\"actions\""),
                    "{yaml}"
                );
            }
        }
        // A fixture rendered in its own dialect reads back equal, body and all.
        let own = if b.body.get("triggers").is_some() {
            Dialect::Modern
        } else {
            LEGACY
        };
        assert_eq!(
            parse_blueprint_yaml(&blueprint_to_yaml(&b, own)).unwrap(),
            b
        );
    }
}

#[test]
fn yaml_output_writes_input_tags_and_json_output_references() {
    let b = parse_blueprint_yaml(DOOR_OPEN).unwrap();
    let yaml = blueprint_to_yaml(&b, Dialect::Modern);
    assert!(
        yaml.starts_with("blueprint:\n  name: Door left open\n"),
        "{yaml}"
    );
    assert!(yaml.contains("entity_id: !input door_sensor"), "{yaml}");
    assert!(yaml.contains("data: !input alert_media"), "{yaml}");
    assert!(yaml.contains("to: \"on\""), "{yaml}");
    let json = blueprint_to_json(&b);
    assert_eq!(
        json["blueprint"]["input"]["alert_media"]["selector"],
        json!({"media": {}})
    );
    assert_eq!(
        json["trigger"][0]["for"],
        json!({"!input": "open_duration"})
    );
    // JSON text is YAML; the references read back as inputs (JSON objects keep no order, so
    // the inputs come back sorted by key).
    let mut again = parse_blueprint_yaml(&json.to_string()).unwrap();
    again.inputs.sort_by(|x, y| x.key.cmp(&y.key));
    let mut sorted = b.clone();
    sorted.inputs.sort_by(|x, y| x.key.cmp(&y.key));
    assert_eq!(again, sorted);
}

#[test]
fn a_legacy_body_takes_inputs_for_whole_trigger_condition_and_action_lists() {
    let text = "blueprint:\n  name: Lists\n  domain: automation\n  input:\n    when: {selector: {trigger: }}\n    \
                only_if: {selector: {condition: }, default: []}\n    then: {selector: {action: }}\n\
                trigger: !input when\ncondition: !input only_if\naction: !input then\n";
    let b = parse_blueprint_yaml(text).unwrap();
    b.check().unwrap();
    let yaml = blueprint_to_yaml(&b, Dialect::Modern);
    assert!(
        yaml.contains("triggers: !input when") && yaml.contains("actions: !input then"),
        "{yaml}"
    );
    assert_eq!(
        parse_blueprint_yaml(&yaml).unwrap().sample_inputs(),
        b.sample_inputs()
    );
}

mod mutated {
    use super::*;
    use proptest::prelude::*;

    /// A fixture with one line dropped and one byte range replaced: reading never panics, and
    /// whatever reads renders to YAML that reads back to the same inputs and renders the same.
    fn mutate(text: &str, drop: usize, at: usize, with: &str) -> String {
        let mut lines: Vec<&str> = text.lines().collect();
        if !lines.is_empty() {
            lines.remove(drop % lines.len());
        }
        let mut out = lines.join("\n");
        let mut at = at % (out.len() + 1);
        while !out.is_char_boundary(at) {
            at -= 1;
        }
        out.insert_str(at, with);
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]
        #[test]
        fn reading_never_panics_and_rendering_is_stable(
            which in 0..ALL.len(),
            drop in 0usize..200,
            at in 0usize..4000,
            with in prop::sample::select(vec!["", " ", ": ", "!input ", "- ", "{", "\n  ", "~", "'", "&a ", "*a"]),
        ) {
            let text = mutate(ALL[which], drop, at, with);
            let Ok(b) = parse_blueprint_yaml(&text) else { return Ok(()) };
            let _ = b.check();
            for dialect in [LEGACY, Dialect::Modern] {
                let yaml = blueprint_to_yaml(&b, dialect);
                let again = parse_blueprint_yaml(&yaml);
                prop_assert!(again.is_ok(), "{:?}\n{}", again, yaml);
                let again = again.unwrap();
                prop_assert_eq!(&again.inputs, &b.inputs);
                prop_assert_eq!(blueprint_to_yaml(&again, dialect), yaml);
            }
        }
    }
}
