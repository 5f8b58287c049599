//! The home's life: a month of history from the synthetic home generator recorded before the
//! simulation starts, then the rest of the generated days played as the clock passes them.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;

use homeai_domain::event::StateChange;
use homeai_ha::HaContext;
use serde_json::{Map, Value};

use crate::home::Home;

/// How often the player looks at the clock.
const TICK: Duration = Duration::from_millis(100);

/// Records every generated change before the clock's now as history; returns the later ones,
/// in time order, for [`play`].
pub fn record_history(home: &Home, events: Vec<StateChange>) -> VecDeque<StateChange> {
    let now = home.clock.now();
    let mut future = VecDeque::new();
    let mut past = 0usize;
    for e in events {
        let Some(state) = e.new_state.as_deref() else {
            continue;
        };
        if e.time_fired < now {
            home.record_past(
                e.entity_id.as_str(),
                state,
                &attributes_of(&e),
                context_of(&e),
                e.time_fired,
            );
            past += 1;
        } else {
            future.push_back(e);
        }
    }
    tracing::info!(
        past,
        to_play = future.len(),
        "simulated home: history recorded"
    );
    future
}

/// Plays `future` as the clock reaches each change (forever: returns when it is played).
pub async fn play(home: Arc<Home>, mut future: VecDeque<StateChange>) {
    let mut tick = tokio::time::interval(TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    while !future.is_empty() {
        tick.tick().await;
        let now = home.clock.now();
        while future.front().is_some_and(|e| e.time_fired <= now) {
            let Some(e) = future.pop_front() else {
                break;
            };
            if let Some(state) = e.new_state.as_deref() {
                home.set_state(
                    e.entity_id.as_str(),
                    state,
                    &attributes_of(&e),
                    context_of(&e),
                );
            }
        }
    }
    tracing::info!("simulated home: every generated day has been played");
}

fn attributes_of(e: &StateChange) -> Map<String, Value> {
    match &e.attributes {
        Value::Object(m) => m.clone(),
        _ => Map::new(),
    }
}

/// The generator's cause as HA's context: a person's change carries a user, an automation's a
/// parent context.
fn context_of(e: &StateChange) -> HaContext {
    HaContext {
        id: if e.context_id.is_empty() {
            crate::home::context_id()
        } else {
            e.context_id.clone()
        },
        parent_id: e.parent_id.clone(),
        user_id: e.user_id.clone(),
    }
}
