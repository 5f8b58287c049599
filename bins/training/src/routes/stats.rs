//! `GET /api/v1/training/stats`: jobs by status and type, durations, the queue and workers.

use actix_web::{HttpResponse, get, web};
use homeai_db::repo;
use homeai_web::{ApiError, ServiceContext};

use crate::worker::Queue;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(stats);
}

#[get("/api/v1/training/stats")]
async fn stats(
    ctx: web::Data<ServiceContext>,
    queue: web::Data<Queue>,
) -> Result<HttpResponse, ApiError> {
    let stats = ctx.db.run(repo::training_jobs::stats).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({
        "jobs": stats,
        "queue": {
            "queued": stats.by_status.get("queued").copied().unwrap_or(0),
            "running": stats.by_status.get("running").copied().unwrap_or(0),
            "paused": stats.by_status.get("paused").copied().unwrap_or(0),
        },
        "workers": {
            "local": queue.settings.local_worker,
            "concurrency": queue.settings.concurrency,
            "remote_wait_ms": queue.settings.remote_wait_ms,
        },
    })))
}
