//! Experiments group runs: `POST/GET /api/v1/training/experiments`, add a run, compare runs'
//! params and final metrics side by side; and one run's params and metrics in MLflow's shapes
//! (`GET /api/v1/training/jobs/{id}/mlflow`: `RunInfo`, `RunData` with `Param` and latest
//! `Metric`s, and every metric's history as `metrics/get-history` gives it).

use std::collections::{BTreeMap, BTreeSet};

use actix_web::{HttpResponse, get, post, web};
use homeai_db::repo;
use homeai_domain::training::{Job, JobStatus, MetricPoint};
use homeai_web::{ApiError, ServiceContext};
use serde::Deserialize;
use serde_json::{Value, json};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(create)
        .service(list)
        .service(add_run)
        .service(compare)
        .service(mlflow);
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NewExperiment {
    name: String,
    #[serde(default)]
    description: String,
}

#[post("/api/v1/training/experiments")]
async fn create(
    ctx: web::Data<ServiceContext>,
    body: web::Json<NewExperiment>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let name = b.name.trim().to_owned();
    if name.is_empty() || name.len() > 250 {
        return Err(ApiError::BadRequest(
            "name must be 1..=250 characters".into(),
        ));
    }
    let created = ctx
        .db
        .write(move |c| repo::experiment_groups::create(c, &name, &b.description))
        .await
        .map_err(|e| {
            if e.is_unique_violation() {
                ApiError::Conflict("an experiment of that name exists".into())
            } else {
                e.into()
            }
        })?;
    Ok(HttpResponse::Created().json(created))
}

#[get("/api/v1/training/experiments")]
async fn list(ctx: web::Data<ServiceContext>) -> Result<HttpResponse, ApiError> {
    let items = ctx.db.run(repo::experiment_groups::list).await?;
    Ok(HttpResponse::Ok().json(json!({ "total": items.len(), "items": items })))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AddRun {
    job_id: i64,
}

#[post("/api/v1/training/experiments/{id}/runs")]
async fn add_run(
    ctx: web::Data<ServiceContext>,
    path: web::Path<i64>,
    body: web::Json<AddRun>,
) -> Result<HttpResponse, ApiError> {
    let (id, job_id) = (path.into_inner(), body.job_id);
    let group = ctx
        .db
        .write(move |c| {
            repo::training_jobs::get(c, job_id)?;
            repo::experiment_groups::add_run(c, id, job_id)?;
            repo::experiment_groups::get(c, id)
        })
        .await?;
    Ok(HttpResponse::Ok().json(group))
}

/// The last value of each `split.name` (the run's final metrics).
fn final_metrics(points: &[MetricPoint]) -> BTreeMap<String, f64> {
    let mut out = BTreeMap::new();
    for p in points {
        // points come by epoch ascending: the last one wins
        out.insert(format!("{}.{}", p.split, p.name), p.value);
    }
    out
}

#[get("/api/v1/training/experiments/{id}/compare")]
async fn compare(
    ctx: web::Data<ServiceContext>,
    path: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let (group, runs) = ctx
        .db
        .run(move |c| {
            let group = repo::experiment_groups::get(c, id)?;
            let mut runs = Vec::new();
            for job_id in &group.job_ids {
                let job = repo::training_jobs::get(c, *job_id)?;
                let params = repo::experiments::params_of_job(c, *job_id)?;
                let points = repo::experiments::metrics_of_job(c, *job_id)?;
                runs.push((job, params, points));
            }
            Ok((group, runs))
        })
        .await?;
    let param_keys: BTreeSet<String> = runs
        .iter()
        .flat_map(|(_, p, _)| p.keys().cloned())
        .collect();
    let metric_keys: BTreeSet<String> = runs
        .iter()
        .flat_map(|(_, _, m)| final_metrics(m).into_keys())
        .collect();
    let rows: Vec<Value> = runs
        .iter()
        .map(|(job, params, points)| {
            let finals = final_metrics(points);
            json!({
                "job_id": job.id,
                "model_type": job.model_type,
                "status": job.status,
                "epochs": points.iter().map(|p| p.epoch).max(),
                "params": param_keys.iter().map(|k| (k.clone(), params.get(k).cloned().unwrap_or(Value::Null))).collect::<serde_json::Map<_, _>>(),
                "metrics": metric_keys.iter().map(|k| (k.clone(), finals.get(k).map_or(Value::Null, |v| json!(v)))).collect::<serde_json::Map<_, _>>(),
            })
        })
        .collect();
    Ok(HttpResponse::Ok().json(json!({
        "experiment": group,
        "param_keys": param_keys,
        "metric_keys": metric_keys,
        "runs": rows,
    })))
}

/// Our status in MLflow's `RunStatus`.
fn mlflow_status(s: JobStatus) -> &'static str {
    match s {
        JobStatus::Queued => "SCHEDULED",
        JobStatus::Running | JobStatus::Paused => "RUNNING",
        JobStatus::Completed => "FINISHED",
        JobStatus::Failed => "FAILED",
        JobStatus::Cancelled => "KILLED",
    }
}

/// A job as MLflow's `Run` (`info`, `data`) plus `metric_history`.
fn as_mlflow(job: &Job, params: &serde_json::Map<String, Value>, points: &[MetricPoint]) -> Value {
    let ms = |t: chrono::DateTime<chrono::Utc>| t.timestamp_millis();
    let metric = |p: &MetricPoint| {
        json!({
            "key": format!("{}.{}", p.split, p.name),
            "value": p.value,
            "timestamp": ms(p.recorded_at),
            "step": p.epoch,
        })
    };
    let mut latest: BTreeMap<String, &MetricPoint> = BTreeMap::new();
    for p in points {
        latest.insert(format!("{}.{}", p.split, p.name), p);
    }
    json!({
        "run": {
            "info": {
                "run_id": job.id.to_string(),
                "run_name": format!("{}-job-{}", job.model_type, job.id),
                "experiment_id": job.model_type.to_string(),
                "status": mlflow_status(job.status),
                "start_time": job.started_at.map(ms),
                "end_time": job.finished_at.map(ms),
                "lifecycle_stage": "active",
            },
            "data": {
                "params": params.iter().map(|(k, v)| json!({
                    "key": k,
                    "value": match v { Value::String(s) => s.clone(), other => other.to_string() },
                })).collect::<Vec<_>>(),
                "metrics": latest.values().map(|p| metric(p)).collect::<Vec<_>>(),
                "tags": [
                    {"key": "homeai.model_type", "value": job.model_type.to_string()},
                    {"key": "homeai.execution_mode", "value": job.execution_mode.to_string()},
                ],
            },
        },
        "metric_history": points.iter().map(metric).collect::<Vec<_>>(),
    })
}

#[get("/api/v1/training/jobs/{id}/mlflow")]
async fn mlflow(
    ctx: web::Data<ServiceContext>,
    path: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let (job, params, points) = ctx
        .db
        .run(move |c| {
            Ok((
                repo::training_jobs::get(c, id)?,
                repo::experiments::params_of_job(c, id)?,
                repo::experiments::metrics_of_job(c, id)?,
            ))
        })
        .await?;
    Ok(HttpResponse::Ok().json(as_mlflow(&job, &params, &points)))
}
