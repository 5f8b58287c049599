//! The training service (8022): the job queue (priority, state machine, progress, logs,
//! metrics), synthetic data, model versions.

pub mod routes;

use std::sync::Arc;

use actix_web::web;
use homeai_web::{RouteConfig, ServiceContext, StartError};

/// Wires the training service into an application.
pub fn setup(_ctx: &ServiceContext) -> Result<RouteConfig, StartError> {
    Ok(Arc::new(configure))
}

/// The training service's routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    routes::jobs::configure(cfg);
}
