//! `/ui/api/{service}/{tail}`: the browser's one way to the other services. The request's
//! method, query string, body and `Authorization`/`Content-Type`/`Accept` headers go to
//! `<service base URL>/{tail}`; the answer's status, `Content-Type` and body come back as a
//! stream. The service base URLs are the ones every service uses for its peers
//! (`HOMEAI_<SERVICE>_URL`), so nothing depends on the browser reaching internal names or on
//! CORS.

use std::time::Duration;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, route, web};
use homeai_domain::ServiceName;
use homeai_web::{ApiError, ServiceContext};

use crate::UiError;

/// The HTTP client of the proxy. Its timeout is long: a deploy waits for Home Assistant to load
/// the automation (`[deploy] appear_timeout_ms`, 15 s by default) after validating it.
#[derive(Clone)]
pub struct Upstream {
    pub(crate) http: reqwest::Client,
}

impl Upstream {
    pub fn new() -> Self {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(120))
            .connect_timeout(Duration::from_secs(3))
            .user_agent(concat!("homeai-ui/", env!("CARGO_PKG_VERSION")))
            .build()
            .unwrap_or_else(|e| {
                tracing::warn!(error = %e, "cannot build the UI's HTTP client; using the default one");
                reqwest::Client::new()
            });
        Self { http }
    }
}

impl Default for Upstream {
    fn default() -> Self {
        Self::new()
    }
}

/// The largest request body the proxy forwards (an events import goes to the pattern service
/// directly, not through the UI).
const BODY_LIMIT: usize = 4 * 1024 * 1024;

/// Headers that pass through, each way.
const REQUEST_HEADERS: [header::HeaderName; 3] =
    [header::AUTHORIZATION, header::CONTENT_TYPE, header::ACCEPT];
const RESPONSE_HEADERS: [header::HeaderName; 3] = [
    header::CONTENT_TYPE,
    header::RETRY_AFTER,
    header::WWW_AUTHENTICATE,
];

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(forward);
}

/// The base URL of `service` as this process's peers know it.
pub(crate) fn base_url(ctx: &ServiceContext, service: &str) -> Result<String, UiError> {
    let name = service
        .parse::<ServiceName>()
        .map_err(|_| UiError::UnknownService(service.to_owned()))?;
    ctx.peers
        .get(name)
        .map(|p| p.base_url().to_owned())
        .ok_or_else(|| UiError::UnknownService(service.to_owned()))
}

#[route(
    "/ui/api/{service}/{tail:.*}",
    method = "GET",
    method = "POST",
    method = "PUT",
    method = "PATCH",
    method = "DELETE"
)]
#[tracing::instrument(skip_all, fields(service = %path.0, tail = %path.1))]
async fn forward(
    req: HttpRequest,
    path: web::Path<(String, String)>,
    body: web::Payload,
    ctx: web::Data<ServiceContext>,
    upstream: web::Data<Upstream>,
) -> Result<HttpResponse, ApiError> {
    let (service, tail) = path.into_inner();
    let mut url = format!("{}/{tail}", base_url(&ctx, &service)?);
    if !req.query_string().is_empty() {
        url.push('?');
        url.push_str(req.query_string());
    }
    let body = body
        .to_bytes_limited(BODY_LIMIT)
        .await
        .map_err(|_| {
            ApiError::PayloadTooLarge(format!(
                "the UI forwards bodies of at most {BODY_LIMIT} bytes"
            ))
        })?
        .map_err(|e| ApiError::BadRequest(format!("cannot read the body: {e}")))?;
    let method = reqwest::Method::from_bytes(req.method().as_str().as_bytes())
        .map_err(|e| ApiError::BadRequest(e.to_string()))?;
    let mut request = upstream.http.request(method, &url);
    for name in REQUEST_HEADERS {
        if let Some(value) = req.headers().get(&name) {
            request = request.header(name.as_str(), value.as_bytes());
        }
    }
    if !body.is_empty() {
        request = request.body(body.to_vec());
    }
    let response = request
        .send()
        .await
        .map_err(|source| UiError::Unreachable {
            service: service.clone(),
            source,
        })?;
    let status = actix_web::http::StatusCode::from_u16(response.status().as_u16())
        .unwrap_or(actix_web::http::StatusCode::BAD_GATEWAY);
    let mut answer = HttpResponse::build(status);
    for name in RESPONSE_HEADERS {
        if let Some(value) = response.headers().get(name.as_str()) {
            answer.insert_header((name, value.as_bytes()));
        }
    }
    Ok(answer.streaming(chunks(response, service)))
}

/// The upstream body as a stream of chunks, as they arrive.
fn chunks(
    response: reqwest::Response,
    service: String,
) -> impl futures_util::Stream<Item = Result<web::Bytes, ApiError>> {
    futures_util::stream::unfold(Some(response), move |state| {
        let service = service.clone();
        async move {
            let mut response = state?;
            match response.chunk().await {
                Ok(Some(chunk)) => Some((Ok(chunk), Some(response))),
                Ok(None) => None,
                Err(source) => Some((Err(UiError::Unreachable { service, source }.into()), None)),
            }
        }
    })
}
