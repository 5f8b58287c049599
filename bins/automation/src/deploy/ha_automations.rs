//! Home Assistant's automation entities as homeai sees them: which entity carries which config
//! id, and waiting (bounded) for HA to load one it was given.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use homeai_ha::{HaClient, HaError, HaState};
use homeai_web::ApiError;
use serde_json::Value;

/// What every config id homeai writes starts with (the database checks it too).
pub const PREFIX: &str = "homeai_";

/// Whether `prefix` is one this instance may use: `homeai_`, then lowercase letters, digits
/// and `_`.
pub fn valid_prefix(prefix: &str) -> bool {
    prefix.starts_with(PREFIX)
        && prefix.len() <= 40
        && prefix
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The config id this instance gives the automation made from a suggestion.
pub fn config_id_for(prefix: &str, suggestion_id: i64) -> String {
    format!("{prefix}s{suggestion_id}")
}

/// The suggestion a config id was made from, if this instance (with `prefix`) wrote it: only
/// ids of exactly the form `<prefix>s<number>` are ours.
pub fn suggestion_of(prefix: &str, config_id: &str) -> Option<i64> {
    let digits = config_id.strip_prefix(prefix)?.strip_prefix('s')?;
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// One `automation.*` entity.
#[derive(Debug, Clone)]
pub struct HaAutomation {
    pub entity_id: String,
    /// `on`, `off` or `unavailable`.
    pub state: String,
    /// The id in the config API; `None` for automations written in YAML without one.
    pub config_id: Option<String>,
    pub friendly_name: Option<String>,
    pub last_triggered: Option<DateTime<Utc>>,
    /// When HA last wrote the entity's state (a reload re-creates it: this moves).
    pub last_updated: DateTime<Utc>,
}

impl HaAutomation {
    fn from_state(s: &HaState) -> Option<Self> {
        if !s.entity_id.starts_with("automation.") {
            return None;
        }
        let text = |k: &str| {
            s.attributes
                .get(k)
                .and_then(|v| v.as_str())
                .map(str::to_owned)
        };
        Some(Self {
            entity_id: s.entity_id.clone(),
            state: s.state.clone(),
            config_id: text("id"),
            friendly_name: text("friendly_name"),
            last_triggered: text("last_triggered").and_then(|t| homeai_ha::parse_iso(&t).ok()),
            last_updated: s.last_updated,
        })
    }
}

/// Every automation HA has loaded.
pub async fn all(ha: &HaClient) -> Result<Vec<HaAutomation>, HaError> {
    Ok(ha
        .states()
        .await?
        .iter()
        .filter_map(HaAutomation::from_state)
        .collect())
}

/// Loaded automations by config id.
pub async fn by_config_id(ha: &HaClient) -> Result<HashMap<String, HaAutomation>, HaError> {
    Ok(all(ha)
        .await?
        .into_iter()
        .filter_map(|a| Some((a.config_id.clone()?, a)))
        .collect())
}

/// Waits until HA has loaded the automation with `config_id`: its entity exists, under `alias`
/// when given, and was (re)created after `reloaded_after` when given (HA reloads a changed
/// automation in the background after the config API answers, re-creating its entity). A
/// timeout is an error: the entity id is never guessed (HA derives it from the alias).
pub async fn wait_loaded(
    ha: &HaClient,
    config_id: &str,
    alias: Option<&str>,
    reloaded_after: Option<DateTime<Utc>>,
    timeout: Duration,
) -> Result<HaAutomation, ApiError> {
    let started = Instant::now();
    loop {
        match by_config_id(ha).await {
            Ok(mut loaded) => {
                if let Some(a) = loaded.remove(config_id)
                    && alias.is_none_or(|name| a.friendly_name.as_deref() == Some(name))
                    && reloaded_after.is_none_or(|t| a.last_updated > t)
                {
                    return Ok(a);
                }
            }
            Err(e) if !e.is_transient() => return Err(ha_error(e)),
            Err(_) => {}
        }
        if started.elapsed() >= timeout {
            return Err(ApiError::Timeout(format!(
                "Home Assistant accepted automation `{config_id}` but did not load it within \
                 {} s; the write was undone. Check that configuration.yaml has \
                 `automation: !include automations.yaml` (automations written through the \
                 config API live in that file) and that HA's log shows no error reloading \
                 automations",
                timeout.as_secs_f32()
            )));
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// An error talking to HA, as the client sees it.
pub fn ha_error(e: HaError) -> ApiError {
    match e {
        HaError::Rejected { message } => {
            ApiError::BadRequest(format!("Home Assistant refused it: {message}"))
        }
        other => ApiError::BadGateway(format!("Home Assistant: {other}")),
    }
}

/// Every loaded automation with its stored config (`None` for one written in YAML without an
/// id, which the config API cannot read).
pub async fn with_configs(ha: &HaClient) -> Result<Vec<(HaAutomation, Option<Value>)>, HaError> {
    let mut out = Vec::new();
    for a in all(ha).await? {
        let config = match &a.config_id {
            Some(id) => ha.get_automation_config(id).await?,
            None => None,
        };
        out.push((a, config));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_ids_name_their_suggestion() {
        assert_eq!(config_id_for("homeai_", 42), "homeai_s42");
        assert_eq!(suggestion_of("homeai_", "homeai_s42"), Some(42));
        assert_eq!(suggestion_of("homeai_", "homeai_x42"), None);
        assert_eq!(suggestion_of("homeai_", "homeai_s42b"), None);
        assert_eq!(suggestion_of("homeai_", "1700000000000"), None);
        // another instance's ids are not ours
        assert_eq!(suggestion_of("homeai_", "homeai_t1_s42"), None);
        assert_eq!(suggestion_of("homeai_t1_", "homeai_t1_s42"), Some(42));
    }

    #[test]
    fn prefixes_must_be_homeai_and_plain() {
        assert!(valid_prefix("homeai_"));
        assert!(valid_prefix("homeai_upstairs_"));
        assert!(!valid_prefix("mine_"));
        assert!(!valid_prefix("homeai_Up"));
        assert!(!valid_prefix("homeai_a/b"));
    }
}
