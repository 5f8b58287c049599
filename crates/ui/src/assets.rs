//! The UI's static files, built into the binary (`include_bytes!`) and served at
//! `/ui/assets/{name}`: nothing is fetched from a CDN or downloaded at run time.

use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use homeai_web::ApiError;

/// One embedded file.
struct Asset {
    name: &'static str,
    content_type: &'static str,
    body: &'static [u8],
}

macro_rules! asset {
    ($name:literal, $type:expr) => {
        Asset {
            name: $name,
            content_type: $type,
            body: include_bytes!(concat!("../assets/", $name)),
        }
    };
}

const JS: &str = "text/javascript; charset=utf-8";

static ASSETS: &[Asset] = &[
    asset!("app.css", "text/css; charset=utf-8"),
    asset!("common.js", JS),
    asset!("suggestions.js", JS),
    asset!("ask.js", JS),
    asset!("patterns.js", JS),
    asset!("automations.js", JS),
    asset!("training.js", JS),
    asset!("health.js", JS),
    // uPlot 1.6.32 (MIT, vendor/uPlot.LICENSE), the charts: small and fast, no dependencies
    asset!("vendor/uPlot.iife.min.js", JS),
    asset!("vendor/uPlot.min.css", "text/css; charset=utf-8"),
];

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(asset);
}

#[get("/ui/assets/{name:.*}")]
async fn asset(name: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let name = name.into_inner();
    let found = ASSETS
        .iter()
        .find(|a| a.name == name)
        .ok_or_else(|| ApiError::NotFound(format!("no UI asset called {name}")))?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, found.content_type))
        // the files change only with the binary
        .insert_header((header::CACHE_CONTROL, "public, max-age=300"))
        .body(found.body))
}
