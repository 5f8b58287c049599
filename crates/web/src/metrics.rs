//! Prometheus metrics of one service, served as text on `/metrics`.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::web;
use homeai_domain::ServiceName;
use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, Opts, Registry, TextEncoder,
};

/// The registry of one service (the all-in-one binary has four, one per service).
#[derive(Clone)]
pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    pub db_connections: IntGauge,
    pub db_idle_connections: IntGauge,
    pub mqtt_connected: IntGauge,
}

impl Metrics {
    pub fn new(service: ServiceName) -> Result<Self, prometheus::Error> {
        let labels = [("service".to_owned(), service.as_str().to_owned())]
            .into_iter()
            .collect();
        let registry = Registry::new_custom(Some("homeai".into()), Some(labels))?;
        let requests = IntCounterVec::new(
            Opts::new(
                "http_requests_total",
                "HTTP requests by method, route and status",
            ),
            &["method", "route", "status"],
        )?;
        let latency = HistogramVec::new(
            HistogramOpts::new(
                "http_request_duration_seconds",
                "HTTP request latency by route",
            )
            .buckets(vec![
                0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
            ]),
            &["method", "route"],
        )?;
        let db_connections = IntGauge::new("db_pool_connections", "open SQLite connections")?;
        let db_idle_connections =
            IntGauge::new("db_pool_idle_connections", "idle SQLite connections")?;
        let mqtt_connected =
            IntGauge::new("mqtt_connected", "1 while connected to the MQTT broker")?;
        let build = IntGauge::with_opts(
            Opts::new("build_info", "build of this binary")
                .const_label("version", env!("CARGO_PKG_VERSION")),
        )?;
        build.set(1);
        registry.register(Box::new(requests.clone()))?;
        registry.register(Box::new(latency.clone()))?;
        registry.register(Box::new(db_connections.clone()))?;
        registry.register(Box::new(db_idle_connections.clone()))?;
        registry.register(Box::new(mqtt_connected.clone()))?;
        registry.register(Box::new(build))?;
        Ok(Self {
            registry,
            requests,
            latency,
            db_connections,
            db_idle_connections,
            mqtt_connected,
        })
    }

    /// For crates that add their own metrics (cache counters, ingest rates, …).
    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    pub fn observe(&self, method: &str, route: &str, status: u16, started: Instant) {
        self.requests
            .with_label_values(&[method, route, &status.to_string()])
            .inc();
        self.latency
            .with_label_values(&[method, route])
            .observe(started.elapsed().as_secs_f64());
    }

    /// The Prometheus text exposition of everything registered.
    pub fn render(&self) -> String {
        let mut out = Vec::new();
        if let Err(e) = TextEncoder::new().encode(&self.registry.gather(), &mut out) {
            tracing::warn!(error = %e, "could not encode metrics");
        }
        String::from_utf8(out).unwrap_or_default()
    }
}

/// Middleware: counts and times every request by its route pattern (not its raw path, so ids
/// do not explode the label set).
pub async fn record(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let metrics = req.app_data::<web::Data<Metrics>>().cloned();
    let method = req.method().to_string();
    let route = req.match_pattern().unwrap_or_else(|| "unmatched".into());
    let result = next.call(req).await;
    if let Some(m) = metrics {
        let status = match &result {
            Ok(res) => res.status().as_u16(),
            Err(e) => e.as_response_error().status_code().as_u16(),
        };
        m.observe(&method, &route, status, started);
    }
    result
}
