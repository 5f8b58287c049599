//! A home's rhythm from its events: hourly activity counts in local time, and the features the
//! home-type classifier reads. Sensor readings (`sensor.*`) are not activity.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc, Weekday};
use chrono_tz::Tz;

/// Features of a home, in this order: 24 hourly shares of activity, weekend share, quiet-day
/// share, log events per day, distinct devices.
pub const HOME_FEATURES: usize = 28;

/// Is this change activity (a device used), not a reading?
pub fn is_activity(entity_id: &str) -> bool {
    !entity_id.starts_with("sensor.")
}

/// Activity per local hour: `(local hour start, count)`, every hour from the first event's day
/// to the last's, zeros included.
pub fn hourly_counts(events: &[(&str, DateTime<Utc>)], tz: Tz) -> Vec<(DateTime<Tz>, f32)> {
    let mut counts: BTreeMap<DateTime<Tz>, f32> = BTreeMap::new();
    for (id, at) in events {
        if !is_activity(id) {
            continue;
        }
        let local = at.with_timezone(&tz);
        let Some(hour) = local
            .with_minute(0)
            .and_then(|t| t.with_second(0))
            .and_then(|t| t.with_nanosecond(0))
        else {
            continue;
        };
        *counts.entry(hour).or_insert(0.0) += 1.0;
    }
    let (Some(first), Some(last)) = (
        counts.keys().next().copied(),
        counts.keys().next_back().copied(),
    ) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut t = first
        .date_naive()
        .and_hms_opt(0, 0, 0)
        .and_then(|d| d.and_local_timezone(tz).earliest());
    let end = last.date_naive() + chrono::Duration::days(1);
    while let Some(h) = t {
        if h.date_naive() >= end {
            break;
        }
        out.push((h, counts.get(&h).copied().unwrap_or(0.0)));
        t = Some(h + chrono::Duration::hours(1));
    }
    out
}

fn weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The classifier's features of a home (see [`HOME_FEATURES`]).
pub fn home_features(events: &[(&str, DateTime<Utc>)], tz: Tz) -> Vec<f32> {
    let hours = hourly_counts(events, tz);
    let mut by_hour = [0.0f32; 24];
    let mut days: BTreeMap<NaiveDate, f32> = BTreeMap::new();
    for (h, n) in &hours {
        by_hour[h.hour() as usize] += n;
        *days.entry(h.date_naive()).or_insert(0.0) += n;
    }
    let total: f32 = by_hour.iter().sum::<f32>().max(1.0);
    let mut f: Vec<f32> = by_hour.iter().map(|n| n / total).collect();
    let rate = |we: bool| {
        let d: Vec<f32> = days
            .iter()
            .filter(|(d, _)| weekend(**d) == we)
            .map(|(_, n)| *n)
            .collect();
        if d.is_empty() {
            0.0
        } else {
            d.iter().sum::<f32>() / d.len() as f32
        }
    };
    let (we, wd) = (rate(true), rate(false));
    f.push(if we + wd > 0.0 { we / (we + wd) } else { 0.5 });
    let n_days = days.len().max(1) as f32;
    f.push(days.values().filter(|n| **n < 8.0).count() as f32 / n_days);
    f.push((total / n_days).ln_1p() / 5.0);
    let devices: HashSet<&str> = events
        .iter()
        .map(|(id, _)| *id)
        .filter(|id| is_activity(id))
        .collect();
    f.push(devices.len() as f32 / 20.0);
    f
}
