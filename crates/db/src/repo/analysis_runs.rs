//! The record of analyses: one row per run, opened when it starts and closed when it ends.

use diesel::prelude::*;
use homeai_domain::pattern::AnalysisRun;

use crate::DbError;
use crate::models::utc;
use crate::schema::analysis_runs::dsl as a;

/// Opens a run (`trigger`: scheduled, manual or startup) and returns its id.
pub fn start(conn: &mut SqliteConnection, trigger: &str) -> Result<i64, DbError> {
    let id: i32 = diesel::insert_into(a::analysis_runs)
        .values((a::trigger.eq(trigger), a::status.eq("running")))
        .returning(a::id)
        .get_result(conn)?;
    Ok(i64::from(id))
}

/// What a finished run found.
#[derive(Debug, Clone, Default)]
pub struct RunOutcome {
    pub ok: bool,
    pub events_analysed: i64,
    pub patterns_detected: i64,
    pub synergies_detected: i64,
    pub errors: Vec<String>,
    pub duration_ms: i64,
}

pub fn finish(conn: &mut SqliteConnection, id: i64, outcome: &RunOutcome) -> Result<(), DbError> {
    let clamp = |v: i64| i32::try_from(v).unwrap_or(i32::MAX);
    diesel::update(a::analysis_runs.find(id as i32))
        .set((
            a::status.eq(if outcome.ok { "completed" } else { "failed" }),
            a::events_analysed.eq(clamp(outcome.events_analysed)),
            a::patterns_detected.eq(clamp(outcome.patterns_detected)),
            a::synergies_detected.eq(clamp(outcome.synergies_detected)),
            a::errors.eq(serde_json::to_string(&outcome.errors)?),
            a::duration_ms.eq(Some(outcome.duration_ms)),
            a::finished_at.eq(diesel::dsl::now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Marks runs left `running` by a process that died as failed (called at start).
pub fn abandon_running(conn: &mut SqliteConnection) -> Result<usize, DbError> {
    Ok(
        diesel::update(a::analysis_runs.filter(a::status.eq("running")))
            .set((
                a::status.eq("failed"),
                a::errors.eq(r#"["the service stopped during the analysis"]"#),
                a::finished_at.eq(diesel::dsl::now),
            ))
            .execute(conn)?,
    )
}

type Row = (
    i32,
    String,
    String,
    i32,
    i32,
    i32,
    String,
    Option<i64>,
    chrono::NaiveDateTime,
    Option<chrono::NaiveDateTime>,
);

/// The newest runs first.
pub fn recent(conn: &mut SqliteConnection, limit: i64) -> Result<Vec<AnalysisRun>, DbError> {
    let rows: Vec<Row> = a::analysis_runs
        .select((
            a::id,
            a::trigger,
            a::status,
            a::events_analysed,
            a::patterns_detected,
            a::synergies_detected,
            a::errors,
            a::duration_ms,
            a::started_at,
            a::finished_at,
        ))
        .order(a::id.desc())
        .limit(limit)
        .load(conn)?;
    rows.into_iter()
        .map(|r| {
            Ok(AnalysisRun {
                id: i64::from(r.0),
                trigger: r.1,
                status: r.2,
                events_analysed: i64::from(r.3),
                patterns_detected: i64::from(r.4),
                synergies_detected: i64::from(r.5),
                errors: serde_json::from_str(&r.6)?,
                duration_ms: r.7,
                started_at: utc(r.8),
                finished_at: r.9.map(utc),
            })
        })
        .collect()
}
