//! Importing state-change events (a history export, a synthetic home) and counting them.
//! Live ingest from Home Assistant writes the same table.

use actix_web::{HttpResponse, get, post, web};
use homeai_db::repo::{self, events::EventSource};
use homeai_domain::event::StateChange;
use homeai_web::{ApiError, ServiceContext};
use serde::Deserialize;

/// Most events one import may carry; larger histories are sent in several requests.
pub const MAX_IMPORT: usize = 10_000;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(import).service(stats);
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Import {
    events: Vec<StateChange>,
}

/// Stores the events all-or-nothing; events already stored (same entity and time) are skipped,
/// so importing the same file twice changes nothing.
#[post("/api/v1/events")]
async fn import(
    ctx: web::Data<ServiceContext>,
    body: web::Json<Import>,
) -> Result<HttpResponse, ApiError> {
    let events = body.into_inner().events;
    if events.is_empty() {
        return Err(ApiError::BadRequest("events must not be empty".into()));
    }
    if events.len() > MAX_IMPORT {
        return Err(ApiError::BadRequest(format!(
            "at most {MAX_IMPORT} events per request, got {}",
            events.len()
        )));
    }
    let report = ctx
        .db
        .write(move |c| repo::events::insert_batch(c, &events, EventSource::Import))
        .await?;
    Ok(HttpResponse::Ok().json(report))
}

#[get("/api/v1/events/stats")]
async fn stats(ctx: web::Data<ServiceContext>) -> Result<HttpResponse, ApiError> {
    let total = ctx.db.run(repo::events::count).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "total": total })))
}
