//! The shared corpus (`shared/data/automations`, driven by its `manifest.json`): every sample
//! parses, legacy twins equal their modern files, rendering in every dialect and parsing again
//! gives the same model, mistakes are repaired or rejected as the corpus says, and modern-only
//! samples are refused for Home Assistant 2024.3.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use homeai_automation_model::{
    Automation, Dialect, RejectError, ServiceKey, check_dialect, check_version, parse_json,
    parse_yaml, repair, to_json, to_yaml,
};
use serde_json::Value;

const DIALECTS: [Dialect; 3] = [
    Dialect::Modern,
    Dialect::Legacy {
        service_key: ServiceKey::Service,
    },
    Dialect::Legacy {
        service_key: ServiceKey::Action,
    },
];

fn corpus() -> PathBuf {
    let dir = manifest_dir().join("../../../shared/data/automations");
    assert!(
        dir.join("manifest.json").is_file(),
        "the automation corpus is missing at {}: shared/ must sit beside the checkout",
        dir.display()
    );
    dir
}

fn manifest() -> Value {
    let text = std::fs::read_to_string(corpus().join("manifest.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn read(relative: &str) -> String {
    std::fs::read_to_string(corpus().join(relative))
        .unwrap_or_else(|e| panic!("cannot read {relative}: {e}"))
}

fn parse_file(relative: &str) -> Automation {
    parse_yaml(&read(relative)).unwrap_or_else(|e| panic!("{relative} does not parse: {e}"))
}

fn list<'a>(manifest: &'a Value, key: &str) -> &'a Vec<Value> {
    manifest[key].as_array().unwrap()
}

fn field<'a>(entry: &'a Value, key: &str) -> &'a str {
    entry[key].as_str().unwrap()
}

/// Every file that should parse: modern, legacy and the mistakes' expected repairs.
fn valid_files() -> Vec<String> {
    let m = manifest();
    let mut files = Vec::new();
    for pair in list(&m, "pairs") {
        files.push(field(pair, "modern").to_owned());
        files.push(field(pair, "legacy").to_owned());
    }
    for only in list(&m, "modern_only") {
        files.push(field(only, "modern").to_owned());
    }
    for mistake in list(&m, "mistakes") {
        if let Some(expected) = mistake["expected"].as_str() {
            files.push(expected.to_owned());
        }
    }
    files
}

#[test]
fn the_manifest_lists_the_counts_the_readme_promises() {
    let m = manifest();
    assert_eq!(list(&m, "pairs").len(), 38);
    assert_eq!(list(&m, "modern_only").len(), 2);
    assert_eq!(list(&m, "mistakes").len(), 20);
    assert_eq!(valid_files().len(), 38 * 2 + 2 + 16);
}

#[test]
fn every_modern_and_legacy_sample_parses() {
    let m = manifest();
    let mut parsed = 0;
    for pair in list(&m, "pairs") {
        parse_file(field(pair, "modern"));
        parse_file(field(pair, "legacy"));
        parsed += 2;
    }
    for only in list(&m, "modern_only") {
        parse_file(field(only, "modern"));
        parsed += 1;
    }
    assert_eq!(parsed, 78);
}

#[test]
fn each_legacy_twin_parses_to_the_same_model_as_its_modern_file() {
    let m = manifest();
    for pair in list(&m, "pairs") {
        let modern = parse_file(field(pair, "modern"));
        let legacy = parse_file(field(pair, "legacy"));
        assert_eq!(modern, legacy, "twin {}", field(pair, "id"));
    }
}

#[test]
fn rendering_yaml_in_every_dialect_and_parsing_again_gives_the_same_model() {
    for file in valid_files() {
        let model = parse_file(&file);
        for dialect in DIALECTS {
            let yaml = to_yaml(&model, dialect);
            let again = parse_yaml(&yaml).unwrap_or_else(|e| {
                panic!("{file} rendered as {dialect:?} does not parse: {e}\n{yaml}")
            });
            assert_eq!(again, model, "{file} in {dialect:?}:\n{yaml}");
        }
    }
}

#[test]
fn rendering_json_in_every_dialect_and_parsing_again_gives_the_same_model() {
    for file in valid_files() {
        let model = parse_file(&file);
        for dialect in DIALECTS {
            let json = to_json(&model, dialect);
            let again = parse_json(&json).unwrap_or_else(|e| panic!("{file} {dialect:?}: {e}"));
            assert_eq!(again, model, "{file} in {dialect:?}");
        }
    }
}

#[test]
fn rendered_dialects_use_their_own_keys() {
    let model = parse_file("modern/001-hallway-motion-light.yaml");
    let modern = to_json(&model, Dialect::Modern);
    assert!(modern.get("triggers").is_some() && modern.get("trigger").is_none());
    assert_eq!(modern["triggers"][0]["trigger"], "state");
    assert_eq!(modern["actions"][0]["action"], "light.turn_on");
    assert_eq!(
        modern["actions"][1]["wait_for_trigger"][0]["trigger"],
        "state"
    );

    let legacy = to_json(&model, Dialect::for_version(2024, 3));
    assert!(legacy.get("trigger").is_some() && legacy.get("triggers").is_none());
    assert!(legacy.get("condition").is_some() && legacy.get("action").is_some());
    assert_eq!(legacy["trigger"][0]["platform"], "state");
    assert_eq!(legacy["action"][0]["service"], "light.turn_on");
    assert_eq!(
        legacy["action"][1]["wait_for_trigger"][0]["platform"],
        "state"
    );

    let legacy_action = to_json(&model, Dialect::for_version(2024, 8));
    assert_eq!(legacy_action["trigger"][0]["platform"], "state");
    assert_eq!(legacy_action["action"][0]["action"], "light.turn_on");
}

/// What a YAML 1.1 reader (Home Assistant's) would retype if it were not quoted.
fn unquoted_retypable_values(yaml: &str) -> Vec<String> {
    let words = [
        "on", "off", "yes", "no", "y", "n", "On", "Off", "Yes", "No", "ON", "OFF",
    ];
    let mut found = Vec::new();
    for line in yaml.lines() {
        let item = line.trim_start().trim_start_matches("- ");
        let value = match item.split_once(": ") {
            Some((_, v)) => v.trim(),
            None => item.trim(),
        };
        let clock = value.trim_start_matches(['-', '+']);
        let is_clock = clock.contains(':')
            && clock.chars().next().is_some_and(|c| c.is_ascii_digit())
            && clock
                .chars()
                .all(|c| c.is_ascii_digit() || c == ':' || c == '.');
        if words.contains(&value) || is_clock {
            found.push(line.to_owned());
        }
    }
    found
}

#[test]
fn rendered_yaml_quotes_states_times_and_durations() {
    for file in valid_files() {
        let model = parse_file(&file);
        for dialect in DIALECTS {
            let yaml = to_yaml(&model, dialect);
            let bad = unquoted_retypable_values(&yaml);
            assert!(
                bad.is_empty(),
                "{file} {dialect:?}: unquoted {bad:?}\n{yaml}"
            );
        }
    }
    let yaml = to_yaml(
        &parse_file("modern/001-hallway-motion-light.yaml"),
        Dialect::Modern,
    );
    assert!(
        yaml.contains("to: \"on\"") && yaml.contains("from: \"off\""),
        "{yaml}"
    );
    assert!(yaml.contains("for: \"00:02:00\""), "{yaml}");
    let yaml = to_yaml(
        &parse_file("modern/012-sunrise-blinds.yaml"),
        Dialect::Modern,
    );
    assert!(yaml.contains("after: \"07:00:00\""), "{yaml}");
}

#[test]
fn durations_in_any_form_compare_equal() {
    let model = parse_file("modern/023-delay-forms.yaml");
    let yaml = to_yaml(&model, Dialect::Modern);
    assert!(yaml.contains("delay: \"00:00:02\""), "{yaml}");
    assert!(yaml.contains("delay: \"00:01:30\""), "{yaml}");
    assert!(yaml.contains("delay: \"00:00:00.750\""), "{yaml}");
    let string = parse_yaml(
        &read("modern/023-delay-forms.yaml").replace("delay: 2\n", "delay: \"00:00:02\"\n"),
    )
    .unwrap();
    assert_eq!(string, model);
}

#[test]
fn modern_only_samples_are_refused_for_ha_2024_3_and_the_rest_is_accepted() {
    let m = manifest();
    let ha_2024_3 = Dialect::for_version(2024, 3);
    assert_eq!(
        ha_2024_3,
        Dialect::Legacy {
            service_key: ServiceKey::Service
        }
    );
    let mut refused = 0;
    for only in list(&m, "modern_only") {
        let model = parse_file(field(only, "modern"));
        let findings = check_dialect(&model, ha_2024_3).expect_err(field(only, "modern"));
        assert_eq!(check_version(&model, 2025, 7), Ok(()));
        refused += 1;
        let text = findings.join("\n");
        match field(only, "id") {
            "008" => {
                assert!(
                    text.contains("weekday") && text.contains("offset"),
                    "{text}"
                );
                assert!(
                    text.contains("triggers[0]") || text.contains("trigger[0]"),
                    "{text}"
                );
            }
            "032" => {
                assert!(text.contains("sequence"), "{text}");
                assert!(
                    text.contains("floor_id") && text.contains("label_id"),
                    "{text}"
                );
            }
            other => panic!("unexpected modern-only sample {other}"),
        }
    }
    assert_eq!(refused, 2);
    for pair in list(&m, "pairs") {
        let model = parse_file(field(pair, "legacy"));
        assert_eq!(
            check_dialect(&model, ha_2024_3),
            Ok(()),
            "{}",
            field(pair, "legacy")
        );
    }
}

#[test]
fn every_mistake_is_repaired_to_its_expected_file_or_rejected_naming_the_key() {
    let m = manifest();
    let (mut repaired, mut rejected) = (0, 0);
    for mistake in list(&m, "mistakes") {
        let input = field(mistake, "input");
        let text = read(input);
        match field(mistake, "outcome") {
            "repair" => {
                let expected = parse_file(field(mistake, "expected"));
                let result = repair(&text).unwrap_or_else(|e| panic!("{input} was rejected: {e}"));
                assert_eq!(result.automation, expected, "{input}");
                assert!(!result.repairs.is_empty(), "{input}: no repair reported");
                repaired += 1;
            }
            "reject" => {
                let error = repair(&text).expect_err(input);
                let message = error.to_string();
                for key in reject_keys(field(mistake, "reject")) {
                    assert!(
                        message.contains(&key),
                        "{input}: `{key}` not named in: {message}"
                    );
                }
                rejected += 1;
            }
            other => panic!("unknown outcome {other}"),
        }
    }
    assert_eq!((repaired, rejected), (16, 4));
}

/// The keys a `.reject.txt` names (`keys:` line), or the list the rejection is about.
fn reject_keys(relative: &str) -> Vec<String> {
    let text = read(relative);
    if let Some(line) = text.lines().find_map(|l| l.strip_prefix("keys:")) {
        return line.split(',').map(|k| k.trim().to_owned()).collect();
    }
    let reason = text
        .lines()
        .find_map(|l| l.strip_prefix("reject:"))
        .unwrap()
        .trim()
        .to_owned();
    match reason.as_str() {
        "no trigger" => vec!["trigger".into()],
        "empty actions" => vec!["actions".into()],
        other => panic!("unknown rejection {other}"),
    }
}

#[test]
fn rejections_say_which_kind_they_are() {
    let reject = |file: &str| repair(&read(file)).unwrap_err();
    let sorted = |error: RejectError| match error {
        RejectError::InventedKeys(mut keys) => {
            keys.sort();
            keys
        }
        other => panic!("not an invented-keys rejection: {other}"),
    };
    assert_eq!(
        sorted(reject("mistakes/014-invented-top-level-keys.yaml")),
        ["cooldown", "enabled", "priority"]
    );
    assert_eq!(
        sorted(reject("mistakes/015-invented-step-keys.yaml")),
        ["actions[0].on_error", "actions[0].retry"]
    );
    assert_eq!(
        reject("mistakes/016-missing-trigger.yaml"),
        RejectError::NoTrigger
    );
    assert_eq!(
        reject("mistakes/017-empty-actions.yaml"),
        RejectError::EmptyActions
    );
}

#[test]
fn inputs_that_are_not_yaml_fail_the_plain_parser_but_are_repaired() {
    let m = manifest();
    let mut unparseable = 0;
    for mistake in list(&m, "mistakes") {
        if mistake["yaml_parseable"] == Value::Bool(false) {
            let input = field(mistake, "input");
            assert!(parse_yaml(&read(input)).is_err(), "{input}");
            assert!(repair(&read(input)).is_ok(), "{input}");
            unparseable += 1;
        }
    }
    assert_eq!(unparseable, 3);
}

#[test]
fn repair_leaves_valid_samples_as_they_are() {
    for file in valid_files() {
        let parsed = parse_file(&file);
        let repaired = repair(&read(&file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(repaired.automation, parsed, "{file}");
    }
}

#[test]
fn repairs_are_reported_in_words() {
    let notes = |file: &str| repair(&read(file)).unwrap().repairs.join("\n");
    let n = notes("mistakes/001-unquoted-on-off.yaml");
    assert!(n.contains("triggers[0].to") && n.contains("`on`"), "{n}");
    assert!(n.contains("actions[1].wait_for_trigger[0].to"), "{n}");
    let n = notes("mistakes/002-unquoted-yes-no.yaml");
    assert!(
        n.contains("continue_on_timeout") && n.contains("false"),
        "{n}"
    );
    assert!(n.contains("triggers[0].to") && n.contains("`yes`"), "{n}");
    let n = notes("mistakes/005-entity-in-action-name.yaml");
    assert!(
        n.contains("light.kitchen_ceiling") && n.contains("light.turn_on"),
        "{n}"
    );
    let n = notes("mistakes/011-offset-unquoted.yaml");
    assert!(
        n.contains("conditions[0].before") && n.contains("23:00:00"),
        "{n}"
    );
    let n = notes("mistakes/012-brightness-out-of-range.yaml");
    assert!(n.contains("255") && n.contains("100"), "{n}");
    let n = notes("mistakes/013-for-bare-number-string.yaml");
    assert!(n.contains("00:01:30") && n.contains("00:10:00"), "{n}");
    let n = notes("mistakes/018-markdown-code-fence.yaml");
    assert!(n.contains("code fence"), "{n}");
    let n = notes("mistakes/019-tab-indentation.yaml");
    assert!(n.contains("tab"), "{n}");
    let n = notes("mistakes/020-trailing-prose.yaml");
    assert!(n.contains("prose"), "{n}");
}

/// This package's directory as cargo says at run time (a test binary reused from a build in
/// another checkout keeps that checkout's compile-time path), else as compiled.
fn manifest_dir() -> std::path::PathBuf {
    std::path::PathBuf::from(
        std::env::var("CARGO_MANIFEST_DIR")
            .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned()),
    )
}
