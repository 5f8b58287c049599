//! The home-type classifier and the usage forecaster, when versions are active (followed as
//! [`homeai_web::active_model`] does), and the thresholds a home type sets.

use homeai_domain::training::ModelType;
use homeai_ml::forecast::ForecastModel;
use homeai_ml::home_type::HomeTypeModel;
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

/// The thresholds a home type sets: how far an hour must be from its forecast (in RMSEs) to be
/// an anomaly. Homes that come and go in bursts (often away, shift work) need more.
pub fn anomaly_sigmas(class: Option<&str>) -> f64 {
    match class {
        Some("often_away") => 6.0,
        Some("shift_worker") => 5.5,
        _ => 5.0,
    }
}
