//! Suggestions: drafts made from patterns (deduplicated by what they trigger on and do), their
//! lifecycle with a history row per change, feedback, counts.

use diesel::prelude::*;
use homeai_domain::suggestion::SuggestionStatus;
use serde::Serialize;

use super::Page;
use crate::DbError;
use crate::models::utc;
use crate::schema::{suggestion_feedback, suggestion_status_history, suggestions};

/// A draft to store.
#[derive(Debug, Clone)]
pub struct NewSuggestion {
    pub source: &'static str,
    pub pattern_id: Option<i64>,
    pub synergy_id: Option<i64>,
    pub title: String,
    pub description: String,
    pub automation_json: serde_json::Value,
    pub evidence: serde_json::Value,
    pub confidence: f64,
    pub rank_score: f64,
    pub rank_reason: String,
    /// What it triggers on and does, normalised: equal fingerprints are duplicates.
    pub fingerprint: String,
}

/// A stored suggestion.
#[derive(Debug, Clone, Serialize)]
pub struct Suggestion {
    pub id: i64,
    pub source: String,
    pub pattern_id: Option<i64>,
    pub synergy_id: Option<i64>,
    pub title: String,
    pub description: String,
    pub automation: serde_json::Value,
    pub evidence: serde_json::Value,
    pub confidence: f64,
    pub rank_score: f64,
    pub rank_reason: String,
    pub status: SuggestionStatus,
    pub rejection_reason: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = suggestions, check_for_backend(diesel::sqlite::Sqlite))]
struct Row {
    id: i32,
    source: String,
    pattern_id: Option<i32>,
    synergy_id: Option<i32>,
    title: String,
    description: String,
    automation_json: String,
    evidence: String,
    confidence: f64,
    rank_score: f64,
    rank_reason: String,
    status: String,
    rejection_reason: Option<String>,
    created_at: chrono::NaiveDateTime,
    updated_at: chrono::NaiveDateTime,
}

fn to_domain(r: Row) -> Result<Suggestion, DbError> {
    Ok(Suggestion {
        id: i64::from(r.id),
        source: r.source,
        pattern_id: r.pattern_id.map(i64::from),
        synergy_id: r.synergy_id.map(i64::from),
        title: r.title,
        description: r.description,
        automation: serde_json::from_str(&r.automation_json)?,
        evidence: serde_json::from_str(&r.evidence)?,
        confidence: r.confidence,
        rank_score: r.rank_score,
        rank_reason: r.rank_reason,
        status: r.status.parse()?,
        rejection_reason: r.rejection_reason,
        created_at: utc(r.created_at),
        updated_at: utc(r.updated_at),
    })
}

/// Stores a draft unless one with the same fingerprint exists; `Some(id)` when stored.
pub fn insert_new(conn: &mut SqliteConnection, s: &NewSuggestion) -> Result<Option<i64>, DbError> {
    let id: Option<i32> = diesel::insert_or_ignore_into(suggestions::table)
        .values((
            suggestions::source.eq(s.source),
            suggestions::pattern_id.eq(s.pattern_id.and_then(|p| i32::try_from(p).ok())),
            suggestions::synergy_id.eq(s.synergy_id.and_then(|p| i32::try_from(p).ok())),
            suggestions::title.eq(&s.title),
            suggestions::description.eq(&s.description),
            suggestions::automation_json.eq(s.automation_json.to_string()),
            suggestions::evidence.eq(s.evidence.to_string()),
            suggestions::confidence.eq(s.confidence.clamp(0.0, 1.0)),
            suggestions::rank_score.eq(s.rank_score),
            suggestions::rank_reason.eq(&s.rank_reason),
            suggestions::fingerprint.eq(&s.fingerprint),
        ))
        .returning(suggestions::id)
        .get_result(conn)
        .optional()?;
    if let Some(id) = id {
        diesel::insert_into(suggestion_status_history::table)
            .values((
                suggestion_status_history::suggestion_id.eq(id),
                suggestion_status_history::to_status.eq("draft"),
            ))
            .execute(conn)?;
    }
    Ok(id.map(i64::from))
}

/// The id of the suggestion with this fingerprint.
pub fn by_fingerprint(conn: &mut SqliteConnection, fingerprint: &str) -> Result<i64, DbError> {
    let id: i32 = suggestions::table
        .filter(suggestions::fingerprint.eq(fingerprint))
        .select(suggestions::id)
        .first(conn)?;
    Ok(i64::from(id))
}

/// Drafts at the moment (for the "at most N pending" preference).
pub fn count_drafts(conn: &mut SqliteConnection) -> Result<i64, DbError> {
    Ok(suggestions::table
        .filter(suggestions::status.eq("draft"))
        .count()
        .get_result(conn)?)
}

pub fn get(conn: &mut SqliteConnection, id: i64) -> Result<Suggestion, DbError> {
    let id = i32::try_from(id).map_err(|_| DbError::Query(diesel::result::Error::NotFound))?;
    to_domain(
        suggestions::table
            .find(id)
            .select(Row::as_select())
            .first(conn)?,
    )
}

/// Highest rank first.
pub fn list(
    conn: &mut SqliteConnection,
    status: Option<SuggestionStatus>,
    limit: i64,
    offset: i64,
) -> Result<Page<Suggestion>, DbError> {
    let boxed = || {
        let mut q = suggestions::table.into_boxed();
        if let Some(s) = status {
            q = q.filter(suggestions::status.eq(s.as_str()));
        }
        q
    };
    let total = boxed().count().get_result(conn)?;
    let rows: Vec<Row> = boxed()
        .select(Row::as_select())
        .order((suggestions::rank_score.desc(), suggestions::id.asc()))
        .limit(limit)
        .offset(offset)
        .load(conn)?;
    let items = rows.into_iter().map(to_domain).collect::<Result<_, _>>()?;
    Ok(Page {
        items,
        total,
        limit,
        offset,
    })
}

/// Moves a suggestion along its lifecycle (history and feedback rows with it); `Err(current)`
/// when the state machine does not allow it. Call inside an IMMEDIATE transaction.
pub fn transition(
    conn: &mut SqliteConnection,
    id: i64,
    next: SuggestionStatus,
    reason: Option<&str>,
    feedback: Option<(&str, Option<&str>, Option<&str>)>,
) -> Result<Result<Suggestion, Suggestion>, DbError> {
    let current = get(conn, id)?;
    if !current.status.can_become(next) {
        return Ok(Err(current));
    }
    let sid = super::small(id)?;
    diesel::update(suggestions::table.find(sid))
        .set((
            suggestions::status.eq(next.as_str()),
            suggestions::rejection_reason.eq(if next == SuggestionStatus::Rejected {
                reason
            } else {
                None
            }),
            suggestions::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)?;
    diesel::insert_into(suggestion_status_history::table)
        .values((
            suggestion_status_history::suggestion_id.eq(sid),
            suggestion_status_history::from_status.eq(current.status.as_str()),
            suggestion_status_history::to_status.eq(next.as_str()),
            suggestion_status_history::reason.eq(reason),
        ))
        .execute(conn)?;
    if let Some((action, kind, domain)) = feedback {
        diesel::insert_into(suggestion_feedback::table)
            .values((
                suggestion_feedback::suggestion_id.eq(sid),
                suggestion_feedback::action.eq(action),
                suggestion_feedback::pattern_kind.eq(kind),
                suggestion_feedback::domain.eq(domain),
                suggestion_feedback::feedback_text.eq(reason),
            ))
            .execute(conn)?;
    }
    Ok(Ok(get(conn, id)?))
}

/// Counts by status.
pub fn stats(
    conn: &mut SqliteConnection,
) -> Result<std::collections::BTreeMap<String, i64>, DbError> {
    let rows: Vec<(String, i64)> = suggestions::table
        .group_by(suggestions::status)
        .select((suggestions::status, diesel::dsl::count_star()))
        .load(conn)?;
    Ok(rows.into_iter().collect())
}

/// Approvals and rejections so far, per kind of pattern (or synergy) and per domain acted on.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FeedbackCounts {
    /// `kind → (approved, rejected)`.
    pub by_kind: std::collections::BTreeMap<String, (i64, i64)>,
    /// `domain → (approved, rejected)`.
    pub by_domain: std::collections::BTreeMap<String, (i64, i64)>,
}

pub fn feedback_counts(conn: &mut SqliteConnection) -> Result<FeedbackCounts, DbError> {
    let rows: Vec<(String, Option<String>, Option<String>)> = suggestion_feedback::table
        .filter(suggestion_feedback::action.eq_any(["approve", "reject"]))
        .select((
            suggestion_feedback::action,
            suggestion_feedback::pattern_kind,
            suggestion_feedback::domain,
        ))
        .load(conn)?;
    let mut counts = FeedbackCounts::default();
    for (action, kind, domain) in rows {
        let approved = action == "approve";
        let bump = |map: &mut std::collections::BTreeMap<String, (i64, i64)>, key: String| {
            let e = map.entry(key).or_default();
            if approved { e.0 += 1 } else { e.1 += 1 }
        };
        if let Some(k) = kind {
            bump(&mut counts.by_kind, k);
        }
        if let Some(d) = domain {
            bump(&mut counts.by_domain, d);
        }
    }
    Ok(counts)
}

/// Suggestions in `status` (ranking inputs), all of them.
pub fn all_in(
    conn: &mut SqliteConnection,
    status: SuggestionStatus,
) -> Result<Vec<Suggestion>, DbError> {
    suggestions::table
        .filter(suggestions::status.eq(status.as_str()))
        .select(Row::as_select())
        .load(conn)?
        .into_iter()
        .map(to_domain)
        .collect()
}

pub fn set_rank(
    conn: &mut SqliteConnection,
    id: i64,
    score: f64,
    reason: &str,
) -> Result<(), DbError> {
    let id = i32::try_from(id).map_err(|_| DbError::Query(diesel::result::Error::NotFound))?;
    diesel::update(suggestions::table.find(id))
        .set((
            suggestions::rank_score.eq(score),
            suggestions::rank_reason.eq(reason),
        ))
        .execute(conn)?;
    Ok(())
}

/// A person's edit of the automation (and optionally its words), with a `modify` feedback row;
/// `Ok(false)` when another suggestion already has the new fingerprint.
pub fn edit(
    conn: &mut SqliteConnection,
    id: i64,
    title: Option<&str>,
    description: Option<&str>,
    automation: &serde_json::Value,
    fingerprint: &str,
) -> Result<bool, DbError> {
    let current = get(conn, id)?;
    let sid = super::small(id)?;
    let taken: i64 = suggestions::table
        .filter(suggestions::fingerprint.eq(fingerprint))
        .filter(suggestions::id.ne(sid))
        .count()
        .get_result(conn)?;
    if taken > 0 {
        return Ok(false);
    }
    diesel::update(suggestions::table.find(sid))
        .set((
            suggestions::title.eq(title.unwrap_or(&current.title)),
            suggestions::description.eq(description.unwrap_or(&current.description)),
            suggestions::automation_json.eq(automation.to_string()),
            suggestions::fingerprint.eq(fingerprint),
            suggestions::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)?;
    diesel::insert_into(suggestion_feedback::table)
        .values((
            suggestion_feedback::suggestion_id.eq(sid),
            suggestion_feedback::action.eq("modify"),
        ))
        .execute(conn)?;
    Ok(true)
}
