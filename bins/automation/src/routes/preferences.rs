//! How many suggestions to keep, how sure a pattern must be, when the analysis runs.

use actix_web::{HttpResponse, get, put, web};
use homeai_db::repo;
use homeai_domain::preferences::Preferences;
use homeai_web::{ApiError, ServiceContext};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(read).service(replace);
}

#[get("/api/v1/preferences")]
async fn read(ctx: web::Data<ServiceContext>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(ctx.db.run(repo::preferences::get).await?))
}

#[put("/api/v1/preferences")]
async fn replace(
    ctx: web::Data<ServiceContext>,
    body: web::Json<Preferences>,
) -> Result<HttpResponse, ApiError> {
    let prefs = body.into_inner();
    prefs.validate()?;
    let saved = ctx
        .db
        .write(move |c| repo::preferences::put(c, &prefs))
        .await?;
    Ok(HttpResponse::Ok().json(saved))
}
