//! Reconciling homeai's records with the automations carrying its prefix in Home Assistant, so
//! a crash between writing to HA and recording the deployment leaves no orphan:
//!
//! - in HA with homeai's prefix but not recorded (the crash case): adopted when its id names a
//!   suggestion homeai holds (recorded as a deployment of that suggestion, HA's config as the
//!   version), deleted from HA otherwise (nobody could manage it);
//! - recorded but gone from HA's config: marked deleted;
//! - recorded but HA's stored config differs from the current version (a crash after writing an
//!   update, or an edit in HA's editor): HA's config is recorded as a new version.

use homeai_automation_model::{SafetySettings, parse_json, safety_report, to_yaml};
use homeai_db::repo;
use homeai_db::repo::deployments::{self, NewVersion};
use homeai_domain::suggestion::SuggestionStatus;
use homeai_web::{ApiError, ServiceContext};
use serde::Serialize;
use serde_json::Value;

use super::ha_automations::{self, ha_error, suggestion_of};
use crate::validation;

/// What a reconciliation changed.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// Config ids found in HA without a record and adopted.
    pub adopted: Vec<String>,
    /// Config ids found in HA without a record or suggestion, deleted from HA.
    pub removed_from_ha: Vec<String>,
    /// Records whose automation is gone from HA, marked deleted.
    pub marked_deleted: Vec<String>,
    /// Records that took HA's config as a new version.
    pub updated_from_ha: Vec<String>,
    /// Records checked.
    pub checked: usize,
}

/// Runs one reconciliation against HA.
pub async fn run(ctx: &ServiceContext) -> Result<Report, ApiError> {
    let _writer = super::WRITER.lock().await;
    let ha = super::ha(ctx)?;
    let loaded = ha_automations::by_config_id(ha).await.map_err(ha_error)?;
    let version = ha.config().await.map_err(ha_error)?.version;
    let dialect = validation::dialect_of(&version);
    let ha_version = version.to_string();
    let records = ctx.db.run(|c| deployments::list(c, true)).await?;
    let mut report = Report {
        checked: records.len(),
        ..Report::default()
    };

    // in HA under this instance's ids, not recorded (or recorded as deleted)
    let prefix = ctx.settings.deploy.id_prefix.clone();
    for (config_id, sid) in loaded
        .keys()
        .filter_map(|k| Some((k, suggestion_of(&prefix, k)?)))
    {
        let recorded = records
            .iter()
            .find(|d| &d.ha_config_id == config_id)
            .filter(|d| d.state != deployments::DELETED);
        if recorded.is_some() {
            continue;
        }
        let Some(config) = ha
            .get_automation_config(config_id)
            .await
            .map_err(ha_error)?
        else {
            continue;
        };
        let suggestion = ctx
            .db
            .run(move |c| repo::suggestions::get(c, sid).map(Some))
            .await
            .or_else(|e| if e.is_not_found() { Ok(None) } else { Err(e) })?;
        let Some(suggestion) = suggestion else {
            ha.delete_automation_config(config_id)
                .await
                .map_err(ha_error)?;
            tracing::warn!(
                config_id,
                "removed an automation with homeai's prefix that nothing records"
            );
            report.removed_from_ha.push(config_id.clone());
            continue;
        };
        let (yaml, score) = match parse_json(&config) {
            Ok(model) => {
                let garage_doors = validation::garage_doors(&ctx.db).await?;
                let safety = safety_report(
                    &model,
                    &SafetySettings {
                        minimum_score: ctx.settings.deploy.minimum_safety_score,
                        garage_doors,
                    },
                );
                (to_yaml(&model, dialect), Some(safety.score))
            }
            Err(_) => (String::new(), None),
        };
        let entity = loaded.get(config_id).map(|a| a.entity_id.clone());
        let alias = alias_or(&config, config_id);
        let (cid, hv) = (config_id.clone(), ha_version.clone());
        ctx.db
            .write(move |c| {
                deployments::record_new(
                    c,
                    &cid,
                    Some(suggestion.id),
                    entity.as_deref(),
                    &alias,
                    &NewVersion {
                        automation: &config,
                        automation_yaml: &yaml,
                        ha_version: &hv,
                        safety_score: score,
                        reason: "deploy",
                    },
                )?;
                if suggestion.status.can_become(SuggestionStatus::Deployed) {
                    let _ = repo::suggestions::transition(
                        c,
                        suggestion.id,
                        SuggestionStatus::Deployed,
                        Some("found in Home Assistant at reconciliation"),
                        None,
                    )?;
                }
                Ok(())
            })
            .await?;
        tracing::warn!(
            config_id,
            "adopted an automation written to HA but not recorded"
        );
        report.adopted.push(config_id.clone());
    }

    // recorded, not deleted: still in HA, and as recorded?
    for d in records.iter().filter(|d| d.state != deployments::DELETED) {
        let stored = ha
            .get_automation_config(&d.ha_config_id)
            .await
            .map_err(ha_error)?;
        let id = d.id;
        let Some(stored) = stored else {
            ctx.db
                .write(move |c| deployments::set_state(c, id, deployments::DELETED))
                .await?;
            tracing::warn!(config_id = %d.ha_config_id, "automation gone from Home Assistant; marked deleted");
            report.marked_deleted.push(d.ha_config_id.clone());
            continue;
        };
        let current = ctx.db.run(move |c| deployments::versions(c, id)).await?;
        let same = current
            .iter()
            .rev()
            .find(|v| v.version == d.current_version)
            .is_some_and(|v| v.automation == stored);
        let entity = loaded.get(&d.ha_config_id).map(|a| a.entity_id.clone());
        let alias = alias_or(&stored, &d.alias);
        if same {
            if entity.is_some() && entity != d.entity_id {
                ctx.db
                    .write(move |c| deployments::set_entity(c, id, entity.as_deref(), &alias))
                    .await?;
            }
            continue;
        }
        let yaml = parse_json(&stored)
            .map(|m| to_yaml(&m, dialect))
            .unwrap_or_default();
        let hv = ha_version.clone();
        ctx.db
            .write(move |c| {
                deployments::add_version(
                    c,
                    id,
                    &NewVersion {
                        automation: &stored,
                        automation_yaml: &yaml,
                        ha_version: &hv,
                        safety_score: None,
                        reason: "update",
                    },
                )?;
                deployments::set_entity(c, id, entity.as_deref(), &alias)
            })
            .await?;
        tracing::warn!(config_id = %d.ha_config_id, "Home Assistant holds a config homeai did not record; recorded it as a new version");
        report.updated_from_ha.push(d.ha_config_id.clone());
    }
    Ok(report)
}

fn alias_or(config: &Value, fallback: &str) -> String {
    config
        .get("alias")
        .and_then(Value::as_str)
        .unwrap_or(fallback)
        .to_owned()
}

/// Reconciles once at start, as soon as HA answers (retrying with backoff until the service
/// stops).
pub fn spawn_at_start(ctx: ServiceContext) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut shutdown = ctx.shutdown.clone();
        let mut wait = std::time::Duration::from_millis(500);
        loop {
            match run(&ctx).await {
                Ok(report) => {
                    tracing::info!(
                        adopted = report.adopted.len(),
                        removed = report.removed_from_ha.len(),
                        marked_deleted = report.marked_deleted.len(),
                        updated = report.updated_from_ha.len(),
                        checked = report.checked,
                        "reconciled deployments with Home Assistant"
                    );
                    return;
                }
                Err(e) => {
                    tracing::info!(error = %e, retry_in_ms = wait.as_millis() as u64, "reconciliation waits for Home Assistant")
                }
            }
            tokio::select! {
                _ = tokio::time::sleep(wait) => {}
                _ = shutdown.changed() => return,
            }
            wait = (wait * 2).min(std::time::Duration::from_secs(60));
        }
    })
}
