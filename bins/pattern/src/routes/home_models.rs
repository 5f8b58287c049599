//! `GET /api/home-type/profile` (what kind of household the home is, and the thresholds that
//! sets) and `GET /api/v1/anomalies` (hours far from the usage forecast).

use actix_web::{HttpResponse, get, web};
use homeai_ml::forecast::ForecastModel;
use homeai_ml::home_type::HomeTypeModel;
use homeai_web::{ApiError, ServiceContext};
use serde::Deserialize;

use homeai_web::active_model::ActiveModel;

use crate::home_models::{
    anomaly_sigmas, borrowed, classify_keys, classify_recent, recent_keys, thresholds_json,
};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(profile).service(anomalies);
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Window {
    /// Days of history before the newest event (default 28).
    days: Option<u32>,
}

/// The window's days (default 28, 1..=400) and the home's time zone.
fn window(ctx: &ServiceContext, days: Option<u32>) -> Result<(u32, chrono_tz::Tz), ApiError> {
    let tz = ctx
        .settings
        .analysis
        .time_zone
        .parse()
        .map_err(|_| ApiError::Internal("analysis.time_zone".into()))?;
    Ok((days.unwrap_or(28).clamp(1, 400), tz))
}

/// The home's class by the active classifier, if one is active and the home has events.
async fn classify(
    ctx: &ServiceContext,
    model: &ActiveModel<HomeTypeModel>,
    days: Option<u32>,
) -> Result<Option<(i64, homeai_ml::home_type::Prediction)>, ApiError> {
    let (days, tz) = window(ctx, days)?;
    classify_recent(&ctx.db, model, days, tz)
        .await
        .map_err(ApiError::Internal)
}

#[get("/api/home-type/profile")]
async fn profile(
    ctx: web::Data<ServiceContext>,
    model: web::Data<ActiveModel<HomeTypeModel>>,
    query: web::Query<Window>,
) -> Result<HttpResponse, ApiError> {
    let found = classify(&ctx, &model, query.days).await?;
    let class = found.as_ref().map(|(_, p)| p.class.clone());
    Ok(HttpResponse::Ok().json(serde_json::json!({
        "active": model.current().is_some(),
        "model_version": found.as_ref().map(|(v, _)| v),
        "home_type": class,
        "probabilities": found.as_ref().map(|(_, p)| p.probabilities.iter().map(|(k, v)| (k.clone(), serde_json::json!(v))).collect::<serde_json::Map<String, serde_json::Value>>()),
        "thresholds": thresholds_json(class.as_deref()),
    })))
}

#[get("/api/v1/anomalies")]
async fn anomalies(
    ctx: web::Data<ServiceContext>,
    home_type: web::Data<ActiveModel<HomeTypeModel>>,
    forecast: web::Data<ActiveModel<ForecastModel>>,
    query: web::Query<Window>,
) -> Result<HttpResponse, ApiError> {
    let Some(loaded) = forecast.current() else {
        return Err(ApiError::Unavailable(
            "no usage forecaster is active: train one (model_type forecast) and activate it".into(),
        ));
    };
    // one read of the window serves the classifier and the forecaster
    let (days, tz) = window(&ctx, query.days)?;
    let keys = recent_keys(&ctx.db, days).await?;
    let classifier = home_type.current();
    let version = loaded.version;
    let rmse = loaded.model.rmse;
    let (class, items) = web::block(move || {
        let keys = borrowed(&keys);
        let class = match &classifier {
            Some(c) => classify_keys(c, &keys, tz)?.map(|(_, p)| p.class),
            None => None,
        };
        let sigmas = anomaly_sigmas(class.as_deref());
        let items = loaded
            .model
            .anomalies(&keys, tz, sigmas)
            .map_err(|e| e.to_string())?;
        Ok::<_, String>((class, items))
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))?
    .map_err(ApiError::Internal)?;
    let sigmas = anomaly_sigmas(class.as_deref());
    Ok(HttpResponse::Ok().json(serde_json::json!({
        "model_version": version,
        "home_type": class,
        "sigmas": sigmas,
        "rmse": rmse,
        "total": items.len(),
        "items": items,
    })))
}
