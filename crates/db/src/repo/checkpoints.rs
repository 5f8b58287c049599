//! Ingest checkpoints: the time of the last event known to be stored with nothing missing
//! before it, per source.

use diesel::prelude::*;

use crate::DbError;
use crate::schema::ingest_checkpoints::dsl as c;

pub fn get(conn: &mut SqliteConnection, source: &str) -> Result<Option<i64>, DbError> {
    Ok(c::ingest_checkpoints
        .find(source)
        .select(c::last_event_us)
        .first(conn)
        .optional()?)
}

/// Moves the checkpoint forward to `event_us` (never backwards). Call in the transaction that
/// stored the events up to it.
pub fn advance(conn: &mut SqliteConnection, source: &str, event_us: i64) -> Result<i64, DbError> {
    let current = get(conn, source)?;
    let next = current.map_or(event_us, |cur| cur.max(event_us));
    diesel::replace_into(c::ingest_checkpoints)
        .values((
            c::source.eq(source),
            c::last_event_us.eq(next),
            c::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)?;
    Ok(next)
}
