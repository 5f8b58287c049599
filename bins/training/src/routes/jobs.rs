//! Training jobs: queue one, list, read, cancel.

use actix_web::{HttpResponse, delete, get, post, web};
use homeai_db::repo::{self, training_jobs::JobFilter};
use homeai_domain::training::{JobStatus, ModelType, NewJob};
use homeai_web::{ApiError, ServiceContext};
use serde::Deserialize;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(create)
        .service(list)
        .service(read)
        .service(cancel);
}

#[post("/api/v1/training/jobs")]
async fn create(
    ctx: web::Data<ServiceContext>,
    body: web::Json<NewJob>,
) -> Result<HttpResponse, ApiError> {
    let new = body.into_inner();
    new.validate()?;
    let job = ctx
        .db
        .write(move |c| repo::training_jobs::insert(c, &new))
        .await?;
    Ok(HttpResponse::Created().json(job))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ListQuery {
    status: Option<JobStatus>,
    model_type: Option<ModelType>,
    limit: Option<i64>,
    offset: Option<i64>,
}

#[get("/api/v1/training/jobs")]
async fn list(
    ctx: web::Data<ServiceContext>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
    let (limit, offset) = homeai_web::paging::page(q.limit, q.offset, 50, 500)?;
    let filter = JobFilter {
        status: q.status,
        model_type: q.model_type,
        limit,
        offset,
    };
    let page = ctx
        .db
        .run(move |c| repo::training_jobs::list(c, &filter))
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

#[get("/api/v1/training/jobs/{id}")]
async fn read(
    ctx: web::Data<ServiceContext>,
    path: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let job = ctx
        .db
        .run(move |c| repo::training_jobs::get(c, id))
        .await
        .map_err(|e| not_found_as(id, e))?;
    Ok(HttpResponse::Ok().json(job))
}

/// Cancels a queued, running or paused job; a finished one answers 409.
#[delete("/api/v1/training/jobs/{id}")]
async fn cancel(
    ctx: web::Data<ServiceContext>,
    path: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let outcome = ctx
        .db
        .write(move |c| repo::training_jobs::transition(c, id, JobStatus::Cancelled))
        .await
        .map_err(|e| not_found_as(id, e))?;
    match outcome {
        Ok(job) => Ok(HttpResponse::Ok().json(job)),
        Err(job) => Err(ApiError::Conflict(format!(
            "training job {id} is {} and cannot be cancelled",
            job.status
        ))),
    }
}

/// A missing row is a 404 that names the job.
fn not_found_as(id: i64, e: homeai_db::DbError) -> ApiError {
    ApiError::from_db_about(e, format!("training job {id}"))
}
