//! Habit detectors: pure functions from a slice of state changes (time ordered) to patterns
//! with their evidence. No I/O, no framework; the pattern service feeds them from the database.
//!
//! Only changes caused by a person or a device count; changes made by automations never do.
//! Times are judged in the home's local time (DST-safe) and on a circle (23:55 and 00:05 are
//! ten minutes apart).

mod common;
mod conditioned;
mod duration;
mod observations;
mod pair;
mod sequence;
mod settings;
mod sun;
mod synergy;
mod time_of_day;

pub use common::HomeContext;
pub use observations::{Observations, Reading};
pub use pair::{PairStats, pair_stats};
pub use settings::DetectorSettings;
pub use synergy::{Synergy, synergies};

use chrono::{DateTime, Utc};
use homeai_domain::pattern::PatternKind;
use serde::Serialize;

/// A habit found in the events.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DetectedPattern {
    pub kind: PatternKind,
    /// Stable identity of the habit within its kind: re-detection updates the same row.
    pub key: String,
    /// The entities involved; for pairs, the trigger first.
    pub entities: Vec<String>,
    /// Kind-specific parameters (state, local minute, day type, delay, …).
    pub params: serde_json::Value,
    /// How many times it happened.
    pub support: u32,
    /// On how many of the days it could have happened it did.
    pub days_seen: u32,
    pub days_observed: u32,
    /// Spread of the time (or delay) it happens at, in minutes.
    pub time_spread_min: Option<f64>,
    /// 0..=1.
    pub confidence: f64,
    /// For a habit of part of the year: the dates it was lived (`2026-03-02..2026-04-15`).
    pub season: Option<String>,
    pub first_seen: DateTime<Utc>,
    pub last_seen: DateTime<Utc>,
    /// A few occurrences, for a person to check.
    pub evidence: Vec<DateTime<Utc>>,
    /// The habit in words.
    pub description: String,
}

/// Runs every detector over the observations of a window.
pub fn detect_all(
    o: &Observations,
    home: &HomeContext,
    settings: &DetectorSettings,
) -> Vec<DetectedPattern> {
    let events = o.changes.as_slice();
    let mut found = time_of_day::detect(events, home, settings);
    found.extend(sequence::detect(events, settings));
    found.extend(duration::detect(events, settings));
    found.extend(sun::detect(events, home, settings));
    found.extend(conditioned::detect(o, home, settings));
    found.sort_by(|a, b| b.confidence.total_cmp(&a.confidence));
    found
}
