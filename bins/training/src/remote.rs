//! The wire format between the training service and a remote worker (`homeai worker`).
//!
//! A worker polls `POST /api/v1/training/workers/claim`; the server hands it the highest
//! priority `remote` or `auto` job with a lease and the job's last checkpoint. The worker runs
//! the same [`crate::executor::ModelExecutor`] and reports under that lease: progress (which
//! is also its heartbeat), log lines, each finished epoch with its metrics and checkpoint, and
//! finally the model or the error. Bodies it sends are gzip-compressed JSON; binary parts
//! (checkpoints, the model) are base64 inside. Every answer says whether to continue: a job
//! paused, cancelled or taken away answers `false` and the worker stops.
//!
//! A worker that stops reporting for `training_jobs.worker_lease_ms` loses its job: it is
//! queued again and resumes from its last checkpoint, on another remote worker, or on the
//! local worker if it is an `auto` job and no remote worker takes it within
//! `training_jobs.remote_wait_ms`.

use homeai_domain::training::Job;
use homeai_ml::EpochReport;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ClaimRequest {
    /// The worker's name (shown in `worker_id`).
    pub worker: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claimed {
    pub job: Job,
    pub lease: String,
    /// base64 of the checkpoint to resume from.
    pub checkpoint: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProgressReport {
    pub lease: String,
    pub epoch: u32,
    pub total_epochs: u32,
    pub progress: f64,
    pub eta_s: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LogReport {
    pub lease: String,
    pub level: String,
    pub message: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EpochEnd {
    pub lease: String,
    pub report: EpochReport,
    pub progress: f64,
    pub eta_s: Option<f64>,
    /// base64 of the checkpoint after this epoch.
    pub checkpoint: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Completion {
    pub lease: String,
    /// `Ok`: base64 of the model and its metrics; `Err`: why it failed.
    pub outcome: Result<(String, serde_json::Value), String>,
}

/// The server's answer to every report.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Directive {
    #[serde(rename = "continue")]
    pub proceed: bool,
}
