//! The model registry: versions per model type, activate one. Activating publishes the new
//! active version (retained) on `homeai/training/models/{model_type}/active`, so the services
//! that use the model reload it without a restart (the first version of a type is activated,
//! and announced, when its job completes).

use actix_web::{HttpResponse, get, post, web};
use homeai_db::repo;
use homeai_domain::training::ModelType;
use homeai_web::{ApiError, ServiceContext};
use serde::Deserialize;

use crate::worker::Queue;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list).service(active).service(activate);
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
    queue: web::Data<Queue>,
    path: web::Path<(ModelType, i64)>,
) -> Result<HttpResponse, ApiError> {
    let (model_type, version) = path.into_inner();
    let activated = ctx
        .db
        .write(move |c| repo::model_artefacts::activate(c, model_type, version))
        .await
        .map_err(|e| ApiError::from_db_about(e, format!("{model_type} model version {version}")))?;
    tracing::info!(%model_type, version, "model version activated");
    queue.events.announce_model(&activated);
    Ok(HttpResponse::Ok().json(activated))
}
