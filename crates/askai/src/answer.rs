//! What the engine answers: an automation ([`Suggestion`]), a blueprint
//! ([`BlueprintSuggestion`]) or questions ([`Clarification`]), which engine wrote it and how a
//! trained model reread the request ([`Reading`]). Shared by the engine and the spec reader,
//! which both make answers.

use homeai_automation_model::{Automation, Blueprint};
use serde::Serialize;

use crate::clarify::Question;
use crate::understand::PartReading;

/// Which engine produced an answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EngineKind {
    /// The grammar and resolver of this crate.
    Rules,
    /// A trained intent/slot model ([`IntentModel`]).
    Model,
    /// A language model behind an OpenAI-compatible endpoint.
    Llm,
}

impl EngineKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Rules => "rules",
            Self::Model => "model",
            Self::Llm => "llm",
        }
    }
}

/// An automation and what it was made from.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    pub automation: Automation,
    pub description: String,
    pub confidence: f64,
    pub entities: Vec<String>,
    pub engine: EngineKind,
    /// Set when a trained model reread the request first (the rules could not answer it as
    /// written): what it read and which model.
    pub read_by_model: Option<Reading>,
    /// How each time, duration and number of the request was read (`at 20:30` from `8.30pm`).
    pub readings: Vec<PartReading>,
}

/// How a trained intent model reread a request the rules could not answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reading {
    /// Which model (and version) read it, as answers name it.
    pub model: String,
    /// The request in the words the rules read.
    pub text: String,
    /// `(as written, as read)`, one per reworded span.
    pub changes: Vec<(String, String)>,
    /// What the request asks for (`on`, `off`, `notify`, …), when the model says.
    pub intent: Option<String>,
    /// The model's confidence in its least sure rewording, 0..1.
    pub confidence: f64,
}

/// The request needs answers first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Clarification {
    pub questions: Vec<Question>,
    /// Entities already understood.
    pub entities: Vec<String>,
    pub confidence: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    Automation(Box<Suggestion>),
    Clarify(Clarification),
    /// A markdown spec asking for a blueprint ("Create a blueprint automation to …" with an
    /// inputs table).
    Blueprint(Box<BlueprintSuggestion>),
}

/// A sentence that lost to others, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overruled {
    pub sentence: String,
    pub reason: String,
}

/// A blueprint and what it was made from.
#[derive(Debug, Clone, PartialEq)]
pub struct BlueprintSuggestion {
    /// The body in the modern dialect; render it with `blueprint_to_yaml` in any.
    pub blueprint: Blueprint,
    /// The automation written for the placeholder home the blueprint was made from.
    pub automation: Automation,
    pub description: String,
    pub confidence: f64,
    /// Each sentence read, and what as (`part`); left-out words say why.
    pub readings: Vec<PartReading>,
    /// The sentences the blueprint follows.
    pub used: Vec<String>,
    pub overruled: Vec<Overruled>,
    /// The example bullets: examples of use, never read as orders.
    pub examples: Vec<String>,
}
