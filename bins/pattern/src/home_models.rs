//! The home-type classifier and the usage forecaster, when versions are active (followed as
//! [`homeai_web::active_model`] does), and the thresholds a home type sets.

use homeai_domain::training::ModelType;
use homeai_ml::forecast::ForecastModel;
use homeai_ml::home_type::HomeTypeModel;
use homeai_patterns::DetectorSettings;
use homeai_web::active_model::ActiveModel;

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
