//! Across two services: the training service trains Ask AI's intent model through its API
//! (`POST /api/v1/training/trigger` starts one as the reference's soft-prompt training did);
//! the query service follows the active version over MQTT without a restart, rewords the
//! requests its rules cannot answer, and says so in its answer. Activating another version
//! changes the answers at once.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};

use crate::helpers::*;

fn dev_home() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|a| a.join("shared/data/askai/home.json"))
        .find(|p| p.exists())
        .expect("shared/data/askai/home.json")
}

async fn ask(query: &TestService, text: &str) -> Value {
    let (status, body) =
        post_token(query.url("/api/v1/ask-ai/query"), json!({ "query": text })).await;
    assert_eq!(status, 201, "{body}");
    body
}

/// Trains a small intent model through the jobs API; its registered version.
async fn train(training: &TestService, seed: u64) -> i64 {
    let (status, job) = post_token(
        training.url("/api/v1/training/jobs"),
        json!({"model_type": "intent", "config": {
            "homes": 12, "queries_per_home": 80, "epochs": 8, "hash_bits": 12, "seed": seed
        }}),
    )
    .await;
    assert_eq!(status, 201, "{job}");
    let id = job["id"].as_i64().unwrap();
    let done = eventually(Duration::from_secs(120), "intent training", || async {
        let j = get_json(training.url(&format!("/api/v1/training/jobs/{id}"))).await;
        assert_ne!(j["status"], "failed", "{j}");
        (j["status"] == "completed").then_some(j)
    })
    .await;
    let versions = get_json(training.url("/api/v1/training/models?model_type=intent")).await;
    let mine = versions["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["job_id"] == done["id"])
        .cloned()
        .unwrap_or_else(|| panic!("no version of job {id}: {versions}"));
    // on requests for this home too (its registry from the query service), held out on
    // requests for made-up homes it never saw
    let entities = std::fs::read_to_string(dev_home()).unwrap();
    let entities = serde_json::from_str::<Value>(&entities).unwrap()["entities"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(
        done["config"]["home"]["entities"].as_array().map(Vec::len),
        Some(entities)
    );
    assert_eq!(mine["metrics"]["own_home_entities"], entities);
    let exact = mine["metrics"]["exact"].as_f64().unwrap();
    assert!(exact >= 0.8, "held-out exact {exact}: {mine}");
    mine["version"].as_i64().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_trained_intent_model_rewords_what_the_rules_miss_and_a_new_version_takes_over_without_a_restart()
 {
    let broker = Mosquitto::start();
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let mqtt = ("HOMEAI_MQTT_URL".to_owned(), broker.url());
    let query = spawn_service_in(
        "query",
        &dir,
        &[
            mqtt.clone(),
            (
                "HOMEAI_ASKAI__HOME_FILE".into(),
                dev_home().display().to_string(),
            ),
        ],
    );
    let training = spawn_service_in(
        "training",
        &dir,
        &[
            mqtt,
            ("HOMEAI_TRAINING_JOBS__POLL_MS".into(), "100".into()),
            ("HOMEAI_QUERY_URL".into(), query.url("")),
        ],
    );
    let request = "Illuminate the porch light at dusk";

    // without a model the rules cannot answer it as written
    let before = ask(&query, request).await;
    assert_eq!(before["clarification_needed"], true, "{before}");
    assert_eq!(before["read_by_model"], Value::Null);

    // the reference's trigger starts an intent run (cancelled here: the test trains small ones)
    let (status, run) = post_token(
        training.url("/api/v1/training/trigger?training_type=soft_prompt"),
        json!({}),
    )
    .await;
    assert_eq!(status, 202, "{run}");
    let run_id = run["id"].as_i64().unwrap();
    let job = get_json(training.url(&format!("/api/v1/training/jobs/{run_id}"))).await;
    assert_eq!(job["model_type"], "intent", "{job}");
    let cancelled = client()
        .delete(training.url(&format!("/api/v1/training/jobs/{run_id}")))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(cancelled.status(), 200);

    // the first version is activated when it completes; the query service loads it
    let v1 = train(&training, 5).await;
    let answer = eventually(
        Duration::from_secs(30),
        "the query service to use v1",
        || async {
            let a = ask(&query, request).await;
            (a["read_by_model"]["model"] == format!("intent model v{v1}")).then_some(a)
        },
    )
    .await;
    assert_eq!(answer["engine"], "model", "{answer}");
    assert_eq!(answer["clarification_needed"], false, "{answer}");
    let automation = answer["suggestions"][0]["automation"].to_string();
    assert!(automation.contains("light.porch_light"), "{automation}");
    assert!(automation.contains("sunset"), "{automation}");
    assert!(automation.contains("light.turn_on"), "{automation}");
    assert!(
        answer["message"].as_str().unwrap().contains("intent model"),
        "the answer says the model read it: {answer}"
    );
    let changes = answer["read_by_model"]["changes"].to_string();
    assert!(
        changes.contains("illuminate") && changes.contains("dusk"),
        "{changes}"
    );
    // a request the rules read is left to them
    let plain = ask(&query, "Turn on the porch light at sunset").await;
    assert_eq!(plain["engine"], "rules", "{plain}");

    // a second version (another seed) is registered but not active until activated
    let v2 = train(&training, 9).await;
    assert_ne!(v1, v2);
    let still = ask(&query, request).await;
    assert_eq!(
        still["read_by_model"]["model"],
        format!("intent model v{v1}")
    );
    let (status, body) = post_token(
        training.url(&format!(
            "/api/v1/training/models/intent/versions/{v2}/activate"
        )),
        json!({}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    eventually(
        Duration::from_secs(30),
        "the query service to use v2",
        || async {
            let a = ask(&query, request).await;
            (a["read_by_model"]["model"] == format!("intent model v{v2}")).then_some(a)
        },
    )
    .await;

    // a version past 32 bits names no version (it once wrapped around to v1)
    let (status, body) = post_token(
        training.url(&format!(
            "/api/v1/training/models/intent/versions/{}/activate",
            (1i64 << 32) + v1
        )),
        json!({}),
    )
    .await;
    assert_eq!(status, 404, "{body}");
    let active = get_json(training.url("/api/v1/training/models/intent/active")).await;
    assert_eq!(active["version"], v2, "{active}");
}

/// `homeai up` beside the real Home Assistant trains Ask AI's intent model for that home by
/// itself, in the background at the queue's lowest priority, once the registry is synced; the
/// query service then reads with it what the rules miss. Nobody starts a job.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn homeai_up_trains_the_intent_model_for_the_home_without_being_asked() {
    let dir = tempfile::tempdir().unwrap();
    let mut env = base_env(&dir.path().join("homeai.db"));
    env.extend(ha_env());
    env.push(("HOMEAI_MQTT__EMBEDDED_PORT".into(), "0".into()));
    env.push((
        "HOMEAI_TRAINING_JOBS__INTENT_UPKEEP_SECS".into(),
        "2".into(),
    ));
    env.push(("HOMEAI_TRAINING_JOBS__POLL_MS".into(), "100".into()));
    let mut up = Proc::spawn("homeai", &["up"], &env);
    let training = format!("http://127.0.0.1:{}", up.port_of("training"));
    let query = format!("http://127.0.0.1:{}", up.port_of("query"));

    let job = eventually(
        Duration::from_secs(60),
        "an intent job homeai queued itself",
        || async {
            let page = get_json(format!("{training}/api/v1/training/jobs?model_type=intent")).await;
            page["items"].as_array()?.first().cloned()
        },
    )
    .await;
    assert_eq!(job["priority"], -1, "{job}");
    let ha_lights = ha_get("/api/states").await;
    let has_hallway = ha_lights
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["entity_id"] == "light.hallway_light");
    assert!(has_hallway, "the test home has light.hallway_light");
    let trained_on = job["config"]["home"]["entities"].to_string();
    assert!(trained_on.contains("light.hallway_light"), "{job}");

    let active = eventually(
        Duration::from_secs(240),
        "the intent model active",
        || async {
            let j = get_json(format!("{training}/api/v1/training/jobs/{}", job["id"])).await;
            assert_ne!(j["status"], "failed", "{j}");
            let a = client()
                .get(format!("{training}/api/v1/training/models/intent/active"))
                .bearer_auth(TOKEN)
                .send()
                .await
                .ok()?;
            if !a.status().is_success() {
                return None;
            }
            a.json::<Value>().await.ok()
        },
    )
    .await;
    assert_eq!(active["job_id"], job["id"], "{active}");

    let answer = eventually(
        Duration::from_secs(30),
        "Ask AI reads with the model",
        || async {
            let (status, a) = post_token(
                format!("{query}/api/v1/ask-ai/query"),
                json!({"query": "Illuminate the hallway light at dusk"}),
            )
            .await;
            assert_eq!(status, 201, "{a}");
            (a["engine"] == "model").then_some(a)
        },
    )
    .await;
    assert_eq!(answer["clarification_needed"], false, "{answer}");
    let written = answer["suggestions"][0]["automation"].to_string();
    assert!(
        written.contains("light.hallway_light") && written.contains("sunset"),
        "{answer}"
    );
    // the model fits the registry it was trained on: nothing more is queued
    tokio::time::sleep(Duration::from_secs(5)).await;
    let page = get_json(format!("{training}/api/v1/training/jobs?model_type=intent")).await;
    assert_eq!(page["total"], 1, "{page}");

    let status = up.terminate();
    assert!(status.success(), "homeai up exited with {status}");

    // `homeai ask` on the same database reads with the model homeai up trained, and says so;
    // with --no-model the rules alone cannot read the request as written
    let ask = |extra: &[&str]| {
        let out = std::process::Command::new(bin_path("homeai"))
            .arg("ask")
            .args(extra)
            .arg("Illuminate the hallway light at dusk")
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (yaml, said) = ask(&[]);
    assert!(said.contains("with the intent model v"), "{said}");
    assert!(
        yaml.contains("light.hallway_light") && yaml.contains("sunset"),
        "{yaml}"
    );
    assert!(yaml.contains("(model engine)"), "{yaml}");
    let (rules, said) = ask(&["--no-model"]);
    assert!(!said.contains("intent model v"), "{said}");
    assert!(!rules.contains("(model engine)"), "{rules}");
}
