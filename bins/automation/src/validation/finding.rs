//! What validation reports: each problem as a [`FieldFinding`] (its field, [`Level`] and
//! [`Source`]), which checks ran ([`Checked`]), and the whole outcome ([`Validation`]).

use homeai_automation_model::Dialect;
use serde::Serialize;

/// How bad a finding is: errors make the automation invalid, warnings say what was not
/// checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
}

/// Which check found it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// The registries homeai holds (entities, devices, areas).
    Registry,
    /// Home Assistant's list of services.
    Services,
    /// Home Assistant's own `validate_config`.
    HomeAssistant,
    /// The automation uses a feature the target release lacks.
    Dialect,
}

/// One problem at one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldFinding {
    /// `actions[0].target.entity_id`; `triggers` for HA's verdict on all triggers; empty for
    /// the automation as a whole.
    pub field: String,
    pub message: String,
    pub severity: Level,
    pub source: Source,
}

impl FieldFinding {
    pub(super) fn error(field: impl Into<String>, source: Source, message: String) -> Self {
        Self {
            field: field.into(),
            message,
            severity: Level::Error,
            source,
        }
    }

    pub(super) fn warning(field: impl Into<String>, source: Source, message: String) -> Self {
        Self {
            field: field.into(),
            message,
            severity: Level::Warning,
            source,
        }
    }
}

/// Which checks ran.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Checked {
    pub registry: bool,
    pub services: bool,
    pub home_assistant: bool,
}

/// The outcome of [`validate`].
#[derive(Debug, Clone)]
pub struct Validation {
    pub findings: Vec<FieldFinding>,
    pub checked: Checked,
    /// The dialect of the connected Home Assistant (modern without one).
    pub dialect: Dialect,
    /// The version of the connected Home Assistant, if one answered.
    pub ha_version: Option<String>,
}

impl Validation {
    /// No finding is an error.
    pub fn is_valid(&self) -> bool {
        self.findings.iter().all(|f| f.severity != Level::Error)
    }
}
