//! Live progress: every job event goes to the WebSocket subscribers (an in-process broadcast)
//! and to MQTT under `homeai/training/jobs/{job_id}` (in order, from one publishing task).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use homeai_bus::MqttBus;
use homeai_domain::training::{Job, JobStatus, ModelVersion};
use serde::{Deserialize, Serialize};
use tokio::sync::{broadcast, mpsc};

/// The MQTT topic of a job's events.
pub fn topic(job_id: i64) -> String {
    format!("homeai/training/jobs/{job_id}")
}

/// One event of a job: `{job_id, event, status, epoch, total_epochs, progress, metrics, eta_s, ts}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobEvent {
    pub job_id: i64,
    /// `queued`, `started`, `progress`, `paused`, `resumed`, `completed`, `failed`, `cancelled`.
    pub event: String,
    pub model_type: String,
    pub status: JobStatus,
    pub epoch: i64,
    pub total_epochs: Option<i64>,
    pub progress: f64,
    #[serde(default)]
    pub metrics: serde_json::Map<String, serde_json::Value>,
    pub eta_s: Option<f64>,
    pub ts: chrono::DateTime<chrono::Utc>,
}

impl JobEvent {
    /// An event that says what the job row says.
    pub fn of(event: &str, job: &Job) -> Self {
        Self {
            job_id: job.id,
            event: event.to_owned(),
            model_type: job.model_type.to_string(),
            status: job.status,
            epoch: job.current_epoch,
            total_epochs: job.total_epochs,
            progress: job.progress,
            metrics: serde_json::Map::new(),
            eta_s: None,
            ts: chrono::Utc::now(),
        }
    }
}

/// A message for the publishing task.
struct Outgoing {
    topic: String,
    payload: Vec<u8>,
    retain: bool,
}

/// Where events go. Cheap to clone; `emit` never blocks (callable from executor threads).
#[derive(Clone)]
pub struct EventHub {
    live: broadcast::Sender<JobEvent>,
    mqtt: Option<mpsc::UnboundedSender<Outgoing>>,
    /// The latest ETA of each running job (for `GET …/jobs/{id}`).
    etas: Arc<Mutex<HashMap<i64, f64>>>,
}

impl EventHub {
    /// Starts the publishing task when `bus` is set (call inside the runtime).
    pub fn new(bus: Option<MqttBus>) -> Self {
        let (live, _) = broadcast::channel(1024);
        let mqtt = bus.map(|bus| {
            let (tx, mut rx) = mpsc::unbounded_channel::<Outgoing>();
            tokio::spawn(async move {
                while let Some(out) = rx.recv().await {
                    if let Err(e) = bus.publish(&out.topic, out.payload, out.retain).await {
                        tracing::warn!(error = %e, topic = %out.topic, "could not publish a training message");
                    }
                }
            });
            tx
        });
        Self {
            live,
            mqtt,
            etas: Arc::default(),
        }
    }

    pub fn emit(&self, event: JobEvent) {
        if let Ok(mut etas) = self.etas.lock() {
            match event.eta_s {
                Some(eta) if event.status == JobStatus::Running => {
                    etas.insert(event.job_id, eta);
                }
                _ if event.status != JobStatus::Running => {
                    etas.remove(&event.job_id);
                }
                _ => {}
            }
        }
        tracing::debug!(job_id = event.job_id, event = %event.event, progress = event.progress, "training event");
        if let Some(tx) = &self.mqtt
            && let Ok(payload) = serde_json::to_vec(&event)
        {
            let _ = tx.send(Outgoing {
                topic: topic(event.job_id),
                payload,
                retain: false,
            });
        }
        let _ = self.live.send(event);
    }

    /// Announces `version` as the active model of its type (retained), so the services that
    /// use it reload it.
    pub fn announce_model(&self, version: &ModelVersion) {
        if let Some(tx) = &self.mqtt
            && let Ok(payload) = serde_json::to_vec(version)
        {
            let _ = tx.send(Outgoing {
                topic: homeai_web::active_model::topic(version.model_type),
                payload,
                retain: true,
            });
        }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<JobEvent> {
        self.live.subscribe()
    }

    pub fn eta(&self, job_id: i64) -> Option<f64> {
        self.etas.lock().ok()?.get(&job_id).copied()
    }
}
