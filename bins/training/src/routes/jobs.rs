//! Training jobs: queue, list, read, cancel, retry, pause, resume, metrics, logs.

use actix_web::{HttpResponse, delete, get, post, web};
use homeai_db::repo::{self, training_jobs::JobFilter};
use homeai_domain::training::{ExecutionMode, Job, JobStatus, ModelType, NewJob};
use homeai_web::{ApiError, ServiceContext};
use serde::{Deserialize, Serialize};

use crate::events::JobEvent;
use crate::executor;
use crate::worker::Queue;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(create)
        .service(list)
        .service(read)
        .service(cancel)
        .service(retry)
        .service(pause)
        .service(resume)
        .service(metrics)
        .service(logs);
}

/// A job as served: the row plus its ETA while it runs.
#[derive(Debug, Serialize)]
pub struct JobView {
    #[serde(flatten)]
    pub job: Job,
    pub eta_seconds: Option<f64>,
}

impl JobView {
    pub fn new(job: Job, queue: &Queue) -> Self {
        let eta_seconds = (job.status == JobStatus::Running)
            .then(|| queue.events.eta(job.id))
            .flatten();
        Self { job, eta_seconds }
    }
}

/// Queues a job after checking its config the way the executor will.
pub async fn enqueue(
    ctx: &ServiceContext,
    queue: &Queue,
    mut new: NewJob,
) -> Result<Job, ApiError> {
    new.validate()?;
    if new.model_type == ModelType::Intent {
        with_own_home(ctx, &mut new.config).await;
    }
    executor::validate(new.model_type, &new.config).map_err(ApiError::BadRequest)?;
    if new.model_type == ModelType::Synthetic && new.execution_mode != ExecutionMode::Local {
        return Err(ApiError::BadRequest(format!(
            "execution_mode: a synthetic data set is made where it is kept, on the training service's machine: use local, not {}",
            new.execution_mode
        )));
    }
    if let Some(version) = executor::dataset_version(&new.config).map_err(ApiError::BadRequest)? {
        if new.execution_mode != ExecutionMode::Local {
            return Err(ApiError::BadRequest(format!(
                "config.dataset: a job that reads a data set runs on the training service's machine, where the file is: use execution_mode local, not {}",
                new.execution_mode
            )));
        }
        let found = ctx
            .db
            .run(
                move |c| match repo::model_artefacts::get(c, ModelType::Synthetic, version) {
                    Ok(_) => Ok(true),
                    Err(e) if e.is_not_found() => Ok(false),
                    Err(e) => Err(e),
                },
            )
            .await?;
        if !found {
            return Err(ApiError::BadRequest(format!(
                "config.dataset: there is no synthetic data set version {version} (make one with POST /api/v1/training/synthetic)"
            )));
        }
    }
    let job = ctx
        .db
        .write(move |c| repo::training_jobs::insert(c, &new))
        .await?;
    tracing::info!(job_id = job.id, model_type = %job.model_type, priority = job.priority, "training job queued");
    queue.events.emit(JobEvent::of("queued", &job));
    queue.wake.notify_one();
    Ok(job)
}

/// An intent job trains on requests for this installation's home too: its registry snapshot
/// from the query service goes into the job's config (unless the config gives a `home` or
/// says `own_home: false`). Without the query service the job trains on made-up homes alone.
async fn with_own_home(ctx: &ServiceContext, config: &mut serde_json::Value) {
    let Some(map) = config.as_object_mut() else {
        return;
    };
    if map.contains_key("home") || map.get("own_home") == Some(&serde_json::Value::Bool(false)) {
        return;
    }
    let Some(query) = ctx.peers.get(homeai_domain::ServiceName::Query) else {
        return;
    };
    match query
        .get_json::<serde_json::Value>("/api/v1/ask-ai/home")
        .await
    {
        Ok(home) if home["entities"].as_array().is_some_and(|e| !e.is_empty()) => {
            tracing::info!(
                entities = home["entities"].as_array().map_or(0, Vec::len),
                "the intent job trains on requests for this home too"
            );
            map.insert("home".into(), home);
        }
        Ok(_) => tracing::info!("the home has no entities yet: the intent job uses made-up homes"),
        Err(e) => {
            tracing::warn!(error = %e, "the query service's home is unavailable: the intent job uses made-up homes")
        }
    }
}

#[post("/api/v1/training/jobs")]
async fn create(
    ctx: web::Data<ServiceContext>,
    queue: web::Data<Queue>,
    body: web::Json<NewJob>,
) -> Result<HttpResponse, ApiError> {
    let job = enqueue(&ctx, &queue, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(JobView::new(job, &queue)))
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
    queue: web::Data<Queue>,
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
    Ok(HttpResponse::Ok().json(serde_json::json!({
        "items": page.items.into_iter().map(|j| JobView::new(j, &queue)).collect::<Vec<_>>(),
        "total": page.total,
        "limit": page.limit,
        "offset": page.offset,
    })))
}

pub async fn load(ctx: &ServiceContext, id: i64) -> Result<Job, ApiError> {
    ctx.db
        .run(move |c| repo::training_jobs::get(c, id))
        .await
        .map_err(|e| not_found_as(id, e))
}

#[get("/api/v1/training/jobs/{id}")]
async fn read(
    ctx: web::Data<ServiceContext>,
    queue: web::Data<Queue>,
    path: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let job = load(&ctx, path.into_inner()).await?;
    Ok(HttpResponse::Ok().json(JobView::new(job, &queue)))
}

/// Moves a job along its state machine, logs it and emits `event`; 409 when not allowed.
async fn change(
    ctx: &ServiceContext,
    queue: &Queue,
    id: i64,
    next: JobStatus,
    event: &'static str,
    verb: &'static str,
) -> Result<Job, ApiError> {
    let outcome = ctx
        .db
        .write(move |c| {
            let r = repo::training_jobs::transition(c, id, next)?;
            if r.is_ok() {
                repo::training_logs::append(c, id, "info", &format!("{event} on request"))?;
            }
            Ok(r)
        })
        .await
        .map_err(|e| not_found_as(id, e))?;
    match outcome {
        Ok(job) => {
            tracing::info!(job_id = id, %event, "training job changed");
            queue.events.emit(JobEvent::of(event, &job));
            queue.wake.notify_one();
            Ok(job)
        }
        Err(job) => Err(ApiError::Conflict(format!(
            "training job {id} is {} and cannot be {verb}",
            job.status
        ))),
    }
}

/// Cancels a queued, running or paused job; a finished one answers 409.
#[delete("/api/v1/training/jobs/{id}")]
async fn cancel(
    ctx: web::Data<ServiceContext>,
    queue: web::Data<Queue>,
    path: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let job = change(
        &ctx,
        &queue,
        path.into_inner(),
        JobStatus::Cancelled,
        "cancelled",
        "cancelled",
    )
    .await?;
    Ok(HttpResponse::Ok().json(JobView::new(job, &queue)))
}

/// Pauses a running job: it stops at its next step and keeps its last checkpoint.
#[post("/api/v1/training/jobs/{id}/pause")]
async fn pause(
    ctx: web::Data<ServiceContext>,
    queue: web::Data<Queue>,
    path: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let job = change(
        &ctx,
        &queue,
        path.into_inner(),
        JobStatus::Paused,
        "paused",
        "paused",
    )
    .await?;
    Ok(HttpResponse::Ok().json(JobView::new(job, &queue)))
}

/// Resumes a paused job: it is queued again and continues from its last checkpoint.
#[post("/api/v1/training/jobs/{id}/resume")]
async fn resume(
    ctx: web::Data<ServiceContext>,
    queue: web::Data<Queue>,
    path: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let job = change(
        &ctx,
        &queue,
        path.into_inner(),
        JobStatus::Queued,
        "resumed",
        "resumed",
    )
    .await?;
    Ok(HttpResponse::Ok().json(JobView::new(job, &queue)))
}

/// Retries a failed or cancelled job: a new queued job linked to it by `retry_of` (201).
#[post("/api/v1/training/jobs/{id}/retry")]
async fn retry(
    ctx: web::Data<ServiceContext>,
    queue: web::Data<Queue>,
    path: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let old = load(&ctx, id).await?;
    if !matches!(old.status, JobStatus::Failed | JobStatus::Cancelled) {
        return Err(ApiError::Conflict(format!(
            "training job {id} is {}: only a failed or cancelled job can be retried",
            old.status
        )));
    }
    let job = ctx
        .db
        .write(move |c| {
            let job = repo::training_jobs::insert_retry(c, &old)?;
            repo::training_logs::append(c, job.id, "info", &format!("retry of job {id}"))?;
            Ok(job)
        })
        .await?;
    queue.events.emit(JobEvent::of("queued", &job));
    queue.wake.notify_one();
    Ok(HttpResponse::Created().json(JobView::new(job, &queue)))
}

/// Per-epoch metrics: the points, and the same grouped by epoch.
#[get("/api/v1/training/jobs/{id}/metrics")]
async fn metrics(
    ctx: web::Data<ServiceContext>,
    path: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    load(&ctx, id).await?;
    let (points, params) = ctx
        .db
        .run(move |c| {
            Ok((
                repo::experiments::metrics_of_job(c, id)?,
                repo::experiments::params_of_job(c, id)?,
            ))
        })
        .await?;
    let mut epochs: std::collections::BTreeMap<i64, serde_json::Map<String, serde_json::Value>> =
        Default::default();
    for p in &points {
        epochs
            .entry(p.epoch)
            .or_default()
            .insert(format!("{}.{}", p.split, p.name), p.value.into());
    }
    let epochs: Vec<serde_json::Value> = epochs
        .into_iter()
        .map(|(epoch, mut m)| {
            m.insert("epoch".into(), epoch.into());
            serde_json::Value::Object(m)
        })
        .collect();
    Ok(HttpResponse::Ok().json(serde_json::json!({
        "job_id": id,
        "params": params,
        "epochs": epochs,
        "items": points,
    })))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LogQuery {
    offset: Option<i64>,
    limit: Option<i64>,
}

/// The job's log from line `offset` on; `next_offset` continues the tail.
#[get("/api/v1/training/jobs/{id}/logs")]
async fn logs(
    ctx: web::Data<ServiceContext>,
    path: web::Path<i64>,
    query: web::Query<LogQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let q = query.into_inner();
    let (limit, offset) = homeai_web::paging::page(q.limit, q.offset, 200, 1000)?;
    load(&ctx, id).await?;
    let lines = ctx
        .db
        .run(move |c| repo::training_logs::tail(c, id, offset, limit))
        .await?;
    let next_offset = lines.last().map_or(offset, |l| l.seq + 1);
    Ok(HttpResponse::Ok().json(serde_json::json!({
        "job_id": id,
        "offset": offset,
        "next_offset": next_offset,
        "items": lines,
    })))
}

/// A missing row is a 404 that names the job.
pub fn not_found_as(id: i64, e: homeai_db::DbError) -> ApiError {
    ApiError::from_db_about(e, format!("training job {id}"))
}
