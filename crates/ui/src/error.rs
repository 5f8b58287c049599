use homeai_web::ApiError;

/// What can go wrong between the browser and the other services.
#[derive(Debug, thiserror::Error)]
pub enum UiError {
    #[error("no service called `{0}`: use query, pattern, automation or training")]
    UnknownService(String),
    #[error("the {service} service is unreachable: {source}")]
    Unreachable {
        service: String,
        #[source]
        source: reqwest::Error,
    },
    #[error("the {service} service answered {status}: {body}")]
    Status {
        service: String,
        status: u16,
        body: String,
    },
    #[error("the training service's WebSocket: {0}")]
    WebSocket(#[from] tokio_tungstenite::tungstenite::Error),
    #[error("cannot open a WebSocket here: {0}")]
    Handshake(#[from] actix_web::Error),
}

impl From<UiError> for ApiError {
    fn from(e: UiError) -> Self {
        match e {
            UiError::UnknownService(_) => ApiError::NotFound(e.to_string()),
            UiError::Status { status: 404, .. } => ApiError::NotFound(e.to_string()),
            UiError::Handshake(_) => ApiError::BadRequest(e.to_string()),
            _ => ApiError::BadGateway(e.to_string()),
        }
    }
}
