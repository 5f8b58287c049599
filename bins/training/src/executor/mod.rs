//! The one executor: given a job (and its last checkpoint), train its model and report through
//! a [`JobSink`]. The local worker runs it on a blocking thread of the training service; a
//! remote worker (`homeai worker --server URL`) runs the very same code on another machine.

mod interface;
mod job_config;
mod model_executor;
mod progress_adapter;

pub use interface::{Executor, JobSink, ModelExecutor, RunOutcome};
pub use job_config::{DATASET, DATASET_PATH, ExecutorConfig, dataset, dataset_version, validate};

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use homeai_domain::training::{Job, ModelType};
    use homeai_ml::EpochReport;
    use homeai_synth::dataset::Dataset;
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
