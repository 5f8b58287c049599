//! What can go wrong importing or instantiating a blueprint, and the answer each gets.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use homeai_automation_model::ParseError;
use homeai_ha::HaError;
use homeai_web::ApiError;
use serde::Serialize;
use serde_json::json;

use crate::deploy::{DeployError, ha_automations::ha_error};

/// One problem with what was sent, at a field (`blueprint.input.motion.selector`,
/// `inputs.light`).
#[derive(Debug, Clone, Serialize)]
pub struct FieldProblem {
    pub field: String,
    pub message: String,
}

#[derive(Debug, thiserror::Error)]
pub enum BlueprintError {
    /// The blueprint or the inputs are not valid: 400 with every field at fault; nothing was
    /// sent to Home Assistant.
    #[error("{message}")]
    Invalid {
        message: String,
        fields: Vec<FieldProblem>,
    },
    /// The instantiated automation is not valid for this home or below the safety bar (422,
    /// as a deploy answers), or any other error of the deploy path.
    #[error(transparent)]
    Deploy(#[from] DeployError),
}

impl BlueprintError {
    pub fn invalid(message: impl Into<String>, fields: Vec<FieldProblem>) -> Self {
        BlueprintError::Invalid {
            message: message.into(),
            fields,
        }
    }

    /// One problem at one field.
    pub fn at(field: impl Into<String>, message: impl Into<String>) -> Self {
        let message = message.into();
        Self::invalid(
            message.clone(),
            vec![FieldProblem {
                field: field.into(),
                message,
            }],
        )
    }

    /// A blueprint (or an instantiation) automation-model could not read: its message, and each
    /// problem at its path.
    pub fn from_parse(what: &str, e: &ParseError) -> Self {
        let fields = match e {
            ParseError::Yaml(message) => vec![FieldProblem {
                field: "yaml".into(),
                message: message.clone(),
            }],
            ParseError::Invalid(problems) => problems
                .iter()
                .map(|p| FieldProblem {
                    field: p.path.clone(),
                    message: p.message.clone(),
                })
                .collect(),
        };
        Self::invalid(format!("{what}: {e}"), fields)
    }
}

impl From<ApiError> for BlueprintError {
    fn from(e: ApiError) -> Self {
        BlueprintError::Deploy(DeployError::Api(e))
    }
}

impl From<homeai_db::DbError> for BlueprintError {
    fn from(e: homeai_db::DbError) -> Self {
        BlueprintError::from(ApiError::from(e))
    }
}

/// Home Assistant refusing a blueprint command (`blueprint/save`, `blueprint/delete`): its
/// message, as a 4xx; HA unreachable or answering nonsense stays a 502.
pub fn ha_refusal(e: HaError, what: &str) -> ApiError {
    match e {
        HaError::Command { code, message } if code == "already_exists" => {
            ApiError::Conflict(format!(
                "Home Assistant already has {what}: {message}; send \"override\": true to replace it"
            ))
        }
        HaError::Command { code, message } if code == "not_found" => {
            ApiError::NotFound(format!("Home Assistant has no {what}: {message}"))
        }
        HaError::Command { code, message } if code == "home_assistant_error" => {
            ApiError::Conflict(format!("Home Assistant refused it ({what}): {message}"))
        }
        HaError::Command { code, message } => {
            ApiError::BadRequest(format!("Home Assistant refused {what} ({code}): {message}"))
        }
        other => ha_error(other),
    }
}

impl ResponseError for BlueprintError {
    fn status_code(&self) -> StatusCode {
        match self {
            BlueprintError::Invalid { .. } => StatusCode::BAD_REQUEST,
            BlueprintError::Deploy(e) => e.status_code(),
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            BlueprintError::Invalid { message, fields } => HttpResponse::BadRequest().json(json!({
                "error": "bad_request",
                "message": message,
                "fields": fields,
                "written_to_home_assistant": false,
            })),
            BlueprintError::Deploy(e) => e.error_response(),
        }
    }
}
