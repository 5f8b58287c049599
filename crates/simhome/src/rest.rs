//! The REST half of the API: `/api/`, config, states, services, history, the automation config
//! API; and a page at `/` that shows the home and says it is a simulation.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use crate::SimError;
use crate::config::config_json;
use crate::shared::{Shared, user_context};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(page))
        .route("/api/", web::get().to(api_status))
        .route("/api/config", web::get().to(config))
        .route("/api/states", web::get().to(states))
        .route("/api/states/{entity_id}", web::get().to(state))
        .route(
            "/api/services/{domain}/{service}",
            web::post().to(call_service),
        )
        .route("/api/history/period/{start}", web::get().to(history))
        .route(
            "/api/config/automation/config/{id}",
            web::get().to(get_automation),
        )
        .route(
            "/api/config/automation/config/{id}",
            web::post().to(save_automation),
        )
        .route(
            "/api/config/automation/config/{id}",
            web::delete().to(delete_automation),
        )
        .route("/api/simhome/skip", web::post().to(skip));
}

fn authorised(req: &HttpRequest, shared: &Shared) -> Result<(), Box<HttpResponse>> {
    let given = req
        .headers()
        .get("authorization")
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.strip_prefix("Bearer "));
    if given == Some(shared.token.as_str()) {
        Ok(())
    } else {
        Err(Box::new(
            HttpResponse::Unauthorized().json(json!({"message": "401: Unauthorized"})),
        ))
    }
}

fn message(status: actix_web::http::StatusCode, text: &str) -> HttpResponse {
    HttpResponse::build(status).json(json!({"message": text}))
}

macro_rules! auth {
    ($req:expr, $shared:expr) => {
        if let Err(resp) = authorised(&$req, &$shared) {
            return *resp;
        }
    };
}

async fn api_status(req: HttpRequest, shared: web::Data<Shared>) -> HttpResponse {
    auth!(req, shared);
    HttpResponse::Ok().json(json!({"message": "API running."}))
}

async fn config(req: HttpRequest, shared: web::Data<Shared>) -> HttpResponse {
    auth!(req, shared);
    HttpResponse::Ok().json(config_json(&shared.home))
}

async fn states(req: HttpRequest, shared: web::Data<Shared>) -> HttpResponse {
    auth!(req, shared);
    HttpResponse::Ok().json(shared.home.states())
}

async fn state(
    req: HttpRequest,
    shared: web::Data<Shared>,
    path: web::Path<String>,
) -> HttpResponse {
    auth!(req, shared);
    match shared.home.state(&path) {
        Some(s) => HttpResponse::Ok().json(s),
        None => message(actix_web::http::StatusCode::NOT_FOUND, "Entity not found."),
    }
}

async fn call_service(
    req: HttpRequest,
    shared: web::Data<Shared>,
    path: web::Path<(String, String)>,
    body: Option<web::Json<Value>>,
) -> HttpResponse {
    auth!(req, shared);
    let (domain, service) = path.into_inner();
    let data: Map<String, Value> = match body.map(web::Json::into_inner) {
        Some(Value::Object(m)) => m,
        _ => Map::new(),
    };
    match shared
        .home
        .call_service(&domain, &service, &data, None, &user_context())
    {
        Ok(changed) => HttpResponse::Ok().json(changed),
        Err(e) => message(actix_web::http::StatusCode::BAD_REQUEST, &e.to_string()),
    }
}

#[derive(Deserialize)]
struct HistoryQuery {
    filter_entity_id: Option<String>,
    end_time: Option<String>,
}

async fn history(
    req: HttpRequest,
    shared: web::Data<Shared>,
    path: web::Path<String>,
    query: web::Query<HistoryQuery>,
) -> HttpResponse {
    auth!(req, shared);
    let Ok(start) = homeai_ha::parse_iso(&path) else {
        return message(actix_web::http::StatusCode::BAD_REQUEST, "Invalid datetime");
    };
    let end = match query.end_time.as_deref().map(homeai_ha::parse_iso) {
        Some(Ok(t)) => t,
        Some(Err(_)) => {
            return message(actix_web::http::StatusCode::BAD_REQUEST, "Invalid end_time");
        }
        None => start + chrono::Duration::days(1),
    };
    let ids: Vec<String> = query
        .filter_entity_id
        .as_deref()
        .unwrap_or_default()
        .split(',')
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect();
    let lists: Vec<Value> = shared
        .home
        .history(&ids, start, end)
        .into_values()
        .map(|rows| json!(rows))
        .collect();
    HttpResponse::Ok().json(lists)
}

async fn get_automation(
    req: HttpRequest,
    shared: web::Data<Shared>,
    path: web::Path<String>,
) -> HttpResponse {
    auth!(req, shared);
    match shared.home.automation(&path) {
        Some(a) => HttpResponse::Ok().json(a.config),
        None => message(actix_web::http::StatusCode::NOT_FOUND, "Resource not found"),
    }
}

async fn save_automation(
    req: HttpRequest,
    shared: web::Data<Shared>,
    path: web::Path<String>,
    body: web::Json<Value>,
) -> HttpResponse {
    auth!(req, shared);
    match shared.home.save_automation(&path, body.into_inner()) {
        Ok(()) => {
            tracing::info!(config_id = %path, "simulated home: automation saved");
            HttpResponse::Ok().json(json!({"result": "ok"}))
        }
        Err(e) => message(actix_web::http::StatusCode::BAD_REQUEST, &e.to_string()),
    }
}

async fn delete_automation(
    req: HttpRequest,
    shared: web::Data<Shared>,
    path: web::Path<String>,
) -> HttpResponse {
    auth!(req, shared);
    match shared.home.delete_automation(&path) {
        Ok(()) => HttpResponse::Ok().json(json!({"result": "ok"})),
        Err(SimError::NotFound(m)) => message(actix_web::http::StatusCode::BAD_REQUEST, &m),
        Err(e) => message(actix_web::http::StatusCode::BAD_REQUEST, &e.to_string()),
    }
}

#[derive(Deserialize)]
struct Skip {
    seconds: i64,
}

/// `POST /api/simhome/skip {"seconds": N}`: moves the simulated clock forward (not in HA).
async fn skip(req: HttpRequest, shared: web::Data<Shared>, body: web::Json<Skip>) -> HttpResponse {
    auth!(req, shared);
    shared
        .home
        .clock
        .skip(chrono::Duration::seconds(body.seconds));
    HttpResponse::Ok().json(json!({"now": shared.home.clock.now()}))
}

/// The page at `/`: the home's states, and a banner that this is a simulation.
async fn page(shared: web::Data<Shared>) -> HttpResponse {
    let home = &shared.home;
    let now: DateTime<Utc> = home.clock.now();
    let local = now.with_timezone(&home.spec.time_zone);
    let mut rows = String::new();
    for s in home.states() {
        let name = s
            .attributes
            .get("friendly_name")
            .and_then(Value::as_str)
            .unwrap_or_default();
        rows.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&s.entity_id),
            escape(name),
            escape(&s.state),
            s.last_changed
                .with_timezone(&home.spec.time_zone)
                .format("%a %H:%M:%S"),
        ));
    }
    let body = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"5\">\
         <title>SIMULATED home — homeai demo</title></head><body style=\"font-family:sans-serif\">\
         <p style=\"background:#ffd54f;padding:1em;font-weight:bold\">This is a SIMULATED home \
         (homeai demo), not a real Home Assistant. Nothing here controls a real device.</p>\
         <p>Simulated time: {} ({}×real time)</p><table border=\"1\" cellpadding=\"4\">\
         <tr><th>entity</th><th>name</th><th>state</th><th>last changed</th></tr>{rows}</table>\
         </body></html>",
        local.format("%A %Y-%m-%d %H:%M:%S %Z"),
        home.clock.speed(),
    );
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(body)
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
