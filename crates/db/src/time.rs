use chrono::{DateTime, Utc};

/// Event times are stored as integer microseconds since the Unix epoch (UTC).
pub fn to_micros(t: DateTime<Utc>) -> i64 {
    t.timestamp_micros()
}

pub fn from_micros(us: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_micros(us).unwrap_or_default()
}
