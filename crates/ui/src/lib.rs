//! homeai's web UI, served by the query service (8018) at `/`, in a lone query service and in
//! the all-in-one binary alike.
//!
//! * [`pages`]: the pages (suggestions at `/`, `/ui/ask`, `/ui/patterns`, `/ui/automations`,
//!   `/ui/training`, `/ui/health`), each one server-rendered shell around a small script.
//! * [`assets`]: CSS, the pages' scripts and the vendored chart library (uPlot), built into the
//!   binary: nothing is fetched from elsewhere at run time.
//! * [`proxy`]: `/ui/api/{service}/{tail}` forwards to the other services (the `Authorization`
//!   header passes through) and `/ui/ws/training/{job_id}` bridges the training WebSocket, so the
//!   browser only ever talks to 8018.
//! * [`views`]: what a page needs that no service answers in one call (suggestions with their
//!   YAML and their deployment).
//!
//! Reads work without a token; every mutating call needs the API token, which the person pastes
//! once (kept in the browser's `localStorage`).

pub mod assets;
mod error;
pub mod pages;
pub mod proxy;
pub mod views;
mod ws_proxy;

use actix_web::web;

pub use error::UiError;

/// Mounts the UI: pages, assets, the proxy and the views.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.app_data(web::Data::new(proxy::Upstream::new()));
    pages::configure(cfg);
    assets::configure(cfg);
    views::configure(cfg);
    proxy::configure(cfg);
    ws_proxy::configure(cfg);
}
