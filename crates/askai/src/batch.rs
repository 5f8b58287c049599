//! One answer as a line of `homeai ask --batch` output (the shape the Ask AI scorer reads):
//! `{"id", "automation"}` (Home Assistant config JSON), `{"id", "clarify": true, "questions"}`,
//! `{"id", "blueprint", "blueprint_yaml"}` or `{"id", "error"}`.

use homeai_automation_model::{Dialect, blueprint_to_json, blueprint_to_yaml, to_json};
use serde_json::{Value, json};

use crate::answer::Answer;
use crate::error::AskError;

/// The output line for one query.
pub fn result_line(id: &str, answer: &Result<Answer, AskError>) -> Value {
    match answer {
        Ok(Answer::Automation(s)) => json!({
            "id": id,
            "automation": to_json(&s.automation, Dialect::Modern),
            "description": s.description,
            "confidence": s.confidence,
            "readings": s.readings,
        }),
        Ok(Answer::Clarify(c)) => json!({
            "id": id,
            "clarify": true,
            "questions": c.questions.iter().map(|q| q.text.clone()).collect::<Vec<_>>(),
            "options": c.questions.iter().map(|q| q.options.iter().map(|o| o.value.clone()).collect::<Vec<_>>()).collect::<Vec<_>>(),
        }),
        Ok(Answer::Blueprint(b)) => json!({
            "id": id,
            "blueprint": blueprint_to_json(&b.blueprint),
            "blueprint_yaml": blueprint_to_yaml(&b.blueprint, Dialect::Modern),
            "description": b.description,
            "confidence": b.confidence,
            "readings": b.readings,
            "overruled": b.overruled,
        }),
        Err(e) => json!({ "id": id, "error": e.to_string() }),
    }
}
