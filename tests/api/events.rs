//! The event history without Home Assistant: JSON-lines import (HTTP and CLI) and listing.

use std::time::Duration;

use serde_json::{Value, json};

use crate::helpers::*;

fn state_line(
    entity: &str,
    state: &str,
    minute: u32,
    user: Option<&str>,
    parent: Option<&str>,
) -> String {
    json!({
        "entity_id": entity,
        "state": state,
        "attributes": {"friendly_name": entity},
        "last_changed": format!("2026-11-20T07:{minute:02}:00+00:00"),
        "last_updated": format!("2026-11-20T07:{minute:02}:00+00:00"),
        "context": {"id": format!("ctx-{entity}-{minute}"), "user_id": user, "parent_id": parent},
    })
    .to_string()
}

fn export() -> String {
    [
        state_line("light.kitchen", "off", 0, None, None),
        state_line("light.kitchen", "on", 1, Some("u1"), None),
        "{\"entity_id\": \"light.kitchen\", \"state\": ".to_owned(), // line 3: cut short
        state_line("light.kitchen", "off", 2, None, Some("automation-run")),
        state_line("Bad Entity", "on", 3, None, None), // line 5: bad id
        state_line("light.kitchen", "off", 4, None, None), // attributes only: same state
        state_line("sensor.temp", "21.5", 5, None, None),
    ]
    .join("\n")
}

async fn import(svc: &TestService, body: String) -> (u16, Value) {
    let res = client()
        .post(svc.url("/api/v1/events/import"))
        .bearer_auth(TOKEN)
        .header("content-type", "application/x-ndjson")
        .body(body)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

#[tokio::test]
async fn a_history_export_imports_with_causes_and_reports_bad_lines_by_number() {
    let svc = spawn_service("pattern");
    let (status, report) = import(&svc, export()).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["lines"], 7);
    assert_eq!(report["inserted"], 5);
    assert_eq!(report["error_count"], 2);
    let lines: Vec<u64> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, vec![3, 5]);

    let page = get_json(svc.url("/api/v1/events?entity_id=light.kitchen")).await;
    assert_eq!(page["total"], 4);
    let items = page["items"].as_array().unwrap();
    let summary: Vec<(Value, Value, Value, Value)> = items
        .iter()
        .map(|e| {
            (
                e["old_state"].clone(),
                e["new_state"].clone(),
                e["cause"].clone(),
                e["attributes_only"].clone(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (Value::Null, json!("off"), json!("device"), json!(false)),
            (json!("off"), json!("on"), json!("user"), json!(false)),
            (json!("on"), json!("off"), json!("automation"), json!(false)),
            (json!("off"), json!("off"), json!("device"), json!(true)),
        ]
    );

    // again: nothing new
    let (_, again) = import(&svc, export()).await;
    assert_eq!(
        (again["inserted"].clone(), again["duplicates"].clone()),
        (json!(0), json!(5))
    );

    let users = get_json(svc.url("/api/v1/events?cause=user")).await;
    assert_eq!(users["total"], 1);
    let window =
        get_json(svc.url("/api/v1/events?since=2026-11-20T07:01:00Z&until=2026-11-20T07:04:00Z"))
            .await;
    assert_eq!(window["total"], 2);
    let sensors = get_json(svc.url("/api/v1/events?domain=sensor&limit=1")).await;
    assert_eq!(sensors["total"], 1);
    assert_eq!(sensors["items"][0]["new_state"], "21.5");
}

#[tokio::test]
async fn bad_event_filters_are_400_with_a_message() {
    let svc = spawn_service("pattern");
    let client = client();
    for query in [
        "colour=red",
        "cause=robot",
        "entity_id=Kitchen",
        "limit=0",
        "limit=5000",
        "offset=-1",
        "since=yesterday",
        "since=2026-11-21T00:00:00Z&until=2026-11-20T00:00:00Z",
        "domain=Light",
    ] {
        let res = client
            .get(svc.url(&format!("/api/v1/events?{query}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400, "{query}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error"], "bad_request", "{query}");
        assert!(!body["message"].as_str().unwrap().is_empty());
    }
}

#[tokio::test]
async fn an_oversized_or_empty_body_is_refused() {
    let svc = spawn_service("pattern");
    let huge = json!({"events": [{"x": "y".repeat(5 * 1024 * 1024)}]});
    let res = client()
        .post(svc.url("/api/v1/events"))
        .bearer_auth(TOKEN)
        .json(&huge)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 413);
    let (status, body) = import(&svc, String::new()).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(get_json(svc.url("/api/v1/events/stats")).await["total"], 0);
}

#[tokio::test]
async fn homeai_import_loads_a_file_into_the_configured_database() {
    let dir = std::sync::Arc::new(tempfile::tempdir().unwrap());
    let file = dir.path().join("export.jsonl");
    std::fs::write(&file, export()).unwrap();
    let env = base_env(&dir.path().join("homeai.db"));
    let mut cli = Proc::spawn("homeai", &["import", file.to_str().unwrap()], &env);
    assert!(
        cli.wait_exit(Duration::from_secs(30)).success(),
        "{}",
        cli.log_text()
    );
    let out = cli.log_text();
    assert!(out.contains("\"inserted\": 5"), "{out}");
    assert!(out.contains("\"line\": 3"), "{out}");

    let svc = spawn_service_in("pattern", &dir, &[]);
    assert_eq!(get_json(svc.url("/api/v1/events/stats")).await["total"], 5);
}
