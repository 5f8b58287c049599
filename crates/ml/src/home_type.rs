//! The home-type classifier: family, single, shift worker or often away, from a home's devices
//! and the rhythm of its events ([`crate::rhythm::home_features`]); softmax regression
//! ([`crate::linear`]) trained on synthetic households of known type
//! ([`homeai_synth::household`]), with a held-out accuracy and confusion matrix.

use std::time::Instant;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use homeai_synth::{HouseholdSpec, HouseholdType, household};
use serde::{Deserialize, Serialize};

use crate::config_check::{self, require};
use crate::linear::{Data, Fit, FitOutcome, Head, LinearModel, fit};
use crate::rhythm::home_features;
use crate::{MlError, Progress};

pub const FORMAT: &str = "homeai-home-type/1";

/// How to train; a job's `config` may give any field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HomeTypeConfig {
    pub epochs: u32,
    pub learning_rate: f64,
    /// Synthetic homes of each type, and how many days each lives.
    pub homes_per_type: u32,
    pub days: u32,
    pub seed: u64,
    pub patience: u32,
    pub validation_share: f64,
}

impl Default for HomeTypeConfig {
    fn default() -> Self {
        Self {
            epochs: 40,
            learning_rate: 0.05,
            homes_per_type: 30,
            days: 14,
            seed: 11,
            patience: 5,
            validation_share: 0.3,
        }
    }
}

impl HomeTypeConfig {
    pub fn from_json(config: &serde_json::Value) -> Result<Self, MlError> {
        let c: Self = config_check::read(config)?;
        require((1..=10_000).contains(&c.epochs), "epochs must be 1..=10000")?;
        config_check::learning_rate(c.learning_rate)?;
        require(
            (2..=2_000).contains(&c.homes_per_type),
            "homes_per_type must be 2..=2000",
        )?;
        require((7..=120).contains(&c.days), "days must be 7..=120")?;
        config_check::validation_share(c.validation_share)?;
        Ok(c)
    }
}

/// The class names, in the model's order.
pub fn classes() -> Vec<&'static str> {
    HouseholdType::ALL.iter().map(|t| t.as_str()).collect()
}

/// A trained classifier.
#[derive(Debug, Clone)]
pub struct HomeTypeModel {
    model: LinearModel,
}

/// What the classifier says of a home.
#[derive(Debug, Clone, Serialize)]
pub struct Prediction {
    pub class: String,
    /// class → probability
    pub probabilities: Vec<(String, f64)>,
}

impl HomeTypeModel {
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, MlError> {
        let a = crate::artefact::Artefact::from_bytes(bytes)?;
        Ok(Self {
            model: LinearModel::from_artefact(&a, FORMAT)?,
        })
    }

    /// Classifies a home from its events.
    pub fn classify(
        &self,
        events: &[(&str, DateTime<Utc>)],
        tz: Tz,
    ) -> Result<Prediction, MlError> {
        let p = self.model.predict(&[home_features(events, tz)])?;
        let p = p.into_iter().next().unwrap_or_default();
        let names = classes();
        let mut best = 0;
        for (i, v) in p.iter().enumerate() {
            if *v > p[best] {
                best = i;
            }
        }
        Ok(Prediction {
            class: names.get(best).copied().unwrap_or("unknown").to_owned(),
            probabilities: names
                .iter()
                .zip(&p)
                .map(|(n, v)| ((*n).to_owned(), (f64::from(*v) * 1000.0).round() / 1000.0))
                .collect(),
        })
    }
}

/// A finished run.
#[derive(Debug)]
pub struct Trained {
    pub model: Vec<u8>,
    pub metrics: serde_json::Value,
}

/// One synthetic home's features and class.
fn sample(config: &HomeTypeConfig, t: HouseholdType, i: u32) -> (Vec<f32>, f32) {
    let seed = config.seed.wrapping_mul(1_000_003) + u64::from(i) * 7 + t.index() as u64;
    let spec = HouseholdSpec::new(seed, t, config.days);
    let events = household(&spec);
    let keys: Vec<(&str, DateTime<Utc>)> = events
        .iter()
        .map(|e| (e.entity_id.as_str(), e.time_fired))
        .collect();
    (home_features(&keys, spec.time_zone), t.index() as f32)
}

/// Trains the classifier. `None`: told to stop (the run starts again from scratch next time:
/// a linear model trains in seconds, so these runs keep no optimiser state).
pub fn train(
    config: &HomeTypeConfig,
    progress: &mut dyn Progress,
) -> Result<Option<Trained>, MlError> {
    let started = Instant::now();
    let (mut train_set, mut validation) = (Data::default(), Data::default());
    let per_type = config.homes_per_type;
    let held =
        ((f64::from(per_type) * config.validation_share).round() as u32).clamp(1, per_type - 1);
    let total = per_type * 4;
    let mut done = 0;
    for t in HouseholdType::ALL {
        for i in 0..per_type {
            let (x, y) = sample(config, t, i);
            let set = if i < held {
                &mut validation
            } else {
                &mut train_set
            };
            set.x.push(x);
            set.y.push(y);
            done += 1;
            if progress.preparing(done, total) == crate::Flow::Stop {
                return Ok(None);
            }
        }
    }
    progress.log(&format!(
        "{} training and {} held-out homes, {} features",
        train_set.x.len(),
        validation.x.len(),
        crate::rhythm::HOME_FEATURES
    ));
    let how = Fit {
        epochs: config.epochs,
        steps_per_epoch: 20,
        learning_rate: config.learning_rate,
        weight_decay: 1e-3,
        patience: config.patience,
    };
    let val = validation.clone();
    let score = move |m: &LinearModel| -> Result<Vec<(String, f64)>, MlError> {
        let (acc, _) = evaluate(m, &val)?;
        Ok(vec![("validation.accuracy".to_owned(), acc)])
    };
    let outcome = fit(
        Head::Softmax(4),
        &how,
        &train_set,
        &validation,
        progress,
        &score,
    )?;
    let FitOutcome::Finished {
        model,
        best_epoch,
        epochs_run,
        early_stopped,
    } = outcome
    else {
        return Ok(None);
    };
    let (accuracy, confusion) = evaluate(&model, &validation)?;
    let (train_accuracy, _) = evaluate(&model, &train_set)?;
    let metrics = serde_json::json!({
        "accuracy": accuracy,
        "train_accuracy": train_accuracy,
        "confusion_matrix": {"classes": classes(), "rows_true_columns_predicted": confusion},
        "best_epoch": best_epoch,
        "epochs_run": epochs_run,
        "early_stopped": early_stopped,
        "train_homes": train_set.x.len(),
        "validation_homes": validation.x.len(),
        "training_seconds": started.elapsed().as_secs_f64(),
    });
    let mut artefact = model.to_artefact(FORMAT)?;
    artefact
        .metadata
        .insert("classes".into(), serde_json::to_string(&classes())?);
    artefact
        .metadata
        .insert("metrics".into(), metrics.to_string());
    artefact
        .metadata
        .insert("config".into(), serde_json::to_string(config)?);
    Ok(Some(Trained {
        model: artefact.to_bytes()?,
        metrics,
    }))
}

/// Accuracy and the confusion matrix (rows: true class, columns: predicted).
fn evaluate(m: &LinearModel, d: &Data) -> Result<(f64, Vec<Vec<u32>>), MlError> {
    let p = m.predict(&d.x)?;
    let mut confusion = vec![vec![0u32; 4]; 4];
    let mut right = 0;
    for (row, y) in p.iter().zip(&d.y) {
        let mut best = 0;
        for (i, v) in row.iter().enumerate() {
            if *v > row[best] {
                best = i;
            }
        }
        let t = *y as usize;
        if let Some(c) = confusion.get_mut(t).and_then(|r| r.get_mut(best)) {
            *c += 1;
        }
        if best == t {
            right += 1;
        }
    }
    Ok((f64::from(right) / d.x.len().max(1) as f64, confusion))
}
