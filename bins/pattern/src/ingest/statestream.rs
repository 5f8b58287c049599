//! Home Assistant's `mqtt_statestream` as a second source: `<base>/<domain>/<object>/state`
//! (raw or JSON-quoted), with `…/last_updated` when HA publishes timestamps. Statestream carries
//! no context, so its changes count as the device's own; where the WebSocket stream is also on,
//! the unique (entity, time) key keeps whichever arrived first.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use homeai_bus::{BusError, MqttBus, MqttMessage};
use homeai_db::Db;
use homeai_db::repo::events::EventSource;
use homeai_domain::event::{EventCause, StateChange};
use homeai_domain::ha::EntityId;
use tokio::sync::{broadcast, watch};
use tokio::task::JoinHandle;

use super::IngestStatus;
use super::writer::write_batch;

/// A state waits this long for its `last_updated` before it is stored with the time it arrived.
const TIMESTAMP_WAIT: Duration = Duration::from_secs(1);
const FLUSH_EVERY: Duration = Duration::from_millis(250);

/// What a topic under the base says about which entity.
#[derive(Debug, PartialEq, Eq)]
enum Topic {
    State(String),
    LastUpdated(String),
    Other,
}

fn parse_topic(base: &str, topic: &str) -> Topic {
    let Some(rest) = topic.strip_prefix(base).and_then(|r| r.strip_prefix('/')) else {
        return Topic::Other;
    };
    let parts: Vec<&str> = rest.split('/').collect();
    match parts.as_slice() {
        [domain, object, "state"] => Topic::State(format!("{domain}.{object}")),
        [domain, object, "last_updated"] => Topic::LastUpdated(format!("{domain}.{object}")),
        _ => Topic::Other,
    }
}

/// `on` and `"on"` both mean on.
fn payload_text(payload: &[u8]) -> String {
    let raw = String::from_utf8_lossy(payload).trim().to_owned();
    match serde_json::from_str::<serde_json::Value>(&raw) {
        Ok(serde_json::Value::String(s)) => s,
        _ => raw,
    }
}

/// Half of a (state, last_updated) pair, waiting for the other half. HA publishes the state
/// first, but a broker replaying retained messages may send them in either order.
struct Pending {
    state: Option<String>,
    last_updated: Option<DateTime<Utc>>,
    arrived: Instant,
    arrived_at: DateTime<Utc>,
}

/// Follows statestream on `bus` until `shutdown`.
pub fn spawn(
    bus: &MqttBus,
    base_topic: String,
    db: Db,
    status: IngestStatus,
    mut shutdown: watch::Receiver<bool>,
) -> Result<JoinHandle<()>, BusError> {
    let base = base_topic.trim_end_matches('/').to_owned();
    let mut rx = bus.subscribe(&format!("{base}/#"))?;
    Ok(tokio::spawn(async move {
        let mut last_state: HashMap<String, String> = HashMap::new();
        let mut pending: HashMap<String, Pending> = HashMap::new();
        let mut batch: Vec<StateChange> = Vec::new();
        let mut tick = tokio::time::interval(FLUSH_EVERY);
        loop {
            tokio::select! {
                msg = rx.recv() => match msg {
                    Ok(MqttMessage { topic, payload, .. }) => {
                        let (entity, state, at) = match parse_topic(&base, &topic) {
                            Topic::State(entity) => (entity, Some(payload_text(&payload)), None),
                            Topic::LastUpdated(entity) => {
                                let at = DateTime::parse_from_rfc3339(&payload_text(&payload)).ok().map(|t| t.to_utc());
                                (entity, None, at)
                            }
                            Topic::Other => continue,
                        };
                        let mut half = pending.remove(&entity).unwrap_or(Pending {
                            state: None,
                            last_updated: None,
                            arrived: Instant::now(),
                            arrived_at: Utc::now(),
                        });
                        // a different second state before its timestamp: store the first as it
                        // came (the same state again is a retained replay: keep waiting)
                        if state.is_some() && half.state.is_some() && state != half.state {
                            if let Some(old) = half.state.take() {
                                push(&mut batch, &mut last_state, &entity, old, half.arrived_at);
                            }
                            half.arrived = Instant::now();
                            half.arrived_at = Utc::now();
                        }
                        half.state = state.or(half.state);
                        half.last_updated = at.or(half.last_updated);
                        match (half.state.take(), half.last_updated) {
                            (Some(state), Some(at)) => push(&mut batch, &mut last_state, &entity, state, at),
                            (state, _) => {
                                half.state = state;
                                pending.insert(entity, half);
                            }
                        }
                    }
                    Err(broadcast::error::RecvError::Lagged(n)) => {
                        tracing::warn!(skipped = n, "statestream reader fell behind");
                        status.error(format!("statestream: {n} messages skipped (reader behind)"));
                    }
                    Err(broadcast::error::RecvError::Closed) => break,
                },
                _ = tick.tick() => {}
                _ = shutdown.changed() => break,
            }
            let stale: Vec<String> = pending
                .iter()
                .filter(|(_, p)| p.arrived.elapsed() >= TIMESTAMP_WAIT)
                .map(|(k, _)| k.clone())
                .collect();
            for entity in stale {
                // a state that never got its timestamp is stored with the time it arrived; a
                // lone timestamp is dropped
                if let Some(Pending {
                    state: Some(state),
                    arrived_at,
                    ..
                }) = pending.remove(&entity)
                {
                    push(&mut batch, &mut last_state, &entity, state, arrived_at);
                }
            }
            if !batch.is_empty() {
                let newest = batch.iter().map(|c| c.time_fired).max();
                match write_batch(
                    &db,
                    std::mem::take(&mut batch),
                    EventSource::Statestream,
                    None,
                )
                .await
                {
                    Ok(r) => status.written(r.inserted as u64, r.duplicates as u64, newest),
                    Err(e) => status.error(format!("statestream: storing events: {e}")),
                }
            }
        }
    }))
}

fn push(
    batch: &mut Vec<StateChange>,
    last: &mut HashMap<String, String>,
    entity: &str,
    state: String,
    at: DateTime<Utc>,
) {
    let Ok(entity_id) = EntityId::parse(entity) else {
        return;
    };
    let old = last.insert(entity.to_owned(), state.clone());
    batch.push(StateChange {
        entity_id,
        attributes_only: old.as_deref() == Some(state.as_str()),
        old_state: old,
        new_state: Some(state),
        attributes: serde_json::Value::Null,
        cause: EventCause::Device,
        context_id: format!("statestream-{}", at.timestamp_micros()),
        user_id: None,
        parent_id: None,
        time_fired: at,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topics_name_the_entity() {
        let base = "homeassistant/statestream";
        assert_eq!(
            parse_topic(base, "homeassistant/statestream/light/kitchen/state"),
            Topic::State("light.kitchen".into())
        );
        assert_eq!(
            parse_topic(base, "homeassistant/statestream/light/kitchen/last_updated"),
            Topic::LastUpdated("light.kitchen".into())
        );
        assert_eq!(
            parse_topic(base, "homeassistant/statestream/light/kitchen/brightness"),
            Topic::Other
        );
        assert_eq!(parse_topic(base, "other/light/kitchen/state"), Topic::Other);
    }

    #[test]
    fn raw_and_quoted_payloads_agree() {
        assert_eq!(payload_text(b"on"), "on");
        assert_eq!(payload_text(b"\"on\""), "on");
        assert_eq!(payload_text(b"21.5"), "21.5");
    }
}
