//! The executor's part of a job's `config`: its own knobs ([`ExecutorConfig`]), the data set a
//! job names ([`DATASET`], [`DATASET_PATH`]), the check before a job is queued ([`validate`]),
//! and the model's own config with the executor's keys removed.

use homeai_domain::training::ModelType;
use homeai_ml::forecast::ForecastConfig;
use homeai_ml::home_type::HomeTypeConfig;
use homeai_ml::intent::IntentConfig;
use homeai_ml::synergy::SynergyConfig;
use homeai_synth::dataset::{Dataset, DatasetConfig};

/// Executor knobs in a job's `config`, beside the model's own.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ExecutorConfig {
    /// Makes every epoch last at least this long (demos, and tests that must catch a job
    /// mid-epoch); 0 = as fast as it goes.
    pub throttle_ms: u64,
}

impl ExecutorConfig {
    pub fn from_json(config: &serde_json::Value) -> Result<Self, String> {
        match config.get("throttle_ms") {
            None => Ok(Self::default()),
            Some(v) => match v.as_u64() {
                Some(ms) if ms <= 600_000 => Ok(Self { throttle_ms: ms }),
                _ => Err("config.throttle_ms must be an integer 0..=600000".into()),
            },
        }
    }
}

/// The config keys of a job that names a synthetic data set: `dataset` (its version, what a
/// client gives) and `dataset_path` (its file, only ever set by the local worker, never taken
/// from a client: [`validate`] refuses it).
pub const DATASET: &str = "dataset";
pub const DATASET_PATH: &str = "dataset_path";

/// The data set version a config names, if any; an error names `config.dataset`.
pub fn dataset_version(config: &serde_json::Value) -> Result<Option<i64>, String> {
    match config.get(DATASET) {
        None => Ok(None),
        Some(v) => v.as_i64().filter(|v| *v >= 1).map(Some).ok_or_else(|| {
            "config.dataset must be the version number (>= 1) of a synthetic data set".into()
        }),
    }
}

/// The data set the local worker resolved for this job (`config.dataset_path`), if any. For
/// the executors of the models that read one (`forecast`; `intent` reads `queries`).
pub fn dataset(config: &serde_json::Value) -> Result<Option<Dataset>, String> {
    let Some(path) = config.get(DATASET_PATH) else {
        if config.get(DATASET).is_some() {
            return Err("config.dataset was given but not resolved to a file: data sets are read on the training service's machine (execution_mode local)".into());
        }
        return Ok(None);
    };
    let path = path
        .as_str()
        .ok_or_else(|| "config.dataset_path must be a string".to_owned())?;
    Dataset::read(std::path::Path::new(path))
        .map(Some)
        .map_err(|e| format!("config.dataset: {e}"))
}

/// Checks a job's config before it is queued: what the executor would refuse later.
pub fn validate(model_type: ModelType, config: &serde_json::Value) -> Result<(), String> {
    ExecutorConfig::from_json(config)?;
    if config.get(DATASET_PATH).is_some() {
        return Err(
            "config.dataset_path is set by the service: name a data set with config.dataset".into(),
        );
    }
    if model_type == ModelType::Synthetic {
        return synthetic_config(config).map(drop);
    }
    dataset_version(config)?;
    let model = model_config(config);
    match model_type {
        ModelType::Synergy => checked(SynergyConfig::from_json(&model)),
        ModelType::HomeType => checked(HomeTypeConfig::from_json(&model)),
        ModelType::Forecast => checked(ForecastConfig::from_json(&model)),
        ModelType::Intent => checked(IntentConfig::from_json(&model)),
        _ => Ok(()),
    }
}

/// Whether a model's config reads, as a message when it does not.
fn checked<T, E: ToString>(read: Result<T, E>) -> Result<(), String> {
    read.map(drop).map_err(|e| e.to_string())
}

/// A `synthetic` job's data set config: the job's config without the executor's knobs.
pub(super) fn synthetic_config(config: &serde_json::Value) -> Result<DatasetConfig, String> {
    let mut own = config.clone();
    if let Some(map) = own.as_object_mut() {
        map.remove("throttle_ms");
    }
    DatasetConfig::from_json(&own).map_err(|e| e.to_string())
}

/// The model's own config (the executor's keys removed).
pub(super) fn model_config(config: &serde_json::Value) -> serde_json::Value {
    let mut model = config.clone();
    if let Some(map) = model.as_object_mut() {
        map.remove("throttle_ms");
        map.remove(DATASET);
        map.remove(DATASET_PATH);
    }
    model
}
