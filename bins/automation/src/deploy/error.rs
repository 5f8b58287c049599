//! What can go wrong deploying, and the answer each gets.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use homeai_automation_model::SafetyReport;
use homeai_web::ApiError;
use serde::Serialize;
use serde_json::json;

/// A reason an automation was not written, at a field.
#[derive(Debug, Clone, Serialize)]
pub struct Refusal {
    /// `actions[0].target.entity_id`, `triggers`, or empty for the whole automation.
    pub field: String,
    pub message: String,
    /// `model`, `registry`, `services`, `home_assistant`, `dialect` or `safety`.
    pub source: String,
}

#[derive(Debug, thiserror::Error)]
pub enum DeployError {
    /// Invalid or unsafe: nothing was written to Home Assistant.
    #[error("{message}")]
    Refused {
        message: String,
        findings: Vec<Refusal>,
        safety: Option<Box<SafetyReport>>,
    },
    #[error(transparent)]
    Api(#[from] ApiError),
}

impl DeployError {
    pub fn refused(message: impl Into<String>, findings: Vec<Refusal>) -> Self {
        DeployError::Refused {
            message: message.into(),
            findings,
            safety: None,
        }
    }
}

impl From<homeai_db::DbError> for DeployError {
    fn from(e: homeai_db::DbError) -> Self {
        DeployError::Api(e.into())
    }
}

impl ResponseError for DeployError {
    fn status_code(&self) -> StatusCode {
        match self {
            DeployError::Refused { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            DeployError::Api(e) => e.status_code(),
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            DeployError::Refused {
                message,
                findings,
                safety,
            } => HttpResponse::UnprocessableEntity().json(json!({
                "error": "refused",
                "message": message,
                "findings": findings,
                "safety": safety,
                "written_to_home_assistant": false,
            })),
            DeployError::Api(e) => e.error_response(),
        }
    }
}
