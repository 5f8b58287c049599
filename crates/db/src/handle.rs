use diesel::sqlite::SqliteConnection;
use tracing::Instrument;

use crate::{DbError, DbPool};

/// What a service keeps to reach the database. Cheap to clone.
///
/// Diesel is blocking: both entry points run the closure on tokio's blocking pool, with a pooled
/// connection, inside the caller's tracing span, so no actix worker ever waits on SQLite.
#[derive(Clone)]
pub struct Db {
    pool: DbPool,
}

impl Db {
    pub fn new(pool: DbPool) -> Self {
        Self { pool }
    }

    pub fn pool(&self) -> &DbPool {
        &self.pool
    }

    /// Runs `f` with a connection, off the executor. Use for reads and single statements.
    pub async fn run<T, F>(&self, f: F) -> Result<T, DbError>
    where
        T: Send + 'static,
        F: FnOnce(&mut SqliteConnection) -> Result<T, DbError> + Send + 'static,
    {
        let pool = self.pool.clone();
        let span = tracing::Span::current();
        let task = tokio::task::spawn_blocking(move || {
            let _entered = span.enter();
            let mut conn = pool.get()?;
            f(&mut conn)
        });
        match task.in_current_span().await {
            Ok(result) => result,
            Err(join) if join.is_panic() => {
                tracing::error!("database task panicked");
                Err(DbError::Task("database task panicked".into()))
            }
            Err(join) => Err(DbError::Task(join.to_string())),
        }
    }

    /// Runs `f` inside `BEGIN IMMEDIATE … COMMIT`: the write lock is taken up front, so a
    /// transaction never has to upgrade a read lock and fail with `SQLITE_BUSY`. Any error rolls
    /// back everything `f` did.
    pub async fn write<T, F>(&self, f: F) -> Result<T, DbError>
    where
        T: Send + 'static,
        F: FnOnce(&mut SqliteConnection) -> Result<T, DbError> + Send + 'static,
    {
        self.run(move |conn| conn.immediate_transaction(f)).await
    }

    /// `SELECT 1`: the readiness probe.
    pub async fn ping(&self) -> Result<(), DbError> {
        self.run(crate::repo::health::ping).await
    }
}
