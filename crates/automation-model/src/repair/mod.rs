//! Repairing automations written by language models: what can be fixed without guessing is
//! fixed and reported in words; what cannot (invented keys, no trigger, no action) is
//! rejected with the key named.

mod text;

use crate::error::{ParseError, ProblemKind, RejectError};
use crate::model::Automation;
use crate::{parse, yaml};

/// A repaired automation and what was done to it, one sentence per repair.
#[derive(Debug, Clone, PartialEq)]
pub struct Repaired {
    pub automation: Automation,
    pub repairs: Vec<String>,
}

/// Read an automation from text a language model wrote, repairing what is safe to repair.
///
/// Text: a Markdown code fence and the sentences around it, tab indentation and prose after
/// the YAML are removed (only when the text as given is not YAML). Values: both dialects and
/// mixtures, `platform:`/`service:` in a modern automation, entity ids inside action names,
/// `data_template`/`service_template`, a notification's `title`/`message` beside `data`, a
/// single item where a list belongs, brightness out of range, `no`/`yes` in boolean fields,
/// `"90"` for ninety seconds, and states and times written without quotes.
pub fn repair(text: &str) -> Result<Repaired, RejectError> {
    let raw = attempt(text);
    if raw.as_ref().is_ok_and(|r| r.problems.is_empty()) {
        return finish(raw, Vec::new());
    }
    // Not YAML, or not a clean automation: try again without what surrounds it (a fence, a
    // lead-in sentence, tabs, prose after it), and keep that only if it is better.
    let cleaned = text::clean(text);
    if !cleaned.notes.is_empty() {
        let again = attempt(&cleaned.text);
        let better = match (&raw, &again) {
            (Err(_), _) => true,
            (Ok(_), Ok(again)) => again.problems.is_empty(),
            (Ok(_), Err(_)) => false,
        };
        if better {
            return finish(
                again.map_err(|e| format!("{e} (after removing the text around it)")),
                cleaned.notes,
            );
        }
    }
    finish(raw, Vec::new())
}

/// Load and parse in repair mode; `Err` when the text is not YAML.
fn attempt(text: &str) -> Result<parse::RepairParse, String> {
    let loaded = yaml::load(text)?;
    Ok(parse::parse_for_repair(&loaded.value, &loaded.plain))
}

fn finish(
    parsed: Result<parse::RepairParse, String>,
    mut repairs: Vec<String>,
) -> Result<Repaired, RejectError> {
    let parsed = parsed.map_err(RejectError::NotYaml)?;
    let problems = parsed.problems;
    let invented: Vec<String> = problems
        .iter()
        .filter(|p| p.kind == ProblemKind::UnknownKey)
        .map(|p| p.path.clone())
        .collect();
    if !invented.is_empty() {
        return Err(RejectError::InventedKeys(invented));
    }
    let missing = |path: &str| {
        problems
            .iter()
            .any(|p| p.kind == ProblemKind::Missing && p.path == path)
    };
    if missing("triggers") {
        return Err(RejectError::NoTrigger);
    }
    if missing("actions") {
        return Err(RejectError::EmptyActions);
    }
    if !problems.is_empty() {
        return Err(RejectError::Invalid(ParseError::Invalid(problems)));
    }
    let Some(automation) = parsed.automation else {
        return Err(RejectError::Invalid(ParseError::Invalid(Vec::new())));
    };
    if automation.triggers.is_empty() {
        return Err(RejectError::NoTrigger);
    }
    if automation.actions.is_empty() {
        return Err(RejectError::EmptyActions);
    }

    repairs.extend(parsed.notes);
    for (path, word) in parsed.unquoted {
        repairs.push(unquoted_note(&path, &word));
    }
    Ok(Repaired {
        automation,
        repairs,
    })
}

fn unquoted_note(path: &str, word: &str) -> String {
    let reading = if word.contains(':') {
        if word.trim_start_matches(['-', '+']).starts_with('0') {
            "quoted so that no YAML reader can take it for a number".to_owned()
        } else {
            "quoted, because Home Assistant's YAML reader would take it for a number of \
             seconds"
                .to_owned()
        }
    } else {
        let b = matches!(word.to_ascii_lowercase().as_str(), "y" | "yes" | "on");
        format!("quoted, because Home Assistant's YAML reader would take it for the boolean {b}")
    };
    format!(
        "{path}: `{word}` was written without quotes; kept it as the text \"{word}\", {reading}"
    )
}
