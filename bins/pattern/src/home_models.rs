//! The home-type classifier and the usage forecaster, when versions are active: loaded from the
//! model registry at start and again whenever the training service announces a new active
//! version (`homeai/training/models/{home_type,forecast}/active`, retained), without a restart,
//! as [`crate::synergy_model`] does for the synergy model.

use std::sync::{Arc, RwLock};

use homeai_bus::MqttBus;
use homeai_db::{Db, repo};
use homeai_domain::training::ModelType;
use homeai_ml::MlError;
use homeai_ml::forecast::ForecastModel;
use homeai_ml::home_type::HomeTypeModel;
use tokio::sync::watch;

/// A model the pattern service can load from an artefact's bytes.
pub trait Loadable: Sized + Send + Sync + 'static {
    const TYPE: ModelType;
    fn from_bytes(bytes: &[u8]) -> Result<Self, MlError>;
}

impl Loadable for HomeTypeModel {
    const TYPE: ModelType = ModelType::HomeType;
    fn from_bytes(bytes: &[u8]) -> Result<Self, MlError> {
        HomeTypeModel::from_bytes(bytes)
    }
}

impl Loadable for ForecastModel {
    const TYPE: ModelType = ModelType::Forecast;
    fn from_bytes(bytes: &[u8]) -> Result<Self, MlError> {
        ForecastModel::from_bytes(bytes)
    }
}

/// A loaded version.
pub struct Loaded<M> {
    pub version: i64,
    pub model: M,
    pub metrics: serde_json::Value,
}

/// The active version of one model type. Cheap to clone.
pub struct ActiveModel<M> {
    current: Arc<RwLock<Option<Arc<Loaded<M>>>>>,
}

impl<M> Clone for ActiveModel<M> {
    fn clone(&self) -> Self {
        Self {
            current: self.current.clone(),
        }
    }
}

impl<M> Default for ActiveModel<M> {
    fn default() -> Self {
        Self {
            current: Arc::new(RwLock::new(None)),
        }
    }
}

impl<M: Loadable> ActiveModel<M> {
    pub fn current(&self) -> Option<Arc<Loaded<M>>> {
        self.current.read().ok().and_then(|c| c.clone())
    }

    fn topic() -> String {
        format!("homeai/training/models/{}/active", M::TYPE)
    }

    /// Loads the registry's active version (none: the model is not used).
    pub async fn reload(&self, db: &Db) -> Result<Option<i64>, String> {
        let active = db
            .run(|c| repo::model_artefacts::active(c, M::TYPE))
            .await
            .map_err(|e| e.to_string())?;
        let Some(version) = active else {
            if let Ok(mut c) = self.current.write() {
                *c = None;
            }
            return Ok(None);
        };
        if self.current().is_some_and(|l| l.version == version.version) {
            return Ok(Some(version.version));
        }
        let path = version.path.clone();
        let model = tokio::task::spawn_blocking(move || {
            let bytes = std::fs::read(&path).map_err(|e| format!("{path}: {e}"))?;
            M::from_bytes(&bytes).map_err(|e| e.to_string())
        })
        .await
        .map_err(|e| e.to_string())??;
        if let Ok(mut c) = self.current.write() {
            *c = Some(Arc::new(Loaded {
                version: version.version,
                model,
                metrics: version.metrics.clone(),
            }));
        }
        tracing::info!(model_type = %M::TYPE, version = version.version, "model loaded");
        Ok(Some(version.version))
    }

    /// Loads the active version now, then again on every announcement until `shutdown`.
    pub fn spawn(
        self,
        db: Db,
        mqtt: Option<MqttBus>,
        mut shutdown: watch::Receiver<bool>,
    ) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            if let Err(e) = self.reload(&db).await {
                tracing::warn!(model_type = %M::TYPE, error = %e, "could not load the active model");
            }
            let Some(bus) = mqtt else { return };
            let topic = Self::topic();
            let mut rx = match bus.subscribe(&topic) {
                Ok(rx) => rx,
                Err(e) => {
                    tracing::warn!(error = %e, "cannot follow {topic}");
                    return;
                }
            };
            loop {
                tokio::select! {
                    msg = rx.recv() => match msg {
                        Ok(m) if m.topic == topic => {
                            if let Err(e) = self.reload(&db).await {
                                tracing::warn!(model_type = %M::TYPE, error = %e, "could not load the announced model");
                            }
                        }
                        Ok(_) | Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {}
                        Err(_) => return,
                    },
                    _ = shutdown.changed() => return,
                }
            }
        })
    }
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
