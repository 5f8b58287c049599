//! The automation service (8021): suggestions, the automation model, validation, deployment
//! and rollback in Home Assistant, and the household's preferences for suggestions.

pub mod audit;
pub mod blueprints;
pub mod deploy;
pub mod ranking;
pub mod routes;
pub mod sensors;
pub mod suggest;
pub mod validation;

use std::sync::Arc;

use actix_web::web;
use homeai_web::{RouteConfig, ServiceContext, StartError};

/// Wires the automation service into an application.
pub fn setup(ctx: &ServiceContext) -> Result<RouteConfig, StartError> {
    let prefix = &ctx.settings.deploy.id_prefix;
    if !deploy::ha_automations::valid_prefix(prefix) {
        return Err(StartError::Other(format!(
            "deploy.id_prefix `{prefix}` must start with `homeai_` and hold only lowercase \
             letters, digits and `_` (at most 40 characters)"
        )));
    }
    if ctx.ha.is_some() {
        ctx.keep(deploy::reconcile::spawn_at_start(ctx.clone()));
    }
    sensors::spawn(ctx);
    Ok(Arc::new(configure))
}

/// The automation service's routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    routes::preferences::configure(cfg);
    routes::automations::configure(cfg);
    routes::suggestions::configure(cfg);
    routes::deploy::configure(cfg);
    routes::blueprints::configure(cfg);
}
