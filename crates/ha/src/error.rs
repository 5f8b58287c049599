//! The one error type of this crate.
//!
//! Every call into Home Assistant returns `Result<_, HaError>`. Callers decide what to log; the
//! variants say what went wrong in a way a service can map to HTTP: `Unreachable`, `Timeout`,
//! `Ws` and `Closed` are transient (HA is down or restarting: 502/503, retry later), `Auth` is a
//! configuration problem (wrong or revoked token, or not an admin), `Rejected` and `Command` are
//! HA refusing what we asked (show the message to the user), `Http` is any other status,
//! `Decode` means HA answered something we could not read, `Settings` a bad `[ha]` section.
//!
//! No variant ever carries the access token.

/// Errors talking to Home Assistant.
#[derive(Debug, thiserror::Error)]
pub enum HaError {
    /// No connection could be made (refused, DNS, TLS, reset).
    #[error("Home Assistant is unreachable: {0}")]
    Unreachable(String),
    /// HA refused the token (REST 401/403, WebSocket `auth_invalid`).
    #[error("Home Assistant refused the access token: {0}")]
    Auth(String),
    /// Any other non-success HTTP status.
    #[error("Home Assistant answered HTTP {status}: {message}")]
    Http { status: u16, message: String },
    /// HA refused the request as invalid (e.g. 400 "Message malformed: …" for an automation).
    #[error("Home Assistant rejected the request: {message}")]
    Rejected { message: String },
    /// The WebSocket failed (handshake, protocol, I/O) or HA said something out of order.
    #[error("Home Assistant WebSocket: {0}")]
    Ws(String),
    /// A WebSocket command answered `success: false`.
    #[error("Home Assistant command failed ({code}): {message}")]
    Command { code: String, message: String },
    /// No answer in time.
    #[error("Home Assistant did not answer in time: {0}")]
    Timeout(String),
    /// HA answered something we could not parse.
    #[error("unexpected answer from Home Assistant: {0}")]
    Decode(String),
    /// The WebSocket session is closed (see `WsSession::close_reason`).
    #[error("the Home Assistant WebSocket session is closed")]
    Closed,
    /// The `[ha]` settings are unusable.
    #[error("Home Assistant settings: {0}")]
    Settings(String),
}

impl HaError {
    /// Whether trying again later may succeed (HA down, restarting or slow).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Self::Unreachable(_) | Self::Ws(_) | Self::Timeout(_) | Self::Closed
        )
    }

    /// HA's answer to a WebSocket command failure, e.g. `{"code":"not_found","message":"…"}`.
    pub(crate) fn command(error: Option<&serde_json::Value>) -> Self {
        let field = |k: &str| {
            error
                .and_then(|e| e.get(k))
                .and_then(serde_json::Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        Self::Command {
            code: field("code"),
            message: field("message"),
        }
    }
}
