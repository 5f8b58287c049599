//! The reference system's run endpoints (`/api/v1/training/runs`, `/trigger`, `/gnn/…`), served
//! from the same job queue: a run is a job, shown in the reference's camelCase shape.

use actix_web::{HttpResponse, delete, get, post, web};
use homeai_db::repo;
use homeai_domain::training::{ExecutionMode, Job, JobStatus, ModelType, NewJob, Priority};
use homeai_web::{ApiError, ServiceContext};
use serde::{Deserialize, Serialize};

use crate::routes::jobs::{enqueue, load};
use crate::worker::Queue;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list_runs)
        .service(trigger)
        .service(gnn_trigger)
        .service(gnn_runs)
        .service(gnn_status)
        .service(delete_run)
        .service(prune_runs);
}

/// The reference's training types and ours.
const TYPES: &[(&str, ModelType)] = &[
    ("soft_prompt", ModelType::Intent),
    ("gnn_synergy", ModelType::Synergy),
    ("home_type_classifier", ModelType::HomeType),
    ("forecast", ModelType::Forecast),
    ("synthetic", ModelType::Synthetic),
];

fn model_type_of(training_type: &str) -> Result<ModelType, ApiError> {
    TYPES
        .iter()
        .find(|(name, _)| *name == training_type)
        .map(|(_, m)| *m)
        .ok_or_else(|| {
            ApiError::BadRequest(format!(
                "training_type must be one of {}",
                TYPES.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
            ))
        })
}

fn training_type_of(m: ModelType) -> &'static str {
    TYPES
        .iter()
        .find(|(_, t)| *t == m)
        .map_or("unknown", |(n, _)| n)
}

/// A run as the reference shows it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct RunView {
    id: i64,
    training_type: &'static str,
    status: JobStatus,
    started_at: Option<chrono::DateTime<chrono::Utc>>,
    finished_at: Option<chrono::DateTime<chrono::Utc>>,
    dataset_size: Option<i64>,
    base_model: Option<String>,
    output_dir: Option<String>,
    run_identifier: String,
    final_loss: Option<f64>,
    error_message: Option<String>,
    metadata_path: Option<String>,
    triggered_by: &'static str,
    progress: f64,
}

async fn view(ctx: &ServiceContext, job: Job) -> Result<RunView, ApiError> {
    let id = job.id;
    let (points, artefact) = ctx
        .db
        .run(move |c| {
            let points = repo::experiments::metrics_of_job(c, id)?;
            let artefact = repo::model_artefacts::of_job(c, id)?;
            Ok((points, artefact))
        })
        .await?;
    let final_loss = points
        .iter()
        .rev()
        .find(|p| p.split == "train" && p.name == "loss")
        .map(|p| p.value);
    let path = artefact.map(|a| a.path);
    Ok(RunView {
        id: job.id,
        training_type: training_type_of(job.model_type),
        status: job.status,
        started_at: job.started_at,
        finished_at: job.finished_at,
        dataset_size: job.config.get("homes").and_then(serde_json::Value::as_i64),
        base_model: None,
        output_dir: path.as_ref().and_then(|p| {
            std::path::Path::new(p)
                .parent()
                .map(|d| d.display().to_string())
        }),
        run_identifier: format!(
            "{}_run_{}",
            training_type_of(job.model_type),
            job.created_at.format("%Y%m%d_%H%M%S")
        ),
        final_loss,
        error_message: job.error_message,
        metadata_path: path,
        triggered_by: "api",
        progress: job.progress,
    })
}

async fn runs_of(
    ctx: &ServiceContext,
    model_type: Option<ModelType>,
    limit: i64,
) -> Result<Vec<RunView>, ApiError> {
    let filter = repo::training_jobs::JobFilter {
        status: None,
        model_type,
        limit,
        offset: 0,
    };
    let page = ctx
        .db
        .run(move |c| repo::training_jobs::list(c, &filter))
        .await?;
    let mut out = Vec::new();
    for job in page.items {
        out.push(view(ctx, job).await?);
    }
    Ok(out)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RunsQuery {
    limit: Option<i64>,
    training_type: Option<String>,
}

#[get("/api/v1/training/runs")]
async fn list_runs(
    ctx: web::Data<ServiceContext>,
    query: web::Query<RunsQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
    let (limit, _) = homeai_web::paging::page(q.limit, None, 20, 100)?;
    let model_type = q.training_type.as_deref().map(model_type_of).transpose()?;
    Ok(HttpResponse::Ok().json(runs_of(&ctx, model_type, limit).await?))
}

/// Queues a run of `model_type` unless one is active (409), or anyway with `force`.
async fn trigger_run(
    ctx: &ServiceContext,
    queue: &Queue,
    model_type: ModelType,
    config: serde_json::Value,
    force: bool,
) -> Result<HttpResponse, ApiError> {
    if !force
        && let Some(active) = ctx
            .db
            .run(move |c| repo::training_jobs::active_of_type(c, model_type))
            .await?
    {
        return Err(ApiError::Conflict(format!(
            "a {} run is already {} (job {})",
            training_type_of(model_type),
            active.status,
            active.id
        )));
    }
    let job = enqueue(
        ctx,
        queue,
        NewJob {
            model_type,
            config,
            priority: Priority::default(),
            execution_mode: ExecutionMode::Local,
        },
    )
    .await?;
    Ok(HttpResponse::Accepted().json(view(ctx, job).await?))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TriggerQuery {
    training_type: Option<String>,
}

/// `POST /api/v1/training/trigger?training_type=soft_prompt` (the default type).
#[post("/api/v1/training/trigger")]
async fn trigger(
    ctx: web::Data<ServiceContext>,
    queue: web::Data<Queue>,
    query: web::Query<TriggerQuery>,
) -> Result<HttpResponse, ApiError> {
    let model_type = model_type_of(query.training_type.as_deref().unwrap_or("soft_prompt"))?;
    trigger_run(&ctx, &queue, model_type, serde_json::json!({}), false).await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GnnTriggerQuery {
    epochs: Option<u32>,
    #[serde(default)]
    force: bool,
}

#[post("/api/v1/training/gnn/trigger")]
async fn gnn_trigger(
    ctx: web::Data<ServiceContext>,
    queue: web::Data<Queue>,
    query: web::Query<GnnTriggerQuery>,
) -> Result<HttpResponse, ApiError> {
    let mut config = serde_json::Map::new();
    if let Some(epochs) = query.epochs {
        config.insert("epochs".into(), epochs.into());
    }
    trigger_run(&ctx, &queue, ModelType::Synergy, config.into(), query.force).await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LimitQuery {
    limit: Option<i64>,
}

#[get("/api/v1/training/gnn/runs")]
async fn gnn_runs(
    ctx: web::Data<ServiceContext>,
    query: web::Query<LimitQuery>,
) -> Result<HttpResponse, ApiError> {
    let (limit, _) = homeai_web::paging::page(query.limit, None, 20, 100)?;
    Ok(HttpResponse::Ok().json(runs_of(&ctx, Some(ModelType::Synergy), limit).await?))
}

#[get("/api/v1/training/gnn/status")]
async fn gnn_status(ctx: web::Data<ServiceContext>) -> Result<HttpResponse, ApiError> {
    let (active_job, model) = ctx
        .db
        .run(|c| {
            Ok((
                repo::training_jobs::active_of_type(c, ModelType::Synergy)?,
                repo::model_artefacts::active(c, ModelType::Synergy)?,
            ))
        })
        .await?;
    let active_run = match active_job {
        Some(job) => Some(view(&ctx, job).await?),
        None => None,
    };
    let model_info = model.as_ref().and_then(|m| {
        let bytes = std::fs::read(&m.path).ok()?;
        homeai_ml::artefact::metadata(&bytes).ok()
    });
    Ok(HttpResponse::Ok().json(serde_json::json!({
        "has_active_run": active_run.is_some(),
        "active_run": active_run,
        "model_exists": model.is_some(),
        "model_path": model.as_ref().map(|m| m.path.clone()),
        "model_version": model.as_ref().map(|m| m.version),
        "model_info": model_info,
    })))
}

/// Deletes one run (204); a running one must be cancelled first (409).
#[delete("/api/v1/training/runs/{id}")]
async fn delete_run(
    ctx: web::Data<ServiceContext>,
    queue: web::Data<Queue>,
    path: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let job = load(&ctx, id).await?;
    if job.status == JobStatus::Running {
        return Err(ApiError::Conflict(format!(
            "training job {id} is running: cancel it first"
        )));
    }
    ctx.db
        .write(move |c| repo::training_jobs::delete(c, id))
        .await?;
    crate::ledger::remove_checkpoint(&queue.artefact_dir, id);
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PruneQuery {
    training_type: Option<String>,
    older_than_days: Option<i64>,
    keep_recent: Option<i64>,
}

/// Deletes finished runs older than `older_than_days` (30), keeping the `keep_recent` (10)
/// newest.
#[delete("/api/v1/training/runs")]
async fn prune_runs(
    ctx: web::Data<ServiceContext>,
    query: web::Query<PruneQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
    let model_type = q.training_type.as_deref().map(model_type_of).transpose()?;
    let days = q.older_than_days.unwrap_or(30);
    let keep = q.keep_recent.unwrap_or(10);
    if !(0..=3650).contains(&days) || !(0..=10_000).contains(&keep) {
        return Err(ApiError::BadRequest(
            "older_than_days must be 0..=3650 and keep_recent 0..=10000".into(),
        ));
    }
    let before = (chrono::Utc::now() - chrono::Duration::days(days)).naive_utc();
    let deleted = ctx
        .db
        .write(move |c| repo::training_jobs::prune(c, model_type, before, keep))
        .await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({
        "deleted_count": deleted,
        "message": format!("deleted {deleted} finished runs older than {days} days, keeping the {keep} newest"),
    })))
}
