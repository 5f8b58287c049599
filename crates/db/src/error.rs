use diesel::result::{DatabaseErrorKind, Error as DieselError};

/// Everything that can go wrong talking to the database.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("cannot open database {path}: {source}")]
    Open {
        path: String,
        source: diesel::ConnectionError,
    },
    #[error("no database connection available: {0}")]
    Pool(#[from] r2d2::Error),
    #[error("database query failed: {0}")]
    Query(#[from] DieselError),
    #[error("migration failed: {0}")]
    Migration(String),
    #[error("invalid database settings: {0}")]
    Settings(String),
    #[error("stored data is not valid: {0}")]
    Corrupt(String),
    #[error("database task failed: {0}")]
    Task(String),
}

impl DbError {
    /// The row asked for does not exist.
    pub fn is_not_found(&self) -> bool {
        matches!(self, DbError::Query(DieselError::NotFound))
    }

    /// The database was too busy (pool exhausted or the file lock held past `busy_timeout`).
    pub fn is_busy(&self) -> bool {
        match self {
            DbError::Pool(_) => true,
            DbError::Query(DieselError::DatabaseError(_, info)) => {
                let m = info.message();
                m.contains("database is locked") || m.contains("database is busy")
            }
            _ => false,
        }
    }

    /// A UNIQUE constraint refused the write.
    pub fn is_unique_violation(&self) -> bool {
        matches!(
            self,
            DbError::Query(DieselError::DatabaseError(
                DatabaseErrorKind::UniqueViolation,
                _
            ))
        )
    }

    /// A CHECK or foreign key constraint refused the write.
    pub fn is_constraint_violation(&self) -> bool {
        matches!(
            self,
            DbError::Query(DieselError::DatabaseError(
                DatabaseErrorKind::CheckViolation | DatabaseErrorKind::ForeignKeyViolation,
                _
            ))
        )
    }
}

impl From<serde_json::Error> for DbError {
    fn from(e: serde_json::Error) -> Self {
        DbError::Corrupt(e.to_string())
    }
}

impl From<homeai_domain::DomainError> for DbError {
    fn from(e: homeai_domain::DomainError) -> Self {
        DbError::Corrupt(e.to_string())
    }
}
