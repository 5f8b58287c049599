//! The home's state machine: every entity's state, its history, the logbook of who caused
//! what, the automations stored through the config API, and the event bus.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use homeai_automation_model::Automation;
use homeai_ha::{HaContext, HaState};
use homeai_synth::{HomeSpec, Layout};
use serde_json::{Map, Value, json};
use tokio::sync::broadcast;

use crate::SimError;
use crate::attributes::{base_attributes, initial_state};
use crate::clock::SimClock;
use crate::services;

/// Capacity of the event bus: a subscriber further behind than this loses events.
const BUS_CAPACITY: usize = 4096;

/// One stored automation: what the config API was given and the model read from it.
#[derive(Debug, Clone)]
pub struct StoredAutomation {
    pub config: Value,
    pub model: Automation,
    pub entity_id: String,
}

/// A logbook line: who (which context) changed an entity when.
#[derive(Debug, Clone)]
pub struct LogbookEntry {
    pub when: DateTime<Utc>,
    pub entity_id: String,
    pub context: HaContext,
    /// `automation_triggered` for automation-made changes, `call_service` for a person's
    pub context_event_type: &'static str,
}

#[derive(Default)]
struct Inner {
    states: BTreeMap<String, HaState>,
    history: HashMap<String, Vec<HaState>>,
    logbook: Vec<LogbookEntry>,
    automations: BTreeMap<String, StoredAutomation>,
}

/// The simulated home. Shared (`Arc`) by the server, the player and the automation engine.
pub struct Home {
    pub clock: SimClock,
    pub spec: HomeSpec,
    pub layout: Layout,
    inner: Mutex<Inner>,
    bus: broadcast::Sender<Value>,
}

/// A fresh context id (HA's are ULIDs; any unique text will do for homeai).
pub fn context_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// The user every simulated person acts as.
pub const RESIDENT_USER_ID: &str = "simhome0resident0user0000000001";

impl Home {
    pub fn new(spec: HomeSpec, layout: Layout, clock: SimClock) -> Self {
        let (bus, _) = broadcast::channel(BUS_CAPACITY);
        let mut inner = Inner::default();
        let now = clock.now();
        for e in &layout.entities {
            let id = e.entity_id.as_str().to_owned();
            inner.states.insert(
                id.clone(),
                HaState {
                    entity_id: id,
                    state: initial_state(e),
                    attributes: base_attributes(e),
                    last_changed: now,
                    last_updated: now,
                    context: Some(HaContext {
                        id: context_id(),
                        parent_id: None,
                        user_id: None,
                    }),
                },
            );
        }
        Self {
            clock,
            spec,
            layout,
            inner: Mutex::new(inner),
            bus,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Every event from now on, as HA's event objects.
    pub fn subscribe(&self) -> broadcast::Receiver<Value> {
        self.bus.subscribe()
    }

    pub fn states(&self) -> Vec<HaState> {
        self.lock().states.values().cloned().collect()
    }

    pub fn state(&self, entity_id: &str) -> Option<HaState> {
        self.lock().states.get(entity_id).cloned()
    }

    /// Records a change that happened before the simulation started: history and logbook
    /// only, no event (the backfilled month).
    pub fn record_past(
        &self,
        entity_id: &str,
        state: &str,
        attributes: &Map<String, Value>,
        context: HaContext,
        at: DateTime<Utc>,
    ) {
        let mut inner = self.lock();
        let Some(current) = inner.states.get(entity_id).cloned() else {
            return;
        };
        let mut attrs = current.attributes.clone();
        attrs.extend(attributes.iter().map(|(k, v)| (k.clone(), v.clone())));
        let row = HaState {
            entity_id: entity_id.to_owned(),
            state: state.to_owned(),
            attributes: attrs,
            last_changed: at,
            last_updated: at,
            context: Some(context.clone()),
        };
        log_cause(&mut inner.logbook, entity_id, &context, at);
        inner
            .history
            .entry(entity_id.to_owned())
            .or_default()
            .push(row.clone());
        inner.states.insert(entity_id.to_owned(), row);
    }

    /// Sets a state now, as HA's state machine does: no event when nothing changed; history,
    /// logbook and a `state_changed` event otherwise. Returns the new state when it changed.
    pub fn set_state(
        &self,
        entity_id: &str,
        state: &str,
        attributes: &Map<String, Value>,
        context: HaContext,
    ) -> Option<HaState> {
        let now = self.clock.now();
        let mut inner = self.lock();
        let old = inner.states.get(entity_id).cloned();
        let mut attrs = old
            .as_ref()
            .map(|o| o.attributes.clone())
            .unwrap_or_default();
        // HA keeps null attributes (an off light's `brightness: null`)
        attrs.extend(attributes.iter().map(|(k, v)| (k.clone(), v.clone())));
        if let Some(o) = &old
            && o.state == state
            && o.attributes == attrs
        {
            return None;
        }
        let last_changed = match &old {
            Some(o) if o.state == state => o.last_changed,
            _ => now,
        };
        let new = HaState {
            entity_id: entity_id.to_owned(),
            state: state.to_owned(),
            attributes: attrs,
            last_changed,
            last_updated: now,
            context: Some(context.clone()),
        };
        inner.states.insert(entity_id.to_owned(), new.clone());
        inner
            .history
            .entry(entity_id.to_owned())
            .or_default()
            .push(new.clone());
        log_cause(&mut inner.logbook, entity_id, &context, now);
        drop(inner);
        self.fire(
            "state_changed",
            json!({"entity_id": entity_id, "old_state": old, "new_state": new}),
            &context,
        );
        Some(new)
    }

    /// Removes an entity (a deleted automation): `state_changed` with no new state.
    pub fn remove_state(&self, entity_id: &str) {
        let old = self.lock().states.remove(entity_id);
        if let Some(old) = old {
            let context = HaContext {
                id: context_id(),
                parent_id: None,
                user_id: None,
            };
            self.fire(
                "state_changed",
                json!({"entity_id": entity_id, "old_state": old, "new_state": null}),
                &context,
            );
        }
    }

    /// Puts an event on the bus.
    pub fn fire(&self, event_type: &str, data: Value, context: &HaContext) {
        let event = json!({
            "event_type": event_type,
            "data": data,
            "origin": "LOCAL",
            "time_fired": self.clock.now(),
            "context": context,
        });
        // no subscriber is fine
        let _ = self.bus.send(event);
    }

    /// Calls `domain.service`: the states it changed. A person's call carries `user_id`, an
    /// automation's a `parent_id`.
    pub fn call_service(
        &self,
        domain: &str,
        service: &str,
        data: &Map<String, Value>,
        target: Option<&Value>,
        context: &HaContext,
    ) -> Result<Vec<HaState>, SimError> {
        if !services::known(domain, service) {
            return Err(SimError::Service(format!(
                "Service {domain}.{service} not found."
            )));
        }
        let mut ids = services::targets(data, target);
        let mut announced = data.clone();
        announced.insert("entity_id".into(), json!(ids));
        self.fire(
            "call_service",
            json!({"domain": domain, "service": service, "service_data": announced}),
            context,
        );
        let areas = services::target_areas(data, target);
        if !areas.is_empty() {
            ids.extend(
                self.layout
                    .entities
                    .iter()
                    .filter(|e| e.area_id.as_ref().is_some_and(|a| areas.contains(a)))
                    .map(|e| e.entity_id.as_str().to_owned()),
            );
        }
        if ids.iter().any(|i| i == "all") {
            ids = self
                .lock()
                .states
                .keys()
                .filter(|k| k.starts_with(&format!("{domain}.")))
                .cloned()
                .collect();
        }
        let mut changed = Vec::new();
        for id in ids {
            let Some(current) = self.state(&id) else {
                continue;
            };
            if let Some((state, attrs)) =
                services::effect(domain, service, &id, &current.state, data)?
                && let Some(new) = self.set_state(&id, &state, &attrs, context.clone())
            {
                changed.push(new);
            }
        }
        Ok(changed)
    }

    /// The history of `entity_ids` in `[start, end)`, each list in time order.
    pub fn history(
        &self,
        entity_ids: &[String],
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> BTreeMap<String, Vec<HaState>> {
        let inner = self.lock();
        let mut out = BTreeMap::new();
        for id in entity_ids {
            let rows: Vec<HaState> = inner
                .history
                .get(id)
                .map(|h| {
                    h.iter()
                        .filter(|s| s.last_updated >= start && s.last_updated < end)
                        .cloned()
                        .collect()
                })
                .unwrap_or_default();
            if !rows.is_empty() {
                out.insert(id.clone(), rows);
            }
        }
        out
    }

    /// The logbook lines of `entity_ids` (all when empty) in `[start, end)`.
    pub fn logbook(
        &self,
        entity_ids: &[String],
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Vec<LogbookEntry> {
        self.lock()
            .logbook
            .iter()
            .filter(|l| l.when >= start && l.when < end)
            .filter(|l| entity_ids.is_empty() || entity_ids.contains(&l.entity_id))
            .cloned()
            .collect()
    }

    pub fn automations(&self) -> Vec<StoredAutomation> {
        self.lock().automations.values().cloned().collect()
    }

    pub fn automation(&self, config_id: &str) -> Option<StoredAutomation> {
        self.lock().automations.get(config_id).cloned()
    }

    /// The stored automation whose entity is `entity_id`.
    pub fn automation_by_entity(&self, entity_id: &str) -> Option<(String, StoredAutomation)> {
        self.lock()
            .automations
            .iter()
            .find(|(_, a)| a.entity_id == entity_id)
            .map(|(k, a)| (k.clone(), a.clone()))
    }

    /// Creates or replaces the automation `config_id`; its entity appears (or its
    /// `last_updated` moves) as after HA's reload.
    pub fn save_automation(&self, config_id: &str, mut config: Value) -> Result<(), SimError> {
        if let Some(m) = config.as_object_mut() {
            m.insert("id".into(), config_id.into());
        }
        let model = homeai_automation_model::parse_json(&config)
            .map_err(|e| SimError::Malformed(e.to_string()))?;
        let alias = model.alias.clone().unwrap_or_else(|| config_id.to_owned());
        let entity_id = {
            let mut inner = self.lock();
            let existing = inner
                .automations
                .get(config_id)
                .map(|a| a.entity_id.clone());
            let entity_id = existing.unwrap_or_else(|| {
                let base = format!("automation.{}", slug(&alias));
                let mut candidate = base.clone();
                let mut n = 2;
                while inner.states.contains_key(&candidate) {
                    candidate = format!("{base}_{n}");
                    n += 1;
                }
                candidate
            });
            inner.automations.insert(
                config_id.to_owned(),
                StoredAutomation {
                    config,
                    model: model.clone(),
                    entity_id: entity_id.clone(),
                },
            );
            entity_id
        };
        let last_triggered = self
            .state(&entity_id)
            .and_then(|s| s.attributes.get("last_triggered").cloned())
            .unwrap_or(Value::Null);
        let mode = model.mode.map(|m| m.as_str()).unwrap_or("single");
        let attrs = json!({
            "id": config_id,
            "friendly_name": alias,
            "last_triggered": last_triggered,
            "mode": mode,
            "current": 0,
            "attribution": crate::attributes::ATTRIBUTION,
            // moves on every save, so a changed automation's last_updated moves as after a reload
            "simhome_saved_at": self.clock.now(),
        });
        let state = if model.initial_state == Some(false) {
            "off"
        } else {
            "on"
        };
        let context = HaContext {
            id: context_id(),
            parent_id: None,
            user_id: None,
        };
        let attrs = attrs.as_object().cloned().unwrap_or_default();
        self.set_state(&entity_id, state, &attrs, context);
        Ok(())
    }

    /// Deletes the automation `config_id` and its entity.
    pub fn delete_automation(&self, config_id: &str) -> Result<(), SimError> {
        let removed = self.lock().automations.remove(config_id);
        let removed = removed.ok_or_else(|| SimError::NotFound("Resource not found".into()))?;
        self.remove_state(&removed.entity_id);
        Ok(())
    }
}

fn log_cause(
    logbook: &mut Vec<LogbookEntry>,
    entity_id: &str,
    context: &HaContext,
    at: DateTime<Utc>,
) {
    let kind = if context.parent_id.is_some() {
        "automation_triggered"
    } else if context.user_id.is_some() {
        "call_service"
    } else {
        return;
    };
    logbook.push(LogbookEntry {
        when: at,
        entity_id: entity_id.to_owned(),
        context: context.clone(),
        context_event_type: kind,
    });
}

/// HA's slugify, near enough: lower case, runs of anything else become one `_`.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    let out = out.trim_matches('_').to_owned();
    if out.is_empty() {
        "automation".into()
    } else {
        out
    }
}
