//! Remote workers: `homeai worker --server URL` in a second process takes a job and runs it;
//! when the worker is killed the job is queued again and, being `auto`, falls back to the
//! service's local worker, which resumes it from the last checkpoint the remote one sent.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};

use crate::helpers::*;

async fn create(svc: &TestService, body: Value) -> i64 {
    let res = client()
        .post(svc.url("/api/v1/training/jobs"))
        .bearer_auth(TOKEN)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    res.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
}

async fn wait_job(svc: &TestService, id: i64, what: &str, check: impl Fn(&Value) -> bool) -> Value {
    eventually(Duration::from_secs(60), what, || async {
        let j = get_json(svc.url(&format!("/api/v1/training/jobs/{id}"))).await;
        check(&j).then_some(j)
    })
    .await
}

fn worker_id(j: &Value) -> &str {
    j["worker_id"].as_str().unwrap_or_default()
}

fn spawn_worker(svc: &TestService, name: &str, extra: &[&str]) -> Proc {
    let url = svc.url("");
    let mut args = vec![
        "worker",
        "--server",
        url.as_str(),
        "--name",
        name,
        "--poll-ms",
        "100",
    ];
    args.extend_from_slice(extra);
    Proc::spawn(
        "homeai",
        &args,
        &[("HOMEAI_API_TOKEN".to_owned(), TOKEN.to_owned())],
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_remote_worker_runs_a_job_and_when_killed_the_job_falls_back_to_the_local_worker() {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let svc = spawn_service_in(
        "training",
        &dir,
        &[
            ("HOMEAI_TRAINING_JOBS__POLL_MS".into(), "100".into()),
            ("HOMEAI_TRAINING_JOBS__REMOTE_WAIT_MS".into(), "3000".into()),
            (
                "HOMEAI_TRAINING_JOBS__WORKER_LEASE_MS".into(),
                "2000".into(),
            ),
        ],
    );

    // a remote-only job waits for a remote worker: the local one never takes it
    let remote_only = create(
        &svc,
        json!({"model_type": "synergy", "execution_mode": "remote",
               "config": {"epochs": 2, "homes": 4, "days": 2, "patience": 100}}),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(3500)).await;
    assert_eq!(
        get_json(svc.url(&format!("/api/v1/training/jobs/{remote_only}"))).await["status"],
        "queued"
    );
    // a worker in a second process takes it, trains, and sends the model back
    let mut once = spawn_worker(&svc, "gpu-box", &["--once"]);
    let done = wait_job(&svc, remote_only, "the remote job to complete", |j| {
        j["status"] == "completed"
    })
    .await;
    assert!(worker_id(&done).starts_with("remote:gpu-box:"), "{done}");
    assert!(
        once.wait_exit(Duration::from_secs(20)).success(),
        "{}",
        once.log_text()
    );
    let models = get_json(svc.url("/api/v1/training/models?model_type=synergy")).await;
    assert_eq!(models["items"][0]["job_id"], remote_only, "{models}");
    assert_eq!(models["items"][0]["version"], 1);
    let metrics = get_json(svc.url(&format!("/api/v1/training/jobs/{remote_only}/metrics"))).await;
    assert_eq!(metrics["epochs"].as_array().unwrap().len(), 2, "{metrics}");

    // an auto job goes to a waiting remote worker; killing the worker mid-run loses its lease,
    // and the job falls back to the local worker, resuming from the remote checkpoint
    let mut worker = spawn_worker(&svc, "flaky", &[]);
    // let it start and poll before the job exists, so it takes it within remote_wait_ms
    eventually(Duration::from_secs(20), "the worker to start", || async {
        worker
            .log_text()
            .contains("remote worker started")
            .then_some(())
    })
    .await;
    let id = create(
        &svc,
        json!({"model_type": "synergy", "execution_mode": "auto",
               "config": {"epochs": 5, "homes": 4, "days": 2, "patience": 100, "throttle_ms": 1000}}),
    )
    .await;
    let taken = wait_job(&svc, id, "the remote worker to finish two epochs", |j| {
        j["current_epoch"].as_i64() >= Some(2)
    })
    .await;
    assert!(worker_id(&taken).starts_with("remote:flaky:"), "{taken}");
    worker.child.kill().unwrap();
    worker.child.wait().unwrap();
    let done = wait_job(&svc, id, "the job to complete locally", |j| {
        j["status"] == "completed"
    })
    .await;
    assert!(worker_id(&done).starts_with("local:"), "{done}");
    assert_eq!(done["current_epoch"], 5);
    let metrics = get_json(svc.url(&format!("/api/v1/training/jobs/{id}/metrics"))).await;
    assert_eq!(
        metrics["items"].as_array().unwrap().len(),
        15,
        "no epoch twice: {metrics}"
    );
    let logs = get_json(svc.url(&format!("/api/v1/training/jobs/{id}/logs?limit=1000"))).await;
    let text: Vec<&str> = logs["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["message"].as_str().unwrap())
        .collect();
    let joined = text.join("\n");
    assert!(
        joined.contains("started on remote worker flaky"),
        "{joined}"
    );
    assert!(joined.contains("the worker stopped reporting"), "{joined}");
    assert!(
        text.iter()
            .any(|l| l.starts_with("started on the local worker from the checkpoint after epoch")),
        "{joined}"
    );
}
