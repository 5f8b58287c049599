//! The state of all four services, as the query service sees them: over HTTP (each one's
//! `/health`) and over MQTT (each one's retained status).

use std::time::Instant;

use actix_web::{HttpResponse, get, web};
use futures_util::future::join_all;
use homeai_web::ServiceContext;
use serde_json::{Value, json};

use crate::MqttStatusBoard;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(services);
}

#[get("/api/v1/services")]
async fn services(
    ctx: web::Data<ServiceContext>,
    board: web::Data<MqttStatusBoard>,
) -> HttpResponse {
    let checks = ctx.peers.all().iter().map(|peer| async {
        let started = Instant::now();
        let health = peer.get_json::<Value>("/health").await;
        json!({
            "service": peer.service(),
            "url": peer.base_url(),
            "http": {
                "ok": health.is_ok(),
                "latency_ms": started.elapsed().as_secs_f64() * 1000.0,
                "version": health.as_ref().ok().and_then(|h| h.get("version").cloned()),
                "error": health.as_ref().err().map(ToString::to_string),
            },
            "mqtt_status": board.status(peer.service()),
        })
    });
    let services = join_all(checks).await;
    HttpResponse::Ok().json(json!({
        "services": services,
        "mqtt_connected": ctx.mqtt.as_ref().is_some_and(|m| m.is_connected()),
    }))
}
