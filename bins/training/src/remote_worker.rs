//! A remote worker (`homeai worker --server URL`): polls the training service for `remote`
//! and `auto` jobs, runs the same executor as the local worker, and sends progress, logs,
//! epochs with their checkpoints, and the model back (gzip-compressed, retried with backoff).

use std::io::Write;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use homeai_ml::EpochReport;
use serde::Serialize;
use serde::de::DeserializeOwned;
use tokio::runtime::Handle;

use crate::executor::{Executor, JobSink, ModelExecutor, RunOutcome};
use crate::remote::{
    ClaimRequest, Claimed, Completion, Directive, EpochEnd, LogReport, ProgressReport,
};

/// How to reach the server and who this worker is.
#[derive(Debug, Clone)]
pub struct WorkerOptions {
    pub server: String,
    pub name: String,
    pub token: String,
    /// How often an idle worker asks for a job.
    pub poll: Duration,
    /// Stop after one job (scripts, tests).
    pub once: bool,
}

/// Why the worker could not talk to the server.
#[derive(Debug, thiserror::Error)]
pub enum WorkerError {
    #[error("request to {url} failed: {source}")]
    Http { url: String, source: reqwest::Error },
    #[error("{url} answered {status}: {body}")]
    Status {
        url: String,
        status: u16,
        body: String,
    },
    #[error("encoding a request: {0}")]
    Encode(String),
}

/// Attempts per request; the waits between them double from 250 ms.
const ATTEMPTS: u32 = 5;

#[derive(Clone)]
struct Server {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Server {
    /// POSTs `body` as gzip-compressed JSON, retrying connection errors and 5xx answers.
    /// `Ok(None)` for 204.
    async fn post<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<Option<T>, WorkerError> {
        let url = format!("{}{path}", self.base);
        let json = serde_json::to_vec(body).map_err(|e| WorkerError::Encode(e.to_string()))?;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&json)
            .map_err(|e| WorkerError::Encode(e.to_string()))?;
        let compressed = gz
            .finish()
            .map_err(|e| WorkerError::Encode(e.to_string()))?;
        let mut wait = Duration::from_millis(250);
        let mut attempt = 1;
        loop {
            let sent = self
                .http
                .post(&url)
                .bearer_auth(&self.token)
                .header("content-type", "application/json")
                .header("content-encoding", "gzip")
                .body(compressed.clone())
                .send()
                .await;
            let retry =
                match sent {
                    Ok(res) if res.status().as_u16() == 204 => return Ok(None),
                    Ok(res) if res.status().is_success() => {
                        return res.json::<T>().await.map(Some).map_err(|source| {
                            WorkerError::Http {
                                url: url.clone(),
                                source,
                            }
                        });
                    }
                    Ok(res) if res.status().is_server_error() => WorkerError::Status {
                        url: url.clone(),
                        status: res.status().as_u16(),
                        body: res.text().await.unwrap_or_default(),
                    },
                    Ok(res) => {
                        return Err(WorkerError::Status {
                            url: url.clone(),
                            status: res.status().as_u16(),
                            body: res.text().await.unwrap_or_default(),
                        });
                    }
                    Err(source) => WorkerError::Http {
                        url: url.clone(),
                        source,
                    },
                };
            if attempt >= ATTEMPTS {
                return Err(retry);
            }
            tracing::warn!(error = %retry, attempt, "request failed, retrying");
            tokio::time::sleep(wait).await;
            wait *= 2;
            attempt += 1;
        }
    }
}

/// Runs until `stop` resolves (or after one job with `once`).
pub async fn run(
    options: WorkerOptions,
    stop: impl std::future::Future<Output = ()>,
) -> Result<(), WorkerError> {
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .map_err(|source| WorkerError::Http {
            url: options.server.clone(),
            source,
        })?;
    let server = Server {
        http,
        base: options.server.trim_end_matches('/').to_owned(),
        token: options.token.clone(),
    };
    tracing::info!(server = %server.base, worker = %options.name, "remote worker started");
    tokio::pin!(stop);
    let ask = ClaimRequest {
        worker: options.name.clone(),
    };
    loop {
        let claimed: Result<Option<Claimed>, _> = tokio::select! {
            c = server.post("/api/v1/training/workers/claim", &ask) => c,
            _ = &mut stop => return Ok(()),
        };
        match claimed {
            Ok(Some(claimed)) => {
                run_job(&server, claimed).await;
                if options.once {
                    return Ok(());
                }
            }
            Ok(None) => {}
            Err(e) => tracing::warn!(error = %e, "could not ask for a job"),
        }
        tokio::select! {
            _ = tokio::time::sleep(options.poll) => {}
            _ = &mut stop => return Ok(()),
        }
    }
}

async fn run_job(server: &Server, claimed: Claimed) {
    let Claimed {
        job,
        lease,
        checkpoint,
    } = claimed;
    let id = job.id;
    tracing::info!(job_id = id, model_type = %job.model_type, from_epoch = job.current_epoch, "took a job");
    let checkpoint = checkpoint.and_then(|c| B64.decode(c).ok());
    let handle = Handle::current();
    let sink_server = server.clone();
    let run_lease = lease.clone();
    let outcome = tokio::task::spawn_blocking(move || {
        let mut sink = RemoteSink {
            server: sink_server,
            handle,
            job_id: job.id,
            lease: run_lease,
        };
        ModelExecutor.execute(&job, checkpoint.as_deref(), &mut sink)
    })
    .await;
    let outcome = match outcome {
        Ok(o) => o,
        Err(e) => RunOutcome::Failed(format!("the executor panicked: {e}")),
    };
    let completion = match outcome {
        RunOutcome::Completed { model, metrics } => Completion {
            lease,
            outcome: Ok((B64.encode(model), metrics)),
        },
        RunOutcome::Failed(message) => Completion {
            lease,
            outcome: Err(message),
        },
        RunOutcome::Stopped => {
            tracing::info!(job_id = id, "job stopped by the server");
            return;
        }
    };
    match server
        .post::<_, serde_json::Value>(
            &format!("/api/v1/training/workers/jobs/{id}/complete"),
            &completion,
        )
        .await
    {
        Ok(_) => tracing::info!(job_id = id, "result sent"),
        Err(e) => {
            tracing::error!(job_id = id, error = %e, "could not send the result; the server will requeue the job")
        }
    }
}

/// Reports to the server from the executor's blocking thread.
struct RemoteSink {
    server: Server,
    handle: Handle,
    job_id: i64,
    lease: String,
}

impl RemoteSink {
    fn report<B: Serialize>(&self, what: &str, body: &B) -> bool {
        let path = format!("/api/v1/training/workers/jobs/{}/{what}", self.job_id);
        match self
            .handle
            .block_on(self.server.post::<_, Directive>(&path, body))
        {
            Ok(Some(d)) => d.proceed,
            Ok(None) => true,
            Err(e) => {
                // the server is unreachable after retries: stop; it requeues the job when the
                // lease runs out, and the last checkpoint it has is where the job resumes
                tracing::error!(job_id = self.job_id, error = %e, "lost the server");
                false
            }
        }
    }
}

impl JobSink for RemoteSink {
    fn log(&mut self, level: &str, message: &str) {
        self.report(
            "log",
            &LogReport {
                lease: self.lease.clone(),
                level: level.to_owned(),
                message: message.to_owned(),
            },
        );
    }

    fn progress(
        &mut self,
        epoch: u32,
        total_epochs: u32,
        progress: f64,
        eta_s: Option<f64>,
    ) -> bool {
        self.report(
            "progress",
            &ProgressReport {
                lease: self.lease.clone(),
                epoch,
                total_epochs,
                progress,
                eta_s,
            },
        )
    }

    fn epoch_end(
        &mut self,
        report: &EpochReport,
        progress: f64,
        eta_s: Option<f64>,
        checkpoint: &[u8],
    ) -> bool {
        self.report(
            "epoch",
            &EpochEnd {
                lease: self.lease.clone(),
                report: report.clone(),
                progress,
                eta_s,
                checkpoint: B64.encode(checkpoint),
            },
        )
    }
}
