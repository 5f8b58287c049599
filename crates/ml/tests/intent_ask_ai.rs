//! The intent model through Ask AI, the way the query service uses it: trained on synthetic
//! requests for made-up homes (never the development home), then the development set and the
//! paraphrase set (`crates/askai/tests/data`) answered by the engine without and with it and
//! scored by the shared scorer. The model must raise the paraphrase score and cost nothing on
//! the development set.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers

#[path = "../../askai/tests/support/score.rs"]
mod score;
mod support_intent;

use homeai_askai::Home;
use support_intent::rules_and_model;

#[test]
fn the_intent_model_raises_the_paraphrase_score_and_keeps_the_development_score() {
    let dir = score::data_dir();
    let home = Home::from_json(&std::fs::read_to_string(dir.join("home.json")).unwrap()).unwrap();
    let (rules, with, metrics) = rules_and_model(home);
    println!("trained: {metrics}");
    let paraphrases = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../askai/tests/data/paraphrases.jsonl");
    let tmp = tempfile::tempdir().unwrap();
    let mut figures = Vec::new();
    for (set, expected) in [
        ("development", dir.join("dev.jsonl")),
        ("paraphrase", paraphrases),
    ] {
        for (name, engine) in [("rules", &rules), ("rules + intent model", &with)] {
            let results = tmp.path().join("results.jsonl");
            std::fs::write(&results, score::answer_all(&expected, |q| engine.ask(q))).unwrap();
            let (text, exact, valid) = score::score_file(&dir, &expected, &results);
            println!("{set} set, {name}: exact {exact:.3}, valid_or_clarify {valid:.3}");
            if std::env::var("HOMEAI_VERBOSE").is_ok() {
                println!("{text}");
            }
            figures.push(exact);
        }
    }
    let [dev_rules, dev_model, para_rules, para_model] = figures[..] else {
        unreachable!()
    };
    assert!(
        dev_model >= dev_rules,
        "the model cost the development set: {dev_rules} → {dev_model}"
    );
    assert!(
        para_model >= para_rules + 0.3,
        "the model did not raise the paraphrase score enough: {para_rules} → {para_model}"
    );
}
