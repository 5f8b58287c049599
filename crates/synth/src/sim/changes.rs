//! The end of a day: its intents in time order become Home Assistant state changes (a change
//! that changes nothing dropped, one change per entity per instant, a context per change).

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use homeai_domain::event::{EventCause, StateChange};
use homeai_domain::ha::EntityId;

use super::Sim;

impl Sim<'_> {
    pub(super) fn finish_day(&mut self) -> Vec<StateChange> {
        let mut intents = std::mem::take(&mut self.intents);
        intents.sort_by(|a, b| a.at.cmp(&b.at).then_with(|| a.entity.cmp(&b.entity)));
        let mut out = Vec::with_capacity(intents.len());
        let mut last_time: HashMap<String, DateTime<Utc>> = HashMap::new();
        for intent in intents {
            let Ok(entity_id) = EntityId::parse(&intent.entity) else {
                continue;
            };
            let old = self.states.get(&intent.entity).cloned();
            let is_sensor = entity_id.domain() == "sensor";
            if !is_sensor && old.as_deref() == Some(intent.state.as_str()) {
                continue; // switching on what is on changes nothing in HA
            }
            // one change per entity per instant (HA's identity of a change)
            let mut at = intent.at;
            if let Some(prev) = last_time.get(&intent.entity)
                && at <= *prev
            {
                at = *prev + Duration::microseconds(1);
            }
            last_time.insert(intent.entity.clone(), at);
            self.context += 1;
            let context_id = format!("synth{:x}-{:08}", self.spec.seed, self.context);
            let (user_id, parent_id) = match intent.cause {
                EventCause::User => (Some("synth-resident".to_owned()), None),
                EventCause::Automation => {
                    (None, Some(format!("synth-automation-{:x}", self.context)))
                }
                EventCause::Device => (None, None),
            };
            self.states
                .insert(intent.entity.clone(), intent.state.clone());
            out.push(StateChange {
                entity_id,
                attributes_only: false,
                old_state: old,
                new_state: Some(intent.state),
                attributes: intent.attributes,
                cause: intent.cause,
                context_id,
                user_id,
                parent_id,
                time_fired: at,
            });
        }
        out
    }
}
