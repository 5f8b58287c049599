use std::path::PathBuf;
use std::time::Duration;

use serde::Deserialize;

use crate::{Db, DbError, build_pool, migrate};

/// The `[database]` section: one SQLite file shared by all four services.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseSettings {
    /// Path of the SQLite file (`HOMEAI_DATABASE`). Created with its directory if missing.
    pub path: PathBuf,
    /// Connections in this process's pool: default 10, at most 20.
    #[serde(default = "default_pool_size")]
    pub pool_size: u32,
    /// How long a request waits for a free connection before it gets a 503.
    #[serde(default = "default_connection_timeout_ms")]
    pub connection_timeout_ms: u64,
    /// How long SQLite waits for another writer's lock before giving up.
    #[serde(default = "default_busy_timeout_ms")]
    pub busy_timeout_ms: u64,
    /// Apply pending migrations when the service starts.
    #[serde(default = "default_true")]
    pub migrate_on_start: bool,
}

/// The pool size no configuration may exceed: SQLite has one writer at a time, more connections
/// only add waiting.
pub const MAX_POOL_SIZE: u32 = 20;

fn default_pool_size() -> u32 {
    10
}
fn default_connection_timeout_ms() -> u64 {
    10_000
}
fn default_busy_timeout_ms() -> u64 {
    10_000
}
fn default_true() -> bool {
    true
}

impl DatabaseSettings {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self {
            path: path.into(),
            pool_size: default_pool_size(),
            connection_timeout_ms: default_connection_timeout_ms(),
            busy_timeout_ms: default_busy_timeout_ms(),
            migrate_on_start: true,
        }
    }

    pub fn validate(&self) -> Result<(), DbError> {
        if self.pool_size == 0 || self.pool_size > MAX_POOL_SIZE {
            return Err(DbError::Settings(format!(
                "pool_size must be 1..={MAX_POOL_SIZE}, got {}",
                self.pool_size
            )));
        }
        if self.path.as_os_str().is_empty() {
            return Err(DbError::Settings("path must not be empty".into()));
        }
        Ok(())
    }

    pub fn connection_timeout(&self) -> Duration {
        Duration::from_millis(self.connection_timeout_ms)
    }

    /// The path as SQLite takes it.
    pub fn url(&self) -> String {
        self.path.to_string_lossy().into_owned()
    }

    /// Migrates (if configured) and opens the pool: what a service does at start.
    pub fn open(&self) -> Result<Db, DbError> {
        self.validate()?;
        let dir = self
            .path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(std::path::Path::new("."));
        std::fs::create_dir_all(dir).map_err(|e| {
            DbError::Settings(format!(
                "cannot create the data directory {}: {e}",
                dir.display()
            ))
        })?;
        check_writable(dir)?;
        if self.migrate_on_start {
            migrate(self)?;
        } else {
            crate::migrate::check_not_newer(self)?;
        }
        Ok(Db::new(build_pool(self)?))
    }
}

/// SQLite needs to create its `-wal` and `-shm` files beside the database: say so at start
/// rather than failing on the first write.
fn check_writable(dir: &std::path::Path) -> Result<(), DbError> {
    let probe = dir.join(format!(".homeai-write-test-{}", std::process::id()));
    match std::fs::write(&probe, b"") {
        Ok(()) => {
            let _ = std::fs::remove_file(&probe);
            Ok(())
        }
        Err(e) => Err(DbError::Settings(format!(
            "the data directory {} is not writable ({e}); the database and its WAL files live there",
            dir.display()
        ))),
    }
}
