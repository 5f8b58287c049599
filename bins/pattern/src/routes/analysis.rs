//! Habits found, and the analysis that finds them: trigger, status, history; patterns list,
//! one, stats (paths as the reference service has them).

use actix_web::{HttpResponse, get, post, web};
use homeai_db::repo;
use homeai_db::repo::patterns::{PatternFilter, PatternSort};
use homeai_domain::pattern::PatternKind;
use homeai_web::{ApiError, ServiceContext};
use serde::Deserialize;
use serde_json::json;

use crate::analysis::Analyzer;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(trigger)
        .service(status)
        .service(history)
        .service(list)
        .service(stats)
        .service(one);
}

/// Starts an analysis in the background: 202, or 409 while one runs.
#[post("/api/analysis/trigger")]
async fn trigger(analyzer: web::Data<Analyzer>) -> Result<HttpResponse, ApiError> {
    if analyzer.is_running() {
        return Err(ApiError::Conflict("an analysis is already running".into()));
    }
    let analyzer = analyzer.get_ref().clone();
    tokio::spawn(async move {
        if let Err(e) = analyzer.run("manual").await {
            tracing::warn!(error = %e, "manual analysis did not run");
        }
    });
    Ok(
        HttpResponse::Accepted()
            .json(json!({ "status": "running", "message": "analysis started" })),
    )
}

#[get("/api/analysis/status")]
async fn status(
    ctx: web::Data<ServiceContext>,
    analyzer: web::Data<Analyzer>,
) -> Result<HttpResponse, ApiError> {
    let last = ctx
        .db
        .run(|c| repo::analysis_runs::recent(c, 1))
        .await?
        .into_iter()
        .next();
    let patterns = ctx.db.run(repo::patterns::stats).await?;
    let home_type = analyzer.last_home_type();
    Ok(HttpResponse::Ok().json(json!({
        "running": analyzer.is_running(),
        "phase": analyzer.phase(),
        "last_run": last,
        "patterns": patterns,
        // the thresholds the last run of this process detected with
        "detector_thresholds": crate::home_models::thresholds_json(home_type.as_deref()),
    })))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HistoryQuery {
    limit: Option<i64>,
}

#[get("/api/analysis/history")]
async fn history(
    ctx: web::Data<ServiceContext>,
    q: web::Query<HistoryQuery>,
) -> Result<HttpResponse, ApiError> {
    let limit = q.limit.unwrap_or(20);
    if !(1..=500).contains(&limit) {
        return Err(ApiError::BadRequest("limit must be 1..=500".into()));
    }
    let runs = ctx
        .db
        .run(move |c| repo::analysis_runs::recent(c, limit))
        .await?;
    Ok(HttpResponse::Ok().json(json!({ "runs": runs })))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ListQuery {
    pattern_type: Option<PatternKind>,
    entity_id: Option<String>,
    min_confidence: Option<f64>,
    include_inactive: Option<bool>,
    sort: Option<String>,
    limit: Option<i64>,
    offset: Option<i64>,
}

#[get("/api/v1/patterns/list")]
async fn list(
    ctx: web::Data<ServiceContext>,
    q: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = q.into_inner();
    let (limit, offset) = homeai_web::paging::page(q.limit, q.offset, 100, 1000)?;
    homeai_web::paging::share("min_confidence", q.min_confidence)?;
    let sort = match q.sort.as_deref() {
        None | Some("confidence") => PatternSort::Confidence,
        Some("support") => PatternSort::Support,
        Some("last_seen") => PatternSort::LastSeen,
        Some(other) => {
            return Err(ApiError::BadRequest(format!(
                "sort {other:?}: use confidence, support or last_seen"
            )));
        }
    };
    let filter = PatternFilter {
        kind: q.pattern_type,
        entity_id: q.entity_id,
        min_confidence: q.min_confidence,
        include_inactive: q.include_inactive.unwrap_or(false),
        sort,
        limit,
        offset,
    };
    let page = ctx
        .db
        .run(move |c| repo::patterns::list(c, &filter))
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

#[get("/api/v1/patterns/stats")]
async fn stats(ctx: web::Data<ServiceContext>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(ctx.db.run(repo::patterns::stats).await?))
}

#[get("/api/v1/patterns/{id}")]
async fn one(
    ctx: web::Data<ServiceContext>,
    path: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let pattern = ctx
        .db
        .run(move |c| repo::patterns::get(c, id))
        .await
        .map_err(|e| ApiError::from_db_about(e, format!("pattern {id}")))?;
    Ok(HttpResponse::Ok().json(pattern))
}
