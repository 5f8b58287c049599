//! Scoring Ask AI answers with the shared scorer (`shared/data/askai/score.py`): shared by the
//! development-set tests here and the intent model's test in `crates/ml`.

#![allow(clippy::expect_used, clippy::unwrap_used, dead_code)] // test helpers

use std::path::PathBuf;
use std::process::Command;

/// `shared/data/askai`, found from the run-time manifest dir upwards (or `HOMEAI_ASKAI_DATA`).
pub fn data_dir() -> PathBuf {
    if let Ok(dir) = std::env::var("HOMEAI_ASKAI_DATA") {
        return PathBuf::from(dir);
    }
    let start = PathBuf::from(
        std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").into()),
    );
    start
        .ancestors()
        .map(|a| a.join("shared/data/askai"))
        .find(|p| p.join("dev.jsonl").exists())
        .expect("shared/data/askai not found above the crate")
}

/// Runs score.py on `expected` (with `--json-out per_query` when given: one result a line) and
/// returns what it printed.
pub fn run_score(
    dir: &std::path::Path,
    expected: &std::path::Path,
    results: &std::path::Path,
    per_query: Option<&std::path::Path>,
) -> String {
    let mut cmd = Command::new("python3");
    cmd.arg(dir.join("score.py"))
        .args(["--home", &dir.join("home.json").to_string_lossy()])
        .args(["--expected", &expected.to_string_lossy()])
        .args(["--got", &results.to_string_lossy(), "--verbose"]);
    if let Some(per_query) = per_query {
        cmd.args(["--json-out", &per_query.to_string_lossy()]);
    }
    let out = cmd.output().expect("python3 runs");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "score.py failed: {text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    text
}

/// Runs score.py on `expected` and returns its output and the fractions after `exact:` and `valid_or_clarify:`.
pub fn score_file(
    dir: &std::path::Path,
    expected: &std::path::Path,
    results: &std::path::Path,
) -> (String, f64, f64) {
    let text = run_score(dir, expected, results, None);
    let figure = |key: &str| -> f64 {
        text.lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no `{key}` line in:\n{text}"))
    };
    let exact = figure("exact: ");
    let valid = figure("valid_or_clarify: ");
    (text, exact, valid)
}

/// Scores answers to the development set.
pub fn score(dir: &std::path::Path, results: &std::path::Path) -> (String, f64, f64) {
    score_file(dir, &dir.join("dev.jsonl"), results)
}

/// Answers every request of a `.jsonl` set (`{"id", "query", …}` lines) with `ask`, as the
/// result lines score.py reads.
pub fn answer_all(
    set: &std::path::Path,
    mut ask: impl FnMut(&str) -> Result<homeai_askai::Answer, homeai_askai::AskError>,
) -> String {
    let mut lines = String::new();
    for line in std::fs::read_to_string(set).unwrap().lines() {
        if line.trim().is_empty() {
            continue;
        }
        let row: serde_json::Value = serde_json::from_str(line).unwrap();
        let id = row["id"].as_str().unwrap();
        let answer = ask(row["query"].as_str().unwrap());
        lines.push_str(&homeai_askai::result_line(id, &answer).to_string());
        lines.push('\n');
    }
    lines
}
