//! Deploying suggestions into the real Home Assistant: approve → deploy → it appears and fires →
//! edit and redeploy → roll back to version 1 → delete; invalid and unsafe automations are
//! refused before anything is written; a write HA holds but homeai never recorded (a crash
//! between the two) is reconciled at the next start.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};

use crate::helpers::*;

async fn ha_config(config_id: &str) -> Option<Value> {
    ha_get_if_any(&format!("/api/config/automation/config/{config_id}")).await
}

/// Drafts made by the real pattern analysis of a synthetic home.
async fn drafted(automation: &TestService, dir: &Arc<tempfile::TempDir>) -> (TestService, Value) {
    let pattern = pattern_with_synthetic_home(dir, &automation.url(""), 45, &[]).await;
    let list = eventually(Duration::from_secs(90), "suggestions drafted", || async {
        let page = get_json(automation.url("/api/suggestions/list?limit=100")).await;
        (page["total"].as_u64()? >= 5).then_some(page)
    })
    .await;
    (pattern, list)
}

/// No motion in the hallway and its light off, in HA.
async fn quiet_hallway() {
    ha_call(
        "input_boolean",
        "turn_off",
        json!({"entity_id": "input_boolean.sim_hallway_motion"}),
    )
    .await;
    ha_call(
        "light",
        "turn_off",
        json!({"entity_id": "light.hallway_light"}),
    )
    .await;
    eventually(Duration::from_secs(10), "light off", || async {
        (ha_state("light.hallway_light").await == "off").then_some(())
    })
    .await;
}

fn is_hallway_motion_light(s: &Value) -> bool {
    let a = &s["automation"];
    a["triggers"][0]["trigger"] == "state"
        && a["triggers"][0]["entity_id"] == "binary_sensor.hallway_motion"
        && a["triggers"][0]["to"] == "on"
        && a["actions"][0]["action"] == "light.turn_on"
        && a["actions"][0]["target"]["entity_id"] == "light.hallway_light"
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_suggestion_is_deployed_fires_is_edited_rolled_back_and_deleted_in_the_real_ha() {
    let prefix = test_prefix("life");
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let automation = spawn_service_in("automation", &dir, &automation_env(&prefix));
    let (_pattern, list) = drafted(&automation, &dir).await;
    let items = list["items"].as_array().unwrap();
    let motion = items
        .iter()
        .find(|s| is_hallway_motion_light(s))
        .unwrap_or_else(|| panic!("no hallway motion → light suggestion in {list}"));
    let id = motion["id"].as_i64().unwrap();
    let config_id = format!("{prefix}s{id}");
    let c = client();

    // a draft is not deployed; nor without the token
    let (status, body) = send_token(c.post(automation.url(&format!("/api/deploy/{id}")))).await;
    assert_eq!(status, 409, "{body}");
    let unauthenticated = c
        .post(automation.url(&format!("/api/deploy/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(unauthenticated.status(), 401);
    let (status, body) =
        send_token(c.patch(automation.url(&format!("/api/suggestions/{id}/approve")))).await;
    assert_eq!(status, 200, "{body}");

    // deploy: it appears in HA under our prefix, as the suggestion's automation
    let (status, deployed) = send_token(c.post(automation.url(&format!("/api/deploy/{id}")))).await;
    assert_eq!(status, 200, "{deployed}");
    let data = &deployed["data"];
    assert_eq!(data["ha_config_id"], config_id.as_str());
    assert_eq!(data["version"], 1);
    let entity = data["entity_id"].as_str().unwrap().to_owned();
    assert!(entity.starts_with("automation."), "{deployed}");
    let v1 = ha_config(&config_id).await.expect("stored in HA");
    assert_eq!(v1["id"], config_id.as_str());
    assert_eq!(
        v1["trigger"][0]["entity_id"], "binary_sensor.hallway_motion",
        "{v1}"
    );
    assert_eq!(ha_state(&entity).await, "on");
    let suggestion = get_json(automation.url(&format!("/api/suggestions/{id}"))).await;
    assert_eq!(suggestion["status"], "deployed");

    // it fires: motion in the hallway turns the hallway light on, in HA
    quiet_hallway().await;
    ha_call(
        "input_boolean",
        "turn_on",
        json!({"entity_id": "input_boolean.sim_hallway_motion"}),
    )
    .await;
    eventually(
        Duration::from_secs(15),
        "the automation turns the light on",
        || async { (ha_state("light.hallway_light").await == "on").then_some(()) },
    )
    .await;
    let listed = eventually(Duration::from_secs(10), "fired since deploy", || async {
        let page = get_json(automation.url("/api/deploy/automations")).await;
        let one = page["automations"]
            .as_array()?
            .iter()
            .find(|a| a["ha_config_id"] == config_id.as_str())?
            .clone();
        (one["fired_since_deploy"] == true).then_some(one)
    })
    .await;
    assert_eq!(listed["ha_state"], "on");
    assert!(listed["last_triggered"].is_string(), "{listed}");

    // edit (dim to 40 %) and redeploy: version 2 is what HA holds
    let mut edited = motion["automation"].clone();
    edited["actions"][0]["data"] = json!({ "brightness_pct": 40 });
    let (status, body) = send_token(
        c.patch(automation.url(&format!("/api/suggestions/{id}")))
            .json(&json!({ "automation": edited })),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (status, redeployed) =
        send_token(c.post(automation.url(&format!("/api/deploy/{id}")))).await;
    assert_eq!(status, 200, "{redeployed}");
    assert_eq!(redeployed["data"]["version"], 2);
    let v2 = ha_config(&config_id).await.unwrap();
    assert_ne!(v2, v1);
    assert_eq!(v2["action"][0]["data"]["brightness_pct"], 40, "{v2}");

    // roll back: HA holds version 1 again, recorded as version 3
    let (status, rolled) =
        send_token(c.post(automation.url(&format!("/api/deploy/{config_id}/rollback")))).await;
    assert_eq!(status, 200, "{rolled}");
    assert!(
        rolled["message"]
            .as_str()
            .unwrap()
            .ends_with("is back to what version 1 was, as version 3"),
        "{rolled}"
    );
    assert_eq!(ha_config(&config_id).await.unwrap(), v1);
    let versions = get_json(automation.url(&format!("/api/deploy/{config_id}/versions"))).await;
    let versions = versions["versions"].as_array().unwrap().clone();
    assert_eq!(versions.len(), 3);
    assert_eq!(versions[2]["reason"], "rollback");
    assert_eq!(versions[2]["automation"], versions[0]["automation"]);
    assert_eq!(versions[2]["is_active"], true);

    // disable, enable, trigger through HA's own services
    let (status, body) =
        send_token(c.post(automation.url(&format!("/api/deploy/automations/{entity}/disable"))))
            .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(ha_state(&entity).await, "off");
    let (status, body) =
        send_token(c.post(automation.url(&format!("/api/deploy/automations/{config_id}/enable"))))
            .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(ha_state(&entity).await, "on");
    ha_call(
        "light",
        "turn_off",
        json!({"entity_id": "light.hallway_light"}),
    )
    .await;
    let (status, body) =
        send_token(c.post(automation.url(&format!("/api/deploy/automations/{config_id}/trigger"))))
            .await;
    assert_eq!(status, 200, "{body}");
    eventually(Duration::from_secs(10), "triggered by hand", || async {
        (ha_state("light.hallway_light").await == "on").then_some(())
    })
    .await;

    // delete: gone from HA, the suggestion rolled back, not listed
    let (status, body) =
        send_token(c.delete(automation.url(&format!("/api/deploy/automations/{config_id}")))).await;
    assert_eq!(status, 200, "{body}");
    assert!(ha_config(&config_id).await.is_none());
    let suggestion = get_json(automation.url(&format!("/api/suggestions/{id}"))).await;
    assert_eq!(suggestion["status"], "rolled_back");
    let page = get_json(automation.url("/api/deploy/automations")).await;
    assert!(!page.to_string().contains(&config_id), "{page}");
    quiet_hallway().await;

    // ---- refused before anything is written
    let others: Vec<i64> = items
        .iter()
        .filter(|s| s["id"] != motion["id"])
        .map(|s| s["id"].as_i64().unwrap())
        .take(2)
        .collect();
    let (invalid, unsafe_) = (others[0], others[1]);
    // an entity the home does not have
    let (status, body) = send_token(c.patch(automation.url(&format!("/api/suggestions/{invalid}"))).json(&json!({
        "automation": {
            "alias": "Invalid", "triggers": [{"trigger": "state", "entity_id": "binary_sensor.hallway_motion", "to": "on"}],
            "actions": [{"action": "light.turn_on", "target": {"entity_id": "light.does_not_exist"}}]
        }
    }))).await;
    assert_eq!(status, 200, "{body}");
    // fires every 5 seconds and toggles what it watches
    let (status, body) = send_token(c.patch(automation.url(&format!("/api/suggestions/{unsafe_}"))).json(&json!({
        "automation": {
            "alias": "Unsafe", "triggers": [
                {"trigger": "time_pattern", "seconds": "/5"},
                {"trigger": "state", "entity_id": "light.hallway_light", "to": "on"}
            ],
            "actions": [{"action": "light.toggle", "target": {"entity_id": "light.hallway_light"}}]
        }
    }))).await;
    assert_eq!(status, 200, "{body}");
    for sid in [invalid, unsafe_] {
        let (status, _) =
            send_token(c.patch(automation.url(&format!("/api/suggestions/{sid}/approve")))).await;
        assert_eq!(status, 200, "{body}");
    }
    let (status, refused) =
        send_token(c.post(automation.url(&format!("/api/deploy/{invalid}")))).await;
    assert_eq!(status, 422, "{refused}");
    assert!(
        refused["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["field"].as_str().unwrap().starts_with("actions[0]")
                && f["message"]
                    .as_str()
                    .unwrap()
                    .contains("light.does_not_exist")),
        "{refused}"
    );
    assert!(ha_config(&format!("{prefix}s{invalid}")).await.is_none());

    let (status, refused) =
        send_token(c.post(automation.url(&format!("/api/deploy/{unsafe_}")))).await;
    assert_eq!(status, 422, "{refused}");
    let codes: Vec<&str> = refused["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["source"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"safety:high_frequency_time_pattern"),
        "{refused}"
    );
    assert!(
        refused["safety"]["score"].as_u64().unwrap() < 60,
        "{refused}"
    );
    assert!(ha_config(&format!("{prefix}s{unsafe_}")).await.is_none());
    // forcing needs the admin token, which this service does not have
    let (status, body) = send_token(
        c.post(automation.url(&format!("/api/deploy/{unsafe_}")))
            .json(&json!({ "force_deploy": true })),
    )
    .await;
    assert_eq!(status, 403, "{body}");
    assert!(ha_config(&format!("{prefix}s{unsafe_}")).await.is_none());
}

/// The state a crash between writing to HA and recording the deployment leaves behind: HA holds
/// automations under this instance's ids that its database does not record. At the next start
/// the service adopts the one whose suggestion it holds and removes the one nobody could manage.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_homeai_never_recorded_is_reconciled_at_the_next_start() {
    let prefix = test_prefix("crash");
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let env = automation_env(&prefix);
    let mut automation = spawn_service_in("automation", &dir, &env);
    let (mut pattern, list) = drafted(&automation, &dir).await;
    // any suggestion: what matters is that its id is one this database knows
    let id = list["items"][0]["id"].as_i64().unwrap();
    let (status, body) =
        send_token(client().patch(automation.url(&format!("/api/suggestions/{id}/approve")))).await;
    assert_eq!(status, 200, "{body}");
    automation.proc.terminate();
    pattern.proc.terminate();

    // what the service had written when it died: the suggestion's automation, and one whose
    // suggestion is unknown to this database
    let (url, token) = real_ha();
    let adopted = format!("{prefix}s{id}");
    let stray = format!("{prefix}s987654");
    let foreign = format!("{prefix}x1");
    for (config_id, alias) in [
        (&adopted, "Hallway light on motion"),
        (&stray, "Stray"),
        (&foreign, "Not ours"),
    ] {
        // (an automation no test's drafting could take for one it suggests)
        let mut body = json!({
            "id": config_id, "alias": alias, "mode": "single",
            "trigger": [{"platform": "state", "entity_id": "binary_sensor.hallway_motion", "to": "on", "for": "00:00:42"}],
            "action": [{"service": "light.turn_on", "target": {"entity_id": "light.hallway_light"}}],
        });
        if config_id == &stray {
            body["action"][0]["target"]["entity_id"] = json!("light.porch_light");
        }
        let res = client()
            .post(format!("{url}/api/config/automation/config/{config_id}"))
            .bearer_auth(&token)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert!(res.status().is_success(), "{}", res.status());
    }
    // HA loads them
    eventually(Duration::from_secs(15), "HA loaded the three", || async {
        let states = ha_get("/api/states").await;
        let ids: Vec<String> = states
            .as_array()?
            .iter()
            .filter_map(|s| s["attributes"]["id"].as_str().map(str::to_owned))
            .collect();
        [&adopted, &stray, &foreign]
            .iter()
            .all(|c| ids.contains(c))
            .then_some(())
    })
    .await;

    let automation = spawn_service_in("automation", &dir, &env);
    let listed = eventually(Duration::from_secs(20), "adopted at start", || async {
        let page = get_json(automation.url("/api/deploy/automations")).await;
        let one = page["automations"]
            .as_array()?
            .iter()
            .find(|a| a["ha_config_id"] == adopted.as_str())?
            .clone();
        Some(one)
    })
    .await;
    assert_eq!(listed["suggestion_id"], id);
    assert_eq!(listed["current_version"], 1);
    assert!(
        listed["entity_id"]
            .as_str()
            .unwrap()
            .starts_with("automation.")
    );
    let suggestion = get_json(automation.url(&format!("/api/suggestions/{id}"))).await;
    assert_eq!(suggestion["status"], "deployed");
    eventually(Duration::from_secs(10), "stray removed", || async {
        ha_config(&stray).await.is_none().then_some(())
    })
    .await;
    assert!(
        ha_config(&foreign).await.is_some(),
        "an id not of our form is left alone"
    );
    let versions = get_json(automation.url(&format!("/api/deploy/{adopted}/versions"))).await;
    assert_eq!(
        versions["versions"][0]["automation"],
        ha_config(&adopted).await.unwrap()
    );

    // reconciling again changes nothing; cleaning up goes through the API
    let (status, again) = send_token(client().post(automation.url("/api/deploy/reconcile"))).await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(again["adopted"], json!([]));
    assert_eq!(again["removed_from_ha"], json!([]));
    let (status, body) =
        send_token(client().delete(automation.url(&format!("/api/deploy/automations/{adopted}"))))
            .await;
    assert_eq!(status, 200, "{body}");
    assert!(ha_config(&adopted).await.is_none());
    let res = client()
        .delete(format!("{url}/api/config/automation/config/{foreign}"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success());
}

async fn ha_put_automation(config_id: &str, body: &Value) {
    let (url, token) = real_ha();
    let res = client()
        .post(format!("{url}/api/config/automation/config/{config_id}"))
        .bearer_auth(&token)
        .json(body)
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "{}", res.status());
}

async fn ha_delete_automation(config_id: &str) {
    let (url, token) = real_ha();
    client()
        .delete(format!("{url}/api/config/automation/config/{config_id}"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
}

/// The household's own automations: the audit finds a conflicting pair and a disabled one, and
/// a habit already automated in HA is not suggested again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_audit_and_drafting_know_the_automations_already_in_ha() {
    let tag = format!("audit{}", std::process::id());
    let on_id = format!("{tag}_on");
    let off_id = format!("{tag}_off");
    let trigger =
        json!([{"platform": "state", "entity_id": "input_boolean.sim_front_door", "to": "on"}]);
    ha_put_automation(&on_id, &json!({
        "id": on_id, "alias": format!("{tag} porch on"), "trigger": trigger,
        "action": [{"service": "switch.turn_on", "target": {"entity_id": "switch.coffee_maker"}}],
    }))
    .await;
    ha_put_automation(&off_id, &json!({
        "id": off_id, "alias": format!("{tag} porch off"), "trigger": trigger,
        "action": [{"service": "switch.turn_off", "target": {"entity_id": "switch.coffee_maker"}}],
    }))
    .await;
    let ours = test_prefix("audit");
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let automation = spawn_service_in("automation", &dir, &automation_env(&ours));
    let entity_of = |alias: String| async move {
        let states = ha_get("/api/states").await;
        states
            .as_array()?
            .iter()
            .find(|s| s["attributes"]["friendly_name"] == alias.as_str())
            .map(|s| s["entity_id"].as_str().unwrap().to_owned())
    };
    let on_entity = eventually(Duration::from_secs(15), "HA loaded them", || {
        entity_of(format!("{tag} porch on"))
    })
    .await;
    let off_entity = eventually(Duration::from_secs(15), "HA loaded them", || {
        entity_of(format!("{tag} porch off"))
    })
    .await;
    ha_call("automation", "turn_off", json!({"entity_id": off_entity})).await;

    let report = get_json(automation.url("/api/deploy/audit")).await;
    let conflict = report["conflicts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| {
            let pair = [c["first"].as_str().unwrap(), c["second"].as_str().unwrap()];
            pair.contains(&on_entity.as_str()) && pair.contains(&off_entity.as_str())
        })
        .unwrap_or_else(|| panic!("{report}"));
    assert_eq!(conflict["entity_id"], "switch.coffee_maker");
    assert!(
        report["disabled"]
            .as_array()
            .unwrap()
            .contains(&json!(off_entity)),
        "{report}"
    );
    assert!(
        report["stale"].to_string().contains(&on_entity),
        "never fired: stale {report}"
    );
    ha_delete_automation(&on_id).await;
    ha_delete_automation(&off_id).await;

    // a habit the household already automated in HA is not drafted again
    let (_pattern, list) = drafted(&automation, &dir).await;
    let first = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["automation"]["triggers"][0]["trigger"] == "time")
        .unwrap()
        .clone();
    let user_id = format!("{tag}_habit");
    let mut body = first["automation"].clone();
    body["id"] = json!(user_id);
    body["alias"] = json!(format!("{tag} my own"));
    // HA 2024.3 speaks the legacy dialect: render it through the automation service
    let (status, rendered) = send_token(
        client()
            .post(automation.url("/api/v1/automations/render"))
            .json(&json!({ "automation": body })),
    )
    .await;
    assert_eq!(status, 200, "{rendered}");
    let mut legacy = rendered["json"].clone();
    legacy["id"] = json!(user_id);
    ha_put_automation(&user_id, &legacy).await;
    let dir2 = Arc::new(tempfile::tempdir().unwrap());
    let fresh = spawn_service_in("automation", &dir2, &automation_env(&test_prefix("audit2")));
    let (_pattern2, list2) = drafted(&fresh, &dir2).await;
    ha_delete_automation(&user_id).await;
    assert!(
        !list2["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(
                |s| s["automation"]["triggers"] == first["automation"]["triggers"]
                    && s["automation"]["actions"] == first["automation"]["actions"]
            ),
        "the habit automated in HA was suggested again: {first}"
    );
}

/// Below the safety bar only the admin token forces a deploy, and the warnings say what it went
/// past. (The automation's condition never holds, so it does nothing while it exists.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_admin_forces_a_deploy_below_the_safety_bar() {
    let ours = test_prefix("force");
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let mut env = automation_env(&ours);
    env.push(("HOMEAI_API__ADMIN_TOKEN".into(), "the-admins-token".into()));
    let automation = spawn_service_in("automation", &dir, &env);
    let (_pattern, list) = drafted(&automation, &dir).await;
    let id = list["items"][0]["id"].as_i64().unwrap();
    let (status, body) = send_token(client().patch(automation.url(&format!("/api/suggestions/{id}"))).json(&json!({
        "automation": {
            "alias": format!("{ours} forced"),
            "triggers": [
                {"trigger": "time_pattern", "seconds": "/5"},
                {"trigger": "state", "entity_id": "switch.coffee_maker", "to": "on"}
            ],
            "conditions": [{"condition": "state", "entity_id": "input_boolean.sim_front_door", "state": "never"}],
            "actions": [{"action": "switch.toggle", "target": {"entity_id": "switch.coffee_maker"}}]
        }
    }))).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) =
        send_token(client().patch(automation.url(&format!("/api/suggestions/{id}/approve")))).await;
    assert_eq!(status, 200, "{body}");
    let url = automation.url(&format!("/api/deploy/{id}"));
    let (status, body) = send_token(client().post(&url)).await;
    assert_eq!(status, 422, "{body}");
    let (status, body) = send_token(client().post(&url).json(&json!({"force_deploy": true}))).await;
    assert_eq!(status, 403, "the ordinary token does not force: {body}");
    let res = client()
        .post(&url)
        .bearer_auth("the-admins-token")
        .json(&json!({"force_deploy": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let forced: Value = res.json().await.unwrap();
    let config_id = format!("{ours}s{id}");
    assert_eq!(forced["data"]["ha_config_id"], config_id.as_str());
    let warnings = forced["data"]["warnings"].to_string();
    assert!(warnings.contains("high_frequency_time_pattern"), "{forced}");
    assert!(ha_config(&config_id).await.is_some());
    let (status, body) = send_token(
        client().delete(automation.url(&format!("/api/deploy/automations/{config_id}"))),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(ha_config(&config_id).await.is_none());

    // a batch answers per suggestion; an empty one is refused
    let (status, batch) = send_token(
        client()
            .post(automation.url("/api/deploy/batch"))
            .json(&json!([999_999, id])),
    )
    .await;
    assert_eq!(status, 200, "{batch}");
    assert_eq!(batch["total"], 2);
    assert_eq!(batch["failed"][0]["suggestion_id"], 999_999);
    assert_eq!(batch["failed"][0]["code"], "not_found", "{batch}");
    assert_eq!(
        batch["failed"][1]["suggestion_id"], id,
        "rolled back, still unsafe: {batch}"
    );
    assert!(batch["successful"].as_array().unwrap().is_empty());
    let (status, body) = send_token(
        client()
            .post(automation.url("/api/deploy/batch"))
            .json(&json!([])),
    )
    .await;
    assert_eq!(status, 400, "{body}");
}

/// Ask AI end to end against the real HA: the registry comes from HA (the pattern service syncs
/// it), a plain-language request becomes an automation, approving it deploys it, and it fires.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_question_becomes_an_automation_that_is_deployed_and_fires_in_the_real_ha() {
    let ours = test_prefix("ask");
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let automation = spawn_service_in("automation", &dir, &automation_env(&ours));
    let pattern = spawn_service_in("pattern", &dir, &ha_env());
    eventually(Duration::from_secs(30), "HA's registry synced", || async {
        let page = get_json(pattern.url("/api/v1/entities?domain=light")).await;
        page.to_string()
            .contains("light.living_room_lamp")
            .then_some(())
    })
    .await;
    let query = spawn_service_in(
        "query",
        &dir,
        &[("HOMEAI_AUTOMATION_URL".to_owned(), automation.url(""))],
    );
    let (status, answer) = send_token(
        client()
            .post(query.url("/api/v1/ask-ai/query"))
            .json(&json!({ "query": "When the front door opens, turn on the living room lamp" })),
    )
    .await;
    assert_eq!(status, 201, "{answer}");
    assert_eq!(answer["clarification_needed"], false, "{answer}");
    let suggestion = &answer["suggestions"][0];
    let query_id = answer["query_id"].as_str().unwrap();
    let sid = suggestion["suggestion_id"]
        .as_str()
        .or_else(|| suggestion["id"].as_str())
        .unwrap_or_else(|| panic!("{answer}"))
        .to_owned();

    ha_call(
        "input_boolean",
        "turn_off",
        json!({"entity_id": "input_boolean.sim_front_door"}),
    )
    .await;
    ha_call(
        "light",
        "turn_off",
        json!({"entity_id": "light.living_room_lamp"}),
    )
    .await;
    let (status, approved) = send_token(client().post(query.url(&format!(
        "/api/v1/ask-ai/query/{query_id}/suggestions/{sid}/approve"
    ))))
    .await;
    assert_eq!(status, 200, "{approved}");
    assert_eq!(approved["status"], "approved", "{approved}");
    let config_id = approved["ha_config_id"].as_str().unwrap().to_owned();
    assert!(config_id.starts_with(&ours), "{approved}");
    let stored = ha_config(&config_id).await.expect("in HA");
    assert_eq!(
        stored["trigger"][0]["entity_id"], "binary_sensor.front_door",
        "{stored}"
    );

    // it fires: the door opens, the lamp comes on
    ha_call(
        "input_boolean",
        "turn_on",
        json!({"entity_id": "input_boolean.sim_front_door"}),
    )
    .await;
    eventually(
        Duration::from_secs(15),
        "the lamp turned on by the automation",
        || async { (ha_state("light.living_room_lamp").await == "on").then_some(()) },
    )
    .await;
    let listed = get_json(automation.url(&format!("/api/deploy/automations/{config_id}"))).await;
    assert_eq!(
        listed["deployment"]["suggestion_id"],
        approved["automation_suggestion_id"]
    );
    let s = get_json(automation.url(&format!(
        "/api/suggestions/{}",
        approved["automation_suggestion_id"]
    )))
    .await;
    assert_eq!(s["source"], "ask_ai");
    assert_eq!(s["status"], "deployed");

    let (status, _) = send_token(
        client().delete(automation.url(&format!("/api/deploy/automations/{config_id}"))),
    )
    .await;
    assert_eq!(status, 200);
    ha_call(
        "input_boolean",
        "turn_off",
        json!({"entity_id": "input_boolean.sim_front_door"}),
    )
    .await;
    ha_call(
        "light",
        "turn_off",
        json!({"entity_id": "light.living_room_lamp"}),
    )
    .await;
}
