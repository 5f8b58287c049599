//! The home as Home Assistant describes it (synced registries) and the ingest's own status.

use actix_web::{HttpResponse, get, web};
use homeai_db::{from_micros, repo};
use homeai_web::{ApiError, ServiceContext};
use serde::Deserialize;

use crate::ingest::IngestStatus;
use crate::ingest::writer::HA_SOURCE;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(entities)
        .service(areas)
        .service(devices)
        .service(ingest_status);
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EntityQuery {
    domain: Option<String>,
    area: Option<String>,
}

#[get("/api/v1/entities")]
async fn entities(
    ctx: web::Data<ServiceContext>,
    query: web::Query<EntityQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
    let list = ctx
        .db
        .run(move |c| repo::registry::entities(c, q.domain.as_deref(), q.area.as_deref()))
        .await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "entities": list, "total": list.len() })))
}

#[get("/api/v1/areas")]
async fn areas(ctx: web::Data<ServiceContext>) -> Result<HttpResponse, ApiError> {
    let list = ctx.db.run(repo::registry::areas).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "areas": list, "total": list.len() })))
}

#[get("/api/v1/devices")]
async fn devices(ctx: web::Data<ServiceContext>) -> Result<HttpResponse, ApiError> {
    let list = ctx.db.run(repo::registry::devices).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "devices": list, "total": list.len() })))
}

#[get("/api/v1/ingest/status")]
async fn ingest_status(
    ctx: web::Data<ServiceContext>,
    status: web::Data<IngestStatus>,
) -> Result<HttpResponse, ApiError> {
    let checkpoint = ctx.db.run(|c| repo::checkpoints::get(c, HA_SOURCE)).await?;
    let enabled = ctx.settings.ingest.enabled && ctx.settings.ha.url.is_some();
    Ok(HttpResponse::Ok().json(status.view(enabled, checkpoint.map(from_micros))))
}
