//! Filling a gap in the event history from Home Assistant's recorder (history for the states,
//! the logbook for who caused them), deduplicated against what is stored.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use homeai_db::repo::events::{EventSource, InsertReport};
use homeai_db::{Db, repo, to_micros};
use homeai_domain::event::{EventCause, StateChange};
use homeai_ha::WsSession;
use serde_json::{Value, json};

use super::convert::from_history;
use super::registry_sync::SyncError;
use super::status::BackfillReport;
use super::writer::write_batch;

/// Who caused a change at (entity, time in µs): the cause and the user, if a user.
type CauseAt = ((String, i64), Cause);
type Cause = (EventCause, Option<String>);

/// Entities asked for per history request.
const ENTITIES_PER_REQUEST: usize = 100;

/// Reads `[from, until)` for every known entity and stores what is missing.
pub async fn backfill(
    ws: &WsSession,
    db: &Db,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<BackfillReport, SyncError> {
    let entity_ids: Vec<String> = db
        .run(|c| repo::registry::entities(c, None, None))
        .await?
        .into_iter()
        .map(|e| e.entity_id.as_str().to_owned())
        .collect();
    let mut written = InsertReport::default();
    for chunk in entity_ids.chunks(ENTITIES_PER_REQUEST) {
        let history = ws.history_during_period(from, Some(until), chunk).await?;
        let causes = logbook_causes(ws, from, until, chunk).await;
        let mut changes: Vec<StateChange> = Vec::new();
        for (entity_id, states) in history {
            let Some(first) = states.first() else {
                continue;
            };
            let before = to_micros(first.last_updated);
            let ids = vec![entity_id.clone()];
            let stored = db
                .run(move |c| repo::events::last_states(c, &ids, before))
                .await?;
            let mut previous: Option<String> = stored.get(&entity_id).cloned().flatten();
            for state in &states {
                let cause = causes
                    .get(&(entity_id.clone(), to_micros(state.last_updated)))
                    .cloned();
                if let Some(change) = from_history(state, previous.as_deref(), cause) {
                    changes.push(change);
                }
                previous = Some(state.state.clone());
            }
        }
        written.add(write_batch(db, changes, EventSource::Backfill, None).await?);
    }
    Ok(BackfillReport {
        from,
        until,
        entities: entity_ids.len(),
        inserted: written.inserted,
        duplicates: written.duplicates,
        finished_at: Utc::now(),
    })
}

/// (entity, time in µs) → cause, from the logbook. A failure only costs precision: changes
/// without a logbook entry are counted as the device's own.
async fn logbook_causes(
    ws: &WsSession,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
    entity_ids: &[String],
) -> HashMap<(String, i64), Cause> {
    let request = json!({
        "type": "logbook/get_events",
        "start_time": from.to_rfc3339(),
        "end_time": until.to_rfc3339(),
        "entity_ids": entity_ids,
    });
    let entries = match ws.command(request).await {
        Ok(Value::Array(entries)) => entries,
        Ok(other) => {
            tracing::warn!(answer = %other, "unexpected logbook answer");
            return HashMap::new();
        }
        Err(e) => {
            tracing::warn!(error = %e, "logbook unavailable: backfilled changes count as the devices' own");
            return HashMap::new();
        }
    };
    entries.iter().filter_map(logbook_cause).collect()
}

fn logbook_cause(entry: &Value) -> Option<CauseAt> {
    let entity_id = entry.get("entity_id")?.as_str()?.to_owned();
    let when = match entry.get("when")? {
        Value::Number(n) => {
            DateTime::from_timestamp_micros((n.as_f64()? * 1_000_000.0).round() as i64)?
        }
        Value::String(s) => DateTime::parse_from_rfc3339(s).ok()?.to_utc(),
        _ => return None,
    };
    let text = |k: &str| entry.get(k).and_then(Value::as_str);
    let by_automation = matches!(
        text("context_event_type"),
        Some("automation_triggered" | "script_started")
    ) || matches!(text("context_domain"), Some("automation" | "script"));
    let user = text("context_user_id").map(str::to_owned);
    let cause = if by_automation {
        EventCause::Automation
    } else if user.is_some() {
        EventCause::User
    } else {
        EventCause::Device
    };
    Some((
        (entity_id, to_micros(when)),
        (cause, user.filter(|_| cause == EventCause::User)),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logbook_entries_name_the_cause() {
        let user = json!({"when": 1_700_000_000.25, "entity_id": "light.a", "context_user_id": "u1",
                          "context_event_type": "call_service", "context_domain": "light"});
        let auto = json!({"when": "2026-11-24T06:20:08.679670+00:00", "entity_id": "light.b",
                          "context_event_type": "automation_triggered", "context_domain": "automation"});
        let device = json!({"when": 1_700_000_001.0, "entity_id": "sensor.t"});
        assert_eq!(
            logbook_cause(&user).unwrap().1,
            (EventCause::User, Some("u1".into()))
        );
        assert_eq!(
            logbook_cause(&auto).unwrap().1,
            (EventCause::Automation, None)
        );
        assert_eq!(
            logbook_cause(&device).unwrap().1,
            (EventCause::Device, None)
        );
        assert_eq!(
            logbook_cause(&user).unwrap().0,
            ("light.a".to_owned(), 1_700_000_000_250_000)
        );
    }
}
