//! The outside splits with the trained intent model, the way the query service uses it: the
//! model trained on synthetic requests for made-up homes (never the development home nor any
//! split), then every split answered by the rules alone and by the rules with the model, and
//! scored by the shared scorer. The model may never lower a split's exact figure nor add a
//! confidently wrong answer; the table (`HOMEAI_ASKAI_OUTSIDE_MODEL_TABLE`) is what
//! `just bench-askai-outside` puts into docs/benchmarks.md beside the rules' figures.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers

#[path = "../../askai/tests/support/mod.rs"]
mod support;
mod support_intent;

use homeai_askai::Home;
use support::outside::{SPLITS, TABLE_HEAD, run_split, split_wanted};
use support::score::data_dir;
use support_intent::rules_and_model;

#[test]
fn the_intent_model_never_lowers_an_outside_split_nor_adds_a_wrong_answer() {
    let home =
        Home::from_json(&std::fs::read_to_string(data_dir().join("home.json")).unwrap()).unwrap();
    let (rules, with, _) = rules_and_model(home);
    let mut table = String::from(TABLE_HEAD);
    let mut worse = Vec::new();
    for name in SPLITS {
        if !split_wanted(name) {
            continue;
        }
        let alone = run_split(name, &rules, &format!("{name}.rules"));
        let helped = run_split(name, &with, &format!("{name}.model"));
        table.push_str(&alone.row(&format!("{name} — rules")));
        table.push_str(&helped.row(&format!("{name} — rules + intent model")));
        if helped.exact + 1e-9 < alone.exact || helped.wrong > alone.wrong {
            worse.push(format!(
                "{name}: exact {:.3} → {:.3}, confidently wrong {} → {}",
                alone.exact, helped.exact, alone.wrong, helped.wrong
            ));
        }
    }
    println!("OUTSIDE-MODEL-TABLE-BEGIN\n{table}OUTSIDE-MODEL-TABLE-END");
    if let Ok(path) = std::env::var("HOMEAI_ASKAI_OUTSIDE_MODEL_TABLE") {
        std::fs::write(path, &table).unwrap();
    }
    assert!(
        worse.is_empty(),
        "the model made splits worse:\n{}",
        worse.join("\n")
    );
}
