//! What the detectors read: the changes, and numeric sensor readings kept compact (a home's
//! sensors make most of its events: 16 bytes a reading instead of a full change).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use homeai_domain::event::StateChange;

/// One numeric reading: microseconds since the epoch and the value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reading {
    pub at_us: i64,
    pub value: f32,
}

/// The events of an analysis window, split for the detectors.
#[derive(Debug, Clone, Default)]
pub struct Observations {
    /// Every change but numeric sensor readings, in time order.
    pub changes: Vec<StateChange>,
    /// Numeric sensor readings per sensor, in time order.
    pub readings: HashMap<String, Vec<Reading>>,
}

impl Observations {
    /// Adds one event (call in time order).
    pub fn push(&mut self, change: StateChange) {
        if change.entity_id.domain() == "sensor"
            && let Some(value) = change
                .new_state
                .as_deref()
                .and_then(|v| v.parse::<f32>().ok())
            && value.is_finite()
        {
            let at_us = change.time_fired.timestamp_micros();
            match self.readings.get_mut(change.entity_id.as_str()) {
                Some(series) => series.push(Reading { at_us, value }),
                None => {
                    self.readings.insert(
                        change.entity_id.as_str().to_owned(),
                        vec![Reading { at_us, value }],
                    );
                }
            }
            return;
        }
        self.changes.push(change);
    }

    /// Splits a time-ordered slice of events.
    pub fn from_events(events: &[StateChange]) -> Self {
        let mut o = Self::default();
        for e in events {
            o.push(e.clone());
        }
        o
    }

    /// Every event's `(entity, time)`, changes and readings alike, in time order.
    pub fn keys(&self) -> Vec<(&str, DateTime<Utc>)> {
        let mut keys: Vec<(&str, DateTime<Utc>)> = self
            .changes
            .iter()
            .map(|c| (c.entity_id.as_str(), c.time_fired))
            .collect();
        for (id, series) in &self.readings {
            keys.extend(series.iter().filter_map(|r| {
                DateTime::from_timestamp_micros(r.at_us).map(|t| (id.as_str(), t))
            }));
        }
        keys.sort_by_key(|(_, t)| *t);
        keys
    }

    pub fn len(&self) -> usize {
        self.changes.len() + self.readings.values().map(Vec::len).sum::<usize>()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
