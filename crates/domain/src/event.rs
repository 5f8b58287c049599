//! A state change in the home and what caused it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::ha::EntityId;
use crate::text_enum;

text_enum! {
    /// Who or what made a state change happen.
    pub enum EventCause {
        /// A person, through HA's UI, an app or a voice assistant (`context.user_id` set).
        User => "user",
        /// An automation or script (`context.parent_id` set).
        Automation => "automation",
        /// Neither: a physical switch, a sensor, an integration.
        Device => "device",
    }
}

impl EventCause {
    /// Classifies a change from its HA context, as the ingest does.
    pub fn from_context(user_id: Option<&str>, parent_id: Option<&str>) -> Self {
        match (user_id, parent_id) {
            (_, Some(p)) if !p.is_empty() => EventCause::Automation,
            (Some(u), _) if !u.is_empty() => EventCause::User,
            _ => EventCause::Device,
        }
    }
}

/// One `state_changed` event as homeai stores it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StateChange {
    pub entity_id: EntityId,
    pub old_state: Option<String>,
    pub new_state: Option<String>,
    /// `true` when only attributes changed (the state text is the same).
    #[serde(default)]
    pub attributes_only: bool,
    #[serde(default)]
    pub attributes: serde_json::Value,
    pub cause: EventCause,
    pub context_id: String,
    pub user_id: Option<String>,
    pub parent_id: Option<String>,
    pub time_fired: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parent_id_wins_over_user_id() {
        assert_eq!(
            EventCause::from_context(Some("u"), Some("p")),
            EventCause::Automation
        );
        assert_eq!(EventCause::from_context(Some("u"), None), EventCause::User);
        assert_eq!(EventCause::from_context(None, None), EventCause::Device);
        assert_eq!(
            EventCause::from_context(Some(""), Some("")),
            EventCause::Device
        );
    }

    #[test]
    fn cause_round_trips_through_text() {
        for c in EventCause::ALL {
            assert_eq!(c.as_str().parse::<EventCause>().unwrap(), *c);
        }
        assert!("robot".parse::<EventCause>().is_err());
    }
}

/// A stored event, as the API serves it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredEvent {
    pub id: i64,
    #[serde(flatten)]
    pub change: StateChange,
    pub source: String,
}
