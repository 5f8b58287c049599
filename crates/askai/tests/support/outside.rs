//! The outside splits (`crates/askai/tests/data/outside/`, and the team's own development set
//! beside them): each answered by an engine and scored by the shared scorer, with the figures
//! the benchmark reports. Shared by `tests/outside_splits.rs` (the rules) and the intent
//! model's test in `crates/ml` (the rules with the trained model).

#![allow(clippy::expect_used, clippy::unwrap_used, dead_code)] // test helpers

use std::path::{Path, PathBuf};

use homeai_askai::Engine;

use super::score::{answer_all, data_dir, run_score};

/// The team's development set's name in the table.
pub const TEAM_DEV: &str = "team dev (shared)";

/// The splits, in the order they are reported: the team's own development set, the outside
/// development split, then the frozen outside test splits (first and second collection).
pub const SPLITS: [&str; 4] = [TEAM_DEV, "dev.jsonl", "test.jsonl", "test-2.jsonl"];

/// The table's head, for rows of [`Figures::row`].
pub const TABLE_HEAD: &str = "| split | n | exact | confidently wrong | question rate | clarify_correct | valid_or_clarify | right when answered (goal ≥ 0.99) |\n|---|---|---|---|---|---|---|---|\n";

/// The figures of one split.
pub struct Figures {
    pub n: usize,
    pub exact: f64,
    /// Automations given without a question that do not match, of all requests.
    pub confidently_wrong: f64,
    pub wrong: usize,
    pub question_rate: f64,
    pub clarify_correct: String,
    pub valid: f64,
    /// Calibration: automations given without a question that are right, of all given.
    pub answered_right: (usize, usize),
}

impl Figures {
    /// One row of the table, named `label`.
    pub fn row(&self, label: &str) -> String {
        let (right, given) = self.answered_right;
        format!(
            "| {label} | {} | {:.3} | {:.3} | {:.3} | {} | {:.3} | {:.3} ({right}/{given}) |\n",
            self.n,
            self.exact,
            self.confidently_wrong,
            self.question_rate,
            self.clarify_correct,
            self.valid,
            right as f64 / given.max(1) as f64
        )
    }
}

fn figure_line(text: &str, key: &str) -> String {
    text.lines()
        .find_map(|l| l.strip_prefix(key))
        .map(|r| r.trim().to_string())
        .unwrap_or_else(|| panic!("no `{key}` line in:\n{text}"))
}

/// A split's file: the team's own development set is `shared/data/askai/dev.jsonl`; the
/// others are under `crates/askai/tests/data/outside`.
pub fn split_path(name: &str) -> PathBuf {
    if name == TEAM_DEV {
        return data_dir().join("dev.jsonl");
    }
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|a| a.join("crates/askai/tests/data/outside"))
        .find(|p| p.is_dir())
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/outside"))
        .join(name)
}

/// Whether `name` is among the splits named in `HOMEAI_ASKAI_OUTSIDE_SPLITS` (comma-separated;
/// all splits when unset), so work on the engine can run the dev split alone and never see the
/// frozen one.
pub fn split_wanted(name: &str) -> bool {
    std::env::var("HOMEAI_ASKAI_OUTSIDE_SPLITS")
        .map(|v| v.split(',').any(|s| s.trim() == name))
        .unwrap_or(true)
}

/// Answers split `name` with `engine`, scores it and returns its figures; the answers are kept
/// under `HOMEAI_ASKAI_OUTSIDE_RESULTS/<keep_as>` when that is set.
pub fn run_split(name: &str, engine: &Engine, keep_as: &str) -> Figures {
    let shared = data_dir();
    let set = split_path(name);
    let lines = answer_all(&set, |q| engine.ask(q));
    let tmp = tempfile::tempdir().unwrap();
    let results = tmp.path().join("results.jsonl");
    let per = tmp.path().join("per-query.jsonl");
    std::fs::write(&results, lines).unwrap();
    if let Ok(dir) = std::env::var("HOMEAI_ASKAI_OUTSIDE_RESULTS") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::copy(&results, Path::new(&dir).join(keep_as)).unwrap();
    }
    let text = run_score(&shared, &set, &results, Some(&per));
    println!("== {name} ({keep_as})\n{text}");
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
    Figures {
        n,
        exact: frac(passed),
        confidently_wrong: frac(wrong),
        wrong,
        question_rate: frac(questions),
        clarify_correct: figure_line(&text, "clarify_correct:"),
        valid: frac(valid),
        answered_right: (answered - wrong, answered),
    }
}

/// How many non-empty lines a split has.
pub fn lines_of(name: &str) -> usize {
    std::fs::read_to_string(split_path(name))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .count()
}
