//! The event history: batched idempotent inserts, filtered listing, per-entity last state.

use std::collections::HashMap;

use diesel::prelude::*;
use homeai_domain::event::{StateChange, StoredEvent};
use homeai_domain::ha::EntityId;
use serde::Serialize;

use super::Page;
use crate::models::NewEventRow;
use crate::schema::events::dsl as e;
use crate::schema::ha_entities;
use crate::{DbError, from_micros, to_micros};

/// Where a batch of events came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventSource {
    Ha,
    Backfill,
    Import,
    Synthetic,
}

impl EventSource {
    pub fn as_str(self) -> &'static str {
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

impl InsertReport {
    pub fn add(&mut self, other: InsertReport) {
        self.inserted += other.inserted;
        self.duplicates += other.duplicates;
    }
}

/// Stores a batch, skipping events already stored; call inside an IMMEDIATE transaction so the
/// batch is all-or-nothing. One prepared `INSERT OR IGNORE` (diesel caches it) runs per row.
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
            attributes: match &change.attributes {
                serde_json::Value::Object(map) if !map.is_empty() => change.attributes.to_string(),
                _ => "{}".to_owned(),
            },
            cause: change.cause.as_str(),
            context_id: &change.context_id,
            user_id: change.user_id.as_deref(),
            parent_id: change.parent_id.as_deref(),
            time_fired_us: to_micros(change.time_fired),
            source: source.as_str(),
        };
        if diesel::insert_or_ignore_into(e::events)
            .values(&row)
            .execute(conn)?
            == 1
        {
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

/// Filters of the event listing; all optional, combined with AND.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    pub entity_id: Option<String>,
    pub domain: Option<String>,
    pub area_id: Option<String>,
    pub cause: Option<String>,
    pub since_us: Option<i64>,
    pub until_us: Option<i64>,
    pub limit: i64,
    pub offset: i64,
}

#[derive(Queryable)]
struct EventRow {
    id: i64,
    entity_id: String,
    old_state: Option<String>,
    new_state: Option<String>,
    attributes_only: bool,
    attributes: String,
    cause: String,
    context_id: String,
    user_id: Option<String>,
    parent_id: Option<String>,
    time_fired_us: i64,
    source: String,
}

impl TryFrom<EventRow> for StoredEvent {
    type Error = DbError;
    fn try_from(r: EventRow) -> Result<Self, DbError> {
        Ok(StoredEvent {
            id: r.id,
            change: StateChange {
                entity_id: EntityId::parse(&r.entity_id)?,
                old_state: r.old_state,
                new_state: r.new_state,
                attributes_only: r.attributes_only,
                attributes: serde_json::from_str(&r.attributes)?,
                cause: r.cause.parse()?,
                context_id: r.context_id,
                user_id: r.user_id,
                parent_id: r.parent_id,
                time_fired: from_micros(r.time_fired_us),
            },
            source: r.source,
        })
    }
}

/// Oldest first within the page (time order), as the detectors and a person reading expect.
pub fn list(conn: &mut SqliteConnection, f: &EventFilter) -> Result<Page<StoredEvent>, DbError> {
    let boxed = || {
        let mut q = e::events.into_boxed();
        if let Some(v) = &f.entity_id {
            q = q.filter(e::entity_id.eq(v.clone()));
        }
        if let Some(v) = &f.domain {
            q = q.filter(e::domain.eq(v.clone()));
        }
        if let Some(v) = &f.cause {
            q = q.filter(e::cause.eq(v.clone()));
        }
        if let Some(v) = f.since_us {
            q = q.filter(e::time_fired_us.ge(v));
        }
        if let Some(v) = f.until_us {
            q = q.filter(e::time_fired_us.lt(v));
        }
        if let Some(area) = &f.area_id {
            let in_area = ha_entities::table
                .filter(ha_entities::area_id.eq(area.clone()))
                .select(ha_entities::entity_id);
            q = q.filter(e::entity_id.eq_any(in_area));
        }
        q
    };
    let total = boxed().count().get_result(conn)?;
    let rows: Vec<EventRow> = boxed()
        .select((
            e::id,
            e::entity_id,
            e::old_state,
            e::new_state,
            e::attributes_only,
            e::attributes,
            e::cause,
            e::context_id,
            e::user_id,
            e::parent_id,
            e::time_fired_us,
            e::source,
        ))
        .order((e::time_fired_us.asc(), e::id.asc()))
        .limit(f.limit)
        .offset(f.offset)
        .load(conn)?;
    let items = rows
        .into_iter()
        .map(StoredEvent::try_from)
        .collect::<Result<_, _>>()?;
    Ok(Page {
        items,
        total,
        limit: f.limit,
        offset: f.offset,
    })
}

/// The newest stored state of each of `entity_ids` before `before_us` (backfill and import use it
/// as the `old_state` of the first change they add).
pub fn last_states(
    conn: &mut SqliteConnection,
    entity_ids: &[String],
    before_us: i64,
) -> Result<HashMap<String, Option<String>>, DbError> {
    let mut out = HashMap::new();
    for id in entity_ids {
        let state: Option<Option<String>> = e::events
            .filter(e::entity_id.eq(id))
            .filter(e::time_fired_us.lt(before_us))
            .filter(e::attributes_only.eq(false))
            .order(e::time_fired_us.desc())
            .select(e::new_state)
            .first(conn)
            .optional()?;
        if let Some(s) = state {
            out.insert(id.clone(), s);
        }
    }
    Ok(out)
}

/// Every stored (entity, time) key in a time range, for comparisons with HA's own history.
pub fn keys_between(
    conn: &mut SqliteConnection,
    since_us: i64,
    until_us: i64,
) -> Result<Vec<(String, i64)>, DbError> {
    Ok(e::events
        .filter(e::time_fired_us.ge(since_us))
        .filter(e::time_fired_us.lt(until_us))
        .select((e::entity_id, e::time_fired_us))
        .order((e::entity_id.asc(), e::time_fired_us.asc()))
        .load(conn)?)
}
