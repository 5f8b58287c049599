//! `POST /api/v1/training/synthetic`: a synthetic data set as a job of its own. The body is
//! the job's config (`homes`, `days`, `queries_per_home`, `seed`, all optional; an empty body
//! takes every default); the job is queued exactly as `POST /api/v1/training/jobs` with
//! `model_type: synthetic` would queue it, and the answer is the same (201 and the job).

use actix_web::{HttpResponse, post, web};
use homeai_domain::training::{ExecutionMode, ModelType, NewJob, Priority};
use homeai_web::{ApiError, ServiceContext};

use crate::routes::jobs::{JobView, enqueue};
use crate::worker::Queue;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(create);
}

#[post("/api/v1/training/synthetic")]
async fn create(
    ctx: web::Data<ServiceContext>,
    queue: web::Data<Queue>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let config = if body.iter().all(u8::is_ascii_whitespace) {
        serde_json::json!({})
    } else {
        serde_json::from_slice(&body)
            .map_err(|e| ApiError::BadRequest(format!("the body is not JSON: {e}")))?
    };
    let new = NewJob {
        model_type: ModelType::Synthetic,
        config,
        priority: Priority::default(),
        execution_mode: ExecutionMode::Local,
    };
    let job = enqueue(&ctx, &queue, new).await?;
    Ok(HttpResponse::Created().json(JobView::new(job, &queue)))
}
