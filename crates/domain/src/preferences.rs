//! The household's settings for suggestions and analysis.

use serde::{Deserialize, Serialize};

use crate::DomainError;

/// How many suggestions to keep pending, how sure a pattern must be, when to analyse.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Preferences {
    /// At most this many draft suggestions at a time (1..=100).
    pub max_suggestions: u32,
    /// Patterns below this confidence make no suggestion (0..=1).
    pub min_confidence: f64,
    /// Hour of the day (0..=23, HA's time zone) the daily analysis runs.
    pub analysis_hour: u32,
}

impl Default for Preferences {
    fn default() -> Self {
        Self {
            max_suggestions: 10,
            min_confidence: 0.7,
            analysis_hour: 3,
        }
    }
}

impl Preferences {
    pub fn validate(&self) -> Result<(), DomainError> {
        if !(1..=100).contains(&self.max_suggestions) {
            return Err(DomainError::invalid("max_suggestions", "must be 1..=100"));
        }
        if !(0.0..=1.0).contains(&self.min_confidence) {
            return Err(DomainError::invalid(
                "min_confidence",
                "must be between 0 and 1",
            ));
        }
        if self.analysis_hour > 23 {
            return Err(DomainError::invalid("analysis_hour", "must be 0..=23"));
        }
        Ok(())
    }
}
