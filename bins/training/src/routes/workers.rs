//! The remote workers' side of the queue (see [`crate::remote`] for the protocol).

use actix_web::{HttpResponse, post, web};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use homeai_db::repo::training_jobs::{self, ClaimRule};
use homeai_domain::training::{ExecutionMode, Job};
use homeai_web::{ApiError, ServiceContext};

use crate::events::JobEvent;
use crate::executor::RunOutcome;
use crate::ledger;
use crate::remote::{
    ClaimRequest, Claimed, Completion, Directive, EpochEnd, LogReport, ProgressReport,
};
use crate::routes::jobs::load;
use crate::worker::{self, Queue, progress_event};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(claim)
        .service(progress)
        .service(log)
        .service(epoch)
        .service(complete);
}

fn directive(proceed: bool) -> HttpResponse {
    HttpResponse::Ok().json(Directive { proceed })
}

/// A worker name as it may appear in a lease.
fn clean(name: &str) -> Result<String, ApiError> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    ok.then(|| name.to_owned())
        .ok_or_else(|| ApiError::BadRequest("worker must be 1..=64 of [A-Za-z0-9._-]".into()))
}

/// Hands the worker the next `remote` or `auto` job (200), or nothing (204).
#[post("/api/v1/training/workers/claim")]
async fn claim(
    ctx: web::Data<ServiceContext>,
    queue: web::Data<Queue>,
    body: web::Json<ClaimRequest>,
) -> Result<HttpResponse, ApiError> {
    let name = clean(&body.worker)?;
    let lease = format!("remote:{name}:{}", uuid::Uuid::new_v4());
    let rule = ClaimRule {
        modes: vec![ExecutionMode::Remote, ExecutionMode::Auto],
        auto_queued_before: None,
        except: Vec::new(),
    };
    let taken = {
        let lease = lease.clone();
        ctx.db
            .write(move |c| {
                let job = training_jobs::claim_next(c, &rule, &lease)?;
                if let Some(j) = &job {
                    homeai_db::repo::training_logs::append(
                        c,
                        j.id,
                        "info",
                        &format!(
                            "started on remote worker {name}{}",
                            if j.current_epoch > 0 {
                                format!(" from the checkpoint after epoch {}", j.current_epoch)
                            } else {
                                String::new()
                            }
                        ),
                    )?;
                }
                Ok(job)
            })
            .await?
    };
    let Some(job) = taken else {
        return Ok(HttpResponse::NoContent().finish());
    };
    tracing::info!(job_id = job.id, %lease, "a remote worker took a job");
    let mut started = JobEvent::of("started", &job);
    started
        .metrics
        .insert("resumed_from_epoch".into(), job.current_epoch.into());
    started
        .metrics
        .insert("worker".into(), lease.clone().into());
    queue.events.emit(started);
    let checkpoint = ledger::load_checkpoint(&queue.artefact_dir, job.id).map(|b| B64.encode(b));
    Ok(HttpResponse::Ok().json(Claimed {
        job,
        lease,
        checkpoint,
    }))
}

#[post("/api/v1/training/workers/jobs/{id}/progress")]
async fn progress(
    ctx: web::Data<ServiceContext>,
    queue: web::Data<Queue>,
    path: web::Path<i64>,
    body: web::Json<ProgressReport>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let r = body.into_inner();
    let lease = r.lease.clone();
    let held = ctx
        .db
        .write(move |c| training_jobs::report_progress(c, id, &lease, r.progress))
        .await?;
    if held {
        let job = load(&ctx, id).await?;
        let mut e = JobEvent::of("progress", &job);
        e.epoch = i64::from(r.epoch.saturating_sub(1));
        e.total_epochs = Some(i64::from(r.total_epochs));
        e.progress = r.progress;
        e.eta_s = r.eta_s;
        queue.events.emit(e);
    }
    Ok(directive(held))
}

#[post("/api/v1/training/workers/jobs/{id}/log")]
async fn log(
    ctx: web::Data<ServiceContext>,
    path: web::Path<i64>,
    body: web::Json<LogReport>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let r = body.into_inner();
    let held = ctx
        .db
        .write(move |c| {
            let held = training_jobs::holds(c, id, &r.lease)?;
            if held {
                homeai_db::repo::training_logs::append(c, id, &r.level, &r.message)?;
            }
            Ok(held)
        })
        .await?;
    Ok(directive(held))
}

/// Lease holder's job, or `None` (the worker must stop).
async fn held_job(ctx: &ServiceContext, id: i64, lease: &str) -> Result<Option<Job>, ApiError> {
    let job = load(ctx, id).await?;
    let lease = lease.to_owned();
    let held = ctx
        .db
        .run(move |c| training_jobs::holds(c, id, &lease))
        .await?;
    Ok(held.then_some(job))
}

#[post("/api/v1/training/workers/jobs/{id}/epoch")]
async fn epoch(
    ctx: web::Data<ServiceContext>,
    queue: web::Data<Queue>,
    path: web::Path<i64>,
    body: web::Json<EpochEnd>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let r = body.into_inner();
    let checkpoint = B64
        .decode(&r.checkpoint)
        .map_err(|e| ApiError::BadRequest(format!("checkpoint: {e}")))?;
    let Some(job) = held_job(&ctx, id, &r.lease).await? else {
        return Ok(directive(false));
    };
    let (lease, report, p) = (r.lease.clone(), r.report.clone(), r.progress);
    let recorded = {
        let job = job.clone();
        ctx.db
            .run(move |c| ledger::epoch_end(c, &job, &lease, &report, p))
            .await?
    };
    if !recorded {
        return Ok(directive(false));
    }
    ledger::save_checkpoint(&queue.artefact_dir, id, &checkpoint)
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    queue
        .events
        .emit(progress_event(&job, &r.report, r.progress, r.eta_s));
    Ok(directive(true))
}

/// The end of a run: the model (registered like a local one) or the error.
#[post("/api/v1/training/workers/jobs/{id}/complete")]
async fn complete(
    ctx: web::Data<ServiceContext>,
    queue: web::Data<Queue>,
    path: web::Path<i64>,
    body: web::Json<Completion>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let r = body.into_inner();
    let outcome = match r.outcome {
        Ok((model, metrics)) => RunOutcome::Completed {
            model: B64
                .decode(&model)
                .map_err(|e| ApiError::BadRequest(format!("model: {e}")))?,
            metrics,
        },
        Err(message) => RunOutcome::Failed(message),
    };
    let Some(job) = held_job(&ctx, id, &r.lease).await? else {
        return Ok(directive(false));
    };
    let queue = queue.get_ref().clone();
    let pool = ctx.db.pool().clone();
    tokio::task::spawn_blocking(move || worker::finish(&pool, &queue, &job, &r.lease, outcome))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let job = load(&ctx, id).await?;
    Ok(HttpResponse::Ok().json(job))
}
