//! Probes of the database itself: readiness, the schema, connection pragmas.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use diesel::sqlite::SqliteConnection;

use crate::{DatabaseSettings, DbError, schema};

/// Proves the file can be read.
pub fn ping(conn: &mut SqliteConnection) -> Result<(), DbError> {
    conn.batch_execute("SELECT 1")?;
    Ok(())
}

#[derive(QueryableByName)]
struct SqlText {
    #[diesel(sql_type = Text)]
    sql: String,
}

/// Every `CREATE` statement in the file, sorted: two files with the same list have the same schema.
pub fn schema_sql(settings: &DatabaseSettings) -> Result<Vec<String>, DbError> {
    let mut conn =
        SqliteConnection::establish(&settings.url()).map_err(|source| DbError::Open {
            path: settings.url(),
            source,
        })?;
    let rows: Vec<SqlText> = diesel::sql_query(
        "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name",
    )
    .load(&mut conn)?;
    Ok(rows.into_iter().map(|r| r.sql).collect())
}

macro_rules! select_all_columns {
    ($conn:expr, $($table:ident),+ $(,)?) => {{
        let mut checked = 0usize;
        $(
            schema::$table::table
                .select(schema::$table::all_columns)
                .limit(0)
                .execute($conn)
                .map_err(|e| DbError::Corrupt(format!("table {}: {e}", stringify!($table))))?;
            checked += 1;
        )+
        checked
    }};
}

/// Reads every column `schema.rs` declares from every table: fails with the table's name when
/// the file and the code disagree. Returns how many tables were checked.
pub fn check_schema(conn: &mut SqliteConnection) -> Result<usize, DbError> {
    Ok(select_all_columns!(
        conn,
        ha_areas,
        ha_devices,
        ha_entities,
        events,
        ingest_checkpoints,
        patterns,
        pattern_history,
        synergies,
        synergy_feedback,
        analysis_runs,
        preferences,
        suggestions,
        suggestion_status_history,
        suggestion_feedback,
        deployed_automations,
        automation_versions,
        conversations,
        ask_queries,
        clarification_sessions,
        entity_aliases,
        training_jobs,
        experiments,
        experiment_params,
        experiment_metrics,
        training_logs,
        model_artefacts,
        correlation_cache,
    ))
}

/// The pragmas a pooled connection runs with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pragmas {
    pub journal_mode: String,
    pub foreign_keys: i64,
    pub synchronous: i64,
    pub busy_timeout_ms: i64,
}

#[derive(QueryableByName)]
struct PragmaText {
    #[diesel(sql_type = Text)]
    journal_mode: String,
}

#[derive(QueryableByName)]
struct PragmaInt {
    #[diesel(sql_type = BigInt)]
    value: i64,
}

pub fn pragmas(conn: &mut SqliteConnection) -> Result<Pragmas, DbError> {
    let int = |conn: &mut SqliteConnection, name: &str| -> Result<i64, DbError> {
        let row: PragmaInt = diesel::sql_query(format!("SELECT * FROM pragma_{name} AS value"))
            .get_result(conn)
            .or_else(|_| {
                diesel::sql_query(format!("SELECT {name} AS value FROM pragma_{name}"))
                    .get_result(conn)
            })?;
        Ok(row.value)
    };
    let journal: PragmaText = diesel::sql_query("PRAGMA journal_mode").get_result(conn)?;
    Ok(Pragmas {
        journal_mode: journal.journal_mode,
        foreign_keys: int(conn, "foreign_keys")?,
        synchronous: int(conn, "synchronous")?,
        busy_timeout_ms: {
            let row: PragmaInt =
                diesel::sql_query("SELECT timeout AS value FROM pragma_busy_timeout")
                    .get_result(conn)?;
            row.value
        },
    })
}
