//! People's own names for entities ("the big lamp"), used when resolving a request.

use actix_web::{HttpResponse, delete, get, post, web};
use homeai_db::repo;
use homeai_domain::alias::{AliasName, NewAlias};
use homeai_web::{ApiError, ServiceContext};
use serde::Deserialize;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(create).service(list).service(remove);
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct UserFilter {
    user_id: Option<String>,
}

#[post("/api/v1/ask-ai/aliases")]
async fn create(
    ctx: web::Data<ServiceContext>,
    body: web::Json<NewAlias>,
) -> Result<HttpResponse, ApiError> {
    let new = body.into_inner();
    let created = ctx
        .db
        .write(move |c| repo::aliases::insert(c, &new))
        .await
        .map_err(|e| {
            if e.is_unique_violation() {
                ApiError::Conflict("this alias is already in use".into())
            } else {
                e.into()
            }
        })?;
    Ok(HttpResponse::Created().json(created))
}

#[get("/api/v1/ask-ai/aliases")]
async fn list(
    ctx: web::Data<ServiceContext>,
    query: web::Query<UserFilter>,
) -> Result<HttpResponse, ApiError> {
    let user = query.into_inner().user_id;
    let aliases = ctx
        .db
        .run(move |c| repo::aliases::list(c, user.as_deref()))
        .await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "aliases": aliases, "total": aliases.len() })))
}

#[delete("/api/v1/ask-ai/aliases/{alias}")]
async fn remove(
    ctx: web::Data<ServiceContext>,
    path: web::Path<String>,
    query: web::Query<UserFilter>,
) -> Result<HttpResponse, ApiError> {
    let alias = AliasName::parse(&path.into_inner())?;
    let user = query
        .into_inner()
        .user_id
        .unwrap_or_else(|| "anonymous".into());
    let deleted = ctx
        .db
        .write(move |c| repo::aliases::delete(c, &user, &alias))
        .await?;
    if deleted {
        Ok(HttpResponse::NoContent().finish())
    } else {
        Err(ApiError::not_found("alias"))
    }
}
