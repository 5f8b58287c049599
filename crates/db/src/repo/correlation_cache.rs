//! The SQLite tier of the correlation cache.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::DbError;
use crate::schema::correlation_cache::dsl as c;

/// A live (unexpired) value, or `None`. An expired row is deleted on the way.
pub fn get(
    conn: &mut SqliteConnection,
    kind: &str,
    key: &str,
    now: NaiveDateTime,
) -> Result<Option<(String, NaiveDateTime)>, DbError> {
    let row = c::correlation_cache
        .filter(c::kind.eq(kind))
        .filter(c::cache_key.eq(key))
        .select((c::value, c::expires_at))
        .first::<(String, NaiveDateTime)>(conn)
        .optional()?;
    match row {
        Some((_, expires)) if expires <= now => {
            diesel::delete(
                c::correlation_cache
                    .filter(c::kind.eq(kind))
                    .filter(c::cache_key.eq(key)),
            )
            .execute(conn)?;
            Ok(None)
        }
        other => Ok(other),
    }
}

pub fn put(
    conn: &mut SqliteConnection,
    kind: &str,
    key: &str,
    value: &str,
    expires_at: NaiveDateTime,
) -> Result<(), DbError> {
    diesel::replace_into(c::correlation_cache)
        .values((
            c::kind.eq(kind),
            c::cache_key.eq(key),
            c::value.eq(value),
            c::expires_at.eq(expires_at),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn delete(conn: &mut SqliteConnection, kind: &str, key: &str) -> Result<bool, DbError> {
    Ok(diesel::delete(
        c::correlation_cache
            .filter(c::kind.eq(kind))
            .filter(c::cache_key.eq(key)),
    )
    .execute(conn)?
        > 0)
}

/// Removes every expired row; returns how many.
pub fn clear_expired(conn: &mut SqliteConnection, now: NaiveDateTime) -> Result<usize, DbError> {
    Ok(diesel::delete(c::correlation_cache.filter(c::expires_at.le(now))).execute(conn)?)
}

pub fn count(conn: &mut SqliteConnection) -> Result<i64, DbError> {
    Ok(c::correlation_cache.count().get_result(conn)?)
}
