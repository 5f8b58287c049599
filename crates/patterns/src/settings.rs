use serde::Deserialize;

/// Thresholds of the detectors (the `[patterns]` settings section).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DetectorSettings {
    /// A habit must have happened at least this many times.
    pub min_support: u32,
    /// …on at least this share of the days it could have.
    pub min_day_ratio: f64,
    /// Occurrences within ± this many minutes of the habit's time count.
    pub window_min: f64,
    /// A time habit's occurrences may spread (circular standard deviation) at most this much.
    pub max_spread_min: f64,
    /// "A then B": B must follow A within this many seconds.
    pub sequence_window_s: i64,
    /// …at least this many times,
    pub min_sequence_support: u32,
    /// …after at least this share of A's occurrences,
    pub min_sequence_confidence: f64,
    /// …and this many times more often than chance.
    pub min_lift: f64,
    /// A state-conditioned habit: the condition holds at this share of the changes…
    pub min_condition_share: f64,
    /// …this many times more often than it holds over time.
    pub min_condition_lift: f64,
    /// A duration habit: at least this many occurrences…
    pub min_duration_support: u32,
    /// …whose interquartile range is at most this share of the median.
    pub max_duration_spread: f64,
    /// A habit that stops (or starts) this many days before the end (after the start) of
    /// the observed period is seasonal.
    pub season_margin_days: i64,
    /// …and lasts at least this many days (shorter runs are drifting coincidences).
    pub min_season_days: i64,
}

impl Default for DetectorSettings {
    fn default() -> Self {
        Self {
            min_support: 5,
            min_day_ratio: 0.5,
            window_min: 20.0,
            max_spread_min: 10.0,
            sequence_window_s: 60,
            min_sequence_support: 10,
            min_sequence_confidence: 0.5,
            min_lift: 3.0,
            min_condition_share: 0.85,
            min_condition_lift: 3.0,
            min_duration_support: 8,
            max_duration_spread: 0.25,
            season_margin_days: 14,
            min_season_days: 28,
        }
    }
}
