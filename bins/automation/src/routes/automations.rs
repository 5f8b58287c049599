//! The automation model over HTTP: validate (YAML or JSON in, findings out), render (in a
//! chosen dialect or the connected Home Assistant's) and the safety report. All are POSTs, so
//! all need the bearer token.

use actix_web::{HttpResponse, post, web};
use homeai_automation_model::{
    Automation, Dialect, ParseError, RejectError, SafetySettings, check_dialect, parse_json,
    parse_yaml, repair, safety_report, to_json, to_yaml,
};
use homeai_web::{ApiError, ServiceContext};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::validation;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(validate).service(render).service(safety);
}

/// The body all three endpoints take: the automation as YAML text or as JSON, and options.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AutomationBody {
    /// The automation as YAML (either dialect).
    #[serde(default)]
    yaml: Option<String>,
    /// The automation as JSON (either dialect).
    #[serde(default)]
    automation: Option<Value>,
    /// Run the repairer first (code fences, mixed dialects, unquoted states, …).
    #[serde(default)]
    repair: bool,
    /// render: `legacy`, `legacy_action` or `modern`; absent or null for the connected HA's.
    #[serde(default)]
    dialect: Option<String>,
    /// validate, safety: the lowest safety score that passes (default 60).
    #[serde(default)]
    minimum_score: Option<u8>,
}

#[derive(Debug, Serialize)]
struct FieldMessage {
    field: String,
    message: String,
}

/// An automation that cannot be read: answered 400 with every field at fault.
struct Unreadable {
    message: String,
    fields: Vec<FieldMessage>,
}

impl Unreadable {
    fn response(self) -> HttpResponse {
        HttpResponse::BadRequest().json(json!({
            "error": "bad_request",
            "message": self.message,
            "fields": self.fields,
        }))
    }
}

fn unreadable(message: &str, fields: Vec<FieldMessage>) -> Unreadable {
    Unreadable {
        message: message.to_owned(),
        fields,
    }
}

fn one(field: &str, message: impl Into<String>) -> Vec<FieldMessage> {
    vec![FieldMessage {
        field: field.to_owned(),
        message: message.into(),
    }]
}

fn from_parse(error: &ParseError, text_field: &str) -> Vec<FieldMessage> {
    match error {
        ParseError::Yaml(message) => one(text_field, message.clone()),
        ParseError::Invalid(problems) => problems
            .iter()
            .map(|p| FieldMessage {
                field: if p.path.is_empty() {
                    text_field.to_owned()
                } else {
                    p.path.clone()
                },
                message: p.message.clone(),
            })
            .collect(),
    }
}

fn from_reject(error: &RejectError, text_field: &str) -> Vec<FieldMessage> {
    match error {
        RejectError::NotYaml(message) => one(text_field, message.clone()),
        RejectError::InventedKeys(keys) => keys
            .iter()
            .map(|k| FieldMessage {
                field: k.clone(),
                message: format!(
                    "`{k}` is not a key Home Assistant has; remove it or say what it was meant \
                     to do"
                ),
            })
            .collect(),
        RejectError::NoTrigger => one("triggers", error.to_string()),
        RejectError::EmptyActions => one("actions", error.to_string()),
        RejectError::Invalid(parse) => from_parse(parse, text_field),
    }
}

/// The automation from the body, repaired first when asked; `Err` is the 400 to answer.
fn read(body: &AutomationBody) -> Result<(Automation, Vec<String>), Unreadable> {
    let cannot = "the automation cannot be read; see `fields`";
    match (&body.yaml, &body.automation) {
        (Some(_), Some(_)) => Err(unreadable(
            "give the automation once: either `yaml` or `automation`",
            one(
                "automation",
                "give either `yaml` (text) or `automation` (JSON), not both",
            ),
        )),
        (None, None) => Err(unreadable(
            "no automation: give `yaml` (text) or `automation` (JSON)",
            one("yaml", "missing: give `yaml` (text) or `automation` (JSON)"),
        )),
        (Some(text), None) if body.repair => repair(text)
            .map(|r| (r.automation, r.repairs))
            .map_err(|e| unreadable(&e.to_string(), from_reject(&e, "yaml"))),
        (Some(text), None) => parse_yaml(text)
            .map(|a| (a, Vec::new()))
            .map_err(|e| unreadable(cannot, from_parse(&e, "yaml"))),
        (None, Some(value)) if !value.is_object() => Err(unreadable(
            cannot,
            one("automation", "must be a JSON object (one automation)"),
        )),
        (None, Some(value)) if body.repair => {
            // JSON is YAML: the repairer reads it as text.
            repair(&value.to_string())
                .map(|r| (r.automation, r.repairs))
                .map_err(|e| unreadable(&e.to_string(), from_reject(&e, "automation")))
        }
        (None, Some(value)) => parse_json(value)
            .map(|a| (a, Vec::new()))
            .map_err(|e| unreadable(cannot, from_parse(&e, "automation"))),
    }
}

async fn safety_settings(
    ctx: &ServiceContext,
    body: &AutomationBody,
) -> Result<SafetySettings, ApiError> {
    let minimum_score = body
        .minimum_score
        .unwrap_or(SafetySettings::default().minimum_score);
    if minimum_score > 100 {
        return Err(ApiError::BadRequest(
            "minimum_score: must be between 0 and 100".into(),
        ));
    }
    Ok(SafetySettings {
        minimum_score,
        garage_doors: validation::garage_doors(&ctx.db).await?,
    })
}

#[post("/api/v1/automations/validate")]
async fn validate(
    ctx: web::Data<ServiceContext>,
    body: web::Json<AutomationBody>,
) -> Result<HttpResponse, ApiError> {
    let (automation, repairs) = match read(&body) {
        Ok(parsed) => parsed,
        Err(unreadable) => return Ok(unreadable.response()),
    };
    let settings = safety_settings(&ctx, &body).await?;
    let result = validation::validate(&ctx.db, ctx.ha.as_ref(), &automation).await?;
    Ok(HttpResponse::Ok().json(json!({
        "valid": result.is_valid(),
        "automation": to_json(&automation, result.dialect),
        "repairs": repairs,
        "findings": result.findings,
        "safety": safety_report(&automation, &settings),
        "dialect": result.dialect.name(),
        "ha_version": result.ha_version,
        "checked": result.checked,
    })))
}

/// The connected Home Assistant's dialect; modern when none is configured.
async fn connected_dialect(ctx: &ServiceContext) -> Result<Dialect, ApiError> {
    let Some(ha) = &ctx.ha else {
        return Ok(Dialect::Modern);
    };
    let config = ha.config().await.map_err(|e| {
        ApiError::BadGateway(format!(
            "could not ask Home Assistant for its version ({e}); name the dialect instead: \
             legacy, legacy_action or modern"
        ))
    })?;
    Ok(validation::dialect_of(&config.version))
}

#[post("/api/v1/automations/render")]
async fn render(
    ctx: web::Data<ServiceContext>,
    body: web::Json<AutomationBody>,
) -> Result<HttpResponse, ApiError> {
    let dialect = match body.dialect.as_deref() {
        None => None,
        Some(name) => Some(Dialect::from_name(name).ok_or_else(|| {
            ApiError::BadRequest(format!(
                "dialect: `{name}` is not a dialect; use legacy (service:, before HA 2024.8), \
                 legacy_action (action:, 2024.8–2024.9), modern (2024.10 on) or null for the \
                 connected Home Assistant's"
            ))
        })?),
    };
    let (automation, repairs) = match read(&body) {
        Ok(parsed) => parsed,
        Err(unreadable) => return Ok(unreadable.response()),
    };
    let dialect = match dialect {
        Some(d) => d,
        None => connected_dialect(&ctx).await?,
    };
    let unsupported = check_dialect(&automation, dialect)
        .err()
        .unwrap_or_default();
    Ok(HttpResponse::Ok().json(json!({
        "dialect": dialect.name(),
        "yaml": to_yaml(&automation, dialect),
        "json": to_json(&automation, dialect),
        "repairs": repairs,
        "unsupported": unsupported,
    })))
}

#[post("/api/v1/automations/safety")]
async fn safety(
    ctx: web::Data<ServiceContext>,
    body: web::Json<AutomationBody>,
) -> Result<HttpResponse, ApiError> {
    let (automation, _) = match read(&body) {
        Ok(parsed) => parsed,
        Err(unreadable) => return Ok(unreadable.response()),
    };
    let settings = safety_settings(&ctx, &body).await?;
    Ok(HttpResponse::Ok().json(safety_report(&automation, &settings)))
}
