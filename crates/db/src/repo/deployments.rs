//! Automations homeai wrote into Home Assistant, and one version row per change (deploy, update,
//! rollback). Only ids carrying homeai's prefix are ever stored (the table checks it).

use diesel::prelude::*;
use serde::Serialize;

use crate::DbError;
use crate::models::utc;
use crate::schema::{automation_versions, deployed_automations};

/// Where a deployment stands.
pub const ACTIVE: &str = "active";
pub const DISABLED: &str = "disabled";
pub const DELETED: &str = "deleted";

/// A deployed automation.
#[derive(Debug, Clone, Serialize)]
pub struct Deployment {
    pub id: i64,
    /// The id in HA's config API (`homeai_…`).
    pub ha_config_id: String,
    pub suggestion_id: Option<i64>,
    /// `automation.…`, once HA has loaded it.
    pub entity_id: Option<String>,
    pub alias: String,
    /// `active`, `disabled` or `deleted`.
    pub state: String,
    pub current_version: i64,
    pub deployed_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

/// One version of a deployed automation, as written to HA.
#[derive(Debug, Clone, Serialize)]
pub struct Version {
    pub id: i64,
    pub automation_id: i64,
    pub version: i64,
    /// The body written to HA's config API.
    pub automation: serde_json::Value,
    pub automation_yaml: String,
    pub ha_version: String,
    pub safety_score: Option<i64>,
    /// `deploy`, `update` or `rollback`.
    pub reason: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// A version to record.
#[derive(Debug, Clone)]
pub struct NewVersion<'a> {
    pub automation: &'a serde_json::Value,
    pub automation_yaml: &'a str,
    pub ha_version: &'a str,
    pub safety_score: Option<u8>,
    pub reason: &'a str,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = deployed_automations, check_for_backend(diesel::sqlite::Sqlite))]
struct Row {
    id: i32,
    ha_config_id: String,
    suggestion_id: Option<i32>,
    entity_id: Option<String>,
    alias: String,
    state: String,
    current_version: i32,
    deployed_at: chrono::NaiveDateTime,
    updated_at: chrono::NaiveDateTime,
}

impl From<Row> for Deployment {
    fn from(r: Row) -> Self {
        Self {
            id: i64::from(r.id),
            ha_config_id: r.ha_config_id,
            suggestion_id: r.suggestion_id.map(i64::from),
            entity_id: r.entity_id,
            alias: r.alias,
            state: r.state,
            current_version: i64::from(r.current_version),
            deployed_at: utc(r.deployed_at),
            updated_at: utc(r.updated_at),
        }
    }
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = automation_versions, check_for_backend(diesel::sqlite::Sqlite))]
struct VersionRow {
    id: i32,
    automation_id: i32,
    version: i32,
    automation_json: String,
    automation_yaml: String,
    ha_version: String,
    safety_score: Option<i32>,
    reason: String,
    created_at: chrono::NaiveDateTime,
}

fn version_to_domain(r: VersionRow) -> Result<Version, DbError> {
    Ok(Version {
        id: i64::from(r.id),
        automation_id: i64::from(r.automation_id),
        version: i64::from(r.version),
        automation: serde_json::from_str(&r.automation_json)?,
        automation_yaml: r.automation_yaml,
        ha_version: r.ha_version,
        safety_score: r.safety_score.map(i64::from),
        reason: r.reason,
        created_at: utc(r.created_at),
    })
}

pub fn get(conn: &mut SqliteConnection, id: i64) -> Result<Deployment, DbError> {
    Ok(deployed_automations::table
        .find(super::small(id)?)
        .select(Row::as_select())
        .first(conn)?
        .into())
}

pub fn by_config_id(
    conn: &mut SqliteConnection,
    ha_config_id: &str,
) -> Result<Option<Deployment>, DbError> {
    Ok(deployed_automations::table
        .filter(deployed_automations::ha_config_id.eq(ha_config_id))
        .select(Row::as_select())
        .first(conn)
        .optional()?
        .map(Into::into))
}

pub fn by_entity_id(
    conn: &mut SqliteConnection,
    entity_id: &str,
) -> Result<Option<Deployment>, DbError> {
    Ok(deployed_automations::table
        .filter(deployed_automations::entity_id.eq(entity_id))
        .select(Row::as_select())
        .first(conn)
        .optional()?
        .map(Into::into))
}

/// Every deployment, deleted ones included when asked, newest first.
pub fn list(conn: &mut SqliteConnection, with_deleted: bool) -> Result<Vec<Deployment>, DbError> {
    let mut q = deployed_automations::table.into_boxed();
    if !with_deleted {
        q = q.filter(deployed_automations::state.ne(DELETED));
    }
    Ok(q.select(Row::as_select())
        .order(deployed_automations::id.desc())
        .load(conn)?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// Records a deployment written to HA, with its first version; a deleted deployment of the same
/// config id comes back to life with its next version. Call inside an IMMEDIATE transaction.
pub fn record_new(
    conn: &mut SqliteConnection,
    ha_config_id: &str,
    suggestion_id: Option<i64>,
    entity_id: Option<&str>,
    alias: &str,
    version: &NewVersion<'_>,
) -> Result<Deployment, DbError> {
    let id = match by_config_id(conn, ha_config_id)? {
        Some(existing) => {
            diesel::update(deployed_automations::table.find(super::small(existing.id)?))
                .set((
                    deployed_automations::state.eq(ACTIVE),
                    deployed_automations::entity_id.eq(entity_id),
                    deployed_automations::alias.eq(alias),
                    deployed_automations::deployed_at.eq(diesel::dsl::now),
                    deployed_automations::updated_at.eq(diesel::dsl::now),
                ))
                .execute(conn)?;
            existing.id
        }
        None => {
            let id: i32 = diesel::insert_into(deployed_automations::table)
                .values((
                    deployed_automations::ha_config_id.eq(ha_config_id),
                    deployed_automations::suggestion_id
                        .eq(suggestion_id.and_then(|s| i32::try_from(s).ok())),
                    deployed_automations::entity_id.eq(entity_id),
                    deployed_automations::alias.eq(alias),
                    deployed_automations::current_version.eq(0),
                ))
                .returning(deployed_automations::id)
                .get_result(conn)?;
            i64::from(id)
        }
    };
    add_version(conn, id, version)?;
    get(conn, id)
}

/// Records a new version and makes it current; returns its number.
pub fn add_version(
    conn: &mut SqliteConnection,
    automation_id: i64,
    v: &NewVersion<'_>,
) -> Result<i64, DbError> {
    let aid = super::small(automation_id)?;
    let last: Option<i32> = automation_versions::table
        .filter(automation_versions::automation_id.eq(aid))
        .select(diesel::dsl::max(automation_versions::version))
        .first(conn)?;
    let next = last.unwrap_or(0) + 1;
    diesel::insert_into(automation_versions::table)
        .values((
            automation_versions::automation_id.eq(aid),
            automation_versions::version.eq(next),
            automation_versions::automation_json.eq(v.automation.to_string()),
            automation_versions::automation_yaml.eq(v.automation_yaml),
            automation_versions::ha_version.eq(v.ha_version),
            automation_versions::safety_score.eq(v.safety_score.map(i32::from)),
            automation_versions::reason.eq(v.reason),
        ))
        .execute(conn)?;
    diesel::update(deployed_automations::table.find(aid))
        .set((
            deployed_automations::current_version.eq(next),
            deployed_automations::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)?;
    Ok(i64::from(next))
}

/// Oldest first.
pub fn versions(conn: &mut SqliteConnection, automation_id: i64) -> Result<Vec<Version>, DbError> {
    automation_versions::table
        .filter(automation_versions::automation_id.eq(super::small(automation_id)?))
        .select(VersionRow::as_select())
        .order(automation_versions::version.asc())
        .load(conn)?
        .into_iter()
        .map(version_to_domain)
        .collect()
}

pub fn set_state(conn: &mut SqliteConnection, id: i64, state: &str) -> Result<(), DbError> {
    diesel::update(deployed_automations::table.find(super::small(id)?))
        .set((
            deployed_automations::state.eq(state),
            deployed_automations::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn set_entity(
    conn: &mut SqliteConnection,
    id: i64,
    entity_id: Option<&str>,
    alias: &str,
) -> Result<(), DbError> {
    diesel::update(deployed_automations::table.find(super::small(id)?))
        .set((
            deployed_automations::entity_id.eq(entity_id),
            deployed_automations::alias.eq(alias),
            deployed_automations::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)?;
    Ok(())
}
