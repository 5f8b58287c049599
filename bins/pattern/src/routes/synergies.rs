//! Synergies: pairs of devices worth an automation (paths as the reference service has them).

use actix_web::{HttpResponse, get, post, web};
use homeai_db::repo;
use homeai_db::repo::synergies::SynergyFilter;
use homeai_domain::pattern::SynergyKind;
use homeai_web::{ApiError, ServiceContext};
use serde::Deserialize;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list)
        .service(statistics)
        .service(one)
        .service(feedback);
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ListQuery {
    synergy_type: Option<SynergyKind>,
    min_confidence: Option<f64>,
    include_inactive: Option<bool>,
    limit: Option<i64>,
    offset: Option<i64>,
}

#[get("/api/v1/synergies/list")]
async fn list(
    ctx: web::Data<ServiceContext>,
    q: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = q.into_inner();
    let (limit, offset) = homeai_web::paging::page(q.limit, q.offset, 100, 1000)?;
    homeai_web::paging::share("min_confidence", q.min_confidence)?;
    let filter = SynergyFilter {
        kind: q.synergy_type,
        min_confidence: q.min_confidence,
        include_dismissed: q.include_inactive.unwrap_or(false),
        limit,
        offset,
    };
    let page = ctx
        .db
        .run(move |c| repo::synergies::list(c, &filter))
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

#[get("/api/v1/synergies/statistics")]
async fn statistics(ctx: web::Data<ServiceContext>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(ctx.db.run(repo::synergies::stats).await?))
}

#[get("/api/v1/synergies/{id}")]
async fn one(
    ctx: web::Data<ServiceContext>,
    path: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let synergy = ctx
        .db
        .run(move |c| repo::synergies::get(c, id))
        .await
        .map_err(|e| ApiError::from_db_about(e, format!("synergy {id}")))?;
    Ok(HttpResponse::Ok().json(synergy))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Feedback {
    /// The person approved (true) or rejected (false) what the synergy suggested.
    accepted: bool,
    #[serde(default)]
    feedback_text: Option<String>,
}

/// Feedback on a synergy (the automation service sends it when a suggestion made from one is
/// approved or rejected): recorded, and the synergy accepted or dismissed.
#[post("/api/v1/synergies/{id}/feedback")]
async fn feedback(
    ctx: web::Data<ServiceContext>,
    path: web::Path<i64>,
    body: web::Json<Feedback>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let Feedback {
        accepted,
        feedback_text,
    } = body.into_inner();
    if feedback_text
        .as_ref()
        .is_some_and(|t| t.chars().count() > 1000)
    {
        return Err(ApiError::BadRequest(
            "feedback_text must be at most 1000 characters".into(),
        ));
    }
    let (synergy, counts) = ctx
        .db
        .write(move |c| {
            let s = repo::synergies::record_feedback(c, id, accepted, feedback_text.as_deref())?;
            Ok((s, repo::synergies::feedback_counts(c, id)?))
        })
        .await
        .map_err(|e| ApiError::from_db_about(e, format!("synergy {id}")))?;
    Ok(HttpResponse::Ok().json(serde_json::json!({
        "synergy": synergy,
        "accepted": counts.0,
        "dismissed": counts.1,
    })))
}
