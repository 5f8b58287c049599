//! The home-type classifier and the usage forecaster, when versions are active (followed as
//! [`homeai_web::active_model`] does), and the thresholds a home type sets.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use homeai_db::{Db, DbError, from_micros, repo};
use homeai_domain::training::ModelType;
use homeai_ml::forecast::ForecastModel;
use homeai_ml::home_type::{HomeTypeModel, Prediction};
use homeai_patterns::DetectorSettings;
use homeai_web::active_model::{ActiveModel, Loaded};

/// The active home-type classifier.
pub fn home_type() -> ActiveModel<HomeTypeModel> {
    ActiveModel::new(ModelType::HomeType, |b| {
        HomeTypeModel::from_bytes(b).map_err(|e| e.to_string())
    })
}

/// The active usage forecaster.
pub fn forecast() -> ActiveModel<ForecastModel> {
    ActiveModel::new(ModelType::Forecast, |b| {
        ForecastModel::from_bytes(b).map_err(|e| e.to_string())
    })
}

/// The activity keys `(entity, time)` of the `days` before the newest event, oldest first.
pub async fn recent_keys(db: &Db, days: u32) -> Result<Vec<(String, DateTime<Utc>)>, DbError> {
    let keys = db
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
    Ok(keys)
}

/// The keys as the models read them.
pub fn borrowed(keys: &[(String, DateTime<Utc>)]) -> Vec<(&str, DateTime<Utc>)> {
    keys.iter().map(|(id, t)| (id.as_str(), *t)).collect()
}

/// The home's class (and the classifier's version) from the `days` before the newest event;
/// `None` when no classifier is active or there are no events.
pub async fn classify_recent(
    db: &Db,
    model: &ActiveModel<HomeTypeModel>,
    days: u32,
    time_zone: Tz,
) -> Result<Option<(i64, Prediction)>, String> {
    let Some(loaded) = model.current() else {
        return Ok(None);
    };
    let keys = recent_keys(db, days).await.map_err(|e| e.to_string())?;
    tokio::task::spawn_blocking(move || classify_keys(&loaded, &borrowed(&keys), time_zone))
        .await
        .map_err(|e| e.to_string())?
}

/// The home's class from keys already read (`None` when there are none). Blocking.
pub fn classify_keys(
    loaded: &Loaded<HomeTypeModel>,
    keys: &[(&str, DateTime<Utc>)],
    time_zone: Tz,
) -> Result<Option<(i64, Prediction)>, String> {
    if keys.is_empty() {
        return Ok(None);
    }
    loaded
        .model
        .classify(keys, time_zone)
        .map(|p| Some((loaded.version, p)))
        .map_err(|e| e.to_string())
}

/// The detectors' defaults for a home type. Households whose days differ (rotating shifts) or
/// who are often away do their habits on fewer of the days, and shift workers' times spread
/// more: the day share and spread are relaxed for them so their habits are found at all.
pub fn detector_defaults(class: Option<&str>) -> DetectorSettings {
    let base = DetectorSettings::default();
    match class {
        Some("shift_worker") => DetectorSettings {
            min_day_ratio: 0.35,
            max_spread_min: 15.0,
            ..base
        },
        Some("often_away") => DetectorSettings {
            min_day_ratio: 0.3,
            min_support: 4,
            ..base
        },
        _ => base,
    }
}

/// Every threshold a home type sets, as the profile shows them.
pub fn thresholds_json(class: Option<&str>) -> serde_json::Value {
    let d = detector_defaults(class);
    serde_json::json!({
        "anomaly_sigmas": anomaly_sigmas(class),
        "min_support": d.min_support,
        "min_day_ratio": d.min_day_ratio,
        "max_spread_min": d.max_spread_min,
        "set_by": if class.is_some() { "home_type" } else { "default" },
    })
}

/// The thresholds a home type sets: how far an hour must be from its forecast (in RMSEs) to be
/// an anomaly. Homes that come and go in bursts (often away, shift work) need more.
pub fn anomaly_sigmas(class: Option<&str>) -> f64 {
    match class {
        Some("often_away") => 6.0,
        Some("shift_worker") => 5.5,
        _ => 5.0,
    }
}
