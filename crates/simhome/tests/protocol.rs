//! The simulated home driven by homeai's own HA client (`homeai-ha`): the honest proof that the
//! double speaks what the client sends and parses.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use chrono::{DateTime, Timelike, Utc};
use homeai_ha::{HaClient, HaState};
use homeai_simhome::{RunningSim, SimOptions};
use secrecy::SecretString;
use serde_json::{Value, json};

const TOKEN: &str = "test-token";

/// The instant the simulated home starts at: `HOMEAI_TEST_CLOCK` (RFC 3339; CI runs these tests
/// again at other hours, dates and offsets) or a fixed weekday morning. Never the wall clock.
fn test_start() -> DateTime<Utc> {
    let text =
        std::env::var("HOMEAI_TEST_CLOCK").unwrap_or_else(|_| "2026-06-10T09:00:00+02:00".into());
    DateTime::parse_from_rfc3339(&text)
        .unwrap_or_else(|e| panic!("HOMEAI_TEST_CLOCK={text:?} is not RFC 3339: {e}"))
        .with_timezone(&Utc)
}

fn start(speed: f64) -> (RunningSim, HaClient) {
    let sim = homeai_simhome::start(&SimOptions {
        token: TOKEN.into(),
        speed,
        start: Some(test_start()),
        ..SimOptions::default()
    })
    .unwrap();
    let client = HaClient::new(
        &sim.url,
        SecretString::from(TOKEN.to_owned()),
        Duration::from_secs(10),
    )
    .unwrap();
    (sim, client)
}

async fn wait_for(client: &HaClient, entity_id: &str, ok: impl Fn(&HaState) -> bool) -> HaState {
    for _ in 0..100 {
        if let Some(s) = client.state(entity_id).await.unwrap()
            && ok(&s)
        {
            return s;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!(
        "{entity_id} never got there: {:?}",
        client.state(entity_id).await
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_client_reads_states_registries_history_and_the_logbook() {
    let (sim, client) = start(1.0);
    client.api_status().await.unwrap();
    let config = client.config().await.unwrap();
    assert_eq!(config.version.to_string(), "2024.3.3");
    assert_eq!(config.time_zone, "Europe/Berlin");

    let ws = client.connect_ws().await.unwrap();
    assert_eq!(ws.ha_version().to_string(), "2024.3.3");
    ws.ping().await.unwrap();
    let states = ws.get_states().await.unwrap();
    assert!(states.len() >= 55, "{} states", states.len());
    let temp = states
        .iter()
        .find(|s| s.entity_id == "sensor.kitchen_temperature")
        .unwrap();
    assert_eq!(temp.attributes["unit_of_measurement"], "°C");
    assert!(
        temp.attributes["attribution"]
            .as_str()
            .unwrap()
            .contains("simulated")
    );
    assert_eq!(
        ws.get_config().await.unwrap().version.to_string(),
        "2024.3.3"
    );

    let entities = ws.entity_registry().await.unwrap();
    let kitchen = entities
        .iter()
        .find(|e| e.entity_id == "light.kitchen_ceiling")
        .unwrap();
    assert_eq!(kitchen.area_id.as_deref(), Some("kitchen"));
    assert!(!ws.device_registry().await.unwrap().is_empty());
    assert_eq!(ws.area_registry().await.unwrap().len(), 7);

    // a change of our own, so that the last two days hold one whatever the habits did
    client
        .call_service(
            "light",
            "toggle",
            json!({"entity_id": "light.kitchen_ceiling"}),
        )
        .await
        .unwrap();
    let now = sim.home.clock.now() + chrono::Duration::seconds(1);
    let ids = vec!["light.kitchen_ceiling".to_owned()];
    let history = ws
        .history_during_period(now - chrono::Duration::days(30), Some(now), &ids)
        .await
        .unwrap();
    let rows = &history["light.kitchen_ceiling"];
    assert!(rows.len() > 20, "{} rows", rows.len());
    assert!(
        rows.windows(2)
            .all(|w| w[0].last_updated <= w[1].last_updated)
    );
    let rest = client
        .history_period(now - chrono::Duration::days(2), Some(now), &ids)
        .await
        .unwrap();
    assert_eq!(rest.len(), 1);

    let logbook = ws
        .command(json!({"type": "logbook/get_events",
                        "start_time": (now - chrono::Duration::days(30)).to_rfc3339(),
                        "end_time": now.to_rfc3339(), "entity_ids": ids}))
        .await
        .unwrap();
    let entries = logbook.as_array().unwrap();
    assert!(
        entries.iter().any(|e| e["context_user_id"].is_string()),
        "{logbook}"
    );

    let services = ws.command(json!({"type": "get_services"})).await.unwrap();
    assert!(services["light"]["turn_on"].is_object());
    let err = ws
        .command(json!({"type": "no/such_command"}))
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("unknown_command") || err.to_string().contains("Unknown"),
        "{err}"
    );
    sim.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_service_call_changes_the_state_and_the_event_carries_the_user() {
    let (sim, client) = start(1.0);
    // the porch may be lit by the simulated evening habit: start from off, whatever the hour
    client
        .call_service("light", "turn_off", json!({"entity_id": "light.porch"}))
        .await
        .unwrap();
    let ws = client.connect_ws().await.unwrap();
    let mut events = ws.subscribe_events(Some("state_changed")).await.unwrap();
    let answer = ws
        .call_service(
            "light",
            "turn_on",
            json!({}),
            Some(json!({"entity_id": "light.porch"})),
        )
        .await
        .unwrap();
    assert!(answer["context"]["id"].is_string());
    let change = loop {
        let ev = tokio::time::timeout(Duration::from_secs(5), events.recv())
            .await
            .unwrap()
            .unwrap();
        let data = ev.state_changed().unwrap();
        if data.entity_id == "light.porch" {
            break (ev, data);
        }
    };
    let (event, data) = change;
    assert_eq!(data.new_state.as_ref().unwrap().state, "on");
    assert_eq!(data.old_state.as_ref().unwrap().state, "off");
    let context = event.context.unwrap();
    assert!(context.user_id.is_some() && context.parent_id.is_none());

    // REST answers the states that changed; an unknown service is refused
    let changed = client
        .call_service("light", "turn_off", json!({"entity_id": "light.porch"}))
        .await
        .unwrap();
    assert_eq!(changed[0].state, "off");
    assert!(
        client
            .call_service("light", "explode", json!({"entity_id": "light.porch"}))
            .await
            .is_err()
    );
    assert!(ws.call_service("nope", "x", json!({}), None).await.is_err());
    sim.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_saved_automation_appears_fires_on_a_state_change_and_is_deleted() {
    let (sim, client) = start(1.0);
    let ws = client.connect_ws().await.unwrap();
    let legacy = json!({
        "alias": "Porch off, hallway on",
        "trigger": [{"platform": "state", "entity_id": "light.porch", "to": "off"}],
        "condition": [],
        "action": [{"service": "light.turn_on", "target": {"entity_id": "light.hallway_light"}}],
        "mode": "single",
    });
    let verdict = ws
        .validate_config(json!({"trigger": legacy["trigger"], "action": legacy["action"]}))
        .await
        .unwrap();
    assert_eq!(verdict["trigger"]["valid"], true, "{verdict}");
    assert_eq!(verdict["action"]["valid"], true, "{verdict}");
    let bad = ws
        .validate_config(json!({"trigger": [{"platform": "state"}]}))
        .await
        .unwrap();
    assert_eq!(bad["trigger"]["valid"], false, "{bad}");

    client
        .save_automation_config("homeai_s1", &legacy)
        .await
        .unwrap();
    let stored = client
        .get_automation_config("homeai_s1")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored["id"], "homeai_s1");
    let entity = client
        .states()
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.attributes.get("id") == Some(&json!("homeai_s1")))
        .unwrap();
    assert_eq!(entity.entity_id, "automation.porch_off_hallway_on");
    assert!(entity.attributes["last_triggered"].is_null());

    // a bad config is refused the way HA does
    let err = client
        .save_automation_config("homeai_s2", &json!({"trigger": "nonsense"}))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("Message malformed"), "{err}");

    // the hallway may be lit by a simulated habit: start from off, whatever the hour
    client
        .call_service(
            "light",
            "turn_off",
            json!({"entity_id": "light.hallway_light"}),
        )
        .await
        .unwrap();
    client
        .call_service("light", "turn_on", json!({"entity_id": "light.porch"}))
        .await
        .unwrap();
    client
        .call_service("light", "turn_off", json!({"entity_id": "light.porch"}))
        .await
        .unwrap();
    let hallway = wait_for(&client, "light.hallway_light", |s| s.state == "on").await;
    let context = hallway.context.unwrap();
    assert!(context.parent_id.is_some() && context.user_id.is_none());
    let fired = wait_for(&client, &entity.entity_id, |s| {
        !s.attributes["last_triggered"].is_null()
    })
    .await;
    assert_eq!(fired.state, "on");

    assert!(client.delete_automation_config("homeai_s1").await.unwrap());
    assert!(!client.delete_automation_config("homeai_s1").await.unwrap());
    assert!(client.state(&entity.entity_id).await.unwrap().is_none());
    sim.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_time_trigger_fires_when_the_clock_passes_it() {
    let (sim, client) = start(1.0);
    let local = sim
        .home
        .clock
        .now()
        .with_timezone(&chrono_tz::Europe::Berlin)
        + chrono::Duration::minutes(10);
    let at = format!("{:02}:{:02}:00", local.hour(), local.minute());
    let automation = json!({
        "alias": "Desk lamp on at ten past",
        "trigger": [{"platform": "time", "at": at}],
        "action": [{"delay": "00:01:00"},
                   {"service": "light.turn_on", "target": {"entity_id": "light.office_desk"}}],
    });
    client
        .save_automation_config("homeai_s7", &automation)
        .await
        .unwrap();
    client
        .call_service(
            "light",
            "turn_off",
            json!({"entity_id": "light.office_desk"}),
        )
        .await
        .unwrap();
    let skipped: Value = reqwest::Client::new()
        .post(format!("{}/api/simhome/skip", sim.url))
        .bearer_auth(TOKEN)
        .json(&json!({"seconds": 660}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(skipped["now"].is_string());
    let fired = wait_for(&client, "automation.desk_lamp_on_at_ten_past", |s| {
        !s.attributes["last_triggered"].is_null()
    })
    .await;
    assert_eq!(fired.state, "on");
    // the one-minute delay is a minute of simulated time: skip it too
    reqwest::Client::new()
        .post(format!("{}/api/simhome/skip", sim.url))
        .bearer_auth(TOKEN)
        .json(&json!({"seconds": 61}))
        .send()
        .await
        .unwrap();
    let desk = wait_for(&client, "light.office_desk", |s| s.state == "on").await;
    assert!(desk.context.unwrap().parent_id.is_some());
    sim.stop().await;
}
