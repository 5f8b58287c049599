//! The demo's training: once the first suggestions are there, the demo queues, in the training
//! service's own queue and at its lowest priority, the models this home can use — the synergy
//! model, the home-type classifier, the usage forecaster and Ask AI's intent model (which the
//! training service fits to the simulated home's registry). Each type's first version is
//! activated when its job completes, so the Training page fills with real runs and Ask AI starts
//! reading with the model. A type that already has an active version (`--resume`) or a job
//! waiting or running is left alone.

use serde_json::{Value, json};

/// What the demo trains, in the order it queues them: the quick ones first, so versions appear
/// within seconds, then the intent model (the longest run).
pub const MODELS: [&str; 4] = ["synergy", "home_type", "forecast", "intent"];

/// The queue's lowest priority: anything a person queues runs first.
const PRIORITY: i64 = -1;

/// Queues what is not trained yet; the model types it queued.
pub async fn queue(http: &reqwest::Client, training: &str, token: &str) -> Vec<&'static str> {
    let mut queued = Vec::new();
    for model_type in MODELS {
        match needs_training(http, training, token, model_type).await {
            Ok(false) => continue,
            Ok(true) => {}
            Err(e) => {
                tracing::warn!(model_type, error = %e, "demo: cannot tell whether this model is trained; not queued");
                continue;
            }
        }
        let sent = http
            .post(format!("{training}/api/v1/training/jobs"))
            .bearer_auth(token)
            .json(&json!({ "model_type": model_type, "priority": PRIORITY }))
            .send()
            .await;
        match sent {
            Ok(resp) if resp.status().is_success() => {
                let job: Value = resp.json().await.unwrap_or_default();
                tracing::info!(
                    model_type,
                    job_id = job["id"].as_i64(),
                    "demo: training queued"
                );
                queued.push(model_type);
            }
            Ok(resp) => {
                let status = resp.status();
                let body = resp.text().await.unwrap_or_default();
                tracing::warn!(model_type, %status, body, "demo: the training service refused the job");
            }
            Err(e) => tracing::warn!(model_type, error = %e, "demo: could not queue the job"),
        }
    }
    queued
}

/// No active version and no job of this type waiting or running.
async fn needs_training(
    http: &reqwest::Client,
    training: &str,
    token: &str,
    model_type: &str,
) -> Result<bool, reqwest::Error> {
    let active = http
        .get(format!(
            "{training}/api/v1/training/models/{model_type}/active"
        ))
        .bearer_auth(token)
        .send()
        .await?;
    if active.status().is_success() {
        return Ok(false);
    }
    for status in ["queued", "running", "paused"] {
        let page: Value = http
            .get(format!(
                "{training}/api/v1/training/jobs?model_type={model_type}&status={status}&limit=1"
            ))
            .bearer_auth(token)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        if page["total"].as_i64().unwrap_or(0) > 0 {
            return Ok(false);
        }
    }
    Ok(true)
}
