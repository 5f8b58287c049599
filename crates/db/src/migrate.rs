use diesel::Connection;
use diesel::connection::SimpleConnection;
use diesel::migration::MigrationSource;
use diesel::sqlite::Sqlite;
use diesel::sqlite::SqliteConnection;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use crate::pool::SqlitePragmas;
use crate::{DatabaseSettings, DbError};

/// The top-level `migrations/` folder, compiled into every binary.
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations");

/// What a migration run did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationReport {
    /// Versions applied by this run (empty when the file was already up to date).
    pub applied: Vec<String>,
}

fn open(settings: &DatabaseSettings) -> Result<SqliteConnection, DbError> {
    let mut conn =
        SqliteConnection::establish(&settings.url()).map_err(|source| DbError::Open {
            path: settings.url(),
            source,
        })?;
    // A migration may wait for another process's migration: allow more than the usual timeout.
    SqlitePragmas {
        busy_timeout_ms: settings.busy_timeout_ms.max(30_000),
    }
    .apply(&mut conn)?;
    Ok(conn)
}

/// Refuses a database written by a newer homeai: one with migrations this binary does not know.
/// (Running old code on a newer schema could write rows the newer code misreads.)
pub fn check_not_newer(settings: &DatabaseSettings) -> Result<(), DbError> {
    let mut conn = open(settings)?;
    check_versions(&mut conn, settings)
}

fn check_versions(conn: &mut SqliteConnection, settings: &DatabaseSettings) -> Result<(), DbError> {
    let applied = conn
        .applied_migrations()
        .map_err(|e| DbError::Migration(e.to_string()))?;
    let known: Vec<String> = MigrationSource::<Sqlite>::migrations(&MIGRATIONS)
        .map_err(|e| DbError::Migration(e.to_string()))?
        .iter()
        .map(|m| m.name().version().to_string())
        .collect();
    let unknown: Vec<String> = applied
        .iter()
        .map(ToString::to_string)
        .filter(|v| !known.contains(v))
        .collect();
    if unknown.is_empty() {
        Ok(())
    } else {
        Err(DbError::Migration(format!(
            "{} was written by a newer homeai (schema version{} {} unknown to this one, which knows up to {}): \
             run the newer version, or restore a backup made with this one",
            settings.path.display(),
            if unknown.len() > 1 { "s" } else { "" },
            unknown.join(", "),
            known.iter().max().cloned().unwrap_or_default(),
        )))
    }
}

/// Applies every pending migration. Idempotent, and safe when several processes start at once:
/// the whole run holds the write lock (`BEGIN IMMEDIATE`), so the second process waits and then
/// finds nothing left to do. Also switches the file to WAL, which persists in the file.
pub fn migrate(settings: &DatabaseSettings) -> Result<MigrationReport, DbError> {
    let mut conn = open(settings)?;
    conn.batch_execute("PRAGMA journal_mode = WAL;")?;
    let applied = conn.immediate_transaction(|c| {
        if c.has_pending_migration(MIGRATIONS)
            .map_err(|e| DbError::Migration(e.to_string()))?
            || !c
                .applied_migrations()
                .map_err(|e| DbError::Migration(e.to_string()))?
                .is_empty()
        {
            check_versions(c, settings)?;
        }
        c.run_pending_migrations(MIGRATIONS)
            .map(|versions| versions.iter().map(ToString::to_string).collect::<Vec<_>>())
            .map_err(|e| DbError::Migration(e.to_string()))
    })?;
    if !applied.is_empty() {
        tracing::info!(count = applied.len(), "applied database migrations");
    }
    Ok(MigrationReport { applied })
}

/// Reverts every migration (the up → down → up test uses it).
pub fn revert_all(settings: &DatabaseSettings) -> Result<usize, DbError> {
    let mut conn = open(settings)?;
    conn.immediate_transaction(|c| {
        c.revert_all_migrations(MIGRATIONS)
            .map(|v| v.len())
            .map_err(|e| DbError::Migration(e.to_string()))
    })
}
