//! Writing automations into Home Assistant, safely: validation and the safety bar before
//! anything is written; HA's config API with homeai's own id prefix; a bounded wait for HA to
//! load it (a timeout undoes the write); a version row per change; rollback, delete,
//! enable/disable/trigger; and reconciliation of records with what HA holds.

pub mod error;
pub(crate) mod gate;
pub mod ha_automations;
pub mod reconcile;

use std::time::Duration;

use homeai_automation_model::{Automation, parse_json, to_json, to_yaml};
use homeai_db::repo;
use homeai_db::repo::deployments::{self, Deployment, NewVersion, Version};
use homeai_domain::suggestion::SuggestionStatus;
use homeai_ha::HaClient;
use homeai_web::{ApiError, ServiceContext};
use serde::Serialize;
use serde_json::Value;

pub use error::{DeployError, Refusal};
use ha_automations::{HaAutomation, config_id_for, ha_error, wait_loaded};

/// What a deploy did.
#[derive(Debug, Clone, Serialize)]
pub struct Deployed {
    pub suggestion_id: Option<i64>,
    /// homeai's id for the deployment (the `{id}` of the deploy endpoints).
    pub automation_id: i64,
    pub ha_config_id: String,
    pub entity_id: String,
    pub version: i64,
    /// HA's state of the automation: `on` or `off`.
    pub state: String,
    pub safety_score: u8,
    /// Safety findings a forced deploy went past, and anything else worth knowing.
    pub warnings: Vec<String>,
}

/// How a deploy may go past the safety bar.
#[derive(Debug, Clone, Copy, Default)]
pub struct Force {
    /// The caller asked to deploy even below the safety bar.
    pub requested: bool,
    /// The caller presented the admin token.
    pub admin: bool,
}

pub fn ha(ctx: &ServiceContext) -> Result<&HaClient, ApiError> {
    ctx.ha.as_ref().ok_or_else(|| {
        ApiError::Unavailable(
            "no Home Assistant is configured (set HOMEAI_HA_URL and HOMEAI_HA_TOKEN_FILE)".into(),
        )
    })
}

/// One writer to HA at a time: a deploy, rollback, delete or reconciliation sees the others'
/// writes recorded (a reconciliation must never take a deploy in flight for an orphan).
pub(crate) static WRITER: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn appear_timeout(ctx: &ServiceContext) -> Duration {
    Duration::from_millis(ctx.settings.deploy.appear_timeout_ms)
}

/// The body written to HA, checked: valid for this home and HA, above the safety bar (or
/// forced by the admin). Nothing is written here.
struct Checked {
    body: Value,
    yaml: String,
    ha_version: String,
    safety_score: u8,
    warnings: Vec<String>,
}

async fn check(
    ctx: &ServiceContext,
    automation: &Automation,
    config_id: &str,
    force: Force,
) -> Result<Checked, DeployError> {
    let result = gate::valid_for_home(
        ctx,
        automation,
        "the automation is not valid for this home; nothing was written to Home Assistant",
    )
    .await?;
    let Some(ha_version) = result.ha_version.clone() else {
        return Err(ApiError::BadGateway(
            "Home Assistant did not answer the validation; nothing was written".into(),
        )
        .into());
    };
    let (safety_score, warnings) = gate::safety_bar(ctx, automation, force).await?;
    let mut body = to_json(automation, result.dialect);
    if let Value::Object(map) = &mut body {
        // HA stores a posted automation under the body's id, not the URL's
        map.insert("id".into(), Value::String(config_id.to_owned()));
    }
    Ok(Checked {
        body,
        yaml: to_yaml(automation, result.dialect),
        ha_version,
        safety_score,
        warnings,
    })
}

fn alias_of(body: &Value) -> Option<String> {
    body.get("alias").and_then(Value::as_str).map(str::to_owned)
}

/// Writes `body` under `config_id` and waits for HA to load it; on a timeout or refusal the
/// previous config (or none) is put back, so HA is left as it was.
async fn write_and_wait(
    ctx: &ServiceContext,
    config_id: &str,
    body: &Value,
) -> Result<HaAutomation, ApiError> {
    let previous = ha(ctx)?
        .get_automation_config(config_id)
        .await
        .map_err(ha_error)?;
    write_over(ctx, config_id, body, previous.as_ref()).await
}

/// Writes `body` under `config_id` in place of `previous` (what HA holds there now; `None`:
/// nothing) and waits for HA to load it; on a timeout or refusal `previous` is put back (or the
/// write deleted), so HA is left as it was.
pub(crate) async fn write_over(
    ctx: &ServiceContext,
    config_id: &str,
    body: &Value,
    previous: Option<&Value>,
) -> Result<HaAutomation, ApiError> {
    let ha = ha(ctx)?;
    // an unchanged config is not reloaded; a changed one is, after HA answers
    let reloaded_after = match previous {
        Some(old) if old != body => ha_automations::by_config_id(ha)
            .await
            .map_err(ha_error)?
            .remove(config_id)
            .map(|a| a.last_updated),
        _ => None,
    };
    ha.save_automation_config(config_id, body)
        .await
        .map_err(ha_error)?;
    let alias = alias_of(body);
    match wait_loaded(
        ha,
        config_id,
        alias.as_deref(),
        reloaded_after,
        appear_timeout(ctx),
    )
    .await
    {
        Ok(loaded) => Ok(loaded),
        Err(e) => {
            let undo = match previous {
                Some(old) => ha.save_automation_config(config_id, old).await,
                None => ha.delete_automation_config(config_id).await.map(|_| ()),
            };
            if let Err(undo) = undo {
                tracing::error!(config_id, error = %undo, "could not undo a write HA did not load");
            }
            Err(e)
        }
    }
}

/// Deploys an approved (or already deployed, or rolled back) suggestion: a first deploy, or a
/// new version of its automation when it was deployed before.
pub async fn deploy_suggestion(
    ctx: &ServiceContext,
    suggestion_id: i64,
    force: Force,
) -> Result<Deployed, DeployError> {
    let _writer = WRITER.lock().await;
    let suggestion = ctx
        .db
        .run(move |c| repo::suggestions::get(c, suggestion_id))
        .await
        .map_err(|e| ApiError::from_db_about(e, format!("suggestion {suggestion_id}")))?;
    if !suggestion.status.can_become(SuggestionStatus::Deployed) {
        return Err(ApiError::Conflict(format!(
            "suggestion {suggestion_id} is {}; approve it first",
            suggestion.status
        ))
        .into());
    }
    let automation = parse_json(&suggestion.automation).map_err(|e| {
        DeployError::refused(
            "the suggestion's automation cannot be read; nothing was written",
            vec![Refusal {
                field: String::new(),
                message: e.to_string(),
                source: "model".into(),
            }],
        )
    })?;
    let config_id = config_id_for(&ctx.settings.deploy.id_prefix, suggestion_id);
    let checked = check(ctx, &automation, &config_id, force).await?;
    let existing = {
        let id = config_id.clone();
        ctx.db
            .run(move |c| deployments::by_config_id(c, &id))
            .await?
    };
    let loaded = write_and_wait(ctx, &config_id, &checked.body).await?;

    let (entity, alias) = (loaded.entity_id.clone(), alias_of(&checked.body));
    let body = checked.body.clone();
    let (yaml, ha_version, score) = (
        checked.yaml.clone(),
        checked.ha_version.clone(),
        checked.safety_score,
    );
    let cid = config_id.clone();
    let deployment = ctx
        .db
        .write(move |c| {
            let version = NewVersion {
                automation: &body,
                automation_yaml: &yaml,
                ha_version: &ha_version,
                safety_score: Some(score),
                reason: "deploy",
            };
            let alias = alias.unwrap_or_else(|| cid.clone());
            let d = match existing.filter(|d| d.state != deployments::DELETED) {
                Some(d) => {
                    deployments::add_version(
                        c,
                        d.id,
                        &NewVersion {
                            reason: "update",
                            ..version
                        },
                    )?;
                    deployments::set_entity(c, d.id, Some(&entity), &alias)?;
                    deployments::get(c, d.id)?
                }
                None => deployments::record_new(
                    c,
                    &cid,
                    Some(suggestion_id),
                    Some(&entity),
                    &alias,
                    &version,
                )?,
            };
            let _ = repo::suggestions::transition(
                c,
                suggestion_id,
                SuggestionStatus::Deployed,
                None,
                Some(("deploy", None, None)),
            )?;
            Ok(d)
        })
        .await?;
    tracing::info!(
        suggestion_id,
        config_id,
        entity_id = %loaded.entity_id,
        version = deployment.current_version,
        "deployed"
    );
    Ok(Deployed {
        suggestion_id: Some(suggestion_id),
        automation_id: deployment.id,
        ha_config_id: config_id,
        entity_id: loaded.entity_id,
        version: deployment.current_version,
        state: loaded.state,
        safety_score: checked.safety_score,
        warnings: checked.warnings,
    })
}

/// Finds a deployment by homeai's numeric id, its `homeai_…` config id or its entity id.
pub async fn find(ctx: &ServiceContext, key: &str) -> Result<Deployment, ApiError> {
    let k = key.to_owned();
    let found = ctx
        .db
        .run(move |c| {
            if let Ok(id) = k.parse::<i64>() {
                return deployments::get(c, id)
                    .map(Some)
                    .or_else(|e| if e.is_not_found() { Ok(None) } else { Err(e) });
            }
            if k.starts_with("automation.") {
                deployments::by_entity_id(c, &k)
            } else {
                deployments::by_config_id(c, &k)
            }
        })
        .await?;
    found.ok_or_else(|| {
        ApiError::NotFound(format!(
            "no automation deployed by homeai has the id `{key}` (homeai only manages its own)"
        ))
    })
}

/// Puts the version before the current one back into HA, recorded as a new version:
/// the deployment, the new version, and the number of the version put back.
pub async fn rollback(
    ctx: &ServiceContext,
    key: &str,
) -> Result<(Deployment, Version, i64), ApiError> {
    let _writer = WRITER.lock().await;
    let d = find(ctx, key).await?;
    if d.state == deployments::DELETED {
        return Err(ApiError::Conflict(format!(
            "automation {} was deleted; deploy its suggestion again instead",
            d.ha_config_id
        )));
    }
    let id = d.id;
    let versions = ctx.db.run(move |c| deployments::versions(c, id)).await?;
    let Some(target) = versions
        .iter()
        .find(|v| v.version == d.current_version - 1)
        .cloned()
    else {
        return Err(ApiError::Conflict(format!(
            "automation {} has only version {}; there is nothing to roll back to",
            d.ha_config_id, d.current_version
        )));
    };
    let loaded = write_and_wait(ctx, &d.ha_config_id, &target.automation).await?;
    let t = target.clone();
    let alias = alias_of(&target.automation).unwrap_or_else(|| d.alias.clone());
    let entity = loaded.entity_id.clone();
    let (d, v) = ctx
        .db
        .write(move |c| {
            let n = deployments::add_version(
                c,
                id,
                &NewVersion {
                    automation: &t.automation,
                    automation_yaml: &t.automation_yaml,
                    ha_version: &t.ha_version,
                    safety_score: t.safety_score.and_then(|s| u8::try_from(s).ok()),
                    reason: "rollback",
                },
            )?;
            deployments::set_entity(c, id, Some(&entity), &alias)?;
            let d = deployments::get(c, id)?;
            let v = deployments::versions(c, id)?
                .into_iter()
                .find(|v| v.version == n)
                .ok_or_else(|| homeai_db::DbError::Corrupt(format!("version {n} vanished")))?;
            Ok((d, v))
        })
        .await?;
    tracing::info!(config_id = %d.ha_config_id, to = target.version, version = v.version, "rolled back");
    Ok((d, v, target.version))
}

/// Deletes the automation from HA; its suggestion becomes rolled back.
pub async fn delete(ctx: &ServiceContext, key: &str) -> Result<Deployment, ApiError> {
    let _writer = WRITER.lock().await;
    let d = find(ctx, key).await?;
    if d.state == deployments::DELETED {
        return Ok(d);
    }
    ha(ctx)?
        .delete_automation_config(&d.ha_config_id)
        .await
        .map_err(ha_error)?;
    let (id, sid) = (d.id, d.suggestion_id);
    let d = ctx
        .db
        .write(move |c| {
            deployments::set_state(c, id, deployments::DELETED)?;
            if let Some(sid) = sid {
                let _ = repo::suggestions::transition(
                    c,
                    sid,
                    SuggestionStatus::RolledBack,
                    Some("deleted from Home Assistant"),
                    Some(("rollback", None, None)),
                )?;
            }
            deployments::get(c, id)
        })
        .await?;
    tracing::info!(config_id = %d.ha_config_id, "deleted");
    Ok(d)
}

/// What `enable`, `disable` and `trigger` call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Switch {
    Enable,
    Disable,
    Trigger,
}

/// Turns the automation on or off in HA, or runs its actions now.
pub async fn switch(ctx: &ServiceContext, key: &str, what: Switch) -> Result<Value, ApiError> {
    let d = find(ctx, key).await?;
    let Some(entity) = d
        .entity_id
        .clone()
        .filter(|_| d.state != deployments::DELETED)
    else {
        return Err(ApiError::Conflict(format!(
            "automation {} is not in Home Assistant",
            d.ha_config_id
        )));
    };
    let service = match what {
        Switch::Enable => "turn_on",
        Switch::Disable => "turn_off",
        Switch::Trigger => "trigger",
    };
    ha(ctx)?
        .call_service(
            "automation",
            service,
            serde_json::json!({ "entity_id": entity }),
        )
        .await
        .map_err(ha_error)?;
    let state = match what {
        Switch::Enable => Some(deployments::ACTIVE),
        Switch::Disable => Some(deployments::DISABLED),
        Switch::Trigger => None,
    };
    if let Some(state) = state {
        let id = d.id;
        ctx.db
            .write(move |c| deployments::set_state(c, id, state))
            .await?;
    }
    Ok(serde_json::json!({
        "automation_id": d.id,
        "entity_id": entity,
        "done": service,
    }))
}
