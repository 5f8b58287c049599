//! The local worker: takes queued jobs by priority (up to `training_jobs.concurrency` at once),
//! runs the executor on a blocking thread, writes through the ledger. It also puts back in the
//! queue the jobs of workers that went away: its own after a crash or restart (at start), and
//! remote workers' that stopped reporting (every tick).

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use homeai_db::repo::training_jobs::{self, ClaimRule, JobFilter};
use homeai_db::{Db, DbPool};
use homeai_domain::training::{ExecutionMode, Job, JobStatus};
use homeai_ml::EpochReport;
use homeai_web::settings::TrainingJobSettings;
use tokio::sync::{Notify, watch};

use crate::events::{EventHub, JobEvent};
use crate::executor::{Executor, JobSink, RunOutcome};
use crate::ledger::{self, LOCAL_LEASE};

/// What the worker and the routes share.
#[derive(Clone)]
pub struct Queue {
    pub db: Db,
    pub events: EventHub,
    pub settings: TrainingJobSettings,
    pub artefact_dir: PathBuf,
    /// Wakes the local worker (a job was queued or resumed).
    pub wake: Arc<Notify>,
}

impl Queue {
    fn cutoff(ms: u64) -> chrono::NaiveDateTime {
        (chrono::Utc::now() - chrono::Duration::milliseconds(ms as i64)).naive_utc()
    }

    /// `auto` jobs queued before this went unclaimed by remote workers for long enough.
    pub fn auto_cutoff(&self) -> chrono::NaiveDateTime {
        Self::cutoff(self.settings.remote_wait_ms)
    }

    /// Remote workers silent since this have lost their jobs.
    pub fn lease_cutoff(&self) -> chrono::NaiveDateTime {
        Self::cutoff(self.settings.worker_lease_ms)
    }

    /// How many jobs are queued and running (0, 0 when the database cannot say).
    pub async fn counts(&self) -> (i64, i64) {
        let count = |status: JobStatus| {
            let filter = JobFilter {
                status: Some(status),
                model_type: None,
                limit: 1,
                offset: 0,
            };
            self.db
                .run(move |c| Ok(training_jobs::list(c, &filter)?.total))
        };
        let queued = count(JobStatus::Queued).await.unwrap_or(0);
        let running = count(JobStatus::Running).await.unwrap_or(0);
        (queued, running)
    }

    /// Requeues running jobs of remote workers that stopped reporting.
    pub async fn reclaim_silent(&self) {
        let before = self.lease_cutoff();
        match self
            .db
            .write(move |c| training_jobs::requeue_orphans(c, None, Some((before, LOCAL_LEASE))))
            .await
        {
            Ok(jobs) => {
                for job in jobs {
                    tracing::warn!(
                        job_id = job.id,
                        "a remote worker stopped reporting: job queued again"
                    );
                    let _ = self
                        .db
                        .write(move |c| {
                            homeai_db::repo::training_logs::append(
                                c,
                                job.id,
                                "warn",
                                "the worker stopped reporting: queued again, resumes from its last checkpoint",
                            )
                        })
                        .await;
                    self.events.emit(JobEvent::of("queued", &job));
                    self.wake.notify_one();
                }
            }
            Err(e) => tracing::warn!(error = %e, "could not requeue silent jobs"),
        }
    }
}

/// Starts the local worker loop; it ends when `shutdown` turns true, telling running jobs to
/// stop (they stay `running` in the database and resume from their checkpoint at the next start).
pub fn spawn(
    queue: Queue,
    executor: Arc<dyn Executor>,
    mut shutdown: watch::Receiver<bool>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let stopping = Arc::new(AtomicBool::new(false));
        let running: Arc<Mutex<HashSet<i64>>> = Arc::default();
        let mut threads = Vec::new();
        // a job this process ran before a crash or restart goes back to the queue
        match queue
            .db
            .write(|c| training_jobs::requeue_orphans(c, Some(LOCAL_LEASE), None))
            .await
        {
            Ok(jobs) => {
                for job in jobs {
                    tracing::info!(
                        job_id = job.id,
                        epoch = job.current_epoch,
                        "resuming a job interrupted by a restart"
                    );
                    let id = job.id;
                    let _ = queue
                        .db
                        .write(move |c| {
                            homeai_db::repo::training_logs::append(
                                c,
                                id,
                                "warn",
                                "the service stopped while this job ran: queued again, resumes from its last checkpoint",
                            )
                        })
                        .await;
                }
            }
            Err(e) => tracing::warn!(error = %e, "could not requeue interrupted jobs"),
        }
        let poll = Duration::from_millis(queue.settings.poll_ms.max(50));
        loop {
            if *shutdown.borrow() {
                break;
            }
            // a read first: the writes below take the database's write lock, not worth it
            // every tick of an idle queue
            let (queued, running_now) = queue.counts().await;
            if running_now > 0 {
                queue.reclaim_silent().await;
            }
            if queue.settings.local_worker && queued > 0 {
                loop {
                    let busy: Vec<i64> = running
                        .lock()
                        .map(|r| r.iter().copied().collect())
                        .unwrap_or_default();
                    if busy.len() >= queue.settings.concurrency {
                        break;
                    }
                    let rule = ClaimRule {
                        modes: vec![ExecutionMode::Local],
                        auto_queued_before: Some(queue.auto_cutoff()),
                        except: busy,
                    };
                    let lease = format!("{LOCAL_LEASE}{}", uuid::Uuid::new_v4());
                    let claimed = {
                        let lease = lease.clone();
                        queue
                            .db
                            .write(move |c| training_jobs::claim_next(c, &rule, &lease))
                            .await
                    };
                    let job = match claimed {
                        Ok(Some(job)) => job,
                        Ok(None) => break,
                        Err(e) => {
                            tracing::warn!(error = %e, "could not take a job from the queue");
                            break;
                        }
                    };
                    if let Ok(mut r) = running.lock() {
                        r.insert(job.id);
                    }
                    threads.push(run_local(
                        queue.clone(),
                        Arc::clone(&executor),
                        job,
                        lease,
                        Arc::clone(&stopping),
                        Arc::clone(&running),
                    ));
                }
            }
            threads.retain(|t: &tokio::task::JoinHandle<()>| !t.is_finished());
            tokio::select! {
                _ = queue.wake.notified() => {}
                _ = tokio::time::sleep(poll) => {}
                _ = shutdown.changed() => {}
            }
        }
        stopping.store(true, Ordering::SeqCst);
        for t in threads {
            let _ = t.await;
        }
    })
}

/// Runs one claimed job on a blocking thread and records how it ended.
fn run_local(
    queue: Queue,
    executor: Arc<dyn Executor>,
    job: Job,
    lease: String,
    stopping: Arc<AtomicBool>,
    running: Arc<Mutex<HashSet<i64>>>,
) -> tokio::task::JoinHandle<()> {
    let span = tracing::info_span!("training_job", job_id = job.id, model_type = %job.model_type);
    tokio::task::spawn_blocking(move || {
        let _entered = span.enter();
        let id = job.id;
        run_blocking(&queue, executor.as_ref(), &job, &lease, &stopping);
        if let Ok(mut r) = running.lock() {
            r.remove(&id);
        }
        queue.wake.notify_one();
    })
}

fn run_blocking(
    queue: &Queue,
    executor: &dyn Executor,
    job: &Job,
    lease: &str,
    stopping: &Arc<AtomicBool>,
) {
    let checkpoint = ledger::load_checkpoint(&queue.artefact_dir, job.id);
    let mut started = JobEvent::of("started", job);
    started
        .metrics
        .insert("resumed_from_epoch".into(), job.current_epoch.into());
    queue.events.emit(started);
    let mut sink = LocalSink {
        pool: queue.db.pool().clone(),
        queue,
        job,
        lease,
        stopping,
    };
    sink.log(
        "info",
        &format!(
            "started on the local worker{}",
            if checkpoint.is_some() {
                format!(" from the checkpoint after epoch {}", job.current_epoch)
            } else {
                String::new()
            }
        ),
    );
    let outcome = match with_dataset_path(queue.db.pool(), job) {
        Ok(run) => executor.execute(&run, checkpoint.as_deref(), &mut sink),
        Err(message) => RunOutcome::Failed(message),
    };
    finish(&queue.db.pool().clone(), queue, job, lease, outcome);
}

/// The job as the executor sees it: when its config names a data set (`dataset`: a
/// `synthetic` version), the absolute path of that version's file is added as
/// `dataset_path`. Only here: a client cannot give a path ([`crate::executor::validate`]).
fn with_dataset_path(pool: &DbPool, job: &Job) -> Result<Job, String> {
    let Some(version) = crate::executor::dataset_version(&job.config)? else {
        return Ok(job.clone());
    };
    let mut conn = pool
        .get()
        .map_err(|e| format!("no database connection to find the data set: {e}"))?;
    let found = homeai_db::repo::model_artefacts::get(
        &mut conn,
        homeai_domain::training::ModelType::Synthetic,
        version,
    )
    .map_err(|e| format!("config.dataset: synthetic data set version {version}: {e}"))?;
    let path = PathBuf::from(&found.path);
    let path = std::fs::canonicalize(&path).unwrap_or(path);
    let mut run = job.clone();
    if let Some(map) = run.config.as_object_mut() {
        map.insert(
            crate::executor::DATASET_PATH.into(),
            path.display().to_string().into(),
        );
    }
    Ok(run)
}

/// Records the outcome of a run (local or remote) and emits its event.
pub fn finish(pool: &DbPool, queue: &Queue, job: &Job, lease: &str, outcome: RunOutcome) {
    let Ok(mut conn) = pool.get() else {
        tracing::error!(
            job_id = job.id,
            "no database connection to record the outcome"
        );
        return;
    };
    match outcome {
        RunOutcome::Completed { model, metrics } => {
            match ledger::complete(&mut conn, &queue.artefact_dir, job, lease, &model, &metrics) {
                Ok(Some((done, version))) => {
                    tracing::info!(
                        job_id = job.id,
                        version = version.version,
                        "training job completed"
                    );
                    let mut event = JobEvent::of("completed", &done);
                    if let Some(m) = metrics.as_object() {
                        event.metrics = m.clone();
                    }
                    event
                        .metrics
                        .insert("version".into(), version.version.into());
                    queue.events.emit(event);
                    if version.is_active {
                        queue.events.announce_model(&version);
                    }
                }
                Ok(None) => tracing::info!(
                    job_id = job.id,
                    "finished after it was taken away: result dropped"
                ),
                Err(e) => {
                    tracing::error!(job_id = job.id, error = %e, "could not store the model");
                    let _ = fail(
                        &mut conn,
                        queue,
                        job,
                        lease,
                        &format!("could not store the model: {e}"),
                    );
                }
            }
        }
        RunOutcome::Failed(message) => {
            tracing::warn!(job_id = job.id, %message, "training job failed");
            let _ = fail(&mut conn, queue, job, lease, &message);
        }
        RunOutcome::Stopped => {
            tracing::info!(job_id = job.id, "training job stopped");
        }
    }
}

fn fail(
    conn: &mut homeai_db::SqliteConnection,
    queue: &Queue,
    job: &Job,
    lease: &str,
    message: &str,
) -> Result<(), homeai_db::DbError> {
    if let Some(failed) = ledger::fail(conn, job, lease, message)? {
        let mut event = JobEvent::of("failed", &failed);
        event.metrics.insert("error".into(), message.into());
        queue.events.emit(event);
    }
    Ok(())
}

/// The local worker's sink: straight to the database, events to the hub.
struct LocalSink<'a> {
    pool: DbPool,
    queue: &'a Queue,
    job: &'a Job,
    lease: &'a str,
    stopping: &'a Arc<AtomicBool>,
}

impl JobSink for LocalSink<'_> {
    fn log(&mut self, level: &str, message: &str) {
        if let Ok(mut c) = self.pool.get()
            && let Err(e) = ledger::log(&mut c, self.job.id, level, message)
        {
            tracing::warn!(error = %e, "could not write a job log line");
        }
    }

    fn progress(&mut self, epoch: u32, total: u32, progress: f64, eta_s: Option<f64>) -> bool {
        if self.stopping.load(Ordering::SeqCst) {
            return false;
        }
        let Ok(mut c) = self.pool.get() else {
            return true;
        };
        match training_jobs::report_progress(&mut c, self.job.id, self.lease, progress) {
            Ok(true) => {
                let mut e = JobEvent::of("progress", self.job);
                e.status = JobStatus::Running;
                e.epoch = i64::from(epoch.saturating_sub(1));
                e.total_epochs = Some(i64::from(total));
                e.progress = progress;
                e.eta_s = eta_s;
                self.queue.events.emit(e);
                true
            }
            Ok(false) => false,
            Err(err) => {
                tracing::warn!(error = %err, "could not record progress");
                true
            }
        }
    }

    fn epoch_end(
        &mut self,
        report: &EpochReport,
        progress: f64,
        eta_s: Option<f64>,
        checkpoint: &[u8],
    ) -> bool {
        let Ok(mut c) = self.pool.get() else {
            return !self.stopping.load(Ordering::SeqCst);
        };
        match ledger::epoch_end(&mut c, self.job, self.lease, report, progress) {
            Ok(true) => {}
            Ok(false) => return false,
            Err(e) => {
                tracing::warn!(error = %e, "could not record an epoch");
                return false;
            }
        }
        if let Err(e) = ledger::save_checkpoint(&self.queue.artefact_dir, self.job.id, checkpoint) {
            tracing::warn!(error = %e, "could not save a checkpoint");
        }
        self.queue
            .events
            .emit(progress_event(self.job, report, progress, eta_s));
        !self.stopping.load(Ordering::SeqCst)
    }
}

/// The `progress` event of a finished epoch.
pub fn progress_event(
    job: &Job,
    report: &EpochReport,
    progress: f64,
    eta_s: Option<f64>,
) -> JobEvent {
    let mut e = JobEvent::of("progress", job);
    e.status = JobStatus::Running;
    e.epoch = i64::from(report.epoch);
    e.total_epochs = Some(i64::from(report.total_epochs));
    e.progress = progress;
    e.eta_s = eta_s;
    for (k, v) in &report.metrics {
        e.metrics.insert(k.clone(), (*v).into());
    }
    e
}
