//! Following a training job live, from start to completion: over the WebSocket (all jobs, and
//! one job) and over the real MQTT broker.

use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use rumqttc::{AsyncClient, Event, MqttOptions, Packet, QoS};
use serde_json::{Value, json};
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message;

use crate::helpers::*;

/// Reads JSON text messages from a WebSocket until it closes or `until` matches one.
async fn ws_events(url: String, until: impl Fn(&Value) -> bool) -> Vec<Value> {
    let (mut ws, _) = tokio_tungstenite::connect_async(url).await.unwrap();
    let mut out = Vec::new();
    tokio::time::timeout(Duration::from_secs(60), async {
        while let Some(msg) = ws.next().await {
            match msg.unwrap() {
                Message::Text(t) => {
                    let v: Value = serde_json::from_str(t.as_str()).unwrap();
                    let stop = until(&v);
                    out.push(v);
                    if stop {
                        return;
                    }
                }
                Message::Close(_) => return,
                _ => {}
            }
        }
    })
    .await
    .unwrap_or_else(|_| panic!("the WebSocket did not finish; got {out:?}"));
    out
}

fn names(events: &[Value]) -> Vec<String> {
    events
        .iter()
        .map(|e| e["event"].as_str().unwrap().to_owned())
        .collect()
}

/// The checks every follower must pass: epochs counted up with their metrics, then completed.
fn assert_followed(events: &[Value], id: i64, epochs: i64) {
    let names = names(events);
    assert_eq!(
        names.last().map(String::as_str),
        Some("completed"),
        "{names:?}"
    );
    let epoch_ends: Vec<&Value> = events
        .iter()
        .filter(|e| e["event"] == "progress" && e["metrics"]["validation.auc"].is_number())
        .collect();
    let numbers: Vec<i64> = epoch_ends
        .iter()
        .map(|e| e["epoch"].as_i64().unwrap())
        .collect();
    assert_eq!(numbers, (1..=epochs).collect::<Vec<_>>(), "{names:?}");
    for e in &epoch_ends {
        assert_eq!(e["job_id"], id);
        assert_eq!(e["total_epochs"], epochs);
        assert!(e["metrics"]["train.loss"].is_number());
        assert!((0.0..=1.0).contains(&e["progress"].as_f64().unwrap()));
    }
    assert!(epoch_ends.last().unwrap()["eta_s"].is_number());
    let progress: Vec<f64> = events
        .iter()
        .filter(|e| e["event"] == "progress")
        .map(|e| e["progress"].as_f64().unwrap())
        .collect();
    assert!(
        progress.windows(2).all(|w| w[0] <= w[1]),
        "progress went back: {progress:?}"
    );
    let done = events.last().unwrap();
    assert_eq!(done["status"], "completed");
    assert_eq!(done["progress"], 1.0);
    assert_eq!(done["metrics"]["version"], 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_is_followed_from_start_to_completion_over_websocket_and_mqtt() {
    let broker = Mosquitto::start();
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let svc = spawn_service_in(
        "training",
        &dir,
        &[
            ("HOMEAI_MQTT_URL".into(), broker.url()),
            ("HOMEAI_TRAINING_JOBS__POLL_MS".into(), "100".into()),
        ],
    );

    // an MQTT subscriber on the real broker
    let mut options = MqttOptions::new(format!("test-{}", free_port()), "127.0.0.1", broker.port);
    options.set_keep_alive(Duration::from_secs(5));
    let (mqtt, mut eventloop) = AsyncClient::new(options, 16);
    mqtt.subscribe("homeai/training/jobs/#", QoS::AtLeastOnce)
        .await
        .unwrap();
    let (tx, mut rx) = mpsc::unbounded_channel::<(String, Value)>();
    let suback = Arc::new(tokio::sync::Notify::new());
    let subscribed = Arc::clone(&suback);
    tokio::spawn(async move {
        while let Ok(event) = eventloop.poll().await {
            match event {
                Event::Incoming(Packet::SubAck(_)) => subscribed.notify_one(),
                Event::Incoming(Packet::Publish(p)) => {
                    let v = serde_json::from_slice(&p.payload).unwrap();
                    let _ = tx.send((p.topic.clone(), v));
                }
                _ => {}
            }
        }
    });
    tokio::time::timeout(Duration::from_secs(10), suback.notified())
        .await
        .expect("no SUBACK");

    // a WebSocket on every job, open before the job exists
    let all_url = format!("ws://127.0.0.1:{}/ws/training", svc.port);
    let all = tokio::spawn(ws_events(all_url, |e| e["event"] == "completed"));
    tokio::time::sleep(Duration::from_millis(300)).await;

    let epochs = 3;
    let res = client()
        .post(svc.url("/api/v1/training/jobs"))
        .bearer_auth(TOKEN)
        .json(&json!({
            "model_type": "synergy",
            "config": {"epochs": epochs, "homes": 4, "days": 2, "patience": 100, "throttle_ms": 400},
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    // and one on this job: its state first, then its events, closed after the last
    let one_url = format!("ws://127.0.0.1:{}/ws/training/{id}", svc.port);
    let one = ws_events(one_url, |_| false).await;
    let all = all.await.unwrap();

    let all_names = names(&all);
    assert_eq!(&all_names[..2], ["queued", "started"], "{all_names:?}");
    assert_followed(&all, id, epochs);

    assert_eq!(one[0]["event"], "snapshot");
    assert_followed(&one[1..], id, epochs);

    // MQTT carried the same story on homeai/training/jobs/{id}
    let mut over_mqtt = Vec::new();
    tokio::time::timeout(Duration::from_secs(20), async {
        while let Some((topic, v)) = rx.recv().await {
            assert_eq!(topic, format!("homeai/training/jobs/{id}"));
            let done = v["event"] == "completed";
            over_mqtt.push(v);
            if done {
                return;
            }
        }
    })
    .await
    .unwrap_or_else(|_| panic!("no completed event over MQTT: {:?}", names(&over_mqtt)));
    assert_eq!(&names(&over_mqtt)[..2], ["queued", "started"]);
    assert_followed(&over_mqtt, id, epochs);

    // a finished job's stream says how it ended and closes
    let late = ws_events(
        format!("ws://127.0.0.1:{}/ws/training/{id}", svc.port),
        |_| false,
    )
    .await;
    assert_eq!(late.len(), 1);
    assert_eq!(late[0]["status"], "completed");
    // an unknown job is a 404, not a socket
    let missing = client()
        .get(svc.url("/ws/training/999"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
}
