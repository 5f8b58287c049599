use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use homeai_bus::BusError;
use homeai_db::DbError;
use homeai_domain::DomainError;
use serde::Serialize;

/// The error every handler returns. Its body is always `{"error": code, "message": text}`.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    BadRequest(String),
    #[error("a valid bearer token is required for this request")]
    Unauthorized,
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    PayloadTooLarge(String),
    #[error("{0}")]
    Unavailable(String),
    #[error("{0}")]
    BadGateway(String),
    /// Home Assistant did not do what was asked in time.
    #[error("{0}")]
    Timeout(String),
    /// The cause is logged; the client only learns that something failed.
    #[error("internal error")]
    Internal(String),
}

/// The table of codes: one place that says which status and code each error has.
impl ApiError {
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::BadRequest(_) => "bad_request",
            ApiError::Unauthorized => "unauthorized",
            ApiError::Forbidden(_) => "forbidden",
            ApiError::NotFound(_) => "not_found",
            ApiError::Conflict(_) => "conflict",
            ApiError::PayloadTooLarge(_) => "payload_too_large",
            ApiError::Unavailable(_) => "unavailable",
            ApiError::BadGateway(_) => "upstream_unavailable",
            ApiError::Timeout(_) => "upstream_timeout",
            ApiError::Internal(_) => "internal",
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::BadGateway(_) => StatusCode::BAD_GATEWAY,
            ApiError::Timeout(_) => StatusCode::GATEWAY_TIMEOUT,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn not_found(what: impl std::fmt::Display) -> Self {
        ApiError::NotFound(format!("{what} not found"))
    }

    /// A database error where a missing row means `what` does not exist: a 404 that names it;
    /// anything else maps as usual.
    pub fn from_db_about(e: DbError, what: impl std::fmt::Display) -> Self {
        if e.is_not_found() {
            ApiError::not_found(what)
        } else {
            e.into()
        }
    }
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: &'a str,
    message: String,
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status()
    }

    fn error_response(&self) -> HttpResponse {
        if let ApiError::Internal(cause) = self {
            tracing::error!(%cause, "request failed");
        }
        let mut response = HttpResponse::build(self.status());
        match self {
            ApiError::Unavailable(_) => {
                response.insert_header((header::RETRY_AFTER, HeaderValue::from_static("1")));
            }
            ApiError::Unauthorized => {
                response
                    .insert_header((header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer")));
            }
            _ => {}
        }
        response.json(ErrorBody {
            error: self.code(),
            message: self.to_string(),
        })
    }
}

impl From<DbError> for ApiError {
    fn from(e: DbError) -> Self {
        if e.is_not_found() {
            ApiError::NotFound("not found".into())
        } else if e.is_busy() {
            tracing::warn!(error = %e, "database busy");
            ApiError::Unavailable("the database is busy, try again".into())
        } else if e.is_unique_violation() {
            ApiError::Conflict("it already exists".into())
        } else if e.is_constraint_violation() {
            ApiError::BadRequest(format!("refused by the database: {e}"))
        } else {
            ApiError::Internal(format!("{e:?}"))
        }
    }
}

impl From<DomainError> for ApiError {
    fn from(e: DomainError) -> Self {
        match e {
            DomainError::Invalid { .. } => ApiError::BadRequest(e.to_string()),
            DomainError::Transition { .. } => ApiError::Conflict(e.to_string()),
        }
    }
}

impl From<BusError> for ApiError {
    fn from(e: BusError) -> Self {
        match e {
            BusError::Unreachable { .. } | BusError::Status { .. } | BusError::Decode { .. } => {
                ApiError::BadGateway(e.to_string())
            }
            other => ApiError::Internal(format!("{other:?}")),
        }
    }
}
