//! A trained model a service uses, when a version is active: loaded from the model registry at
//! start and again whenever the training service announces a new active version
//! (`homeai/training/models/{model_type}/active`, retained), without a restart. The pattern
//! service holds the home-type classifier and the usage forecaster this way, the query service
//! Ask AI's intent model.

use std::sync::{Arc, RwLock};

use homeai_bus::MqttBus;
use homeai_db::{Db, repo};
use homeai_domain::training::ModelType;
use tokio::sync::watch;

/// A loaded version.
pub struct Loaded<M> {
    pub version: i64,
    pub model: M,
    pub metrics: serde_json::Value,
    pub loaded_at: chrono::DateTime<chrono::Utc>,
}

/// The retained MQTT topic the training service announces a type's active version on.
pub fn topic(model_type: ModelType) -> String {
    format!("homeai/training/models/{model_type}/active")
}

/// Makes a model from its artefact's bytes.
pub type Loader<M> = fn(&[u8]) -> Result<M, String>;

/// The active version of one model type. Cheap to clone.
pub struct ActiveModel<M> {
    model_type: ModelType,
    load: Loader<M>,
    current: Arc<RwLock<Option<Arc<Loaded<M>>>>>,
}

impl<M> Clone for ActiveModel<M> {
    fn clone(&self) -> Self {
        Self {
            model_type: self.model_type,
            load: self.load,
            current: self.current.clone(),
        }
    }
}

impl<M: Send + Sync + 'static> ActiveModel<M> {
    /// None loaded yet; [`ActiveModel::spawn`] loads and follows the active version.
    pub fn new(model_type: ModelType, load: Loader<M>) -> Self {
        Self {
            model_type,
            load,
            current: Arc::new(RwLock::new(None)),
        }
    }

    pub fn current(&self) -> Option<Arc<Loaded<M>>> {
        self.current.read().ok().and_then(|c| c.clone())
    }

    fn topic(&self) -> String {
        topic(self.model_type)
    }

    /// Loads the registry's active version (none: the model is not used).
    pub async fn reload(&self, db: &Db) -> Result<Option<i64>, String> {
        let model_type = self.model_type;
        let active = db
            .run(move |c| repo::model_artefacts::active(c, model_type))
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
        let load = self.load;
        let model = tokio::task::spawn_blocking(move || {
            let bytes = std::fs::read(&path).map_err(|e| format!("{path}: {e}"))?;
            load(&bytes)
        })
        .await
        .map_err(|e| e.to_string())??;
        if let Ok(mut c) = self.current.write() {
            *c = Some(Arc::new(Loaded {
                version: version.version,
                model,
                metrics: version.metrics.clone(),
                loaded_at: chrono::Utc::now(),
            }));
        }
        tracing::info!(model_type = %self.model_type, version = version.version, "model loaded");
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
                tracing::warn!(model_type = %self.model_type, error = %e, "could not load the active model");
            }
            let Some(bus) = mqtt else { return };
            let topic = self.topic();
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
                                tracing::warn!(model_type = %self.model_type, error = %e, "could not load the announced model");
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
