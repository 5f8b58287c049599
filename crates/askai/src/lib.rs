//! Ask AI: plain language → a typed Home Assistant automation, locally (no network, no model
//! download), or questions with concrete options when a request is ambiguous or incomplete.
//!
//! ```
//! use homeai_askai::{Answer, Engine, Home};
//!
//! let home: Home = serde_json::from_str(r#"{
//!   "areas": [{"area_id": "garden", "name": "Garden", "aliases": []}],
//!   "entities": [{"entity_id": "light.porch", "name": "Porch Light", "area_id": "garden", "domain": "light"}]
//! }"#).unwrap();
//! let Answer::Automation(s) = Engine::new(home).ask("At sunset turn on the porch light").unwrap() else {
//!     panic!("expected an automation")
//! };
//! assert_eq!(s.automation.actions.len(), 1);
//! ```
//!
//! The stages, one module each: [`text`] (words) → `slots` (times, durations, thresholds…) →
//! `resolve` (names → entities) → `understand` (clauses → triggers, conditions, steps) →
//! `build` (the typed model) and `describe` (words for people). `conversation` edits an
//! automation with a follow-up; `clarify` holds questions and answers.

mod answer;
mod batch;
mod build;
mod check;
mod clarify;
mod conversation;
mod describe;
mod engine;
mod error;
mod grammar;
mod home;
mod model_guard;
mod numbers;
mod parts;
mod phrases;
mod resolve;
mod slots;
mod spec;
pub mod synthetic;
pub mod text;
mod typed_ids;
mod understand;

pub use answer::{
    Answer, BlueprintSuggestion, Clarification, EngineKind, Overruled, Reading, Suggestion,
};
pub use batch::result_line;
pub use clarify::{Answer as ClarifyAnswer, Bindings, Choice, Question, QuestionKind};
pub use conversation::FollowUp;
pub use engine::{Engine, Extracted, IntentModel};
pub use error::{AskError, MAX_QUERY_CHARS, MAX_SPEC_CHARS, max_chars};
pub use home::{Area, Entity, Home, Location, NotifyService, Person};
pub use spec::looks_like_markdown;
pub use understand::PartReading;
