//! The model registry: versions per model type, activate one. Activating publishes the new
//! active version (retained) on `homeai/training/models/{model_type}/active`, so the services
//! that use the model reload it without a restart.

use actix_web::{HttpResponse, get, post, web};
use homeai_db::repo;
use homeai_domain::training::{ModelType, ModelVersion};
use homeai_web::{ApiError, ServiceContext};
use serde::Deserialize;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list).service(active).service(activate);
}

/// The topic that announces the active version of a model type.
pub fn active_topic(model_type: ModelType) -> String {
    format!("homeai/training/models/{model_type}/active")
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ListQuery {
    model_type: Option<ModelType>,
}

#[get("/api/v1/training/models")]
async fn list(
    ctx: web::Data<ServiceContext>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let model_type = query.model_type;
    let items = ctx
        .db
        .run(move |c| repo::model_artefacts::list(c, model_type))
        .await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "items": items })))
}

#[get("/api/v1/training/models/{model_type}/active")]
async fn active(
    ctx: web::Data<ServiceContext>,
    path: web::Path<ModelType>,
) -> Result<HttpResponse, ApiError> {
    let model_type = path.into_inner();
    let version = ctx
        .db
        .run(move |c| repo::model_artefacts::active(c, model_type))
        .await?
        .ok_or_else(|| ApiError::not_found(format!("an active {model_type} model")))?;
    Ok(HttpResponse::Ok().json(version))
}

#[post("/api/v1/training/models/{model_type}/versions/{version}/activate")]
async fn activate(
    ctx: web::Data<ServiceContext>,
    path: web::Path<(ModelType, i64)>,
) -> Result<HttpResponse, ApiError> {
    let (model_type, version) = path.into_inner();
    let activated = ctx
        .db
        .write(move |c| repo::model_artefacts::activate(c, model_type, version))
        .await
        .map_err(|e| ApiError::from_db_about(e, format!("{model_type} model version {version}")))?;
    tracing::info!(%model_type, version, "model version activated");
    announce(&ctx, &activated).await;
    Ok(HttpResponse::Ok().json(activated))
}

/// Publishes the active version (retained) when a broker is configured.
pub async fn announce(ctx: &ServiceContext, version: &ModelVersion) {
    let Some(bus) = &ctx.mqtt else {
        return;
    };
    let Ok(payload) = serde_json::to_vec(version) else {
        return;
    };
    if let Err(e) = bus
        .publish(&active_topic(version.model_type), payload, true)
        .await
    {
        tracing::warn!(error = %e, "could not announce the active model");
    }
}
