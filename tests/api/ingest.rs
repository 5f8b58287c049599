//! Ingest from a real Home Assistant 2024.3.3: causes, registries, and no gap or duplicate
//! across a SIGKILL while events flow.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use crate::helpers::*;

async fn wait_connected(svc: &TestService) {
    eventually(
        Duration::from_secs(30),
        "ingest connected and backfilled",
        || async {
            let s = get_json(svc.url("/api/v1/ingest/status")).await;
            (s["connected"] == true
                && s["backfill_in_progress"] == false
                && s["last_backfill"].is_object())
            .then_some(())
        },
    )
    .await;
}

/// The newest stored event of `entity` whose new state is `state`, once it is there.
async fn stored_change(
    svc: &TestService,
    entity: &str,
    state: &str,
    after: DateTime<Utc>,
) -> Value {
    let since = after.to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    eventually(
        Duration::from_secs(20),
        &format!("{entity} -> {state} stored"),
        || async {
            let page = get_json(format!(
                "{}?entity_id={entity}&since={}",
                svc.url("/api/v1/events"),
                since.replace('+', "%2B")
            ))
            .await;
            page["items"]
                .as_array()?
                .iter()
                .rev()
                .find(|e| e["new_state"] == state && e["attributes_only"] == false)
                .cloned()
        },
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changes_are_stored_with_who_caused_them() {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let svc = spawn_service_in("pattern", &dir, &ha_env());
    wait_connected(&svc).await;

    // user: a service call made with the owner's token
    let t0 = ha_now().await;
    ha_call(
        "light",
        "turn_off",
        json!({"entity_id": "light.kitchen_ceiling"}),
    )
    .await;
    ha_call(
        "light",
        "turn_on",
        json!({"entity_id": "light.kitchen_ceiling"}),
    )
    .await;
    let user = stored_change(&svc, "light.kitchen_ceiling", "on", t0).await;
    assert_eq!(user["cause"], "user", "{user}");
    assert!(user["user_id"].is_string());
    // the area filter goes through the synced registry
    let since = t0
        .to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
        .replace('+', "%2B");
    let kitchen = get_json(format!(
        "{}?area=kitchen&since={since}",
        svc.url("/api/v1/events")
    ))
    .await;
    let ids: Vec<&str> = kitchen["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["entity_id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"light.kitchen_ceiling"), "{ids:?}");
    assert!(
        ids.iter().all(|id| id.contains("kitchen")),
        "only kitchen entities: {ids:?}"
    );

    // automation: an HA automation turns the living-room lamp on when guest mode turns on
    let id = format!("homeai_test_{}", std::process::id());
    let (url, token) = real_ha();
    let automation = json!({
        "id": id, "alias": format!("homeai test guest lamp {id}"), "mode": "single",
        "trigger": [{"platform": "state", "entity_id": "input_boolean.guest_mode", "to": "on"}],
        "action": [{"service": "light.turn_on", "target": {"entity_id": "light.living_room_lamp"}}],
    });
    let saved = client()
        .post(format!("{url}/api/config/automation/config/{id}"))
        .bearer_auth(&token)
        .json(&automation)
        .send()
        .await
        .unwrap();
    assert!(saved.status().is_success());
    eventually(Duration::from_secs(10), "automation loaded", || async {
        let states = ha_get("/api/states").await;
        states
            .as_array()?
            .iter()
            .any(|s| s["attributes"]["id"] == id.as_str())
            .then_some(())
    })
    .await;
    ha_call(
        "light",
        "turn_off",
        json!({"entity_id": "light.living_room_lamp"}),
    )
    .await;
    ha_call(
        "input_boolean",
        "turn_off",
        json!({"entity_id": "input_boolean.guest_mode"}),
    )
    .await;
    let t1 = ha_now().await;
    ha_call(
        "input_boolean",
        "turn_on",
        json!({"entity_id": "input_boolean.guest_mode"}),
    )
    .await;
    let by_automation = stored_change(&svc, "light.living_room_lamp", "on", t1).await;
    assert_eq!(by_automation["cause"], "automation", "{by_automation}");
    let switch = stored_change(&svc, "input_boolean.guest_mode", "on", t1).await;
    assert_eq!(switch["cause"], "user");
    let _ = client()
        .delete(format!("{url}/api/config/automation/config/{id}"))
        .bearer_auth(&token)
        .send()
        .await;

    // device: a sensor's own report over MQTT carries no user and no parent
    let port: u16 = std::env::var("HOMEAI_TEST_MQTT_PORT")
        .expect("HOMEAI_TEST_MQTT_PORT")
        .parse()
        .unwrap();
    let t2 = ha_now().await;
    let reading = format!("{:.1}", 10.0 + f64::from(std::process::id() % 100) / 10.0);
    mqtt_publish(port, "homeai/sim/outdoor/temperature", &reading, false).await;
    let device = stored_change(&svc, "sensor.outdoor_temperature", &reading, t2).await;
    assert_eq!(device["cause"], "device", "{device}");
    assert!(device["user_id"].is_null());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registries_match_home_assistant() {
    let svc = spawn_service_in(
        "pattern",
        &Arc::new(tempfile::tempdir().unwrap()),
        &ha_env(),
    );
    wait_connected(&svc).await;
    let ha: BTreeSet<String> = ha_get("/api/states")
        .await
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["entity_id"].as_str().unwrap().to_owned())
        .collect();
    let ours = get_json(svc.url("/api/v1/entities")).await;
    let ours: BTreeSet<String> = ours["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["entity_id"].as_str().unwrap().to_owned())
        .collect();
    // automations made by parallel tests may come and go: compare the home's own entities
    let home = |s: &BTreeSet<String>| -> BTreeSet<String> {
        s.iter()
            .filter(|e| !e.starts_with("automation."))
            .cloned()
            .collect()
    };
    assert_eq!(home(&ours), home(&ha));

    let kitchen = get_json(svc.url("/api/v1/entities?area=kitchen")).await;
    let in_kitchen: Vec<&str> = kitchen["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["entity_id"].as_str().unwrap())
        .collect();
    assert!(
        in_kitchen.contains(&"light.kitchen_ceiling"),
        "{in_kitchen:?}"
    );
    assert!(
        in_kitchen.contains(&"binary_sensor.kitchen_motion"),
        "{in_kitchen:?}"
    );
    let areas = get_json(svc.url("/api/v1/areas")).await;
    let names: Vec<&str> = areas["areas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["area_id"].as_str().unwrap())
        .collect();
    for area in ["kitchen", "living_room", "bedroom", "hallway"] {
        assert!(names.contains(&area), "{names:?}");
    }
    let devices = get_json(svc.url("/api/v1/devices")).await;
    assert!(devices["total"].as_u64().unwrap() >= 1);
    let ready = get_json(svc.url("/health/ready")).await;
    assert_eq!(ready["checks"]["home_assistant"]["ok"], true, "{ready}");
}

/// Toggles two lights every `every` until `stop` turns true.
async fn stream_changes(stop: Arc<std::sync::atomic::AtomicBool>, every: Duration) -> usize {
    let mut n = 0;
    while !stop.load(std::sync::atomic::Ordering::Relaxed) {
        for entity in ["light.kitchen_counter", "light.living_room_ceiling"] {
            ha_call("light", "toggle", json!({"entity_id": entity})).await;
            n += 1;
        }
        tokio::time::sleep(every).await;
    }
    n
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sigkill_under_a_stream_of_changes_loses_and_duplicates_nothing() {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let mut svc = spawn_service_in("pattern", &dir, &ha_env());
    wait_connected(&svc).await;

    let start = ha_now().await;
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let stream = tokio::spawn(stream_changes(
        Arc::clone(&stop),
        Duration::from_millis(100),
    ));
    tokio::time::sleep(Duration::from_secs(3)).await;
    svc.proc.child.kill().unwrap(); // no goodbye, no flush
    let _ = svc.proc.child.wait();
    tokio::time::sleep(Duration::from_secs(2)).await; // changes keep coming while it is down
    let svc = spawn_service_in("pattern", &dir, &ha_env());
    tokio::time::sleep(Duration::from_secs(3)).await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let made = stream.await.unwrap();
    // HA's clock to the second: round up, nothing changes after the stream stopped
    let end = ha_now().await + chrono::Duration::seconds(1);
    tokio::time::sleep(Duration::from_secs(2)).await; // the recorder commits every second
    wait_connected(&svc).await;

    // HA's own record of the window
    let (url, token) = real_ha();
    let history: Value = client()
        .get(format!(
            "{url}/api/history/period/{}",
            start.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
        ))
        .query(&[
            (
                "filter_entity_id",
                "light.kitchen_counter,light.living_room_ceiling",
            ),
            (
                "end_time",
                &end.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
            ),
            ("significant_changes_only", "0"),
        ])
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let expected: BTreeSet<(String, String)> = history
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|list| list.as_array().unwrap().iter())
        .filter_map(|s| {
            let at: DateTime<Utc> = s["last_updated"].as_str()?.parse().ok()?;
            // HA leads with the state in force at `start`, stamped `start`: not a change of the window
            (at > start).then(|| {
                (
                    s["entity_id"].as_str().unwrap().to_owned(),
                    at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
                )
            })
        })
        .collect();
    assert!(
        expected.len() >= made / 2,
        "HA recorded {} of {made} changes",
        expected.len()
    );

    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    let stored = loop {
        let mut keys = Vec::new();
        for entity in ["light.kitchen_counter", "light.living_room_ceiling"] {
            let page = get_json(format!(
                "{}?entity_id={entity}&limit=1000&since={}&until={}",
                svc.url("/api/v1/events"),
                start
                    .to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
                    .replace('+', "%2B"),
                end.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
                    .replace('+', "%2B"),
            ))
            .await;
            for e in page["items"].as_array().unwrap() {
                let at: DateTime<Utc> = e["time_fired"].as_str().unwrap().parse().unwrap();
                keys.push((
                    entity.to_owned(),
                    at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
                ));
            }
        }
        let set: BTreeSet<(String, String)> = keys.iter().cloned().collect();
        if set == expected {
            break keys;
        }
        if std::time::Instant::now() > deadline {
            let missing: Vec<_> = expected.difference(&set).collect();
            let extra: Vec<_> = set.difference(&expected).collect();
            panic!(
                "stored {} of {} changes\nmissing: {missing:?}\nextra: {extra:?}\nstatus: {}\nlogs:\n{}",
                set.len(),
                expected.len(),
                get_json(svc.url("/api/v1/ingest/status")).await,
                svc.proc.log_text()
            );
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    };
    assert_eq!(stored.len(), expected.len(), "no change stored twice");
    let status = get_json(svc.url("/api/v1/ingest/status")).await;
    assert!(
        status["last_backfill"]["inserted"].as_u64().unwrap() > 0,
        "the gap came from history: {status}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn statestream_over_mosquitto_is_a_second_source() {
    let port = std::env::var("HOMEAI_TEST_MQTT_PORT").expect("HOMEAI_TEST_MQTT_PORT");
    let svc = spawn_service_in(
        "pattern",
        &Arc::new(tempfile::tempdir().unwrap()),
        &[
            ("HOMEAI_MQTT_URL".into(), format!("mqtt://127.0.0.1:{port}")),
            ("HOMEAI_INGEST__STATESTREAM__ENABLED".into(), "true".into()),
            // the base_topic of the test home's mqtt_statestream
            (
                "HOMEAI_INGEST__STATESTREAM__BASE_TOPIC".into(),
                "homeassistant/statestream".into(),
            ),
        ],
    );
    let t0 = ha_now().await;
    ha_call(
        "light",
        "toggle",
        json!({"entity_id": "light.bedroom_ceiling"}),
    )
    .await;
    let now = ha_get("/api/states/light.bedroom_ceiling").await;
    let state = now["state"].as_str().unwrap().to_owned();
    let stored = stored_change(&svc, "light.bedroom_ceiling", &state, t0).await;
    assert_eq!(stored["source"], "statestream");
    assert_eq!(stored["cause"], "device", "statestream carries no context");
    let ha_time: DateTime<Utc> = now["last_updated"].as_str().unwrap().parse().unwrap();
    let our_time: DateTime<Utc> = stored["time_fired"].as_str().unwrap().parse().unwrap();
    assert_eq!(
        our_time, ha_time,
        "the time is HA's last_updated, so the WS stream would dedupe it"
    );
}
