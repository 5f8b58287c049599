//! Across two services: the training service trains two synergy model versions and activates
//! one; the pattern service reloads it over MQTT without a restart and its synergy scores
//! change with the version.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use homeai_synth::{HomeSpec, generate};
use serde_json::{Value, json};

use crate::helpers::*;

async fn post(url: String, body: Option<Value>) -> (u16, Value) {
    let mut req = client().post(url).bearer_auth(TOKEN);
    if let Some(b) = body {
        req = req.json(&b);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

/// Runs an analysis and returns the synergies (key → (impact, explanation)).
async fn analyse(pattern: &TestService) -> BTreeMap<String, (f64, String)> {
    let previous = get_json(pattern.url("/api/analysis/status")).await["last_run"]["id"].as_i64();
    let (status, body) = post(pattern.url("/api/analysis/trigger"), None).await;
    assert_eq!(status, 202, "{body}");
    eventually(
        Duration::from_secs(120),
        "the analysis to finish",
        || async {
            let s = get_json(pattern.url("/api/analysis/status")).await;
            let last = &s["last_run"];
            (s["running"] == false
                && last["id"].as_i64() != previous
                && last["status"] == "completed")
                .then_some(())
        },
    )
    .await;
    let page = get_json(pattern.url("/api/v1/synergies/list?limit=100")).await;
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["key"].as_str().unwrap().to_owned(),
                (
                    s["impact_score"].as_f64().unwrap(),
                    s["explanation"].as_str().unwrap().to_owned(),
                ),
            )
        })
        .collect()
}

async fn wait_model(pattern: &TestService, version: i64) {
    eventually(
        Duration::from_secs(20),
        "the pattern service to load the model",
        || async {
            let m = get_json(pattern.url("/api/v1/synergies/model")).await;
            (m["version"] == version).then_some(())
        },
    )
    .await;
}

async fn train(training: &TestService, seed: u64, epochs: u32) -> i64 {
    let (status, job) = post(
        training.url("/api/v1/training/jobs"),
        Some(json!({
            "model_type": "synergy",
            "config": {"epochs": epochs, "homes": 6, "days": 3, "seed": seed, "patience": 100},
        })),
    )
    .await;
    assert_eq!(status, 201, "{job}");
    let id = job["id"].as_i64().unwrap();
    let done = eventually(Duration::from_secs(60), "training to complete", || async {
        let j = get_json(training.url(&format!("/api/v1/training/jobs/{id}"))).await;
        assert_ne!(j["status"], "failed", "{j}");
        (j["status"] == "completed").then_some(j)
    })
    .await;
    assert_eq!(done["progress"], 1.0);
    id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn activating_a_synergy_model_version_changes_the_pattern_services_synergy_scores() {
    let broker = Mosquitto::start();
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let spec = HomeSpec {
        days: 30,
        ..HomeSpec::with_seed(21)
    };
    let mqtt = ("HOMEAI_MQTT_URL".to_owned(), broker.url());
    let pattern = spawn_service_in(
        "pattern",
        &dir,
        &[
            mqtt.clone(),
            (
                "HOMEAI_ANALYSIS__TIME_ZONE".into(),
                spec.time_zone.name().into(),
            ),
            ("HOMEAI_ANALYSIS__SCHEDULE_ENABLED".into(), "false".into()),
        ],
    );
    let training = spawn_service_in(
        "training",
        &dir,
        &[mqtt, ("HOMEAI_TRAINING_JOBS__POLL_MS".into(), "100".into())],
    );
    let home = generate(&spec);
    for chunk in home.events.chunks(10_000) {
        let (status, body) = post(
            pattern.url("/api/v1/events"),
            Some(json!({ "events": chunk })),
        )
        .await;
        assert_eq!(status, 200, "{body}");
    }

    // no model yet: the heuristic alone
    let model = get_json(pattern.url("/api/v1/synergies/model")).await;
    assert_eq!(model["active"], false);
    let heuristic = analyse(&pattern).await;
    assert!(!heuristic.is_empty(), "the home has synergies");
    assert!(
        heuristic
            .values()
            .all(|(_, e)| !e.contains("synergy model"))
    );

    // version 1 completes, becomes active (the first), and the pattern service loads it
    train(&training, 1, 2).await;
    wait_model(&pattern, 1).await;
    let v1 = analyse(&pattern).await;
    // version 2 (another seed, more epochs) is registered but not active until asked
    train(&training, 2, 4).await;
    let versions = get_json(training.url("/api/v1/training/models?model_type=synergy")).await;
    let active: Vec<i64> = versions["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["is_active"] == true)
        .map(|v| v["version"].as_i64().unwrap())
        .collect();
    assert_eq!(active, vec![1]);
    assert_eq!(
        get_json(pattern.url("/api/v1/synergies/model")).await["version"],
        1
    );

    let (status, activated) = post(
        training.url("/api/v1/training/models/synergy/versions/2/activate"),
        None,
    )
    .await;
    assert_eq!(status, 200, "{activated}");
    assert_eq!(activated["is_active"], true);
    wait_model(&pattern, 2).await;
    let v2 = analyse(&pattern).await;

    assert_eq!(
        heuristic.keys().collect::<Vec<_>>(),
        v1.keys().collect::<Vec<_>>()
    );
    assert_eq!(v1.keys().collect::<Vec<_>>(), v2.keys().collect::<Vec<_>>());
    for (key, (_, explanation)) in &v1 {
        assert!(
            explanation.contains("synergy model v1"),
            "{key}: {explanation}"
        );
        assert!(
            v2[key].1.contains("synergy model v2"),
            "{key}: {}",
            v2[key].1
        );
    }
    let changed = |a: &BTreeMap<String, (f64, String)>, b: &BTreeMap<String, (f64, String)>| {
        a.iter().any(|(k, (s, _))| (s - b[k].0).abs() > 1e-9)
    };
    assert!(
        changed(&heuristic, &v1),
        "v1 left every score as the heuristic's: {v1:?}"
    );
    assert!(
        changed(&v1, &v2),
        "v2 scored exactly like v1: {v1:?} {v2:?}"
    );

    // an unknown version is a 404, and the active one stays
    let (status, _) = post(
        training.url("/api/v1/training/models/synergy/versions/9/activate"),
        None,
    )
    .await;
    assert_eq!(status, 404);
    let gnn = get_json(training.url("/api/v1/training/gnn/status")).await;
    assert_eq!(gnn["model_exists"], true);
    assert_eq!(gnn["model_version"], 2);
    assert_eq!(gnn["model_info"]["version"], "2");
    assert_eq!(gnn["model_info"]["format"], "homeai-synergy-gnn/1");
}
