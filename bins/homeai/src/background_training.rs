//! The training homeai starts by itself, through the training service's own queue at its lowest
//! priority (anything a person queues runs first):
//! - the demo, once its first suggestions are there, trains the models its home can use — the
//!   synergy model, the home-type classifier, the usage forecaster and Ask AI's intent model —
//!   so the Training page fills with real runs and Ask AI reads with the model (each type's
//!   first version is activated when its job completes);
//! - `homeai up` keeps Ask AI's intent model fitted to the home: on first start, and whenever
//!   the registry no longer matches the one the active model was trained on (a new, renamed or
//!   moved entity), it queues an intent job (the training service adds the home's registry).
//!   Automations coming and going do not count: deploying one (homeai's own work) must not
//!   cost a retraining on a small machine.
//!
//! A type with a job waiting or running is left alone.

use std::collections::BTreeSet;
use std::time::Duration;

use serde_json::{Value, json};

/// What the demo trains, in the order it queues them: the quick ones first, so versions appear
/// within seconds, then the intent model (the longest run).
pub const DEMO_MODELS: [&str; 4] = ["synergy", "home_type", "forecast", "intent"];

/// The queue's lowest priority.
const PRIORITY: i64 = -1;

/// The training and query services, and the token that reaches them.
pub struct Services {
    pub http: reqwest::Client,
    pub query: String,
    pub training: String,
    pub token: String,
}

impl Services {
    async fn get(&self, url: String) -> Result<(reqwest::StatusCode, Value), reqwest::Error> {
        let resp = self.http.get(url).bearer_auth(&self.token).send().await?;
        let status = resp.status();
        let body = resp.json::<Value>().await.unwrap_or(Value::Null);
        Ok((status, body))
    }

    /// A job of this type queued, running or paused.
    async fn has_pending(&self, model_type: &str) -> Result<bool, reqwest::Error> {
        for status in ["queued", "running", "paused"] {
            let (_, page) = self
                .get(format!(
                    "{}/api/v1/training/jobs?model_type={model_type}&status={status}&limit=1",
                    self.training
                ))
                .await?;
            if page["total"].as_i64().unwrap_or(0) > 0 {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// The active version of this type, if any.
    async fn active(&self, model_type: &str) -> Result<Option<Value>, reqwest::Error> {
        let (status, version) = self
            .get(format!(
                "{}/api/v1/training/models/{model_type}/active",
                self.training
            ))
            .await?;
        Ok(status.is_success().then_some(version))
    }

    /// Queues a job of this type; its id.
    async fn queue(&self, model_type: &str) -> Option<i64> {
        let sent = self
            .http
            .post(format!("{}/api/v1/training/jobs", self.training))
            .bearer_auth(&self.token)
            .json(&json!({ "model_type": model_type, "priority": PRIORITY }))
            .send()
            .await;
        match sent {
            Ok(resp) if resp.status().is_success() => {
                let job: Value = resp.json().await.unwrap_or_default();
                let id = job["id"].as_i64();
                tracing::info!(model_type, job_id = id, "training queued in the background");
                id
            }
            Ok(resp) => {
                let status = resp.status();
                let body = resp.text().await.unwrap_or_default();
                tracing::warn!(model_type, %status, body, "the training service refused the job");
                None
            }
            Err(e) => {
                tracing::warn!(model_type, error = %e, "could not queue the job");
                None
            }
        }
    }

    /// The demo: queues each of `models` that has no active version and no job pending; the
    /// types it queued.
    pub async fn queue_untrained(&self, models: &[&'static str]) -> Vec<&'static str> {
        let mut queued = Vec::new();
        for &model_type in models {
            let untrained = async {
                Ok::<_, reqwest::Error>(
                    self.active(model_type).await?.is_none()
                        && !self.has_pending(model_type).await?,
                )
            };
            match untrained.await {
                Ok(true) => {
                    if self.queue(model_type).await.is_some() {
                        queued.push(model_type);
                    }
                }
                Ok(false) => {}
                Err(e) => {
                    tracing::warn!(model_type, error = %e, "cannot tell whether this model is trained; not queued")
                }
            }
        }
        queued
    }

    /// `homeai up`: every `every`, queues an intent job when the home's registry is not the one
    /// the active intent model was trained on. Runs until the process stops.
    /// Until the services answer and the registry is synced it looks again every few seconds.
    pub async fn keep_intent_fitted(self, every: Duration) {
        loop {
            let wait = match self.intent_job_needed().await {
                Ok(Some(why)) => {
                    tracing::info!(why, "Ask AI's intent model is trained for this home");
                    self.queue("intent").await;
                    every
                }
                Ok(None) => every,
                Err(NotYet::Unreachable(e)) => {
                    tracing::debug!(error = %e, "intent upkeep: the services do not answer yet");
                    SOON.min(every)
                }
                Err(NotYet::NoRegistry) => SOON.min(every),
            };
            tokio::time::sleep(wait).await;
        }
    }

    /// Why an intent job is needed now, or `None`.
    async fn intent_job_needed(&self) -> Result<Option<&'static str>, NotYet> {
        let (_, home) = self
            .get(format!("{}/api/v1/ask-ai/home", self.query))
            .await?;
        if home["entities"].as_array().is_none_or(Vec::is_empty) {
            return Err(NotYet::NoRegistry);
        }
        if self.has_pending("intent").await? {
            return Ok(None);
        }
        let Some(active) = self.active("intent").await? else {
            return Ok(Some("no intent model yet"));
        };
        let Some(job_id) = active["job_id"].as_i64() else {
            return Ok(None); // imported by hand: not ours to replace
        };
        let (_, job) = self
            .get(format!("{}/api/v1/training/jobs/{job_id}", self.training))
            .await?;
        if job["config"]["home"].is_null() {
            return Ok(None); // trained without a home on purpose (`own_home: false`)
        }
        Ok(
            (registry_key(&job["config"]["home"]) != registry_key(&home))
                .then_some("the home's registry changed since the active model was trained"),
        )
    }
}

/// How soon the upkeep looks again while it cannot tell yet.
const SOON: Duration = Duration::from_secs(5);

/// Why the upkeep cannot tell yet whether the model fits.
enum NotYet {
    Unreachable(reqwest::Error),
    /// The pattern service has not synced Home Assistant's registry yet.
    NoRegistry,
}

impl From<reqwest::Error> for NotYet {
    fn from(e: reqwest::Error) -> Self {
        NotYet::Unreachable(e)
    }
}

/// What the intent model learns of a home: its areas and entities by id, name, area and
/// aliases (states and attributes do not matter). `automation.*` entities are left out: they
/// change with every deployment, and requests name devices and rooms, not automations.
fn registry_key(home: &Value) -> BTreeSet<String> {
    let field = |item: &Value, keys: &[&str]| -> String {
        keys.iter()
            .map(|k| item[*k].to_string())
            .collect::<Vec<_>>()
            .join("|")
    };
    let list = |key: &str| home[key].as_array().cloned().unwrap_or_default();
    let areas = list("areas")
        .into_iter()
        .map(|a| format!("area {}", field(&a, &["area_id", "name", "aliases"])));
    let is_automation = |e: &Value| {
        e["entity_id"]
            .as_str()
            .is_some_and(|id| id.starts_with("automation."))
    };
    let entities = list("entities")
        .into_iter()
        .filter(|e| !is_automation(e))
        .map(|e| {
            format!(
                "entity {}",
                field(&e, &["entity_id", "name", "area_id", "aliases"])
            )
        });
    areas.chain(entities).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_registry_key_changes_with_names_and_entities_not_with_order_states_or_automations() {
        let home = json!({
            "areas": [{"area_id": "kitchen", "name": "Kitchen", "aliases": []}],
            "entities": [
                {"entity_id": "light.a", "name": "A", "area_id": "kitchen", "aliases": [], "state": "on"},
                {"entity_id": "light.b", "name": "B", "area_id": null, "aliases": ["bee"]}
            ]
        });
        let reordered = json!({
            "areas": [{"area_id": "kitchen", "name": "Kitchen", "aliases": []}],
            "entities": [
                {"entity_id": "light.b", "name": "B", "area_id": null, "aliases": ["bee"]},
                {"entity_id": "light.a", "name": "A", "area_id": "kitchen", "aliases": [], "state": "off"}
            ]
        });
        assert_eq!(registry_key(&home), registry_key(&reordered));
        let mut renamed = home.clone();
        renamed["entities"][0]["name"] = json!("Counter");
        assert_ne!(registry_key(&home), registry_key(&renamed));
        let mut more = home.clone();
        more["entities"]
            .as_array_mut()
            .unwrap()
            .push(json!({"entity_id": "switch.c", "name": "C"}));
        assert_ne!(registry_key(&home), registry_key(&more));
        assert_ne!(registry_key(&home), registry_key(&Value::Null));
        let mut deployed = home.clone();
        deployed["entities"]
            .as_array_mut()
            .unwrap()
            .push(json!({"entity_id": "automation.porch_at_sunset", "name": "Porch at sunset"}));
        assert_eq!(registry_key(&home), registry_key(&deployed));
    }
}
