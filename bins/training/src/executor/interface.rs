//! What a worker and the executor agree on: the [`Executor`] that runs a job, the [`JobSink`] it
//! reports through, and the [`RunOutcome`] it ends with.

use homeai_domain::training::Job;
use homeai_ml::EpochReport;

/// Where a running job reports. Every method may say stop (`false`): the job was paused,
/// cancelled or taken away, or the worker is shutting down.
pub trait JobSink {
    fn log(&mut self, level: &str, message: &str);
    /// Progress inside the job, 0..1, with an ETA in seconds when known.
    fn progress(
        &mut self,
        epoch: u32,
        total_epochs: u32,
        progress: f64,
        eta_s: Option<f64>,
    ) -> bool;
    /// A finished epoch: its metrics and the checkpoint to resume after it.
    fn epoch_end(
        &mut self,
        report: &EpochReport,
        progress: f64,
        eta_s: Option<f64>,
        checkpoint: &[u8],
    ) -> bool;
}

/// How a run ended.
#[derive(Debug)]
pub enum RunOutcome {
    /// The model (safetensors bytes; a `synthetic` job's JSON data set) and its summary metrics.
    Completed {
        model: Vec<u8>,
        metrics: serde_json::Value,
    },
    /// Stopped on request; the last checkpoint handed to the sink is where it resumes.
    Stopped,
    Failed(String),
}

/// Runs jobs. Blocking: call on a thread that may block.
pub trait Executor: Send + Sync {
    fn execute(&self, job: &Job, checkpoint: Option<&[u8]>, sink: &mut dyn JobSink) -> RunOutcome;
}

/// The real executor: trains the model the job names.
#[derive(Debug, Clone, Copy, Default)]
pub struct ModelExecutor;
