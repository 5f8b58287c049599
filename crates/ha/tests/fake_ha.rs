//! The WebSocket session and the event stream against a scripted fake HA: the paths a real HA
//! will not take on demand (coalesced frames, silence, dropped connections, reconnects).

// Test code: a failed unwrap is a failed test, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use homeai_ha::{EventStreamOptions, HaClient, HaError, StreamItem, spawn_event_stream_with};
use secrecy::SecretString;
use serde_json::{Value, json};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::timeout;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message;

type Ws = WebSocketStream<TcpStream>;

const TOKEN: &str = "the-good-token";
const WAIT: Duration = Duration::from_secs(5);

/// Serves each connection with `handler(connection number, socket)`; returns the client.
async fn fake_ha<F, Fut>(handler: F) -> HaClient
where
    F: Fn(usize, Ws) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let handler = Arc::new(handler);
    tokio::spawn(async move {
        let mut n = 0;
        while let Ok((stream, _)) = listener.accept().await {
            if let Ok(ws) = tokio_tungstenite::accept_async(stream).await {
                tokio::spawn(handler(n, ws));
            }
            n += 1;
        }
    });
    client(&url, TOKEN, Duration::from_millis(500))
}

fn client(url: &str, token: &str, request_timeout: Duration) -> HaClient {
    HaClient::new(url, SecretString::from(token.to_owned()), request_timeout).unwrap()
}

async fn send(ws: &mut Ws, v: Value) {
    let _ = ws.send(Message::text(v.to_string())).await;
}

/// The next client message, `None` when the client is gone.
async fn recv(ws: &mut Ws) -> Option<Value> {
    loop {
        match ws.next().await? {
            Ok(Message::Text(t)) => return serde_json::from_str(t.as_str()).ok(),
            Ok(Message::Close(_)) | Err(_) => return None,
            Ok(_) => {}
        }
    }
}

/// auth_required → auth → auth_ok (or auth_invalid), then answers supported_features.
async fn handshake(ws: &mut Ws) -> bool {
    send(
        ws,
        json!({"type": "auth_required", "ha_version": "2024.3.3"}),
    )
    .await;
    let Some(auth) = recv(ws).await else {
        return false;
    };
    if auth["access_token"] != TOKEN {
        send(
            ws,
            json!({"type": "auth_invalid", "message": "Invalid access token or password"}),
        )
        .await;
        let _ = ws.close(None).await;
        return false;
    }
    send(ws, json!({"type": "auth_ok", "ha_version": "2024.3.3"})).await;
    let features = recv(ws).await.unwrap();
    assert_eq!(features["type"], "supported_features");
    assert_eq!(features["features"]["coalesce_messages"], 1);
    send(
        ws,
        json!({"id": features["id"], "type": "result", "success": true, "result": null}),
    )
    .await;
    true
}

fn state_changed(sub: &Value, entity_id: &str, state: &str) -> Value {
    let s = json!({
        "entity_id": entity_id, "state": state, "attributes": {},
        "last_changed": "2024-03-20T10:00:00.000001+00:00",
        "last_updated": "2024-03-20T10:00:00.000001+00:00",
        "context": {"id": "01CTX", "parent_id": null, "user_id": "u1"}
    });
    json!({"id": sub, "type": "event", "event": {
        "event_type": "state_changed",
        "data": {"entity_id": entity_id, "old_state": null, "new_state": s},
        "origin": "LOCAL", "time_fired": "2024-03-20T10:00:00.000001+00:00",
        "context": {"id": "01CTX", "parent_id": null, "user_id": "u1"}
    }})
}

fn result(id: &Value, result: Value) -> Value {
    json!({"id": id, "type": "result", "success": true, "result": result})
}

#[tokio::test]
async fn a_session_matches_answers_in_coalesced_frames_and_routes_events_to_their_subscription() {
    let ha = fake_ha(|_, mut ws| async move {
        if !handshake(&mut ws).await {
            return;
        }
        let mut sub = Value::Null;
        while let Some(msg) = recv(&mut ws).await {
            let id = msg["id"].clone();
            match msg["type"].as_str().unwrap_or_default() {
                "subscribe_events" => {
                    sub = id.clone();
                    send(&mut ws, result(&id, Value::Null)).await;
                }
                // answer the service call and deliver two events in one coalesced frame
                "call_service" => {
                    let frame = json!([
                        state_changed(&sub, "light.a", "on"),
                        state_changed(&sub, "light.b", "on"),
                        result(&id, json!({"context": {"id": "01CTX", "parent_id": null, "user_id": "u1"}})),
                    ]);
                    send(&mut ws, frame).await;
                }
                "ping" => send(&mut ws, json!({"id": id, "type": "pong"})).await,
                "get_states" => send(&mut ws, result(&id, json!([]))).await,
                _ => {
                    send(
                        &mut ws,
                        json!({"id": id, "type": "result", "success": false,
                               "error": {"code": "unknown_command", "message": "Unknown command."}}),
                    )
                    .await
                }
            }
        }
    })
    .await;

    let session = ha.connect_ws().await.unwrap();
    assert_eq!(session.ha_version().to_string(), "2024.3.3");
    let mut events = session
        .subscribe_events(Some("state_changed"))
        .await
        .unwrap();
    let answer = session
        .call_service(
            "light",
            "turn_on",
            json!({}),
            Some(json!({"entity_id": "light.a"})),
        )
        .await
        .unwrap();
    assert_eq!(answer["context"]["user_id"], "u1");
    for expected in ["light.a", "light.b"] {
        let ev = timeout(WAIT, events.recv()).await.unwrap().unwrap();
        assert_eq!(ev.state_changed().unwrap().entity_id, expected);
    }
    session.ping().await.unwrap();
    assert!(session.get_states().await.unwrap().is_empty());
    let err = session.command(json!({"type": "bogus"})).await.unwrap_err();
    assert!(
        matches!(&err, HaError::Command { code, .. } if code == "unknown_command"),
        "{err:?}"
    );
    let err = session.command(json!({"no": "type"})).await.unwrap_err();
    assert!(matches!(err, HaError::Rejected { .. }), "{err:?}");
}

#[tokio::test]
async fn a_bad_token_is_an_auth_error_that_does_not_show_the_token() {
    let ha = fake_ha(|_, mut ws| async move {
        handshake(&mut ws).await;
    })
    .await;
    let bad = client(ha.base_url(), "wrong-token-123", Duration::from_secs(2));
    let err = bad.connect_ws().await.unwrap_err();
    assert!(matches!(err, HaError::Auth(_)), "{err:?}");
    assert!(!format!("{err} {err:?}").contains("wrong-token-123"));
}

#[tokio::test]
async fn an_unanswered_command_times_out_and_a_dropped_connection_closes_the_session() {
    let ha = fake_ha(|_, mut ws| async move {
        if !handshake(&mut ws).await {
            return;
        }
        while let Some(msg) = recv(&mut ws).await {
            match msg["type"].as_str().unwrap_or_default() {
                "subscribe_events" => send(&mut ws, result(&msg["id"], Value::Null)).await,
                "get_config" => {} // never answered
                _ => break,        // anything else: hang up
            }
        }
    })
    .await;
    let session = ha.connect_ws().await.unwrap();
    let mut events = session.subscribe_events(None).await.unwrap();
    let err = session.get_config().await.unwrap_err();
    assert!(matches!(err, HaError::Timeout(_)), "{err:?}");
    assert!(!session.is_closed());

    let _ = session.ping().await; // the fake hangs up on this
    assert!(
        timeout(WAIT, events.recv()).await.unwrap().is_none(),
        "the subscription ends with the connection"
    );
    assert!(session.is_closed());
    assert!(session.close_reason().is_some());
    assert!(matches!(session.ping().await, Err(HaError::Closed)));
}

fn fast_options() -> EventStreamOptions {
    let mut o = EventStreamOptions::new(vec!["state_changed".into()], Duration::from_millis(200));
    o.reconnect_min = Duration::from_millis(20);
    o
}

async fn next_item(rx: &mut tokio::sync::mpsc::Receiver<StreamItem>) -> StreamItem {
    timeout(WAIT, rx.recv()).await.unwrap().unwrap()
}

#[tokio::test]
async fn the_event_stream_reconnects_and_subscribes_again_after_ha_hangs_up() {
    let subscribes = Arc::new(AtomicUsize::new(0));
    let counter = subscribes.clone();
    let ha = fake_ha(move |n, mut ws| {
        let counter = counter.clone();
        async move {
            if !handshake(&mut ws).await {
                return;
            }
            let msg = recv(&mut ws).await.unwrap();
            assert_eq!(msg["type"], "subscribe_events");
            assert_eq!(msg["event_type"], "state_changed");
            counter.fetch_add(1, Ordering::SeqCst);
            send(&mut ws, result(&msg["id"], Value::Null)).await;
            send(
                &mut ws,
                state_changed(&msg["id"], &format!("light.n{n}"), "on"),
            )
            .await;
            let _ = ws.close(None).await; // then hang up
        }
    })
    .await;

    let (mut rx, handle) = spawn_event_stream_with(ha, fast_options());
    for n in 0..2 {
        assert!(matches!(
            next_item(&mut rx).await,
            StreamItem::Connected { .. }
        ));
        match next_item(&mut rx).await {
            StreamItem::Event(ev) => {
                assert_eq!(ev.state_changed().unwrap().entity_id, format!("light.n{n}"))
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            next_item(&mut rx).await,
            StreamItem::Disconnected { .. }
        ));
    }
    assert!(subscribes.load(Ordering::SeqCst) >= 2);
    drop(rx);
    timeout(WAIT, handle).await.unwrap().unwrap();
}

#[tokio::test]
async fn the_event_stream_declares_a_silent_socket_dead_by_its_heartbeat() {
    let ha = fake_ha(|_, mut ws| async move {
        if !handshake(&mut ws).await {
            return;
        }
        while let Some(msg) = recv(&mut ws).await {
            if msg["type"] == "subscribe_events" {
                send(&mut ws, result(&msg["id"], Value::Null)).await;
            } // pings go unanswered
        }
    })
    .await;
    let mut o = fast_options();
    o.heartbeat_interval = Duration::from_millis(100);
    o.heartbeat_timeout = Duration::from_millis(100);
    let (mut rx, handle) = spawn_event_stream_with(ha, o);
    assert!(matches!(
        next_item(&mut rx).await,
        StreamItem::Connected { .. }
    ));
    match next_item(&mut rx).await {
        StreamItem::Disconnected { error } => {
            assert!(
                error.contains("pong") || error.contains("answer"),
                "{error}"
            )
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        next_item(&mut rx).await,
        StreamItem::Connected { .. }
    ));
    drop(rx);
    timeout(WAIT, handle).await.unwrap().unwrap();
}

#[tokio::test]
async fn the_event_stream_reports_failed_attempts_and_keeps_trying() {
    let ha = fake_ha(|_, mut ws| async move {
        handshake(&mut ws).await;
    })
    .await;
    let bad = client(ha.base_url(), "nope", Duration::from_secs(2));
    let (mut rx, handle) = spawn_event_stream_with(bad, fast_options());
    for _ in 0..3 {
        match next_item(&mut rx).await {
            StreamItem::Disconnected { error } => assert!(error.contains("token"), "{error}"),
            other => panic!("{other:?}"),
        }
    }
    drop(rx);
    timeout(WAIT, handle).await.unwrap().unwrap();
}

#[tokio::test]
async fn dropping_the_session_and_its_receivers_closes_the_socket() {
    let (closed_tx, closed_rx) = tokio::sync::oneshot::channel::<()>();
    let closed_tx = Arc::new(std::sync::Mutex::new(Some(closed_tx)));
    let ha = fake_ha(move |_, mut ws| {
        let closed_tx = closed_tx.clone();
        async move {
            if !handshake(&mut ws).await {
                return;
            }
            while let Some(msg) = recv(&mut ws).await {
                send(&mut ws, result(&msg["id"], Value::Null)).await;
            }
            if let Some(tx) = closed_tx.lock().unwrap().take() {
                let _ = tx.send(());
            }
        }
    })
    .await;
    let session = ha.connect_ws().await.unwrap();
    let events = session.subscribe_events(None).await.unwrap();
    drop(events);
    drop(session);
    timeout(WAIT, closed_rx).await.unwrap().unwrap();
}
