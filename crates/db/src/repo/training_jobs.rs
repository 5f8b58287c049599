use chrono::NaiveDateTime;
use diesel::prelude::*;
use homeai_domain::training::{ExecutionMode, Job, JobStatus, ModelType, NewJob};

use super::Page;
use crate::DbError;
use crate::models::JobRow;
use crate::schema::training_jobs::dsl as j;

/// Queues a job (the caller has validated it).
pub fn insert(conn: &mut SqliteConnection, new: &NewJob) -> Result<Job, DbError> {
    let total_epochs = new
        .config
        .get("epochs")
        .and_then(serde_json::Value::as_i64)
        .map(|v| v as i32);
    let row = diesel::insert_into(j::training_jobs)
        .values((
            j::model_type.eq(new.model_type.as_str()),
            j::priority.eq(i32::from(new.priority.value())),
            j::execution_mode.eq(new.execution_mode.as_str()),
            j::config.eq(new.config.to_string()),
            j::total_epochs.eq(total_epochs),
        ))
        .returning(JobRow::as_returning())
        .get_result(conn)?;
    row.try_into()
}

pub fn get(conn: &mut SqliteConnection, id: i64) -> Result<Job, DbError> {
    let id = i32::try_from(id).map_err(|_| DbError::Query(diesel::result::Error::NotFound))?;
    j::training_jobs
        .find(id)
        .select(JobRow::as_select())
        .first(conn)?
        .try_into()
}

/// Filters for [`list`].
#[derive(Debug, Clone, Default)]
pub struct JobFilter {
    pub status: Option<JobStatus>,
    pub model_type: Option<ModelType>,
    pub limit: i64,
    pub offset: i64,
}

/// Newest first.
pub fn list(conn: &mut SqliteConnection, filter: &JobFilter) -> Result<Page<Job>, DbError> {
    let boxed = || {
        let mut q = j::training_jobs.into_boxed();
        if let Some(s) = filter.status {
            q = q.filter(j::status.eq(s.as_str()));
        }
        if let Some(m) = filter.model_type {
            q = q.filter(j::model_type.eq(m.as_str()));
        }
        q
    };
    let total = boxed().count().get_result(conn)?;
    let rows = boxed()
        .select(JobRow::as_select())
        .order((j::created_at.desc(), j::id.desc()))
        .limit(filter.limit)
        .offset(filter.offset)
        .load(conn)?;
    let items = rows
        .into_iter()
        .map(Job::try_from)
        .collect::<Result<_, _>>()?;
    Ok(Page {
        items,
        total,
        limit: filter.limit,
        offset: filter.offset,
    })
}

/// Moves a job to `next` if its state machine allows it. Run inside an IMMEDIATE transaction:
/// the read and the write see the same row.
pub fn transition(
    conn: &mut SqliteConnection,
    id: i64,
    next: JobStatus,
) -> Result<Result<Job, Job>, DbError> {
    let job = get(conn, id)?;
    if !job.status.can_become(next) {
        return Ok(Err(job));
    }
    let now = diesel::dsl::now;
    let target = j::training_jobs.find(super::small(job.id)?);
    if next.is_terminal() {
        diesel::update(target)
            .set((
                j::status.eq(next.as_str()),
                j::finished_at.eq(now),
                j::updated_at.eq(now),
            ))
            .execute(conn)?;
    } else {
        diesel::update(target)
            .set((j::status.eq(next.as_str()), j::updated_at.eq(now)))
            .execute(conn)?;
    }
    Ok(Ok(get(conn, id)?))
}

// ---- the queue and the executor's writes ----------------------------------------------------

/// Which queued jobs a worker may take.
#[derive(Debug, Clone)]
pub struct ClaimRule {
    /// Modes taken as soon as they are queued.
    pub modes: Vec<ExecutionMode>,
    /// `auto` jobs queued before this time (no remote worker took them in time) too.
    pub auto_queued_before: Option<NaiveDateTime>,
    /// Job ids not to take (already running here).
    pub except: Vec<i64>,
}

/// Takes the next job for a worker: highest priority first, then oldest; it becomes `running`
/// with `lease` as its `worker_id`. Run inside an IMMEDIATE transaction.
pub fn claim_next(
    conn: &mut SqliteConnection,
    rule: &ClaimRule,
    lease: &str,
) -> Result<Option<Job>, DbError> {
    let modes: Vec<&str> = rule.modes.iter().map(|m| m.as_str()).collect();
    let except: Vec<i32> = rule.except.iter().map(|&i| i as i32).collect();
    let mut q = j::training_jobs
        .filter(j::status.eq(JobStatus::Queued.as_str()))
        .filter(diesel::dsl::not(j::id.eq_any(except)))
        .into_boxed();
    q = match rule.auto_queued_before {
        Some(cutoff) => q.filter(
            j::execution_mode.eq_any(modes).or(j::execution_mode
                .eq(ExecutionMode::Auto.as_str())
                .and(j::updated_at.le(cutoff))),
        ),
        None => q.filter(j::execution_mode.eq_any(modes)),
    };
    let Some(id) = q
        .select(j::id)
        .order((j::priority.desc(), j::created_at.asc(), j::id.asc()))
        .first::<i32>(conn)
        .optional()?
    else {
        return Ok(None);
    };
    let now = diesel::dsl::now;
    diesel::update(j::training_jobs.find(id))
        .set((
            j::status.eq(JobStatus::Running.as_str()),
            j::worker_id.eq(lease),
            j::updated_at.eq(now),
            j::error_message.eq(None::<String>),
        ))
        .execute(conn)?;
    diesel::update(j::training_jobs.find(id).filter(j::started_at.is_null()))
        .set(j::started_at.eq(now))
        .execute(conn)?;
    Ok(Some(get(conn, id.into())?))
}

/// Whether `lease` still holds job `id` as a running job.
pub fn holds(conn: &mut SqliteConnection, id: i64, lease: &str) -> Result<bool, DbError> {
    let n: i64 = j::training_jobs
        .filter(j::id.eq(super::small(id)?))
        .filter(j::worker_id.eq(lease))
        .filter(j::status.eq(JobStatus::Running.as_str()))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Records progress (0..1) if `lease` still holds the job; `false` means stop.
pub fn report_progress(
    conn: &mut SqliteConnection,
    id: i64,
    lease: &str,
    progress: f64,
) -> Result<bool, DbError> {
    let n = diesel::update(
        j::training_jobs
            .filter(j::id.eq(super::small(id)?))
            .filter(j::worker_id.eq(lease))
            .filter(j::status.eq(JobStatus::Running.as_str())),
    )
    .set((
        j::progress.eq(progress.clamp(0.0, 1.0)),
        j::updated_at.eq(diesel::dsl::now),
    ))
    .execute(conn)?;
    Ok(n > 0)
}

/// Records a finished epoch's progress (the caller checked the lease in the same transaction).
pub fn record_epoch(
    conn: &mut SqliteConnection,
    id: i64,
    epoch: i64,
    total_epochs: i64,
    progress: f64,
) -> Result<(), DbError> {
    diesel::update(j::training_jobs.find(super::small(id)?))
        .set((
            j::current_epoch.eq(epoch as i32),
            j::total_epochs.eq(total_epochs as i32),
            j::progress.eq(progress.clamp(0.0, 1.0)),
            j::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Ends a running job held by `lease` as completed or failed. `Ok(None)` when the lease no
/// longer holds it (paused, cancelled or taken over meanwhile).
pub fn finish(
    conn: &mut SqliteConnection,
    id: i64,
    lease: &str,
    outcome: Result<(), String>,
) -> Result<Option<Job>, DbError> {
    if !holds(conn, id, lease)? {
        return Ok(None);
    }
    let now = diesel::dsl::now;
    let target = j::training_jobs.find(super::small(id)?);
    match outcome {
        Ok(()) => diesel::update(target)
            .set((
                j::status.eq(JobStatus::Completed.as_str()),
                j::progress.eq(1.0),
                j::finished_at.eq(now),
                j::updated_at.eq(now),
            ))
            .execute(conn)?,
        Err(message) => diesel::update(target)
            .set((
                j::status.eq(JobStatus::Failed.as_str()),
                j::error_message.eq(message),
                j::finished_at.eq(now),
                j::updated_at.eq(now),
            ))
            .execute(conn)?,
    };
    Ok(Some(get(conn, id)?))
}

/// Puts running jobs back in the queue (they resume from their checkpoint): those whose
/// `worker_id` starts with `lease_prefix`, and, with `silent = (before, except_prefix)`, any
/// whose worker has not reported since `before` (leases starting with `except_prefix` are left
/// alone). Returns the jobs requeued.
pub fn requeue_orphans(
    conn: &mut SqliteConnection,
    lease_prefix: Option<&str>,
    silent: Option<(NaiveDateTime, &str)>,
) -> Result<Vec<Job>, DbError> {
    let running = j::training_jobs
        .filter(j::status.eq(JobStatus::Running.as_str()))
        .select(JobRow::as_select())
        .load(conn)?;
    let mut requeued = Vec::new();
    for row in running {
        let by_prefix = lease_prefix
            .is_some_and(|p| row.worker_id.as_deref().is_some_and(|w| w.starts_with(p)));
        let quiet = silent.is_some_and(|(before, except)| {
            row.updated_at <= before
                && !row
                    .worker_id
                    .as_deref()
                    .is_some_and(|w| w.starts_with(except))
        });
        if !(by_prefix || quiet) {
            continue;
        }
        diesel::update(j::training_jobs.find(row.id))
            .set((
                j::status.eq(JobStatus::Queued.as_str()),
                j::worker_id.eq(None::<String>),
                j::updated_at.eq(diesel::dsl::now),
            ))
            .execute(conn)?;
        requeued.push(get(conn, row.id.into())?);
    }
    Ok(requeued)
}

/// A new queued job that retries `old` (same type, config, priority, mode), linked to it.
pub fn insert_retry(conn: &mut SqliteConnection, old: &Job) -> Result<Job, DbError> {
    let row = diesel::insert_into(j::training_jobs)
        .values((
            j::model_type.eq(old.model_type.as_str()),
            j::priority.eq(i32::from(old.priority)),
            j::execution_mode.eq(old.execution_mode.as_str()),
            j::config.eq(old.config.to_string()),
            j::total_epochs.eq(old.total_epochs.map(|v| v as i32)),
            j::retry_of.eq(old.id as i32),
        ))
        .returning(JobRow::as_returning())
        .get_result(conn)?;
    row.try_into()
}

/// Deletes a job (its experiment, metrics and logs go with it).
pub fn delete(conn: &mut SqliteConnection, id: i64) -> Result<bool, DbError> {
    Ok(diesel::delete(j::training_jobs.find(super::small(id)?)).execute(conn)? > 0)
}

/// Deletes finished jobs (of `model_type`, when given) created before `older_than`, keeping
/// the `keep_recent` newest of them. Returns how many went.
pub fn prune(
    conn: &mut SqliteConnection,
    model_type: Option<ModelType>,
    older_than: NaiveDateTime,
    keep_recent: i64,
) -> Result<usize, DbError> {
    let finished = [
        JobStatus::Completed.as_str(),
        JobStatus::Failed.as_str(),
        JobStatus::Cancelled.as_str(),
    ];
    let mut q = j::training_jobs
        .filter(j::status.eq_any(finished))
        .select(j::id)
        .order((j::created_at.desc(), j::id.desc()))
        .into_boxed();
    if let Some(m) = model_type {
        q = q.filter(j::model_type.eq(m.as_str()));
    }
    let keep: Vec<i32> = q.limit(keep_recent.max(0)).load(conn)?;
    let mut d = j::training_jobs
        .filter(j::status.eq_any(finished))
        .filter(j::created_at.lt(older_than))
        .filter(diesel::dsl::not(j::id.eq_any(keep)))
        .select(j::id)
        .into_boxed();
    if let Some(m) = model_type {
        d = d.filter(j::model_type.eq(m.as_str()));
    }
    let ids: Vec<i32> = d.load(conn)?;
    Ok(diesel::delete(j::training_jobs.filter(j::id.eq_any(ids))).execute(conn)?)
}

/// The newest queued, running or paused job of `model_type`.
pub fn active_of_type(
    conn: &mut SqliteConnection,
    model_type: ModelType,
) -> Result<Option<Job>, DbError> {
    let active = [
        JobStatus::Queued.as_str(),
        JobStatus::Running.as_str(),
        JobStatus::Paused.as_str(),
    ];
    j::training_jobs
        .filter(j::model_type.eq(model_type.as_str()))
        .filter(j::status.eq_any(active))
        .order(j::id.desc())
        .select(JobRow::as_select())
        .first(conn)
        .optional()?
        .map(Job::try_from)
        .transpose()
}

/// Counts for `GET /api/v1/training/stats`.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct JobStats {
    pub total: i64,
    pub by_status: std::collections::BTreeMap<String, i64>,
    pub by_model_type: std::collections::BTreeMap<String, i64>,
    /// Mean wall time of completed jobs (start to finish, pauses included), seconds.
    pub mean_completed_seconds: Option<f64>,
    pub completed: i64,
    /// completed / (completed + failed)
    pub success_rate: Option<f64>,
}

pub fn stats(conn: &mut SqliteConnection) -> Result<JobStats, DbError> {
    let rows: Vec<(String, String, Option<NaiveDateTime>, Option<NaiveDateTime>)> =
        j::training_jobs
            .select((j::status, j::model_type, j::started_at, j::finished_at))
            .load(conn)?;
    let mut s = JobStats::default();
    let mut durations = Vec::new();
    for (status, model_type, started, finished) in rows {
        s.total += 1;
        *s.by_status.entry(status.clone()).or_default() += 1;
        *s.by_model_type.entry(model_type).or_default() += 1;
        if status == JobStatus::Completed.as_str()
            && let (Some(a), Some(b)) = (started, finished)
        {
            durations.push((b - a).num_milliseconds() as f64 / 1000.0);
        }
    }
    s.completed = s.by_status.get("completed").copied().unwrap_or(0);
    let failed = s.by_status.get("failed").copied().unwrap_or(0);
    if !durations.is_empty() {
        s.mean_completed_seconds = Some(durations.iter().sum::<f64>() / durations.len() as f64);
    }
    if s.completed + failed > 0 {
        s.success_rate = Some(s.completed as f64 / (s.completed + failed) as f64);
    }
    Ok(s)
}
