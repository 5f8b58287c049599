//! Deploying an automation that uses a blueprint HA holds: `use_blueprint: {path, input}`
//! written through HA's config API under homeai's id prefix, recorded as a deployment (so it is
//! listed, enabled, rolled back and deleted like any other).
//!
//! Before anything is written: the inputs are checked against the blueprint's declared inputs
//! as HA lists them (a required input missing, an undeclared key, an entity the home does not
//! have or of the wrong domain: 400 naming it); the blueprint, when homeai imported it, is
//! instantiated locally and the automation validated for this home and held to the safety bar
//! as a deploy is (422 with the findings); HA then validates the instance itself on write.

use homeai_db::repo::deployments::{self, NewVersion};
use homeai_web::{ApiError, ServiceContext};
use serde::Serialize;
use serde_json::{Map, Value, json};

use super::error::BlueprintError;
use super::{DOMAIN, home_entities, imported, inputs, normalise_path, slug};
use crate::deploy::ha_automations::ha_error;
use crate::deploy::{self, Force, gate};

/// What to deploy.
#[derive(Debug, Clone)]
pub struct Request {
    /// The blueprint's path in HA (`homeai/motion_light.yaml`).
    pub path: String,
    /// The value of each input, by key.
    pub inputs: Map<String, Value>,
    /// The automation's name; the blueprint's name when absent.
    pub alias: Option<String>,
    pub description: Option<String>,
    pub force: Force,
}

/// What was deployed.
#[derive(Debug, Clone, Serialize)]
pub struct Instance {
    /// homeai's id for the deployment (the `{id}` of the deploy endpoints).
    pub automation_id: i64,
    pub ha_config_id: String,
    pub entity_id: String,
    pub alias: String,
    pub blueprint_path: String,
    pub version: i64,
    /// HA's state of the automation: `on` or `off`.
    pub state: String,
    /// `None` when the blueprint could not be instantiated here (see `validated_locally`).
    pub safety_score: Option<u8>,
    /// The instance was instantiated and validated by homeai, not only by HA.
    pub validated_locally: bool,
    pub warnings: Vec<String>,
}

/// Checks and deploys one instance.
pub async fn deploy(ctx: &ServiceContext, req: Request) -> Result<Instance, BlueprintError> {
    let path = normalise_path(&req.path)?;
    let ha = deploy::ha(ctx)?;
    let ws = ha.connect_ws().await.map_err(ha_error)?;
    let listed = ws.list_blueprints(DOMAIN).await.map_err(ha_error)?;
    let Some(entry) = listed.into_iter().find(|b| b.path == path) else {
        return Err(ApiError::NotFound(format!(
            "Home Assistant has no automation blueprint `{path}`; import it first with POST \
             /api/v1/blueprints (GET /api/v1/blueprints lists those it has)"
        ))
        .into());
    };
    let Some(metadata) = entry.metadata else {
        return Err(ApiError::Conflict(format!(
            "Home Assistant cannot load the blueprint `{path}`: {}",
            entry.error.as_deref().unwrap_or("no reason given")
        ))
        .into());
    };
    let name = metadata.get("name").and_then(Value::as_str);
    let alias = match req.alias.as_deref().map(str::trim) {
        Some(a) if a.is_empty() || a.len() > 200 => {
            return Err(BlueprintError::at(
                "alias",
                "the alias names the automation: 1 to 200 characters",
            ));
        }
        Some(a) => a.to_owned(),
        None => name.unwrap_or("Blueprint automation").to_owned(),
    };
    let declared = inputs::of_metadata(&metadata);
    let entities = home_entities(ctx, &ws).await?;
    let problems = inputs::check(&declared, &req.inputs, entities.as_ref());
    if !problems.is_empty() {
        let joined: Vec<String> = problems.iter().map(|p| p.message.clone()).collect();
        return Err(BlueprintError::invalid(
            format!(
                "the inputs do not fit the blueprint `{path}`; nothing was deployed: {}",
                joined.join("; ")
            ),
            problems,
        ));
    }

    // instantiate and validate here when the blueprint's automation is known
    let mut warnings = Vec::new();
    let mut safety_score = None;
    let local = imported(&path, &declared, name);
    if let Some(blueprint) = &local {
        let automation = blueprint.instantiate(&req.inputs).map_err(|e| {
            BlueprintError::from_parse(
                "the blueprint does not make a valid automation with these inputs; nothing was \
                 deployed",
                &e,
            )
        })?;
        gate::valid_for_home(
            ctx,
            &automation,
            "the blueprint's automation with these inputs is not valid for this home; nothing \
             was written to Home Assistant",
        )
        .await?;
        let (score, forced) = gate::safety_bar(ctx, &automation, req.force).await?;
        safety_score = Some(score);
        warnings.extend(forced);
    } else {
        warnings.push(format!(
            "homeai did not import `{path}` since it started, so it cannot read the blueprint's \
             automation: the inputs were checked here, the rest by Home Assistant"
        ));
    }

    let config_id = format!(
        "{}bp_{}",
        ctx.settings.deploy.id_prefix,
        slug(&alias, 48, "automation")
    );
    let mut body = json!({
        "id": config_id,
        "alias": alias,
        "use_blueprint": {"path": path, "input": req.inputs},
    });
    if let (Some(d), Value::Object(map)) = (&req.description, &mut body) {
        map.insert("description".into(), Value::String(d.clone()));
    }

    let _writer = deploy::WRITER.lock().await;
    let existing = {
        let id = config_id.clone();
        ctx.db
            .run(move |c| deployments::by_config_id(c, &id))
            .await?
    };
    if let Some(d) = existing
        .as_ref()
        .filter(|d| d.state != deployments::DELETED)
    {
        return Err(ApiError::Conflict(format!(
            "homeai already deployed `{}` under the id `{config_id}` that the alias `{alias}` \
             makes (automation {}, {}); delete it (DELETE /api/deploy/automations/{}) or \
             choose another alias",
            d.alias,
            d.id,
            d.entity_id.as_deref().unwrap_or(&d.ha_config_id),
            d.id
        ))
        .into());
    }
    if ha
        .get_automation_config(&config_id)
        .await
        .map_err(ha_error)?
        .is_some()
    {
        return Err(ApiError::Conflict(format!(
            "Home Assistant already has an automation with the id `{config_id}`; choose another \
             alias"
        ))
        .into());
    }
    let loaded = deploy::write_over(ctx, &config_id, &body, None).await?;

    // JSON is YAML: the version's text is the body as written
    let yaml = serde_json::to_string_pretty(&body).unwrap_or_default();
    let ha_version = ws.ha_version().to_string();
    let (cid, entity, name) = (config_id.clone(), loaded.entity_id.clone(), alias.clone());
    let recorded = ctx
        .db
        .write(move |c| {
            deployments::record_new(
                c,
                &cid,
                None,
                Some(&entity),
                &name,
                &NewVersion {
                    automation: &body,
                    automation_yaml: &yaml,
                    ha_version: &ha_version,
                    safety_score,
                    reason: "deploy",
                },
            )
        })
        .await?;
    tracing::info!(config_id, path, entity_id = %loaded.entity_id, "blueprint instance deployed");
    Ok(Instance {
        automation_id: recorded.id,
        ha_config_id: config_id,
        entity_id: loaded.entity_id,
        alias,
        blueprint_path: path,
        version: recorded.current_version,
        state: loaded.state,
        safety_score,
        validated_locally: local.is_some(),
        warnings,
    })
}
