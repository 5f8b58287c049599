//! Deploying suggestions into Home Assistant and managing what homeai deployed (paths as the
//! reference system has them): deploy one or a batch, list with HA's state, one with its
//! stored config, enable/disable/trigger, rollback, versions, delete, reconcile, and a check of
//! the connection.

use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use homeai_db::repo::deployments;
use homeai_web::{ApiError, ServiceContext};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::deploy::{
    self, DeployError, Force, Switch, ha_automations, ha_automations::ha_error, reconcile,
};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(batch)
        .service(reconcile_now)
        .service(test_connection)
        .service(audit_report)
        .service(list)
        .service(one)
        .service(enable)
        .service(disable)
        .service(trigger)
        .service(remove)
        .service(rollback)
        .service(versions)
        .service(deploy_one);
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct DeployBody {
    /// Deploy even below the safety bar; needs the admin token.
    #[serde(default, alias = "force")]
    force_deploy: bool,
}

fn force(req: &HttpRequest, ctx: &ServiceContext, requested: bool) -> Force {
    Force {
        requested,
        admin: homeai_web::auth::is_admin(req, &ctx.settings),
    }
}

#[post("/api/deploy/{suggestion_id}")]
async fn deploy_one(
    req: HttpRequest,
    ctx: web::Data<ServiceContext>,
    path: web::Path<String>,
    body: Option<web::Json<DeployBody>>,
) -> Result<HttpResponse, DeployError> {
    let raw = path.into_inner();
    let id: i64 = raw.parse().map_err(|_| {
        ApiError::BadRequest(format!("suggestion id must be a number, not `{raw}`"))
    })?;
    let body = body.map(web::Json::into_inner).unwrap_or_default();
    let done = deploy::deploy_suggestion(&ctx, id, force(&req, &ctx, body.force_deploy)).await?;
    Ok(HttpResponse::Ok().json(json!({
        "success": true,
        "message": format!("deployed as {} (version {})", done.entity_id, done.version),
        "data": done,
    })))
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum BatchBody {
    Ids(Vec<i64>),
    Named {
        suggestion_ids: Vec<i64>,
        #[serde(default, alias = "force")]
        force_deploy: bool,
    },
}

#[post("/api/deploy/batch")]
async fn batch(
    req: HttpRequest,
    ctx: web::Data<ServiceContext>,
    body: web::Json<BatchBody>,
) -> Result<HttpResponse, ApiError> {
    let (ids, forced) = match body.into_inner() {
        BatchBody::Ids(ids) => (ids, false),
        BatchBody::Named {
            suggestion_ids,
            force_deploy,
        } => (suggestion_ids, force_deploy),
    };
    if ids.is_empty() || ids.len() > 50 {
        return Err(ApiError::BadRequest(
            "give between 1 and 50 suggestion ids".into(),
        ));
    }
    let force = force(&req, &ctx, forced);
    let (mut successful, mut failed) = (Vec::new(), Vec::new());
    for id in &ids {
        match deploy::deploy_suggestion(&ctx, *id, force).await {
            Ok(done) => successful.push(json!(done)),
            Err(DeployError::Refused {
                message, findings, ..
            }) => {
                failed.push(json!({ "suggestion_id": id, "error": message, "findings": findings }))
            }
            Err(DeployError::Api(e)) => failed
                .push(json!({ "suggestion_id": id, "error": e.to_string(), "code": e.code() })),
        }
    }
    Ok(HttpResponse::Ok().json(json!({
        "successful": successful,
        "failed": failed,
        "total": ids.len(),
    })))
}

#[post("/api/deploy/reconcile")]
async fn reconcile_now(ctx: web::Data<ServiceContext>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(reconcile::run(&ctx).await?))
}

/// HA answers, with which version, and whether automations written through the config API are
/// loaded (at least one automation with a config id is).
#[get("/api/deploy/test-connection")]
async fn test_connection(ctx: web::Data<ServiceContext>) -> Result<HttpResponse, ApiError> {
    let ha = deploy::ha(&ctx)?;
    let config = ha.config().await.map_err(ha_error)?;
    let all = ha_automations::all(ha).await.map_err(ha_error)?;
    let with_id = all.iter().filter(|a| a.config_id.is_some()).count();
    let mut warnings = Vec::new();
    if !all.is_empty() && with_id == 0 {
        warnings.push(
            "Home Assistant has automations but none from automations.yaml: automations homeai \
             writes will not load unless configuration.yaml has `automation: !include \
             automations.yaml`"
                .to_owned(),
        );
    }
    Ok(HttpResponse::Ok().json(json!({
        "connected": true,
        "ha_version": config.version,
        "automations": all.len(),
        "automations_with_config_id": with_id,
        "warnings": warnings,
    })))
}

/// homeai's deployments with HA's view of each.
#[get("/api/deploy/automations")]
async fn list(ctx: web::Data<ServiceContext>) -> Result<HttpResponse, ApiError> {
    let records = ctx.db.run(|c| deployments::list(c, false)).await?;
    let loaded = ha_automations::by_config_id(deploy::ha(&ctx)?)
        .await
        .map_err(ha_error)?;
    let items: Vec<Value> = records
        .iter()
        .map(|d| {
            let ha = loaded.get(&d.ha_config_id);
            let last = ha.and_then(|a| a.last_triggered);
            json!({
                "id": d.id,
                "ha_config_id": d.ha_config_id,
                "suggestion_id": d.suggestion_id,
                "entity_id": ha.map(|a| a.entity_id.clone()).or_else(|| d.entity_id.clone()),
                "alias": d.alias,
                "status": d.state,
                "ha_state": ha.map_or("missing", |a| a.state.as_str()),
                "last_triggered": last,
                "fired_since_deploy": last.is_some_and(|t| t >= d.deployed_at),
                "current_version": d.current_version,
                "deployed_at": d.deployed_at,
                "updated_at": d.updated_at,
            })
        })
        .collect();
    Ok(HttpResponse::Ok().json(json!({ "automations": items, "total": items.len() })))
}

#[get("/api/deploy/automations/{id}")]
async fn one(
    ctx: web::Data<ServiceContext>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let d = deploy::find(&ctx, &path).await?;
    let ha = deploy::ha(&ctx)?;
    let config = ha
        .get_automation_config(&d.ha_config_id)
        .await
        .map_err(ha_error)?;
    let loaded = ha_automations::by_config_id(ha)
        .await
        .map_err(ha_error)?
        .remove(&d.ha_config_id);
    let last = loaded.as_ref().and_then(|a| a.last_triggered);
    Ok(HttpResponse::Ok().json(json!({
        "deployment": d,
        "ha_state": loaded.as_ref().map_or("missing", |a| a.state.as_str()),
        "last_triggered": last,
        "fired_since_deploy": last.is_some_and(|t| t >= d.deployed_at),
        "config": config,
    })))
}

#[post("/api/deploy/automations/{id}/enable")]
async fn enable(
    ctx: web::Data<ServiceContext>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(deploy::switch(&ctx, &path, Switch::Enable).await?))
}

#[post("/api/deploy/automations/{id}/disable")]
async fn disable(
    ctx: web::Data<ServiceContext>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(deploy::switch(&ctx, &path, Switch::Disable).await?))
}

#[post("/api/deploy/automations/{id}/trigger")]
async fn trigger(
    ctx: web::Data<ServiceContext>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(deploy::switch(&ctx, &path, Switch::Trigger).await?))
}

#[delete("/api/deploy/automations/{id}")]
async fn remove(
    ctx: web::Data<ServiceContext>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(deploy::delete(&ctx, &path).await?))
}

#[post("/api/deploy/{automation_id}/rollback")]
async fn rollback(
    ctx: web::Data<ServiceContext>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let (d, v, restored) = deploy::rollback(&ctx, &path).await?;
    Ok(HttpResponse::Ok().json(json!({
        "success": true,
        "message": format!("{} is back to what version {restored} was, as version {}", d.ha_config_id, v.version),
        "data": { "deployment": d, "version": v },
    })))
}

#[get("/api/deploy/{automation_id}/versions")]
async fn versions(
    ctx: web::Data<ServiceContext>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let d = deploy::find(&ctx, &path).await?;
    let id = d.id;
    let versions = ctx.db.run(move |c| deployments::versions(c, id)).await?;
    let items: Vec<Value> = versions
        .iter()
        .map(|v| {
            json!({
                "id": v.id,
                "suggestion_id": d.suggestion_id,
                "version_number": v.version,
                "reason": v.reason,
                "safety_score": v.safety_score,
                "ha_version": v.ha_version,
                "deployed_at": v.created_at,
                "is_active": v.version == d.current_version && d.state != deployments::DELETED,
                "automation": v.automation,
                "automation_yaml": v.automation_yaml,
            })
        })
        .collect();
    Ok(HttpResponse::Ok()
        .json(json!({ "automation_id": d.id, "ha_config_id": d.ha_config_id, "versions": items })))
}

/// The audit of every automation in HA (homeai's and the household's own).
#[get("/api/deploy/audit")]
async fn audit_report(ctx: web::Data<ServiceContext>) -> Result<HttpResponse, ApiError> {
    let ha = deploy::ha(&ctx)?;
    let all = ha_automations::with_configs(ha).await.map_err(ha_error)?;
    let audited: Vec<crate::audit::Audited> = all
        .into_iter()
        .map(|(a, config)| crate::audit::Audited {
            entity_id: a.entity_id,
            alias: a.friendly_name,
            state: a.state,
            last_triggered: a.last_triggered,
            config,
        })
        .collect();
    Ok(HttpResponse::Ok().json(crate::audit::audit(
        &audited,
        chrono::Utc::now(),
        ctx.settings.deploy.stale_after_days,
    )))
}
