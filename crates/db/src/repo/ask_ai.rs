//! Ask AI: requests and their answers (`ask_queries`), clarification sessions, conversations.
//! JSON columns go in and out as `serde_json::Value`; the query service owns their shapes.

use diesel::prelude::*;
use serde::Serialize;
use serde_json::Value;

use crate::DbError;
use crate::schema::{ask_queries, clarification_sessions, conversations, ha_entities};

/// One request and what became of it.
#[derive(Debug, Clone, Serialize)]
pub struct AskQuery {
    pub query_id: String,
    pub conversation_id: Option<String>,
    pub original_query: String,
    pub user_id: String,
    pub parsed_intent: Value,
    pub extracted_entities: Value,
    /// The suggested automation (Home Assistant config JSON), when there is one.
    pub automation: Option<Value>,
    pub confidence: Option<f64>,
    pub engine: String,
    pub processing_time_ms: i32,
    pub failure_reason: Option<String>,
    pub created_at: chrono::NaiveDateTime,
}

fn json(text: &str) -> Result<Value, DbError> {
    serde_json::from_str(text).map_err(|e| DbError::Corrupt(e.to_string()))
}

type QueryRow = (
    String,
    Option<String>,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<f64>,
    String,
    i32,
    Option<String>,
    chrono::NaiveDateTime,
);

fn from_row(r: QueryRow) -> Result<AskQuery, DbError> {
    Ok(AskQuery {
        query_id: r.0,
        conversation_id: r.1,
        original_query: r.2,
        user_id: r.3,
        parsed_intent: json(&r.4)?,
        extracted_entities: json(&r.5)?,
        automation: r.6.as_deref().map(json).transpose()?,
        confidence: r.7,
        engine: r.8,
        processing_time_ms: r.9,
        failure_reason: r.10,
        created_at: r.11,
    })
}

const QUERY_COLUMNS: (
    ask_queries::query_id,
    ask_queries::conversation_id,
    ask_queries::original_query,
    ask_queries::user_id,
    ask_queries::parsed_intent,
    ask_queries::extracted_entities,
    ask_queries::automation_json,
    ask_queries::confidence,
    ask_queries::engine,
    ask_queries::processing_time_ms,
    ask_queries::failure_reason,
    ask_queries::created_at,
) = (
    ask_queries::query_id,
    ask_queries::conversation_id,
    ask_queries::original_query,
    ask_queries::user_id,
    ask_queries::parsed_intent,
    ask_queries::extracted_entities,
    ask_queries::automation_json,
    ask_queries::confidence,
    ask_queries::engine,
    ask_queries::processing_time_ms,
    ask_queries::failure_reason,
    ask_queries::created_at,
);

/// Stores a request; `created_at` is set by the database.
pub fn insert_query(conn: &mut SqliteConnection, q: &AskQuery) -> Result<AskQuery, DbError> {
    diesel::insert_into(ask_queries::table)
        .values((
            ask_queries::query_id.eq(&q.query_id),
            ask_queries::conversation_id.eq(&q.conversation_id),
            ask_queries::original_query.eq(&q.original_query),
            ask_queries::user_id.eq(&q.user_id),
            ask_queries::parsed_intent.eq(q.parsed_intent.to_string()),
            ask_queries::extracted_entities.eq(q.extracted_entities.to_string()),
            ask_queries::automation_json.eq(q.automation.as_ref().map(Value::to_string)),
            ask_queries::confidence.eq(q.confidence),
            ask_queries::engine.eq(&q.engine),
            ask_queries::processing_time_ms.eq(q.processing_time_ms),
            ask_queries::failure_reason.eq(&q.failure_reason),
        ))
        .execute(conn)?;
    get_query(conn, &q.query_id)
}

pub fn get_query(conn: &mut SqliteConnection, query_id: &str) -> Result<AskQuery, DbError> {
    let row: QueryRow = ask_queries::table
        .find(query_id)
        .select(QUERY_COLUMNS)
        .first(conn)?;
    from_row(row)
}

/// The requests of a conversation, oldest first.
pub fn queries_of_conversation(
    conn: &mut SqliteConnection,
    conversation_id: &str,
) -> Result<Vec<AskQuery>, DbError> {
    let rows: Vec<QueryRow> = ask_queries::table
        .filter(ask_queries::conversation_id.eq(conversation_id))
        .order((ask_queries::created_at.asc(), ask_queries::query_id.asc()))
        .select(QUERY_COLUMNS)
        .load(conn)?;
    rows.into_iter().map(from_row).collect()
}

/// A clarification session.
#[derive(Debug, Clone, Serialize)]
pub struct ClarificationSession {
    pub session_id: String,
    pub query_id: String,
    pub questions: Value,
    pub answers: Value,
    pub status: String,
    pub rounds_completed: i32,
    pub max_rounds: i32,
    pub confidence: Option<f64>,
}

pub fn insert_session(
    conn: &mut SqliteConnection,
    s: &ClarificationSession,
) -> Result<(), DbError> {
    diesel::insert_into(clarification_sessions::table)
        .values((
            clarification_sessions::session_id.eq(&s.session_id),
            clarification_sessions::query_id.eq(&s.query_id),
            clarification_sessions::questions.eq(s.questions.to_string()),
            clarification_sessions::answers.eq(s.answers.to_string()),
            clarification_sessions::status.eq(&s.status),
            clarification_sessions::rounds_completed.eq(s.rounds_completed),
            clarification_sessions::max_rounds.eq(s.max_rounds),
            clarification_sessions::confidence.eq(s.confidence),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn get_session(
    conn: &mut SqliteConnection,
    session_id: &str,
) -> Result<ClarificationSession, DbError> {
    type Row = (
        String,
        String,
        String,
        String,
        String,
        i32,
        i32,
        Option<f64>,
    );
    let r: Row = clarification_sessions::table
        .find(session_id)
        .select((
            clarification_sessions::session_id,
            clarification_sessions::query_id,
            clarification_sessions::questions,
            clarification_sessions::answers,
            clarification_sessions::status,
            clarification_sessions::rounds_completed,
            clarification_sessions::max_rounds,
            clarification_sessions::confidence,
        ))
        .first(conn)?;
    Ok(ClarificationSession {
        session_id: r.0,
        query_id: r.1,
        questions: json(&r.2)?,
        answers: json(&r.3)?,
        status: r.4,
        rounds_completed: r.5,
        max_rounds: r.6,
        confidence: r.7,
    })
}

/// Records a round of answers (and the next questions, or completion).
pub fn update_session(
    conn: &mut SqliteConnection,
    s: &ClarificationSession,
) -> Result<(), DbError> {
    let complete = s.status == "complete";
    diesel::update(clarification_sessions::table.find(&s.session_id))
        .set((
            clarification_sessions::questions.eq(s.questions.to_string()),
            clarification_sessions::answers.eq(s.answers.to_string()),
            clarification_sessions::status.eq(&s.status),
            clarification_sessions::rounds_completed.eq(s.rounds_completed),
            clarification_sessions::confidence.eq(s.confidence),
            clarification_sessions::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)?;
    if complete {
        diesel::update(clarification_sessions::table.find(&s.session_id))
            .set(clarification_sessions::completed_at.eq(diesel::dsl::now))
            .execute(conn)?;
    }
    Ok(())
}

/// A conversation and the automation it is editing.
#[derive(Debug, Clone, Serialize)]
pub struct Conversation {
    pub id: String,
    pub user_id: String,
    pub automation: Option<Value>,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
}

pub fn insert_conversation(
    conn: &mut SqliteConnection,
    id: &str,
    user_id: &str,
) -> Result<(), DbError> {
    diesel::insert_into(conversations::table)
        .values((conversations::id.eq(id), conversations::user_id.eq(user_id)))
        .execute(conn)?;
    Ok(())
}

pub fn get_conversation(conn: &mut SqliteConnection, id: &str) -> Result<Conversation, DbError> {
    type Row = (
        String,
        String,
        Option<String>,
        chrono::NaiveDateTime,
        chrono::NaiveDateTime,
    );
    let r: Row = conversations::table
        .find(id)
        .select((
            conversations::id,
            conversations::user_id,
            conversations::automation_json,
            conversations::created_at,
            conversations::updated_at,
        ))
        .first(conn)?;
    Ok(Conversation {
        id: r.0,
        user_id: r.1,
        automation: r.2.as_deref().map(json).transpose()?,
        created_at: r.3,
        updated_at: r.4,
    })
}

pub fn set_conversation_automation(
    conn: &mut SqliteConnection,
    id: &str,
    automation: &Value,
) -> Result<(), DbError> {
    diesel::update(conversations::table.find(id))
        .set((
            conversations::automation_json.eq(automation.to_string()),
            conversations::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)?;
    Ok(())
}

/// `(entity_id, friendly_name, platform)`.
pub type PlatformEntity = (String, Option<String>, Option<String>);

/// `(entity_id, friendly_name, platform)` of the entities of a domain (persons, phones' trackers),
/// for linking persons to their phones' notify services.
pub fn platform_entities(
    conn: &mut SqliteConnection,
    domain: &str,
) -> Result<Vec<PlatformEntity>, DbError> {
    Ok(ha_entities::table
        .filter(ha_entities::domain.eq(domain))
        .select((
            ha_entities::entity_id,
            ha_entities::friendly_name,
            ha_entities::platform,
        ))
        .order(ha_entities::entity_id.asc())
        .load(conn)?)
}

/// Records the automation a clarified request ended with.
pub fn complete_query(
    conn: &mut SqliteConnection,
    query_id: &str,
    automation: &Value,
    confidence: f64,
) -> Result<(), DbError> {
    diesel::update(ask_queries::table.find(query_id))
        .set((
            ask_queries::automation_json.eq(automation.to_string()),
            ask_queries::confidence.eq(confidence.clamp(0.0, 1.0)),
        ))
        .execute(conn)?;
    Ok(())
}

/// The id of the clarification session of a request, if it had one.
pub fn session_of_query(
    conn: &mut SqliteConnection,
    query_id: &str,
) -> Result<Option<String>, DbError> {
    Ok(clarification_sessions::table
        .filter(clarification_sessions::query_id.eq(query_id))
        .select(clarification_sessions::session_id)
        .first(conn)
        .optional()?)
}
