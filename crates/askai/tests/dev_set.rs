//! The Ask AI development set through the local engine, scored by the shared scorer
//! (`shared/data/askai/score.py`): exact ≥ 90 % and every answer a valid automation or a
//! clarification.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers

use std::path::PathBuf;
use std::process::Command;

use homeai_askai::{Engine, Home, result_line};

/// `shared/data/askai`, found from the run-time manifest dir upwards (or `HOMEAI_ASKAI_DATA`).
fn data_dir() -> PathBuf {
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

/// Runs score.py and returns its output and the fractions after `exact:` and `valid_or_clarify:`.
pub fn score(dir: &std::path::Path, results: &std::path::Path) -> (String, f64, f64) {
    let out = Command::new("python3")
        .arg(dir.join("score.py"))
        .args(["--home", &dir.join("home.json").to_string_lossy()])
        .args(["--expected", &dir.join("dev.jsonl").to_string_lossy()])
        .args(["--got", &results.to_string_lossy(), "--verbose"])
        .output()
        .expect("python3 runs");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "score.py failed: {text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
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

#[test]
fn the_development_set_scores_at_least_ninety_percent_exact_and_all_valid_or_clarify() {
    let dir = data_dir();
    let home = Home::from_json(&std::fs::read_to_string(dir.join("home.json")).unwrap()).unwrap();
    let engine = Engine::new(home);
    let mut lines = String::new();
    for line in std::fs::read_to_string(dir.join("dev.jsonl"))
        .unwrap()
        .lines()
    {
        if line.trim().is_empty() {
            continue;
        }
        let row: serde_json::Value = serde_json::from_str(line).unwrap();
        let id = row["id"].as_str().unwrap();
        let answer = engine.ask(row["query"].as_str().unwrap());
        lines.push_str(&result_line(id, &answer).to_string());
        lines.push('\n');
    }
    let tmp = tempfile::tempdir().unwrap();
    let results = tmp.path().join("results.jsonl");
    std::fs::write(&results, lines).unwrap();
    if let Ok(keep) = std::env::var("HOMEAI_ASKAI_RESULTS") {
        std::fs::copy(&results, keep).unwrap();
    }
    let (text, exact, valid) = score(&dir, &results);
    println!("{text}");
    assert!(exact >= 0.90, "exact {exact} < 0.90");
    assert!((valid - 1.0).abs() < 1e-9, "valid_or_clarify {valid} < 1.0");
}
