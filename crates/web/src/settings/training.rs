//! The training service's `[training_jobs]` section: its job queue and workers. (`[training]`
//! is the service's port and URL, like the other three; the queue has its own section so
//! `ServiceSettings` stays the same for all four.)

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::defaults::default_true;

/// `[training_jobs]`: the training service's job queue and workers
/// (`HOMEAI_TRAINING_JOBS__CONCURRENCY=2`, …).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainingJobSettings {
    /// Jobs the local worker runs at once (1 on a NUC: training takes the CPU).
    #[serde(default = "default_concurrency")]
    pub concurrency: usize,
    /// Run jobs in this process at all (off: only remote workers run them).
    #[serde(default = "default_true")]
    pub local_worker: bool,
    /// Where models and checkpoints are written; default `models/` beside the database.
    #[serde(default)]
    pub artefact_dir: Option<PathBuf>,
    /// An `auto` job waits this long for a remote worker before the local worker takes it.
    #[serde(default = "default_remote_wait_ms")]
    pub remote_wait_ms: u64,
    /// A remote worker that has not reported for this long loses its job (it is queued again
    /// and resumes from its last checkpoint).
    #[serde(default = "default_worker_lease_ms")]
    pub worker_lease_ms: u64,
    /// How often an idle local worker looks at the queue (it is also woken on every change).
    #[serde(default = "default_poll_ms")]
    pub poll_ms: u64,
    /// `homeai up`: how often it checks that Ask AI's intent model was trained on the home's
    /// current registry, and queues a low-priority job when it was not (first start, a renamed
    /// or new entity); 0 turns this off.
    #[serde(default = "default_intent_upkeep_secs")]
    pub intent_upkeep_secs: u64,
}

impl Default for TrainingJobSettings {
    fn default() -> Self {
        Self {
            concurrency: default_concurrency(),
            local_worker: true,
            artefact_dir: None,
            remote_wait_ms: default_remote_wait_ms(),
            worker_lease_ms: default_worker_lease_ms(),
            poll_ms: default_poll_ms(),
            intent_upkeep_secs: default_intent_upkeep_secs(),
        }
    }
}

impl TrainingJobSettings {
    /// The artefact directory, `models/` beside `database` unless set.
    pub fn artefact_dir(&self, database: &Path) -> PathBuf {
        self.artefact_dir.clone().unwrap_or_else(|| {
            database
                .parent()
                .unwrap_or_else(|| Path::new("."))
                .join("models")
        })
    }
}

fn default_concurrency() -> usize {
    1
}
fn default_intent_upkeep_secs() -> u64 {
    600
}
fn default_remote_wait_ms() -> u64 {
    30_000
}
fn default_worker_lease_ms() -> u64 {
    60_000
}
fn default_poll_ms() -> u64 {
    1_000
}
