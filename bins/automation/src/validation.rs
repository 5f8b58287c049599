//! Validating an automation against the home it is meant for: every entity, device and area it
//! names is in the registries homeai holds, every action it calls is a service Home Assistant
//! offers, and Home Assistant's own `validate_config` accepts its triggers, conditions and
//! actions. Each problem is a [`FieldFinding`] with the field and what to do, in words.
//!
//! [`references`] (pure) lists what an automation names; [`validate`] does the I/O.

use std::collections::HashSet;

use homeai_automation_model::{
    Action, ActionKind, Automation, Condition, ConditionKind, Dialect, ServiceKey, Target,
    Threshold, TimeAt, TimeRef, Trigger, TriggerKind, to_json,
};
use homeai_db::{Db, repo};
use homeai_ha::{HaClient, HaError, HaVersion, WsSession};
use serde::Serialize;
use serde_json::{Value, json};

/// How bad a finding is: errors make the automation invalid, warnings say what was not
/// checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
}

/// Which check found it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// The registries homeai holds (entities, devices, areas).
    Registry,
    /// Home Assistant's list of services.
    Services,
    /// Home Assistant's own `validate_config`.
    HomeAssistant,
    /// The automation uses a feature the target release lacks.
    Dialect,
}

/// One problem at one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldFinding {
    /// `actions[0].target.entity_id`; `triggers` for HA's verdict on all triggers; empty for
    /// the automation as a whole.
    pub field: String,
    pub message: String,
    pub severity: Level,
    pub source: Source,
}

impl FieldFinding {
    fn error(field: impl Into<String>, source: Source, message: String) -> Self {
        Self {
            field: field.into(),
            message,
            severity: Level::Error,
            source,
        }
    }

    fn warning(field: impl Into<String>, source: Source, message: String) -> Self {
        Self {
            field: field.into(),
            message,
            severity: Level::Warning,
            source,
        }
    }
}

/// Which checks ran.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Checked {
    pub registry: bool,
    pub services: bool,
    pub home_assistant: bool,
}

/// The outcome of [`validate`].
#[derive(Debug, Clone)]
pub struct Validation {
    pub findings: Vec<FieldFinding>,
    pub checked: Checked,
    /// The dialect of the connected Home Assistant (modern without one).
    pub dialect: Dialect,
    /// The version of the connected Home Assistant, if one answered.
    pub ha_version: Option<String>,
}

impl Validation {
    /// No finding is an error.
    pub fn is_valid(&self) -> bool {
        self.findings.iter().all(|f| f.severity != Level::Error)
    }
}

/// What an automation names, each with its field.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct References {
    pub entities: Vec<(String, String)>,
    pub devices: Vec<(String, String)>,
    pub areas: Vec<(String, String)>,
    pub services: Vec<(String, String)>,
}

/// Names written as templates (or `all`/`none`) are not references to check.
fn literal(id: &str) -> bool {
    let id = id.trim();
    !id.is_empty() && !id.contains("{{") && !id.contains("{%") && id != "all" && id != "none"
}

impl References {
    fn entity(&mut self, field: String, id: &str) {
        if literal(id) {
            self.entities.push((field, id.trim().to_owned()));
        }
    }

    fn entity_list(&mut self, field: &str, ids: &[String]) {
        for id in ids {
            self.entity(field.to_owned(), id);
        }
    }

    fn device(&mut self, field: String, id: &str) {
        if literal(id) {
            self.devices.push((field, id.trim().to_owned()));
        }
    }

    fn area(&mut self, field: String, id: &str) {
        if literal(id) {
            self.areas.push((field, id.trim().to_owned()));
        }
    }

    fn triggers(&mut self, triggers: &[Trigger], path: &str) {
        for (i, trigger) in triggers.iter().enumerate() {
            let here = format!("{path}[{i}]");
            match &trigger.kind {
                TriggerKind::State(s) => {
                    self.entity_list(&format!("{here}.entity_id"), &s.entity_id)
                }
                TriggerKind::NumericState(n) => {
                    self.entity_list(&format!("{here}.entity_id"), &n.entity_id);
                    self.thresholds(&here, &n.above, &n.below);
                }
                TriggerKind::Time(t) => {
                    for at in &t.at {
                        match at {
                            TimeAt::Entity(id) | TimeAt::EntityOffset { entity_id: id, .. } => {
                                self.entity(format!("{here}.at"), id)
                            }
                            TimeAt::Time(_) => {}
                        }
                    }
                }
                TriggerKind::Zone(z) => {
                    self.entity_list(&format!("{here}.entity_id"), &z.entity_id);
                    self.entity(format!("{here}.zone"), &z.zone);
                }
                TriggerKind::Calendar(c) => self.entity(format!("{here}.entity_id"), &c.entity_id),
                TriggerKind::Device(d) => {
                    self.device(format!("{here}.device_id"), &d.device_id);
                    if let Some(Value::String(id)) = d.fields.get("entity_id") {
                        self.entity(format!("{here}.entity_id"), id);
                    }
                }
                _ => {}
            }
        }
    }

    fn thresholds(&mut self, here: &str, above: &Option<Threshold>, below: &Option<Threshold>) {
        if let Some(Threshold::Entity(id)) = above {
            self.entity(format!("{here}.above"), id);
        }
        if let Some(Threshold::Entity(id)) = below {
            self.entity(format!("{here}.below"), id);
        }
    }

    fn conditions(&mut self, conditions: &[Condition], path: &str) {
        for (i, condition) in conditions.iter().enumerate() {
            self.condition(&condition.kind, &format!("{path}[{i}]"));
        }
    }

    fn condition(&mut self, kind: &ConditionKind, here: &str) {
        match kind {
            ConditionKind::State(s) => self.entity_list(&format!("{here}.entity_id"), &s.entity_id),
            ConditionKind::NumericState(n) => {
                self.entity_list(&format!("{here}.entity_id"), &n.entity_id);
                self.thresholds(here, &n.above, &n.below);
            }
            ConditionKind::Time(t) => {
                for (key, r) in [("after", &t.after), ("before", &t.before)] {
                    if let Some(TimeRef::Entity(id)) = r {
                        self.entity(format!("{here}.{key}"), id);
                    }
                }
            }
            ConditionKind::Zone(z) => {
                self.entity_list(&format!("{here}.entity_id"), &z.entity_id);
                self.entity_list(&format!("{here}.zone"), &z.zone);
            }
            ConditionKind::Device(d) => self.device(format!("{here}.device_id"), &d.device_id),
            ConditionKind::And(c) => self.conditions(c, &format!("{here}.conditions")),
            ConditionKind::Or(c) => self.conditions(c, &format!("{here}.conditions")),
            ConditionKind::Not(c) => self.conditions(c, &format!("{here}.conditions")),
            _ => {}
        }
    }

    fn actions(&mut self, actions: &[Action], path: &str) {
        for (i, action) in actions.iter().enumerate() {
            let here = format!("{path}[{i}]");
            match &action.kind {
                ActionKind::Call(call) => {
                    if literal(&call.action) {
                        self.services
                            .push((format!("{here}.action"), call.action.trim().to_owned()));
                    }
                    if let Some(Target::Ids(ids)) = &call.target {
                        let t = format!("{here}.target");
                        self.entity_list(&format!("{t}.entity_id"), &ids.entity_id);
                        for id in &ids.device_id {
                            self.device(format!("{t}.device_id"), id);
                        }
                        for id in &ids.area_id {
                            self.area(format!("{t}.area_id"), id);
                        }
                    }
                    if let Some(homeai_automation_model::ServiceData::Fields(data)) = &call.data {
                        match data.get("entity_id") {
                            Some(Value::String(id)) => {
                                self.entity(format!("{here}.data.entity_id"), id)
                            }
                            Some(Value::Array(ids)) => {
                                for id in ids.iter().filter_map(Value::as_str) {
                                    self.entity(format!("{here}.data.entity_id"), id);
                                }
                            }
                            _ => {}
                        }
                    }
                }
                ActionKind::Scene(id) => self.entity(format!("{here}.scene"), id),
                ActionKind::Device(d) => self.device(format!("{here}.device_id"), &d.device_id),
                ActionKind::Condition(kind) => self.condition(kind, &here),
                ActionKind::WaitForTrigger(w) => {
                    self.triggers(&w.triggers, &format!("{here}.wait_for_trigger"))
                }
                ActionKind::Choose(c) => {
                    for (j, option) in c.options.iter().enumerate() {
                        let p = format!("{here}.choose[{j}]");
                        self.conditions(&option.conditions, &format!("{p}.conditions"));
                        self.actions(&option.sequence, &format!("{p}.sequence"));
                    }
                    self.actions(&c.default, &format!("{here}.default"));
                }
                ActionKind::If(b) => {
                    self.conditions(&b.conditions, &format!("{here}.if"));
                    self.actions(&b.then, &format!("{here}.then"));
                    self.actions(&b.else_, &format!("{here}.else"));
                }
                ActionKind::Repeat(r) => {
                    match &r.kind {
                        homeai_automation_model::RepeatKind::While(c) => {
                            self.conditions(c, &format!("{here}.repeat.while"))
                        }
                        homeai_automation_model::RepeatKind::Until(c) => {
                            self.conditions(c, &format!("{here}.repeat.until"))
                        }
                        _ => {}
                    }
                    self.actions(&r.sequence, &format!("{here}.repeat.sequence"));
                }
                ActionKind::Parallel(steps) => self.actions(steps, &format!("{here}.parallel")),
                ActionKind::Sequence(steps) => self.actions(steps, &format!("{here}.sequence")),
                _ => {}
            }
        }
    }
}

/// Every entity, device, area and service the automation names, with its field.
pub fn references(automation: &Automation) -> References {
    let mut refs = References::default();
    refs.triggers(&automation.triggers, "triggers");
    refs.conditions(&automation.conditions, "conditions");
    refs.actions(&automation.actions, "actions");
    refs
}

/// The dialect a Home Assistant release speaks.
pub fn dialect_of(version: &HaVersion) -> Dialect {
    Dialect::for_version(version.year, version.month)
}

/// The API name of a dialect: `legacy`, `legacy_action`, `modern`.
pub fn dialect_name(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Legacy {
            service_key: ServiceKey::Service,
        } => "legacy",
        Dialect::Legacy {
            service_key: ServiceKey::Action,
        } => "legacy_action",
        Dialect::Modern => "modern",
    }
}

/// The dialect named `name` (see [`dialect_name`]).
pub fn parse_dialect(name: &str) -> Option<Dialect> {
    match name {
        "legacy" => Some(Dialect::Legacy {
            service_key: ServiceKey::Service,
        }),
        "legacy_action" => Some(Dialect::Legacy {
            service_key: ServiceKey::Action,
        }),
        "modern" => Some(Dialect::Modern),
        _ => None,
    }
}

/// What the registry check needs from the database.
struct Registry {
    entities: HashSet<String>,
    devices: HashSet<String>,
    areas: HashSet<String>,
}

async fn load_registry(db: &Db) -> Result<Registry, homeai_db::DbError> {
    db.run(|c| {
        let entities = repo::registry::entities(c, None, None)?
            .into_iter()
            .map(|e| e.entity_id.as_str().to_owned())
            .collect();
        let devices = repo::registry::devices(c)?
            .into_iter()
            .map(|d| d.device_id)
            .collect();
        let areas = repo::registry::areas(c)?
            .into_iter()
            .map(|a| a.area_id)
            .collect();
        Ok(Registry {
            entities,
            devices,
            areas,
        })
    })
    .await
}

/// The registries as Home Assistant holds them now (every entity with a state, registered or
/// not), for when homeai has stored no copy yet; `None` when HA does not answer.
async fn live_registry(ws: &WsSession) -> Option<Registry> {
    let states = ws.get_states().await.ok()?;
    let devices = ws.device_registry().await.ok()?;
    let areas = ws.area_registry().await.ok()?;
    Some(Registry {
        entities: states.into_iter().map(|s| s.entity_id).collect(),
        devices: devices.into_iter().map(|d| d.id).collect(),
        areas: areas.into_iter().map(|a| a.area_id).collect(),
    })
}

/// Covers the registry knows as garage doors or gates (by device class).
pub async fn garage_doors(db: &Db) -> Result<Vec<String>, homeai_db::DbError> {
    db.run(|c| {
        Ok(repo::registry::entities(c, Some("cover"), None)?
            .into_iter()
            .filter(|e| matches!(e.device_class.as_deref(), Some("garage" | "gate")))
            .map(|e| e.entity_id.as_str().to_owned())
            .collect())
    })
    .await
}

fn check_registry(refs: &References, registry: &Registry, out: &mut Vec<FieldFinding>) {
    let empty = registry.entities.is_empty();
    if empty {
        out.push(FieldFinding::warning(
            "",
            Source::Registry,
            "homeai holds no copy of Home Assistant's registries yet (the pattern service \
             stores them once it is connected to Home Assistant), so entities, devices and \
             areas were not checked"
                .to_owned(),
        ));
        return;
    }
    for (field, id) in &refs.entities {
        if !registry.entities.contains(id) {
            out.push(FieldFinding::error(
                field.clone(),
                Source::Registry,
                format!(
                    "there is no entity `{id}` in Home Assistant; check the spelling, or pick \
                     one from GET /api/v1/entities on the pattern service"
                ),
            ));
        }
    }
    for (field, id) in &refs.devices {
        if !registry.devices.contains(id) {
            out.push(FieldFinding::error(
                field.clone(),
                Source::Registry,
                format!(
                    "there is no device `{id}` in Home Assistant's device registry; pick one \
                     from GET /api/v1/devices on the pattern service"
                ),
            ));
        }
    }
    if !refs.areas.is_empty() && registry.areas.is_empty() {
        out.push(FieldFinding::warning(
            "",
            Source::Registry,
            "homeai holds no areas from Home Assistant, so the areas named were not checked"
                .to_owned(),
        ));
        return;
    }
    for (field, id) in &refs.areas {
        if !registry.areas.contains(id) {
            out.push(FieldFinding::error(
                field.clone(),
                Source::Registry,
                format!(
                    "there is no area `{id}` in Home Assistant; use an area id (not its name) \
                     from GET /api/v1/areas on the pattern service"
                ),
            ));
        }
    }
}

/// `get_services` gives `{domain: {service: {...}}}`.
fn check_services(refs: &References, services: &Value, out: &mut Vec<FieldFinding>) {
    for (field, name) in &refs.services {
        let known = name
            .split_once('.')
            .and_then(|(domain, service)| services.get(domain)?.get(service))
            .is_some();
        if !known {
            let domain = name.split('.').next().unwrap_or_default();
            let hint = if services.get(domain).is_some() {
                format!("the `{domain}` integration has no such action")
            } else {
                format!("no integration `{domain}` is set up in Home Assistant")
            };
            out.push(FieldFinding::error(
                field.clone(),
                Source::Services,
                format!(
                    "Home Assistant has no action `{name}`: {hint}; check the name in Home \
                     Assistant's developer tools (Actions)"
                ),
            ));
        }
    }
}

/// The model's name for a list key, from either dialect's.
fn field_of(key: &str) -> &'static str {
    match key {
        "trigger" | "triggers" => "triggers",
        "condition" | "conditions" => "conditions",
        _ => "actions",
    }
}

/// `field[index]` when HA's message names `data[index]`, else the field itself.
fn locate(field: &str, message: &str) -> String {
    let index = message.find("data[").and_then(|at| {
        let rest = &message[at + 5..];
        let end = rest.find(']')?;
        rest[..end].parse::<usize>().ok()
    });
    match index {
        Some(i) => format!("{field}[{i}]"),
        None => field.to_owned(),
    }
}

/// Sends the triggers, conditions and actions (rendered in `dialect`) through HA's
/// `validate_config`, one finding per part HA refuses. HA answers some refusals (an integration
/// without device triggers, say) by failing the whole command; then each part is sent alone to
/// learn which one it was.
pub async fn ha_validate(
    ws: &WsSession,
    automation: &Automation,
    dialect: Dialect,
) -> Result<Vec<FieldFinding>, HaError> {
    let rendered = to_json(automation, dialect);
    let parts: Vec<(&str, Value)> = [
        "trigger",
        "condition",
        "action",
        "triggers",
        "conditions",
        "actions",
    ]
    .into_iter()
    .filter_map(|key| Some((key, rendered.get(key)?.clone())))
    .collect();
    let body: serde_json::Map<String, Value> = parts
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect();
    let mut out = Vec::new();
    match ws.validate_config(Value::Object(body)).await {
        Ok(answer) => verdicts(&answer, &mut out),
        Err(HaError::Command { .. }) => {
            for (key, value) in parts {
                match ws.validate_config(json!({ key: value })).await {
                    Ok(answer) => verdicts(&answer, &mut out),
                    Err(HaError::Command { message, .. }) => {
                        out.push(refused(field_of(key), &message));
                    }
                    Err(e) => return Err(e),
                }
            }
        }
        Err(e) => return Err(e),
    }
    Ok(out)
}

fn refused(field: &str, error: &str) -> FieldFinding {
    FieldFinding::error(
        locate(field, error),
        Source::HomeAssistant,
        format!("Home Assistant refuses the {field}: {error}"),
    )
}

/// `{key: {"valid": bool, "error": text|null}}` → findings.
fn verdicts(answer: &Value, out: &mut Vec<FieldFinding>) {
    let Value::Object(parts) = answer else {
        return;
    };
    for (key, verdict) in parts {
        if verdict.get("valid").and_then(Value::as_bool) == Some(false) {
            let error = verdict
                .get("error")
                .and_then(Value::as_str)
                .unwrap_or("refused without a reason");
            out.push(refused(field_of(key), error));
        }
    }
}

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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn references_walk_every_place_an_id_can_be() {
        let a = homeai_automation_model::parse_yaml(
            "triggers:\n  - trigger: state\n    entity_id: binary_sensor.m\nconditions:\n  - \
             or:\n      - condition: state\n        entity_id: person.a\n        state: home\n\
             actions:\n  - if:\n      - condition: template\n        value_template: \"{{ 1 }}\"\n    \
             then:\n      - action: light.turn_on\n        target:\n          entity_id: \
             light.x\n          area_id: kitchen\n  - action: \"{{ svc }}\"\n  - scene: \
             scene.night\n",
        )
        .unwrap();
        let r = references(&a);
        let ids: Vec<&str> = r.entities.iter().map(|(_, id)| id.as_str()).collect();
        assert_eq!(
            ids,
            ["binary_sensor.m", "person.a", "light.x", "scene.night"]
        );
        assert_eq!(r.entities[1].0, "conditions[0].conditions[0].entity_id");
        assert_eq!(
            r.areas,
            [("actions[0].then[0].target.area_id".into(), "kitchen".into())]
        );
        assert_eq!(r.services.len(), 1);
    }

    #[test]
    fn ha_errors_name_the_item_when_they_can() {
        assert_eq!(
            locate("triggers", "Unknown device 'x' @ data[0]"),
            "triggers[0]"
        );
        assert_eq!(locate("actions", "oops"), "actions");
    }

    #[test]
    fn dialect_names_round_trip() {
        for name in ["legacy", "legacy_action", "modern"] {
            assert_eq!(dialect_name(parse_dialect(name).unwrap()), name);
        }
        assert!(parse_dialect("new").is_none());
    }
}
