//! Ask AI on requests the team did not write (`tests/data/outside/`): the rules engine answers
//! every outside split, the shared scorer scores them, and this prints for each split exact,
//! confidently wrong (an automation given without a question that does not match), question
//! rate, clarify_correct, valid_or_clarify and the calibration figure (right when answered: of
//! the automations given without a question, the share that is right; goal ≥ 0.99). The team's
//! own development set is reported beside them. `test.jsonl` and `test-2.jsonl` are frozen: nothing
//! here asserts their exact figures (only that every line is answered, scored and reported), and
//! the engine is never tuned against them.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers

mod support;

use homeai_askai::{Engine, Home};
use std::path::Path;
use support::score::{answer_all, data_dir, run_score};

/// The figures of one split.
struct Figures {
    n: usize,
    exact: f64,
    confidently_wrong: f64,
    question_rate: f64,
    clarify_correct: String,
    valid: f64,
    /// Calibration: automations given without a question that are right, of all given.
    answered_right: (usize, usize),
}

fn figure_line(text: &str, key: &str) -> String {
    text.lines()
        .find_map(|l| l.strip_prefix(key))
        .map(|r| r.trim().to_string())
        .unwrap_or_else(|| panic!("no `{key}` line in:\n{text}"))
}

fn run_split(name: &str) -> Figures {
    let shared = data_dir();
    let set = split_path(name);
    let home =
        Home::from_json(&std::fs::read_to_string(shared.join("home.json")).unwrap()).unwrap();
    let engine = Engine::new(home);
    let lines = answer_all(&set, |q| engine.ask(q));
    let tmp = tempfile::tempdir().unwrap();
    let results = tmp.path().join("results.jsonl");
    let per = tmp.path().join("per-query.jsonl");
    std::fs::write(&results, lines).unwrap();
    if let Ok(dir) = std::env::var("HOMEAI_ASKAI_OUTSIDE_RESULTS") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::copy(&results, Path::new(&dir).join(name)).unwrap();
    }
    let text = run_score(&shared, &set, &results, Some(&per));
    println!("== {name}\n{text}");
    let records: Vec<serde_json::Value> = std::fs::read_to_string(&per)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let n = records.len();
    let count = |f: &dyn Fn(&serde_json::Value) -> bool| records.iter().filter(|r| f(r)).count();
    let passed = count(&|r| r["passed"].as_bool() == Some(true));
    let wrong = count(&|r| r["answer"] == "automation" && r["passed"].as_bool() != Some(true));
    let questions = count(&|r| r["answer"] == "clarify");
    let valid = count(&|r| r["valid_or_clarify"].as_bool() == Some(true));
    let answered = count(&|r| r["answer"] == "automation");
    let frac = |k: usize| k as f64 / n.max(1) as f64;
    let clarify_correct = figure_line(&text, "clarify_correct:");
    Figures {
        n,
        exact: frac(passed),
        confidently_wrong: frac(wrong),
        question_rate: frac(questions),
        clarify_correct,
        valid: frac(valid),
        answered_right: (answered - wrong, answered),
    }
}

/// A split's file: the team's own development set is `shared/data/askai/dev.jsonl`, reported
/// beside the outside ones for the calibration figure; the others are under tests/data/outside.
fn split_path(name: &str) -> std::path::PathBuf {
    if name == TEAM_DEV {
        return data_dir().join("dev.jsonl");
    }
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/outside")
        .join(name)
}

/// The team's development set's name in the table.
const TEAM_DEV: &str = "team dev (shared)";

/// Whether `name` is among the splits named in `HOMEAI_ASKAI_OUTSIDE_SPLITS` (comma-separated;
/// all splits when unset), so work on the engine can run the dev split alone and never see the
/// frozen one.
fn split_wanted(name: &str) -> bool {
    std::env::var("HOMEAI_ASKAI_OUTSIDE_SPLITS")
        .map(|v| v.split(',').any(|s| s.trim() == name))
        .unwrap_or(true)
}

#[test]
fn outside_splits_are_answered_scored_and_reported() {
    let mut table = String::from(
        "| split | n | exact | confidently wrong | question rate | clarify_correct | valid_or_clarify | right when answered (goal ≥ 0.99) |\n|---|---|---|---|---|---|---|---|\n",
    );
    let mut dev_exact = None;
    for name in SPLITS {
        if !split_wanted(name) {
            continue;
        }
        let f = run_split(name);
        let (right, given) = f.answered_right;
        table.push_str(&format!(
            "| {name} | {} | {:.3} | {:.3} | {:.3} | {} | {:.3} | {:.3} ({right}/{given}) |\n",
            f.n,
            f.exact,
            f.confidently_wrong,
            f.question_rate,
            f.clarify_correct,
            f.valid,
            right as f64 / given.max(1) as f64
        ));
        assert!(
            (f.valid - 1.0).abs() < 1e-9,
            "{name}: valid_or_clarify {} < 1",
            f.valid
        );
        let lines = std::fs::read_to_string(split_path(name))
            .unwrap()
            .lines()
            .filter(|l| !l.trim().is_empty())
            .count();
        assert_eq!(f.n, lines, "{name}: {} of {lines} lines scored", f.n);
        if name == "dev.jsonl" {
            dev_exact = Some(f.exact);
        }
    }
    println!("OUTSIDE-TABLE-BEGIN\n{table}OUTSIDE-TABLE-END");
    if let Ok(path) = std::env::var("HOMEAI_ASKAI_OUTSIDE_TABLE") {
        std::fs::write(path, &table).unwrap();
    }
    // Measured 2026-12-07 (see docs/benchmarks.md); a small margin below it. Only when the dev
    // split ran (HOMEAI_ASKAI_OUTSIDE_SPLITS may name the others alone).
    if let Some(dev_exact) = dev_exact {
        assert!(
            dev_exact >= DEV_EXACT_FLOOR,
            "outside dev exact {dev_exact} < {DEV_EXACT_FLOOR}"
        );
    }
}

/// The splits, in the order they are reported: the team's own development set, the outside
/// development split, then the frozen outside test splits (first and second collection).
const SPLITS: [&str; 4] = [TEAM_DEV, "dev.jsonl", "test.jsonl", "test-2.jsonl"];

/// The outside dev split's exact as measured when this test was written, less a margin.
const DEV_EXACT_FLOOR: f64 = 0.80; // measured 0.864 (57/66) on 7278e56, with the second collection
