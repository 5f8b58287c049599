//! The two checks an automation passes before anything is written to Home Assistant: it is
//! valid for this home (no validation finding is an error), and it is above the safety bar (or
//! forced past it by the admin). A deploy and a blueprint instance both go through them.

use homeai_automation_model::{Automation, SafetySettings, safety_report};
use homeai_web::{ApiError, ServiceContext};

use super::{DeployError, Force, Refusal, ha};
use crate::validation::{self, Level, Source, Validation};

/// Validates `automation` for this home; any error finding refuses it with `refused` as the
/// message and every error at its field.
pub(crate) async fn valid_for_home(
    ctx: &ServiceContext,
    automation: &Automation,
    refused: &str,
) -> Result<Validation, DeployError> {
    let ha = ha(ctx)?;
    let result = validation::validate(&ctx.db, Some(ha), automation).await?;
    let errors: Vec<Refusal> = result
        .findings
        .iter()
        .filter(|f| f.severity == Level::Error)
        .map(|f| Refusal {
            field: f.field.clone(),
            message: f.message.clone(),
            source: source_name(f.source).into(),
        })
        .collect();
    if !errors.is_empty() {
        return Err(DeployError::refused(refused, errors));
    }
    Ok(result)
}

/// Holds `automation` to the safety bar: its safety score and, when the admin forced it past
/// the bar, a warning per finding gone past. Below the bar unforced is refused (422 with the
/// report); forced without the admin token is forbidden.
pub(crate) async fn safety_bar(
    ctx: &ServiceContext,
    automation: &Automation,
    force: Force,
) -> Result<(u8, Vec<String>), DeployError> {
    let settings = SafetySettings {
        minimum_score: ctx.settings.deploy.minimum_safety_score,
        garage_doors: validation::garage_doors(&ctx.db).await?,
    };
    let safety = safety_report(automation, &settings);
    if safety.passed {
        return Ok((safety.score, Vec::new()));
    }
    if !force.requested {
        return Err(DeployError::Refused {
            message: format!(
                "safety score {} is below the bar of {}; nothing was written to Home Assistant \
                 (the admin may force it)",
                safety.score, safety.minimum_score
            ),
            findings: safety
                .findings
                .iter()
                .map(|f| Refusal {
                    field: f.path.clone(),
                    message: f.message.clone(),
                    source: format!("safety:{}", f.code),
                })
                .collect(),
            safety: Some(Box::new(safety)),
        });
    }
    if !force.admin {
        return Err(ApiError::Forbidden(
            "only the admin token may force a deploy below the safety bar".into(),
        )
        .into());
    }
    let forced = safety
        .findings
        .iter()
        .map(|f| format!("forced past safety finding {}: {}", f.code, f.message))
        .collect();
    Ok((safety.score, forced))
}

fn source_name(source: Source) -> &'static str {
    match source {
        Source::Registry => "registry",
        Source::Services => "services",
        Source::HomeAssistant => "home_assistant",
        Source::Dialect => "dialect",
    }
}
