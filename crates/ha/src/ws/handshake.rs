//! Opening the socket and authenticating: connect (plain or TLS), `auth_required` → `auth` →
//! `auth_ok`, then the `supported_features` negotiation (coalesced messages on).

use std::sync::Arc;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use secrecy::{ExposeSecret, SecretString};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::{self, Message};
use tokio_tungstenite::{Connector, MaybeTlsStream, WebSocketStream};
use tracing::debug;

use super::frame::{Incoming, parse_frame};
use crate::{HaError, HaVersion};

/// HA sends whole states in one frame: `get_states` of a big home runs to megabytes.
const MAX_MESSAGE_BYTES: usize = 64 << 20;

pub(super) type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// Connects to `url` and authenticates with `token`, each step within `request_timeout`: the
/// socket, ready for commands, and the version HA announced.
pub(super) async fn open(
    url: &str,
    token: &SecretString,
    tls: Option<Arc<rustls::ClientConfig>>,
    request_timeout: Duration,
) -> Result<(Socket, HaVersion), HaError> {
    let config = WebSocketConfig::default()
        .max_message_size(Some(MAX_MESSAGE_BYTES))
        .max_frame_size(Some(MAX_MESSAGE_BYTES));
    let connector = tls.map(Connector::Rustls).unwrap_or(Connector::Plain);
    let connecting =
        tokio_tungstenite::connect_async_tls_with_config(url, Some(config), true, Some(connector));
    let (mut ws, _) = tokio::time::timeout(request_timeout, connecting)
        .await
        .map_err(|_| HaError::Timeout(format!("connecting to {url}")))?
        .map_err(connect_error)?;

    let ha_version = tokio::time::timeout(request_timeout, handshake(&mut ws, token))
        .await
        .map_err(|_| HaError::Timeout("WebSocket authentication".into()))??;
    debug!(%ha_version, "WebSocket authenticated");
    Ok((ws, ha_version))
}

fn connect_error(e: tungstenite::Error) -> HaError {
    match e {
        tungstenite::Error::Io(e) => HaError::Unreachable(e.to_string()),
        tungstenite::Error::Tls(e) => HaError::Unreachable(format!("TLS: {e}")),
        tungstenite::Error::Http(resp) => HaError::Ws(format!(
            "the WebSocket upgrade was answered with HTTP {}",
            resp.status()
        )),
        other => HaError::Ws(other.to_string()),
    }
}

/// Reads the next message during the handshake (one per frame; HA does not coalesce before
/// `supported_features`).
async fn next_message(ws: &mut Socket) -> Result<Incoming, HaError> {
    loop {
        match ws.next().await {
            None => return Err(HaError::Ws("HA closed the connection".into())),
            Some(Err(e)) => return Err(HaError::Ws(e.to_string())),
            Some(Ok(Message::Text(text))) => {
                if let Some(m) = parse_frame(text.as_str())?.into_iter().next() {
                    return Ok(m);
                }
            }
            Some(Ok(Message::Close(frame))) => {
                return Err(HaError::Ws(format!("HA closed the connection: {frame:?}")));
            }
            Some(Ok(_)) => {}
        }
    }
}

async fn send_json(ws: &mut Socket, msg: &Value) -> Result<(), HaError> {
    ws.send(Message::text(msg.to_string()))
        .await
        .map_err(|e| HaError::Ws(e.to_string()))
}

/// `auth_required` → `auth` → `auth_ok`, then turn on coalesced messages (id 1).
async fn handshake(ws: &mut Socket, token: &SecretString) -> Result<HaVersion, HaError> {
    let announced = match next_message(ws).await? {
        Incoming::AuthRequired { ha_version } => ha_version,
        other => {
            return Err(HaError::Ws(format!(
                "expected auth_required, got {other:?}"
            )));
        }
    };
    let auth = json!({"type": "auth", "access_token": token.expose_secret()});
    send_json(ws, &auth).await?;
    drop(auth);
    let version = match next_message(ws).await? {
        Incoming::AuthOk { ha_version } => ha_version.or(announced),
        Incoming::AuthInvalid { message } => {
            return Err(HaError::Auth(
                message.unwrap_or_else(|| "auth_invalid".into()),
            ));
        }
        other => return Err(HaError::Ws(format!("expected auth_ok, got {other:?}"))),
    };
    let version = version.ok_or_else(|| HaError::Decode("HA sent no ha_version".into()))?;
    let version = HaVersion::parse(&version)?;

    let features =
        json!({"id": 1, "type": "supported_features", "features": {"coalesce_messages": 1}});
    send_json(ws, &features).await?;
    loop {
        match next_message(ws).await? {
            Incoming::Result { id: 1, success, .. } => {
                if !success {
                    debug!("HA does not know supported_features; messages come one per frame");
                }
                break;
            }
            other => debug!(?other, "ignored before supported_features was answered"),
        }
    }
    Ok(version)
}
