//! [`WsSession`]: one authenticated connection to Home Assistant's WebSocket API.
//!
//! The handshake (`auth_required` → `auth` → `auth_ok`) and the `supported_features`
//! negotiation (coalesced messages on) run in [`WsSession::connect`] (`handshake`). Then one
//! background task (`socket_task`) owns the socket: it numbers outgoing commands, matches each
//! `result`/`pong` to its caller, routes `event` messages to the subscription they belong to,
//! and reads frames (`frame`) that hold one message or, coalesced, a JSON array of them.
//!
//! Subscriptions deliver into bounded channels; a consumer that stops reading holds the reader
//! up (nothing is dropped), and HA eventually closes a connection whose client lags far behind.
//! A subscription whose receiver is dropped is unsubscribed. The task ends, and the socket is
//! closed, when HA goes away or when the session and all its subscription receivers are gone.

mod frame;
mod handshake;
mod socket_task;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use secrecy::SecretString;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use tokio::sync::{mpsc, oneshot};
use tracing::{Instrument, instrument};

use crate::model::{CompressedState, decompress_history, to_iso};
use crate::{
    AreaRegistryEntry, DeviceRegistryEntry, EntityRegistryEntry, HaConfig, HaError, HaEvent,
    HaState, HaVersion,
};
use socket_task::{Outgoing, Shared, Sink};

/// Capacity of each subscription's channel.
pub const SUBSCRIPTION_BUFFER: usize = 1024;

/// One authenticated WebSocket connection. Commands may be sent concurrently from many tasks
/// (`&self`); each waits at most the client's request timeout for its answer.
pub struct WsSession {
    ha_version: HaVersion,
    commands: mpsc::Sender<Outgoing>,
    shared: Arc<Shared>,
    request_timeout: Duration,
}

impl std::fmt::Debug for WsSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WsSession")
            .field("ha_version", &self.ha_version.to_string())
            .field("closed", &self.is_closed())
            .finish_non_exhaustive()
    }
}

impl WsSession {
    pub(crate) async fn connect(
        url: &str,
        token: &SecretString,
        tls: Option<Arc<rustls::ClientConfig>>,
        request_timeout: Duration,
    ) -> Result<Self, HaError> {
        let (ws, ha_version) = handshake::open(url, token, tls, request_timeout).await?;

        let shared = Arc::new(Shared::default());
        let (commands, rx) = mpsc::channel(64);
        tokio::spawn(socket_task::run(ws, rx, shared.clone(), 2).in_current_span());
        Ok(Self {
            ha_version,
            commands,
            shared,
            request_timeout,
        })
    }

    /// The version HA announced in `auth_ok` (or `auth_required`).
    pub fn ha_version(&self) -> &HaVersion {
        &self.ha_version
    }

    /// Whether the connection is gone; every command then fails with [`HaError::Closed`].
    pub fn is_closed(&self) -> bool {
        self.shared.closed.load(Ordering::Acquire)
    }

    /// Why the connection closed, once it has.
    pub fn close_reason(&self) -> Option<String> {
        self.shared
            .reason
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// `ping` → `pong`; the round trip.
    pub async fn ping(&self) -> Result<Duration, HaError> {
        let started = Instant::now();
        self.request(json!({"type": "ping"}), None).await?;
        Ok(started.elapsed())
    }

    /// `get_states`.
    pub async fn get_states(&self) -> Result<Vec<HaState>, HaError> {
        self.typed(json!({"type": "get_states"})).await
    }

    /// `get_config`.
    pub async fn get_config(&self) -> Result<HaConfig, HaError> {
        self.typed(json!({"type": "get_config"})).await
    }

    /// `config/entity_registry/list`.
    pub async fn entity_registry(&self) -> Result<Vec<EntityRegistryEntry>, HaError> {
        self.typed(json!({"type": "config/entity_registry/list"}))
            .await
    }

    /// `config/device_registry/list`.
    pub async fn device_registry(&self) -> Result<Vec<DeviceRegistryEntry>, HaError> {
        self.typed(json!({"type": "config/device_registry/list"}))
            .await
    }

    /// `config/area_registry/list`.
    pub async fn area_registry(&self) -> Result<Vec<AreaRegistryEntry>, HaError> {
        self.typed(json!({"type": "config/area_registry/list"}))
            .await
    }

    /// `call_service`; the result is `{"context": {…}}` (plus `response` for services that
    /// return one). Note that HA accepts a call on an entity it does not know, and does nothing.
    #[instrument(
        level = "debug",
        skip(self, service_data, target),
        err(Display, level = "debug")
    )]
    pub async fn call_service(
        &self,
        domain: &str,
        service: &str,
        service_data: Value,
        target: Option<Value>,
    ) -> Result<Value, HaError> {
        let mut msg = json!({
            "type": "call_service",
            "domain": domain,
            "service": service,
            "service_data": service_data,
        });
        if let (Some(target), Some(m)) = (target, msg.as_object_mut()) {
            m.insert("target".into(), target);
        }
        self.request(msg, None).await
    }

    /// `validate_config` with a body of `{trigger?, condition?, action?}`; the result has, per
    /// key given, `{"valid": bool, "error": string|null}`.
    pub async fn validate_config(&self, body: Value) -> Result<Value, HaError> {
        let Value::Object(mut msg) = body else {
            return Err(HaError::Rejected {
                message: "validate_config takes a JSON object {trigger?, condition?, action?}"
                    .into(),
            });
        };
        msg.insert("type".into(), "validate_config".into());
        self.request(Value::Object(msg), None).await
    }

    /// `history/history_during_period`: entity id → the changes in `[start, end)` in time order,
    /// every change (`significant_changes_only: false`), full attributes (no `minimal_response`).
    /// The state in force at `start` is left out (`include_start_time_state: false`): HA stamps
    /// it with `start` itself, a time at which nothing changed. HA's compressed rows carry no
    /// context, so `context` is `None`.
    #[instrument(level = "debug", skip(self), err(Display, level = "debug"))]
    pub async fn history_during_period(
        &self,
        start: DateTime<Utc>,
        end: Option<DateTime<Utc>>,
        entity_ids: &[String],
    ) -> Result<BTreeMap<String, Vec<HaState>>, HaError> {
        if entity_ids.is_empty() {
            return Ok(BTreeMap::new());
        }
        let mut msg = json!({
            "type": "history/history_during_period",
            "start_time": to_iso(start),
            "entity_ids": entity_ids,
            "minimal_response": false,
            "no_attributes": false,
            "significant_changes_only": false,
            "include_start_time_state": false,
        });
        if let (Some(end), Some(m)) = (end, msg.as_object_mut()) {
            m.insert("end_time".into(), to_iso(end).into());
        }
        let rows: BTreeMap<String, Vec<CompressedState>> = self.typed(msg).await?;
        decompress_history(rows)
    }

    /// `subscribe_events` for one event type, or all events with `None`. The receiver ends
    /// when the connection does; dropping it unsubscribes.
    pub async fn subscribe_events(
        &self,
        event_type: Option<&str>,
    ) -> Result<mpsc::Receiver<HaEvent>, HaError> {
        let (tx, rx) = mpsc::channel(SUBSCRIPTION_BUFFER);
        self.subscribe_events_into(event_type, tx).await?;
        Ok(rx)
    }

    /// Like [`Self::subscribe_events`], into an existing channel (to merge several types).
    pub async fn subscribe_events_into(
        &self,
        event_type: Option<&str>,
        tx: mpsc::Sender<HaEvent>,
    ) -> Result<(), HaError> {
        let mut msg = json!({"type": "subscribe_events"});
        if let (Some(t), Some(m)) = (event_type, msg.as_object_mut()) {
            m.insert("event_type".into(), t.into());
        }
        self.request(msg, Some(Sink::Events(tx))).await.map(drop)
    }

    /// Any subscription command (`subscribe_trigger`, `subscribe_entities`, …): the receiver
    /// gets each message's `event` value as HA sent it.
    pub async fn subscribe(&self, msg: Value) -> Result<mpsc::Receiver<Value>, HaError> {
        let (tx, rx) = mpsc::channel(SUBSCRIPTION_BUFFER);
        self.request(msg, Some(Sink::Raw(tx))).await?;
        Ok(rx)
    }

    /// Any command: `msg` is `{"type": …, …}`; the `id` is added here. Returns `result`.
    pub async fn command(&self, msg: Value) -> Result<Value, HaError> {
        self.request(msg, None).await
    }

    async fn typed<T: DeserializeOwned>(&self, msg: Value) -> Result<T, HaError> {
        let kind = command_type(&msg);
        let result = self.request(msg, None).await?;
        serde_json::from_value(result).map_err(|e| HaError::Decode(format!("{kind}: {e}")))
    }

    async fn request(&self, msg: Value, sink: Option<Sink>) -> Result<Value, HaError> {
        let kind = command_type(&msg);
        let Value::Object(mut msg) = msg else {
            return Err(HaError::Rejected {
                message: "a WebSocket command must be a JSON object".into(),
            });
        };
        if !msg.get("type").is_some_and(Value::is_string) {
            return Err(HaError::Rejected {
                message: "a WebSocket command needs a \"type\"".into(),
            });
        }
        msg.remove("id");
        if self.is_closed() {
            return Err(HaError::Closed);
        }
        let (reply, answer) = oneshot::channel();
        self.commands
            .send(Outgoing { msg, reply, sink })
            .await
            .map_err(|_| HaError::Closed)?;
        match tokio::time::timeout(self.request_timeout, answer).await {
            Err(_) => Err(HaError::Timeout(format!(
                "{kind} got no answer within {} ms",
                self.request_timeout.as_millis()
            ))),
            Ok(Err(_)) => Err(HaError::Closed),
            Ok(Ok(result)) => result,
        }
    }
}

fn command_type(msg: &Value) -> String {
    msg.get("type")
        .and_then(Value::as_str)
        .unwrap_or("command")
        .to_owned()
}
