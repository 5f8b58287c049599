//! Suggestions from habits: the analysis asks the automation service, which drafts typed
//! automations (no duplicates), and a person approves or rejects them.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};

use crate::helpers::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_analysis_turns_habits_into_draft_suggestions_a_person_can_approve_or_reject() {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let automation = spawn_service_in("automation", &dir, &[]);
    let _pattern = pattern_with_synthetic_home(&dir, &automation.url(""), 60, &[]).await;
    let client = client();

    let list = eventually(Duration::from_secs(60), "suggestions drafted", || async {
        let page = get_json(automation.url("/api/suggestions/list")).await;
        (page["total"].as_u64()? >= 5).then_some(page)
    })
    .await;
    let items = list["items"].as_array().unwrap();
    assert!(
        items
            .iter()
            .all(|s| s["status"] == "draft"
                && (s["source"] == "pattern" || s["source"] == "synergy"))
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

/// Feedback moves the ranking: after a person rejects several suggestions of one kind of habit,
/// new suggestions of that kind rank below their confidence and say why.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rejecting_a_kind_of_suggestion_ranks_new_ones_of_that_kind_lower_and_says_why() {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let automation = spawn_service_in("automation", &dir, &[]);
    let client = client();
    // two drafts at a time, so rejections make room for new ones
    let res = client
        .put(automation.url("/api/v1/preferences"))
        .bearer_auth(TOKEN)
        .json(&json!({ "max_suggestions": 2, "min_confidence": 0.5, "analysis_hour": 3 }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let pattern = pattern_with_synthetic_home(&dir, &automation.url(""), 45, &[]).await;
    eventually(Duration::from_secs(60), "first drafts", || async {
        let page = get_json(automation.url("/api/suggestions/list?status=draft")).await;
        (page["total"].as_u64()? >= 2).then_some(())
    })
    .await;

    let kind_of = |s: &Value| {
        let url = pattern.url(&format!("/api/v1/patterns/{}", s["pattern_id"]));
        let from_pattern = !s["pattern_id"].is_null();
        async move {
            if from_pattern {
                get_json(url).await["kind"].as_str().unwrap().to_owned()
            } else {
                "synergy".to_owned()
            }
        }
    };
    // the kind with the most patterns behind it is rejected, round after round
    let patterns = get_json(pattern.url("/api/v1/patterns/list?limit=500")).await;
    let mut per_kind = std::collections::BTreeMap::<String, usize>::new();
    for p in patterns["items"].as_array().unwrap() {
        *per_kind
            .entry(p["kind"].as_str().unwrap().to_owned())
            .or_default() += 1;
    }
    let (kind, _) = per_kind.iter().max_by_key(|(_, n)| **n).unwrap();
    let mut rejected = 0;
    let mut fresh: Vec<Value> = Vec::new();
    for _round in 0..8 {
        let drafts = get_json(automation.url("/api/suggestions/list?status=draft")).await;
        let rejected_before = rejected;
        let mut rejected_now = 0;
        for s in drafts["items"].as_array().unwrap() {
            if kind_of(s).await == *kind && rejected < 3 {
                let res = client
                    .patch(automation.url(&format!("/api/suggestions/{}/reject", s["id"])))
                    .bearer_auth(TOKEN)
                    .json(&json!({ "reason": "not this kind of thing" }))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(res.status(), 200);
                rejected += 1;
                rejected_now += 1;
            } else if rejected_before >= 3 && kind_of(s).await == *kind {
                fresh.push(s.clone());
            } else if rejected_now == 0 {
                // make room: approve what is not of the kind
                let res = client
                    .patch(automation.url(&format!("/api/suggestions/{}/approve", s["id"])))
                    .bearer_auth(TOKEN)
                    .send()
                    .await
                    .unwrap();
                assert_eq!(res.status(), 200);
            }
        }
        if !fresh.is_empty() {
            break;
        }
        let res = client
            .post(automation.url("/api/suggestions/generate"))
            .bearer_auth(TOKEN)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
    }
    assert!(
        rejected >= 3,
        "only {rejected} suggestions of kind {kind} came: {per_kind:?}"
    );
    let s = fresh
        .first()
        .unwrap_or_else(|| panic!("no new {kind} suggestion after 3 rejections: {per_kind:?}"));
    let score = s["rank_score"].as_f64().unwrap();
    let confidence = s["confidence"].as_f64().unwrap();
    assert!(
        score < confidence * 0.6,
        "rank {score} of a {kind} suggestion after {rejected} rejections, confidence {confidence}"
    );
    let why = s["rank_reason"].as_str().unwrap();
    assert!(
        why.contains(&format!("{kind} suggestions: you approved 0 of {rejected}")),
        "{why}"
    );
}

/// A synergy (motion sensor and light in one room) becomes a suggestion the habit alone would not
/// make: the light follows the sensor and goes off after quiet minutes. Rejecting it tells the
/// pattern service, which dismisses the synergy.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn synergies_become_suggestions_and_their_feedback_reaches_the_pattern_service() {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let pattern_port = free_port();
    let automation = spawn_service_in(
        "automation",
        &dir,
        &[(
            "HOMEAI_PATTERN_URL".to_owned(),
            format!("http://127.0.0.1:{pattern_port}"),
        )],
    );
    let pattern = pattern_with_synthetic_home(
        &dir,
        &automation.url(""),
        45,
        &[("HOMEAI_PATTERN_PORT".to_owned(), pattern_port.to_string())],
    )
    .await;
    let client = client();
    let synergy_suggestion =
        eventually(Duration::from_secs(60), "a synergy suggestion", || async {
            let page = get_json(automation.url("/api/suggestions/list?limit=100")).await;
            page["items"]
                .as_array()?
                .iter()
                .find(|s| s["source"] == "synergy")
                .cloned()
        })
        .await;
    let a = &synergy_suggestion["automation"];
    assert_eq!(
        a["triggers"][0]["entity_id"], "binary_sensor.hallway_motion",
        "{a}"
    );
    assert_eq!(a["mode"], "restart");
    assert_eq!(a["actions"][0]["action"], "light.turn_on");
    assert!(a["actions"][1]["wait_for_trigger"].is_array(), "{a}");
    assert_eq!(a["actions"][2]["action"], "light.turn_off");
    let synergy_id = synergy_suggestion["synergy_id"].as_i64().unwrap();
    let synergy = get_json(pattern.url(&format!("/api/v1/synergies/{synergy_id}"))).await;
    assert_eq!(synergy["status"], "active");
    assert_eq!(synergy["relationship"], "motion_lighting");

    let res = client
        .patch(automation.url(&format!(
            "/api/suggestions/{}/reject",
            synergy_suggestion["id"]
        )))
        .bearer_auth(TOKEN)
        .json(&json!({ "reason": "the hallway light stays as it is" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    eventually(Duration::from_secs(10), "the synergy dismissed", || async {
        let s = get_json(pattern.url(&format!("/api/v1/synergies/{synergy_id}"))).await;
        (s["status"] == "dismissed").then_some(())
    })
    .await;
    let listed = get_json(pattern.url("/api/v1/synergies/list")).await;
    assert!(
        !listed
            .to_string()
            .contains(&format!("\"id\":{synergy_id},")),
        "a dismissed synergy is not listed by default"
    );
    // feedback on a synergy that does not exist is a 404 naming it
    let res = client
        .post(pattern.url("/api/v1/synergies/999999/feedback"))
        .bearer_auth(TOKEN)
        .json(&json!({ "accepted": true }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
}
