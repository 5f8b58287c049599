//! The task that owns an authenticated socket: it numbers outgoing commands, matches each
//! `result`/`pong` to its caller, routes `event` messages to the subscription they belong to,
//! unsubscribes those whose receiver is gone, and marks the session closed when it ends.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Map, Value, json};
use tokio::sync::{mpsc, oneshot};
use tokio_tungstenite::tungstenite::Message;
use tracing::{debug, warn};

use super::frame::{Incoming, parse_frame};
use super::handshake::Socket;
use crate::{HaError, HaEvent};

/// How often the socket task looks for subscriptions whose receiver was dropped.
const PRUNE_EVERY: Duration = Duration::from_secs(5);

/// Where a command's answer goes.
pub(super) type Reply = oneshot::Sender<Result<Value, HaError>>;

#[derive(Default)]
pub(super) struct Shared {
    pub(super) closed: AtomicBool,
    pub(super) reason: Mutex<Option<String>>,
}

impl Shared {
    fn close(&self, reason: String) {
        *self.reason.lock().unwrap_or_else(|e| e.into_inner()) = Some(reason);
        self.closed.store(true, Ordering::Release);
    }
}

/// Where a subscription's events go.
pub(super) enum Sink {
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

pub(super) struct Outgoing {
    pub(super) msg: Map<String, Value>,
    pub(super) reply: Reply,
    pub(super) sink: Option<Sink>,
}

/// The socket task: see the module doc.
pub(super) async fn run(
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
