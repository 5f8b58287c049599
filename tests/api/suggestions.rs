//! Suggestions from habits: the analysis asks the automation service, which drafts typed
//! automations (no duplicates), and a person approves or rejects them.

use std::sync::Arc;
use std::time::Duration;

use homeai_synth::{HomeSpec, generate};
use serde_json::{Value, json};

use crate::helpers::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_analysis_turns_habits_into_draft_suggestions_a_person_can_approve_or_reject() {
    let spec = HomeSpec {
        days: 60,
        ..HomeSpec::with_seed(31)
    };
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let automation = spawn_service_in("automation", &dir, &[]);
    let env = vec![
        (
            "HOMEAI_ANALYSIS__TIME_ZONE".to_owned(),
            spec.time_zone.name().to_owned(),
        ),
        (
            "HOMEAI_ANALYSIS__LATITUDE".to_owned(),
            spec.latitude.to_string(),
        ),
        (
            "HOMEAI_ANALYSIS__LONGITUDE".to_owned(),
            spec.longitude.to_string(),
        ),
        ("HOMEAI_AUTOMATION_URL".to_owned(), automation.url("")),
    ];
    let pattern = spawn_service_in("pattern", &dir, &env);
    let client = client();
    for chunk in generate(&spec).events.chunks(10_000) {
        let res = client
            .post(pattern.url("/api/v1/events"))
            .bearer_auth(TOKEN)
            .json(&json!({ "events": chunk }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
    }
    let started = client
        .post(pattern.url("/api/analysis/trigger"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(started.status(), 202);

    let list = eventually(Duration::from_secs(60), "suggestions drafted", || async {
        let page = get_json(automation.url("/api/suggestions/list")).await;
        (page["total"].as_u64()? >= 5).then_some(page)
    })
    .await;
    let items = list["items"].as_array().unwrap();
    assert!(
        items
            .iter()
            .all(|s| s["status"] == "draft" && s["source"] == "pattern")
    );
    let coffee = items
        .iter()
        .find(|s| {
            s["automation"]["triggers"][0]["trigger"] == "time"
                && s["automation"]["actions"][0]["target"]["entity_id"] == "switch.coffee_maker"
                && s["automation"]["actions"][0]["action"] == "switch.turn_on"
        })
        .unwrap_or_else(|| panic!("{list}"));
    assert_eq!(
        coffee["automation"]["triggers"][0]["at"]
            .as_str()
            .unwrap()
            .get(..4),
        Some("06:5"),
        "{coffee}"
    );
    assert_eq!(
        coffee["automation"]["conditions"][0]["weekday"],
        json!(["mon", "tue", "wed", "thu", "fri"])
    );
    assert!(
        coffee["evidence"]["support"].as_u64().unwrap() >= 20,
        "{coffee}"
    );
    assert!(
        !items
            .iter()
            .any(|s| s["automation"].to_string().contains("light.porch")),
        "automation-made changes never become suggestions"
    );

    // asking again drafts nothing new: same triggers and actions are the same suggestion
    let again: Value = client
        .post(automation.url("/api/suggestions/generate"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(again["count"], 0, "{again}");

    let id = coffee["id"].as_i64().unwrap();
    let other = items.iter().find(|s| s["id"] != coffee["id"]).unwrap()["id"]
        .as_i64()
        .unwrap();
    assert_eq!(
        client
            .patch(automation.url(&format!("/api/suggestions/{id}/approve")))
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
    let approved: Value = client
        .patch(automation.url(&format!("/api/suggestions/{id}/approve")))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(approved["status"], "approved");
    let rejected: Value = client
        .patch(automation.url(&format!("/api/suggestions/{other}/reject")))
        .bearer_auth(TOKEN)
        .json(&json!({"reason": "I like doing that by hand"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(rejected["status"], "rejected");
    assert_eq!(rejected["rejection_reason"], "I like doing that by hand");
    let twice = client
        .patch(automation.url(&format!("/api/suggestions/{other}/approve")))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(
        twice.status(),
        409,
        "a rejected suggestion goes back to draft first"
    );

    let approved_list = get_json(automation.url("/api/suggestions/list?status=approved")).await;
    assert_eq!(approved_list["total"], 1);
    let stats = get_json(automation.url("/api/suggestions/usage/stats")).await;
    assert_eq!(stats["by_status"]["approved"], 1);
    assert_eq!(stats["by_status"]["rejected"], 1);
    assert_eq!(
        client
            .get(automation.url("/api/suggestions/999999"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    assert_eq!(
        client
            .get(automation.url("/api/suggestions/list?status=maybe"))
            .send()
            .await
            .unwrap()
            .status(),
        400
    );
}
