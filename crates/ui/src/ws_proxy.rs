//! `/ui/ws/training/{job_id}`: the training service's live progress WebSocket
//! (`/ws/training/{job_id}`), bridged message by message so the browser needs only 8018.

use actix_web::{HttpRequest, HttpResponse, get, web};
use futures_util::{SinkExt, StreamExt};
use homeai_web::{ApiError, ServiceContext};
use tokio_tungstenite::tungstenite::Message as Upstream;

use crate::UiError;
use crate::proxy::base_url;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(training_ws);
}

#[get("/ui/ws/training/{job_id}")]
#[tracing::instrument(skip_all, fields(job_id = %path))]
async fn training_ws(
    req: HttpRequest,
    body: web::Payload,
    path: web::Path<i64>,
    ctx: web::Data<ServiceContext>,
) -> Result<HttpResponse, ApiError> {
    let job_id = path.into_inner();
    let base = base_url(&ctx, "training")?;
    let url = format!("{}/ws/training/{job_id}", base.replacen("http", "ws", 1));
    // connect first, so an unknown job is the training service's 404, not a socket that closes
    let (upstream, _) = tokio_tungstenite::connect_async(url.as_str())
        .await
        .map_err(|e| match e {
            tokio_tungstenite::tungstenite::Error::Http(r) => UiError::Status {
                service: "training".into(),
                status: r.status().as_u16(),
                body: String::from_utf8_lossy(r.body().as_deref().unwrap_or_default()).into_owned(),
            },
            other => UiError::WebSocket(other),
        })?;
    let (response, session, messages) = actix_ws::handle(&req, body).map_err(UiError::from)?;
    actix_web::rt::spawn(bridge(upstream, session, messages, job_id));
    Ok(response)
}

async fn bridge(
    upstream: tokio_tungstenite::WebSocketStream<
        tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>,
    >,
    mut browser: actix_ws::Session,
    mut from_browser: actix_ws::MessageStream,
    job_id: i64,
) {
    let (mut to_service, mut from_service) = upstream.split();
    loop {
        tokio::select! {
            msg = from_service.next() => match msg {
                Some(Ok(Upstream::Text(text))) => {
                    if browser.text(text.as_str().to_owned()).await.is_err() {
                        break;
                    }
                }
                Some(Ok(Upstream::Binary(bytes))) => {
                    if browser.binary(bytes).await.is_err() {
                        break;
                    }
                }
                Some(Ok(Upstream::Ping(_) | Upstream::Pong(_) | Upstream::Frame(_))) => {}
                Some(Ok(Upstream::Close(_))) | None => break,
                Some(Err(e)) => {
                    tracing::debug!(job_id, error = %e, "training WebSocket ended");
                    break;
                }
            },
            msg = from_browser.next() => match msg {
                Some(Ok(actix_ws::Message::Ping(bytes))) => {
                    if browser.pong(&bytes).await.is_err() {
                        break;
                    }
                }
                Some(Ok(actix_ws::Message::Text(text))) => {
                    if to_service.send(Upstream::text(text.to_string())).await.is_err() {
                        break;
                    }
                }
                Some(Ok(actix_ws::Message::Close(_))) | None | Some(Err(_)) => break,
                Some(Ok(_)) => {}
            },
        }
    }
    let _ = to_service.close().await;
    let _ = browser.close(None).await;
}
