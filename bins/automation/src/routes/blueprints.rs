//! Blueprints: import one into Home Assistant, list and delete HA's automation blueprints, and
//! deploy an automation that uses one. The POSTs and the DELETE need the bearer token.

use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use homeai_web::ServiceContext;
use serde::Deserialize;
use serde_json::{Map, Value, json};

use crate::blueprints::{self, BlueprintError, instance};
use crate::deploy::Force;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(instantiate)
        .service(import)
        .service(list)
        .service(remove);
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ImportBody {
    /// The blueprint's YAML (a `blueprint:` block and an automation with `!input` values).
    yaml: String,
    /// Relative to HA's `blueprints/automation/`; `homeai/<name>.yaml` when absent.
    #[serde(default)]
    path: Option<String>,
    /// Replace a blueprint already at the path.
    #[serde(default, rename = "override")]
    allow_override: bool,
    /// Where the blueprint comes from (HA shows it and can re-import from it).
    #[serde(default)]
    source_url: Option<String>,
}

#[post("/api/v1/blueprints")]
async fn import(
    ctx: web::Data<ServiceContext>,
    body: web::Json<ImportBody>,
) -> Result<HttpResponse, BlueprintError> {
    let body = body.into_inner();
    let done = blueprints::import(
        &ctx,
        &body.yaml,
        blueprints::Target {
            path: body.path.as_deref(),
            source_url: body.source_url.as_deref(),
            allow_override: body.allow_override,
        },
    )
    .await?;
    Ok(HttpResponse::Created().json(done))
}

#[get("/api/v1/blueprints")]
async fn list(ctx: web::Data<ServiceContext>) -> Result<HttpResponse, BlueprintError> {
    let items = blueprints::list(&ctx).await?;
    Ok(HttpResponse::Ok().json(json!({ "total": items.len(), "blueprints": items })))
}

#[delete("/api/v1/blueprints/{path:.+}")]
async fn remove(
    ctx: web::Data<ServiceContext>,
    path: web::Path<String>,
) -> Result<HttpResponse, BlueprintError> {
    let path = blueprints::delete(&ctx, &path).await?;
    Ok(HttpResponse::Ok().json(json!({ "path": path, "deleted": true })))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct InstanceBody {
    /// The blueprint's path in HA.
    path: String,
    /// The value of each input, by key.
    #[serde(default)]
    inputs: Map<String, Value>,
    #[serde(default)]
    alias: Option<String>,
    #[serde(default)]
    description: Option<String>,
    /// Deploy even below the safety bar; needs the admin token.
    #[serde(default, alias = "force")]
    force_deploy: bool,
}

#[post("/api/v1/blueprints/instances")]
async fn instantiate(
    req: HttpRequest,
    ctx: web::Data<ServiceContext>,
    body: web::Json<InstanceBody>,
) -> Result<HttpResponse, BlueprintError> {
    let body = body.into_inner();
    let done = instance::deploy(
        &ctx,
        instance::Request {
            path: body.path,
            inputs: body.inputs,
            alias: body.alias,
            description: body.description,
            force: Force {
                requested: body.force_deploy,
                admin: homeai_web::auth::is_admin(&req, &ctx.settings),
            },
        },
    )
    .await?;
    Ok(HttpResponse::Created().json(done))
}
