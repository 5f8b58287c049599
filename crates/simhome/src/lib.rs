//! A simulated Home Assistant home, for the demo and as the fast double of HA in tests.
//!
//! * A home of ~60 entities from [`homeai_synth`]'s layout, with realistic attributes and
//!   registries, a month of history with planted habits, and the rest of today played live as
//!   its [`SimClock`] passes (the clock may run many times faster than real time).
//! * The part of HA's REST and WebSocket API that `homeai-ha` uses (auth, states, registries,
//!   `state_changed` events with contexts, history, logbook, service calls, `validate_config`,
//!   the automation config API), speaking as HA 2024.3.3.
//! * An engine that runs the automations stored in it (see [`engine`]).
//!
//! It says it is a simulation: in its page at `/`, every state's `attribution`, and its log.
//! Errors: [`SimError`].

mod attributes;
mod clock;
mod config;
pub mod engine;
mod error;
mod history;
mod home;
mod player;
mod rest;
mod services;
mod shared;
mod ws;

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::{App, HttpServer, web};
use chrono::{DateTime, Duration, Utc};
use homeai_synth::HomeSpec;

pub use clock::SimClock;
pub use config::HA_VERSION;
pub use error::SimError;
pub use home::Home;

/// Days generated after today's start, played live as the clock passes them.
const LIVE_DAYS: u32 = 8;

/// How to run the simulated home.
#[derive(Debug, Clone)]
pub struct SimOptions {
    /// Address to listen on; port 0 picks a free port.
    pub bind: String,
    pub port: u16,
    /// The access token clients must present.
    pub token: String,
    /// Simulated seconds per real second.
    pub speed: f64,
    /// Days of history before now.
    pub history_days: u32,
    /// Same seed, same home.
    pub seed: u64,
    /// Extra power sensors, to make the home ~60 entities.
    pub extra_sensors: usize,
    /// The instant the simulated clock shows at start; `None`: the wall clock's now (the demo).
    /// Tests set it, so that what they see does not depend on the hour they run at.
    pub start: Option<DateTime<Utc>>,
}

impl Default for SimOptions {
    fn default() -> Self {
        Self {
            bind: "127.0.0.1".into(),
            port: 0,
            token: "simhome-token".into(),
            speed: 1.0,
            history_days: 30,
            seed: 7,
            extra_sensors: 30,
            start: None,
        }
    }
}

/// A running simulated home: where it is, and a handle to stop it.
pub struct RunningSim {
    pub port: u16,
    pub url: String,
    pub home: Arc<Home>,
    server: actix_web::dev::ServerHandle,
}

impl RunningSim {
    /// Stops the server (gracefully) and the home's tasks.
    pub async fn stop(&self) {
        self.server.stop(true).await;
    }
}

/// Builds the home, records its history and starts serving; the server, the player and the
/// engine run on the current tokio runtime.
pub fn start(options: &SimOptions) -> Result<RunningSim, SimError> {
    let now = options.start.unwrap_or_else(Utc::now);
    let spec = HomeSpec {
        seed: options.seed,
        start: (now - Duration::days(i64::from(options.history_days)))
            .with_timezone(&HomeSpec::default().time_zone)
            .date_naive(),
        // the history, today and a week to live (at 60x a week lasts ~2.8 h)
        days: options.history_days + LIVE_DAYS,
        extra_sensors: options.extra_sensors,
        extra_sensor_interval_min: 30,
        ..HomeSpec::default()
    };
    let layout = homeai_synth::layout(&spec);
    let clock = SimClock::new(now, options.speed);
    let home = Arc::new(Home::new(spec.clone(), layout, clock));
    let mut events = Vec::new();
    homeai_synth::generate_days(&spec, |day| events.extend(day));
    let future = player::record_history(&home, events);

    let addr = format!("{}:{}", options.bind, options.port);
    let listener = TcpListener::bind(&addr).map_err(|source| SimError::Bind {
        addr: addr.clone(),
        source,
    })?;
    let port = listener
        .local_addr()
        .map_err(|source| SimError::Bind {
            addr: addr.clone(),
            source,
        })?
        .port();
    let shared = web::Data::new(shared::Shared {
        home: Arc::clone(&home),
        token: options.token.clone(),
    });
    let server = HttpServer::new(move || {
        App::new()
            .app_data(shared.clone())
            .configure(rest::configure)
            .configure(ws::configure)
    })
    .workers(1)
    // WebSocket clients never close on their own: do not wait long for them
    .shutdown_timeout(1)
    .disable_signals()
    .listen(listener)
    .map_err(|source| SimError::Bind { addr, source })?
    .run();
    let handle = server.handle();
    tokio::spawn(server);
    tokio::spawn(player::play(Arc::clone(&home), future));
    tokio::spawn(engine::run(Arc::clone(&home)));
    let url = format!("http://{}:{port}", options.bind);
    tracing::warn!(%url, speed = options.speed, entities = home.states().len(),
        "this is a SIMULATED Home Assistant home (homeai demo): no real device is behind it");
    Ok(RunningSim {
        port,
        url,
        home,
        server: handle,
    })
}
