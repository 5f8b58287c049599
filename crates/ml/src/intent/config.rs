//! How the intent model is trained: [`IntentConfig`], read from a job's `config` and checked.

use serde::{Deserialize, Serialize};

use crate::MlError;
use crate::config_check::{self, require};

/// How to train; a job's `config` may give any field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IntentConfig {
    pub epochs: u32,
    pub learning_rate: f64,
    /// Made-up homes to write requests for, and requests per home.
    pub homes: u32,
    pub queries_per_home: u32,
    pub seed: u64,
    pub patience: u32,
    /// Share of the homes held out (their requests are the validation set).
    pub validation_share: f64,
    /// Feature buckets: 2^hash_bits.
    pub hash_bits: u32,
    /// Requests per optimiser step.
    pub batch: u32,
    /// A rewording below this confidence is not made.
    pub min_confidence: f64,
    /// The installation's own home: requests for it join the training set (the held-out
    /// requests stay those of made-up homes). The training service fills it in from the query
    /// service unless `own_home` is false.
    pub home: Option<homeai_askai::Home>,
    pub own_home: bool,
}

impl Default for IntentConfig {
    fn default() -> Self {
        Self {
            epochs: 20,
            learning_rate: 0.1,
            homes: 40,
            queries_per_home: 150,
            seed: 7,
            patience: 3,
            validation_share: 0.2,
            hash_bits: 15,
            batch: 256,
            min_confidence: 0.6,
            home: None,
            own_home: true,
        }
    }
}

impl IntentConfig {
    pub fn from_json(config: &serde_json::Value) -> Result<Self, MlError> {
        let c: Self = config_check::read(config)?;
        require((1..=1_000).contains(&c.epochs), "epochs must be 1..=1000")?;
        config_check::learning_rate(c.learning_rate)?;
        require((2..=2_000).contains(&c.homes), "homes must be 2..=2000")?;
        require(
            (1..=10_000).contains(&c.queries_per_home),
            "queries_per_home must be 1..=10000",
        )?;
        config_check::validation_share(c.validation_share)?;
        require(
            (10..=20).contains(&c.hash_bits),
            "hash_bits must be 10..=20",
        )?;
        require((1..=4_096).contains(&c.batch), "batch must be 1..=4096")?;
        require(
            (0.0..=1.0).contains(&c.min_confidence),
            "min_confidence must be in 0..=1",
        )?;
        require(
            c.home.as_ref().is_none_or(|h| h.entities.len() <= 20_000),
            "home: at most 20000 entities",
        )?;
        Ok(c)
    }
}
