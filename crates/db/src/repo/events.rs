use diesel::prelude::*;
use homeai_domain::event::StateChange;
use serde::Serialize;

use crate::models::NewEventRow;
use crate::schema::events::dsl as e;
use crate::{DbError, to_micros};

/// Where a batch of events came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventSource {
    Ha,
    Backfill,
    Import,
    Synthetic,
}

impl EventSource {
    fn as_str(self) -> &'static str {
        match self {
            EventSource::Ha => "ha",
            EventSource::Backfill => "backfill",
            EventSource::Import => "import",
            EventSource::Synthetic => "synthetic",
        }
    }
}

/// What storing a batch did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct InsertReport {
    pub inserted: usize,
    /// Events already stored (same entity and time), skipped: re-ingest is idempotent.
    pub duplicates: usize,
}

/// Stores a batch; call inside an IMMEDIATE transaction so the batch is all-or-nothing.
pub fn insert_batch(
    conn: &mut SqliteConnection,
    batch: &[StateChange],
    source: EventSource,
) -> Result<InsertReport, DbError> {
    let mut report = InsertReport::default();
    for change in batch {
        let row = NewEventRow {
            entity_id: change.entity_id.as_str(),
            domain: change.entity_id.domain(),
            old_state: change.old_state.as_deref(),
            new_state: change.new_state.as_deref(),
            attributes_only: change.attributes_only,
            attributes: if change.attributes.is_null() {
                "{}".to_owned()
            } else {
                change.attributes.to_string()
            },
            cause: change.cause.as_str(),
            context_id: &change.context_id,
            user_id: change.user_id.as_deref(),
            parent_id: change.parent_id.as_deref(),
            time_fired_us: to_micros(change.time_fired),
            source: source.as_str(),
        };
        let n = diesel::insert_into(e::events)
            .values(&row)
            .on_conflict_do_nothing()
            .execute(conn)?;
        if n == 1 {
            report.inserted += 1;
        } else {
            report.duplicates += 1;
        }
    }
    Ok(report)
}

pub fn count(conn: &mut SqliteConnection) -> Result<i64, DbError> {
    Ok(e::events.count().get_result(conn)?)
}
