//! Ask AI on requests the team did not write (`tests/data/outside/`): the rules engine answers
//! every outside split, the shared scorer scores them, and this prints for each split exact,
//! confidently wrong (an automation given without a question that does not match), question
//! rate, clarify_correct, valid_or_clarify and the calibration figure (right when answered: of
//! the automations given without a question, the share that is right; goal ≥ 0.99). The team's
//! own development set is reported beside them. `test.jsonl` and `test-2.jsonl` are frozen: nothing
//! here asserts their exact figures (only that every line is answered, scored and reported), and
//! the engine is never tuned against them. The same splits with the trained intent model:
//! `crates/ml/tests/outside_splits_with_model.rs`.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers

mod support;

use homeai_askai::{Engine, Home};
use support::outside::{SPLITS, TABLE_HEAD, lines_of, run_split, split_wanted};
use support::score::data_dir;

#[test]
fn outside_splits_are_answered_scored_and_reported() {
    let home =
        Home::from_json(&std::fs::read_to_string(data_dir().join("home.json")).unwrap()).unwrap();
    let engine = Engine::new(home);
    let mut table = String::from(TABLE_HEAD);
    let mut dev = None;
    for name in SPLITS {
        if !split_wanted(name) {
            continue;
        }
        let f = run_split(name, &engine, name);
        table.push_str(&f.row(name));
        assert!(
            (f.valid - 1.0).abs() < 1e-9,
            "{name}: valid_or_clarify {} < 1",
            f.valid
        );
        assert_eq!(f.n, lines_of(name), "{name}: {} lines scored", f.n);
        if name == "dev.jsonl" {
            dev = Some((f.exact, f.wrong));
        }
    }
    println!("OUTSIDE-TABLE-BEGIN\n{table}OUTSIDE-TABLE-END");
    if let Ok(path) = std::env::var("HOMEAI_ASKAI_OUTSIDE_TABLE") {
        std::fs::write(path, &table).unwrap();
    }
    // Only when the dev split ran (HOMEAI_ASKAI_OUTSIDE_SPLITS may name the others alone): the
    // development split may be tuned against, so it holds the line — a small margin below its
    // measured exact, and no confidently wrong answer.
    if let Some((exact, wrong)) = dev {
        assert!(
            exact >= DEV_EXACT_FLOOR,
            "outside dev exact {exact} < {DEV_EXACT_FLOOR}"
        );
        assert_eq!(wrong, 0, "outside dev: {wrong} confidently wrong answers");
    }
}

/// The outside dev split's exact as measured, less a margin.
const DEV_EXACT_FLOOR: f64 = 0.93; // measured 0.962 (150/156) on ab478b0, fourth collection
