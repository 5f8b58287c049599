//! The check's settings and its outcome: [`SafetySettings`] in, a [`SafetyReport`] of
//! [`Finding`]s with their [`Severity`] and penalty out.

use serde::Serialize;

/// How strict the check is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(default)]
pub struct SafetySettings {
    /// The lowest score that passes (0–100; 60 by default).
    pub minimum_score: u8,
    /// Covers known to be garage doors or gates although their id does not say so (from the
    /// registry's device class); ids with `garage` in them are always taken for one.
    pub garage_doors: Vec<String>,
}

impl Default for SafetySettings {
    fn default() -> Self {
        Self {
            minimum_score: 60,
            garage_doors: Vec::new(),
        }
    }
}

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Critical,
}

/// One risk found in an automation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// `unwatched_security_action`, `climate_out_of_range`, `night_time_action`,
    /// `self_retrigger`, `high_frequency_time_pattern`.
    pub code: &'static str,
    pub severity: Severity,
    /// What is risky and what to do about it.
    pub message: String,
    /// Where: `actions[2].target`, `triggers[0]`.
    pub path: String,
    /// Points this finding takes off the score.
    pub penalty: u8,
}

/// The outcome of [`safety_report`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SafetyReport {
    /// 100 with no findings; each finding takes off its penalty (never below 0).
    pub score: u8,
    pub findings: Vec<Finding>,
    /// `score >= minimum_score`.
    pub passed: bool,
    pub minimum_score: u8,
}
