//! Home Assistant's state objects and events → homeai's `StateChange`.

use chrono::{DateTime, Utc};
use homeai_domain::event::{EventCause, StateChange};
use homeai_domain::ha::EntityId;
use homeai_ha::{HaEvent, HaState};

use super::cause::CauseTracker;

/// A `state_changed` event as a row; `None` for an event that is not one, or names an entity id
/// homeai cannot store.
pub fn from_event(event: &HaEvent, tracker: &CauseTracker) -> Option<StateChange> {
    let data = event.state_changed()?;
    let entity_id = EntityId::parse(&data.entity_id).ok()?;
    let old = data.old_state.as_ref();
    let new = data.new_state.as_ref();
    let (context_id, user_id, parent_id) = match &event.context {
        Some(c) => (c.id.clone(), c.user_id.clone(), c.parent_id.clone()),
        None => (String::new(), None, None),
    };
    let cause = tracker.classify(&context_id, user_id.as_deref(), parent_id.as_deref());
    let time_fired = new.map_or(event.time_fired, |s| s.last_updated);
    Some(StateChange {
        entity_id,
        old_state: old.map(|s| s.state.clone()),
        new_state: new.map(|s| s.state.clone()),
        attributes_only: matches!((old, new), (Some(o), Some(n)) if o.state == n.state),
        attributes: new.map_or(serde_json::Value::Null, |s| {
            serde_json::Value::Object(s.attributes.clone())
        }),
        cause,
        context_id,
        user_id,
        parent_id,
        time_fired,
    })
}

/// One state from HA's history as a row. History carries no trustworthy context (HA 2024.3
/// fills it with an unrelated one), so the cause comes from the logbook where it has one.
pub fn from_history(
    state: &HaState,
    old_state: Option<&str>,
    cause: Option<(EventCause, Option<String>)>,
) -> Option<StateChange> {
    let entity_id = EntityId::parse(&state.entity_id).ok()?;
    let (cause, user_id) = cause.unwrap_or((EventCause::Device, None));
    Some(StateChange {
        entity_id,
        old_state: old_state.map(str::to_owned),
        new_state: Some(state.state.clone()),
        attributes_only: old_state == Some(state.state.as_str()),
        attributes: serde_json::Value::Object(state.attributes.clone()),
        cause,
        context_id: history_context(state.last_updated),
        user_id,
        parent_id: None,
        time_fired: state.last_updated,
    })
}

/// The context id of a change known only from history.
fn history_context(at: DateTime<Utc>) -> String {
    format!("history-{}", at.timestamp_micros())
}
