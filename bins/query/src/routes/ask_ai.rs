//! Ask AI: a request in plain language → a suggested automation (with description and
//! confidence) or questions with options; answers to the questions; the suggestions of a
//! request; entity search and extraction; hand-off to the automation service for validation.
//! Paths as the reference serves them (`/api/v1/ask-ai/...`) and in the split naming
//! (`/api/v1/query...`).

use std::time::Instant;

use actix_web::{HttpResponse, get, post, web};
use homeai_askai::{Answer, Bindings, ClarifyAnswer, Question};
use homeai_db::repo;
use homeai_db::repo::ask_ai::{AskQuery, ClarificationSession};
use homeai_domain::ServiceName;
use homeai_web::{ApiError, ServiceContext};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::ask::blueprint::blueprint_fields;
use crate::ask::{
    AskAi, automation_value, new_id, readings_value, suggestion_id_of, suggestion_json,
};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(post_query)
        .service(post_query_split)
        .service(clarify)
        .service(get_suggestions)
        .service(get_suggestions_split)
        .service(search)
        .service(home_snapshot)
        .service(extract)
        .service(approve);
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueryBody {
    pub query: String,
    #[serde(default)]
    pub user_id: Option<String>,
    /// Accepted as the reference has them; the engine reads the query alone.
    #[serde(default)]
    pub context: Option<Value>,
    #[serde(default)]
    pub conversation_history: Option<Value>,
}

fn check_query(q: &str) -> Result<String, ApiError> {
    let q = q.trim();
    if q.is_empty() {
        return Err(ApiError::BadRequest("query: must not be empty".into()));
    }
    // a markdown spec (title, inputs table, prose) may be longer than a one-line request
    let limit = homeai_askai::max_chars(q);
    if q.chars().count() > limit {
        return Err(ApiError::BadRequest(format!(
            "query: at most {limit} characters"
        )));
    }
    Ok(q.to_owned())
}

/// Asks, stores the request (and a clarification session when there are questions), and
/// returns the body of the answer.
pub async fn ask_and_store(
    ctx: &ServiceContext,
    state: &AskAi,
    text: &str,
    user_id: &str,
    conversation_id: Option<String>,
) -> Result<Value, ApiError> {
    let started = Instant::now();
    let engine = state.engine(ctx).await?;
    let answer = state.answer(&engine, text, &Bindings::default()).await?;
    let extracted = engine
        .extract(text)
        .map_err(|e| ApiError::BadRequest(format!("query: {e}")))?;
    let elapsed = i32::try_from(started.elapsed().as_millis()).unwrap_or(i32::MAX);
    let query_id = new_id("query");
    let readings = readings_value(&answer);
    let read_by_model = match &answer {
        Answer::Automation(s) => s.read_by_model.clone(),
        Answer::Clarify(_) | Answer::Blueprint(_) => None,
    };
    // a markdown spec asking for a blueprint: written in the dialect of the home's HA
    let blueprint = match &answer {
        Answer::Blueprint(b) => {
            let (dialect, version) = state.dialect.get(ctx).await;
            Some(blueprint_fields(b, dialect, &version))
        }
        _ => None,
    };
    let (automation, description, confidence, engine_kind, questions) = match &answer {
        Answer::Automation(_) => {
            let (a, d, c, e) = automation_value(&answer)
                .ok_or_else(|| ApiError::Internal("no automation".into()))?;
            (Some(a), d, c, e.as_str().to_owned(), Vec::new())
        }
        Answer::Clarify(c) => (
            None,
            String::new(),
            c.confidence,
            "rules".to_owned(),
            c.questions.clone(),
        ),
        Answer::Blueprint(b) => (
            None,
            b.description.clone(),
            b.confidence,
            "rules".to_owned(),
            Vec::new(),
        ),
    };
    let mut parsed_intent = json!({ "engine": engine_kind, "description": description, "read_by_model": read_by_model, "readings": readings });
    if let (Some(bp), Some(intent)) = (&blueprint, parsed_intent.as_object_mut()) {
        // the row keeps the blueprint where the suggestions route finds it again
        for key in [
            "kind",
            "blueprint",
            "blueprint_yaml",
            "dialect",
            "overruled",
        ] {
            intent.insert(key.to_owned(), bp[key].clone());
        }
    }
    let row = AskQuery {
        query_id: query_id.clone(),
        conversation_id,
        original_query: text.to_owned(),
        user_id: user_id.to_owned(),
        parsed_intent,
        extracted_entities: serde_json::to_value(&extracted).unwrap_or(Value::Null),
        automation: automation.clone(),
        confidence: Some(confidence.clamp(0.0, 1.0)),
        engine: engine_kind.clone(),
        processing_time_ms: elapsed,
        failure_reason: None,
        created_at: chrono::Utc::now().naive_utc(),
    };
    let session_id = (!questions.is_empty()).then(|| new_id("clarify"));
    let session = session_id.as_ref().map(|sid| ClarificationSession {
        session_id: sid.clone(),
        query_id: query_id.clone(),
        questions: serde_json::to_value(&questions).unwrap_or(Value::Null),
        answers: json!([]),
        status: "in_progress".into(),
        rounds_completed: 0,
        max_rounds: 3,
        confidence: Some(confidence.clamp(0.0, 1.0)),
    });
    let stored = ctx
        .db
        .write(move |c| {
            let stored = repo::ask_ai::insert_query(c, &row)?;
            if let Some(s) = &session {
                repo::ask_ai::insert_session(c, s)?;
            }
            Ok(stored)
        })
        .await?;
    tracing::info!(query_id = %query_id, engine = %engine_kind, questions = questions.len(), ms = elapsed, "ask");
    let suggestions: Vec<Value> = automation
        .iter()
        .map(|a| {
            suggestion_json(
                &suggestion_id_of(&query_id),
                a,
                &description,
                confidence,
                &engine_kind,
                &readings,
            )
        })
        .collect();
    let message = if let Some(r) = &read_by_model {
        format!(
            "Here is an automation for your request. I read it with the {} as: {}",
            r.model, r.text
        )
    } else if blueprint.is_some() {
        "Here is a blueprint for your request.".to_owned()
    } else if questions.is_empty() {
        "Here is an automation for your request.".to_owned()
    } else {
        format!(
            "{} question(s) before I can write this automation.",
            questions.len()
        )
    };
    let mut out = json!({
        "query_id": query_id,
        "original_query": stored.original_query,
        "parsed_intent": stored.parsed_intent,
        "extracted_entities": stored.extracted_entities,
        "suggestions": suggestions,
        "confidence": confidence,
        "engine": engine_kind,
        "read_by_model": read_by_model,
        "processing_time_ms": elapsed,
        "created_at": stored.created_at,
        "clarification_needed": !questions.is_empty(),
        "clarification_session_id": session_id,
        "questions": questions,
        "message": message,
        "conversation_id": stored.conversation_id,
    });
    if let (Some(Value::Object(bp)), Some(body)) = (blueprint, out.as_object_mut()) {
        body.extend(bp);
    }
    Ok(out)
}

async fn answer_query(
    ctx: &ServiceContext,
    state: &AskAi,
    body: QueryBody,
) -> Result<HttpResponse, ApiError> {
    let text = check_query(&body.query)?;
    let user = body.user_id.unwrap_or_else(|| "anonymous".into());
    let out = ask_and_store(ctx, state, &text, &user, None).await?;
    Ok(HttpResponse::Created().json(out))
}

#[tracing::instrument(skip_all)]
#[post("/api/v1/ask-ai/query")]
async fn post_query(
    ctx: web::Data<ServiceContext>,
    state: web::Data<AskAi>,
    body: web::Json<QueryBody>,
) -> Result<HttpResponse, ApiError> {
    answer_query(&ctx, &state, body.into_inner()).await
}

/// The split service's name for the same request.
#[tracing::instrument(skip_all)]
#[post("/api/v1/query")]
async fn post_query_split(
    ctx: web::Data<ServiceContext>,
    state: web::Data<AskAi>,
    body: web::Json<QueryBody>,
) -> Result<HttpResponse, ApiError> {
    answer_query(&ctx, &state, body.into_inner()).await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClarifyBody {
    session_id: String,
    answers: Vec<AnswerBody>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AnswerBody {
    question_id: String,
    #[serde(default)]
    answer_text: Option<String>,
    #[serde(default)]
    selected_entities: Option<Vec<String>>,
}

#[tracing::instrument(skip_all, fields(session_id = %body.session_id))]
#[post("/api/v1/ask-ai/clarify")]
async fn clarify(
    ctx: web::Data<ServiceContext>,
    state: web::Data<AskAi>,
    body: web::Json<ClarifyBody>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    if body.answers.is_empty() {
        return Err(ApiError::BadRequest("answers: give at least one".into()));
    }
    let sid = body.session_id.clone();
    let mut session = ctx
        .db
        .run(move |c| repo::ask_ai::get_session(c, &sid))
        .await
        .map_err(|e| ApiError::from_db_about(e, "clarification session"))?;
    if session.status != "in_progress" {
        return Err(ApiError::Conflict(format!(
            "this session is {}",
            session.status
        )));
    }
    let qid = session.query_id.clone();
    let original = ctx
        .db
        .run(move |c| repo::ask_ai::get_query(c, &qid))
        .await
        .map_err(|e| ApiError::from_db_about(e, "query"))?;
    let questions: Vec<Question> = serde_json::from_value(session.questions.clone())
        .map_err(|e| ApiError::Internal(format!("stored questions: {e}")))?;
    let mut all_answers: Vec<(Vec<Question>, Vec<ClarifyAnswer>)> =
        serde_json::from_value(session.answers.clone()).unwrap_or_default();
    let mut new_answers = Vec::new();
    for a in body.answers {
        let value = match (a.selected_entities, a.answer_text) {
            (Some(ids), _) if !ids.is_empty() => ids.join(","),
            (_, Some(text)) if !text.trim().is_empty() => text,
            _ => {
                return Err(ApiError::BadRequest(format!(
                    "answers[{}]: give answer_text or selected_entities",
                    a.question_id
                )));
            }
        };
        new_answers.push(ClarifyAnswer {
            question_id: a.question_id,
            value,
        });
    }
    let mut bindings = Bindings::default();
    for (qs, ans) in &all_answers {
        bindings.apply(qs, ans).map_err(ApiError::BadRequest)?;
    }
    bindings
        .apply(&questions, &new_answers)
        .map_err(ApiError::BadRequest)?;
    all_answers.push((questions, new_answers));

    let engine = state.engine(&ctx).await?;
    let answer = state
        .answer(&engine, &original.original_query, &bindings)
        .await?;
    session.rounds_completed += 1;
    session.answers = serde_json::to_value(&all_answers).unwrap_or(Value::Null);
    let body = match &answer {
        Answer::Automation(_) => {
            let (automation, description, confidence, engine_kind) = automation_value(&answer)
                .ok_or_else(|| ApiError::Internal("no automation".into()))?;
            session.status = "complete".into();
            session.confidence = Some(confidence);
            let (sess, qid, a) = (
                session.clone(),
                original.query_id.clone(),
                automation.clone(),
            );
            ctx.db
                .write(move |c| {
                    repo::ask_ai::update_session(c, &sess)?;
                    repo::ask_ai::complete_query(c, &qid, &a, confidence)
                })
                .await?;
            json!({
                "session_id": session.session_id,
                "query_id": original.query_id,
                "clarification_complete": true,
                "confidence": confidence,
                "message": "Thanks — here is the automation.",
                "suggestions": [suggestion_json(&suggestion_id_of(&original.query_id), &automation, &description, confidence, engine_kind.as_str(), &readings_value(&answer))],
            })
        }
        Answer::Blueprint(b) => {
            session.status = "complete".into();
            session.confidence = Some(b.confidence);
            let sess = session.clone();
            ctx.db
                .write(move |db| repo::ask_ai::update_session(db, &sess))
                .await?;
            let (dialect, version) = state.dialect.get(&ctx).await;
            let mut body = json!({
                "session_id": session.session_id,
                "query_id": original.query_id,
                "clarification_complete": true,
                "message": "Thanks — here is the blueprint.",
                "suggestions": [],
            });
            if let (Value::Object(bp), Some(out)) =
                (blueprint_fields(b, dialect, &version), body.as_object_mut())
            {
                out.extend(bp);
            }
            body
        }
        Answer::Clarify(c) => {
            if session.rounds_completed >= session.max_rounds {
                session.status = "abandoned".into();
            }
            session.questions = serde_json::to_value(&c.questions).unwrap_or(Value::Null);
            let sess = session.clone();
            ctx.db
                .write(move |db| repo::ask_ai::update_session(db, &sess))
                .await?;
            json!({
                "session_id": session.session_id,
                "query_id": original.query_id,
                "clarification_complete": false,
                "confidence": c.confidence,
                "message": if session.status == "abandoned" { "Still unclear after the last round; please ask again in other words." } else { "A few more questions." },
                "questions": c.questions,
            })
        }
    };
    Ok(HttpResponse::Ok().json(body))
}

async fn suggestions_of(ctx: &ServiceContext, id: String) -> Result<HttpResponse, ApiError> {
    let q = ctx
        .db
        .run(move |c| repo::ask_ai::get_query(c, &id))
        .await
        .map_err(|e| ApiError::from_db_about(e, "query"))?;
    let qid = q.query_id.clone();
    let clarified = ctx
        .db
        .run(move |c| repo::ask_ai::session_of_query(c, &qid))
        .await?
        .is_some();
    let mut suggestions: Vec<Value> = q
        .automation
        .iter()
        .map(|a| {
            let d = q.parsed_intent["description"].as_str().unwrap_or_default();
            suggestion_json(
                &suggestion_id_of(&q.query_id),
                a,
                d,
                q.confidence.unwrap_or(0.0),
                &q.engine,
                &q.parsed_intent["readings"],
            )
        })
        .collect();
    if q.automation.is_none() && q.parsed_intent["kind"] == "blueprint" {
        let i = &q.parsed_intent;
        suggestions.push(json!({
            "suggestion_id": suggestion_id_of(&q.query_id),
            "kind": "blueprint",
            "description": i["description"],
            "blueprint": i["blueprint"],
            "blueprint_yaml": i["blueprint_yaml"],
            "dialect": i["dialect"],
            "confidence": q.confidence.unwrap_or(0.0),
            "engine": q.engine,
            "readings": i["readings"],
            "status": "draft",
        }));
    }
    Ok(HttpResponse::Ok().json(json!({
        "query_id": q.query_id,
        "suggestions": suggestions,
        "total_count": suggestions.len(),
        "source": if clarified { "clarification" } else { "direct" },
    })))
}

#[get("/api/v1/ask-ai/query/{query_id}/suggestions")]
async fn get_suggestions(
    ctx: web::Data<ServiceContext>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    suggestions_of(&ctx, path.into_inner()).await
}

#[get("/api/v1/query/{query_id}/suggestions")]
async fn get_suggestions_split(
    ctx: web::Data<ServiceContext>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    suggestions_of(&ctx, path.into_inner()).await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SearchParams {
    #[serde(default)]
    search_term: Option<String>,
    #[serde(default)]
    domain: Option<String>,
    #[serde(default)]
    limit: Option<usize>,
}

/// The home Ask AI resolves names against (areas, entities with aliases, persons and their
/// phones): what the training service writes the intent model's requests for.
#[get("/api/v1/ask-ai/home")]
async fn home_snapshot(
    ctx: web::Data<ServiceContext>,
    state: web::Data<AskAi>,
) -> Result<HttpResponse, ApiError> {
    let engine = state.engine(&ctx).await?;
    Ok(HttpResponse::Ok().json(engine.home()))
}

#[get("/api/v1/ask-ai/entities/search")]
async fn search(
    ctx: web::Data<ServiceContext>,
    state: web::Data<AskAi>,
    params: web::Query<SearchParams>,
) -> Result<HttpResponse, ApiError> {
    let p = params.into_inner();
    let limit = p.limit.unwrap_or(100);
    if !(1..=500).contains(&limit) {
        return Err(ApiError::BadRequest("limit: must be 1..=500".into()));
    }
    let engine = state.engine(&ctx).await?;
    let home = engine.home();
    let in_domain = |id: &str| {
        p.domain
            .as_deref()
            .is_none_or(|d| id.split('.').next() == Some(d))
    };
    let items: Vec<Value> = match p.search_term.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(term) => engine
            .search(term, 500)
            .into_iter()
            .filter(|(id, _, _)| in_domain(id))
            .take(limit)
            .map(|(id, name, score)| {
                let e = home.entity(&id);
                json!({"entity_id": id, "friendly_name": name, "domain": id.split('.').next(),
                       "area_id": e.and_then(|e| e.area_id.clone()), "score": score})
            })
            .collect(),
        None => home
            .entities
            .iter()
            .filter(|e| in_domain(&e.entity_id))
            .take(limit)
            .map(|e| json!({"entity_id": e.entity_id, "friendly_name": e.name, "domain": e.domain(), "area_id": e.area_id}))
            .collect(),
    };
    Ok(HttpResponse::Ok().json(json!({ "entities": items, "total": items.len() })))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExtractBody {
    query: String,
}

/// The entities, areas and persons a request names, without building an automation.
#[post("/api/v1/ask-ai/extract")]
async fn extract(
    ctx: web::Data<ServiceContext>,
    state: web::Data<AskAi>,
    body: web::Json<ExtractBody>,
) -> Result<HttpResponse, ApiError> {
    let text = check_query(&body.query)?;
    let engine = state.engine(&ctx).await?;
    let found = engine
        .extract(&text)
        .map_err(|e| ApiError::BadRequest(format!("query: {e}")))?;
    Ok(HttpResponse::Ok().json(json!({ "query": text, "entities": found, "engine": "rules" })))
}

/// Hands the suggestion to the automation service, which validates it against the home and
/// Home Assistant and reports its safety. Deploying is the automation service's deploy
/// endpoint's job.
#[post("/api/v1/ask-ai/query/{query_id}/suggestions/{suggestion_id}/approve")]
async fn approve(
    ctx: web::Data<ServiceContext>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (query_id, suggestion_id) = path.into_inner();
    let id = query_id.clone();
    let q = ctx
        .db
        .run(move |c| repo::ask_ai::get_query(c, &id))
        .await
        .map_err(|e| ApiError::from_db_about(e, "query"))?;
    if suggestion_id != suggestion_id_of(&q.query_id) {
        return Err(ApiError::not_found("suggestion"));
    }
    if q.automation.is_none() && q.parsed_intent["kind"] == "blueprint" {
        return Err(ApiError::Conflict(
            "this answer is a blueprint: import its blueprint_yaml into Home Assistant; only \
             automations are deployed"
                .into(),
        ));
    }
    let Some(automation) = q.automation else {
        return Err(ApiError::Conflict(
            "this query has no automation yet; answer its questions first".into(),
        ));
    };
    let peer = ctx
        .peers
        .get(ServiceName::Automation)
        .ok_or_else(|| ApiError::Unavailable("the automation service is not configured".into()))?;
    let validation: Value = peer
        .post_json(
            "/api/v1/automations/validate",
            &json!({ "automation": automation }),
        )
        .await
        .map_err(|e| ApiError::BadGateway(format!("automation service: {e}")))?;
    if !validation["valid"].as_bool().unwrap_or(false) {
        return Ok(HttpResponse::Ok().json(json!({
            "status": "invalid",
            "query_id": q.query_id,
            "suggestion_id": suggestion_id,
            "automation": automation,
            "validation": validation,
            "ready_to_deploy": false,
        })));
    }
    // hand-off: the answer becomes a suggestion of the automation service, approved, deployed
    let title: String = automation["alias"]
        .as_str()
        .unwrap_or(&q.original_query)
        .chars()
        .take(200)
        .collect();
    let suggestion: Value = peer
        .post_json(
            "/api/suggestions",
            &json!({
                "title": title,
                "description": q.original_query,
                "automation": automation,
                "source": "ask_ai",
                "confidence": q.confidence.unwrap_or(1.0).clamp(0.0, 1.0),
                "evidence": { "query_id": q.query_id },
            }),
        )
        .await
        .map_err(|e| ApiError::BadGateway(format!("automation service: {e}")))?;
    let sid = suggestion["id"].as_i64().unwrap_or_default();
    if suggestion["status"] == "draft" {
        peer.patch_json::<_, Value>(&format!("/api/suggestions/{sid}/approve"), &json!({}))
            .await
            .map_err(|e| ApiError::BadGateway(format!("automation service: {e}")))?;
    }
    // a deploy waits (bounded) for Home Assistant to load the automation: give it that long
    let patient = peer.with_timeout(std::time::Duration::from_millis(
        ctx.settings.deploy.appear_timeout_ms + ctx.settings.ha.request_timeout_ms * 3,
    ));
    let deployed: Result<Value, _> = patient
        .post_json(&format!("/api/deploy/{sid}"), &json!({}))
        .await;
    let (status, deployment, error) = match deployed {
        Ok(d) => ("approved", d["data"].clone(), Value::Null),
        Err(homeai_bus::BusError::Status { status, body, .. }) => (
            "yaml_generated",
            Value::Null,
            serde_json::from_str(&body)
                .unwrap_or_else(|_| json!({ "status": status, "message": body })),
        ),
        Err(e) => return Err(ApiError::BadGateway(format!("automation service: {e}"))),
    };
    Ok(HttpResponse::Ok().json(json!({
        "status": status,
        "query_id": q.query_id,
        "suggestion_id": suggestion_id,
        "automation_suggestion_id": sid,
        "automation": automation,
        "automation_id": deployment["automation_id"],
        "entity_id": deployment["entity_id"],
        "ha_config_id": deployment["ha_config_id"],
        "safety_score": deployment["safety_score"],
        "warnings": deployment["warnings"],
        "validation": validation,
        "ready_to_deploy": true,
        "error_details": error,
    })))
}
