//! Checking a model's training config: each model's `from_json` reads its keys and states its
//! bounds with these, so the knobs every model has (learning rate, held-out share) have one
//! rule and one message.

use serde::de::DeserializeOwned;

use crate::MlError;

/// A model's config from a job's `config` object (its serde attributes refuse unknown keys).
pub(crate) fn read<T: DeserializeOwned>(config: &serde_json::Value) -> Result<T, MlError> {
    serde_json::from_value(config.clone()).map_err(|e| MlError::Config(e.to_string()))
}

/// `Err(MlError::Config(message))` unless `holds`.
pub(crate) fn require(holds: bool, message: &str) -> Result<(), MlError> {
    if holds {
        Ok(())
    } else {
        Err(MlError::Config(message.into()))
    }
}

/// The learning rate: in (0, 10).
pub(crate) fn learning_rate(value: f64) -> Result<(), MlError> {
    require(
        value > 0.0 && value < 10.0,
        "learning_rate must be in (0, 10)",
    )
}

/// The share held out for validation: in (0, 1).
pub(crate) fn validation_share(value: f64) -> Result<(), MlError> {
    require(
        value > 0.0 && value < 1.0,
        "validation_share must be in (0, 1)",
    )
}
