//! The pattern service (8020): event ingest from Home Assistant, pattern and synergy detection,
//! the daily analysis, the correlation cache.

pub mod ingest;
pub mod routes;

use std::sync::Arc;

use actix_web::web;
use homeai_web::{RouteConfig, ServiceContext, StartError};

/// Wires the pattern service into an application.
pub fn setup(_ctx: &ServiceContext) -> Result<RouteConfig, StartError> {
    let status = web::Data::new(ingest::IngestStatus::default());
    Ok(Arc::new(move |cfg| {
        cfg.app_data(status.clone());
        configure(cfg);
    }))
}

/// The pattern service's routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    routes::events::configure(cfg);
    routes::home::configure(cfg);
}
