//! What a running job writes, wherever it runs: the local worker calls these on its executor
//! thread, the remote-worker endpoints call them for a worker on another machine. Every write
//! is checked against the job's lease (its `worker_id`): a job that was paused, cancelled or
//! taken over meanwhile refuses it, and the executor stops.

use std::path::{Path, PathBuf};

use homeai_db::repo::model_artefacts::NewModelVersion;
use homeai_db::repo::{experiments, model_artefacts, training_jobs, training_logs};
use homeai_db::{DbError, SqliteConnection};
use homeai_domain::training::{Job, ModelType, ModelVersion};
use homeai_ml::EpochReport;
use sha2::{Digest, Sha256};

/// Leases of the in-process worker start with this.
pub const LOCAL_LEASE: &str = "local:";

/// Why a ledger write failed.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("database query failed: {0}")]
    Query(#[from] diesel::result::Error),
    #[error("artefact file {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("model: {0}")]
    Model(#[from] homeai_ml::MlError),
    #[error("data set: {0}")]
    Dataset(#[from] homeai_synth::dataset::DatasetError),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> LedgerError + '_ {
    move |source| LedgerError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Appends a numbered log line.
pub fn log(
    conn: &mut SqliteConnection,
    job_id: i64,
    level: &str,
    message: &str,
) -> Result<i64, DbError> {
    conn.immediate_transaction(|c| training_logs::append(c, job_id, level, message))
}

/// Records a finished epoch: metrics (once per epoch), progress, the epoch counter. `false`
/// when the lease no longer holds the job (nothing is written then).
pub fn epoch_end(
    conn: &mut SqliteConnection,
    job: &Job,
    lease: &str,
    report: &EpochReport,
    progress: f64,
) -> Result<bool, DbError> {
    conn.immediate_transaction(|c| {
        if !training_jobs::holds(c, job.id, lease)? {
            return Ok(false);
        }
        let params = job.config.as_object().cloned().unwrap_or_default();
        let experiment = experiments::ensure(c, job.id, job.model_type, &params)?;
        experiments::record_metrics(c, experiment, i64::from(report.epoch), &report.metrics)?;
        training_jobs::record_epoch(
            c,
            job.id,
            i64::from(report.epoch),
            i64::from(report.total_epochs),
            progress,
        )?;
        let line = format!(
            "epoch {}/{} {}",
            report.epoch,
            report.total_epochs,
            report
                .metrics
                .iter()
                .map(|(k, v)| format!("{k}={v:.4}"))
                .collect::<Vec<_>>()
                .join(" ")
        );
        training_logs::append(c, job.id, "info", &line)?;
        Ok(true)
    })
}

/// The checkpoint file of a job.
pub fn checkpoint_path(dir: &Path, job_id: i64) -> PathBuf {
    dir.join("checkpoints")
        .join(format!("job-{job_id}.safetensors"))
}

/// Writes a checkpoint atomically (temporary file, then rename).
pub fn save_checkpoint(dir: &Path, job_id: i64, bytes: &[u8]) -> Result<(), LedgerError> {
    let path = checkpoint_path(dir, job_id);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io(parent))?;
    }
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, bytes).map_err(io(&tmp))?;
    std::fs::rename(&tmp, &path).map_err(io(&path))?;
    Ok(())
}

/// The job's last checkpoint, if it has one.
pub fn load_checkpoint(dir: &Path, job_id: i64) -> Option<Vec<u8>> {
    std::fs::read(checkpoint_path(dir, job_id)).ok()
}

pub fn remove_checkpoint(dir: &Path, job_id: i64) {
    let _ = std::fs::remove_file(checkpoint_path(dir, job_id));
}

/// The file of a model version (a `synthetic` data set is a JSON document).
pub fn model_path(dir: &Path, model_type: ModelType, version: i64) -> PathBuf {
    let ext = match model_type {
        ModelType::Synthetic => "json",
        _ => "safetensors",
    };
    dir.join(model_type.as_str())
        .join(format!("v{version}.{ext}"))
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Completes a job: writes its model as the next version of its type, registers it (the first
/// version of a type becomes active), marks the job completed. `None` when the lease no longer
/// holds the job (nothing is kept).
pub fn complete(
    conn: &mut SqliteConnection,
    dir: &Path,
    job: &Job,
    lease: &str,
    model: &[u8],
    metrics: &serde_json::Value,
) -> Result<Option<(Job, ModelVersion)>, LedgerError> {
    conn.immediate_transaction(|c| {
        if !training_jobs::holds(c, job.id, lease)? {
            return Ok(None);
        }
        let version = model_artefacts::next_version(c, job.model_type)?;
        let bytes = match job.model_type {
            ModelType::Synthetic => homeai_synth::dataset::with_version(model, version)?,
            _ => homeai_ml::artefact::with_version(model, version)?,
        };
        let path = model_path(dir, job.model_type, version);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        std::fs::write(&path, &bytes).map_err(io(&path))?;
        let path_text = path.display().to_string();
        let sha = sha256_hex(&bytes);
        let mut registered = model_artefacts::register(
            c,
            &NewModelVersion {
                model_type: job.model_type,
                version,
                job_id: Some(job.id),
                path: &path_text,
                sha256: &sha,
                size_bytes: bytes.len() as i64,
                metrics,
            },
        )?;
        if model_artefacts::active(c, job.model_type)?.is_none() {
            registered = model_artefacts::activate(c, job.model_type, version)?;
        }
        training_logs::append(
            c,
            job.id,
            "info",
            &format!(
                "completed: {} version {version} ({} bytes) metrics {metrics}",
                job.model_type,
                bytes.len()
            ),
        )?;
        let Some(done) = training_jobs::finish(c, job.id, lease, Ok(()))? else {
            return Ok(None);
        };
        remove_checkpoint(dir, job.id);
        Ok(Some((done, registered)))
    })
}

/// Fails a job with `message`. `None` when the lease no longer holds it.
pub fn fail(
    conn: &mut SqliteConnection,
    job: &Job,
    lease: &str,
    message: &str,
) -> Result<Option<Job>, DbError> {
    conn.immediate_transaction(|c| {
        if !training_jobs::holds(c, job.id, lease)? {
            return Ok(None);
        }
        training_logs::append(c, job.id, "error", &format!("failed: {message}"))?;
        training_jobs::finish(c, job.id, lease, Err(message.to_owned()))
    })
}
