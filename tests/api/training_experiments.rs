//! Experiments group runs and compare their params and final metrics side by side; a run's
//! params and metrics export in MLflow's shapes.

use std::time::Duration;

use serde_json::{Value, json};

use crate::helpers::*;

async fn run(training: &TestService, config: Value) -> i64 {
    let (status, job) = post_token(
        training.url("/api/v1/training/jobs"),
        json!({"model_type": "home_type", "config": config}),
    )
    .await;
    assert_eq!(status, 201, "{job}");
    let id = job["id"].as_i64().unwrap();
    eventually(Duration::from_secs(60), "training to complete", || async {
        let j = get_json(training.url(&format!("/api/v1/training/jobs/{id}"))).await;
        assert_ne!(j["status"], "failed", "{j}");
        (j["status"] == "completed").then_some(())
    })
    .await;
    id
}

#[tokio::test]
async fn an_experiment_compares_its_runs_and_a_run_exports_in_mlflows_shapes() {
    let dir = std::sync::Arc::new(tempfile::tempdir().unwrap());
    let training = spawn_service_in(
        "training",
        &dir,
        &[("HOMEAI_TRAINING_JOBS__POLL_MS".into(), "100".into())],
    );
    let (status, exp) = post_token(
        training.url("/api/v1/training/experiments"),
        json!({"name": "home type: learning rates", "description": "two rates"}),
    )
    .await;
    assert_eq!(status, 201, "{exp}");
    let eid = exp["id"].as_i64().unwrap();
    let (status, _) = post_token(
        training.url("/api/v1/training/experiments"),
        json!({"name": "home type: learning rates"}),
    )
    .await;
    assert_eq!(status, 409);

    let a = run(
        &training,
        json!({"homes_per_type": 4, "days": 7, "epochs": 3, "learning_rate": 0.01}),
    )
    .await;
    let b = run(
        &training,
        json!({"homes_per_type": 4, "days": 7, "epochs": 3, "learning_rate": 0.1}),
    )
    .await;
    for job in [a, b] {
        let (status, body) = post_token(
            training.url(&format!("/api/v1/training/experiments/{eid}/runs")),
            json!({ "job_id": job }),
        )
        .await;
        assert_eq!(status, 200, "{body}");
    }
    let (status, _) = post_token(
        training.url(&format!("/api/v1/training/experiments/{eid}/runs")),
        json!({ "job_id": 999 }),
    )
    .await;
    assert_eq!(status, 404);

    let list = get_json(training.url("/api/v1/training/experiments")).await;
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["job_ids"], json!([a, b]));

    let cmp = get_json(training.url(&format!("/api/v1/training/experiments/{eid}/compare"))).await;
    let runs = cmp["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 2);
    assert_eq!(runs[0]["params"]["learning_rate"], 0.01, "{cmp}");
    assert_eq!(runs[1]["params"]["learning_rate"], 0.1, "{cmp}");
    let keys: Vec<&str> = cmp["metric_keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap())
        .collect();
    for k in ["train.loss", "validation.loss", "validation.accuracy"] {
        assert!(keys.contains(&k), "{cmp}");
        assert!(runs.iter().all(|r| r["metrics"][k].is_f64()), "{cmp}");
    }
    // the larger rate gets further in three epochs
    assert!(
        runs[1]["metrics"]["train.loss"].as_f64() < runs[0]["metrics"]["train.loss"].as_f64(),
        "{cmp}"
    );

    let m = get_json(training.url(&format!("/api/v1/training/jobs/{a}/mlflow"))).await;
    let info = &m["run"]["info"];
    assert_eq!(info["run_id"], a.to_string());
    assert_eq!(info["status"], "FINISHED");
    assert!(
        info["start_time"].is_i64() && info["end_time"].is_i64(),
        "{m}"
    );
    let params = m["run"]["data"]["params"].as_array().unwrap();
    assert!(
        params
            .iter()
            .any(|p| p["key"] == "learning_rate" && p["value"] == "0.01"),
        "{m}"
    );
    let history = m["metric_history"].as_array().unwrap();
    assert!(
        history.iter().any(|p| p["key"] == "validation.accuracy"
            && p["step"] == 3
            && p["timestamp"].is_i64()),
        "{m}"
    );
    assert!(
        m["run"]["data"]["metrics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["step"] == 3),
        "{m}"
    );
}
