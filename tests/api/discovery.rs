//! homeai's own sensors appear in the real Home Assistant through MQTT discovery, and come back
//! when HA announces itself after forgetting them.

use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;

use crate::helpers::*;

async fn ha_state_of(entity: &str) -> Option<Value> {
    ha_get_if_any(&format!("/api/states/{entity}")).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pending_suggestions_and_the_last_analysis_are_sensors_in_the_real_ha() {
    let port = test_mqtt_port();
    let node = format!("homeai_t{}", std::process::id());
    let env = vec![
        (
            "HOMEAI_MQTT_URL".to_owned(),
            format!("mqtt://127.0.0.1:{port}"),
        ),
        ("HOMEAI_MQTT__DISCOVERY__NODE_ID".to_owned(), node.clone()),
        (
            "HOMEAI_MQTT__DISCOVERY__INTERVAL_MS".to_owned(),
            "200".to_owned(),
        ),
    ];
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let automation = spawn_service_in("automation", &dir, &env);
    let _pattern = pattern_with_synthetic_home(&dir, &automation.url(""), 30, &env).await;
    let drafts = eventually(Duration::from_secs(60), "drafts", || async {
        let page = get_json(automation.url("/api/suggestions/list?status=draft")).await;
        page["total"].as_u64().filter(|n| *n > 0)
    })
    .await;

    let pending = format!("sensor.{node}_pending_suggestions");
    let state = eventually(Duration::from_secs(20), "the sensor in HA", || async {
        let s = ha_state_of(&pending).await?;
        (s["state"] == drafts.to_string().as_str()).then_some(s)
    })
    .await;
    assert_eq!(state["attributes"]["unit_of_measurement"], "suggestions");
    assert!(state["attributes"]["top"].is_array(), "{state}");
    let last = format!("sensor.{node}_last_analysis");
    let analysis = eventually(Duration::from_secs(20), "last analysis in HA", || async {
        let s = ha_state_of(&last).await?;
        // the entity comes with its config; its state follows
        chrono::DateTime::parse_from_rfc3339(s["state"].as_str()?)
            .is_ok()
            .then_some(s)
    })
    .await;
    assert!(
        chrono::DateTime::parse_from_rfc3339(analysis["state"].as_str().unwrap()).is_ok(),
        "{analysis}"
    );
    assert_eq!(analysis["attributes"]["result"], "completed", "{analysis}");
    assert!(
        analysis["attributes"]["patterns_detected"]
            .as_u64()
            .unwrap()
            > 0
    );

    // HA forgets it (an empty retained config removes it), then announces itself: it is back
    let config = format!("homeassistant/sensor/{node}/pending_suggestions/config");
    mqtt_publish(port, &config, "", true).await;
    eventually(Duration::from_secs(10), "removed from HA", || async {
        ha_state_of(&pending).await.is_none().then_some(())
    })
    .await;
    mqtt_publish(port, "homeassistant/status", "online", false).await;
    eventually(Duration::from_secs(10), "back in HA", || async {
        let s = ha_state_of(&pending).await?;
        (s["state"] == drafts.to_string().as_str()).then_some(())
    })
    .await;

    // a training job's progress, while it runs
    let training = spawn_service_in("training", &dir, &env);
    let res = client()
        .post(training.url("/api/v1/training/jobs"))
        .bearer_auth(TOKEN)
        .json(&serde_json::json!({
            "model_type": "synergy",
            "config": {"epochs": 8, "homes": 4, "days": 2, "patience": 100, "throttle_ms": 600}
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let job: Value = res.json().await.unwrap();
    let progress = format!("sensor.{node}_training_progress");
    let seen = eventually(
        Duration::from_secs(30),
        "training progress in HA",
        || async {
            let s = ha_state_of(&progress).await?;
            let percent: f64 = s["state"].as_str()?.parse().ok()?;
            (s["attributes"]["job_id"] == job["id"] && percent > 0.0).then_some(s)
        },
    )
    .await;
    assert_eq!(seen["attributes"]["model_type"], "synergy", "{seen}");
    assert_eq!(seen["attributes"]["unit_of_measurement"], "%");

    // clean up: no retained configs of this test stay on the broker
    for key in ["pending_suggestions", "deployed_automations"] {
        mqtt_publish(
            port,
            &format!("homeassistant/sensor/{node}/{key}/config"),
            "",
            true,
        )
        .await;
    }
    mqtt_publish(
        port,
        &format!("homeassistant/sensor/{node}/last_analysis/config"),
        "",
        true,
    )
    .await;
}
