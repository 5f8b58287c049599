//! The crate's errors, one type per kind of failure.
//!
//! * [`ParseError`]: [`crate::parse_yaml`] / [`crate::parse_json`] could not read the text or
//!   the value as an automation. It lists every problem found, each with the field path
//!   (`actions[2].target.entity_id`) and what to do about it.
//! * [`RejectError`]: [`crate::repair`] refused the text because a repair would be a guess
//!   (invented keys, no trigger, no action) or because it is not an automation at all.

use std::fmt;

use thiserror::Error;

/// What kind of problem one [`Problem`] is; lets a caller (the repairer) treat invented keys
/// apart from wrong values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// A key the schema at that place does not have.
    UnknownKey,
    /// A required key is missing.
    Missing,
    /// Two keys that exclude each other are both present.
    Conflict,
    /// A value of the wrong type or out of its allowed set.
    BadValue,
}

/// One problem in an automation, at one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where: `actions[2].target.entity_id`; empty for the automation itself.
    pub path: String,
    /// What is wrong and what to do, in words.
    pub message: String,
    pub kind: ProblemKind,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "the automation: {}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// The text or value could not be read as an automation.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ParseError {
    /// The text is not YAML (or is more than one document, or too large or deep).
    #[error("the text is not valid YAML: {0}")]
    Yaml(String),
    /// The YAML is fine but the automation is not: every problem found, in document order.
    #[error("{}", join(.0))]
    Invalid(Vec<Problem>),
}

impl ParseError {
    /// The problems with their paths (empty for [`ParseError::Yaml`]).
    pub fn problems(&self) -> &[Problem] {
        match self {
            Self::Yaml(_) => &[],
            Self::Invalid(problems) => problems,
        }
    }
}

fn join(problems: &[Problem]) -> String {
    let parts: Vec<String> = problems.iter().map(Problem::to_string).collect();
    parts.join("; ")
}

/// The repairer refused the text: repairing it would mean guessing what was meant.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RejectError {
    /// Not YAML even after removing code fences, tabs and prose around it.
    #[error("not an automation: {0}")]
    NotYaml(String),
    /// Keys Home Assistant does not have; dropping them could drop what was asked for.
    #[error(
        "invented keys that Home Assistant does not have: {}; remove them or say what they \
         were meant to do",
        .0.join(", ")
    )]
    InventedKeys(Vec<String>),
    /// Neither `triggers` nor `trigger`, or an empty list: the automation could never run.
    #[error(
        "no trigger: `triggers` (or `trigger`) is missing or empty, so the automation could \
         never run; add at least one trigger"
    )]
    NoTrigger,
    /// `actions` missing or empty: the automation would do nothing.
    #[error(
        "no action: `actions` (or `action`) is missing or empty, so the automation would do \
         nothing; add at least one action"
    )]
    EmptyActions,
    /// Other problems a repair cannot fix safely.
    #[error("cannot be repaired: {0}")]
    Invalid(ParseError),
}
