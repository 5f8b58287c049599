//! Against a real Home Assistant 2024.3.3 (scripts/ha/start-ha.sh). The tests read
//! `HOMEAI_TEST_HA_URL` and `HOMEAI_TEST_HA_TOKEN_FILE` and fail when they are unset:
//!
//! ```bash
//! HA_CONFIG=/tmp/ha-test HA_PORT=8125 bash scripts/ha/start-ha.sh
//! HOMEAI_TEST_HA_URL=http://127.0.0.1:8125 HOMEAI_TEST_HA_TOKEN_FILE=/tmp/ha-test/token \
//!     cargo test -p homeai-ha --test real_ha
//! ```
//!
//! The tests run in parallel against one HA, so each one that changes something owns its
//! entity: light.bedroom_lamp (WS events), light.hallway_light (history), switch.bedroom_fan
//! (event stream), input_boolean.vacation_mode (WS service call), and automations with unique
//! ids.

// Test code: a failed unwrap is a failed test, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::future::Future;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use homeai_ha::{
    AutomationDialect, HaClient, HaError, HaSettings, HaState, HaVersion, StreamItem,
    spawn_event_stream,
};
use secrecy::SecretString;
use serde_json::{Value, json};
use tokio::time::{Instant, sleep, timeout};

const WAIT: Duration = Duration::from_secs(15);

fn env(name: &str) -> String {
    std::env::var(name)
        .ok()
        .filter(|v| !v.trim().is_empty())
        .unwrap_or_else(|| {
            panic!(
                "{name} is not set. These tests need a real Home Assistant 2024.3.3: start one with \
                 `HA_CONFIG=/tmp/ha-test HA_PORT=8125 bash scripts/ha/start-ha.sh` and set \
                 HOMEAI_TEST_HA_URL=$HA_URL and HOMEAI_TEST_HA_TOKEN_FILE=$HA_TOKEN_FILE \
                 (its last two lines; the workspace test script does this)"
            )
        })
}

fn ha() -> HaClient {
    let settings = HaSettings {
        url: Some(env("HOMEAI_TEST_HA_URL")),
        token_file: Some(env("HOMEAI_TEST_HA_TOKEN_FILE").into()),
        ..HaSettings::default()
    };
    settings
        .client()
        .expect("a usable [ha] section")
        .expect("url is set")
}

/// Polls `f` until it gives `Some`, for at most `WAIT`.
async fn eventually<T, F, Fut>(what: &str, mut f: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = Instant::now() + WAIT;
    loop {
        if let Some(v) = f().await {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        sleep(Duration::from_millis(200)).await;
    }
}

/// Flips `entity_id` (domain light or switch) over REST; returns the state it now has.
async fn flip(ha: &HaClient, entity_id: &str) -> HaState {
    let domain = entity_id.split('.').next().unwrap();
    let now = ha
        .state(entity_id)
        .await
        .unwrap()
        .expect("the entity exists");
    let (service, want) = if now.state == "on" {
        ("turn_off", "off")
    } else {
        ("turn_on", "on")
    };
    let changed = ha
        .call_service(domain, service, json!({"entity_id": entity_id}))
        .await
        .unwrap();
    if let Some(s) = changed
        .into_iter()
        .find(|s| s.entity_id == entity_id && s.state == want)
    {
        return s;
    }
    eventually(&format!("{entity_id} to be {want}"), || async {
        ha.state(entity_id)
            .await
            .unwrap()
            .filter(|s| s.state == want)
    })
    .await
}

fn unique(prefix: &str) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("{prefix}_{}_{nanos}", std::process::id())
}

#[tokio::test]
async fn rest_api_status_and_config_report_2024_3_3_with_the_legacy_service_dialect() {
    let ha = ha();
    ha.api_status().await.unwrap();
    let config = ha.config().await.unwrap();
    assert_eq!(config.version, HaVersion::parse("2024.3.3").unwrap());
    assert_eq!(config.version.to_string(), "2024.3.3");
    assert_eq!(
        config.version.dialect(),
        AutomationDialect::Legacy {
            service_key: "service"
        }
    );
    assert_eq!(config.time_zone, "UTC");
    assert!(config.components.iter().any(|c| c == "automation"));
    assert!(config.unit_system.is_object());
}

#[tokio::test]
async fn rest_states_are_not_empty_and_include_the_kitchen_ceiling_light() {
    let states = ha().states().await.unwrap();
    assert!(!states.is_empty());
    let light = states
        .iter()
        .find(|s| s.entity_id == "light.kitchen_ceiling")
        .expect("light.kitchen_ceiling");
    assert!(light.attributes.contains_key("friendly_name"));
    assert!(light.context.is_some());
}

#[tokio::test]
async fn rest_state_of_an_unknown_entity_is_none_and_of_a_known_one_is_some() {
    let ha = ha();
    assert!(ha.state("light.does_not_exist").await.unwrap().is_none());
    let s = ha.state("light.kitchen_ceiling").await.unwrap().unwrap();
    assert_eq!(s.entity_id, "light.kitchen_ceiling");
}

#[tokio::test]
async fn rest_call_service_of_an_unknown_service_is_rejected() {
    let err = ha()
        .call_service(
            "light",
            "no_such_service",
            json!({"entity_id": "light.kitchen_ceiling"}),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, HaError::Rejected { .. }), "{err:?}");
}

#[tokio::test]
async fn a_bad_token_is_an_auth_error_over_rest_and_websocket() {
    let bad = HaClient::new(
        &env("HOMEAI_TEST_HA_URL"),
        SecretString::from("not-a-valid-token".to_owned()),
        Duration::from_secs(10),
    )
    .unwrap();
    let err = bad.connect_ws().await.unwrap_err();
    assert!(matches!(err, HaError::Auth(_)), "{err:?}");
    assert!(!format!("{err:?}").contains("not-a-valid-token"));
    let err = bad.states().await.unwrap_err();
    assert!(matches!(err, HaError::Auth(_)), "{err:?}");
}

#[tokio::test]
async fn ws_get_states_lists_the_same_entities_as_rest() {
    let ha = ha();
    let session = ha.connect_ws().await.unwrap();
    assert_eq!(session.ha_version().to_string(), "2024.3.3");
    // automations come and go while other tests run
    let ids = |states: Vec<HaState>| {
        let mut ids: Vec<String> = states
            .into_iter()
            .map(|s| s.entity_id)
            .filter(|e| !e.starts_with("automation."))
            .collect();
        ids.sort();
        ids
    };
    let over_ws = ids(session.get_states().await.unwrap());
    let over_rest = ids(ha.states().await.unwrap());
    assert!(!over_ws.is_empty());
    assert_eq!(over_ws, over_rest);
}

#[tokio::test]
async fn ws_ping_config_service_call_and_an_unknown_command() {
    let session = ha().connect_ws().await.unwrap();
    let rtt = session.ping().await.unwrap();
    assert!(rtt < Duration::from_secs(5));
    let config = session.get_config().await.unwrap();
    assert_eq!(config.version.to_string(), "2024.3.3");

    let result = session
        .call_service(
            "input_boolean",
            "toggle",
            json!({}),
            Some(json!({"entity_id": "input_boolean.vacation_mode"})),
        )
        .await
        .unwrap();
    assert!(result["context"]["id"].is_string(), "{result}");

    let err = session
        .command(json!({"type": "no_such_command"}))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, HaError::Command { code, .. } if code == "unknown_command"),
        "{err:?}"
    );
    let services = session
        .command(json!({"type": "get_services"}))
        .await
        .unwrap();
    assert!(services["light"]["turn_on"].is_object());
    assert!(!session.is_closed());
}

#[tokio::test]
async fn ws_registries_list_the_kitchen_area_and_its_ceiling_light() {
    let session = ha().connect_ws().await.unwrap();
    let areas = session.area_registry().await.unwrap();
    let kitchen = areas
        .iter()
        .find(|a| a.area_id == "kitchen")
        .expect("area kitchen");
    assert_eq!(kitchen.name, "Kitchen");

    let entities = session.entity_registry().await.unwrap();
    let light = entities
        .iter()
        .find(|e| e.entity_id == "light.kitchen_ceiling")
        .expect("light.kitchen_ceiling in the entity registry");
    assert_eq!(light.area_id.as_deref(), Some("kitchen"));
    assert_eq!(light.platform.as_deref(), Some("template"));
    assert!(light.unique_id.is_some());

    let devices = session.device_registry().await.unwrap();
    assert!(
        devices.iter().any(|d| d.name.as_deref() == Some("Sun")),
        "{devices:?}"
    );
}

#[tokio::test]
async fn subscribed_state_changed_events_arrive_for_a_rest_service_call_with_the_user_in_their_context()
 {
    let ha = ha();
    let session = ha.connect_ws().await.unwrap();
    let mut events = session
        .subscribe_events(Some("state_changed"))
        .await
        .unwrap();
    let now = flip(&ha, "light.bedroom_lamp").await;
    let event = timeout(WAIT, async {
        loop {
            let ev = events.recv().await.expect("the subscription is open");
            let Some(data) = ev.state_changed() else {
                continue;
            };
            if data.entity_id == "light.bedroom_lamp"
                && data.new_state.as_ref().map(|s| s.state.as_str()) == Some(now.state.as_str())
            {
                return (ev, data);
            }
        }
    })
    .await
    .expect("a state_changed event for light.bedroom_lamp");
    let (ev, data) = event;
    assert_eq!(ev.event_type, "state_changed");
    assert_eq!(ev.origin.as_deref(), Some("LOCAL"));
    let ctx = ev.context.expect("the event has a context");
    assert!(ctx.user_id.is_some(), "a REST call is the owner's: {ctx:?}");
    assert!(ctx.parent_id.is_none());
    let new_state = data.new_state.unwrap();
    assert_eq!(ev.time_fired, new_state.last_updated);
    assert_eq!(new_state.last_updated, now.last_updated);
}

#[tokio::test]
async fn validate_config_accepts_legacy_syntax_and_rejects_2024_10_syntax() {
    let session = ha().connect_ws().await.unwrap();
    let valid = session
        .validate_config(json!({
            "trigger": {"platform": "state", "entity_id": "binary_sensor.kitchen_motion", "to": "on"},
            "condition": {"condition": "state", "entity_id": "input_boolean.guest_mode", "state": "off"},
            "action": {"service": "light.turn_on", "target": {"entity_id": "light.kitchen_counter"}}
        }))
        .await
        .unwrap();
    for key in ["trigger", "condition", "action"] {
        assert_eq!(valid[key]["valid"], true, "{key}: {valid}");
        assert_eq!(valid[key]["error"], Value::Null);
    }
    let invalid = session
        .validate_config(json!({
            "trigger": [{"trigger": "state", "entity_id": "binary_sensor.kitchen_motion"}],
            "action": [{"action": "light.turn_on", "target": {"entity_id": "light.kitchen_counter"}}]
        }))
        .await
        .unwrap();
    assert_eq!(invalid["trigger"]["valid"], false, "{invalid}");
    assert!(
        invalid["trigger"]["error"]
            .as_str()
            .unwrap()
            .contains("platform")
    );
    assert_eq!(invalid["action"]["valid"], false, "{invalid}");
    assert!(invalid["action"]["error"].as_str().is_some());
}

#[tokio::test]
async fn history_over_rest_and_websocket_contains_a_fresh_change() {
    let ha = ha();
    let entity = "light.hallway_light".to_owned();
    let changed = flip(&ha, &entity).await;
    // the window around HA's own stamp of the change, never the test's wall clock
    let start = changed.last_updated - chrono::Duration::seconds(5);
    let entities = [entity.clone()];

    let rest = eventually("the change in REST history", || async {
        let lists = ha.history_period(start, None, &entities).await.unwrap();
        let list = lists.into_iter().next()?;
        list.iter()
            .any(|s| s.last_updated == changed.last_updated)
            .then_some(list)
    })
    .await;
    assert!(rest.iter().all(|s| s.entity_id == entity));
    assert!(rest.iter().all(|s| s.context.is_none()));
    let row = rest
        .iter()
        .find(|s| s.last_updated == changed.last_updated)
        .unwrap();
    assert_eq!(row.state, changed.state);
    assert!(row.attributes.contains_key("friendly_name"));

    let session = ha.connect_ws().await.unwrap();
    let end = Some(changed.last_updated + chrono::Duration::seconds(5));
    let ws = eventually("the change in WS history", || async {
        let mut by_entity = session
            .history_during_period(start, end, &entities)
            .await
            .unwrap();
        let list = by_entity.remove(&entity)?;
        list.iter()
            .any(|s| s.last_updated == changed.last_updated)
            .then_some(list)
    })
    .await;
    let row = ws
        .iter()
        .find(|s| s.last_updated == changed.last_updated)
        .unwrap();
    assert_eq!(row.entity_id, entity);
    assert_eq!(row.state, changed.state);
    assert_eq!(row.last_changed, changed.last_changed);
    assert!(row.attributes.contains_key("friendly_name"));
    assert!(
        ws.windows(2)
            .all(|w| w[0].last_updated <= w[1].last_updated)
    );

    assert!(
        ha.history_period(start, None, &[])
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn an_automation_saved_over_the_config_api_appears_is_read_back_and_deleted_once() {
    let ha = ha();
    let id = unique("homeai_test");
    let alias = format!("homeai test {id}");
    let config = json!({
        "id": id,
        "alias": alias,
        "description": "made by crates/ha/tests/real_ha.rs",
        "mode": "single",
        "trigger": [{"platform": "state", "entity_id": "binary_sensor.front_door", "to": "on"}],
        "condition": [{"condition": "state", "entity_id": "input_boolean.guest_mode", "state": "on"}],
        "action": [{"service": "light.turn_on", "target": {"entity_id": "light.living_room_ceiling"}}]
    });
    assert!(ha.get_automation_config(&id).await.unwrap().is_none());
    ha.save_automation_config(&id, &config).await.unwrap();

    let entity = eventually("the automation entity", || async {
        ha.states().await.unwrap().into_iter().find(|s| {
            s.entity_id.starts_with("automation.")
                && s.attributes.get("id").and_then(Value::as_str) == Some(id.as_str())
        })
    })
    .await;
    assert_eq!(
        entity.attributes["friendly_name"].as_str(),
        Some(alias.as_str())
    );

    let stored = ha.get_automation_config(&id).await.unwrap().unwrap();
    assert_eq!(stored["alias"], alias);
    assert_eq!(stored["trigger"][0]["platform"], "state");

    // 2024.10 syntax is refused by 2024.3
    let modern = json!({
        "alias": format!("{alias} modern"),
        "triggers": [{"trigger": "state", "entity_id": "binary_sensor.front_door"}],
        "actions": [{"action": "light.turn_on"}]
    });
    let err = ha
        .save_automation_config(&format!("{id}_modern"), &modern)
        .await
        .unwrap_err();
    match err {
        HaError::Rejected { message } => assert!(message.contains("extra keys"), "{message}"),
        other => panic!("{other:?}"),
    }

    assert!(ha.delete_automation_config(&id).await.unwrap());
    assert!(!ha.delete_automation_config(&id).await.unwrap());
    assert!(ha.get_automation_config(&id).await.unwrap().is_none());
    eventually("the automation entity to go", || async {
        let states = ha.states().await.unwrap();
        (!states.iter().any(|s| s.entity_id == entity.entity_id)).then_some(())
    })
    .await;
}

#[tokio::test]
async fn the_event_stream_says_connected_then_delivers_events() {
    let ha = ha();
    let (mut rx, handle) = spawn_event_stream(
        ha.clone(),
        vec!["state_changed".into()],
        Duration::from_secs(5),
    );
    match timeout(WAIT, rx.recv()).await.unwrap().unwrap() {
        StreamItem::Connected { ha_version } => assert_eq!(ha_version.to_string(), "2024.3.3"),
        other => panic!("expected Connected first, got {other:?}"),
    }
    let now = flip(&ha, "switch.bedroom_fan").await;
    timeout(WAIT, async {
        loop {
            match rx.recv().await.expect("the stream is open") {
                StreamItem::Event(ev) => {
                    if let Some(d) = ev.state_changed()
                        && d.entity_id == "switch.bedroom_fan"
                        && d.new_state.map(|s| s.state) == Some(now.state.clone())
                    {
                        return;
                    }
                }
                StreamItem::Disconnected { error } => panic!("disconnected: {error}"),
                StreamItem::Connected { .. } => {}
            }
        }
    })
    .await
    .expect("a state_changed event for switch.bedroom_fan");
    drop(rx);
    timeout(Duration::from_secs(5), handle)
        .await
        .expect("the stream task ends once its receiver is dropped")
        .unwrap();
}
