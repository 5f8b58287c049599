//! Queries, one module per table family. Sync functions over `&mut SqliteConnection`; callers run
//! them through [`crate::Db::run`] or, when they write, [`crate::Db::write`].

pub mod aliases;
pub mod analysis_runs;
pub mod ask_ai;
pub mod checkpoints;
pub mod correlation_cache;
pub mod deployments;
pub mod events;
pub mod health;
pub mod patterns;
pub mod preferences;
pub mod registry;
pub mod suggestions;
pub mod synergies;
pub mod training_jobs;
// training: experiments and metrics, job logs, the model registry
pub mod experiments;
pub mod model_artefacts;
pub mod training_logs;
// the models issue: experiments that group runs
pub mod experiment_groups;

/// A page of a listing: the rows and how many match in all.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub limit: i64,
    pub offset: i64,
}

/// An id (or version) as the schema stores it (32-bit): one that does not fit names no row,
/// so a lookup by it is not found, never another row's.
pub(crate) fn small(id: i64) -> Result<i32, crate::DbError> {
    i32::try_from(id).map_err(|_| crate::DbError::Query(diesel::result::Error::NotFound))
}
