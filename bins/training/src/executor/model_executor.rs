//! [`ModelExecutor`] at work: read the job's config for the model it names, train it (or make
//! a synthetic data set) and turn the result into a [`RunOutcome`].

use homeai_domain::training::{Job, ModelType};
use homeai_ml::forecast::{self, ForecastConfig};
use homeai_ml::home_type::{self, HomeTypeConfig};
use homeai_ml::intent::{self, IntentConfig};
use homeai_ml::synergy::{self, SynergyConfig};
use homeai_ml::{EpochReport, Flow, Progress};
use homeai_synth::dataset::DatasetConfig;

use super::interface::{Executor, JobSink, ModelExecutor, RunOutcome};
use super::job_config::{ExecutorConfig, dataset, model_config, synthetic_config};
use super::progress_adapter::Adapter;

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
                        restart_note(checkpoint)
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
                        restart_note(checkpoint)
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
                let config = match synthetic_config(&job.config) {
                    Ok(c) => c,
                    Err(e) => return RunOutcome::Failed(e),
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
                        restart_note(checkpoint)
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

/// What the log says of a checkpoint a linear model was given: it starts again.
fn restart_note(checkpoint: Option<&[u8]>) -> &'static str {
    if checkpoint.is_some() {
        " (starts again: linear runs keep no optimiser state)"
    } else {
        ""
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
