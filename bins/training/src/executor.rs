//! The one executor: given a job (and its last checkpoint), train its model and report through
//! a [`JobSink`]. The local worker runs it on a blocking thread of the training service; a
//! remote worker (`homeai worker --server URL`) runs the very same code on another machine.

use std::time::{Duration, Instant};

use homeai_domain::training::{Job, ModelType};
use homeai_ml::forecast::{self, ForecastConfig};
use homeai_ml::home_type::{self, HomeTypeConfig};
use homeai_ml::intent::{self, IntentConfig};
use homeai_ml::synergy::{self, SynergyConfig};
use homeai_ml::{EpochReport, Flow, Progress};

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
    /// The model (safetensors bytes) and its summary metrics.
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

/// Executor knobs in a job's `config`, beside the model's own.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ExecutorConfig {
    /// Makes every epoch last at least this long (demos, and tests that must catch a job
    /// mid-epoch); 0 = as fast as it goes.
    pub throttle_ms: u64,
}

impl ExecutorConfig {
    pub fn from_json(config: &serde_json::Value) -> Result<Self, String> {
        match config.get("throttle_ms") {
            None => Ok(Self::default()),
            Some(v) => match v.as_u64() {
                Some(ms) if ms <= 600_000 => Ok(Self { throttle_ms: ms }),
                _ => Err("config.throttle_ms must be an integer 0..=600000".into()),
            },
        }
    }
}

/// Checks a job's config before it is queued: what the executor would refuse later.
pub fn validate(model_type: ModelType, config: &serde_json::Value) -> Result<(), String> {
    ExecutorConfig::from_json(config)?;
    let mut model = config.clone();
    if let Some(map) = model.as_object_mut() {
        map.remove("throttle_ms");
    }
    match model_type {
        ModelType::Synergy => SynergyConfig::from_json(&model)
            .map(|_| ())
            .map_err(|e| e.to_string()),
        ModelType::HomeType => HomeTypeConfig::from_json(&model)
            .map(|_| ())
            .map_err(|e| e.to_string()),
        ModelType::Forecast => ForecastConfig::from_json(&model)
            .map(|_| ())
            .map_err(|e| e.to_string()),
        ModelType::Intent => IntentConfig::from_json(&model)
            .map(|_| ())
            .map_err(|e| e.to_string()),
        _ => Ok(()),
    }
}

/// The model's own config (the executor's keys removed).
fn model_config(config: &serde_json::Value) -> serde_json::Value {
    let mut model = config.clone();
    if let Some(map) = model.as_object_mut() {
        map.remove("throttle_ms");
    }
    model
}

impl Executor for ModelExecutor {
    fn execute(&self, job: &Job, checkpoint: Option<&[u8]>, sink: &mut dyn JobSink) -> RunOutcome {
        let knobs = match ExecutorConfig::from_json(&job.config) {
            Ok(k) => k,
            Err(e) => return RunOutcome::Failed(e),
        };
        match job.model_type {
            ModelType::Synergy => {
                let config = match SynergyConfig::from_json(&model_config(&job.config)) {
                    Ok(c) => c,
                    Err(e) => return RunOutcome::Failed(e.to_string()),
                };
                sink.log(
                    "info",
                    &format!(
                        "synergy model: {} homes × {} days, {} epochs, lr {}, hidden {}, patience {}{}",
                        config.homes,
                        config.days,
                        config.epochs,
                        config.learning_rate,
                        config.hidden,
                        config.patience,
                        if checkpoint.is_some() { ", from a checkpoint" } else { "" }
                    ),
                );
                let mut adapter = Adapter::new(sink, knobs, config.epochs, job.current_epoch);
                match synergy::train(&config, checkpoint, &mut adapter) {
                    Ok(synergy::Outcome::Finished(t)) => RunOutcome::Completed {
                        model: t.model,
                        metrics: t.metrics,
                    },
                    Ok(synergy::Outcome::Stopped { .. }) => RunOutcome::Stopped,
                    Err(e) => RunOutcome::Failed(e.to_string()),
                }
            }
            ModelType::HomeType => {
                let config = match HomeTypeConfig::from_json(&model_config(&job.config)) {
                    Ok(c) => c,
                    Err(e) => return RunOutcome::Failed(e.to_string()),
                };
                sink.log(
                    "info",
                    &format!(
                        "home-type classifier: {} homes of each type × {} days, {} epochs{}",
                        config.homes_per_type,
                        config.days,
                        config.epochs,
                        if checkpoint.is_some() {
                            " (starts again: linear runs keep no optimiser state)"
                        } else {
                            ""
                        }
                    ),
                );
                let mut adapter = Adapter::new(sink, knobs, config.epochs, 0);
                linear_outcome(
                    home_type::train(&config, &mut adapter)
                        .map(|t| t.map(|t| (t.model, t.metrics))),
                )
            }
            ModelType::Forecast => {
                let config = match ForecastConfig::from_json(&model_config(&job.config)) {
                    Ok(c) => c,
                    Err(e) => return RunOutcome::Failed(e.to_string()),
                };
                sink.log(
                    "info",
                    &format!(
                        "usage forecaster: {} homes × {} days, {} epochs{}",
                        config.homes,
                        config.days,
                        config.epochs,
                        if checkpoint.is_some() {
                            " (starts again: linear runs keep no optimiser state)"
                        } else {
                            ""
                        }
                    ),
                );
                let mut adapter = Adapter::new(sink, knobs, config.epochs, 0);
                linear_outcome(
                    forecast::train(&config, &mut adapter).map(|t| t.map(|t| (t.model, t.metrics))),
                )
            }
            ModelType::Intent => {
                let config = match IntentConfig::from_json(&model_config(&job.config)) {
                    Ok(c) => c,
                    Err(e) => return RunOutcome::Failed(e.to_string()),
                };
                sink.log(
                    "info",
                    &format!(
                        "intent model: {} made-up homes × {} requests, {} epochs{}",
                        config.homes,
                        config.queries_per_home,
                        config.epochs,
                        if checkpoint.is_some() {
                            " (starts again: linear runs keep no optimiser state)"
                        } else {
                            ""
                        }
                    ),
                );
                let mut adapter = Adapter::new(sink, knobs, config.epochs, 0);
                let (train, validation) = intent::dataset(&config);
                linear_outcome(
                    intent::train(&config, &train, &validation, &mut adapter)
                        .map(|t| t.map(|t| (t.model, t.metrics))),
                )
            }
            other => RunOutcome::Failed(format!(
                "training a {other} model is not implemented yet (it lands with the models issue)"
            )),
        }
    }
}

/// A linear model's run as the worker sees it.
fn linear_outcome(
    r: Result<Option<(Vec<u8>, serde_json::Value)>, homeai_ml::MlError>,
) -> RunOutcome {
    match r {
        Ok(Some((model, metrics))) => RunOutcome::Completed { model, metrics },
        Ok(None) => RunOutcome::Stopped,
        Err(e) => RunOutcome::Failed(e.to_string()),
    }
}

/// Turns the model's callbacks into sink calls: progress 0..1, ETA, throttling.
struct Adapter<'a> {
    sink: &'a mut dyn JobSink,
    knobs: ExecutorConfig,
    total: u32,
    started: Instant,
    /// Progress when this run started (a resumed job starts part-way).
    start_progress: f64,
    last_report: Option<Instant>,
}

/// Progress reports inside an epoch at most this often.
const REPORT_EVERY: Duration = Duration::from_millis(250);

impl<'a> Adapter<'a> {
    fn new(sink: &'a mut dyn JobSink, knobs: ExecutorConfig, total: u32, epochs_done: i64) -> Self {
        Self {
            sink,
            knobs,
            total,
            started: Instant::now(),
            start_progress: epochs_done as f64 / f64::from(total.max(1)),
            last_report: None,
        }
    }

    fn eta(&self, progress: f64) -> Option<f64> {
        let done = progress - self.start_progress;
        (done > 1e-6).then(|| self.started.elapsed().as_secs_f64() / done * (1.0 - progress))
    }
}

impl Progress for Adapter<'_> {
    fn log(&mut self, message: &str) {
        self.sink.log("info", message);
    }

    fn preparing(&mut self, done: u32, total: u32) -> Flow {
        // also the heartbeat of a remote worker while it generates the data
        if self.last_report.is_some_and(|t| t.elapsed() < REPORT_EVERY) && done < total {
            return Flow::Continue;
        }
        self.last_report = Some(Instant::now());
        if self.sink.progress(0, self.total, self.start_progress, None) {
            Flow::Continue
        } else {
            Flow::Stop
        }
    }

    fn step(&mut self, epoch: u32, step: u32, steps: u32) -> Flow {
        if self.knobs.throttle_ms > 0 {
            std::thread::sleep(Duration::from_millis(
                self.knobs.throttle_ms / u64::from(steps.max(1)),
            ));
        }
        if self.last_report.is_some_and(|t| t.elapsed() < REPORT_EVERY) && step < steps {
            return Flow::Continue;
        }
        self.last_report = Some(Instant::now());
        let progress = (f64::from(epoch.saturating_sub(1))
            + f64::from(step) / f64::from(steps.max(1)))
            / f64::from(self.total.max(1));
        let eta = self.eta(progress);
        if self.sink.progress(epoch, self.total, progress, eta) {
            Flow::Continue
        } else {
            Flow::Stop
        }
    }

    fn epoch_end(&mut self, report: &EpochReport, checkpoint: &[u8]) -> Flow {
        let progress = if report.early_stop {
            1.0
        } else {
            f64::from(report.epoch) / f64::from(report.total_epochs.max(1))
        };
        let eta = self.eta(progress);
        if self.sink.epoch_end(report, progress, eta, checkpoint) {
            Flow::Continue
        } else {
            Flow::Stop
        }
    }
}
