//! The pattern service (8020): event ingest from Home Assistant, pattern and synergy detection,
//! the daily analysis, the correlation cache.

pub mod analysis;
pub mod home_models;
pub mod ingest;
pub mod routes;
pub mod sensors;
pub mod synergy_model;

use std::sync::Arc;
use std::time::Duration;

use actix_web::web;
use homeai_web::{RouteConfig, ServiceContext, StartError};

/// Wires the pattern service into an application: starts following Home Assistant when one is
/// configured, and mounts the routes.
pub fn setup(ctx: &ServiceContext) -> Result<RouteConfig, StartError> {
    let status = ingest::IngestStatus::default();
    if ctx.settings.ingest.enabled
        && let Some(client) = ctx.ha.clone()
    {
        let live = ingest::live::LiveIngest::new(
            ctx.db.clone(),
            client,
            ctx.settings.ingest.clone(),
            status.clone(),
            Duration::from_millis(ctx.settings.ha.reconnect_max_ms),
            ctx.shutdown.clone(),
        );
        ctx.keep(live.spawn());
    }
    let statestream = &ctx.settings.ingest.statestream;
    if statestream.enabled {
        let bus = ctx.mqtt.as_ref().ok_or_else(|| {
            StartError::Other(
                "ingest.statestream.enabled needs an MQTT broker: set HOMEAI_MQTT_URL".into(),
            )
        })?;
        let task = ingest::statestream::spawn(
            bus,
            statestream.base_topic.clone(),
            ctx.db.clone(),
            status.clone(),
            ctx.shutdown.clone(),
        )?;
        ctx.keep(task);
    }
    // the trained synergy model, reloaded whenever the training service activates a version
    let scorer = synergy_model::SynergyScorer::default();
    ctx.keep(
        scorer
            .0
            .clone()
            .spawn(ctx.db.clone(), ctx.mqtt.clone(), ctx.shutdown.clone()),
    );
    // the home-type classifier and the usage forecaster, reloaded the same way
    let home_type = home_models::home_type();
    ctx.keep(
        home_type
            .clone()
            .spawn(ctx.db.clone(), ctx.mqtt.clone(), ctx.shutdown.clone()),
    );
    let forecast = home_models::forecast();
    ctx.keep(
        forecast
            .clone()
            .spawn(ctx.db.clone(), ctx.mqtt.clone(), ctx.shutdown.clone()),
    );
    let analyzer = analysis::Analyzer::new(
        ctx.db.clone(),
        ctx.mqtt.clone(),
        ctx.ha.clone(),
        ctx.settings.analysis.clone(),
    )
    .with_suggestions(ctx.peers.clone())
    .with_scorer(scorer.clone())
    .with_home_type(home_type.clone());
    if ctx.settings.analysis.schedule_enabled {
        let cron = ctx
            .settings
            .analysis
            .schedule
            .parse()
            .map_err(|e| StartError::Other(format!("analysis.schedule: {e}")))?;
        ctx.keep(analysis::schedule::spawn(
            analyzer.clone(),
            cron,
            ctx.shutdown.clone(),
        ));
    }
    let db = ctx.db.clone();
    tokio::spawn(async move {
        if let Err(e) = db
            .write(homeai_db::repo::analysis_runs::abandon_running)
            .await
        {
            tracing::warn!(error = %e, "could not close analyses left running");
        }
    });
    sensors::spawn(ctx);
    let cache = routes::correlations::CacheState::new(ctx)?;
    let status = web::Data::new(status);
    let analyzer = web::Data::new(analyzer);
    let cache = web::Data::new(cache);
    let scorer = web::Data::new(scorer);
    let home_type = web::Data::new(home_type);
    let forecast = web::Data::new(forecast);
    Ok(Arc::new(move |cfg| {
        cfg.app_data(scorer.clone());
        cfg.app_data(home_type.clone()).app_data(forecast.clone());
        cfg.app_data(status.clone())
            .app_data(analyzer.clone())
            .app_data(cache.clone());
        configure(cfg);
    }))
}

/// The pattern service's routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    routes::events::configure(cfg);
    routes::home::configure(cfg);
    routes::analysis::configure(cfg);
    // before synergies: /api/v1/synergies/model is not a synergy id
    routes::synergy_model::configure(cfg);
    routes::synergies::configure(cfg);
    routes::correlations::configure(cfg);
    routes::home_models::configure(cfg);
}
