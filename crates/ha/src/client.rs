//! [`HaClient`]: Home Assistant's REST API, and the door to its WebSocket API.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
use serde_json::Value;
use tracing::instrument;

use crate::model::to_iso;
use crate::shorten::shorten;
use crate::ws::WsSession;
use crate::{HaConfig, HaError, HaState};

/// A Home Assistant client: one reqwest `Client` (with the request timeout) and what the
/// WebSocket needs. Cheap to clone. `Debug` shows the url only.
#[derive(Clone)]
pub struct HaClient {
    inner: Arc<Inner>,
}

struct Inner {
    base_url: String,
    ws_url: String,
    token: SecretString,
    http: reqwest::Client,
    request_timeout: Duration,
    /// rustls (ring provider, webpki roots) for `wss://`; `None` for plain `ws://`.
    tls: Option<Arc<rustls::ClientConfig>>,
}

impl fmt::Debug for HaClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HaClient")
            .field("base_url", &self.inner.base_url)
            .finish_non_exhaustive()
    }
}

impl HaClient {
    /// `base_url` is `http(s)://host:port` (a trailing `/` or `/api` is dropped).
    pub fn new(
        base_url: &str,
        token: SecretString,
        request_timeout: Duration,
    ) -> Result<Self, HaError> {
        let base_url = base_url.trim().trim_end_matches('/');
        let base_url = base_url.strip_suffix("/api").unwrap_or(base_url).to_owned();
        let (ws_url, tls) = if let Some(rest) = base_url.strip_prefix("http://") {
            (format!("ws://{rest}/api/websocket"), None)
        } else if let Some(rest) = base_url.strip_prefix("https://") {
            (format!("wss://{rest}/api/websocket"), Some(tls_config()?))
        } else {
            return Err(HaError::Settings(format!(
                "ha.url must start with http:// or https://, got {base_url:?}"
            )));
        };
        if base_url
            .split_once("://")
            .is_none_or(|(_, host)| host.is_empty())
        {
            return Err(HaError::Settings(format!(
                "ha.url has no host: {base_url:?}"
            )));
        }
        if token.expose_secret().trim().is_empty() {
            return Err(HaError::Settings("the HA access token is empty".into()));
        }
        let http = reqwest::Client::builder()
            .timeout(request_timeout)
            .connect_timeout(request_timeout.min(Duration::from_secs(10)))
            .user_agent(concat!("homeai-ha/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| HaError::Settings(format!("cannot build the HTTP client: {e}")))?;
        Ok(Self {
            inner: Arc::new(Inner {
                base_url,
                ws_url,
                token,
                http,
                request_timeout,
                tls,
            }),
        })
    }

    /// `http(s)://host:port`, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// `ws(s)://host:port/api/websocket`.
    pub fn ws_url(&self) -> &str {
        &self.inner.ws_url
    }

    pub fn request_timeout(&self) -> Duration {
        self.inner.request_timeout
    }

    // ------------------------------------------------------------------------------- REST

    /// `GET /api/`: HA is up and the token is good.
    #[instrument(level = "debug", skip_all, err(Display, level = "debug"))]
    pub async fn api_status(&self) -> Result<(), HaError> {
        let resp = self.send(self.request(Method::GET, "/api/")).await?;
        let resp = ok_or_error(resp).await?;
        let _: Value = read_json(resp).await?;
        Ok(())
    }

    /// `GET /api/config`.
    #[instrument(level = "debug", skip_all, err(Display, level = "debug"))]
    pub async fn config(&self) -> Result<HaConfig, HaError> {
        self.get_json("/api/config").await
    }

    /// `GET /api/states`: every entity's current state.
    #[instrument(level = "debug", skip_all, err(Display, level = "debug"))]
    pub async fn states(&self) -> Result<Vec<HaState>, HaError> {
        self.get_json("/api/states").await
    }

    /// `GET /api/states/<entity_id>`; `None` when HA does not know the entity.
    #[instrument(level = "debug", skip(self), err(Display, level = "debug"))]
    pub async fn state(&self, entity_id: &str) -> Result<Option<HaState>, HaError> {
        let path = format!("/api/states/{}", encode_segment(entity_id));
        let resp = self.send(self.request(Method::GET, &path)).await?;
        if resp.status() == StatusCode::NOT_FOUND {
            return Ok(None);
        }
        read_json(ok_or_error(resp).await?).await.map(Some)
    }

    /// `GET /api/history/period/<start>?filter_entity_id=…&end_time=…`: one list per entity
    /// that has history, full state objects (no `minimal_response`), every change
    /// (`significant_changes_only=0`). HA's end defaults to start + 1 day.
    ///
    /// `context` is always `None`: HA's history carries no context; it fills in one shared
    /// placeholder context (the same id on every row, user and parent null), which would
    /// misattribute every change to a device.
    #[instrument(level = "debug", skip(self), err(Display, level = "debug"))]
    pub async fn history_period(
        &self,
        start: DateTime<Utc>,
        end: Option<DateTime<Utc>>,
        entity_ids: &[String],
    ) -> Result<Vec<Vec<HaState>>, HaError> {
        if entity_ids.is_empty() {
            return Ok(Vec::new());
        }
        let path = format!("/api/history/period/{}", encode_segment(&to_iso(start)));
        let mut query = vec![
            ("filter_entity_id", entity_ids.join(",")),
            ("significant_changes_only", "0".to_owned()),
        ];
        if let Some(end) = end {
            query.push(("end_time", to_iso(end)));
        }
        let req = self.request(Method::GET, &path).query(&query);
        let resp = ok_or_error(self.send(req).await?).await?;
        let mut lists: Vec<Vec<HaState>> = read_json(resp).await?;
        for s in lists.iter_mut().flatten() {
            s.context = None;
        }
        Ok(lists)
    }

    /// `POST /api/services/<domain>/<service>` with `data` as the body (`entity_id` etc.);
    /// returns the states that changed while the call ran.
    #[instrument(level = "debug", skip(self, data), err(Display, level = "debug"))]
    pub async fn call_service(
        &self,
        domain: &str,
        service: &str,
        data: Value,
    ) -> Result<Vec<HaState>, HaError> {
        let path = format!(
            "/api/services/{}/{}",
            encode_segment(domain),
            encode_segment(service)
        );
        let req = self.request(Method::POST, &path).json(&data);
        let resp = self.send(req).await?;
        if resp.status() == StatusCode::BAD_REQUEST {
            return Err(HaError::Rejected {
                message: message_of(resp).await,
            });
        }
        read_json(ok_or_error(resp).await?).await
    }

    /// `GET /api/config/automation/config/<id>`: the stored automation, `None` if there is none.
    #[instrument(level = "debug", skip(self), err(Display, level = "debug"))]
    pub async fn get_automation_config(&self, id: &str) -> Result<Option<Value>, HaError> {
        let resp = self
            .send(self.request(Method::GET, &automation_path(id)))
            .await?;
        if resp.status() == StatusCode::NOT_FOUND {
            return Ok(None);
        }
        read_json(ok_or_error(resp).await?).await.map(Some)
    }

    /// `POST /api/config/automation/config/<id>`: create or replace. HA validates first; a 400
    /// ("Message malformed: …") becomes [`HaError::Rejected`]. HA reloads automations in the
    /// background afterwards: the entity appears a moment later.
    #[instrument(level = "debug", skip(self, config), err(Display, level = "debug"))]
    pub async fn save_automation_config(&self, id: &str, config: &Value) -> Result<(), HaError> {
        let req = self
            .request(Method::POST, &automation_path(id))
            .json(config);
        let resp = self.send(req).await?;
        if resp.status() == StatusCode::BAD_REQUEST {
            return Err(HaError::Rejected {
                message: message_of(resp).await,
            });
        }
        let _: Value = read_json(ok_or_error(resp).await?).await?;
        Ok(())
    }

    /// `DELETE /api/config/automation/config/<id>`: `true` when deleted, `false` when there was
    /// no such automation (HA answers 400 "Resource not found", not 404).
    #[instrument(level = "debug", skip(self), err(Display, level = "debug"))]
    pub async fn delete_automation_config(&self, id: &str) -> Result<bool, HaError> {
        let resp = self
            .send(self.request(Method::DELETE, &automation_path(id)))
            .await?;
        match resp.status() {
            StatusCode::NOT_FOUND => Ok(false),
            StatusCode::BAD_REQUEST => {
                let message = message_of(resp).await;
                if message.to_ascii_lowercase().contains("not found") {
                    Ok(false)
                } else {
                    Err(HaError::Rejected { message })
                }
            }
            _ => {
                let _: Value = read_json(ok_or_error(resp).await?).await?;
                Ok(true)
            }
        }
    }

    // ------------------------------------------------------------------------- WebSocket

    /// Opens one authenticated WebSocket connection (see [`WsSession`]).
    #[instrument(level = "debug", skip_all, fields(url = %self.inner.ws_url), err(Display, level = "debug"))]
    pub async fn connect_ws(&self) -> Result<WsSession, HaError> {
        WsSession::connect(
            &self.inner.ws_url,
            &self.inner.token,
            self.inner.tls.clone(),
            self.inner.request_timeout,
        )
        .await
    }

    // --------------------------------------------------------------------------- helpers

    fn request(&self, method: Method, path: &str) -> RequestBuilder {
        // bearer_auth marks the header sensitive: reqwest never shows it in Debug output
        self.inner
            .http
            .request(method, format!("{}{path}", self.inner.base_url))
            .bearer_auth(self.inner.token.expose_secret())
    }

    async fn send(&self, req: RequestBuilder) -> Result<Response, HaError> {
        req.send().await.map_err(transport_error)
    }

    async fn get_json<T: DeserializeOwned>(&self, path: &str) -> Result<T, HaError> {
        let resp = self.send(self.request(Method::GET, path)).await?;
        read_json(ok_or_error(resp).await?).await
    }
}

fn automation_path(id: &str) -> String {
    format!("/api/config/automation/config/{}", encode_segment(id))
}

/// rustls with the ring provider and the webpki roots, for `wss://`.
fn tls_config() -> Result<Arc<rustls::ClientConfig>, HaError> {
    let roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|e| HaError::Settings(format!("TLS setup: {e}")))?
    .with_root_certificates(roots)
    .with_no_client_auth();
    Ok(Arc::new(config))
}

fn transport_error(e: reqwest::Error) -> HaError {
    if e.is_timeout() {
        HaError::Timeout(e.to_string())
    } else if e.is_decode() {
        HaError::Decode(e.to_string())
    } else {
        HaError::Unreachable(error_chain(&e))
    }
}

/// `e` and its sources, so "error sending request" says why (connection refused, …).
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

/// Passes a 2xx response through, turns any other status into an error.
async fn ok_or_error(resp: Response) -> Result<Response, HaError> {
    let status = resp.status();
    if status.is_success() {
        return Ok(resp);
    }
    let message = message_of(resp).await;
    Err(match status {
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => {
            HaError::Auth(format!("HTTP {}: {message}", status.as_u16()))
        }
        _ => HaError::Http {
            status: status.as_u16(),
            message,
        },
    })
}

/// HA's error text: `{"message": "…"}` or the plain body, shortened.
async fn message_of(resp: Response) -> String {
    let status = resp.status();
    let body = resp.text().await.unwrap_or_default();
    let message = serde_json::from_str::<Value>(&body)
        .ok()
        .and_then(|v| v.get("message").and_then(Value::as_str).map(str::to_owned))
        .unwrap_or(body);
    let message = message.trim();
    if message.is_empty() {
        return status.canonical_reason().unwrap_or_default().to_owned();
    }
    shorten(message, 500)
}

async fn read_json<T: DeserializeOwned>(resp: Response) -> Result<T, HaError> {
    let url = resp.url().path().to_owned();
    let bytes = resp.bytes().await.map_err(transport_error)?;
    serde_json::from_slice(&bytes).map_err(|e| HaError::Decode(format!("{url}: {e}")))
}

/// Percent-encodes one path segment (everything but RFC 3986 unreserved characters).
pub(crate) fn encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token() -> SecretString {
        SecretString::from("t0k3n".to_owned())
    }

    #[test]
    fn new_derives_the_websocket_url_and_trims_the_base_url() {
        let c = HaClient::new("http://127.0.0.1:8123/", token(), Duration::from_secs(1)).unwrap();
        assert_eq!(c.base_url(), "http://127.0.0.1:8123");
        assert_eq!(c.ws_url(), "ws://127.0.0.1:8123/api/websocket");
        let c = HaClient::new(
            "https://ha.example:8123/api/",
            token(),
            Duration::from_secs(1),
        )
        .unwrap();
        assert_eq!(c.base_url(), "https://ha.example:8123");
        assert_eq!(c.ws_url(), "wss://ha.example:8123/api/websocket");
    }

    #[test]
    fn new_rejects_other_schemes_no_host_and_an_empty_token() {
        let t = Duration::from_secs(1);
        assert!(matches!(
            HaClient::new("ftp://x", token(), t),
            Err(HaError::Settings(_))
        ));
        assert!(matches!(
            HaClient::new("http://", token(), t),
            Err(HaError::Settings(_))
        ));
        assert!(matches!(
            HaClient::new("http://x", SecretString::from(" ".to_owned()), t),
            Err(HaError::Settings(_))
        ));
    }

    #[test]
    fn encode_segment_escapes_what_a_path_segment_cannot_hold() {
        assert_eq!(
            encode_segment("light.kitchen_ceiling"),
            "light.kitchen_ceiling"
        );
        assert_eq!(
            encode_segment("2024-03-20T10:00:00.000000+00:00"),
            "2024-03-20T10%3A00%3A00.000000%2B00%3A00"
        );
        assert_eq!(encode_segment("a/b c"), "a%2Fb%20c");
    }

    #[tokio::test]
    async fn an_unreachable_host_is_unreachable_and_transient() {
        // a port nothing listens on: bind, learn the port, close
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let c = HaClient::new(
            &format!("http://127.0.0.1:{port}"),
            token(),
            Duration::from_secs(2),
        )
        .unwrap();
        let err = c.api_status().await.unwrap_err();
        assert!(matches!(err, HaError::Unreachable(_)), "{err:?}");
        assert!(err.is_transient());
        assert!(!err.to_string().contains("t0k3n"));
        let err = c.connect_ws().await.unwrap_err();
        assert!(matches!(err, HaError::Unreachable(_)), "{err:?}");
    }
}
