//! Suggestions from the habits the pattern service found: generate, list, read, approve,
//! reject, counts (paths as the reference system has them).

use actix_web::{HttpResponse, get, patch, post, web};
use homeai_db::repo;
use homeai_db::repo::patterns::{PatternFilter, PatternSort};
use homeai_db::repo::synergies::SynergyFilter;
use homeai_domain::suggestion::SuggestionStatus;
use homeai_web::{ApiError, ServiceContext};
use serde::Deserialize;
use serde_json::json;

use homeai_automation_model::{Dialect, parse_json, parse_yaml, to_json};

use crate::ranking;
use crate::suggest::{fingerprint, from_pattern, from_synergy};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(generate)
        .service(list)
        .service(stats)
        .service(one)
        .service(approve)
        .service(reject)
        .service(edit)
        .service(create);
}

/// Drafts from the active patterns above the household's confidence bar, at most as many as
/// its preference allows pending; duplicates (same triggers and actions) are skipped.
#[post("/api/suggestions/generate")]
async fn generate(ctx: web::Data<ServiceContext>) -> Result<HttpResponse, ApiError> {
    let in_ha = in_home_assistant(&ctx).await;
    let created = ctx
        .db
        .write(move |c| {
            let prefs = repo::preferences::get(c)?;
            let filter = PatternFilter {
                min_confidence: Some(prefs.min_confidence),
                sort: PatternSort::Confidence,
                limit: 1000,
                ..PatternFilter::default()
            };
            let patterns = repo::patterns::list(c, &filter)?.items;
            let room = i64::from(prefs.max_suggestions) - repo::suggestions::count_drafts(c)?;
            let counts = repo::suggestions::feedback_counts(c)?;
            let synergies = repo::synergies::list(
                c,
                &SynergyFilter {
                    min_confidence: Some(prefs.min_confidence),
                    limit: 1000,
                    ..SynergyFilter::default()
                },
            )?
            .items;
            // every candidate, ranked; the best are drafted while there is room
            let from_patterns = patterns
                .iter()
                .filter_map(|p| Some((from_pattern(p)?, p.kind.as_str().to_owned())));
            let from_synergies = synergies
                .iter()
                .filter_map(|s| Some((from_synergy(s)?, s.kind.as_str().to_owned())));
            let mut candidates: Vec<_> = from_patterns
                .chain(from_synergies)
                .map(|(mut draft, kind)| {
                    (draft.rank_score, draft.rank_reason) = ranking::rank(
                        draft.confidence,
                        Some(&kind),
                        ranking::domain_of(&draft.automation_json).as_deref(),
                        &counts,
                    );
                    draft
                })
                .collect();
            candidates.sort_by(|a, b| b.rank_score.total_cmp(&a.rank_score));
            let mut created = Vec::new();
            for draft in candidates
                .iter()
                .filter(|d| !in_ha.contains(&d.fingerprint))
            {
                if created.len() as i64 >= room {
                    break;
                }
                if let Some(id) = repo::suggestions::insert_new(c, draft)? {
                    created.push(id);
                }
            }
            Ok(created)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .json(json!({ "success": true, "created": created, "count": created.len() })))
}

/// The fingerprints of the automations already in Home Assistant (what they trigger on and do),
/// so nothing already automated is suggested; empty (with a warning) when HA does not answer.
async fn in_home_assistant(ctx: &ServiceContext) -> std::collections::HashSet<String> {
    let Some(ha) = &ctx.ha else {
        return Default::default();
    };
    match crate::deploy::ha_automations::with_configs(ha).await {
        Ok(all) => all
            .iter()
            .filter_map(|(_, config)| parse_json(config.as_ref()?).ok())
            .map(|m| fingerprint(&to_json(&m, Dialect::Modern)))
            .collect(),
        Err(e) => {
            tracing::warn!(error = %e, "could not read Home Assistant's automations; drafting without comparing");
            Default::default()
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ListQuery {
    status: Option<SuggestionStatus>,
    limit: Option<i64>,
    offset: Option<i64>,
}

#[get("/api/suggestions/list")]
async fn list(
    ctx: web::Data<ServiceContext>,
    q: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = q.into_inner();
    let (limit, offset) = homeai_web::paging::page(q.limit, q.offset, 50, 100)?;
    let page = ctx
        .db
        .run(move |c| repo::suggestions::list(c, q.status, limit, offset))
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

#[get("/api/suggestions/usage/stats")]
async fn stats(ctx: web::Data<ServiceContext>) -> Result<HttpResponse, ApiError> {
    let by_status = ctx.db.run(repo::suggestions::stats).await?;
    Ok(HttpResponse::Ok()
        .json(json!({ "total": by_status.values().sum::<i64>(), "by_status": by_status })))
}

#[get("/api/suggestions/{id}")]
async fn one(
    ctx: web::Data<ServiceContext>,
    path: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let s = ctx
        .db
        .run(move |c| repo::suggestions::get(c, id))
        .await
        .map_err(|e| not_found(id, e))?;
    Ok(HttpResponse::Ok().json(s))
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Feedback {
    #[serde(alias = "feedback_text")]
    reason: Option<String>,
}

#[patch("/api/suggestions/{id}/approve")]
async fn approve(
    ctx: web::Data<ServiceContext>,
    path: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    change(ctx, path.into_inner(), SuggestionStatus::Approved, None).await
}

#[patch("/api/suggestions/{id}/reject")]
async fn reject(
    ctx: web::Data<ServiceContext>,
    path: web::Path<i64>,
    body: Option<web::Json<Feedback>>,
) -> Result<HttpResponse, ApiError> {
    let reason = body
        .and_then(|b| b.into_inner().reason)
        .filter(|r| !r.trim().is_empty());
    if reason.as_ref().is_some_and(|r| r.chars().count() > 1000) {
        return Err(ApiError::BadRequest(
            "reason must be at most 1000 characters".into(),
        ));
    }
    change(ctx, path.into_inner(), SuggestionStatus::Rejected, reason).await
}

async fn change(
    ctx: web::Data<ServiceContext>,
    id: i64,
    next: SuggestionStatus,
    reason: Option<String>,
) -> Result<HttpResponse, ApiError> {
    let outcome = ctx
        .db
        .write(move |c| {
            let current = repo::suggestions::get(c, id)?;
            let kind = ranking::kind_of(c, &current)?;
            let domain = ranking::domain_of(&current.automation);
            let action = if next == SuggestionStatus::Approved {
                "approve"
            } else {
                "reject"
            };
            let outcome = repo::suggestions::transition(
                c,
                id,
                next,
                reason.as_deref(),
                Some((action, kind.as_deref(), domain.as_deref())),
            )?;
            if outcome.is_ok() {
                ranking::rerank_drafts(c)?;
            }
            Ok(outcome)
        })
        .await
        .map_err(|e| not_found(id, e))?;
    match outcome {
        Ok(s) => {
            if let Some(synergy) = s.synergy_id {
                tell_pattern_service(&ctx, synergy, next, s.rejection_reason.clone());
            }
            Ok(HttpResponse::Ok().json(s))
        }
        Err(s) => Err(ApiError::Conflict(format!(
            "suggestion {id} is {} and cannot become {next}",
            s.status
        ))),
    }
}

fn not_found(id: i64, e: homeai_db::DbError) -> ApiError {
    ApiError::from_db_about(e, format!("suggestion {id}"))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Edit {
    title: Option<String>,
    description: Option<String>,
    /// The new automation as JSON (either dialect)…
    automation: Option<serde_json::Value>,
    /// …or as YAML.
    yaml: Option<String>,
}

/// A person's edit: the automation (read through the model, so only a well-formed one is
/// kept) and optionally the words. A deployed suggestion's automation in HA changes when it is
/// deployed again (a new version).
#[patch("/api/suggestions/{id}")]
async fn edit(
    ctx: web::Data<ServiceContext>,
    path: web::Path<i64>,
    body: web::Json<Edit>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let body = body.into_inner();
    let model = match (&body.automation, &body.yaml) {
        (Some(v), None) => parse_json(v),
        (None, Some(y)) => parse_yaml(y),
        _ => {
            return Err(ApiError::BadRequest(
                "give the new automation once: `automation` (JSON) or `yaml`".into(),
            ));
        }
    }
    .map_err(|e| ApiError::BadRequest(format!("automation: {e}")))?;
    if let Some(t) = &body.title
        && (t.trim().is_empty() || t.chars().count() > 200)
    {
        return Err(ApiError::BadRequest(
            "title: must be 1 to 200 characters".into(),
        ));
    }
    let automation = to_json(&model, Dialect::Modern);
    let print = fingerprint(&automation);
    let outcome = ctx
        .db
        .write(move |c| {
            let current = repo::suggestions::get(c, id)?;
            if current.status == SuggestionStatus::Rejected {
                return Ok(Err(current.status));
            }
            let stored = repo::suggestions::edit(
                c,
                id,
                body.title.as_deref(),
                body.description.as_deref(),
                &automation,
                &print,
            )?;
            Ok(Ok(stored
                .then(|| repo::suggestions::get(c, id))
                .transpose()?))
        })
        .await
        .map_err(|e| not_found(id, e))?;
    match outcome {
        Ok(Some(s)) => Ok(HttpResponse::Ok().json(s)),
        Ok(None) => Err(ApiError::Conflict(
            "another suggestion already triggers on and does exactly this".into(),
        )),
        Err(status) => Err(ApiError::Conflict(format!(
            "suggestion {id} is {status}; a rejected suggestion is not edited"
        ))),
    }
}

/// Synergy feedback goes back to the pattern service (in the background: the person's answer is
/// already stored here; a failure is logged).
fn tell_pattern_service(
    ctx: &ServiceContext,
    synergy: i64,
    next: SuggestionStatus,
    reason: Option<String>,
) {
    let Some(pattern) = ctx.peers.get(homeai_domain::ServiceName::Pattern).cloned() else {
        return;
    };
    let body = json!({
        "accepted": next == SuggestionStatus::Approved,
        "feedback_text": reason,
    });
    tokio::spawn(async move {
        let path = format!("/api/v1/synergies/{synergy}/feedback");
        if let Err(e) = pattern
            .post_json::<_, serde_json::Value>(&path, &body)
            .await
        {
            tracing::warn!(synergy, error = %e, "could not send synergy feedback to the pattern service");
        }
    });
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Source {
    AskAi,
    Manual,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NewOne {
    title: String,
    #[serde(default)]
    description: String,
    automation: Option<serde_json::Value>,
    yaml: Option<String>,
    /// `ask_ai` (the query service hands its answers over) or `manual` (default).
    source: Option<Source>,
    /// 0..1; 1 when a person wrote or asked for it.
    confidence: Option<f64>,
    #[serde(default)]
    evidence: Option<serde_json::Value>,
}

/// A suggestion someone asked for (Ask AI) or wrote: read through the model and stored as a
/// draft; when one that triggers on and does the same exists already, that one is answered
/// (200) instead of a new one (201).
#[post("/api/suggestions")]
async fn create(
    ctx: web::Data<ServiceContext>,
    body: web::Json<NewOne>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let title = body.title.trim().to_owned();
    if title.is_empty() || title.chars().count() > 200 {
        return Err(ApiError::BadRequest(
            "title: must be 1 to 200 characters".into(),
        ));
    }
    let confidence = body.confidence.unwrap_or(1.0);
    if !(0.0..=1.0).contains(&confidence) {
        return Err(ApiError::BadRequest(
            "confidence: must be between 0 and 1".into(),
        ));
    }
    let model = match (&body.automation, &body.yaml) {
        (Some(v), None) => parse_json(v),
        (None, Some(y)) => parse_yaml(y),
        _ => {
            return Err(ApiError::BadRequest(
                "give the automation once: `automation` (JSON) or `yaml`".into(),
            ));
        }
    }
    .map_err(|e| ApiError::BadRequest(format!("automation: {e}")))?;
    let automation = to_json(&model, Dialect::Modern);
    let draft = repo::suggestions::NewSuggestion {
        source: match body.source.unwrap_or(Source::Manual) {
            Source::AskAi => "ask_ai",
            Source::Manual => "manual",
        },
        pattern_id: None,
        synergy_id: None,
        title,
        description: body.description,
        fingerprint: fingerprint(&automation),
        automation_json: automation,
        evidence: body.evidence.unwrap_or_else(|| json!({})),
        confidence,
        rank_score: confidence,
        rank_reason: "asked for by a person".into(),
    };
    let (created, suggestion) = ctx
        .db
        .write(move |c| {
            let created = repo::suggestions::insert_new(c, &draft)?;
            let id = match created {
                Some(id) => id,
                None => repo::suggestions::by_fingerprint(c, &draft.fingerprint)?,
            };
            Ok((created.is_some(), repo::suggestions::get(c, id)?))
        })
        .await?;
    Ok(if created {
        HttpResponse::Created().json(suggestion)
    } else {
        HttpResponse::Ok().json(suggestion)
    })
}
