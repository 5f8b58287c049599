//! The automation service's sensors in Home Assistant (MQTT discovery): suggestions waiting for
//! an answer, and automations homeai has deployed.

use homeai_bus::discovery::{Reading, Sensor};
use homeai_db::repo;
use homeai_domain::suggestion::SuggestionStatus;
use homeai_web::ServiceContext;
use serde_json::json;

/// Starts publishing (when MQTT is configured and discovery is on).
pub fn spawn(ctx: &ServiceContext) {
    let sensors = vec![
        Sensor {
            key: "pending_suggestions",
            name: "Pending suggestions",
            unit: Some("suggestions"),
            device_class: None,
            icon: Some("mdi:lightbulb-question"),
        },
        Sensor {
            key: "deployed_automations",
            name: "Deployed automations",
            unit: Some("automations"),
            device_class: None,
            icon: Some("mdi:robot"),
        },
    ];
    let db = ctx.db.clone();
    ctx.publish_sensors(sensors, move || {
        let db = db.clone();
        async move {
            let read = db
                .run(|c| {
                    let by_status = repo::suggestions::stats(c)?;
                    let drafts = repo::suggestions::list(c, Some(SuggestionStatus::Draft), 5, 0)?;
                    let deployed = repo::deployments::list(c, false)?;
                    Ok((by_status, drafts.items, deployed))
                })
                .await;
            let Ok((by_status, top, deployed)) = read else {
                return Vec::new();
            };
            vec![
                Reading {
                    key: "pending_suggestions",
                    state: by_status.get("draft").copied().unwrap_or(0).to_string(),
                    attributes: json!({
                        "by_status": by_status,
                        "top": top.iter().map(|s| json!({"id": s.id, "title": s.title, "rank_score": s.rank_score})).collect::<Vec<_>>(),
                    }),
                },
                Reading {
                    key: "deployed_automations",
                    state: deployed.len().to_string(),
                    attributes: json!({
                        "automations": deployed.iter().map(|d| json!({"id": d.ha_config_id, "entity_id": d.entity_id, "version": d.current_version, "status": d.state})).collect::<Vec<_>>(),
                    }),
                },
            ]
        }
    });
}
