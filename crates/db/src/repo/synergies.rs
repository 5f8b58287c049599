//! Synergies: upsert by key after each analysis, listing, one, statistics.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::upsert::excluded;
use homeai_domain::pattern::SynergyKind;
use serde::Serialize;

use super::Page;
use crate::DbError;
use crate::models::utc;
use crate::schema::{synergies, synergy_feedback};

/// A synergy as the analysis found it.
#[derive(Debug, Clone)]
pub struct SynergyUpsert {
    pub kind: SynergyKind,
    pub key: String,
    pub trigger_entity: String,
    pub action_entity: String,
    pub area_id: Option<String>,
    pub relationship: String,
    pub support: i64,
    pub lift: Option<f64>,
    pub confidence: f64,
    pub impact_score: f64,
    pub explanation: String,
    pub evidence: Vec<DateTime<Utc>>,
    pub supporting_patterns: Vec<String>,
}

/// A stored synergy.
#[derive(Debug, Clone, Serialize, Queryable, Selectable)]
#[diesel(table_name = synergies, check_for_backend(diesel::sqlite::Sqlite))]
struct SynergyRow {
    id: i32,
    kind: String,
    synergy_key: String,
    trigger_entity: String,
    action_entity: String,
    area_id: Option<String>,
    relationship: String,
    support: i32,
    lift: Option<f64>,
    confidence: f64,
    impact_score: f64,
    explanation: String,
    evidence: String,
    supporting_pattern_ids: String,
    status: String,
    updated_at: chrono::NaiveDateTime,
}

/// A synergy as served.
#[derive(Debug, Clone, Serialize)]
pub struct StoredSynergy {
    pub id: i64,
    pub kind: SynergyKind,
    pub key: String,
    pub trigger_entity: String,
    pub action_entity: String,
    pub area_id: Option<String>,
    pub relationship: String,
    pub support: i64,
    pub lift: Option<f64>,
    pub confidence: f64,
    pub impact_score: f64,
    pub explanation: String,
    pub evidence: Vec<DateTime<Utc>>,
    pub supporting_patterns: Vec<String>,
    pub status: String,
    pub updated_at: DateTime<Utc>,
}

fn to_domain(r: SynergyRow) -> Result<StoredSynergy, DbError> {
    Ok(StoredSynergy {
        id: i64::from(r.id),
        kind: r.kind.parse()?,
        key: r.synergy_key,
        trigger_entity: r.trigger_entity,
        action_entity: r.action_entity,
        area_id: r.area_id,
        relationship: r.relationship,
        support: i64::from(r.support),
        lift: r.lift,
        confidence: r.confidence,
        impact_score: r.impact_score,
        explanation: r.explanation,
        evidence: serde_json::from_str(&r.evidence)?,
        supporting_patterns: serde_json::from_str(&r.supporting_pattern_ids)?,
        status: r.status,
        updated_at: utc(r.updated_at),
    })
}

/// Stores what one analysis found (insert or update by key; a dismissed synergy stays dismissed).
pub fn upsert_all(conn: &mut SqliteConnection, found: &[SynergyUpsert]) -> Result<usize, DbError> {
    for s in found {
        let entities = serde_json::to_string(&[&s.trigger_entity, &s.action_entity])?;
        diesel::insert_into(synergies::table)
            .values((
                synergies::kind.eq(s.kind.as_str()),
                synergies::synergy_key.eq(&s.key),
                synergies::trigger_entity.eq(&s.trigger_entity),
                synergies::action_entity.eq(&s.action_entity),
                synergies::entities.eq(entities),
                synergies::area_id.eq(&s.area_id),
                synergies::relationship.eq(&s.relationship),
                synergies::support.eq(i32::try_from(s.support).unwrap_or(i32::MAX)),
                synergies::lift.eq(s.lift.filter(|l| l.is_finite())),
                synergies::confidence.eq(s.confidence.clamp(0.0, 1.0)),
                synergies::impact_score.eq(s.impact_score),
                synergies::explanation.eq(&s.explanation),
                synergies::evidence.eq(serde_json::to_string(&s.evidence)?),
                synergies::supporting_pattern_ids
                    .eq(serde_json::to_string(&s.supporting_patterns)?),
            ))
            .on_conflict(synergies::synergy_key)
            .do_update()
            .set((
                synergies::support.eq(excluded(synergies::support)),
                synergies::lift.eq(excluded(synergies::lift)),
                synergies::confidence.eq(excluded(synergies::confidence)),
                synergies::impact_score.eq(excluded(synergies::impact_score)),
                synergies::explanation.eq(excluded(synergies::explanation)),
                synergies::evidence.eq(excluded(synergies::evidence)),
                synergies::supporting_pattern_ids.eq(excluded(synergies::supporting_pattern_ids)),
                synergies::area_id.eq(excluded(synergies::area_id)),
                synergies::updated_at.eq(diesel::dsl::now),
            ))
            .execute(conn)?;
    }
    Ok(found.len())
}

/// Filters of the listing (highest impact first).
#[derive(Debug, Clone, Default)]
pub struct SynergyFilter {
    pub kind: Option<SynergyKind>,
    pub min_confidence: Option<f64>,
    pub include_dismissed: bool,
    pub limit: i64,
    pub offset: i64,
}

pub fn list(
    conn: &mut SqliteConnection,
    f: &SynergyFilter,
) -> Result<Page<StoredSynergy>, DbError> {
    let boxed = || {
        let mut q = synergies::table.into_boxed();
        if let Some(k) = f.kind {
            q = q.filter(synergies::kind.eq(k.as_str()));
        }
        if let Some(c) = f.min_confidence {
            q = q.filter(synergies::confidence.ge(c));
        }
        if !f.include_dismissed {
            q = q.filter(synergies::status.ne("dismissed"));
        }
        q
    };
    let total = boxed().count().get_result(conn)?;
    let rows: Vec<SynergyRow> = boxed()
        .select(SynergyRow::as_select())
        .order((synergies::impact_score.desc(), synergies::id.asc()))
        .limit(f.limit)
        .offset(f.offset)
        .load(conn)?;
    let items = rows.into_iter().map(to_domain).collect::<Result<_, _>>()?;
    Ok(Page {
        items,
        total,
        limit: f.limit,
        offset: f.offset,
    })
}

pub fn get(conn: &mut SqliteConnection, id: i64) -> Result<StoredSynergy, DbError> {
    let id = i32::try_from(id).map_err(|_| DbError::Query(diesel::result::Error::NotFound))?;
    to_domain(
        synergies::table
            .find(id)
            .select(SynergyRow::as_select())
            .first(conn)?,
    )
}

/// Counts and averages of the synergies not dismissed.
#[derive(Debug, Clone, Serialize)]
pub struct SynergyStats {
    pub total: i64,
    pub by_type: std::collections::BTreeMap<String, i64>,
    pub by_relationship: std::collections::BTreeMap<String, i64>,
    pub average_impact: Option<f64>,
}

pub fn stats(conn: &mut SqliteConnection) -> Result<SynergyStats, DbError> {
    let live = || synergies::table.filter(synergies::status.ne("dismissed"));
    let by_type: Vec<(String, i64)> = live()
        .group_by(synergies::kind)
        .select((synergies::kind, diesel::dsl::count_star()))
        .load(conn)?;
    let by_relationship: Vec<(String, i64)> = live()
        .group_by(synergies::relationship)
        .select((synergies::relationship, diesel::dsl::count_star()))
        .load(conn)?;
    let average_impact: Option<f64> = live()
        .select(diesel::dsl::avg(synergies::impact_score))
        .first(conn)?;
    Ok(SynergyStats {
        total: by_type.iter().map(|(_, n)| n).sum(),
        by_type: by_type.into_iter().collect(),
        by_relationship: by_relationship.into_iter().collect(),
        average_impact,
    })
}

/// A person's answer to a suggestion made from a synergy: a feedback row, and the synergy
/// becomes `accepted` or `dismissed` (a dismissed one is no longer listed by default).
pub fn record_feedback(
    conn: &mut SqliteConnection,
    id: i64,
    accepted: bool,
    feedback_text: Option<&str>,
) -> Result<StoredSynergy, DbError> {
    let sid = i32::try_from(id).map_err(|_| DbError::Query(diesel::result::Error::NotFound))?;
    get(conn, id)?;
    diesel::insert_into(synergy_feedback::table)
        .values((
            synergy_feedback::synergy_id.eq(sid),
            synergy_feedback::accepted.eq(accepted),
            synergy_feedback::feedback_text.eq(feedback_text),
        ))
        .execute(conn)?;
    diesel::update(synergies::table.find(sid))
        .set((
            synergies::status.eq(if accepted { "accepted" } else { "dismissed" }),
            synergies::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)?;
    get(conn, id)
}

/// Feedback rows so far: (accepted, dismissed) for one synergy.
pub fn feedback_counts(conn: &mut SqliteConnection, id: i64) -> Result<(i64, i64), DbError> {
    let sid = i32::try_from(id).map_err(|_| DbError::Query(diesel::result::Error::NotFound))?;
    let rows: Vec<bool> = synergy_feedback::table
        .filter(synergy_feedback::synergy_id.eq(sid))
        .select(synergy_feedback::accepted)
        .load(conn)?;
    let yes = rows.iter().filter(|a| **a).count() as i64;
    Ok((yes, rows.len() as i64 - yes))
}
