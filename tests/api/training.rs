//! The training service as a client drives it: jobs in priority order, cancel, retry, pause,
//! resume, a kill mid-epoch and the resume from the checkpoint, the reference's run endpoints.
//!
//! Jobs here train the real synergy model on a few tiny synthetic homes; `throttle_ms` makes
//! each epoch last long enough to catch a job while it runs.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};

use crate::helpers::*;

/// The training service with a quick queue poll.
fn spawn_training(dir: &Arc<tempfile::TempDir>) -> TestService {
    spawn_service_in(
        "training",
        dir,
        &[("HOMEAI_TRAINING_JOBS__POLL_MS".into(), "100".into())],
    )
}

/// A tiny synergy job: `epochs` epochs of about `epoch_ms` each.
fn tiny(epochs: u32, epoch_ms: u64, priority: i64) -> Value {
    json!({
        "model_type": "synergy",
        "priority": priority,
        "config": {"epochs": epochs, "homes": 4, "days": 2, "patience": 100, "throttle_ms": epoch_ms},
    })
}

async fn post(svc: &TestService, path: &str, body: Option<Value>) -> (u16, Value) {
    let mut req = client().post(svc.url(path)).bearer_auth(TOKEN);
    if let Some(b) = body {
        req = req.json(&b);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn delete(svc: &TestService, path: &str) -> (u16, Value) {
    let res = client()
        .delete(svc.url(path))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn create(svc: &TestService, body: Value) -> i64 {
    let (status, job) = post(svc, "/api/v1/training/jobs", Some(body)).await;
    assert_eq!(status, 201, "{job}");
    job["id"].as_i64().unwrap()
}

async fn job(svc: &TestService, id: i64) -> Value {
    get_json(svc.url(&format!("/api/v1/training/jobs/{id}"))).await
}

/// Waits until job `id` satisfies `check`.
async fn wait_job(svc: &TestService, id: i64, what: &str, check: impl Fn(&Value) -> bool) -> Value {
    eventually(Duration::from_secs(60), what, || async {
        let j = job(svc, id).await;
        check(&j).then_some(j)
    })
    .await
}

async fn status_of(svc: &TestService, ids: &[i64]) -> Vec<String> {
    let mut out = Vec::new();
    for &id in ids {
        out.push(job(svc, id).await["status"].as_str().unwrap().to_owned());
    }
    out
}

/// The metrics endpoint's rows as (epoch, split, name).
async fn metric_keys(svc: &TestService, id: i64) -> Vec<(i64, String, String)> {
    let m = get_json(svc.url(&format!("/api/v1/training/jobs/{id}/metrics"))).await;
    m["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["epoch"].as_i64().unwrap(),
                p["split"].as_str().unwrap().to_owned(),
                p["name"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

async fn log_text(svc: &TestService, id: i64) -> String {
    let logs = get_json(svc.url(&format!("/api/v1/training/jobs/{id}/logs"))).await;
    logs["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| format!("{} {}", l["seq"], l["message"].as_str().unwrap()))
        .collect::<Vec<_>>()
        .join("\n")
}

#[tokio::test]
async fn jobs_of_mixed_priority_run_one_at_a_time_highest_priority_first() {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let svc = spawn_training(&dir);
    // the first job takes the only slot; the others queue behind it
    let first = create(&svc, tiny(2, 700, 0)).await;
    wait_job(&svc, first, "the first job to run", |j| {
        j["status"] == "running"
    })
    .await;
    let low = create(&svc, tiny(1, 300, -1)).await;
    let normal = create(&svc, tiny(1, 300, 0)).await;
    let urgent = create(&svc, tiny(1, 300, 2)).await;
    let high = create(&svc, tiny(1, 300, 1)).await;

    // whenever one runs, every job of higher priority has finished and none of lower has started
    let order = [urgent, high, normal, low];
    let mut seen_running = Vec::new();
    let deadline = std::time::Instant::now() + Duration::from_secs(90);
    loop {
        let all = status_of(&svc, &[first, urgent, high, normal, low]).await;
        let running = all.iter().filter(|s| *s == "running").count();
        assert!(running <= 1, "concurrency 1 but {running} running: {all:?}");
        let statuses = &all[1..];
        if let Some(pos) = statuses.iter().position(|s| s == "running") {
            for (i, s) in statuses.iter().enumerate() {
                if i < pos {
                    assert_eq!(s, "completed", "a higher priority job waits: {all:?}");
                } else if i > pos {
                    assert_eq!(s, "queued", "a lower priority job ran first: {all:?}");
                }
            }
            if seen_running.last() != Some(&order[pos]) {
                seen_running.push(order[pos]);
            }
        }
        if all.iter().all(|s| s == "completed") {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "jobs did not complete: {all:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(!seen_running.is_empty(), "never saw a queued job running");

    let finished = job(&svc, low).await;
    assert_eq!(finished["progress"], 1.0);
    assert_eq!(finished["current_epoch"], 1);
    let stats = get_json(svc.url("/api/v1/training/stats")).await;
    assert_eq!(stats["jobs"]["completed"], 5, "{stats}");
    assert_eq!(stats["workers"]["concurrency"], 1);
}

#[tokio::test]
async fn a_job_is_paused_resumed_cancelled_and_retried_through_its_state_machine() {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let svc = spawn_training(&dir);
    let id = create(&svc, tiny(5, 800, 0)).await;
    // a queued job cannot be paused; wait for it to run an epoch
    let running = wait_job(&svc, id, "an epoch done", |j| {
        j["status"] == "running" && j["current_epoch"].as_i64() >= Some(1)
    })
    .await;
    assert!(running["progress"].as_f64().unwrap() > 0.0);
    assert!(running["eta_seconds"].as_f64().is_some(), "{running}");

    let (status, paused) = post(&svc, &format!("/api/v1/training/jobs/{id}/pause"), None).await;
    assert_eq!(status, 200, "{paused}");
    assert_eq!(paused["status"], "paused");
    // it stays where it stopped
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let held = job(&svc, id).await;
    assert_eq!(held["status"], "paused");
    let epoch_at_pause = held["current_epoch"].as_i64().unwrap();
    tokio::time::sleep(Duration::from_millis(1000)).await;
    assert_eq!(job(&svc, id).await["current_epoch"], epoch_at_pause);
    let (again, err) = post(&svc, &format!("/api/v1/training/jobs/{id}/pause"), None).await;
    assert_eq!(again, 409, "{err}");

    let (status, resumed) = post(&svc, &format!("/api/v1/training/jobs/{id}/resume"), None).await;
    assert_eq!(status, 200, "{resumed}");
    assert_eq!(resumed["status"], "queued");
    let done = wait_job(&svc, id, "the resumed job to complete", |j| {
        j["status"] == "completed"
    })
    .await;
    assert_eq!(done["current_epoch"], 5);
    // every epoch's metrics exactly once, and the log says where it resumed
    let keys = metric_keys(&svc, id).await;
    assert_eq!(keys.len(), 5 * 3, "{keys:?}");
    let mut unique = keys.clone();
    unique.dedup();
    assert_eq!(unique.len(), keys.len());
    let log = log_text(&svc, id).await;
    assert!(log.contains("paused on request"), "{log}");
    assert!(
        log.contains(&format!("from the checkpoint after epoch {epoch_at_pause}")),
        "{log}"
    );
    // numbered lines, 0, 1, 2, …; a tail from an offset continues
    let tail = get_json(svc.url(&format!("/api/v1/training/jobs/{id}/logs?offset=2"))).await;
    assert_eq!(tail["items"][0]["seq"], 2);
    let next = tail["next_offset"].as_i64().unwrap();
    let rest = get_json(svc.url(&format!("/api/v1/training/jobs/{id}/logs?offset={next}"))).await;
    assert_eq!(rest["items"].as_array().unwrap().len(), 0);

    // a completed job cannot be cancelled or retried
    assert_eq!(
        delete(&svc, &format!("/api/v1/training/jobs/{id}")).await.0,
        409
    );
    assert_eq!(
        post(&svc, &format!("/api/v1/training/jobs/{id}/retry"), None)
            .await
            .0,
        409
    );

    // cancel a running job; retry makes a new job linked to it
    let victim = create(&svc, tiny(20, 800, 0)).await;
    wait_job(&svc, victim, "the victim to run", |j| {
        j["status"] == "running"
    })
    .await;
    let (status, cancelled) = delete(&svc, &format!("/api/v1/training/jobs/{victim}")).await;
    assert_eq!(status, 200, "{cancelled}");
    assert_eq!(cancelled["status"], "cancelled");
    assert!(cancelled["finished_at"].is_string());
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(
        job(&svc, victim).await["status"],
        "cancelled",
        "a cancelled job stays cancelled"
    );
    let (status, retry) = post(&svc, &format!("/api/v1/training/jobs/{victim}/retry"), None).await;
    assert_eq!(status, 201, "{retry}");
    assert_eq!(retry["retry_of"], victim);
    assert_eq!(retry["status"], "queued");
    assert_eq!(retry["config"], job(&svc, victim).await["config"]);
    let retry_id = retry["id"].as_i64().unwrap();
    wait_job(&svc, retry_id, "the retry to run", |j| {
        j["status"] == "running"
    })
    .await;
    assert_eq!(
        delete(&svc, &format!("/api/v1/training/jobs/{retry_id}"))
            .await
            .0,
        200
    );

    // a bad config is refused up front
    let (status, err) = post(
        &svc,
        "/api/v1/training/jobs",
        Some(json!({"model_type": "synergy", "config": {"hidden": 1}})),
    )
    .await;
    assert_eq!(status, 400, "{err}");
    assert!(err["message"].as_str().unwrap().contains("hidden"), "{err}");
}

#[tokio::test]
async fn a_job_killed_mid_epoch_resumes_from_its_checkpoint_after_a_restart() {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let mut svc = spawn_training(&dir);
    let id = create(&svc, tiny(5, 1500, 0)).await;
    wait_job(&svc, id, "two epochs done", |j| {
        j["current_epoch"].as_i64() >= Some(2)
    })
    .await;
    let before = job(&svc, id).await;
    assert_eq!(before["status"], "running");
    svc.proc.child.kill().unwrap(); // SIGKILL, mid-epoch: no chance to stop cleanly
    svc.proc.child.wait().unwrap();
    let svc = spawn_training(&dir);
    let done = wait_job(&svc, id, "the job to complete after the restart", |j| {
        j["status"] == "completed"
    })
    .await;
    assert_eq!(done["current_epoch"], 5);
    let keys = metric_keys(&svc, id).await;
    let epochs: Vec<i64> = keys.iter().map(|k| k.0).collect();
    assert_eq!(
        keys.len(),
        15,
        "each epoch's 3 metrics exactly once: {keys:?}"
    );
    for e in 1..=5 {
        assert_eq!(
            epochs.iter().filter(|&&x| x == e).count(),
            3,
            "epoch {e}: {keys:?}"
        );
    }
    let log = log_text(&svc, id).await;
    assert!(
        log.contains("the service stopped while this job ran"),
        "{log}"
    );
    assert!(log.contains("from the checkpoint after epoch"), "{log}");
    assert!(!log.contains("from the checkpoint after epoch 0"), "{log}");
    // the model is registered as version 1 of the synergy model, and active (the first one)
    let models = get_json(svc.url("/api/v1/training/models?model_type=synergy")).await;
    assert_eq!(models["items"][0]["version"], 1, "{models}");
    assert_eq!(models["items"][0]["is_active"], true);
    assert_eq!(models["items"][0]["job_id"], id);
}

#[tokio::test]
async fn the_reference_run_endpoints_trigger_list_report_and_prune_runs() {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let svc = spawn_training(&dir);
    let (status, run) = post(&svc, "/api/v1/training/gnn/trigger?epochs=2", None).await;
    assert_eq!(status, 202, "{run}");
    assert_eq!(run["trainingType"], "gnn_synergy");
    let (status, _) = post(&svc, "/api/v1/training/gnn/trigger", None).await;
    assert_eq!(status, 409, "one active run per type");
    let id = run["id"].as_i64().unwrap();
    let gnn = get_json(svc.url("/api/v1/training/gnn/status")).await;
    assert_eq!(gnn["has_active_run"], true);
    // the default data set is 100 homes: cancel rather than wait
    assert_eq!(
        delete(&svc, &format!("/api/v1/training/jobs/{id}")).await.0,
        200
    );
    let gnn = get_json(svc.url("/api/v1/training/gnn/status")).await;
    assert_eq!(gnn["has_active_run"], false);
    assert_eq!(gnn["model_exists"], false);

    let runs = get_json(svc.url("/api/v1/training/runs?training_type=gnn_synergy")).await;
    assert_eq!(runs.as_array().unwrap().len(), 1);
    assert_eq!(runs[0]["status"], "cancelled");
    assert!(
        runs[0]["runIdentifier"]
            .as_str()
            .unwrap()
            .starts_with("gnn_synergy_run_")
    );
    let bad = client()
        .get(svc.url("/api/v1/training/runs?training_type=llm"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);

    // the Ask-AI model's trigger queues an intent run (the default one trains for a while:
    // cancelled here; tests/api/training_intent.rs trains small ones to the end)
    let (status, soft) = post(&svc, "/api/v1/training/trigger", None).await;
    assert_eq!(status, 202, "{soft}");
    assert_eq!(soft["trainingType"], "soft_prompt");
    let soft_id = soft["id"].as_i64().unwrap();
    let job = get_json(svc.url(&format!("/api/v1/training/jobs/{soft_id}"))).await;
    assert_eq!(job["model_type"], "intent", "{job}");
    assert_eq!(
        delete(&svc, &format!("/api/v1/training/jobs/{soft_id}"))
            .await
            .0,
        200
    );
    wait_job(&svc, soft_id, "the soft prompt run to be cancelled", |j| {
        j["status"] == "cancelled"
    })
    .await;

    // pruning keeps the newest; deleting one answers 204, then 404
    let (status, pruned) = delete(
        &svc,
        "/api/v1/training/runs?older_than_days=0&keep_recent=1",
    )
    .await;
    assert_eq!(status, 200, "{pruned}");
    assert_eq!(pruned["deleted_count"], 1);
    let (status, _) = delete(&svc, &format!("/api/v1/training/runs/{soft_id}")).await;
    assert_eq!(status, 204);
    assert_eq!(
        delete(&svc, &format!("/api/v1/training/runs/{soft_id}"))
            .await
            .0,
        404
    );
    let all = get_json(svc.url("/api/v1/training/runs")).await;
    assert_eq!(all.as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn with_concurrency_two_two_jobs_run_at_once_and_never_three() {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let svc = spawn_service_in(
        "training",
        &dir,
        &[
            ("HOMEAI_TRAINING_JOBS__POLL_MS".into(), "100".into()),
            ("HOMEAI_TRAINING_JOBS__CONCURRENCY".into(), "2".into()),
        ],
    );
    let ids = [
        create(&svc, tiny(2, 600, 0)).await,
        create(&svc, tiny(2, 600, 0)).await,
        create(&svc, tiny(2, 600, 0)).await,
    ];
    let mut most = 0;
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    loop {
        // one read of the running ones (reading the three jobs one by one is no snapshot: one
        // can finish and the next start between two reads)
        let running_now = get_json(svc.url("/api/v1/training/jobs?status=running")).await;
        let running = running_now["total"].as_u64().unwrap() as usize;
        assert!(running <= 2, "{running_now}");
        most = most.max(running);
        let all = status_of(&svc, &ids).await;
        if all.iter().all(|s| s == "completed") {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "{all:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(most, 2, "two slots, two jobs at once");
}
