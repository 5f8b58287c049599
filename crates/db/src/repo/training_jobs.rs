use diesel::prelude::*;
use homeai_domain::training::{Job, JobStatus, ModelType, NewJob};

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
    let target = j::training_jobs.find(job.id as i32);
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
