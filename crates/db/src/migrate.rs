use diesel::Connection;
use diesel::connection::SimpleConnection;
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

/// Applies every pending migration. Idempotent, and safe when several processes start at once:
/// the whole run holds the write lock (`BEGIN IMMEDIATE`), so the second process waits and then
/// finds nothing left to do. Also switches the file to WAL, which persists in the file.
pub fn migrate(settings: &DatabaseSettings) -> Result<MigrationReport, DbError> {
    let mut conn = open(settings)?;
    conn.batch_execute("PRAGMA journal_mode = WAL;")?;
    let applied = conn.immediate_transaction(|c| {
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
