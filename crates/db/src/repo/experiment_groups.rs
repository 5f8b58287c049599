//! Experiments that group runs (training jobs), MLflow's experiment: a named set of runs to
//! compare side by side.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;

use crate::DbError;
use crate::models::utc;
use crate::schema::experiment_group_runs::dsl as r;
use crate::schema::experiment_groups::dsl as g;

/// An experiment and the runs in it.
#[derive(Debug, Clone, Serialize)]
pub struct ExperimentGroup {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub created_at: DateTime<Utc>,
    pub job_ids: Vec<i64>,
}

/// Makes an experiment; a name already taken is a unique violation.
pub fn create(
    conn: &mut SqliteConnection,
    name: &str,
    description: &str,
) -> Result<ExperimentGroup, DbError> {
    let id: i32 = diesel::insert_into(g::experiment_groups)
        .values((g::name.eq(name), g::description.eq(description)))
        .returning(g::id)
        .get_result(conn)?;
    get(conn, id.into())
}

pub fn get(conn: &mut SqliteConnection, id: i64) -> Result<ExperimentGroup, DbError> {
    let (id, name, description, created_at): (i32, String, String, chrono::NaiveDateTime) =
        g::experiment_groups
            .filter(g::id.eq(super::small(id)?))
            .select((g::id, g::name, g::description, g::created_at))
            .first(conn)?;
    let job_ids: Vec<i32> = r::experiment_group_runs
        .filter(r::group_id.eq(id))
        .order(r::job_id.asc())
        .select(r::job_id)
        .load(conn)?;
    Ok(ExperimentGroup {
        id: id.into(),
        name,
        description,
        created_at: utc(created_at),
        job_ids: job_ids.into_iter().map(Into::into).collect(),
    })
}

/// Every experiment, newest first.
pub fn list(conn: &mut SqliteConnection) -> Result<Vec<ExperimentGroup>, DbError> {
    let ids: Vec<i32> = g::experiment_groups
        .order(g::id.desc())
        .select(g::id)
        .load(conn)?;
    ids.into_iter().map(|id| get(conn, id.into())).collect()
}

/// Puts a run in an experiment (again: nothing changes).
pub fn add_run(conn: &mut SqliteConnection, group_id: i64, job_id: i64) -> Result<(), DbError> {
    get(conn, group_id)?;
    diesel::insert_into(r::experiment_group_runs)
        .values((
            r::group_id.eq(super::small(group_id)?),
            r::job_id.eq(super::small(job_id)?),
        ))
        .on_conflict_do_nothing()
        .execute(conn)?;
    Ok(())
}
