//! The pattern service's sensors in Home Assistant (MQTT discovery): when the last analysis
//! finished and what it found.

use homeai_bus::discovery::{Reading, Sensor};
use homeai_web::ServiceContext;
use serde_json::json;

/// Starts publishing (when MQTT is configured and discovery is on).
pub fn spawn(ctx: &ServiceContext) {
    let sensors = vec![Sensor {
        key: "last_analysis",
        name: "Last analysis",
        unit: None,
        device_class: Some("timestamp"),
        icon: Some("mdi:chart-timeline-variant"),
    }];
    let db = ctx.db.clone();
    ctx.publish_sensors(sensors, move || {
        let db = db.clone();
        async move {
            let runs = db
                .run(|c| homeai_db::repo::analysis_runs::recent(c, 10))
                .await
                .unwrap_or_default();
            let Some(run) = runs.iter().find(|r| r.finished_at.is_some()) else {
                return Vec::new();
            };
            vec![Reading {
                key: "last_analysis",
                state: run.finished_at.map(|t| t.to_rfc3339()).unwrap_or_default(),
                attributes: json!({
                    "result": run.status,
                    "trigger": run.trigger,
                    "events_analysed": run.events_analysed,
                    "patterns_detected": run.patterns_detected,
                    "synergies_detected": run.synergies_detected,
                    "duration_ms": run.duration_ms,
                    "errors": run.errors,
                }),
            }]
        }
    });
}
