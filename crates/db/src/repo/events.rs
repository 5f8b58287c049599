//! The event history: batched idempotent inserts, filtered listing, per-entity last state.

use std::collections::HashMap;

use diesel::prelude::*;
use homeai_domain::event::{StateChange, StoredEvent};
use homeai_domain::ha::EntityId;
use serde::Serialize;

use super::Page;
use crate::schema::events::dsl as e;
use crate::schema::ha_entities;
use crate::{DbError, from_micros, to_micros};

/// Where a batch of events came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventSource {
    Ha,
    Backfill,
    Import,
    Statestream,
    Synthetic,
}

impl EventSource {
    pub fn as_str(self) -> &'static str {
        match self {
            EventSource::Ha => "ha",
            EventSource::Backfill => "backfill",
            EventSource::Import => "import",
            EventSource::Statestream => "statestream",
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

/// Rows per multi-row INSERT: 12 bound values each, far below SQLite's variable limit.
const ROWS_PER_STATEMENT: usize = 64;
const COLUMNS: &str = "entity_id, domain, old_state, new_state, attributes_only, attributes, cause, \
                       context_id, user_id, parent_id, time_fired_us, source";

/// Stores a batch, skipping events already stored (same entity and time); call inside an
/// IMMEDIATE transaction so the batch is all-or-nothing. Rows go in multi-row
/// `INSERT OR IGNORE` statements (diesel's batch insert cannot skip conflicts on SQLite), which
/// is what lets ingest keep up with tens of thousands of events a second.
pub fn insert_batch(
    conn: &mut SqliteConnection,
    batch: &[StateChange],
    source: EventSource,
) -> Result<InsertReport, DbError> {
    use diesel::sql_types::{BigInt, Bool, Nullable, Text};

    let mut report = InsertReport::default();
    for chunk in batch.chunks(ROWS_PER_STATEMENT) {
        let placeholders = vec!["(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"; chunk.len()].join(", ");
        let mut query = diesel::sql_query(format!(
            "INSERT OR IGNORE INTO events ({COLUMNS}) VALUES {placeholders}"
        ))
        .into_boxed::<diesel::sqlite::Sqlite>();
        for change in chunk {
            let attributes = match &change.attributes {
                serde_json::Value::Object(map) if !map.is_empty() => change.attributes.to_string(),
                _ => "{}".to_owned(),
            };
            query = query
                .bind::<Text, _>(change.entity_id.as_str().to_owned())
                .bind::<Text, _>(change.entity_id.domain().to_owned())
                .bind::<Nullable<Text>, _>(change.old_state.clone())
                .bind::<Nullable<Text>, _>(change.new_state.clone())
                .bind::<Bool, _>(change.attributes_only)
                .bind::<Text, _>(attributes)
                .bind::<Text, _>(change.cause.as_str())
                .bind::<Text, _>(change.context_id.clone())
                .bind::<Nullable<Text>, _>(change.user_id.clone())
                .bind::<Nullable<Text>, _>(change.parent_id.clone())
                .bind::<BigInt, _>(to_micros(change.time_fired))
                .bind::<Text, _>(source.as_str());
        }
        let inserted = query.execute(conn)?;
        report.inserted += inserted;
        report.duplicates += chunk.len() - inserted;
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

/// The newest event time, if any.
pub fn newest_us(conn: &mut SqliteConnection) -> Result<Option<i64>, DbError> {
    Ok(e::events
        .select(diesel::dsl::max(e::time_fired_us))
        .first(conn)?)
}

/// Streams the events of `[since_us, until_us)` in time order to `each`, row by row (constant
/// memory), with what the detectors need: no attributes, no context ids.
pub fn for_each_in_window(
    conn: &mut SqliteConnection,
    since_us: i64,
    until_us: i64,
    mut each: impl FnMut(StateChange),
) -> Result<usize, DbError> {
    let rows = e::events
        .filter(e::time_fired_us.ge(since_us))
        .filter(e::time_fired_us.lt(until_us))
        .select((
            e::entity_id,
            e::old_state,
            e::new_state,
            e::attributes_only,
            e::cause,
            e::time_fired_us,
        ))
        .order((e::time_fired_us.asc(), e::id.asc()))
        .load_iter::<DetectorRow, diesel::connection::DefaultLoadingMode>(conn)?;
    let mut n = 0;
    for row in rows {
        each(detector_change(row?)?);
        n += 1;
    }
    Ok(n)
}

/// What the detectors read of an event: entity, old and new state, attributes only, cause, time.
type DetectorRow = (String, Option<String>, Option<String>, bool, String, i64);

/// The events of some entities in `[since_us, until_us)`, in time order, as the detectors read
/// them (no attributes or contexts).
pub fn of_entities(
    conn: &mut SqliteConnection,
    entity_ids: &[String],
    since_us: i64,
    until_us: i64,
) -> Result<Vec<StateChange>, DbError> {
    let rows: Vec<DetectorRow> = e::events
        .filter(e::entity_id.eq_any(entity_ids))
        .filter(e::time_fired_us.ge(since_us))
        .filter(e::time_fired_us.lt(until_us))
        .select((
            e::entity_id,
            e::old_state,
            e::new_state,
            e::attributes_only,
            e::cause,
            e::time_fired_us,
        ))
        .order((e::time_fired_us.asc(), e::id.asc()))
        .load(conn)?;
    rows.into_iter().map(detector_change).collect()
}

/// A change as the detectors read it: no attributes, no context ids.
fn detector_change(row: DetectorRow) -> Result<StateChange, DbError> {
    let (entity_id, old_state, new_state, attributes_only, cause, time_fired_us) = row;
    Ok(StateChange {
        entity_id: EntityId::parse(&entity_id)?,
        old_state,
        new_state,
        attributes_only,
        attributes: serde_json::Value::Null,
        cause: cause.parse()?,
        context_id: String::new(),
        user_id: None,
        parent_id: None,
        time_fired: from_micros(time_fired_us),
    })
}
