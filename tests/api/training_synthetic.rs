//! Synthetic data as a training job of its own: `POST /api/v1/training/synthetic` makes a data
//! set (homes, events with planted habits, tagged requests) registered as a `synthetic`
//! version, and another job names it with `config.dataset`.

use std::sync::Arc;
use std::time::Duration;

use homeai_synth::dataset::Dataset;
use serde_json::{Value, json};

use crate::helpers::*;

fn spawn_training(dir: &Arc<tempfile::TempDir>) -> TestService {
    spawn_service_in(
        "training",
        dir,
        &[("HOMEAI_TRAINING_JOBS__POLL_MS".into(), "100".into())],
    )
}

async fn post(svc: &TestService, path: &str, body: &Value) -> (u16, Value) {
    post_token(svc.url(path), body.clone()).await
}

async fn completed(svc: &TestService, id: i64) -> Value {
    eventually(Duration::from_secs(90), "the job to complete", || async {
        let j = get_json(svc.url(&format!("/api/v1/training/jobs/{id}"))).await;
        assert_ne!(j["status"], "failed", "{j}");
        (j["status"] == "completed").then_some(j)
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_synthetic_job_registers_a_dataset_that_a_forecast_job_trains_on() {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let training = spawn_training(&dir);
    let (status, job) = post(
        &training,
        "/api/v1/training/synthetic",
        &json!({"homes": 2, "days": 10, "queries_per_home": 25, "seed": 9}),
    )
    .await;
    assert_eq!(status, 201, "{job}");
    assert_eq!(job["model_type"], "synthetic");
    assert_eq!(job["status"], "queued");
    let id = job["id"].as_i64().unwrap();
    completed(&training, id).await;

    // progress per home: one "epoch" each
    let per_home = get_json(training.url(&format!("/api/v1/training/jobs/{id}/metrics"))).await;
    assert_eq!(
        per_home["epochs"].as_array().unwrap().len(),
        2,
        "{per_home}"
    );

    let versions = get_json(training.url("/api/v1/training/models?model_type=synthetic")).await;
    let items = versions["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{versions}");
    let v = &items[0];
    assert_eq!(v["model_type"], "synthetic");
    assert_eq!(v["job_id"], id);
    assert_eq!(v["metrics"]["homes"], 2, "{v}");
    assert_eq!(v["metrics"]["queries"], 50, "{v}");
    let version = v["version"].as_i64().unwrap();
    let path = v["path"].as_str().unwrap();
    assert!(path.ends_with(".json"), "{path}");
    let dataset = Dataset::read(std::path::Path::new(path)).unwrap();
    assert_eq!(dataset.version, Some(version));
    assert_eq!(dataset.homes.len(), 2);
    assert_eq!(dataset.queries.len(), 50);
    assert!(dataset.homes.iter().all(|h| !h.events.is_empty()));
    assert!(dataset.homes.iter().all(|h| !h.habits.is_empty()));
    assert_eq!(
        v["metrics"]["events"],
        dataset.homes.iter().map(|h| h.events.len()).sum::<usize>(),
    );
    // the registered file is the document plus its version
    let bytes = v["metrics"]["bytes"].as_i64().unwrap();
    assert!(
        (bytes..bytes + 30).contains(&v["size_bytes"].as_i64().unwrap()),
        "{v}"
    );

    // a forecast job on that data set's homes
    let (status, job) = post(
        &training,
        "/api/v1/training/jobs",
        &json!({"model_type": "forecast", "config": {"dataset": version, "epochs": 3}}),
    )
    .await;
    assert_eq!(status, 201, "{job}");
    // the job keeps what the client gave: the resolved path is the worker's business
    assert_eq!(job["config"], json!({"dataset": version, "epochs": 3}));
    let forecast_id = job["id"].as_i64().unwrap();
    completed(&training, forecast_id).await;
    let logs = get_json(training.url(&format!("/api/v1/training/jobs/{forecast_id}/logs"))).await;
    assert!(
        logs.to_string()
            .contains(&format!("on synthetic data set version {version}: 2 homes")),
        "{logs}"
    );
    let forecasts = get_json(training.url("/api/v1/training/models?model_type=forecast")).await;
    let hours = &forecasts["items"][0]["metrics"];
    let hours =
        hours["train_hours"].as_u64().unwrap() + hours["validation_hours"].as_u64().unwrap();
    assert!((2 * 2 * 24..=2 * 4 * 24).contains(&hours), "{forecasts}");

    // and an intent model on its requests: one home's held out, the other's trained on
    let (status, job) = post(
        &training,
        "/api/v1/training/jobs",
        &json!({"model_type": "intent", "config": {
            "dataset": version, "epochs": 2, "hash_bits": 10, "own_home": false
        }}),
    )
    .await;
    assert_eq!(status, 201, "{job}");
    let intent_id = job["id"].as_i64().unwrap();
    completed(&training, intent_id).await;
    let intents = get_json(training.url("/api/v1/training/models?model_type=intent")).await;
    let m = &intents["items"][0]["metrics"];
    assert_eq!(m["train_requests"], 25, "{intents}");
    assert_eq!(m["validation_requests"], 25, "{intents}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn synthetic_jobs_refuse_bad_config_unknown_datasets_and_strangers() {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let training = spawn_training(&dir);
    for (body, field) in [
        (json!({"homes": 0}), "config.homes"),
        (json!({"homes": 51}), "config.homes"),
        (json!({"days": 6}), "config.days"),
        (json!({"days": 121}), "config.days"),
        (json!({"queries_per_home": 5001}), "config.queries_per_home"),
        (json!({"seed": "one"}), "config.seed"),
        (json!({"households": 3}), "config.households"),
    ] {
        let (status, err) = post(&training, "/api/v1/training/synthetic", &body).await;
        assert_eq!(status, 400, "{body}: {err}");
        assert!(
            err["message"].as_str().unwrap().contains(field),
            "{body}: {err}"
        );
    }
    // the same through the jobs endpoint
    let (status, err) = post(
        &training,
        "/api/v1/training/jobs",
        &json!({"model_type": "synthetic", "config": {"days": 500}}),
    )
    .await;
    assert_eq!(status, 400, "{err}");
    assert!(
        err["message"].as_str().unwrap().contains("config.days"),
        "{err}"
    );
    // made where it is kept: not on a remote worker
    let (status, err) = post(
        &training,
        "/api/v1/training/jobs",
        &json!({"model_type": "synthetic", "execution_mode": "auto"}),
    )
    .await;
    assert_eq!(status, 400, "{err}");
    assert!(
        err["message"].as_str().unwrap().contains("execution_mode"),
        "{err}"
    );

    // a data set that does not exist, a bad one, a path, a remote job with one
    for (body, field) in [
        (
            json!({"model_type": "forecast", "config": {"dataset": 7}}),
            "config.dataset",
        ),
        (
            json!({"model_type": "forecast", "config": {"dataset": "latest"}}),
            "config.dataset",
        ),
        (
            json!({"model_type": "forecast", "config": {"dataset_path": "/etc/passwd"}}),
            "config.dataset_path",
        ),
        (
            json!({"model_type": "forecast", "execution_mode": "remote", "config": {"dataset": 1}}),
            "config.dataset",
        ),
    ] {
        let (status, err) = post(&training, "/api/v1/training/jobs", &body).await;
        assert_eq!(status, 400, "{body}: {err}");
        assert!(
            err["message"].as_str().unwrap().contains(field),
            "{body}: {err}"
        );
    }
    let jobs = get_json(training.url("/api/v1/training/jobs")).await;
    assert_eq!(jobs["total"], 0, "{jobs}");

    // without the token: 401, nothing queued
    let res = client()
        .post(training.url("/api/v1/training/synthetic"))
        .json(&json!({"homes": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 401);
    let jobs = get_json(training.url("/api/v1/training/jobs")).await;
    assert_eq!(jobs["total"], 0, "{jobs}");

    // an empty body takes the defaults
    let res = client()
        .post(training.url("/api/v1/training/synthetic"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 201);
    let job: Value = res.json().await.unwrap();
    assert_eq!(job["model_type"], "synthetic");
    assert_eq!(job["config"], json!({}));
}
