//! Following Home Assistant: one task owns the event stream, batches state changes into the
//! database, keeps the registries in sync and fills every gap (first start, restart, reconnect)
//! from HA's history.
//!
//! Gap-free rule: the checkpoint (`ingest_checkpoints`) only moves in the transaction that stores
//! the events up to it, and never while a backfill is pending, so a crash at any point leaves a
//! checkpoint at or before the first event not stored; the next start backfills from there and
//! the unique (entity, time) key drops what was already stored.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use homeai_db::repo::events::EventSource;
use homeai_db::{Db, from_micros, repo, to_micros};
use homeai_domain::event::StateChange;
use homeai_ha::{HaClient, StreamItem, spawn_event_stream};
use homeai_web::settings::IngestSettings;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use super::IngestStatus;
use super::backfill::backfill;
use super::cause::CauseTracker;
use super::convert::from_event;
use super::registry_sync::sync;
use super::writer::{HA_SOURCE, write_batch};

/// The events the ingest subscribes to.
pub const EVENT_TYPES: &[&str] = &[
    "state_changed",
    "automation_triggered",
    "script_started",
    "entity_registry_updated",
    "device_registry_updated",
    "area_registry_updated",
];

/// Overlap read before the checkpoint when backfilling (events at the same instant).
const OVERLAP: Duration = Duration::from_secs(1);
/// Registry update events are gathered this long before one sync.
const REGISTRY_DEBOUNCE: Duration = Duration::from_secs(1);

struct PendingBackfill {
    from: Option<DateTime<Utc>>,
    until: DateTime<Utc>,
    due: Instant,
}

/// The ingest of one Home Assistant.
pub struct LiveIngest {
    db: Db,
    client: HaClient,
    settings: IngestSettings,
    status: IngestStatus,
    reconnect_max: Duration,
    shutdown: watch::Receiver<bool>,
}

impl LiveIngest {
    pub fn new(
        db: Db,
        client: HaClient,
        settings: IngestSettings,
        status: IngestStatus,
        reconnect_max: Duration,
        shutdown: watch::Receiver<bool>,
    ) -> Self {
        Self {
            db,
            client,
            settings,
            status,
            reconnect_max,
            shutdown,
        }
    }

    /// Starts following HA until `shutdown` turns true; then the pending batch is written.
    /// (A kill loses only unwritten events, which the next start reads from HA's history.)
    pub fn spawn(self) -> JoinHandle<()> {
        tokio::spawn(self.run())
    }

    async fn run(self) {
        let types = EVENT_TYPES.iter().map(|t| (*t).to_owned()).collect();
        let (mut stream, _stream_task) =
            spawn_event_stream(self.client.clone(), types, self.reconnect_max);
        let mut state = State::default();
        let batch_delay = Duration::from_millis(self.settings.batch_max_delay_ms);
        loop {
            let wake = [
                state.batch_started.map(|t| t + batch_delay),
                state.backfill.as_ref().map(|b| b.due),
                state.registry_due,
            ]
            .into_iter()
            .flatten()
            .min();
            let sleep = async {
                match wake {
                    Some(at) => tokio::time::sleep_until(at.into()).await,
                    None => std::future::pending().await,
                }
            };
            let mut shutdown = self.shutdown.clone();
            tokio::select! {
                item = stream.recv() => match item {
                    Some(item) => self.handle(&mut state, item).await,
                    None => break,
                },
                () = sleep => {}
                _ = shutdown.changed() => break,
            }
            let full = state.batch.len() >= self.settings.batch_size;
            let old = state
                .batch_started
                .is_some_and(|t| t.elapsed() >= batch_delay);
            if full || old {
                self.flush(&mut state).await;
            }
            if state
                .backfill
                .as_ref()
                .is_some_and(|b| Instant::now() >= b.due)
            {
                self.flush(&mut state).await;
                self.run_backfill(&mut state).await;
            }
            if state.registry_due.is_some_and(|t| Instant::now() >= t) {
                state.registry_due = None;
                self.sync_registries().await;
            }
        }
        self.flush(&mut state).await;
    }

    async fn handle(&self, state: &mut State, item: StreamItem) {
        match item {
            StreamItem::Connected { ha_version } => {
                self.flush(state).await;
                self.status.connected(ha_version.to_string());
                self.sync_registries().await;
                let checkpoint = self.db.run(|c| repo::checkpoints::get(c, HA_SOURCE)).await;
                let from = match checkpoint {
                    Ok(cp) => cp.map(from_micros),
                    Err(e) => {
                        self.status.error(format!("reading the checkpoint: {e}"));
                        None
                    }
                };
                let delay = Duration::from_millis(self.settings.backfill_delay_ms);
                // keep the earliest gap start if a reconnect comes before the last backfill ran
                let from = match state.backfill.take() {
                    Some(earlier) => earlier.from.min(from).or(earlier.from).or(from),
                    None => from,
                };
                state.backfill = Some(PendingBackfill {
                    from,
                    until: Utc::now(),
                    due: Instant::now() + delay,
                });
                self.status.backfill_started();
            }
            StreamItem::Disconnected { error } => {
                self.flush(state).await;
                tracing::warn!(%error, "Home Assistant stream lost");
                self.status.disconnected(error);
            }
            StreamItem::Event(event) => match event.event_type.as_str() {
                "state_changed" => {
                    if let Some(change) = from_event(&event, &state.causes) {
                        state.batch_started.get_or_insert_with(Instant::now);
                        state.batch.push(change);
                    }
                }
                "automation_triggered" | "script_started" => {
                    if let Some(ctx) = &event.context {
                        state.causes.note_run(&ctx.id);
                    }
                }
                t if t.ends_with("_registry_updated") => {
                    state
                        .registry_due
                        .get_or_insert_with(|| Instant::now() + REGISTRY_DEBOUNCE);
                }
                _ => {}
            },
        }
    }

    /// Writes the pending batch. The checkpoint moves with it unless a backfill is pending.
    async fn flush(&self, state: &mut State) {
        if state.batch.is_empty() {
            return;
        }
        let batch = std::mem::take(&mut state.batch);
        state.batch_started = None;
        let newest = batch.iter().map(|c| c.time_fired).max();
        let checkpoint = state.backfill.is_none().then_some(HA_SOURCE);
        match write_batch(&self.db, batch.clone(), EventSource::Ha, checkpoint).await {
            Ok(report) => {
                self.status
                    .written(report.inserted as u64, report.duplicates as u64, newest);
                if state.backfill.is_some() {
                    state.live_newest = state.live_newest.max(newest);
                }
            }
            Err(e) => {
                // keep the events and try again with the next flush
                tracing::error!(error = %e, events = batch.len(), "could not store events");
                self.status.error(format!("storing events: {e}"));
                state.batch = batch;
                state.batch_started = Some(Instant::now());
            }
        }
    }

    async fn run_backfill(&self, state: &mut State) {
        let Some(pending) = state.backfill.take() else {
            return;
        };
        let oldest_allowed =
            Utc::now() - chrono::Duration::days(i64::from(self.settings.backfill_max_days));
        let from = pending
            .from
            .map(|f| f - chrono::Duration::from_std(OVERLAP).unwrap_or_default())
            .map_or(oldest_allowed, |f| f.max(oldest_allowed));
        // read a little past the connection time: a change made while connecting may have
        // reached neither the stream nor the history when the gap was first noticed
        let until = Utc::now().max(pending.until);
        let result = match self.client.connect_ws().await {
            Ok(ws) => backfill(&ws, &self.db, from, until).await,
            Err(e) => Err(e.into()),
        };
        match result {
            Ok(report) => {
                tracing::info!(inserted = report.inserted, duplicates = report.duplicates, %from, %until, "backfilled");
                // history is complete only up to the recorder's commit lag before `until`; what
                // came later arrived live (the stream was up since the connection)
                let lag = chrono::Duration::milliseconds(self.settings.backfill_delay_ms as i64);
                let settled = until - lag;
                let newest = state
                    .live_newest
                    .take()
                    .map_or(settled, |live| live.max(settled));
                let advanced = self
                    .db
                    .write(move |c| repo::checkpoints::advance(c, HA_SOURCE, to_micros(newest)))
                    .await;
                if let Err(e) = advanced {
                    self.status.error(format!("moving the checkpoint: {e}"));
                }
                self.status.backfill_finished(Some(report));
            }
            Err(e) => {
                tracing::warn!(error = %e, "backfill failed; retrying in 30 s");
                self.status.error(format!("backfill: {e}"));
                state.backfill = Some(PendingBackfill {
                    from: pending.from,
                    until: pending.until,
                    due: Instant::now() + Duration::from_secs(30),
                });
            }
        }
    }

    async fn sync_registries(&self) {
        let result = match self.client.connect_ws().await {
            Ok(ws) => sync(&ws, &self.db).await,
            Err(e) => Err(e.into()),
        };
        if let Err(e) = result {
            tracing::warn!(error = %e, "registry sync failed");
            self.status.error(format!("registry sync: {e}"));
        }
    }
}

#[derive(Default)]
struct State {
    batch: Vec<StateChange>,
    batch_started: Option<Instant>,
    backfill: Option<PendingBackfill>,
    /// newest live event written while a backfill was pending
    live_newest: Option<DateTime<Utc>>,
    registry_due: Option<Instant>,
    causes: CauseTracker,
}
