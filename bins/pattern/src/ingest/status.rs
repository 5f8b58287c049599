//! What `/api/v1/ingest/status` reports: connection, rate, lag, backfill.

use std::collections::VecDeque;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde::Serialize;

/// Shared between the ingest task (writes) and the status route (reads).
#[derive(Clone, Default)]
pub struct IngestStatus {
    inner: Arc<RwLock<Inner>>,
}

#[derive(Default)]
struct Inner {
    connected: bool,
    ha_version: Option<String>,
    connected_since: Option<DateTime<Utc>>,
    events_written: u64,
    duplicates_skipped: u64,
    last_event_at: Option<DateTime<Utc>>,
    last_written_at: Option<DateTime<Utc>>,
    lag_ms: Option<i64>,
    backfill_in_progress: bool,
    last_backfill: Option<BackfillReport>,
    last_error: Option<String>,
    reconnects: u64,
    /// (when, events) of recent writes, for the rate
    recent: VecDeque<(Instant, u64)>,
}

/// The outcome of one backfill.
#[derive(Debug, Clone, Serialize)]
pub struct BackfillReport {
    pub from: DateTime<Utc>,
    pub until: DateTime<Utc>,
    pub entities: usize,
    pub inserted: usize,
    pub duplicates: usize,
    pub finished_at: DateTime<Utc>,
}

/// The status as served.
#[derive(Debug, Clone, Serialize)]
pub struct StatusView {
    pub enabled: bool,
    pub connected: bool,
    pub ha_version: Option<String>,
    pub connected_since: Option<DateTime<Utc>>,
    pub reconnects: u64,
    pub events_written: u64,
    pub duplicates_skipped: u64,
    pub events_per_second: f64,
    pub last_event_at: Option<DateTime<Utc>>,
    pub last_written_at: Option<DateTime<Utc>>,
    pub lag_ms: Option<i64>,
    pub last_checkpoint: Option<DateTime<Utc>>,
    pub backfill_in_progress: bool,
    pub last_backfill: Option<BackfillReport>,
    pub last_error: Option<String>,
}

const RATE_WINDOW: Duration = Duration::from_secs(10);

impl IngestStatus {
    fn update(&self, f: impl FnOnce(&mut Inner)) {
        if let Ok(mut inner) = self.inner.write() {
            f(&mut inner);
        }
    }

    pub fn connected(&self, ha_version: String) {
        self.update(|s| {
            if s.connected_since.is_some() {
                s.reconnects += 1;
            }
            s.connected = true;
            s.ha_version = Some(ha_version);
            s.connected_since = Some(Utc::now());
        });
    }

    pub fn disconnected(&self, error: String) {
        self.update(|s| {
            s.connected = false;
            s.last_error = Some(error);
        });
    }

    pub fn error(&self, error: String) {
        self.update(|s| s.last_error = Some(error));
    }

    /// A batch was written: `newest` is the time of its newest event.
    pub fn written(&self, inserted: u64, duplicates: u64, newest: Option<DateTime<Utc>>) {
        self.update(|s| {
            let now = Utc::now();
            s.events_written += inserted;
            s.duplicates_skipped += duplicates;
            s.last_written_at = Some(now);
            if let Some(t) = newest {
                s.last_event_at = Some(s.last_event_at.map_or(t, |old| old.max(t)));
                s.lag_ms = Some((now - t).num_milliseconds().max(0));
            }
            let instant = Instant::now();
            s.recent.push_back((instant, inserted));
            while s
                .recent
                .front()
                .is_some_and(|(t, _)| instant.duration_since(*t) > RATE_WINDOW)
            {
                s.recent.pop_front();
            }
        });
    }

    pub fn backfill_started(&self) {
        self.update(|s| s.backfill_in_progress = true);
    }

    pub fn backfill_finished(&self, report: Option<BackfillReport>) {
        self.update(|s| {
            s.backfill_in_progress = false;
            if report.is_some() {
                s.last_backfill = report;
            }
        });
    }

    pub fn view(&self, enabled: bool, last_checkpoint: Option<DateTime<Utc>>) -> StatusView {
        let guard = self.inner.read();
        let Ok(s) = guard.as_deref() else {
            return StatusView::empty(enabled, last_checkpoint);
        };
        let now = Instant::now();
        let in_window: u64 = s
            .recent
            .iter()
            .filter(|(t, _)| now.duration_since(*t) <= RATE_WINDOW)
            .map(|(_, n)| n)
            .sum();
        StatusView {
            enabled,
            connected: s.connected,
            ha_version: s.ha_version.clone(),
            connected_since: s.connected_since,
            reconnects: s.reconnects,
            events_written: s.events_written,
            duplicates_skipped: s.duplicates_skipped,
            events_per_second: in_window as f64 / RATE_WINDOW.as_secs_f64(),
            last_event_at: s.last_event_at,
            last_written_at: s.last_written_at,
            lag_ms: s.lag_ms,
            last_checkpoint,
            backfill_in_progress: s.backfill_in_progress,
            last_backfill: s.last_backfill.clone(),
            last_error: s.last_error.clone(),
        }
    }
}

impl StatusView {
    fn empty(enabled: bool, last_checkpoint: Option<DateTime<Utc>>) -> Self {
        StatusView {
            enabled,
            connected: false,
            ha_version: None,
            connected_since: None,
            reconnects: 0,
            events_written: 0,
            duplicates_skipped: 0,
            events_per_second: 0.0,
            last_event_at: None,
            last_written_at: None,
            lag_ms: None,
            last_checkpoint,
            backfill_in_progress: false,
            last_backfill: None,
            last_error: None,
        }
    }
}
