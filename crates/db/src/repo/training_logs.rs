//! A job's log: append-only numbered lines, read from an offset (a resumable tail).

use diesel::prelude::*;
use homeai_domain::training::LogLine;

use crate::DbError;
use crate::models::utc;
use crate::schema::training_logs::dsl as l;

/// Appends a line numbered after the job's last one. Run inside an IMMEDIATE transaction.
pub fn append(
    conn: &mut SqliteConnection,
    job_id: i64,
    level: &str,
    message: &str,
) -> Result<i64, DbError> {
    let last: Option<i32> = l::training_logs
        .filter(l::job_id.eq(job_id as i32))
        .select(diesel::dsl::max(l::seq))
        .first(conn)?;
    let seq = last.map_or(0, |s| s + 1);
    diesel::insert_into(l::training_logs)
        .values((
            l::job_id.eq(job_id as i32),
            l::seq.eq(seq),
            l::level.eq(level),
            l::message.eq(message),
        ))
        .execute(conn)?;
    Ok(seq.into())
}

/// Lines with `seq >= offset`, oldest first, at most `limit`.
pub fn tail(
    conn: &mut SqliteConnection,
    job_id: i64,
    offset: i64,
    limit: i64,
) -> Result<Vec<LogLine>, DbError> {
    let rows: Vec<(i32, String, String, chrono::NaiveDateTime)> = l::training_logs
        .filter(l::job_id.eq(job_id as i32))
        .filter(l::seq.ge(offset as i32))
        .order(l::seq.asc())
        .limit(limit)
        .select((l::seq, l::level, l::message, l::created_at))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(seq, level, message, at)| LogLine {
            seq: seq.into(),
            level,
            message,
            created_at: utc(at),
        })
        .collect())
}
