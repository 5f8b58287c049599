//! The event history: listing with filters, importing a JSON batch or a JSON-lines export.

use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use homeai_db::repo::events::{EventFilter, EventSource};
use homeai_db::{repo, to_micros};
use homeai_domain::event::{EventCause, StateChange};
use homeai_domain::ha::EntityId;
use homeai_web::{ApiError, ServiceContext};
use serde::Deserialize;

use crate::ingest::import::{Importer, LineSplitter};
use crate::ingest::writer::write_batch;

/// Most events one JSON import may carry; larger histories go through `/events/import`.
pub const MAX_IMPORT: usize = 10_000;
/// Largest JSON-lines import accepted in one request.
pub const MAX_IMPORT_BYTES: usize = 2 * 1024 * 1024 * 1024;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list)
        .service(import_batch)
        .service(import_lines)
        .service(stats);
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ListQuery {
    entity_id: Option<String>,
    domain: Option<String>,
    area: Option<String>,
    cause: Option<String>,
    since: Option<DateTime<Utc>>,
    until: Option<DateTime<Utc>>,
    limit: Option<i64>,
    offset: Option<i64>,
}

/// Events in time order, filtered; `total` counts every match.
#[get("/api/v1/events")]
async fn list(
    ctx: web::Data<ServiceContext>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
    let (limit, offset) = homeai_web::paging::page(q.limit, q.offset, 100, 1000)?;
    if let Some(id) = &q.entity_id {
        EntityId::parse(id)?;
    }
    if let Some(d) = &q.domain
        && (d.is_empty()
            || !d
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'))
    {
        return Err(ApiError::BadRequest(format!(
            "domain {d:?} is not a Home Assistant domain"
        )));
    }
    if let Some(c) = &q.cause {
        c.parse::<EventCause>()?;
    }
    if let (Some(s), Some(u)) = (q.since, q.until)
        && s >= u
    {
        return Err(ApiError::BadRequest("since must be before until".into()));
    }
    let filter = EventFilter {
        entity_id: q.entity_id,
        domain: q.domain,
        area_id: q.area,
        cause: q.cause,
        since_us: q.since.map(to_micros),
        until_us: q.until.map(to_micros),
        limit,
        offset,
    };
    let page = ctx.db.run(move |c| repo::events::list(c, &filter)).await?;
    Ok(HttpResponse::Ok().json(page))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Import {
    events: Vec<StateChange>,
}

/// Stores the events all-or-nothing; events already stored (same entity and time) are skipped,
/// so importing the same batch twice changes nothing.
#[post("/api/v1/events")]
async fn import_batch(
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
    let report = write_batch(&ctx.db, events, EventSource::Import, None).await?;
    Ok(HttpResponse::Ok().json(report))
}

/// A history export as JSON lines of HA state objects, streamed: constant memory, committed in
/// batches; malformed lines are listed with their numbers and skipped.
#[post("/api/v1/events/import")]
async fn import_lines(
    ctx: web::Data<ServiceContext>,
    mut body: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let mut importer = Importer::new(ctx.db.clone());
    let mut splitter = LineSplitter::default();
    let mut received = 0usize;
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|e| ApiError::BadRequest(format!("reading the body: {e}")))?;
        received += chunk.len();
        if received > MAX_IMPORT_BYTES {
            return Err(ApiError::PayloadTooLarge(format!(
                "an import may be at most {MAX_IMPORT_BYTES} bytes; split the file (what came before this point was imported)"
            )));
        }
        for line in splitter.feed(&chunk) {
            importer.line(&line).await?;
        }
    }
    if let Some(last) = splitter.rest() {
        importer.line(&last).await?;
    }
    let report = importer.finish().await?;
    if report.lines == 0 {
        return Err(ApiError::BadRequest(
            "the body is empty: send JSON lines of state objects".into(),
        ));
    }
    Ok(HttpResponse::Ok().json(report))
}

#[get("/api/v1/events/stats")]
async fn stats(ctx: web::Data<ServiceContext>) -> Result<HttpResponse, ApiError> {
    let total = ctx.db.run(repo::events::count).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "total": total })))
}
