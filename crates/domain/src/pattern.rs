//! Kinds of habits and synergies the pattern service reports.

use crate::text_enum;

text_enum! {
    /// What kind of habit a pattern describes.
    pub enum PatternKind {
        TimeOfDay => "time_of_day",
        CoOccurrence => "co_occurrence",
        Sequence => "sequence",
        SunRelative => "sun_relative",
        Duration => "duration",
        StateConditioned => "state_conditioned",
        Seasonal => "seasonal",
    }
}

text_enum! {
    /// What kind of opportunity a synergy is.
    pub enum SynergyKind {
        DevicePair => "device_pair",
        DeviceChain => "device_chain",
        SceneBased => "scene_based",
        ScheduleBased => "schedule_based",
        ContextBased => "context_based",
    }
}

/// A habit as stored and served.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StoredPattern {
    pub id: i64,
    pub kind: PatternKind,
    pub key: String,
    pub entities: Vec<String>,
    pub params: serde_json::Value,
    pub support: i64,
    pub days_seen: i64,
    pub days_observed: i64,
    pub time_spread_min: Option<f64>,
    pub confidence: f64,
    pub season: Option<String>,
    pub evidence: Vec<chrono::DateTime<chrono::Utc>>,
    pub description: String,
    pub first_seen: chrono::DateTime<chrono::Utc>,
    pub last_seen: chrono::DateTime<chrono::Utc>,
    pub active: bool,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

/// What one analysis found and how it went.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AnalysisRun {
    pub id: i64,
    pub trigger: String,
    pub status: String,
    pub events_analysed: i64,
    pub patterns_detected: i64,
    pub synergies_detected: i64,
    pub errors: Vec<String>,
    pub duration_ms: Option<i64>,
    pub started_at: chrono::DateTime<chrono::Utc>,
    pub finished_at: Option<chrono::DateTime<chrono::Utc>>,
}
