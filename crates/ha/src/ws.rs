//! [`WsSession`]: one authenticated connection to Home Assistant's WebSocket API.
//!
//! The handshake (`auth_required` → `auth` → `auth_ok`) and the `supported_features`
//! negotiation (coalesced messages on) run in [`WsSession::connect`]. Then one background task
//! owns the socket: it numbers outgoing commands, matches each `result`/`pong` to its caller,
//! routes `event` messages to the subscription they belong to, and reads frames that hold one
//! message or, coalesced, a JSON array of them.
//!
//! Subscriptions deliver into bounded channels; a consumer that stops reading holds the reader
//! up (nothing is dropped), and HA eventually closes a connection whose client lags far behind.
//! A subscription whose receiver is dropped is unsubscribed. The task ends, and the socket is
//! closed, when HA goes away or when the session and all its subscription receivers are gone.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use futures_util::{SinkExt, StreamExt};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};
use tokio::net::TcpStream;
use tokio::sync::{mpsc, oneshot};
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::{self, Message};
use tokio_tungstenite::{Connector, MaybeTlsStream, WebSocketStream};
use tracing::{Instrument, debug, instrument, warn};

use crate::client::shorten;
use crate::model::{CompressedState, decompress_history, to_iso};
use crate::{
    AreaRegistryEntry, DeviceRegistryEntry, EntityRegistryEntry, HaConfig, HaError, HaEvent,
    HaState, HaVersion,
};

/// Capacity of each subscription's channel.
pub const SUBSCRIPTION_BUFFER: usize = 1024;

/// HA sends whole states in one frame: `get_states` of a big home runs to megabytes.
const MAX_MESSAGE_BYTES: usize = 64 << 20;

/// How often the socket task looks for subscriptions whose receiver was dropped.
const PRUNE_EVERY: Duration = Duration::from_secs(5);

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;
type Reply = oneshot::Sender<Result<Value, HaError>>;

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

#[derive(Default)]
struct Shared {
    closed: AtomicBool,
    reason: Mutex<Option<String>>,
}

impl Shared {
    fn close(&self, reason: String) {
        *self.reason.lock().unwrap_or_else(|e| e.into_inner()) = Some(reason);
        self.closed.store(true, Ordering::Release);
    }
}

/// Where a subscription's events go.
enum Sink {
    Events(mpsc::Sender<HaEvent>),
    Raw(mpsc::Sender<Value>),
}

impl Sink {
    fn is_closed(&self) -> bool {
        match self {
            Self::Events(tx) => tx.is_closed(),
            Self::Raw(tx) => tx.is_closed(),
        }
    }

    /// `false` when the receiver is gone.
    async fn deliver(&self, event: Value) -> bool {
        match self {
            Self::Raw(tx) => tx.send(event).await.is_ok(),
            Self::Events(tx) => match serde_json::from_value::<HaEvent>(event) {
                Ok(ev) => tx.send(ev).await.is_ok(),
                Err(e) => {
                    warn!(error = %e, "skipping an event that does not parse");
                    !tx.is_closed()
                }
            },
        }
    }
}

struct Outgoing {
    msg: Map<String, Value>,
    reply: Reply,
    sink: Option<Sink>,
}

/// One message from HA (a frame holds one, or an array of them when coalesced).
#[derive(Debug, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub(crate) enum Incoming {
    Result {
        id: u64,
        #[serde(default)]
        success: bool,
        #[serde(default)]
        result: Value,
        #[serde(default)]
        error: Option<Value>,
    },
    Event {
        id: u64,
        event: Value,
    },
    Pong {
        id: u64,
    },
    AuthRequired {
        #[serde(default)]
        ha_version: Option<String>,
    },
    AuthOk {
        #[serde(default)]
        ha_version: Option<String>,
    },
    AuthInvalid {
        #[serde(default)]
        message: Option<String>,
    },
    #[serde(other)]
    Other,
}

/// The messages in one text frame: a single object or a coalesced array. Messages that do not
/// parse are skipped with a warning; a frame that is not JSON at all is an error.
pub(crate) fn parse_frame(text: &str) -> Result<Vec<Incoming>, HaError> {
    let value: Value = serde_json::from_str(text)
        .map_err(|e| HaError::Decode(format!("WebSocket frame: {e}: {}", shorten(text, 200))))?;
    let items = match value {
        Value::Array(items) => items,
        one => vec![one],
    };
    Ok(items
        .into_iter()
        .filter_map(|item| match Incoming::deserialize(&item) {
            Ok(m) => Some(m),
            Err(e) => {
                warn!(error = %e, message = %shorten(&item.to_string(), 200), "skipping a WebSocket message");
                None
            }
        })
        .collect())
}

impl WsSession {
    pub(crate) async fn connect(
        url: &str,
        token: &SecretString,
        tls: Option<Arc<rustls::ClientConfig>>,
        request_timeout: Duration,
    ) -> Result<Self, HaError> {
        let config = WebSocketConfig::default()
            .max_message_size(Some(MAX_MESSAGE_BYTES))
            .max_frame_size(Some(MAX_MESSAGE_BYTES));
        let connector = tls.map(Connector::Rustls).unwrap_or(Connector::Plain);
        let connecting = tokio_tungstenite::connect_async_tls_with_config(
            url,
            Some(config),
            true,
            Some(connector),
        );
        let (mut ws, _) = tokio::time::timeout(request_timeout, connecting)
            .await
            .map_err(|_| HaError::Timeout(format!("connecting to {url}")))?
            .map_err(connect_error)?;

        let ha_version = tokio::time::timeout(request_timeout, handshake(&mut ws, token))
            .await
            .map_err(|_| HaError::Timeout("WebSocket authentication".into()))??;
        debug!(%ha_version, "WebSocket authenticated");

        let shared = Arc::new(Shared::default());
        let (commands, rx) = mpsc::channel(64);
        tokio::spawn(run(ws, rx, shared.clone(), 2).in_current_span());
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

fn connect_error(e: tungstenite::Error) -> HaError {
    match e {
        tungstenite::Error::Io(e) => HaError::Unreachable(e.to_string()),
        tungstenite::Error::Tls(e) => HaError::Unreachable(format!("TLS: {e}")),
        tungstenite::Error::Http(resp) => HaError::Ws(format!(
            "the WebSocket upgrade was answered with HTTP {}",
            resp.status()
        )),
        other => HaError::Ws(other.to_string()),
    }
}

/// Reads the next message during the handshake (one per frame; HA does not coalesce before
/// `supported_features`).
async fn next_message(ws: &mut Socket) -> Result<Incoming, HaError> {
    loop {
        match ws.next().await {
            None => return Err(HaError::Ws("HA closed the connection".into())),
            Some(Err(e)) => return Err(HaError::Ws(e.to_string())),
            Some(Ok(Message::Text(text))) => {
                if let Some(m) = parse_frame(text.as_str())?.into_iter().next() {
                    return Ok(m);
                }
            }
            Some(Ok(Message::Close(frame))) => {
                return Err(HaError::Ws(format!("HA closed the connection: {frame:?}")));
            }
            Some(Ok(_)) => {}
        }
    }
}

async fn send_json(ws: &mut Socket, msg: &Value) -> Result<(), HaError> {
    ws.send(Message::text(msg.to_string()))
        .await
        .map_err(|e| HaError::Ws(e.to_string()))
}

/// `auth_required` → `auth` → `auth_ok`, then turn on coalesced messages (id 1).
async fn handshake(ws: &mut Socket, token: &SecretString) -> Result<HaVersion, HaError> {
    let announced = match next_message(ws).await? {
        Incoming::AuthRequired { ha_version } => ha_version,
        other => {
            return Err(HaError::Ws(format!(
                "expected auth_required, got {other:?}"
            )));
        }
    };
    let auth = json!({"type": "auth", "access_token": token.expose_secret()});
    send_json(ws, &auth).await?;
    drop(auth);
    let version = match next_message(ws).await? {
        Incoming::AuthOk { ha_version } => ha_version.or(announced),
        Incoming::AuthInvalid { message } => {
            return Err(HaError::Auth(
                message.unwrap_or_else(|| "auth_invalid".into()),
            ));
        }
        other => return Err(HaError::Ws(format!("expected auth_ok, got {other:?}"))),
    };
    let version = version.ok_or_else(|| HaError::Decode("HA sent no ha_version".into()))?;
    let version = HaVersion::parse(&version)?;

    let features =
        json!({"id": 1, "type": "supported_features", "features": {"coalesce_messages": 1}});
    send_json(ws, &features).await?;
    loop {
        match next_message(ws).await? {
            Incoming::Result { id: 1, success, .. } => {
                if !success {
                    debug!("HA does not know supported_features; messages come one per frame");
                }
                break;
            }
            other => debug!(?other, "ignored before supported_features was answered"),
        }
    }
    Ok(version)
}

/// The socket task: see the module doc.
async fn run(
    mut ws: Socket,
    mut commands: mpsc::Receiver<Outgoing>,
    shared: Arc<Shared>,
    mut next_id: u64,
) {
    let mut pending: HashMap<u64, Reply> = HashMap::new();
    let mut subs: HashMap<u64, Sink> = HashMap::new();
    let mut session_alive = true;
    let mut prune = tokio::time::interval(PRUNE_EVERY);
    prune.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);

    let reason: String = 'session: loop {
        // callers that gave up (timed out) no longer wait for their answer
        pending.retain(|_, reply| !reply.is_closed());
        if !session_alive && pending.is_empty() {
            subs.retain(|_, s| !s.is_closed());
            if subs.is_empty() {
                let _ = ws.close(None).await;
                break 'session "the session was dropped".into();
            }
        }
        tokio::select! {
            cmd = commands.recv(), if session_alive => match cmd {
                None => session_alive = false,
                Some(Outgoing { mut msg, reply, sink }) => {
                    let id = next_id;
                    next_id += 1;
                    msg.insert("id".into(), id.into());
                    if let Some(sink) = sink {
                        subs.insert(id, sink);
                    }
                    pending.insert(id, reply);
                    if let Err(e) = ws.send(Message::text(Value::Object(msg).to_string())).await {
                        break 'session format!("sending failed: {e}");
                    }
                }
            },
            frame = ws.next() => match frame {
                None => break 'session "the connection closed".into(),
                Some(Err(e)) => break 'session format!("the connection failed: {e}"),
                Some(Ok(Message::Close(frame))) => {
                    break 'session match frame {
                        Some(f) => format!("HA closed the connection ({}: {})", f.code, f.reason),
                        None => "HA closed the connection".into(),
                    };
                }
                Some(Ok(Message::Text(text))) => {
                    let messages = match parse_frame(text.as_str()) {
                        Ok(m) => m,
                        Err(e) => {
                            warn!(error = %e, "skipping a WebSocket frame");
                            continue 'session;
                        }
                    };
                    for m in messages {
                        match m {
                            Incoming::Result { id, success, result, error } => {
                                let answer = if success {
                                    Ok(result)
                                } else {
                                    subs.remove(&id);
                                    Err(HaError::command(error.as_ref()))
                                };
                                if let Some(reply) = pending.remove(&id) {
                                    let _ = reply.send(answer);
                                }
                            }
                            Incoming::Pong { id } => {
                                if let Some(reply) = pending.remove(&id) {
                                    let _ = reply.send(Ok(Value::Null));
                                }
                            }
                            Incoming::Event { id, event } => {
                                let delivered = match subs.get(&id) {
                                    Some(sink) => sink.deliver(event).await,
                                    None => true,
                                };
                                if !delivered {
                                    subs.remove(&id);
                                    if let Err(e) = unsubscribe(&mut ws, &mut next_id, id).await {
                                        break 'session e;
                                    }
                                }
                            }
                            other => debug!(?other, "ignored WebSocket message"),
                        }
                    }
                }
                Some(Ok(_)) => {}
            },
            _ = prune.tick() => {
                let gone: Vec<u64> = subs.iter().filter(|(_, s)| s.is_closed()).map(|(id, _)| *id).collect();
                for id in gone {
                    subs.remove(&id);
                    if let Err(e) = unsubscribe(&mut ws, &mut next_id, id).await {
                        break 'session e;
                    }
                }
            }
        }
    };

    debug!(%reason, "WebSocket session ended");
    shared.close(reason);
    for (_, reply) in pending.drain() {
        let _ = reply.send(Err(HaError::Closed));
    }
}

async fn unsubscribe(ws: &mut Socket, next_id: &mut u64, subscription: u64) -> Result<(), String> {
    let id = *next_id;
    *next_id += 1;
    let msg = json!({"id": id, "type": "unsubscribe_events", "subscription": subscription});
    debug!(subscription, "unsubscribing, its receiver is gone");
    ws.send(Message::text(msg.to_string()))
        .await
        .map_err(|e| format!("sending failed: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_single_result_frame() {
        let got =
            parse_frame(r#"{"id":4,"type":"result","success":true,"result":[{"a":1}]}"#).unwrap();
        match &got[..] {
            [
                Incoming::Result {
                    id: 4,
                    success: true,
                    result,
                    error: None,
                },
            ] => assert_eq!(result[0]["a"], 1),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn parses_a_coalesced_array_frame_of_events_and_results() {
        let frame = r#"[
          {"type":"event","event":{"event_type":"state_changed","data":{"entity_id":"light.a","old_state":null,"new_state":null},"origin":"LOCAL","time_fired":"2024-03-20T10:00:00.040272+00:00","context":{"id":"01X","parent_id":null,"user_id":"u1"}},"id":10},
          {"type":"event","event":{"event_type":"state_changed","data":{"entity_id":"light.b"},"origin":"LOCAL","time_fired":"2024-03-20T10:00:00.040636+00:00","context":{"id":"01X","parent_id":null,"user_id":"u1"}},"id":10},
          {"id":11,"type":"result","success":true,"result":{"context":{"id":"01X","parent_id":null,"user_id":"u1"}}},
          {"id":12,"type":"pong"}
        ]"#;
        let got = parse_frame(frame).unwrap();
        assert_eq!(got.len(), 4);
        let Incoming::Event { id: 10, event } = &got[0] else {
            panic!("{:?}", got[0])
        };
        let ev: HaEvent = serde_json::from_value(event.clone()).unwrap();
        assert_eq!(ev.state_changed().unwrap().entity_id, "light.a");
        assert_eq!(ev.context.unwrap().user_id.as_deref(), Some("u1"));
        assert!(matches!(
            got[2],
            Incoming::Result {
                id: 11,
                success: true,
                ..
            }
        ));
        assert!(matches!(got[3], Incoming::Pong { id: 12 }));
    }

    #[test]
    fn parses_handshake_and_error_messages() {
        let got = parse_frame(r#"{"type":"auth_required","ha_version":"2024.3.3"}"#).unwrap();
        assert!(
            matches!(&got[..], [Incoming::AuthRequired { ha_version: Some(v) }] if v == "2024.3.3")
        );
        let got =
            parse_frame(r#"{"type":"auth_invalid","message":"Invalid access token or password"}"#)
                .unwrap();
        assert!(matches!(
            &got[..],
            [Incoming::AuthInvalid { message: Some(_) }]
        ));
        let got = parse_frame(
            r#"{"id":9,"type":"result","success":false,"error":{"code":"unknown_command","message":"Unknown command."}}"#,
        )
        .unwrap();
        let [
            Incoming::Result {
                success: false,
                error,
                ..
            },
        ] = &got[..]
        else {
            panic!("{got:?}")
        };
        match HaError::command(error.as_ref()) {
            HaError::Command { code, message } => {
                assert_eq!(code, "unknown_command");
                assert_eq!(message, "Unknown command.");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn unknown_types_are_other_and_broken_messages_are_skipped() {
        let got = parse_frame(
            r#"[{"type":"something_new","x":1},{"type":"result"},{"id":2,"type":"pong"}]"#,
        )
        .unwrap();
        assert_eq!(got.len(), 2);
        assert!(matches!(got[0], Incoming::Other));
        assert!(matches!(got[1], Incoming::Pong { id: 2 }));
        assert!(matches!(parse_frame("not json"), Err(HaError::Decode(_))));
    }
}
