//! Ask AI's trained intent model in the query service: the active version (followed as the
//! training service activates versions, no restart), asked by the engine only for requests its
//! rules cannot answer as written.

use homeai_askai::{IntentModel, Reading};
use homeai_domain::training::ModelType;
use homeai_web::active_model::ActiveModel;

/// The active intent model, whichever version that is when a request comes.
#[derive(Clone)]
pub struct ActiveIntent(pub ActiveModel<homeai_ml::intent::IntentModel>);

impl ActiveIntent {
    pub fn new() -> Self {
        Self(ActiveModel::new(ModelType::Intent, |b| {
            homeai_ml::intent::IntentModel::from_bytes(b).map_err(|e| e.to_string())
        }))
    }
}

impl Default for ActiveIntent {
    fn default() -> Self {
        Self::new()
    }
}

impl IntentModel for ActiveIntent {
    fn read(&self, query: &str) -> Option<Reading> {
        let loaded = self.0.current()?;
        let name = format!("intent model v{}", loaded.version);
        match loaded.model.reading(&name, query) {
            Ok(r) => r,
            Err(e) => {
                tracing::warn!(error = %e, "the intent model could not read a request");
                None
            }
        }
    }
}
