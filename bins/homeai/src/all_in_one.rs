//! `homeai up`: the four services in one process, sharing one pool, one token and one broker;
//! it keeps Ask AI's intent model fitted to the home in the background (`background_training`).

use std::sync::Arc;

use futures_util::future::join_all;
use homeai_domain::ServiceName;
use homeai_web::auth::ApiToken;
use homeai_web::{Application, Settings, Setup, StartError};
use secrecy::ExposeSecret;

use crate::background_training::Services;

fn setup_of(service: ServiceName) -> Setup {
    match service {
        ServiceName::Query => homeai_query::setup,
        ServiceName::Pattern => homeai_pattern::setup,
        ServiceName::Automation => homeai_automation::setup,
        ServiceName::Training => homeai_training::setup,
    }
}

pub async fn run() -> Result<(), StartError> {
    let settings = Settings::load()?;
    homeai_web::telemetry::init(&settings.log);
    let started = start(settings).await?;
    let every = started.settings.training_jobs.intent_upkeep_secs;
    if every > 0 {
        let url = |service| {
            format!(
                "http://127.0.0.1:{}",
                started.settings.service(service).port
            )
        };
        let services = Services {
            http: reqwest::Client::new(),
            query: url(ServiceName::Query),
            training: url(ServiceName::Training),
            token: started.token.secret().expose_secret().to_owned(),
        };
        tokio::spawn(services.keep_intent_fitted(std::time::Duration::from_secs(every)));
    }
    run_until_stopped(started.apps).await
}

/// The four services built and bound (not yet serving), with what a caller needs to reach
/// them: the settings with the real ports, and the API token.
pub struct Started {
    pub apps: Vec<Application>,
    pub settings: Arc<Settings>,
    pub token: ApiToken,
}

/// Starts the broker (unless one is configured), binds the four ports and builds the services.
pub async fn start(mut settings: Settings) -> Result<Started, StartError> {
    let mqtt_url = match &settings.mqtt.url {
        Some(url) => url.clone(),
        None => homeai_bus::broker::start(settings.mqtt.embedded_port)?.url(),
    };

    // Bind every port first: with port 0 the real ports are known before the services are
    // built, so each one's clients reach the others.
    let mut listeners = Vec::new();
    for service in ServiceName::ALL {
        let listener = homeai_web::bind(settings.bind, settings.service(*service).port)?;
        let port = listener.local_addr()?.port();
        settings.service_mut(*service).port = port;
        listeners.push((*service, listener));
    }

    let db_settings = settings.database.clone();
    let db = tokio::task::spawn_blocking(move || db_settings.open())
        .await
        .map_err(|e| StartError::Other(e.to_string()))??;
    let token = ApiToken::resolve(&settings).map_err(StartError::Other)?;
    let settings = Arc::new(settings);

    let mut apps = Vec::new();
    for (service, listener) in listeners {
        let app = Application::build_with(
            Arc::clone(&settings),
            service,
            listener,
            db.clone(),
            token.clone(),
            Some(&mqtt_url),
            setup_of(service),
        )?;
        apps.push(app);
    }
    let ports: Vec<String> = apps
        .iter()
        .map(|a| format!("{}={}", a.context().service, a.port()))
        .collect();
    tracing::info!(ports = %ports.join(" "), mqtt = %homeai_bus::redact_url(&mqtt_url), "homeai is up");
    Ok(Started {
        apps,
        settings,
        token,
    })
}

/// Serves until SIGINT/SIGTERM stops every service.
pub async fn run_until_stopped(apps: Vec<Application>) -> Result<(), StartError> {
    for result in join_all(apps.into_iter().map(Application::run_until_stopped)).await {
        result?;
    }
    Ok(())
}
