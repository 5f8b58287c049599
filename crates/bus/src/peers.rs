//! Typed HTTP clients for calling the other services.

use std::time::Duration;

use homeai_domain::ServiceName;
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::BusError;

/// How a call may be retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    /// Safe to repeat (GET, PUT, DELETE): up to 3 tries with exponential backoff.
    Idempotent,
    /// Not safe to repeat (POST): one try.
    Once,
}

/// A client for one other service.
#[derive(Clone, Debug)]
pub struct PeerClient {
    service: ServiceName,
    base_url: String,
    http: reqwest::Client,
    token: Option<SecretString>,
    /// Overrides the client's timeout (`http.peer_timeout_ms`) for calls known to be slow.
    call_timeout: Option<Duration>,
}

impl PeerClient {
    pub fn service(&self) -> ServiceName {
        self.service
    }

    /// This client with another timeout per call, for a call known to take longer than most
    /// (a deploy waits for Home Assistant to load the automation).
    pub fn with_timeout(&self, timeout: Duration) -> Self {
        Self {
            call_timeout: Some(timeout),
            ..self.clone()
        }
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// GET `path` and decode JSON.
    pub async fn get_json<T: DeserializeOwned>(&self, path: &str) -> Result<T, BusError> {
        self.send(reqwest::Method::GET, path, None::<&()>, Retry::Idempotent)
            .await
    }

    /// POST `body` to `path` (with the API token) and decode JSON.
    pub async fn post_json<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, BusError> {
        self.send(reqwest::Method::POST, path, Some(body), Retry::Once)
            .await
    }

    /// PATCH `body` to `path` (with the API token) and decode JSON.
    pub async fn patch_json<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, BusError> {
        self.send(reqwest::Method::PATCH, path, Some(body), Retry::Once)
            .await
    }

    /// PUT `body` to `path` (with the API token) and decode JSON.
    pub async fn put_json<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, BusError> {
        self.send(reqwest::Method::PUT, path, Some(body), Retry::Idempotent)
            .await
    }

    async fn send<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<&B>,
        retry: Retry,
    ) -> Result<T, BusError> {
        let tries = if retry == Retry::Idempotent { 3 } else { 1 };
        let mut delay = Duration::from_millis(100);
        let mut attempt = 1;
        loop {
            match self.send_once(method.clone(), path, body).await {
                Ok(v) => return Ok(v),
                Err(e) if attempt < tries && is_transient(&e) => {
                    tracing::debug!(service = %self.service, %path, attempt, error = %e, "retrying");
                    tokio::time::sleep(delay).await;
                    delay = (delay * 4).min(Duration::from_secs(2));
                    attempt += 1;
                }
                Err(e) => return Err(e),
            }
        }
    }

    async fn send_once<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<&B>,
    ) -> Result<T, BusError> {
        let service = self.service.to_string();
        let mut request = self
            .http
            .request(method.clone(), format!("{}{}", self.base_url, path));
        if let Some(timeout) = self.call_timeout {
            request = request.timeout(timeout);
        }
        if method != reqwest::Method::GET
            && let Some(token) = &self.token
        {
            request = request.bearer_auth(token.expose_secret());
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request
            .send()
            .await
            .map_err(|source| BusError::Unreachable {
                service: service.clone(),
                source,
            })?;
        let status = response.status();
        if !status.is_success() {
            let body = response.text().await.unwrap_or_default();
            return Err(BusError::Status {
                service,
                status: status.as_u16(),
                body,
            });
        }
        response
            .json()
            .await
            .map_err(|source| BusError::Decode { service, source })
    }
}

fn is_transient(e: &BusError) -> bool {
    match e {
        BusError::Unreachable { .. } => true,
        BusError::Status { status, .. } => matches!(status, 502..=504),
        _ => false,
    }
}

/// Clients for all four services (a service may call itself through its own entry, too).
#[derive(Clone, Debug)]
pub struct Peers {
    clients: Vec<PeerClient>,
}

impl Peers {
    /// One client per `(service, base_url)`; `token` is sent on mutating calls.
    pub fn new(
        urls: impl IntoIterator<Item = (ServiceName, String)>,
        token: Option<SecretString>,
        timeout: Duration,
    ) -> Result<Self, BusError> {
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(Duration::from_secs(2))
            .user_agent(concat!("homeai/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(BusError::Client)?;
        let clients = urls
            .into_iter()
            .map(|(service, base_url)| PeerClient {
                service,
                base_url: base_url.trim_end_matches('/').to_owned(),
                http: http.clone(),
                token: token.clone(),
                call_timeout: None,
            })
            .collect();
        Ok(Self { clients })
    }

    pub fn get(&self, service: ServiceName) -> Option<&PeerClient> {
        self.clients.iter().find(|c| c.service == service)
    }

    pub fn all(&self) -> &[PeerClient] {
        &self.clients
    }
}
