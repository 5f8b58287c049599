//! Writing batches of events: one IMMEDIATE transaction per batch, which also moves the
//! checkpoint and the entities' last states, so rows and watermark never disagree.

use std::collections::BTreeMap;

use homeai_db::repo::events::{EventSource, InsertReport};
use homeai_db::repo::{checkpoints, events, registry};
use homeai_db::{Db, DbError, to_micros};
use homeai_domain::event::StateChange;

/// Where the checkpoint of Home Assistant's live stream is kept.
pub const HA_SOURCE: &str = "ha";

/// Stores `batch`; with `checkpoint`, moves that source's checkpoint to the batch's newest event.
pub async fn write_batch(
    db: &Db,
    batch: Vec<StateChange>,
    source: EventSource,
    checkpoint: Option<&'static str>,
) -> Result<InsertReport, DbError> {
    if batch.is_empty() {
        return Ok(InsertReport::default());
    }
    db.write(move |conn| {
        let report = events::insert_batch(conn, &batch, source)?;
        // only live sources say what an entity's state is now (an import may be months old)
        let live = matches!(source, EventSource::Ha | EventSource::Statestream);
        let mut latest: BTreeMap<String, (i64, Option<String>)> = BTreeMap::new();
        for change in batch.iter().filter(|c| live && !c.attributes_only) {
            let at = to_micros(change.time_fired);
            let entry = latest
                .entry(change.entity_id.as_str().to_owned())
                .or_insert((at, None));
            if at >= entry.0 {
                *entry = (at, change.new_state.clone());
            }
        }
        let latest: Vec<(String, Option<String>)> =
            latest.into_iter().map(|(k, (_, s))| (k, s)).collect();
        registry::update_states(conn, &latest)?;
        if let Some(source) = checkpoint
            && let Some(newest) = batch.iter().map(|c| to_micros(c.time_fired)).max()
        {
            checkpoints::advance(conn, source, newest)?;
        }
        Ok(report)
    })
    .await
}
