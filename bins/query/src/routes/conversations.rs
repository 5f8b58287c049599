//! Conversations (the reference's v2 API): a first request, then follow-ups that edit the
//! automation of the same conversation ("make it 8 instead", "also on weekends"), or that
//! complete a request still missing something; and the history.

use actix_web::{HttpResponse, get, post, web};
use homeai_askai::FollowUp;
use homeai_automation_model::{Dialect, parse_json, to_json, to_yaml};
use homeai_db::repo;
use homeai_web::{ApiError, ServiceContext};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::ask::{AskAi, new_id};
use crate::routes::ask_ai::ask_and_store;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(start)
        .service(message)
        .service(history)
        .service(history_v1);
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StartBody {
    query: String,
    #[serde(default)]
    user_id: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MessageBody {
    message: String,
}

fn text(s: &str, field: &str) -> Result<String, ApiError> {
    let t = s.trim();
    if t.is_empty() || t.chars().count() > homeai_askai::MAX_QUERY_CHARS {
        return Err(ApiError::BadRequest(format!(
            "{field}: 1 to {} characters",
            homeai_askai::MAX_QUERY_CHARS
        )));
    }
    Ok(t.to_owned())
}

async fn remember(ctx: &ServiceContext, id: &str, answer: &Value) -> Result<(), ApiError> {
    if let Some(a) = answer["suggestions"][0].get("automation").cloned() {
        let id = id.to_owned();
        ctx.db
            .write(move |c| repo::ask_ai::set_conversation_automation(c, &id, &a))
            .await?;
    }
    Ok(())
}

#[post("/api/v2/conversations")]
async fn start(
    ctx: web::Data<ServiceContext>,
    state: web::Data<AskAi>,
    body: web::Json<StartBody>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let query = text(&body.query, "query")?;
    let user = body.user_id.unwrap_or_else(|| "anonymous".into());
    let id = new_id("conv");
    let (cid, u) = (id.clone(), user.clone());
    ctx.db
        .write(move |c| repo::ask_ai::insert_conversation(c, &cid, &u))
        .await?;
    let answer = ask_and_store(&ctx, &state, &query, &user, Some(id.clone())).await?;
    remember(&ctx, &id, &answer).await?;
    Ok(HttpResponse::Created().json(json!({ "conversation_id": id, "turn": answer })))
}

#[post("/api/v2/conversations/{id}/message")]
async fn message(
    ctx: web::Data<ServiceContext>,
    state: web::Data<AskAi>,
    path: web::Path<String>,
    body: web::Json<MessageBody>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let msg = text(&body.message, "message")?;
    let cid = id.clone();
    let (conv, turns) = ctx
        .db
        .run(move |c| {
            Ok((
                repo::ask_ai::get_conversation(c, &cid)?,
                repo::ask_ai::queries_of_conversation(c, &cid)?,
            ))
        })
        .await
        .map_err(|e| ApiError::from_db_about(e, "conversation"))?;
    let engine = state.engine(&ctx).await?;
    if let Some(current) = conv.automation.as_ref().and_then(|a| parse_json(a).ok()) {
        let edited = engine
            .follow_up(&current, &msg)
            .map_err(|e| ApiError::BadRequest(format!("message: {e}")))?;
        if let FollowUp::Edited(a, changes) = edited {
            let value = to_json(&a, Dialect::Modern);
            let row = repo::ask_ai::AskQuery {
                query_id: new_id("query"),
                conversation_id: Some(id.clone()),
                original_query: msg.clone(),
                user_id: conv.user_id.clone(),
                parsed_intent: json!({ "engine": "rules", "follow_up": changes, "description": a.description }),
                extracted_entities: json!([]),
                automation: Some(value.clone()),
                confidence: Some(0.9),
                engine: "rules".into(),
                processing_time_ms: 0,
                failure_reason: None,
                created_at: chrono::Utc::now().naive_utc(),
            };
            let (cid, v) = (id.clone(), value.clone());
            ctx.db
                .write(move |c| {
                    repo::ask_ai::insert_query(c, &row)?;
                    repo::ask_ai::set_conversation_automation(c, &cid, &v)
                })
                .await?;
            return Ok(HttpResponse::Ok().json(json!({
                "conversation_id": id,
                "kind": "edit",
                "changes": changes,
                "automation": value,
                "automation_yaml": to_yaml(&a, Dialect::Modern),
                "description": a.description,
            })));
        }
    }
    // nothing to edit yet (or not an edit): the message completes the last request, or is a new one
    let request = match (conv.automation.is_none(), turns.last()) {
        (true, Some(last)) => format!("{}, {msg}", last.original_query),
        _ => msg,
    };
    let answer = ask_and_store(&ctx, &state, &request, &conv.user_id, Some(id.clone())).await?;
    remember(&ctx, &id, &answer).await?;
    Ok(
        HttpResponse::Ok()
            .json(json!({ "conversation_id": id, "kind": "request", "turn": answer })),
    )
}

async fn history_of(ctx: &ServiceContext, id: String) -> Result<HttpResponse, ApiError> {
    let cid = id.clone();
    let (conv, turns) = ctx
        .db
        .run(move |c| {
            Ok((
                repo::ask_ai::get_conversation(c, &cid)?,
                repo::ask_ai::queries_of_conversation(c, &cid)?,
            ))
        })
        .await
        .map_err(|e| ApiError::from_db_about(e, "conversation"))?;
    let yaml = conv
        .automation
        .as_ref()
        .and_then(|a| parse_json(a).ok())
        .map(|a| to_yaml(&a, Dialect::Modern));
    Ok(HttpResponse::Ok().json(json!({
        "conversation_id": conv.id,
        "user_id": conv.user_id,
        "automation": conv.automation,
        "automation_yaml": yaml,
        "created_at": conv.created_at,
        "updated_at": conv.updated_at,
        "history": turns.iter().map(|t| json!({
            "query_id": t.query_id,
            "message": t.original_query,
            "engine": t.engine,
            "confidence": t.confidence,
            "automation": t.automation,
            "created_at": t.created_at,
        })).collect::<Vec<_>>(),
    })))
}

#[get("/api/v2/conversations/{id}")]
async fn history(
    ctx: web::Data<ServiceContext>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    history_of(&ctx, path.into_inner()).await
}

#[get("/api/v1/ask-ai/conversations/{id}")]
async fn history_v1(
    ctx: web::Data<ServiceContext>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    history_of(&ctx, path.into_inner()).await
}
