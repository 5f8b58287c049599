//! One service calling another over HTTP, and messages crossing a real mosquitto.

use std::sync::Arc;
use std::time::Duration;

use rumqttc::{AsyncClient, Event, MqttOptions, Packet, QoS};
use serde_json::Value;
use tokio::sync::mpsc;

use crate::helpers::*;

/// A test's own MQTT client: every message on `filter`, as (topic, payload).
async fn listen(
    broker: &Mosquitto,
    filter: &str,
) -> (AsyncClient, mpsc::UnboundedReceiver<(String, String)>) {
    let mut options = MqttOptions::new(format!("test-{}", free_port()), "127.0.0.1", broker.port);
    options.set_keep_alive(Duration::from_secs(5));
    let (client, mut eventloop) = AsyncClient::new(options, 16);
    client.subscribe(filter, QoS::AtLeastOnce).await.unwrap();
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok(event) = eventloop.poll().await {
            if let Event::Incoming(Packet::Publish(p)) = event {
                let _ = tx.send((
                    p.topic.clone(),
                    String::from_utf8_lossy(&p.payload).into_owned(),
                ));
            }
        }
    });
    (client, rx)
}

async fn next_on(rx: &mut mpsc::UnboundedReceiver<(String, String)>, topic: &str, payload: &str) {
    tokio::time::timeout(Duration::from_secs(20), async {
        while let Some((t, p)) = rx.recv().await {
            if t == topic && p == payload {
                return;
            }
        }
        panic!("listener closed");
    })
    .await
    .unwrap_or_else(|_| panic!("no {payload:?} on {topic}"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn query_sees_the_other_services_over_http_and_over_mosquitto() {
    let broker = Mosquitto::start();
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let mqtt = ("HOMEAI_MQTT_URL".to_owned(), broker.url());
    let mut pattern = spawn_service_in("pattern", &dir, std::slice::from_ref(&mqtt));
    let nobody = format!("http://127.0.0.1:{}", free_port());
    let query = spawn_service_in(
        "query",
        &dir,
        &[
            mqtt,
            (
                "HOMEAI_PATTERN_URL".into(),
                format!("http://127.0.0.1:{}", pattern.port),
            ),
            ("HOMEAI_AUTOMATION_URL".into(), nobody.clone()),
            ("HOMEAI_TRAINING_URL".into(), nobody),
        ],
    );
    let client = client();
    let find = |all: &Value, name: &str| -> Value {
        all["services"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["service"] == name)
            .cloned()
            .unwrap()
    };

    // over HTTP query reaches pattern (and itself) and reports the others down; over MQTT it
    // has seen pattern's retained "online"
    let seen = eventually(
        Duration::from_secs(20),
        "pattern online in /api/v1/services",
        || async {
            let all: Value = client
                .get(query.url("/api/v1/services"))
                .send()
                .await
                .ok()?
                .json()
                .await
                .ok()?;
            let p = find(&all, "pattern");
            (p["http"]["ok"] == true && p["mqtt_status"] == "online").then_some(all)
        },
    )
    .await;
    assert_eq!(
        find(&seen, "pattern")["http"]["version"],
        env!("CARGO_PKG_VERSION")
    );
    assert_eq!(find(&seen, "query")["http"]["ok"], true);
    assert_eq!(find(&seen, "automation")["http"]["ok"], false);
    assert!(
        find(&seen, "training")["http"]["error"]
            .as_str()
            .unwrap()
            .contains("unreachable")
    );
    assert_eq!(seen["mqtt_connected"], true);

    // a clean stop says "offline" and query notices both ways
    assert!(pattern.proc.terminate().success());
    eventually(Duration::from_secs(20), "pattern offline", || async {
        let all: Value = client
            .get(query.url("/api/v1/services"))
            .send()
            .await
            .ok()?
            .json()
            .await
            .ok()?;
        let p = find(&all, "pattern");
        (p["http"]["ok"] == false && p["mqtt_status"] == "offline").then_some(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_service_is_announced_offline_by_its_last_will() {
    let broker = Mosquitto::start();
    let (_client, mut rx) = listen(&broker, "homeai/+/status").await;
    let mut training = spawn_service_in(
        "training",
        &Arc::new(tempfile::tempdir().unwrap()),
        &[("HOMEAI_MQTT_URL".into(), broker.url())],
    );
    next_on(&mut rx, "homeai/training/status", "online").await;
    training.proc.child.kill().unwrap(); // SIGKILL: no chance to say goodbye
    next_on(&mut rx, "homeai/training/status", "offline").await;
}
