//! The training service's sensor in Home Assistant (MQTT discovery): the progress of the job
//! running now (0 when none), with the job and the queue as attributes.

use homeai_bus::discovery::{Reading, Sensor};
use homeai_db::repo::training_jobs::{self, JobFilter};
use homeai_domain::training::JobStatus;
use homeai_web::ServiceContext;
use serde_json::json;

/// Starts publishing (when MQTT is configured and discovery is on).
pub fn spawn(ctx: &ServiceContext) {
    let sensors = vec![Sensor {
        key: "training_progress",
        name: "Training progress",
        unit: Some("%"),
        device_class: None,
        icon: Some("mdi:school"),
    }];
    let db = ctx.db.clone();
    ctx.publish_sensors(sensors, move || {
        let db = db.clone();
        async move {
            let read = db
                .run(|c| {
                    let of = |status| JobFilter {
                        status: Some(status),
                        model_type: None,
                        limit: 1,
                        offset: 0,
                    };
                    let running = training_jobs::list(c, &of(JobStatus::Running))?;
                    let queued = training_jobs::list(c, &of(JobStatus::Queued))?.total;
                    Ok((running.items.into_iter().next(), queued))
                })
                .await;
            let Ok((running, queued)) = read else {
                return Vec::new();
            };
            let percent = running
                .as_ref()
                .map_or(0.0, |j| (j.progress * 100.0).round());
            vec![Reading {
                key: "training_progress",
                state: format!("{percent}"),
                attributes: json!({
                    "job_id": running.as_ref().map(|j| j.id),
                    "model_type": running.as_ref().map(|j| j.model_type.as_str()),
                    "epoch": running.as_ref().map(|j| j.current_epoch),
                    "total_epochs": running.as_ref().and_then(|j| j.total_epochs),
                    "queued": queued,
                }),
            }]
        }
    });
}
