use serde_json::{Value, json};

use crate::helpers::*;

#[tokio::test]
async fn a_mutating_call_needs_the_bearer_token() {
    let svc = spawn_service("training");
    let client = client();
    let url = svc.url("/api/v1/training/jobs");
    let body = json!({"model_type": "synergy"});

    let none = client.post(&url).json(&body).send().await.unwrap();
    assert_eq!(none.status(), 401);
    assert_eq!(none.headers()["www-authenticate"], "Bearer");
    let err: Value = none.json().await.unwrap();
    assert_eq!(err["error"], "unauthorized");

    let wrong = client
        .post(&url)
        .bearer_auth("not-the-token")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);

    let listed: Value = get_json(&url).await;
    assert_eq!(listed["total"], 0, "a refused call wrote nothing");

    let right = client
        .post(&url)
        .bearer_auth(TOKEN)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(right.status(), 201);
    let job: Value = right.json().await.unwrap();
    assert_eq!(job["status"], "queued");

    // reading needs no token
    let listed: Value = get_json(&url).await;
    assert_eq!(listed["total"], 1);
}

#[tokio::test]
async fn delete_and_put_need_the_token_too() {
    let query = spawn_service("query");
    let automation = spawn_service("automation");
    let client = client();
    let delete = client
        .delete(query.url("/api/v1/ask-ai/aliases/big%20lamp"))
        .send()
        .await
        .unwrap();
    assert_eq!(delete.status(), 401);
    let put = client
        .put(automation.url("/api/v1/preferences"))
        .json(&json!({"max_suggestions": 5, "min_confidence": 0.5, "analysis_hour": 4}))
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), 401);
    let prefs: Value = get_json(automation.url("/api/v1/preferences")).await;
    assert_eq!(prefs["max_suggestions"], 10, "unchanged");
}

#[tokio::test]
async fn without_a_configured_token_one_is_made_and_kept_beside_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let env: Vec<(String, String)> = base_env(&dir.path().join("homeai.db"))
        .into_iter()
        .filter(|(k, _)| k != "HOMEAI_API_TOKEN")
        .collect();
    let mut proc = Proc::spawn("homeai-training", &[], &env);
    let port = proc.port_of("training");
    let token = std::fs::read_to_string(dir.path().join("api-token")).unwrap();
    assert!(token.len() >= 32);
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(dir.path().join("api-token"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o077, 0, "the token file must be private");
    assert!(
        !proc.log_text().contains(&token),
        "the token must never be logged"
    );

    let client = client();
    let url = format!("http://127.0.0.1:{port}/api/v1/training/jobs");
    let res = client
        .post(&url)
        .bearer_auth(&token)
        .json(&json!({"model_type": "intent"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
}
