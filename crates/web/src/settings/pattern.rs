//! The pattern service's sections: `[analysis]` (the habit analysis and its schedule) and
//! `[ingest]` with `[ingest.statestream]` (how events come in from Home Assistant).

use serde::Deserialize;

use super::defaults::default_true;

/// `[analysis]`: the pattern service's habit analysis.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnalysisSettings {
    /// Days of history each analysis reads, back from the newest event.
    #[serde(default = "default_window_days")]
    pub window_days: u32,
    /// The home's time zone when Home Assistant does not say (habits are judged in local time).
    #[serde(default = "default_time_zone")]
    pub time_zone: String,
    /// The home's location when Home Assistant does not say (for sunrise and sunset).
    #[serde(default)]
    pub latitude: f64,
    #[serde(default)]
    pub longitude: f64,
    /// When the daily analysis runs: a cron expression in the home's local time.
    #[serde(default = "default_schedule")]
    pub schedule: String,
    /// Run the scheduled analysis at all.
    #[serde(default = "default_true")]
    pub schedule_enabled: bool,
}

impl Default for AnalysisSettings {
    fn default() -> Self {
        Self {
            window_days: default_window_days(),
            time_zone: default_time_zone(),
            latitude: 0.0,
            longitude: 0.0,
            schedule: default_schedule(),
            schedule_enabled: true,
        }
    }
}

fn default_schedule() -> String {
    "0 3 * * *".into()
}

fn default_window_days() -> u32 {
    60
}
fn default_time_zone() -> String {
    "UTC".into()
}

/// `[ingest]`: how the pattern service takes events from Home Assistant.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IngestSettings {
    /// Follow Home Assistant's event stream (when `ha.url` is set).
    #[serde(default = "default_true")]
    pub enabled: bool,
    /// Events per write transaction at most.
    #[serde(default = "default_batch_size")]
    pub batch_size: usize,
    /// Longest an event waits before its batch is written, in milliseconds.
    #[serde(default = "default_batch_delay_ms")]
    pub batch_max_delay_ms: u64,
    /// After (re)connecting, wait this long before reading the gap from HA's history, so the
    /// recorder has committed it (HA commits every 5 s by default).
    #[serde(default = "default_backfill_delay_ms")]
    pub backfill_delay_ms: u64,
    /// A gap older than this many days is not backfilled (HA keeps 10 days by default).
    #[serde(default = "default_backfill_max_days")]
    pub backfill_max_days: u32,
    #[serde(default)]
    pub statestream: StatestreamSettings,
}

impl Default for IngestSettings {
    fn default() -> Self {
        Self {
            enabled: true,
            batch_size: default_batch_size(),
            batch_max_delay_ms: default_batch_delay_ms(),
            backfill_delay_ms: default_backfill_delay_ms(),
            backfill_max_days: default_backfill_max_days(),
            statestream: StatestreamSettings::default(),
        }
    }
}

/// `[ingest.statestream]`: HA's `mqtt_statestream` as a second source (off by default).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatestreamSettings {
    #[serde(default)]
    pub enabled: bool,
    /// The `base_topic` configured in HA's `mqtt_statestream`.
    #[serde(default = "default_base_topic")]
    pub base_topic: String,
}

impl Default for StatestreamSettings {
    fn default() -> Self {
        Self {
            enabled: false,
            base_topic: default_base_topic(),
        }
    }
}

fn default_batch_size() -> usize {
    1000
}
fn default_batch_delay_ms() -> u64 {
    250
}
fn default_backfill_delay_ms() -> u64 {
    6000
}
fn default_backfill_max_days() -> u32 {
    10
}
fn default_base_topic() -> String {
    "homeassistant".into()
}
