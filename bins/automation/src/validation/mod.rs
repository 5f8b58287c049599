//! Validating an automation against the home it is meant for: every entity, device and area it
//! names is in the registries homeai holds, every action it calls is a service Home Assistant
//! offers, and Home Assistant's own `validate_config` accepts its triggers, conditions and
//! actions. Each problem is a [`FieldFinding`] with the field and what to do, in words.
//!
//! [`references`] (pure) lists what an automation names; [`validate`] does the I/O.

mod dialect;
mod finding;
mod home_assistant;
mod references;
mod registry;
mod services;

pub use dialect::dialect_of;
pub use finding::{Checked, FieldFinding, Level, Source, Validation};
pub use home_assistant::ha_validate;
pub use references::{References, references};
pub use registry::garage_doors;

use homeai_automation_model::{Automation, Dialect};
use homeai_db::Db;
use homeai_ha::HaClient;
use serde_json::json;

use registry::{check_registry, live_registry, load_registry};
use services::check_services;

/// Runs every check that can run: the registries always, the services and HA's own validation
/// when Home Assistant is configured and answers (otherwise a warning says what was skipped).
pub async fn validate(
    db: &Db,
    ha: Option<&HaClient>,
    automation: &Automation,
) -> Result<Validation, homeai_db::DbError> {
    let refs = references(automation);
    let mut findings = Vec::new();
    let mut checked = Checked::default();

    let registry = load_registry(db).await?;
    checked.registry = !registry.entities.is_empty();
    if checked.registry || ha.is_none() {
        check_registry(&refs, &registry, &mut findings);
    }

    let mut dialect = Dialect::Modern;
    let mut ha_version = None;
    match ha {
        None => findings.push(FieldFinding::warning(
            "",
            Source::HomeAssistant,
            "no Home Assistant is configured, so the actions called and Home Assistant's own \
             validation were not checked"
                .to_owned(),
        )),
        Some(client) => match client.connect_ws().await {
            Err(e) => findings.push(FieldFinding::warning(
                "",
                Source::HomeAssistant,
                format!(
                    "could not reach Home Assistant ({e}), so the actions called and Home \
                     Assistant's own validation were not checked; try again when it is up"
                ),
            )),
            Ok(ws) => {
                if !checked.registry {
                    // no stored copy yet: Home Assistant's own registries and states
                    let live = live_registry(&ws).await;
                    checked.registry = live.is_some();
                    check_registry(&refs, &live.unwrap_or(registry), &mut findings);
                }
                dialect = dialect_of(ws.ha_version());
                ha_version = Some(ws.ha_version().to_string());
                if let Err(problems) = homeai_automation_model::check_version(
                    automation,
                    ws.ha_version().year,
                    ws.ha_version().month,
                ) {
                    for p in problems {
                        let field = p.split(':').next().unwrap_or_default().to_owned();
                        findings.push(FieldFinding::error(field, Source::Dialect, p));
                    }
                }
                match ws.command(json!({"type": "get_services"})).await {
                    Ok(services) => {
                        checked.services = true;
                        check_services(&refs, &services, &mut findings);
                    }
                    Err(e) => findings.push(FieldFinding::warning(
                        "",
                        Source::Services,
                        format!("could not list Home Assistant's actions ({e}); not checked"),
                    )),
                }
                match ha_validate(&ws, automation, dialect).await {
                    Ok(more) => {
                        checked.home_assistant = true;
                        findings.extend(more);
                    }
                    Err(e) => findings.push(FieldFinding::warning(
                        "",
                        Source::HomeAssistant,
                        format!("Home Assistant's validate_config failed ({e}); not checked"),
                    )),
                }
            }
        },
    }
    Ok(Validation {
        findings,
        checked,
        dialect,
        ha_version,
    })
}
