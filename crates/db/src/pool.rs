use diesel::connection::SimpleConnection;
use diesel::r2d2::{ConnectionManager, CustomizeConnection, Pool};
use diesel::sqlite::SqliteConnection;

use crate::{DatabaseSettings, DbError};

pub type DbPool = Pool<ConnectionManager<SqliteConnection>>;

/// Applied to every connection the pool opens. `busy_timeout` first, so the pragmas after it
/// wait for a lock too.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SqlitePragmas {
    pub busy_timeout_ms: u64,
}

impl SqlitePragmas {
    pub(crate) fn apply(&self, conn: &mut SqliteConnection) -> diesel::QueryResult<()> {
        conn.batch_execute(&format!(
            "PRAGMA busy_timeout = {};
             PRAGMA journal_mode = WAL;
             PRAGMA synchronous = NORMAL;
             PRAGMA foreign_keys = ON;",
            self.busy_timeout_ms
        ))
    }
}

impl CustomizeConnection<SqliteConnection, diesel::r2d2::Error> for SqlitePragmas {
    fn on_acquire(&self, conn: &mut SqliteConnection) -> Result<(), diesel::r2d2::Error> {
        self.apply(conn).map_err(diesel::r2d2::Error::QueryError)
    }
}

/// The pool of one process. Size and timeouts come from [`DatabaseSettings`].
pub fn build_pool(settings: &DatabaseSettings) -> Result<DbPool, DbError> {
    settings.validate()?;
    let manager = ConnectionManager::<SqliteConnection>::new(settings.url());
    let pool = Pool::builder()
        .max_size(settings.pool_size)
        .min_idle(Some(1))
        .connection_timeout(settings.connection_timeout())
        .connection_customizer(Box::new(SqlitePragmas {
            busy_timeout_ms: settings.busy_timeout_ms,
        }))
        .build(manager)?;
    Ok(pool)
}
