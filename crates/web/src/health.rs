//! `/health` (alive), `/health/ready` (dependencies reachable) and `/metrics`.

use std::time::Instant;

use actix_web::{HttpResponse, get, web};
use serde_json::json;

use crate::ServiceContext;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(health).service(ready).service(metrics);
}

/// Alive: the process answers. Never touches a dependency.
#[get("/health")]
async fn health(ctx: web::Data<ServiceContext>) -> HttpResponse {
    HttpResponse::Ok().json(json!({
        "status": "ok",
        "service": ctx.service,
        "version": env!("CARGO_PKG_VERSION"),
        "uptime_seconds": ctx.started_at.elapsed().as_secs(),
    }))
}

/// Ready: the database answers, and the MQTT broker is connected when one is configured.
/// 503 with the failing check otherwise.
#[get("/health/ready")]
async fn ready(ctx: web::Data<ServiceContext>) -> HttpResponse {
    let started = Instant::now();
    let db = ctx.db.ping().await;
    let db_check = json!({
        "ok": db.is_ok(),
        "latency_ms": started.elapsed().as_secs_f64() * 1000.0,
        "error": db.as_ref().err().map(ToString::to_string),
    });
    let mqtt_check = match &ctx.mqtt {
        Some(bus) => json!({ "ok": bus.is_connected(), "configured": true }),
        None => json!({ "ok": true, "configured": false }),
    };
    let ha_check = match &ctx.ha {
        Some(client) => {
            let started = Instant::now();
            let reached =
                tokio::time::timeout(std::time::Duration::from_secs(3), client.api_status()).await;
            let error = match reached {
                Ok(Ok(())) => None,
                Ok(Err(e)) => Some(e.to_string()),
                Err(_) => Some("no answer within 3 s".to_owned()),
            };
            json!({
                "ok": error.is_none(),
                "configured": true,
                "latency_ms": started.elapsed().as_secs_f64() * 1000.0,
                "error": error,
            })
        }
        None => json!({ "ok": true, "configured": false }),
    };
    let all_ok = db.is_ok()
        && mqtt_check["ok"].as_bool().unwrap_or(false)
        && ha_check["ok"].as_bool().unwrap_or(false);
    let body = json!({
        "status": if all_ok { "ready" } else { "not_ready" },
        "service": ctx.service,
        "checks": { "database": db_check, "mqtt": mqtt_check, "home_assistant": ha_check },
    });
    if all_ok {
        HttpResponse::Ok().json(body)
    } else {
        HttpResponse::ServiceUnavailable().json(body)
    }
}

#[get("/metrics")]
async fn metrics(ctx: web::Data<ServiceContext>) -> HttpResponse {
    let state = ctx.db.pool().state();
    ctx.metrics.db_connections.set(i64::from(state.connections));
    ctx.metrics
        .db_idle_connections
        .set(i64::from(state.idle_connections));
    ctx.metrics.mqtt_connected.set(i64::from(
        ctx.mqtt.as_ref().is_some_and(|m| m.is_connected()),
    ));
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(ctx.metrics.render())
}
