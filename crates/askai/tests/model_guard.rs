//! What the engine lets a trained intent model do (the real model's figures on every split are
//! in `crates/ml/tests/outside_splits_with_model.rs`): here a model that rewords exactly as
//! told, to check each rule on its own. It may reword words the rules cannot read; it may not
//! answer a question the rules asked on purpose, drop a joining word, read an absence as a
//! presence, or make up a sensor event where the request names no room or sensor.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers

mod support;

use std::sync::Arc;

use homeai_askai::{Answer, EngineKind, IntentModel, Reading};

/// Rewords `from` as `to` wherever it occurs, with full confidence.
struct Rewords(&'static [(&'static str, &'static str)]);

impl IntentModel for Rewords {
    fn read(&self, query: &str) -> Option<Reading> {
        let mut text = query.to_lowercase();
        let mut changes = Vec::new();
        for (from, to) in self.0 {
            if text.contains(from) {
                text = text.replace(from, to);
                changes.push(((*from).to_owned(), (*to).to_owned()));
            }
        }
        Some(Reading {
            model: "told".into(),
            text,
            changes,
            intent: None,
            confidence: 1.0,
        })
    }
}

fn ask(model: &'static [(&'static str, &'static str)], q: &str) -> Answer {
    support::ask::engine()
        .with_model(Arc::new(Rewords(model)))
        .ask(q)
        .unwrap()
}

#[test]
fn a_word_the_rules_cannot_read_is_reworded() {
    let Answer::Automation(s) = ask(
        &[("energise", "turn on")],
        "At 22:00 energise the porch light",
    ) else {
        panic!("expected the model's reading to be used")
    };
    assert_eq!(s.engine, EngineKind::Model);
}

#[test]
fn a_question_asked_on_purpose_is_never_answered_by_the_model() {
    // which lamp, and what time "at night" is: asked on purpose
    for (model, q) in [
        (
            &[("the lamp", "the desk lamp")][..],
            "At 22:00 turn off the lamp",
        ),
        (
            &[("at night", "at 23:00")][..],
            "Lock the front door at night",
        ),
    ] {
        assert!(matches!(ask(model, q), Answer::Clarify(_)), "{q}");
    }
}

#[test]
fn dropping_a_joining_word_an_absence_read_as_presence_or_an_invented_sensor_are_refused() {
    for (model, q) in [
        (
            &[(" and xbox", ""), ("and", "")][..],
            "At 22:00 switch off the TV and Xbox",
        ),
        (
            &[("inactivity", "motion is detected")][..],
            "Turn off the TV after two hours of inactivity",
        ),
        (
            &[("someone comes by", "motion is detected")][..],
            "Turn on the porch light when someone comes by",
        ),
    ] {
        // the rules' own answer (a question, or what they read themselves), never the model's
        let by_model =
            matches!(ask(model, q), Answer::Automation(s) if s.engine == EngineKind::Model);
        assert!(!by_model, "{q}");
    }
}
