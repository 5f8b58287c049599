//! A blueprint answer as the API shows it: the blueprint as JSON and as YAML in the dialect
//! of the home's Home Assistant (legacy `trigger:`/`platform:`/`service:` before 2024.10),
//! with what it was read from.

use std::time::{Duration, Instant};

use homeai_askai::BlueprintSuggestion;
use homeai_automation_model::{Dialect, blueprint_to_json, blueprint_to_yaml};
use homeai_web::ServiceContext;
use serde_json::{Value, json};
use tokio::sync::RwLock;

/// How long the Home Assistant version read is used before it is read again.
const VERSION_TTL: Duration = Duration::from_secs(300);

/// The dialect of the home's Home Assistant, read from `GET /api/config` and kept a while.
#[derive(Default)]
pub struct HomeDialect {
    known: RwLock<Option<(Instant, Dialect, String)>>,
}

impl HomeDialect {
    /// The dialect and the version it is for (`"2024.3.3"`); the modern dialect and
    /// `"unknown"` when Home Assistant is not configured or does not answer.
    pub async fn get(&self, ctx: &ServiceContext) -> (Dialect, String) {
        if let Some((at, d, v)) = self.known.read().await.as_ref()
            && at.elapsed() < VERSION_TTL
        {
            return (*d, v.clone());
        }
        let Some(ha) = &ctx.ha else {
            return (Dialect::Modern, "unknown".to_owned());
        };
        match ha.config().await {
            Ok(config) => {
                let v = &config.version;
                let dialect = Dialect::for_version(v.year, v.month);
                let version = format!("{}.{}.{}", v.year, v.month, v.patch);
                *self.known.write().await = Some((Instant::now(), dialect, version.clone()));
                (dialect, version)
            }
            Err(e) => {
                tracing::warn!(error = %e, "Home Assistant's version is unknown; the blueprint is written in the modern dialect");
                (Dialect::Modern, "unknown".to_owned())
            }
        }
    }
}

/// The blueprint fields of an answer body (and of its stored row).
pub fn blueprint_fields(b: &BlueprintSuggestion, dialect: Dialect, version: &str) -> Value {
    json!({
        "kind": "blueprint",
        "blueprint": blueprint_to_json(&b.blueprint),
        "blueprint_yaml": blueprint_to_yaml(&b.blueprint, dialect),
        "dialect": dialect.name(),
        "ha_version": version,
        "description": b.description,
        "confidence": b.confidence,
        "readings": b.readings,
        "used": b.used,
        "overruled": b.overruled,
        "examples": b.examples,
    })
}
