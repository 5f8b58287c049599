//! The model registry: numbered versions per model type, at most one active.

use diesel::prelude::*;
use homeai_domain::training::{ModelType, ModelVersion};

use crate::DbError;
use crate::models::utc;
use crate::schema::model_artefacts::dsl as a;

type Row = (
    i32,
    String,
    i32,
    Option<i32>,
    String,
    String,
    i64,
    String,
    bool,
    chrono::NaiveDateTime,
    Option<chrono::NaiveDateTime>,
);

fn select() -> (
    a::id,
    a::model_type,
    a::version,
    a::job_id,
    a::path,
    a::sha256,
    a::size_bytes,
    a::metrics,
    a::is_active,
    a::created_at,
    a::activated_at,
) {
    (
        a::id,
        a::model_type,
        a::version,
        a::job_id,
        a::path,
        a::sha256,
        a::size_bytes,
        a::metrics,
        a::is_active,
        a::created_at,
        a::activated_at,
    )
}

fn to_version(r: Row) -> Result<ModelVersion, DbError> {
    Ok(ModelVersion {
        id: r.0.into(),
        model_type: r.1.parse()?,
        version: r.2.into(),
        job_id: r.3.map(Into::into),
        path: r.4,
        sha256: r.5,
        size_bytes: r.6,
        metrics: serde_json::from_str(&r.7)?,
        is_active: r.8,
        created_at: utc(r.9),
        activated_at: r.10.map(utc),
    })
}

/// The version the next model of `model_type` gets.
pub fn next_version(conn: &mut SqliteConnection, model_type: ModelType) -> Result<i64, DbError> {
    let last: Option<i32> = a::model_artefacts
        .filter(a::model_type.eq(model_type.as_str()))
        .select(diesel::dsl::max(a::version))
        .first(conn)?;
    Ok(last.map_or(1, |v| i64::from(v) + 1))
}

/// What [`register`] stores.
#[derive(Debug, Clone)]
pub struct NewModelVersion<'a> {
    pub model_type: ModelType,
    pub version: i64,
    pub job_id: Option<i64>,
    pub path: &'a str,
    pub sha256: &'a str,
    pub size_bytes: i64,
    pub metrics: &'a serde_json::Value,
}

pub fn register(
    conn: &mut SqliteConnection,
    new: &NewModelVersion,
) -> Result<ModelVersion, DbError> {
    let id: i32 = diesel::insert_into(a::model_artefacts)
        .values((
            a::model_type.eq(new.model_type.as_str()),
            a::version.eq(new.version as i32),
            a::job_id.eq(new.job_id.map(|v| v as i32)),
            a::path.eq(new.path),
            a::sha256.eq(new.sha256),
            a::size_bytes.eq(new.size_bytes),
            a::metrics.eq(new.metrics.to_string()),
        ))
        .returning(a::id)
        .get_result(conn)?;
    get_by_id(conn, id.into())
}

pub fn get_by_id(conn: &mut SqliteConnection, id: i64) -> Result<ModelVersion, DbError> {
    to_version(
        a::model_artefacts
            .find(super::small(id)?)
            .select(select())
            .first::<Row>(conn)?,
    )
}

pub fn get(
    conn: &mut SqliteConnection,
    model_type: ModelType,
    version: i64,
) -> Result<ModelVersion, DbError> {
    to_version(
        a::model_artefacts
            .filter(a::model_type.eq(model_type.as_str()))
            .filter(a::version.eq(super::small(version)?))
            .select(select())
            .first::<Row>(conn)?,
    )
}

/// Versions, newest first (of one type when given).
pub fn list(
    conn: &mut SqliteConnection,
    model_type: Option<ModelType>,
) -> Result<Vec<ModelVersion>, DbError> {
    let mut q = a::model_artefacts.select(select()).into_boxed();
    if let Some(m) = model_type {
        q = q.filter(a::model_type.eq(m.as_str()));
    }
    q.order((a::model_type.asc(), a::version.desc()))
        .load::<Row>(conn)?
        .into_iter()
        .map(to_version)
        .collect()
}

/// The version a job registered, if it did.
pub fn of_job(conn: &mut SqliteConnection, job_id: i64) -> Result<Option<ModelVersion>, DbError> {
    a::model_artefacts
        .filter(a::job_id.eq(super::small(job_id)?))
        .order(a::version.desc())
        .select(select())
        .first::<Row>(conn)
        .optional()?
        .map(to_version)
        .transpose()
}

pub fn active(
    conn: &mut SqliteConnection,
    model_type: ModelType,
) -> Result<Option<ModelVersion>, DbError> {
    a::model_artefacts
        .filter(a::model_type.eq(model_type.as_str()))
        .filter(a::is_active.eq(true))
        .select(select())
        .first::<Row>(conn)
        .optional()?
        .map(to_version)
        .transpose()
}

/// Makes `version` the active one of its type (the previous one is deactivated). Run inside
/// an IMMEDIATE transaction.
pub fn activate(
    conn: &mut SqliteConnection,
    model_type: ModelType,
    version: i64,
) -> Result<ModelVersion, DbError> {
    let target = get(conn, model_type, version)?;
    diesel::update(
        a::model_artefacts
            .filter(a::model_type.eq(model_type.as_str()))
            .filter(a::is_active.eq(true)),
    )
    .set(a::is_active.eq(false))
    .execute(conn)?;
    diesel::update(a::model_artefacts.find(super::small(target.id)?))
        .set((a::is_active.eq(true), a::activated_at.eq(diesel::dsl::now)))
        .execute(conn)?;
    get_by_id(conn, target.id)
}
