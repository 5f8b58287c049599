//! The automation service (8021): suggestions, the automation model, validation, deployment
//! and rollback in Home Assistant, and the household's preferences for suggestions.

pub mod routes;
pub mod suggest;
pub mod validation;

use std::sync::Arc;

use actix_web::web;
use homeai_web::{RouteConfig, ServiceContext, StartError};

/// Wires the automation service into an application.
pub fn setup(_ctx: &ServiceContext) -> Result<RouteConfig, StartError> {
    Ok(Arc::new(configure))
}

/// The automation service's routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    routes::preferences::configure(cfg);
    routes::automations::configure(cfg);
    routes::suggestions::configure(cfg);
}
