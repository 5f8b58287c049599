//! The training service (8022): the job queue (priority, state machine, progress, logs,
//! metrics), the executor and its local worker, live progress, model versions.
//!
//! * [`executor`]: the one executor (trains the model a job names) and the [`executor::JobSink`]
//!   it reports through.
//! * [`worker`]: the local worker (priority queue, concurrency limit, restart recovery).
//! * [`ledger`]: what a running job writes (metrics, logs, checkpoints, the finished model),
//!   checked against the job's lease.
//! * [`events`]: live job events to WebSocket subscribers and MQTT.

pub mod events;
pub mod executor;
pub mod ledger;
pub mod remote;
pub mod remote_worker;
pub mod routes;
pub mod sensors;
pub mod worker;

use std::sync::Arc;

use actix_web::web;
use homeai_web::{RouteConfig, ServiceContext, StartError};
use tokio::sync::Notify;

/// Wires the training service into an application: starts the worker, mounts the routes.
pub fn setup(ctx: &ServiceContext) -> Result<RouteConfig, StartError> {
    let settings = ctx.settings.training_jobs.clone();
    let artefact_dir = settings.artefact_dir(&ctx.settings.database.path);
    let queue = worker::Queue {
        db: ctx.db.clone(),
        events: events::EventHub::new(ctx.mqtt.clone()),
        settings,
        artefact_dir,
        wake: Arc::new(Notify::new()),
    };
    ctx.keep(worker::spawn(
        queue.clone(),
        Arc::new(executor::ModelExecutor),
        ctx.shutdown.clone(),
    ));
    sensors::spawn(ctx);
    let queue = web::Data::new(queue);
    Ok(Arc::new(move |cfg| {
        cfg.app_data(queue.clone());
        configure(cfg);
    }))
}

/// The training service's routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    routes::jobs::configure(cfg);
    routes::runs::configure(cfg);
    routes::stats::configure(cfg);
    routes::models::configure(cfg);
    routes::live::configure(cfg);
    routes::workers::configure(cfg);
    routes::experiments::configure(cfg);
    routes::synthetic::configure(cfg);
}
