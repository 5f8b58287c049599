//! `/ui/views/…`: what a page needs in one answer that no service gives in one call.

use std::collections::HashMap;

use actix_web::{HttpRequest, HttpResponse, get, web};
use homeai_automation_model::{Dialect, parse_json, to_yaml};
use homeai_domain::ServiceName;
use homeai_web::{ApiError, ServiceContext};
use serde_json::{Value, json};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(suggestions).service(home);
}

/// The automation service's `GET /api/suggestions/list` (same query string), each suggestion
/// with its automation as YAML (modern dialect) and, once deployed, its deployment as
/// `GET /api/deploy/automations` reports it (HA's state, last triggered, fired since deploy).
/// Without Home Assistant the deployments are `null` and `deployments_error` says why.
#[get("/ui/views/suggestions")]
#[tracing::instrument(skip_all)]
async fn suggestions(
    req: HttpRequest,
    ctx: web::Data<ServiceContext>,
) -> Result<HttpResponse, ApiError> {
    let automation = ctx
        .peers
        .get(ServiceName::Automation)
        .ok_or_else(|| ApiError::Unavailable("no automation service is configured".into()))?;
    let mut path = "/api/suggestions/list".to_owned();
    if !req.query_string().is_empty() {
        path.push('?');
        path.push_str(req.query_string());
    }
    let (page, deployed) = futures_util::join!(
        automation.get_json::<Value>(&path),
        automation.get_json::<Value>("/api/deploy/automations"),
    );
    let mut page = page.map_err(|e| match e {
        homeai_bus::BusError::Status {
            status: 400, body, ..
        } => ApiError::BadRequest(body),
        other => ApiError::BadGateway(other.to_string()),
    })?;
    let (by_suggestion, deployments_error) = match deployed {
        Ok(d) => (deployments_by_suggestion(&d), Value::Null),
        Err(e) => (HashMap::new(), json!(e.to_string())),
    };
    if let Some(items) = page.get_mut("items").and_then(Value::as_array_mut) {
        for item in items {
            let yaml = parse_json(&item["automation"])
                .map(|a| to_yaml(&a, Dialect::Modern))
                .unwrap_or_else(|e| format!("# cannot render this automation: {e}"));
            let deployment = item["id"]
                .as_i64()
                .and_then(|id| by_suggestion.get(&id).cloned())
                .unwrap_or(Value::Null);
            if let Some(object) = item.as_object_mut() {
                object.insert("yaml".into(), json!(yaml));
                object.insert("deployment".into(), deployment);
            }
        }
    }
    if let Some(object) = page.as_object_mut() {
        object.insert("deployments_error".into(), deployments_error);
    }
    Ok(HttpResponse::Ok().json(page))
}

fn deployments_by_suggestion(list: &Value) -> HashMap<i64, Value> {
    list["automations"]
        .as_array()
        .map(|all| {
            all.iter()
                .filter_map(|d| Some((d["suggestion_id"].as_i64()?, d.clone())))
                .collect()
        })
        .unwrap_or_default()
}

/// The Home Assistant this homeai talks to: `{connected, location_name, version, simulated,
/// time_zone}`, so every page can say plainly when it is the demo's simulated home and show
/// times on the home's clock.
#[get("/ui/views/home")]
async fn home(ctx: web::Data<ServiceContext>) -> HttpResponse {
    let Some(ha) = &ctx.ha else {
        return HttpResponse::Ok().json(json!({ "connected": false, "simulated": false }));
    };
    match ha.config().await {
        Ok(c) => HttpResponse::Ok().json(json!({
            "connected": true,
            "location_name": c.location_name,
            "version": c.version.to_string(),
            "simulated": c.location_name.to_lowercase().contains("simulated"),
            // the page shows every time in the home's zone, not the browser's
            "time_zone": (!c.time_zone.is_empty()).then_some(c.time_zone),
        })),
        Err(e) => HttpResponse::Ok().json(json!({
            "connected": false,
            "simulated": false,
            "error": e.to_string(),
        })),
    }
}
