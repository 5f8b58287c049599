//! Training jobs: what can be trained, the job state machine, queue priority.

use serde::{Deserialize, Serialize};

use crate::{DomainError, text_enum};

text_enum! {
    /// What a training job trains.
    pub enum ModelType {
        Synergy => "synergy",
        Intent => "intent",
        HomeType => "home_type",
        Forecast => "forecast",
        Synthetic => "synthetic",
    }
}

text_enum! {
    /// The state of a training job.
    pub enum JobStatus {
        Queued => "queued",
        Running => "running",
        Paused => "paused",
        Completed => "completed",
        Failed => "failed",
        Cancelled => "cancelled",
    }
}

text_enum! {
    /// Where a job may run.
    pub enum ExecutionMode {
        Local => "local",
        Remote => "remote",
        Auto => "auto",
    }
}

impl JobStatus {
    /// A job in a terminal state never changes again (a retry makes a new job).
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            JobStatus::Completed | JobStatus::Failed | JobStatus::Cancelled
        )
    }

    /// The strict state machine: queued → running → paused/completed/failed/cancelled; a
    /// paused job is queued again to resume; a running job whose worker died (a crash, a
    /// restart, a remote worker that stopped reporting) is queued again to resume from its
    /// last checkpoint.
    pub fn can_become(self, next: JobStatus) -> bool {
        use JobStatus::*;
        matches!(
            (self, next),
            (Queued, Running)
                | (Queued, Cancelled)
                | (Running, Queued)
                | (Running, Paused)
                | (Running, Completed)
                | (Running, Failed)
                | (Running, Cancelled)
                | (Paused, Queued)
                | (Paused, Running)
                | (Paused, Cancelled)
        )
    }

    pub fn transition(self, next: JobStatus) -> Result<JobStatus, DomainError> {
        if self.can_become(next) {
            Ok(next)
        } else {
            Err(DomainError::Transition {
                from: self.to_string(),
                to: next.to_string(),
            })
        }
    }
}

/// Queue priority, -1 (background) to 2 (urgent); higher runs first.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Priority(i8);

impl Priority {
    pub const MIN: i8 = -1;
    pub const MAX: i8 = 2;

    pub fn new(value: i64) -> Result<Self, DomainError> {
        if (i64::from(Self::MIN)..=i64::from(Self::MAX)).contains(&value) {
            Ok(Self(value as i8))
        } else {
            Err(DomainError::invalid(
                "priority",
                format!("{value} is outside -1..=2"),
            ))
        }
    }

    pub fn value(self) -> i8 {
        self.0
    }
}

impl<'de> Deserialize<'de> for Priority {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Priority::new(i64::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// A request to train something, as `POST /api/v1/training/jobs` takes it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewJob {
    pub model_type: ModelType,
    #[serde(default = "empty_object")]
    pub config: serde_json::Value,
    #[serde(default)]
    pub priority: Priority,
    #[serde(default = "default_mode")]
    pub execution_mode: ExecutionMode,
}

fn empty_object() -> serde_json::Value {
    serde_json::Value::Object(serde_json::Map::new())
}

fn default_mode() -> ExecutionMode {
    ExecutionMode::Local
}

impl NewJob {
    /// Checks what serde cannot: `config` is an object, and its common knobs are in range.
    pub fn validate(&self) -> Result<(), DomainError> {
        let Some(config) = self.config.as_object() else {
            return Err(DomainError::invalid("config", "must be a JSON object"));
        };
        if let Some(epochs) = config.get("epochs") {
            match epochs.as_u64() {
                Some(1..=10_000) => {}
                _ => {
                    return Err(DomainError::invalid(
                        "config.epochs",
                        "must be an integer 1..=10000",
                    ));
                }
            }
        }
        if let Some(lr) = config.get("learning_rate") {
            match lr.as_f64() {
                Some(v) if v > 0.0 && v < 10.0 => {}
                _ => {
                    return Err(DomainError::invalid(
                        "config.learning_rate",
                        "must be a number in (0, 10)",
                    ));
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_states_go_nowhere() {
        for from in JobStatus::ALL.iter().filter(|s| s.is_terminal()) {
            for to in JobStatus::ALL {
                assert!(!from.can_become(*to), "{from} -> {to}");
            }
        }
    }

    #[test]
    fn priority_is_bounded() {
        assert!(Priority::new(-2).is_err());
        assert!(Priority::new(3).is_err());
        assert_eq!(Priority::new(2).unwrap().value(), 2);
    }

    #[test]
    fn new_job_needs_only_model_type() {
        let job: NewJob = serde_json::from_str(r#"{"model_type":"synergy"}"#).unwrap();
        assert_eq!(job.priority.value(), 0);
        assert_eq!(job.execution_mode, ExecutionMode::Local);
        job.validate().unwrap();
        let bad: NewJob =
            serde_json::from_str(r#"{"model_type":"intent","config":{"epochs":0}}"#).unwrap();
        assert!(bad.validate().is_err());
        assert!(serde_json::from_str::<NewJob>(r#"{"model_type":"gpt"}"#).is_err());
    }
}

/// A training job as stored and served.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Job {
    pub id: i64,
    pub model_type: ModelType,
    pub status: JobStatus,
    pub priority: i8,
    pub execution_mode: ExecutionMode,
    pub config: serde_json::Value,
    pub progress: f64,
    pub current_epoch: i64,
    pub total_epochs: Option<i64>,
    pub retry_of: Option<i64>,
    pub worker_id: Option<String>,
    pub error_message: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub started_at: Option<chrono::DateTime<chrono::Utc>>,
    pub finished_at: Option<chrono::DateTime<chrono::Utc>>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

/// One metric of one epoch, MLflow-style (`step` is the epoch).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricPoint {
    pub epoch: i64,
    /// `train`, `validation` or `test`.
    pub split: String,
    pub name: String,
    pub value: f64,
    pub recorded_at: chrono::DateTime<chrono::Utc>,
}

/// One numbered line of a job's log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogLine {
    /// 0, 1, 2, … per job: a client resumes a tail with `offset = last seq + 1`.
    pub seq: i64,
    pub level: String,
    pub message: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// A trained model in the registry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelVersion {
    pub id: i64,
    pub model_type: ModelType,
    pub version: i64,
    pub job_id: Option<i64>,
    pub path: String,
    pub sha256: String,
    pub size_bytes: i64,
    pub metrics: serde_json::Value,
    pub is_active: bool,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub activated_at: Option<chrono::DateTime<chrono::Utc>>,
}
