//! Bad input gets a 4xx with a clear message, and nothing is half-written.

use serde_json::{Value, json};

use crate::helpers::*;

async fn post(client: &reqwest::Client, url: &str, body: &Value) -> (u16, Value) {
    let res = client
        .post(url)
        .bearer_auth(TOKEN)
        .json(body)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn bad_training_jobs_are_refused_with_a_reason() {
    let svc = spawn_service("training");
    let client = client();
    let url = svc.url("/api/v1/training/jobs");

    let malformed = client
        .post(&url)
        .bearer_auth(TOKEN)
        .header("content-type", "application/json")
        .body("{\"model_type\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(malformed.status(), 400);
    let err: Value = malformed.json().await.unwrap();
    assert_eq!(err["error"], "bad_request");
    assert!(err["message"].as_str().unwrap().contains("JSON"), "{err}");

    let (status, err) = post(&client, &url, &json!({"model_type": "gpt5"})).await;
    assert_eq!(status, 400);
    assert!(
        err["message"].as_str().unwrap().contains("synergy"),
        "lists the valid types: {err}"
    );

    for bad in [
        json!({"model_type": "synergy", "priority": 7}),
        json!({"model_type": "synergy", "config": {"epochs": 0}}),
        json!({"model_type": "synergy", "config": {"learning_rate": -1}}),
        json!({"model_type": "synergy", "config": []}),
        json!({"model_type": "synergy", "execution_mode": "cloud"}),
        json!({"model_type": "synergy", "surprise": true}),
        json!({}),
    ] {
        let (status, err) = post(&client, &url, &bad).await;
        assert_eq!(status, 400, "{bad} -> {err}");
        assert_eq!(err["error"], "bad_request");
    }
    let listed: Value = get_json(&url).await;
    assert_eq!(listed["total"], 0);

    let missing = client
        .get(svc.url("/api/v1/training/jobs/999"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    let not_a_number = client
        .get(svc.url("/api/v1/training/jobs/abc"))
        .send()
        .await
        .unwrap();
    assert_eq!(not_a_number.status(), 400);
    let bad_filter = client
        .get(svc.url("/api/v1/training/jobs?status=sleeping"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad_filter.status(), 400);
    let no_route = client
        .get(svc.url("/api/v1/nothing-here"))
        .send()
        .await
        .unwrap();
    assert_eq!(no_route.status(), 404);
    assert_eq!(
        no_route.json::<Value>().await.unwrap()["error"],
        "not_found"
    );
}

#[tokio::test]
async fn a_job_is_cancelled_once_and_then_refuses() {
    let svc = spawn_service("training");
    let client = client();
    let (status, job) = post(
        &client,
        &svc.url("/api/v1/training/jobs"),
        // remote: no local worker takes it (and fails it) before it is cancelled
        &json!({"model_type": "forecast", "priority": 2, "execution_mode": "remote"}),
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(job["priority"], 2);
    let url = svc.url(&format!("/api/v1/training/jobs/{}", job["id"]));
    let cancelled = client.delete(&url).bearer_auth(TOKEN).send().await.unwrap();
    assert_eq!(cancelled.status(), 200);
    let cancelled: Value = cancelled.json().await.unwrap();
    assert_eq!(cancelled["status"], "cancelled");
    assert!(cancelled["finished_at"].is_string());
    let again = client.delete(&url).bearer_auth(TOKEN).send().await.unwrap();
    assert_eq!(again.status(), 409);
    let filtered: Value = get_json(svc.url("/api/v1/training/jobs?status=cancelled")).await;
    assert_eq!(filtered["total"], 1);
}

fn event(entity: &str, state: &str, second: u32) -> Value {
    json!({
        "entity_id": entity,
        "old_state": "off",
        "new_state": state,
        "cause": "user",
        "context_id": format!("ctx-{entity}-{second}"),
        "user_id": "u1",
        "parent_id": null,
        "time_fired": format!("2026-11-20T07:00:{second:02}.123456Z"),
    })
}

#[tokio::test]
async fn an_event_import_is_all_or_nothing_and_idempotent() {
    let svc = spawn_service("pattern");
    let client = client();
    let url = svc.url("/api/v1/events");
    let good = json!({"events": [event("light.kitchen", "on", 1), event("light.kitchen", "off", 2), event("switch.fan", "on", 3)]});

    let mut bad = good.clone();
    bad["events"]
        .as_array_mut()
        .unwrap()
        .push(event("Not An Entity", "on", 4));
    let (status, err) = post(&client, &url, &bad).await;
    assert_eq!(status, 400, "{err}");
    assert!(
        err["message"].as_str().unwrap().contains("entity_id"),
        "{err}"
    );
    let stats: Value = get_json(svc.url("/api/v1/events/stats")).await;
    assert_eq!(stats["total"], 0, "nothing of the refused batch was stored");

    let (status, first) = post(&client, &url, &good).await;
    assert_eq!(status, 200);
    assert_eq!(first, json!({"inserted": 3, "duplicates": 0}));
    let (_, second) = post(&client, &url, &good).await;
    assert_eq!(second, json!({"inserted": 0, "duplicates": 3}));
    let stats: Value = get_json(svc.url("/api/v1/events/stats")).await;
    assert_eq!(stats["total"], 3);

    let (status, _) = post(&client, &url, &json!({"events": []})).await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn preferences_out_of_range_change_nothing() {
    let svc = spawn_service("automation");
    let client = client();
    let url = svc.url("/api/v1/preferences");
    for bad in [
        json!({"max_suggestions": 0, "min_confidence": 0.5, "analysis_hour": 3}),
        json!({"max_suggestions": 5, "min_confidence": 1.5, "analysis_hour": 3}),
        json!({"max_suggestions": 5, "min_confidence": 0.5, "analysis_hour": 24}),
        json!({"max_suggestions": 5}),
    ] {
        let res = client
            .put(&url)
            .bearer_auth(TOKEN)
            .json(&bad)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400, "{bad}");
    }
    let ok = client
        .put(&url)
        .bearer_auth(TOKEN)
        .json(&json!({"max_suggestions": 5, "min_confidence": 0.5, "analysis_hour": 4}))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    let prefs: Value = get_json(&url).await;
    assert_eq!(
        prefs,
        json!({"max_suggestions": 5, "min_confidence": 0.5, "analysis_hour": 4})
    );
}

#[tokio::test]
async fn aliases_are_normalised_unique_per_user_and_deletable() {
    let svc = spawn_service("query");
    let client = client();
    let url = svc.url("/api/v1/ask-ai/aliases");
    let (status, created) = post(
        &client,
        &url,
        &json!({"alias": "  The Big  Lamp ", "entity_id": "light.living_room_lamp"}),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["alias"], "the big lamp");
    let (status, _) = post(
        &client,
        &url,
        &json!({"alias": "the big lamp", "entity_id": "light.kitchen"}),
    )
    .await;
    assert_eq!(status, 409);
    let (status, _) = post(
        &client,
        &url,
        &json!({"alias": "the big lamp", "entity_id": "light.kitchen", "user_id": "guest"}),
    )
    .await;
    assert_eq!(status, 201, "another user may use the same name");
    let (status, _) = post(
        &client,
        &url,
        &json!({"alias": "", "entity_id": "light.kitchen"}),
    )
    .await;
    assert_eq!(status, 400);
    let (status, _) = post(
        &client,
        &url,
        &json!({"alias": "x", "entity_id": "kitchen"}),
    )
    .await;
    assert_eq!(status, 400);

    let del = client
        .delete(svc.url("/api/v1/ask-ai/aliases/The%20Big%20Lamp"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(del.status(), 204);
    let del = client
        .delete(svc.url("/api/v1/ask-ai/aliases/the%20big%20lamp"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(del.status(), 404);
    let listed: Value = get_json(&url).await;
    assert_eq!(listed["total"], 1);
    assert_eq!(listed["aliases"][0]["user_id"], "guest");
}
