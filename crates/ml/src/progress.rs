//! How a training run reports to whoever drives it, and how it is told to stop.

use serde::{Deserialize, Serialize};

/// What the driver wants after a callback.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Continue,
    /// Stop now (pause or cancel): the last checkpoint handed to [`Progress::epoch_end`] is
    /// where a later run resumes.
    Stop,
}

/// One finished epoch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EpochReport {
    /// 1-based.
    pub epoch: u32,
    pub total_epochs: u32,
    /// `train.loss`, `validation.loss`, `validation.auc`, …: split and name joined by a dot.
    pub metrics: Vec<(String, f64)>,
    /// The early stop fired: this is the last epoch.
    pub early_stop: bool,
}

/// Callbacks a training run makes, from its own (blocking) thread.
pub trait Progress {
    /// A structured log line (numbered and stored by the driver).
    fn log(&mut self, message: &str);
    /// Preparing the data (`done` of `total` items), before the first epoch; a stop here
    /// leaves the run where it started.
    fn preparing(&mut self, _done: u32, _total: u32) -> Flow {
        Flow::Continue
    }
    /// A step inside an epoch (`step` of `steps`); called often, keep it cheap.
    fn step(&mut self, epoch: u32, step: u32, steps: u32) -> Flow;
    /// An epoch is done; `checkpoint` (safetensors bytes) resumes after it.
    fn epoch_end(&mut self, report: &EpochReport, checkpoint: &[u8]) -> Flow;
}

/// A driver that only lets a run go on: for benchmarks, tests and one-off runs.
#[derive(Debug, Clone, Copy, Default)]
pub struct Quiet;

impl Progress for Quiet {
    fn log(&mut self, _: &str) {}
    fn step(&mut self, _: u32, _: u32, _: u32) -> Flow {
        Flow::Continue
    }
    fn epoch_end(&mut self, _: &EpochReport, _: &[u8]) -> Flow {
        Flow::Continue
    }
}
