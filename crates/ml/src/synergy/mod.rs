//! The synergy model: which device pairs of a home make a useful automation.

mod adam;
mod auc;
mod data;
mod graph;
mod model;
mod train;

pub use auc::auc;
pub use data::{LabelledHome, home, split, split_with};
pub use graph::{HomeGraph, NODE_FEATURES, NodeInfo, PAIR_FEATURES};
pub use model::{FORMAT, SynergyModel};
pub use train::{Outcome, Trained, train};

use serde::{Deserialize, Serialize};

use crate::MlError;
use crate::config_check::{self, require};

/// How to train: every field has a default, so a job's `config` may give any of them (other
/// keys are the executor's and are ignored here).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SynergyConfig {
    pub epochs: u32,
    pub learning_rate: f64,
    /// Synthetic homes in all, and how many days each lives.
    pub homes: u32,
    pub days: u32,
    pub seed: u64,
    pub hidden: usize,
    /// Stop after this many epochs without a better held-out AUC.
    pub patience: u32,
    pub validation_share: f64,
    /// Share of homes that live their habits (the others give only negatives).
    pub habit_share: f64,
    /// Negative pairs sampled per positive in each training step.
    pub negatives_per_positive: u32,
}

impl Default for SynergyConfig {
    fn default() -> Self {
        Self {
            epochs: 30,
            learning_rate: 0.01,
            homes: 100,
            days: 14,
            seed: 7,
            hidden: 32,
            patience: 5,
            validation_share: 0.2,
            habit_share: 0.7,
            negatives_per_positive: 8,
        }
    }
}

impl SynergyConfig {
    /// Reads the model's keys from a job's `config` object.
    pub fn from_json(config: &serde_json::Value) -> Result<Self, MlError> {
        let c: Self = config_check::read(config)?;
        c.validate()?;
        Ok(c)
    }

    pub fn validate(&self) -> Result<(), MlError> {
        require(
            (1..=10_000).contains(&self.epochs),
            "epochs must be 1..=10000",
        )?;
        config_check::learning_rate(self.learning_rate)?;
        require((2..=5_000).contains(&self.homes), "homes must be 2..=5000")?;
        require((1..=400).contains(&self.days), "days must be 1..=400")?;
        require((4..=256).contains(&self.hidden), "hidden must be 4..=256")?;
        config_check::validation_share(self.validation_share)?;
        require(
            (0.0..=1.0).contains(&self.habit_share),
            "habit_share must be in [0, 1]",
        )?;
        require(
            (1..=1000).contains(&self.negatives_per_positive),
            "negatives_per_positive must be 1..=1000",
        )?;
        Ok(())
    }
}
