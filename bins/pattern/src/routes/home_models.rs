//! `GET /api/home-type/profile` (what kind of household the home is, and the thresholds that
//! sets) and `GET /api/v1/anomalies` (hours far from the usage forecast).

use actix_web::{HttpResponse, get, web};
use chrono::{DateTime, Utc};
use homeai_db::{from_micros, repo};
use homeai_ml::forecast::ForecastModel;
use homeai_ml::home_type::HomeTypeModel;
use homeai_web::{ApiError, ServiceContext};
use serde::Deserialize;

use homeai_web::active_model::ActiveModel;

use crate::home_models::{anomaly_sigmas, thresholds_json};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(profile).service(anomalies);
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Window {
    /// Days of history before the newest event (default 28).
    days: Option<u32>,
}

/// The activity keys of the window: `(entity, time)`, oldest first.
async fn history(
    ctx: &ServiceContext,
    days: Option<u32>,
) -> Result<(Vec<(String, DateTime<Utc>)>, chrono_tz::Tz), ApiError> {
    let days = days.unwrap_or(28).clamp(1, 400);
    let tz: chrono_tz::Tz = ctx
        .settings
        .analysis
        .time_zone
        .parse()
        .map_err(|_| ApiError::Internal("analysis.time_zone".into()))?;
    let keys = ctx
        .db
        .run(move |c| {
            let Some(newest) = repo::events::newest_us(c)? else {
                return Ok(Vec::new());
            };
            let since = newest - i64::from(days) * 86_400_000_000;
            repo::events::keys_between(c, since, newest + 1)
        })
        .await?;
    let mut keys: Vec<(String, DateTime<Utc>)> = keys
        .into_iter()
        .map(|(id, us)| (id, from_micros(us)))
        .collect();
    keys.sort_by_key(|(_, t)| *t);
    Ok((keys, tz))
}

fn borrowed(keys: &[(String, DateTime<Utc>)]) -> Vec<(&str, DateTime<Utc>)> {
    keys.iter().map(|(id, t)| (id.as_str(), *t)).collect()
}

/// The home's class by the active classifier, if one is active and the home has events.
async fn classify(
    ctx: &ServiceContext,
    model: &ActiveModel<HomeTypeModel>,
    days: Option<u32>,
) -> Result<Option<(i64, homeai_ml::home_type::Prediction)>, ApiError> {
    let Some(loaded) = model.current() else {
        return Ok(None);
    };
    let (keys, tz) = history(ctx, days).await?;
    if keys.is_empty() {
        return Ok(None);
    }
    let p = web::block(move || {
        loaded
            .model
            .classify(&borrowed(&keys), tz)
            .map(|p| (loaded.version, p))
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))?
    .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(Some(p))
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
    let class = classify(&ctx, &home_type, query.days)
        .await?
        .map(|(_, p)| p.class);
    let sigmas = anomaly_sigmas(class.as_deref());
    let (keys, tz) = history(&ctx, query.days).await?;
    let version = loaded.version;
    let rmse = loaded.model.rmse;
    let items = web::block(move || loaded.model.anomalies(&borrowed(&keys), tz, sigmas))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(HttpResponse::Ok().json(serde_json::json!({
        "model_version": version,
        "home_type": class,
        "sigmas": sigmas,
        "rmse": rmse,
        "total": items.len(),
        "items": items,
    })))
}
