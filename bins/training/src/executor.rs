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
use homeai_synth::dataset::{Dataset, DatasetConfig};

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

/// The config keys of a job that names a synthetic data set: `dataset` (its version, what a
/// client gives) and `dataset_path` (its file, only ever set by the local worker, never taken
/// from a client: [`validate`] refuses it).
pub const DATASET: &str = "dataset";
pub const DATASET_PATH: &str = "dataset_path";

/// The data set version a config names, if any; an error names `config.dataset`.
pub fn dataset_version(config: &serde_json::Value) -> Result<Option<i64>, String> {
    match config.get(DATASET) {
        None => Ok(None),
        Some(v) => v.as_i64().filter(|v| *v >= 1).map(Some).ok_or_else(|| {
            "config.dataset must be the version number (>= 1) of a synthetic data set".into()
        }),
    }
}

/// The data set the local worker resolved for this job (`config.dataset_path`), if any. For
/// the executors of the models that read one (`forecast`; `intent` reads `queries`).
pub fn dataset(config: &serde_json::Value) -> Result<Option<Dataset>, String> {
    let Some(path) = config.get(DATASET_PATH) else {
        if config.get(DATASET).is_some() {
            return Err("config.dataset was given but not resolved to a file: data sets are read on the training service's machine (execution_mode local)".into());
        }
        return Ok(None);
    };
    let path = path
        .as_str()
        .ok_or_else(|| "config.dataset_path must be a string".to_owned())?;
    Dataset::read(std::path::Path::new(path))
        .map(Some)
        .map_err(|e| format!("config.dataset: {e}"))
}

/// Checks a job's config before it is queued: what the executor would refuse later.
pub fn validate(model_type: ModelType, config: &serde_json::Value) -> Result<(), String> {
    ExecutorConfig::from_json(config)?;
    if config.get(DATASET_PATH).is_some() {
        return Err(
            "config.dataset_path is set by the service: name a data set with config.dataset".into(),
        );
    }
    if model_type == ModelType::Synthetic {
        let mut own = config.clone();
        if let Some(map) = own.as_object_mut() {
            map.remove("throttle_ms");
        }
        return DatasetConfig::from_json(&own)
            .map(|_| ())
            .map_err(|e| e.to_string());
    }
    dataset_version(config)?;
    let model = model_config(config);
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
        map.remove(DATASET);
        map.remove(DATASET_PATH);
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
                let dataset = match dataset(&job.config) {
                    Ok(d) => d,
                    Err(e) => return RunOutcome::Failed(e),
                };
                let mut adapter = Adapter::new(sink, knobs, config.epochs, 0);
                let trained = match dataset {
                    None => forecast::train(&config, &mut adapter),
                    Some(d) => {
                        adapter.log(&format!(
                            "on synthetic data set version {}: {} homes (config homes, days and seed unused)",
                            d.version.unwrap_or_default(),
                            d.homes.len()
                        ));
                        forecast::train_on_dataset(&config, d, &mut adapter)
                    }
                };
                linear_outcome(trained.map(|t| t.map(|t| (t.model, t.metrics))))
            }
            ModelType::Synthetic => {
                let mut own = job.config.clone();
                if let Some(map) = own.as_object_mut() {
                    map.remove("throttle_ms");
                }
                let config = match DatasetConfig::from_json(&own) {
                    Ok(c) => c,
                    Err(e) => return RunOutcome::Failed(e.to_string()),
                };
                sink.log(
                    "info",
                    &format!(
                        "synthetic data set: {} homes × {} days, {} requests per home, seed {}",
                        config.homes, config.days, config.queries_per_home, config.seed
                    ),
                );
                let mut adapter = Adapter::new(sink, knobs, config.homes, 0);
                synthetic(&config, &mut adapter)
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
                // the requests of a named data set, or made-up homes' own
                let (train, validation) = match dataset(&job.config) {
                    Ok(None) => intent::dataset(&config),
                    Ok(Some(d)) => {
                        sink.log(
                            "info",
                            &format!(
                                "requests from synthetic data set v{}: {} for {} homes",
                                d.version.unwrap_or_default(),
                                d.queries.len(),
                                d.homes.len()
                            ),
                        );
                        let requests = d.queries.into_iter().map(|q| (q.request, q.home)).collect();
                        match intent::split_by_home(&config, requests) {
                            Ok(split) => split,
                            Err(e) => return RunOutcome::Failed(e.to_string()),
                        }
                    }
                    Err(e) => return RunOutcome::Failed(e),
                };
                let mut adapter = Adapter::new(sink, knobs, config.epochs, 0);
                linear_outcome(
                    intent::train(&config, &train, &validation, &mut adapter)
                        .map(|t| t.map(|t| (t.model, t.metrics))),
                )
            }
        }
    }
}

/// A `synthetic` job: the data set, home by home (an "epoch" is a home; a stopped run starts
/// again, the same config giving the same data). The "model" is the JSON document.
fn synthetic(config: &DatasetConfig, progress: &mut dyn Progress) -> RunOutcome {
    let total = config.homes;
    let made = homeai_synth::dataset::generate(config, |i, home, queries| {
        if progress.step(i + 1, 1, 1) == Flow::Stop {
            return false;
        }
        let report = EpochReport {
            epoch: i + 1,
            total_epochs: total,
            metrics: vec![
                ("train.events".into(), home.events.len() as f64),
                ("train.habits".into(), home.habits.len() as f64),
                ("train.queries".into(), queries as f64),
            ],
            early_stop: false,
        };
        // nothing to resume from: a stopped run makes the same homes again
        progress.epoch_end(&report, &[]) == Flow::Continue
    });
    let Some(dataset) = made else {
        return RunOutcome::Stopped;
    };
    let bytes = match dataset.to_bytes() {
        Ok(b) => b,
        Err(e) => return RunOutcome::Failed(e.to_string()),
    };
    let mut metrics = dataset.counts();
    if let Some(m) = metrics.as_object_mut() {
        m.insert("bytes".into(), bytes.len().into());
    }
    progress.log(&format!("data set made: {metrics}"));
    RunOutcome::Completed {
        model: bytes,
        metrics,
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use serde_json::json;

    use super::*;

    #[derive(Default)]
    struct Recorder {
        epochs: Vec<EpochReport>,
        stop_after: Option<u32>,
    }

    impl JobSink for Recorder {
        fn log(&mut self, _level: &str, _message: &str) {}
        fn progress(&mut self, _: u32, _: u32, _: f64, _: Option<f64>) -> bool {
            true
        }
        fn epoch_end(&mut self, report: &EpochReport, _: f64, _: Option<f64>, _: &[u8]) -> bool {
            self.epochs.push(report.clone());
            self.stop_after.is_none_or(|n| report.epoch < n)
        }
    }

    fn job(model_type: ModelType, config: serde_json::Value) -> Job {
        let now = chrono::Utc::now();
        Job {
            id: 1,
            model_type,
            status: homeai_domain::training::JobStatus::Running,
            priority: 0,
            execution_mode: homeai_domain::training::ExecutionMode::Local,
            config,
            progress: 0.0,
            current_epoch: 0,
            total_epochs: None,
            retry_of: None,
            worker_id: None,
            error_message: None,
            created_at: now,
            started_at: None,
            finished_at: None,
            updated_at: now,
        }
    }

    #[test]
    fn validate_names_the_bad_field() {
        assert!(validate(ModelType::Synthetic, &json!({})).is_ok());
        assert!(validate(ModelType::Synthetic, &json!({"homes": 2, "throttle_ms": 5})).is_ok());
        for (model_type, config, field) in [
            (ModelType::Synthetic, json!({"homes": 0}), "config.homes"),
            (ModelType::Synthetic, json!({"days": 200}), "config.days"),
            (
                ModelType::Synthetic,
                json!({"queries_per_home": 9000}),
                "config.queries_per_home",
            ),
            (
                ModelType::Synthetic,
                json!({"dataset": 1}),
                "config.dataset",
            ),
            (ModelType::Forecast, json!({"dataset": 0}), "config.dataset"),
            (
                ModelType::Forecast,
                json!({"dataset": "v1"}),
                "config.dataset",
            ),
            (
                ModelType::Forecast,
                json!({"dataset_path": "/etc/passwd"}),
                "config.dataset_path",
            ),
        ] {
            let e = validate(model_type, &config).unwrap_err();
            assert!(e.contains(field), "{config}: {e}");
        }
        assert!(validate(ModelType::Forecast, &json!({"dataset": 3, "epochs": 2})).is_ok());
    }

    #[test]
    fn a_synthetic_job_makes_a_dataset_home_by_home() {
        let mut sink = Recorder::default();
        let config = json!({"homes": 2, "days": 7, "queries_per_home": 10, "seed": 3});
        let RunOutcome::Completed { model, metrics } =
            ModelExecutor.execute(&job(ModelType::Synthetic, config), None, &mut sink)
        else {
            panic!("not completed");
        };
        assert_eq!(sink.epochs.len(), 2);
        assert_eq!(sink.epochs[1].total_epochs, 2);
        let d = Dataset::from_bytes(&model).unwrap();
        assert_eq!(d.homes.len(), 2);
        assert_eq!(d.queries.len(), 20);
        assert_eq!(metrics["homes"], 2);
        assert_eq!(metrics["queries"], 20);
        assert_eq!(metrics["bytes"], model.len());
        assert!(metrics["events"].as_u64().unwrap() > 0);
    }

    #[test]
    fn a_stopped_synthetic_job_stops() {
        let mut sink = Recorder {
            stop_after: Some(1),
            ..Default::default()
        };
        let config = json!({"homes": 3, "days": 7, "queries_per_home": 0});
        let outcome = ModelExecutor.execute(&job(ModelType::Synthetic, config), None, &mut sink);
        assert!(matches!(outcome, RunOutcome::Stopped), "{outcome:?}");
        assert_eq!(sink.epochs.len(), 1);
    }

    #[test]
    fn a_forecast_reads_the_dataset_it_is_given() {
        let dir = tempfile::tempdir().unwrap();
        let mut sink = Recorder::default();
        let config = json!({"homes": 2, "days": 10, "queries_per_home": 0});
        let RunOutcome::Completed { model, .. } =
            ModelExecutor.execute(&job(ModelType::Synthetic, config), None, &mut sink)
        else {
            panic!("no data set");
        };
        let path = dir.path().join("v1.json");
        std::fs::write(&path, &model).unwrap();
        // named but not resolved (not the local worker): refused
        let unresolved = json!({"dataset": 1, "epochs": 2});
        let outcome = ModelExecutor.execute(&job(ModelType::Forecast, unresolved), None, &mut sink);
        assert!(matches!(outcome, RunOutcome::Failed(ref m) if m.contains("config.dataset")));
        let config = json!({"dataset": 1, "dataset_path": path, "epochs": 2});
        let outcome = ModelExecutor.execute(&job(ModelType::Forecast, config), None, &mut sink);
        let RunOutcome::Completed { metrics, .. } = outcome else {
            panic!("{outcome:?}");
        };
        // two homes, each with the hours after its first week (about three days)
        let hours = metrics["train_hours"].as_u64().unwrap()
            + metrics["validation_hours"].as_u64().unwrap();
        assert!((2 * 2 * 24..=2 * 4 * 24).contains(&hours), "{metrics}");
    }
}
