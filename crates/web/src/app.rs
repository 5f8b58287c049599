//! Building and running one service: bind, wire middleware and routes, run, stop cleanly.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::{Duration, Instant};

use actix_web::dev::{Server, ServerHandle};
use actix_web::middleware::from_fn;
use actix_web::{App, HttpResponse, HttpServer, web};
use homeai_bus::{BusError, MqttBus, Peers};
use homeai_db::{Db, DbError};
use homeai_domain::ServiceName;
use tokio::task::JoinHandle;
use tracing_actix_web::TracingLogger;

use crate::auth::{ApiToken, require_token};
use crate::metrics::{self, Metrics};
use crate::{ApiError, ServiceContext, Settings, health};

/// A service's routes (and its own `app_data`), mounted next to the shared ones.
pub type RouteConfig = Arc<dyn Fn(&mut web::ServiceConfig) + Send + Sync>;

/// What a service crate provides: given the shared context, its routes. It may start
/// background tasks here and keep their state in the closure.
pub type Setup = fn(&ServiceContext) -> Result<RouteConfig, StartError>;

/// Why a service could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Settings(#[from] crate::settings::SettingsError),
    #[error("database: {0}")]
    Db(#[from] DbError),
    #[error("messaging: {0}")]
    Bus(#[from] BusError),
    #[error("cannot listen: {0}")]
    Io(#[from] std::io::Error),
    #[error("metrics: {0}")]
    Metrics(#[from] prometheus::Error),
    #[error("{0}")]
    Other(String),
}

/// One running service.
pub struct Application {
    port: u16,
    server: Server,
    context: ServiceContext,
    background: Vec<JoinHandle<()>>,
    stop: tokio::sync::watch::Sender<bool>,
    signals: Signals,
}

/// How long background tasks get to finish (flush pending events) when the service stops.
const TASK_GRACE: Duration = Duration::from_secs(10);

impl Application {
    /// Opens the database (migrating it), connects to the configured broker, binds the
    /// configured port and builds the server: what `main` of each service does.
    pub async fn build(
        settings: Settings,
        service: ServiceName,
        setup: Setup,
    ) -> Result<Self, StartError> {
        let listener = crate::bind(settings.bind, settings.service(service).port)?;
        let db_settings = settings.database.clone();
        let db = tokio::task::spawn_blocking(move || db_settings.open())
            .await
            .map_err(|e| StartError::Other(e.to_string()))??;
        let token = ApiToken::resolve(&settings)
            .map_err(StartError::Other)?
            .with_admin(settings.api.admin_token.clone());
        let mqtt_url = settings.mqtt.url.clone();
        Self::build_with(
            Arc::new(settings),
            service,
            listener,
            db,
            token,
            mqtt_url.as_deref(),
            setup,
        )
    }

    /// Builds on what the caller already has: a bound listener, an open database, the token
    /// and the broker (the all-in-one binary shares these between its four services).
    pub fn build_with(
        settings: Arc<Settings>,
        service: ServiceName,
        listener: TcpListener,
        db: Db,
        token: ApiToken,
        mqtt_url: Option<&str>,
        setup: Setup,
    ) -> Result<Self, StartError> {
        let port = listener.local_addr()?.port();
        // with port 0 the others reach this service (and it itself) on the port it really got
        let settings = if settings.service(service).port == port {
            settings
        } else {
            let mut own = (*settings).clone();
            own.service_mut(service).port = port;
            Arc::new(own)
        };
        let mut background = Vec::new();
        let mqtt = match mqtt_url {
            Some(url) => {
                let (bus, task) = MqttBus::connect(url, service, &settings.mqtt)?;
                background.push(task);
                Some(bus)
            }
            None => None,
        };
        let peers = Peers::new(
            ServiceName::ALL.iter().map(|s| (*s, settings.base_url(*s))),
            Some(token.secret().clone()),
            Duration::from_millis(settings.http.peer_timeout_ms),
        )?;
        let ha = settings
            .ha
            .client()
            .map_err(|e| StartError::Other(format!("Home Assistant: {e}")))?;
        let (stop, shutdown) = tokio::sync::watch::channel(false);
        let context = ServiceContext {
            service,
            settings: Arc::clone(&settings),
            db,
            mqtt,
            ha,
            peers,
            metrics: Metrics::new(service)?,
            started_at: Instant::now(),
            shutdown,
            tasks: Arc::default(),
        };
        let routes = setup(&context)?;
        let json_limit = settings.http.json_limit;
        let app_context = web::Data::new(context.clone());
        let app_metrics = web::Data::new(context.metrics.clone());
        let app_token = web::Data::new(token);
        let server = HttpServer::new(move || {
            let routes = Arc::clone(&routes);
            App::new()
                .wrap(from_fn(require_token))
                .wrap(from_fn(metrics::record))
                .wrap(TracingLogger::default())
                .app_data(app_context.clone())
                .app_data(app_metrics.clone())
                .app_data(app_token.clone())
                .app_data(json_config(json_limit))
                .app_data(query_config())
                .app_data(path_config())
                .configure(health::configure)
                .configure(move |cfg| routes(cfg))
                .default_service(web::to(no_such_route))
        })
        .workers(settings.http.workers)
        .disable_signals()
        .shutdown_timeout(10)
        .listen(listener)?
        .run();
        let signals = Signals::listen()?;
        tracing::info!(%service, port, "listening");
        Ok(Self {
            port,
            server,
            context,
            background,
            stop,
            signals,
        })
    }

    /// The port actually bound (useful with port 0).
    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn context(&self) -> &ServiceContext {
        &self.context
    }

    pub fn handle(&self) -> ServerHandle {
        self.server.handle()
    }

    /// Serves until SIGINT/SIGTERM, then stops gracefully: in-flight requests finish, the
    /// service says `offline` on MQTT, background tasks end.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let handle = self.server.handle();
        let service = self.context.service;
        let mut server = self.server;
        let mut signals = self.signals;
        tokio::select! {
            result = &mut server => result?,
            signal = signals.recv() => {
                tracing::info!(%service, %signal, "stopping");
                // the server future processes the stop command: keep polling it meanwhile
                let (_, result) = tokio::join!(handle.stop(true), &mut server);
                result?;
            }
        }
        // background work (e.g. the ingest flushing its last batch) finishes before MQTT says offline
        let _ = self.stop.send(true);
        let tasks: Vec<JoinHandle<()>> = self
            .context
            .tasks
            .lock()
            .map(|mut t| std::mem::take(&mut *t))
            .unwrap_or_default();
        for task in tasks {
            if tokio::time::timeout(TASK_GRACE, task).await.is_err() {
                tracing::warn!(%service, "a background task did not finish in time");
            }
        }
        if let Some(bus) = &self.context.mqtt {
            bus.shutdown().await;
        }
        for task in self.background {
            task.abort();
        }
        tracing::info!(%service, "stopped");
        Ok(())
    }
}

/// SIGINT (ctrl-c) and SIGTERM (docker stop), listened to from the moment this is made: a
/// service makes it before it says `listening`, so a signal sent right after that is never
/// met by the default action (killed) instead of a clean stop.
pub struct Signals {
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
    #[cfg(unix)]
    int: tokio::signal::unix::Signal,
}

impl Signals {
    pub fn listen() -> std::io::Result<Self> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Self {
                term: signal(SignalKind::terminate())?,
                int: signal(SignalKind::interrupt())?,
            })
        }
        #[cfg(not(unix))]
        {
            Ok(Self {})
        }
    }

    /// Resolves on the next signal and says which.
    pub async fn recv(&mut self) -> &'static str {
        #[cfg(unix)]
        {
            tokio::select! {
                _ = self.int.recv() => "SIGINT",
                _ = self.term.recv() => "SIGTERM",
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
            "ctrl-c"
        }
    }
}

/// Resolves on SIGINT (ctrl-c) or SIGTERM (docker stop) and says which.
pub async fn shutdown_signal() -> &'static str {
    match Signals::listen() {
        Ok(mut signals) => signals.recv().await,
        Err(_) => {
            let _ = tokio::signal::ctrl_c().await;
            "SIGINT"
        }
    }
}

async fn no_such_route() -> Result<HttpResponse, ApiError> {
    Err(ApiError::NotFound("no such route".into()))
}

fn json_config(limit: usize) -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(limit)
        .error_handler(|err, _| match err {
            actix_web::error::JsonPayloadError::Overflow { limit }
            | actix_web::error::JsonPayloadError::OverflowKnownLength { limit, .. } => {
                ApiError::PayloadTooLarge(format!("the JSON body is larger than {limit} bytes"))
                    .into()
            }
            other => ApiError::BadRequest(format!("invalid JSON body: {other}")).into(),
        })
}

fn query_config() -> web::QueryConfig {
    web::QueryConfig::default()
        .error_handler(|err, _| ApiError::BadRequest(format!("invalid query string: {err}")).into())
}

fn path_config() -> web::PathConfig {
    web::PathConfig::default()
        .error_handler(|err, _| ApiError::BadRequest(format!("invalid path: {err}")).into())
}

/// The whole `main` of a lone service: settings, telemetry, build, serve until a signal.
pub async fn run_service(service: ServiceName, setup: Setup) -> Result<(), StartError> {
    let settings = Settings::load()?;
    crate::telemetry::init(&settings.log);
    let app = Application::build(settings, service, setup).await?;
    app.run_until_stopped().await?;
    Ok(())
}

/// Binds `addr:port`, saying which address when it cannot (in use, not allowed).
pub fn bind(addr: std::net::IpAddr, port: u16) -> Result<TcpListener, StartError> {
    TcpListener::bind((addr, port)).map_err(|e| {
        let hint = if e.kind() == std::io::ErrorKind::AddrInUse {
            " (another program uses it: stop it or choose another port with HOMEAI_<SERVICE>_PORT)"
        } else {
            ""
        };
        StartError::Other(format!("cannot listen on {addr}:{port}: {e}{hint}"))
    })
}
