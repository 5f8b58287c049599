//! The typed automation. One model for both dialects: the dialect is a matter of rendering.
//!
//! Conventions that make two ways of writing the same thing one value:
//! * "one or a list" fields (`entity_id`, `state`, `at`, `weekday`, …) are `Vec`s; an empty
//!   `Vec` means the key is absent;
//! * shorthand conditions (`- or: […]`, a bare template, `condition: "{{ … }}"`) are read
//!   into their long form;
//! * durations and times are values ([`crate::Duration`], [`crate::TimeOfDay`]);
//! * an empty `data:`, `target:`, `variables:`, `else:` or `default:` is the same as none.

mod action;
mod condition;
mod trigger;

pub use action::*;
pub use condition::*;
pub use trigger::*;

use serde_json::{Map, Value};

/// Free-form values as Home Assistant takes them (`data`, `variables`, `event_data`, …).
pub type Fields = Map<String, Value>;

/// One automation, as the config API takes it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Automation {
    pub id: Option<String>,
    pub alias: Option<String>,
    pub description: Option<String>,
    pub mode: Option<Mode>,
    pub max: Option<u32>,
    pub max_exceeded: Option<MaxExceeded>,
    pub variables: Option<Fields>,
    pub trigger_variables: Option<Fields>,
    pub trace: Option<Trace>,
    pub initial_state: Option<bool>,
    pub triggers: Vec<Trigger>,
    pub conditions: Vec<Condition>,
    pub actions: Vec<Action>,
}

/// What happens when the automation is triggered while it is still running.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    Single,
    Restart,
    Queued,
    Parallel,
}

impl Mode {
    pub const ALL: [Self; 4] = [Self::Single, Self::Restart, Self::Queued, Self::Parallel];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Single => "single",
            Self::Restart => "restart",
            Self::Queued => "queued",
            Self::Parallel => "parallel",
        }
    }
}

/// The log level for runs dropped because `max` was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MaxExceeded {
    Silent,
    Critical,
    Fatal,
    Error,
    Warning,
    Warn,
    Info,
    Debug,
    Notset,
}

impl MaxExceeded {
    pub const ALL: [Self; 9] = [
        Self::Silent,
        Self::Critical,
        Self::Fatal,
        Self::Error,
        Self::Warning,
        Self::Warn,
        Self::Info,
        Self::Debug,
        Self::Notset,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Silent => "silent",
            Self::Critical => "critical",
            Self::Fatal => "fatal",
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Warn => "warn",
            Self::Info => "info",
            Self::Debug => "debug",
            Self::Notset => "notset",
        }
    }
}

/// `trace:` settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Trace {
    pub stored_traces: Option<u32>,
}

/// A number as a threshold or value: integers and decimals compare by value (`15 == 15.0`).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Number(pub f64);

/// `above:` / `below:` of a numeric state trigger or condition: a number or the entity whose
/// state is the threshold (`input_number.high`).
#[derive(Debug, Clone, PartialEq)]
pub enum Threshold {
    Number(Number),
    Entity(String),
}

/// `from:` / `to:` of a state trigger.
#[derive(Debug, Clone, PartialEq)]
pub enum StateMatch {
    /// `to: null`: any change of the state itself, but not of attributes only.
    AnyState,
    /// One or several states (rendered as one text when there is one).
    States(Vec<String>),
}

/// A value that is a whole number or a template (`repeat: count`).
#[derive(Debug, Clone, PartialEq)]
pub enum IntOrTemplate {
    Int(i64),
    Template(String),
}
