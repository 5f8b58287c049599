//! Rows as diesel reads and writes them, and their conversion to domain types.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use homeai_domain::alias::EntityAlias;
use homeai_domain::training::Job;

use crate::DbError;
use crate::schema::{entity_aliases, training_jobs};

pub(crate) fn utc(t: NaiveDateTime) -> DateTime<Utc> {
    t.and_utc()
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = entity_aliases, check_for_backend(diesel::sqlite::Sqlite))]
pub struct AliasRow {
    pub id: i32,
    pub alias: String,
    pub entity_id: String,
    pub user_id: String,
    pub created_at: NaiveDateTime,
}

impl From<AliasRow> for EntityAlias {
    fn from(r: AliasRow) -> Self {
        EntityAlias {
            id: r.id.into(),
            alias: r.alias,
            entity_id: r.entity_id,
            user_id: r.user_id,
            created_at: utc(r.created_at),
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = training_jobs, check_for_backend(diesel::sqlite::Sqlite))]
pub struct JobRow {
    pub id: i32,
    pub model_type: String,
    pub status: String,
    pub priority: i32,
    pub execution_mode: String,
    pub config: String,
    pub progress: f64,
    pub current_epoch: i32,
    pub total_epochs: Option<i32>,
    pub retry_of: Option<i32>,
    pub worker_id: Option<String>,
    pub error_message: Option<String>,
    pub created_at: NaiveDateTime,
    pub started_at: Option<NaiveDateTime>,
    pub finished_at: Option<NaiveDateTime>,
    pub updated_at: NaiveDateTime,
}

impl TryFrom<JobRow> for Job {
    type Error = DbError;

    fn try_from(r: JobRow) -> Result<Self, DbError> {
        Ok(Job {
            id: r.id.into(),
            model_type: r.model_type.parse()?,
            status: r.status.parse()?,
            priority: i8::try_from(r.priority).map_err(|e| DbError::Corrupt(e.to_string()))?,
            execution_mode: r.execution_mode.parse()?,
            config: serde_json::from_str(&r.config)?,
            progress: r.progress,
            current_epoch: r.current_epoch.into(),
            total_epochs: r.total_epochs.map(Into::into),
            retry_of: r.retry_of.map(Into::into),
            worker_id: r.worker_id,
            error_message: r.error_message,
            created_at: utc(r.created_at),
            started_at: r.started_at.map(utc),
            finished_at: r.finished_at.map(utc),
            updated_at: utc(r.updated_at),
        })
    }
}
