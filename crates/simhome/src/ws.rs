//! The WebSocket half of the API (`/api/websocket`): the auth handshake, then the commands
//! homeai's client sends, one message per frame.

use std::collections::HashMap;
use std::sync::Arc;

use actix_web::{HttpRequest, HttpResponse, web};
use actix_ws::{Message, MessageStream, Session};
use futures_util::StreamExt;
use serde_json::{Value, json};
use tokio::sync::broadcast::error::RecvError;
use tokio::task::JoinHandle;

use crate::config::{HA_VERSION, area_registry, config_json, device_registry, entity_registry};
use crate::history::{compressed_history, logbook_events, validate_config};
use crate::shared::{Shared, user_context};

/// The biggest message a client may send.
const MAX_INCOMING: usize = 1 << 20;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/api/websocket", web::get().to(websocket));
}

pub async fn websocket(
    req: HttpRequest,
    body: web::Payload,
    shared: web::Data<Shared>,
) -> actix_web::Result<HttpResponse> {
    let (resp, session, stream) = actix_ws::handle(&req, body)?;
    let stream = stream.max_frame_size(MAX_INCOMING);
    actix_web::rt::spawn(connection(session, stream, shared.into_inner()));
    Ok(resp)
}

async fn send(session: &mut Session, msg: &Value) -> bool {
    session.text(msg.to_string()).await.is_ok()
}

async fn connection(mut session: Session, mut stream: MessageStream, shared: Arc<Shared>) {
    if !send(
        &mut session,
        &json!({"type": "auth_required", "ha_version": HA_VERSION}),
    )
    .await
    {
        return;
    }
    let mut authed = false;
    let mut subs: HashMap<u64, JoinHandle<()>> = HashMap::new();
    while let Some(Ok(frame)) = stream.next().await {
        let text = match frame {
            Message::Text(text) => text,
            Message::Ping(bytes) => {
                let _ = session.pong(&bytes).await;
                continue;
            }
            Message::Close(_) => break,
            _ => continue,
        };
        let Ok(msg) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        if !authed {
            let ok = msg["type"] == "auth"
                && msg["access_token"].as_str() == Some(shared.token.as_str());
            if ok {
                authed = true;
                if !send(
                    &mut session,
                    &json!({"type": "auth_ok", "ha_version": HA_VERSION}),
                )
                .await
                {
                    break;
                }
                continue;
            }
            let _ = send(
                &mut session,
                &json!({"type": "auth_invalid", "message": "Invalid access token or password"}),
            )
            .await;
            break;
        }
        let id = msg["id"].as_u64().unwrap_or_default();
        let answer = command(&shared, &mut session, &mut subs, id, &msg).await;
        if let Some(answer) = answer
            && !send(&mut session, &answer).await
        {
            break;
        }
    }
    for (_, task) in subs {
        task.abort();
    }
    let _ = session.close(None).await;
}

fn ok(id: u64, result: Value) -> Option<Value> {
    Some(json!({"id": id, "type": "result", "success": true, "result": result}))
}

fn err(id: u64, code: &str, message: &str) -> Option<Value> {
    Some(json!({"id": id, "type": "result", "success": false,
                "error": {"code": code, "message": message}}))
}

fn time_arg(msg: &Value, key: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    msg[key].as_str().and_then(|s| homeai_ha::parse_iso(s).ok())
}

fn ids_arg(msg: &Value) -> Vec<String> {
    msg["entity_ids"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

async fn command(
    shared: &Arc<Shared>,
    session: &mut Session,
    subs: &mut HashMap<u64, JoinHandle<()>>,
    id: u64,
    msg: &Value,
) -> Option<Value> {
    let home = &shared.home;
    match msg["type"].as_str().unwrap_or_default() {
        "supported_features" => ok(id, Value::Null),
        "ping" => Some(json!({"id": id, "type": "pong"})),
        "get_states" => ok(id, json!(home.states())),
        "get_config" => ok(id, config_json(home)),
        "get_services" => ok(id, crate::services::services_json()),
        "config/entity_registry/list" => ok(id, entity_registry(home)),
        "config/device_registry/list" => ok(id, device_registry(home)),
        "config/area_registry/list" => ok(id, area_registry(home)),
        "call_service" => {
            let (Some(domain), Some(service)) = (msg["domain"].as_str(), msg["service"].as_str())
            else {
                return err(id, "invalid_format", "domain and service are required");
            };
            let data = msg["service_data"].as_object().cloned().unwrap_or_default();
            let context = user_context();
            match home.call_service(domain, service, &data, msg.get("target"), &context) {
                Ok(_) => ok(id, json!({"context": context})),
                Err(e) => err(id, "not_found", &e.to_string()),
            }
        }
        "validate_config" => ok(id, validate_config(msg)),
        "history/history_during_period" => {
            let Some(start) = time_arg(msg, "start_time") else {
                return err(id, "invalid_format", "start_time is required");
            };
            let end = time_arg(msg, "end_time").unwrap_or_else(|| home.clock.now());
            ok(id, compressed_history(home, &ids_arg(msg), start, end))
        }
        "logbook/get_events" => {
            let Some(start) = time_arg(msg, "start_time") else {
                return err(id, "invalid_format", "start_time is required");
            };
            let end = time_arg(msg, "end_time").unwrap_or_else(|| home.clock.now());
            ok(id, logbook_events(home, &ids_arg(msg), start, end))
        }
        "subscribe_events" => {
            let wanted = msg["event_type"].as_str().map(str::to_owned);
            let mut events = home.subscribe();
            if let Some(answer) = ok(id, Value::Null)
                && !send(session, &answer).await
            {
                return None;
            }
            let mut out = session.clone();
            let task = actix_web::rt::spawn(async move {
                loop {
                    match events.recv().await {
                        Ok(event) => {
                            if wanted.as_deref().is_some_and(|w| event["event_type"] != w) {
                                continue;
                            }
                            let msg = json!({"id": id, "type": "event", "event": event});
                            if out.text(msg.to_string()).await.is_err() {
                                break;
                            }
                        }
                        Err(RecvError::Lagged(n)) => {
                            tracing::warn!(n, "a WebSocket subscriber fell behind; events dropped");
                        }
                        Err(RecvError::Closed) => break,
                    }
                }
            });
            subs.insert(id, task);
            None
        }
        "unsubscribe_events" => {
            let sub = msg["subscription"].as_u64().unwrap_or_default();
            match subs.remove(&sub) {
                Some(task) => {
                    task.abort();
                    ok(id, Value::Null)
                }
                None => err(id, "not_found", "Subscription not found."),
            }
        }
        other => err(id, "unknown_command", &format!("Unknown command {other}.")),
    }
}
