//! Four processes, one SQLite file, hundreds of concurrent writers: no SQLITE_BUSY.

use std::sync::Arc;

use futures_util::future::join_all;
use serde_json::{Value, json};

use crate::helpers::*;

/// Writers per service; four services make four times as many.
const WRITERS_PER_SERVICE: usize = 100;
const EVENTS_PER_IMPORT: usize = 20;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn four_services_on_one_file_take_hundreds_of_concurrent_writes_without_busy() {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let query = spawn_service_in("query", &dir, &[]);
    let pattern = spawn_service_in("pattern", &dir, &[]);
    let automation = spawn_service_in("automation", &dir, &[]);
    let training = spawn_service_in("training", &dir, &[]);
    let client = client();

    let mut writes = Vec::new();
    for i in 0..WRITERS_PER_SERVICE {
        let alias = json!({"alias": format!("lamp {i}"), "entity_id": "light.living_room_lamp"});
        writes.push(
            client
                .post(query.url("/api/v1/ask-ai/aliases"))
                .bearer_auth(TOKEN)
                .json(&alias)
                .send(),
        );

        let events: Vec<Value> = (0..EVENTS_PER_IMPORT)
            .map(|k| {
                json!({
                    "entity_id": format!("sensor.s{i}"),
                    "old_state": k.to_string(),
                    "new_state": (k + 1).to_string(),
                    "cause": "device",
                    "context_id": format!("c{i}-{k}"),
                    "time_fired": format!("2026-11-20T08:{:02}:{:02}Z", k / 60, k % 60),
                })
            })
            .collect();
        writes.push(
            client
                .post(pattern.url("/api/v1/events"))
                .bearer_auth(TOKEN)
                .json(&json!({"events": events}))
                .send(),
        );

        let prefs =
            json!({"max_suggestions": 1 + i % 100, "min_confidence": 0.5, "analysis_hour": i % 24});
        writes.push(
            client
                .put(automation.url("/api/v1/preferences"))
                .bearer_auth(TOKEN)
                .json(&prefs)
                .send(),
        );

        let job = json!({"model_type": "synergy", "config": {"epochs": 1 + i}});
        writes.push(
            client
                .post(training.url("/api/v1/training/jobs"))
                .bearer_auth(TOKEN)
                .json(&job)
                .send(),
        );
    }
    assert_eq!(writes.len(), 4 * WRITERS_PER_SERVICE);

    let mut failures = Vec::new();
    for response in join_all(writes).await {
        let response = response.expect("request failed");
        if !response.status().is_success() {
            let status = response.status();
            let url = response.url().to_string();
            failures.push(format!(
                "{url} {status}: {}",
                response.text().await.unwrap_or_default()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} writes failed, first: {:?}",
        failures.len(),
        failures.first()
    );

    // everything written is there, exactly once
    let aliases: Value = get_json(query.url("/api/v1/ask-ai/aliases")).await;
    assert_eq!(aliases["total"], WRITERS_PER_SERVICE);
    let events: Value = get_json(pattern.url("/api/v1/events/stats")).await;
    assert_eq!(events["total"], WRITERS_PER_SERVICE * EVENTS_PER_IMPORT);
    let jobs: Value = get_json(training.url("/api/v1/training/jobs?limit=1")).await;
    assert_eq!(jobs["total"], WRITERS_PER_SERVICE);
    let prefs: Value = get_json(automation.url("/api/v1/preferences")).await;
    assert_eq!(prefs["min_confidence"], 0.5);

    for svc in [&query, &pattern, &automation, &training] {
        let logs = svc.proc.log_text().to_lowercase();
        assert!(!logs.contains("database is locked"), "{logs}");
        assert!(!logs.contains("busy"), "{logs}");
    }
}
