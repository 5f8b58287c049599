//! A job's experiment: its params and per-epoch metrics (MLflow-style: key, value, step).

use diesel::prelude::*;
use homeai_domain::training::{MetricPoint, ModelType};

use crate::DbError;
use crate::models::utc;
use crate::schema::experiment_metrics::dsl as m;
use crate::schema::experiment_params::dsl as p;
use crate::schema::experiments::dsl as e;

/// The job's experiment, made on first use with `params` (a job resumed keeps its experiment).
pub fn ensure(
    conn: &mut SqliteConnection,
    job_id: i64,
    model_type: ModelType,
    params: &serde_json::Map<String, serde_json::Value>,
) -> Result<i64, DbError> {
    if let Some(id) = find(conn, job_id)? {
        return Ok(id);
    }
    let id: i32 = diesel::insert_into(e::experiments)
        .values((
            e::job_id.eq(job_id as i32),
            e::name.eq(format!("{model_type}-job-{job_id}")),
            e::model_type.eq(model_type.as_str()),
        ))
        .returning(e::id)
        .get_result(conn)?;
    for (name, value) in params {
        diesel::insert_into(p::experiment_params)
            .values((
                p::experiment_id.eq(id),
                p::name.eq(name),
                p::value.eq(value.to_string()),
            ))
            .on_conflict_do_nothing()
            .execute(conn)?;
    }
    Ok(id.into())
}

pub fn find(conn: &mut SqliteConnection, job_id: i64) -> Result<Option<i64>, DbError> {
    Ok(e::experiments
        .filter(e::job_id.eq(super::small(job_id)?))
        .select(e::id)
        .first::<i32>(conn)
        .optional()?
        .map(Into::into))
}

/// Stores one epoch's metrics; an epoch already stored is left as it is (a resumed run that
/// redoes an epoch adds no duplicate rows).
pub fn record_metrics(
    conn: &mut SqliteConnection,
    experiment_id: i64,
    epoch: i64,
    metrics: &[(String, f64)],
) -> Result<usize, DbError> {
    let mut added = 0;
    for (key, value) in metrics {
        let (split, name) = key.split_once('.').unwrap_or(("train", key.as_str()));
        added += diesel::insert_into(m::experiment_metrics)
            .values((
                m::experiment_id.eq(experiment_id as i32),
                m::epoch.eq(epoch as i32),
                m::split.eq(split),
                m::name.eq(name),
                m::value.eq(value),
            ))
            .on_conflict_do_nothing()
            .execute(conn)?;
    }
    Ok(added)
}

/// A job's metrics, by epoch.
pub fn metrics_of_job(
    conn: &mut SqliteConnection,
    job_id: i64,
) -> Result<Vec<MetricPoint>, DbError> {
    let Some(exp) = find(conn, job_id)? else {
        return Ok(Vec::new());
    };
    let rows: Vec<(i32, String, String, f64, chrono::NaiveDateTime)> = m::experiment_metrics
        .filter(m::experiment_id.eq(super::small(exp)?))
        .order((m::epoch.asc(), m::split.asc(), m::name.asc()))
        .select((m::epoch, m::split, m::name, m::value, m::recorded_at))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(epoch, split, name, value, at)| MetricPoint {
            epoch: epoch.into(),
            split,
            name,
            value,
            recorded_at: utc(at),
        })
        .collect())
}

/// A job's params (name → JSON value).
pub fn params_of_job(
    conn: &mut SqliteConnection,
    job_id: i64,
) -> Result<serde_json::Map<String, serde_json::Value>, DbError> {
    let Some(exp) = find(conn, job_id)? else {
        return Ok(serde_json::Map::new());
    };
    let rows: Vec<(String, String)> = p::experiment_params
        .filter(p::experiment_id.eq(super::small(exp)?))
        .select((p::name, p::value))
        .load(conn)?;
    rows.into_iter()
        .map(|(n, v)| Ok((n, serde_json::from_str(&v)?)))
        .collect()
}
