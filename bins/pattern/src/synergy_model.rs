//! The trained synergy model, when one is active: loaded from the model registry at start and
//! again whenever the training service announces a new active version on MQTT
//! (`homeai/training/models/synergy/active`, retained), without a restart. The analysis then
//! weighs each synergy by the model's probability that the pair makes a useful automation.

use homeai_domain::training::ModelType;
use homeai_ml::synergy::{HomeGraph, NodeInfo, SynergyModel};
use homeai_patterns::{HomeContext, Observations, Synergy};
use homeai_web::active_model::ActiveModel;
use serde::Serialize;

/// A loaded model version.
pub type Loaded = homeai_web::active_model::Loaded<SynergyModel>;

/// What `GET /api/v1/synergies/model` shows.
#[derive(Debug, Serialize)]
pub struct ModelStatus {
    pub active: bool,
    pub version: Option<i64>,
    pub metrics: Option<serde_json::Value>,
    pub loaded_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// The active synergy model, shared by the analysis and the routes. Cheap to clone.
#[derive(Clone)]
pub struct SynergyScorer(pub ActiveModel<SynergyModel>);

impl Default for SynergyScorer {
    fn default() -> Self {
        Self(ActiveModel::new(ModelType::Synergy, |b| {
            SynergyModel::from_bytes(b).map_err(|e| e.to_string())
        }))
    }
}

impl SynergyScorer {
    pub fn current(&self) -> Option<std::sync::Arc<Loaded>> {
        self.0.current()
    }

    pub fn status(&self) -> ModelStatus {
        let c = self.current();
        ModelStatus {
            active: c.is_some(),
            version: c.as_ref().map(|l| l.version),
            metrics: c.as_ref().map(|l| l.metrics.clone()),
            loaded_at: c.as_ref().map(|l| l.loaded_at),
        }
    }
}

/// The home as the model sees it: every entity seen in the window, with its area and class.
fn graph(observations: &Observations, home: &HomeContext) -> HomeGraph {
    let mut ids: Vec<String> = observations
        .changes
        .iter()
        .map(|c| c.entity_id.as_str().to_owned())
        .chain(observations.readings.keys().cloned())
        .collect();
    ids.sort();
    ids.dedup();
    let nodes = ids
        .iter()
        .map(|id| NodeInfo {
            entity_id: id.clone(),
            area_id: home.areas.get(id).cloned(),
            device_class: home.device_classes.get(id).cloned().or_else(|| {
                let object = id.split('.').nth(1).unwrap_or_default();
                [
                    "motion",
                    "door",
                    "window",
                    "temperature",
                    "humidity",
                    "illuminance",
                ]
                .into_iter()
                .find(|w| object.contains(w))
                .map(str::to_owned)
            }),
        })
        .collect();
    let changes = observations
        .changes
        .iter()
        .map(|c| {
            (
                c.entity_id.as_str(),
                c.time_fired.timestamp_millis() as f64 / 1000.0,
                c.new_state.as_deref().unwrap_or_default(),
            )
        })
        .chain(observations.readings.iter().flat_map(|(id, series)| {
            series
                .iter()
                .map(move |r| (id.as_str(), r.at_us as f64 / 1e6, "reading"))
        }));
    HomeGraph::build(nodes, changes)
}

/// Weighs each synergy by the model: impact = confidence × frequency × p(model), and says so
/// in the explanation.
pub fn rescore(
    loaded: &Loaded,
    synergies: &mut [Synergy],
    observations: &Observations,
    home: &HomeContext,
) {
    if synergies.is_empty() {
        return;
    }
    let g = graph(observations, home);
    for s in synergies.iter_mut() {
        match loaded
            .model
            .score_pair(&g, &s.trigger_entity, &s.action_entity)
        {
            Ok(Some(p)) => {
                let frequency = (f64::from(s.support) / 30.0).min(1.0);
                s.impact_score = (s.confidence * frequency * p * 100.0).round() / 100.0;
                s.explanation = format!(
                    "{} (synergy model v{}: {:.2})",
                    s.explanation, loaded.version, p
                );
            }
            Ok(None) => {}
            Err(e) => tracing::warn!(error = %e, "the synergy model could not score a pair"),
        }
    }
    synergies.sort_by(|a, b| {
        b.impact_score
            .total_cmp(&a.impact_score)
            .then_with(|| a.key.cmp(&b.key))
    });
}
