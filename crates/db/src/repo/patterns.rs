//! Detected habits: upsert by (kind, key) with a history row per detection, listing, stats.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::upsert::excluded;
use homeai_domain::pattern::{PatternKind, StoredPattern};
use serde::Serialize;

use super::Page;
use crate::DbError;
use crate::models::utc;
use crate::schema::{pattern_history, patterns};

/// A pattern as a detector reported it.
#[derive(Debug, Clone)]
pub struct PatternUpsert {
    pub kind: PatternKind,
    pub key: String,
    pub entities: Vec<String>,
    pub params: serde_json::Value,
    pub support: i64,
    pub days_seen: i64,
    pub days_observed: i64,
    pub time_spread_min: Option<f64>,
    pub confidence: f64,
    pub season: Option<String>,
    pub evidence: Vec<DateTime<Utc>>,
    pub description: String,
    pub first_seen: DateTime<Utc>,
    pub last_seen: DateTime<Utc>,
}

fn i32_of(v: i64) -> i32 {
    i32::try_from(v).unwrap_or(i32::MAX)
}

/// Stores what one analysis found: each pattern is inserted or updated by its (kind, key) and
/// gets a history row; patterns not found again are marked inactive. Call inside an IMMEDIATE
/// transaction. Returns the ids, in input order.
pub fn replace_detected(
    conn: &mut SqliteConnection,
    found: &[PatternUpsert],
) -> Result<Vec<i64>, DbError> {
    let mut ids = Vec::with_capacity(found.len());
    for p in found {
        let id: i32 = diesel::insert_into(patterns::table)
            .values((
                patterns::kind.eq(p.kind.as_str()),
                patterns::pattern_key.eq(&p.key),
                patterns::entities.eq(serde_json::to_string(&p.entities)?),
                patterns::params.eq(p.params.to_string()),
                patterns::support.eq(i32_of(p.support)),
                patterns::days_seen.eq(i32_of(p.days_seen)),
                patterns::days_observed.eq(i32_of(p.days_observed.max(p.days_seen))),
                patterns::time_spread_min.eq(p.time_spread_min),
                patterns::confidence.eq(p.confidence.clamp(0.0, 1.0)),
                patterns::season.eq(&p.season),
                patterns::evidence.eq(serde_json::to_string(&p.evidence)?),
                patterns::description.eq(&p.description),
                patterns::first_seen.eq(p.first_seen.naive_utc()),
                patterns::last_seen.eq(p.last_seen.naive_utc()),
                patterns::active.eq(true),
            ))
            .on_conflict((patterns::kind, patterns::pattern_key))
            .do_update()
            .set((
                patterns::entities.eq(excluded(patterns::entities)),
                patterns::params.eq(excluded(patterns::params)),
                patterns::support.eq(excluded(patterns::support)),
                patterns::days_seen.eq(excluded(patterns::days_seen)),
                patterns::days_observed.eq(excluded(patterns::days_observed)),
                patterns::time_spread_min.eq(excluded(patterns::time_spread_min)),
                patterns::confidence.eq(excluded(patterns::confidence)),
                patterns::season.eq(excluded(patterns::season)),
                patterns::evidence.eq(excluded(patterns::evidence)),
                patterns::description.eq(excluded(patterns::description)),
                patterns::last_seen.eq(excluded(patterns::last_seen)),
                patterns::active.eq(true),
                patterns::updated_at.eq(diesel::dsl::now),
            ))
            .returning(patterns::id)
            .get_result(conn)?;
        diesel::insert_into(pattern_history::table)
            .values((
                pattern_history::pattern_id.eq(id),
                pattern_history::confidence.eq(p.confidence.clamp(0.0, 1.0)),
                pattern_history::support.eq(i32_of(p.support)),
            ))
            .execute(conn)?;
        ids.push(i64::from(id));
    }
    let kept: Vec<i32> = ids.iter().map(|i| *i as i32).collect();
    diesel::update(
        patterns::table
            .filter(patterns::id.ne_all(kept))
            .filter(patterns::active.eq(true)),
    )
    .set((
        patterns::active.eq(false),
        patterns::updated_at.eq(diesel::dsl::now),
    ))
    .execute(conn)?;
    Ok(ids)
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = patterns, check_for_backend(diesel::sqlite::Sqlite))]
struct PatternRow {
    id: i32,
    kind: String,
    pattern_key: String,
    entities: String,
    params: String,
    support: i32,
    days_seen: i32,
    days_observed: i32,
    time_spread_min: Option<f64>,
    confidence: f64,
    season: Option<String>,
    evidence: String,
    description: String,
    first_seen: chrono::NaiveDateTime,
    last_seen: chrono::NaiveDateTime,
    active: bool,
    updated_at: chrono::NaiveDateTime,
}

fn to_domain(r: PatternRow) -> Result<StoredPattern, DbError> {
    Ok(StoredPattern {
        id: i64::from(r.id),
        kind: r.kind.parse()?,
        key: r.pattern_key,
        entities: serde_json::from_str(&r.entities)?,
        params: serde_json::from_str(&r.params)?,
        support: i64::from(r.support),
        days_seen: i64::from(r.days_seen),
        days_observed: i64::from(r.days_observed),
        time_spread_min: r.time_spread_min,
        confidence: r.confidence,
        season: r.season,
        evidence: serde_json::from_str(&r.evidence)?,
        description: r.description,
        first_seen: utc(r.first_seen),
        last_seen: utc(r.last_seen),
        active: r.active,
        updated_at: utc(r.updated_at),
    })
}

/// Filters and order of a listing.
#[derive(Debug, Clone, Default)]
pub struct PatternFilter {
    pub kind: Option<PatternKind>,
    /// Patterns naming this entity.
    pub entity_id: Option<String>,
    pub min_confidence: Option<f64>,
    pub include_inactive: bool,
    pub sort: PatternSort,
    pub limit: i64,
    pub offset: i64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PatternSort {
    #[default]
    Confidence,
    Support,
    LastSeen,
}

pub fn list(
    conn: &mut SqliteConnection,
    f: &PatternFilter,
) -> Result<Page<StoredPattern>, DbError> {
    let boxed = || {
        let mut q = patterns::table.into_boxed();
        if let Some(k) = f.kind {
            q = q.filter(patterns::kind.eq(k.as_str()));
        }
        if let Some(e) = &f.entity_id {
            q = q.filter(patterns::entities.like(format!("%\"{e}\"%")));
        }
        if let Some(c) = f.min_confidence {
            q = q.filter(patterns::confidence.ge(c));
        }
        if !f.include_inactive {
            q = q.filter(patterns::active.eq(true));
        }
        q
    };
    let total = boxed().count().get_result(conn)?;
    let q = boxed().select(PatternRow::as_select());
    let q = match f.sort {
        PatternSort::Confidence => q.order((patterns::confidence.desc(), patterns::id.asc())),
        PatternSort::Support => q.order((patterns::support.desc(), patterns::id.asc())),
        PatternSort::LastSeen => q.order((patterns::last_seen.desc(), patterns::id.asc())),
    };
    let rows: Vec<PatternRow> = q.limit(f.limit).offset(f.offset).load(conn)?;
    let items = rows.into_iter().map(to_domain).collect::<Result<_, _>>()?;
    Ok(Page {
        items,
        total,
        limit: f.limit,
        offset: f.offset,
    })
}

pub fn get(conn: &mut SqliteConnection, id: i64) -> Result<StoredPattern, DbError> {
    let id = i32::try_from(id).map_err(|_| DbError::Query(diesel::result::Error::NotFound))?;
    to_domain(
        patterns::table
            .find(id)
            .select(PatternRow::as_select())
            .first(conn)?,
    )
}

/// Counts of the active patterns.
#[derive(Debug, Clone, Serialize)]
pub struct PatternStats {
    pub total: i64,
    pub by_kind: std::collections::BTreeMap<String, i64>,
    pub average_confidence: Option<f64>,
}

pub fn stats(conn: &mut SqliteConnection) -> Result<PatternStats, DbError> {
    let rows: Vec<(String, i64)> = patterns::table
        .filter(patterns::active.eq(true))
        .group_by(patterns::kind)
        .select((patterns::kind, diesel::dsl::count_star()))
        .load(conn)?;
    let average: Option<f64> = patterns::table
        .filter(patterns::active.eq(true))
        .select(diesel::dsl::avg(patterns::confidence))
        .first(conn)?;
    Ok(PatternStats {
        total: rows.iter().map(|(_, n)| n).sum(),
        by_kind: rows.into_iter().collect(),
        average_confidence: average,
    })
}
