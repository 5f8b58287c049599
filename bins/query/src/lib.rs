//! The query service (8018): Ask AI — plain language to automations, entity resolution,
//! clarification, conversations. It also reports on all four services, since it hosts the UI.

pub mod ask;
mod peers_status;
pub mod routes;

use std::sync::Arc;

use actix_web::web;
use homeai_web::{RouteConfig, ServiceContext, StartError};

pub use peers_status::MqttStatusBoard;

/// Wires the query service into an application.
pub fn setup(ctx: &ServiceContext) -> Result<RouteConfig, StartError> {
    let board = MqttStatusBoard::default();
    if let Some(bus) = &ctx.mqtt {
        board.follow(bus)?;
    }
    let board = web::Data::new(board);
    let ask_ai = ask::AskAi::new(ctx);
    // Ask AI's intent model, reloaded whenever the training service activates a version
    ctx.keep(
        ask_ai
            .intent
            .0
            .clone()
            .spawn(ctx.db.clone(), ctx.mqtt.clone(), ctx.shutdown.clone()),
    );
    let ask_ai = web::Data::new(ask_ai);
    Ok(Arc::new(move |cfg| {
        cfg.app_data(board.clone());
        cfg.app_data(ask_ai.clone());
        configure(cfg);
    }))
}

/// The query service's routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    routes::aliases::configure(cfg);
    routes::ask_ai::configure(cfg);
    routes::conversations::configure(cfg);
    routes::services::configure(cfg);
    homeai_ui::configure(cfg);
}
